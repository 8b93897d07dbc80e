package graph

import (
	"context"
	"encoding/json"

	"github.com/storegraph/storegraph/graph/graphmodel"
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/returns"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/swaps"
)

func returnItems(in []graphmodel.ReturnItemInput) []returns.ItemInput {
	out := make([]returns.ItemInput, len(in))
	for i, it := range in {
		out[i] = returns.ItemInput{ItemID: it.ItemID, Quantity: int64(it.Quantity), ReasonID: it.ReasonID, Note: it.Note}
	}
	return out
}

func returnInput(in graphmodel.CreateReturnInput) returns.CreateInput {
	out := returns.CreateInput{OrderID: in.OrderID, Items: returnItems(in.Items)}
	if in.ReturnShipping != nil {
		out.ShippingOptionID = &in.ReturnShipping.OptionID
	}
	return out
}

func swapInput(in graphmodel.CreateSwapInput) swaps.CreateInput {
	out := swaps.CreateInput{OrderID: in.OrderID, ReturnItems: returnItems(in.ReturnItems), ReturnShippingOption: in.ReturnShippingOption}
	for _, it := range in.AdditionalItems {
		out.AdditionalItems = append(out.AdditionalItems, swaps.AdditionalItem{VariantID: it.VariantID, Quantity: int64(it.Quantity)})
	}
	return out
}

func fulfillmentInput(in graphmodel.CreateOrderFulfillmentInput) orders.FulfillmentInput {
	out := orders.FulfillmentInput{NoNotification: in.NoNotification, Metadata: in.Metadata}
	for _, it := range in.Items {
		out.Items = append(out.Items, orders.FulfillmentItem{ItemID: it.ItemID, Quantity: int64(it.Quantity)})
	}
	return out
}

// orderPayload reads an order after a merchant operation committed.
func (r *Resolver) orderPayload(ctx context.Context, orderID string) (*graphmodel.OrderPayload, error) {
	loaders.Reset(ctx)
	o, err := r.Orders.Get(ctx, orderID)
	if err != nil {
		return nil, err
	}
	return &graphmodel.OrderPayload{Order: o}, nil
}

// lineViews lists lines of any orders and carts with their totals when asked
// for: an order's line from its order's totals, any other from its cart's
// (each computed once per request).
func lineViews(ctx context.Context, items []storage.ItemRow) ([]cart.ItemView, error) {
	out := make([]cart.ItemView, len(items))
	for i, it := range items {
		out[i] = cart.ItemView{ItemRow: it}
	}
	if len(items) == 0 || !selects(ctx, itemTotalFields) {
		return out, nil
	}
	for i := range out {
		v := &out[i]
		switch {
		case v.OrderID != nil:
			t, st, err := orders.TotalsOf(ctx, *v.OrderID)
			if err != nil {
				return nil, err
			}
			for j, it := range st.Items {
				if it.ID == v.ID {
					v.Totals, v.RefundableAmount = &t.Items[j].LineItemTotals, &t.Items[j].Refundable
				}
			}
		case v.CartID != nil:
			t, st, err := cart.TotalsOf(ctx, *v.CartID, false)
			if err != nil {
				return nil, err
			}
			for j, it := range st.Items {
				if it.ID == v.ID {
					v.Totals = &t.Items[j]
				}
			}
		}
	}
	return out, nil
}

// methodViews lists shipping methods of any carts and returns with their
// totals when asked for: a cart's method from its cart's totals, a
// return's from its own tax lines.
func methodViews(ctx context.Context, methods []storage.MethodRow) ([]cart.MethodView, error) {
	out := make([]cart.MethodView, len(methods))
	for i, m := range methods {
		out[i] = cart.MethodView{MethodRow: m}
	}
	if len(methods) == 0 || !selects(ctx, methodTotalFields) {
		return out, nil
	}
	for i := range out {
		v := &out[i]
		switch {
		case v.OrderID != nil:
			t, st, err := orders.TotalsOf(ctx, *v.OrderID)
			if err != nil {
				return nil, err
			}
			for j, m := range st.Methods {
				if m.ID == v.ID {
					v.Totals = &t.ShippingMethods[j]
				}
			}
		case v.CartID != nil:
			t, st, err := cart.TotalsOf(ctx, *v.CartID, false)
			if err != nil {
				return nil, err
			}
			for j, m := range st.Methods {
				if m.ID == v.ID {
					v.Totals = &t.ShippingMethods[j]
				}
			}
		default:
			t, err := returns.MethodTotals(ctx, &v.MethodRow)
			if err != nil {
				return nil, err
			}
			v.Totals = &t
		}
	}
	return out, nil
}

// trackingNumbers reads a fulfillment's tracking_numbers (a JSON array).
func trackingNumbers(raw model.RawJSON) ([]string, error) {
	out := []string{}
	if len(raw) == 0 {
		return out, nil
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, errs.Wrap(err, "tracking numbers")
	}
	return out, nil
}

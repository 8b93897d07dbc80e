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
	"github.com/storegraph/storegraph/internal/totals"
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

// lineOwner is whose totals a line or shipping method listed by lineViews
// or methodViews takes: its order's, else its cart's; a return's method
// takes its own, computed from its tax lines (id is then the method's).
type lineOwner struct {
	kind ownerKind
	id   string
}

type ownerKind int

const (
	ownedByNone ownerKind = iota
	ownedByOrder
	ownedByCart
	ownedBySelf
)

func ownerOf(orderID, cartID *string) lineOwner {
	switch {
	case orderID != nil:
		return lineOwner{ownedByOrder, *orderID}
	case cartID != nil:
		return lineOwner{ownedByCart, *cartID}
	}
	return lineOwner{}
}

// byOwner lists rows of several owners: each owner's rows go through list
// together, owners in the order they first appear (so the first error is
// the one a row by row listing meets first), and the views come back in
// the rows' order.
func byOwner[R, V any](rows []R, owner func(R) lineOwner, list func(lineOwner, []R) ([]V, error)) ([]V, error) {
	var owners []lineOwner
	at := map[lineOwner][]int{}
	for i, r := range rows {
		o := owner(r)
		if _, ok := at[o]; !ok {
			owners = append(owners, o)
		}
		at[o] = append(at[o], i)
	}
	out := make([]V, len(rows))
	for _, o := range owners {
		group := make([]R, len(at[o]))
		for j, i := range at[o] {
			group[j] = rows[i]
		}
		listed, err := list(o, group)
		if err != nil {
			return nil, err
		}
		for j, i := range at[o] {
			out[i] = listed[j]
		}
	}
	return out, nil
}

// lineViews lists lines of any orders and carts with their totals when asked
// for: an order's line from its order's totals, any other from its cart's
// (each computed once per request).
func lineViews(ctx context.Context, items []storage.ItemRow) ([]cart.ItemView, error) {
	return byOwner(items, func(it storage.ItemRow) lineOwner { return ownerOf(it.OrderID, it.CartID) },
		func(o lineOwner, items []storage.ItemRow) ([]cart.ItemView, error) {
			switch o.kind {
			case ownedByOrder:
				return orderItemViews(ctx, o.id, items)
			case ownedByCart:
				return cartLines(ctx, o.id, false, items)
			}
			return views(items, itemView), nil
		})
}

// methodViews lists shipping methods of any carts and returns with their
// totals when asked for: a cart's method from its cart's totals, a
// return's from its own tax lines.
func methodViews(ctx context.Context, methods []storage.MethodRow) ([]cart.MethodView, error) {
	owner := func(m storage.MethodRow) lineOwner {
		if o := ownerOf(m.OrderID, m.CartID); o.kind != ownedByNone {
			return o
		}
		return lineOwner{ownedBySelf, m.ID}
	}
	return byOwner(methods, owner, func(o lineOwner, methods []storage.MethodRow) ([]cart.MethodView, error) {
		switch o.kind {
		case ownedByOrder:
			return orderMethodViews(ctx, o.id, methods)
		case ownedByCart:
			return cartMethods(ctx, o.id, false, methods)
		}
		return attachTotals(ctx, methods, methodTotalFields, methodView,
			func() (map[string]*totals.ShippingMethodTotals, error) {
				byID := make(map[string]*totals.ShippingMethodTotals, len(methods))
				for i := range methods {
					t, err := returns.MethodTotals(ctx, &methods[i])
					if err != nil {
						return nil, err
					}
					byID[methods[i].ID] = &t
				}
				return byID, nil
			},
			methodID, setMethodTotals)
	})
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

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

// lineItem reads any line item (of an order, a cart or a swap).
func lineItem(ctx context.Context, id string) (*cart.ItemView, error) {
	it, err := loaders.For(ctx).LineItem.Load(ctx, id)
	if err != nil || it == nil {
		return nil, err
	}
	return &cart.ItemView{ItemRow: *it}, nil
}

func itemViews(items []storage.ItemRow) []cart.ItemView {
	out := make([]cart.ItemView, len(items))
	for i, it := range items {
		out[i] = cart.ItemView{ItemRow: it}
	}
	return out
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

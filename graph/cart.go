package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/storegraph/storegraph/graph/graphmodel"
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/checkout"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/request"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

type totalsOfCart = totals.CartTotals

func caller(ctx context.Context) cart.Caller {
	info := request.From(ctx)
	return cart.Caller{CustomerID: info.CustomerID, PublishableKey: info.PublishableKey, IP: info.IP, UserAgent: info.UserAgent}
}

// cartPayload reads a cart after a mutation: the loaders are reset so the
// payload shows what the mutation wrote.
func (r *Resolver) cartPayload(ctx context.Context, cartID string, forceTaxes bool) (*graphmodel.CartPayload, error) {
	loaders.Reset(ctx)
	loaders.For(ctx).Cart.Hint(cartID) // a root read: no batching window
	v, err := r.Carts.Get(ctx, cartID)
	if err != nil {
		return nil, err
	}
	v.ForceTaxes = forceTaxes
	return &graphmodel.CartPayload{Cart: v}, nil
}

func cartTotal(ctx context.Context, v *cart.View, field func(totals.CartTotals) int64) (int64, error) {
	t, _, err := cart.TotalsOf(ctx, v.ID, v.ForceTaxes)
	return field(t), err
}

var (
	itemTotalFields   = map[string]bool{"subtotal": true, "discountTotal": true, "taxTotal": true, "total": true, "originalTotal": true, "originalTaxTotal": true, "refundable": true}
	methodTotalFields = map[string]bool{"subtotal": true, "taxTotal": true, "total": true, "originalTotal": true, "originalTaxTotal": true}
)

// selects reports whether the current field's selection asks for any of
// the names: totals are computed only when one is selected.
func selects(ctx context.Context, names map[string]bool) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if names[f.Name] {
			return true
		}
	}
	return false
}

// cartItemViews lists a cart's lines with their totals when asked for:
// one computation of the cart's totals serves every line and field.
func cartItemViews(ctx context.Context, c *cart.View, items []storage.ItemRow) ([]cart.ItemView, error) {
	out := make([]cart.ItemView, len(items))
	for i, it := range items {
		out[i] = cart.ItemView{ItemRow: it, ForceTaxes: c.ForceTaxes}
	}
	if len(items) == 0 || !selects(ctx, itemTotalFields) {
		return out, nil
	}
	t, st, err := cart.TotalsOf(ctx, c.ID, c.ForceTaxes)
	if err != nil {
		return nil, err
	}
	at := make(map[string]int, len(st.Items))
	for i, it := range st.Items {
		at[it.ID] = i
	}
	for i := range out {
		if j, ok := at[out[i].ID]; ok {
			out[i].Totals = &t.Items[j]
		}
	}
	return out, nil
}

func cartMethodViews(ctx context.Context, c *cart.View, methods []storage.MethodRow) ([]cart.MethodView, error) {
	out := make([]cart.MethodView, len(methods))
	for i, m := range methods {
		out[i] = cart.MethodView{MethodRow: m, ForceTaxes: c.ForceTaxes}
	}
	if len(methods) == 0 || !selects(ctx, methodTotalFields) {
		return out, nil
	}
	t, st, err := cart.TotalsOf(ctx, c.ID, c.ForceTaxes)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for j, m := range st.Methods {
			if m.ID == out[i].ID {
				out[i].Totals = &t.ShippingMethods[j]
			}
		}
	}
	return out, nil
}

// orderItemViews lists an order's lines with their totals when asked for.
func orderItemViews(ctx context.Context, orderID string, items []storage.ItemRow) ([]cart.ItemView, error) {
	out := make([]cart.ItemView, len(items))
	for i, it := range items {
		out[i] = cart.ItemView{ItemRow: it}
	}
	if len(items) == 0 || !selects(ctx, itemTotalFields) {
		return out, nil
	}
	t, st, err := orders.TotalsOf(ctx, orderID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for j, it := range st.Items {
			if it.ID == out[i].ID {
				out[i].Totals = &t.Items[j].LineItemTotals
				out[i].RefundableAmount = &t.Items[j].Refundable
			}
		}
	}
	return out, nil
}

func orderMethodViews(ctx context.Context, orderID string, methods []storage.MethodRow) ([]cart.MethodView, error) {
	out := make([]cart.MethodView, len(methods))
	for i, m := range methods {
		out[i] = cart.MethodView{MethodRow: m}
	}
	if len(methods) == 0 || !selects(ctx, methodTotalFields) {
		return out, nil
	}
	t, st, err := orders.TotalsOf(ctx, orderID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for j, m := range st.Methods {
			if m.ID == out[i].ID {
				out[i].Totals = &t.ShippingMethods[j]
			}
		}
	}
	return out, nil
}

func createInput(in *graphmodel.CreateCartInput) cart.CreateInput {
	if in == nil {
		return cart.CreateInput{}
	}
	out := cart.CreateInput{RegionID: in.RegionID, CountryCode: in.CountryCode, Context: in.Context, SalesChannelID: in.SalesChannelID}
	for _, it := range in.Items {
		out.Items = append(out.Items, cart.ItemInput{VariantID: it.VariantID, Quantity: int64(it.Quantity)})
	}
	return out
}

func updateInput(in graphmodel.UpdateCartInput) cart.UpdateInput {
	out := cart.UpdateInput{
		RegionID: in.RegionID, CountryCode: in.CountryCode, Email: in.Email, CustomerID: in.CustomerID,
		Context: in.Context, SalesChannelID: in.SalesChannelID, Metadata: in.Metadata,
		BillingAddress:  addressChange(in.BillingAddress, in.BillingAddressID),
		ShippingAddress: addressChange(in.ShippingAddress, in.ShippingAddressID),
	}
	if codes, ok := in.GiftCards.ValueOK(); ok {
		list := codesOf(codes)
		out.GiftCards = &list
	}
	if codes, ok := in.Discounts.ValueOK(); ok {
		list := codesOf(codes)
		out.Discounts = &list
	}
	return out
}

func codesOf(in []graphmodel.CodeInput) []string {
	out := make([]string, len(in))
	for i, c := range in {
		out[i] = c.Code
	}
	return out
}

func addressChange(obj graphql.Omittable[*graphmodel.AddressInput], id *string) cart.AddressChange {
	if id != nil {
		return cart.AddressChange{Given: true, ID: *id}
	}
	a, given := obj.ValueOK()
	if !given {
		return cart.AddressChange{}
	}
	if a == nil {
		return cart.AddressChange{Given: true, Clear: true}
	}
	return cart.AddressChange{Given: true, Fields: &cart.Address{
		Company: a.Company, FirstName: a.FirstName, LastName: a.LastName, Address1: a.Address1, Address2: a.Address2,
		City: a.City, CountryCode: a.CountryCode, Province: a.Province, PostalCode: a.PostalCode, Phone: a.Phone,
		Metadata: a.Metadata,
	}}
}

func orderTotal(ctx context.Context, o *storage.OrderRow, field func(orders.Totals) int64) (int64, error) {
	t, _, err := orders.TotalsOf(ctx, o.ID)
	return field(t), err
}

// completion answers completeCart from the checkout's result.
func (r *Resolver) completion(ctx context.Context, res *checkout.Result) (*graphmodel.CompleteCartPayload, error) {
	loaders.Reset(ctx)
	out := &graphmodel.CompleteCartPayload{Type: graphmodel.CompletionType(upper(res.Type)), IdempotencyKey: res.IdempotencyKey}
	switch res.Type {
	case "order":
		o, err := r.Orders.Get(ctx, res.OrderID)
		if err != nil {
			return nil, err
		}
		out.Order = o
	case "cart":
		c, err := r.Carts.Get(ctx, res.CartID)
		if err != nil {
			return nil, err
		}
		out.Cart = c
		status := model.PaymentSessionStatus(res.PaymentStatus)
		out.PaymentStatus = &status
	case "swap":
		sw, err := r.Swaps.Get(ctx, res.SwapID)
		if err != nil {
			return nil, err
		}
		out.Swap = sw
	}
	return out, nil
}

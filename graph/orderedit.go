package graph

import (
	"context"

	"github.com/storegraph/storegraph/graph/graphmodel"
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/orderedit"
	"github.com/storegraph/storegraph/internal/paycol"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/request"
	"github.com/storegraph/storegraph/internal/storage"
)

// Helpers of the order edit and payment collection resolvers.

func collectionCaller(ctx context.Context) paycol.Caller {
	info := request.From(ctx)
	return paycol.Caller{CustomerID: info.CustomerID, IP: info.IP, UserAgent: info.UserAgent}
}

// collectionPayload reads a payment collection after a mutation.
func (r *Resolver) collectionPayload(ctx context.Context, id string, err error) (*graphmodel.PaymentCollectionPayload, error) {
	if err != nil {
		return nil, err
	}
	loaders.Reset(ctx)
	pc, err := r.PaymentCollections.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &graphmodel.PaymentCollectionPayload{PaymentCollection: pc}, nil
}

// sessionPayload reads a payment session after a mutation.
func sessionPayload(ctx context.Context, id string, err error) (*graphmodel.PaymentSessionPayload, error) {
	if err != nil {
		return nil, err
	}
	loaders.Reset(ctx)
	ps, err := loaders.For(ctx).PaymentSession.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		return nil, payment.CollectionOfSessionNotFound(id)
	}
	return &graphmodel.PaymentSessionPayload{PaymentSession: ps}, nil
}

func sessionInputs(in []graphmodel.PaymentCollectionSessionInput) []payment.SessionInput {
	out := make([]payment.SessionInput, len(in))
	for i, s := range in {
		out[i] = payment.SessionInput{ProviderID: s.ProviderID, Amount: s.Amount, SessionID: deref(s.SessionID)}
	}
	return out
}

// orderEditPayload reads an order edit after a mutation.
func (r *Resolver) orderEditPayload(ctx context.Context, id string, err error) (*graphmodel.OrderEditPayload, error) {
	if err != nil {
		return nil, err
	}
	loaders.Reset(ctx)
	e, err := r.OrderEdits.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &graphmodel.OrderEditPayload{OrderEdit: e}, nil
}

func editTotal(ctx context.Context, e *model.OrderEdit, field func(orderedit.Totals) int64) (int64, error) {
	t, _, err := orderedit.TotalsOf(ctx, e.ID)
	return field(t), err
}

// lineItem reads a line item for a nested field (an item change's lines),
// with its totals when asked for: its order's, its edit's or its cart's.
// Nil for a null id or a line that no longer exists.
func lineItem(ctx context.Context, id *string) (*cart.ItemView, error) {
	if id == nil {
		return nil, nil
	}
	it, err := loaders.For(ctx).LineItem.Load(ctx, *id)
	if err != nil || it == nil {
		return nil, err
	}
	one := []storage.ItemRow{*it}
	var views []cart.ItemView
	switch {
	case it.OrderID != nil:
		views, err = orderItemViews(ctx, *it.OrderID, one)
	case it.OrderEditID != nil:
		views, err = editItemViews(ctx, *it.OrderEditID, one)
	case it.CartID != nil:
		views, err = cartItemViews(ctx, &cart.View{CartRow: storage.CartRow{Cart: model.Cart{ID: *it.CartID}}}, one)
	default:
		views = []cart.ItemView{{ItemRow: *it}}
	}
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// editItemViews lists an edit's lines with their totals when asked for:
// one computation of the edit's totals serves every line and field.
func editItemViews(ctx context.Context, editID string, items []storage.ItemRow) ([]cart.ItemView, error) {
	out := make([]cart.ItemView, len(items))
	for i, it := range items {
		out[i] = cart.ItemView{ItemRow: it}
	}
	if len(items) == 0 || !selects(ctx, itemTotalFields) {
		return out, nil
	}
	t, listed, err := orderedit.TotalsOf(ctx, editID)
	if err != nil {
		return nil, err
	}
	for i := range out {
		for j, it := range listed {
			if it.ID == out[i].ID {
				out[i].Totals = &t.Items[j].LineItemTotals
			}
		}
	}
	return out, nil
}

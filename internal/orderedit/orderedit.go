// Package orderedit holds Medusa v1's order edits: a merchant edits a copy
// of an order's items (add, change a quantity, remove), asks the customer
// to confirm, and the customer pays any difference through a payment
// collection and completes the edit, which makes the edit's items the
// order's; or declines it and the order stays as it was.
//
// An edit's status is computed from its timestamps, its totals from the
// order with the edit's items in place of its own (OrderEditService
// decorateTotals). Each operation is one transaction with the edit's row
// locked.
package orderedit

import (
	"context"

	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/storage"
)

// AdminActor is who storegraph's admin endpoint acts as: Medusa records
// the user's id in created_by, requested_by and payment collections'
// created_by; the admin endpoint has one token and no users.
const AdminActor = "admin"

// Service runs order edits.
type Service struct {
	DB    *storage.DB
	Carts *cart.Service
}

// NotFound is Medusa's error for an unknown order edit.
func NotFound(id string) *errs.Error {
	return errs.NotFoundf("Order edit with id %s was not found", id)
}

// Status is an edit's status from its timestamps (OrderEdit.loadStatus):
// the last of requested, declined, confirmed, canceled that is set, else
// created.
func Status(e *model.OrderEdit) model.OrderEditStatus {
	status := model.OrderEditStatusCreated
	if e.RequestedAt != nil {
		status = model.OrderEditStatusRequested
	}
	if e.DeclinedAt != nil {
		status = model.OrderEditStatusDeclined
	}
	if e.ConfirmedAt != nil {
		status = model.OrderEditStatusConfirmed
	}
	if e.CanceledAt != nil {
		status = model.OrderEditStatusCanceled
	}
	return status
}

// active reports whether the edit can still change: not confirmed,
// canceled or declined.
func active(e *model.OrderEdit) bool {
	switch Status(e) {
	case model.OrderEditStatusConfirmed, model.OrderEditStatusCanceled, model.OrderEditStatusDeclined:
		return false
	}
	return true
}

// Get reads an order edit (GET /store/order-edits/{id}).
func (s *Service) Get(ctx context.Context, id string) (*model.OrderEdit, error) {
	e, err := loaders.For(ctx).OrderEdit.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, NotFound(id)
	}
	return e, nil
}

// Totals are an edit's totals: the order's, computed with the edit's items,
// and DifferenceDue, what that total is above the order's.
type Totals struct {
	orders.Totals
	DifferenceDue int64
}

// totalsWith computes the totals of an order with an edit's items.
func totalsWith(order *orders.State, items []storage.ItemRow, adjustments map[string][]model.LineItemAdjustment,
	lines map[string][]model.LineItemTaxLine) Totals {
	edited := order.WithItems(items, adjustments, lines).Totals()
	return Totals{Totals: edited, DifferenceDue: edited.Total - order.Totals().Total}
}

// TotalsOf computes an edit's totals once per request, with its items.
func TotalsOf(ctx context.Context, editID string) (Totals, []storage.ItemRow, error) {
	type result struct {
		totals Totals
		items  []storage.ItemRow
	}
	r, err := loaders.Memo(ctx, struct{ orderEdit string }{editID}, func() (*result, error) {
		l := loaders.For(ctx)
		e, err := l.OrderEdit.Load(ctx, editID)
		if err != nil {
			return nil, err
		}
		if e == nil {
			return nil, NotFound(editID)
		}
		_, order, err := orders.TotalsOf(ctx, e.OrderID)
		if err != nil {
			return nil, err
		}
		items, err := l.EditItems.Load(ctx, editID)
		if err != nil {
			return nil, err
		}
		adjustments := map[string][]model.LineItemAdjustment{}
		lines := map[string][]model.LineItemTaxLine{}
		for _, it := range items {
			if adjustments[it.ID], err = l.ItemAdjustments.Load(ctx, it.ID); err != nil {
				return nil, err
			}
			if lines[it.ID], err = l.ItemTaxLines.Load(ctx, it.ID); err != nil {
				return nil, err
			}
		}
		return &result{totalsWith(order, items, adjustments, lines), items}, nil
	})
	if err != nil {
		return Totals{}, nil, err
	}
	return r.totals, r.items, nil
}

// editState is a locked edit with its order, for a mutation.
type editState struct {
	*model.OrderEdit
	Order *orders.State
}

// lockAndLoad locks the edit's row and reads it with its order.
func lockAndLoad(ctx context.Context, tx *storage.Tx, id string) (*editState, error) {
	e, err := storage.LockOrderEdit(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, NotFound(id)
	}
	order, err := orders.Load(ctx, tx, e.OrderID)
	if err != nil {
		return nil, err
	}
	if order == nil {
		return nil, errs.NotFoundf("Order with %s was not found", e.OrderID)
	}
	return &editState{OrderEdit: e, Order: order}, nil
}

// totals computes the edit's totals inside a mutation.
func (st *editState) totals(ctx context.Context, q storage.Q) (Totals, error) {
	items, err := storage.ItemsByOrderEdit(ctx, q, []string{st.ID})
	if err != nil {
		return Totals{}, err
	}
	adjustments, lines, err := orders.ItemDetails(ctx, q, items[st.ID])
	if err != nil {
		return Totals{}, err
	}
	return totalsWith(st.Order, items[st.ID], adjustments, lines), nil
}

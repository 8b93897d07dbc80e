package orderedit

import (
	"context"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// The customer's side of order edits (Medusa's store routes).

// Complete confirms a requested edit (POST /store/order-edits/{id}/complete):
// its payment collection, when it has one, must be authorized, and its
// payments become the order's; the edit's items become the order's items
// (OrderEditService.confirm). Completing a confirmed edit again changes
// nothing. customerID is the logged-in customer, recorded as confirmed_by.
func (s *Service) Complete(ctx context.Context, customerID, editID string) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		e, err := storage.LockOrderEdit(ctx, tx, editID)
		if err != nil {
			return err
		}
		if e == nil {
			return NotFound(editID)
		}
		status := Status(e)
		if e.PaymentCollectionID != nil && (status == model.OrderEditStatusRequested || status == model.OrderEditStatusConfirmed) {
			if err := s.takePayments(ctx, tx, e); err != nil {
				return err
			}
		}
		if status == model.OrderEditStatusConfirmed {
			return nil
		}
		if status != model.OrderEditStatusRequested {
			return errs.NotAllowedf("Cannot complete an order edit with status %s", status)
		}
		return confirm(ctx, tx, e, customerID)
	})
}

// takePayments requires the edit's payment collection to be authorized and
// moves its payments to the order.
func (s *Service) takePayments(ctx context.Context, tx *storage.Tx, e *model.OrderEdit) error {
	pc, err := storage.LockPaymentCollection(ctx, tx, *e.PaymentCollectionID)
	if err != nil || pc == nil {
		return err
	}
	if pc.Status != model.PaymentCollectionStatusAuthorized {
		return errs.NotAllowedf("Unable to complete an order edit if the payment is not authorized")
	}
	payments, err := storage.PaymentsByPaymentCollection(ctx, tx, []string{pc.ID})
	if err != nil {
		return err
	}
	for _, p := range payments[pc.ID] {
		if p.OrderID != nil && *p.OrderID == e.OrderID {
			continue
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE payment SET order_id = ?, updated_at = ? WHERE id = ?`, e.OrderID, tx.Now, p.ID); err != nil {
			return err
		}
	}
	return nil
}

// confirm is OrderEditService.confirm: the order's items leave it and the
// edit's take their place (inventory is left as it is, as Medusa does
// without an inventory module).
func confirm(ctx context.Context, tx *storage.Tx, e *model.OrderEdit, customerID string) error {
	// The order's lock keeps a new edit of the order (which copies its
	// items) from starting halfway through.
	if _, err := storage.LockOrder(ctx, tx, e.OrderID); err != nil {
		return err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET order_id = NULL, updated_at = ? WHERE order_id = ?`, tx.Now, e.OrderID); err != nil {
		return err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET order_id = ?, updated_at = ? WHERE order_edit_id = ?`, e.OrderID, tx.Now, e.ID); err != nil {
		return err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE order_edit SET confirmed_at = ?, confirmed_by = ?, updated_at = ? WHERE id = ?`,
		tx.Now, actor(customerID), tx.Now, e.ID); err != nil {
		return err
	}
	return emit(ctx, tx, events.OrderEditConfirmed, e.ID)
}

// Decline declines a requested edit with an optional reason (POST
// /store/order-edits/{id}/decline); the order stays as it was. Declining a
// declined edit again changes nothing.
func (s *Service) Decline(ctx context.Context, customerID, editID string, reason *string) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		e, err := storage.LockOrderEdit(ctx, tx, editID)
		if err != nil {
			return err
		}
		if e == nil {
			return NotFound(editID)
		}
		switch status := Status(e); status {
		case model.OrderEditStatusDeclined:
			return nil
		case model.OrderEditStatusRequested:
		default:
			return errs.NotAllowedf("Cannot decline an order edit with status %s.", status)
		}
		if _, err = storage.Exec(ctx, tx, `UPDATE order_edit SET declined_at = ?, declined_by = ?, declined_reason = ?, updated_at = ? WHERE id = ?`,
			tx.Now, actor(customerID), reason, tx.Now, e.ID); err != nil {
			return err
		}
		return emit(ctx, tx, events.OrderEditDeclined, e.ID)
	})
}

// actor is the logged-in customer's id, or NULL for a guest.
func actor(customerID string) *string {
	if customerID == "" {
		return nil
	}
	return &customerID
}

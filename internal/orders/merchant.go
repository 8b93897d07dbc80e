package orders

import (
	"context"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Capture captures an order's payments (POST /admin/orders/{id}/capture,
// OrderService.capturePayment): every payment not captured yet is captured
// through its provider; the order's payment status becomes captured when
// all are, requires_action when a provider refused. Capturing a captured
// order changes nothing.
func (s *Service) Capture(ctx context.Context, orderID string) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		st, err := s.lockAndLoad(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if st.Status == model.OrderStatusCanceled {
			return errs.NotAllowedf("A canceled order cannot capture payment")
		}
		allCaptured := true
		for _, p := range st.Payments {
			if p.CapturedAt != nil {
				continue
			}
			provider, err := s.Payments.Provider(p.ProviderID)
			if err != nil {
				return err
			}
			data, err := provider.CapturePayment(ctx, p.Data)
			if err != nil {
				// Medusa tells and goes on with the other payments.
				allCaptured = false
				if err := events.Emit(ctx, tx, events.OrderPaymentCaptureFailed, st.ID, map[string]any{
					"id": st.ID, "payment_id": p.ID, "error": err.Error(), "no_notification": st.NoNotification}); err != nil {
					return err
				}
				continue
			}
			if data == nil {
				data = p.Data
			}
			if _, err := storage.Exec(ctx, tx, `UPDATE payment SET data = ?, captured_at = ?, updated_at = ? WHERE id = ?`,
				model.JSON(data), tx.Now, tx.Now, p.ID); err != nil {
				return err
			}
		}
		status := model.PaymentStatusCaptured
		if !allCaptured {
			status = model.PaymentStatusRequiresAction
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE "order" SET payment_status = ?, updated_at = ? WHERE id = ?`, status, tx.Now, st.ID); err != nil {
			return err
		}
		if status != model.PaymentStatusCaptured {
			return nil
		}
		return events.Emit(ctx, tx, events.OrderPaymentCaptured, st.ID, map[string]any{"id": st.ID, "no_notification": st.NoNotification})
	})
}

// FulfillmentItem is a quantity of an order line to fulfil.
type FulfillmentItem struct {
	ItemID   string
	Quantity int64
}

// FulfillmentInput is POST /admin/orders/{id}/fulfillment's body.
type FulfillmentInput struct {
	Items          []FulfillmentItem
	NoNotification *bool
	Metadata       model.JSON
}

// Fulfill fulfils items of an order (POST /admin/orders/{id}/fulfillment,
// OrderService.createFulfillment with FulfillmentService.createFulfillment):
// one fulfillment per shipping method (items go to the method of their
// product's shipping profile), with the manual provider's empty data; the
// lines' fulfilled quantities grow, and the order is fulfilled when every
// line is, partially fulfilled otherwise. Items that are not lines of the
// order are ignored, as Medusa ignores them.
func (s *Service) Fulfill(ctx context.Context, orderID string, in FulfillmentInput) error {
	for _, it := range in.Items {
		if it.ItemID == "" {
			return errs.InvalidDataf("item_id must be a string")
		}
		if it.Quantity < 0 {
			return errs.InvalidDataf("quantity must not be less than 0")
		}
	}
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		st, err := s.lockAndLoad(ctx, tx, orderID)
		if err != nil {
			return err
		}
		if st.Status == model.OrderStatusCanceled {
			return errs.NotAllowedf("A canceled order cannot be fulfilled")
		}
		if len(st.Methods) == 0 {
			return errs.NotAllowedf("Cannot fulfill an order that lacks shipping methods")
		}
		fulfilled := map[string]int64{}
		var lines []*storage.ItemRow
		for _, it := range in.Items {
			line := st.item(it.ItemID)
			if line == nil {
				continue
			}
			if fulfilled[line.ID]+it.Quantity > line.Quantity-deref(line.FulfilledQuantity) {
				return errs.NotAllowedf("Cannot fulfill more items than have been purchased")
			}
			if _, seen := fulfilled[line.ID]; !seen {
				lines = append(lines, line)
			}
			fulfilled[line.ID] += it.Quantity
		}
		noNotification := st.NoNotification
		if in.NoNotification != nil {
			noNotification = in.NoNotification
		}
		for _, part := range partition(st.Methods, lines) {
			id, err := createFulfillment(ctx, tx, st, part, fulfilled, in)
			if err != nil {
				return err
			}
			if err := events.Emit(ctx, tx, events.OrderFulfillmentCreated, st.ID, map[string]any{
				"id": st.ID, "fulfillment_id": id, "no_notification": noNotification}); err != nil {
				return err
			}
		}
		status := model.FulfillmentStatusFulfilled
		for _, line := range st.Items {
			done := deref(line.FulfilledQuantity) + fulfilled[line.ID]
			if fulfilled[line.ID] > 0 {
				if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET fulfilled_quantity = ?, updated_at = ? WHERE id = ?`,
					done, tx.Now, line.ID); err != nil {
					return err
				}
			}
			if done != line.Quantity {
				status = model.FulfillmentStatusPartiallyFulfilled
			}
		}
		_, err = storage.Exec(ctx, tx, `UPDATE "order" SET fulfillment_status = ?, updated_at = ? WHERE id = ?`, status, tx.Now, st.ID)
		return err
	})
}

// lockAndLoad locks an order and reads it for a merchant operation.
func (s *Service) lockAndLoad(ctx context.Context, tx *storage.Tx, orderID string) (*State, error) {
	if _, err := storage.LockOrder(ctx, tx, orderID); err != nil {
		return nil, err
	}
	st, err := Load(ctx, tx, orderID)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, errs.NotFoundf("Order with %s was not found", orderID)
	}
	return st, nil
}

func (st *State) item(id string) *storage.ItemRow {
	for i := range st.Items {
		if st.Items[i].ID == id {
			return &st.Items[i]
		}
	}
	return nil
}

type fulfillmentPart struct {
	method storage.MethodRow
	items  []*storage.ItemRow
}

// partition gives each shipping method the lines of its shipping profile
// (all of them when the order has one method); a method without lines
// gets no fulfillment.
func partition(methods []storage.MethodRow, lines []*storage.ItemRow) []fulfillmentPart {
	if len(methods) == 1 {
		if len(lines) == 0 {
			return nil
		}
		return []fulfillmentPart{{methods[0], lines}}
	}
	var out []fulfillmentPart
	for _, m := range methods {
		part := fulfillmentPart{method: m}
		for _, line := range lines {
			if line.ProfileID != nil && m.Option != nil && *line.ProfileID == m.Option.ProfileID {
				part.items = append(part.items, line)
			}
		}
		if len(part.items) > 0 {
			out = append(out, part)
		}
	}
	return out
}

func createFulfillment(ctx context.Context, tx *storage.Tx, st *State, part fulfillmentPart, quantities map[string]int64, in FulfillmentInput) (string, error) {
	f := model.Fulfillment{
		ID: ids.New(ids.Fulfillment), OrderID: &st.ID, TrackingNumbers: model.RawJSON("[]"), Data: model.JSON{},
		CreatedAt: tx.Now, UpdatedAt: tx.Now, Metadata: in.Metadata, NoNotification: in.NoNotification,
	}
	if f.Metadata == nil {
		f.Metadata = model.JSON{}
	}
	if part.method.Option != nil {
		f.ProviderID = &part.method.Option.ProviderID
	}
	if err := storage.Insert(ctx, tx, "fulfillment", &f); err != nil {
		return "", err
	}
	for _, line := range part.items {
		row := model.FulfillmentItem{FulfillmentID: f.ID, ItemID: line.ID, Quantity: quantities[line.ID]}
		if err := storage.Insert(ctx, tx, "fulfillment_item", &row); err != nil {
			return "", err
		}
	}
	return f.ID, nil
}

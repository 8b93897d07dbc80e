package checkout

import (
	"context"
	"errors"
	"fmt"

	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/idempotency"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/swaps"
)

// Medusa's recovery points of cart completion (strategies/cart-completion.ts).
const (
	pointStarted           = idempotency.Started
	pointTaxLinesCreated   = "tax_lines_created"
	pointPaymentAuthorized = "payment_authorized"
	pointFinished          = idempotency.Finished
)

// Result is what completing a cart answers.
type Result struct {
	// Type is "order", "cart" (payment pending or requiring more) or "swap".
	Type           string `json:"type"`
	OrderID        string `json:"order_id,omitempty"`
	CartID         string `json:"cart_id,omitempty"`
	SwapID         string `json:"swap_id,omitempty"`
	PaymentStatus  string `json:"payment_status,omitempty"`
	IdempotencyKey string `json:"-"`
}

// Complete completes a cart (POST /store/carts/{id}/complete) with Medusa's
// completion strategy: each stage runs in its own transaction and records
// its recovery point in the idempotency key, so a retry with the same key,
// a second request racing the first, or a request after a crash continues
// where the last stage left off and the order is created exactly once. A
// key is generated when none is given.
func (s *Service) Complete(ctx context.Context, cartID, key string) (*Result, error) {
	ik, err := idempotency.Init(ctx, s.DB, key, idempotency.Request{
		Method: "POST", Path: "/store/carts/" + cartID + "/complete", Params: model.JSON{"id": cartID},
	})
	if err != nil {
		return nil, err
	}
	key = ik.IdempotencyKey
	for range 10 {
		if ik.RecoveryPoint == pointFinished {
			return finishedResult(ik, key)
		}
		point := ik.RecoveryPoint
		ik, err = s.stage(ctx, cartID, key, point)
		if err != nil {
			return nil, s.failed(ctx, cartID, key, point, err)
		}
		if s.AfterStage != nil && ik.RecoveryPoint != point {
			if err := s.AfterStage(ik.RecoveryPoint); err != nil {
				return nil, err
			}
		}
	}
	return nil, errs.E(errs.UnexpectedState, "Unknown recovery point")
}

func finishedResult(ik *model.IdempotencyKey, key string) (*Result, error) {
	var r Result
	if err := idempotency.Response(ik, &r); err != nil {
		return nil, err
	}
	r.IdempotencyKey = key
	return &r, nil
}

// stage runs the stage at point in one transaction and returns the key as
// it is afterwards. A request that finds the key moved on (another request
// ran the stage) just returns it.
func (s *Service) stage(ctx context.Context, cartID, key, point string) (*model.IdempotencyKey, error) {
	var out *model.IdempotencyKey
	var insufficient *errs.Error
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		ik, err := idempotency.Lock(ctx, tx, key)
		if err != nil {
			return err
		}
		out = ik
		if ik.RecoveryPoint != point {
			return nil
		}
		st, err := s.Carts.LockAndLoad(ctx, tx, cartID)
		if err != nil {
			return err
		}
		if st.CompletedAt != nil {
			return s.finishCompleted(ctx, tx, ik, st)
		}
		switch point {
		case pointStarted:
			if err := createTaxLines(ctx, tx, st); err != nil {
				return err
			}
			return advance(ctx, tx, ik, pointTaxLinesCreated)
		case pointTaxLinesCreated:
			return s.authorize(ctx, tx, ik, st)
		case pointPaymentAuthorized:
			place := s.placeOrder
			if st.Type == model.CartTypeSwap {
				place = s.confirmSwap
			}
			err := place(ctx, tx, ik, st)
			if e := (*errs.Error)(nil); errors.As(err, &e) && e.Reason == "insufficient_inventory" {
				insufficient = e
			}
			return err
		default:
			return finish(ctx, tx, ik, 500, idempotency.StoredError{Kind: errs.UnexpectedState, Message: "Unknown recovery point"})
		}
	})
	if insufficient != nil {
		return s.refuseForInventory(ctx, cartID, key, insufficient)
	}
	return out, err
}

func advance(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, point string) error {
	return idempotency.Advance(ctx, tx, ik, point)
}

// finish stores the response of the completion with the key.
func finish(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, code int64, body any) error {
	return idempotency.Finish(ctx, tx, ik, code, body)
}

// finishCompleted answers a completed cart with its order, or with its
// swap for a swap cart.
func (s *Service) finishCompleted(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, st *cart.State) error {
	if st.Type == model.CartTypeSwap {
		sw, err := swaps.ForCart(ctx, tx, st)
		if err != nil {
			return err
		}
		return finish(ctx, tx, ik, 200, Result{Type: "swap", SwapID: sw.ID})
	}
	orders, err := storage.OrdersByCart(ctx, tx, []string{st.ID})
	if err != nil {
		return err
	}
	o := orders[st.ID]
	if o == nil {
		return errs.E(errs.UnexpectedState, "Cart %s is completed but has no order", st.ID)
	}
	return finish(ctx, tx, ik, 200, Result{Type: "order", OrderID: o.ID})
}

// createTaxLines persists the tax lines of the cart's items and shipping
// methods (CartService.createTaxLines), replacing any left by an earlier try.
// Return lines (of swap carts) keep the lines of the items they return.
func createTaxLines(ctx context.Context, tx *storage.Tx, st *cart.State) error {
	if err := deleteTaxLines(ctx, tx, st); err != nil {
		return err
	}
	for _, it := range st.Items {
		if it.IsReturn {
			continue
		}
		it.TaxLines = nil
		for _, line := range st.ItemTaxLines(it, true) {
			code := line.Code
			row := model.LineItemTaxLine{ID: ids.New(ids.LineItemTaxLine), ItemID: it.ID, Rate: model.Rate(line.Rate),
				Name: line.Name, Code: &code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
			if err := storage.Insert(ctx, tx, "line_item_tax_line", &row); err != nil {
				return err
			}
			it.TaxLines = append(it.TaxLines, row)
		}
	}
	for _, m := range st.Methods {
		m.TaxLines = nil
		for _, line := range st.MethodTaxLines(m, true) {
			code := line.Code
			row := model.ShippingMethodTaxLine{ID: ids.New(ids.ShippingMethodTaxLine), ShippingMethodID: m.ID, Rate: model.Rate(line.Rate),
				Name: line.Name, Code: &code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
			if err := storage.Insert(ctx, tx, "shipping_method_tax_line", &row); err != nil {
				return err
			}
			m.TaxLines = append(m.TaxLines, row)
		}
	}
	return nil
}

// deleteTaxLines deletes the tax lines completion created; those of return
// lines are the returned items' own and stay.
func deleteTaxLines(ctx context.Context, tx *storage.Tx, st *cart.State) error {
	var itemIDs, methodIDs []string
	for _, it := range st.Items {
		if !it.IsReturn {
			itemIDs = append(itemIDs, it.ID)
		}
	}
	for _, m := range st.Methods {
		methodIDs = append(methodIDs, m.ID)
	}
	if err := storage.DeleteWhere(ctx, tx, "line_item_tax_line", "item_id", itemIDs); err != nil {
		return err
	}
	return storage.DeleteWhere(ctx, tx, "shipping_method_tax_line", "shipping_method_id", methodIDs)
}

// authorize is the tax_lines_created stage: the selected session is
// authorized and a payment made; a pending session, or one that requires
// more, ends the completion with the cart and the session's status.
func (s *Service) authorize(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, st *cart.State) error {
	if st.PaymentAuthorizedAt != nil {
		// Another completion of this cart authorized it already.
		return advance(ctx, tx, ik, pointPaymentAuthorized)
	}
	total := st.Totals(true).Total
	c, err := s.paymentCart(ctx, tx, st, total)
	if err != nil {
		return err
	}
	plan, err := payment.PlanCartAuthorization(c)
	if err != nil {
		return err
	}
	if plan.Free {
		if _, err := storage.Exec(ctx, tx, `UPDATE cart SET payment_authorized_at = ? WHERE id = ?`, tx.Now, st.ID); err != nil {
			return err
		}
		return advance(ctx, tx, ik, pointPaymentAuthorized)
	}
	authCtx := map[string]any{"idempotency_key": ik.IdempotencyKey, "cart_id": st.ID}
	for k, v := range st.Context {
		authCtx[k] = v
	}
	authorized, err := s.Payments.Authorize(ctx, plan.Session, authCtx, tx.Now)
	if err != nil {
		return err
	}
	if err := saveSessions(ctx, tx, st.ID, payment.Changes{{Op: payment.OpUpdate, Session: authorized}}); err != nil {
		return err
	}
	switch authorized.Status {
	case payment.StatusPending, payment.StatusRequiresMore:
		if err := deleteTaxLines(ctx, tx, st); err != nil {
			return err
		}
		return finish(ctx, tx, ik, 200, Result{Type: "cart", CartID: st.ID, PaymentStatus: string(authorized.Status)})
	case payment.StatusAuthorized:
		p, err := s.Payments.Provider(authorized.ProviderID)
		if err != nil {
			return err
		}
		data, err := p.RetrievePayment(ctx, authorized.Data)
		if err != nil {
			return err
		}
		pay := model.Payment{
			ID: ids.New(ids.Payment), CartID: &st.ID, Amount: total, CurrencyCode: st.Region.CurrencyCode,
			ProviderID: authorized.ProviderID, Data: data, CreatedAt: tx.Now, UpdatedAt: tx.Now,
			IdempotencyKey: &ik.IdempotencyKey,
		}
		if pay.Data == nil {
			pay.Data = model.JSON{}
		}
		if err := storage.Insert(ctx, tx, "payment", &pay); err != nil {
			return err
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE cart SET payment_id = ?, payment_authorized_at = ? WHERE id = ?`, pay.ID, tx.Now, st.ID); err != nil {
			return err
		}
	}
	// Any other status goes on, and the next stage finds no payment.
	return advance(ctx, tx, ik, pointPaymentAuthorized)
}

// refuseForInventory ends a completion whose inventory fell short: the
// payment is canceled, the cart is no longer payment-authorized, and the
// conflict is stored as the key's answer (nothing else changed: the stage
// that tried to reserve rolled back).
func (s *Service) refuseForInventory(ctx context.Context, cartID, key string, refusal *errs.Error) (*model.IdempotencyKey, error) {
	var out *model.IdempotencyKey
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		ik, err := idempotency.Lock(ctx, tx, key)
		if err != nil {
			return err
		}
		out = ik
		if ik.RecoveryPoint != pointPaymentAuthorized {
			return nil
		}
		pay, err := storage.ActivePaymentByCart(ctx, tx, cartID)
		if err != nil {
			return err
		}
		if pay != nil {
			p, err := s.Payments.Provider(pay.ProviderID)
			if err != nil {
				return err
			}
			data, err := p.CancelPayment(ctx, pay.Data)
			if err != nil {
				return err
			}
			if data == nil {
				data = pay.Data
			}
			if _, err := storage.Exec(ctx, tx, `UPDATE payment SET canceled_at = ?, data = ?, updated_at = ? WHERE id = ?`,
				tx.Now, model.JSON(data), tx.Now, pay.ID); err != nil {
				return err
			}
		}
		// The payment goes too (contract deviation 18).
		if _, err := storage.Exec(ctx, tx, `UPDATE cart SET payment_authorized_at = NULL, payment_id = NULL WHERE id = ?`, cartID); err != nil {
			return err
		}
		return finish(ctx, tx, ik, 409, idempotency.StoredError{Kind: refusal.Kind, Message: refusal.Message, Reason: refusal.Reason, Status: 409})
	})
	return out, err
}

// failed cleans up after a stage failed as Medusa does: the cart's tax
// lines go when no order was made. The key returns to "started" so a retry
// creates them again (Medusa leaves it past them, so a retry would make an
// order without tax lines).
func (s *Service) failed(ctx context.Context, cartID, key, point string, cause error) error {
	if point == pointStarted {
		return cause
	}
	_ = s.DB.InTx(ctx, func(tx *storage.Tx) error {
		orders, err := storage.OrdersByCart(ctx, tx, []string{cartID})
		if err != nil || orders[cartID] != nil {
			return err
		}
		st, err := cart.Load(ctx, tx, cartID)
		if err != nil || st == nil || st.CompletedAt != nil {
			return err
		}
		if err := deleteTaxLines(ctx, tx, st); err != nil {
			return err
		}
		_, err = storage.Exec(ctx, tx, `UPDATE idempotency_key SET recovery_point = ? WHERE idempotency_key = ? AND recovery_point <> ?`,
			pointStarted, key, pointFinished)
		return err
	})
	return cause
}

func insufficientInventory(variantID string) *errs.Error {
	e := errs.InsufficientInventory(fmt.Sprintf("Variant with id: %s does not have the required inventory", variantID))
	e.Status = 409
	return e
}

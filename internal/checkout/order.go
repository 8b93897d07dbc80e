package checkout

import (
	"context"
	"crypto/rand"
	"strings"

	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/swaps"
	"github.com/storegraph/storegraph/internal/totals"
)

// OrderPlaced, when set, runs inside the transaction that created an order
// (events, search, ...).
type OrderPlaced func(ctx context.Context, tx *storage.Tx, orderID string) error

// placeOrder is the payment_authorized stage: inventory is reserved, then
// the payment checked, as Medusa orders them (an inventory refusal wins),
// and the order created from the cart (OrderService.createFromCart).
func (s *Service) placeOrder(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, st *cart.State) error {
	if err := reserveInventory(ctx, tx, st); err != nil {
		return err
	}
	t := st.Totals(true)
	if st.Payment == nil && t.Total > 0 {
		return errs.InvalidDataf("Cart payment not authorized")
	}
	orderID, err := s.createFromCart(ctx, tx, st, t)
	if err != nil {
		return err
	}
	return finish(ctx, tx, ik, 200, Result{Type: "order", OrderID: orderID})
}

// reserveInventory takes the cart's quantities off its variants' stock,
// refusing when a variant that manages inventory and allows no backorder
// has too little. The decrement is conditional in SQL, so two carts racing
// for the last unit cannot both have it. Return lines (of swap carts) are
// items coming back, not going out, and are left alone.
func reserveInventory(ctx context.Context, tx *storage.Tx, st *cart.State) error {
	return takeInventory(ctx, tx, st, true)
}

// takeInventory takes the cart's quantities off its variants' stock; with
// check, a variant without enough stock (that allows no backorder) refuses.
func takeInventory(ctx context.Context, tx *storage.Tx, st *cart.State, check bool) error {
	for _, it := range st.Items {
		v := it.Variant
		if v == nil || !v.ManageInventory || it.IsReturn {
			continue
		}
		res, err := storage.Exec(ctx, tx, `UPDATE product_variant SET inventory_quantity = inventory_quantity - ?, updated_at = ?
			WHERE id = ? AND (? OR allow_backorder = true OR inventory_quantity >= ?)`, it.Quantity, tx.Now, v.ID, !check, it.Quantity)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return insufficientInventory(v.ID)
		}
	}
	return nil
}

// createFromCart is OrderService.createFromCart.
func (s *Service) createFromCart(ctx context.Context, tx *storage.Tx, st *cart.State, t totals.CartTotals) (string, error) {
	existing, err := storage.OrdersByCart(ctx, tx, []string{st.ID})
	if err != nil {
		return "", err
	}
	if o := existing[st.ID]; o != nil {
		// Medusa answers the existing order ("Order from cart already exists").
		return o.ID, nil
	}
	if len(st.Items) == 0 {
		return "", errs.InvalidDataf("Cannot create order from empty cart")
	}
	if st.CustomerID == nil {
		return "", errs.InvalidDataf("Cannot create an order from the cart without a customer")
	}
	if t.Total != 0 {
		if st.Payment == nil {
			return "", errs.E(errs.InvalidArgument, "Cart does not contain a payment method")
		}
		p, err := s.Payments.Provider(st.Payment.ProviderID)
		if err != nil {
			return "", err
		}
		status, err := p.GetPaymentStatus(ctx, st.Payment.Data)
		if err != nil {
			return "", err
		}
		if status != payment.StatusAuthorized {
			return "", errs.E(errs.InvalidArgument, "Payment method is not authorized")
		}
	}
	displayID, err := storage.NextDisplayID(ctx, tx, "order")
	if err != nil {
		return "", err
	}
	o := model.Order{
		ID: ids.New(ids.Order), Status: model.OrderStatusPending, FulfillmentStatus: model.FulfillmentStatusNotFulfilled,
		PaymentStatus: model.PaymentStatusAwaiting, DisplayID: displayID, CartID: &st.ID, CustomerID: *st.CustomerID,
		Email: deref(st.Email), BillingAddressID: st.BillingAddressID, ShippingAddressID: st.ShippingAddressID,
		RegionID: st.RegionID, CurrencyCode: st.Region.CurrencyCode, CreatedAt: tx.Now, UpdatedAt: tx.Now,
		Metadata: st.Metadata, SalesChannelID: st.SalesChannelID, IdempotencyKey: st.IdempotencyKey,
	}
	if o.Metadata == nil {
		o.Metadata = model.JSON{}
	}
	if err := storage.Insert(ctx, tx, "order", &o); err != nil {
		return "", err
	}
	for _, d := range st.Discounts {
		if _, err := storage.Exec(ctx, tx, `INSERT INTO order_discounts (order_id, discount_id) VALUES (?, ?)`, o.ID, d.ID); err != nil {
			return "", err
		}
		// Medusa's order.placed subscriber counts the use.
		if _, err := storage.Exec(ctx, tx, `UPDATE discount SET usage_count = usage_count + 1 WHERE id = ?`, d.ID); err != nil {
			return "", err
		}
	}
	for _, g := range st.GiftCards {
		if _, err := storage.Exec(ctx, tx, `INSERT INTO order_gift_cards (order_id, gift_card_id) VALUES (?, ?)`, o.ID, g.ID); err != nil {
			return "", err
		}
	}
	if st.Payment != nil {
		if _, err := storage.Exec(ctx, tx, `UPDATE payment SET order_id = ?, updated_at = ? WHERE id = ?`, o.ID, tx.Now, st.Payment.ID); err != nil {
			return "", err
		}
	}
	if err := consumeGiftCards(ctx, tx, st, o.ID, t.GiftCardTotal); err != nil {
		return "", err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET order_id = ?, updated_at = ? WHERE cart_id = ?`, o.ID, tx.Now, st.ID); err != nil {
		return "", err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE shipping_method SET order_id = ? WHERE cart_id = ?`, o.ID, st.ID); err != nil {
		return "", err
	}
	if err := createPurchasedGiftCards(ctx, tx, st, o, t); err != nil {
		return "", err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE cart SET completed_at = ?, updated_at = ? WHERE id = ?`, tx.Now, tx.Now, st.ID); err != nil {
		return "", err
	}
	if err := events.Emit(ctx, tx, events.OrderPlaced, o.ID, map[string]any{"id": o.ID, "no_notification": o.NoNotification}); err != nil {
		return "", err
	}
	if s.OrderPlaced != nil {
		if err := s.OrderPlaced(ctx, tx, o.ID); err != nil {
			return "", err
		}
	}
	return o.ID, nil
}

// consumeGiftCards spends the cart's gift card total on its cards (§10.3).
func consumeGiftCards(ctx context.Context, tx *storage.Tx, st *cart.State, orderID string, total int64) error {
	if len(st.GiftCards) == 0 {
		return nil
	}
	for _, use := range totals.ConsumeGiftCards(cart.GiftCardsForTotals(st.GiftCards), total) {
		if _, err := storage.Exec(ctx, tx, `UPDATE gift_card SET balance = ?, is_disabled = ?, updated_at = ? WHERE id = ?`,
			use.NewBalance, use.Disabled, tx.Now, use.GiftCardID); err != nil {
			return err
		}
		taxable := use.IsTaxable
		txn := model.GiftCardTransaction{ID: ids.New(ids.GiftCardTransaction), GiftCardID: use.GiftCardID, OrderID: orderID,
			Amount: use.Amount, CreatedAt: tx.Now, IsTaxable: &taxable}
		if use.TaxRate != nil {
			rate := model.Rate(*use.TaxRate)
			txn.TaxRate = &rate
		}
		if err := storage.Insert(ctx, tx, "gift_card_transaction", &txn); err != nil {
			return err
		}
	}
	return nil
}

// createPurchasedGiftCards makes the gift cards bought with gift-card items (§10.4).
func createPurchasedGiftCards(ctx context.Context, tx *storage.Tx, st *cart.State, o model.Order, t totals.CartTotals) error {
	for i, it := range st.Items {
		if !it.IsGiftcard {
			continue
		}
		bought, err := totals.PurchaseGiftCards(t.Items[i].Subtotal, it.Quantity, totals.Rates(st.ItemTaxLines(it, true)))
		if err != nil {
			return err
		}
		for range bought.Count {
			g := model.GiftCard{ID: ids.New(ids.GiftCard), Code: giftCardCode(), Value: bought.Value, Balance: bought.Value,
				RegionID: o.RegionID, OrderID: &o.ID, Metadata: it.Metadata, CreatedAt: tx.Now, UpdatedAt: tx.Now}
			if bought.TaxRate != nil {
				rate := model.Rate(*bought.TaxRate)
				g.TaxRate = &rate
			}
			if err := storage.Insert(ctx, tx, "gift_card", &g); err != nil {
				return err
			}
		}
	}
	return nil
}

// giftCardCode is Medusa's code format: four groups of four upper-case
// letters and digits.
func giftCardCode() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	var out strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return out.String()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// confirmSwap is the payment_authorized stage of a swap cart: the swap's
// new items are taken from stock (checked unless the swap allows
// backorder) and the swap registers the completion (its confirmation and
// payment).
func (s *Service) confirmSwap(ctx context.Context, tx *storage.Tx, ik *model.IdempotencyKey, st *cart.State) error {
	sw, err := swaps.ForCart(ctx, tx, st)
	if err != nil {
		return err
	}
	total := st.Totals(true).Total
	if sw.ConfirmedAt == nil {
		switch {
		case !sw.AllowBackorder:
			err = reserveInventory(ctx, tx, st)
		case total > 0:
			// Medusa's registerCartCompletion reserves a paid swap's items
			// whatever the stock.
			err = takeInventory(ctx, tx, st, false)
		}
		if err != nil {
			return err
		}
	}
	if err := swaps.RegisterCartCompletion(ctx, tx, s.Payments, sw, st, total); err != nil {
		return err
	}
	return finish(ctx, tx, ik, 200, Result{Type: "swap", SwapID: sw.ID})
}

// Package orders reads placed orders for the store: by id, by the cart they
// came from, by display id and email, with Medusa's order totals (§4.5)
// computed from their persisted tax lines.
package orders

import (
	"context"
	"strings"

	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/discounts"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// Service reads orders and runs the merchant operations the store flows
// need (capture, fulfillment).
type Service struct {
	DB       *storage.DB
	Payments *payment.Registry
}

// Get returns an order (GET /store/orders/{id}).
func (s *Service) Get(ctx context.Context, id string) (*storage.OrderRow, error) {
	o, err := loaders.For(ctx).Order.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, errs.NotFoundf("Order with %s was not found", id)
	}
	return o, nil
}

// ByCart returns the order made from a cart (GET /store/orders/cart/{cart_id}).
func (s *Service) ByCart(ctx context.Context, cartID string) (*storage.OrderRow, error) {
	o, err := loaders.For(ctx).OrderByCart.Load(ctx, cartID)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, errs.NotFoundf("Order with cart id %s was not found", cartID)
	}
	return o, nil
}

// Lookup finds an order by display id and email (GET /store/orders). Medusa
// answers a plain "Not Found" unless exactly one order matches; the postal
// code is accepted but, as in Medusa, not checked.
func (s *Service) Lookup(ctx context.Context, displayID int64, email string) (*storage.OrderRow, error) {
	if !strings.Contains(email, "@") {
		return nil, errs.InvalidDataf("email must be an email")
	}
	rows, err := storage.OrdersByDisplayID(ctx, s.DB.Reader, displayID, strings.ToLower(email))
	if err != nil {
		return nil, err
	}
	if len(rows) != 1 {
		return nil, errs.NotFoundf("Not Found")
	}
	return &rows[0], nil
}

// State is an order with what its totals depend on.
type State struct {
	*storage.OrderRow
	Items       []storage.ItemRow
	Adjustments map[string][]model.LineItemAdjustment
	ItemLines   map[string][]model.LineItemTaxLine
	Methods     []storage.MethodRow
	MethodLines map[string][]model.ShippingMethodTaxLine
	Discounts   []storage.DiscountRow
	GiftCards   []model.GiftCard
	Txns        []model.GiftCardTransaction
	Payments    []model.Payment
	Refunds     []model.Refund
	// SwapItems are the additional items of the order's swaps (read by Load
	// only).
	SwapItems []storage.ItemRow
}

// Totals are an order's totals with the tax subtotals Medusa shows beside
// §4.5's.
type Totals struct {
	totals.OrderTotals
	ItemTaxTotal     int64
	ShippingTaxTotal int64
}

// StateOf reads an order's state through the request's loaders.
func StateOf(ctx context.Context, id string) (*State, error) {
	l := loaders.For(ctx)
	o, err := l.Order.Load(ctx, id)
	if err != nil || o == nil {
		return nil, err
	}
	st := &State{OrderRow: o, Adjustments: map[string][]model.LineItemAdjustment{},
		ItemLines: map[string][]model.LineItemTaxLine{}, MethodLines: map[string][]model.ShippingMethodTaxLine{}}
	if st.Items, err = l.OrderItems.Load(ctx, id); err != nil {
		return nil, err
	}
	for _, it := range st.Items {
		if st.Adjustments[it.ID], err = l.ItemAdjustments.Load(ctx, it.ID); err != nil {
			return nil, err
		}
		if st.ItemLines[it.ID], err = l.ItemTaxLines.Load(ctx, it.ID); err != nil {
			return nil, err
		}
	}
	if st.Methods, err = l.OrderMethods.Load(ctx, id); err != nil {
		return nil, err
	}
	for _, m := range st.Methods {
		if st.MethodLines[m.ID], err = l.MethodTaxLines.Load(ctx, m.ID); err != nil {
			return nil, err
		}
	}
	if st.Discounts, err = l.OrderDiscounts.Load(ctx, id); err != nil {
		return nil, err
	}
	if st.GiftCards, err = l.OrderGiftCards.Load(ctx, id); err != nil {
		return nil, err
	}
	if st.Txns, err = l.OrderGiftCardTxns.Load(ctx, id); err != nil {
		return nil, err
	}
	if st.Payments, err = l.OrderPayments.Load(ctx, id); err != nil {
		return nil, err
	}
	if st.Refunds, err = l.OrderRefunds.Load(ctx, id); err != nil {
		return nil, err
	}
	return st, nil
}

// Totals computes the order's totals from its persisted tax lines.
func (st *State) Totals() Totals {
	in := totals.Order{
		FreeShipping: discounts.HasFreeShipping(st.discountList()),
		Region:       totals.Region{TaxRate: float64(st.Region.TaxRate), GiftCardsTaxable: st.Region.GiftCardsTaxable},
		TaxRate:      st.FlatTaxRate(),
	}
	itemDiscountID := st.itemDiscountID()
	for _, it := range st.Items {
		in.Items = append(in.Items, totals.OrderItem{
			LineItem:         st.lineItem(it, itemDiscountID),
			ReturnedQuantity: deref(it.ReturnedQuantity),
		})
	}
	for _, m := range st.Methods {
		var rates []float64
		for _, l := range st.MethodLines[m.ID] {
			rates = append(rates, float64(l.Rate))
		}
		in.ShippingMethods = append(in.ShippingMethods, totals.ShippingMethod{Price: m.Price, IncludesTax: m.IncludesTax, TaxRates: rates})
	}
	in.GiftCards = cart.GiftCardsForTotals(st.GiftCards)
	for _, t := range st.Txns {
		txn := totals.GiftCardTransaction{Amount: t.Amount, IsTaxable: t.IsTaxable}
		if t.TaxRate != nil {
			rate := float64(*t.TaxRate)
			txn.TaxRate = &rate
		}
		in.GiftCardTransactions = append(in.GiftCardTransactions, txn)
	}
	for _, p := range st.Payments {
		in.PaymentAmounts = append(in.PaymentAmounts, p.Amount)
	}
	for _, r := range st.Refunds {
		in.RefundAmounts = append(in.RefundAmounts, r.Amount)
	}
	out := Totals{OrderTotals: in.Totals()}
	for _, it := range out.Items {
		out.ItemTaxTotal += it.TaxTotal
	}
	for _, m := range out.ShippingMethods {
		out.ShippingTaxTotal += m.TaxTotal
	}
	return out
}

func (st *State) discountList() []discounts.Discount {
	var ds []discounts.Discount
	for _, d := range st.Discounts {
		dd := discounts.Discount{ID: d.ID}
		if d.Rule != nil {
			dd.Rule = discounts.Rule{Type: discounts.RuleType(d.Rule.Type)}
		}
		ds = append(ds, dd)
	}
	return ds
}

// itemDiscountID is the order's discount that adjusts items ("" for none).
func (st *State) itemDiscountID() string {
	if d, ok := discounts.ItemDiscount(st.discountList()); ok {
		return d.ID
	}
	return ""
}

// FlatTaxRate is the order's legacy flat tax rate; nil for orders that use
// tax lines.
func (st *State) FlatTaxRate() *float64 {
	if st.TaxRate == nil {
		return nil
	}
	rate := float64(*st.TaxRate)
	return &rate
}

// LineItem describes a line of the order (or an additional item of one of
// its swaps) for the totals: its price, tax lines and discount allocation.
func (st *State) LineItem(it storage.ItemRow) totals.LineItem {
	return st.lineItem(it, st.itemDiscountID())
}

func (st *State) lineItem(it storage.ItemRow, itemDiscountID string) totals.LineItem {
	var adjs []totals.Adjustment
	for _, a := range st.Adjustments[it.ID] {
		adjs = append(adjs, totals.Adjustment{DiscountID: deref(a.DiscountID), Amount: a.Amount})
	}
	var rates []float64
	for _, l := range st.ItemLines[it.ID] {
		rates = append(rates, float64(l.Rate))
	}
	return totals.LineItem{UnitPrice: it.UnitPrice, Quantity: it.Quantity, IncludesTax: it.IncludesTax,
		TaxRates: rates, Discount: totals.Allocate(adjs, it.Quantity, it.AllowDiscounts, itemDiscountID).Amount}
}

// TotalsOf computes an order's totals once per request.
func TotalsOf(ctx context.Context, id string) (Totals, *State, error) {
	type result struct {
		totals Totals
		state  *State
	}
	r, err := loaders.Memo(ctx, struct{ order string }{id}, func() (*result, error) {
		st, err := StateOf(ctx, id)
		if err != nil {
			return nil, err
		}
		if st == nil {
			return nil, errs.NotFoundf("Order with %s was not found", id)
		}
		return &result{st.Totals(), st}, nil
	})
	if err != nil {
		return Totals{}, nil, err
	}
	return r.totals, r.state, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

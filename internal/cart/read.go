package cart

import (
	"context"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// View is a cart as the API shows it. ForceTaxes computes its taxes even
// when its region does not compute them automatically (calculateCartTaxes).
type View struct {
	storage.CartRow
	ForceTaxes bool
}

// ItemView is a line item as the API shows it, with the tax mode of the
// cart it was reached through and, when a total was asked for, its totals
// (filled by whoever lists the lines, so that totals cost one computation
// per cart, not one per field).
type ItemView struct {
	storage.ItemRow
	ForceTaxes bool
	Totals     *totals.LineItemTotals `db:"-"`
	// Refundable is set on order lines when totals are.
	RefundableAmount *int64 `db:"-"`
}

// MethodView is a shipping method as the API shows it.
type MethodView struct {
	storage.MethodRow
	ForceTaxes bool
	Totals     *totals.ShippingMethodTotals `db:"-"`
}

func (v *ItemView) totals() (*totals.LineItemTotals, error) {
	if v.Totals == nil {
		return nil, errs.E(errs.Internal, "line item %s was listed without its totals", v.ID)
	}
	return v.Totals, nil
}

// Subtotal and the other total methods are the line's totals (§4.2).
func (v *ItemView) Subtotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.Subtotal })
}
func (v *ItemView) DiscountTotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.DiscountTotal })
}
func (v *ItemView) TaxTotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.TaxTotal })
}
func (v *ItemView) Total() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.Total })
}
func (v *ItemView) OriginalTotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.OriginalTotal })
}
func (v *ItemView) OriginalTaxTotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.OriginalTaxTotal })
}

// Refundable is what a return of an order line's remaining units refunds;
// nil on cart lines.
func (v *ItemView) Refundable() *int64 { return v.RefundableAmount }

func (v *MethodView) totals() (*totals.ShippingMethodTotals, error) {
	if v.Totals == nil {
		return nil, errs.E(errs.Internal, "shipping method %s was listed without its totals", v.ID)
	}
	return v.Totals, nil
}

// Subtotal and the other total methods are the method's totals (§4.3).
func (v *MethodView) Subtotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.Subtotal })
}
func (v *MethodView) TaxTotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.TaxTotal })
}
func (v *MethodView) Total() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.Total })
}
func (v *MethodView) OriginalTotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.OriginalTotal })
}
func (v *MethodView) OriginalTaxTotal() (int64, error) {
	t, err := v.totals()
	return zeroOr(t, err, func() int64 { return t.OriginalTaxTotal })
}

func zeroOr[T any](t *T, err error, value func() int64) (int64, error) {
	if err != nil {
		return 0, err
	}
	return value(), nil
}

// Get reads a cart for the API (GET /store/carts/{id}).
func (s *Service) Get(ctx context.Context, id string) (*View, error) {
	c, err := loaders.For(ctx).Cart.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, errs.NotFoundf("Cart with %s was not found", id)
	}
	return &View{CartRow: *c}, nil
}

// StateOf assembles a cart's state through the request's loaders, so that
// the totals of many carts, or of one cart's many fields, cost one
// statement per relation.
func StateOf(ctx context.Context, cartID string) (*State, error) {
	l := loaders.For(ctx)
	c, err := l.Cart.Load(ctx, cartID)
	if err != nil || c == nil {
		return nil, err
	}
	st := &State{CartRow: c}
	items, err := l.CartItems.Load(ctx, cartID)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		adjs, err := l.ItemAdjustments.Load(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		lines, err := l.ItemTaxLines.Load(ctx, it.ID)
		if err != nil {
			return nil, err
		}
		st.Items = append(st.Items, &Item{ItemRow: it, Adjustments: adjs, TaxLines: lines})
	}
	methods, err := l.CartMethods.Load(ctx, cartID)
	if err != nil {
		return nil, err
	}
	for _, m := range methods {
		lines, err := l.MethodTaxLines.Load(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		st.Methods = append(st.Methods, &Method{MethodRow: m, TaxLines: lines})
	}
	if st.Discounts, err = l.CartDiscounts.Load(ctx, cartID); err != nil {
		return nil, err
	}
	if st.GiftCards, err = l.CartGiftCards.Load(ctx, cartID); err != nil {
		return nil, err
	}
	if st.Sessions, err = l.CartSessions.Load(ctx, cartID); err != nil {
		return nil, err
	}
	if st.TaxRates, err = l.RegionTaxRates.Load(ctx, c.RegionID); err != nil {
		return nil, err
	}
	return st, nil
}

type totalsKey struct {
	cartID string
	force  bool
}

// TotalsOf computes a cart's totals once per request and tax mode.
func TotalsOf(ctx context.Context, cartID string, force bool) (totals.CartTotals, *State, error) {
	type result struct {
		totals totals.CartTotals
		state  *State
	}
	r, err := loaders.Memo(ctx, totalsKey{cartID, force}, func() (*result, error) {
		st, err := StateOf(ctx, cartID)
		if err != nil {
			return nil, err
		}
		if st == nil {
			return nil, errs.NotFoundf("Cart with %s was not found", cartID)
		}
		return &result{st.Totals(force), st}, nil
	})
	if err != nil {
		return totals.CartTotals{}, nil, err
	}
	return r.totals, r.state, nil
}

// AttachCustomer gives a cart the logged-in customer when it has none or
// another one, as Medusa's GET /store/carts/{id} does (it re-prices the
// cart for that customer). Completed carts are left as they are.
func (s *Service) AttachCustomer(ctx context.Context, caller Caller, cartID string) error {
	if caller.CustomerID == "" {
		return nil
	}
	c, err := loaders.For(ctx).Cart.Load(ctx, cartID)
	if err != nil || c == nil || c.CompletedAt != nil || deref(c.CustomerID) == caller.CustomerID {
		return err
	}
	if err := s.Update(ctx, caller, cartID, UpdateInput{}); err != nil {
		return err
	}
	loaders.Reset(ctx)
	return nil
}

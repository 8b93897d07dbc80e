// Package cart holds Medusa v1's cart rules: creating and updating carts,
// line items, shipping methods, discounts and gift cards, and the totals of
// a cart. A mutation runs in one transaction: it locks the cart, loads its
// State, applies the rules, writes what changed.
package cart

import (
	"context"

	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/discounts"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// State is a cart with everything its rules and totals look at.
type State struct {
	*storage.CartRow
	Items     []*Item
	Methods   []*Method
	Discounts []storage.DiscountRow
	GiftCards []model.GiftCard
	Sessions  []model.PaymentSession
	// TaxRates are the region's tax rates and what they apply to.
	TaxRates *storage.RegionTaxRates
}

// Item is a line item with its adjustments and persisted tax lines.
type Item struct {
	storage.ItemRow
	Adjustments []model.LineItemAdjustment
	TaxLines    []model.LineItemTaxLine
}

// Method is a shipping method with its persisted tax lines.
type Method struct {
	storage.MethodRow
	TaxLines []model.ShippingMethodTaxLine
}

// Load reads a cart's state; nil when the cart does not exist.
func Load(ctx context.Context, q storage.Q, id string) (*State, error) {
	carts, err := storage.CartsByID(ctx, q, []string{id})
	if err != nil || carts[id] == nil {
		return nil, err
	}
	s := &State{CartRow: carts[id]}
	ids := []string{id}
	items, err := storage.ItemsByCart(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	var itemIDs []string
	for _, it := range items[id] {
		s.Items = append(s.Items, &Item{ItemRow: it})
		itemIDs = append(itemIDs, it.ID)
	}
	if len(itemIDs) > 0 {
		adjs, err := storage.AdjustmentsByItem(ctx, q, itemIDs)
		if err != nil {
			return nil, err
		}
		lines, err := storage.ItemTaxLinesByItem(ctx, q, itemIDs)
		if err != nil {
			return nil, err
		}
		for _, it := range s.Items {
			it.Adjustments, it.TaxLines = adjs[it.ID], lines[it.ID]
		}
	}
	methods, err := storage.MethodsByCart(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	var methodIDs []string
	for _, m := range methods[id] {
		s.Methods = append(s.Methods, &Method{MethodRow: m})
		methodIDs = append(methodIDs, m.ID)
	}
	if len(methodIDs) > 0 {
		lines, err := storage.MethodTaxLinesByMethod(ctx, q, methodIDs)
		if err != nil {
			return nil, err
		}
		for _, m := range s.Methods {
			m.TaxLines = lines[m.ID]
		}
	}
	ds, err := storage.DiscountsByCart(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	s.Discounts = ds[id]
	gcs, err := storage.GiftCardsByCart(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	s.GiftCards = gcs[id]
	sessions, err := storage.SessionsByCart(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	s.Sessions = sessions[id]
	rates, err := storage.TaxRatesByRegion(ctx, q, []string{s.RegionID})
	if err != nil {
		return nil, err
	}
	s.TaxRates = rates[s.RegionID]
	return s, nil
}

// TaxesComputed reports whether the cart's taxes are computed: when forced
// (payment sessions, the taxes route, completion) or when its region
// computes them automatically.
func (s *State) TaxesComputed(force bool) bool {
	return force || s.Region.AutomaticTaxes
}

// discountList converts the cart's discounts for the discount rules (rules
// without their conditions: totals and free shipping do not need them).
func (s *State) discountList() []discounts.Discount {
	out := make([]discounts.Discount, 0, len(s.Discounts))
	for _, d := range s.Discounts {
		out = append(out, toDiscount(d, nil, nil, nil))
	}
	return out
}

// FreeShipping reports whether the cart has a free-shipping discount.
func (s *State) FreeShipping() bool { return discounts.HasFreeShipping(s.discountList()) }

// itemDiscountID is the id of the discount that adjusts items ("" for none).
func (s *State) itemDiscountID() string {
	if d, ok := discounts.ItemDiscount(s.discountList()); ok {
		return d.ID
	}
	return ""
}

// ItemTaxLines are the tax lines an item is taxed with: its persisted ones
// (after completion created them), else, when taxes are computed, those of
// the system tax provider.
func (s *State) ItemTaxLines(it *Item, force bool) []totals.TaxLine {
	if len(it.TaxLines) > 0 {
		out := make([]totals.TaxLine, len(it.TaxLines))
		for i, l := range it.TaxLines {
			out[i] = totals.TaxLine{Rate: float64(l.Rate), Name: l.Name, Code: deref(l.Code)}
		}
		return out
	}
	if !s.TaxesComputed(force) || it.IsReturn || it.VariantID == nil {
		return nil
	}
	return catalog.ItemTaxLines(s.TaxRates, s.Region, it.Product)
}

// MethodTaxLines are the tax lines a shipping method is taxed with.
func (s *State) MethodTaxLines(m *Method, force bool) []totals.TaxLine {
	if len(m.TaxLines) > 0 {
		out := make([]totals.TaxLine, len(m.TaxLines))
		for i, l := range m.TaxLines {
			out[i] = totals.TaxLine{Rate: float64(l.Rate), Name: l.Name, Code: deref(l.Code)}
		}
		return out
	}
	if !s.TaxesComputed(force) {
		return nil
	}
	return catalog.ShippingTaxLines(s.TaxRates, s.Region, m.ShippingOptionID)
}

// Totals computes the cart's totals (§4.4) with those of its lines.
func (s *State) Totals(force bool) totals.CartTotals {
	in := totals.Cart{
		Items:           make([]totals.LineItem, len(s.Items)),
		ShippingMethods: make([]totals.ShippingMethod, len(s.Methods)),
		FreeShipping:    s.FreeShipping(),
		Region:          totals.Region{TaxRate: float64(s.Region.TaxRate), GiftCardsTaxable: s.Region.GiftCardsTaxable},
	}
	discountID := s.itemDiscountID()
	for i, it := range s.Items {
		adjs := make([]totals.Adjustment, len(it.Adjustments))
		for j, a := range it.Adjustments {
			adjs[j] = totals.Adjustment{DiscountID: deref(a.DiscountID), Amount: a.Amount}
		}
		in.Items[i] = totals.LineItem{
			UnitPrice:   it.UnitPrice,
			Quantity:    it.Quantity,
			IncludesTax: it.IncludesTax,
			TaxRates:    totals.Rates(s.ItemTaxLines(it, force)),
			Discount:    totals.Allocate(adjs, it.Quantity, it.AllowDiscounts, discountID).Amount,
		}
	}
	for i, m := range s.Methods {
		in.ShippingMethods[i] = totals.ShippingMethod{
			Price:       m.Price,
			IncludesTax: m.IncludesTax,
			TaxRates:    totals.Rates(s.MethodTaxLines(m, force)),
		}
	}
	in.GiftCards = GiftCardsForTotals(s.GiftCards)
	return in.Totals()
}

// GiftCardsForTotals gives gift cards (a cart's or an order's) to the
// totals calculators.
func GiftCardsForTotals(cards []model.GiftCard) []totals.GiftCard {
	var out []totals.GiftCard
	for _, g := range cards {
		card := totals.GiftCard{ID: g.ID, Balance: g.Balance, EndsAt: g.EndsAt}
		if g.TaxRate != nil {
			rate := float64(*g.TaxRate)
			card.TaxRate = &rate
		}
		out = append(out, card)
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// toDiscount converts a discount row for the discount rules; conditions,
// regions and the parent's regions are given when the rule needs them.
func toDiscount(d storage.DiscountRow, conditions []storage.Condition, regionIDs, parentRegionIDs []string) discounts.Discount {
	out := discounts.Discount{
		ID:               d.ID,
		Code:             d.Code,
		IsDisabled:       d.IsDisabled,
		StartsAt:         d.StartsAt,
		EndsAt:           d.EndsAt,
		UsageCount:       int(d.UsageCount),
		RegionIDs:        regionIDs,
		ParentDiscountID: deref(d.ParentDiscountID),
		ParentRegionIDs:  parentRegionIDs,
	}
	if d.UsageLimit != nil {
		limit := int(*d.UsageLimit)
		out.UsageLimit = &limit
	}
	if d.Rule != nil {
		out.Rule = discounts.Rule{
			ID:         d.Rule.ID,
			Type:       discounts.RuleType(d.Rule.Type),
			Value:      d.Rule.Value,
			Allocation: discounts.Allocation(d.Rule.Allocation),
		}
		for _, c := range conditions {
			out.Rule.Conditions = append(out.Rule.Conditions, discounts.Condition{
				Type: discounts.ConditionType(c.Type), Operator: discounts.Operator(c.Operator), IDs: c.IDs,
			})
		}
	}
	return out
}

package discounts

import (
	"math"

	"github.com/storegraph/storegraph/internal/totals"
)

// Product is what product conditions look at.
type Product struct {
	ID           string
	TypeID       string // "" when the product has no type
	CollectionID string // "" when the product is in no collection
	TagIDs       []string
}

// AppliesTo is DiscountService.validateDiscountForProduct: every product,
// product-type, collection and tag condition must hold for the product (In:
// the product, its type, its collection or one of its tags is linked; NotIn:
// none is). A rule without such conditions applies to every product. A
// custom item (nil product) never qualifies.
func (r Rule) AppliesTo(p *Product) bool {
	if p == nil {
		return false
	}
	for _, c := range r.Conditions {
		var linked []string
		switch c.Type {
		case Products:
			linked = []string{p.ID}
		case ProductTypes:
			linked = present(p.TypeID)
		case ProductCollections:
			linked = present(p.CollectionID)
		case ProductTags:
			linked = p.TagIDs
		default:
			continue // customer groups are checked when the discount is applied
		}
		if !c.holds(linked) {
			return false
		}
	}
	return true
}

func present(id string) []string {
	if id == "" {
		return nil
	}
	return []string{id}
}

// Item is what adjustments need of a line item.
type Item struct {
	ID             string
	Product        *Product // nil for a custom item
	UnitPrice      int64
	Quantity       int64
	AllowDiscounts bool // the product's discountable
	IsReturn       bool
	// IncludesTax: tax-inclusive pricing is on and the item's price includes
	// tax. Such an item is discounted on TaxExclusiveSubtotal: unit price ×
	// quantity less its original tax total, as the totals compute it.
	IncludesTax          bool
	TaxExclusiveSubtotal int64
}

// subtotal is the item's subtotal as Medusa's totals service gives it. Only
// when taxes are computed (withTax) does a tax-inclusive item get its
// tax-exclusive subtotal; otherwise Medusa leaves it at 0.
func (it Item) subtotal(withTax bool) int64 {
	switch {
	case !it.IncludesTax:
		return it.UnitPrice * it.Quantity
	case withTax:
		return it.TaxExclusiveSubtotal
	}
	return 0
}

// Adjustment is a line item adjustment Medusa stores for a discount.
type Adjustment struct {
	ItemID      string
	DiscountID  string
	Amount      float64 // fractional for fixed discounts allocated to the total
	Description string  // always "discount"
}

// Adjustments is CartService.refreshAdjustments_: the discount adjustments
// of the cart's items, replacing those of its non-return items. items are
// all the cart's items, in order.
func Adjustments(cartDiscounts []Discount, items []Item) []Adjustment {
	var out []Adjustment
	for _, it := range items {
		if adj, ok := AdjustmentFor(cartDiscounts, it, items); ok {
			out = append(out, adj)
		}
	}
	return out
}

// AdjustmentFor is LineItemAdjustmentService.generateAdjustments: the
// adjustment the cart's item discount (ItemDiscount) gives one item, if any.
// Items that do not allow discounts, return items and items whose product
// fails the rule's conditions get none, and neither does a zero amount.
func AdjustmentFor(cartDiscounts []Discount, item Item, cartItems []Item) (Adjustment, bool) {
	d, ok := ItemDiscount(cartDiscounts)
	if !ok || !item.AllowDiscounts || item.IsReturn || !d.Rule.AppliesTo(item.Product) {
		return Adjustment{}, false
	}
	amount := Amount(d.Rule, item, cartItems)
	if amount == 0 {
		return Adjustment{}, false
	}
	return Adjustment{ItemID: item.ID, DiscountID: d.ID, Amount: amount, Description: "discount"}, true
}

// Amount is DiscountService.calculateDiscountForLineItem: what the rule takes
// off the item, at most the item's full price F (unit price × quantity, or
// its tax-exclusive subtotal when the price includes tax).
//   - percentage: round(F / 100 × value), rounded as JavaScript does;
//   - fixed, allocated to the total: min(value, S) × F / S, unrounded, where
//     S sums the subtotals of every cart item that allows discounts, whether
//     or not it meets the rule's conditions;
//   - otherwise (fixed per item): value × quantity.
func Amount(rule Rule, item Item, cartItems []Item) float64 {
	if !item.AllowDiscounts {
		return 0
	}
	full := float64(item.subtotal(true))
	var amount float64
	switch {
	case rule.Type == Percentage:
		amount = float64(totals.Round(full / 100 * float64(rule.Value)))
	case rule.Type == Fixed && rule.Allocation == AllocateTotal:
		// Medusa sums the cart with taxes computed only when this item's price
		// includes tax, so for a tax-exclusive item the tax-inclusive ones
		// count 0.
		var sum int64
		for _, other := range cartItems {
			if other.AllowDiscounts {
				sum += other.subtotal(item.IncludesTax)
			}
		}
		if sum <= 0 {
			return 0 // Medusa divides by zero here and stores NaN
		}
		amount = float64(min(rule.Value, sum)) * (full / float64(sum))
	default:
		amount = float64(rule.Value * item.Quantity)
	}
	return math.Min(amount, full)
}

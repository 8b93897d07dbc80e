package totals

// Adjustment is a line_item_adjustment row.
type Adjustment struct {
	// DiscountID is the adjustment's discount; "" for a custom adjustment
	// (discount_id null), which totals always count.
	DiscountID string
	Amount     float64 // stored unrounded (numeric)
}

// Allocation is the discount Medusa allocates to one line item (§9.5).
type Allocation struct {
	// Amount is the raw allocation: the item's [LineItem].Discount.
	Amount float64
	// UnitAmount is Amount per unit, rounded; refunds use it.
	UnitAmount int64
}

// Allocate sums an item's adjustments the way Medusa's allocation map does:
// those of the cart's discount (the first one that is not free shipping;
// cartDiscountID "" when there is none), only if the item allows discounts,
// plus every custom adjustment. Adjustments of any other discount are ignored.
func Allocate(adjustments []Adjustment, quantity int64, allowDiscounts bool, cartDiscountID string) Allocation {
	discounted, custom := 0.0, 0.0
	for _, adj := range adjustments {
		switch {
		case adj.DiscountID == "":
			custom += adj.Amount
		case adj.DiscountID == cartDiscountID:
			discounted += adj.Amount
		}
	}
	if !allowDiscounts {
		discounted = 0
	}
	amount := discounted + custom
	return Allocation{Amount: amount, UnitAmount: unitDiscount(amount, quantity)}
}

// unitDiscount is round(amount/quantity); Medusa's `|| 0` turns the NaN of a
// zero quantity into 0.
func unitDiscount(amount float64, quantity int64) int64 {
	if quantity == 0 {
		return 0
	}
	return Round(amount / float64(quantity))
}

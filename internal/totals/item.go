package totals

// LineItem is what a line item's totals depend on.
type LineItem struct {
	UnitPrice int64
	Quantity  int64
	// IncludesTax: UnitPrice already contains the item's taxes.
	IncludesTax bool
	// TaxRates are the rates (percent) of the item's tax lines, in order; the
	// item is taxed only when there are some.
	TaxRates []float64
	// Discount is the raw discount allocation A ([Allocate]); fractional when
	// a fixed discount is spread over the cart.
	Discount float64
}

// LineItemTotals are the totals Medusa puts on a line item.
type LineItemTotals struct {
	Subtotal         int64
	DiscountTotal    int64   // Round(RawDiscountTotal)
	RawDiscountTotal float64 // what cart and order discount totals add up
	TaxTotal         int64
	OriginalTaxTotal int64 // tax without the discount
	Total            int64
	OriginalTotal    int64 // total without the discount
}

// Totals computes the item's totals (§4.2).
func (item LineItem) Totals() LineItemTotals {
	gross := item.UnitPrice * item.Quantity
	subtotal := gross
	if item.IncludesTax {
		// Medusa only learns the net price from the tax lines, so an
		// inclusive item without any keeps a subtotal of 0.
		subtotal = 0
	}
	t := LineItemTotals{
		Subtotal:         subtotal,
		RawDiscountTotal: item.Discount,
		DiscountTotal:    Round(item.Discount),
	}
	t.Total = subtotal - t.DiscountTotal
	t.OriginalTotal = subtotal
	if len(item.TaxRates) == 0 {
		return t
	}
	t.TaxTotal = item.tax(item.Discount)
	t.OriginalTaxTotal = item.tax(0)
	if item.IncludesTax {
		t.Subtotal += gross - t.OriginalTaxTotal
		t.Total += t.Subtotal
		t.OriginalTotal += t.Subtotal
	}
	t.Total += t.TaxTotal
	t.OriginalTotal += t.OriginalTaxTotal
	return t
}

// tax is Medusa's tax calculation strategy for one item: the net line amount
// less the discount, taxed and rounded once per tax line.
func (item LineItem) tax(discount float64) int64 {
	taxable := float64(item.netUnitPrice() * item.Quantity)
	taxable -= discount
	var total int64
	for _, rate := range item.TaxRates {
		total += Round(taxable * (rate / 100))
	}
	return total
}

// netUnitPrice is the unit price without the tax it includes, if any.
func (item LineItem) netUnitPrice() int64 {
	if !item.IncludesTax {
		return item.UnitPrice
	}
	return item.UnitPrice - Round(includedTax(float64(item.UnitPrice), rateSum(item.TaxRates)))
}

// legacyTotals are the totals of an item of an order from Medusa's old tax
// system, taxed at the order's flat rate instead of tax lines.
func (item LineItem) legacyTotals(orderTaxRate float64) LineItemTotals {
	r := orderTaxRate / 100
	unitTax := int64(0)
	if item.IncludesTax {
		unitTax = Round(includedTax(float64(item.UnitPrice), r))
	}
	t := LineItemTotals{
		Subtotal:         (item.UnitPrice - unitTax) * item.Quantity,
		RawDiscountTotal: item.Discount,
		DiscountTotal:    Round(item.Discount),
	}
	t.OriginalTaxTotal = Round(float64(t.Subtotal) * r)
	t.TaxTotal = Round(float64(t.Subtotal-t.DiscountTotal) * r)
	// Medusa's legacy total does not subtract the discount.
	t.Total = t.Subtotal + t.TaxTotal
	t.OriginalTotal = t.Subtotal + t.OriginalTaxTotal
	return t
}

// refundable is what Medusa would refund for quantity units of the item
// (the units not yet returned). orderTaxRate is the order's legacy flat rate,
// nil for orders that use tax lines.
func (item LineItem) refundable(quantity int64, orderTaxRate *float64) int64 {
	if orderTaxRate != nil {
		r := *orderTaxRate / 100
		unitTax := int64(0)
		if item.IncludesTax {
			unitTax = Round(includedTax(float64(item.UnitPrice), r))
		}
		// The legacy refund subtracts the whole raw discount, whatever the
		// quantity.
		lineSubtotal := float64((item.UnitPrice-unitTax)*quantity) - item.Discount
		return Round(lineSubtotal * (1 + r))
	}
	discount := unitDiscount(item.Discount, item.Quantity) * quantity
	lineSubtotal := item.netUnitPrice()*quantity - discount
	refund := lineSubtotal
	for _, rate := range item.TaxRates {
		refund += Round(float64(lineSubtotal) * (rate / 100))
	}
	return refund
}

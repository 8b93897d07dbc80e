package totals

// ReturnedItem is an order's line (as ordered: its whole quantity, discount
// allocation and tax lines) and how many of its units are returned.
type ReturnedItem struct {
	LineItem
	ReturnQuantity int64
}

// RefundTotal is what a return of the items refunds (the totals service's
// getRefundTotal, which returns use): every line's refund summed and
// rounded. orderTaxRate is the order's legacy flat rate, nil for orders that
// use tax lines.
func RefundTotal(items []ReturnedItem, orderTaxRate *float64) int64 {
	var total int64
	for _, it := range items {
		total += it.lineRefund(it.ReturnQuantity, orderTaxRate)
	}
	return total
}

// lineRefund is getLineItemRefund for quantity units: the net price less
// the rounded unit discount, with the tax of each tax line rounded on its
// own (or, on a legacy order, the flat rate applied once).
func (item LineItem) lineRefund(quantity int64, orderTaxRate *float64) int64 {
	if orderTaxRate == nil {
		return item.refundable(quantity, nil)
	}
	r := *orderTaxRate / 100
	unitTax := int64(0)
	if item.IncludesTax {
		unitTax = Round(includedTax(float64(item.UnitPrice), r))
	}
	discount := unitDiscount(item.Discount, item.Quantity) * quantity
	lineSubtotal := (item.UnitPrice-unitTax)*quantity - discount
	return Round(float64(lineSubtotal) * (1 + r))
}

// ReturnShippingTotal is the price of a return's shipping with its tax, as
// ReturnService.create takes it off the refund: the price without any tax
// it includes, plus that net price taxed and rounded at each tax line.
func ReturnShippingTotal(m ShippingMethod) int64 {
	net := m.Price
	if m.IncludesTax {
		net -= Round(includedTax(float64(m.Price), rateSum(m.TaxRates)))
	}
	total := net
	for _, rate := range m.TaxRates {
		total += Round(mul(float64(net), rate/100))
	}
	return total
}

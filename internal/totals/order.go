package totals

// OrderItem is an order's line item with the units already returned.
type OrderItem struct {
	LineItem
	ReturnedQuantity int64
}

// GiftCardTransaction is a gift_card_transaction row: what a card paid for
// the order.
type GiftCardTransaction struct {
	Amount int64
	// IsTaxable is nil on rows from before Medusa recorded it.
	IsTaxable *bool
	TaxRate   *float64 // percent
}

// Order is what an order's totals depend on.
type Order struct {
	Items           []OrderItem
	ShippingMethods []ShippingMethod
	// FreeShipping is true when any of the order's discounts is free shipping.
	FreeShipping bool
	// TaxRate is order.tax_rate: non-nil only for orders of Medusa's old tax
	// system, whose items and shipping are taxed at this flat rate and whose
	// TaxRates are then ignored.
	TaxRate              *float64
	GiftCards            []GiftCard // used only when there are no transactions
	GiftCardTransactions []GiftCardTransaction
	PaymentAmounts       []int64
	RefundAmounts        []int64
	Region               Region
}

// OrderItemTotals are an order item's totals. They are computed over the
// whole ordered quantity; Refundable covers the units not yet returned.
type OrderItemTotals struct {
	LineItemTotals
	Refundable int64
}

// OrderTotals are the totals Medusa puts on an order.
type OrderTotals struct {
	Items            []OrderItemTotals
	ShippingMethods  []ShippingMethodTotals
	Subtotal         int64
	DiscountTotal    int64
	RawDiscountTotal float64
	ShippingTotal    int64
	// TaxTotal is item and shipping tax less the gift cards' tax: on an
	// order, the tax the card paid is no longer owed.
	TaxTotal         int64
	GiftCardTotal    int64
	GiftCardTaxTotal int64
	Total            int64
	PaidTotal        int64
	RefundedTotal    int64
	RefundableAmount int64
}

// Totals computes the order's totals (§4.5).
func (o Order) Totals() OrderTotals {
	// Medusa picks the legacy computation when tax_rate is truthy but the
	// legacy refund when it is non-null: an order with tax_rate 0 mixes both.
	flatRate := o.TaxRate != nil && *o.TaxRate != 0
	t := OrderTotals{
		Items:           make([]OrderItemTotals, len(o.Items)),
		ShippingMethods: make([]ShippingMethodTotals, len(o.ShippingMethods)),
	}
	var itemTax, shippingTax int64
	for i, item := range o.Items {
		var it LineItemTotals
		if flatRate {
			it = item.legacyTotals(*o.TaxRate)
		} else {
			it = item.LineItem.Totals()
		}
		t.Items[i] = OrderItemTotals{
			LineItemTotals: it,
			Refundable:     item.refundable(item.Quantity-item.ReturnedQuantity, o.TaxRate),
		}
		t.Subtotal += it.Subtotal
		t.RawDiscountTotal += it.RawDiscountTotal
		itemTax += it.TaxTotal
	}
	for i, method := range o.ShippingMethods {
		var mt ShippingMethodTotals
		if flatRate {
			mt = method.legacyTotals(*o.TaxRate, o.FreeShipping)
		} else {
			mt = method.Totals(o.FreeShipping)
		}
		t.ShippingMethods[i] = mt
		t.ShippingTotal += mt.Subtotal
		shippingTax += mt.TaxTotal
	}

	for _, amount := range o.PaymentAmounts {
		t.PaidTotal += amount
	}
	for _, amount := range o.RefundAmounts {
		t.RefundedTotal += amount
	}
	t.RefundableAmount = t.PaidTotal - t.RefundedTotal

	if len(o.GiftCardTransactions) > 0 {
		t.GiftCardTotal, t.GiftCardTaxTotal = transactionTotals(o.GiftCardTransactions, o.Region)
	} else {
		// Medusa's order passes subtotal less the still unrounded discount,
		// whatever region.gift_cards_taxable says. The gift card total can
		// then be fractional in Medusa; it is rounded here to stay money.
		total, tax := giftCardTotals(float64(t.Subtotal)-t.RawDiscountTotal, o.GiftCards)
		t.GiftCardTotal, t.GiftCardTaxTotal = Round(total), tax
	}

	t.TaxTotal = itemTax + shippingTax - t.GiftCardTaxTotal
	t.DiscountTotal = Round(t.RawDiscountTotal)
	t.Total = t.Subtotal + t.ShippingTotal + t.TaxTotal - (t.GiftCardTotal + t.DiscountTotal)
	return t
}

// transactionTotals sums what the gift cards paid and the tax on it, rounding
// the running tax after every transaction as Medusa does.
func transactionTotals(transactions []GiftCardTransaction, region Region) (total, tax int64) {
	for _, tx := range transactions {
		rate := 0.0
		if tx.TaxRate != nil {
			rate = *tx.TaxRate
		}
		// Rows from before is_taxable existed follow the region; Medusa does
		// not join the card here, so the card's own rate is never consulted.
		if tx.IsTaxable == nil && region.GiftCardsTaxable {
			rate = region.TaxRate
		}
		total += tx.Amount
		tax = Round(float64(tax) + mul(float64(tx.Amount), rate/100))
	}
	return total, tax
}

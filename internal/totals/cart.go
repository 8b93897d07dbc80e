package totals

import (
	"math"
	"time"
)

// GiftCard is a gift card applied to a cart or order.
type GiftCard struct {
	ID      string // identifies the card in [ConsumeGiftCards] results
	Balance int64
	// TaxRate is the card's tax rate in percent; nil (or 0) when the card is
	// not taxable.
	TaxRate *float64
	EndsAt  *time.Time // only [ConsumeGiftCards] uses it
}

// Cart is what a cart's totals depend on.
type Cart struct {
	Items           []LineItem
	ShippingMethods []ShippingMethod
	GiftCards       []GiftCard // in the cart's order
	// FreeShipping is true when any of the cart's discounts is free shipping.
	FreeShipping bool
	Region       Region
}

// CartTotals are the totals Medusa puts on a cart, with those of its lines
// (Items[i] and ShippingMethods[i] belong to the cart's i-th line).
type CartTotals struct {
	Items            []LineItemTotals
	ShippingMethods  []ShippingMethodTotals
	Subtotal         int64
	DiscountTotal    int64   // Round(RawDiscountTotal): rounded once, not per item
	RawDiscountTotal float64 // Σ item raw discounts; not in Medusa's response
	ItemTaxTotal     int64
	ShippingTotal    int64 // Σ method subtotals
	ShippingTaxTotal int64
	TaxTotal         int64 // ItemTaxTotal + ShippingTaxTotal
	GiftCardTotal    int64
	GiftCardTaxTotal int64
	Total            int64
}

// Totals computes the cart's totals (§4.4).
func (c Cart) Totals() CartTotals {
	t := CartTotals{
		Items:           make([]LineItemTotals, len(c.Items)),
		ShippingMethods: make([]ShippingMethodTotals, len(c.ShippingMethods)),
	}
	for i, item := range c.Items {
		it := item.Totals()
		t.Items[i] = it
		t.Subtotal += it.Subtotal
		t.RawDiscountTotal += it.RawDiscountTotal
		t.ItemTaxTotal += it.TaxTotal
	}
	for i, method := range c.ShippingMethods {
		mt := method.Totals(c.FreeShipping)
		t.ShippingMethods[i] = mt
		t.ShippingTotal += mt.Subtotal
		t.ShippingTaxTotal += mt.TaxTotal
	}
	t.TaxTotal = t.ItemTaxTotal + t.ShippingTaxTotal
	t.DiscountTotal = Round(t.RawDiscountTotal)

	// When gift cards are taxed, the card pays the net amount and its own tax
	// is charged separately; otherwise it pays the taxed total.
	giftCardable := t.Subtotal + t.ShippingTotal - t.DiscountTotal
	if !c.Region.GiftCardsTaxable {
		giftCardable += t.TaxTotal
	}
	giftCardTotal, giftCardTax := giftCardTotals(float64(giftCardable), c.GiftCards)
	t.GiftCardTotal = Round(giftCardTotal)
	t.GiftCardTaxTotal = giftCardTax

	t.Total = t.Subtotal + t.ShippingTotal + t.TaxTotal -
		(t.GiftCardTotal + t.DiscountTotal + t.GiftCardTaxTotal)
	return t
}

// giftCardTotals is Medusa's gift card total of a cart (or of an order
// without gift card transactions): min(giftCardable, Σ balances), and the tax
// of each taxable card on the part of the gift-cardable amount it covers.
// Cards without a tax rate neither add tax nor use up the amount.
func giftCardTotals(giftCardable float64, cards []GiftCard) (total float64, tax int64) {
	if len(cards) == 0 {
		return 0, 0 // even when giftCardable is negative
	}
	balances := 0.0
	uncovered := giftCardable
	for _, card := range cards {
		balances += float64(card.Balance)
		covered := math.Min(uncovered, float64(card.Balance))
		if covered <= 0 || card.TaxRate == nil || *card.TaxRate == 0 {
			continue
		}
		tax += Round(covered * (*card.TaxRate / 100))
		uncovered -= covered
	}
	return math.Min(giftCardable, balances), tax
}

package totals

// ShippingMethod is what a shipping method's totals depend on.
type ShippingMethod struct {
	Price int64
	// IncludesTax: Price already contains the method's taxes.
	IncludesTax bool
	// TaxRates are the rates (percent) of the method's tax lines, in order;
	// the method is taxed only when there are some.
	TaxRates []float64
}

// ShippingMethodTotals are the totals Medusa puts on a shipping method.
type ShippingMethodTotals struct {
	Price            int64
	Subtotal         int64 // net of tax; what the cart's shipping_total adds up
	TaxTotal         int64
	OriginalTaxTotal int64 // tax even under free shipping
	Total            int64
	OriginalTotal    int64 // total even under free shipping
}

// Totals computes the method's totals (§4.3). freeShipping is true when the
// cart or order has any free-shipping discount.
func (m ShippingMethod) Totals(freeShipping bool) ShippingMethodTotals {
	t := ShippingMethodTotals{Price: m.Price, Subtotal: m.Price, Total: m.Price, OriginalTotal: m.Price}
	if len(m.TaxRates) > 0 {
		// Unlike items, shipping tax is rounded once over all its lines.
		tax := 0.0
		for _, rate := range m.TaxRates {
			tax += m.lineTax(rate / 100)
		}
		t.OriginalTaxTotal = Round(tax)
		t.TaxTotal = t.OriginalTaxTotal
		if m.IncludesTax {
			t.Subtotal -= t.TaxTotal
		} else {
			t.OriginalTotal += t.OriginalTaxTotal
			t.Total += t.TaxTotal
		}
	}
	if freeShipping {
		t.Total, t.Subtotal, t.TaxTotal = 0, 0, 0
	}
	return t
}

func (m ShippingMethod) lineTax(r float64) float64 {
	if m.IncludesTax {
		return includedTax(float64(m.Price), r)
	}
	return mul(float64(m.Price), r)
}

// legacyTotals are the totals of a method of an order from Medusa's old tax
// system. Medusa neither adds this tax to total nor to original_total.
func (m ShippingMethod) legacyTotals(orderTaxRate float64, freeShipping bool) ShippingMethodTotals {
	tax := Round(float64(m.Price) * (orderTaxRate / 100))
	t := ShippingMethodTotals{
		Price: m.Price, Subtotal: m.Price, Total: m.Price, OriginalTotal: m.Price,
		TaxTotal: tax, OriginalTaxTotal: tax,
	}
	if freeShipping {
		t.Total, t.Subtotal, t.TaxTotal = 0, 0, 0
	}
	return t
}

// TaxedPrice is a price with its tax, as Medusa lists shipping options and
// variant prices.
type TaxedPrice struct {
	TaxAmount    int64 // tax_amount (calculated_tax for variants)
	PriceInclTax int64 // price_incl_tax
}

// PriceWithTax taxes a listed price at the sum of ratesPercent (§3.9): the
// tax added to it, or when includesTax the part of it that is tax. With no
// rates (taxes not computed) the tax is 0.
func PriceWithTax(price int64, ratesPercent []float64, includesTax bool) TaxedPrice {
	r := rateSum(ratesPercent)
	if includesTax {
		return TaxedPrice{TaxAmount: Round(includedTax(float64(price), r)), PriceInclTax: price}
	}
	tax := Round(float64(price) * r)
	return TaxedPrice{TaxAmount: tax, PriceInclTax: price + tax}
}

// RequirementType is a shipping_option_requirement type.
type RequirementType string

const (
	MinSubtotal RequirementType = "min_subtotal"
	MaxSubtotal RequirementType = "max_subtotal"
)

// Requirement is a shipping_option_requirement row.
type Requirement struct {
	Type   RequirementType
	Amount int64
}

// MeetsRequirements reports whether a cart may use a shipping option (§3.8).
// The amount compared is the cart's subtotal, or for an option whose price
// includes tax the cart's total (Medusa's validateCartOption), given totals
// computed as the cart is when the method is added. min_subtotal needs
// amount >= requirement, max_subtotal amount < requirement; other types pass.
func MeetsRequirements(requirements []Requirement, optionIncludesTax bool, cart CartTotals) bool {
	amount := cart.Subtotal
	if optionIncludesTax {
		amount = cart.Total
	}
	for _, req := range requirements {
		switch req.Type {
		case MinSubtotal:
			if req.Amount > amount {
				return false
			}
		case MaxSubtotal:
			if req.Amount <= amount {
				return false
			}
		}
	}
	return true
}

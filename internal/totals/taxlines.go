package totals

// TaxRate is a row of the region's tax_rate table linked to a product,
// product type or shipping option.
type TaxRate struct {
	ID   string
	Rate float64 // percent; a null rate is 0
	Name string
	Code string
}

// TaxLine is a line_item_tax_line or shipping_method_tax_line.
type TaxLine struct {
	Rate float64 // percent
	Name string
	Code string
}

// Region holds the region fields totals depend on.
type Region struct {
	TaxRate          float64 // region.tax_rate, the default rate in percent
	GiftCardsTaxable bool    // region.gift_cards_taxable
}

// defaultLine is the line Medusa's system provider uses when nothing more
// specific is configured.
func (r Region) defaultLine() []TaxLine {
	return []TaxLine{{Rate: r.TaxRate, Name: "default", Code: "default"}}
}

// TaxedItem describes a line item to the system tax provider.
type TaxedItem struct {
	// IsCustom is true for an item without a variant; Medusa never taxes those.
	IsCustom bool
	// IsReturn is true for a return item; the provider gives it nothing, it
	// keeps the persisted lines of the item it returns.
	IsReturn         bool
	ProductRates     []TaxRate // the region's rates linked to the item's product
	ProductTypeRates []TaxRate // the region's rates linked to its product type
}

// ItemTaxLines returns the system tax provider's lines for a line item: one
// line per rate (rates are never merged), product rates first, then product
// type rates not already present (union by rate id), else the region default.
func ItemTaxLines(item TaxedItem, region Region) []TaxLine {
	if item.IsCustom || item.IsReturn {
		return nil
	}
	seen := make(map[string]bool, len(item.ProductRates)+len(item.ProductTypeRates))
	var lines []TaxLine
	for _, group := range [][]TaxRate{item.ProductRates, item.ProductTypeRates} {
		for _, rate := range group {
			if seen[rate.ID] {
				continue
			}
			seen[rate.ID] = true
			lines = append(lines, TaxLine{Rate: rate.Rate, Name: rate.Name, Code: rate.Code})
		}
	}
	if len(lines) == 0 {
		return region.defaultLine()
	}
	return lines
}

// ShippingTaxLines returns the system tax provider's lines for a shipping
// method: one per rate linked to its shipping option, else the region default.
func ShippingTaxLines(optionRates []TaxRate, region Region) []TaxLine {
	if len(optionRates) == 0 {
		return region.defaultLine()
	}
	lines := make([]TaxLine, len(optionRates))
	for i, rate := range optionRates {
		lines[i] = TaxLine{Rate: rate.Rate, Name: rate.Name, Code: rate.Code}
	}
	return lines
}

// Rates returns the rates of lines, in order, as the calculators take them.
func Rates(lines []TaxLine) []float64 {
	if len(lines) == 0 {
		return nil
	}
	rates := make([]float64, len(lines))
	for i, line := range lines {
		rates[i] = line.Rate
	}
	return rates
}

// Package pricing is Medusa v1's default price selection strategy. From all of
// a variant's money amounts and a pricing context it keeps the amounts Medusa
// would load (MoneyAmountRepository.findManyForVariantsInRegion), picks the
// original and the calculated price (PriceSelectionStrategy), and adds the tax
// fields of store product and variant responses (PricingService).
//
// It knows nothing of storage or GraphQL: callers load the money amounts with
// their price lists and fill the Context the way PricingService does.
package pricing

import (
	"slices"
	"time"

	"github.com/storegraph/storegraph/internal/totals"
)

// Type is a calculated price's origin: a price list's type, or TypeDefault.
type Type string

const (
	TypeDefault  Type = "default"
	TypeSale     Type = "sale"
	TypeOverride Type = "override"
)

// ListStatus is a price list's status; only active lists give prices.
type ListStatus string

const (
	ListActive ListStatus = "active"
	ListDraft  ListStatus = "draft"
)

// PriceList is the price list a money amount belongs to.
type PriceList struct {
	ID     string
	Type   Type // TypeSale or TypeOverride
	Status ListStatus
	// StartsAt and EndsAt bound the list strictly: it gives prices only while
	// StartsAt < now < EndsAt. Nil is open.
	StartsAt, EndsAt *time.Time
	// CustomerGroupIDs restrict the list to customers in one of the groups.
	CustomerGroupIDs []string
	IncludesTax      bool
	// Deleted marks a soft-deleted list: Medusa's join drops it, so its money
	// amounts are never candidates.
	Deleted bool
}

// MoneyAmount is one price of a variant (Medusa's money_amount row).
type MoneyAmount struct {
	ID           string
	Amount       int64
	CurrencyCode string
	RegionID     string // "" for a currency price
	// MinQuantity and MaxQuantity bound the quantity the price is for; nil
	// (and, as Medusa tests with `!`, zero) is open.
	MinQuantity, MaxQuantity *int
	PriceList                *PriceList // nil for the variant's own prices
	// CurrencyIncludesTax and RegionIncludesTax are includes_tax of the
	// amount's currency and region (tax-inclusive pricing).
	CurrencyIncludesTax bool
	RegionIncludesTax   bool
}

// TaxRate is one of the product's tax rates in the region (Medusa's
// TaxServiceRate): a product or product-type rate, or the region's default.
type TaxRate struct {
	Rate *float64 // percent; nil counts as 0
	Name string
	Code *string
}

// Context is the price selection context, filled as PricingService does.
type Context struct {
	// RegionID and CurrencyCode say which prices apply; "" is unknown. With a
	// region, CurrencyCode must be the region's currency (collectPricingContext
	// replaces any currency the client sent with it).
	RegionID     string
	CurrencyCode string
	// CustomerID is the customer the prices are for ("" for none); only with
	// a customer do price lists restricted to CustomerGroupIDs (the
	// customer's groups) apply.
	CustomerID       string
	CustomerGroupIDs []string
	// IncludeDiscountPrices lets price lists through when neither region nor
	// currency is known (line item generation sets it).
	IncludeDiscountPrices bool
	// Quantity is the line item quantity; nil when there is none (product
	// and variant listings).
	Quantity *int
	// Now is the request's clock; zero means time.Now().
	Now time.Time
	// TaxInclusivePricing is Medusa's tax_inclusive_pricing feature flag.
	TaxInclusivePricing bool
	// AutomaticTaxes is the region's automatic_taxes: with a region it adds
	// the tax fields to the result.
	AutomaticTaxes bool
	// TaxRates are the product's rates in the region. Nil when Medusa does not
	// look them up: without a region, and for product (not variant or line
	// item) pricing when the region has automatic taxes off. With tax-inclusive
	// pricing, mixed inclusive and exclusive prices are only compared when
	// TaxRates is not nil.
	TaxRates []TaxRate
}

// Result is a variant's pricing: the fields Medusa adds to a priced variant.
// Nil pointers are JSON null (or keys Medusa leaves out).
type Result struct {
	// Prices are the money amounts Medusa returns as the variant's `prices`:
	// the candidates, or, when there is none, every money amount given
	// (Medusa then leaves the variant undecorated, so its loaded prices stay
	// and every other field here is nil).
	Prices []MoneyAmount

	OriginalPrice       *int64
	CalculatedPrice     *int64
	CalculatedPriceType Type // "" when there is no calculated price
	// The includes_tax flags are only set with tax-inclusive pricing on.
	OriginalPriceIncludesTax   *bool
	CalculatedPriceIncludesTax *bool

	// The tax fields are only set when the region has automatic taxes.
	OriginalTax            *int64
	CalculatedTax          *int64
	OriginalPriceInclTax   *int64
	CalculatedPriceInclTax *int64
	TaxRates               []TaxRate // non-nil (maybe empty) when taxed
}

// Select prices a variant: prices are all of its money amounts.
func Select(prices []MoneyAmount, ctx Context) Result {
	candidates := Candidates(prices, ctx)
	if len(candidates) == 0 {
		return Result{Prices: prices}
	}
	var sel selection
	if ctx.TaxInclusivePricing {
		sel.pickTaxAware(candidates, ctx)
	} else {
		sel.pickPlain(candidates, ctx)
	}
	return sel.result(candidates, ctx)
}

// Candidates keeps the money amounts Medusa loads for the context, in the
// order given (Medusa's query has no ORDER BY; callers should pass a stable
// order such as creation order, which decides ties).
func Candidates(prices []MoneyAmount, ctx Context) []MoneyAmount {
	// Medusa binds the date as Date.toUTCString(), which drops milliseconds.
	now := ctx.now().Truncate(time.Second)
	out := make([]MoneyAmount, 0, len(prices))
	for _, ma := range prices {
		if ctx.admits(ma, now) {
			out = append(out, ma)
		}
	}
	return out
}

func (ctx Context) now() time.Time {
	if ctx.Now.IsZero() {
		return time.Now()
	}
	return ctx.Now
}

// admits is the WHERE clause of findManyForVariantsInRegion. Price lists
// must be active and running; a list with customer groups needs a customer
// in one of them. Without region and currency, price lists only come with a
// customer or IncludeDiscountPrices.
func (ctx Context) admits(ma MoneyAmount, now time.Time) bool {
	if pl := ma.PriceList; pl != nil {
		if pl.Deleted || pl.Status != ListActive {
			return false
		}
		if pl.EndsAt != nil && !pl.EndsAt.After(now) {
			return false
		}
		if pl.StartsAt != nil && !pl.StartsAt.Before(now) {
			return false
		}
		if len(pl.CustomerGroupIDs) > 0 &&
			(ctx.CustomerID == "" || !sharesAny(pl.CustomerGroupIDs, ctx.CustomerGroupIDs)) {
			return false
		}
	}
	switch {
	case ctx.RegionID != "" || ctx.CurrencyCode != "":
		return ctx.matches(ma)
	case ctx.CustomerID == "" && !ctx.IncludeDiscountPrices:
		return ma.PriceList == nil
	}
	return true
}

// matches reports whether the amount is in the context's region or currency.
func (ctx Context) matches(ma MoneyAmount) bool {
	return (ctx.RegionID != "" && ma.RegionID == ctx.RegionID) ||
		(ctx.CurrencyCode != "" && ma.CurrencyCode == ctx.CurrencyCode)
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// isBasePrice: only a price outside any list and without quantity bounds can
// be the original price (Medusa tests these fields against null, so a zero
// bound counts as a bound here).
func (ma MoneyAmount) isBasePrice() bool {
	return ma.PriceList == nil && ma.MinQuantity == nil && ma.MaxQuantity == nil
}

// includesTax: any of currency, price list and region saying so makes the
// amount tax-inclusive (Medusa only ever overrides with a true).
func (ma MoneyAmount) includesTax() bool {
	return ma.CurrencyIncludesTax ||
		(ma.PriceList != nil && ma.PriceList.IncludesTax) ||
		ma.RegionIncludesTax
}

func (ma MoneyAmount) priceType() Type {
	if ma.PriceList != nil {
		return ma.PriceList.Type
	}
	return TypeDefault
}

// fitsQuantity is Medusa's isValidQuantity. Bounds are tested with `!`, so
// zero is open. Without a quantity Medusa's test reduces to "no minimum":
// an amount with only a maximum still counts.
func (ma MoneyAmount) fitsQuantity(quantity *int) bool {
	open := func(bound *int) bool { return bound == nil || *bound == 0 }
	if quantity == nil {
		return open(ma.MinQuantity)
	}
	q := *quantity
	return (open(ma.MinQuantity) || *ma.MinQuantity <= q) &&
		(open(ma.MaxQuantity) || *ma.MaxQuantity >= q)
}

// selection is the strategy's running choice; result publishes it.
type selection struct {
	hasOriginal, hasCalculated bool
	original, calculated       int64
	calculatedType             Type
	originalInclusive          bool
	calculatedInclusive        bool
}

// considerOriginal applies Medusa's original-price rule to one amount: a
// region price always wins, a currency price only while nothing was picked.
func (sel *selection) considerOriginal(ma MoneyAmount, ctx Context) {
	if !ma.isBasePrice() {
		return
	}
	inRegion := ctx.RegionID != "" && ma.RegionID == ctx.RegionID
	inCurrency := ctx.CurrencyCode != "" && ma.CurrencyCode == ctx.CurrencyCode
	if inRegion || (inCurrency && !sel.hasOriginal) {
		sel.hasOriginal, sel.original = true, ma.Amount
		sel.originalInclusive = ma.includesTax()
	}
}

func (sel *selection) takeCalculated(ma MoneyAmount) {
	sel.hasCalculated, sel.calculated = true, ma.Amount
	sel.calculatedType = ma.priceType()
	sel.calculatedInclusive = ma.includesTax()
}

// pickPlain is calculateVariantPrice_old (tax-inclusive pricing off): the
// lowest amount wins, the first of equal ones.
func (sel *selection) pickPlain(candidates []MoneyAmount, ctx Context) {
	for _, ma := range candidates {
		sel.considerOriginal(ma, ctx)
		if ma.fitsQuantity(ctx.Quantity) &&
			(!sel.hasCalculated || ma.Amount < sel.calculated) &&
			ctx.matches(ma) {
			sel.takeCalculated(ma)
		}
	}
}

// pickTaxAware is calculateVariantPrice_new (tax-inclusive pricing on).
func (sel *selection) pickTaxAware(candidates []MoneyAmount, ctx Context) {
	rate, haveRate := combinedRate(ctx.TaxRates), ctx.TaxRates != nil
	for _, ma := range candidates {
		sel.considerOriginal(ma, ctx)
		if ma.fitsQuantity(ctx.Quantity) &&
			sel.cheaper(ma.Amount, ma.includesTax(), rate, haveRate) &&
			ctx.matches(ma) {
			sel.takeCalculated(ma)
		}
	}
}

// cheaper is Medusa's isValidAmount: an amount and the current calculated
// price are compared as they are when both include tax or both do not;
// otherwise the exclusive one is grossed up by the rate, and without a rate
// they cannot be compared and the current price stays.
func (sel *selection) cheaper(amount int64, inclusive bool, rate float64, haveRate bool) bool {
	switch {
	case !sel.hasCalculated:
		return true
	case inclusive == sel.calculatedInclusive:
		return amount < sel.calculated
	case !haveRate:
		return false
	case inclusive:
		return float64(amount) < (1+rate)*float64(sel.calculated)
	default:
		return (1+rate)*float64(amount) < float64(sel.calculated)
	}
}

// result builds the Result; its pointers share one allocation.
func (sel *selection) result(candidates []MoneyAmount, ctx Context) Result {
	v := &struct {
		original, calculated                   int64
		originalInclusive, calculatedInclusive bool
		originalTax, calculatedTax             int64
		originalInclTax, calculatedInclTax     int64
	}{original: sel.original, calculated: sel.calculated,
		originalInclusive: sel.originalInclusive, calculatedInclusive: sel.calculatedInclusive}

	res := Result{Prices: candidates}
	if sel.hasOriginal {
		res.OriginalPrice = &v.original
		if ctx.TaxInclusivePricing {
			res.OriginalPriceIncludesTax = &v.originalInclusive
		}
	}
	if sel.hasCalculated {
		res.CalculatedPrice = &v.calculated
		res.CalculatedPriceType = sel.calculatedType
		if ctx.TaxInclusivePricing {
			res.CalculatedPriceIncludesTax = &v.calculatedInclusive
		}
	}
	if !ctx.AutomaticTaxes || ctx.RegionID == "" {
		return res
	}

	// PricingService.calculateTaxes. An includes_tax flag only counts with
	// tax-inclusive pricing on, where it is set at all.
	res.TaxRates = ctx.TaxRates
	if res.TaxRates == nil {
		res.TaxRates = []TaxRate{}
	}
	rate := combinedRate(res.TaxRates)
	if sel.hasOriginal {
		v.originalTax, v.originalInclTax = taxOn(v.original, ctx.TaxInclusivePricing && v.originalInclusive, rate)
		res.OriginalTax, res.OriginalPriceInclTax = &v.originalTax, &v.originalInclTax
	}
	if sel.hasCalculated {
		v.calculatedTax, v.calculatedInclTax = taxOn(v.calculated, ctx.TaxInclusivePricing && v.calculatedInclusive, rate)
		res.CalculatedTax, res.CalculatedPriceInclTax = &v.calculatedTax, &v.calculatedInclTax
	}
	return res
}

// combinedRate sums the rates as fractions, in order, as Medusa's reduce does.
func combinedRate(rates []TaxRate) float64 {
	var sum float64
	for _, r := range rates {
		if r.Rate != nil {
			sum += *r.Rate / 100
		}
	}
	return sum
}

// taxOn gives a price's tax and its price including tax.
func taxOn(price int64, inclusive bool, rate float64) (tax, inclTax int64) {
	tax = totals.Round(TaxAmount(price, rate, inclusive))
	if inclusive {
		return tax, price
	}
	return tax, price + tax
}

// TaxAmount is Medusa's calculatePriceTaxAmount: the tax included in a
// tax-inclusive price, or the tax to add to an exclusive one; rate is a
// fraction (0.2 for 20 %). Unrounded: callers round.
func TaxAmount(price int64, rate float64, includesTax bool) float64 {
	if includesTax {
		return (rate * float64(price)) / (1 + rate)
	}
	return float64(price) * rate
}

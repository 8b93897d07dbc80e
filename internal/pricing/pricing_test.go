package pricing

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/totals"
)

var now = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

const (
	region   = "reg_eu"
	currency = "eur"
)

func intp(v int) *int { return &v }

func at(d time.Duration) *time.Time { t := now.Add(d); return &t }

func ratep(r float64) *float64 { return &r }

// Money amounts for the fixtures below.
func regionPrice(id string, amount int64) MoneyAmount {
	return MoneyAmount{ID: id, Amount: amount, CurrencyCode: currency, RegionID: region}
}

func currencyPrice(id string, amount int64) MoneyAmount {
	return MoneyAmount{ID: id, Amount: amount, CurrencyCode: currency}
}

func inList(ma MoneyAmount, pl *PriceList) MoneyAmount {
	ma.PriceList = pl
	return ma
}

func tier(ma MoneyAmount, min, max *int) MoneyAmount {
	ma.MinQuantity, ma.MaxQuantity = min, max
	return ma
}

func activeList(id string, typ Type) *PriceList {
	return &PriceList{ID: id, Type: typ, Status: ListActive}
}

func regionContext() Context {
	return Context{RegionID: region, CurrencyCode: currency, Now: now}
}

// summary renders a result compactly so table cases read as one line.
func summary(r Result) string {
	num := func(p *int64) string {
		if p == nil {
			return "null"
		}
		return fmt.Sprint(*p)
	}
	typ := string(r.CalculatedPriceType)
	if typ == "" {
		typ = "null"
	}
	return fmt.Sprintf("original=%s calculated=%s type=%s", num(r.OriginalPrice), num(r.CalculatedPrice), typ)
}

func priceIDs(prices []MoneyAmount) []string {
	ids := make([]string, len(prices))
	for i, p := range prices {
		ids[i] = p.ID
	}
	return ids
}

func TestSelect(t *testing.T) {
	groupList := activeList("pl_vip", TypeSale)
	groupList.CustomerGroupIDs = []string{"cgrp_vip"}
	usd := MoneyAmount{ID: "ma_usd", Amount: 50, CurrencyCode: "usd"}

	tests := []struct {
		name    string
		prices  []MoneyAmount
		ctx     func(*Context)
		want    string
		wantIDs []string // the prices Medusa returns; nil: do not check
	}{
		{
			name:   "RegionPriceBeatsCurrencyPriceForOriginal",
			prices: []MoneyAmount{currencyPrice("ma_cur", 120), regionPrice("ma_reg", 100)},
			want:   "original=100 calculated=100 type=default",
		},
		{
			name:   "RegionPriceBeatsCurrencyPriceWhateverTheOrder",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), currencyPrice("ma_cur", 80)},
			want:   "original=100 calculated=80 type=default",
		},
		{
			name:   "CheaperCurrencyPriceWinsCalculated",
			prices: []MoneyAmount{currencyPrice("ma_cur", 80), regionPrice("ma_reg", 100)},
			want:   "original=100 calculated=80 type=default",
		},
		{
			name:   "CurrencyPriceIsOriginalWithoutRegionPrice",
			prices: []MoneyAmount{currencyPrice("ma_cur", 80), usd},
			want:   "original=80 calculated=80 type=default", wantIDs: []string{"ma_cur"},
		},
		{
			name:   "CurrencyOnlyContext",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), currencyPrice("ma_cur", 80)},
			ctx:    func(c *Context) { c.RegionID = "" },
			// The region price shares the currency, so Medusa loads it, and
			// as the first base price in the currency it is the original.
			want:    "original=100 calculated=80 type=default",
			wantIDs: []string{"ma_reg", "ma_cur"},
		},
		{
			name:    "RegionOnlyContextIgnoresCurrencyPrices",
			prices:  []MoneyAmount{regionPrice("ma_reg", 100), currencyPrice("ma_cur", 80)},
			ctx:     func(c *Context) { c.CurrencyCode = "" },
			want:    "original=100 calculated=100 type=default",
			wantIDs: []string{"ma_reg"},
		},
		{
			name:   "SalePriceList",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), inList(regionPrice("ma_sale", 70), activeList("pl_sale", TypeSale))},
			want:   "original=100 calculated=70 type=sale",
		},
		{
			name:   "CheaperOverridePriceList",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), inList(currencyPrice("ma_ovr", 90), activeList("pl_ovr", TypeOverride))},
			want:   "original=100 calculated=90 type=override",
		},
		{
			// The default strategy takes the lowest price; an override list
			// does not force a dearer price.
			name:   "DearerOverridePriceListLoses",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), inList(currencyPrice("ma_ovr", 130), activeList("pl_ovr", TypeOverride))},
			want:   "original=100 calculated=100 type=default",
		},
		{
			name:   "PriceListPriceIsNeverOriginal",
			prices: []MoneyAmount{inList(regionPrice("ma_sale", 70), activeList("pl_sale", TypeSale))},
			want:   "original=null calculated=70 type=sale",
		},
		{
			name: "ExpiredPriceList",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_old", 70), &PriceList{ID: "pl_old", Type: TypeSale, Status: ListActive, EndsAt: at(-time.Hour)})},
			want: "original=100 calculated=100 type=default", wantIDs: []string{"ma_reg"},
		},
		{
			name: "PriceListEndingNowIsOver",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_old", 70), &PriceList{ID: "pl_old", Type: TypeSale, Status: ListActive, EndsAt: at(0)})},
			want: "original=100 calculated=100 type=default",
		},
		{
			// Medusa compares with a seconds-precision date string.
			name: "PriceListEndingLaterInTheSameSecondIsOver",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_old", 70), &PriceList{ID: "pl_old", Type: TypeSale, Status: ListActive, EndsAt: at(0)})},
			ctx:  func(c *Context) { c.Now = now.Add(400 * time.Millisecond) },
			want: "original=100 calculated=100 type=default",
		},
		{
			name: "FuturePriceList",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_new", 70), &PriceList{ID: "pl_new", Type: TypeSale, Status: ListActive, StartsAt: at(time.Hour)})},
			want: "original=100 calculated=100 type=default",
		},
		{
			name: "PriceListStartingNowHasNotStarted",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_new", 70), &PriceList{ID: "pl_new", Type: TypeSale, Status: ListActive, StartsAt: at(0)})},
			want: "original=100 calculated=100 type=default",
		},
		{
			name: "RunningPriceList",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_now", 70), &PriceList{ID: "pl_now", Type: TypeSale, Status: ListActive, StartsAt: at(-time.Hour), EndsAt: at(time.Hour)})},
			want: "original=100 calculated=70 type=sale",
		},
		{
			name: "DraftPriceList",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_draft", 70), &PriceList{ID: "pl_draft", Type: TypeSale, Status: ListDraft})},
			want: "original=100 calculated=100 type=default", wantIDs: []string{"ma_reg"},
		},
		{
			name: "DeletedPriceList",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_gone", 70), &PriceList{ID: "pl_gone", Type: TypeSale, Status: ListActive, Deleted: true})},
			want: "original=100 calculated=100 type=default",
		},
		{
			name:    "CustomerGroupListWithoutCustomer",
			prices:  []MoneyAmount{regionPrice("ma_reg", 100), inList(regionPrice("ma_vip", 60), groupList)},
			want:    "original=100 calculated=100 type=default",
			wantIDs: []string{"ma_reg"},
		},
		{
			name:   "CustomerGroupListForMember",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), inList(regionPrice("ma_vip", 60), groupList)},
			ctx: func(c *Context) {
				c.CustomerID, c.CustomerGroupIDs = "cus_1", []string{"cgrp_other", "cgrp_vip"}
			},
			want: "original=100 calculated=60 type=sale",
		},
		{
			name:   "CustomerGroupListForNonMember",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), inList(regionPrice("ma_vip", 60), groupList)},
			ctx:    func(c *Context) { c.CustomerID, c.CustomerGroupIDs = "cus_1", []string{"cgrp_other"} },
			want:   "original=100 calculated=100 type=default",
		},
		{
			name:   "ListWithoutGroupsIsForEveryCustomer",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), inList(regionPrice("ma_sale", 70), activeList("pl_sale", TypeSale))},
			ctx:    func(c *Context) { c.CustomerID = "cus_1" },
			want:   "original=100 calculated=70 type=sale",
		},
		{
			name:   "QuantityBelowTierMinimum",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), tier(regionPrice("ma_bulk", 50), intp(10), nil)},
			ctx:    func(c *Context) { c.Quantity = intp(9) },
			want:   "original=100 calculated=100 type=default",
		},
		{
			name:   "QuantityAtTierMinimum",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), tier(regionPrice("ma_bulk", 50), intp(10), nil)},
			ctx:    func(c *Context) { c.Quantity = intp(10) },
			want:   "original=100 calculated=50 type=default",
		},
		{
			name:   "QuantityAboveTierMaximum",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), tier(regionPrice("ma_few", 90), intp(1), intp(5))},
			ctx:    func(c *Context) { c.Quantity = intp(6) },
			want:   "original=100 calculated=100 type=default",
		},
		{
			name:   "QuantityInsideTier",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), tier(regionPrice("ma_few", 90), intp(1), intp(5))},
			ctx:    func(c *Context) { c.Quantity = intp(5) },
			want:   "original=100 calculated=90 type=default",
		},
		{
			name:   "ZeroBoundsAreOpen",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), tier(regionPrice("ma_zero", 95), intp(0), intp(0))},
			ctx:    func(c *Context) { c.Quantity = intp(1000) },
			// A zero bound still keeps the price from being the original.
			want: "original=100 calculated=95 type=default",
		},
		{
			name:   "NoQuantitySkipsTierWithMinimum",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), tier(regionPrice("ma_bulk", 50), intp(10), intp(20))},
			want:   "original=100 calculated=100 type=default",
		},
		{
			// Medusa's isValidPriceWithoutQuantity accepts a maximum alone.
			name:   "NoQuantityAcceptsTierWithOnlyMaximum",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), tier(regionPrice("ma_few", 90), nil, intp(5))},
			want:   "original=100 calculated=90 type=default",
		},
		{
			name: "NoRegionNoCurrency",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), usd,
				inList(regionPrice("ma_sale", 70), activeList("pl_sale", TypeSale))},
			ctx:  func(c *Context) { c.RegionID, c.CurrencyCode = "", "" },
			want: "original=null calculated=null type=null",
			// Every default price, and no price list ones.
			wantIDs: []string{"ma_reg", "ma_usd"},
		},
		{
			name: "NoRegionNoCurrencyWithDiscountPrices",
			prices: []MoneyAmount{regionPrice("ma_reg", 100),
				inList(regionPrice("ma_sale", 70), activeList("pl_sale", TypeSale))},
			ctx: func(c *Context) {
				c.RegionID, c.CurrencyCode, c.IncludeDiscountPrices = "", "", true
			},
			want:    "original=null calculated=null type=null",
			wantIDs: []string{"ma_reg", "ma_sale"},
		},
		{
			name:    "NoCandidatesKeepsEveryPrice",
			prices:  []MoneyAmount{usd},
			want:    "original=null calculated=null type=null",
			wantIDs: []string{"ma_usd"},
		},
		{
			name:   "EqualAmountsKeepTheFirst",
			prices: []MoneyAmount{regionPrice("ma_reg", 70), inList(currencyPrice("ma_sale", 70), activeList("pl_sale", TypeSale))},
			want:   "original=70 calculated=70 type=default",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := regionContext()
			if tt.ctx != nil {
				tt.ctx(&ctx)
			}
			for _, taxAware := range []bool{false, true} {
				ctx.TaxInclusivePricing = taxAware
				got := Select(tt.prices, ctx)
				if s := summary(got); s != tt.want {
					t.Errorf("tax-inclusive pricing %v: got %s, want %s", taxAware, s, tt.want)
				}
				if tt.wantIDs != nil && !slices.Equal(priceIDs(got.Prices), tt.wantIDs) {
					t.Errorf("tax-inclusive pricing %v: prices %v, want %v", taxAware, priceIDs(got.Prices), tt.wantIDs)
				}
			}
		})
	}
}

// Ensure the includes_tax flags only appear with tax-inclusive pricing on.
func TestSelectIncludesTaxFlags(t *testing.T) {
	prices := []MoneyAmount{
		{ID: "ma_reg", Amount: 100, CurrencyCode: currency, RegionID: region, RegionIncludesTax: true},
		inList(currencyPrice("ma_sale", 70), activeList("pl_sale", TypeSale)),
	}
	ctx := regionContext()
	off := Select(prices, ctx)
	if off.OriginalPriceIncludesTax != nil || off.CalculatedPriceIncludesTax != nil {
		t.Fatalf("flags set with tax-inclusive pricing off: %v %v", off.OriginalPriceIncludesTax, off.CalculatedPriceIncludesTax)
	}

	ctx.TaxInclusivePricing = true
	ctx.TaxRates = []TaxRate{{Rate: ratep(20), Name: "default"}}
	on := Select(prices, ctx)
	// 70 exclusive is 84 with tax, below 100 inclusive.
	if summary(on) != "original=100 calculated=70 type=sale" {
		t.Fatalf("got %s", summary(on))
	}
	if !*on.OriginalPriceIncludesTax || *on.CalculatedPriceIncludesTax {
		t.Fatalf("flags %v %v, want true false", *on.OriginalPriceIncludesTax, *on.CalculatedPriceIncludesTax)
	}
}

// Ensure tax-inclusive and exclusive prices are compared through the rate.
func TestSelectMixedTaxInclusion(t *testing.T) {
	inclusiveList := activeList("pl_incl", TypeSale)
	inclusiveList.IncludesTax = true
	exclusive100 := regionPrice("ma_reg", 100)
	inclusive115 := inList(currencyPrice("ma_incl", 115), inclusiveList)
	inclusive125 := inList(currencyPrice("ma_incl", 125), inclusiveList)

	tests := []struct {
		name   string
		prices []MoneyAmount
		rates  []TaxRate
		want   string
	}{
		{"InclusiveBelowGrossedUpExclusive", []MoneyAmount{exclusive100, inclusive115}, []TaxRate{{Rate: ratep(20)}}, "calculated=115 type=sale"},
		{"InclusiveAboveGrossedUpExclusive", []MoneyAmount{exclusive100, inclusive125}, []TaxRate{{Rate: ratep(20)}}, "calculated=100 type=default"},
		{"ExclusiveBelowInclusive", []MoneyAmount{inclusive125, exclusive100}, []TaxRate{{Rate: ratep(20)}}, "calculated=100 type=default"},
		{"RatesAddUp", []MoneyAmount{exclusive100, inclusive125}, []TaxRate{{Rate: ratep(20)}, {Rate: ratep(10)}}, "calculated=125 type=sale"},
		{"NullRateCountsZero", []MoneyAmount{exclusive100, inclusive115}, []TaxRate{{Rate: nil}}, "calculated=100 type=default"},
		{"WithoutRatesTheFirstStays", []MoneyAmount{exclusive100, inclusive115}, nil, "calculated=100 type=default"},
		{"WithoutRatesTheFirstStaysEvenIfDearer", []MoneyAmount{inclusive125, exclusive100}, nil, "calculated=125 type=sale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := regionContext()
			ctx.TaxInclusivePricing = true
			ctx.TaxRates = tt.rates
			got := Select(tt.prices, ctx)
			if s := summary(got); s != "original=100 "+tt.want {
				t.Errorf("got %s, want original=100 %s", s, tt.want)
			}
		})
	}
}

func TestSelectTaxes(t *testing.T) {
	twenty := []TaxRate{{Rate: ratep(20), Name: "default", Code: nil}}
	inclusiveRegion := MoneyAmount{ID: "ma_reg", Amount: 120, CurrencyCode: currency, RegionID: region, RegionIncludesTax: true}
	sale := inList(currencyPrice("ma_sale", 90), activeList("pl_sale", TypeSale))

	type taxes struct{ origTax, calcTax, origIncl, calcIncl int64 }
	tests := []struct {
		name   string
		prices []MoneyAmount
		ctx    func(*Context)
		want   *taxes // nil: no tax fields
	}{
		{
			name:   "Exclusive",
			prices: []MoneyAmount{regionPrice("ma_reg", 100), sale},
			want:   &taxes{origTax: 20, calcTax: 18, origIncl: 120, calcIncl: 108},
		},
		{
			name:   "SeveralRates",
			prices: []MoneyAmount{regionPrice("ma_reg", 100)},
			ctx:    func(c *Context) { c.TaxRates = []TaxRate{{Rate: ratep(10)}, {Rate: ratep(25)}} },
			want:   &taxes{origTax: 35, calcTax: 35, origIncl: 135, calcIncl: 135},
		},
		{
			name:   "RoundsHalfUp",
			prices: []MoneyAmount{regionPrice("ma_reg", 105)},
			ctx:    func(c *Context) { c.TaxRates = []TaxRate{{Rate: ratep(10)}} },
			want:   &taxes{origTax: 11, calcTax: 11, origIncl: 116, calcIncl: 116},
		},
		{
			name:   "InclusiveWithFlag",
			prices: []MoneyAmount{inclusiveRegion},
			ctx:    func(c *Context) { c.TaxInclusivePricing = true },
			want:   &taxes{origTax: 20, calcTax: 20, origIncl: 120, calcIncl: 120},
		},
		{
			// Without the flag a region's includes_tax means nothing.
			name:   "InclusiveWithoutFlag",
			prices: []MoneyAmount{inclusiveRegion},
			want:   &taxes{origTax: 24, calcTax: 24, origIncl: 144, calcIncl: 144},
		},
		{
			name:   "NoAutomaticTaxes",
			prices: []MoneyAmount{regionPrice("ma_reg", 100)},
			ctx:    func(c *Context) { c.AutomaticTaxes = false },
		},
		{
			name:   "NoRegion",
			prices: []MoneyAmount{currencyPrice("ma_cur", 100)},
			ctx:    func(c *Context) { c.RegionID = "" },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := regionContext()
			ctx.AutomaticTaxes = true
			ctx.TaxRates = twenty
			if tt.ctx != nil {
				tt.ctx(&ctx)
			}
			got := Select(tt.prices, ctx)
			if tt.want == nil {
				if got.OriginalTax != nil || got.CalculatedTax != nil || got.OriginalPriceInclTax != nil ||
					got.CalculatedPriceInclTax != nil || got.TaxRates != nil {
					t.Fatalf("tax fields set: %+v", got)
				}
				return
			}
			if got.OriginalTax == nil || got.CalculatedTax == nil || got.OriginalPriceInclTax == nil || got.CalculatedPriceInclTax == nil {
				t.Fatalf("tax fields missing: %+v", got)
			}
			have := taxes{*got.OriginalTax, *got.CalculatedTax, *got.OriginalPriceInclTax, *got.CalculatedPriceInclTax}
			if have != *tt.want {
				t.Errorf("got %+v, want %+v", have, *tt.want)
			}
			if len(got.TaxRates) != len(ctx.TaxRates) {
				t.Errorf("tax rates %v, want %v", got.TaxRates, ctx.TaxRates)
			}
		})
	}
}

// Ensure a taxed result carries an empty, not null, list of rates, and no tax
// on a missing price.
func TestSelectTaxesWithoutRatesOrPrice(t *testing.T) {
	ctx := regionContext()
	ctx.AutomaticTaxes = true
	got := Select([]MoneyAmount{inList(regionPrice("ma_sale", 70), activeList("pl_sale", TypeSale))}, ctx)
	if got.TaxRates == nil || len(got.TaxRates) != 0 {
		t.Fatalf("tax rates %#v, want empty", got.TaxRates)
	}
	if got.OriginalTax != nil || got.OriginalPriceInclTax != nil {
		t.Fatalf("tax on a null original price: %v %v", got.OriginalTax, got.OriginalPriceInclTax)
	}
	if *got.CalculatedTax != 0 || *got.CalculatedPriceInclTax != 70 {
		t.Fatalf("calculated tax %d incl %d, want 0 and 70", *got.CalculatedTax, *got.CalculatedPriceInclTax)
	}
}

func TestTaxAmount(t *testing.T) {
	tests := []struct {
		price       int64
		rate        float64
		includesTax bool
		want        int64
	}{
		{100, 0.1, false, 10},
		{120, 0.2, true, 20},
		{30000, 0.19, true, 4790},
		{95, 0.1, false, 10}, // 9.5 rounds up
	}
	for _, tt := range tests {
		if got := totals.Round(TaxAmount(tt.price, tt.rate, tt.includesTax)); got != tt.want {
			t.Errorf("TaxAmount(%d, %v, %v) rounds to %d, want %d", tt.price, tt.rate, tt.includesTax, got, tt.want)
		}
	}
}

func BenchmarkSelect(b *testing.B) {
	vip := activeList("pl_vip", TypeSale)
	vip.CustomerGroupIDs = []string{"cgrp_vip"}
	prices := []MoneyAmount{
		currencyPrice("ma_eur", 1200),
		{ID: "ma_usd", Amount: 1300, CurrencyCode: "usd"},
		{ID: "ma_dkk", Amount: 9000, CurrencyCode: "dkk"},
		regionPrice("ma_reg", 1100),
		tier(regionPrice("ma_bulk", 900), intp(10), nil),
		tier(regionPrice("ma_few", 1050), intp(2), intp(9)),
		inList(currencyPrice("ma_sale", 1000), activeList("pl_sale", TypeSale)),
		inList(regionPrice("ma_vip", 800), vip),
		inList(currencyPrice("ma_draft", 500), &PriceList{ID: "pl_draft", Type: TypeSale, Status: ListDraft}),
	}
	ctx := regionContext()
	ctx.CustomerID, ctx.CustomerGroupIDs = "cus_1", []string{"cgrp_vip"}
	ctx.Quantity = intp(3)
	ctx.AutomaticTaxes = true
	ctx.TaxRates = []TaxRate{{Rate: ratep(25), Name: "default"}}
	b.ReportAllocs()
	for b.Loop() {
		Select(prices, ctx)
	}
}

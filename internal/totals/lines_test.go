package totals_test

import (
	"reflect"
	"testing"

	"github.com/storegraph/storegraph/internal/totals"
)

func TestItemTaxLines(t *testing.T) {
	region := totals.Region{TaxRate: 20}
	vat := totals.TaxRate{ID: "txr_vat", Rate: 10, Name: "VAT", Code: "vat"}
	luxury := totals.TaxRate{ID: "txr_lux", Rate: 5, Name: "Luxury", Code: "lux"}

	t.Run("UnionByRateID", func(t *testing.T) {
		got := totals.ItemTaxLines(totals.TaxedItem{
			ProductRates:     []totals.TaxRate{vat},
			ProductTypeRates: []totals.TaxRate{vat, luxury},
		}, region)
		want := []totals.TaxLine{{Rate: 10, Name: "VAT", Code: "vat"}, {Rate: 5, Name: "Luxury", Code: "lux"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})
	t.Run("TypeRatesAlone", func(t *testing.T) {
		got := totals.ItemTaxLines(totals.TaxedItem{ProductTypeRates: []totals.TaxRate{luxury}}, region)
		if len(got) != 1 || got[0].Rate != 5 {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("CustomAndReturnItemsGetNone", func(t *testing.T) {
		withRates := totals.TaxedItem{ProductRates: []totals.TaxRate{vat}}
		custom, ret := withRates, withRates
		custom.IsCustom, ret.IsReturn = true, true
		if lines := totals.ItemTaxLines(custom, region); lines != nil {
			t.Errorf("custom item lines = %+v", lines)
		}
		if lines := totals.ItemTaxLines(ret, region); lines != nil {
			t.Errorf("return item lines = %+v", lines)
		}
	})
	t.Run("ShippingOptionRatesNotMerged", func(t *testing.T) {
		got := totals.ShippingTaxLines([]totals.TaxRate{vat, luxury}, region)
		if !reflect.DeepEqual(totals.Rates(got), []float64{10, 5}) {
			t.Errorf("got %+v", got)
		}
	})
}

func TestAllocate(t *testing.T) {
	adjustments := []totals.Adjustment{
		{DiscountID: "disc_cart", Amount: 9.25},
		{DiscountID: "disc_cart", Amount: 0.5},
		{DiscountID: "", Amount: 3},         // custom, always counted
		{DiscountID: "disc_old", Amount: 7}, // not the cart's discount
	}
	for _, tc := range []struct {
		name           string
		quantity       int64
		allowDiscounts bool
		discountID     string
		want           totals.Allocation
	}{
		{"DiscountAndCustom", 3, true, "disc_cart", totals.Allocation{Amount: 12.75, UnitAmount: 4}},
		{"DiscountsNotAllowedKeepCustom", 3, false, "disc_cart", totals.Allocation{Amount: 3, UnitAmount: 1}},
		{"NoCartDiscount", 2, true, "", totals.Allocation{Amount: 3, UnitAmount: 2}}, // 1.5 rounds up
		{"ZeroQuantity", 0, true, "disc_cart", totals.Allocation{Amount: 12.75, UnitAmount: 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := totals.Allocate(adjustments, tc.quantity, tc.allowDiscounts, tc.discountID)
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestLineItemTotals(t *testing.T) {
	for _, tc := range []struct {
		name string
		item totals.LineItem
		want totals.LineItemTotals
	}{
		{
			// Ensure an untaxed item has no tax and the discount rounds per item.
			name: "NoTaxLines",
			item: totals.LineItem{UnitPrice: 1000, Quantity: 2, Discount: 16.5},
			want: totals.LineItemTotals{Subtotal: 2000, DiscountTotal: 17, RawDiscountTotal: 16.5, Total: 1983, OriginalTotal: 2000},
		},
		{
			// Medusa only learns an inclusive item's net price from its tax
			// lines, so without them its subtotal is 0.
			name: "InclusiveWithoutTaxLines",
			item: totals.LineItem{UnitPrice: 1000, Quantity: 2, IncludesTax: true, Discount: 100},
			want: totals.LineItemTotals{DiscountTotal: 100, RawDiscountTotal: 100, Total: -100},
		},
		{
			// Each tax line is rounded on its own: 105×10 % = 10.5 → 11 and
			// 105×15 % = 15.75 → 16.
			name: "RoundedPerTaxLine",
			item: totals.LineItem{UnitPrice: 105, Quantity: 1, TaxRates: []float64{10, 15}},
			want: totals.LineItemTotals{Subtotal: 105, TaxTotal: 27, OriginalTaxTotal: 27, Total: 132, OriginalTotal: 132},
		},
		{
			// t = round(1000×0.25/1.25) = 200, net line 2400 (Node: tax 586).
			name: "InclusiveSeveralRatesFractionalDiscount",
			item: totals.LineItem{UnitPrice: 1000, Quantity: 3, IncludesTax: true, TaxRates: []float64{10, 15}, Discount: 55.5},
			want: totals.LineItemTotals{
				Subtotal: 2400, DiscountTotal: 56, RawDiscountTotal: 55.5,
				TaxTotal: 586, OriginalTaxTotal: 600, Total: 2930, OriginalTotal: 3000,
			},
		},
		{
			// A discount larger than the line makes the tax negative, and
			// halves still round toward +∞: -15×10 % = -1.5 → -1.
			name: "NegativeTaxableAmount",
			item: totals.LineItem{UnitPrice: 100, Quantity: 1, TaxRates: []float64{10}, Discount: 115},
			want: totals.LineItemTotals{Subtotal: 100, DiscountTotal: 115, RawDiscountTotal: 115, TaxTotal: -1, OriginalTaxTotal: 10, Total: -16, OriginalTotal: 110},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertItem(t, tc.item.Totals(), tc.want)
		})
	}
}

func TestShippingMethodTotals(t *testing.T) {
	for _, tc := range []struct {
		name         string
		method       totals.ShippingMethod
		freeShipping bool
		want         totals.ShippingMethodTotals
	}{
		{
			name:   "Exclusive",
			method: totals.ShippingMethod{Price: 1000, TaxRates: []float64{25}},
			want:   totals.ShippingMethodTotals{Price: 1000, Subtotal: 1000, TaxTotal: 250, OriginalTaxTotal: 250, Total: 1250, OriginalTotal: 1250},
		},
		{
			// Unlike items, shipping rounds once over its lines: 10.5 + 15.75 → 26.
			name:   "RoundedOnceOverTaxLines",
			method: totals.ShippingMethod{Price: 105, TaxRates: []float64{10, 15}},
			want:   totals.ShippingMethodTotals{Price: 105, Subtotal: 105, TaxTotal: 26, OriginalTaxTotal: 26, Total: 131, OriginalTotal: 131},
		},
		{
			name:   "Inclusive",
			method: totals.ShippingMethod{Price: 1250, IncludesTax: true, TaxRates: []float64{25}},
			want:   totals.ShippingMethodTotals{Price: 1250, Subtotal: 1000, TaxTotal: 250, OriginalTaxTotal: 250, Total: 1250, OriginalTotal: 1250},
		},
		{
			// 90.909… + 130.434… = 221.34 → 221.
			name:   "InclusiveSeveralRates",
			method: totals.ShippingMethod{Price: 1000, IncludesTax: true, TaxRates: []float64{10, 15}},
			want:   totals.ShippingMethodTotals{Price: 1000, Subtotal: 779, TaxTotal: 221, OriginalTaxTotal: 221, Total: 1000, OriginalTotal: 1000},
		},
		{
			name:         "FreeShippingKeepsOriginals",
			method:       totals.ShippingMethod{Price: 1000, TaxRates: []float64{25}},
			freeShipping: true,
			want:         totals.ShippingMethodTotals{Price: 1000, OriginalTaxTotal: 250, OriginalTotal: 1250},
		},
		{
			name:         "FreeInclusiveShipping",
			method:       totals.ShippingMethod{Price: 1250, IncludesTax: true, TaxRates: []float64{25}},
			freeShipping: true,
			want:         totals.ShippingMethodTotals{Price: 1250, OriginalTaxTotal: 250, OriginalTotal: 1250},
		},
		{
			name:   "Untaxed",
			method: totals.ShippingMethod{Price: 800},
			want:   totals.ShippingMethodTotals{Price: 800, Subtotal: 800, Total: 800, OriginalTotal: 800},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.method.Totals(tc.freeShipping); got != tc.want {
				t.Errorf("\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestPriceWithTax(t *testing.T) {
	for _, tc := range []struct {
		name        string
		price       int64
		rates       []float64
		includesTax bool
		want        totals.TaxedPrice
	}{
		{"Exclusive", 1000, []float64{10, 15}, false, totals.TaxedPrice{TaxAmount: 250, PriceInclTax: 1250}},
		{"Inclusive", 1250, []float64{25}, true, totals.TaxedPrice{TaxAmount: 250, PriceInclTax: 1250}},
		{"InclusiveRatesSummedFirst", 1000, []float64{10, 15}, true, totals.TaxedPrice{TaxAmount: 200, PriceInclTax: 1000}},
		{"TaxesNotComputed", 1000, nil, false, totals.TaxedPrice{TaxAmount: 0, PriceInclTax: 1000}},
		{"HalfRoundsUp", 105, []float64{10}, false, totals.TaxedPrice{TaxAmount: 11, PriceInclTax: 116}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := totals.PriceWithTax(tc.price, tc.rates, tc.includesTax); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// Ensure the requirement amount is the cart total (shipping, discounts and
// gift cards included) for an option whose price includes tax.
func TestMeetsRequirementsUsesCartTotal(t *testing.T) {
	cart := totals.Cart{
		Items:           []totals.LineItem{{UnitPrice: 95, Quantity: 1, TaxRates: []float64{10}}},
		ShippingMethods: []totals.ShippingMethod{{Price: 50, TaxRates: []float64{10}}},
	}.Totals()
	assertInt(t, "cart total", cart.Total, 160)
	max150 := []totals.Requirement{{Type: totals.MaxSubtotal, Amount: 150}}
	if totals.MeetsRequirements(max150, true, cart) {
		t.Error("total 160 must fail max 150")
	}
	if !totals.MeetsRequirements(max150, false, cart) {
		t.Error("subtotal 95 must pass max 150")
	}
	exact := []totals.Requirement{{Type: totals.MinSubtotal, Amount: 95}, {Type: totals.MaxSubtotal, Amount: 96}}
	if !totals.MeetsRequirements(exact, false, cart) {
		t.Error("min is inclusive, max exclusive")
	}
	if totals.MeetsRequirements([]totals.Requirement{{Type: totals.MaxSubtotal, Amount: 95}}, false, cart) {
		t.Error("max 95 must reject a subtotal of 95")
	}
}

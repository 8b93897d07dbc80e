package totals_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/totals"
)

func TestRefundTotal(t *testing.T) {
	legacy := 25.0
	for _, tc := range []struct {
		name  string
		items []totals.ReturnedItem
		rate  *float64
		want  int64
	}{
		{"Untaxed", []totals.ReturnedItem{{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 2}, ReturnQuantity: 1}}, nil, 1000},
		// 10 % off 2×1000 is 200; one unit back takes round(200/2).
		{"Discounted", []totals.ReturnedItem{{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 2, Discount: 200}, ReturnQuantity: 1}}, nil, 900},
		// (100 − 10) + round(90×10 %) + round(90×5 %), each line rounded.
		{"TwoTaxLines", []totals.ReturnedItem{{LineItem: totals.LineItem{UnitPrice: 100, Quantity: 3, TaxRates: []float64{10, 5}, Discount: 30}, ReturnQuantity: 1}}, nil, 104},
		// 120 incl. 20 %: net 100, taxed back to 120.
		{"TaxInclusive", []totals.ReturnedItem{{LineItem: totals.LineItem{UnitPrice: 120, Quantity: 1, IncludesTax: true, TaxRates: []float64{20}}, ReturnQuantity: 1}}, nil, 120},
		// Legacy flat rate: (1000×2 − 2×50) × 1.25.
		{"LegacyRate", []totals.ReturnedItem{{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 3, Discount: 150}, ReturnQuantity: 2}}, &legacy, 2375},
		{"SeveralLines", []totals.ReturnedItem{
			{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 1, TaxRates: []float64{10}}, ReturnQuantity: 1},
			{LineItem: totals.LineItem{UnitPrice: 333, Quantity: 3, TaxRates: []float64{12.5}}, ReturnQuantity: 2},
		}, nil, 1100 + 666 + 83},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertInt(t, "refund", totals.RefundTotal(tc.items, tc.rate), tc.want)
		})
	}
}

func TestReturnShippingTotal(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method totals.ShippingMethod
		want   int64
	}{
		{"Untaxed", totals.ShippingMethod{Price: 700}, 700},
		{"ZeroRate", totals.ShippingMethod{Price: 700, TaxRates: []float64{0}}, 700},
		{"Taxed", totals.ShippingMethod{Price: 50, TaxRates: []float64{12}}, 56},
		// Each line rounded: 45 + round(2.25) + round(4.5).
		{"TwoLines", totals.ShippingMethod{Price: 45, TaxRates: []float64{5, 10}}, 45 + 2 + 5},
		// 120 incl. 20 %: net 100 plus 20.
		{"TaxInclusive", totals.ShippingMethod{Price: 120, IncludesTax: true, TaxRates: []float64{20}}, 120},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertInt(t, "shipping total", totals.ReturnShippingTotal(tc.method), tc.want)
		})
	}
}

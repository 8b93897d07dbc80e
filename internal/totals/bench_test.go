package totals_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/totals"
)

// benchCart is a typical checkout: five items (one tax inclusive, one with a
// fractional fixed-discount share), a taxed shipping method and a taxable
// gift card.
var benchCart = totals.Cart{
	Items: []totals.LineItem{
		{UnitPrice: 2500, Quantity: 2, TaxRates: []float64{20}, Discount: 416.6666666666667},
		{UnitPrice: 1299, Quantity: 1, TaxRates: []float64{20}, Discount: 108.25},
		{UnitPrice: 4999, Quantity: 3, TaxRates: []float64{20, 5}, Discount: 1249.75},
		{UnitPrice: 12000, Quantity: 1, IncludesTax: true, TaxRates: []float64{20}, Discount: 833.3333333333334},
		{UnitPrice: 350, Quantity: 4, TaxRates: []float64{10}},
	},
	ShippingMethods: []totals.ShippingMethod{{Price: 995, TaxRates: []float64{20}}},
	GiftCards:       []totals.GiftCard{{ID: "gift_1", Balance: 5000, TaxRate: ptr(20.0)}},
	Region:          totals.Region{TaxRate: 20, GiftCardsTaxable: true},
}

func BenchmarkCartTotals(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = benchCart.Totals()
	}
}

func BenchmarkOrderTotals(b *testing.B) {
	order := totals.Order{
		ShippingMethods: benchCart.ShippingMethods,
		GiftCardTransactions: []totals.GiftCardTransaction{
			{Amount: 5000, IsTaxable: ptr(true), TaxRate: ptr(20.0)},
		},
		PaymentAmounts: []int64{30000},
		RefundAmounts:  []int64{1000},
		Region:         benchCart.Region,
	}
	for _, item := range benchCart.Items {
		order.Items = append(order.Items, totals.OrderItem{LineItem: item, ReturnedQuantity: 1})
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = order.Totals()
	}
}

package totals_test

import (
	"reflect"
	"testing"

	"github.com/storegraph/storegraph/internal/totals"
)

func TestOrderTotals(t *testing.T) {
	t.Run("TransactionsRefundsReturns", func(t *testing.T) {
		order := totals.Order{
			Items: []totals.OrderItem{
				// 1000×3 at 10 %, 10 % off, one unit back.
				{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 3, TaxRates: []float64{10}, Discount: 300}, ReturnedQuantity: 1},
				// 120×2 incl. 20 %, 15 % off.
				{LineItem: totals.LineItem{UnitPrice: 120, Quantity: 2, IncludesTax: true, TaxRates: []float64{20}, Discount: 30}},
			},
			ShippingMethods: []totals.ShippingMethod{{Price: 500, TaxRates: []float64{10}}},
			GiftCardTransactions: []totals.GiftCardTransaction{
				{Amount: 1000, IsTaxable: ptr(true), TaxRate: ptr(10.0)},
			},
			PaymentAmounts: []int64{2000, 624},
			RefundAmounts:  []int64{1980},
			Region:         totals.Region{TaxRate: 10, GiftCardsTaxable: true},
		}
		got := order.Totals()

		// Item totals cover the whole quantity; refundable only what is left:
		// (1000 − 100)×2 + round(1800×10 %) and (100×2 − 15×2) + round(170×20 %).
		assertInt(t, "item 1 total", got.Items[0].Total, 2970)
		assertInt(t, "item 1 refundable", got.Items[0].Refundable, 1980)
		assertInt(t, "item 2 total", got.Items[1].Total, 204)
		assertInt(t, "item 2 refundable", got.Items[1].Refundable, 204)

		got.Items, got.ShippingMethods = nil, nil
		want := totals.OrderTotals{
			Subtotal: 3200, DiscountTotal: 330, RawDiscountTotal: 330, ShippingTotal: 500,
			TaxTotal:      254, // 270 + 34 + 50 − 100
			GiftCardTotal: 1000, GiftCardTaxTotal: 100,
			Total:     2624, // 3200 + 500 + 254 − (1000 + 330)
			PaidTotal: 2624, RefundedTotal: 1980, RefundableAmount: 644,
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %+v\nwant %+v", got, want)
		}
	})

	t.Run("SameTotalAsItsCart", func(t *testing.T) {
		region := totals.Region{TaxRate: 10, GiftCardsTaxable: true}
		items := []totals.LineItem{
			{UnitPrice: 1999, Quantity: 3, TaxRates: []float64{10, 2.5}, Discount: 599.7},
			{UnitPrice: 12345, Quantity: 1, IncludesTax: true, TaxRates: []float64{19}, Discount: 1234.5},
		}
		cards := []totals.GiftCard{{ID: "a", Balance: 4000, TaxRate: ptr(10.0)}, {ID: "b", Balance: 900}}
		cart := totals.Cart{Items: items, GiftCards: cards, Region: region}.Totals()
		order := orderFromCart(items, cards, cart.GiftCardTotal, region).Totals()
		assertInt(t, "order total", order.Total, cart.Total)
		assertInt(t, "order gift_card_total", order.GiftCardTotal, cart.GiftCardTotal)
		assertInt(t, "order tax_total", order.TaxTotal, cart.TaxTotal-cart.GiftCardTaxTotal)
	})

	t.Run("LegacyFlatRate", func(t *testing.T) {
		order := totals.Order{
			Items: []totals.OrderItem{
				{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 2, TaxRates: []float64{99}, Discount: 100}},
				{LineItem: totals.LineItem{UnitPrice: 1250, Quantity: 1, IncludesTax: true}, ReturnedQuantity: 1},
			},
			ShippingMethods: []totals.ShippingMethod{{Price: 500, TaxRates: []float64{99}}},
			TaxRate:         ptr(25.0),
		}
		got := order.Totals()
		// The flat rate replaces tax lines, and Medusa's legacy item total
		// does not subtract the discount.
		assertItem(t, got.Items[0].LineItemTotals, totals.LineItemTotals{
			Subtotal: 2000, DiscountTotal: 100, RawDiscountTotal: 100,
			TaxTotal: 475, OriginalTaxTotal: 500, Total: 2475, OriginalTotal: 2500,
		})
		assertItem(t, got.Items[1].LineItemTotals, totals.LineItemTotals{
			Subtotal: 1000, TaxTotal: 250, OriginalTaxTotal: 250, Total: 1250, OriginalTotal: 1250,
		})
		assertInt(t, "refundable", got.Items[0].Refundable, 2375) // round((2000 − 100) × 1.25)
		assertInt(t, "returned refundable", got.Items[1].Refundable, 0)
		// Legacy shipping tax is counted in tax_total but not in the method total.
		if m := got.ShippingMethods[0]; m.TaxTotal != 125 || m.Total != 500 || m.OriginalTotal != 500 {
			t.Errorf("shipping = %+v", m)
		}
		assertInt(t, "subtotal", got.Subtotal, 3000)
		assertInt(t, "tax_total", got.TaxTotal, 850)       // 475 + 250 + 125
		assertInt(t, "total", got.Total, 3000+500+850-100) // discount still subtracted here
		assertInt(t, "discount_total", got.DiscountTotal, 100)
	})

	t.Run("LegacyRefundTakesWholeRawDiscount", func(t *testing.T) {
		got := totals.Order{
			Items: []totals.OrderItem{{
				LineItem:         totals.LineItem{UnitPrice: 1000, Quantity: 2, Discount: 100},
				ReturnedQuantity: 1,
			}},
			TaxRate: ptr(25.0),
		}.Totals()
		assertInt(t, "refundable", got.Items[0].Refundable, 1125) // round((1000 − 100) × 1.25)
	})

	t.Run("ZeroFlatRateMixesSystems", func(t *testing.T) {
		// tax_rate 0 is null enough for totals (tax lines apply) but not for
		// the refund (flat 0 %).
		got := totals.Order{
			Items:   []totals.OrderItem{{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 1, TaxRates: []float64{10}}}},
			TaxRate: ptr(0.0),
		}.Totals()
		assertInt(t, "total", got.Total, 1100)
		assertInt(t, "refundable", got.Items[0].Refundable, 1000)
	})

	t.Run("FreeShipping", func(t *testing.T) {
		got := totals.Order{
			Items:           []totals.OrderItem{{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 1, TaxRates: []float64{10}}}},
			ShippingMethods: []totals.ShippingMethod{{Price: 500, TaxRates: []float64{10}}},
			FreeShipping:    true,
		}.Totals()
		assertInt(t, "shipping_total", got.ShippingTotal, 0)
		assertInt(t, "tax_total", got.TaxTotal, 100)
		assertInt(t, "total", got.Total, 1100)
	})

	t.Run("NoPaymentsNoRefunds", func(t *testing.T) {
		got := totals.Order{}.Totals()
		if got.PaidTotal != 0 || got.RefundedTotal != 0 || got.RefundableAmount != 0 || got.Total != 0 {
			t.Errorf("empty order = %+v", got)
		}
	})
}

func TestOrderGiftCardTransactions(t *testing.T) {
	orderWith := func(region totals.Region, txs ...totals.GiftCardTransaction) totals.OrderTotals {
		return totals.Order{
			Items:                []totals.OrderItem{{LineItem: totals.LineItem{UnitPrice: 10000, Quantity: 1}}},
			GiftCardTransactions: txs,
			Region:               region,
		}.Totals()
	}
	for _, tc := range []struct {
		name              string
		region            totals.Region
		txs               []totals.GiftCardTransaction
		wantTotal, wantTx int64
	}{
		{
			// The running tax is rounded after each transaction:
			// round(round(0.5) + 0.5) = 2, where round(Σ) would be 1.
			name:      "TaxRoundedAsItAccumulates",
			txs:       []totals.GiftCardTransaction{{Amount: 50, IsTaxable: ptr(true), TaxRate: ptr(1.0)}, {Amount: 50, IsTaxable: ptr(true), TaxRate: ptr(1.0)}},
			wantTotal: 100, wantTx: 2,
		},
		{
			name:      "UntaxedCard",
			txs:       []totals.GiftCardTransaction{{Amount: 3000, IsTaxable: ptr(false)}},
			wantTotal: 3000, wantTx: 0,
		},
		{
			name:      "LegacyRowTaxableRegionUsesRegionRate",
			region:    totals.Region{TaxRate: 25, GiftCardsTaxable: true},
			txs:       []totals.GiftCardTransaction{{Amount: 1000, TaxRate: ptr(10.0)}},
			wantTotal: 1000, wantTx: 250,
		},
		{
			name:      "LegacyRowUntaxedRegionKeepsRowRate",
			region:    totals.Region{TaxRate: 25},
			txs:       []totals.GiftCardTransaction{{Amount: 1000, TaxRate: ptr(10.0)}},
			wantTotal: 1000, wantTx: 100,
		},
		{
			name:      "SeveralCards",
			txs:       []totals.GiftCardTransaction{{Amount: 700, IsTaxable: ptr(true), TaxRate: ptr(19.0)}, {Amount: 300, IsTaxable: ptr(false)}},
			wantTotal: 1000, wantTx: 133,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := orderWith(tc.region, tc.txs...)
			assertInt(t, "gift_card_total", got.GiftCardTotal, tc.wantTotal)
			assertInt(t, "gift_card_tax_total", got.GiftCardTaxTotal, tc.wantTx)
			assertInt(t, "total", got.Total, 10000-tc.wantTx-tc.wantTotal)
		})
	}

	t.Run("CardsWithoutTransactions", func(t *testing.T) {
		// Medusa's order uses subtotal − raw discount as the gift-cardable
		// amount, leaving out shipping and tax even when cards are untaxed.
		got := totals.Order{
			Items:           []totals.OrderItem{{LineItem: totals.LineItem{UnitPrice: 1000, Quantity: 1, TaxRates: []float64{10}}}},
			ShippingMethods: []totals.ShippingMethod{{Price: 500, TaxRates: []float64{10}}},
			GiftCards:       []totals.GiftCard{{Balance: 5000}},
		}.Totals()
		assertInt(t, "gift_card_total", got.GiftCardTotal, 1000)
		assertInt(t, "total", got.Total, 1000+500+150-1000)
	})
}

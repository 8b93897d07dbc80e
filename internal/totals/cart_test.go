package totals_test

import (
	"reflect"
	"testing"

	"github.com/storegraph/storegraph/internal/totals"
)

func TestCartTotals(t *testing.T) {
	t.Run("TaxesNotComputed", func(t *testing.T) {
		// No tax lines given: every tax total is 0, even with a taxable card.
		got := totals.Cart{
			Items:           []totals.LineItem{{UnitPrice: 1000, Quantity: 2}},
			ShippingMethods: []totals.ShippingMethod{{Price: 500}},
			GiftCards:       []totals.GiftCard{{Balance: 300}},
			Region:          totals.Region{TaxRate: 25},
		}.Totals()
		want := totals.CartTotals{Subtotal: 2000, ShippingTotal: 500, GiftCardTotal: 300, Total: 2200}
		assertCartSums(t, got, want)
	})

	t.Run("FreeShipping", func(t *testing.T) {
		got := totals.Cart{
			Items:           []totals.LineItem{{UnitPrice: 1000, Quantity: 1, TaxRates: []float64{25}}},
			ShippingMethods: []totals.ShippingMethod{{Price: 500, TaxRates: []float64{25}}},
			FreeShipping:    true,
		}.Totals()
		want := totals.CartTotals{Subtotal: 1000, ItemTaxTotal: 250, TaxTotal: 250, Total: 1250}
		assertCartSums(t, got, want)
		assertInt(t, "method original_total", got.ShippingMethods[0].OriginalTotal, 625)
	})

	t.Run("InclusiveShipping", func(t *testing.T) {
		got := totals.Cart{
			Items:           []totals.LineItem{{UnitPrice: 1250, Quantity: 1, IncludesTax: true, TaxRates: []float64{25}}},
			ShippingMethods: []totals.ShippingMethod{{Price: 625, IncludesTax: true, TaxRates: []float64{25}}},
		}.Totals()
		want := totals.CartTotals{
			Subtotal: 1000, ItemTaxTotal: 250, ShippingTotal: 500, ShippingTaxTotal: 125,
			TaxTotal: 375, Total: 1875,
		}
		assertCartSums(t, got, want)
	})

	t.Run("DiscountRoundedOnceOverItems", func(t *testing.T) {
		// 0.5 + 0.5 + 0.5: items round to 1 each, the cart to round(1.5) = 2.
		items := make([]totals.LineItem, 3)
		for i := range items {
			items[i] = totals.LineItem{UnitPrice: 100, Quantity: 1, Discount: 0.5}
		}
		got := totals.Cart{Items: items}.Totals()
		assertInt(t, "item discount_total", got.Items[0].DiscountTotal, 1)
		assertInt(t, "discount_total", got.DiscountTotal, 2)
		assertInt(t, "total", got.Total, 298)
	})
}

func TestCartGiftCards(t *testing.T) {
	// One 1000 item untaxed, so the gift-cardable amount G is 1000 whether
	// or not the region taxes gift cards.
	cartWith := func(cards ...totals.GiftCard) totals.CartTotals {
		return totals.Cart{
			Items:     []totals.LineItem{{UnitPrice: 1000, Quantity: 1}},
			GiftCards: cards,
			Region:    totals.Region{TaxRate: 10, GiftCardsTaxable: true},
		}.Totals()
	}
	for _, tc := range []struct {
		name              string
		cards             []totals.GiftCard
		wantTotal, wantTx int64
	}{
		{
			// First card covers 600 (tax 60), second the 400 left (tax 80).
			name:      "SeveralCardsShareG",
			cards:     []totals.GiftCard{{Balance: 600, TaxRate: ptr(10.0)}, {Balance: 600, TaxRate: ptr(20.0)}},
			wantTotal: 1000, wantTx: 140,
		},
		{
			// A card without a rate does not use up G: the next card is
			// still taxed on min(1000, 800).
			name:      "NullRateCardDoesNotConsumeG",
			cards:     []totals.GiftCard{{Balance: 500}, {Balance: 800, TaxRate: ptr(10.0)}},
			wantTotal: 1000, wantTx: 80,
		},
		{
			name:      "ZeroRateCountsAsNull",
			cards:     []totals.GiftCard{{Balance: 500, TaxRate: ptr(0.0)}, {Balance: 800, TaxRate: ptr(10.0)}},
			wantTotal: 1000, wantTx: 80,
		},
		{
			name:      "BalancesBelowG",
			cards:     []totals.GiftCard{{Balance: 300, TaxRate: ptr(10.0)}, {Balance: 200, TaxRate: ptr(10.0)}},
			wantTotal: 500, wantTx: 50,
		},
		{
			// Each card's tax is rounded on its own: 15×10 % = 1.5 → 2, twice.
			name:      "TaxRoundedPerCard",
			cards:     []totals.GiftCard{{Balance: 15, TaxRate: ptr(10.0)}, {Balance: 15, TaxRate: ptr(10.0)}},
			wantTotal: 30, wantTx: 4,
		},
		{
			name:      "GSmallerThanFirstBalance",
			cards:     []totals.GiftCard{{Balance: 5000, TaxRate: ptr(10.0)}, {Balance: 5000, TaxRate: ptr(10.0)}},
			wantTotal: 1000, wantTx: 100,
		},
		{name: "NoCards", wantTotal: 0, wantTx: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cartWith(tc.cards...)
			assertInt(t, "gift_card_total", got.GiftCardTotal, tc.wantTotal)
			assertInt(t, "gift_card_tax_total", got.GiftCardTaxTotal, tc.wantTx)
			assertInt(t, "total", got.Total, 1000-tc.wantTotal-tc.wantTx)
		})
	}

	t.Run("NegativeGiftCardableAmount", func(t *testing.T) {
		// A custom adjustment larger than the cart makes G = -290. Without
		// cards the gift card total stays 0; with one, Medusa's min(G, Σ)
		// goes negative and adds to the total.
		cart := totals.Cart{Items: []totals.LineItem{{UnitPrice: 10, Quantity: 1, Discount: 300}}}
		assertInt(t, "no cards gift_card_total", cart.Totals().GiftCardTotal, 0)
		assertInt(t, "no cards total", cart.Totals().Total, -290)
		cart.GiftCards = []totals.GiftCard{{Balance: 100, TaxRate: ptr(10.0)}}
		assertInt(t, "gift_card_total", cart.Totals().GiftCardTotal, -290)
		assertInt(t, "gift_card_tax_total", cart.Totals().GiftCardTaxTotal, 0)
		assertInt(t, "total", cart.Totals().Total, 0)
	})

	t.Run("GiftCardableAmountIncludesShippingAndDiscount", func(t *testing.T) {
		cart := totals.Cart{
			Items:           []totals.LineItem{{UnitPrice: 1000, Quantity: 1, TaxRates: []float64{10}, Discount: 100}},
			ShippingMethods: []totals.ShippingMethod{{Price: 200, TaxRates: []float64{10}}},
			GiftCards:       []totals.GiftCard{{Balance: 5000}},
		}
		// Not taxable: G = 1000 + 200 + (90 + 20) − 100.
		assertInt(t, "untaxed G", cart.Totals().GiftCardTotal, 1210)
		assertInt(t, "untaxed total", cart.Totals().Total, 0)
		// Taxable: G = 1000 + 200 − 100, the tax stays to pay.
		cart.Region.GiftCardsTaxable = true
		assertInt(t, "taxed G", cart.Totals().GiftCardTotal, 1100)
		assertInt(t, "taxed total", cart.Totals().Total, 110)
	})
}

func assertCartSums(t *testing.T, got, want totals.CartTotals) {
	t.Helper()
	got.Items, got.ShippingMethods = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cart totals\n got %+v\nwant %+v", got, want)
	}
}

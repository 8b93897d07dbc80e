package totals_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/totals"
)

// The worked examples of medusa-v1-behaviour.md §4.6, all taken from Medusa's
// integration tests, row by row.

func ptr[T any](v T) *T { return &v }

func TestWorkedExamples(t *testing.T) {
	t.Run("ExclusiveTaxPercentageDiscount", func(t *testing.T) {
		// item 100×1, product tax line 10 %, 10 % discount
		item := totals.LineItem{UnitPrice: 100, Quantity: 1, TaxRates: []float64{10}, Discount: 10}
		assertItem(t, item.Totals(), totals.LineItemTotals{
			Subtotal: 100, DiscountTotal: 10, RawDiscountTotal: 10,
			TaxTotal: 9, OriginalTaxTotal: 10, Total: 99, OriginalTotal: 110,
		})
	})

	t.Run("RegionDefaultRateAndShipping", func(t *testing.T) {
		// region 12 %, item 100, shipping method 100 (no option rate)
		region := totals.Region{TaxRate: 12}
		itemLines := totals.ItemTaxLines(totals.TaxedItem{}, region)
		shippingLines := totals.ShippingTaxLines(nil, region)
		for _, lines := range [][]totals.TaxLine{itemLines, shippingLines} {
			if len(lines) != 1 || lines[0] != (totals.TaxLine{Rate: 12, Name: "default", Code: "default"}) {
				t.Fatalf("default lines = %+v", lines)
			}
		}
		cart := totals.Cart{
			Items:           []totals.LineItem{{UnitPrice: 100, Quantity: 1, TaxRates: totals.Rates(itemLines)}},
			ShippingMethods: []totals.ShippingMethod{{Price: 100, TaxRates: totals.Rates(shippingLines)}},
			Region:          region,
		}
		got := cart.Totals()
		assertInt(t, "item tax_total", got.Items[0].TaxTotal, 12)
		assertInt(t, "shipping tax_total", got.ShippingMethods[0].TaxTotal, 12)
		assertInt(t, "item_tax_total", got.ItemTaxTotal, 12)
		assertInt(t, "shipping_tax_total", got.ShippingTaxTotal, 12)
		assertInt(t, "tax_total", got.TaxTotal, 24)
		assertInt(t, "total", got.Total, 224)
	})

	t.Run("SeveralRatesOnOneProduct", func(t *testing.T) {
		// product rate 10 % + product-type rate 25 %, item 100
		lines := totals.ItemTaxLines(totals.TaxedItem{
			ProductRates:     []totals.TaxRate{{ID: "txr_product", Rate: 10, Name: "product"}},
			ProductTypeRates: []totals.TaxRate{{ID: "txr_type", Rate: 25, Name: "type"}},
		}, totals.Region{TaxRate: 12})
		if len(lines) != 2 {
			t.Fatalf("want two tax lines, got %+v", lines)
		}
		item := totals.LineItem{UnitPrice: 100, Quantity: 1, TaxRates: totals.Rates(lines)}
		got := item.Totals()
		assertInt(t, "tax_total", got.TaxTotal, 35)
		assertInt(t, "total", got.Total, 135)
	})

	t.Run("InclusivePriceItemDiscount", func(t *testing.T) {
		// 120 incl. 20 %, qty 2, 15 % item discount
		assertInt(t, "t", totals.PriceWithTax(120, []float64{20}, true).TaxAmount, 20)
		item := totals.LineItem{UnitPrice: 120, Quantity: 2, IncludesTax: true, TaxRates: []float64{20}, Discount: 30}
		assertItem(t, item.Totals(), totals.LineItemTotals{
			Subtotal: 200, DiscountTotal: 30, RawDiscountTotal: 30,
			TaxTotal: 34, OriginalTaxTotal: 40, Total: 204, OriginalTotal: 240,
		})
	})

	t.Run("InclusivePriceNoDiscount", func(t *testing.T) {
		// 30000 incl. 19 %
		assertInt(t, "t", totals.PriceWithTax(30000, []float64{19}, true).TaxAmount, 4790)
		item := totals.LineItem{UnitPrice: 30000, Quantity: 1, IncludesTax: true, TaxRates: []float64{19}}
		assertItem(t, item.Totals(), totals.LineItemTotals{
			Subtotal: 25210, TaxTotal: 4790, OriginalTaxTotal: 4790, Total: 30000, OriginalTotal: 30000,
		})
	})

	t.Run("TaxableGiftCard", func(t *testing.T) {
		// item 50000, tax 19 %, card balance 30000, card tax_rate 19, region gift_cards_taxable
		region := totals.Region{TaxRate: 19, GiftCardsTaxable: true}
		items := []totals.LineItem{{UnitPrice: 50000, Quantity: 1, TaxRates: []float64{19}}}
		card := totals.GiftCard{ID: "gift_1", Balance: 30000, TaxRate: ptr(19.0)}
		cart := totals.Cart{Items: items, GiftCards: []totals.GiftCard{card}, Region: region}.Totals()
		assertInt(t, "cart gift_card_total", cart.GiftCardTotal, 30000)
		assertInt(t, "cart gift_card_tax_total", cart.GiftCardTaxTotal, 5700)
		assertInt(t, "cart tax_total", cart.TaxTotal, 9500)
		assertInt(t, "cart total", cart.Total, 23800)

		order := orderFromCart(items, []totals.GiftCard{card}, cart.GiftCardTotal, region).Totals()
		assertInt(t, "order gift_card_total", order.GiftCardTotal, 30000)
		assertInt(t, "order gift_card_tax_total", order.GiftCardTaxTotal, 5700)
		assertInt(t, "order tax_total", order.TaxTotal, 3800)
		assertInt(t, "order total", order.Total, 23800)
	})

	items95600and79600 := []totals.LineItem{
		{UnitPrice: 95600, Quantity: 1, TaxRates: []float64{25}},
		{UnitPrice: 79600, Quantity: 1, TaxRates: []float64{25}},
	}

	t.Run("NonTaxableGiftCard", func(t *testing.T) {
		// items 95600 + 79600, tax 25 %, region gift_cards_taxable=false, card 160000 (tax_rate null)
		cart := totals.Cart{
			Items:     items95600and79600,
			GiftCards: []totals.GiftCard{{Balance: 160000}},
			Region:    totals.Region{TaxRate: 25},
		}.Totals()
		assertInt(t, "subtotal", cart.Subtotal, 175200)
		assertInt(t, "tax_total", cart.TaxTotal, 43800)
		assertInt(t, "gift_card_total", cart.GiftCardTotal, 160000) // G = 219000
		assertInt(t, "gift_card_tax_total", cart.GiftCardTaxTotal, 0)
		assertInt(t, "total", cart.Total, 59000)
	})

	t.Run("TaxableGiftCard25", func(t *testing.T) {
		// same items, region gift_cards_taxable=true, card tax_rate 25
		region := totals.Region{TaxRate: 25, GiftCardsTaxable: true}
		cards := []totals.GiftCard{{ID: "gift_1", Balance: 160000, TaxRate: ptr(25.0)}}
		cart := totals.Cart{Items: items95600and79600, GiftCards: cards, Region: region}.Totals()
		assertInt(t, "gift_card_total", cart.GiftCardTotal, 160000) // G = 175200
		assertInt(t, "gift_card_tax_total", cart.GiftCardTaxTotal, 40000)
		assertInt(t, "cart total", cart.Total, 19000)

		order := orderFromCart(items95600and79600, cards, cart.GiftCardTotal, region).Totals()
		assertInt(t, "order tax_total", order.TaxTotal, 3800)
		assertInt(t, "order total", order.Total, 19000)
	})

	t.Run("FixedTotalDiscountSplit", func(t *testing.T) {
		// 185 fixed/total over items 100×1 and 1000×1: adjustments stay fractional
		small, large := fixedTotalShare(185, 100, 1100), fixedTotalShare(185, 1000, 1100)
		if small < 16.818 || small > 16.819 || large < 168.181 || large > 168.182 {
			t.Fatalf("adjustments = %v, %v; want 16.818…, 168.18…", small, large)
		}
		cart := totals.Cart{Items: []totals.LineItem{
			{UnitPrice: 100, Quantity: 1, Discount: small},
			{UnitPrice: 1000, Quantity: 1, Discount: large},
		}}.Totals()
		assertInt(t, "item 1 discount_total", cart.Items[0].DiscountTotal, 17)
		assertInt(t, "item 2 discount_total", cart.Items[1].DiscountTotal, 168)
		assertInt(t, "discount_total", cart.DiscountTotal, 185) // not 17 + 168
		assertInt(t, "total", cart.Total, 915)

		// items 100 and 950×2 → 9.25 and 175.75
		small, large = fixedTotalShare(185, 100, 2000), fixedTotalShare(185, 1900, 2000)
		if small != 9.25 || large != 175.75 {
			t.Fatalf("adjustments = %v, %v; want 9.25, 175.75", small, large)
		}
		cart = totals.Cart{Items: []totals.LineItem{
			{UnitPrice: 100, Quantity: 1, Discount: small},
			{UnitPrice: 950, Quantity: 2, Discount: large},
		}}.Totals()
		assertInt(t, "item 1 discount_total", cart.Items[0].DiscountTotal, 9)
		assertInt(t, "item 2 discount_total", cart.Items[1].DiscountTotal, 176)
		assertInt(t, "discount_total", cart.DiscountTotal, 185)
		assertInt(t, "total", cart.Total, 1815)
	})

	t.Run("LargeAmounts", func(t *testing.T) {
		// 4452600×2 + 482200×2, fixed 10000 total
		cart := totals.Cart{Items: []totals.LineItem{
			{UnitPrice: 4452600, Quantity: 2, Discount: fixedTotalShare(10000, 8905200, 9869600)},
			{UnitPrice: 482200, Quantity: 2, Discount: fixedTotalShare(10000, 964400, 9869600)},
		}}.Totals()
		assertInt(t, "subtotal", cart.Subtotal, 9869600)
		assertInt(t, "discount_total", cart.DiscountTotal, 10000)
		assertInt(t, "total", cart.Total, 9859600)
	})

	t.Run("RequirementCheckInclusiveOption", func(t *testing.T) {
		// option includes_tax, region 10 %: item 95 → 95 + round(9.5) = 105, item 145 → 160
		requirements := []totals.Requirement{
			{Type: totals.MinSubtotal, Amount: 100},
			{Type: totals.MaxSubtotal, Amount: 150},
		}
		cartWith := func(price int64) totals.CartTotals {
			return totals.Cart{Items: []totals.LineItem{{UnitPrice: price, Quantity: 1, TaxRates: []float64{10}}}}.Totals()
		}
		small := cartWith(95)
		assertInt(t, "amount", small.Subtotal+small.ItemTaxTotal, 105)
		if !totals.MeetsRequirements(requirements, true, small) {
			t.Error("105 must satisfy min 100 and max 150")
		}
		if totals.MeetsRequirements(requirements, false, small) {
			t.Error("without includes_tax 95 must fail min 100")
		}
		large := cartWith(145)
		assertInt(t, "amount", large.Subtotal+large.ItemTaxTotal, 160)
		if totals.MeetsRequirements(requirements, true, large) {
			t.Error("160 must fail max 150")
		}
		if !totals.MeetsRequirements(requirements, false, large) {
			t.Error("without includes_tax 145 must pass")
		}
	})
}

// fixedTotalShare is a fixed/total discount's adjustment on one item as
// Medusa computes it (§9.3): min(value, S) × (F / S), unrounded.
func fixedTotalShare(value, itemSubtotal, discountableSubtotal float64) float64 {
	return min(value, discountableSubtotal) * (itemSubtotal / discountableSubtotal)
}

// orderFromCart places a cart: its gift cards are consumed into transactions
// and the items keep their tax lines.
func orderFromCart(items []totals.LineItem, cards []totals.GiftCard, giftCardTotal int64, region totals.Region) totals.Order {
	order := totals.Order{Region: region}
	for _, item := range items {
		order.Items = append(order.Items, totals.OrderItem{LineItem: item})
	}
	for _, use := range totals.ConsumeGiftCards(cards, giftCardTotal) {
		isTaxable := use.IsTaxable
		order.GiftCardTransactions = append(order.GiftCardTransactions,
			totals.GiftCardTransaction{Amount: use.Amount, IsTaxable: &isTaxable, TaxRate: use.TaxRate})
	}
	return order
}

func assertInt(t *testing.T, name string, got, want int64) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", name, got, want)
	}
}

func assertItem(t *testing.T, got, want totals.LineItemTotals) {
	t.Helper()
	if got != want {
		t.Errorf("item totals\n got %+v\nwant %+v", got, want)
	}
}

package graph_test

import (
	"fmt"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// fullCartQuery selects a cart with every nested field Medusa's cart
// response has, and every total.
const fullCartQuery = `query($id: ID!) { cart(id: $id) {
	id email type completedAt context metadata createdAt
	region { id name currencyCode taxRate countries { iso2 } paymentProviders { id } fulfillmentProviders { id } taxRates { id rate } }
	items { id title quantity unitPrice
		variant { id title sku product { id title handle } }
		adjustments { id amount discountId } taxLines { id rate }
		subtotal discountTotal taxTotal total originalTotal originalTaxTotal }
	shippingMethods { id price shippingOption { id name amount } taxLines { id rate } subtotal taxTotal total }
	discounts { id code rule { id type value } }
	giftCards { id code balance }
	customer { id email } salesChannel { id name }
	shippingAddress { id city countryCode } billingAddress { id city }
	paymentSession { id providerId } paymentSessions { id providerId amount status }
	subtotal discountTotal itemTaxTotal shippingTotal shippingTaxTotal taxTotal giftCardTotal giftCardTaxTotal total
} }`

// Ensure reading a cart costs the same number of SQL statements whatever
// its number of items, and at most 12.
func TestCartStatementCount(t *testing.T) {
	s := cartServer(t)
	counts := map[int]int{}
	for _, n := range []int{1, 10, 100} {
		cartID := readyCart(t, s, "reg_dk", nil, "")
		for i := range n {
			// Distinct metadata keeps lines apart, so the cart has n lines.
			cartOp(t, s, "addLineItem", "(cartId: $cartId, input: $item)", map[string]any{"cartId": cartID,
				"item": map[string]any{"variantId": "var_shirt", "quantity": 1, "metadata": map[string]any{"n": i}}})
		}
		addShipping(t, s, cartID, "so_dk_std")
		updateCart(t, s, cartID, map[string]any{"discounts": []any{map[string]any{"code": "TENPCT"}},
			"giftCards": []any{map[string]any{"code": "GIFT-DK"}}})
		sessionOp(t, s, `createPaymentSessions(cartId: $cartId)`, map[string]any{"cartId": cartID})

		resp := s.Do(t, apptest.Request{Query: fullCartQuery, Variables: map[string]any{"id": cartID}})
		if len(resp.Errors) > 0 {
			t.Fatalf("errors %+v", resp.Errors)
		}
		var out struct {
			Cart struct {
				Items []struct{ ID string } `json:"items"`
			} `json:"cart"`
		}
		if err := jsonUnmarshal(resp.Data, &out); err != nil || len(out.Cart.Items) != n {
			t.Fatalf("cart has %d lines, want %d (%v)", len(out.Cart.Items), n, err)
		}
		counts[n] = resp.Statements()
	}
	t.Logf("statements per cart read: %v", counts)
	if counts[1] != counts[10] || counts[10] != counts[100] {
		t.Fatalf("statements grow with the items: %v", counts)
	}
	if counts[1] > 12 {
		t.Fatalf("%d statements for one cart read, want at most 12", counts[1])
	}
}

// Ensure a product list costs the same number of statements for 1, 50 and
// 100 products with variants, prices and options.
func TestProductListStatementCount(t *testing.T) {
	products := ""
	for i := range 100 {
		if i > 0 {
			products += ","
		}
		products += fmt.Sprintf(`{"title": "P%03d", "handle": "p%03d", "options": [{"title": "Size"}],
			"variants": [{"title": "S", "options": [{"value": "S"}], "inventory_quantity": 5, "prices": [{"currency_code": "eur", "amount": %d}]},
			             {"title": "M", "options": [{"value": "M"}], "inventory_quantity": 5, "prices": [{"currency_code": "eur", "amount": %d}]}]}`, i, i, 100+i, 200+i)
	}
	s := apptest.New(t, apptest.WithSeed(`{"store": {"currencies": ["eur"], "default_currency_code": "eur"},
		"regions": [{"id": "reg_x", "name": "X", "currency_code": "eur", "tax_rate": 10, "countries": ["de"], "payment_providers": ["manual"], "fulfillment_providers": ["manual"]}],
		"products": [`+products+`]}`))
	counts := map[int]int{}
	for _, n := range []int{1, 50, 100} {
		resp := s.Do(t, apptest.Request{Query: `query($n: Int!) { products(limit: $n, regionId: "reg_x") { count nodes {
			id title variants { id title calculatedPrice originalPrice calculatedTax prices { amount currencyCode } options { value } }
			options { id title values { value } } } } }`, Variables: map[string]any{"n": n}})
		if len(resp.Errors) > 0 {
			t.Fatalf("errors %+v", resp.Errors)
		}
		counts[n] = resp.Statements()
	}
	t.Logf("statements per product list: %v", counts)
	if counts[1] != counts[50] || counts[50] != counts[100] || counts[1] > 10 {
		t.Fatalf("statements %v: want equal counts, at most 10", counts)
	}
}

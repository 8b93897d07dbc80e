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

// Ensure the storefront checkout stays within its statement budget, and a
// cart mutation costs the same whatever the cart's number of lines: the
// writer is serial on SQLite and PostgreSQL is bound by statements, so
// every statement of a checkout counts.
func TestCheckoutStatementBudget(t *testing.T) {
	s := cartServer(t)
	step := func(query string, vars map[string]any) int {
		t.Helper()
		resp := s.Do(t, apptest.Request{Query: query, Variables: vars})
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: errors %+v", query, resp.Errors)
		}
		return resp.Statements()
	}
	addLine := func(cartID string, n int) int {
		return step(`mutation($id: ID!, $meta: JSON) { addLineItem(cartId: $id, input: {variantId: "var_shirt", quantity: 1, metadata: $meta}) { cart { id total } } }`,
			map[string]any{"id": cartID, "meta": map[string]any{"n": n}})
	}
	checkout := func(lines int) (total, lastAdd int) {
		var created struct {
			CreateCart struct{ Cart struct{ ID string } } `json:"createCart"`
		}
		resp := s.Do(t, apptest.Request{Query: `mutation { createCart(input: {regionId: "reg_dk"}) { cart { id } } }`})
		if err := jsonUnmarshal(resp.Data, &created); err != nil {
			t.Fatal(err)
		}
		id := created.CreateCart.Cart.ID
		total = resp.Statements()
		for n := range lines {
			lastAdd = addLine(id, n)
			total += lastAdd
		}
		vars := map[string]any{"id": id}
		for _, q := range []string{
			`mutation($id: ID!) { updateCart(cartId: $id, input: {email: "a@example.com", shippingAddress: {firstName: "A", lastName: "B",
				address1: "Main 1", city: "Aarhus", postalCode: "8000", countryCode: "dk"}}) { cart { id total } } }`,
			`query($id: ID!) { cartShippingOptions(cartId: $id) { id amount } }`,
			`mutation($id: ID!) { addShippingMethod(cartId: $id, input: {optionId: "so_dk_std"}) { cart { id total } } }`,
			`mutation($id: ID!) { createPaymentSessions(cartId: $id) { cart { id total paymentSessions { id } } } }`,
			`mutation($id: ID!) { selectPaymentSession(cartId: $id, input: {providerId: "test"}) { cart { id paymentSession { id } } } }`,
			`mutation($id: ID!) { completeCart(cartId: $id) { type order { id displayId total } } }`,
		} {
			total += step(q, vars)
		}
		return total, lastAdd
	}
	twoLines, addSecond := checkout(2)
	_, addTenth := checkout(10)
	t.Logf("statements: checkout with 2 lines %d; adding line 2 %d, line 10 %d", twoLines, addSecond, addTenth)
	if addSecond != addTenth {
		t.Fatalf("adding a line costs %d statements to a cart of 1 and %d to a cart of 9: want the same", addSecond, addTenth)
	}
	if twoLines > 275 {
		t.Fatalf("a 2-line checkout costs %d statements, budget 275", twoLines)
	}
}

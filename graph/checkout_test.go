package graph_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/storage"
)

const sessionFields = `paymentSession { providerId status amount } paymentSessions { providerId isSelected isInitiated status amount data }`

type sessionsData struct {
	ID             string `json:"id"`
	Total          int64  `json:"total"`
	PaymentSession *struct {
		ProviderID string `json:"providerId"`
		Status     string `json:"status"`
		Amount     int64  `json:"amount"`
	} `json:"paymentSession"`
	PaymentSessions []struct {
		ProviderID  string         `json:"providerId"`
		IsSelected  *bool          `json:"isSelected"`
		IsInitiated bool           `json:"isInitiated"`
		Status      string         `json:"status"`
		Amount      int64          `json:"amount"`
		Data        map[string]any `json:"data"`
	} `json:"paymentSessions"`
}

// sessionOp runs a payment session mutation and returns the cart's sessions.
func sessionOp(t *testing.T, s *apptest.Server, call string, vars map[string]any) sessionsData {
	t.Helper()
	var out map[string]struct {
		Cart sessionsData `json:"cart"`
	}
	decls := "$cartId: ID!"
	if strings.Contains(call, "$providerId") {
		decls += ", $providerId: String!"
	}
	if strings.Contains(call, "$data") {
		decls += ", $data: JSON!"
	}
	s.Query(t, `mutation(`+decls+`) { op: `+call+` { cart { id total `+sessionFields+` } } }`, vars, &out)
	return out["op"].Cart
}

type orderData struct {
	ID                string `json:"id"`
	DisplayID         int    `json:"displayId"`
	Status            string `json:"status"`
	PaymentStatus     string `json:"paymentStatus"`
	FulfillmentStatus string `json:"fulfillmentStatus"`
	Email             string `json:"email"`
	CartID            string `json:"cartId"`
	Items             []struct {
		Quantity   int   `json:"quantity"`
		Total      int64 `json:"total"`
		TaxTotal   int64 `json:"taxTotal"`
		Refundable int64 `json:"refundable"`
		TaxLines   []struct {
			Rate float64 `json:"rate"`
		} `json:"taxLines"`
	} `json:"items"`
	Payments []struct {
		Amount     int64   `json:"amount"`
		ProviderID string  `json:"providerId"`
		CanceledAt *string `json:"canceledAt"`
	} `json:"payments"`
	GiftCardTransactions []struct {
		Amount    int64   `json:"amount"`
		IsTaxable bool    `json:"isTaxable"`
		TaxRate   float64 `json:"taxRate"`
	} `json:"giftCardTransactions"`
	Subtotal         int64 `json:"subtotal"`
	ShippingTotal    int64 `json:"shippingTotal"`
	TaxTotal         int64 `json:"taxTotal"`
	DiscountTotal    int64 `json:"discountTotal"`
	GiftCardTotal    int64 `json:"giftCardTotal"`
	GiftCardTaxTotal int64 `json:"giftCardTaxTotal"`
	Total            int64 `json:"total"`
	PaidTotal        int64 `json:"paidTotal"`
	RefundableAmount int64 `json:"refundableAmount"`
}

const orderFields = `id displayId status paymentStatus fulfillmentStatus email cartId
	items { quantity total taxTotal refundable taxLines { rate } }
	payments { amount providerId canceledAt }
	giftCardTransactions { amount isTaxable taxRate }
	subtotal shippingTotal taxTotal discountTotal giftCardTotal giftCardTaxTotal total paidTotal refundableAmount`

type completion struct {
	Type  string     `json:"type"`
	Order *orderData `json:"order"`
	Cart  *struct {
		ID string `json:"id"`
	} `json:"cart"`
	PaymentStatus  *string `json:"paymentStatus"`
	IdempotencyKey string  `json:"idempotencyKey"`
}

const completeQuery = `mutation($cartId: ID!, $key: String) { completeCart(cartId: $cartId, idempotencyKey: $key) {
	type paymentStatus idempotencyKey cart { id } order { ` + orderFields + ` } } }`

func complete(t *testing.T, s *apptest.Server, cartID, key string) completion {
	t.Helper()
	vars := map[string]any{"cartId": cartID}
	if key != "" {
		vars["key"] = key
	}
	var out struct {
		CompleteCart completion `json:"completeCart"`
	}
	s.Query(t, completeQuery, vars, &out)
	return out.CompleteCart
}

func completeResp(t *testing.T, s *apptest.Server, cartID, key string) *apptest.Response {
	t.Helper()
	return s.Do(t, apptest.Request{Query: completeQuery, Variables: map[string]any{"cartId": cartID, "key": key}})
}

// readyCart makes a cart with items, email, address and shipping, ready to pay.
func readyCart(t *testing.T, s *apptest.Server, region string, items map[string]int, option string) string {
	t.Helper()
	c := newCart(t, s, map[string]any{"regionId": region})
	for variant, qty := range items {
		addItem(t, s, c.ID, variant, qty)
	}
	country := map[string]string{"reg_eu": "de", "reg_us": "us", "reg_dk": "dk"}[region]
	updateCart(t, s, c.ID, map[string]any{"email": "buyer@example.com", "shippingAddress": map[string]any{
		"firstName": "Ada", "lastName": "Lovelace", "address1": "Main 1", "city": "City", "postalCode": "12345", "countryCode": country}})
	if option != "" {
		addShipping(t, s, c.ID, option)
	}
	return c.ID
}

// pay creates sessions and selects a provider, with test-provider data.
func pay(t *testing.T, s *apptest.Server, cartID, provider string, data map[string]any) {
	t.Helper()
	sessionOp(t, s, `createPaymentSessions(cartId: $cartId)`, map[string]any{"cartId": cartID})
	sessionOp(t, s, `selectPaymentSession(cartId: $cartId, input: {providerId: $providerId})`, map[string]any{"cartId": cartID, "providerId": provider})
	if data != nil {
		sessionOp(t, s, `updatePaymentSession(cartId: $cartId, providerId: $providerId, input: {data: $data})`,
			map[string]any{"cartId": cartID, "providerId": provider, "data": data})
	}
}

func inventory(t *testing.T, s *apptest.Server, variantID string) int {
	t.Helper()
	var n int
	if err := storage.Get(t.Context(), s.DB.Reader, &n, `SELECT inventory_quantity FROM product_variant WHERE id = ?`, variantID); err != nil {
		t.Fatal(err)
	}
	return n
}

func count(t *testing.T, s *apptest.Server, query string, args ...any) int {
	t.Helper()
	var n int
	if err := storage.Get(t.Context(), s.DB.Reader, &n, query, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// Ensure a whole storefront checkout ends in an order with Medusa's totals,
// statuses and inventory.
func TestCheckout(t *testing.T) {
	s := cartServer(t)
	before := inventory(t, s, "var_big")
	cartID := readyCart(t, s, "reg_eu", map[string]int{"var_big": 2, "var_shirt": 1}, "so_eu_std")
	updateCart(t, s, cartID, map[string]any{"discounts": []any{map[string]any{"code": "TENPCT"}}})
	pay(t, s, cartID, "manual", nil)

	res := complete(t, s, cartID, "")
	if res.Type != "ORDER" || res.Order == nil || res.IdempotencyKey == "" {
		t.Fatalf("completion %+v", res)
	}
	o := res.Order
	// 2100 items, 210 discount, 1000 shipping, no tax in the EU region.
	if o.Subtotal != 2100 || o.DiscountTotal != 210 || o.ShippingTotal != 1000 || o.Total != 2890 || o.PaidTotal != 2890 {
		t.Fatalf("order totals %+v", o)
	}
	if o.Status != "PENDING" || o.PaymentStatus != "AWAITING" || o.FulfillmentStatus != "NOT_FULFILLED" || o.DisplayID < 1 || o.Email != "buyer@example.com" {
		t.Fatalf("order %+v", o)
	}
	if len(o.Payments) != 1 || o.Payments[0].Amount != 2890 || o.Payments[0].ProviderID != "manual" {
		t.Fatalf("payments %+v", o.Payments)
	}
	if got := inventory(t, s, "var_big"); got != before-2 {
		t.Fatalf("inventory %d, want %d", got, before-2)
	}
	if n := count(t, s, `SELECT usage_count FROM discount WHERE id = 'disc_ten'`); n != 1 {
		t.Fatalf("discount usage %d", n)
	}

	t.Run("SecondCallReturnsTheSameOrder", func(t *testing.T) {
		again := complete(t, s, cartID, "")
		if again.Order == nil || again.Order.ID != o.ID {
			t.Fatalf("second completion %+v", again)
		}
		if n := count(t, s, `SELECT count(*) FROM payment WHERE cart_id = ?`, cartID); n != 1 {
			t.Fatalf("%d payments", n)
		}
	})
	t.Run("OrderQueries", func(t *testing.T) {
		var out struct {
			Order  orderData `json:"order"`
			ByCart orderData `json:"orderByCartId"`
			Lookup orderData `json:"lookupOrder"`
		}
		s.Query(t, `query($id: ID!, $cart: ID!, $display: Int!) { order(id: $id) { id total }
			orderByCartId(cartId: $cart) { id } lookupOrder(displayId: $display, email: "BUYER@example.com") { id } }`,
			map[string]any{"id": o.ID, "cart": cartID, "display": o.DisplayID}, &out)
		if out.Order.Total != 2890 || out.ByCart.ID != o.ID || out.Lookup.ID != o.ID {
			t.Fatalf("queries %+v", out)
		}
		for _, tc := range []struct{ query, code, message string }{
			{`{ order(id: "order_nope") { id } }`, "NOT_FOUND", "Order with order_nope was not found"},
			{`{ orderByCartId(cartId: "cart_nope") { id } }`, "NOT_FOUND", "Order with cart id cart_nope was not found"},
			{fmt.Sprintf(`{ lookupOrder(displayId: %d, email: "other@example.com") { id } }`, o.DisplayID), "NOT_FOUND", "Not Found"},
		} {
			apptest.ExpectError(t, s.Fail(t, tc.query, nil), tc.code, tc.message)
		}
	})
	t.Run("CompletedCartRefusesChanges", func(t *testing.T) {
		e := cartFail(t, s, "addLineItem", "(cartId: $cartId, input: $item)", map[string]any{
			"cartId": cartID, "item": map[string]any{"variantId": "var_shirt", "quantity": 1}})
		apptest.ExpectError(t, e, "NOT_ALLOWED", "Cart is already completed")
	})
}

// Ensure session rules: one per region provider, the single provider
// selected by itself, amounts following the total with taxes.
func TestPaymentSessions(t *testing.T) {
	s := cartServer(t)

	t.Run("OneSessionPerProvider", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_eu", map[string]int{"var_big": 1}, "")
		c := sessionOp(t, s, `createPaymentSessions(cartId: $cartId)`, map[string]any{"cartId": cartID})
		if len(c.PaymentSessions) != 2 || c.PaymentSession != nil {
			t.Fatalf("sessions %+v", c.PaymentSessions)
		}
		for _, ps := range c.PaymentSessions {
			if ps.Amount != 1000 || ps.Status != "PENDING" || ps.IsInitiated {
				t.Fatalf("session %+v", ps)
			}
		}
		c = sessionOp(t, s, `selectPaymentSession(cartId: $cartId, input: {providerId: $providerId})`, map[string]any{"cartId": cartID, "providerId": "test"})
		if c.PaymentSession == nil || c.PaymentSession.ProviderID != "test" {
			t.Fatalf("selected %+v", c.PaymentSession)
		}
		// Sessions follow the total when items change.
		addItem(t, s, cartID, "var_shirt", 1)
		var got struct {
			Cart sessionsData `json:"cart"`
		}
		s.Query(t, `query($id: ID!) { cart(id: $id) { id total `+sessionFields+` } }`, map[string]any{"id": cartID}, &got)
		for _, ps := range got.Cart.PaymentSessions {
			if ps.Amount != 1100 {
				t.Fatalf("session amount %d after adding an item, want 1100", ps.Amount)
			}
		}
		// Refreshing the selected session keeps it selected (deviation 2).
		c = sessionOp(t, s, `refreshPaymentSession(cartId: $cartId, providerId: $providerId)`, map[string]any{"cartId": cartID, "providerId": "test"})
		if c.PaymentSession == nil || c.PaymentSession.ProviderID != "test" {
			t.Fatalf("after refresh %+v", c.PaymentSession)
		}
		c = sessionOp(t, s, `deletePaymentSession(cartId: $cartId, providerId: $providerId)`, map[string]any{"cartId": cartID, "providerId": "manual"})
		if len(c.PaymentSessions) != 1 {
			t.Fatalf("after delete %+v", c.PaymentSessions)
		}
	})
	t.Run("SingleProviderIsSelected", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_us", map[string]int{"var_shirt": 1}, "so_us_std")
		c := sessionOp(t, s, `createPaymentSessions(cartId: $cartId)`, map[string]any{"cartId": cartID})
		if len(c.PaymentSessions) != 1 || c.PaymentSession == nil || c.PaymentSession.ProviderID != "manual" || c.PaymentSession.Amount != 920 {
			t.Fatalf("sessions %+v", c)
		}
	})
	t.Run("AmountsIncludeTaxes", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_dk", map[string]int{"var_shirt": 1}, "")
		c := sessionOp(t, s, `createPaymentSessions(cartId: $cartId)`, map[string]any{"cartId": cartID})
		if c.PaymentSession == nil || c.PaymentSession.Amount != 112 {
			t.Fatalf("session %+v, want amount 112", c.PaymentSession)
		}
	})
	t.Run("RegionChangeDeletesSessions", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "")
		sessionOp(t, s, `createPaymentSessions(cartId: $cartId)`, map[string]any{"cartId": cartID})
		updateCart(t, s, cartID, map[string]any{"regionId": "reg_us"})
		if n := count(t, s, `SELECT count(*) FROM payment_session WHERE cart_id = ?`, cartID); n != 0 {
			t.Fatalf("%d sessions after a region change", n)
		}
	})
	t.Run("ZeroTotalDeletesSessions", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "")
		sessionOp(t, s, `createPaymentSessions(cartId: $cartId)`, map[string]any{"cartId": cartID})
		updateCart(t, s, cartID, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-EU"}}})
		if n := count(t, s, `SELECT count(*) FROM payment_session WHERE cart_id = ?`, cartID); n != 0 {
			t.Fatalf("%d sessions on a cart with total 0", n)
		}
	})

	cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "")
	for _, tc := range []struct{ name, call, provider, code, message string }{
		{"ErrProviderNotInRegion", `selectPaymentSession(cartId: $cartId, input: {providerId: $providerId})`, "stripe", "NOT_ALLOWED", "The payment method is not available in this region"},
		{"ErrNoSessionForProvider", `selectPaymentSession(cartId: $cartId, input: {providerId: $providerId})`, "test", "NOT_FOUND", "Could not find payment session"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.Fail(t, `mutation($cartId: ID!, $providerId: String!) { `+tc.call+` { cart { id } } }`, map[string]any{"cartId": cartID, "providerId": tc.provider})
			apptest.ExpectError(t, e, tc.code, tc.message)
		})
	}
}

// Ensure each outcome of the test provider and each completion error.
func TestCompletionOutcomes(t *testing.T) {
	s := cartServer(t)

	for _, tc := range []struct{ outcome, status string }{{"pending", "PENDING"}, {"requires_more", "REQUIRES_MORE"}} {
		t.Run("Outcome_"+tc.outcome, func(t *testing.T) {
			cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
			pay(t, s, cartID, "test", map[string]any{"outcome": tc.outcome})
			res := complete(t, s, cartID, "")
			if res.Type != "CART" || res.PaymentStatus == nil || *res.PaymentStatus != tc.status || res.Cart == nil || res.Order != nil {
				t.Fatalf("completion %+v", res)
			}
			if n := count(t, s, `SELECT count(*) FROM line_item_tax_line lt JOIN line_item li ON li.id = lt.item_id WHERE li.cart_id = ?`, cartID); n != 0 {
				t.Fatalf("%d tax lines left on a cart that is not completed", n)
			}
		})
	}
	t.Run("Outcome_authorized", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_dk", map[string]int{"var_taxed": 1}, "so_dk_std")
		pay(t, s, cartID, "test", map[string]any{"outcome": "authorized"})
		res := complete(t, s, cartID, "")
		// 100 at 10 % plus shipping 100 at the region's 12 %.
		if res.Type != "ORDER" || res.Order.Total != 222 || res.Order.TaxTotal != 22 || res.Order.Items[0].TaxLines[0].Rate != 10 {
			t.Fatalf("completion %+v", res.Order)
		}
	})
	t.Run("Outcome_error", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
		pay(t, s, cartID, "test", map[string]any{"outcome": "error"})
		e := completeResp(t, s, cartID, "k-error").Errors
		if len(e) == 0 || e[0].Code() != "INVALID_DATA" {
			t.Fatalf("errors %+v", e)
		}
		if n := count(t, s, `SELECT count(*) FROM "order" WHERE cart_id = ?`, cartID); n != 0 {
			t.Fatalf("an order was made")
		}
	})
	t.Run("GiftCardOrder", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_dk", map[string]int{"var_big": 50}, "")
		updateCart(t, s, cartID, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-DK"}}})
		pay(t, s, cartID, "test", nil)
		o := complete(t, s, cartID, "").Order
		// Cart: 50000 + 6000 tax - (30000 card + 3600 card tax) = 22400;
		// the order shows the tax the card paid as no longer owed.
		if o.Total != 22400 || o.TaxTotal != 2400 || o.GiftCardTotal != 30000 || o.GiftCardTaxTotal != 3600 {
			t.Fatalf("order %+v", o)
		}
		if len(o.GiftCardTransactions) != 1 || o.GiftCardTransactions[0].Amount != 30000 || !o.GiftCardTransactions[0].IsTaxable || o.GiftCardTransactions[0].TaxRate != 12 {
			t.Fatalf("transactions %+v", o.GiftCardTransactions)
		}
		var balance int64
		var disabled bool
		if err := s.DB.Reader.QueryRowContext(t.Context(), storage.Rebind(s.DB.Reader, `SELECT balance, is_disabled FROM gift_card WHERE id = ?`), "gift_dk_taxed").Scan(&balance, &disabled); err != nil {
			t.Fatal(err)
		}
		if balance != 0 || !disabled {
			t.Fatalf("gift card balance %d disabled %v", balance, disabled)
		}
	})
	t.Run("BuyingGiftCards", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_eu", map[string]int{"var_gc": 2}, "so_eu_std")
		pay(t, s, cartID, "manual", nil)
		o := complete(t, s, cartID, "").Order
		if n := count(t, s, `SELECT count(*) FROM gift_card WHERE order_id = ? AND value = 2500 AND balance = 2500`, o.ID); n != 2 {
			t.Fatalf("%d gift cards bought", n)
		}
	})

	for _, tc := range []struct {
		name, code, message string
		prepare             func() string
	}{
		{"ErrNoSession", "NOT_ALLOWED", "You cannot complete a cart without a payment session.", func() string {
			return readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
		}},
		{"ErrEmptyCart", "INVALID_DATA", "Cannot create order from empty cart", func() string {
			return readyCart(t, s, "reg_eu", nil, "")
		}},
		{"ErrNoCustomer", "INVALID_DATA", "Cannot create an order from the cart without a customer", func() string {
			c := addItem(t, s, newCart(t, s, euRegion).ID, "var_shirt", 1)
			updateCart(t, s, c.ID, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-EU"}}})
			return c.ID
		}},
		{"ErrCartNotFound", "NOT_FOUND", "Cart with cart_nope was not found", func() string { return "cart_nope" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cartID := tc.prepare()
			resp := completeResp(t, s, cartID, "key-"+tc.name)
			if len(resp.Errors) == 0 {
				t.Fatalf("no error: %s", resp.Data)
			}
			apptest.ExpectError(t, resp.Errors[0], tc.code, tc.message)
		})
	}
}

// Ensure completion creates exactly one order and one payment however many
// requests race, and never sells stock it does not have.
func TestCompletionConcurrency(t *testing.T) {
	s := cartServer(t)

	for _, sameKey := range []bool{true, false} {
		t.Run(fmt.Sprintf("SameKey=%v", sameKey), func(t *testing.T) {
			cartID := readyCart(t, s, "reg_eu", map[string]int{"var_big": 1}, "so_eu_std")
			pay(t, s, cartID, "manual", nil)
			var wg sync.WaitGroup
			orderIDs := make(chan string, 10)
			for i := range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					key := "race-" + cartID
					if !sameKey {
						key = fmt.Sprintf("race-%s-%d", cartID, i)
					}
					resp := completeResp(t, s, cartID, key)
					var out struct {
						CompleteCart completion `json:"completeCart"`
					}
					if len(resp.Errors) == 0 && jsonUnmarshal(resp.Data, &out) == nil && out.CompleteCart.Order != nil {
						orderIDs <- out.CompleteCart.Order.ID
					} else {
						orderIDs <- "error"
					}
				}()
			}
			wg.Wait()
			close(orderIDs)
			seen := map[string]int{}
			for id := range orderIDs {
				seen[id]++
			}
			if len(seen) != 1 || seen["error"] != 0 {
				t.Fatalf("answers %v, want one order for all", seen)
			}
			if n := count(t, s, `SELECT count(*) FROM "order" WHERE cart_id = ?`, cartID); n != 1 {
				t.Fatalf("%d orders", n)
			}
			if n := count(t, s, `SELECT count(*) FROM payment WHERE cart_id = ? AND canceled_at IS NULL`, cartID); n != 1 {
				t.Fatalf("%d payments", n)
			}
		})
	}

	t.Run("LastUnit", func(t *testing.T) {
		a := readyCart(t, s, "reg_eu", map[string]int{"var_scarce": 2}, "so_eu_std")
		b := readyCart(t, s, "reg_eu", map[string]int{"var_scarce": 2}, "so_eu_std")
		pay(t, s, a, "manual", nil)
		pay(t, s, b, "manual", nil)
		var wg sync.WaitGroup
		results := make([]*apptest.Response, 2)
		for i, cartID := range []string{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = completeResp(t, s, cartID, "last-"+cartID)
			}()
		}
		wg.Wait()
		var orders, refusals int
		for _, r := range results {
			switch {
			case len(r.Errors) == 0:
				orders++
			case r.Errors[0].Extensions["reason"] == "insufficient_inventory":
				refusals++
				apptest.ExpectError(t, r.Errors[0], "NOT_ALLOWED", "Variant with id: var_scarce does not have the required inventory")
				if r.Errors[0].Extensions["status"] != float64(409) {
					t.Fatalf("status %v", r.Errors[0].Extensions["status"])
				}
			default:
				t.Fatalf("error %+v", r.Errors[0])
			}
		}
		if orders != 1 || refusals != 1 {
			t.Fatalf("%d orders, %d refusals", orders, refusals)
		}
		if got := inventory(t, s, "var_scarce"); got != 0 {
			t.Fatalf("inventory %d, want 0", got)
		}
		if n := count(t, s, `SELECT count(*) FROM payment WHERE cart_id IN (?, ?) AND canceled_at IS NOT NULL`, a, b); n != 1 {
			t.Fatalf("%d canceled payments, want the loser's", n)
		}
		// The refusal is the key's answer: a retry with it answers the same.
		for i, cartID := range []string{a, b} {
			if len(results[i].Errors) > 0 {
				again := completeResp(t, s, cartID, "last-"+cartID)
				if len(again.Errors) == 0 || again.Errors[0].Extensions["reason"] != "insufficient_inventory" {
					t.Fatalf("retry answered %+v", again)
				}
			}
		}
	})
}

// Ensure a completion interrupted after the payment was authorized finishes
// on retry with the same key, with one order and one payment.
func TestCompletionResumesAfterInterruption(t *testing.T) {
	s := cartServer(t)
	cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
	pay(t, s, cartID, "manual", nil)

	crashed := false
	s.App.Resolver.Checkout.AfterStage = func(point string) error {
		if point == "payment_authorized" && !crashed {
			crashed = true
			return errors.New("injected crash after authorization")
		}
		return nil
	}
	if resp := completeResp(t, s, cartID, "resume-key"); len(resp.Errors) == 0 {
		t.Fatalf("the injected failure did not surface: %s", resp.Data)
	}
	if n := count(t, s, `SELECT count(*) FROM payment WHERE cart_id = ?`, cartID); n != 1 {
		t.Fatalf("%d payments after the interruption", n)
	}
	res := complete(t, s, cartID, "resume-key")
	if res.Type != "ORDER" || res.Order == nil {
		t.Fatalf("retry %+v", res)
	}
	if n := count(t, s, `SELECT count(*) FROM "order" WHERE cart_id = ?`, cartID); n != 1 {
		t.Fatalf("%d orders", n)
	}
	if n := count(t, s, `SELECT count(*) FROM payment WHERE cart_id = ?`, cartID); n != 1 {
		t.Fatalf("%d payments", n)
	}
}

// Ensure carts and orders leave Medusa's events in the outbox, in the
// transaction of the change.
func TestCartAndOrderEvents(t *testing.T) {
	s := cartServer(t)
	cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
	pay(t, s, cartID, "manual", nil)
	o := complete(t, s, cartID, "").Order
	for _, tc := range []struct {
		name, resource string
		atLeast        int
	}{
		{"cart.created", cartID, 1},
		{"cart.updated", cartID, 5},
		{"order.placed", o.ID, 1},
	} {
		if n := count(t, s, `SELECT count(*) FROM storegraph_event WHERE name = ? AND resource_id = ?`, tc.name, tc.resource); n < tc.atLeast {
			t.Errorf("%d %s events for %s, want at least %d", n, tc.name, tc.resource, tc.atLeast)
		}
	}
	// A refused change leaves no event.
	before := count(t, s, `SELECT count(*) FROM storegraph_event WHERE resource_id = ?`, cartID)
	cartFail(t, s, "addLineItem", "(cartId: $cartId, input: $item)", map[string]any{"cartId": cartID, "item": map[string]any{"variantId": "var_shirt", "quantity": 1}})
	if after := count(t, s, `SELECT count(*) FROM storegraph_event WHERE resource_id = ?`, cartID); after != before {
		t.Errorf("a refused mutation emitted %d events", after-before)
	}
}

package graph_test

import (
	"encoding/json"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

const captureQuery = `mutation($id: ID!) { captureOrderPayment(orderId: $id) { order {
	id paymentStatus payments { amount capturedAt } } } }`

const fulfillQuery = `mutation($id: ID!, $input: CreateOrderFulfillmentInput!) { createOrderFulfillment(orderId: $id, input: $input) { order {
	id fulfillmentStatus items { id fulfilledQuantity }
	fulfillments { id providerId data trackingNumbers noNotification items { itemId quantity item { id } } } } } }`

type adminOrder struct {
	ID                string `json:"id"`
	PaymentStatus     string `json:"paymentStatus"`
	FulfillmentStatus string `json:"fulfillmentStatus"`
	Payments          []struct {
		Amount     int64   `json:"amount"`
		CapturedAt *string `json:"capturedAt"`
	} `json:"payments"`
	Items []struct {
		ID                string `json:"id"`
		FulfilledQuantity *int   `json:"fulfilledQuantity"`
	} `json:"items"`
	Fulfillments []struct {
		ID              string         `json:"id"`
		ProviderID      string         `json:"providerId"`
		Data            map[string]any `json:"data"`
		TrackingNumbers []string       `json:"trackingNumbers"`
		NoNotification  *bool          `json:"noNotification"`
		Items           []struct {
			ItemID   string `json:"itemId"`
			Quantity int    `json:"quantity"`
		} `json:"items"`
	} `json:"fulfillments"`
}

// adminOrderOp runs captureOrderPayment or createOrderFulfillment.
func adminOrderOp(t *testing.T, s *apptest.Server, query string, vars map[string]any) adminOrder {
	t.Helper()
	resp := adminDo(t, s, query, vars)
	if len(resp.Errors) > 0 {
		t.Fatalf("admin errors: %+v", resp.Errors)
	}
	var out map[string]struct {
		Order adminOrder `json:"order"`
	}
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		t.Fatal(err)
	}
	for _, v := range out {
		return v.Order
	}
	t.Fatalf("no data: %s", resp.Data)
	return adminOrder{}
}

func fulfillItems(items ...any) map[string]any {
	var list []any
	for i := 0; i+1 < len(items); i += 2 {
		list = append(list, map[string]any{"itemId": items[i], "quantity": items[i+1]})
	}
	return map[string]any{"items": list}
}

// Ensure the merchant's capture and fulfillment work as Medusa's admin
// routes, and only on the admin endpoint.
func TestCaptureAndFulfillment(t *testing.T) {
	s := returnsServer(t)
	o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2, "var_shirt": 1}, "so_eu_std")
	big, shirt := o.itemOf(t, "var_big"), o.itemOf(t, "var_shirt")

	t.Run("StoreEndpointHasNoMerchantOperations", func(t *testing.T) {
		e := s.Fail(t, captureQuery, map[string]any{"id": o.ID})
		if e.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Fatalf("store endpoint answered %+v", e)
		}
		resp := s.Do(t, apptest.Request{Query: captureQuery, Variables: map[string]any{"id": o.ID}, Path: "/admin/graphql"})
		if len(resp.Errors) == 0 || resp.Errors[0].Code() != "UNAUTHORIZED" {
			t.Fatalf("admin endpoint without the token answered %+v", resp)
		}
	})
	t.Run("Capture", func(t *testing.T) {
		got := adminOrderOp(t, s, captureQuery, map[string]any{"id": o.ID})
		if got.PaymentStatus != "CAPTURED" || len(got.Payments) != 1 || got.Payments[0].CapturedAt == nil {
			t.Fatalf("order %+v", got)
		}
		// Capturing again changes nothing.
		again := adminOrderOp(t, s, captureQuery, map[string]any{"id": o.ID})
		if again.PaymentStatus != "CAPTURED" || *again.Payments[0].CapturedAt != *got.Payments[0].CapturedAt {
			t.Fatalf("second capture %+v", again)
		}
	})
	t.Run("PartialFulfillment", func(t *testing.T) {
		got := adminOrderOp(t, s, fulfillQuery, map[string]any{"id": o.ID, "input": fulfillItems(big, 1)})
		if got.FulfillmentStatus != "PARTIALLY_FULFILLED" || len(got.Fulfillments) != 1 {
			t.Fatalf("order %+v", got)
		}
		f := got.Fulfillments[0]
		if f.ProviderID != "manual" || f.Data == nil || f.TrackingNumbers == nil || len(f.TrackingNumbers) != 0 ||
			len(f.Items) != 1 || f.Items[0].ItemID != big || f.Items[0].Quantity != 1 {
			t.Fatalf("fulfillment %+v", f)
		}
	})
	t.Run("ErrTooMany", func(t *testing.T) {
		resp := adminDo(t, s, fulfillQuery, map[string]any{"id": o.ID, "input": fulfillItems(big, 2)})
		apptest.ExpectError(t, resp.Errors[0], "NOT_ALLOWED", "Cannot fulfill more items than have been purchased")
	})
	t.Run("Fulfilled", func(t *testing.T) {
		got := adminOrderOp(t, s, fulfillQuery, map[string]any{"id": o.ID, "input": fulfillItems(big, 1, shirt, 1, "item_elsewhere", 3)})
		if got.FulfillmentStatus != "FULFILLED" || len(got.Fulfillments) != 2 {
			t.Fatalf("order %+v", got)
		}
		for _, it := range got.Items {
			if it.FulfilledQuantity == nil || (it.ID == big && *it.FulfilledQuantity != 2) || (it.ID == shirt && *it.FulfilledQuantity != 1) {
				t.Fatalf("items %+v", got.Items)
			}
		}
		for name, want := range map[string]int{"order.payment_captured": 2, "order.fulfillment_created": 2} {
			if n := count(t, s, `SELECT count(*) FROM storegraph_event WHERE name = ? AND resource_id = ?`, name, o.ID); n != want {
				t.Fatalf("%d %s events, want %d", n, name, want)
			}
		}
	})

	canceled := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
	if _, err := s.DB.Reader.ExecContext(t.Context(), s.DB.Reader.Rebind(`UPDATE "order" SET status = 'canceled', canceled_at = CURRENT_TIMESTAMP WHERE id = ?`), canceled.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query, code, message string
		vars                       map[string]any
	}{
		{"ErrCaptureCanceled", captureQuery, "NOT_ALLOWED", "A canceled order cannot capture payment", map[string]any{"id": canceled.ID}},
		{"ErrFulfillCanceled", fulfillQuery, "NOT_ALLOWED", "A canceled order cannot be fulfilled",
			map[string]any{"id": canceled.ID, "input": fulfillItems(canceled.itemOf(t, "var_shirt"), 1)}},
		{"ErrCaptureUnknown", captureQuery, "NOT_FOUND", "Order with order_nope was not found", map[string]any{"id": "order_nope"}},
		{"ErrFulfillUnknown", fulfillQuery, "NOT_FOUND", "Order with order_nope was not found",
			map[string]any{"id": "order_nope", "input": fulfillItems(big, 1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := adminDo(t, s, tc.query, tc.vars)
			if len(resp.Errors) == 0 {
				t.Fatalf("expected an error, got %s", resp.Data)
			}
			apptest.ExpectError(t, resp.Errors[0], tc.code, tc.message)
		})
	}
}

// readyForSwap captures and fully fulfils an order.
func readyForSwap(t *testing.T, s *apptest.Server, o placedOrder) {
	t.Helper()
	adminOrderOp(t, s, captureQuery, map[string]any{"id": o.ID})
	var items []any
	for _, it := range o.Items {
		items = append(items, it.ID, it.Quantity)
	}
	adminOrderOp(t, s, fulfillQuery, map[string]any{"id": o.ID, "input": fulfillItems(items...)})
}

type swapData struct {
	ID                string  `json:"id"`
	OrderID           string  `json:"orderId"`
	FulfillmentStatus string  `json:"fulfillmentStatus"`
	PaymentStatus     string  `json:"paymentStatus"`
	DifferenceDue     *int64  `json:"differenceDue"`
	ConfirmedAt       *string `json:"confirmedAt"`
	CartID            string  `json:"cartId"`
	ShippingAddressID *string `json:"shippingAddressId"`
	AllowBackorder    bool    `json:"allowBackorder"`
	NoNotification    *bool   `json:"noNotification"`
	AdditionalItems   []struct {
		ID        string `json:"id"`
		VariantID string `json:"variantId"`
		Quantity  int    `json:"quantity"`
		UnitPrice int64  `json:"unitPrice"`
		CartID    string `json:"cartId"`
		SwapID    string `json:"swapId"`
	} `json:"additionalItems"`
	ReturnOrder *returnData `json:"returnOrder"`
	Payment     *struct {
		Amount  int64  `json:"amount"`
		OrderID string `json:"orderId"`
	} `json:"payment"`
	ShippingMethods []struct {
		ShippingOptionID string `json:"shippingOptionId"`
		Price            int64  `json:"price"`
	} `json:"shippingMethods"`
	Order struct {
		ID string `json:"id"`
	} `json:"order"`
	Cart *struct {
		ID       string         `json:"id"`
		Type     string         `json:"type"`
		Metadata map[string]any `json:"metadata"`
		Email    string         `json:"email"`
		RegionID string         `json:"regionId"`
		Customer struct {
			ID string `json:"id"`
		} `json:"customer"`
		ShippingAddressID string  `json:"shippingAddressId"`
		CompletedAt       *string `json:"completedAt"`
		Items             []struct {
			Title     string  `json:"title"`
			VariantID *string `json:"variantId"`
			IsReturn  bool    `json:"isReturn"`
			Quantity  int     `json:"quantity"`
			UnitPrice int64   `json:"unitPrice"`
			Total     int64   `json:"total"`
		} `json:"items"`
		Subtotal int64 `json:"subtotal"`
		TaxTotal int64 `json:"taxTotal"`
		Total    int64 `json:"total"`
	} `json:"cart"`
}

const swapFields = `id orderId fulfillmentStatus paymentStatus differenceDue confirmedAt cartId shippingAddressId allowBackorder noNotification
	additionalItems { id variantId quantity unitPrice cartId swapId }
	returnOrder { ` + returnFields + ` }
	payment { amount orderId }
	shippingMethods { shippingOptionId price }
	order { id }
	cart { id type metadata email regionId customer { id } shippingAddressId completedAt
		items { title variantId isReturn quantity unitPrice total } subtotal taxTotal total }`

const createSwapQuery = `mutation($input: CreateSwapInput!, $key: String) {
	createSwap(input: $input, idempotencyKey: $key) { idempotencyKey swap { ` + swapFields + ` } } }`

func createSwap(t *testing.T, s *apptest.Server, input map[string]any, key string) swapData {
	t.Helper()
	vars := map[string]any{"input": input}
	if key != "" {
		vars["key"] = key
	}
	var out struct {
		CreateSwap struct {
			Swap swapData `json:"swap"`
		} `json:"createSwap"`
	}
	s.Query(t, createSwapQuery, vars, &out)
	return out.CreateSwap.Swap
}

const completeSwapQuery = `mutation($cartId: ID!, $key: String) { completeCart(cartId: $cartId, idempotencyKey: $key) {
	type order { id } cart { id } swap { ` + swapFields + ` } } }`

type swapCompletion struct {
	Type  string    `json:"type"`
	Order *struct{} `json:"order"`
	Swap  *swapData `json:"swap"`
}

func completeSwap(t *testing.T, s *apptest.Server, cartID, key string) swapCompletion {
	t.Helper()
	var out struct {
		CompleteCart swapCompletion `json:"completeCart"`
	}
	s.Query(t, completeSwapQuery, map[string]any{"cartId": cartID, "key": key}, &out)
	return out.CompleteCart
}

func swapItem(variantID string, quantity int) map[string]any {
	return map[string]any{"variantId": variantID, "quantity": quantity}
}

// Ensure a swap exchanges items of a captured, fulfilled order: the return,
// the swap cart of type SWAP, and its completion through completeCart.
func TestSwap(t *testing.T) {
	s := returnsServer(t)
	o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2}, "so_eu_std")
	readyForSwap(t, s, o)
	big := o.itemOf(t, "var_big")

	sw := createSwap(t, s, map[string]any{"orderId": o.ID,
		"returnItems":          []any{returnItem(big, 1, "reasonId", "rr_size")},
		"additionalItems":      []any{swapItem("var_shirt", 2)},
		"returnShippingOption": "so_eu_return"}, "swap-key")
	t.Run("Created", func(t *testing.T) {
		if sw.PaymentStatus != "NOT_PAID" || sw.FulfillmentStatus != "NOT_FULFILLED" || sw.ConfirmedAt != nil || sw.DifferenceDue != nil ||
			sw.Order.ID != o.ID || sw.NoNotification == nil || !*sw.NoNotification || sw.AllowBackorder {
			t.Fatalf("swap %+v", sw)
		}
		if len(sw.AdditionalItems) != 1 || sw.AdditionalItems[0].VariantID != "var_shirt" || sw.AdditionalItems[0].UnitPrice != 100 ||
			sw.AdditionalItems[0].SwapID != sw.ID || sw.AdditionalItems[0].CartID != sw.CartID {
			t.Fatalf("additional items %+v", sw.AdditionalItems)
		}
		r := sw.ReturnOrder
		// 1000 back less the return shipping of 700; the swap's return is
		// the swap's, not the order's.
		if r == nil || r.Status != "REQUESTED" || r.RefundAmount != 300 || r.OrderID != nil || r.SwapID == nil || *r.SwapID != sw.ID ||
			r.ShippingMethod == nil || r.ShippingData == nil || len(r.Items) != 1 || r.Items[0].Reason.Value != "wrong_size" {
			t.Fatalf("return %+v", r)
		}
		c := sw.Cart
		if c == nil || c.Type != "SWAP" || c.Metadata["swap_id"] != sw.ID || c.Metadata["parent_order_id"] != o.ID ||
			c.Email != "buyer@example.com" || c.RegionID != "reg_eu" || c.Customer.ID == "" || c.ShippingAddressID == "" {
			t.Fatalf("cart %+v", c)
		}
		// Two shirts (200), the return shipping (700), the returned unit (−1000).
		if len(c.Items) != 3 || c.Subtotal != -100 || c.Total != -100 {
			t.Fatalf("cart items %+v, subtotal %d, total %d", c.Items, c.Subtotal, c.Total)
		}
		var returnLine, shippingLine bool
		for _, it := range c.Items {
			switch {
			case it.IsReturn && it.Title == "Return shipping":
				shippingLine = it.UnitPrice == 700 && it.Quantity == 1 && it.VariantID == nil
			case it.IsReturn:
				returnLine = it.UnitPrice == -1000 && it.Quantity == 1 && it.VariantID != nil && *it.VariantID == "var_big"
			}
		}
		if !returnLine || !shippingLine {
			t.Fatalf("cart items %+v", c.Items)
		}
	})
	t.Run("IdempotentRetry", func(t *testing.T) {
		again := createSwap(t, s, map[string]any{"orderId": o.ID, "returnItems": []any{returnItem(big, 1)},
			"additionalItems": []any{swapItem("var_shirt", 2)}}, "swap-key")
		if again.ID != sw.ID || count(t, s, `SELECT count(*) FROM swap WHERE order_id = ?`, o.ID) != 1 {
			t.Fatalf("retry made another swap")
		}
	})
	t.Run("SwapByCartId", func(t *testing.T) {
		var out struct {
			Swap swapData `json:"swapByCartId"`
		}
		s.Query(t, `query($id: ID!) { swapByCartId(cartId: $id) { id cartId } }`, map[string]any{"id": sw.CartID}, &out)
		if out.Swap.ID != sw.ID {
			t.Fatalf("swap %+v", out.Swap)
		}
		apptest.ExpectError(t, s.Fail(t, `{ swapByCartId(cartId: "cart_nope") { id } }`, nil), "NOT_FOUND", "Swap was not found")
	})
	t.Run("Completion", func(t *testing.T) {
		shirts, bigs := inventory(t, s, "var_shirt"), inventory(t, s, "var_big")
		addShipping(t, s, sw.CartID, "so_eu_std")
		pay(t, s, sw.CartID, "manual", nil)
		res := completeSwap(t, s, sw.CartID, "swap-cart-key")
		done := res.Swap
		// −100 plus the new shipping of 1000.
		if res.Type != "SWAP" || res.Order != nil || done == nil || done.ID != sw.ID || done.ConfirmedAt == nil ||
			done.PaymentStatus != "AWAITING" || done.DifferenceDue == nil || *done.DifferenceDue != 900 {
			t.Fatalf("completion %+v", res)
		}
		if done.Payment == nil || done.Payment.Amount != 900 || done.Payment.OrderID != o.ID || len(done.ShippingMethods) != 1 ||
			done.ShippingAddressID == nil || done.Cart.CompletedAt == nil {
			t.Fatalf("swap %+v", done)
		}
		// The new shirts leave the stock; the returned unit is not taken.
		if got := inventory(t, s, "var_shirt"); got != shirts-2 {
			t.Fatalf("shirts %d, want %d", got, shirts-2)
		}
		if got := inventory(t, s, "var_big"); got != bigs {
			t.Fatalf("returned variant's stock %d, want %d", got, bigs)
		}
		// The returned line keeps its own tax lines through completion.
		if n := count(t, s, `SELECT count(*) FROM line_item_tax_line lt JOIN line_item li ON li.id = lt.item_id
			WHERE li.cart_id = ? AND li.is_return = ?`, sw.CartID, true); n != 2 {
			t.Fatalf("%d tax lines on return lines", n)
		}
		// The swap's payment counts on the order.
		var paid struct {
			Order struct {
				PaidTotal int64 `json:"paidTotal"`
				Swaps     []struct {
					ID string `json:"id"`
				} `json:"swaps"`
			} `json:"order"`
		}
		s.Query(t, `query($id: ID!) { order(id: $id) { paidTotal swaps { id } } }`, map[string]any{"id": o.ID}, &paid)
		if paid.Order.PaidTotal != 1000*2+1000+900 || len(paid.Order.Swaps) != 1 {
			t.Fatalf("order %+v", paid.Order)
		}
		// Completing again answers the swap, with any key.
		for _, key := range []string{"swap-cart-key", "another-key"} {
			if again := completeSwap(t, s, sw.CartID, key); again.Type != "SWAP" || again.Swap.ID != sw.ID {
				t.Fatalf("again with %s: %+v", key, again)
			}
		}
		if got := inventory(t, s, "var_shirt"); got != shirts-2 {
			t.Fatalf("shirts %d after completing again", got)
		}
		for _, name := range []string{"swap.created", "swap.payment_completed"} {
			if n := count(t, s, `SELECT count(*) FROM storegraph_event WHERE name = ? AND resource_id = ?`, name, sw.ID); n != 1 {
				t.Fatalf("%d %s events", n, name)
			}
		}
	})
	t.Run("EvenExchange", func(t *testing.T) {
		// One big for one big, no shipping either way: nothing to pay.
		o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 1}, "so_eu_std")
		readyForSwap(t, s, o)
		sw := createSwap(t, s, map[string]any{"orderId": o.ID, "returnItems": []any{returnItem(o.itemOf(t, "var_big"), 1)},
			"additionalItems": []any{swapItem("var_big", 1)}}, "")
		if sw.Cart.Total != 0 || sw.ReturnOrder.ShippingMethod != nil || sw.ReturnOrder.ShippingData != nil {
			t.Fatalf("swap %+v", sw)
		}
		res := completeSwap(t, s, sw.CartID, "")
		if res.Type != "SWAP" || res.Swap.PaymentStatus != "CONFIRMED" || *res.Swap.DifferenceDue != 0 || res.Swap.Payment != nil {
			t.Fatalf("completion %+v", res.Swap)
		}
	})
	t.Run("RefundDue", func(t *testing.T) {
		o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 1}, "so_eu_std")
		readyForSwap(t, s, o)
		sw := createSwap(t, s, map[string]any{"orderId": o.ID, "returnItems": []any{returnItem(o.itemOf(t, "var_big"), 1)},
			"additionalItems": []any{swapItem("var_shirt", 1)}}, "")
		res := completeSwap(t, s, sw.CartID, "")
		if res.Type != "SWAP" || res.Swap.PaymentStatus != "AWAITING" || *res.Swap.DifferenceDue != -900 || res.Swap.Payment != nil {
			t.Fatalf("completion %+v", res.Swap)
		}
	})
}

// Ensure a swap cart's completion checks the stock of the new items as an
// order's does, and skips the check when the swap allows backorder.
func TestSwapInventory(t *testing.T) {
	s := returnsServer(t)
	o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 1}, "so_eu_std")
	readyForSwap(t, s, o)
	// Three scarce units (two in stock) for the big one.
	sw := createSwap(t, s, map[string]any{"orderId": o.ID, "returnItems": []any{returnItem(o.itemOf(t, "var_big"), 1)},
		"additionalItems": []any{swapItem("var_scarce", 3)}}, "")
	addShipping(t, s, sw.CartID, "so_eu_std")
	pay(t, s, sw.CartID, "manual", nil)

	resp := s.Do(t, apptest.Request{Query: completeSwapQuery, Variables: map[string]any{"cartId": sw.CartID, "key": "short"}})
	if len(resp.Errors) == 0 {
		t.Fatalf("completion went through: %s", resp.Data)
	}
	apptest.ExpectError(t, resp.Errors[0], "NOT_ALLOWED", "Variant with id: var_scarce does not have the required inventory")
	if resp.Errors[0].Extensions["reason"] != "insufficient_inventory" || resp.Errors[0].Extensions["status"] != float64(409) {
		t.Fatalf("error %+v", resp.Errors[0])
	}
	if n := count(t, s, `SELECT count(*) FROM payment WHERE cart_id = ? AND canceled_at IS NOT NULL`, sw.CartID); n != 1 {
		t.Fatalf("%d canceled payments", n)
	}
	var swapRow struct {
		ConfirmedAt *string `db:"confirmed_at"`
	}
	if err := s.DB.Reader.GetContext(t.Context(), &swapRow, s.DB.Reader.Rebind(`SELECT confirmed_at FROM swap WHERE id = ?`), sw.ID); err != nil || swapRow.ConfirmedAt != nil {
		t.Fatalf("swap confirmed after a refusal (%v)", err)
	}
	if got := inventory(t, s, "var_scarce"); got != 2 {
		t.Fatalf("stock %d after a refusal", got)
	}

	// The merchant allows backorder on the swap: the check is skipped and
	// the paid items are taken from stock anyway.
	if _, err := s.DB.Reader.ExecContext(t.Context(), s.DB.Reader.Rebind(`UPDATE swap SET allow_backorder = ? WHERE id = ?`), true, sw.ID); err != nil {
		t.Fatal(err)
	}
	res := completeSwap(t, s, sw.CartID, "backorder")
	if res.Type != "SWAP" || res.Swap.ConfirmedAt == nil || !res.Swap.AllowBackorder {
		t.Fatalf("completion %+v", res)
	}
	if got := inventory(t, s, "var_scarce"); got != -1 {
		t.Fatalf("stock %d, want -1", got)
	}
}

// Ensure what Medusa refuses when creating a swap.
func TestCreateSwapErrors(t *testing.T) {
	s := returnsServer(t)
	unpaid := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 1}, "so_eu_std")
	captured := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 1}, "so_eu_std")
	adminOrderOp(t, s, captureQuery, map[string]any{"id": captured.ID})
	ready := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2}, "so_eu_std")
	readyForSwap(t, s, ready)
	big := ready.itemOf(t, "var_big")

	for _, tc := range []struct {
		name, code, message string
		input               map[string]any
	}{
		{"ErrNotCaptured", "NOT_ALLOWED", "Order cannot be swapped", map[string]any{"orderId": unpaid.ID,
			"returnItems": []any{returnItem(unpaid.itemOf(t, "var_big"), 1)}, "additionalItems": []any{}}},
		{"ErrNotFulfilled", "NOT_ALLOWED", "Order cannot be swapped", map[string]any{"orderId": captured.ID,
			"returnItems": []any{returnItem(captured.itemOf(t, "var_big"), 1)}, "additionalItems": []any{}}},
		{"ErrUnknownOrder", "NOT_FOUND", "Order with order_nope was not found", map[string]any{"orderId": "order_nope",
			"returnItems": []any{returnItem(big, 1)}, "additionalItems": []any{}}},
		{"ErrUnknownVariant", "INVALID_DATA", "Unable to generate the line items, some variant has not been found: var_nope",
			map[string]any{"orderId": ready.ID, "returnItems": []any{returnItem(big, 1)}, "additionalItems": []any{swapItem("var_nope", 1)}}},
		{"ErrNoPrice", "INVALID_DATA", `Cannot generate line item for variant "One" without a price`,
			map[string]any{"orderId": ready.ID, "returnItems": []any{returnItem(big, 1)}, "additionalItems": []any{swapItem("var_taxed", 1)}}},
		{"ErrTooMany", "NOT_ALLOWED", "Cannot return more items than have been purchased",
			map[string]any{"orderId": ready.ID, "returnItems": []any{returnItem(big, 3)}, "additionalItems": []any{}}},
		{"ErrItemNotOnOrder", "INVALID_DATA", "Return contains invalid line item",
			map[string]any{"orderId": ready.ID, "returnItems": []any{returnItem(captured.itemOf(t, "var_big"), 1)}, "additionalItems": []any{}}},
		{"ErrReasonCategory", "INVALID_DATA", "Cannot apply return reason category",
			map[string]any{"orderId": ready.ID, "returnItems": []any{returnItem(big, 1, "reasonId", "rr_damaged")}, "additionalItems": []any{}}},
		{"ErrQuantity", "INVALID_DATA", "quantity must not be less than 1",
			map[string]any{"orderId": ready.ID, "returnItems": []any{returnItem(big, 1)}, "additionalItems": []any{swapItem("var_shirt", 0)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.Fail(t, createSwapQuery, map[string]any{"input": tc.input})
			apptest.ExpectError(t, e, tc.code, tc.message)
		})
	}
	if n := count(t, s, `SELECT count(*) FROM swap`); n != 0 {
		t.Fatalf("%d swaps after refused requests", n)
	}
	if n := count(t, s, `SELECT count(*) FROM cart WHERE type = 'swap'`); n != 0 {
		t.Fatalf("%d swap carts after refused requests", n)
	}
}

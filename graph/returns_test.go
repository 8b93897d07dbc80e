package graph_test

import (
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/seed"
)

// returnsFixture adds to the cart fixture return reasons (a category with
// two children and a plain reason), a return option in the taxed Danish
// region and one priced tax-inclusive.
const returnsFixture = `{
  "return_reasons": [
    { "id": "rr_damaged", "value": "damaged", "label": "Damaged" },
    { "id": "rr_torn", "value": "torn", "label": "Torn", "parent_return_reason_id": "rr_damaged" },
    { "id": "rr_stained", "value": "stained", "label": "Stained", "parent_return_reason_id": "rr_damaged" },
    { "id": "rr_size", "value": "wrong_size", "label": "Wrong size" }
  ],
  "shipping_options": [
    { "id": "so_dk_return", "name": "DK Return", "region_id": "reg_dk", "provider_id": "manual", "data": {"id": "manual-fulfillment"},
      "price_type": "flat_rate", "amount": 50, "is_return": true },
    { "id": "so_dk_return_incl", "name": "DK Return incl.", "region_id": "reg_dk", "provider_id": "manual", "data": {"id": "manual-fulfillment"},
      "price_type": "flat_rate", "amount": 112, "is_return": true, "includes_tax": true }
  ]
}`

// returnsServer starts storegraph with the cart fixture, the returns
// fixture and the admin endpoint on.
func returnsServer(t *testing.T) *apptest.Server {
	t.Helper()
	fixture, err := os.ReadFile("testdata/cart.json")
	if err != nil {
		t.Fatal(err)
	}
	s := apptest.New(t, apptest.WithSeed(string(fixture)), apptest.WithConfig(func(c *app.Config) { c.AdminToken = adminToken }))
	if err := seed.Load(t.Context(), s.DB, strings.NewReader(returnsFixture), s.App.SeedOptions()); err != nil {
		t.Fatalf("seed returns fixture: %v", err)
	}
	return s
}

// adminDo runs a request on the admin endpoint with the admin token.
func adminDo(t *testing.T, s *apptest.Server, query string, vars map[string]any) *apptest.Response {
	t.Helper()
	return s.Do(t, apptest.Request{Query: query, Variables: vars, Path: "/admin/graphql",
		Header: http.Header{"Authorization": {"Bearer " + adminToken}}})
}

type placedOrder struct {
	ID    string `json:"id"`
	Items []struct {
		ID        string `json:"id"`
		VariantID string `json:"variantId"`
		Quantity  int    `json:"quantity"`
	} `json:"items"`
}

// itemOf is the id of the order's line of the variant.
func (o placedOrder) itemOf(t *testing.T, variantID string) string {
	t.Helper()
	for _, it := range o.Items {
		if it.VariantID == variantID {
			return it.ID
		}
	}
	t.Fatalf("order %s has no line of %s", o.ID, variantID)
	return ""
}

// placeOrder checks out a cart (with the discount codes given) and returns
// the order.
func placeReturnableOrder(t *testing.T, s *apptest.Server, region string, items map[string]int, option string, codes ...string) placedOrder {
	t.Helper()
	cartID := readyCart(t, s, region, items, option)
	if len(codes) > 0 {
		var discounts []any
		for _, c := range codes {
			discounts = append(discounts, map[string]any{"code": c})
		}
		updateCart(t, s, cartID, map[string]any{"discounts": discounts})
	}
	provider := "manual"
	if region == "reg_dk" {
		provider = "test"
	}
	pay(t, s, cartID, provider, nil)
	res := complete(t, s, cartID, "")
	if res.Type != "ORDER" {
		t.Fatalf("completion %+v", res)
	}
	var out struct {
		Order placedOrder `json:"order"`
	}
	s.Query(t, `query($id: ID!) { order(id: $id) { id items { id variantId quantity } } }`, map[string]any{"id": res.Order.ID}, &out)
	return out.Order
}

type returnData struct {
	ID             string         `json:"id"`
	Status         string         `json:"status"`
	OrderID        *string        `json:"orderId"`
	SwapID         *string        `json:"swapId"`
	RefundAmount   int64          `json:"refundAmount"`
	ShippingData   map[string]any `json:"shippingData"`
	IdempotencyKey *string        `json:"idempotencyKey"`
	Items          []struct {
		ItemID            string  `json:"itemId"`
		Quantity          int     `json:"quantity"`
		RequestedQuantity int     `json:"requestedQuantity"`
		IsRequested       bool    `json:"isRequested"`
		Note              *string `json:"note"`
		Reason            *struct {
			ID    string `json:"id"`
			Value string `json:"value"`
		} `json:"reason"`
		Item struct {
			ID         string `json:"id"`
			VariantID  string `json:"variantId"`
			Refundable int64  `json:"refundable"`
		} `json:"item"`
	} `json:"items"`
	ShippingMethod *struct {
		ShippingOptionID string `json:"shippingOptionId"`
		Price            int64  `json:"price"`
		ReturnID         string `json:"returnId"`
		IncludesTax      bool   `json:"includesTax"`
		Subtotal         int64  `json:"subtotal"`
		TaxTotal         int64  `json:"taxTotal"`
		Total            int64  `json:"total"`
		TaxLines         []struct {
			Rate float64 `json:"rate"`
			Code string  `json:"code"`
		} `json:"taxLines"`
	} `json:"shippingMethod"`
	Order *struct {
		ID string `json:"id"`
	} `json:"order"`
}

const returnFields = `id status orderId swapId refundAmount shippingData idempotencyKey
	items { itemId quantity requestedQuantity isRequested note reason { id value } item { id variantId refundable } }
	shippingMethod { shippingOptionId price returnId includesTax subtotal taxTotal total taxLines { rate code } }
	order { id }`

const createReturnQuery = `mutation($input: CreateReturnInput!, $key: String) {
	createReturn(input: $input, idempotencyKey: $key) { idempotencyKey return { ` + returnFields + ` } } }`

type returnPayload struct {
	IdempotencyKey string     `json:"idempotencyKey"`
	Return         returnData `json:"return"`
}

func createReturn(t *testing.T, s *apptest.Server, input map[string]any, key string) returnPayload {
	t.Helper()
	vars := map[string]any{"input": input}
	if key != "" {
		vars["key"] = key
	}
	var out struct {
		CreateReturn returnPayload `json:"createReturn"`
	}
	s.Query(t, createReturnQuery, vars, &out)
	return out.CreateReturn
}

func returnItem(itemID string, quantity int, extra ...string) map[string]any {
	it := map[string]any{"itemId": itemID, "quantity": quantity}
	for i := 0; i+1 < len(extra); i += 2 {
		it[extra[i]] = extra[i+1]
	}
	return it
}

// Ensure a return is requested with Medusa's refund: items with their
// discount and taxes, less the return shipping with its tax.
func TestCreateReturn(t *testing.T) {
	s := returnsServer(t)

	t.Run("WithoutShipping", func(t *testing.T) {
		o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2, "var_shirt": 1}, "so_eu_std")
		res := createReturn(t, s, map[string]any{"orderId": o.ID, "items": []any{
			returnItem(o.itemOf(t, "var_big"), 1, "reasonId", "rr_torn", "note", "Torn at the seam"),
		}}, "")
		r := res.Return
		if r.Status != "REQUESTED" || r.RefundAmount != 1000 || r.ShippingMethod != nil || r.ShippingData != nil {
			t.Fatalf("return %+v", r)
		}
		if r.OrderID == nil || *r.OrderID != o.ID || r.Order == nil || r.SwapID != nil || res.IdempotencyKey == "" ||
			r.IdempotencyKey == nil || *r.IdempotencyKey != res.IdempotencyKey {
			t.Fatalf("return links %+v (key %q)", r, res.IdempotencyKey)
		}
		if len(r.Items) != 1 {
			t.Fatalf("items %+v", r.Items)
		}
		it := r.Items[0]
		if it.Quantity != 1 || it.RequestedQuantity != 1 || !it.IsRequested || it.Note == nil || *it.Note != "Torn at the seam" ||
			it.Reason == nil || it.Reason.Value != "torn" || it.Item.VariantID != "var_big" {
			t.Fatalf("item %+v", it)
		}
	})
	t.Run("DiscountedItems", func(t *testing.T) {
		// 2×1000 with 10 % off: the unit discount round(200/2) stays off.
		o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2}, "so_eu_std", "TENPCT")
		r := createReturn(t, s, map[string]any{"orderId": o.ID, "items": []any{returnItem(o.itemOf(t, "var_big"), 1)}}, "").Return
		if r.RefundAmount != 900 {
			t.Fatalf("refund %d, want 900", r.RefundAmount)
		}
	})
	t.Run("WithShipping", func(t *testing.T) {
		o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2}, "so_eu_std")
		r := createReturn(t, s, map[string]any{"orderId": o.ID, "items": []any{returnItem(o.itemOf(t, "var_big"), 2)},
			"returnShipping": map[string]any{"optionId": "so_eu_return"}}, "").Return
		// 2000 back, less the return shipping of 700 (the EU has no tax).
		if r.RefundAmount != 1300 || r.ShippingMethod == nil || r.ShippingMethod.Price != 700 || r.ShippingMethod.ReturnID != r.ID {
			t.Fatalf("return %+v", r)
		}
		if r.ShippingData == nil {
			t.Fatalf("a return with shipping is fulfilled: shippingData %v", r.ShippingData)
		}
	})
	t.Run("TaxedShipping", func(t *testing.T) {
		// 100 at the product's 10 % is 110 back; the return shipping of 50
		// at the region's 12 % costs 56.
		o := placeReturnableOrder(t, s, "reg_dk", map[string]int{"var_taxed": 2}, "so_dk_std")
		r := createReturn(t, s, map[string]any{"orderId": o.ID, "items": []any{returnItem(o.itemOf(t, "var_taxed"), 1)},
			"returnShipping": map[string]any{"optionId": "so_dk_return"}}, "").Return
		m := r.ShippingMethod
		if r.RefundAmount != 110-56 || m == nil || len(m.TaxLines) != 1 || m.TaxLines[0].Rate != 12 || m.TaxTotal != 6 || m.Total != 56 {
			t.Fatalf("return %+v, method %+v", r, m)
		}
		if r.Items[0].Item.Refundable != 220 {
			t.Fatalf("item refundable %d", r.Items[0].Item.Refundable)
		}
	})
	t.Run("TaxInclusiveShipping", func(t *testing.T) {
		// 112 including 12 %: net 100, taxed back to 112.
		o := placeReturnableOrder(t, s, "reg_dk", map[string]int{"var_taxed": 1}, "so_dk_std")
		r := createReturn(t, s, map[string]any{"orderId": o.ID, "items": []any{returnItem(o.itemOf(t, "var_taxed"), 1)},
			"returnShipping": map[string]any{"optionId": "so_dk_return_incl"}}, "").Return
		if r.RefundAmount != 110-112 || !r.ShippingMethod.IncludesTax || r.ShippingMethod.Subtotal != 100 {
			t.Fatalf("return %+v, method %+v", r, r.ShippingMethod)
		}
	})

	o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2, "var_shirt": 1}, "so_eu_std")
	other := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
	big := o.itemOf(t, "var_big")
	for _, tc := range []struct {
		name, code, message string
		input               map[string]any
	}{
		{"ErrReasonCategory", "INVALID_DATA", "Cannot apply return reason category",
			map[string]any{"orderId": o.ID, "items": []any{returnItem(big, 1, "reasonId", "rr_damaged")}}},
		{"ErrItemNotOnOrder", "INVALID_DATA", "Return contains invalid line item",
			map[string]any{"orderId": o.ID, "items": []any{returnItem(other.itemOf(t, "var_shirt"), 1)}}},
		{"ErrTooMany", "NOT_ALLOWED", "Cannot return more items than have been purchased",
			map[string]any{"orderId": o.ID, "items": []any{returnItem(big, 3)}}},
		{"ErrUnknownOrder", "NOT_FOUND", "Order with order_nope was not found",
			map[string]any{"orderId": "order_nope", "items": []any{returnItem(big, 1)}}},
		{"ErrUnknownItem", "NOT_FOUND", "Line item with item_nope was not found",
			map[string]any{"orderId": o.ID, "items": []any{returnItem("item_nope", 1)}}},
		{"ErrUnknownReason", "NOT_FOUND", "ReturnReason with reason_id rr_nope does not exist.",
			map[string]any{"orderId": o.ID, "items": []any{returnItem(big, 1, "reasonId", "rr_nope")}}},
		{"ErrUnknownShippingOption", "NOT_FOUND", "Shipping Option with so_nope was not found",
			map[string]any{"orderId": o.ID, "items": []any{returnItem(big, 1)}, "returnShipping": map[string]any{"optionId": "so_nope"}}},
		{"ErrQuantity", "INVALID_DATA", "quantity must not be less than 1",
			map[string]any{"orderId": o.ID, "items": []any{returnItem(big, 0)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.Fail(t, createReturnQuery, map[string]any{"input": tc.input})
			apptest.ExpectError(t, e, tc.code, tc.message)
			if n := count(t, s, `SELECT count(*) FROM "return" WHERE order_id = ?`, o.ID); n != 0 {
				t.Fatalf("%d returns after a refused request", n)
			}
		})
	}

	t.Run("IdempotentRetry", func(t *testing.T) {
		o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2}, "so_eu_std")
		input := map[string]any{"orderId": o.ID, "items": []any{returnItem(o.itemOf(t, "var_big"), 1)},
			"returnShipping": map[string]any{"optionId": "so_eu_return"}}
		first := createReturn(t, s, input, "return-key-1")
		again := createReturn(t, s, input, "return-key-1")
		if again.Return.ID != first.Return.ID || again.IdempotencyKey != "return-key-1" || again.Return.RefundAmount != 300 {
			t.Fatalf("retry answered %+v, first %+v", again, first)
		}
		if n := count(t, s, `SELECT count(*) FROM "return" WHERE order_id = ?`, o.ID); n != 1 {
			t.Fatalf("%d returns", n)
		}
		if n := count(t, s, `SELECT count(*) FROM idempotency_key WHERE idempotency_key = ? AND recovery_point = 'finished'`, "return-key-1"); n != 1 {
			t.Fatalf("key not finished")
		}
		if n := count(t, s, `SELECT count(*) FROM storegraph_event WHERE name = 'order.return_requested' AND resource_id = ?`, o.ID); n != 1 {
			t.Fatalf("%d order.return_requested events", n)
		}
		// A failed request leaves its key where it was: a corrected retry
		// with it goes through.
		bad := map[string]any{"orderId": o.ID, "items": []any{returnItem(o.itemOf(t, "var_big"), 5)}}
		apptest.ExpectError(t, s.Fail(t, createReturnQuery, map[string]any{"input": bad, "key": "return-key-2"}),
			"NOT_ALLOWED", "Cannot return more items than have been purchased")
		if got := createReturn(t, s, input, "return-key-2").Return; got.ID == first.Return.ID {
			t.Fatalf("second key answered the first return")
		}
		// The key of another request is refused.
		cartID := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
		pay(t, s, cartID, "manual", nil)
		complete(t, s, cartID, "cart-completion-key")
		e := s.Fail(t, createReturnQuery, map[string]any{"input": input, "key": "cart-completion-key"})
		apptest.ExpectError(t, e, "NOT_ALLOWED", "The idempotency key cart-completion-key belongs to another request")
		// And the other way round: a return's key completes no cart, and
		// stays finished.
		otherCart := readyCart(t, s, "reg_eu", map[string]int{"var_shirt": 1}, "so_eu_std")
		pay(t, s, otherCart, "manual", nil)
		e = s.Fail(t, completeQuery, map[string]any{"cartId": otherCart, "key": "return-key-1"})
		apptest.ExpectError(t, e, "NOT_ALLOWED", "The idempotency key return-key-1 belongs to another request")
		if n := count(t, s, `SELECT count(*) FROM idempotency_key WHERE idempotency_key = ? AND recovery_point = 'finished'`, "return-key-1"); n != 1 {
			t.Fatalf("the return's key was changed by the refused completion")
		}
	})
	t.Run("ConcurrentRetries", func(t *testing.T) {
		o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2}, "so_eu_std")
		input := map[string]any{"orderId": o.ID, "items": []any{returnItem(o.itemOf(t, "var_big"), 1)}}
		var wg sync.WaitGroup
		ids := make([]string, 4)
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp := s.Do(t, apptest.Request{Query: createReturnQuery, Variables: map[string]any{"input": input, "key": "return-race"}})
				if len(resp.Errors) == 0 {
					ids[i] = string(resp.Data)
				}
			}()
		}
		wg.Wait()
		if n := count(t, s, `SELECT count(*) FROM "return" WHERE order_id = ?`, o.ID); n != 1 {
			t.Fatalf("%d returns for one key", n)
		}
	})
	t.Run("OrderReturns", func(t *testing.T) {
		var out struct {
			Order struct {
				Returns []struct {
					ID string `json:"id"`
				} `json:"returns"`
			} `json:"order"`
		}
		s.Query(t, `query($id: ID!) { order(id: $id) { returns { id } } }`, map[string]any{"id": o.ID}, &out)
		if len(out.Order.Returns) != 0 {
			t.Fatalf("returns %+v", out.Order.Returns)
		}
	})
}

// Ensure the return reasons a storefront offers form Medusa's tree: the
// top-level reasons with their children, and each child with its parent.
func TestReturnReasonTree(t *testing.T) {
	s := returnsServer(t)
	type reason struct {
		ID       string    `json:"id"`
		Parent   *reason   `json:"parentReturnReason"`
		Children []*reason `json:"returnReasonChildren"`
	}
	var out struct {
		Reasons []reason `json:"returnReasons"`
		Torn    reason   `json:"returnReason"`
	}
	s.Query(t, `{ returnReasons { id parentReturnReason { id } returnReasonChildren { id returnReasonChildren { id } } }
		returnReason(id: "rr_torn") { id parentReturnReason { id } returnReasonChildren { id } } }`, nil, &out)
	children := map[string][]string{}
	for _, r := range out.Reasons {
		if r.Parent != nil {
			t.Fatalf("top-level reason %s has a parent", r.ID)
		}
		children[r.ID] = []string{}
		for _, c := range r.Children {
			children[r.ID] = append(children[r.ID], c.ID)
		}
	}
	if len(children) != 2 || len(children["rr_damaged"]) != 2 || len(children["rr_size"]) != 0 {
		t.Fatalf("tree %v", children)
	}
	if out.Torn.Parent == nil || out.Torn.Parent.ID != "rr_damaged" || len(out.Torn.Children) != 0 {
		t.Fatalf("child reason %+v", out.Torn)
	}
	apptest.ExpectError(t, s.Fail(t, `{ returnReason(id: "rr_nope") { id } }`, nil), "NOT_FOUND", "Return Reason with id: rr_nope was not found")
}

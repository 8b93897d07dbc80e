package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// FuzzCartInputs sends arbitrary JSON as the input of cart mutations. Bad
// input must be answered with a classified error (INVALID_DATA,
// NOT_FOUND, GRAPHQL_VALIDATION_FAILED, ...), never an internal error, a
// 500 or a stack trace.
//
//	go test ./graph/ -run XXX -fuzz FuzzCartInputs -fuzztime 60s
func FuzzCartInputs(f *testing.F) {
	s := cartServer(&testing.T{})
	for _, seed := range []struct{ op, input string }{
		{"update", `{"email": "a@b.co"}`},
		{"update", `{"regionId": "reg_us", "countryCode": "US"}`},
		{"update", `{"shippingAddress": null}`},
		{"update", `{"shippingAddress": {"countryCode": "zz", "metadata": {"a": [1, {"b": null}]}}}`},
		{"update", `{"discounts": [{"code": ""}], "giftCards": [{"code": "\u0000"}]}`},
		{"update", `{"metadata": {"": ""}, "context": {"ip": 5}}`},
		{"update", `{"billingAddressId": "addr_x", "customerId": "cus_vip"}`},
		{"create", `{"regionId": "reg_eu", "items": [{"variantId": "var_shirt", "quantity": 2147483647}]}`},
		{"create", `{"items": [{"variantId": "var_shirt", "quantity": -5}], "salesChannelId": "x"}`},
		{"item", `{"variantId": "var_big", "quantity": 3, "metadata": {"k": "v"}}`},
		{"item", `{"variantId": "var_scarce", "quantity": 1000000}`},
		{"item", `{"variantId": 12, "quantity": "many"}`},
	} {
		f.Add(seed.op, seed.input)
	}
	cartID := newCartForFuzz(f, s)
	f.Fuzz(func(t *testing.T, op, input string) {
		var parsed any
		if json.Unmarshal([]byte(input), &parsed) != nil {
			return // the JSON body itself is fuzzed by the HTTP fuzz test
		}
		var query string
		vars := map[string]any{"cartId": cartID, "input": parsed}
		switch op {
		case "update":
			query = `mutation($cartId: ID!, $input: UpdateCartInput!) { updateCart(cartId: $cartId, input: $input) { cart { id total } } }`
		case "create":
			query, vars = `mutation($input: CreateCartInput) { createCart(input: $input) { cart { id total } } }`, map[string]any{"input": parsed}
		default:
			query = `mutation($cartId: ID!, $input: AddLineItemInput!) { addLineItem(cartId: $cartId, input: $input) { cart { id total } } }`
		}
		resp := s.Do(t, apptest.Request{Query: query, Variables: vars})
		if resp.Status >= 500 {
			t.Fatalf("status %d for %s %s", resp.Status, op, input)
		}
		for _, e := range resp.Errors {
			if e.Code() == "INTERNAL_SERVER_ERROR" || e.Code() == "" || strings.Contains(e.Message, "goroutine ") || strings.Contains(e.Message, ".go:") {
				t.Fatalf("%s %s answered %+v", op, input, e)
			}
		}
	})
}

func newCartForFuzz(f *testing.F, s *apptest.Server) string {
	var out struct {
		CreateCart struct{ Cart struct{ ID string } }
	}
	resp := s.Do(f, apptest.Request{Query: `mutation { createCart(input: {regionId: "reg_eu"}) { cart { id } } }`})
	if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &out) != nil {
		f.Fatalf("create cart: %+v", resp.Errors)
	}
	return out.CreateCart.Cart.ID
}

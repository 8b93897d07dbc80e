package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// statementsOf runs a query and returns its number of SQL statements and
// its data decoded into out.
func statementsOf(t *testing.T, s *apptest.Server, req apptest.Request, out any) int {
	t.Helper()
	resp := s.Do(t, req)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors %+v", resp.Errors)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		t.Fatal(err)
	}
	return resp.Statements()
}

// Ensure the gift cards of an order's gift card transactions are read in
// one statement, whatever the number of transactions.
func TestGiftCardTransactionStatements(t *testing.T) {
	s := cartServer(t)
	// One transaction: the card pays part of the order.
	one := readyCart(t, s, "reg_dk", map[string]int{"var_big": 50}, "")
	updateCart(t, s, one, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-DK"}}})
	pay(t, s, one, "test", nil)
	// Two transactions: 10000 + 1000 shipping exceeds both cards.
	two := readyCart(t, s, "reg_eu", map[string]int{"var_big": 10}, "so_eu_std")
	updateCart(t, s, two, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-SMALL"}, map[string]any{"code": "GIFT-EU"}}})
	pay(t, s, two, "manual", nil)

	type txn struct {
		GiftCardID string `json:"giftCardId"`
		GiftCard   *struct {
			ID   string `json:"id"`
			Code string `json:"code"`
		} `json:"giftCard"`
	}
	extra := map[int]int{}
	for n, cartID := range map[int]string{1: one, 2: two} {
		orderID := complete(t, s, cartID, "").Order.ID
		read := func(fields string) (int, []txn) {
			var out struct {
				Order struct {
					Txns []txn `json:"giftCardTransactions"`
				} `json:"order"`
			}
			count := statementsOf(t, s, apptest.Request{Query: `query($id: ID!) { order(id: $id) { id total
				giftCardTransactions { id amount giftCardId ` + fields + ` } } }`, Variables: map[string]any{"id": orderID}}, &out)
			return count, out.Order.Txns
		}
		without, _ := read("")
		with, txns := read("giftCard { id code }")
		if len(txns) != n {
			t.Fatalf("order has %d transactions, want %d", len(txns), n)
		}
		for _, tx := range txns {
			if tx.GiftCard == nil || tx.GiftCard.ID != tx.GiftCardID || tx.GiftCard.Code == "" {
				t.Fatalf("transaction %+v", tx)
			}
		}
		extra[n] = with - without
	}
	t.Logf("statements of giftCard per order: %v", extra)
	if extra[1] != 1 || extra[2] != 1 {
		t.Fatalf("giftCard costs %v statements for 1 and 2 transactions, want 1", extra)
	}
}

// Ensure the products of order edit items and of the line items of an
// edit's changes cost no statement: the items are read with them.
func TestOrderEditItemProductStatements(t *testing.T) {
	s := editServer(t, nil)
	o := placeOrder(t, s, map[string]int{"var_big": 1, "var_shirt": 2})
	e := createEdit(t, s, o.ID)
	shirt, _ := e.item(t, "var_shirt")
	updateEditItem(t, s, e.ID, shirt, 3)
	addEditItem(t, s, e.ID, "var_tiered", 1)

	type line struct {
		Variant *struct {
			Product *struct {
				ID string `json:"id"`
			} `json:"product"`
		} `json:"variant"`
	}
	for _, tc := range []struct{ name, fields string }{
		{"Items", `items { id variant { id %s } }`},
		{"Changes", `changes { id lineItem { id variant { id %s } } originalLineItem { id variant { id %s } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := func(product string) (int, []line) {
				var out struct {
					OrderEdit struct {
						Items   []line `json:"items"`
						Changes []struct {
							LineItem         *line `json:"lineItem"`
							OriginalLineItem *line `json:"originalLineItem"`
						} `json:"changes"`
					} `json:"orderEdit"`
				}
				fields := strings.ReplaceAll(tc.fields, "%s", product)
				count := statementsOf(t, s, apptest.Request{Query: `query($id: ID!) { orderEdit(id: $id) { id ` + fields + ` } }`,
					Variables: map[string]any{"id": e.ID}}, &out)
				lines := out.OrderEdit.Items
				for _, c := range out.OrderEdit.Changes {
					for _, l := range []*line{c.LineItem, c.OriginalLineItem} {
						if l != nil {
							lines = append(lines, *l)
						}
					}
				}
				return count, lines
			}
			without, _ := read("")
			with, lines := read("product { id }")
			if len(lines) < 2 {
				t.Fatalf("%d lines", len(lines))
			}
			for _, l := range lines {
				if l.Variant == nil || l.Variant.Product == nil || l.Variant.Product.ID == "" {
					t.Fatalf("line %+v has no product", l)
				}
			}
			if with != without {
				t.Fatalf("products cost %d statements", with-without)
			}
		})
	}
}

// Ensure the products of a swap's additional items cost no statement.
func TestSwapItemProductStatements(t *testing.T) {
	s := returnsServer(t)
	o := placeReturnableOrder(t, s, "reg_eu", map[string]int{"var_big": 2}, "so_eu_std")
	readyForSwap(t, s, o)
	sw := createSwap(t, s, map[string]any{"orderId": o.ID,
		"returnItems":     []any{returnItem(o.itemOf(t, "var_big"), 1)},
		"additionalItems": []any{swapItem("var_shirt", 2), swapItem("var_tiered", 1)}}, "")

	read := func(product string) (int, int) {
		var out struct {
			Swap struct {
				Items []struct {
					Variant struct {
						Product *struct {
							ID string `json:"id"`
						} `json:"product"`
					} `json:"variant"`
				} `json:"additionalItems"`
			} `json:"swapByCartId"`
		}
		count := statementsOf(t, s, apptest.Request{Query: `query($id: ID!) { swapByCartId(cartId: $id) { id
			additionalItems { id variant { id ` + product + ` } } } }`, Variables: map[string]any{"id": sw.CartID}}, &out)
		products := 0
		for _, it := range out.Swap.Items {
			if it.Variant.Product != nil && it.Variant.Product.ID != "" {
				products++
			}
		}
		return count, products
	}
	without, _ := read("")
	with, products := read("product { id }")
	if products != 2 {
		t.Fatalf("%d items with a product, want 2", products)
	}
	if with != without {
		t.Fatalf("products cost %d statements", with-without)
	}
}

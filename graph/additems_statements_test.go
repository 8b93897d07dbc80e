package graph_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// createCartItems creates a cart in reg_eu with the given items and returns
// its lines and the number of SQL statements the mutation cost.
func createCartItems(t *testing.T, s *apptest.Server, items []any) ([]lineData, int) {
	t.Helper()
	resp := s.Do(t, apptest.Request{
		Query:     `mutation($create: CreateCartInput) { createCart(input: $create) { cart { items { variantId quantity unitPrice } } } }`,
		Variables: map[string]any{"create": map[string]any{"regionId": "reg_eu", "items": items}},
	})
	if len(resp.Errors) > 0 {
		t.Fatalf("errors %+v", resp.Errors)
	}
	var out struct {
		CreateCart struct {
			Cart struct {
				Items []lineData `json:"items"`
			} `json:"cart"`
		} `json:"createCart"`
	}
	if err := jsonUnmarshal(resp.Data, &out); err != nil {
		t.Fatal(err)
	}
	return out.CreateCart.Cart.Items, resp.Statements()
}

type lineData struct {
	VariantID string `json:"variantId"`
	Quantity  int64  `json:"quantity"`
	UnitPrice int64  `json:"unitPrice"`
}

func item(variantID string, quantity int) map[string]any {
	return map[string]any{"variantId": variantID, "quantity": quantity}
}

// Ensure createCart prices its items in a fixed number of statements: a
// cart with 3 variants costs what one with 1 does, but for the INSERT of
// each further line.
func TestCreateCartItemsStatementCount(t *testing.T) {
	s := cartServer(t)
	// var_big is in every cart: it has a price list price, which makes
	// price selection read the price lists' customer groups.
	lines1, one := createCartItems(t, s, []any{item("var_big", 1)})
	lines3, three := createCartItems(t, s, []any{item("var_big", 1), item("var_shirt", 2), item("var_tiered", 3)})
	t.Logf("createCart statements: 1 variant %d, 3 variants %d", one, three)
	if len(lines1) != 1 || len(lines3) != 3 {
		t.Fatalf("lines %+v and %+v", lines1, lines3)
	}
	if three != one+2 {
		t.Fatalf("createCart costs %d statements with 1 variant, %d with 3; want %d (one INSERT per further line)", one, three, one+2)
	}
}

// Ensure inputs of one variant in one createCart merge into one line priced
// at their total quantity, and that the first input that fails gives the
// error.
func TestCreateCartItemsMergeAndErrors(t *testing.T) {
	s := cartServer(t)
	lines, _ := createCartItems(t, s, []any{item("var_tiered", 3), item("var_shirt", 1), item("var_tiered", 2)})
	want := map[string]lineData{"var_tiered": {"var_tiered", 5, 800}, "var_shirt": {"var_shirt", 1, 100}}
	if len(lines) != len(want) {
		t.Fatalf("lines %+v, want %+v", lines, want)
	}
	for _, l := range lines {
		if l != want[l.VariantID] {
			t.Fatalf("lines %+v, want %+v", lines, want)
		}
	}

	noPrice := `Cannot generate line item for variant "One" without a price`
	for _, tc := range []struct {
		name, code, message string
		items               []any
	}{
		{"PriceBeforeInventory", "INVALID_DATA", noPrice, []any{item("var_taxed", 1), item("var_scarce", 5)}},
		{"InventoryBeforePrice", "NOT_ALLOWED", "Variant with id: var_scarce does not have the required inventory", []any{item("var_scarce", 5), item("var_taxed", 1)}},
		{"MergedQuantityInventory", "NOT_ALLOWED", "Variant with id: var_scarce does not have the required inventory", []any{item("var_scarce", 2), item("var_shirt", 1), item("var_scarce", 1)}},
		{"PriceAfterMerge", "INVALID_DATA", noPrice, []any{item("var_scarce", 1), item("var_scarce", 1), item("var_taxed", 1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cartFail(t, s, "createCart", "(input: $create)", map[string]any{"create": map[string]any{"regionId": "reg_eu", "items": tc.items}})
			apptest.ExpectError(t, e, tc.code, tc.message)
		})
	}
}

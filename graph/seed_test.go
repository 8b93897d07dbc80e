package graph_test

import (
	"encoding/json"
	"net/http"
	"os"
	"testing"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
)

const importSeedMutation = `mutation($seed: JSON!) { importSeed(seed: $seed) { regions shippingOptions products } }`

// seededCartFields are compared between a seeded cart and one a storefront
// built with the same steps.
const seededCartFields = `email shippingAddress { city countryCode } items { variantId quantity unitPrice taxLines { rate } adjustments { amount } }
	discounts { code } giftCards { code } subtotal discountTotal taxTotal giftCardTotal giftCardTaxTotal total`

func adminCartServer(t *testing.T) *apptest.Server {
	t.Helper()
	fixture, err := os.ReadFile("testdata/cart.json")
	if err != nil {
		t.Fatal(err)
	}
	return apptest.New(t, apptest.WithSeed(string(fixture)), apptest.WithConfig(func(c *app.Config) { c.AdminToken = adminToken }))
}

func importSeed(t *testing.T, s *apptest.Server, doc string, header http.Header) *apptest.Response {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	if header == nil {
		header = http.Header{"Authorization": {"Bearer " + adminToken}}
	}
	return s.Do(t, apptest.Request{Query: importSeedMutation, Variables: map[string]any{"seed": v}, Path: "/admin/graphql", Header: header})
}

func cartJSON(t *testing.T, s *apptest.Server, id string) string {
	t.Helper()
	resp := s.Do(t, apptest.Request{Query: `query($id: ID!) { cart(id: $id) { ` + seededCartFields + ` } }`, Variables: map[string]any{"id": id}})
	if len(resp.Errors) > 0 {
		t.Fatalf("cart %s: %+v", id, resp.Errors)
	}
	return string(resp.Data)
}

// Ensure importSeed loads a document through the admin endpoint, all or
// nothing, and that a seeded cart is the cart a storefront makes with the
// same steps, to the cent.
func TestImportSeed(t *testing.T) {
	s := adminCartServer(t)
	const doc = `{
		"regions": [{"id": "reg_seeded", "name": "Seeded", "currency_code": "eur", "tax_rate": 5, "countries": ["at"],
			"payment_providers": ["manual"], "fulfillment_providers": ["manual"]}],
		"shipping_options": [{"id": "so_seeded", "name": "Seeded post", "region_id": "reg_seeded", "provider_id": "manual",
			"data": {"id": "manual-fulfillment"}, "price_type": "flat_rate", "amount": 500}],
		"products": [{"title": "Seeded mug", "handle": "seeded-mug", "options": [{"title": "Size"}],
			"variants": [{"id": "var_seeded_mug", "title": "One", "options": [{"value": "One"}], "inventory_quantity": 3,
				"prices": [{"currency_code": "eur", "amount": 1200}]}]}],
		"carts": [{"id": "cart_seeded", "region_id": "reg_dk", "email": "seed@example.com",
			"shipping_address": {"first_name": "Ada", "last_name": "Lovelace", "address_1": "Main 1", "city": "Aarhus", "postal_code": "8000", "country_code": "dk"},
			"items": [{"variant_id": "var_shirt", "quantity": 2}], "discounts": ["TENPCT"], "gift_cards": ["GIFT-DK"]}]
	}`
	resp := importSeed(t, s, doc, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("importSeed: %+v", resp.Errors)
	}
	if got := string(resp.Data); got != `{"importSeed":{"regions":1,"shippingOptions":1,"products":1}}` {
		t.Fatalf("payload %s", got)
	}

	t.Run("CatalogServed", func(t *testing.T) {
		var out struct {
			Products struct {
				Nodes []struct {
					Variants []struct {
						CalculatedPrice int `json:"calculatedPrice"`
					} `json:"variants"`
				} `json:"nodes"`
			} `json:"products"`
		}
		s.Query(t, `{ products(handle: "seeded-mug", regionId: "reg_seeded") { nodes { variants { calculatedPrice } } } }`, nil, &out)
		if len(out.Products.Nodes) != 1 || len(out.Products.Nodes[0].Variants) != 1 || out.Products.Nodes[0].Variants[0].CalculatedPrice != 1200 {
			t.Fatalf("seeded product %+v", out.Products)
		}
	})

	t.Run("CartAsAStorefrontMakesIt", func(t *testing.T) {
		c := newCart(t, s, map[string]any{"regionId": "reg_dk"})
		addItem(t, s, c.ID, "var_shirt", 2)
		updateCart(t, s, c.ID, map[string]any{"email": "seed@example.com", "shippingAddress": map[string]any{
			"firstName": "Ada", "lastName": "Lovelace", "address1": "Main 1", "city": "Aarhus", "postalCode": "8000", "countryCode": "dk"}})
		updateCart(t, s, c.ID, map[string]any{"discounts": []any{map[string]any{"code": "TENPCT"}}})
		updateCart(t, s, c.ID, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-DK"}}})
		seeded, built := cartJSON(t, s, "cart_seeded"), cartJSON(t, s, c.ID)
		if seeded != built {
			t.Fatalf("seeded cart\n%s\nstorefront cart\n%s", seeded, built)
		}
		var totals struct {
			Cart struct {
				DiscountTotal, GiftCardTotal, Total int
			} `json:"cart"`
		}
		if err := json.Unmarshal([]byte(seeded), &totals); err != nil {
			t.Fatal(err)
		}
		if totals.Cart.DiscountTotal == 0 || totals.Cart.GiftCardTotal == 0 {
			t.Fatalf("seeded cart without its discount or gift card: %s", seeded)
		}
	})

	t.Run("SecondImportWritesNothing", func(t *testing.T) {
		before := count(t, s, "SELECT (SELECT count(*) FROM region) + (SELECT count(*) FROM cart)")
		resp := importSeed(t, s, doc, nil)
		if len(resp.Errors) == 0 || resp.Errors[0].Code() != "DUPLICATE_ERROR" {
			t.Fatalf("second import: %+v", resp.Errors)
		}
		if after := count(t, s, "SELECT (SELECT count(*) FROM region) + (SELECT count(*) FROM cart)"); after != before {
			t.Fatalf("rows %d -> %d after a failed import", before, after)
		}
	})
}

// Ensure importSeed refuses a document that is not a seed file, a caller
// without the admin token, and does not exist on the store endpoint.
func TestImportSeedRefusals(t *testing.T) {
	s := adminCartServer(t)
	tests := []struct {
		name, doc string
		header    http.Header
		path      string
		code      string
	}{
		{"unknown key", `{"regoins": []}`, nil, "", "INVALID_DATA"},
		{"bad reference", `{"shipping_options": [{"name": "X", "region_id": "reg_nowhere", "provider_id": "manual", "price_type": "flat_rate", "amount": 1}]}`, nil, "", "NOT_FOUND"},
		{"no token", `{}`, http.Header{}, "", "UNAUTHORIZED"},
		{"store endpoint", `{}`, nil, "/graphql", "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v map[string]any
			if err := json.Unmarshal([]byte(tt.doc), &v); err != nil {
				t.Fatal(err)
			}
			header, path := tt.header, tt.path
			if header == nil {
				header = http.Header{"Authorization": {"Bearer " + adminToken}}
			}
			if path == "" {
				path = "/admin/graphql"
			}
			resp := s.Do(t, apptest.Request{Query: importSeedMutation, Variables: map[string]any{"seed": v}, Path: path, Header: header})
			if len(resp.Errors) == 0 || resp.Errors[0].Code() != tt.code {
				t.Fatalf("errors %+v, want %s", resp.Errors, tt.code)
			}
		})
	}
}

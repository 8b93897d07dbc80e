package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// manyProducts is a seed of n products, each with two options, two variants
// priced in two currencies and a sale price, a tag, a type, a collection,
// a category and an image; the EU region has a product type tax rate.
func manyProducts(t *testing.T, n int) string {
	t.Helper()
	var products []map[string]any
	for i := range n {
		var variants []map[string]any
		for j, size := range []string{"S", "M"} {
			variants = append(variants, map[string]any{
				"id": fmt.Sprintf("var_%03d_%d", i, j), "title": size + " / Blue", "inventory_quantity": 10 + j,
				"prices":  []map[string]any{{"currency_code": "eur", "amount": 1000 + i}, {"currency_code": "usd", "amount": 1100 + i}},
				"options": []map[string]any{{"value": size}, {"value": "Blue"}},
			})
		}
		products = append(products, map[string]any{
			"id": fmt.Sprintf("prod_%03d", i), "title": fmt.Sprintf("Product %03d", i),
			"collection_id": "pcol_all", "type": map[string]any{"value": []string{"plain", "fancy"}[i%2]},
			"tags": []map[string]any{{"value": fmt.Sprintf("tag%d", i%5)}}, "categories": []string{"cat_all"},
			"images":   []string{fmt.Sprintf("https://example.com/%03d.png", i)},
			"options":  []map[string]any{{"title": "Size"}, {"title": "Color"}},
			"variants": variants,
		})
	}
	seed := map[string]any{
		"store": map[string]any{"currencies": []string{"usd", "eur"}},
		"regions": []map[string]any{{"id": "reg_eu", "name": "EU", "currency_code": "eur", "tax_rate": 20,
			"payment_providers": []string{"manual"}, "fulfillment_providers": []string{"manual"}, "countries": []string{"de"}}},
		"product_collections": []map[string]any{{"id": "pcol_all", "title": "All"}},
		"categories":          []map[string]any{{"id": "cat_all", "name": "All"}},
		"products":            products,
		"price_lists": []map[string]any{{"id": "pl_sale", "name": "Sale", "description": "Sale", "status": "active",
			"prices": []map[string]any{{"variant_id": "var_000_0", "currency_code": "eur", "amount": 500}}}},
		"tax_rates": []map[string]any{{"region_id": "reg_eu", "rate": 10, "name": "Fancy", "product_types": []string{"fancy"}}},
	}
	b, err := json.Marshal(seed)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Ensure a product list costs the same number of SQL statements whatever
// its length (one per relation level: at most 10 for products with their
// variants, prices and options), and that the lists' default limits hold on
// a catalog larger than them.
func TestProductListStatements(t *testing.T) {
	s := apptest.New(t, apptest.WithSeed(manyProducts(t, 101)))
	tests := []struct {
		name, selection string
		max             int
	}{
		{"VariantsPricesOptions", `id title options { title values { value } }
			variants { id title options { value } prices { amount currencyCode } calculatedPrice originalPrice calculatedTax }`, 10},
		{"EveryRelation", `id options { values { value } } variants { options { value } prices { amount priceList { id } }
			calculatedPrice calculatedPriceInclTax taxRates { rate } product { id } }
			tags { value } type { value } collection { title } categories { name } images { url } profile { id } salesChannels { id }`, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := `query($limit: Int) { products(limit: $limit, regionId: "reg_eu") { count nodes { ` + tt.selection + ` } } }`
			counts := map[int]int{}
			for _, n := range []int{1, 50, 100} {
				resp := s.Do(t, apptest.Request{Query: q, Variables: map[string]any{"limit": n}})
				if len(resp.Errors) > 0 {
					t.Fatalf("errors: %+v", resp.Errors)
				}
				var data struct {
					Products struct{ Nodes []json.RawMessage }
				}
				if err := json.Unmarshal(resp.Data, &data); err != nil {
					t.Fatal(err)
				}
				eq(t, "products", len(data.Products.Nodes), n)
				counts[n] = resp.Statements()
			}
			if counts[1] != counts[50] || counts[1] != counts[100] || counts[1] > tt.max || counts[1] == 0 {
				t.Fatalf("statements for 1, 50 and 100 products: %d, %d, %d; want the same, at most %d",
					counts[1], counts[50], counts[100], tt.max)
			}
			t.Logf("%d statements", counts[1])
		})
	}

	t.Run("ProductsDefaultLimit", func(t *testing.T) {
		got := gql[struct{ Products page }](t, s, `{ products { nodes { id } count offset limit } }`, nil)
		eq(t, "nodes", len(got.Products.Nodes), 100)
		eq(t, "count/offset/limit", []int{got.Products.Count, got.Products.Offset, got.Products.Limit}, []int{101, 0, 100})
		eq(t, "newest first (same time: by id)", got.Products.Nodes[0].ID, "prod_100")
	})
	t.Run("VariantsDefaultLimit", func(t *testing.T) {
		got := gql[struct{ ProductVariants []node }](t, s, `{ productVariants { id } }`, nil)
		eq(t, "variants", len(got.ProductVariants), 100)
	})
}

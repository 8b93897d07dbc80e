package graph_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/storage"
)

// catalogSeed is the catalog fixture (testdata/catalog.json): four regions
// (EU with tax rates per product, product type and shipping option; US with
// automatic taxes off; DK with tax-inclusive prices; one deleted), price
// lists of every kind, quantity tiers, a category tree with inactive and
// internal nodes, tags, types, twelve collections, two sales channels and
// three publishable keys, published, draft and proposed products, a gift
// card product, gift cards, return reasons and shipping options.
//
//go:embed testdata/catalog.json
var catalogSeed string

// base is the fixture's clock: newCatalog dates rows base + n hours so that
// created_at order differs from id order.
var base = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// future is later than any row the seed writes now.
var future = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

func hour(n int) time.Time { return base.Add(time.Duration(n) * time.Hour) }

// hourRFC is hour(n) as a DateTime argument.
func hourRFC(n int) string { return hour(n).Format(time.RFC3339) }

// Creation order (oldest first) of the fixture's rows, set by newCatalog.
var (
	productsCreated = []string{"prod_shirt", "prod_pants", "prod_tee", "prod_book", "prod_watch", "prod_giftcard",
		"prod_internal", "prod_tagged", "prod_wholesale", "prod_draft", "prod_proposed"}
	regionsCreated       = []string{"reg_eu", "reg_us", "reg_dk", "reg_gone"}
	returnReasonsCreated = []string{"rr_wrong_size", "rr_damaged", "rr_other", "rr_retired"}
	// Collections: pcol_summer, pcol_winter, then pcol_c03 ... pcol_c12.
	collectionsCreated = []string{"pcol_summer", "pcol_winter", "pcol_c03", "pcol_c04", "pcol_c05", "pcol_c06",
		"pcol_c07", "pcol_c08", "pcol_c09", "pcol_c10", "pcol_c11", "pcol_c12"}
)

// catalogTests are the end-to-end tests of the catalog queries. They only
// read the fixture (two set creation times that only they look at), so they
// share one server.
var catalogTests = []struct {
	name string
	run  func(*testing.T, *apptest.Server)
}{
	{"Regions", testRegions},
	{"Region", testRegion},
	{"Products", testProducts},
	{"ProductsByCategory", testProductsByCategory},
	{"ProductsPublishableKey", testProductsPublishableKey},
	{"Product", testProduct},
	{"ProductVariants", testProductVariants},
	{"ProductVariant", testProductVariant},
	{"VariantPricing", testVariantPricing},
	{"CustomerGroupPricing", testCustomerGroupPricing},
	{"PricingContext", testPricingContext},
	{"Collections", testCollections},
	{"Collection", testCollection},
	{"ProductTags", testProductTags},
	{"ProductTypes", testProductTypes},
	{"ProductCategories", testProductCategories},
	{"ProductCategory", testProductCategory},
	{"ReturnReasons", testReturnReasons},
	{"GiftCard", testGiftCard},
	{"ShippingOptions", testShippingOptions},
	{"ShippingOptionPrices", testShippingOptionPrices},
}

// TestCatalog runs the catalog tests on the catalog fixture
// (go test -run 'TestCatalog/Products$' runs one of them).
func TestCatalog(t *testing.T) {
	runCatalogTests(t, newCatalog(t))
}

func runCatalogTests(t *testing.T, s *apptest.Server) {
	for _, c := range catalogTests {
		t.Run(c.name, func(t *testing.T) { c.run(t, s) })
	}
}

// newCatalog starts storegraph on the catalog fixture, then writes what a
// seed file cannot say: distinct creation times, the wholesale channel's
// publishable keys, a product in both channels, and soft-deleted rows
// (region reg_gone, variant var_shirt_xl, return reasons rr_retired and
// rr_too_tight).
func newCatalog(t *testing.T, opts ...apptest.Option) *apptest.Server {
	t.Helper()
	s := apptest.New(t, append([]apptest.Option{apptest.WithSeed(catalogSeed)}, opts...)...)
	dated := map[string][]string{
		"product": productsCreated, "region": regionsCreated, "return_reason": returnReasonsCreated,
		"product_collection": collectionsCreated,
	}
	for table, ids := range dated {
		for i, id := range ids {
			mustExec(t, s, "UPDATE "+table+" SET created_at = ?, updated_at = ? WHERE id = ?", hour(i+1), hour(i+1), id)
		}
	}
	deleted := hour(100)
	mustExec(t, s, "UPDATE region SET deleted_at = ? WHERE id = ?", deleted, "reg_gone")
	mustExec(t, s, "UPDATE product_variant SET deleted_at = ? WHERE id = ?", deleted, "var_shirt_xl")
	mustExec(t, s, "UPDATE return_reason SET deleted_at = ? WHERE id IN (?, ?)", deleted, "rr_retired", "rr_too_tight")
	// pk_wholesale sees only the wholesale channel, pk_both both channels.
	mustExec(t, s, "UPDATE publishable_api_key_sales_channel SET sales_channel_id = ? WHERE publishable_key_id = ?",
		"sc_wholesale", "pk_wholesale")
	mustExec(t, s, `INSERT INTO publishable_api_key_sales_channel (id, sales_channel_id, publishable_key_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)`, "pksc_both_wholesale", "sc_wholesale", "pk_both", base, base)
	mustExec(t, s, "INSERT INTO product_sales_channel (product_id, sales_channel_id) VALUES (?, ?)", "prod_tee", "sc_wholesale")
	return s
}

func mustExec(t testing.TB, s *apptest.Server, query string, args ...any) {
	t.Helper()
	if _, err := storage.Exec(context.Background(), s.DB.Writer(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// scalar reads one value with SQL.
func scalar[T any](t testing.TB, s *apptest.Server, query string, args ...any) T {
	t.Helper()
	var v T
	if err := storage.Get(context.Background(), s.DB.Reader, &v, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v
}

// defaultChannel is the id of the store's default sales channel.
func defaultChannel(t testing.TB, s *apptest.Server) string {
	return scalar[string](t, s, "SELECT default_sales_channel_id FROM store")
}

// gql runs a query that must succeed and decodes its data into a T.
func gql[T any](t testing.TB, s *apptest.Server, query string, vars map[string]any) T {
	t.Helper()
	var out T
	s.Query(t, query, vars, &out)
	return out
}

// gqlKey runs a query with an x-publishable-api-key header.
func gqlKey[T any](t testing.TB, s *apptest.Server, key, query string, vars map[string]any) T {
	t.Helper()
	resp := s.Do(t, apptest.Request{Query: query, Variables: vars, Header: http.Header{"X-Publishable-Api-Key": {key}}})
	if len(resp.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", resp.Errors)
	}
	var out T
	if err := json.Unmarshal(resp.Data, &out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, resp.Data)
	}
	return out
}

// failKey runs a query with an x-publishable-api-key header that must fail.
func failKey(t testing.TB, s *apptest.Server, key, query string, vars map[string]any) apptest.Error {
	t.Helper()
	resp := s.Do(t, apptest.Request{Query: query, Variables: vars, Header: http.Header{"X-Publishable-Api-Key": {key}}})
	if len(resp.Errors) == 0 {
		t.Fatalf("expected an error, got data %s", resp.Data)
	}
	return resp.Errors[0]
}

type node struct {
	ID string `json:"id"`
}

type page struct {
	Nodes  []node `json:"nodes"`
	Count  int    `json:"count"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
}

func ids(nodes []node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.ID
	}
	return out
}

// expectIDs asserts ids in order.
func expectIDs(t testing.TB, what string, got []string, want ...string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

// expectPage asserts a list's ids in order and its count, offset and limit.
func expectPage(t testing.TB, p page, count, offset, limit int, want ...string) {
	t.Helper()
	expectIDs(t, "nodes", ids(p.Nodes), want...)
	if p.Count != count || p.Offset != offset || p.Limit != limit {
		t.Fatalf("count/offset/limit %d/%d/%d, want %d/%d/%d", p.Count, p.Offset, p.Limit, count, offset, limit)
	}
}

func ptr[T any](v T) *T { return &v }

// eq asserts a value.
func eq[T any](t testing.TB, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: got %v, want %v", what, show(got), show(want))
	}
}

// show prints pointers as their values.
func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

package catalog_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// searchSeed is a small catalog whose words each sit in one known place.
const searchSeed = `{
  "store": {"name": "Search Store", "currencies": ["usd", "eur"]},
  "sales_channels": [{"id": "sc_wholesale", "name": "Wholesale"}],
  "product_collections": [{"id": "pcol_winter", "title": "Winter Collection", "handle": "winter"}],
  "categories": [
    {"id": "pcat_clothing", "name": "Clothing", "handle": "clothing",
     "category_children": [{"id": "pcat_tops", "name": "Tops", "handle": "tops"}]},
    {"id": "pcat_shoes", "name": "Shoes", "handle": "shoes"}
  ],
  "products": [
    {"id": "prod_hoodie", "title": "Medusa Hoodie", "description": "Soft fleece for cold days.",
     "handle": "hoodie-classic", "collection_id": "pcol_winter", "type": {"value": "Apparel"},
     "tags": [{"value": "fleece"}], "categories": ["pcat_tops"],
     "options": [{"title": "Size"}],
     "variants": [{"title": "M / Black", "sku": "HOOD-M-BLK", "options": [{"value": "M"}],
                   "prices": [{"currency_code": "eur", "amount": 5000}]}]},
    {"id": "prod_sweater", "title": "Cozy Sweater", "description": "Warm like a hoodie, lighter than a coat.",
     "handle": "cozy-sweater", "type": {"value": "Apparel"}, "tags": [{"value": "wool"}],
     "categories": ["pcat_clothing"], "options": [{"title": "Size"}],
     "variants": [{"title": "One Size", "sku": "SWTR-1", "options": [{"value": "One Size"}],
                   "prices": [{"currency_code": "eur", "amount": 4000}]}]},
    {"id": "prod_runner", "title": "Trail Runner", "subtitle": "Grippy outsole", "handle": "trail-runner",
     "type": {"value": "Footwear"}, "tags": [{"value": "outdoor"}], "categories": ["pcat_shoes"],
     "options": [{"title": "Size"}],
     "variants": [{"title": "EU 42 / Ocean", "sku": "TR-42-OCN", "options": [{"value": "42"}],
                   "prices": [{"currency_code": "eur", "amount": 9000}]}]},
    {"id": "prod_gift", "title": "Gift Card", "is_giftcard": true, "description": "Lets them choose.",
     "options": [{"title": "Denomination"}],
     "variants": [{"id": "variant_gift", "title": "50 EUR", "options": [{"value": "50"}], "manage_inventory": false,
                   "prices": [{"currency_code": "eur", "amount": 5000}]}]},
    {"id": "prod_draft", "title": "Hoodie Prototype", "status": "draft"},
    {"id": "prod_b2b", "title": "Wholesale Hoodie Pack", "sales_channels": ["sc_wholesale"]},
    {"id": "prod_aurora_title", "title": "Aurora Lamp"},
    {"id": "prod_aurora_sku", "title": "Desk Light", "options": [{"title": "Model"}],
     "variants": [{"title": "Standard", "sku": "AURORA-2", "options": [{"value": "Standard"}],
                   "prices": [{"currency_code": "eur", "amount": 100}]}]},
    {"id": "prod_aurora_tag", "title": "Floor Light", "tags": [{"value": "aurora"}]},
    {"id": "prod_aurora_description", "title": "Wall Light", "description": "Glows like an aurora."},
    {"id": "prod_tee_1", "title": "Basic Tee 1"},
    {"id": "prod_tee_2", "title": "Basic Tee 2"},
    {"id": "prod_tee_3", "title": "Basic Tee 3"},
    {"id": "prod_tee_4", "title": "Basic Tee 4"},
    {"id": "prod_tee_5", "title": "Basic Tee 5"}
  ]
}`

// Ensure searchProducts finds, ranks, corrects, filters, scopes and pages
// products; the subtests only read, so they share one catalog.
func TestSearchProducts(t *testing.T) {
	f := newSearchFixture(t)
	for _, tc := range []struct {
		name string
		test func(*testing.T, *searchFixture)
	}{
		{"Ranking", testSearchRanking},
		{"Fields", testSearchFields},
		{"Typos", testSearchTypos},
		{"Filters", testSearchFilters},
		{"Scope", testSearchScope},
		{"Pagination", testSearchPagination},
		{"WithoutWords", testSearchWithoutWords},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, f) })
	}
}

type searchFixture struct {
	db  *storage.DB
	svc *catalog.Service
}

func newSearchFixture(t testing.TB) *searchFixture {
	t.Helper()
	db := storagetest.MustOpenDB(t)
	if err := seed.Load(context.Background(), db, strings.NewReader(searchSeed), seed.Options{}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return &searchFixture{db: db, svc: &catalog.Service{DB: db}}
}

// search runs a search in a request of its own and returns the ids of its hits.
func (f *searchFixture) search(t testing.TB, sc catalog.Scope, q catalog.SearchQuery, p catalog.Page) ([]string, *catalog.SearchResult) {
	t.Helper()
	ctx := loaders.With(context.Background(), f.db)
	if p.Limit == 0 {
		p.Limit = 20
	}
	res, err := f.svc.SearchProducts(ctx, sc, q, p)
	if err != nil {
		t.Fatalf("search %q: %v", q.Q, err)
	}
	ids := []string{}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids, res
}

// find searches the default scope for q and returns the ids of the hits.
func (f *searchFixture) find(t testing.TB, q string) []string {
	t.Helper()
	ids, _ := f.search(t, catalog.Scope{}, catalog.SearchQuery{Q: q}, catalog.Page{})
	return ids
}

// exec changes the database with plain SQL, as a Medusa admin running beside
// storegraph would.
func (f *searchFixture) exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := storage.Exec(context.Background(), f.db.Writer(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (f *searchFixture) id(t testing.TB, query string, args ...any) string {
	t.Helper()
	var id string
	if err := storage.Get(context.Background(), f.db.Reader, &id, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return id
}

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// Ensure hits are ranked by where the words are: title, then SKU, then tags,
// then description.
func testSearchRanking(t *testing.T, f *searchFixture) {
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"aurora", []string{"prod_aurora_title", "prod_aurora_sku", "prod_aurora_tag", "prod_aurora_description"}},
		{"hoodie", []string{"prod_hoodie", "prod_sweater"}},
		{"light", []string{"prod_aurora_sku", "prod_aurora_tag", "prod_aurora_description", "prod_sweater"}},
	} {
		t.Run(tc.q, func(t *testing.T) {
			got := f.find(t, tc.q)
			if tc.q == "light" {
				// "Desk Light", "Floor Light" and "Wall Light" tie on the
				// title; "lighter" in a description comes last.
				if !slices.Equal(sorted(got[:3]), sorted(tc.want[:3])) || got[3] != tc.want[3] {
					t.Fatalf("%q: %v, want %v in some order, then %s", tc.q, got, tc.want[:3], tc.want[3])
				}
				return
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("%q: %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

// Ensure every part of a product is searched, by the beginnings of its
// words, whatever the case and punctuation of the query.
func testSearchFields(t *testing.T, f *searchFixture) {
	for _, tc := range []struct {
		name, q string
		want    []string
	}{
		{"Title", "medusa", []string{"prod_hoodie"}},
		{"TitlePrefix", "hoo", []string{"prod_hoodie", "prod_sweater"}},
		{"TwoPrefixes", "med HOO", []string{"prod_hoodie"}},
		{"Subtitle", "grippy", []string{"prod_runner"}},
		{"Handle", "classic", []string{"prod_hoodie"}},
		{"Description", "lighter coat", []string{"prod_sweater"}},
		{"VariantTitle", "ocean", []string{"prod_runner"}},
		{"SKU", "TR-42-OCN", []string{"prod_runner"}},
		{"SKUPart", "ocn", []string{"prod_runner"}},
		{"Tag", "outdoor", []string{"prod_runner"}},
		{"Type", "footwear", []string{"prod_runner"}},
		{"Collection", "winter", []string{"prod_hoodie"}},
		{"AllWordsMustMatch", "hoodie ocean", []string{}},
		{"Nothing", "zzzzzz", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.find(t, tc.q); !slices.Equal(got, tc.want) {
				t.Fatalf("%q: %v, want %v", tc.q, got, tc.want)
			}
		})
	}
}

// Ensure a misspelt word finds the products of the words it is a typo of,
// and the result says what it was taken for.
func testSearchTypos(t *testing.T, f *searchFixture) {
	for _, tc := range []struct {
		q, corrected string
		want         []string
	}{
		{"hodie", "hoodie", []string{"prod_hoodie", "prod_sweater"}},
		{"hoodei", "hoodie", []string{"prod_hoodie", "prod_sweater"}},
		{"medusa hoodei", "medusa hoodie", []string{"prod_hoodie"}},
		{"swaeter", "sweater", []string{"prod_sweater"}},
		{"outdor", "outdoor", []string{"prod_runner"}},
		{"wintr colection", "winter collection", []string{"prod_hoodie"}},
		{"hood", "", []string{"prod_hoodie", "prod_sweater"}}, // a prefix, no typo
		{"teh", "", []string{}},                               // too short to correct
		{"xylophone", "", []string{}},
	} {
		t.Run(tc.q, func(t *testing.T) {
			got, res := f.search(t, catalog.Scope{}, catalog.SearchQuery{Q: tc.q}, catalog.Page{})
			corrected := ""
			if res.Corrected != nil {
				corrected = *res.Corrected
			}
			if !slices.Equal(got, tc.want) || corrected != tc.corrected {
				t.Fatalf("%q: %v corrected %q, want %v corrected %q", tc.q, got, corrected, tc.want, tc.corrected)
			}
		})
	}
}

// Ensure each filter narrows the hits, with and without words.
func testSearchFilters(t *testing.T, f *searchFixture) {
	apparel := f.id(t, `SELECT id FROM product_type WHERE value = ?`, "Apparel")
	fleece := f.id(t, `SELECT id FROM product_tag WHERE value = ?`, "fleece")
	yes, no := true, false
	for _, tc := range []struct {
		name   string
		q      string
		filter storage.ProductFilter
		tree   bool
		want   []string
	}{
		{"Collection", "", storage.ProductFilter{CollectionIDs: []string{"pcol_winter"}}, false, []string{"prod_hoodie"}},
		{"CollectionAndWords", "hoodie", storage.ProductFilter{CollectionIDs: []string{"pcol_winter"}}, false, []string{"prod_hoodie"}},
		{"Type", "", storage.ProductFilter{TypeIDs: []string{apparel}}, false, []string{"prod_hoodie", "prod_sweater"}},
		{"TypeAndWords", "warm", storage.ProductFilter{TypeIDs: []string{apparel}}, false, []string{"prod_sweater"}},
		{"Tag", "hoodie", storage.ProductFilter{TagIDs: []string{fleece}}, false, []string{"prod_hoodie"}},
		{"Category", "hoodie", storage.ProductFilter{CategoryIDs: []string{"pcat_clothing"}}, false, []string{"prod_sweater"}},
		{"CategoryTree", "hoodie", storage.ProductFilter{CategoryIDs: []string{"pcat_clothing"}}, true, []string{"prod_hoodie", "prod_sweater"}},
		{"UnknownCategory", "hoodie", storage.ProductFilter{CategoryIDs: []string{"pcat_nope"}}, false, []string{}},
		{"Giftcard", "", storage.ProductFilter{IsGiftcard: &yes}, false, []string{"prod_gift"}},
		{"NoGiftcard", "card", storage.ProductFilter{IsGiftcard: &no}, false, []string{}},
		{"SalesChannel", "hoodie", storage.ProductFilter{SalesChannelIDs: []string{"sc_wholesale"}}, false, []string{"prod_b2b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, res := f.search(t, catalog.Scope{}, catalog.SearchQuery{Q: tc.q, ProductQuery: catalog.ProductQuery{
				ProductFilter: tc.filter, IncludeCategoryChildren: tc.tree,
			}}, catalog.Page{})
			if !slices.Equal(sorted(got), tc.want) || res.Count != len(tc.want) {
				t.Fatalf("%v (count %d), want %v", got, res.Count, tc.want)
			}
		})
	}
}

// Ensure unpublished products and products of other sales channels are
// never found, and a publishable API key searches its own channels.
func testSearchScope(t *testing.T, f *searchFixture) {
	f.exec(t, `INSERT INTO publishable_api_key (id, title) VALUES ('pk_wholesale', 'Wholesale')`)
	f.exec(t, `INSERT INTO publishable_api_key_sales_channel (id, publishable_key_id, sales_channel_id)
		VALUES ('pksc_wholesale', 'pk_wholesale', 'sc_wholesale')`)
	for _, tc := range []struct {
		name  string
		scope catalog.Scope
		q     string
		want  []string
	}{
		{"DraftHidden", catalog.Scope{}, "prototype", []string{}},
		{"OtherChannelHidden", catalog.Scope{}, "wholesale", []string{}},
		{"KeyChannels", catalog.Scope{PublishableKey: "pk_wholesale"}, "hoodie", []string{"prod_b2b"}},
		{"KeyDraftHidden", catalog.Scope{PublishableKey: "pk_wholesale"}, "prototype", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, _ := f.search(t, tc.scope, catalog.SearchQuery{Q: tc.q}, catalog.Page{}); !slices.Equal(got, tc.want) {
				t.Fatalf("%q: %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	t.Run("ChannelOutsideKey", func(t *testing.T) {
		ctx := loaders.With(context.Background(), f.db)
		_, err := f.svc.SearchProducts(ctx, catalog.Scope{PublishableKey: "pk_wholesale"}, catalog.SearchQuery{
			Q: "hoodie", ProductQuery: catalog.ProductQuery{ProductFilter: storage.ProductFilter{SalesChannelIDs: []string{"sc_other"}}},
		}, catalog.Page{Limit: 20})
		if errs.KindOf(err) != errs.InvalidData {
			t.Fatalf("error %v, want invalid data", err)
		}
	})
}

// Ensure pages cut the ranked hits and the count is all of them.
func testSearchPagination(t *testing.T, f *searchFixture) {
	// The five tees tie on rank; the newest (the last id, created together) comes first.
	for _, tc := range []struct {
		offset, limit int
		want          []string
	}{
		{0, 2, []string{"prod_tee_5", "prod_tee_4"}},
		{2, 2, []string{"prod_tee_3", "prod_tee_2"}},
		{4, 2, []string{"prod_tee_1"}},
		{10, 2, []string{}},
		{0, 100, []string{"prod_tee_5", "prod_tee_4", "prod_tee_3", "prod_tee_2", "prod_tee_1"}},
	} {
		got, res := f.search(t, catalog.Scope{}, catalog.SearchQuery{Q: "basic tee"}, catalog.Page{Offset: tc.offset, Limit: tc.limit})
		if !slices.Equal(got, tc.want) || res.Count != 5 || res.Offset != tc.offset || res.Limit != tc.limit {
			t.Errorf("offset %d limit %d: %v count %d, want %v count 5", tc.offset, tc.limit, got, res.Count, tc.want)
		}
	}
	ctx := loaders.With(context.Background(), f.db)
	for _, p := range []catalog.Page{{Offset: -1, Limit: 10}, {Limit: -1}} {
		if _, err := f.svc.SearchProducts(ctx, catalog.Scope{}, catalog.SearchQuery{Q: "tee"}, p); errs.KindOf(err) != errs.InvalidData {
			t.Errorf("page %+v: error %v, want invalid data", p, err)
		}
	}
}

// Ensure changes made to Medusa's tables with plain SQL, as a Medusa admin
// running beside storegraph makes them, are found by the next search.
func TestSearchProductsSeesChanges(t *testing.T) {
	f := newSearchFixture(t)
	for _, step := range []struct {
		name   string
		change func(t *testing.T)
		q      string
		want   []string
	}{
		{"RetitleProduct", func(t *testing.T) {
			f.exec(t, `UPDATE product SET title = 'Storm Parka' WHERE id = 'prod_hoodie'`)
		}, "parka", []string{"prod_hoodie"}},
		{"OldTitleGone", nil, "medusa", []string{}},
		{"NoCorrectionToARemovedWord", nil, "medusaa", []string{}},
		{"AddTag", func(t *testing.T) {
			f.exec(t, `INSERT INTO product_tag (id, value) VALUES ('ptag_waterproof', 'Waterproof')`)
			f.exec(t, `INSERT INTO product_tags (product_id, product_tag_id) VALUES ('prod_runner', 'ptag_waterproof')`)
		}, "waterproof", []string{"prod_runner"}},
		{"RemoveTag", func(t *testing.T) {
			f.exec(t, `DELETE FROM product_tags WHERE product_tag_id = 'ptag_waterproof'`)
		}, "waterproof", []string{}},
		{"RenameTag", func(t *testing.T) {
			f.exec(t, `UPDATE product_tag SET value = 'Merino' WHERE value = 'wool'`)
		}, "merino", []string{"prod_sweater"}},
		{"AddVariantSKU", func(t *testing.T) {
			f.exec(t, `INSERT INTO product_variant (id, title, product_id, sku, inventory_quantity)
				VALUES ('variant_gift_100', '100 EUR', 'prod_gift', 'GC-ZX9000', 0)`)
		}, "zx9000", []string{"prod_gift"}},
		{"ChangeVariantSKU", func(t *testing.T) {
			f.exec(t, `UPDATE product_variant SET sku = 'GC-QQ777' WHERE id = 'variant_gift_100'`)
		}, "zx9000", []string{}},
		{"NewSKUFound", nil, "qq777", []string{"prod_gift"}},
		{"DeleteVariant", func(t *testing.T) {
			f.exec(t, `UPDATE product_variant SET deleted_at = CURRENT_TIMESTAMP WHERE id = 'variant_gift_100'`)
		}, "qq777", []string{}},
		{"RenameCollection", func(t *testing.T) {
			f.exec(t, `UPDATE product_collection SET title = 'Polar' WHERE id = 'pcol_winter'`)
		}, "polar", []string{"prod_hoodie"}},
		{"RenameType", func(t *testing.T) {
			f.exec(t, `UPDATE product_type SET value = 'Sneakers' WHERE value = 'Footwear'`)
		}, "sneakers", []string{"prod_runner"}},
		{"Unpublish", func(t *testing.T) {
			f.exec(t, `UPDATE product SET status = 'draft' WHERE id = 'prod_runner'`)
		}, "trail", []string{}},
		{"Republish", func(t *testing.T) {
			f.exec(t, `UPDATE product SET status = 'published' WHERE id = 'prod_runner'`)
		}, "trail", []string{"prod_runner"}},
		{"SoftDelete", func(t *testing.T) {
			f.exec(t, `UPDATE product SET deleted_at = CURRENT_TIMESTAMP WHERE id = 'prod_sweater'`)
		}, "sweater", []string{}},
		{"HardDelete", func(t *testing.T) {
			f.exec(t, `DELETE FROM product WHERE id = 'prod_aurora_title'`)
		}, "lamp", []string{}},
		{"InsertProduct", func(t *testing.T) {
			f.exec(t, `INSERT INTO product (id, title, status, description) VALUES ('prod_new', 'Rain Jacket', 'published', 'Keeps you dry')`)
			f.exec(t, `INSERT INTO product_sales_channel (product_id, sales_channel_id)
				SELECT 'prod_new', default_sales_channel_id FROM store`)
		}, "rain jacket", []string{"prod_new"}},
		{"TypoOfNewWord", nil, "jakcet", []string{"prod_new"}},
	} {
		t.Run(step.name, func(t *testing.T) {
			if step.change != nil {
				step.change(t)
			}
			if got := f.find(t, step.q); !slices.Equal(got, step.want) {
				t.Fatalf("%q: %v, want %v", step.q, got, step.want)
			}
		})
	}
}

// Ensure a search without words lists the filter's products, newest first.
func testSearchWithoutWords(t *testing.T, f *searchFixture) {
	_, res := f.search(t, catalog.Scope{}, catalog.SearchQuery{Q: " -- "}, catalog.Page{Limit: 100})
	if res.Count != 13 || len(res.Hits) != 13 {
		t.Fatalf("count %d, %d hits; want the 13 published products of the default channel", res.Count, len(res.Hits))
	}
}

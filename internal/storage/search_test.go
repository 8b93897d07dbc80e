package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

func searchIDs(t *testing.T, db *storage.DB, words ...string) []string {
	t.Helper()
	terms := make([]storage.SearchTerm, len(words))
	for i, w := range words {
		terms[i] = storage.SearchTerm{Prefix: w}
	}
	products, _, err := storage.SearchProducts(context.Background(), db.Reader, terms, storage.ProductFilter{}, storage.Page{Limit: 10})
	if err != nil {
		t.Fatalf("search %v: %v", words, err)
	}
	ids := []string{}
	for _, p := range products {
		ids = append(ids, p.ID)
	}
	return ids
}

// Ensure the search migration indexes the products a database has already,
// and that it can be undone and done again.
func TestSearchMigrationBackfills(t *testing.T) {
	const beforeSearch = 3 // the version before 00004_storegraph_search
	ctx := context.Background()
	db := storagetest.MustOpenEmptyDB(t)
	if err := db.MigrateTo(ctx, beforeSearch); err != nil {
		t.Fatal(err)
	}
	exec := func(query string) {
		t.Helper()
		if _, err := storage.Exec(ctx, db.Writer(), query); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	exec(`INSERT INTO product (id, title, status) VALUES ('prod_lamp', 'Aurora Lamp', 'published'), ('prod_draft', 'Aurora Draft', 'draft')`)
	exec(`INSERT INTO product_variant (id, title, product_id, sku, inventory_quantity) VALUES ('variant_lamp', 'Warm White', 'prod_lamp', 'LAMP-WW', 0)`)
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := searchIDs(t, db, "aurora"); !slices.Equal(got, []string{"prod_lamp"}) {
		t.Fatalf("after the backfill: %v, want [prod_lamp]", got)
	}
	if got := searchIDs(t, db, "lamp", "ww"); !slices.Equal(got, []string{"prod_lamp"}) {
		t.Fatalf("by SKU after the backfill: %v, want [prod_lamp]", got)
	}

	if err := db.MigrateTo(ctx, beforeSearch); err != nil {
		t.Fatalf("down: %v", err)
	}
	exec(`UPDATE product SET title = 'Borealis Lamp' WHERE id = 'prod_lamp'`)
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if got := searchIDs(t, db, "borealis"); !slices.Equal(got, []string{"prod_lamp"}) {
		t.Fatalf("after down and up: %v, want [prod_lamp]", got)
	}
}

// Ensure query text is split into the index's words.
func TestSearchWords(t *testing.T) {
	for text, want := range map[string][]string{
		"Medusa T-Shirt":    {"medusa", "t", "shirt"},
		"SH/BLK.01_x":       {"sh", "blk", "01", "x"},
		"ÜBER straße":       {"über", "straße"},
		"it's \"quoted\" *": {"it", "s", "quoted"},
		"":                  nil,
	} {
		if got := storage.SearchWords(text); !slices.Equal(got, want) {
			t.Errorf("SearchWords(%q) = %q, want %q", text, got, want)
		}
	}
}

// Ensure a term that is not one word is refused rather than written into a
// full-text query.
func TestSearchRejectsNonWords(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	for _, term := range []storage.SearchTerm{{Prefix: `a" OR "b`}, {Prefix: "a:*|b"}, {Prefix: "ok", Words: []string{"x y"}}, {Prefix: "Upper"}} {
		if _, _, err := storage.SearchProducts(context.Background(), db.Reader, []storage.SearchTerm{term}, storage.ProductFilter{}, storage.Page{Limit: 1}); err == nil {
			t.Errorf("term %+v: no error", term)
		}
	}
}

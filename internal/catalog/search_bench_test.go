package catalog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

var (
	benchAdjectives = []string{"Classic", "Cozy", "Light", "Heavy", "Organic", "Vintage", "Slim", "Relaxed", "Urban", "Alpine", "Coastal", "Merino"}
	benchColours    = []string{"Black", "White", "Navy", "Olive", "Sand", "Rust", "Grey", "Ocean", "Forest", "Berry"}
	benchNouns      = []string{"Hoodie", "Sweatshirt", "Jacket", "Parka", "Shirt", "Tee", "Sweater", "Cardigan", "Vest", "Trousers", "Shorts", "Socks", "Beanie", "Scarf", "Gloves"}
	benchFiller     = strings.Fields("made from soft durable fabric with reinforced seams and a comfortable fit for everyday wear in any season easy care machine washable")
)

// benchCatalog loads n published products of the store's default channel,
// each with three variants and two tags, with plain SQL in one transaction.
func benchCatalog(b *testing.B, n int) *catalog.Service {
	b.Helper()
	ctx := context.Background()
	db := storagetest.MustOpenDB(b)
	if err := seed.Load(ctx, db, strings.NewReader(`{"store": {"name": "Bench"}}`), seed.Options{}); err != nil {
		b.Fatal(err)
	}
	err := db.InTx(ctx, func(tx *storage.Tx) error {
		for i, tag := range benchNouns {
			if _, err := storage.Exec(ctx, tx, `INSERT INTO product_tag (id, value) VALUES (?, ?)`, fmt.Sprintf("ptag_%d", i), strings.ToLower(tag)+"s"); err != nil {
				return err
			}
		}
		for i := 0; i < n; i++ {
			adj, colour, noun := benchAdjectives[i%len(benchAdjectives)], benchColours[(i/3)%len(benchColours)], benchNouns[(i/7)%len(benchNouns)]
			var desc []string
			for j := 0; j < 24; j++ {
				desc = append(desc, benchFiller[(i*7+j*3)%len(benchFiller)])
			}
			id := fmt.Sprintf("prod_bench_%05d", i)
			if _, err := storage.Exec(ctx, tx, `INSERT INTO product (id, title, subtitle, handle, description, status)
				VALUES (?, ?, ?, ?, ?, 'published')`, id, adj+" "+colour+" "+noun, "The "+strings.ToLower(adj)+" one",
				fmt.Sprintf("%s-%s-%d", strings.ToLower(noun), strings.ToLower(colour), i), strings.Join(desc, " ")); err != nil {
				return err
			}
			if _, err := storage.Exec(ctx, tx, `INSERT INTO product_sales_channel (product_id, sales_channel_id)
				SELECT ?, default_sales_channel_id FROM store`, id); err != nil {
				return err
			}
			for j, size := range []string{"S", "M", "L"} {
				if _, err := storage.Exec(ctx, tx, `INSERT INTO product_variant (id, title, product_id, sku, inventory_quantity)
					VALUES (?, ?, ?, ?, 10)`, fmt.Sprintf("variant_bench_%05d_%d", i, j), size+" / "+colour, id,
					fmt.Sprintf("%s-%05d-%s", strings.ToUpper(noun[:3]), i, size)); err != nil {
					return err
				}
			}
			for _, t := range []int{(i / 7) % len(benchNouns), (i + 5) % len(benchNouns)} {
				if _, err := storage.Exec(ctx, tx, `INSERT INTO product_tags (product_id, product_tag_id) VALUES (?, ?)
					ON CONFLICT DO NOTHING`, id, fmt.Sprintf("ptag_%d", t)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if db.Dialect == storage.Postgres {
		// Planner statistics, which a live database has from autovacuum.
		if _, err := storage.Exec(ctx, db.Writer(), `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	return &catalog.Service{DB: db}
}

// BenchmarkSearchProducts searches a catalog of 5,000 products (15,000
// variants) for one page of 20 hits: the hits and their count, without the
// GraphQL fields of the hits.
func BenchmarkSearchProducts(b *testing.B) {
	svc := benchCatalog(b, 5000)
	for _, bc := range []struct{ name, q string }{
		{"Word", "hoodie"},
		{"Prefix", "swea"},
		{"TwoWords", "classic hoodie"},
		{"SKU", "HOO-00003-M"},
		{"Typo", "cardigna"},
		{"NoMatch", "xylophone"},
		{"NoWords", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var hits int
			for b.Loop() {
				ctx := loaders.With(context.Background(), svc.DB)
				res, err := svc.SearchProducts(ctx, catalog.Scope{}, catalog.SearchQuery{Q: bc.q}, catalog.Page{Limit: 20})
				if err != nil {
					b.Fatal(err)
				}
				hits = res.Count
			}
			b.ReportMetric(float64(hits), "hits")
		})
	}
}

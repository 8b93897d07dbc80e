package seed_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
)

// seedTables are the tables the seed writes; snapshot compares them whole.
var seedTables = []string{
	"store", "store_currencies", "sales_channel", "shipping_profile", "payment_provider", "fulfillment_provider",
	`"user"`, "region", "region_payment_providers", "region_fulfillment_providers", "country",
	"shipping_option", "shipping_option_requirement", "product_category", "product_collection", "product",
	"image", "product_images", "product_tag", "product_tags", "product_type", "product_sales_channel",
	"product_shipping_profile", "product_category_product", "product_option", "product_option_value",
	"product_variant", "money_amount", "product_variant_money_amount", "publishable_api_key",
	"publishable_api_key_sales_channel", "customer_group", "customer", "address", "customer_group_customers",
	"price_list", "price_list_customer_groups", "tax_rate", "product_tax_rate", "product_type_tax_rate",
	"shipping_tax_rate", "discount_rule", "discount", "discount_regions", "discount_condition",
	"discount_condition_product", "discount_condition_product_type", "discount_condition_product_collection",
	"discount_condition_product_tag", "discount_condition_customer_group", "gift_card", "return_reason",
	"payment_collection",
}

// mustLoad loads data (a seed file) into db or fails the test.
func mustLoad(t *testing.T, db *storage.DB, data []byte, opts ...seed.Options) {
	t.Helper()
	if err := load(db, data, opts...); err != nil {
		t.Fatalf("load: %v", err)
	}
}

func load(db *storage.DB, data []byte, opts ...seed.Options) error {
	var o seed.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	return seed.Load(context.Background(), db, bytes.NewReader(data), o)
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// count runs a COUNT query.
func count(t *testing.T, db *storage.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := storage.Get(context.Background(), db.Reader, &n, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// rows counts the rows of a table.
func rows(t *testing.T, db *storage.DB, table string) int {
	t.Helper()
	return count(t, db, "SELECT COUNT(*) FROM "+storage.Table(table))
}

// get scans one row of query.
func get(t *testing.T, db *storage.DB, dest any, query string, args ...any) {
	t.Helper()
	if err := storage.Get(context.Background(), db.Reader, dest, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// snapshot reads every row of the seed's tables, each table's rows in a
// stable order, so two snapshots are equal when nothing was written.
func snapshot(t *testing.T, db *storage.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, table := range seedTables {
		rs, err := db.Reader.Queryx("SELECT * FROM " + table)
		if err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		var lines []string
		for rs.Next() {
			row := map[string]any{}
			if err := rs.MapScan(row); err != nil {
				t.Fatalf("snapshot %s: %v", table, err)
			}
			lines = append(lines, rowString(row))
		}
		if err := rs.Close(); err != nil {
			t.Fatal(err)
		}
		sort.Strings(lines)
		out[table] = lines
	}
	return out
}

func rowString(row map[string]any) string {
	keys := make([]string, 0, len(row))
	for k := range row {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		v := row[k]
		if bs, ok := v.([]byte); ok {
			v = string(bs)
		}
		fmt.Fprintf(&b, "%s=%v;", k, v)
	}
	return b.String()
}

// assertUnchanged fails when a table differs from the snapshot before.
func assertUnchanged(t *testing.T, db *storage.DB, before map[string][]string) {
	t.Helper()
	after := snapshot(t, db)
	for _, table := range seedTables {
		if !reflect.DeepEqual(before[table], after[table]) {
			t.Errorf("table %s changed: %d rows before, %d after", table, len(before[table]), len(after[table]))
		}
	}
}

// wantErr checks an error's kind and that its message has every part.
func wantErr(t *testing.T, err error, kind errs.Kind, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s error with %q", kind, parts)
	}
	if got := errs.KindOf(err); got != kind {
		t.Errorf("kind %s, want %s (%v)", got, kind, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

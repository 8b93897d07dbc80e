package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// Ensure a customer's order list refuses filters it cannot express instead
// of dropping them (which would list every order of the customer).
func TestListCustomerOrdersRefusesOverlongFilters(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	tooMany := make([]string, storage.MaxFilterValues+1)
	for i := range tooMany {
		tooMany[i] = fmt.Sprintf("order_%d", i)
	}
	for _, tc := range []struct {
		name string
		f    storage.OrderFilter
	}{
		{"IDs", storage.OrderFilter{IDs: tooMany}},
		{"Statuses", storage.OrderFilter{Statuses: tooMany}},
		{"Q", storage.OrderFilter{Q: strings.Repeat("a", storage.MaxSearchLength+1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.CustomerID = "cus_1"
			_, _, err := storage.ListCustomerOrders(context.Background(), db.Reader, tc.f, storage.Page{Limit: 10})
			if !errs.Is(err, errs.InvalidData) {
				t.Fatalf("err = %v, want INVALID_DATA", err)
			}
		})
	}
}

// Ensure descendants are found through mpath prefixes whose '_' is literal,
// and only active, public ones are added.
func TestDescendantCategoryIDs(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	mustExec(t, db, `INSERT INTO product_category (id, name, handle, mpath, is_active, is_internal) VALUES
		('pcat_a', 'A', 'a', 'pcat_a.', true, false),
		('pcat_b', 'B', 'b', 'pcat_a.pcat_b.', true, false),
		('pcat_c', 'C', 'c', 'pcat_a.pcat_b.pcat_c.', true, false),
		('pcat_internal', 'I', 'i', 'pcat_a.pcat_internal.', true, true),
		('pcat_inactive', 'N', 'n', 'pcat_a.pcat_inactive.', false, false),
		('pcat_f', 'F', 'f', 'pcat_a.pcat_inactive.pcat_f.', true, false),
		('pcatXa', 'X', 'x', 'pcatXa.', true, false),
		('pcat_d', 'D', 'd', 'pcat_d.', true, false),
		('pcat_e', 'E', 'e', 'pcat_d.pcat_e.', true, false)`)
	for _, tc := range []struct {
		name string
		ids  []string
		want []string
	}{
		{"subtree", []string{"pcat_a"}, []string{"pcat_a", "pcat_b", "pcat_c", "pcat_f"}},
		{"leaf", []string{"pcat_c"}, []string{"pcat_c"}},
		{"several", []string{"pcat_b", "pcat_d"}, []string{"pcat_b", "pcat_c", "pcat_d", "pcat_e"}},
		// Asked ones are kept whatever they are; their descendants still count.
		{"hidden or unknown", []string{"pcat_inactive", "pcat_missing"}, []string{"pcat_f", "pcat_inactive", "pcat_missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := storage.DescendantCategoryIDs(context.Background(), db.Reader, tc.ids)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if got = slices.Compact(got); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// Ensure a publishable key's channels are read only for a known, unrevoked key.
func TestPublishableKeyChannels(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	for _, query := range []string{
		`INSERT INTO sales_channel (id, name) VALUES ('sc_1', 'One'), ('sc_2', 'Two')`,
		`INSERT INTO publishable_api_key (id, title) VALUES ('pk_live', 'Live'), ('pk_empty', 'Empty')`,
		`INSERT INTO publishable_api_key (id, title, revoked_at) VALUES ('pk_revoked', 'Revoked', CURRENT_TIMESTAMP)`,
		`INSERT INTO publishable_api_key_sales_channel (id, publishable_key_id, sales_channel_id) VALUES
			('l1', 'pk_live', 'sc_2'), ('l2', 'pk_live', 'sc_1'), ('l3', 'pk_revoked', 'sc_1')`,
	} {
		mustExec(t, db, query)
	}
	for _, tc := range []struct {
		key  string
		want []string
	}{
		{"pk_live", []string{"sc_1", "sc_2"}},
		{"pk_empty", nil},
		{"pk_revoked", nil},
		{"pk_unknown", nil},
	} {
		t.Run(tc.key, func(t *testing.T) {
			got, err := storage.PublishableKeyChannels(context.Background(), db.Reader, tc.key)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

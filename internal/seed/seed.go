// Package seed fills a database the way Medusa v1 does. EnsureStore creates
// what Medusa creates on first boot (the store, the default sales channel,
// the default shipping profiles, the registered providers). Load reads a seed
// file in one transaction: Medusa's own seed.json unchanged, plus the
// extension keys of shared/reference/seed-format.md. Nothing is written
// unless the whole file loads.
package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/storage"
)

// Options are what the server knows and the seed file cannot say.
type Options struct {
	// PaymentProviders and FulfillmentProviders are the provider ids the
	// server has registered besides those it always has (payment: manual
	// and system; fulfillment: manual). Regions may name only these. Load
	// runs EnsureStore, which marks every other provider not installed, so
	// give both the server's full registry.
	PaymentProviders     []string
	FulfillmentProviders []string
	// Carts creates the file's carts through the cart service. A file with
	// carts fails to load without it.
	Carts CartCreator
}

// CartCreator creates a seeded cart as the createCart mutation does, then
// adds its items, discounts and gift cards in that order, inside the seed's
// transaction.
type CartCreator interface {
	SeedCart(ctx context.Context, tx *storage.Tx, c Cart) error
}

// paymentProviders are the payment providers EnsureStore registers.
func (o Options) paymentProviders() []string {
	return union([]string{"manual", "system"}, o.PaymentProviders)
}

// fulfillmentProviders are the fulfillment providers EnsureStore registers.
func (o Options) fulfillmentProviders() []string {
	return union([]string{"manual"}, o.FulfillmentProviders)
}

// Load reads a seed file from r and writes it to db in one transaction,
// after EnsureStore. On any error nothing is written.
func Load(ctx context.Context, db *storage.DB, r io.Reader, opts Options) error {
	_, err := Import(ctx, db, r, opts)
	return err
}

// Summary counts the main entities a seed document held.
type Summary struct {
	Regions, ShippingOptions, Products int
}

// Import is Load, reporting what the document held.
func Import(ctx context.Context, db *storage.DB, r io.Reader, opts Options) (Summary, error) {
	var f file
	if err := decodeStrict(r, &f); err != nil {
		return Summary{}, err
	}
	if len(f.Carts) > 0 && opts.Carts == nil {
		return Summary{}, errs.InvalidDataf("seed: the file has carts, but no cart service was given to create them (seed.Options.Carts)")
	}
	err := db.InTx(ctx, func(tx *storage.Tx) error {
		if err := EnsureStore(ctx, tx, opts); err != nil {
			return err
		}
		l := &loader{ctx: ctx, tx: tx, opts: opts, now: tx.Now}
		return l.load(&f)
	})
	if err != nil {
		return Summary{}, err
	}
	return Summary{Regions: len(f.Regions), ShippingOptions: len(f.ShippingOptions), Products: len(f.Products)}, nil
}

// loader writes one seed file inside one transaction. A fresh loader is made
// for every attempt of the transaction.
type loader struct {
	ctx  context.Context
	tx   *storage.Tx
	opts Options
	now  time.Time

	store store
}

// load writes the keys in Medusa's order (store, users, regions, shipping
// options, categories, collections, products, publishable keys), with the
// extension keys placed before the first key that refers to them.
func (l *loader) load(f *file) error {
	steps := []func() error{
		func() error { return l.loadStore(f.Store) },
		func() error { return l.loadUsers(f.Users) },
		func() error { return l.loadSalesChannels(f.SalesChannels) },
		func() error { return l.loadRegions(f.Regions) },
		func() error { return l.loadShippingOptions(f.ShippingOptions) },
		func() error { return l.loadCategories(f.Categories) },
		func() error { return l.loadCollections(f.ProductCollections) },
		func() error { return l.loadProducts(f.Products) },
		func() error { return l.loadPublishableKeys(f.PublishableAPIKeys) },
		func() error { return l.loadCustomerGroups(f.CustomerGroups) },
		func() error { return l.loadCustomers(f.Customers) },
		func() error { return l.loadPriceLists(f.PriceLists) },
		func() error { return l.loadTaxRates(f.TaxRates) },
		func() error { return l.loadDiscounts(f.Discounts) },
		func() error { return l.loadGiftCards(f.GiftCards) },
		func() error { return l.loadReturnReasons(f.ReturnReasons) },
		func() error { return l.loadPaymentCollections(f.PaymentCollections) },
		func() error { return l.loadCarts(f.Carts) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// insert writes a model struct as a row of table.
func (l *loader) insert(a at, table string, row any) error {
	return a.wrap(storage.Insert(l.ctx, l.tx, table, row))
}

// link writes a row of a join table; cols are its columns, comma-separated.
func (l *loader) link(a at, table, cols string, vals ...any) error {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")
	_, err := storage.Exec(l.ctx, l.tx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, cols, marks), vals...)
	return a.wrap(err)
}

// exists reports whether query returns a row.
func (l *loader) exists(a at, query string, args ...any) (bool, error) {
	var one int
	err := storage.Get(l.ctx, l.tx, &one, "SELECT 1 FROM ("+query+") found LIMIT 1", args...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, a.wrap(err)
}

// lookup scans the first row of query into dest; false when there is none.
func (l *loader) lookup(a at, dest any, query string, args ...any) (bool, error) {
	err := storage.Get(l.ctx, l.tx, dest, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, a.wrap(err)
}

// newID keeps a given id, failing when a row of table has it already, or
// makes a prefix_ULID. what names the entity in Medusa's words ("Region").
func (l *loader) newID(a at, table, what, given, prefix string) (string, error) {
	if given == "" {
		return ids.New(prefix), nil
	}
	taken, err := l.exists(a, "SELECT id FROM "+storage.Table(table)+" WHERE id = ?", given)
	if err != nil {
		return "", err
	}
	if taken {
		return "", a.duplicate("%s with id %s already exists.", what, given)
	}
	return given, nil
}

// union is a followed by the elements of b it does not have.
func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// dedupe drops repeated elements, keeping the first of each.
func dedupe(list []string) []string {
	return union(nil, list)
}

// nonEmpty returns nil for an empty string, else a pointer to it.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func boolOr(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

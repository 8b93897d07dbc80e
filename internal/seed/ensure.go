package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Names Medusa gives the rows it creates on first boot.
const (
	storeName                  = "Medusa Store"             // StoreService.create (column default)
	defaultCurrency            = "usd"                      // StoreService.create
	defaultSalesChannelName    = "Default Sales Channel"    // SalesChannelService.createDefault
	defaultSalesChannelDesc    = "Created by Medusa"        // SalesChannelService.createDefault
	defaultShippingProfileName = "Default Shipping Profile" // ShippingProfileService.createDefault
	giftCardProfileName        = "Gift Card Profile"        // ShippingProfileService.createGiftCardDefault
)

// EnsureStore creates what Medusa creates when it boots and finds missing:
// the store (with usd as its currency), the default sales channel, the
// default and gift card shipping profiles. Then it registers the server's
// providers as Medusa's registerInstalledProviders does: every provider row
// is marked not installed, and the registered ones are inserted or marked
// installed. Rows that exist are left alone, so it is safe to run on every
// start and on a database a Medusa backend made.
func EnsureStore(ctx context.Context, tx *storage.Tx, opts Options) error {
	storeID, err := ensureStoreRow(ctx, tx)
	if err != nil {
		return err
	}
	if err := ensureDefaultSalesChannel(ctx, tx, storeID); err != nil {
		return err
	}
	if err := ensureShippingProfile(ctx, tx, model.ShippingProfileTypeDefault, defaultShippingProfileName); err != nil {
		return err
	}
	if err := ensureShippingProfile(ctx, tx, model.ShippingProfileTypeGiftCard, giftCardProfileName); err != nil {
		return err
	}
	if err := registerProviders(ctx, tx, "payment_provider", opts.paymentProviders()); err != nil {
		return err
	}
	return registerProviders(ctx, tx, "fulfillment_provider", opts.fulfillmentProviders())
}

// ensureStoreRow returns the store's id, creating the store when there is none.
func ensureStoreRow(ctx context.Context, tx *storage.Tx) (string, error) {
	var id string
	err := storage.Get(ctx, tx, &id, "SELECT id FROM store ORDER BY created_at, id LIMIT 1")
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("ensure store: %w", err)
	}
	s := model.Store{
		ID:                  ids.New(ids.Store),
		Name:                storeName,
		DefaultCurrencyCode: defaultCurrency,
		CreatedAt:           tx.Now,
		UpdatedAt:           tx.Now,
	}
	if err := storage.Insert(ctx, tx, "store", &s); err != nil {
		return "", fmt.Errorf("ensure store: %w", err)
	}
	if _, err := storage.Exec(ctx, tx, "INSERT INTO store_currencies (store_id, currency_code) VALUES (?, ?)", s.ID, defaultCurrency); err != nil {
		return "", fmt.Errorf("ensure store currencies: %w", err)
	}
	return s.ID, nil
}

// ensureDefaultSalesChannel creates the default sales channel unless the
// store points at one.
func ensureDefaultSalesChannel(ctx context.Context, tx *storage.Tx, storeID string) error {
	var current sql.NullString
	if err := storage.Get(ctx, tx, &current, "SELECT default_sales_channel_id FROM store WHERE id = ?", storeID); err != nil {
		return fmt.Errorf("ensure default sales channel: %w", err)
	}
	if current.Valid && current.String != "" {
		return nil
	}
	desc := defaultSalesChannelDesc
	sc := model.SalesChannel{
		ID:          ids.New(ids.SalesChannel),
		Name:        defaultSalesChannelName,
		Description: &desc,
		CreatedAt:   tx.Now,
		UpdatedAt:   tx.Now,
	}
	if err := storage.Insert(ctx, tx, "sales_channel", &sc); err != nil {
		return fmt.Errorf("ensure default sales channel: %w", err)
	}
	_, err := storage.Exec(ctx, tx, "UPDATE store SET default_sales_channel_id = ?, updated_at = ? WHERE id = ?", sc.ID, tx.Now, storeID)
	if err != nil {
		return fmt.Errorf("ensure default sales channel: %w", err)
	}
	return nil
}

// ensureShippingProfile creates the profile of the type unless one exists.
func ensureShippingProfile(ctx context.Context, tx *storage.Tx, typ model.ShippingProfileType, name string) error {
	if _, err := shippingProfileID(ctx, tx, typ); err == nil {
		return nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("ensure %s shipping profile: %w", typ, err)
	}
	p := model.ShippingProfile{
		ID:        ids.New(ids.ShippingProfile),
		Name:      name,
		Type:      typ,
		CreatedAt: tx.Now,
		UpdatedAt: tx.Now,
	}
	if err := storage.Insert(ctx, tx, "shipping_profile", &p); err != nil {
		return fmt.Errorf("ensure %s shipping profile: %w", typ, err)
	}
	return nil
}

// shippingProfileID is the id of the (first) live profile of the type.
func shippingProfileID(ctx context.Context, tx *storage.Tx, typ model.ShippingProfileType) (string, error) {
	var id string
	err := storage.Get(ctx, tx, &id,
		"SELECT id FROM shipping_profile WHERE type = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1", typ)
	return id, err
}

// registerProviders is Medusa's registerInstalledProviders for table.
func registerProviders(ctx context.Context, tx *storage.Tx, table string, providerIDs []string) error {
	if _, err := storage.Exec(ctx, tx, "UPDATE "+table+" SET is_installed = ?", false); err != nil {
		return fmt.Errorf("register %s: %w", table, err)
	}
	for _, id := range providerIDs {
		_, err := storage.Exec(ctx, tx, "INSERT INTO "+table+" (id, is_installed) VALUES (?, ?) "+
			"ON CONFLICT (id) DO UPDATE SET is_installed = excluded.is_installed", id, true)
		if err != nil {
			return fmt.Errorf("register %s %s: %w", table, id, err)
		}
	}
	return nil
}

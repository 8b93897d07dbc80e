package storage

import (
	"context"
	"time"

	"github.com/storegraph/storegraph/internal/model"
)

// LiveCustomer reads a customer that is not deleted; nil when there is none.
func LiveCustomer(ctx context.Context, q Q, id string) (*model.Customer, error) {
	return one[model.Customer](ctx, q, `SELECT * FROM customer WHERE id = ? AND deleted_at IS NULL`, id)
}

// LockCustomer reads a live customer and, on PostgreSQL, takes its row lock
// for the rest of the transaction, so changes to one customer run one after
// the other (SQLite's write transactions already do).
func LockCustomer(ctx context.Context, tx *Tx, id string) (*model.Customer, error) {
	query := `SELECT * FROM customer WHERE id = ? AND deleted_at IS NULL`
	if tx.Dialect == Postgres {
		query += ` FOR UPDATE`
	}
	return one[model.Customer](ctx, tx, query, id)
}

// RegisteredCustomerByEmail reads the live customer with an account and the
// (lower-case) email; nil when there is none.
func RegisteredCustomerByEmail(ctx context.Context, q Q, email string) (*model.Customer, error) {
	return one[model.Customer](ctx, q, `SELECT * FROM customer WHERE email = ? AND has_account = true
		AND deleted_at IS NULL ORDER BY created_at LIMIT 1`, email)
}

// EmailTaken reports whether a live customer other than exceptID has the
// email and the has_account value (the unique index Medusa keeps).
func EmailTaken(ctx context.Context, q Q, email string, hasAccount bool, exceptID string) (bool, error) {
	var n int
	err := Get(ctx, q, &n, `SELECT count(*) FROM customer WHERE email = ? AND has_account = ?
		AND deleted_at IS NULL AND id <> ?`, email, hasAccount, exceptID)
	return n > 0, err
}

// CustomerAddress reads a live address of a customer; nil when the customer
// has no such address.
func CustomerAddress(ctx context.Context, q Q, customerID, addressID string) (*model.Address, error) {
	return one[model.Address](ctx, q, `SELECT * FROM address WHERE id = ? AND customer_id = ? AND deleted_at IS NULL`,
		addressID, customerID)
}

// LiveAddress reads an address that is not deleted; nil when there is none.
func LiveAddress(ctx context.Context, q Q, id string) (*model.Address, error) {
	return one[model.Address](ctx, q, `SELECT * FROM address WHERE id = ? AND deleted_at IS NULL`, id)
}

// SoftDeleteAddress marks an address deleted.
func SoftDeleteAddress(ctx context.Context, q Q, id string, now time.Time) error {
	_, err := Exec(ctx, q, `UPDATE address SET deleted_at = ?, updated_at = ? WHERE id = ?`, now, now, id)
	return err
}

// CountryExists reports whether a country with the two-letter code exists.
func CountryExists(ctx context.Context, q Q, iso2 string) (bool, error) {
	var n int
	err := Get(ctx, q, &n, `SELECT count(*) FROM country WHERE iso_2 = ?`, iso2)
	return n > 0, err
}

// InstalledPaymentProviders lists the ids of the installed payment providers.
func InstalledPaymentProviders(ctx context.Context, q Q) ([]string, error) {
	var ids []string
	err := Select(ctx, q, &ids, `SELECT id FROM payment_provider WHERE is_installed = true ORDER BY id`)
	return ids, err
}

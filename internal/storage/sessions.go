package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Session is a row of storegraph_session: a logged-in customer's cookie
// session. IDHash is the SHA-256 (hex) of the session id the cookie carries.
type Session struct {
	IDHash     string    `db:"id_hash"`
	CustomerID string    `db:"customer_id"`
	CreatedAt  time.Time `db:"created_at"`
	ExpiresAt  time.Time `db:"expires_at"`
}

// InsertSession writes a session.
func InsertSession(ctx context.Context, q Q, s Session) error {
	return Insert(ctx, q, "storegraph_session", &s)
}

// SessionCustomer returns the customer of a live session whose customer is
// live too; "" when there is none.
func SessionCustomer(ctx context.Context, q Q, idHash string, now time.Time) (string, error) {
	var id string
	err := Get(ctx, q, &id, `SELECT s.customer_id FROM storegraph_session s
		JOIN customer c ON c.id = s.customer_id AND c.deleted_at IS NULL
		WHERE s.id_hash = ? AND s.expires_at > ?`, idHash, now)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// DeleteSession removes a session.
func DeleteSession(ctx context.Context, q Q, idHash string) error {
	_, err := Exec(ctx, q, `DELETE FROM storegraph_session WHERE id_hash = ?`, idHash)
	return err
}

// DeleteCustomerSessions removes the sessions of a customer except the one
// whose hash is keep ("" keeps none).
func DeleteCustomerSessions(ctx context.Context, q Q, customerID, keep string) error {
	_, err := Exec(ctx, q, `DELETE FROM storegraph_session WHERE customer_id = ? AND id_hash <> ?`, customerID, keep)
	return err
}

// DeleteExpiredSessions removes the sessions that expired before now.
func DeleteExpiredSessions(ctx context.Context, q Q, now time.Time) error {
	_, err := Exec(ctx, q, `DELETE FROM storegraph_session WHERE expires_at <= ?`, now)
	return err
}

package storage

import (
	"context"

	"github.com/storegraph/storegraph/internal/model"
)

// PaymentCollectionsByID reads live payment collections.
func PaymentCollectionsByID(ctx context.Context, q Q, ids []string) (map[string]*model.PaymentCollection, error) {
	var rows []model.PaymentCollection
	if err := SelectIn(ctx, q, &rows, `SELECT * FROM payment_collection WHERE id IN (?) AND deleted_at IS NULL`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *model.PaymentCollection) string { return r.ID }), nil
}

// LockPaymentCollection reads a live payment collection and, on PostgreSQL,
// takes its row lock for the rest of the transaction, so mutations of one
// collection run one after the other (SQLite's writers are serialized
// already). Nil when there is no such collection.
func LockPaymentCollection(ctx context.Context, tx *Tx, id string) (*model.PaymentCollection, error) {
	query := `SELECT * FROM payment_collection WHERE id = ? AND deleted_at IS NULL`
	if tx.Dialect == Postgres {
		query += ` FOR UPDATE`
	}
	return one[model.PaymentCollection](ctx, tx, query, id)
}

type collectionSession struct {
	model.PaymentSession
	CollectionID string `db:"payment_collection_id"`
}

// SessionsByPaymentCollection reads the payment sessions of payment
// collections (payment_collection_sessions) in creation order.
func SessionsByPaymentCollection(ctx context.Context, q Q, collectionIDs []string) (map[string][]model.PaymentSession, error) {
	rows, err := byKeys(ctx, q, `SELECT ps.*, l.payment_collection_id FROM payment_collection_sessions l
		JOIN payment_session ps ON ps.id = l.payment_session_id
		WHERE l.payment_collection_id IN (?) ORDER BY ps.created_at, ps.id`, collectionIDs,
		func(r *collectionSession) string { return r.CollectionID })
	return unwrap(rows, func(r collectionSession) model.PaymentSession { return r.PaymentSession }), err
}

type collectionPayment struct {
	model.Payment
	CollectionID string `db:"payment_collection_id"`
}

// PaymentsByPaymentCollection reads the payments of payment collections
// (payment_collection_payments) in creation order.
func PaymentsByPaymentCollection(ctx context.Context, q Q, collectionIDs []string) (map[string][]model.Payment, error) {
	rows, err := byKeys(ctx, q, `SELECT p.*, l.payment_collection_id FROM payment_collection_payments l
		JOIN payment p ON p.id = l.payment_id
		WHERE l.payment_collection_id IN (?) ORDER BY p.created_at, p.id`, collectionIDs,
		func(r *collectionPayment) string { return r.CollectionID })
	return unwrap(rows, func(r collectionPayment) model.Payment { return r.Payment }), err
}

// PaymentSessionsByID reads payment sessions.
func PaymentSessionsByID(ctx context.Context, q Q, ids []string) (map[string]*model.PaymentSession, error) {
	return byID(ctx, q, "payment_session", ids, func(s *model.PaymentSession) string { return s.ID })
}

// PaymentCollectionOfSession is the id of the live payment collection that
// holds a payment session; "" when none does.
func PaymentCollectionOfSession(ctx context.Context, q Q, sessionID string) (string, error) {
	var ids []string
	err := Select(ctx, q, &ids, `SELECT l.payment_collection_id FROM payment_collection_sessions l
		JOIN payment_collection pc ON pc.id = l.payment_collection_id AND pc.deleted_at IS NULL
		WHERE l.payment_session_id = ?`, sessionID)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	return ids[0], nil
}

// LinkCollectionSession adds a session to a payment collection.
func LinkCollectionSession(ctx context.Context, tx *Tx, collectionID, sessionID string) error {
	_, err := Exec(ctx, tx, `INSERT INTO payment_collection_sessions (payment_collection_id, payment_session_id) VALUES (?, ?)`,
		collectionID, sessionID)
	return err
}

// DeleteCollectionSession removes a session from its payment collection and
// deletes it.
func DeleteCollectionSession(ctx context.Context, tx *Tx, sessionID string) error {
	if err := DeleteWhere(ctx, tx, "payment_collection_sessions", "payment_session_id", []string{sessionID}); err != nil {
		return err
	}
	return DeleteWhere(ctx, tx, "payment_session", "id", []string{sessionID})
}

// LinkCollectionPayment adds a payment to a payment collection.
func LinkCollectionPayment(ctx context.Context, tx *Tx, collectionID, paymentID string) error {
	_, err := Exec(ctx, tx, `INSERT INTO payment_collection_payments (payment_collection_id, payment_id) VALUES (?, ?)`,
		collectionID, paymentID)
	return err
}

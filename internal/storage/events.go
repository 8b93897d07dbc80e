package storage

import (
	"context"
	"time"

	"github.com/storegraph/storegraph/internal/model"
)

// Event is a row of the outbox storegraph_event.
type Event struct {
	// Seq orders events: a later change's events have a larger seq.
	Seq        int64         `db:"seq"`
	ID         string        `db:"id"`
	Name       string        `db:"name"`
	ResourceID string        `db:"resource_id"`
	Payload    model.RawJSON `db:"payload"`
	CreatedAt  time.Time     `db:"created_at"`
}

// InsertEvent writes an event and one pending delivery per active webhook,
// and sets e.Seq.
func InsertEvent(ctx context.Context, q Q, e *Event) error {
	if err := Get(ctx, q, &e.Seq, `INSERT INTO storegraph_event (id, name, resource_id, payload, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING seq`, e.ID, e.Name, e.ResourceID, e.Payload, e.CreatedAt); err != nil {
		return err
	}
	_, err := Exec(ctx, q, `INSERT INTO storegraph_event_delivery (url, event_seq, resource_id, attempts, next_attempt_at)
		SELECT url, ?, ?, 0, ? FROM storegraph_webhook WHERE active = true`, e.Seq, e.ResourceID, e.CreatedAt)
	return err
}

// SyncWebhooks makes urls the active webhooks: new events get a delivery
// for each of them and for no other.
func SyncWebhooks(ctx context.Context, tx *Tx, urls []string) error {
	deactivate := `UPDATE storegraph_webhook SET active = false, updated_at = ? WHERE active = true`
	args := []any{tx.Now}
	if len(urls) > 0 {
		deactivate += ` AND url NOT IN (?)`
		args = append(args, urls)
	}
	query, expanded, err := In(tx, deactivate, args...)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, query, expanded...); err != nil {
		return err
	}
	for _, u := range urls {
		if _, err := Exec(ctx, tx, `INSERT INTO storegraph_webhook (url, active, created_at, updated_at) VALUES (?, true, ?, ?)
			ON CONFLICT (url) DO UPDATE SET active = true, updated_at = excluded.updated_at`, u, tx.Now, tx.Now); err != nil {
			return err
		}
	}
	return nil
}

// Delivery is a pending delivery of an event to a webhook, with the event.
type Delivery struct {
	URL      string `db:"url"`
	Attempts int    `db:"attempts"`
	Event
}

// ClaimDeliveries leases up to limit deliveries to urls that are due: for
// each webhook and resource only the oldest undelivered event is due, so a
// resource's events go out one after the other, in order. Leased deliveries
// are skipped by other claims until the lease ends; on PostgreSQL, rows
// another process is claiming at the same moment are skipped (SKIP LOCKED).
func ClaimDeliveries(ctx context.Context, tx *Tx, urls []string, token string, leaseUntil time.Time, limit int) ([]Delivery, error) {
	if len(urls) == 0 {
		return nil, nil
	}
	query := `SELECT d.url, d.attempts, e.seq, e.id, e.name, e.resource_id, e.payload, e.created_at
		FROM storegraph_event_delivery d JOIN storegraph_event e ON e.seq = d.event_seq
		WHERE d.delivered_at IS NULL AND d.url IN (?) AND d.next_attempt_at <= ?
		AND (d.lease_until IS NULL OR d.lease_until < ?)
		AND NOT EXISTS (SELECT 1 FROM storegraph_event_delivery p WHERE p.url = d.url
			AND p.resource_id = d.resource_id AND p.delivered_at IS NULL AND p.event_seq < d.event_seq)
		ORDER BY d.event_seq LIMIT ?`
	if tx.Dialect == Postgres {
		query += ` FOR UPDATE OF d SKIP LOCKED`
	}
	var out []Delivery
	if err := SelectIn(ctx, tx, &out, query, urls, tx.Now, tx.Now, limit); err != nil {
		return nil, err
	}
	for _, d := range out {
		if _, err := Exec(ctx, tx, `UPDATE storegraph_event_delivery SET lease_until = ?, lease_token = ?
			WHERE url = ? AND event_seq = ?`, leaseUntil, token, d.URL, d.Seq); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MarkDelivered records that a webhook acknowledged an event.
func MarkDelivered(ctx context.Context, q Q, url string, seq int64, now time.Time) error {
	_, err := Exec(ctx, q, `UPDATE storegraph_event_delivery SET delivered_at = ?, attempts = attempts + 1,
		lease_until = NULL, lease_token = NULL, last_error = NULL
		WHERE url = ? AND event_seq = ? AND delivered_at IS NULL`, now, url, seq)
	return err
}

// MarkFailed records a failed attempt and when to try again; a lease that
// has passed to another process is left alone.
func MarkFailed(ctx context.Context, q Q, url string, seq int64, token string, next time.Time, lastError string) error {
	_, err := Exec(ctx, q, `UPDATE storegraph_event_delivery SET attempts = attempts + 1, next_attempt_at = ?,
		last_error = ?, lease_until = NULL, lease_token = NULL
		WHERE url = ? AND event_seq = ? AND lease_token = ? AND delivered_at IS NULL`, next, lastError, url, seq, token)
	return err
}

// PendingDeliveries counts the deliveries not yet acknowledged.
func PendingDeliveries(ctx context.Context, q Q) (int, error) {
	var n int
	err := Get(ctx, q, &n, `SELECT count(*) FROM storegraph_event_delivery WHERE delivered_at IS NULL`)
	return n, err
}

// PruneEvents deletes what is older than before: acknowledged deliveries,
// pending deliveries to webhooks no longer active, and events left without
// deliveries.
func PruneEvents(ctx context.Context, q Q, before time.Time) error {
	for _, stmt := range []string{
		`DELETE FROM storegraph_event_delivery WHERE delivered_at IS NOT NULL AND delivered_at < ?`,
		`DELETE FROM storegraph_event_delivery WHERE delivered_at IS NULL
			AND url NOT IN (SELECT url FROM storegraph_webhook WHERE active = true)
			AND event_seq IN (SELECT seq FROM storegraph_event WHERE created_at < ?)`,
		`DELETE FROM storegraph_event WHERE created_at < ?
			AND NOT EXISTS (SELECT 1 FROM storegraph_event_delivery d WHERE d.event_seq = storegraph_event.seq)`,
	} {
		if _, err := Exec(ctx, q, stmt, before); err != nil {
			return err
		}
	}
	return nil
}

package events

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/storegraph/storegraph/internal/storage"
)

// Worker delivers the events of the outbox to webhooks. Run it in one
// goroutine per process; any number of processes may run one against the
// same PostgreSQL database (on SQLite, one process).
type Worker struct {
	DB *storage.DB
	// URLs are the webhooks (STOREGRAPH_WEBHOOK_URLS). Run makes them the
	// webhooks new events are delivered to.
	URLs []string
	// Secret signs deliveries (STOREGRAPH_WEBHOOK_SECRET).
	Secret []byte
	Logger *slog.Logger
	// Client posts deliveries; its timeout bounds an attempt (default 10 s).
	Client *http.Client
	// Poll is how often the outbox is checked when nothing woke the worker
	// (default 1 s).
	Poll time.Duration
	// MinBackoff and MaxBackoff bound the wait before the next attempt of a
	// failed delivery: MinBackoff·2^(attempts-1), at most MaxBackoff, with
	// ±20% jitter (defaults 1 s and 1 h). Deliveries are retried until they
	// succeed.
	MinBackoff, MaxBackoff time.Duration
	// Lease is how long a claimed delivery is reserved for this worker
	// (default: the client timeout plus 30 s). A worker that dies leaves
	// its deliveries to others when the lease ends.
	Lease time.Duration
	// Batch bounds the deliveries claimed at once (default 32).
	Batch int
	// Retention is how long acknowledged events are kept (default 7 days).
	Retention time.Duration

	lastPrune time.Time
}

func (w *Worker) defaults() {
	if w.Logger == nil {
		w.Logger = slog.Default()
	}
	if w.Client == nil {
		w.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if w.Poll <= 0 {
		w.Poll = time.Second
	}
	if w.MinBackoff <= 0 {
		w.MinBackoff = time.Second
	}
	if w.MaxBackoff <= 0 {
		w.MaxBackoff = time.Hour
	}
	if w.Lease <= 0 {
		w.Lease = w.Client.Timeout + 30*time.Second
	}
	if w.Batch <= 0 {
		w.Batch = 32
	}
	if w.Retention <= 0 {
		w.Retention = 7 * 24 * time.Hour
	}
}

// Sync makes the worker's URLs the webhooks that new events are delivered
// to (in every process on the database). Run calls it; `serve` calls it
// before serving too, so no event of the first requests misses a webhook.
func (w *Worker) Sync(ctx context.Context) error {
	if err := w.DB.InTx(ctx, func(tx *storage.Tx) error { return storage.SyncWebhooks(ctx, tx, w.URLs) }); err != nil {
		return fmt.Errorf("events: register webhooks: %w", err)
	}
	return nil
}

// Run delivers events until ctx is done, then lets the deliveries in flight
// finish and returns.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	if err := w.Sync(ctx); err != nil {
		return err
	}
	if len(w.URLs) > 0 {
		w.Logger.Info("delivering events to webhooks", "webhooks", len(w.URLs))
	}
	// Deliveries finish even when ctx ends; their own timeout bounds them.
	work := context.WithoutCancel(ctx)
	for {
		woken := wake.wait()
		n, err := w.deliverBatch(work)
		if err != nil {
			w.Logger.Warn("event delivery", "error", err)
		}
		w.prune(work)
		if ctx.Err() != nil {
			return nil
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-woken:
		case <-time.After(w.Poll):
		}
	}
}

// deliverBatch claims the due deliveries, posts them (in parallel: a batch
// holds at most one event per webhook and resource) and records the
// outcomes. It returns how many it claimed.
func (w *Worker) deliverBatch(ctx context.Context) (int, error) {
	token := newToken()
	var claimed []storage.Delivery
	err := w.DB.InTx(ctx, func(tx *storage.Tx) error {
		var err error
		claimed, err = storage.ClaimDeliveries(ctx, tx, w.URLs, token, tx.Now.Add(w.Lease), w.Batch)
		return err
	})
	if err != nil || len(claimed) == 0 {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(claimed))
	for i := range claimed {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = w.deliver(ctx, &claimed[i], token)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return len(claimed), err
		}
	}
	return len(claimed), nil
}

// deliver posts one delivery and records the outcome; the returned error is
// a failure to record it (a failed post is recorded and retried later).
func (w *Worker) deliver(ctx context.Context, d *storage.Delivery, token string) error {
	attempt := d.Attempts + 1
	postErr := w.post(ctx, d, attempt)
	return w.DB.InTx(ctx, func(tx *storage.Tx) error {
		if postErr == nil {
			return storage.MarkDelivered(ctx, tx, d.URL, d.Seq, tx.Now)
		}
		wait := w.backoff(attempt)
		w.Logger.Warn("webhook delivery failed; will retry", "url", d.URL, "event", d.Name, "event_id", d.ID,
			"attempt", attempt, "retry_in", wait.Round(time.Millisecond), "error", postErr)
		return storage.MarkFailed(ctx, tx, d.URL, d.Seq, token, tx.Now.Add(wait), truncate(postErr.Error(), 500))
	})
}

func (w *Worker) post(ctx context.Context, d *storage.Delivery, attempt int) error {
	body, err := envelope(d.ID, d.Name, d.ResourceID, d.CreatedAt, d.Payload)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	ts := time.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "storegraph-webhooks")
	req.Header.Set(HeaderEventID, d.ID)
	req.Header.Set(HeaderEvent, d.Name)
	req.Header.Set(HeaderAttempt, strconv.Itoa(attempt))
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(w.Secret, ts, body))
	resp, err := w.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook answered %s", resp.Status)
	}
	return nil
}

// backoff is the wait before the attempt after attempt.
func (w *Worker) backoff(attempt int) time.Duration {
	d := w.MinBackoff
	for i := 1; i < attempt && d < w.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, w.MaxBackoff)
	jitter := 0.8 + 0.4*rand.Float64()
	return time.Duration(float64(d) * jitter)
}

// prune deletes old acknowledged events once an hour.
func (w *Worker) prune(ctx context.Context) {
	if time.Since(w.lastPrune) < time.Hour {
		return
	}
	w.lastPrune = time.Now()
	err := w.DB.InTx(ctx, func(tx *storage.Tx) error {
		return storage.PruneEvents(ctx, tx, tx.Now.Add(-w.Retention))
	})
	if err != nil {
		w.Logger.Warn("prune events", "error", err)
	}
}

func newToken() string {
	b := make([]byte, 16)
	_, _ = crand.Read(b)
	return hex.EncodeToString(b)
}

// truncate cuts s to at most n bytes of valid UTF-8: the error text comes
// from the network (a webhook's reason phrase), and PostgreSQL refuses
// invalid UTF-8 in text, which would lose the failed attempt.
func truncate(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.ToValidUTF8(s, "")
}

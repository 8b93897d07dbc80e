package events_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/events/eventstest"
	"github.com/storegraph/storegraph/internal/storage"
)

const secret = "webhook-secret"

func newReceiver(t *testing.T) *eventstest.Receiver { return eventstest.NewReceiver(t, secret) }

func waitDelivered(t *testing.T, db *storage.DB) { eventstest.WaitDelivered(t, db) }

// runWorker runs a worker until the test ends (or stop is called).
func runWorker(t *testing.T, db *storage.DB, urls ...string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &events.Worker{DB: db, URLs: urls, Secret: []byte(secret), Poll: 10 * time.Millisecond,
		MinBackoff: 5 * time.Millisecond, MaxBackoff: 40 * time.Millisecond, Client: &http.Client{Timeout: 2 * time.Second}}
	if err := w.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("worker: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// emit emits events in one transaction each: resource and name pairs.
func emit(t *testing.T, db *storage.DB, pairs ...string) []string {
	t.Helper()
	var ids []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := db.InTx(context.Background(), func(tx *storage.Tx) error {
			return events.Emit(context.Background(), tx, pairs[i+1], pairs[i], map[string]any{"n": len(ids)})
		}); err != nil {
			t.Fatal(err)
		}
		var id string
		if err := storage.Get(context.Background(), db.Reader, &id, `SELECT id FROM storegraph_event ORDER BY seq DESC LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

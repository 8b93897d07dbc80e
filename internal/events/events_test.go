package events_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// Ensure an event exists if and only if its transaction commits, gets one
// delivery per active webhook, and is logged only after the commit.
func TestEmitInTransaction(t *testing.T) {
	ctx := context.Background()
	db := storagetest.MustOpenDB(t)
	var log bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&log, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	if err := db.InTx(ctx, func(tx *storage.Tx) error {
		return storage.SyncWebhooks(ctx, tx, []string{"http://a.example/hook", "http://b.example/hook"})
	}); err != nil {
		t.Fatal(err)
	}

	boom := errors.New("boom")
	err := db.InTx(ctx, func(tx *storage.Tx) error {
		if err := events.Emit(ctx, tx, "customer.updated", "cus_1", map[string]any{"token": "rolled-back"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	if n := count(t, db, "storegraph_event"); n != 0 || strings.Contains(log.String(), "rolled-back") {
		t.Fatalf("a rolled-back event was kept (%d rows) or logged: %s", n, log.String())
	}

	if err := db.InTx(ctx, func(tx *storage.Tx) error {
		return events.Emit(ctx, tx, "customer.password_reset", "cus_1", map[string]any{"token": "the-token"})
	}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "storegraph_event"); n != 1 {
		t.Fatalf("%d events, want 1", n)
	}
	if n := count(t, db, "storegraph_event_delivery"); n != 2 {
		t.Fatalf("%d deliveries, want one per webhook", n)
	}
	if !strings.Contains(log.String(), "event=customer.password_reset") || !strings.Contains(log.String(), "the-token") {
		t.Fatalf("the event was not logged with its payload: %s", log.String())
	}

	// A webhook that is no longer configured gets no new deliveries.
	if err := db.InTx(ctx, func(tx *storage.Tx) error {
		return storage.SyncWebhooks(ctx, tx, []string{"http://b.example/hook"})
	}); err != nil {
		t.Fatal(err)
	}
	emit(t, db, "cus_1", "customer.updated")
	if n := count(t, db, "storegraph_event_delivery"); n != 3 {
		t.Fatalf("%d deliveries, want 3", n)
	}
}

func count(t *testing.T, db *storage.DB, table string) int {
	t.Helper()
	var n int
	if err := storage.Get(context.Background(), db.Reader, &n, "SELECT count(*) FROM "+table); err != nil {
		t.Fatal(err)
	}
	return n
}

// Ensure Verify accepts exactly what Sign signed, recently.
func TestSignature(t *testing.T) {
	body := []byte(`{"id":"evt_1"}`)
	now := time.Unix(1700000000, 0)
	header := func(secret string, ts int64, body []byte) http.Header {
		return http.Header{
			events.HeaderTimestamp: {fmt.Sprint(ts)},
			events.HeaderSignature: {events.Sign([]byte(secret), ts, body)},
		}
	}
	for _, tt := range []struct {
		name   string
		header http.Header
		body   []byte
		want   error
	}{
		{"Valid", header(secret, now.Unix(), body), body, nil},
		{"WithinTolerance", header(secret, now.Unix()-299, body), body, nil},
		{"OtherBody", header(secret, now.Unix(), body), []byte(`{"id":"evt_2"}`), events.ErrBadSignature},
		{"OtherSecret", header("other", now.Unix(), body), body, events.ErrBadSignature},
		{"Stale", header(secret, now.Unix()-301, body), body, events.ErrStale},
		{"Future", header(secret, now.Unix()+301, body), body, events.ErrStale},
		{"TimestampChanged", func() http.Header {
			h := header(secret, now.Unix(), body)
			h.Set(events.HeaderTimestamp, fmt.Sprint(now.Unix()-1))
			return h
		}(), body, events.ErrBadSignature},
		{"NoSignature", http.Header{events.HeaderTimestamp: {fmt.Sprint(now.Unix())}}, body, events.ErrNoSignature},
		{"NoTimestamp", http.Header{events.HeaderSignature: {events.Sign([]byte(secret), now.Unix(), body)}}, body, events.ErrNoSignature},
		{"NotHex", http.Header{events.HeaderTimestamp: {fmt.Sprint(now.Unix())}, events.HeaderSignature: {"sha256=zz"}}, body, events.ErrNoSignature},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := events.Verify([]byte(secret), tt.header, tt.body, 5*time.Minute, now); err != tt.want {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

// Ensure the worker posts every event, signed, with the envelope and headers
// documented, and records the acknowledgements.
func TestWorkerDelivers(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	r := newReceiver(t)
	runWorker(t, db, r.URL())
	ids := emit(t, db, "cus_1", "customer.created", "cus_2", "customer.created", "cus_1", "customer.updated")
	waitDelivered(t, db)
	got := r.Received()
	if len(got) != 3 || !sameSet(r.Acked(), ids) {
		t.Fatalf("received %+v, want %v", got, ids)
	}
	for _, g := range got {
		if g.Attempt != 1 || g.Envelope.ResourceID == "" || g.Envelope.CreatedAt.IsZero() || !bytes.Contains(g.Envelope.Data, []byte(`"n":`)) {
			t.Errorf("delivery %+v", g)
		}
	}
	var delivered int
	if err := storage.Get(context.Background(), db.Reader, &delivered,
		`SELECT count(*) FROM storegraph_event_delivery WHERE delivered_at IS NOT NULL AND attempts = 1`); err != nil || delivered != 3 {
		t.Fatalf("%d deliveries recorded as delivered (%v)", delivered, err)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

// Ensure a refused event is retried with backoff, and the next event of the
// same resource waits for it while other resources go on.
func TestWorkerRetriesInOrder(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	r := newReceiver(t)
	var mu sync.Mutex
	refusals := 0
	r.Fail = func(e events.Envelope, attempt int) bool {
		mu.Lock()
		defer mu.Unlock()
		if e.ResourceID == "cus_slow" && e.Event == "customer.created" && refusals < 4 {
			refusals++
			return true
		}
		return false
	}
	runWorker(t, db, r.URL())
	ids := emit(t, db, "cus_slow", "customer.created", "cus_slow", "customer.updated", "cus_fast", "customer.created", "cus_fast", "customer.updated")
	waitDelivered(t, db)

	got := r.Received()
	var slow []string
	fastDoneAt, slowCreatedAckAt := -1, -1
	for i, g := range got {
		if g.Envelope.ResourceID == "cus_slow" {
			slow = append(slow, fmt.Sprintf("%s/%d/%v", g.Envelope.Event, g.Attempt, g.Acked))
			if g.Envelope.Event == "customer.created" && g.Acked {
				slowCreatedAckAt = i
			}
		}
		if g.Envelope.ID == ids[3] {
			fastDoneAt = i
		}
	}
	want := []string{"customer.created/1/false", "customer.created/2/false", "customer.created/3/false", "customer.created/4/false",
		"customer.created/5/true", "customer.updated/1/true"}
	if strings.Join(slow, " ") != strings.Join(want, " ") {
		t.Fatalf("deliveries of cus_slow: %v, want %v", slow, want)
	}
	if fastDoneAt > slowCreatedAckAt {
		t.Errorf("cus_fast waited for cus_slow: done at %d, cus_slow acknowledged at %d", fastDoneAt, slowCreatedAckAt)
	}
	var attempts int
	var lastError *string
	if err := storage.Get(context.Background(), db.Reader, &attempts, `SELECT attempts FROM storegraph_event_delivery d
		JOIN storegraph_event e ON e.seq = d.event_seq WHERE e.id = ?`, ids[0]); err != nil || attempts != 5 {
		t.Fatalf("attempts = %d (%v), want 5", attempts, err)
	}
	_ = storage.Get(context.Background(), db.Reader, &lastError, `SELECT last_error FROM storegraph_event_delivery d
		JOIN storegraph_event e ON e.seq = d.event_seq WHERE e.id = ?`, ids[0])
	if lastError != nil {
		t.Errorf("last_error = %q after the delivery succeeded", *lastError)
	}
}

// Ensure deliveries survive a worker's restart: events emitted while no
// worker runs, or left pending by a stopped one, go out when one starts.
func TestWorkerRestart(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	r := newReceiver(t)
	stop := runWorker(t, db, r.URL())
	first := emit(t, db, "cus_1", "customer.created")
	waitDelivered(t, db)
	stop()
	second := emit(t, db, "cus_1", "customer.updated", "cus_2", "customer.created")
	time.Sleep(50 * time.Millisecond)
	if len(r.Received()) != 1 {
		t.Fatalf("delivered without a worker: %+v", r.Received())
	}
	runWorker(t, db, r.URL())
	waitDelivered(t, db)
	if !sameSet(r.Acked(), append(first, second...)) {
		t.Fatalf("acked %v", r.Acked())
	}
}

// Ensure several workers on one database deliver every event, none before
// the previous event of its resource was acknowledged, while the receiver
// refuses a fifth of the deliveries at random.
func TestWorkersShareTheOutbox(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	r := newReceiver(t)
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(1, 2))
	r.Fail = func(events.Envelope, int) bool {
		mu.Lock()
		defer mu.Unlock()
		return rng.IntN(5) == 0
	}
	// Three workers, as three processes would run them, and a stream of
	// changes to five resources while they run.
	for range 3 {
		runWorker(t, db, r.URL())
	}
	var emitted []string
	resources := []string{"cus_a", "cus_b", "cus_c", "cus_d", "cus_e"}
	for i := range 100 {
		emitted = append(emitted, emit(t, db, resources[i%len(resources)], "customer.updated")...)
	}
	waitDelivered(t, db)

	if !sameSet(r.Acked(), emitted) {
		t.Fatalf("acked %d distinct events, emitted %d", len(r.Acked()), len(emitted))
	}
	// Per resource, every delivery (attempt or not) of event n+1 comes after
	// the acknowledgement of event n, and events are acked in emit order.
	order := map[string]int{}
	for i, id := range emitted {
		order[id] = i
	}
	lastAcked := map[string]int{}
	for _, g := range r.Received() {
		n := order[g.Envelope.ID]
		prev, seen := lastAcked[g.Envelope.ResourceID]
		if seen && n < prev {
			t.Fatalf("%s: event %d delivered after event %d was acknowledged", g.Envelope.ResourceID, n, prev)
		}
		if seen && n > prev+len(resources) {
			t.Fatalf("%s: event %d delivered before event %d was acknowledged", g.Envelope.ResourceID, n, prev+len(resources))
		}
		if !seen && n >= len(resources) {
			t.Fatalf("%s: event %d delivered first", g.Envelope.ResourceID, n)
		}
		if g.Acked {
			lastAcked[g.Envelope.ResourceID] = n
		}
	}
}

// Ensure old acknowledged events are pruned, pending ones are kept.
func TestPruneEvents(t *testing.T) {
	ctx := context.Background()
	db := storagetest.MustOpenDB(t)
	if err := db.InTx(ctx, func(tx *storage.Tx) error {
		return storage.SyncWebhooks(ctx, tx, []string{"http://a.example/hook"})
	}); err != nil {
		t.Fatal(err)
	}
	ids := emit(t, db, "cus_1", "a", "cus_2", "b", "cus_3", "c")
	now := time.Now().UTC()
	if _, err := storage.Exec(ctx, db.Writer(), `UPDATE storegraph_event_delivery SET delivered_at = ?
		WHERE event_seq IN (SELECT seq FROM storegraph_event WHERE id IN (?, ?))`, now.Add(-8*24*time.Hour), ids[0], ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.Exec(ctx, db.Writer(), `UPDATE storegraph_event SET created_at = ?`, now.Add(-9*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(tx *storage.Tx) error { return storage.PruneEvents(ctx, tx, now.Add(-7*24*time.Hour)) }); err != nil {
		t.Fatal(err)
	}
	var left []string
	if err := storage.Select(ctx, db.Reader, &left, `SELECT id FROM storegraph_event`); err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0] != ids[2] || count(t, db, "storegraph_event_delivery") != 1 {
		t.Fatalf("left %v and %d deliveries, want only the pending %s", left, count(t, db, "storegraph_event_delivery"), ids[2])
	}
}

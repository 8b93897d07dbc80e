package customer_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/events/eventstest"
	"github.com/storegraph/storegraph/internal/storage"
)

const webhookSecret = "whsec_test"

// webhookServer is a test server whose events go to a receiver, with its
// delivery worker running (as `storegraph serve` runs it).
func webhookServer(t *testing.T) (*apptest.Server, *eventstest.Receiver) {
	t.Helper()
	r := eventstest.NewReceiver(t, webhookSecret)
	srv := newServer(t, apptest.WithConfig(func(c *app.Config) {
		secrets(c)
		c.WebhookURLs, c.WebhookSecret = []string{r.URL()}, webhookSecret
	}))
	w := srv.App.Events
	w.Poll, w.MinBackoff, w.MaxBackoff = 10*time.Millisecond, 10*time.Millisecond, 100*time.Millisecond
	w.Client = &http.Client{Timeout: 2 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.App.RunEvents(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("event worker: %v", err)
		}
	})
	return srv, r
}

// Ensure the password reset works through a webhook: the receiver gets
// customer.password_reset signed, resets the password with its token, and
// the customer logs in with the new password.
func TestPasswordResetThroughWebhook(t *testing.T) {
	srv, r := webhookServer(t)
	id, _ := register(t, srv, "a@example.com", "old")
	ok(t, srv, anonymous, requestReset, map[string]any{"e": "a@example.com"}, nil)

	env := r.Last("customer.password_reset") // the receiver verified the signature
	var data struct{ ID, Email, Token string }
	if err := json.Unmarshal(env.Data, &data); err != nil || data.ID != id || data.Email != "a@example.com" || data.Token == "" || env.ResourceID != id {
		t.Fatalf("customer.password_reset delivery %+v (%v)", env, err)
	}
	ok(t, srv, anonymous, resetMutation, map[string]any{"e": data.Email, "t": data.Token, "p": "new"}, nil)
	if me(t, srv, login(t, srv, "a@example.com", "new")) != id {
		t.Fatal("the new password does not log in")
	}
	if r.Last("customer.updated").ResourceID != id {
		t.Error("customer.updated of the reset was not delivered")
	}
}

// Ensure no event is lost while the receiver is down: changes made then are
// delivered when it is back, every event at least once, in order per
// resource (a resource's event is first delivered only after the previous
// one was acknowledged).
func TestWebhookReceiverDown(t *testing.T) {
	srv, r := webhookServer(t)
	a, aCookie := register(t, srv, "a@example.com", "secret")
	eventstest.WaitDelivered(t, srv.DB)
	r.Stop()

	b, bCookie := register(t, srv, "b@example.com", "secret")
	for i := range 3 {
		update(t, srv, aCookie, map[string]any{"metadata": map[string]any{"step": i}})
		update(t, srv, bCookie, map[string]any{"metadata": map[string]any{"step": i}})
	}
	ok(t, srv, anonymous, requestReset, map[string]any{"e": "a@example.com"}, nil)
	time.Sleep(100 * time.Millisecond) // a few failed attempts
	if pending := pendingCount(t, srv.DB); pending != 8 {
		t.Fatalf("%d deliveries pending while the receiver is down, want 8", pending)
	}
	r.Restart()
	eventstest.WaitDelivered(t, srv.DB)

	// Every event, in emit order per resource.
	var emitted []struct {
		ID         string `db:"id"`
		ResourceID string `db:"resource_id"`
		Name       string `db:"name"`
	}
	if err := storage.Select(context.Background(), srv.DB.Reader, &emitted, `SELECT id, resource_id, name FROM storegraph_event ORDER BY seq`); err != nil {
		t.Fatal(err)
	}
	if len(emitted) != 9 {
		t.Fatalf("%d events, want 9", len(emitted))
	}
	want := map[string][]string{}
	for _, e := range emitted {
		want[e.ResourceID] = append(want[e.ResourceID], e.ID)
	}
	got := map[string][]string{}
	for _, id := range r.Acked() {
		for _, e := range emitted {
			if e.ID == id {
				got[e.ResourceID] = append(got[e.ResourceID], id)
			}
		}
	}
	for _, res := range []string{a, b} {
		if len(got[res]) != len(want[res]) {
			t.Fatalf("%s: delivered %v, want %v", res, got[res], want[res])
		}
		for i := range want[res] {
			if got[res][i] != want[res][i] {
				t.Fatalf("%s: delivered %v, want %v in this order", res, got[res], want[res])
			}
		}
	}
	// No first delivery of an event before its predecessor was acked.
	acked := map[string]bool{}
	for _, g := range r.Received() {
		list := want[g.Envelope.ResourceID]
		for i, id := range list {
			if id == g.Envelope.ID && i > 0 && !acked[list[i-1]] {
				t.Fatalf("%s delivered before %s was acknowledged", id, list[i-1])
			}
		}
		if g.Acked {
			acked[g.Envelope.ID] = true
		}
	}
}

func pendingCount(t *testing.T, db *storage.DB) int {
	t.Helper()
	n, err := storage.PendingDeliveries(context.Background(), db.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

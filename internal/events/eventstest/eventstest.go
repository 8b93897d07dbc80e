// Package eventstest gives tests a webhook receiver that checks signatures
// and records deliveries, and waits for the outbox to drain.
package eventstest

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/storage"
)

// Receiver is a webhook endpoint that verifies each delivery's signature
// and records what it received, in arrival order.
type Receiver struct {
	t      testing.TB
	secret []byte
	addr   string
	srv    *httptest.Server

	mu  sync.Mutex
	got []Received
	// Fail, when set, refuses the deliveries it returns true for (the
	// receiver answers 500).
	Fail func(e events.Envelope, attempt int) bool
}

// Received is one delivery.
type Received struct {
	Envelope events.Envelope
	Attempt  int
	Acked    bool
}

// NewReceiver starts a receiver for deliveries signed with secret; it
// stops when the test ends.
func NewReceiver(t testing.TB, secret string) *Receiver {
	r := &Receiver{t: t, secret: []byte(secret)}
	r.listen("127.0.0.1:0")
	t.Cleanup(r.Stop)
	return r
}

// URL is the webhook URL.
func (r *Receiver) URL() string { return "http://" + r.addr + "/hooks/storegraph" }

// Stop takes the receiver down: deliveries fail to connect.
func (r *Receiver) Stop() {
	r.mu.Lock()
	srv := r.srv
	r.srv = nil
	r.mu.Unlock()
	if srv != nil {
		srv.CloseClientConnections()
		srv.Close()
	}
}

// Restart brings a stopped receiver back on the same address.
func (r *Receiver) Restart() { r.listen(r.addr) }

func (r *Receiver) listen(addr string) {
	var l net.Listener
	var err error
	for i := 0; i < 100; i++ { // the port may linger for a moment after Stop
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		r.t.Fatalf("listen %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(r.serve))
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	r.mu.Lock()
	r.addr, r.srv = l.Addr().String(), srv
	r.mu.Unlock()
}

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	if err := events.Verify(r.secret, req.Header, body, 5*time.Minute, time.Now()); err != nil {
		r.t.Errorf("delivery with a bad signature: %v", err)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var env events.Envelope
	if err := json.Unmarshal(body, &env); err != nil {
		r.t.Errorf("delivery body %s: %v", body, err)
	}
	if env.ID != req.Header.Get(events.HeaderEventID) || env.Event != req.Header.Get(events.HeaderEvent) {
		r.t.Errorf("headers %v do not match the body %s", req.Header, body)
	}
	attempt, _ := strconv.Atoi(req.Header.Get(events.HeaderAttempt))
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := Received{Envelope: env, Attempt: attempt}
	if r.Fail != nil && r.Fail(env, attempt) {
		r.got = append(r.got, rec)
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	rec.Acked = true
	r.got = append(r.got, rec)
	w.WriteHeader(http.StatusNoContent)
}

// Received returns the deliveries so far.
func (r *Receiver) Received() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Received(nil), r.got...)
}

// Acked returns the ids of the events acknowledged, each once, in order of
// first acknowledgement.
func (r *Receiver) Acked() []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range r.Received() {
		if g.Acked && !seen[g.Envelope.ID] {
			seen[g.Envelope.ID] = true
			out = append(out, g.Envelope.ID)
		}
	}
	return out
}

// Last returns the last acknowledged delivery of the event name, waiting
// for it up to 20 seconds.
func (r *Receiver) Last(name string) events.Envelope {
	r.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := r.Received()
		for i := len(got) - 1; i >= 0; i-- {
			if got[i].Acked && got[i].Envelope.Event == name {
				return got[i].Envelope
			}
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("no %s delivered", name)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// WaitDelivered waits (up to 30 seconds) until no delivery is pending.
func WaitDelivered(t testing.TB, db *storage.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := storage.PendingDeliveries(context.Background(), db.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still pending", n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

package bench_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/bench"
	"github.com/storegraph/storegraph/internal/storage"
)

const adminToken = "bench-test-token"

// mustServeEmptyStore starts storegraph over HTTP with an empty store (no
// bench catalog) and the admin endpoint on.
func mustServeEmptyStore(t *testing.T) (*apptest.Server, string) {
	t.Helper()
	s := apptest.New(t, apptest.WithSeed(`{}`), apptest.WithConfig(func(c *app.Config) { c.AdminToken = adminToken }))
	srv := httptest.NewServer(s.Handler)
	t.Cleanup(srv.Close)
	return s, srv.URL + "/graphql"
}

func count(t *testing.T, s *apptest.Server, query string) int {
	t.Helper()
	var n int
	if err := storage.Get(context.Background(), s.DB.Reader, &n, query); err != nil {
		t.Fatal(err)
	}
	return n
}

// Ensure each flow runs against a real server, loading its catalog through
// the admin endpoint on first use, with every step answered and, for
// checkout, an order per completed iteration.
func TestFlows(t *testing.T) {
	s, url := mustServeEmptyStore(t)
	tests := []struct {
		flow  string
		steps []string
	}{
		{"checkout", []string{"createCart", "addLineItem", "updateCart", "cartShippingOptions", "addShippingMethod",
			"createPaymentSessions", "selectPaymentSession", "completeCart"}},
		{"cart-read", []string{"cart"}},
		{"catalog", []string{"products"}},
	}
	for _, tt := range tests {
		t.Run(tt.flow, func(t *testing.T) {
			ordersBefore := count(t, s, `SELECT count(*) FROM "order"`)
			r, err := bench.Run(context.Background(), bench.Config{URL: url, Flow: tt.flow, Concurrency: 2,
				Duration: 500 * time.Millisecond, AdminToken: adminToken})
			if err != nil {
				t.Fatal(err)
			}
			if r.Failed != 0 || r.Iterations == 0 {
				t.Fatalf("%d done, %d failed (first error: %s)", r.Iterations, r.Failed, r.FirstError)
			}
			var names []string
			for _, step := range r.Steps {
				names = append(names, step.Name)
				if step.Count == 0 || step.Errors != 0 || step.P50 <= 0 || step.P50 > step.P99 || step.P99 > step.Max {
					t.Errorf("step %+v", step)
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.steps, ",") {
				t.Fatalf("steps %v, want %v", names, tt.steps)
			}
			if tt.flow == "checkout" {
				// An iteration cut short by the end of the run may have
				// completed its order without being counted.
				orders := count(t, s, `SELECT count(*) FROM "order"`) - ordersBefore
				if orders < r.Iterations || orders > r.Iterations+2 {
					t.Fatalf("%d checkouts done, %d orders placed", r.Iterations, orders)
				}
			}
		})
	}
	if n := count(t, s, `SELECT count(*) FROM product WHERE handle LIKE 'bench-%'`); n != 20 {
		t.Fatalf("bench catalog loaded with %d products, want 20 (once)", n)
	}
}

// Ensure a server without the bench catalog, and no admin token to load
// it, is refused before any load with a message that says what to do.
func TestWithoutCatalog(t *testing.T) {
	_, url := mustServeEmptyStore(t)
	_, err := bench.Run(context.Background(), bench.Config{URL: url, Flow: "catalog", Duration: time.Second})
	if err == nil || !strings.Contains(err.Error(), "--admin-token") {
		t.Fatalf("error %v, want one naming --admin-token", err)
	}
	_, err = bench.Run(context.Background(), bench.Config{URL: url, Flow: "catalog", Duration: time.Second, AdminToken: "wrong"})
	if err == nil || !strings.Contains(err.Error(), "UNAUTHORIZED") {
		t.Fatalf("error %v, want the admin endpoint's refusal", err)
	}
}

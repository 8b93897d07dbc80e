package graph_test

import (
	"log/slog"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// BenchmarkCartQuery reads a 5-item cart with every nested field and total
// through the whole HTTP handler, on SQLite (or PostgreSQL with
// STOREGRAPH_TEST_DB=postgres).
func BenchmarkCartQuery(b *testing.B) {
	s := benchServer(b)
	cartID := benchCart(b, s)
	req := apptest.Request{Query: fullCartQuery, Variables: map[string]any{"id": cartID}}
	b.ReportAllocs()
	for b.Loop() {
		if resp := s.Do(b, req); len(resp.Errors) > 0 {
			b.Fatal(resp.Errors)
		}
	}
}

// BenchmarkCartQueryParallel is BenchmarkCartQuery from many goroutines.
func BenchmarkCartQueryParallel(b *testing.B) {
	s := benchServer(b)
	cartID := benchCart(b, s)
	req := apptest.Request{Query: fullCartQuery, Variables: map[string]any{"id": cartID}}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if resp := s.Do(b, req); len(resp.Errors) > 0 {
				b.Error(resp.Errors)
				return
			}
		}
	})
}

func benchServer(b *testing.B) *apptest.Server {
	b.Helper()
	// Events are logged on slog's default logger; its lines would break up
	// the benchmark's output.
	logger := slog.Default()
	b.Cleanup(func() { slog.SetDefault(logger) })
	slog.SetDefault(slog.New(slog.DiscardHandler))
	fixture := mustReadFile(b, "testdata/cart.json")
	return apptest.New(b, apptest.WithSeed(fixture))
}

// benchCart makes a 5-item cart with shipping, a discount and sessions.
func benchCart(b *testing.B, s *apptest.Server) string {
	b.Helper()
	var created struct {
		CreateCart struct {
			Cart struct{ ID string } `json:"cart"`
		} `json:"createCart"`
	}
	s.Query(b, `mutation { createCart(input: {regionId: "reg_dk"}) { cart { id } } }`, nil, &created)
	id := created.CreateCart.Cart.ID
	for _, v := range []string{"var_shirt", "var_big", "var_taxed", "var_multi", "var_scarce"} {
		if v == "var_scarce" {
			v = "var_shirt"
		}
		s.Query(b, `mutation($id: ID!, $v: ID!) { addLineItem(cartId: $id, input: {variantId: $v, quantity: 1, metadata: {v: $v}}) { cart { id } } }`,
			map[string]any{"id": id, "v": v}, nil)
	}
	s.Query(b, `mutation($id: ID!) { updateCart(cartId: $id, input: {email: "bench@example.com", discounts: [{code: "TENPCT"}]}) { cart { id } } }`, map[string]any{"id": id}, nil)
	s.Query(b, `mutation($id: ID!) { addShippingMethod(cartId: $id, input: {optionId: "so_dk_std"}) { cart { id } } }`, map[string]any{"id": id}, nil)
	s.Query(b, `mutation($id: ID!) { createPaymentSessions(cartId: $id) { cart { id } } }`, map[string]any{"id": id}, nil)
	return id
}

package storage

import "testing"

// Ensure PostgreSQL connections use generic plans unless the URL chooses,
// and the rest of the URL is kept.
func TestPostgresDSN(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"postgres://u@h:5432/db", "postgres://u@h:5432/db?plan_cache_mode=force_generic_plan"},
		{"postgres://u@h/db?sslmode=disable&search_path=s,public",
			"postgres://u@h/db?plan_cache_mode=force_generic_plan&search_path=s%2Cpublic&sslmode=disable"},
		{"postgres://u@h/db?plan_cache_mode=auto", "postgres://u@h/db?plan_cache_mode=auto"},
	} {
		got, err := postgresDSN(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("postgresDSN(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := postgresDSN("postgres://u@h:port/db"); err == nil {
		t.Error("a malformed URL was accepted")
	}
}

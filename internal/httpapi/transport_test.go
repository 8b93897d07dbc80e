package httpapi_test

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
)

func persisted(q string, withQuery bool) map[string]any {
	sum := sha256.Sum256([]byte(q))
	body := map[string]any{"extensions": map[string]any{
		"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])},
	}}
	if withQuery {
		body["query"] = q
	}
	return body
}

// Ensure automatic persisted queries follow Apollo's protocol: a hash the
// server does not know answers PERSISTED_QUERY_NOT_FOUND, the query sent with
// its hash is stored, and the hash alone then runs it (POST and GET).
func TestPersistedQueries(t *testing.T) {
	s := apptest.New(t, apptest.WithConfig(func(c *app.Config) { c.APQCacheSize = 2 }))
	q := `{ regions { count } }`

	r := post(t, s.Handler, persisted(q, false))
	apptest.ExpectError(t, r.firstError(t), "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")

	if r := post(t, s.Handler, persisted(q, true)); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"count":2`) {
		t.Fatalf("query with hash: %s", r.Body)
	}
	if r := post(t, s.Handler, persisted(q, false)); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"count":2`) {
		t.Fatalf("hash alone: %s", r.Body)
	}
	ext, _ := json.Marshal(persisted(q, false)["extensions"])
	if r := get(t, s.Handler, map[string]string{"extensions": string(ext)}); r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("GET hash alone: %d %s", r.Status, r.Body)
	}

	t.Run("HashMismatch", func(t *testing.T) {
		body := persisted(q, false)
		body["query"] = `{ version }`
		apptest.ExpectError(t, post(t, s.Handler, body).firstError(t), "GRAPHQL_VALIDATION_FAILED", "provided APQ hash does not match query")
	})
	t.Run("Version", func(t *testing.T) {
		body := persisted(q, true)
		body["extensions"].(map[string]any)["persistedQuery"].(map[string]any)["version"] = 2
		apptest.ExpectError(t, post(t, s.Handler, body).firstError(t), "GRAPHQL_VALIDATION_FAILED", "unsupported APQ version")
	})
	t.Run("CacheIsBounded", func(t *testing.T) {
		for _, other := range []string{`{ version }`, `{ collections { count } }`} {
			if r := post(t, s.Handler, persisted(other, true)); len(r.Errors) > 0 {
				t.Fatal(r.Errors)
			}
		}
		// Two newer queries pushed the first out of a cache of two.
		apptest.ExpectError(t, post(t, s.Handler, persisted(q, false)).firstError(t), "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
	})
	t.Run("Off", func(t *testing.T) {
		off := apptest.New(t, apptest.WithConfig(func(c *app.Config) { c.APQCacheSize = 0 }))
		if r := post(t, off.Handler, persisted(q, false)); r.firstError(t).Code() == "PERSISTED_QUERY_NOT_FOUND" {
			t.Fatalf("APQ still on: %s", r.Body)
		}
	})
}

// Ensure browsers on the store's origins may call the API with credentials,
// and browsers elsewhere get no CORS grant.
func TestStoreCORS(t *testing.T) {
	s := apptest.New(t, apptest.WithConfig(func(c *app.Config) {
		c.StoreCORS = `https://shop.example.com, https://*.preview.example.com, /^https:\/\/store-[0-9]+\.example\.org$/`
	}))
	for _, tc := range []struct {
		origin  string
		allowed bool
	}{
		{"https://shop.example.com", true},
		{"https://SHOP.example.com", true},
		{"https://pr-12.preview.example.com", true},
		{"https://store-42.example.org", true},
		{"https://evil.example.com", false},
		{"https://store-x.example.org", false},
		{"http://shop.example.com", false},
	} {
		t.Run(tc.origin, func(t *testing.T) {
			pre := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
			pre.Header.Set("Origin", tc.origin)
			pre.Header.Set("Access-Control-Request-Method", "POST")
			pre.Header.Set("Access-Control-Request-Headers", "content-type, authorization, x-publishable-api-key")
			r := send(t, s.Handler, pre)
			if r.Status != 200 {
				t.Fatalf("preflight status %d", r.Status)
			}
			got := r.Header.Get("Access-Control-Allow-Origin")
			if !tc.allowed {
				if got != "" {
					t.Fatalf("origin granted: %q", got)
				}
				return
			}
			if got != tc.origin || r.Header.Get("Access-Control-Allow-Credentials") != "true" {
				t.Fatalf("preflight headers %v", r.Header)
			}
			if h := strings.ToLower(r.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(h, "x-publishable-api-key") {
				t.Fatalf("allowed headers %q", h)
			}
			actual := jsonRequest(`{"query":"{ version }"}`)
			actual.Header.Set("Origin", tc.origin)
			r = send(t, s.Handler, actual)
			if r.Header.Get("Access-Control-Allow-Origin") != tc.origin || r.Header.Get("Access-Control-Allow-Credentials") != "true" {
				t.Fatalf("actual request headers %v", r.Header)
			}
		})
	}
	t.Run("ErrorsCarryCORS", func(t *testing.T) {
		req := jsonRequest(`{"query":`)
		req.Header.Set("Origin", "https://shop.example.com")
		if r := send(t, s.Handler, req); r.Status != 400 || r.Header.Get("Access-Control-Allow-Origin") == "" {
			t.Fatalf("status %d headers %v", r.Status, r.Header)
		}
	})
}

// Ensure responses are gzipped for clients that ask, and only for them.
func TestGzip(t *testing.T) {
	s := apptest.New(t)
	body := `{"query":"{ products(limit: 5) { nodes { title description variants { title sku } } } }"}`

	plain := send(t, s.Handler, jsonRequest(body))
	if plain.Header.Get("Content-Encoding") != "" || !json.Valid(plain.Body) {
		t.Fatalf("plain response: %v %s", plain.Header, plain.Body)
	}

	req := jsonRequest(body)
	req.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	s.Handler.ServeHTTP(w, req)
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("not gzipped: %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped := readAll(t, zr)
	var a, b map[string]any
	if err := json.Unmarshal(unzipped, &a); err != nil {
		t.Fatalf("gzipped body: %v", err)
	}
	_ = json.Unmarshal(plain.Body, &b)
	if len(unzipped) < 500 || w.Body.Len() >= len(unzipped) {
		t.Errorf("gzip %d bytes of %d", w.Body.Len(), len(unzipped))
	}
	if ad, _ := json.Marshal(a["data"]); string(ad) != mustJSON(b["data"]) {
		t.Errorf("gzipped data differs")
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Package apptest runs storegraph end to end for tests: a fresh database
// (SQLite, or PostgreSQL with STOREGRAPH_TEST_DB=postgres), seeded, behind
// the real HTTP handler, and a small client that posts GraphQL to it.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// Server is a running storegraph for one test.
type Server struct {
	App     *app.App
	Handler http.Handler
	DB      *storage.DB
}

// Option changes how a test server is built.
type Option func(*options)

type options struct {
	seedJSON []byte
	demo     bool
	config   func(*app.Config)
	dbURL    string
}

// WithSeed loads a seed file (JSON text) instead of the demo store.
func WithSeed(seedJSON string) Option {
	return func(o *options) { o.seedJSON, o.demo = []byte(seedJSON), false }
}

// WithConfig adjusts the configuration before the app is built.
func WithConfig(f func(*app.Config)) Option {
	return func(o *options) { o.config = f }
}

// WithDatabase serves the database of another test server (its
// App.Config.DatabaseURL) instead of a fresh one, as a second storegraph
// process behind a load balancer would.
func WithDatabase(url string) Option {
	return func(o *options) { o.dbURL, o.demo = url, false }
}

// New starts storegraph on a fresh, migrated database with the demo store
// (or the WithSeed file) loaded.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	o := options{demo: true}
	for _, opt := range opts {
		opt(&o)
	}
	cfg := app.Config{DatabaseURL: o.dbURL, NoDemo: !o.demo, Debug: true}
	if cfg.DatabaseURL == "" {
		cfg.DatabaseURL = storagetest.URL(t)
	}
	if o.config != nil {
		o.config(&cfg)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("STOREGRAPH_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.Prepare(ctx); err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if o.seedJSON != nil {
		if err := seed.Load(ctx, a.DB, bytes.NewReader(o.seedJSON), a.SeedOptions()); err != nil {
			t.Fatalf("seed: %v", err)
		}
	}
	return &Server{App: a, Handler: a.Handler(), DB: a.DB}
}

// Response is a GraphQL response.
type Response struct {
	Status     int
	Data       json.RawMessage
	Errors     []Error
	Extensions map[string]any
	Header     http.Header
}

// Cookies are the cookies the response sets.
func (r *Response) Cookies() []*http.Cookie {
	return (&http.Response{Header: r.Header}).Cookies()
}

// Cookie is the cookie the response sets with the name, or nil.
func (r *Response) Cookie(name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Error is a GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Request is one GraphQL request.
type Request struct {
	Query     string
	Variables map[string]any
	Header    http.Header
	// Path is the endpoint; /graphql when empty (/admin/graphql for the
	// merchant operations).
	Path string
}

// Do posts a GraphQL request to the server.
func (s *Server) Do(t testing.TB, req Request) *Response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": req.Query, "variables": req.Variables})
	if err != nil {
		t.Fatal(err)
	}
	path := req.Path
	if path == "" {
		path = "/graphql"
	}
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for k, vs := range req.Header {
		for _, v := range vs {
			r.Header.Add(k, v)
		}
	}
	w := httptest.NewRecorder()
	s.Handler.ServeHTTP(w, r)
	resp := &Response{Status: w.Code, Header: w.Header()}
	var decoded struct {
		Data       json.RawMessage `json:"data"`
		Errors     []Error         `json:"errors"`
		Extensions map[string]any  `json:"extensions"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &decoded); err != nil {
		t.Fatalf("decode response (status %d): %v\n%s", w.Code, err, w.Body.String())
	}
	resp.Data, resp.Errors, resp.Extensions = decoded.Data, decoded.Errors, decoded.Extensions
	return resp
}

// Query posts a query and decodes its data into out; any GraphQL error
// fails the test.
func (s *Server) Query(t testing.TB, query string, vars map[string]any, out any) {
	t.Helper()
	resp := s.Do(t, Request{Query: query, Variables: vars})
	if len(resp.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", resp.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			t.Fatalf("decode data: %v\n%s", err, resp.Data)
		}
	}
}

// Fail posts a query that must fail and returns its first error.
func (s *Server) Fail(t testing.TB, query string, vars map[string]any) Error {
	t.Helper()
	resp := s.Do(t, Request{Query: query, Variables: vars})
	if len(resp.Errors) == 0 {
		t.Fatalf("expected an error, got data %s", resp.Data)
	}
	return resp.Errors[0]
}

// Statements is the number of SQL statements a response reports (the
// server runs in debug mode in tests).
func (r *Response) Statements() int {
	sql, _ := r.Extensions["sql"].(map[string]any)
	n, _ := sql["statements"].(float64)
	return int(n)
}

// ExpectError asserts an error's code and message.
func ExpectError(t testing.TB, e Error, code, message string) {
	t.Helper()
	if e.Code() != code || e.Message != message {
		t.Fatalf("error %q (%s), want %q (%s)", e.Message, e.Code(), message, code)
	}
}

// ExpectErrorContains asserts an error's code and part of its message.
func ExpectErrorContains(t testing.TB, e Error, code, part string) {
	t.Helper()
	if e.Code() != code || !strings.Contains(e.Message, part) {
		t.Fatalf("error %q (%s), want one containing %q (%s)", e.Message, e.Code(), part, code)
	}
}

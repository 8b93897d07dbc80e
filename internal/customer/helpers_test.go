package customer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// TestMain keeps the event log (slog's default logger) quiet unless
// STOREGRAPH_TEST_LOG is set.
func TestMain(m *testing.M) {
	if os.Getenv("STOREGRAPH_TEST_LOG") == "" {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	os.Exit(m.Run())
}

// medusaHash is the password hash of Medusa's test fixtures: scrypt-kdf of "test".
const medusaHash = "c2NyeXB0AAEAAAABAAAAAVMdaddoGjwU1TafDLLlBKnOTQga7P2dbrfgf3fB+rCD/cJOMuGzAvRdKutbYkVpuJWTU39P7OpuWNkUVoEETOVLMJafbI8qs8Qx/7jMQXkN"

const (
	jwtSecret    = "test-jwt-secret"
	cookieSecret = "test-cookie-secret"
)

// secrets configures the secrets every test server of a test shares.
func secrets(c *app.Config) {
	c.JWTSecret, c.CookieSecret = jwtSecret, cookieSecret
}

func newServer(t *testing.T, opts ...apptest.Option) *apptest.Server {
	t.Helper()
	return apptest.New(t, append([]apptest.Option{apptest.WithConfig(secrets)}, opts...)...)
}

// as is who makes a request: its headers (a cookie or a bearer token).
type as http.Header

var anonymous = as(nil)

func withCookie(value string) as {
	h := http.Header{}
	h.Set("Cookie", session.CookieName+"="+value)
	return as(h)
}

func withToken(token string) as {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+token)
	return as(h)
}

func do(t *testing.T, srv *apptest.Server, who as, query string, vars map[string]any) *apptest.Response {
	t.Helper()
	return srv.Do(t, apptest.Request{Query: query, Variables: vars, Header: http.Header(who)})
}

// ok runs a query that must succeed and decodes its data.
func ok(t *testing.T, srv *apptest.Server, who as, query string, vars map[string]any, out any) *apptest.Response {
	t.Helper()
	resp := do(t, srv, who, query, vars)
	if len(resp.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", resp.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			t.Fatalf("decode %s: %v", resp.Data, err)
		}
	}
	return resp
}

// fail runs a query that must fail and returns its first error.
func fail(t *testing.T, srv *apptest.Server, who as, query string, vars map[string]any) apptest.Error {
	t.Helper()
	resp := do(t, srv, who, query, vars)
	if len(resp.Errors) == 0 {
		t.Fatalf("expected an error, got %s", resp.Data)
	}
	return resp.Errors[0]
}

const registerMutation = `mutation($in: CreateCustomerInput!) { createCustomer(input: $in) { customer { id email } } }`

// register creates a customer through the API and returns its id and its
// session cookie.
func register(t *testing.T, srv *apptest.Server, email, password string) (string, as) {
	t.Helper()
	var out struct {
		CreateCustomer struct{ Customer struct{ ID string } }
	}
	resp := ok(t, srv, anonymous, registerMutation, map[string]any{"in": map[string]any{
		"firstName": "Test", "lastName": "Customer", "email": email, "password": password,
	}}, &out)
	c := resp.Cookie(session.CookieName)
	if c == nil {
		t.Fatalf("createCustomer set no session cookie")
	}
	return out.CreateCustomer.Customer.ID, withCookie(c.Value)
}

const loginMutation = `mutation($email: String!, $password: String!) {
	customerLogin(input: {email: $email, password: $password}) { customer { id email } } }`

const tokenMutation = `mutation($email: String!, $password: String!) {
	customerLoginToken(input: {email: $email, password: $password}) { accessToken } }`

// login logs in with a session cookie.
func login(t *testing.T, srv *apptest.Server, email, password string) as {
	t.Helper()
	resp := ok(t, srv, anonymous, loginMutation, map[string]any{"email": email, "password": password}, nil)
	c := resp.Cookie(session.CookieName)
	if c == nil {
		t.Fatalf("customerLogin set no session cookie")
	}
	return withCookie(c.Value)
}

// tokenLogin logs in with a bearer token.
func tokenLogin(t *testing.T, srv *apptest.Server, email, password string) as {
	t.Helper()
	var out struct{ CustomerLoginToken struct{ AccessToken string } }
	ok(t, srv, anonymous, tokenMutation, map[string]any{"email": email, "password": password}, &out)
	return withToken(out.CustomerLoginToken.AccessToken)
}

// me returns the logged-in customer's id, "" when there is none.
func me(t *testing.T, srv *apptest.Server, who as) string {
	t.Helper()
	var out struct{ Me *struct{ ID string } }
	ok(t, srv, who, `{ me { id } }`, nil, &out)
	if out.Me == nil {
		return ""
	}
	return out.Me.ID
}

// insertCustomer writes a customer row as Medusa would.
func insertCustomer(t *testing.T, db *storage.DB, c model.Customer) {
	t.Helper()
	now := time.Now().UTC()
	if c.CreatedAt.IsZero() {
		c.CreatedAt, c.UpdatedAt = now, now
	}
	if err := db.InTx(context.Background(), func(tx *storage.Tx) error {
		return storage.Insert(context.Background(), tx, "customer", &c)
	}); err != nil {
		t.Fatalf("insert customer: %v", err)
	}
}

var displayIDs = 1000

// insertOrder writes an order of a customer in the demo EU region.
func insertOrder(t *testing.T, db *storage.DB, o model.Order) model.Order {
	t.Helper()
	displayIDs++
	if o.ID == "" {
		o.ID = fmt.Sprintf("order_test_%d", displayIDs)
	}
	if o.DisplayID == 0 {
		o.DisplayID = int64(displayIDs)
	}
	if o.RegionID == "" {
		o.RegionID, o.CurrencyCode = "reg_demo_eu", "eur"
	}
	if o.Status == "" {
		o.Status, o.FulfillmentStatus, o.PaymentStatus = model.OrderStatusPending, model.FulfillmentStatusNotFulfilled, model.PaymentStatusAwaiting
	}
	if o.CreatedAt.IsZero() {
		o.CreatedAt = time.Now().UTC()
	}
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = o.CreatedAt
	}
	if err := db.InTx(context.Background(), func(tx *storage.Tx) error {
		return storage.Insert(context.Background(), tx, "order", &o)
	}); err != nil {
		t.Fatalf("insert order: %v", err)
	}
	return o
}

// lastEvent returns the payload of the newest event with the name.
func lastEvent(t *testing.T, db *storage.DB, name string) map[string]any {
	t.Helper()
	var payload model.RawJSON
	if err := storage.Get(context.Background(), db.Reader, &payload,
		`SELECT payload FROM storegraph_event WHERE name = ? ORDER BY seq DESC LIMIT 1`, name); err != nil {
		t.Fatalf("no %s event: %v", name, err)
	}
	var out map[string]any
	if err := json.Unmarshal(payload, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// countEvents counts the events with the name.
func countEvents(t *testing.T, db *storage.DB, name string) int {
	t.Helper()
	var n int
	if err := storage.Get(context.Background(), db.Reader, &n, `SELECT count(*) FROM storegraph_event WHERE name = ?`, name); err != nil {
		t.Fatal(err)
	}
	return n
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

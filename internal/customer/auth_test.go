package customer_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// Ensure a customer Medusa created (its scrypt-kdf hash of "test") logs in
// by cookie and by token, with any case of email.
func TestLoginWithMedusaPasswordHash(t *testing.T) {
	srv := newServer(t)
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_medusa", Email: "medusa@example.com", HasAccount: true, PasswordHash: ptr(medusaHash)})

	for name, who := range map[string]as{
		"Cookie":         login(t, srv, "medusa@example.com", "test"),
		"CookieUpper":    login(t, srv, "Medusa@Example.COM", "test"),
		"Token":          tokenLogin(t, srv, "medusa@example.com", "test"),
		"MedusaJWTToken": withToken(mustSign(t, auth.NewTokens(jwtSecret, nil), "cus_medusa")),
	} {
		t.Run(name, func(t *testing.T) {
			if got := me(t, srv, who); got != "cus_medusa" {
				t.Fatalf("me = %q, want cus_medusa", got)
			}
		})
	}
}

func mustSign(t *testing.T, tokens *auth.Tokens, customerID string) string {
	t.Helper()
	token, err := tokens.SignStoreToken(customerID)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// Ensure failed logins answer Medusa's 401 or its validation messages and
// set no cookie.
func TestLoginFailures(t *testing.T) {
	srv := newServer(t)
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_a", Email: "a@example.com", HasAccount: true, PasswordHash: ptr(medusaHash)})
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_guest", Email: "guest@example.com", PasswordHash: ptr(medusaHash)})
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_nohash", Email: "nohash@example.com", HasAccount: true})
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_gone", Email: "gone@example.com", HasAccount: true,
		PasswordHash: ptr(medusaHash), DeletedAt: ptr(time.Now().UTC())})

	for _, tt := range []struct {
		name, email, password, code, message string
	}{
		{"WrongPassword", "a@example.com", "wrong", "UNAUTHORIZED", "Unauthorized"},
		{"UnknownEmail", "nobody@example.com", "test", "UNAUTHORIZED", "Unauthorized"},
		{"GuestCustomer", "guest@example.com", "test", "UNAUTHORIZED", "Unauthorized"},
		{"NoPasswordHash", "nohash@example.com", "test", "UNAUTHORIZED", "Unauthorized"},
		{"DeletedCustomer", "gone@example.com", "test", "UNAUTHORIZED", "Unauthorized"},
		{"InvalidEmail", "not-an-email", "test", "INVALID_DATA", "email must be an email"},
		{"EmptyPassword", "a@example.com", "", "INVALID_DATA", "password should not be empty"},
		{"Both", "x", "", "INVALID_DATA", "email must be an email, password should not be empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]any{"email": tt.email, "password": tt.password}
			resp := do(t, srv, anonymous, loginMutation, vars)
			if len(resp.Errors) == 0 {
				t.Fatalf("login succeeded: %s", resp.Data)
			}
			apptest.ExpectError(t, resp.Errors[0], tt.code, tt.message)
			if resp.Cookie(session.CookieName) != nil {
				t.Error("a failed login set a session cookie")
			}
			apptest.ExpectError(t, fail(t, srv, anonymous, tokenMutation, vars), tt.code, tt.message)
		})
	}
}

// Ensure the session cookie is HttpOnly, SameSite=Lax, lives 10 hours, and
// is Secure when the request came over HTTPS.
func TestSessionCookie(t *testing.T) {
	srv := newServer(t)
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_a", Email: "a@example.com", HasAccount: true, PasswordHash: ptr(medusaHash)})
	for _, tt := range []struct {
		name   string
		header http.Header
		secure bool
	}{
		{"HTTP", nil, false},
		{"HTTPS", http.Header{"X-Forwarded-Proto": {"https"}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := do(t, srv, as(tt.header), loginMutation, map[string]any{"email": "a@example.com", "password": "test"})
			c := resp.Cookie(session.CookieName)
			if c == nil {
				t.Fatal("no session cookie")
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != tt.secure || c.Path != "/" {
				t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Secure=%v, Path=/", c, tt.secure)
			}
			if c.MaxAge < 35990 || c.MaxAge > 36000 {
				t.Errorf("Max-Age = %d, want 10 hours", c.MaxAge)
			}
			var stored time.Time
			if err := storage.Get(context.Background(), srv.DB.Reader, &stored,
				`SELECT expires_at FROM storegraph_session WHERE customer_id = ? ORDER BY expires_at DESC LIMIT 1`, "cus_a"); err != nil {
				t.Fatal(err)
			}
			if d := time.Until(stored); d < 10*time.Hour-time.Minute || d > 10*time.Hour {
				t.Errorf("session expires in %v, want 10h", d)
			}
		})
	}
}

// Ensure logout ends the session (in the database: the cookie no longer
// works anywhere) and clears the cookie; without a session it is a no-op.
func TestLogout(t *testing.T) {
	srv := newServer(t)
	id, cookie := register(t, srv, "a@example.com", "secret")
	other := login(t, srv, "a@example.com", "secret")
	token := tokenLogin(t, srv, "a@example.com", "secret")

	const logout = `mutation { customerLogout }`
	var out struct{ CustomerLogout bool }
	resp := ok(t, srv, cookie, logout, nil, &out)
	if !out.CustomerLogout {
		t.Fatal("customerLogout = false")
	}
	if c := resp.Cookie(session.CookieName); c == nil || c.MaxAge >= 0 {
		t.Errorf("logout cookie %+v, want one that clears the session cookie", c)
	}
	if got := me(t, srv, cookie); got != "" {
		t.Errorf("me after logout = %q, want null", got)
	}
	if got := me(t, srv, other); got != id {
		t.Errorf("another session of the customer ended: me = %q", got)
	}
	if got := me(t, srv, token); got != id {
		t.Errorf("a bearer token stopped working: me = %q", got)
	}
	ok(t, srv, anonymous, logout, nil, &out)
	if !out.CustomerLogout {
		t.Fatal("customerLogout without a session = false")
	}
}

// Ensure a login ends the session the browser had, and a failed login
// keeps it.
func TestLoginReplacesSession(t *testing.T) {
	srv := newServer(t)
	a, aCookie := register(t, srv, "a@example.com", "secret")
	b, _ := register(t, srv, "b@example.com", "secret")
	resp := do(t, srv, aCookie, loginMutation, map[string]any{"email": "b@example.com", "password": "wrong"})
	if len(resp.Errors) == 0 || me(t, srv, aCookie) != a {
		t.Fatal("a failed login ended the session")
	}
	resp = do(t, srv, aCookie, loginMutation, map[string]any{"email": "b@example.com", "password": "secret"})
	c := resp.Cookie(session.CookieName)
	if len(resp.Errors) > 0 || c == nil || me(t, srv, withCookie(c.Value)) != b {
		t.Fatalf("login as b: %+v", resp.Errors)
	}
	if me(t, srv, aCookie) != "" {
		t.Fatal("the previous session survived the new login")
	}
}

// Ensure customerEmailExists tells registered emails, in any case, and
// never fails.
func TestCustomerEmailExists(t *testing.T) {
	srv := newServer(t)
	register(t, srv, "a@example.com", "secret")
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_guest", Email: "guest@example.com"})
	for _, tt := range []struct {
		email string
		want  bool
	}{
		{"a@example.com", true},
		{"A@Example.com", true},
		{"guest@example.com", false},
		{"nobody@example.com", false},
		{"not an email", false},
		{"", false},
	} {
		var out struct{ CustomerEmailExists bool }
		ok(t, srv, anonymous, `query($e: String!) { customerEmailExists(email: $e) }`, map[string]any{"e": tt.email}, &out)
		if out.CustomerEmailExists != tt.want {
			t.Errorf("customerEmailExists(%q) = %v, want %v", tt.email, out.CustomerEmailExists, tt.want)
		}
	}
}

// Ensure me is null for anonymous callers, and the customer with their
// relations when logged in.
func TestMe(t *testing.T) {
	srv := newServer(t)
	if got := me(t, srv, anonymous); got != "" {
		t.Fatalf("anonymous me = %q", got)
	}
	id, cookie := register(t, srv, "Me@Example.com", "secret")
	var out struct {
		Me struct {
			ID, Email         string
			FirstName         string
			HasAccount        bool
			ShippingAddresses []any
			BillingAddress    any
			Groups            []any
			Orders            struct{ Count int }
			PaymentMethods    []any
		}
	}
	ok(t, srv, cookie, `{ me { id email firstName hasAccount shippingAddresses { id } billingAddress { id } groups { id }
		orders { count } paymentMethods { providerId } } }`, nil, &out)
	m := out.Me
	if m.ID != id || m.Email != "me@example.com" || m.FirstName != "Test" || !m.HasAccount ||
		len(m.ShippingAddresses) != 0 || m.BillingAddress != nil || len(m.Groups) != 0 || m.Orders.Count != 0 || len(m.PaymentMethods) != 0 {
		t.Fatalf("me = %+v", m)
	}
}

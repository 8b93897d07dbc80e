package customer_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// account is a registered customer with an address, a billing address and
// an order.
type account struct {
	id, address, billing, order string
	cookie, token               as
}

func newAccount(t *testing.T, srv *apptest.Server, email string) account {
	t.Helper()
	a := account{}
	a.id, a.cookie = register(t, srv, email, "secret")
	a.token = tokenLogin(t, srv, email, "secret")
	var added struct {
		AddShippingAddress struct {
			Customer struct{ ShippingAddresses []struct{ ID string } }
		}
	}
	ok(t, srv, a.cookie, addAddressMutation, map[string]any{"a": address("Berlin", "de")}, &added)
	a.address = added.AddShippingAddress.Customer.ShippingAddresses[0].ID
	out := update(t, srv, a.cookie, map[string]any{"billingAddress": address("Hamburg", "de")})
	a.billing = out.UpdateCustomer.Customer.BillingAddress.ID
	a.order = insertOrder(t, srv.DB, model.Order{CustomerID: a.id, Email: email}).ID
	return a
}

// snapshot is everything of a customer that no other caller may change.
func snapshot(t *testing.T, db *storage.DB, customerID string) string {
	t.Helper()
	ctx := context.Background()
	c, err := storage.LiveCustomer(ctx, db.Reader, customerID)
	if err != nil {
		t.Fatal(err)
	}
	var addresses []model.Address
	var orders []model.Order
	var sessions int
	if err := storage.Select(ctx, db.Reader, &addresses, `SELECT * FROM address WHERE customer_id = ? OR id = ? ORDER BY id`, customerID, deref(c.BillingAddressID)); err != nil {
		t.Fatal(err)
	}
	if err := storage.Select(ctx, db.Reader, &orders, `SELECT * FROM "order" WHERE customer_id = ? ORDER BY id`, customerID); err != nil {
		t.Fatal(err)
	}
	if err := storage.Get(ctx, db.Reader, &sessions, `SELECT count(*) FROM storegraph_session WHERE customer_id = ?`, customerID); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"customer": c, "addresses": addresses, "orders": orders, "sessions": sessions})
	return string(b)
}

// operations are every customer-scoped mutation, aimed at the account a.
func operations(a account) []struct {
	name, query string
	vars        map[string]any
} {
	return []struct {
		name, query string
		vars        map[string]any
	}{
		{"updateCustomer", updateMutation, map[string]any{"in": map[string]any{"firstName": "Mallory", "billingAddressId": a.address}}},
		{"updateCustomerPassword", updateMutation, map[string]any{"in": map[string]any{"password": "pwned"}}},
		{"addShippingAddress", addAddressMutation, map[string]any{"a": address("Evil", "de")}},
		{"updateShippingAddress", `mutation($id: ID!) { updateShippingAddress(addressId: $id, input: {city: "Evil"}) { customer { id } } }`, map[string]any{"id": a.address}},
		{"deleteShippingAddress", `mutation($id: ID!) { deleteShippingAddress(addressId: $id) { customer { id } } }`, map[string]any{"id": a.address}},
		{"requestOrderClaim", claimMutation, map[string]any{"ids": []string{a.order}}},
	}
}

// Ensure a cookie or token that is wrong, expired or foreign logs nobody in:
// me is null, every customer-scoped mutation answers UNAUTHORIZED
// "Unauthorized", and nothing changes.
func TestBadCredentials(t *testing.T) {
	srv := newServer(t)
	ctx := context.Background()
	a := newAccount(t, srv, "a@example.com")
	goneID, goneCookie := register(t, srv, "gone@example.com", "secret")
	goneToken := tokenLogin(t, srv, "gone@example.com", "secret")
	if _, err := storage.Exec(ctx, srv.DB.Writer(), `UPDATE customer SET deleted_at = ? WHERE id = ?`, time.Now().UTC(), goneID); err != nil {
		t.Fatal(err)
	}
	// A session of a, expired in the database.
	expiredCookie := login(t, srv, "a@example.com", "secret")
	if _, err := storage.Exec(ctx, srv.DB.Writer(), `UPDATE storegraph_session SET expires_at = ?
		WHERE customer_id = ? AND expires_at = (SELECT max(expires_at) FROM storegraph_session WHERE customer_id = ?)`,
		time.Now().UTC().Add(-time.Minute), a.id, a.id); err != nil {
		t.Fatal(err)
	}
	// A real session of a, with a cookie signed by another secret.
	var foreignCookie string
	if err := srv.DB.InTx(ctx, func(tx *storage.Tx) error {
		st, err := session.NewStore(srv.DB, "another-secret").Create(ctx, tx, a.id)
		foreignCookie = st.Value
		return err
	}); err != nil {
		t.Fatal(err)
	}
	cookieValue := http.Header(a.cookie).Get("Cookie")[len(session.CookieName)+1:]
	tampered := cookieValue[:len(cookieValue)-2] + "AA"
	if tampered == cookieValue {
		tampered = cookieValue[:len(cookieValue)-2] + "BB"
	}
	oldTokens := auth.NewTokens(jwtSecret, func() time.Time { return time.Now().Add(-31 * 24 * time.Hour) })
	adminToken, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"customer_id": a.id, "domain": "admin", "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString([]byte(jwtSecret))
	noneToken, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{
		"customer_id": a.id, "domain": "store", "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(jwt.UnsafeAllowNoneSignatureType)

	bad := map[string]as{
		"Anonymous":              anonymous,
		"TamperedCookie":         withCookie(tampered),
		"ForgedCookie":           withCookie("abc.def"),
		"CookieOfOtherSecret":    withCookie(foreignCookie),
		"ExpiredSession":         expiredCookie,
		"DeletedCustomerCookie":  goneCookie,
		"TokenOfOtherSecret":     withToken(mustSign(t, auth.NewTokens("other-secret", nil), a.id)),
		"ExpiredToken":           withToken(mustSign(t, oldTokens, a.id)),
		"AdminDomainToken":       withToken(adminToken),
		"UnsignedToken":          withToken(noneToken),
		"DeletedCustomerToken":   goneToken,
		"UnknownCustomerToken":   withToken(mustSign(t, auth.NewTokens(jwtSecret, nil), "cus_nobody")),
		"GarbageToken":           withToken("garbage"),
		"BasicAuth":              as(http.Header{"Authorization": {"Basic YTpiCg=="}}),
		"ResetTokenAsBearer":     withToken(resetToken(t, srv, a.id)),
		"ClaimTokenAsBearer":     withToken(claimToken(t, a.id)),
		"CookieValueAsBearer":    withToken(cookieValue),
		"TokenAsCookie":          withCookie(http.Header(a.token).Get("Authorization")[len("Bearer "):]),
		"DeletedCustomerBoth":    as(http.Header{"Cookie": http.Header(goneCookie)["Cookie"], "Authorization": http.Header(goneToken)["Authorization"]}),
		"ExpiredSessionBadToken": as(http.Header{"Cookie": http.Header(expiredCookie)["Cookie"], "Authorization": {"Bearer x.y.z"}}),
	}
	before := snapshot(t, srv.DB, a.id)
	for name, who := range bad {
		t.Run(name, func(t *testing.T) {
			if got := me(t, srv, who); got != "" {
				t.Fatalf("me = %q, want null", got)
			}
			for _, op := range operations(a) {
				apptest.ExpectError(t, fail(t, srv, who, op.query, op.vars), "UNAUTHORIZED", "Unauthorized")
			}
			if after := snapshot(t, srv.DB, a.id); after != before {
				t.Fatalf("the account changed:\n%s\n%s", before, after)
			}
		})
	}
	if countEvents(t, srv.DB, "order-update-token.created") != 0 {
		t.Error("a refused claim emitted a token")
	}
}

func resetToken(t *testing.T, srv *apptest.Server, customerID string) string {
	t.Helper()
	c, _ := storage.LiveCustomer(context.Background(), srv.DB.Reader, customerID)
	token, err := auth.NewTokens(jwtSecret, nil).SignResetToken(c.ID, *c.PasswordHash)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func claimToken(t *testing.T, customerID string) string {
	t.Helper()
	token, err := auth.NewTokens(jwtSecret, nil).SignClaimToken(customerID, []string{"order_x"})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// Ensure two customers see and change only their own profile, addresses and
// orders, whichever way they log in, and a's account is untouched by
// everything b does.
func TestAuthorizationMatrix(t *testing.T) {
	srv := newServer(t)
	a := newAccount(t, srv, "a@example.com")
	b := newAccount(t, srv, "b@example.com")
	before := snapshot(t, srv.DB, a.id)

	const meQuery = `{ me { id email shippingAddresses { id customerId } billingAddress { id }
		orders { count nodes { id customerId } } } }`
	type view struct {
		Me struct {
			ID, Email         string
			ShippingAddresses []struct{ ID, CustomerID string }
			BillingAddress    *struct{ ID string }
			Orders            struct {
				Count int
				Nodes []struct{ ID, CustomerID string }
			}
		}
	}
	for _, who := range []struct {
		name string
		acc  account
		as   as
	}{
		{"ACookie", a, a.cookie}, {"AToken", a, a.token}, {"BCookie", b, b.cookie}, {"BToken", b, b.token},
		// The cookie wins over the bearer token, as Medusa's session strategy runs first.
		{"BCookieWithAToken", b, as(http.Header{"Cookie": http.Header(b.cookie)["Cookie"], "Authorization": http.Header(a.token)["Authorization"]})},
		{"BadCookieWithBToken", b, as(http.Header{"Cookie": {session.CookieName + "=abc.def"}, "Authorization": http.Header(b.token)["Authorization"]})},
	} {
		t.Run(who.name, func(t *testing.T) {
			var v view
			ok(t, srv, who.as, meQuery, nil, &v)
			m := v.Me
			if m.ID != who.acc.id || len(m.ShippingAddresses) != 1 || m.ShippingAddresses[0].ID != who.acc.address ||
				m.BillingAddress == nil || m.BillingAddress.ID != who.acc.billing ||
				m.Orders.Count != 1 || m.Orders.Nodes[0].ID != who.acc.order {
				t.Fatalf("me = %+v, want account %+v", m, who.acc)
			}
			var other orderList
			ok(t, srv, who.as, ordersQuery, map[string]any{"id": map[bool]string{true: b.order, false: a.order}[who.acc.id == a.id]}, &other)
			if other.Me.Orders.Count != 0 {
				t.Fatalf("the other customer's order is listed: %v", other.ids())
			}
		})
	}

	// b aims every mutation at a's account.
	for _, who := range []struct {
		name string
		as   as
	}{{"BCookie", b.cookie}, {"BToken", b.token}} {
		t.Run(who.name+"AgainstA", func(t *testing.T) {
			for _, tt := range []struct {
				name, query   string
				vars          map[string]any
				code, message string
			}{
				{"UpdateAsAddress", `mutation($id: ID!) { updateShippingAddress(addressId: $id, input: {city: "Evil"}) { customer { id } } }`,
					map[string]any{"id": a.address}, "INVALID_DATA", "Could not find address for customer"},
				{"UpdateAsBillingAddress", `mutation($id: ID!) { updateShippingAddress(addressId: $id, input: {city: "Evil"}) { customer { id } } }`,
					map[string]any{"id": a.billing}, "INVALID_DATA", "Could not find address for customer"},
				{"BillToAsAddress", updateMutation, map[string]any{"in": map[string]any{"billingAddressId": a.address}},
					"NOT_FOUND", "Address with id " + a.address + " was not found"},
				{"BillToAsBillingAddress", updateMutation, map[string]any{"in": map[string]any{"billingAddressId": a.billing}},
					"NOT_FOUND", "Address with id " + a.billing + " was not found"},
			} {
				apptest.ExpectError(t, fail(t, srv, who.as, tt.query, tt.vars), tt.code, tt.message)
			}
			// Deleting a's address is the no-op Medusa makes of an address that is not the caller's.
			ok(t, srv, who.as, `mutation($id: ID!) { deleteShippingAddress(addressId: $id) { customer { id } } }`, map[string]any{"id": a.address}, nil)
			ok(t, srv, who.as, `mutation($id: ID!) { deleteShippingAddress(addressId: $id) { customer { id } } }`, map[string]any{"id": a.billing}, nil)
			// b's own changes touch only b.
			update(t, srv, who.as, map[string]any{"firstName": "Bea", "metadata": map[string]any{"k": "v"}, "billingAddress": map[string]any{"city": "Bremen"}})
			ok(t, srv, who.as, addAddressMutation, map[string]any{"a": address("Bonn", "de")}, nil)
			ok(t, srv, who.as, `mutation { customerLogout }`, nil, nil)
			if after := snapshot(t, srv.DB, a.id); after != before {
				t.Fatalf("a's account changed:\n%s\n%s", before, after)
			}
		})
	}
	if me(t, srv, a.cookie) != a.id || me(t, srv, a.token) != a.id {
		t.Fatal("a was logged out by b")
	}
}

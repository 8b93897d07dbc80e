package customer_test

import (
	"context"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
)

const ordersQuery = `query($offset: Int, $limit: Int, $id: ID, $q: String, $status: [OrderStatus!], $fs: [FulfillmentStatus!],
	$ps: [PaymentStatus!], $displayId: Int, $email: String, $regionId: ID, $currencyCode: String, $taxRate: Float,
	$createdAt: DateFilter, $canceledAt: DateFilter) {
	me { orders(offset: $offset, limit: $limit, id: $id, q: $q, status: $status, fulfillmentStatus: $fs, paymentStatus: $ps,
		displayId: $displayId, email: $email, regionId: $regionId, currencyCode: $currencyCode, taxRate: $taxRate,
		createdAt: $createdAt, canceledAt: $canceledAt) {
		count offset limit nodes { id displayId status fulfillmentStatus paymentStatus email customerId currencyCode taxRate } } } }`

type orderList struct {
	Me struct {
		Orders struct {
			Count, Offset, Limit int
			Nodes                []struct {
				ID, Status, FulfillmentStatus, PaymentStatus, Email, CustomerID, CurrencyCode string
				DisplayID                                                                     int
				TaxRate                                                                       *float64
			}
		}
	}
}

func (l orderList) ids() []string {
	var out []string
	for _, n := range l.Me.Orders.Nodes {
		out = append(out, n.ID)
	}
	return out
}

// Ensure Customer.orders lists only the customer's orders, newest first,
// with Medusa's filters, q search and pagination.
func TestCustomerOrders(t *testing.T) {
	srv := newServer(t)
	a, cookie := register(t, srv, "a@example.com", "secret")
	b, _ := register(t, srv, "b@example.com", "secret")
	ctx := context.Background()
	if err := srv.DB.InTx(ctx, func(tx *storage.Tx) error {
		for _, addr := range []model.Address{
			{ID: "addr_alice", FirstName: ptr("Alice"), CreatedAt: time.Now(), UpdatedAt: time.Now()},
			{ID: "addr_bob", FirstName: ptr("Bob"), CreatedAt: time.Now(), UpdatedAt: time.Now()},
		} {
			if err := storage.Insert(ctx, tx, "address", &addr); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	canceled := base.Add(50 * time.Hour)
	insertOrder(t, srv.DB, model.Order{ID: "order_1", DisplayID: 101, CustomerID: a, Email: "a@example.com", CreatedAt: base,
		ShippingAddressID: ptr("addr_alice")})
	insertOrder(t, srv.DB, model.Order{ID: "order_2", DisplayID: 102, CustomerID: a, Email: "a@example.com", CreatedAt: base.Add(24 * time.Hour),
		Status: model.OrderStatusCompleted, FulfillmentStatus: model.FulfillmentStatusShipped, PaymentStatus: model.PaymentStatusCaptured,
		ShippingAddressID: ptr("addr_bob"), TaxRate: ptr(model.Rate(19))})
	insertOrder(t, srv.DB, model.Order{ID: "order_3", DisplayID: 103, CustomerID: a, Email: "old@example.com", CreatedAt: base.Add(48 * time.Hour),
		Status: model.OrderStatusCanceled, FulfillmentStatus: model.FulfillmentStatusCanceled, PaymentStatus: model.PaymentStatusCanceled,
		CanceledAt: &canceled, RegionID: "reg_demo_na", CurrencyCode: "usd"})
	insertOrder(t, srv.DB, model.Order{ID: "order_b", DisplayID: 104, CustomerID: b, Email: "a@example.com", CreatedAt: base.Add(72 * time.Hour),
		ShippingAddressID: ptr("addr_alice")})

	for _, tt := range []struct {
		name  string
		vars  map[string]any
		want  []string
		count int
	}{
		{"All", nil, []string{"order_3", "order_2", "order_1"}, 3},
		{"Limit", map[string]any{"limit": 2}, []string{"order_3", "order_2"}, 3},
		{"Offset", map[string]any{"offset": 2, "limit": 2}, []string{"order_1"}, 3},
		{"LimitZero", map[string]any{"limit": 0}, nil, 3},
		{"ID", map[string]any{"id": "order_2"}, []string{"order_2"}, 1},
		{"OtherCustomersID", map[string]any{"id": "order_b"}, nil, 0},
		{"Status", map[string]any{"status": []string{"COMPLETED", "CANCELED"}}, []string{"order_3", "order_2"}, 2},
		{"FulfillmentStatus", map[string]any{"fs": []string{"NOT_FULFILLED"}}, []string{"order_1"}, 1},
		{"PaymentStatus", map[string]any{"ps": []string{"CAPTURED"}}, []string{"order_2"}, 1},
		{"DisplayID", map[string]any{"displayId": 101}, []string{"order_1"}, 1},
		{"Email", map[string]any{"email": "old@example.com"}, []string{"order_3"}, 1},
		{"Region", map[string]any{"regionId": "reg_demo_na"}, []string{"order_3"}, 1},
		{"Currency", map[string]any{"currencyCode": "eur"}, []string{"order_2", "order_1"}, 2},
		{"TaxRate", map[string]any{"taxRate": 19}, []string{"order_2"}, 1},
		{"CreatedAt", map[string]any{"createdAt": map[string]any{"gt": base, "lte": base.Add(48 * time.Hour)}}, []string{"order_3", "order_2"}, 2},
		{"CanceledAt", map[string]any{"canceledAt": map[string]any{"gte": canceled}}, []string{"order_3"}, 1},
		{"QFirstName", map[string]any{"q": "ALI"}, []string{"order_1"}, 1},
		{"QEmail", map[string]any{"q": "example.com"}, []string{"order_2", "order_1"}, 2}, // order_3 has no shipping address
		{"QDisplayID", map[string]any{"q": "102"}, []string{"order_2"}, 1},
		{"QIgnoresEmailFilter", map[string]any{"q": "bob", "email": "nobody@example.com"}, []string{"order_2"}, 1},
		{"QNoMatch", map[string]any{"q": "10"}, nil, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out orderList
			ok(t, srv, cookie, ordersQuery, tt.vars, &out)
			if got := out.ids(); out.Me.Orders.Count != tt.count || !equal(got, tt.want) {
				t.Fatalf("orders %v (count %d), want %v (count %d)", got, out.Me.Orders.Count, tt.want, tt.count)
			}
		})
	}
	t.Run("Shape", func(t *testing.T) {
		var out orderList
		ok(t, srv, cookie, ordersQuery, map[string]any{"id": "order_2"}, &out)
		o := out.Me.Orders.Nodes[0]
		if o.DisplayID != 102 || o.Status != "COMPLETED" || o.FulfillmentStatus != "SHIPPED" || o.PaymentStatus != "CAPTURED" ||
			o.CustomerID != a || o.CurrencyCode != "eur" || o.TaxRate == nil || *o.TaxRate != 19 || out.Me.Orders.Limit != 10 {
			t.Fatalf("order = %+v, list %+v", o, out.Me.Orders)
		}
	})
	t.Run("NegativeOffset", func(t *testing.T) {
		apptest.ExpectError(t, fail(t, srv, cookie, ordersQuery, map[string]any{"offset": -1}), "INVALID_DATA", "offset must not be less than 0")
	})
	t.Run("NegativeLimit", func(t *testing.T) {
		apptest.ExpectError(t, fail(t, srv, cookie, ordersQuery, map[string]any{"limit": -1}), "INVALID_DATA", "limit must not be less than 0")
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// savedProvider is a payment provider that saved a card for every customer.
type savedProvider struct{ payment.Test }

func (savedProvider) ID() string { return "saved" }

func (savedProvider) RetrieveSavedMethods(_ context.Context, c payment.Customer) ([]map[string]any, error) {
	return []map[string]any{{"card": "4242", "customer": c.ID}, {"card": "0005", "email": c.Email}}, nil
}

// Ensure Customer.paymentMethods asks every installed provider storegraph
// has for the customer's saved methods.
func TestPaymentMethods(t *testing.T) {
	srv := newServer(t)
	id, cookie := register(t, srv, "a@example.com", "secret")
	srv.App.Customers.Payments = payment.NewRegistry(payment.Manual{}, savedProvider{})
	for _, p := range []struct {
		id        string
		installed bool
	}{{"saved", true}, {"stripe", true}, {"manual", false}} {
		if _, err := storage.Exec(context.Background(), srv.DB.Writer(), `INSERT INTO payment_provider (id, is_installed) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET is_installed = excluded.is_installed`, p.id, p.installed); err != nil {
			t.Fatal(err)
		}
	}
	var out struct {
		Me struct {
			PaymentMethods []struct {
				ProviderID string
				Data       map[string]any
			}
		}
	}
	ok(t, srv, cookie, `{ me { paymentMethods { providerId data } } }`, nil, &out)
	m := out.Me.PaymentMethods
	if len(m) != 2 || m[0].ProviderID != "saved" || m[0].Data["customer"] != id || m[1].Data["email"] != "a@example.com" {
		t.Fatalf("paymentMethods = %+v", m)
	}
}

const claimMutation = `mutation($ids: [ID!]!) { requestOrderClaim(input: {orderIds: $ids}) }`
const verifyClaimMutation = `mutation($t: String!) { verifyOrderClaim(input: {token: $t}) }`

// Ensure order claims: a token per order email in order-update-token.created,
// and the token moves the orders to the claiming customer.
func TestOrderClaims(t *testing.T) {
	srv := newServer(t)
	a, cookie := register(t, srv, "a@example.com", "secret")
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_guest1", Email: "guest1@example.com"})
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_guest2", Email: "guest2@example.com"})
	insertOrder(t, srv.DB, model.Order{ID: "order_g1", CustomerID: "cus_guest1", Email: "guest1@example.com", NoNotification: ptr(true)})
	insertOrder(t, srv.DB, model.Order{ID: "order_g2", CustomerID: "cus_guest1", Email: "guest1@example.com"})
	insertOrder(t, srv.DB, model.Order{ID: "order_g3", CustomerID: "cus_guest2", Email: "guest2@example.com"})

	for _, tt := range []struct {
		name    string
		who     as
		ids     []string
		code    string
		message string
	}{
		{"NotLoggedIn", anonymous, []string{"order_g1"}, "UNAUTHORIZED", "Unauthorized"},
		{"GuestCustomer", withToken(mustSign(t, auth.NewTokens(jwtSecret, nil), "cus_guest2")), []string{"order_g1"}, "UNAUTHORIZED", "Customer does not have an account"},
		{"EmptyID", cookie, []string{"order_g1", ""}, "INVALID_DATA", "each value in order_ids should not be empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			apptest.ExpectError(t, fail(t, srv, tt.who, claimMutation, map[string]any{"ids": tt.ids}), tt.code, tt.message)
			if countEvents(t, srv.DB, "order-update-token.created") != 0 {
				t.Fatal("a refused claim emitted a token")
			}
		})
	}

	var out struct{ RequestOrderClaim bool }
	ok(t, srv, cookie, claimMutation, map[string]any{"ids": []string{"order_g1", "order_nope", "order_g3", "order_g2"}}, &out)
	if !out.RequestOrderClaim || countEvents(t, srv.DB, "order-update-token.created") != 2 {
		t.Fatalf("requestOrderClaim = %v, %d events", out.RequestOrderClaim, countEvents(t, srv.DB, "order-update-token.created"))
	}
	var tokens []string
	rows, err := srv.DB.Reader.Query(storage.Rebind(srv.DB.Reader, `SELECT payload FROM storegraph_event WHERE name = ? ORDER BY seq`), "order-update-token.created")
	if err != nil {
		t.Fatal(err)
	}
	var events []map[string]any
	for rows.Next() {
		var raw model.RawJSON
		if err := rows.Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var ev map[string]any
		_ = jsonUnmarshal(raw, &ev)
		events = append(events, ev)
		tokens = append(tokens, ev["token"].(string))
	}
	rows.Close()
	if events[0]["old_email"] != "guest1@example.com" || events[0]["new_customer_id"] != a || len(events[0]["orders"].([]any)) != 2 ||
		events[1]["old_email"] != "guest2@example.com" || len(events[1]["orders"].([]any)) != 1 {
		t.Fatalf("events = %v", events)
	}

	expired, _ := auth.NewTokens(jwtSecret, func() time.Time { return time.Now().Add(-16 * time.Minute) }).SignClaimToken(a, []string{"order_g3"})
	forged, _ := auth.NewTokens("other-secret", nil).SignClaimToken(a, []string{"order_g3"})
	for _, tt := range []struct{ name, token, code, message string }{
		{"NotAJWT", "abc", "INVALID_DATA", "token must be a jwt string"},
		{"Expired", expired, "UNAUTHORIZED", "Invalid or expired order claim token"},
		{"Forged", forged, "UNAUTHORIZED", "Invalid or expired order claim token"},
		{"StoreToken", mustSign(t, auth.NewTokens(jwtSecret, nil), a), "UNAUTHORIZED", "Invalid or expired order claim token"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			apptest.ExpectError(t, fail(t, srv, anonymous, verifyClaimMutation, map[string]any{"t": tt.token}), tt.code, tt.message)
		})
	}
	var before orderList
	ok(t, srv, cookie, ordersQuery, nil, &before)
	if before.Me.Orders.Count != 0 {
		t.Fatalf("orders moved before the claim was verified: %v", before.ids())
	}

	t.Run("ClaimingCustomerDeleted", func(t *testing.T) {
		token, _ := auth.NewTokens(jwtSecret, nil).SignClaimToken("cus_deleted", []string{"order_g3"})
		apptest.ExpectError(t, fail(t, srv, anonymous, verifyClaimMutation, map[string]any{"t": token}),
			"NOT_FOUND", "Customer with id: cus_deleted was not found")
	})

	var verified struct{ VerifyOrderClaim bool }
	ok(t, srv, anonymous, verifyClaimMutation, map[string]any{"t": tokens[0]}, &verified)
	var after orderList
	ok(t, srv, cookie, ordersQuery, nil, &after)
	if !verified.VerifyOrderClaim || after.Me.Orders.Count != 2 {
		t.Fatalf("after the claim: %v", after.ids())
	}
	for _, n := range after.Me.Orders.Nodes {
		if n.CustomerID != a || n.Email != "a@example.com" {
			t.Errorf("claimed order %+v", n)
		}
	}
	if countEvents(t, srv.DB, "order.updated") != 2 {
		t.Errorf("order.updated emitted %d times, want 2", countEvents(t, srv.DB, "order.updated"))
	}
	if ev := lastEvent(t, srv.DB, "order.updated"); ev["id"] != "order_g2" {
		t.Errorf("order.updated = %v", ev)
	}
}

// Ensure listing a customer's orders with their relations costs the same
// number of SQL statements whatever the number of orders.
func TestCustomerOrdersStatementCount(t *testing.T) {
	srv := newServer(t)
	id, cookie := register(t, srv, "a@example.com", "secret")
	const query = `{ me { id shippingAddresses { id } orders(limit: 50) { count nodes { id region { id } customer { id }
		shippingAddress { id } items { id } shippingMethods { id } discounts { id } giftCards { id } payments { id } total } } } }`
	counts := map[int]int{}
	total := 0
	for _, n := range []int{1, 5, 20} {
		for ; total < n; total++ {
			insertOrder(t, srv.DB, model.Order{CustomerID: id, Email: "a@example.com"})
		}
		resp := do(t, srv, cookie, query, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("errors %+v", resp.Errors)
		}
		counts[n] = resp.Statements()
	}
	t.Logf("statements per order list: %v", counts)
	if counts[1] != counts[5] || counts[5] != counts[20] {
		t.Fatalf("statements grow with the orders: %v", counts)
	}
}

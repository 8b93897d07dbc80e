package customer_test

import (
	"context"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Ensure createCustomer registers a customer as Medusa does: email
// lower-cased, password hashed in scrypt-kdf, logged in, customer.created
// emitted; a registered email refuses, a guest's email does not.
func TestCreateCustomer(t *testing.T) {
	srv := newServer(t)
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_guest", Email: "guest@example.com"})

	var out struct {
		CreateCustomer struct{ Customer struct{ ID, Email string } }
	}
	resp := ok(t, srv, anonymous, registerMutation, map[string]any{"in": map[string]any{
		"firstName": "Ada", "lastName": "Lovelace", "email": "Ada@Example.COM", "password": "s3cret", "phone": "+44 1",
	}}, &out)
	c := out.CreateCustomer.Customer
	if c.Email != "ada@example.com" {
		t.Errorf("email = %q, want it lower-cased", c.Email)
	}
	row, err := storage.LiveCustomer(context.Background(), srv.DB.Reader, c.ID)
	if err != nil || row == nil {
		t.Fatalf("customer row: %v", err)
	}
	if !row.HasAccount || row.PasswordHash == nil || !auth.VerifyPassword(*row.PasswordHash, "s3cret") ||
		deref(row.FirstName) != "Ada" || deref(row.LastName) != "Lovelace" || deref(row.Phone) != "+44 1" {
		t.Errorf("row = %+v", row)
	}
	if got := me(t, srv, withCookie(resp.Cookie("storegraph.sid").Value)); got != c.ID {
		t.Errorf("createCustomer did not log in: me = %q", got)
	}
	if ev := lastEvent(t, srv.DB, "customer.created"); ev["id"] != c.ID || ev["email"] != "ada@example.com" || ev["password_hash"] != nil {
		t.Errorf("customer.created = %v", ev)
	}

	t.Run("GuestEmail", func(t *testing.T) {
		id, cookie := register(t, srv, "guest@example.com", "pw")
		if id == "cus_guest" || me(t, srv, cookie) != id {
			t.Fatalf("registration over a guest: id %q", id)
		}
		guest, _ := storage.LiveCustomer(context.Background(), srv.DB.Reader, "cus_guest")
		if guest == nil || guest.HasAccount {
			t.Errorf("the guest row changed: %+v", guest)
		}
	})
	for _, tt := range []struct {
		name, email, password, code, message string
	}{
		{"Duplicate", "ada@example.com", "x", "DUPLICATE_ERROR", "A customer with the given email already has an account. Log in instead"},
		{"DuplicateOtherCase", "ADA@example.com", "x", "DUPLICATE_ERROR", "A customer with the given email already has an account. Log in instead"},
		{"InvalidEmail", "ada", "x", "INVALID_DATA", "email must be an email"},
		{"EmptyPassword", "new@example.com", "", "INVALID_DATA", "password should not be empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := countEvents(t, srv.DB, "customer.created")
			resp := do(t, srv, anonymous, registerMutation, map[string]any{"in": map[string]any{
				"firstName": "A", "lastName": "B", "email": tt.email, "password": tt.password,
			}})
			if len(resp.Errors) == 0 {
				t.Fatalf("createCustomer succeeded: %s", resp.Data)
			}
			apptest.ExpectError(t, resp.Errors[0], tt.code, tt.message)
			if resp.Cookie("storegraph.sid") != nil || countEvents(t, srv.DB, "customer.created") != before {
				t.Error("a refused registration logged in or emitted an event")
			}
		})
	}
}

const updateMutation = `mutation($in: UpdateCustomerInput!) { updateCustomer(input: $in) { customer {
	id email firstName lastName phone metadata billingAddressId
	billingAddress { id firstName city countryCode customerId country { iso2 } }
	shippingAddresses { id } } } }`

type updated struct {
	UpdateCustomer struct {
		Customer struct {
			ID, Email        string
			FirstName        *string
			LastName         *string
			Phone            *string
			Metadata         map[string]any
			BillingAddressID *string
			BillingAddress   *struct {
				ID, FirstName, City, CountryCode string
				CustomerID                       *string
				Country                          struct{ ISO2 string }
			}
		}
	}
}

func update(t *testing.T, srv *apptest.Server, who as, in map[string]any) updated {
	t.Helper()
	var out updated
	ok(t, srv, who, updateMutation, map[string]any{"in": in}, &out)
	return out
}

// Ensure updateCustomer changes names, phone, email and metadata as Medusa
// does (metadata merged, "" deletes a key; null clears a name or phone) and
// emits customer.updated.
func TestUpdateCustomer(t *testing.T) {
	srv := newServer(t)
	id, cookie := register(t, srv, "a@example.com", "secret")
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_b", Email: "b@example.com", HasAccount: true})

	out := update(t, srv, cookie, map[string]any{"firstName": "Grace", "phone": "123", "metadata": map[string]any{"a": 1, "b": "x"}})
	c := out.UpdateCustomer.Customer
	if deref(c.FirstName) != "Grace" || deref(c.LastName) != "Customer" || deref(c.Phone) != "123" || c.Metadata["a"] != float64(1) || c.Metadata["b"] != "x" {
		t.Fatalf("after update: %+v", c)
	}
	out = update(t, srv, cookie, map[string]any{"metadata": map[string]any{"b": "", "c": true}, "phone": nil, "email": "New@Example.com"})
	c = out.UpdateCustomer.Customer
	if c.Phone != nil || deref(c.FirstName) != "Grace" || c.Email != "new@example.com" ||
		c.Metadata["a"] != float64(1) || c.Metadata["c"] != true || c.Metadata["b"] != nil || len(c.Metadata) != 2 {
		t.Fatalf("after second update: %+v", c)
	}
	if ev := lastEvent(t, srv.DB, "customer.updated"); ev["id"] != id || ev["email"] != "new@example.com" {
		t.Errorf("customer.updated = %v", ev)
	}
	if countEvents(t, srv.DB, "customer.updated") != 2 {
		t.Errorf("customer.updated emitted %d times, want 2", countEvents(t, srv.DB, "customer.updated"))
	}
	// The new email logs in; the old one does not.
	login(t, srv, "new@example.com", "secret")
	apptest.ExpectError(t, fail(t, srv, anonymous, loginMutation, map[string]any{"email": "a@example.com", "password": "secret"}), "UNAUTHORIZED", "Unauthorized")

	for _, tt := range []struct {
		name    string
		in      map[string]any
		code    string
		message string
	}{
		{"TakenEmail", map[string]any{"email": "B@example.com"}, "DUPLICATE_ERROR", "Customer with email, has_account b@example.com, t already exists."},
		{"InvalidEmail", map[string]any{"email": "nope"}, "INVALID_DATA", "email must be an email"},
		{"EmptyPassword", map[string]any{"password": ""}, "INVALID_DATA", "password should not be empty"},
		{"UnknownBillingAddress", map[string]any{"billingAddressId": "addr_nope"}, "NOT_FOUND", "Address with id addr_nope was not found"},
		{"UnknownCountry", map[string]any{"billingAddress": map[string]any{"countryCode": "ZZ"}}, "NOT_FOUND", "Country with iso_2 zz does not exist."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			apptest.ExpectError(t, fail(t, srv, cookie, updateMutation, map[string]any{"in": tt.in}), tt.code, tt.message)
			if me(t, srv, cookie) != id {
				t.Fatal("the failed update logged out")
			}
			row, _ := storage.LiveCustomer(context.Background(), srv.DB.Reader, id)
			if row.Email != "new@example.com" || row.BillingAddressID != nil {
				t.Errorf("a failed update changed the customer: %+v", row)
			}
		})
	}
}

// Ensure the billing address is set by object (created, then updated in
// place), by the id of one of the customer's addresses, and removed by null.
func TestUpdateCustomerBillingAddress(t *testing.T) {
	srv := newServer(t)
	_, cookie := register(t, srv, "a@example.com", "secret")

	out := update(t, srv, cookie, map[string]any{"billingAddress": map[string]any{
		"firstName": "Ada", "address1": "1 Main St", "city": "Berlin", "countryCode": "DE", "postalCode": "10115",
	}})
	b := out.UpdateCustomer.Customer.BillingAddress
	if b == nil || b.City != "Berlin" || b.CountryCode != "de" || b.Country.ISO2 != "de" || b.CustomerID != nil {
		t.Fatalf("billing address = %+v", b)
	}
	first := b.ID
	out = update(t, srv, cookie, map[string]any{"billingAddress": map[string]any{"city": "Hamburg"}})
	b = out.UpdateCustomer.Customer.BillingAddress
	if b == nil || b.ID != first || b.City != "Hamburg" || b.FirstName != "Ada" {
		t.Fatalf("billing address after update = %+v, want %s updated in place", b, first)
	}

	var added struct {
		AddShippingAddress struct {
			Customer struct{ ShippingAddresses []struct{ ID string } }
		}
	}
	ok(t, srv, cookie, addAddressMutation, map[string]any{"a": address("Paris", "fr")}, &added)
	shipping := added.AddShippingAddress.Customer.ShippingAddresses[0].ID
	out = update(t, srv, cookie, map[string]any{"billingAddressId": shipping})
	if b = out.UpdateCustomer.Customer.BillingAddress; b == nil || b.ID != shipping || b.City != "Paris" {
		t.Fatalf("billing address by id = %+v, want %s", b, shipping)
	}
	// The former billing address is no longer the customer's.
	apptest.ExpectError(t, fail(t, srv, cookie, updateMutation, map[string]any{"in": map[string]any{"billingAddressId": first}}),
		"NOT_FOUND", "Address with id "+first+" was not found")
	out = update(t, srv, cookie, map[string]any{"billingAddress": nil})
	if c := out.UpdateCustomer.Customer; c.BillingAddress != nil || c.BillingAddressID != nil {
		t.Fatalf("billing address after null = %+v", c)
	}
}

func address(city, country string) map[string]any {
	return map[string]any{"firstName": "Ada", "lastName": "Lovelace", "address1": "1 Main St", "city": city,
		"countryCode": country, "postalCode": "12345"}
}

const addAddressMutation = `mutation($a: AddressCreateInput!) { addShippingAddress(input: {address: $a}) {
	customer { shippingAddresses { id city countryCode address2 phone customerId } } } }`

type addressList struct {
	Customer struct {
		ShippingAddresses []struct {
			ID, City, CountryCode string
			Address2, Phone       *string
			CustomerID            string
		}
	}
}

// Ensure shipping addresses are added (not when an identical one exists),
// updated and deleted with Medusa's rules and messages.
func TestShippingAddresses(t *testing.T) {
	srv := newServer(t)
	id, cookie := register(t, srv, "a@example.com", "secret")

	var out struct{ AddShippingAddress addressList }
	ok(t, srv, cookie, addAddressMutation, map[string]any{"a": address("Berlin", "DE")}, &out)
	list := out.AddShippingAddress.Customer.ShippingAddresses
	if len(list) != 1 || list[0].CountryCode != "de" || list[0].CustomerID != id {
		t.Fatalf("addresses = %+v", list)
	}
	berlin := list[0].ID
	for _, tt := range []struct {
		name string
		a    map[string]any
		want int
	}{
		{"Identical", address("Berlin", "DE"), 1},
		{"IdenticalCountryCase", address("Berlin", "de"), 1},
		{"OtherCity", address("Munich", "de"), 2},
		{"OtherPhone", func() map[string]any { a := address("Berlin", "de"); a["phone"] = "1"; return a }(), 3},
		{"SamePhoneAgain", func() map[string]any { a := address("Berlin", "de"); a["phone"] = "1"; return a }(), 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok(t, srv, cookie, addAddressMutation, map[string]any{"a": tt.a}, &out)
			if n := len(out.AddShippingAddress.Customer.ShippingAddresses); n != tt.want {
				t.Fatalf("%d addresses, want %d", n, tt.want)
			}
		})
	}
	t.Run("UnknownCountry", func(t *testing.T) {
		apptest.ExpectError(t, fail(t, srv, cookie, addAddressMutation, map[string]any{"a": address("X", "zz")}),
			"NOT_FOUND", "Country with iso_2 zz does not exist.")
	})
	t.Run("MissingField", func(t *testing.T) {
		a := address("Berlin", "de")
		delete(a, "postalCode")
		e := fail(t, srv, cookie, addAddressMutation, map[string]any{"a": a})
		if e.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Fatalf("error %+v, want a validation error", e)
		}
	})

	const updateAddress = `mutation($id: ID!, $in: AddressInput!) { updateShippingAddress(addressId: $id, input: $in) {
		customer { shippingAddresses { id city countryCode address2 phone customerId } } } }`
	var upd struct{ UpdateShippingAddress addressList }
	ok(t, srv, cookie, updateAddress, map[string]any{"id": berlin, "in": map[string]any{"city": "Potsdam", "countryCode": "DE", "address2": "Hof"}}, &upd)
	found := false
	for _, a := range upd.UpdateShippingAddress.Customer.ShippingAddresses {
		if a.ID == berlin {
			found = a.City == "Potsdam" && a.CountryCode == "de" && deref(a.Address2) == "Hof"
		}
	}
	if !found {
		t.Fatalf("address not updated: %+v", upd)
	}
	apptest.ExpectError(t, fail(t, srv, cookie, updateAddress, map[string]any{"id": "addr_nope", "in": map[string]any{"city": "X"}}),
		"INVALID_DATA", "Could not find address for customer")
	apptest.ExpectError(t, fail(t, srv, cookie, updateAddress, map[string]any{"id": berlin, "in": map[string]any{"countryCode": "zz"}}),
		"NOT_FOUND", "Country with iso_2 zz does not exist.")

	const deleteAddress = `mutation($id: ID!) { deleteShippingAddress(addressId: $id) { customer { shippingAddresses { id } } } }`
	var del struct {
		DeleteShippingAddress struct {
			Customer struct{ ShippingAddresses []struct{ ID string } }
		}
	}
	ok(t, srv, cookie, deleteAddress, map[string]any{"id": berlin}, &del)
	for _, a := range del.DeleteShippingAddress.Customer.ShippingAddresses {
		if a.ID == berlin {
			t.Fatal("deleted address still listed")
		}
	}
	if n := len(del.DeleteShippingAddress.Customer.ShippingAddresses); n != 2 {
		t.Fatalf("%d addresses after delete, want 2", n)
	}
	var deletedAt *string
	if err := storage.Get(context.Background(), srv.DB.Reader, &deletedAt, `SELECT CAST(deleted_at AS TEXT) FROM address WHERE id = ?`, berlin); err != nil || deletedAt == nil {
		t.Errorf("address not soft-deleted: %v %v", deletedAt, err)
	}
	// Deleting again (or an unknown id) is a no-op, as in Medusa.
	ok(t, srv, cookie, deleteAddress, map[string]any{"id": berlin}, &del)
	ok(t, srv, cookie, deleteAddress, map[string]any{"id": "addr_nope"}, &del)
	// An added address can be updated again after a delete: ids stay stable.
	apptest.ExpectError(t, fail(t, srv, cookie, updateAddress, map[string]any{"id": berlin, "in": map[string]any{"city": "X"}}),
		"INVALID_DATA", "Could not find address for customer")
}

// Ensure a password change keeps the session it was made with, ends the
// customer's other sessions, and the new password logs in.
func TestUpdatePassword(t *testing.T) {
	srv := newServer(t)
	id, cookie := register(t, srv, "a@example.com", "old")
	other := login(t, srv, "a@example.com", "old")
	update(t, srv, cookie, map[string]any{"password": "new"})
	if me(t, srv, cookie) != id {
		t.Error("the session that changed the password ended")
	}
	if me(t, srv, other) != "" {
		t.Error("another session survived the password change")
	}
	apptest.ExpectError(t, fail(t, srv, anonymous, loginMutation, map[string]any{"email": "a@example.com", "password": "old"}), "UNAUTHORIZED", "Unauthorized")
	login(t, srv, "a@example.com", "new")
}

const requestReset = `mutation($e: String!) { requestPasswordReset(input: {email: $e}) }`
const resetMutation = `mutation($e: String!, $t: String!, $p: String!) { resetPassword(input: {email: $e, token: $t, password: $p}) { customer { id email } } }`

// Ensure the password reset flow: a token in customer.password_reset only for
// registered customers, always true, the token works once, for its
// customer, within 15 minutes, and every failure is Medusa's 401.
func TestPasswordReset(t *testing.T) {
	srv := newServer(t)
	id, cookie := register(t, srv, "a@example.com", "old")
	insertCustomer(t, srv.DB, model.Customer{ID: "cus_guest", Email: "guest@example.com"})
	_, _ = register(t, srv, "b@example.com", "b")

	for _, email := range []string{"nobody@example.com", "guest@example.com"} {
		var out struct{ RequestPasswordReset bool }
		ok(t, srv, anonymous, requestReset, map[string]any{"e": email}, &out)
		if !out.RequestPasswordReset || countEvents(t, srv.DB, "customer.password_reset") != 0 {
			t.Fatalf("reset for %s: %v, %d events", email, out.RequestPasswordReset, countEvents(t, srv.DB, "customer.password_reset"))
		}
	}
	apptest.ExpectError(t, fail(t, srv, anonymous, requestReset, map[string]any{"e": "bad"}), "INVALID_DATA", "email must be an email")

	ok(t, srv, anonymous, requestReset, map[string]any{"e": "A@example.com"}, nil)
	ev := lastEvent(t, srv.DB, "customer.password_reset")
	token, _ := ev["token"].(string)
	if ev["id"] != id || ev["email"] != "a@example.com" || ev["first_name"] != "Test" || token == "" {
		t.Fatalf("customer.password_reset = %v", ev)
	}
	row, _ := storage.LiveCustomer(context.Background(), srv.DB.Reader, id)
	expired, err := auth.NewTokens("", func() time.Time { return time.Now().Add(-16 * time.Minute) }).SignResetToken(id, *row.PasswordHash)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, email, token, password, code, message string }{
		{"WrongToken", "a@example.com", "x.y.z", "new", "UNAUTHORIZED", "Invalid or expired password reset token"},
		{"OtherCustomersEmail", "b@example.com", token, "new", "UNAUTHORIZED", "Invalid or expired password reset token"},
		{"UnknownEmail", "nobody@example.com", token, "new", "UNAUTHORIZED", "Invalid or expired password reset token"},
		{"Expired", "a@example.com", expired, "new", "UNAUTHORIZED", "Invalid or expired password reset token"},
		{"EmptyPassword", "a@example.com", token, "", "INVALID_DATA", "password should not be empty"},
		{"InvalidEmail", "a", token, "new", "INVALID_DATA", "email must be an email"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			apptest.ExpectError(t, fail(t, srv, anonymous, resetMutation, map[string]any{"e": tt.email, "t": tt.token, "p": tt.password}), tt.code, tt.message)
		})
	}
	login(t, srv, "a@example.com", "old") // nothing changed so far

	var out struct {
		ResetPassword struct{ Customer struct{ ID string } }
	}
	ok(t, srv, anonymous, resetMutation, map[string]any{"e": "a@example.com", "t": token, "p": "new"}, &out)
	if out.ResetPassword.Customer.ID != id {
		t.Fatalf("resetPassword = %+v", out)
	}
	login(t, srv, "a@example.com", "new")
	if me(t, srv, cookie) != "" {
		t.Error("a session survived the password reset")
	}
	apptest.ExpectError(t, fail(t, srv, anonymous, resetMutation, map[string]any{"e": "a@example.com", "t": token, "p": "again"}),
		"UNAUTHORIZED", "Invalid or expired password reset token")
	if ev := lastEvent(t, srv.DB, "customer.updated"); ev["id"] != id {
		t.Errorf("customer.updated = %v", ev)
	}
}

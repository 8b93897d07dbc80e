package graph_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// Ensure a logged-in customer becomes the customer of a cart they read, as
// Medusa's GET /store/carts/{id} does, and the cart is priced for them.
func TestLoggedInCustomerIsAttached(t *testing.T) {
	s := cartServer(t)
	c := addItem(t, s, newCart(t, s, euRegion).ID, "var_big", 1)
	if c.CustomerID != nil || c.Items[0].UnitPrice != 1000 {
		t.Fatalf("guest cart %+v", c)
	}
	login := s.Do(t, apptest.Request{Query: `mutation { customerLogin(input: {email: "vip@example.com", password: "secret123"}) { customer { id } } }`})
	cookie := login.Cookie(session.CookieName)
	if len(login.Errors) > 0 || cookie == nil {
		t.Fatalf("login: %+v", login.Errors)
	}
	resp := s.Do(t, apptest.Request{Query: `query($id: ID!) { cart(id: $id) { customerId email items { unitPrice } total } }`,
		Variables: map[string]any{"id": c.ID}, Header: http.Header{"Cookie": {cookie.Name + "=" + cookie.Value}}})
	var out struct {
		Cart struct {
			CustomerID string
			Email      string
			Items      []struct{ UnitPrice int64 }
		}
	}
	if len(resp.Errors) > 0 || jsonUnmarshal(resp.Data, &out) != nil {
		t.Fatalf("cart read: %+v", resp.Errors)
	}
	if out.Cart.CustomerID != "cus_vip" || out.Cart.Email != "vip@example.com" || out.Cart.Items[0].UnitPrice != 900 {
		t.Fatalf("cart after a logged-in read %+v", out.Cart)
	}
}

// Ensure a publishable API key puts new carts in its sales channel, and
// only that channel's products go in them.
func TestPublishableKeyCarts(t *testing.T) {
	s := cartServer(t)
	now := time.Now().UTC()
	err := s.DB.InTx(t.Context(), func(tx *storage.Tx) error {
		if err := storage.Insert(t.Context(), tx, "publishable_api_key", &model.PublishableApiKey{ID: "pk_other", Title: "Other", CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		_, err := storage.Exec(t.Context(), tx, `INSERT INTO publishable_api_key_sales_channel (id, sales_channel_id, publishable_key_id) VALUES ('pksc_1', 'sc_other', 'pk_other')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	key := http.Header{"X-Publishable-Api-Key": {"pk_other"}}
	resp := s.Do(t, apptest.Request{Query: `mutation { createCart(input: {regionId: "reg_eu"}) { cart { id salesChannelId } } }`, Header: key})
	var created struct {
		CreateCart struct {
			Cart struct{ ID, SalesChannelID string }
		}
	}
	if len(resp.Errors) > 0 || jsonUnmarshal(resp.Data, &created) != nil || created.CreateCart.Cart.SalesChannelID != "sc_other" {
		t.Fatalf("cart with the key: %s %+v", resp.Data, resp.Errors)
	}
	cartID := created.CreateCart.Cart.ID
	addItem(t, s, cartID, "var_elsewhere", 1)
	e := cartFail(t, s, "addLineItem", "(cartId: $cartId, input: $item)", map[string]any{"cartId": cartID, "item": map[string]any{"variantId": "var_shirt", "quantity": 1}})
	apptest.ExpectError(t, e, "INVALID_DATA", `The product "Shirt" must belongs to the sales channel on which the cart has been created.`)

	// A channel outside the key's scope is refused.
	resp = s.Do(t, apptest.Request{Query: `mutation { createCart(input: {regionId: "reg_eu", salesChannelId: "sc_disabled"}) { cart { id } } }`, Header: key})
	if len(resp.Errors) == 0 {
		t.Fatalf("a channel outside the key's scope was accepted")
	}
	apptest.ExpectError(t, resp.Errors[0], "INVALID_DATA", "Provided sales channel id param: sc_disabled is not associated with the Publishable API Key passed in the header of the request.")
}

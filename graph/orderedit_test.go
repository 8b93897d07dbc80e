package graph_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

const adminToken = "test-admin-token"

// editServer starts storegraph with the cart fixture and the admin
// endpoint on; extra seed keys are added to the fixture.
func editServer(t *testing.T, extra map[string]any) *apptest.Server {
	t.Helper()
	raw, err := os.ReadFile("testdata/cart.json")
	if err != nil {
		t.Fatal(err)
	}
	var fixture map[string]any
	if err := json.Unmarshal(raw, &fixture); err != nil {
		t.Fatal(err)
	}
	for k, v := range extra {
		fixture[k] = v
	}
	seed, err := json.Marshal(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return apptest.New(t, apptest.WithSeed(string(seed)), apptest.WithConfig(func(c *app.Config) { c.AdminToken = adminToken }))
}

func adminRequest(query string, vars map[string]any) apptest.Request {
	return apptest.Request{Query: query, Variables: vars, Path: "/admin/graphql",
		Header: http.Header{"Authorization": {"Bearer " + adminToken}}}
}

// adminQuery runs a request on the admin endpoint; any error fails the test.
func adminQuery(t *testing.T, s *apptest.Server, query string, vars map[string]any, out any) {
	t.Helper()
	resp := s.Do(t, adminRequest(query, vars))
	if len(resp.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", resp.Errors)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		t.Fatalf("decode data: %v\n%s", err, resp.Data)
	}
}

// adminFail runs a request on the admin endpoint that must fail.
func adminFail(t *testing.T, s *apptest.Server, query string, vars map[string]any) apptest.Error {
	t.Helper()
	resp := s.Do(t, adminRequest(query, vars))
	if len(resp.Errors) == 0 {
		t.Fatalf("expected an error, got data %s", resp.Data)
	}
	return resp.Errors[0]
}

const editFields = `id orderId status requestedAt confirmedAt declinedAt declinedReason paymentCollectionId
	items { id variantId quantity unitPrice originalItemId orderEditId orderId subtotal total taxLines { rate } }
	changes { type lineItemId originalLineItemId lineItem { id quantity total } originalLineItem { id quantity total } }
	subtotal discountTotal shippingTotal taxTotal giftCardTotal giftCardTaxTotal total differenceDue
	paymentCollection { id type status amount authorizedAmount currencyCode description }`

type editData struct {
	ID                  string  `json:"id"`
	OrderID             string  `json:"orderId"`
	Status              string  `json:"status"`
	RequestedAt         *string `json:"requestedAt"`
	ConfirmedAt         *string `json:"confirmedAt"`
	DeclinedAt          *string `json:"declinedAt"`
	DeclinedReason      *string `json:"declinedReason"`
	PaymentCollectionID *string `json:"paymentCollectionId"`
	Items               []struct {
		ID             string  `json:"id"`
		VariantID      string  `json:"variantId"`
		Quantity       int     `json:"quantity"`
		UnitPrice      int64   `json:"unitPrice"`
		OriginalItemID *string `json:"originalItemId"`
		OrderEditID    *string `json:"orderEditId"`
		OrderID        *string `json:"orderId"`
		Subtotal       int64   `json:"subtotal"`
		Total          int64   `json:"total"`
		TaxLines       []struct {
			Rate float64 `json:"rate"`
		} `json:"taxLines"`
	} `json:"items"`
	Changes []struct {
		Type               string  `json:"type"`
		LineItemID         *string `json:"lineItemId"`
		OriginalLineItemID *string `json:"originalLineItemId"`
		LineItem           *struct {
			ID       string `json:"id"`
			Quantity int    `json:"quantity"`
			Total    int64  `json:"total"`
		} `json:"lineItem"`
		OriginalLineItem *struct {
			ID       string `json:"id"`
			Quantity int    `json:"quantity"`
			Total    int64  `json:"total"`
		} `json:"originalLineItem"`
	} `json:"changes"`
	Subtotal          int64           `json:"subtotal"`
	DiscountTotal     int64           `json:"discountTotal"`
	ShippingTotal     int64           `json:"shippingTotal"`
	TaxTotal          int64           `json:"taxTotal"`
	GiftCardTotal     int64           `json:"giftCardTotal"`
	GiftCardTaxTotal  int64           `json:"giftCardTaxTotal"`
	Total             int64           `json:"total"`
	DifferenceDue     int64           `json:"differenceDue"`
	PaymentCollection *collectionData `json:"paymentCollection"`
}

// item is the edit's line of a variant.
func (e editData) item(t *testing.T, variantID string) (id string, quantity int) {
	t.Helper()
	for _, it := range e.Items {
		if it.VariantID == variantID {
			return it.ID, it.Quantity
		}
	}
	t.Fatalf("edit has no line of %s: %+v", variantID, e.Items)
	return "", 0
}

const collectionFields = `id type status amount authorizedAmount currencyCode description
	region { id } currency { code }
	paymentSessions { id providerId status amount isInitiated isSelected cartId paymentAuthorizedAt }
	payments { id amount providerId currencyCode orderId cartId }`

type collectionData struct {
	ID               string  `json:"id"`
	Type             string  `json:"type"`
	Status           string  `json:"status"`
	Amount           int64   `json:"amount"`
	AuthorizedAmount *int64  `json:"authorizedAmount"`
	CurrencyCode     string  `json:"currencyCode"`
	Description      *string `json:"description"`
	Region           *struct {
		ID string `json:"id"`
	} `json:"region"`
	Currency *struct {
		Code string `json:"code"`
	} `json:"currency"`
	PaymentSessions []sessionData `json:"paymentSessions"`
	Payments        []struct {
		ID           string  `json:"id"`
		Amount       int64   `json:"amount"`
		ProviderID   string  `json:"providerId"`
		CurrencyCode string  `json:"currencyCode"`
		OrderID      *string `json:"orderId"`
		CartID       *string `json:"cartId"`
	} `json:"payments"`
}

type sessionData struct {
	ID                  string  `json:"id"`
	ProviderID          string  `json:"providerId"`
	Status              string  `json:"status"`
	Amount              int64   `json:"amount"`
	IsInitiated         bool    `json:"isInitiated"`
	IsSelected          *bool   `json:"isSelected"`
	CartID              *string `json:"cartId"`
	PaymentAuthorizedAt *string `json:"paymentAuthorizedAt"`
}

// placeOrder checks out a cart of the EU region (no tax) with standard
// shipping (1000) and returns the order.
func placeOrder(t *testing.T, s *apptest.Server, items map[string]int) orderData {
	t.Helper()
	cartID := readyCart(t, s, "reg_eu", items, "so_eu_std")
	pay(t, s, cartID, "manual", nil)
	res := complete(t, s, cartID, "")
	if res.Order == nil {
		t.Fatalf("completion %+v", res)
	}
	return *res.Order
}

// adminEdit runs an admin order edit mutation and returns the edit.
func adminEdit(t *testing.T, s *apptest.Server, call string, vars map[string]any) editData {
	t.Helper()
	var out map[string]struct {
		OrderEdit editData `json:"orderEdit"`
	}
	adminQuery(t, s, `mutation(`+editVarDecls(vars)+`) { op: `+call+` { orderEdit { `+editFields+` } } }`, vars, &out)
	return out["op"].OrderEdit
}

// storeEdit runs a store order edit mutation and returns the edit.
func storeEdit(t *testing.T, s *apptest.Server, call string, vars map[string]any) editData {
	t.Helper()
	var out map[string]struct {
		OrderEdit editData `json:"orderEdit"`
	}
	s.Query(t, `mutation(`+editVarDecls(vars)+`) { op: `+call+` { orderEdit { `+editFields+` } } }`, vars, &out)
	return out["op"].OrderEdit
}

// editCall is a mutation with the variables it takes, for error tables.
func editCallQuery(call string, vars map[string]any) string {
	return `mutation(` + editVarDecls(vars) + `) { op: ` + call + ` { __typename } }`
}

var editVarTypes = map[string]string{
	"orderId": "ID!", "editId": "ID!", "itemId": "ID!", "id": "ID!", "sessionId": "ID!",
	"create": "CreateOrderEditInput!", "add": "AddOrderEditLineItemInput!", "change": "UpdateOrderEditLineItemInput!",
	"decline": "DeclineOrderEditInput", "request": "RequestOrderEditConfirmationInput",
	"provider": "CreatePaymentCollectionSessionInput!", "sessions": "ManagePaymentCollectionSessionsInput!",
	"authorize": "AuthorizePaymentCollectionSessionsInput!", "collection": "CreatePaymentCollectionInput!",
}

func editVarDecls(vars map[string]any) string {
	var decls []string
	for name := range vars {
		decls = append(decls, "$"+name+": "+editVarTypes[name])
	}
	if len(decls) == 0 {
		return "$unused: Int"
	}
	return strings.Join(decls, ", ")
}

func createEdit(t *testing.T, s *apptest.Server, orderID string) editData {
	t.Helper()
	return adminEdit(t, s, `createOrderEdit(input: $create)`, map[string]any{
		"create": map[string]any{"orderId": orderID, "internalNote": "customer asked"}})
}

func addEditItem(t *testing.T, s *apptest.Server, editID, variantID string, quantity int) editData {
	t.Helper()
	return adminEdit(t, s, `addOrderEditLineItem(orderEditId: $editId, input: $add)`, map[string]any{
		"editId": editID, "add": map[string]any{"variantId": variantID, "quantity": quantity}})
}

func updateEditItem(t *testing.T, s *apptest.Server, editID, itemID string, quantity int) editData {
	t.Helper()
	return adminEdit(t, s, `updateOrderEditLineItem(orderEditId: $editId, itemId: $itemId, input: $change)`, map[string]any{
		"editId": editID, "itemId": itemID, "change": map[string]any{"quantity": quantity}})
}

func removeEditItem(t *testing.T, s *apptest.Server, editID, itemID string) editData {
	t.Helper()
	return adminEdit(t, s, `removeOrderEditLineItem(orderEditId: $editId, itemId: $itemId)`, map[string]any{
		"editId": editID, "itemId": itemID})
}

func requestEdit(t *testing.T, s *apptest.Server, editID string) editData {
	t.Helper()
	return adminEdit(t, s, `requestOrderEditConfirmation(orderEditId: $editId, input: $request)`, map[string]any{
		"editId": editID, "request": map[string]any{"paymentCollectionDescription": "Order edit"}})
}

func completeEdit(t *testing.T, s *apptest.Server, editID string) editData {
	t.Helper()
	return storeEdit(t, s, `completeOrderEdit(orderEditId: $editId)`, map[string]any{"editId": editID})
}

func declineEdit(t *testing.T, s *apptest.Server, editID, reason string) editData {
	t.Helper()
	return storeEdit(t, s, `declineOrderEdit(orderEditId: $editId, input: $decline)`, map[string]any{
		"editId": editID, "decline": map[string]any{"declinedReason": reason}})
}

// collectionOp runs a store payment collection mutation returning
// { paymentCollection }.
func collectionOp(t *testing.T, s *apptest.Server, call string, vars map[string]any) collectionData {
	t.Helper()
	var out map[string]struct {
		PaymentCollection collectionData `json:"paymentCollection"`
	}
	s.Query(t, `mutation(`+editVarDecls(vars)+`) { op: `+call+` { paymentCollection { `+collectionFields+` } } }`, vars, &out)
	return out["op"].PaymentCollection
}

// sessionCall runs a store payment collection mutation returning
// { paymentSession }.
func sessionCall(t *testing.T, s *apptest.Server, call string, vars map[string]any) sessionData {
	t.Helper()
	var out map[string]struct {
		PaymentSession sessionData `json:"paymentSession"`
	}
	s.Query(t, `mutation(`+editVarDecls(vars)+`) { op: `+call+` { paymentSession { id providerId status amount isInitiated isSelected cartId paymentAuthorizedAt } } }`, vars, &out)
	return out["op"].PaymentSession
}

func getCollection(t *testing.T, s *apptest.Server, id string) collectionData {
	t.Helper()
	var out struct {
		PaymentCollection collectionData `json:"paymentCollection"`
	}
	s.Query(t, `query($id: ID!) { paymentCollection(id: $id) { `+collectionFields+` } }`, map[string]any{"id": id}, &out)
	return out.PaymentCollection
}

func setSessions(t *testing.T, s *apptest.Server, collectionID string, sessions ...map[string]any) collectionData {
	t.Helper()
	list := make([]any, len(sessions))
	for i, ses := range sessions {
		list[i] = ses
	}
	return collectionOp(t, s, `managePaymentCollectionSessions(paymentCollectionId: $id, input: $sessions)`, map[string]any{
		"id": collectionID, "sessions": map[string]any{"sessions": list}})
}

func authorizeSessions(t *testing.T, s *apptest.Server, collectionID string, sessionIDs ...string) collectionData {
	t.Helper()
	if sessionIDs == nil {
		sessionIDs = []string{}
	}
	return collectionOp(t, s, `authorizePaymentCollectionSessions(paymentCollectionId: $id, input: $authorize)`, map[string]any{
		"id": collectionID, "authorize": map[string]any{"sessionIds": sessionIDs}})
}

// setOutcome gives a collection's session the test provider's outcome
// (there is no store route to update a collection session's data).
func setOutcome(t *testing.T, s *apptest.Server, sessionID, outcome string) {
	t.Helper()
	execSQL(t, s, `UPDATE payment_session SET data = ? WHERE id = ?`, model.JSON{"outcome": outcome}, sessionID)
}

func getOrder(t *testing.T, s *apptest.Server, id string) orderData {
	t.Helper()
	var out struct {
		Order orderData `json:"order"`
	}
	s.Query(t, `query($id: ID!) { order(id: $id) { `+orderFields+` } }`, map[string]any{"id": id}, &out)
	return out.Order
}

type orderItems []struct {
	VariantID string `json:"variantId"`
	Quantity  int    `json:"quantity"`
	Total     int64  `json:"total"`
}

// itemsOf reads an order's lines as variant:quantity.
func itemsOf(t *testing.T, s *apptest.Server, orderID string) map[string]int {
	t.Helper()
	var out struct {
		Order struct {
			Items orderItems `json:"items"`
		} `json:"order"`
	}
	s.Query(t, `query($id: ID!) { order(id: $id) { items { variantId quantity total } } }`, map[string]any{"id": orderID}, &out)
	got := map[string]int{}
	for _, it := range out.Order.Items {
		got[it.VariantID] += it.Quantity
	}
	return got
}

func sameItems(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// Ensure the whole order edit flow: an order placed at checkout, an edit
// made and requested on the admin endpoint, the difference paid with one
// session through the store, the edit completed, and the order's items,
// totals and payments changed.
func TestOrderEditFlow(t *testing.T) {
	s := editServer(t, nil)
	// 1000 + 2×100 items and 1000 shipping, no tax in the EU region.
	o := placeOrder(t, s, map[string]int{"var_big": 1, "var_shirt": 2})
	if o.Total != 2200 {
		t.Fatalf("order total %d", o.Total)
	}

	e := createEdit(t, s, o.ID)
	if e.Status != "CREATED" || e.OrderID != o.ID || len(e.Items) != 2 || len(e.Changes) != 0 || e.PaymentCollection != nil {
		t.Fatalf("created edit %+v", e)
	}
	for _, it := range e.Items {
		if it.OriginalItemID == nil || it.OrderEditID == nil || *it.OrderEditID != e.ID || it.OrderID != nil {
			t.Fatalf("edit item %+v", it)
		}
	}
	if e.Subtotal != 1200 || e.ShippingTotal != 1000 || e.Total != 2200 || e.DifferenceDue != 0 {
		t.Fatalf("created edit totals %+v", e)
	}

	// Five tiered units cost 800 each in the order's region.
	e = addEditItem(t, s, e.ID, "var_tiered", 5)
	tiered, _ := e.item(t, "var_tiered")
	shirt, _ := e.item(t, "var_shirt")
	big, _ := e.item(t, "var_big")
	e = updateEditItem(t, s, e.ID, shirt, 4)
	e = updateEditItem(t, s, e.ID, shirt, 3)
	e = removeEditItem(t, s, e.ID, big)
	if _, q := e.item(t, "var_shirt"); q != 3 || len(e.Items) != 2 {
		t.Fatalf("edit items %+v", e.Items)
	}
	wantChanges := []struct {
		typ      string
		line     string
		original bool
	}{{"ITEM_ADD", tiered, false}, {"ITEM_UPDATE", shirt, true}, {"ITEM_REMOVE", "", true}}
	if len(e.Changes) != len(wantChanges) {
		t.Fatalf("changes %+v", e.Changes)
	}
	for i, want := range wantChanges {
		c := e.Changes[i]
		if c.Type != want.typ || (want.line != "" && (c.LineItem == nil || c.LineItem.ID != want.line)) ||
			(want.line == "" && c.LineItemID != nil) || (c.OriginalLineItemID != nil) != want.original {
			t.Fatalf("change %d %+v, want %+v", i, c, want)
		}
	}
	if c := e.Changes[1]; c.OriginalLineItem == nil || c.OriginalLineItem.Quantity != 2 || c.OriginalLineItem.Total != 200 ||
		c.LineItem.Quantity != 3 || c.LineItem.Total != 300 {
		t.Fatalf("update change %+v", c)
	}
	// 3×100 + 5×800 items: 3100 more than the order.
	if e.Subtotal != 4300 || e.Total != 5300 || e.DifferenceDue != 3100 || e.Status != "CREATED" {
		t.Fatalf("edit totals %+v", e)
	}

	e = requestEdit(t, s, e.ID)
	pc := e.PaymentCollection
	if e.Status != "REQUESTED" || e.RequestedAt == nil || pc == nil || pc.Type != "ORDER_EDIT" || pc.Status != "NOT_PAID" ||
		pc.Amount != 3100 || pc.AuthorizedAmount != nil || pc.CurrencyCode != "eur" || deref(pc.Description) != "Order edit" {
		t.Fatalf("requested edit %+v, collection %+v", e, pc)
	}
	t.Run("RequestAgainChangesNothing", func(t *testing.T) {
		again := requestEdit(t, s, e.ID)
		if *again.RequestedAt != *e.RequestedAt || again.PaymentCollection.ID != pc.ID {
			t.Fatalf("requested again %+v", again)
		}
		if n := count(t, s, `SELECT count(*) FROM payment_collection`); n != 1 {
			t.Fatalf("%d payment collections", n)
		}
	})
	t.Run("StoreReadsTheEdit", func(t *testing.T) {
		resp := s.Do(t, apptest.Request{Query: `query($id: ID!) { orderEdit(id: $id) { ` + editFields +
			` order { id total items { total } edits { id total items { total } } } } }`, Variables: map[string]any{"id": e.ID}})
		var out struct {
			OrderEdit editData `json:"orderEdit"`
		}
		if err := json.Unmarshal(resp.Data, &out); err != nil || len(resp.Errors) > 0 {
			t.Fatalf("store edit: %v %+v", err, resp.Errors)
		}
		if out.OrderEdit.Status != "REQUESTED" || out.OrderEdit.DifferenceDue != 3100 || len(out.OrderEdit.Items) != 2 {
			t.Fatalf("store edit %+v", out.OrderEdit)
		}
		// Each relation is one statement, whatever the number of items.
		if n := resp.Statements(); n > 20 {
			t.Fatalf("%d statements", n)
		}
	})
	t.Run("ErrCompleteBeforePayment", func(t *testing.T) {
		err := s.Fail(t, editCallQuery(`completeOrderEdit(orderEditId: $editId)`, map[string]any{"editId": e.ID}), map[string]any{"editId": e.ID})
		apptest.ExpectError(t, err, "NOT_ALLOWED", "Unable to complete an order edit if the payment is not authorized")
	})

	c := collectionOp(t, s, `createPaymentCollectionSession(paymentCollectionId: $id, input: $provider)`, map[string]any{
		"id": pc.ID, "provider": map[string]any{"providerId": "test"}})
	if len(c.PaymentSessions) != 1 || c.Status != "NOT_PAID" {
		t.Fatalf("collection %+v", c)
	}
	ses := c.PaymentSessions[0]
	if ses.ProviderID != "test" || ses.Amount != 3100 || ses.Status != "PENDING" || !ses.IsInitiated || ses.IsSelected != nil || ses.CartID != nil {
		t.Fatalf("session %+v", ses)
	}
	// The provider's session is reused.
	c = collectionOp(t, s, `createPaymentCollectionSession(paymentCollectionId: $id, input: $provider)`, map[string]any{
		"id": pc.ID, "provider": map[string]any{"providerId": "test"}})
	if len(c.PaymentSessions) != 1 || c.PaymentSessions[0].ID != ses.ID {
		t.Fatalf("sessions after a second call %+v", c.PaymentSessions)
	}

	got := sessionCall(t, s, `authorizePaymentCollectionSession(paymentCollectionId: $id, sessionId: $sessionId)`, map[string]any{
		"id": pc.ID, "sessionId": ses.ID})
	if got.ID != ses.ID || got.Status != "AUTHORIZED" || got.PaymentAuthorizedAt == nil {
		t.Fatalf("authorized session %+v", got)
	}
	c = getCollection(t, s, pc.ID)
	if c.Status != "AUTHORIZED" || deref(c.AuthorizedAmount) != 3100 || len(c.Payments) != 1 || c.Payments[0].Amount != 3100 ||
		c.Payments[0].ProviderID != "test" || c.Payments[0].OrderID != nil || c.Region.ID != "reg_eu" || c.Currency.Code != "eur" {
		t.Fatalf("authorized collection %+v", c)
	}

	e = completeEdit(t, s, e.ID)
	if e.Status != "CONFIRMED" || e.ConfirmedAt == nil || e.DifferenceDue != 0 || e.Total != 5300 {
		t.Fatalf("completed edit %+v", e)
	}
	// The order's former line is its cart's again; the edit's is the order's.
	if c := e.Changes[1]; c.OriginalLineItem.Total != 200 || c.LineItem.Total != 300 {
		t.Fatalf("update change after completion %+v", c)
	}
	for _, it := range e.Items {
		if it.OrderID == nil || *it.OrderID != o.ID {
			t.Fatalf("edit item after completion %+v", it)
		}
	}
	after := getOrder(t, s, o.ID)
	if !sameItems(itemsOf(t, s, o.ID), map[string]int{"var_shirt": 3, "var_tiered": 5}) {
		t.Fatalf("order items %v", itemsOf(t, s, o.ID))
	}
	if after.Subtotal != 4300 || after.ShippingTotal != 1000 || after.Total != 5300 || after.PaidTotal != 5300 || len(after.Payments) != 2 {
		t.Fatalf("order after the edit %+v", after)
	}
	if c := getCollection(t, s, pc.ID); c.Payments[0].OrderID == nil || *c.Payments[0].OrderID != o.ID {
		t.Fatalf("collection payment %+v", c.Payments)
	}

	t.Run("CompleteAgainChangesNothing", func(t *testing.T) {
		again := completeEdit(t, s, e.ID)
		if again.Status != "CONFIRMED" || *again.ConfirmedAt != *e.ConfirmedAt {
			t.Fatalf("completed again %+v", again)
		}
		if o := getOrder(t, s, o.ID); o.Total != 5300 || len(o.Payments) != 2 {
			t.Fatalf("order after a second completion %+v", o)
		}
	})
	t.Run("Events", func(t *testing.T) {
		var names []string
		if err := storage.Select(t.Context(), s.DB.Reader, &names, `SELECT name FROM storegraph_event
			WHERE resource_id IN (?, ?) ORDER BY seq`, e.ID, pc.ID); err != nil {
			t.Fatal(err)
		}
		want := []string{"order-edit.created", "order-edit.requested", "payment-collection.created", "order-edit.updated",
			"payment-collection.payment_authorized", "order-edit.confirmed"}
		if strings.Join(names, " ") != strings.Join(want, " ") {
			t.Fatalf("events %v\nwant %v", names, want)
		}
	})
	t.Run("OrderEdits", func(t *testing.T) {
		var out struct {
			Order struct {
				Edits []struct {
					ID     string `json:"id"`
					Status string `json:"status"`
					Order  struct {
						ID string `json:"id"`
					} `json:"order"`
				} `json:"edits"`
			} `json:"order"`
		}
		s.Query(t, `query($id: ID!) { order(id: $id) { edits { id status order { id } } } }`, map[string]any{"id": o.ID}, &out)
		if len(out.Order.Edits) != 1 || out.Order.Edits[0].ID != e.ID || out.Order.Edits[0].Status != "CONFIRMED" || out.Order.Edits[0].Order.ID != o.ID {
			t.Fatalf("order edits %+v", out.Order.Edits)
		}
	})
	t.Run("ANewEditCopiesTheEditedItems", func(t *testing.T) {
		next := createEdit(t, s, o.ID)
		if len(next.Items) != 2 || next.Total != 5300 || next.DifferenceDue != 0 {
			t.Fatalf("next edit %+v", next)
		}
	})
}

// Ensure a difference paid with several sessions: 2000 + 5000 + 3000 of
// 10000, authorized in two steps.
func TestOrderEditSplitPayment(t *testing.T) {
	s := editServer(t, nil)
	o := placeOrder(t, s, map[string]int{"var_shirt": 1})
	e := createEdit(t, s, o.ID)
	e = addEditItem(t, s, e.ID, "var_big", 10)
	e = requestEdit(t, s, e.ID)
	pc := e.PaymentCollection
	if pc == nil || pc.Amount != 10000 || e.DifferenceDue != 10000 {
		t.Fatalf("requested edit %+v", e)
	}

	t.Run("ErrSumNotTheAmount", func(t *testing.T) {
		vars := map[string]any{"id": pc.ID, "sessions": map[string]any{"sessions": []any{
			map[string]any{"providerId": "test", "amount": 2000}, map[string]any{"providerId": "test", "amount": 5000}}}}
		err := s.Fail(t, editCallQuery(`managePaymentCollectionSessions(paymentCollectionId: $id, input: $sessions)`, vars), vars)
		apptest.ExpectError(t, err, "INVALID_DATA", "The sum of sessions is not equal to 10000 on Payment Collection")
	})

	// The system provider is not in the region: its 500 is dropped.
	c := setSessions(t, s, pc.ID,
		map[string]any{"providerId": "test", "amount": 2000},
		map[string]any{"providerId": "test", "amount": 5000},
		map[string]any{"providerId": "manual", "amount": 3000},
		map[string]any{"providerId": "system", "amount": 500})
	if len(c.PaymentSessions) != 3 {
		t.Fatalf("sessions %+v", c.PaymentSessions)
	}
	for i, want := range []struct {
		provider string
		amount   int64
	}{{"test", 2000}, {"test", 5000}, {"manual", 3000}} {
		if ps := c.PaymentSessions[i]; ps.ProviderID != want.provider || ps.Amount != want.amount || ps.Status != "PENDING" {
			t.Fatalf("session %d %+v", i, ps)
		}
	}
	s1, s2, s3 := c.PaymentSessions[0].ID, c.PaymentSessions[1].ID, c.PaymentSessions[2].ID

	c = authorizeSessions(t, s, pc.ID, s1, s2)
	if c.Status != "PARTIALLY_AUTHORIZED" || deref(c.AuthorizedAmount) != 7000 || len(c.Payments) != 2 {
		t.Fatalf("partly authorized %+v", c)
	}
	t.Run("ErrSessionsOnceAuthorizing", func(t *testing.T) {
		vars := map[string]any{"id": pc.ID, "sessions": map[string]any{"sessions": []any{map[string]any{"providerId": "test", "amount": 10000}}}}
		err := s.Fail(t, editCallQuery(`managePaymentCollectionSessions(paymentCollectionId: $id, input: $sessions)`, vars), vars)
		apptest.ExpectError(t, err, "NOT_ALLOWED", "Cannot set payment sessions for a payment collection with status partially_authorized")
	})
	t.Run("ErrCompleteWhilePartlyAuthorized", func(t *testing.T) {
		err := s.Fail(t, editCallQuery(`completeOrderEdit(orderEditId: $editId)`, map[string]any{"editId": e.ID}), map[string]any{"editId": e.ID})
		apptest.ExpectError(t, err, "NOT_ALLOWED", "Unable to complete an order edit if the payment is not authorized")
	})

	sessionCall(t, s, `authorizePaymentCollectionSession(paymentCollectionId: $id, sessionId: $sessionId)`, map[string]any{"id": pc.ID, "sessionId": s3})
	c = getCollection(t, s, pc.ID)
	if c.Status != "AUTHORIZED" || deref(c.AuthorizedAmount) != 10000 || len(c.Payments) != 3 {
		t.Fatalf("authorized %+v", c)
	}
	var paid int64
	for _, p := range c.Payments {
		paid += p.Amount
	}
	if paid != 10000 {
		t.Fatalf("payments add up to %d", paid)
	}

	e = completeEdit(t, s, e.ID)
	after := getOrder(t, s, o.ID)
	if e.Status != "CONFIRMED" || !sameItems(itemsOf(t, s, o.ID), map[string]int{"var_shirt": 1, "var_big": 10}) ||
		after.Total != 11100 || after.PaidTotal != 11100 || len(after.Payments) != 4 {
		t.Fatalf("order after the edit %+v", after)
	}
}

// Ensure a declined edit leaves the order as it was, and an edit that
// costs less needs no payment.
func TestOrderEditDecline(t *testing.T) {
	s := editServer(t, nil)
	items := map[string]int{"var_big": 1, "var_shirt": 1}

	t.Run("DeclinedEditLeavesTheOrder", func(t *testing.T) {
		o := placeOrder(t, s, items)
		e := createEdit(t, s, o.ID)
		shirt, _ := e.item(t, "var_shirt")
		removeEditItem(t, s, e.ID, shirt)
		e = addEditItem(t, s, e.ID, "var_eur_only", 1)
		e = requestEdit(t, s, e.ID)
		if e.DifferenceDue != 400 || e.PaymentCollection == nil || e.PaymentCollection.Amount != 400 {
			t.Fatalf("requested edit %+v", e)
		}
		e = declineEdit(t, s, e.ID, "too expensive")
		if e.Status != "DECLINED" || e.DeclinedAt == nil || deref(e.DeclinedReason) != "too expensive" {
			t.Fatalf("declined edit %+v", e)
		}
		after := getOrder(t, s, o.ID)
		if !sameItems(itemsOf(t, s, o.ID), items) || after.Total != o.Total || after.PaidTotal != o.PaidTotal || len(after.Payments) != 1 {
			t.Fatalf("order after a declined edit %+v", after)
		}

		again := declineEdit(t, s, e.ID, "changed my mind")
		if again.Status != "DECLINED" || *again.DeclinedAt != *e.DeclinedAt || deref(again.DeclinedReason) != "too expensive" {
			t.Fatalf("declined again %+v", again)
		}
		if n := count(t, s, `SELECT count(*) FROM storegraph_event WHERE name = 'order-edit.declined' AND resource_id = ?`, e.ID); n != 1 {
			t.Fatalf("%d order-edit.declined events", n)
		}
		err := s.Fail(t, editCallQuery(`completeOrderEdit(orderEditId: $editId)`, map[string]any{"editId": e.ID}), map[string]any{"editId": e.ID})
		apptest.ExpectError(t, err, "NOT_ALLOWED", "Cannot complete an order edit with status declined")
		if next := createEdit(t, s, o.ID); next.Status != "CREATED" {
			t.Fatalf("edit after a declined one %+v", next)
		}
	})
	t.Run("CheaperEditNeedsNoPayment", func(t *testing.T) {
		o := placeOrder(t, s, items)
		e := createEdit(t, s, o.ID)
		shirt, _ := e.item(t, "var_shirt")
		removeEditItem(t, s, e.ID, shirt)
		e = requestEdit(t, s, e.ID)
		if e.DifferenceDue != -100 || e.PaymentCollection != nil {
			t.Fatalf("requested edit %+v", e)
		}
		completeEdit(t, s, e.ID)
		after := getOrder(t, s, o.ID)
		if !sameItems(itemsOf(t, s, o.ID), map[string]int{"var_big": 1}) || after.Total != 2000 || after.PaidTotal != 2100 {
			t.Fatalf("order after a cheaper edit %+v", after)
		}
	})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func storageGet(t *testing.T, s *apptest.Server, dest any, query string, args ...any) error {
	t.Helper()
	return storage.Get(t.Context(), s.DB.Reader, dest, query, args...)
}

func execSQL(t *testing.T, s *apptest.Server, query string, args ...any) {
	t.Helper()
	err := s.DB.InTx(t.Context(), func(tx *storage.Tx) error {
		_, err := storage.Exec(t.Context(), tx, query, args...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// getEditCollection is the id of an edit's payment collection.
func getEditCollection(t *testing.T, s *apptest.Server, editID string) string {
	t.Helper()
	var id string
	if err := storageGet(t, s, &id, `SELECT payment_collection_id FROM order_edit WHERE id = ?`, editID); err != nil {
		t.Fatal(err)
	}
	return id
}

// Ensure an edit's totals are the order's with the edit's items: an added
// line gets its tax lines for the order's region and the order's discount.
func TestOrderEditTotals(t *testing.T) {
	s := editServer(t, nil)

	t.Run("TaxLinesOfTheRegion", func(t *testing.T) {
		// Denmark: 12 % by default, 10 % on the taxed product.
		cartID := readyCart(t, s, "reg_dk", map[string]int{"var_shirt": 1}, "so_dk_std")
		pay(t, s, cartID, "test", nil)
		o := complete(t, s, cartID, "").Order
		if o.Total != 224 {
			t.Fatalf("order total %d", o.Total)
		}
		e := createEdit(t, s, o.ID)
		e = addEditItem(t, s, e.ID, "var_taxed", 1)
		var rates []float64
		for _, it := range e.Items {
			if it.VariantID == "var_taxed" {
				for _, l := range it.TaxLines {
					rates = append(rates, l.Rate)
				}
				if it.Total != 110 {
					t.Fatalf("added item %+v", it)
				}
			}
		}
		if len(rates) != 1 || rates[0] != 10 {
			t.Fatalf("added item's tax rates %v", rates)
		}
		if e.Subtotal != 200 || e.TaxTotal != 34 || e.Total != 334 || e.DifferenceDue != 110 {
			t.Fatalf("edit totals %+v", e)
		}
	})
	t.Run("TheOrdersDiscount", func(t *testing.T) {
		cartID := readyCart(t, s, "reg_eu", map[string]int{"var_big": 1}, "so_eu_std")
		updateCart(t, s, cartID, map[string]any{"discounts": []any{map[string]any{"code": "TENPCT"}}})
		pay(t, s, cartID, "manual", nil)
		o := complete(t, s, cartID, "").Order
		if o.Total != 1900 {
			t.Fatalf("order total %d", o.Total)
		}
		e := createEdit(t, s, o.ID)
		e = addEditItem(t, s, e.ID, "var_shirt", 1)
		if e.Subtotal != 1100 || e.DiscountTotal != 110 || e.Total != 1990 || e.DifferenceDue != 90 {
			t.Fatalf("edit totals %+v", e)
		}
		big, _ := e.item(t, "var_big")
		e = updateEditItem(t, s, e.ID, big, 2)
		if e.Subtotal != 2100 || e.DiscountTotal != 210 || e.Total != 2890 || e.DifferenceDue != 990 {
			t.Fatalf("edit totals after an update %+v", e)
		}
	})
}

package graph_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// Ensure each error of the order edit routes (store and admin) answers
// Medusa's code and message.
func TestOrderEditErrors(t *testing.T) {
	s := editServer(t, nil)
	o := placeOrder(t, s, map[string]int{"var_big": 1, "var_shirt": 1})
	created := createEdit(t, s, o.ID)
	addEditItem(t, s, created.ID, "var_eur_only", 1)
	added, _ := addEditItem(t, s, created.ID, "var_tiered", 1).item(t, "var_tiered")
	var orderItem string
	if err := storageGet(t, s, &orderItem, `SELECT id FROM line_item WHERE order_id = ? ORDER BY id LIMIT 1`, o.ID); err != nil {
		t.Fatal(err)
	}

	// An order with a confirmed edit, for the errors of edits that are over.
	done := placeOrder(t, s, map[string]int{"var_shirt": 1})
	confirmed := createEdit(t, s, done.ID)
	doneShirt, _ := confirmed.item(t, "var_shirt")
	updateEditItem(t, s, confirmed.ID, doneShirt, 2)
	requestEdit(t, s, confirmed.ID)
	pc := getEditCollection(t, s, confirmed.ID)
	collectionOp(t, s, `createPaymentCollectionSession(paymentCollectionId: $id, input: $provider)`, map[string]any{
		"id": pc, "provider": map[string]any{"providerId": "manual"}})
	sessions := getCollection(t, s, pc).PaymentSessions
	authorizeSessions(t, s, pc, sessions[0].ID)
	completeEdit(t, s, confirmed.ID)

	add := func(edit, variant string, qty int) map[string]any {
		return map[string]any{"editId": edit, "add": map[string]any{"variantId": variant, "quantity": qty}}
	}
	update := func(edit, item string, qty int) map[string]any {
		return map[string]any{"editId": edit, "itemId": item, "change": map[string]any{"quantity": qty}}
	}
	const (
		addCall     = `addOrderEditLineItem(orderEditId: $editId, input: $add)`
		updateCall  = `updateOrderEditLineItem(orderEditId: $editId, itemId: $itemId, input: $change)`
		removeCall  = `removeOrderEditLineItem(orderEditId: $editId, itemId: $itemId)`
		requestCall = `requestOrderEditConfirmation(orderEditId: $editId)`
		createCall  = `createOrderEdit(input: $create)`
	)
	adminTests := []struct {
		name, call    string
		vars          map[string]any
		code, message string
	}{
		{"ErrActiveEditExists", createCall, map[string]any{"create": map[string]any{"orderId": o.ID}},
			"INVALID_DATA", "An active order edit already exists for the order " + o.ID},
		{"ErrOrderNotFound", createCall, map[string]any{"create": map[string]any{"orderId": "order_nope"}},
			"NOT_FOUND", "Order with order_nope was not found"},
		{"ErrEditNotFound", addCall, add("oe_nope", "var_big", 1), "NOT_FOUND", "Order edit with id oe_nope was not found"},
		{"ErrQuantityZero", addCall, add(created.ID, "var_big", 0), "INVALID_DATA", "quantity must be greater than 0"},
		{"ErrQuantityNegative", updateCall, update(created.ID, added, -1), "INVALID_DATA", "quantity must be greater than 0"},
		{"ErrVariantNotFound", addCall, add(created.ID, "var_nope", 1),
			"INVALID_DATA", "Unable to generate the line items, some variant has not been found: var_nope"},
		{"ErrNoPriceInRegion", addCall, add(created.ID, "var_taxed", 1),
			"INVALID_DATA", `Cannot generate line item for variant "One" without a price`},
		{"ErrItemNotFound", updateCall, update(created.ID, "item_nope", 2), "NOT_FOUND", "Line item with item_nope was not found"},
		{"ErrUpdateItemOfTheOrder", updateCall, update(created.ID, orderItem, 2),
			"INVALID_DATA", "Invalid line item id " + orderItem + " it does not belong to the same order edit " + o.ID + "."},
		{"ErrRemoveAddedItem", removeCall, map[string]any{"editId": created.ID, "itemId": added},
			"INVALID_DATA", "Invalid line item id " + added + " it does not belong to the same order edit " + o.ID + "."},
		{"ErrAddToConfirmedEdit", addCall, add(confirmed.ID, "var_big", 1), "NOT_ALLOWED", "Can not add an item to the edit with status confirmed"},
		{"ErrUpdateConfirmedEdit", updateCall, update(confirmed.ID, doneShirt, 1),
			"NOT_ALLOWED", "Can not update an item on the order edit " + confirmed.ID + " with the status confirmed"},
		{"ErrRemoveFromConfirmedEdit", removeCall, map[string]any{"editId": confirmed.ID, "itemId": doneShirt},
			"NOT_ALLOWED", "Can not update an item on the order edit " + confirmed.ID + " with the status confirmed"},
		{"ErrRequestWithoutChanges", requestCall, map[string]any{"editId": createEdit(t, s, placeOrder(t, s, map[string]int{"var_shirt": 1}).ID).ID},
			"INVALID_DATA", "Cannot request a confirmation on an edit with no changes"},
		{"ErrRegionNotFound", `createPaymentCollection(input: $collection)`, map[string]any{"collection": map[string]any{"amount": 100, "regionId": "reg_nope"}},
			"NOT_FOUND", "Region with reg_nope was not found"},
	}
	for _, tc := range adminTests {
		t.Run(tc.name, func(t *testing.T) {
			apptest.ExpectError(t, adminFail(t, s, editCallQuery(tc.call, tc.vars), tc.vars), tc.code, tc.message)
		})
	}

	storeTests := []struct {
		name, call    string
		vars          map[string]any
		code, message string
	}{
		{"ErrCompleteNotFound", `completeOrderEdit(orderEditId: $editId)`, map[string]any{"editId": "oe_nope"},
			"NOT_FOUND", "Order edit with id oe_nope was not found"},
		{"ErrCompleteNotRequested", `completeOrderEdit(orderEditId: $editId)`, map[string]any{"editId": created.ID},
			"NOT_ALLOWED", "Cannot complete an order edit with status created"},
		{"ErrDeclineNotRequested", `declineOrderEdit(orderEditId: $editId)`, map[string]any{"editId": created.ID},
			"NOT_ALLOWED", "Cannot decline an order edit with status created."},
		{"ErrDeclineConfirmed", `declineOrderEdit(orderEditId: $editId)`, map[string]any{"editId": confirmed.ID},
			"NOT_ALLOWED", "Cannot decline an order edit with status confirmed."},
		{"ErrDeclineNotFound", `declineOrderEdit(orderEditId: $editId)`, map[string]any{"editId": "oe_nope"},
			"NOT_FOUND", "Order edit with id oe_nope was not found"},
	}
	for _, tc := range storeTests {
		t.Run(tc.name, func(t *testing.T) {
			apptest.ExpectError(t, s.Fail(t, editCallQuery(tc.call, tc.vars), tc.vars), tc.code, tc.message)
		})
	}
	t.Run("ErrGetNotFound", func(t *testing.T) {
		apptest.ExpectError(t, s.Fail(t, `{ orderEdit(id: "oe_nope") { id } }`, nil), "NOT_FOUND", "Order edit with id oe_nope was not found")
	})
	t.Run("RemoveUnknownItemChangesNothing", func(t *testing.T) {
		e := removeEditItem(t, s, created.ID, "item_nope")
		if len(e.Changes) != 2 || len(e.Items) != 4 {
			t.Fatalf("edit %+v", e)
		}
	})
	t.Run("ErrCanceledOrder", func(t *testing.T) {
		canceled := placeOrder(t, s, map[string]int{"var_shirt": 1})
		execSQL(t, s, `UPDATE "order" SET status = 'canceled' WHERE id = ?`, canceled.ID)
		vars := map[string]any{"create": map[string]any{"orderId": canceled.ID}}
		apptest.ExpectError(t, adminFail(t, s, editCallQuery(createCall, vars), vars),
			"NOT_ALLOWED", "Order with id "+canceled.ID+" has been canceled.")
	})
}

// Ensure the merchant operations need the admin token and do not exist on
// the store endpoint, and the fields Medusa hides from the store are hidden.
func TestOrderEditAdminEndpoint(t *testing.T) {
	s := editServer(t, nil)
	o := placeOrder(t, s, map[string]int{"var_shirt": 1})
	create := map[string]any{"create": map[string]any{"orderId": o.ID, "internalNote": "note"}}
	query := editCallQuery(`createOrderEdit(input: $create)`, create)

	for _, tc := range []struct {
		name   string
		header http.Header
	}{
		{"ErrNoToken", nil},
		{"ErrWrongToken", http.Header{"Authorization": {"Bearer wrong"}}},
		{"ErrNotBearer", http.Header{"Authorization": {adminToken}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := s.Do(t, apptest.Request{Query: query, Variables: create, Path: "/admin/graphql", Header: tc.header})
			if resp.Status != http.StatusUnauthorized || len(resp.Errors) == 0 {
				t.Fatalf("status %d, errors %+v", resp.Status, resp.Errors)
			}
			apptest.ExpectError(t, resp.Errors[0], "UNAUTHORIZED", "Unauthorized")
			if n := count(t, s, `SELECT count(*) FROM order_edit`); n != 0 {
				t.Fatalf("%d order edits after an unauthorized request", n)
			}
		})
	}
	t.Run("ErrAdminFieldOnStore", func(t *testing.T) {
		for _, q := range []string{
			query,
			`mutation { createPaymentCollection(input: {amount: 100, regionId: "reg_eu"}) { paymentCollection { id } } }`,
		} {
			resp := s.Do(t, apptest.Request{Query: q, Variables: create})
			if len(resp.Errors) == 0 || resp.Errors[0].Code() != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("store answer %+v", resp.Errors)
			}
		}
		if n := count(t, s, `SELECT count(*) FROM order_edit`) + count(t, s, `SELECT count(*) FROM payment_collection`); n != 0 {
			t.Fatalf("%d rows after store requests", n)
		}
	})

	e := createEdit(t, s, o.ID)
	t.Run("HiddenFieldsOnStore", func(t *testing.T) {
		for _, field := range []string{"internalNote", "createdBy", "confirmedBy", "canceledBy"} {
			resp := s.Do(t, apptest.Request{Query: `query($id: ID!) { orderEdit(id: $id) { ` + field + ` } }`, Variables: map[string]any{"id": e.ID}})
			if len(resp.Errors) == 0 || resp.Errors[0].Code() != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("store %s: %+v", field, resp.Errors)
			}
		}
		var out struct {
			OrderEdit struct {
				InternalNote string `json:"internalNote"`
				CreatedBy    string `json:"createdBy"`
			} `json:"orderEdit"`
		}
		adminQuery(t, s, `query($id: ID!) { orderEdit(id: $id) { internalNote createdBy } }`, map[string]any{"id": e.ID}, &out)
		if out.OrderEdit.InternalNote != "customer asked" || out.OrderEdit.CreatedBy != "admin" {
			t.Fatalf("admin view %+v", out.OrderEdit)
		}
	})
	t.Run("AdminCreatesACollection", func(t *testing.T) {
		var out struct {
			CreatePaymentCollection struct {
				PaymentCollection struct {
					collectionData
					CreatedBy string `json:"createdBy"`
				} `json:"paymentCollection"`
			} `json:"createPaymentCollection"`
		}
		adminQuery(t, s, `mutation { createPaymentCollection(input: {amount: 1500, regionId: "reg_us", description: "Extra", metadata: {a: 1}}) {
			paymentCollection { `+collectionFields+` createdBy } } }`, nil, &out)
		pc := out.CreatePaymentCollection.PaymentCollection
		if pc.Amount != 1500 || pc.CurrencyCode != "usd" || pc.Status != "NOT_PAID" || pc.Type != "ORDER_EDIT" || pc.CreatedBy != "admin" {
			t.Fatalf("created collection %+v", pc)
		}
	})
}

// Ensure one active edit per order under concurrency: of several creates
// racing on one order, exactly one succeeds.
func TestConcurrentOrderEdits(t *testing.T) {
	s := editServer(t, nil)
	o := placeOrder(t, s, map[string]int{"var_shirt": 1, "var_big": 1})
	vars := map[string]any{"create": map[string]any{"orderId": o.ID}}
	query := editCallQuery(`createOrderEdit(input: $create)`, vars)
	const racers = 6
	var wg sync.WaitGroup
	results := make([]*apptest.Response, racers)
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = s.Do(t, adminRequest(query, vars))
		}()
	}
	wg.Wait()
	ok := 0
	for _, r := range results {
		if len(r.Errors) == 0 {
			ok++
			continue
		}
		apptest.ExpectError(t, r.Errors[0], "INVALID_DATA", "An active order edit already exists for the order "+o.ID)
	}
	if ok != 1 || count(t, s, `SELECT count(*) FROM order_edit`) != 1 || count(t, s, `SELECT count(*) FROM line_item WHERE order_edit_id IS NOT NULL`) != 2 {
		t.Fatalf("%d creates succeeded", ok)
	}
}

package graph_test

import (
	"sync"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// newCollection makes a payment collection on the admin endpoint.
func newCollection(t *testing.T, s *apptest.Server, amount int64, region string) string {
	t.Helper()
	var out struct {
		CreatePaymentCollection struct {
			PaymentCollection collectionData `json:"paymentCollection"`
		} `json:"createPaymentCollection"`
	}
	adminQuery(t, s, `mutation($collection: CreatePaymentCollectionInput!) { createPaymentCollection(input: $collection) { paymentCollection { id } } }`,
		map[string]any{"collection": map[string]any{"amount": amount, "regionId": region}}, &out)
	return out.CreatePaymentCollection.PaymentCollection.ID
}

func collectionSession(t *testing.T, s *apptest.Server, id, provider string) collectionData {
	t.Helper()
	return collectionOp(t, s, `createPaymentCollectionSession(paymentCollectionId: $id, input: $provider)`, map[string]any{
		"id": id, "provider": map[string]any{"providerId": provider}})
}

func authorizeOneQuery() string {
	return `mutation($id: ID!, $sessionId: ID!) { authorizePaymentCollectionSession(paymentCollectionId: $id, sessionId: $sessionId) { paymentSession { id } } }`
}

// Ensure payment collections from the seed file load and can be paid.
func TestSeededPaymentCollection(t *testing.T) {
	s := editServer(t, map[string]any{"payment_collections": []any{
		map[string]any{"id": "paycol_seeded", "amount": 1000, "region_id": "reg_eu", "description": "Seeded", "metadata": map[string]any{"ref": "A1"}},
	}})
	c := getCollection(t, s, "paycol_seeded")
	if c.Amount != 1000 || c.Status != "NOT_PAID" || c.Type != "ORDER_EDIT" || c.CurrencyCode != "eur" || c.Region.ID != "reg_eu" ||
		c.Currency.Code != "eur" || deref(c.Description) != "Seeded" || len(c.PaymentSessions) != 0 || len(c.Payments) != 0 {
		t.Fatalf("seeded collection %+v", c)
	}
	c = collectionSession(t, s, "paycol_seeded", "manual")
	c = authorizeSessions(t, s, "paycol_seeded", c.PaymentSessions[0].ID)
	if c.Status != "AUTHORIZED" || deref(c.AuthorizedAmount) != 1000 || len(c.Payments) != 1 || c.Payments[0].ProviderID != "manual" {
		t.Fatalf("paid collection %+v", c)
	}
}

// Ensure Medusa's payment collection rules (§7) and each error of its
// routes (§2.7), with their codes and messages.
func TestPaymentCollectionRules(t *testing.T) {
	s := editServer(t, nil)

	t.Run("Errors", func(t *testing.T) {
		open := newCollection(t, s, 1000, "reg_eu")
		other := newCollection(t, s, 500, "reg_eu")
		otherSession := collectionSession(t, s, other, "test").PaymentSessions[0].ID
		const notFound = "Payment collection with id paycol_nope was not found"
		for _, tc := range []struct {
			name, call    string
			vars          map[string]any
			code, message string
		}{
			{"ErrGetNotFound", `paymentCollection(id: $id)`, map[string]any{"id": "paycol_nope"}, "NOT_FOUND", notFound},
			{"ErrSessionNotFound", `createPaymentCollectionSession(paymentCollectionId: $id, input: $provider)`,
				map[string]any{"id": "paycol_nope", "provider": map[string]any{"providerId": "test"}}, "NOT_FOUND", notFound},
			{"ErrBatchNotFound", `managePaymentCollectionSessions(paymentCollectionId: $id, input: $sessions)`,
				map[string]any{"id": "paycol_nope", "sessions": map[string]any{"sessions": []any{}}}, "NOT_FOUND", notFound},
			{"ErrAuthorizeNotFound", `authorizePaymentCollectionSessions(paymentCollectionId: $id, input: $authorize)`,
				map[string]any{"id": "paycol_nope", "authorize": map[string]any{"sessionIds": []any{}}}, "NOT_FOUND", notFound},
			{"ErrAuthorizeOneNotFound", `authorizePaymentCollectionSession(paymentCollectionId: $id, sessionId: $sessionId)`,
				map[string]any{"id": "paycol_nope", "sessionId": "ps_nope"}, "NOT_FOUND", notFound},
			{"ErrRefreshUnknownSession", `refreshPaymentCollectionSession(paymentCollectionId: $id, sessionId: $sessionId)`,
				map[string]any{"id": open, "sessionId": "ps_nope"}, "NOT_FOUND", "Payment collection related to Payment Session id ps_nope was not found"},
			{"ErrRefreshSessionOfAnother", `refreshPaymentCollectionSession(paymentCollectionId: $id, sessionId: $sessionId)`,
				map[string]any{"id": open, "sessionId": otherSession}, "NOT_ALLOWED",
				"Payment Session " + otherSession + " does not belong to Payment Collection " + open},
			{"ErrProviderNotInRegion", `createPaymentCollectionSession(paymentCollectionId: $id, input: $provider)`,
				map[string]any{"id": open, "provider": map[string]any{"providerId": "system"}}, "INVALID_DATA", "Payment provider not found"},
			{"ErrSumNotTheAmount", `managePaymentCollectionSessions(paymentCollectionId: $id, input: $sessions)`,
				map[string]any{"id": open, "sessions": map[string]any{"sessions": []any{map[string]any{"providerId": "test", "amount": 999}}}},
				"INVALID_DATA", "The sum of sessions is not equal to 1000 on Payment Collection"},
			{"ErrAuthorizeWithoutSessions", `authorizePaymentCollectionSessions(paymentCollectionId: $id, input: $authorize)`,
				map[string]any{"id": open, "authorize": map[string]any{"sessionIds": []any{}}},
				"NOT_ALLOWED", "You cannot complete a Payment Collection without a payment session."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := editCallQuery(tc.call, tc.vars)
				if tc.name == "ErrGetNotFound" {
					q = `query($id: ID!) { paymentCollection(id: $id) { id } }`
				}
				apptest.ExpectError(t, s.Fail(t, q, tc.vars), tc.code, tc.message)
			})
		}
		if c := getCollection(t, s, open); c.Status != "NOT_PAID" || len(c.PaymentSessions) != 0 {
			t.Fatalf("collection after failed requests %+v", c)
		}
	})

	for _, tc := range []struct{ outcome, status string }{{"pending", "PENDING"}, {"requires_more", "REQUIRES_MORE"}} {
		t.Run("NotAuthorized_"+tc.outcome, func(t *testing.T) {
			id := newCollection(t, s, 1000, "reg_eu")
			ses := collectionSession(t, s, id, "test").PaymentSessions[0].ID
			setOutcome(t, s, ses, tc.outcome)
			vars := map[string]any{"id": id, "sessionId": ses}
			e := s.Fail(t, authorizeOneQuery(), vars)
			apptest.ExpectError(t, e, "PAYMENT_AUTHORIZATION_ERROR", `Failed to authorize Payment Session id "`+id+`"`)
			if status, _ := e.Extensions["status"].(float64); status != 422 {
				t.Fatalf("status %v, want 422", e.Extensions["status"])
			}
			// What the provider answered is kept, as in Medusa.
			c := getCollection(t, s, id)
			if c.Status != "AWAITING" || deref(c.AuthorizedAmount) != 0 || c.PaymentSessions[0].Status != tc.status || len(c.Payments) != 0 {
				t.Fatalf("collection %+v", c)
			}
			batch := map[string]any{"id": id, "sessions": map[string]any{"sessions": []any{}}}
			apptest.ExpectError(t, s.Fail(t, editCallQuery(`managePaymentCollectionSessions(paymentCollectionId: $id, input: $sessions)`, batch), batch),
				"NOT_ALLOWED", "Cannot set payment sessions for a payment collection with status awaiting")
			// The batch route answers the collection as it is.
			if c := authorizeSessions(t, s, id, ses); c.Status != "AWAITING" {
				t.Fatalf("batch authorization %+v", c)
			}
		})
	}
	t.Run("DeclinedByTheProvider", func(t *testing.T) {
		id := newCollection(t, s, 1000, "reg_eu")
		ses := collectionSession(t, s, id, "test").PaymentSessions[0].ID
		setOutcome(t, s, ses, "error")
		e := s.Fail(t, authorizeOneQuery(), map[string]any{"id": id, "sessionId": ses})
		apptest.ExpectError(t, e, "INVALID_DATA", "Payment was declined:\ntest provider outcome \"error\"")
		if reason, _ := e.Extensions["reason"].(string); reason != "payment_declined" {
			t.Fatalf("reason %q", reason)
		}
		if c := getCollection(t, s, id); c.Status != "NOT_PAID" || c.PaymentSessions[0].Status != "PENDING" || len(c.Payments) != 0 {
			t.Fatalf("collection after a declined payment %+v", c)
		}
	})
	t.Run("UnknownSessionIsNotAuthorized", func(t *testing.T) {
		id := newCollection(t, s, 1000, "reg_eu")
		collectionSession(t, s, id, "test")
		e := s.Fail(t, authorizeOneQuery(), map[string]any{"id": id, "sessionId": "ps_nope"})
		apptest.ExpectError(t, e, "PAYMENT_AUTHORIZATION_ERROR", `Failed to authorize Payment Session id "`+id+`"`)
	})
	t.Run("ZeroAmountIsAuthorized", func(t *testing.T) {
		id := newCollection(t, s, 0, "reg_eu")
		c := authorizeSessions(t, s, id)
		if c.Status != "AUTHORIZED" || c.AuthorizedAmount == nil || *c.AuthorizedAmount != 0 || len(c.Payments) != 0 {
			t.Fatalf("zero collection %+v", c)
		}
	})
	t.Run("BatchUpdatesNamedSessionsAndDropsTheRest", func(t *testing.T) {
		id := newCollection(t, s, 1000, "reg_eu")
		c := setSessions(t, s, id, map[string]any{"providerId": "test", "amount": 400}, map[string]any{"providerId": "manual", "amount": 600})
		first := c.PaymentSessions[0].ID
		c = setSessions(t, s, id, map[string]any{"providerId": "test", "amount": 1000, "sessionId": first})
		if len(c.PaymentSessions) != 1 || c.PaymentSessions[0].ID != first || c.PaymentSessions[0].Amount != 1000 {
			t.Fatalf("sessions %+v", c.PaymentSessions)
		}
		if n := count(t, s, `SELECT count(*) FROM payment_session WHERE id IN (SELECT payment_session_id FROM payment_collection_sessions WHERE payment_collection_id = ?)`, id); n != 1 {
			t.Fatalf("%d linked sessions", n)
		}
	})
	t.Run("RefreshAuthorizedSession", func(t *testing.T) {
		id := newCollection(t, s, 1000, "reg_eu")
		c := setSessions(t, s, id, map[string]any{"providerId": "test", "amount": 400}, map[string]any{"providerId": "test", "amount": 600})
		s1, s2 := c.PaymentSessions[0].ID, c.PaymentSessions[1].ID
		c = authorizeSessions(t, s, id, s1, s2)
		if c.Status != "AUTHORIZED" || deref(c.AuthorizedAmount) != 1000 {
			t.Fatalf("authorized %+v", c)
		}
		fresh := sessionCall(t, s, `refreshPaymentCollectionSession(paymentCollectionId: $id, sessionId: $sessionId)`, map[string]any{"id": id, "sessionId": s1})
		if fresh.ID == s1 || fresh.Status != "PENDING" || fresh.Amount != 400 || fresh.PaymentAuthorizedAt != nil {
			t.Fatalf("refreshed session %+v", fresh)
		}
		c = getCollection(t, s, id)
		// Medusa takes the session's amount off and leaves the status.
		if deref(c.AuthorizedAmount) != 600 || c.Status != "AUTHORIZED" || len(c.PaymentSessions) != 2 || c.PaymentSessions[1].ID != fresh.ID {
			t.Fatalf("collection after a refresh %+v", c)
		}
		c = authorizeSessions(t, s, id, fresh.ID)
		if c.Status != "AUTHORIZED" || deref(c.AuthorizedAmount) != 1000 || len(c.Payments) != 3 {
			t.Fatalf("authorized again %+v", c)
		}
	})
}

// Ensure concurrent authorizations of one collection make one payment per
// session: the collection's mutations run one after the other.
func TestConcurrentCollectionAuthorization(t *testing.T) {
	s := editServer(t, nil)
	id := newCollection(t, s, 1000, "reg_eu")
	c := setSessions(t, s, id, map[string]any{"providerId": "test", "amount": 300}, map[string]any{"providerId": "manual", "amount": 700})
	ids := []any{c.PaymentSessions[0].ID, c.PaymentSessions[1].ID}
	vars := map[string]any{"id": id, "authorize": map[string]any{"sessionIds": ids}}
	query := editCallQuery(`authorizePaymentCollectionSessions(paymentCollectionId: $id, input: $authorize)`, vars)
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if resp := s.Do(t, apptest.Request{Query: query, Variables: vars}); len(resp.Errors) > 0 {
				t.Errorf("authorization: %+v", resp.Errors)
			}
		}()
	}
	wg.Wait()
	c = getCollection(t, s, id)
	if c.Status != "AUTHORIZED" || deref(c.AuthorizedAmount) != 1000 || len(c.Payments) != 2 {
		t.Fatalf("collection after concurrent authorizations %+v", c)
	}
}

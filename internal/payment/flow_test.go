package payment

import (
	"context"
	"testing"
	"time"
)

// table stands for the payment_session rows of one cart.
type table []Session

func (t *table) persist(changes Changes) {
	for _, c := range changes {
		switch c.Op {
		case OpInsert:
			*t = append(*t, c.Session)
		case OpUpdate:
			for i := range *t {
				if (*t)[i].ID == c.Session.ID {
					(*t)[i] = c.Session
				}
			}
		case OpDelete:
			kept := (*t)[:0]
			for _, s := range *t {
				if s.ID != c.Session.ID {
					kept = append(kept, s)
				}
			}
			*t = kept
		}
	}
}

func (t table) of(provider string) Session {
	for _, s := range t {
		if s.ProviderID == provider {
			return s
		}
	}
	return Session{}
}

// Ensure a checkout runs through the planners and Apply the way a cart
// service would: create sessions, select, choose the outcome, authorize,
// refresh, and lose the sessions when the total drops to zero.
func TestCheckoutFlow(t *testing.T) {
	ctx := context.Background()
	reg := DefaultRegistry()
	base := SessionContext{CurrencyCode: "usd", ResourceID: "cart_1", Email: "a@b.c"}
	region := []string{"manual", "test"}
	var rows table

	run := func(actions []Action, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		changes, err := reg.Apply(ctx, base, actions)
		if err != nil {
			t.Fatal(err)
		}
		rows.persist(changes)
	}
	cart := func(total int64) Cart { return Cart{Total: total, RegionProviders: region, Sessions: rows} }

	run(PlanSetSessions(cart(1000)), nil)
	if len(rows) != 2 || rows.of("manual").Initiated || rows.of("test").Amount != 1000 {
		t.Fatalf("after create: %+v", rows)
	}

	run(PlanSelect(cart(1000), "test"))
	if s := rows.of("test"); !s.Selected || !s.Initiated {
		t.Fatalf("after select: %+v", s)
	}

	// updatePaymentSession: merge the client's data into the selected session.
	selected := rows.of("test")
	p, _ := reg.Provider(selected.ProviderID)
	update, err := p.UpdatePaymentData(ctx, selected.Data, data{"outcome": "pending"})
	if err != nil {
		t.Fatal(err)
	}
	selected.Data = merged(selected.Data, update)
	rows.persist(Changes{{OpUpdate, selected}})

	// The amount changes; the selected session keeps its outcome.
	run(PlanSetSessions(cart(1500)), nil)
	if s := rows.of("test"); s.Amount != 1500 || s.Data["outcome"] != "pending" || !s.Selected {
		t.Fatalf("after total change: %+v", s)
	}
	if s := rows.of("manual"); s.Amount != 1500 || s.Initiated {
		t.Fatalf("manual after total change: %+v", s)
	}

	auth, err := PlanCartAuthorization(cart(1500))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	s, err := reg.Authorize(ctx, auth.Session, nil, now)
	if err != nil || s.Status != StatusPending || !s.AuthorizedAt.IsZero() {
		t.Fatalf("authorize: %+v, %v", s, err)
	}

	// Refreshing the selected session keeps the cart's selection (deviation 2).
	old := rows.of("test").ID
	run(PlanRefresh(cart(1500), "test"), nil)
	if s := rows.of("test"); s.ID == old || !s.Selected || !s.Initiated || len(rows) != 2 {
		t.Fatalf("after refresh: %+v", rows)
	}

	// Switching to manual releases test and authorizes at once.
	run(PlanSelect(cart(1500), "manual"))
	if s := rows.of("test"); s.Selected || s.Initiated {
		t.Fatalf("test after switch: %+v", s)
	}
	auth, _ = PlanCartAuthorization(cart(1500))
	if s, err := reg.Authorize(ctx, auth.Session, nil, now); err != nil || s.Status != StatusAuthorized || !s.AuthorizedAt.Equal(now) {
		t.Fatalf("manual authorize: %+v, %v", s, err)
	}

	run(PlanSetSessions(cart(0)), nil)
	if len(rows) != 0 {
		t.Fatalf("after zero total: %+v", rows)
	}
}

// Ensure a payment collection splits across sessions and settles as
// partially authorized when one session stays pending.
func TestCollectionFlow(t *testing.T) {
	ctx := context.Background()
	reg := DefaultRegistry()
	col := Collection{ID: "paycol_1", Status: CollectionNotPaid, Amount: 1000, RegionProviders: []string{"manual", "test"}}
	base := SessionContext{CurrencyCode: "eur", ResourceID: col.ID}

	plan, err := PlanCollectionSessions(col, []SessionInput{{ProviderID: "manual", Amount: 300}, {ProviderID: "test", Amount: 700}})
	if err != nil {
		t.Fatal(err)
	}
	changes, err := reg.Apply(ctx, base, plan)
	if err != nil {
		t.Fatal(err)
	}
	col.Sessions = changes.Saved()
	if len(col.Sessions) != 2 || col.Sessions[0].Amount != 300 || col.Sessions[1].ProviderID != "test" {
		t.Fatalf("sessions: %+v", col.Sessions)
	}
	col.Sessions[1].Data = data{"outcome": "pending"}

	var ids []string
	for _, s := range col.Sessions {
		ids = append(ids, s.ID)
	}
	authPlan, err := PlanCollectionAuthorization(col, ids)
	if err != nil || len(authPlan.Authorize) != 2 {
		t.Fatalf("plan: %+v, %v", authPlan, err)
	}
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	var after []Session
	for _, s := range authPlan.Authorize {
		s, err := reg.Authorize(ctx, s, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		after = append(after, s)
	}
	status, authorizedAmount := SettleCollectionAuthorization(col, after)
	if status != CollectionPartiallyAuthorized || authorizedAmount != 300 {
		t.Fatalf("settled %s %d", status, authorizedAmount)
	}
}

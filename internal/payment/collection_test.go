package payment

import (
	"reflect"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
)

func amount(n int64) *int64 { return &n }

var authorizedAt = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func authorized(s Session) Session {
	s.Status, s.AuthorizedAt = StatusAuthorized, authorizedAt
	return s
}

func TestPlanCollectionSessions(t *testing.T) {
	existingManual := initiated("ps_1", "manual")
	existingTest := initiated("ps_2", "test")
	open := Collection{ID: "paycol_1", Status: CollectionNotPaid, Amount: 1000,
		RegionProviders: []string{"manual", "test"}, Sessions: []Session{existingManual, existingTest}}

	tests := []struct {
		name   string
		inputs []SessionInput
		want   []Action
	}{
		{
			name:   "NamedSessionUpdatedOthersDropped",
			inputs: []SessionInput{{ProviderID: "manual", Amount: 1000, SessionID: "ps_1"}},
			want: []Action{
				{Kind: ActionUpdateRemote, Session: existingManual, Amount: 1000},
				{Kind: ActionDeleteRemote, Session: existingTest, BestEffort: true},
			},
		},
		{
			name: "SplitAcrossNewSessionsOfOneProvider",
			inputs: []SessionInput{
				{ProviderID: "test", Amount: 400},
				{ProviderID: "test", Amount: 600},
			},
			want: []Action{
				{Kind: ActionInitiate, Session: newFor("test"), Amount: 400},
				{Kind: ActionInitiate, Session: newFor("test"), Amount: 600},
				{Kind: ActionDeleteRemote, Session: existingManual, BestEffort: true},
				{Kind: ActionDeleteRemote, Session: existingTest, BestEffort: true},
			},
		},
		{
			name: "ProvidersOutsideRegionDroppedBeforeSum",
			inputs: []SessionInput{
				{ProviderID: "manual", Amount: 1000, SessionID: "ps_1"},
				{ProviderID: "stripe", Amount: 500},
				{ProviderID: "test", Amount: 0, SessionID: "ps_2"},
			},
			want: []Action{
				{Kind: ActionUpdateRemote, Session: existingManual, Amount: 1000},
				{Kind: ActionUpdateRemote, Session: existingTest, Amount: 0},
			},
		},
		{
			name:   "UnknownSessionIDIsCreated",
			inputs: []SessionInput{{ProviderID: "manual", Amount: 1000, SessionID: "ps_other"}},
			want: []Action{
				{Kind: ActionInitiate, Session: newFor("manual"), Amount: 1000},
				{Kind: ActionDeleteRemote, Session: existingManual, BestEffort: true},
				{Kind: ActionDeleteRemote, Session: existingTest, BestEffort: true},
			},
		},
		{
			name:   "ExistingSessionKeepsItsProvider",
			inputs: []SessionInput{{ProviderID: "test", Amount: 1000, SessionID: "ps_1"}},
			want: []Action{
				{Kind: ActionUpdateRemote, Session: existingManual, Amount: 1000},
				{Kind: ActionDeleteRemote, Session: existingTest, BestEffort: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanCollectionSessions(open, tt.inputs)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("plan = %+v, %v\nwant %+v", got, err, tt.want)
			}
		})
	}

	t.Run("NamedSessionOfDroppedProviderIsRemoved", func(t *testing.T) {
		c := open
		c.RegionProviders = []string{"test"}
		got, err := PlanCollectionSessions(c, []SessionInput{
			{ProviderID: "manual", Amount: 1000, SessionID: "ps_1"},
			{ProviderID: "test", Amount: 1000, SessionID: "ps_2"},
		})
		want := []Action{
			{Kind: ActionUpdateRemote, Session: existingTest, Amount: 1000},
			{Kind: ActionDeleteRemote, Session: existingManual, BestEffort: true},
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("plan = %+v, %v", got, err)
		}
	})
	t.Run("ZeroAmountWithNoInputs", func(t *testing.T) {
		got, err := PlanCollectionSessions(Collection{Status: CollectionNotPaid}, nil)
		if err != nil || got != nil {
			t.Fatalf("plan = %+v, %v", got, err)
		}
	})

	errTests := []struct {
		name    string
		col     Collection
		inputs  []SessionInput
		kind    errs.Kind
		message string
	}{
		{"ErrStatusAwaiting", with2(open, func(c *Collection) { c.Status = CollectionAwaiting }),
			[]SessionInput{{ProviderID: "manual", Amount: 1000}}, errs.NotAllowed,
			"Cannot set payment sessions for a payment collection with status awaiting"},
		{"ErrStatusAuthorized", with2(open, func(c *Collection) { c.Status = CollectionAuthorized }),
			nil, errs.NotAllowed, "Cannot set payment sessions for a payment collection with status authorized"},
		{"ErrStatusCanceled", with2(open, func(c *Collection) { c.Status = CollectionCanceled }),
			nil, errs.NotAllowed, "Cannot set payment sessions for a payment collection with status canceled"},
		{"ErrSumTooLow", open, []SessionInput{{ProviderID: "manual", Amount: 999}},
			errs.InvalidData, "The sum of sessions is not equal to 1000 on Payment Collection"},
		{"ErrSumTooHigh", open, []SessionInput{{ProviderID: "manual", Amount: 600}, {ProviderID: "test", Amount: 600}},
			errs.InvalidData, "The sum of sessions is not equal to 1000 on Payment Collection"},
		{"ErrSumOnlyFromOutsideRegion", open, []SessionInput{{ProviderID: "stripe", Amount: 1000}},
			errs.InvalidData, "The sum of sessions is not equal to 1000 on Payment Collection"},
		{"ErrNoInputs", open, nil,
			errs.InvalidData, "The sum of sessions is not equal to 1000 on Payment Collection"},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := PlanCollectionSessions(tt.col, tt.inputs)
			if plan != nil {
				t.Fatalf("plan = %+v; want none", plan)
			}
			wantErr(t, err, tt.kind, tt.message)
		})
	}
}

func with2(c Collection, change func(*Collection)) Collection {
	change(&c)
	return c
}

func TestCollectionSessionInput(t *testing.T) {
	c := Collection{Amount: 800, RegionProviders: []string{"manual", "test"},
		Sessions: []Session{initiated("ps_1", "test"), initiated("ps_2", "manual"), initiated("ps_3", "manual")}}
	tests := []struct {
		name     string
		provider string
		want     SessionInput
	}{
		{"ReusesFirstSessionOfProvider", "manual", SessionInput{ProviderID: "manual", Amount: 800, SessionID: "ps_2"}},
		{"NewSessionForWholeAmount", "test", SessionInput{ProviderID: "test", Amount: 800, SessionID: "ps_1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CollectionSessionInput(c, tt.provider)
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
	}
	t.Run("NoExistingSession", func(t *testing.T) {
		got, err := CollectionSessionInput(Collection{Amount: 5, RegionProviders: []string{"test"}}, "test")
		if err != nil || got != (SessionInput{ProviderID: "test", Amount: 5}) {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("ErrProviderNotInRegion", func(t *testing.T) {
		_, err := CollectionSessionInput(c, "stripe")
		wantErr(t, err, errs.InvalidData, "Payment provider not found")
	})
}

func TestPlanCollectionRefresh(t *testing.T) {
	plain := initiated("ps_1", "manual")
	paid := authorized(initiated("ps_2", "test"))
	c := Collection{ID: "paycol_1", Amount: 100, AuthorizedAmount: amount(80), Sessions: []Session{plain, paid}}

	tests := []struct {
		name      string
		col       Collection
		sessionID string
		want      CollectionRefresh
	}{
		{"UnauthorizedKeepsAuthorizedAmount", c, "ps_1",
			CollectionRefresh{Action: Action{Kind: ActionRefresh, Session: plain, Amount: 50}, AuthorizedAmount: amount(80)}},
		{"AuthorizedSubtractsItsAmount", c, "ps_2",
			CollectionRefresh{Action: Action{Kind: ActionRefresh, Session: paid, Amount: 50}, AuthorizedAmount: amount(30)}},
		{"NilAuthorizedAmountStaysNil", with2(c, func(c *Collection) { c.AuthorizedAmount = nil }), "ps_2",
			CollectionRefresh{Action: Action{Kind: ActionRefresh, Session: paid, Amount: 50}}},
		{"ZeroAuthorizedAmountStaysZero", with2(c, func(c *Collection) { c.AuthorizedAmount = amount(0) }), "ps_2",
			CollectionRefresh{Action: Action{Kind: ActionRefresh, Session: paid, Amount: 50}, AuthorizedAmount: amount(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanCollectionRefresh(tt.col, "paycol_1", tt.sessionID)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, %v\nwant %+v", got, err, tt.want)
			}
		})
	}
	t.Run("DoesNotChangeTheCollection", func(t *testing.T) {
		PlanCollectionRefresh(c, "paycol_1", "ps_2")
		if *c.AuthorizedAmount != 80 {
			t.Fatal("authorized amount of the input changed")
		}
	})
	t.Run("ErrOtherCollection", func(t *testing.T) {
		_, err := PlanCollectionRefresh(c, "paycol_2", "ps_1")
		wantErr(t, err, errs.NotAllowed, "Payment Session ps_1 does not belong to Payment Collection paycol_2")
	})
	t.Run("ErrSessionNotInCollection", func(t *testing.T) {
		_, err := PlanCollectionRefresh(c, "paycol_1", "ps_9")
		wantErr(t, err, errs.NotAllowed, "Session with id ps_9 was not found")
	})
	t.Run("ErrNoCollectionForSession", func(t *testing.T) {
		wantErr(t, CollectionOfSessionNotFound("ps_9"), errs.NotFound,
			"Payment collection related to Payment Session id ps_9 was not found")
	})
}

func TestPlanCollectionAuthorization(t *testing.T) {
	a := local("ps_a", "manual")
	b := authorized(initiated("ps_b", "test"))
	c := initiated("ps_c", "test")
	col := Collection{ID: "paycol_1", Status: CollectionNotPaid, Amount: 150, Sessions: []Session{a, b, c}}

	tests := []struct {
		name string
		col  Collection
		ids  []string
		want CollectionAuthorization
	}{
		{"RequestedUnauthorizedSessions", col, []string{"ps_a", "ps_b", "ps_c"}, CollectionAuthorization{Authorize: []Session{a, c}}},
		{"OnlyRequestedSessions", col, []string{"ps_c"}, CollectionAuthorization{Authorize: []Session{c}}},
		{"NothingRequested", col, nil, CollectionAuthorization{}},
		{"FullyAuthorizedIsUnchanged", with2(col, func(c *Collection) { c.AuthorizedAmount = amount(150) }), []string{"ps_a"},
			CollectionAuthorization{Unchanged: true}},
		{"PartlyAuthorizedContinues", with2(col, func(c *Collection) { c.AuthorizedAmount = amount(50) }), []string{"ps_a"},
			CollectionAuthorization{Authorize: []Session{a}}},
		{"ZeroAmountNeedsNoSession", Collection{Amount: 0}, nil, CollectionAuthorization{}},
		{"NegativeAmountNeedsNoSession", Collection{Amount: -3}, nil, CollectionAuthorization{}},
		{"ZeroAmountWithZeroAuthorizedIsUnchanged", Collection{Amount: 0, AuthorizedAmount: amount(0)}, nil,
			CollectionAuthorization{Unchanged: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanCollectionAuthorization(tt.col, tt.ids)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, %v\nwant %+v", got, err, tt.want)
			}
		})
	}
	t.Run("ErrNoSessions", func(t *testing.T) {
		_, err := PlanCollectionAuthorization(Collection{Amount: 10}, []string{"ps_a"})
		wantErr(t, err, errs.NotAllowed, "You cannot complete a Payment Collection without a payment session.")
	})
}

func TestSettleCollectionAuthorization(t *testing.T) {
	s40 := with(local("ps_1", "test"), func(s *Session) { s.Amount = 40 })
	s60 := with(local("ps_2", "test"), func(s *Session) { s.Amount = 60 })
	s70 := with(local("ps_3", "test"), func(s *Session) { s.Amount = 70 })
	tests := []struct {
		name       string
		col        Collection
		sessions   []Session
		wantStatus CollectionStatus
		wantAmount int64
	}{
		{"NoneAuthorizedIsAwaiting", Collection{Amount: 100, Status: CollectionNotPaid}, []Session{s40, s60}, CollectionAwaiting, 0},
		{"SomeAuthorizedIsPartial", Collection{Amount: 100, Status: CollectionNotPaid}, []Session{authorized(s40), s60}, CollectionPartiallyAuthorized, 40},
		{"AllAuthorizedIsAuthorized", Collection{Amount: 100, Status: CollectionAwaiting}, []Session{authorized(s40), authorized(s60)}, CollectionAuthorized, 100},
		{"StatusWithoutAuthorizedAtDoesNotCount", Collection{Amount: 100, Status: CollectionNotPaid},
			[]Session{with(s40, func(s *Session) { s.Status = StatusAuthorized })}, CollectionAwaiting, 0},
		{"OverAuthorizedKeepsStatus", Collection{Amount: 100, Status: CollectionPartiallyAuthorized},
			[]Session{authorized(s40), authorized(s70)}, CollectionPartiallyAuthorized, 110},
		{"ZeroAmountIsAuthorized", Collection{Amount: 0, Status: CollectionNotPaid}, nil, CollectionAuthorized, 0},
		{"NegativeAmountIsAuthorizedWithZero", Collection{Amount: -5, Status: CollectionNotPaid}, []Session{authorized(s40)}, CollectionAuthorized, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, got := SettleCollectionAuthorization(tt.col, tt.sessions)
			if status != tt.wantStatus || got != tt.wantAmount {
				t.Fatalf("got %s %d; want %s %d", status, got, tt.wantStatus, tt.wantAmount)
			}
		})
	}
}

func TestSessionAuthorizationFailed(t *testing.T) {
	err := SessionAuthorizationFailed("paycol_1")
	wantErr(t, err, errs.PaymentAuthorization, `Failed to authorize Payment Session id "paycol_1"`)
}

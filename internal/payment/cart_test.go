package payment

import (
	"reflect"
	"testing"

	"github.com/storegraph/storegraph/internal/errs"
)

// Session fixtures: unselected local (l), unselected initiated (i),
// selected initiated (si), selected but not initiated (sl).
func local(id, provider string) Session {
	return Session{ID: id, ProviderID: provider, Status: StatusPending, Amount: 50, Data: data{}}
}

func initiated(id, provider string) Session {
	return with(local(id, provider), func(s *Session) { s.Initiated = true; s.Data = data{"remote": id} })
}

func selectedInitiated(id, provider string) Session {
	return with(initiated(id, provider), func(s *Session) { s.Selected = true })
}

func selectedLocal(id, provider string) Session {
	return with(local(id, provider), func(s *Session) { s.Selected = true })
}

func newFor(provider string) Session { return Session{ProviderID: provider} }

func TestPlanSetSessions(t *testing.T) {
	tests := []struct {
		name string
		cart Cart
		want []Action
	}{
		{
			name: "ZeroTotalDeletesEverySession",
			cart: Cart{Total: 0, RegionProviders: []string{"manual", "test"},
				Sessions: []Session{local("ps_1", "manual"), selectedInitiated("ps_2", "test")}},
			want: []Action{
				{Kind: ActionDeleteLocal, Session: local("ps_1", "manual")},
				{Kind: ActionDeleteRemote, Session: selectedInitiated("ps_2", "test")},
			},
		},
		{
			name: "NegativeTotalDeletesEverySession",
			cart: Cart{Total: -5, RegionProviders: []string{"manual"}, Sessions: []Session{initiated("ps_1", "manual")}},
			want: []Action{{Kind: ActionDeleteRemote, Session: initiated("ps_1", "manual")}},
		},
		{
			name: "ZeroTotalWithoutSessionsDoesNothing",
			cart: Cart{Total: 0, RegionProviders: []string{"manual"}},
			want: nil,
		},
		{
			name: "FirstCallCreatesLocalSessionPerProvider",
			cart: Cart{Total: 1000, RegionProviders: []string{"manual", "test"}},
			want: []Action{
				{Kind: ActionCreateLocal, Session: newFor("manual"), Amount: 1000},
				{Kind: ActionCreateLocal, Session: newFor("test"), Amount: 1000},
			},
		},
		{
			name: "SingleProviderCreatesRemoteAndSelects",
			cart: Cart{Total: 1000, RegionProviders: []string{"manual"}},
			want: []Action{{Kind: ActionInitiate, Session: newFor("manual"), Amount: 1000, Select: true}},
		},
		{
			name: "SingleProviderReusesItsLocalSession",
			cart: Cart{Total: 1000, RegionProviders: []string{"manual"}, Sessions: []Session{local("ps_1", "manual")}},
			want: []Action{{Kind: ActionInitiate, Session: local("ps_1", "manual"), Amount: 1000, Select: true}},
		},
		{
			name: "SingleProviderReplacesItsInitiatedSession",
			cart: Cart{Total: 1000, RegionProviders: []string{"manual"}, Sessions: []Session{initiated("ps_1", "manual")}},
			want: []Action{{Kind: ActionRefresh, Session: initiated("ps_1", "manual"), Amount: 1000, Select: true}},
		},
		{
			name: "SingleProviderWithSelectionUpdatesIt",
			cart: Cart{Total: 1000, RegionProviders: []string{"manual"}, Sessions: []Session{selectedInitiated("ps_1", "manual")}},
			want: []Action{{Kind: ActionUpdateRemote, Session: selectedInitiated("ps_1", "manual"), Amount: 1000}},
		},
		{
			// The selection is read before deleting: a selected session of a
			// provider that left the region still counts as a selection.
			name: "SingleProviderSelectionOutsideRegionCreatesLocal",
			cart: Cart{Total: 1000, RegionProviders: []string{"manual"}, Sessions: []Session{selectedInitiated("ps_1", "stripe")}},
			want: []Action{
				{Kind: ActionDeleteRemote, Session: selectedInitiated("ps_1", "stripe")},
				{Kind: ActionCreateLocal, Session: newFor("manual"), Amount: 1000},
			},
		},
		{
			name: "SingleProviderDropsOthersThenInitiates",
			cart: Cart{Total: 1000, RegionProviders: []string{"manual"}, Sessions: []Session{local("ps_1", "stripe")}},
			want: []Action{
				{Kind: ActionDeleteLocal, Session: local("ps_1", "stripe")},
				{Kind: ActionInitiate, Session: newFor("manual"), Amount: 1000, Select: true},
			},
		},
		{
			name: "ExistingSessionsFollowTheirState",
			cart: Cart{Total: 1200, RegionProviders: []string{"manual", "test", "card", "extra"},
				Sessions: []Session{
					selectedInitiated("ps_1", "manual"),
					initiated("ps_2", "test"),
					local("ps_3", "card"),
					initiated("ps_4", "gone"),
					local("ps_5", "also-gone"),
				}},
			want: []Action{
				{Kind: ActionUpdateRemote, Session: selectedInitiated("ps_1", "manual"), Amount: 1200},
				{Kind: ActionRecreate, Session: initiated("ps_2", "test"), Amount: 1200},
				{Kind: ActionSetAmount, Session: local("ps_3", "card"), Amount: 1200},
				{Kind: ActionDeleteRemote, Session: initiated("ps_4", "gone")},
				{Kind: ActionDeleteLocal, Session: local("ps_5", "also-gone")},
				{Kind: ActionCreateLocal, Session: newFor("extra"), Amount: 1200},
			},
		},
		{
			name: "SelectedButNotInitiatedOnlyTakesAmount",
			cart: Cart{Total: 900, RegionProviders: []string{"manual", "test"},
				Sessions: []Session{selectedLocal("ps_1", "manual"), local("ps_2", "test")}},
			want: []Action{
				{Kind: ActionSetAmount, Session: selectedLocal("ps_1", "manual"), Amount: 900},
				{Kind: ActionSetAmount, Session: local("ps_2", "test"), Amount: 900},
			},
		},
		{
			name: "DuplicateRegionProviderCreatedOnce",
			cart: Cart{Total: 900, RegionProviders: []string{"manual", "test", "manual"}},
			want: []Action{
				{Kind: ActionCreateLocal, Session: newFor("manual"), Amount: 900},
				{Kind: ActionCreateLocal, Session: newFor("test"), Amount: 900},
			},
		},
		{
			name: "NoRegionProvidersDropsEverything",
			cart: Cart{Total: 900, Sessions: []Session{local("ps_1", "manual")}},
			want: []Action{{Kind: ActionDeleteLocal, Session: local("ps_1", "manual")}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlanSetSessions(tt.cart); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("plan = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPlanSelect(t *testing.T) {
	region := []string{"manual", "test"}
	tests := []struct {
		name     string
		cart     Cart
		provider string
		want     []Action
	}{
		{
			name:     "LocalSessionIsInitiated",
			cart:     Cart{Total: 700, RegionProviders: region, Sessions: []Session{local("ps_1", "manual"), local("ps_2", "test")}},
			provider: "test",
			want:     []Action{{Kind: ActionInitiate, Session: local("ps_2", "test"), Amount: 700, Select: true}},
		},
		{
			name:     "InitiatedSessionIsUpdated",
			cart:     Cart{Total: 700, RegionProviders: region, Sessions: []Session{initiated("ps_1", "manual")}},
			provider: "manual",
			want:     []Action{{Kind: ActionUpdateRemote, Session: initiated("ps_1", "manual"), Amount: 700, Select: true}},
		},
		{
			name:     "ReselectingTheSelectedSessionUpdatesIt",
			cart:     Cart{Total: 700, RegionProviders: region, Sessions: []Session{selectedInitiated("ps_1", "manual"), local("ps_2", "test")}},
			provider: "manual",
			want:     []Action{{Kind: ActionUpdateRemote, Session: selectedInitiated("ps_1", "manual"), Amount: 700, Select: true}},
		},
		{
			name: "PreviousSelectionIsReleased",
			cart: Cart{Total: 700, RegionProviders: region,
				Sessions: []Session{selectedInitiated("ps_1", "manual"), local("ps_2", "test")}},
			provider: "test",
			want: []Action{
				{Kind: ActionRelease, Session: selectedInitiated("ps_1", "manual")},
				{Kind: ActionInitiate, Session: local("ps_2", "test"), Amount: 700, Select: true},
			},
		},
		{
			name: "OtherFlagsAreClearedLocally",
			cart: Cart{Total: 700, RegionProviders: []string{"manual", "test", "card"},
				Sessions: []Session{selectedLocal("ps_1", "manual"), initiated("ps_2", "card"), local("ps_3", "test")}},
			provider: "test",
			want: []Action{
				{Kind: ActionReset, Session: selectedLocal("ps_1", "manual")},
				{Kind: ActionReset, Session: initiated("ps_2", "card")},
				{Kind: ActionInitiate, Session: local("ps_3", "test"), Amount: 700, Select: true},
			},
		},
		{
			name:     "SystemOutsideRegionIsAllowed",
			cart:     Cart{Total: 700, RegionProviders: region, Sessions: []Session{local("ps_1", "system")}},
			provider: "system",
			want:     []Action{{Kind: ActionInitiate, Session: local("ps_1", "system"), Amount: 700, Select: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanSelect(tt.cart, tt.provider)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("plan = %+v, %v\nwant %+v", got, err, tt.want)
			}
		})
	}

	errTests := []struct {
		name     string
		cart     Cart
		provider string
		kind     errs.Kind
		message  string
	}{
		{"ErrProviderNotInRegion", Cart{RegionProviders: region, Sessions: []Session{local("ps_1", "stripe")}},
			"stripe", errs.NotAllowed, "The payment method is not available in this region"},
		{"ErrNoSessionForProvider", Cart{RegionProviders: region, Sessions: []Session{local("ps_1", "manual")}},
			"test", errs.NotFound, "Could not find payment session"},
		{"ErrSystemWithoutSession", Cart{RegionProviders: region},
			"system", errs.NotFound, "Could not find payment session"},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := PlanSelect(tt.cart, tt.provider)
			if plan != nil {
				t.Fatalf("plan = %+v; want none", plan)
			}
			wantErr(t, err, tt.kind, tt.message)
		})
	}
}

func TestPlanDelete(t *testing.T) {
	sessions := []Session{
		local("ps_1", "manual"),
		initiated("ps_2", "test"),
		selectedLocal("ps_3", "card"),
		selectedInitiated("ps_4", "bank"),
	}
	tests := []struct {
		name     string
		provider string
		want     []Action
	}{
		{"LocalOnlyRemovesRow", "manual", []Action{{Kind: ActionDeleteLocal, Session: sessions[0]}}},
		{"InitiatedDeletesRemotely", "test", []Action{{Kind: ActionDeleteRemote, Session: sessions[1]}}},
		{"SelectedDeletesRemotely", "card", []Action{{Kind: ActionDeleteRemote, Session: sessions[2]}}},
		{"SelectedInitiatedDeletesRemotely", "bank", []Action{{Kind: ActionDeleteRemote, Session: sessions[3]}}},
		{"UnknownProviderIsNoOp", "stripe", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlanDelete(Cart{Sessions: sessions}, tt.provider); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("plan = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPlanRefresh(t *testing.T) {
	sessions := []Session{selectedInitiated("ps_1", "manual"), initiated("ps_2", "test"), local("ps_3", "card")}
	cart := Cart{Total: 321, RegionProviders: []string{"manual", "test", "card"}, Sessions: sessions}
	tests := []struct {
		name     string
		provider string
		want     []Action
	}{
		// Contract deviation 2: the new session stays selected.
		{"SelectedIsReplacedAndStaysSelected", "manual", []Action{{Kind: ActionRefresh, Session: sessions[0], Amount: 321, Select: true}}},
		{"UnselectedInitiatedTakesAmount", "test", []Action{{Kind: ActionSetAmount, Session: sessions[1], Amount: 321}}},
		{"UnselectedLocalTakesAmount", "card", []Action{{Kind: ActionSetAmount, Session: sessions[2], Amount: 321}}},
		{"UnknownProviderIsNoOp", "stripe", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PlanRefresh(cart, tt.provider); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("plan = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPlanCartAuthorization(t *testing.T) {
	chosen := selectedInitiated("ps_2", "test")
	tests := []struct {
		name    string
		cart    Cart
		want    CartAuthorization
		wantErr string
	}{
		{"ZeroTotalIsFree", Cart{Total: 0}, CartAuthorization{Free: true}, ""},
		{"NegativeTotalIsFree", Cart{Total: -1, Sessions: []Session{chosen}}, CartAuthorization{Free: true}, ""},
		{"SelectedSessionIsAuthorized", Cart{Total: 10, Sessions: []Session{local("ps_1", "manual"), chosen}}, CartAuthorization{Session: chosen}, ""},
		{"ErrNoSelectedSession", Cart{Total: 10, Sessions: []Session{local("ps_1", "manual")}}, CartAuthorization{},
			"You cannot complete a cart without a payment session."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PlanCartAuthorization(tt.cart)
			if tt.wantErr != "" {
				wantErr(t, err, errs.NotAllowed, tt.wantErr)
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
	}
}

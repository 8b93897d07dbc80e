package payment

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
)

// stub is a provider whose answers a test sets, and which records calls.
type stub struct {
	id         string
	err        error          // returned by every call when set
	updateData map[string]any // UpdatePayment's answer (nil: no change)
	initData   map[string]any
	methods    []map[string]any
	calls      []string
}

func (s *stub) ID() string { return s.id }
func (s *stub) record(call string) error {
	s.calls = append(s.calls, call)
	return s.err
}
func (s *stub) InitiatePayment(_ context.Context, sc SessionContext) (map[string]any, error) {
	return s.initData, s.record("initiate")
}
func (s *stub) UpdatePayment(_ context.Context, sc SessionContext) (map[string]any, error) {
	return s.updateData, s.record("update")
}
func (s *stub) UpdatePaymentData(context.Context, map[string]any, map[string]any) (map[string]any, error) {
	return nil, s.record("update_data")
}
func (s *stub) RetrievePayment(context.Context, map[string]any) (map[string]any, error) {
	return nil, s.record("retrieve")
}
func (s *stub) AuthorizePayment(context.Context, map[string]any, map[string]any) (Authorization, error) {
	return Authorization{Status: StatusPending, Data: data{"stub": true}}, s.record("authorize")
}
func (s *stub) CancelPayment(context.Context, map[string]any) (map[string]any, error) {
	return nil, s.record("cancel")
}
func (s *stub) DeletePayment(context.Context, map[string]any) error { return s.record("delete") }
func (s *stub) GetPaymentStatus(context.Context, map[string]any) (Status, error) {
	return StatusPending, s.record("status")
}
func (s *stub) CapturePayment(context.Context, map[string]any) (map[string]any, error) {
	return nil, s.record("capture")
}
func (s *stub) RefundPayment(context.Context, map[string]any, int64) (map[string]any, error) {
	return nil, s.record("refund")
}
func (s *stub) RetrieveSavedMethods(context.Context, Customer) ([]map[string]any, error) {
	return s.methods, s.record("saved_methods")
}

func wantErr(t *testing.T, err error, kind errs.Kind, message string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v; want %s %q", err, kind, message)
	}
	if e.Kind != kind || e.Message != message {
		t.Fatalf("err = %s %q; want %s %q", e.Kind, e.Message, kind, message)
	}
}

func TestRegistryLookup(t *testing.T) {
	t.Run("SystemAlwaysRegistered", func(t *testing.T) {
		p, err := NewRegistry().Provider("system")
		if err != nil || p.ID() != "system" {
			t.Fatalf("got %v, %v", p, err)
		}
	})
	t.Run("ErrUnknownProvider", func(t *testing.T) {
		_, err := NewRegistry(Manual{}).Provider("stripe")
		wantErr(t, err, errs.NotFound, "Could not find a payment provider with id: stripe")
	})
	t.Run("DefaultHasBuiltins", func(t *testing.T) {
		if got := DefaultRegistry().IDs(); !reflect.DeepEqual(got, []string{"manual", "system", "test"}) {
			t.Fatalf("IDs = %v", got)
		}
	})
	t.Run("LaterRegistrationWins", func(t *testing.T) {
		custom := &stub{id: "system"}
		p, _ := NewRegistry(custom).Provider("system")
		p.DeletePayment(context.Background(), nil)
		if len(custom.calls) != 1 {
			t.Fatal("the given system provider was not used")
		}
	})
}

// Ensure provider errors come out as Medusa's errors, whichever method fails.
func TestRegistryProviderErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		err        error
		wantKind   errs.Kind
		wantMsg    string
		wantReason string
	}{
		{"ProcessorErrorWithDetail", &ProcessorError{Message: "Card declined", Code: "card_declined", Detail: "insufficient funds"},
			errs.InvalidData, "Card declined:\ninsufficient funds", "card_declined"},
		{"ProcessorErrorWithoutDetail", &ProcessorError{Message: "Card declined"}, errs.InvalidData, "Card declined", ""},
		{"WrappedProcessorError", errorsJoin(&ProcessorError{Message: "Boom", Code: "x"}), errs.InvalidData, "Boom", "x"},
		{"ClassifiedErrorPassesThrough", errs.NotAllowedf("nope"), errs.NotAllowed, "nope", ""},
		{"PlainErrorIsInternal", errors.New("socket closed"), errs.Internal, "payment provider flaky", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := NewRegistry(&stub{id: "flaky", err: tt.err}).Provider("flaky")
			calls := map[string]func() error{
				"InitiatePayment":   func() error { _, err := p.InitiatePayment(ctx, SessionContext{}); return err },
				"UpdatePayment":     func() error { _, err := p.UpdatePayment(ctx, SessionContext{}); return err },
				"UpdatePaymentData": func() error { _, err := p.UpdatePaymentData(ctx, nil, nil); return err },
				"RetrievePayment":   func() error { _, err := p.RetrievePayment(ctx, nil); return err },
				"AuthorizePayment":  func() error { _, err := p.AuthorizePayment(ctx, nil, nil); return err },
				"CancelPayment":     func() error { _, err := p.CancelPayment(ctx, nil); return err },
				"DeletePayment":     func() error { return p.DeletePayment(ctx, nil) },
				"GetPaymentStatus":  func() error { _, err := p.GetPaymentStatus(ctx, nil); return err },
				"CapturePayment":    func() error { _, err := p.CapturePayment(ctx, nil); return err },
				"RefundPayment":     func() error { _, err := p.RefundPayment(ctx, nil, 1); return err },
				"RetrieveSaved":     func() error { _, err := p.RetrieveSavedMethods(ctx, Customer{}); return err },
			}
			for name, call := range calls {
				var e *errs.Error
				err := call()
				if !errors.As(err, &e) || e.Kind != tt.wantKind || e.Message != tt.wantMsg || e.Reason != tt.wantReason {
					t.Errorf("%s: err = %#v; want %s %q reason %q", name, err, tt.wantKind, tt.wantMsg, tt.wantReason)
				}
			}
		})
	}
	t.Run("NoErrorStaysNil", func(t *testing.T) {
		p, _ := NewRegistry(&stub{id: "ok"}).Provider("ok")
		if err := p.DeletePayment(ctx, nil); err != nil {
			t.Fatal(err)
		}
	})
}

func errorsJoin(err error) error { return errors.Join(errors.New("context"), err) }

func TestRegistrySavedMethods(t *testing.T) {
	ctx := context.Background()
	card := &stub{id: "card", methods: []map[string]any{{"last4": "4242"}, {"last4": "1881"}}}
	r := NewRegistry(Manual{}, card)
	t.Run("CollectsAcrossProviders", func(t *testing.T) {
		got, err := r.SavedMethods(ctx, Customer{ID: "cus_1"}, []string{"manual", "card"})
		want := []SavedMethod{{"card", data{"last4": "4242"}}, {"card", data{"last4": "1881"}}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, %v", got, err)
		}
	})
	t.Run("ErrUnknownProvider", func(t *testing.T) {
		_, err := r.SavedMethods(ctx, Customer{}, []string{"manual", "gone"})
		wantErr(t, err, errs.NotFound, "Could not find a payment provider with id: gone")
	})
	t.Run("ErrProvider", func(t *testing.T) {
		broken := NewRegistry(&stub{id: "card", err: &ProcessorError{Message: "down"}})
		_, err := broken.SavedMethods(ctx, Customer{}, []string{"card"})
		wantErr(t, err, errs.InvalidData, "down")
	})
}

func TestRegistryAuthorize(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	r := DefaultRegistry()
	tests := []struct {
		name       string
		session    Session
		wantStatus Status
		wantData   map[string]any
		wantAt     time.Time
	}{
		{"ManualAuthorizes", Session{ProviderID: "manual", Status: StatusPending, Data: data{"status": "pending"}},
			StatusAuthorized, data{"status": "authorized"}, now},
		{"TestPendingKeepsAuthorizedAtZero", Session{ProviderID: "test", Status: StatusPending, Data: data{"outcome": "pending"}},
			StatusPending, data{"outcome": "pending", "status": "pending"}, time.Time{}},
		{"SystemAuthorizes", Session{ProviderID: "system", Data: data{}}, StatusAuthorized, data{}, now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Authorize(ctx, tt.session, data{"idempotency_key": "k"}, now)
			if err != nil || got.Status != tt.wantStatus || !reflect.DeepEqual(got.Data, tt.wantData) || !got.AuthorizedAt.Equal(tt.wantAt) {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
	}
	t.Run("ErrDeclined", func(t *testing.T) {
		s := Session{ProviderID: "test", Status: StatusPending, Data: data{"outcome": "error"}}
		got, err := r.Authorize(ctx, s, nil, now)
		wantErr(t, err, errs.InvalidData, "Payment was declined:\ntest provider outcome \"error\"")
		if errs.KindOf(err) != errs.InvalidData || err.(*errs.Error).Reason != "payment_declined" {
			t.Fatalf("reason = %v", err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Fatalf("session changed on error: %+v", got)
		}
	})
	t.Run("ErrUnknownProvider", func(t *testing.T) {
		_, err := r.Authorize(ctx, Session{ProviderID: "nope"}, nil, now)
		wantErr(t, err, errs.NotFound, "Could not find a payment provider with id: nope")
	})
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	base := SessionContext{CurrencyCode: "usd", Email: "a@b.c", ResourceID: "cart_1"}
	manualInitiated := Session{ID: "ps_m", ProviderID: "manual", Selected: true, Initiated: true,
		Status: StatusPending, Amount: 100, Data: data{"status": "pending"}}
	testLocal := Session{ID: "ps_t", ProviderID: "test", Status: StatusPending, Amount: 100, Data: data{}}

	// newRow stands for a row with a fresh ps_ id.
	const newRow = "<new>"
	tests := []struct {
		name   string
		action Action
		want   Changes
	}{
		{"DeleteLocal", Action{Kind: ActionDeleteLocal, Session: testLocal},
			Changes{{OpDelete, testLocal}}},
		{"DeleteRemote", Action{Kind: ActionDeleteRemote, Session: manualInitiated},
			Changes{{OpDelete, manualInitiated}}},
		{"SetAmount", Action{Kind: ActionSetAmount, Session: testLocal, Amount: 250},
			Changes{{OpUpdate, with(testLocal, func(s *Session) { s.Amount = 250 })}}},
		{"Reset", Action{Kind: ActionReset, Session: manualInitiated},
			Changes{{OpUpdate, with(manualInitiated, func(s *Session) { s.Selected, s.Initiated = false, false })}}},
		{"Release", Action{Kind: ActionRelease, Session: manualInitiated},
			Changes{{OpUpdate, with(manualInitiated, func(s *Session) { s.Selected, s.Initiated = false, false })}}},
		{"Recreate", Action{Kind: ActionRecreate, Session: manualInitiated, Amount: 300},
			Changes{{OpDelete, manualInitiated}, {OpInsert, Session{ID: newRow, ProviderID: "manual", Status: StatusPending, Amount: 300, Data: data{}}}}},
		{"CreateLocal", Action{Kind: ActionCreateLocal, Session: Session{ProviderID: "test"}, Amount: 300},
			Changes{{OpInsert, Session{ID: newRow, ProviderID: "test", Status: StatusPending, Amount: 300, Data: data{}}}}},
		{"UpdateRemoteSavesDataAndAmount", Action{Kind: ActionUpdateRemote, Session: manualInitiated, Amount: 400},
			Changes{{OpUpdate, with(manualInitiated, func(s *Session) { s.Amount = 400 })}}},
		{"UpdateRemoteSelects", Action{Kind: ActionUpdateRemote, Session: with(manualInitiated, func(s *Session) { s.Selected = false }), Amount: 400, Select: true},
			Changes{{OpUpdate, with(manualInitiated, func(s *Session) { s.Amount = 400 })}}},
		{"InitiateExistingRow", Action{Kind: ActionInitiate, Session: with(testLocal, func(s *Session) { s.Data = data{"outcome": "pending"} }), Amount: 500, Select: true},
			Changes{{OpUpdate, Session{ID: "ps_t", ProviderID: "test", Selected: true, Initiated: true, Status: StatusPending, Amount: 500, Data: data{}}}}},
		{"InitiateNewRow", Action{Kind: ActionInitiate, Session: Session{ProviderID: "manual"}, Amount: 500},
			Changes{{OpInsert, Session{ID: newRow, ProviderID: "manual", Initiated: true, Status: StatusPending, Amount: 500, Data: data{"status": "pending"}}}}},
		{"RefreshSelected", Action{Kind: ActionRefresh, Session: manualInitiated, Amount: 600, Select: true},
			Changes{{OpDelete, manualInitiated}, {OpInsert, Session{ID: newRow, ProviderID: "manual", Selected: true, Initiated: true, Status: StatusPending, Amount: 600, Data: data{"status": "pending"}}}}},
		{"RefreshUnselected", Action{Kind: ActionRefresh, Session: manualInitiated, Amount: 600},
			Changes{{OpDelete, manualInitiated}, {OpInsert, Session{ID: newRow, ProviderID: "manual", Initiated: true, Status: StatusPending, Amount: 600, Data: data{"status": "pending"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DefaultRegistry().Apply(ctx, base, []Action{tt.action})
			if err != nil {
				t.Fatal(err)
			}
			assertChanges(t, got, tt.want, newRow)
		})
	}

	t.Run("UpdateRemoteNilDataKeepsRow", func(t *testing.T) {
		p := &stub{id: "ext"}
		s := Session{ID: "ps_e", ProviderID: "ext", Initiated: true, Amount: 100, Data: data{"id": "pi_1"}}
		got, err := NewRegistry(p).Apply(ctx, base, []Action{{Kind: ActionUpdateRemote, Session: s, Amount: 900}})
		if err != nil {
			t.Fatal(err)
		}
		assertChanges(t, got, Changes{{OpUpdate, s}}, newRow)

		got, _ = NewRegistry(p).Apply(ctx, base, []Action{{Kind: ActionUpdateRemote, Session: with(s, func(s *Session) { s.Initiated = false }), Amount: 900, Select: true}})
		assertChanges(t, got, Changes{{OpUpdate, with(s, func(s *Session) { s.Selected = true })}}, newRow)
	})
	t.Run("InitiateNilDataBecomesEmpty", func(t *testing.T) {
		got, err := NewRegistry(&stub{id: "ext"}).Apply(ctx, base, []Action{{Kind: ActionInitiate, Session: Session{ProviderID: "ext"}, Amount: 1}})
		if err != nil || got[0].Session.Data == nil {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("ProviderGetsAmountAndData", func(t *testing.T) {
		rec := &recorder{}
		_, err := NewRegistry(rec).Apply(ctx, base, []Action{
			{Kind: ActionInitiate, Session: Session{ID: "ps_1", ProviderID: "rec", Data: data{"old": 1}}, Amount: 700},
			{Kind: ActionUpdateRemote, Session: Session{ID: "ps_1", ProviderID: "rec", Data: data{"cur": 1}}, Amount: 800},
		})
		if err != nil {
			t.Fatal(err)
		}
		wantInit := base
		wantInit.Amount, wantInit.SessionData = 700, data{}
		wantUpdate := base
		wantUpdate.Amount, wantUpdate.SessionData = 800, data{"cur": 1}
		if !reflect.DeepEqual(rec.contexts, []SessionContext{wantInit, wantUpdate}) {
			t.Fatalf("contexts = %+v", rec.contexts)
		}
	})
	t.Run("ErrInitiateWithoutCurrency", func(t *testing.T) {
		for _, kind := range []ActionKind{ActionInitiate, ActionRefresh} {
			_, err := DefaultRegistry().Apply(ctx, SessionContext{}, []Action{{Kind: kind, Session: Session{ProviderID: "manual"}, Amount: 1}})
			wantErr(t, err, errs.InvalidArgument, "`currency_code` and `amount` are required to create payment session.")
		}
	})
	t.Run("ErrProviderStopsTheRun", func(t *testing.T) {
		failing := &stub{id: "ext", err: &ProcessorError{Message: "gateway down", Code: "api_error", Detail: "503"}}
		s := Session{ID: "ps_e", ProviderID: "ext", Initiated: true}
		for _, kind := range []ActionKind{ActionDeleteRemote, ActionRelease, ActionRecreate, ActionUpdateRemote, ActionInitiate, ActionRefresh} {
			got, err := NewRegistry(failing).Apply(ctx, base, []Action{{Kind: ActionSetAmount, Session: s}, {Kind: kind, Session: s, Amount: 1}})
			if got != nil {
				t.Errorf("%s: changes = %v; want none", kind, got)
			}
			wantErr(t, err, errs.InvalidData, "gateway down:\n503")
		}
	})
	t.Run("ErrUnknownProvider", func(t *testing.T) {
		for _, kind := range []ActionKind{ActionDeleteRemote, ActionRelease, ActionRecreate, ActionUpdateRemote, ActionInitiate, ActionRefresh} {
			_, err := DefaultRegistry().Apply(ctx, base, []Action{{Kind: kind, Session: Session{ID: "ps_x", ProviderID: "gone"}}})
			wantErr(t, err, errs.NotFound, "Could not find a payment provider with id: gone")
		}
	})
	t.Run("BestEffortDeleteIgnoresProviderErrors", func(t *testing.T) {
		failing := &stub{id: "ext", err: errors.New("boom")}
		s := Session{ID: "ps_e", ProviderID: "ext", Initiated: true}
		gone := Session{ID: "ps_g", ProviderID: "gone"}
		got, err := NewRegistry(failing).Apply(ctx, base, []Action{
			{Kind: ActionDeleteRemote, Session: s, BestEffort: true},
			{Kind: ActionDeleteRemote, Session: gone, BestEffort: true},
		})
		if err != nil {
			t.Fatal(err)
		}
		assertChanges(t, got, Changes{{OpDelete, s}, {OpDelete, gone}}, newRow)
	})
	t.Run("ErrUnknownAction", func(t *testing.T) {
		_, err := DefaultRegistry().Apply(ctx, base, []Action{{Kind: "explode"}})
		if errs.KindOf(err) != errs.Internal {
			t.Fatalf("err = %v", err)
		}
	})
}

// recorder records the contexts providers are given.
type recorder struct {
	stub
	contexts []SessionContext
}

func (r *recorder) ID() string { return "rec" }
func (r *recorder) InitiatePayment(_ context.Context, sc SessionContext) (map[string]any, error) {
	r.contexts = append(r.contexts, sc)
	return data{}, nil
}
func (r *recorder) UpdatePayment(_ context.Context, sc SessionContext) (map[string]any, error) {
	r.contexts = append(r.contexts, sc)
	return nil, nil
}

func with(s Session, change func(*Session)) Session {
	change(&s)
	return s
}

// assertChanges compares changes, accepting any ps_ id where want has newID.
func assertChanges(t *testing.T, got, want Changes, newID string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("changes = %+v\nwant %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if w.Session.ID == newID {
			if !strings.HasPrefix(g.Session.ID, "ps_") {
				t.Fatalf("change %d: id %q is not a new ps_ id", i, g.Session.ID)
			}
			w.Session.ID = g.Session.ID
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatalf("change %d = %+v\nwant %+v", i, g, w)
		}
	}
}

func TestChangesSaved(t *testing.T) {
	a := Session{ID: "ps_a", Amount: 1}
	b := Session{ID: "ps_b", Amount: 2}
	c := Session{ID: "ps_c", Amount: 3}
	changes := Changes{
		{OpUpdate, a},
		{OpInsert, b},
		{OpDelete, Session{ID: "ps_old"}},
		{OpUpdate, with(a, func(s *Session) { s.Amount = 10 })},
		{OpInsert, c},
		{OpDelete, c},
	}
	want := []Session{with(a, func(s *Session) { s.Amount = 10 }), b}
	if got := changes.Saved(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Saved = %+v", got)
	}
}

package payment

import (
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
)

// Registry finds providers by id. The system provider is always there.
type Registry struct {
	byID map[string]Provider
}

// NewRegistry registers the system provider and then the given ones; a
// provider with an id already registered replaces the earlier one.
func NewRegistry(providers ...Provider) *Registry {
	r := &Registry{byID: map[string]Provider{SystemProviderID: System{}}}
	for _, p := range providers {
		r.byID[p.ID()] = p
	}
	return r
}

// DefaultRegistry holds the built-in providers: system, manual and test.
func DefaultRegistry() *Registry {
	return NewRegistry(Manual{}, Test{})
}

// IDs lists the registered provider ids, sorted.
func (r *Registry) IDs() []string {
	return slices.Sorted(maps.Keys(r.byID))
}

// Provider returns the provider with the id. Its errors are already Medusa's:
// a *ProcessorError comes back as INVALID_DATA "error[:\ndetail]" with the
// processor's code as Reason.
func (r *Registry) Provider(id string) (Provider, error) {
	p, ok := r.byID[id]
	if !ok {
		return nil, errs.NotFoundf("Could not find a payment provider with id: %s", id)
	}
	return guarded{p}, nil
}

// SavedMethods lists a customer's saved payment methods across the given
// providers (Medusa asks every provider in its payment_provider table).
func (r *Registry) SavedMethods(ctx context.Context, customer Customer, providerIDs []string) ([]SavedMethod, error) {
	var out []SavedMethod
	for _, id := range providerIDs {
		p, err := r.Provider(id)
		if err != nil {
			return nil, err
		}
		methods, err := p.RetrieveSavedMethods(ctx, customer)
		if err != nil {
			return nil, err
		}
		for _, m := range methods {
			out = append(out, SavedMethod{ProviderID: id, Data: m})
		}
	}
	return out, nil
}

// Authorize asks the session's provider to authorize it and returns the
// session with the provider's status and data; an authorized session gets
// AuthorizedAt = now.
func (r *Registry) Authorize(ctx context.Context, s Session, authContext map[string]any, now time.Time) (Session, error) {
	p, err := r.Provider(s.ProviderID)
	if err != nil {
		return s, err
	}
	auth, err := p.AuthorizePayment(ctx, s.Data, authContext)
	if err != nil {
		return s, err
	}
	s.Status, s.Data = auth.Status, auth.Data
	if s.Status == StatusAuthorized {
		s.AuthorizedAt = now
	}
	return s, nil
}

// Apply runs planned actions against the providers and returns the row
// writes they come to. base carries the currency, email, customer, resource
// and cart context; each action brings its own amount and session data.
// On error the caller rolls its transaction back; as in Medusa, what a
// provider already did remotely stays done.
func (r *Registry) Apply(ctx context.Context, base SessionContext, actions []Action) (Changes, error) {
	var out Changes
	for _, a := range actions {
		s := a.Session
		switch a.Kind {
		case ActionDeleteLocal:
			out = append(out, Change{OpDelete, s})
		case ActionDeleteRemote:
			if err := r.deleteRemote(ctx, s); err != nil && !a.BestEffort {
				return nil, err
			}
			out = append(out, Change{OpDelete, s})
		case ActionSetAmount:
			s.Amount = a.Amount
			out = append(out, Change{OpUpdate, s})
		case ActionReset:
			s.Selected, s.Initiated = false, false
			out = append(out, Change{OpUpdate, s})
		case ActionRelease:
			if err := r.deleteRemote(ctx, s); err != nil {
				return nil, err
			}
			s.Selected, s.Initiated = false, false
			out = append(out, Change{OpUpdate, s})
		case ActionRecreate:
			if err := r.deleteRemote(ctx, s); err != nil {
				return nil, err
			}
			out = append(out, Change{OpDelete, s}, Change{OpInsert, localSession(s.ProviderID, a.Amount)})
		case ActionCreateLocal:
			out = append(out, Change{OpInsert, localSession(s.ProviderID, a.Amount)})
		case ActionUpdateRemote:
			updated, err := r.updateRemote(ctx, base, s, a.Amount)
			if err != nil {
				return nil, err
			}
			if a.Select {
				updated.Selected, updated.Initiated = true, true
			}
			out = append(out, Change{OpUpdate, updated})
		case ActionInitiate:
			initiated, err := r.initiate(ctx, base, s, a.Amount)
			if err != nil {
				return nil, err
			}
			if a.Select {
				initiated.Selected = true
			}
			op := OpUpdate
			if s.ID == "" {
				op = OpInsert
			}
			out = append(out, Change{op, initiated})
		case ActionRefresh:
			if err := r.deleteRemote(ctx, s); err != nil {
				return nil, err
			}
			fresh, err := r.initiate(ctx, base, Session{ProviderID: s.ProviderID}, a.Amount)
			if err != nil {
				return nil, err
			}
			fresh.Selected = a.Select
			out = append(out, Change{OpDelete, s}, Change{OpInsert, fresh})
		default:
			return nil, errs.E(errs.Internal, "unknown payment action %q", a.Kind)
		}
	}
	return out, nil
}

func (r *Registry) deleteRemote(ctx context.Context, s Session) error {
	p, err := r.Provider(s.ProviderID)
	if err != nil {
		return err
	}
	return p.DeletePayment(ctx, s.Data)
}

// updateRemote is Medusa's updateSession: a nil answer leaves the row as it was.
func (r *Registry) updateRemote(ctx context.Context, base SessionContext, s Session, amount int64) (Session, error) {
	p, err := r.Provider(s.ProviderID)
	if err != nil {
		return s, err
	}
	sc := base
	sc.Amount, sc.SessionData = amount, s.Data
	data, err := p.UpdatePayment(ctx, sc)
	if err != nil {
		return s, err
	}
	if data != nil {
		s.Data, s.Amount, s.Initiated = data, amount, true
	}
	return s, nil
}

// initiate is Medusa's createSession: the provider starts the payment and
// the row (new when s.ID is empty) becomes pending and initiated.
func (r *Registry) initiate(ctx context.Context, base SessionContext, s Session, amount int64) (Session, error) {
	if base.CurrencyCode == "" {
		return s, errs.E(errs.InvalidArgument, "`currency_code` and `amount` are required to create payment session.")
	}
	p, err := r.Provider(s.ProviderID)
	if err != nil {
		return s, err
	}
	sc := base
	sc.Amount, sc.SessionData = amount, map[string]any{}
	data, err := p.InitiatePayment(ctx, sc)
	if err != nil {
		return s, err
	}
	if data == nil {
		data = map[string]any{}
	}
	if s.ID == "" {
		s.ID = ids.New(ids.PaymentSession)
	}
	s.Data, s.Status, s.Amount, s.Initiated = data, StatusPending, amount, true
	return s, nil
}

// localSession is the row Medusa creates without asking the provider.
func localSession(providerID string, amount int64) Session {
	return Session{
		ID:         ids.New(ids.PaymentSession),
		ProviderID: providerID,
		Status:     StatusPending,
		Amount:     amount,
		Data:       map[string]any{},
	}
}

// guarded turns a provider's *ProcessorError into Medusa's error and any
// other plain error into an internal one.
type guarded struct{ p Provider }

func (g guarded) fail(err error) error {
	if err == nil {
		return nil
	}
	var pe *ProcessorError
	if errors.As(err, &pe) {
		return errs.E(errs.InvalidData, "%s", pe.Error()).WithReason(pe.Code)
	}
	return errs.Wrap(err, "payment provider "+g.p.ID())
}

func (g guarded) ID() string { return g.p.ID() }

func (g guarded) InitiatePayment(ctx context.Context, sc SessionContext) (map[string]any, error) {
	data, err := g.p.InitiatePayment(ctx, sc)
	return data, g.fail(err)
}

func (g guarded) UpdatePayment(ctx context.Context, sc SessionContext) (map[string]any, error) {
	data, err := g.p.UpdatePayment(ctx, sc)
	return data, g.fail(err)
}

func (g guarded) UpdatePaymentData(ctx context.Context, data, update map[string]any) (map[string]any, error) {
	out, err := g.p.UpdatePaymentData(ctx, data, update)
	return out, g.fail(err)
}

func (g guarded) RetrievePayment(ctx context.Context, data map[string]any) (map[string]any, error) {
	out, err := g.p.RetrievePayment(ctx, data)
	return out, g.fail(err)
}

func (g guarded) AuthorizePayment(ctx context.Context, data, authContext map[string]any) (Authorization, error) {
	auth, err := g.p.AuthorizePayment(ctx, data, authContext)
	return auth, g.fail(err)
}

func (g guarded) CancelPayment(ctx context.Context, data map[string]any) (map[string]any, error) {
	out, err := g.p.CancelPayment(ctx, data)
	return out, g.fail(err)
}

func (g guarded) DeletePayment(ctx context.Context, data map[string]any) error {
	return g.fail(g.p.DeletePayment(ctx, data))
}

func (g guarded) GetPaymentStatus(ctx context.Context, data map[string]any) (Status, error) {
	status, err := g.p.GetPaymentStatus(ctx, data)
	return status, g.fail(err)
}

func (g guarded) CapturePayment(ctx context.Context, data map[string]any) (map[string]any, error) {
	out, err := g.p.CapturePayment(ctx, data)
	return out, g.fail(err)
}

func (g guarded) RefundPayment(ctx context.Context, data map[string]any, amount int64) (map[string]any, error) {
	out, err := g.p.RefundPayment(ctx, data, amount)
	return out, g.fail(err)
}

func (g guarded) RetrieveSavedMethods(ctx context.Context, customer Customer) ([]map[string]any, error) {
	methods, err := g.p.RetrieveSavedMethods(ctx, customer)
	return methods, g.fail(err)
}

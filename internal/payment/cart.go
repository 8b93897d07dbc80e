package payment

import (
	"slices"

	"github.com/storegraph/storegraph/internal/errs"
)

// Cart is what the cart planners need to know about a cart.
type Cart struct {
	// Total is the cart total the rule asks for; each planner says which.
	Total int64
	// RegionProviders are the ids of the region's payment providers, in
	// the region's order.
	RegionProviders []string
	// Sessions are the cart's payment sessions as loaded.
	Sessions []Session
}

func (c Cart) session(providerID string) (Session, bool) {
	i := slices.IndexFunc(c.Sessions, func(s Session) bool { return s.ProviderID == providerID })
	if i < 0 {
		return Session{}, false
	}
	return c.Sessions[i], true
}

func (c Cart) selected() (Session, bool) {
	i := slices.IndexFunc(c.Sessions, func(s Session) bool { return s.Selected })
	if i < 0 {
		return Session{}, false
	}
	return c.Sessions[i], true
}

// dropAction removes a session remotely when the provider knows about it,
// else only locally.
func dropAction(s Session, remotely bool) Action {
	if remotely {
		return Action{Kind: ActionDeleteRemote, Session: s}
	}
	return Action{Kind: ActionDeleteLocal, Session: s}
}

// PlanSetSessions is Medusa's setPaymentSessions ("create/refresh all
// sessions"). Total must be computed with taxes forced.
//
// One divergence: when the region has a single provider, no session is
// selected and the cart already has a session for that provider, Medusa
// inserts a second row for the provider and fails on the unique
// (cart_id, provider_id) index; here the existing row is initiated and
// selected instead (re-created when it was already initiated).
func PlanSetSessions(c Cart) []Action {
	var plan []Action
	if c.Total <= 0 {
		for _, s := range c.Sessions {
			plan = append(plan, dropAction(s, s.Initiated))
		}
		return plan
	}

	_, hasSelected := c.selected()
	// Decided on the sessions as loaded, as Medusa reads cart.payment_session
	// before touching anything.
	soleProvider := ""
	if len(c.RegionProviders) == 1 && !hasSelected {
		soleProvider = c.RegionProviders[0]
	}

	covered := map[string]bool{}
	for _, s := range c.Sessions {
		if !slices.Contains(c.RegionProviders, s.ProviderID) {
			plan = append(plan, dropAction(s, s.Initiated))
			continue
		}
		covered[s.ProviderID] = true
		switch {
		case s.ProviderID == soleProvider && s.Initiated:
			plan = append(plan, Action{Kind: ActionRefresh, Session: s, Amount: c.Total, Select: true})
		case s.ProviderID == soleProvider:
			plan = append(plan, Action{Kind: ActionInitiate, Session: s, Amount: c.Total, Select: true})
		case s.Selected && s.Initiated:
			plan = append(plan, Action{Kind: ActionUpdateRemote, Session: s, Amount: c.Total})
		case s.Initiated:
			// Only the selected session keeps a remote counterpart.
			plan = append(plan, Action{Kind: ActionRecreate, Session: s, Amount: c.Total})
		default:
			plan = append(plan, Action{Kind: ActionSetAmount, Session: s, Amount: c.Total})
		}
	}

	if soleProvider != "" {
		if !covered[soleProvider] {
			plan = append(plan, Action{
				Kind: ActionInitiate, Session: Session{ProviderID: soleProvider}, Amount: c.Total, Select: true,
			})
		}
		return plan
	}
	for _, id := range c.RegionProviders {
		if !covered[id] {
			covered[id] = true
			plan = append(plan, Action{Kind: ActionCreateLocal, Session: Session{ProviderID: id}, Amount: c.Total})
		}
	}
	return plan
}

// PlanSelect is Medusa's setPaymentSession: select the provider's session.
// Total is the cart total (taxes as the region computes them).
//
// The previously selected session of another provider is released remotely
// and kept; every other session loses its flags; the chosen session is
// updated remotely when it was initiated, else initiated, and selected.
func PlanSelect(c Cart, providerID string) ([]Action, error) {
	if providerID != SystemProviderID && !slices.Contains(c.RegionProviders, providerID) {
		return nil, errs.NotAllowedf("The payment method is not available in this region")
	}
	target, ok := c.session(providerID)
	if !ok {
		// Medusa answers unexpected_state; contract deviation 6 makes it NOT_FOUND.
		return nil, errs.NotFoundf("Could not find payment session")
	}

	var plan []Action
	for _, s := range c.Sessions {
		switch {
		case s.ID == target.ID:
		case s.Selected && s.Initiated:
			plan = append(plan, Action{Kind: ActionRelease, Session: s})
		case s.Selected || s.Initiated:
			// Medusa clears the flags of every session without telling providers.
			plan = append(plan, Action{Kind: ActionReset, Session: s})
		}
	}
	kind := ActionInitiate
	if target.Initiated {
		kind = ActionUpdateRemote
	}
	return append(plan, Action{Kind: kind, Session: target, Amount: c.Total, Select: true}), nil
}

// PlanDelete is Medusa's deletePaymentSession. A provider without a session
// on the cart is a no-op.
func PlanDelete(c Cart, providerID string) []Action {
	s, ok := c.session(providerID)
	if !ok {
		return nil
	}
	return []Action{dropAction(s, s.Selected || s.Initiated)}
}

// PlanRefresh is Medusa's refreshPaymentSession. Total is the cart total
// (taxes as the region computes them). The selected session is replaced by
// a new initiated one which, per contract deviation 2, stays selected
// (Medusa leaves the cart without a selection). Another session only takes
// the new amount; an unknown provider is a no-op.
func PlanRefresh(c Cart, providerID string) []Action {
	s, ok := c.session(providerID)
	if !ok {
		return nil
	}
	if s.Selected {
		return []Action{{Kind: ActionRefresh, Session: s, Amount: c.Total, Select: true}}
	}
	return []Action{{Kind: ActionSetAmount, Session: s, Amount: c.Total}}
}

// CartAuthorization is what completing a cart asks of payment.
type CartAuthorization struct {
	// Free: the total is zero or less; no payment is made and the cart is
	// marked payment-authorized at once.
	Free bool
	// Session is the selected session to authorize when not Free.
	Session Session
}

// PlanCartAuthorization is the check at the start of Medusa's
// authorizePayment. Total is the cart total.
func PlanCartAuthorization(c Cart) (CartAuthorization, error) {
	if c.Total <= 0 {
		return CartAuthorization{Free: true}, nil
	}
	s, ok := c.selected()
	if !ok {
		return CartAuthorization{}, errs.NotAllowedf("You cannot complete a cart without a payment session.")
	}
	return CartAuthorization{Session: s}, nil
}

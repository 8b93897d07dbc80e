package payment

import (
	"slices"

	"github.com/storegraph/storegraph/internal/errs"
)

// CollectionStatus is a payment collection's status.
type CollectionStatus string

const (
	CollectionNotPaid             CollectionStatus = "not_paid"
	CollectionAwaiting            CollectionStatus = "awaiting"
	CollectionAuthorized          CollectionStatus = "authorized"
	CollectionPartiallyAuthorized CollectionStatus = "partially_authorized"
	CollectionCanceled            CollectionStatus = "canceled"
)

// Collection is what the payment collection planners need to know.
type Collection struct {
	ID     string
	Status CollectionStatus
	Amount int64
	// AuthorizedAmount is authorized_amount; nil while it was never set.
	AuthorizedAmount *int64
	// RegionProviders are the ids of the collection region's providers.
	RegionProviders []string
	Sessions        []Session
}

// SessionInput is one entry of a batch: a provider and an amount, and the
// id of an existing session of the collection to update.
type SessionInput struct {
	ProviderID string
	Amount     int64
	SessionID  string
}

// PlanCollectionSessions is Medusa's setPaymentSessionsBatch. Inputs whose
// provider is not in the region are dropped; the rest must add up to the
// collection amount. Each input updates the session it names, or initiates
// a new one (several for one provider are fine). Sessions no input names are
// dropped, provider errors ignored. The collection's sessions become the
// ones the inputs produced: Changes.Saved after Registry.Apply.
func PlanCollectionSessions(c Collection, inputs []SessionInput) ([]Action, error) {
	if c.Status != CollectionNotPaid {
		return nil, errs.NotAllowedf("Cannot set payment sessions for a payment collection with status %s", c.Status)
	}
	var kept []SessionInput
	var sum int64
	for _, in := range inputs {
		if slices.Contains(c.RegionProviders, in.ProviderID) {
			kept = append(kept, in)
			sum += in.Amount
		}
	}
	if sum != c.Amount {
		// Medusa answers unexpected_state; contract deviation 6 makes it INVALID_DATA.
		return nil, errs.InvalidDataf("The sum of sessions is not equal to %d on Payment Collection", c.Amount)
	}

	var plan []Action
	named := map[string]bool{}
	for _, in := range kept {
		i := slices.IndexFunc(c.Sessions, func(s Session) bool { return in.SessionID != "" && s.ID == in.SessionID })
		if i < 0 {
			plan = append(plan, Action{Kind: ActionInitiate, Session: Session{ProviderID: in.ProviderID}, Amount: in.Amount})
			continue
		}
		// The existing session's provider is asked, whatever the input names.
		named[in.SessionID] = true
		plan = append(plan, Action{Kind: ActionUpdateRemote, Session: c.Sessions[i], Amount: in.Amount})
	}
	for _, s := range c.Sessions {
		if !named[s.ID] {
			plan = append(plan, Action{Kind: ActionDeleteRemote, Session: s, BestEffort: true})
		}
	}
	return plan, nil
}

// CollectionSessionInput is Medusa's setPaymentSession on a collection: one
// session of the provider for the whole amount, reusing the provider's
// existing session. Feed the result to PlanCollectionSessions.
func CollectionSessionInput(c Collection, providerID string) (SessionInput, error) {
	if !slices.Contains(c.RegionProviders, providerID) {
		return SessionInput{}, errs.InvalidDataf("Payment provider not found")
	}
	in := SessionInput{ProviderID: providerID, Amount: c.Amount}
	if i := slices.IndexFunc(c.Sessions, func(s Session) bool { return s.ProviderID == providerID }); i >= 0 {
		in.SessionID = c.Sessions[i].ID
	}
	return in, nil
}

// CollectionOfSessionNotFound is the error when no payment collection holds
// the session being refreshed.
func CollectionOfSessionNotFound(sessionID string) *errs.Error {
	return errs.NotFoundf("Payment collection related to Payment Session id %s was not found", sessionID)
}

// SessionAuthorizationFailed is the error when authorizing one session of a
// collection leaves it unauthorized (Medusa names the collection id).
func SessionAuthorizationFailed(collectionID string) *errs.Error {
	return errs.E(errs.PaymentAuthorization, "Failed to authorize Payment Session id \"%s\"", collectionID)
}

// CollectionRefresh is the outcome of planning a session refresh.
type CollectionRefresh struct {
	// Action replaces the session with a new one for the same amount; the
	// inserted session takes the old one's place in the collection.
	Action Action
	// AuthorizedAmount is the collection's authorized_amount afterwards.
	AuthorizedAmount *int64
}

// PlanCollectionRefresh is Medusa's refreshPaymentSession on a collection.
// c is the collection that holds the session; requestedID the one the
// client named.
func PlanCollectionRefresh(c Collection, requestedID, sessionID string) (CollectionRefresh, error) {
	if c.ID != requestedID {
		return CollectionRefresh{}, errs.NotAllowedf("Payment Session %s does not belong to Payment Collection %s", sessionID, requestedID)
	}
	i := slices.IndexFunc(c.Sessions, func(s Session) bool { return s.ID == sessionID })
	if i < 0 {
		return CollectionRefresh{}, errs.NotAllowedf("Session with id %s was not found", sessionID)
	}
	s := c.Sessions[i]
	refresh := CollectionRefresh{
		Action:           Action{Kind: ActionRefresh, Session: s, Amount: s.Amount},
		AuthorizedAmount: c.AuthorizedAmount,
	}
	// Medusa only subtracts from a set, non-zero authorized_amount.
	if !s.AuthorizedAt.IsZero() && c.AuthorizedAmount != nil && *c.AuthorizedAmount != 0 {
		less := *c.AuthorizedAmount - s.Amount
		refresh.AuthorizedAmount = &less
	}
	return refresh, nil
}

// CollectionAuthorization is what authorizing a collection's sessions asks.
type CollectionAuthorization struct {
	// Unchanged: authorized_amount already equals the amount; the
	// collection is returned as it is.
	Unchanged bool
	// Authorize are the sessions to authorize with their providers, in
	// order; each that ends authorized gets a Payment for its amount.
	Authorize []Session
}

// PlanCollectionAuthorization is the first half of Medusa's
// authorizePaymentSessions: which of the requested sessions to authorize.
// Already authorized sessions are not asked again. After authorizing, settle
// the collection with SettleCollectionAuthorization.
func PlanCollectionAuthorization(c Collection, sessionIDs []string) (CollectionAuthorization, error) {
	if c.AuthorizedAmount != nil && *c.AuthorizedAmount == c.Amount {
		return CollectionAuthorization{Unchanged: true}, nil
	}
	if c.Amount <= 0 {
		return CollectionAuthorization{}, nil
	}
	if len(c.Sessions) == 0 {
		return CollectionAuthorization{}, errs.NotAllowedf("You cannot complete a Payment Collection without a payment session.")
	}
	var plan CollectionAuthorization
	for _, s := range c.Sessions {
		if s.AuthorizedAt.IsZero() && slices.Contains(sessionIDs, s.ID) {
			plan.Authorize = append(plan.Authorize, s)
		}
	}
	return plan, nil
}

// SettleCollectionAuthorization is the second half: the collection's status
// and authorized_amount from its sessions after authorization. An amount of
// zero or less is authorized with 0. An authorized sum above the amount
// keeps the current status, as Medusa's comparisons leave it.
func SettleCollectionAuthorization(c Collection, sessions []Session) (CollectionStatus, int64) {
	if c.Amount <= 0 {
		return CollectionAuthorized, 0
	}
	var authorized int64
	for _, s := range sessions {
		if !s.AuthorizedAt.IsZero() {
			authorized += s.Amount
		}
	}
	switch {
	case authorized == 0:
		return CollectionAwaiting, authorized
	case authorized < c.Amount:
		return CollectionPartiallyAuthorized, authorized
	case authorized == c.Amount:
		return CollectionAuthorized, authorized
	}
	return c.Status, authorized
}

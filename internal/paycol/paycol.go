// Package paycol holds Medusa v1's payment collections: an amount (what an
// order edit leaves to pay) paid through one or more payment sessions of
// the region's providers, authorized into payments. The rules are the
// payment package's collection planners; this package loads a collection,
// runs the planned steps through the providers and writes the result, one
// transaction per operation, with the collection's row locked so that the
// operations on one collection run one after the other.
package paycol

import (
	"context"
	"strings"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
)

// Service runs payment collections.
type Service struct {
	DB       *storage.DB
	Payments *payment.Registry
}

// Caller is who asks: the logged-in customer (its email goes to the
// providers) and where from (the authorization context).
type Caller struct {
	CustomerID string
	IP         string
	UserAgent  string
}

// NotFound is Medusa's error for an unknown payment collection.
func NotFound(id string) *errs.Error {
	return errs.NotFoundf("Payment collection with id %s was not found", id)
}

// Get reads a payment collection (GET /store/payment-collections/{id}).
func (s *Service) Get(ctx context.Context, id string) (*model.PaymentCollection, error) {
	pc, err := loaders.For(ctx).PaymentCollection.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if pc == nil {
		return nil, NotFound(id)
	}
	return pc, nil
}

// CreateInput is a new payment collection.
type CreateInput struct {
	Amount int64
	// CurrencyCode defaults to the region's currency.
	CurrencyCode string
	RegionID     string
	Description  *string
	Metadata     model.JSON
	// CreatedBy is the user (or, for storegraph's admin endpoint, "admin").
	CreatedBy string
}

// Create makes a payment collection of type order_edit, not paid
// (PaymentCollectionService.create).
func (s *Service) Create(ctx context.Context, in CreateInput) (string, error) {
	var id string
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		pc, err := Create(ctx, tx, in)
		if err == nil {
			id = pc.ID
		}
		return err
	})
	return id, err
}

// Create makes a payment collection inside a transaction (order edits make
// theirs when confirmation is requested).
func Create(ctx context.Context, tx *storage.Tx, in CreateInput) (*model.PaymentCollection, error) {
	if in.Amount < 0 {
		return nil, errs.InvalidDataf("amount must not be less than 0")
	}
	regions, err := storage.RegionsByID(ctx, tx, []string{in.RegionID})
	if err != nil {
		return nil, err
	}
	region := regions[in.RegionID]
	if region == nil {
		return nil, errs.NotFoundf("Region with %s was not found", in.RegionID)
	}
	currency := strings.ToLower(in.CurrencyCode)
	if currency == "" {
		currency = region.CurrencyCode
	}
	currencies, err := storage.CurrenciesByCode(ctx, tx, []string{currency})
	if err != nil {
		return nil, err
	}
	if currencies[currency] == nil {
		return nil, errs.NotFoundf("Currency with code %s was not found", currency)
	}
	pc := &model.PaymentCollection{
		ID: ids.New(ids.PaymentCollection), CreatedAt: tx.Now, UpdatedAt: tx.Now,
		Type: model.PaymentCollectionTypeOrderEdit, Status: model.PaymentCollectionStatusNotPaid,
		Description: in.Description, Amount: in.Amount, RegionID: region.ID, CurrencyCode: currency,
		Metadata: in.Metadata, CreatedBy: in.CreatedBy,
	}
	if err := storage.Insert(ctx, tx, "payment_collection", pc); err != nil {
		return nil, err
	}
	return pc, events.Emit(ctx, tx, events.PaymentCollectionCreated, pc.ID, Payload(pc))
}

// EventPayload is a payment collection as its events carry it (Medusa
// sends the entity).
type EventPayload struct {
	ID               string                        `json:"id"`
	Type             model.PaymentCollectionType   `json:"type"`
	Status           model.PaymentCollectionStatus `json:"status"`
	Description      *string                       `json:"description"`
	Amount           int64                         `json:"amount"`
	AuthorizedAmount *int64                        `json:"authorized_amount"`
	RegionID         string                        `json:"region_id"`
	CurrencyCode     string                        `json:"currency_code"`
	Metadata         model.JSON                    `json:"metadata"`
	CreatedBy        string                        `json:"created_by"`
	CreatedAt        time.Time                     `json:"created_at"`
	UpdatedAt        time.Time                     `json:"updated_at"`
}

// Payload is the event payload of a payment collection.
func Payload(pc *model.PaymentCollection) EventPayload {
	return EventPayload{
		ID: pc.ID, Type: pc.Type, Status: pc.Status, Description: pc.Description, Amount: pc.Amount,
		AuthorizedAmount: pc.AuthorizedAmount, RegionID: pc.RegionID, CurrencyCode: pc.CurrencyCode,
		Metadata: pc.Metadata, CreatedBy: pc.CreatedBy, CreatedAt: pc.CreatedAt, UpdatedAt: pc.UpdatedAt,
	}
}

// state is a locked collection with what its rules look at.
type state struct {
	*model.PaymentCollection
	Sessions  []model.PaymentSession
	Providers []string
	Customer  *model.Customer
}

// mutate runs fn on the locked, loaded collection in one transaction.
func (s *Service) mutate(ctx context.Context, caller Caller, id string, fn func(tx *storage.Tx, st *state) error) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		st, err := lockAndLoad(ctx, tx, id, caller)
		if err != nil {
			return err
		}
		return fn(tx, st)
	})
}

func lockAndLoad(ctx context.Context, tx *storage.Tx, id string, caller Caller) (*state, error) {
	pc, err := storage.LockPaymentCollection(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if pc == nil {
		return nil, NotFound(id)
	}
	st := &state{PaymentCollection: pc}
	sessions, err := storage.SessionsByPaymentCollection(ctx, tx, []string{id})
	if err != nil {
		return nil, err
	}
	st.Sessions = sessions[id]
	providers, err := storage.PaymentProvidersByRegion(ctx, tx, []string{pc.RegionID})
	if err != nil {
		return nil, err
	}
	for _, p := range providers[pc.RegionID] {
		st.Providers = append(st.Providers, p.ID)
	}
	if caller.CustomerID != "" {
		// Medusa looks the customer up and goes on without one it cannot find.
		customers, err := storage.CustomersByID(ctx, tx, []string{caller.CustomerID})
		if err != nil {
			return nil, err
		}
		st.Customer = customers[caller.CustomerID]
	}
	return st, nil
}

// planned describes the collection for the payment planners.
func (st *state) planned() payment.Collection {
	c := payment.Collection{
		ID: st.ID, Status: payment.CollectionStatus(st.Status), Amount: st.Amount,
		AuthorizedAmount: st.AuthorizedAmount, RegionProviders: st.Providers,
	}
	for _, ps := range st.Sessions {
		c.Sessions = append(c.Sessions, payment.SessionFromRow(ps))
	}
	return c
}

// sessionContext is what providers are told: Medusa passes an empty cart
// with the customer's email, the collection as the resource, its currency.
func (st *state) sessionContext() payment.SessionContext {
	sc := payment.SessionContext{CurrencyCode: st.CurrencyCode, ResourceID: st.ID, Context: map[string]any{}}
	if st.Customer != nil {
		sc.Email, sc.CustomerID = st.Customer.Email, st.Customer.ID
	}
	return sc
}

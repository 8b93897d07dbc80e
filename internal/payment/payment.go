// Package payment holds Medusa v1's payment rules without storage or
// transport: the provider interface (Medusa's AbstractPaymentProcessor), the
// registry of providers by id, the built-in providers (system, manual, test),
// and pure planners that turn the payment sessions a service loaded into the
// steps Medusa would take. A service runs the steps with Registry.Apply and
// persists the resulting Changes in its own transaction:
//
//	cart := payment.Cart{Total: total, RegionProviders: providerIDs, Sessions: rows}
//	plan, err := payment.PlanSelect(cart, providerID)
//	...
//	changes, err := registry.Apply(ctx, payment.SessionContext{CurrencyCode: currency, ResourceID: cartID}, plan)
//	...
//	for _, c := range changes { /* insert, update or delete c.Session */ }
package payment

import (
	"context"
	"maps"
	"time"
)

// Status is a payment session's status (payment_session_status_enum).
type Status string

const (
	StatusAuthorized   Status = "authorized"
	StatusPending      Status = "pending"
	StatusRequiresMore Status = "requires_more"
	StatusError        Status = "error"
	StatusCanceled     Status = "canceled"
)

// Valid reports whether s is one of the enum's values.
func (s Status) Valid() bool {
	switch s {
	case StatusAuthorized, StatusPending, StatusRequiresMore, StatusError, StatusCanceled:
		return true
	}
	return false
}

// SystemProviderID is the provider Medusa always has, outside any region.
const SystemProviderID = "system"

// Session is a payment_session row as the planners see it.
type Session struct {
	ID         string
	ProviderID string
	// Selected is is_selected; Medusa stores false as NULL.
	Selected  bool
	Initiated bool
	Status    Status
	Amount    int64
	Data      map[string]any
	// AuthorizedAt is payment_authorized_at; zero when not authorized.
	AuthorizedAt time.Time
}

// SessionContext is what a provider gets to create or update a session
// (Medusa's PaymentProcessorContext).
type SessionContext struct {
	Amount       int64
	CurrencyCode string
	Email        string
	CustomerID   string
	// ResourceID is the cart id, or the payment collection id.
	ResourceID string
	// SessionData is the existing session's data; empty when initiating.
	SessionData map[string]any
	// Context is the cart's context (ip, user_agent, ...).
	Context map[string]any
}

// Authorization is a provider's answer to an authorization attempt.
type Authorization struct {
	Status Status
	Data   map[string]any
}

// Customer is what a provider needs to list a customer's saved methods.
type Customer struct {
	ID       string
	Email    string
	Metadata map[string]any
}

// SavedMethod is one entry of Customer.paymentMethods.
type SavedMethod struct {
	ProviderID string
	Data       map[string]any
}

// Provider is a payment processor, modelled on Medusa's
// AbstractPaymentProcessor. A refusal by the processor is returned as a
// *ProcessorError; Registry turns it into the error Medusa answers.
type Provider interface {
	// ID is the provider's identifier, as stored in region payment providers.
	ID() string
	// InitiatePayment starts a session and returns its data.
	InitiatePayment(ctx context.Context, sc SessionContext) (map[string]any, error)
	// UpdatePayment tells the processor about a new amount or context. A nil
	// map means nothing changed and the session is left as it is.
	UpdatePayment(ctx context.Context, sc SessionContext) (map[string]any, error)
	// UpdatePaymentData answers a client's data update; the result is merged
	// into the session's data.
	UpdatePaymentData(ctx context.Context, data, update map[string]any) (map[string]any, error)
	// RetrievePayment returns the data stored on a Payment made from a session.
	RetrievePayment(ctx context.Context, data map[string]any) (map[string]any, error)
	AuthorizePayment(ctx context.Context, data, authContext map[string]any) (Authorization, error)
	CancelPayment(ctx context.Context, data map[string]any) (map[string]any, error)
	DeletePayment(ctx context.Context, data map[string]any) error
	GetPaymentStatus(ctx context.Context, data map[string]any) (Status, error)
	CapturePayment(ctx context.Context, data map[string]any) (map[string]any, error)
	RefundPayment(ctx context.Context, data map[string]any, amount int64) (map[string]any, error)
	RetrieveSavedMethods(ctx context.Context, customer Customer) ([]map[string]any, error)
}

// ProcessorError is Medusa's PaymentProcessorError {error, code, detail}.
type ProcessorError struct {
	Message string
	Code    string
	Detail  string
}

func (e *ProcessorError) Error() string {
	if e.Detail == "" {
		return e.Message
	}
	return e.Message + ":\n" + e.Detail
}

// merged returns a new map with the entries of base, then of over.
func merged(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	maps.Copy(out, base)
	maps.Copy(out, over)
	return out
}

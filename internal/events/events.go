// Package events is storegraph's event outbox and webhook delivery.
//
// A service emits an event inside the transaction of the change that caused
// it, so the event exists if and only if the change was committed:
//
//	err := db.InTx(ctx, func(tx *storage.Tx) error {
//		// ... write the change ...
//		return events.Emit(ctx, tx, events.CustomerUpdated, customer.ID, events.Customer(customer))
//	})
//
// Emit writes the event to storegraph_event with one pending delivery per
// configured webhook (storegraph_event_delivery), and logs it once the
// transaction has committed. A Worker (started by `storegraph serve`) posts
// the deliveries to the webhooks, signed with HMAC-SHA256, at least once,
// with exponential backoff, and in order per resource: the next event of a
// resource goes to a webhook only after the webhook acknowledged the
// previous one. Deliveries live in the database, so they survive restarts,
// and several processes on one PostgreSQL database share the work.
//
// The cart and order code emits Medusa's events the same way, with Medusa's
// payloads, right after writing the row (so the resource's lock orders them):
//
//	events.Emit(ctx, tx, events.CartCreated, cart.ID, map[string]any{"id": cart.ID})    // CartService.create
//	events.Emit(ctx, tx, events.CartUpdated, cart.ID, map[string]any{"id": cart.ID})    // CartService.update (Medusa sends the cart)
//	events.Emit(ctx, tx, events.OrderPlaced, order.ID, map[string]any{                  // OrderService.createFromCart
//		"id": order.ID, "no_notification": order.NoNotification})
package events

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Event names storegraph emits (Medusa v1's names).
const (
	CustomerCreated       = "customer.created"
	CustomerUpdated       = "customer.updated"
	CustomerPasswordReset = "customer.password_reset"
	OrderUpdateToken      = "order-update-token.created"
	OrderUpdated          = "order.updated"
	OrderPlaced           = "order.placed"
	CartCreated           = "cart.created"
	CartUpdated           = "cart.updated"

	OrderReturnRequested      = "order.return_requested"
	OrderPaymentCaptured      = "order.payment_captured"
	OrderPaymentCaptureFailed = "order.payment_capture_failed"
	OrderFulfillmentCreated   = "order.fulfillment_created"
	SwapCreated               = "swap.created"
	SwapPaymentCompleted      = "swap.payment_completed"

	OrderEditCreated                   = "order-edit.created"
	OrderEditUpdated                   = "order-edit.updated"
	OrderEditRequested                 = "order-edit.requested"
	OrderEditDeclined                  = "order-edit.declined"
	OrderEditConfirmed                 = "order-edit.confirmed"
	PaymentCollectionCreated           = "payment-collection.created"
	PaymentCollectionPaymentAuthorized = "payment-collection.payment_authorized"
)

// idPrefix is the prefix of event ids (evt_01H...).
const idPrefix = "evt"

// Emit records an event in tx: name (customer.created), the id of the
// resource it is about (events of one resource are delivered in the order
// they were emitted), and a payload that is marshalled to JSON. The event is
// logged after the transaction commits; nothing is recorded if it rolls back.
func Emit(ctx context.Context, tx *storage.Tx, name, resourceID string, payload any) error {
	data, err := json.Marshal(payload)
	if err != nil {
		return errs.Wrap(err, "marshal event payload")
	}
	e := storage.Event{
		ID: ids.New(idPrefix), Name: name, ResourceID: resourceID,
		Payload: model.RawJSON(data), CreatedAt: tx.Now,
	}
	if err := storage.InsertEvent(ctx, tx, &e); err != nil {
		return err
	}
	tx.AfterCommit(func() {
		slog.Default().LogAttrs(context.WithoutCancel(ctx), slog.LevelInfo, "event",
			slog.String("event", e.Name), slog.String("event_id", e.ID),
			slog.String("resource_id", e.ResourceID), slog.String("payload", string(data)))
		wake.notify()
	})
	return nil
}

// wake tells the workers of this process that events were committed, so
// they deliver at once instead of at their next poll.
var wake = newSignal()

type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

func newSignal() *signal { return &signal{ch: make(chan struct{})} }

func (s *signal) notify() {
	s.mu.Lock()
	close(s.ch)
	s.ch = make(chan struct{})
	s.mu.Unlock()
}

func (s *signal) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ch
}

// CustomerPayload is the customer as events carry it: Medusa's customer
// entity without the password hash.
type CustomerPayload struct {
	ID               string     `json:"id"`
	Email            string     `json:"email"`
	FirstName        *string    `json:"first_name"`
	LastName         *string    `json:"last_name"`
	BillingAddressID *string    `json:"billing_address_id"`
	Phone            *string    `json:"phone"`
	HasAccount       bool       `json:"has_account"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	DeletedAt        *time.Time `json:"deleted_at"`
	Metadata         model.JSON `json:"metadata"`
}

// Customer is the payload of customer.created and customer.updated.
func Customer(c *model.Customer) CustomerPayload {
	return CustomerPayload{
		ID: c.ID, Email: c.Email, FirstName: c.FirstName, LastName: c.LastName,
		BillingAddressID: c.BillingAddressID, Phone: c.Phone, HasAccount: c.HasAccount,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, DeletedAt: c.DeletedAt, Metadata: c.Metadata,
	}
}

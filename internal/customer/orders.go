package customer

import (
	"context"
	"slices"
	"strings"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
)

// Page is an offset and a limit.
type Page struct {
	Offset, Limit int
}

// Orders lists a customer's orders, newest first, with Medusa's filters
// (GET /store/customers/me/orders). The customer is always the filter's:
// f.CustomerID is overwritten.
func (s *Service) Orders(ctx context.Context, customerID string, f storage.OrderFilter, p Page) ([]storage.OrderRow, int, error) {
	if customerID == "" {
		return nil, 0, unauthorized()
	}
	if p.Offset < 0 {
		return nil, 0, errs.InvalidDataf("offset must not be less than 0")
	}
	if p.Limit < 0 {
		return nil, 0, errs.InvalidDataf("limit must not be less than 0")
	}
	f.CustomerID = customerID
	return storage.ListCustomerOrders(ctx, s.DB.Reader, f, storage.Page{Offset: p.Offset, Limit: p.Limit})
}

// PaymentMethods lists the customer's saved payment methods: each
// installed payment provider storegraph has is asked for the customer's
// methods (GET /store/customers/me/payment-methods). Providers of the
// payment_provider table storegraph does not have are skipped.
func (s *Service) PaymentMethods(ctx context.Context, c *model.Customer) ([]payment.SavedMethod, error) {
	installed, err := storage.InstalledPaymentProviders(ctx, s.DB.Reader)
	if err != nil {
		return nil, err
	}
	known := s.Payments.IDs()
	var ids []string
	for _, id := range installed {
		if slices.Contains(known, id) {
			ids = append(ids, id)
		}
	}
	return s.Payments.SavedMethods(ctx, payment.Customer{ID: c.ID, Email: c.Email, Metadata: c.Metadata}, ids)
}

// ClaimTokenPayload is the payload of order-update-token.created.
type ClaimTokenPayload struct {
	OldEmail      string   `json:"old_email"`
	NewCustomerID string   `json:"new_customer_id"`
	Orders        []string `json:"orders"`
	Token         string   `json:"token"`
}

// RequestOrderClaim starts claiming orders for the logged-in customer
// (POST /store/orders/batch/customer/token): for each email the orders
// were placed with, an order claim token (valid 15 minutes) is emitted in
// order-update-token.created, to be sent to that email. Unknown order ids
// are ignored. A customer without an account is UNAUTHORIZED "Customer
// does not have an account".
func (s *Service) RequestOrderClaim(ctx context.Context, customerID string, orderIDs []string) error {
	if customerID == "" {
		return unauthorized()
	}
	for _, id := range orderIDs {
		if id == "" {
			return errs.InvalidDataf("each value in order_ids should not be empty")
		}
	}
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		c, err := storage.LiveCustomer(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if c == nil {
			return unauthorized()
		}
		if !c.HasAccount {
			return errs.E(errs.Unauthorized, msgNoAccount)
		}
		orders, err := storage.OrdersByID(ctx, tx, orderIDs)
		if err != nil {
			return err
		}
		var emails []string
		byEmail := map[string][]string{}
		for _, id := range orderIDs {
			o := orders[id]
			if o == nil || slices.Contains(byEmail[o.Email], id) {
				continue
			}
			if byEmail[o.Email] == nil {
				emails = append(emails, o.Email)
			}
			byEmail[o.Email] = append(byEmail[o.Email], id)
		}
		for _, email := range emails {
			token, err := s.Tokens.SignClaimToken(c.ID, byEmail[email])
			if err != nil {
				return err
			}
			if err := events.Emit(ctx, tx, events.OrderUpdateToken, c.ID, ClaimTokenPayload{
				OldEmail: email, NewCustomerID: c.ID, Orders: byEmail[email], Token: token,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

// OrderUpdatedPayload is the payload of order.updated.
type OrderUpdatedPayload struct {
	ID             string `json:"id"`
	NoNotification *bool  `json:"no_notification"`
}

// VerifyOrderClaim accepts an order claim token (POST
// /store/orders/customer/confirm): the token's orders move to the claiming
// customer, with the customer's email. Each emits order.updated.
func (s *Service) VerifyOrderClaim(ctx context.Context, token string) error {
	if !looksLikeJWT(token) {
		return errs.InvalidDataf("token must be a jwt string")
	}
	claim, err := s.Tokens.VerifyClaimToken(token)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		c, err := storage.LiveCustomer(ctx, tx, claim.CustomerID)
		if err != nil {
			return err
		}
		if c == nil {
			return errs.NotFoundf("Customer with id: %s was not found", claim.CustomerID)
		}
		orders, err := storage.OrdersByID(ctx, tx, claim.OrderIDs)
		if err != nil {
			return err
		}
		for _, id := range claim.OrderIDs {
			o := orders[id]
			if o == nil {
				continue
			}
			delete(orders, id) // an id listed twice moves once
			if err := storage.SetOrderCustomer(ctx, tx, o.ID, c.ID, c.Email, tx.Now); err != nil {
				return err
			}
			if err := events.Emit(ctx, tx, events.OrderUpdated, o.ID, OrderUpdatedPayload{ID: o.ID, NoNotification: o.NoNotification}); err != nil {
				return err
			}
		}
		return nil
	})
}

// looksLikeJWT is class-validator's IsJWT: three base64url parts (the
// signature may be empty).
func looksLikeJWT(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" {
		return false
	}
	for _, p := range parts {
		for _, r := range p {
			if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '=') {
				return false
			}
		}
	}
	return true
}

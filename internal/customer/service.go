// Package customer applies Medusa v1's customer rules: login by session or
// token, registration, profile and address changes, password resets, the
// customer's orders and saved payment methods, and order claims. A customer
// reads and changes only their own profile, addresses and orders: every
// method that acts on "me" takes the logged-in customer's id from the
// caller and answers UNAUTHORIZED "Unauthorized" without one.
package customer

import (
	"context"
	"strings"

	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// Service applies the customer rules.
type Service struct {
	DB *storage.DB
	// Tokens signs and verifies store, reset and order claim tokens.
	Tokens *auth.Tokens
	// Sessions keeps cookie sessions.
	Sessions *session.Store
	// Payments answers Customer.paymentMethods.
	Payments *payment.Registry
}

// Medusa's messages.
const (
	msgUnauthorized  = "Unauthorized"
	msgHasAccount    = "A customer with the given email already has an account. Log in instead"
	msgInvalidReset  = "Invalid or expired password reset token"
	msgNoAccount     = "Customer does not have an account"
	msgNoAddress     = "Could not find address for customer"
	msgEmail         = "email must be an email"
	msgPasswordEmpty = "password should not be empty"
)

func unauthorized() error { return errs.E(errs.Unauthorized, msgUnauthorized) }

// me loads the logged-in customer for a change and locks it; without a live
// customer the caller is not logged in.
func me(ctx context.Context, tx *storage.Tx, customerID string) (*model.Customer, error) {
	if customerID == "" {
		return nil, unauthorized()
	}
	c, err := storage.LockCustomer(ctx, tx, customerID)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, unauthorized()
	}
	return c, nil
}

// EmailExists reports whether a customer with an account has the email
// (GET /store/auth/{email}); it never fails on bad input.
func (s *Service) EmailExists(ctx context.Context, email string) (bool, error) {
	c, err := storage.RegisteredCustomerByEmail(ctx, s.DB.Reader, strings.ToLower(email))
	return c != nil, err
}

// validation collects class-validator style messages, joined as Medusa
// joins them.
type validation []string

func (v *validation) check(ok bool, message string) {
	if !ok {
		*v = append(*v, message)
	}
}

func (v validation) err() error {
	if len(v) == 0 {
		return nil
	}
	return errs.InvalidDataf("%s", strings.Join(v, ", "))
}

// Field is an optional field of an update: Set tells a given value from an
// absent one, and a given nil clears the column.
type Field[T any] struct {
	Set   bool
	Value T
}

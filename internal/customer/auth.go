package customer

import (
	"context"
	"strings"

	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/email"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// Credentials are an email and a password (POST /store/auth).
type Credentials struct {
	Email    string
	Password string
}

func (c Credentials) validate() error {
	var v validation
	v.check(email.Valid(c.Email), msgEmail)
	v.check(c.Password != "", msgPasswordEmpty)
	return v.err()
}

// authenticate checks the password of the registered customer with the
// email (AuthService.authenticateCustomer); any mismatch is Medusa's 401.
func (s *Service) authenticate(ctx context.Context, q storage.Q, in Credentials) (*model.Customer, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	c, err := storage.RegisteredCustomerByEmail(ctx, q, strings.ToLower(in.Email))
	if err != nil {
		return nil, err
	}
	if c == nil || c.PasswordHash == nil || !auth.VerifyPassword(*c.PasswordHash, in.Password) {
		return nil, unauthorized()
	}
	return c, nil
}

// Login checks the credentials and starts a cookie session (POST
// /store/auth). The session of the request's cookie, if any, ends: a login
// always gets a new session id.
func (s *Service) Login(ctx context.Context, in Credentials, previousSession string) (*model.Customer, session.Started, error) {
	var c *model.Customer
	var st session.Started
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		var err error
		if c, err = s.authenticate(ctx, tx, in); err != nil {
			return err
		}
		if err := s.Sessions.EndIn(ctx, tx, previousSession); err != nil {
			return err
		}
		st, err = s.Sessions.Create(ctx, tx, c.ID)
		return err
	})
	return c, st, err
}

// LoginToken checks the credentials and returns a store JWT
// {customer_id, domain: "store"} valid 30 days (POST /store/auth/token).
func (s *Service) LoginToken(ctx context.Context, in Credentials) (string, error) {
	c, err := s.authenticate(ctx, s.DB.Reader, in)
	if err != nil {
		return "", err
	}
	return s.Tokens.SignStoreToken(c.ID)
}

// Logout ends the session of a cookie value (DELETE /store/auth); without
// one it does nothing.
func (s *Service) Logout(ctx context.Context, sessionValue string) error {
	if sessionValue == "" {
		return nil
	}
	return s.Sessions.End(ctx, sessionValue)
}

// Authenticate returns the customer a request identifies: by its session
// cookie, else by its bearer token (Medusa's store-session, then
// store-bearer). A forged, expired or foreign cookie or token, or one whose
// customer no longer exists, identifies nobody. session is the cookie value
// when the cookie identified the customer.
func (s *Service) Authenticate(ctx context.Context, cookie, bearer string) (customerID, sessionValue string, err error) {
	if cookie != "" {
		id, err := s.Sessions.Customer(ctx, cookie)
		if err != nil {
			return "", "", err
		}
		if id != "" {
			return id, cookie, nil
		}
	}
	if bearer != "" {
		id, err := s.Tokens.VerifyStoreToken(bearer)
		if err != nil {
			return "", "", nil // a bad token is no login, not a failure
		}
		c, err := storage.LiveCustomer(ctx, s.DB.Reader, id)
		if err != nil || c == nil {
			return "", "", err
		}
		return id, "", nil
	}
	return "", "", nil
}

package auth

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/storegraph/storegraph/internal/errs"
)

// Lifetimes Medusa gives its tokens.
const (
	StoreTokenTTL = 30 * 24 * time.Hour // store/auth/get-token.ts: expiresIn "30d"
	ResetTokenTTL = 15 * time.Minute    // CustomerService.generateResetPasswordToken
	ClaimTokenTTL = 15 * time.Minute    // orders/request-order.ts expiresIn, confirm-order-request.ts maxAge
)

// storeDomain marks a customer token; admin tokens carry "admin".
const storeDomain = "store"

// hmacMethods are what jsonwebtoken.verify accepts for a string secret when
// the caller names no algorithms, as Medusa never does. Signing uses HS256.
var hmacMethods = []string{"HS256", "HS384", "HS512"}

// Tokens signs and verifies Medusa's JWTs. The store login and order claim
// tokens are keyed with the jwt secret; password reset tokens are keyed with
// the customer's password hash, so changing the password voids them.
type Tokens struct {
	secret []byte
	now    func() time.Time
}

// NewTokens returns Tokens keyed with secret (Medusa's jwt_secret, used as
// its UTF-8 bytes) and reading the time from now (time.Now when nil).
func NewTokens(secret string, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{secret: []byte(secret), now: now}
}

// OrderClaim is what an order claim token grants: the orders move to the customer.
type OrderClaim struct {
	CustomerID string
	OrderIDs   []string
}

// SignStoreToken returns the bearer token POST /store/auth/token issues:
// {customer_id, domain: "store", iat, exp: iat+30d}.
func (t *Tokens) SignStoreToken(customerID string) (string, error) {
	if err := t.checkSecret(); err != nil {
		return "", err
	}
	c := storeClaims{CustomerID: customerID, Domain: storeDomain, times: t.issued(StoreTokenTTL)}
	return sign(c, t.secret)
}

// VerifyStoreToken returns the customer a bearer token logs in, checking it as
// Medusa's store-bearer strategy does: valid signature, not expired, domain
// "store" and a customer_id. Failures are Unauthorized "Unauthorized".
func (t *Tokens) VerifyStoreToken(token string) (string, error) {
	if err := t.checkSecret(); err != nil {
		return "", err
	}
	var c storeClaims
	err := t.verify(token, &c, t.secret)
	switch {
	case err != nil: // the parse error stands
	case c.Domain != storeDomain:
		err = errors.New("token domain is not store")
	case c.CustomerID == "":
		err = errors.New("token has no customer_id")
	}
	if err != nil {
		return "", &errs.Error{Kind: errs.Unauthorized, Message: "Unauthorized", Err: err}
	}
	return c.CustomerID, nil
}

// SignResetToken returns the password reset token Medusa emits in
// customer.password_reset: {customer_id, exp: now+15min, iat}, keyed with the
// customer's password hash (its base64 text, as Medusa passes it).
func (t *Tokens) SignResetToken(customerID, passwordHash string) (string, error) {
	if passwordHash == "" {
		return "", errs.E(errs.Internal, "customer has no password hash to sign a reset token with")
	}
	return sign(resetClaims{CustomerID: customerID, times: t.issued(ResetTokenTTL)}, []byte(passwordHash))
}

// VerifyResetToken checks a password reset token against the customer's id and
// current password hash. Any failure is Medusa's Unauthorized "Invalid or
// expired password reset token".
func (t *Tokens) VerifyResetToken(token, customerID, passwordHash string) error {
	var c resetClaims
	err := errors.New("customer has no password hash") // jsonwebtoken refuses an empty key too
	if passwordHash != "" {
		err = t.verify(token, &c, []byte(passwordHash))
	}
	if err == nil && (customerID == "" || c.CustomerID != customerID) {
		err = errors.New("token is for another customer")
	}
	if err != nil {
		return &errs.Error{Kind: errs.Unauthorized, Message: "Invalid or expired password reset token", Err: err}
	}
	return nil
}

// SignClaimToken returns the token POST /store/orders/batch/customer/token
// mails to an order's address: {claimingCustomerId, orders, iat, exp: iat+15min}.
func (t *Tokens) SignClaimToken(customerID string, orderIDs []string) (string, error) {
	if err := t.checkSecret(); err != nil {
		return "", err
	}
	if orderIDs == nil {
		orderIDs = []string{} // Medusa always writes an array
	}
	c := claimClaims{CustomerID: customerID, Orders: orderIDs, times: t.issued(ClaimTokenTTL)}
	return sign(c, t.secret)
}

// VerifyClaimToken checks an order claim token as confirm-order-request.ts
// does (jwt secret, maxAge 15 minutes, so iat is required) and returns the
// claim. Medusa answers a bad token with a 500; storegraph calls it what it
// is: Unauthorized "Invalid or expired order claim token".
func (t *Tokens) VerifyClaimToken(token string) (OrderClaim, error) {
	if err := t.checkSecret(); err != nil {
		return OrderClaim{}, err
	}
	var c claimClaims
	err := t.verify(token, &c, t.secret)
	switch {
	case err != nil: // the parse error stands
	case c.IssuedAt == nil:
		err = errors.New("iat required when maxAge is specified") // jsonwebtoken's words
	case t.now().Unix() >= c.IssuedAt.Unix()+int64(ClaimTokenTTL/time.Second):
		err = errors.New("maxAge exceeded")
	case c.CustomerID == "":
		err = errors.New("token has no claimingCustomerId")
	case c.Orders == nil:
		err = errors.New("token has no orders")
	}
	if err != nil {
		return OrderClaim{}, &errs.Error{Kind: errs.Unauthorized, Message: "Invalid or expired order claim token", Err: err}
	}
	return OrderClaim{CustomerID: c.CustomerID, OrderIDs: c.Orders}, nil
}

// checkSecret refuses an empty jwt secret: HMAC would accept it, leaving every
// token forgeable. Wiring generates one (NewSecret) when none is configured.
func (t *Tokens) checkSecret() error {
	if len(t.secret) == 0 {
		return errs.E(errs.Internal, "jwt secret is not configured")
	}
	return nil
}

// issued stamps iat and exp in whole seconds, as jsonwebtoken does.
func (t *Tokens) issued(ttl time.Duration) times {
	now := t.now().Truncate(time.Second)
	return times{IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl))}
}

// verify parses token into claims, checking the HMAC signature with key and
// exp/nbf against the clock, as jsonwebtoken.verify does (iat is not checked).
func (t *Tokens) verify(token string, claims jwt.Claims, key []byte) error {
	_, err := jwt.ParseWithClaims(token, claims,
		func(*jwt.Token) (any, error) { return key, nil },
		jwt.WithValidMethods(hmacMethods), jwt.WithTimeFunc(t.now))
	return err
}

func sign(claims jwt.Claims, key []byte) (string, error) {
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	if err != nil {
		return "", errs.Wrap(err, "sign token")
	}
	return s, nil
}

// times are the registered claims jsonwebtoken writes and checks. Embedded
// last, they put iat before exp as jsonwebtoken does, so store and claim
// tokens come out byte for byte as Medusa's.
type times struct {
	IssuedAt  *jwt.NumericDate `json:"iat,omitempty"`
	ExpiresAt *jwt.NumericDate `json:"exp,omitempty"`
	NotBefore *jwt.NumericDate `json:"nbf,omitempty"`
}

func (c times) GetExpirationTime() (*jwt.NumericDate, error) { return c.ExpiresAt, nil }
func (c times) GetIssuedAt() (*jwt.NumericDate, error)       { return c.IssuedAt, nil }
func (c times) GetNotBefore() (*jwt.NumericDate, error)      { return c.NotBefore, nil }
func (c times) GetIssuer() (string, error)                   { return "", nil }
func (c times) GetSubject() (string, error)                  { return "", nil }
func (c times) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

type storeClaims struct {
	CustomerID string `json:"customer_id"`
	Domain     string `json:"domain"`
	times
}

type resetClaims struct {
	CustomerID string `json:"customer_id"`
	times
}

type claimClaims struct {
	CustomerID string   `json:"claimingCustomerId"`
	Orders     []string `json:"orders"`
	times
}

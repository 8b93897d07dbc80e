package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
)

// Tokens made by jsonwebtoken 9 in Node with Date.now() at issuedAt, the way
// Medusa makes them: secret "medusa-jwt-secret", customer "cus_01HMEDUSA".
const (
	medusaSecret = "medusa-jwt-secret"
	medusaCus    = "cus_01HMEDUSA"

	// jwt.sign({customer_id, domain: "store"}, secret, {expiresIn: "30d"})
	medusaStoreToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjdXN0b21lcl9pZCI6ImN1c18wMUhNRURVU0EiLCJkb21haW4iOiJzdG9yZSIsImlhdCI6MTcwNTMxMjgwMCwiZXhwIjoxNzA3OTA0ODAwfQ.TaWqpozF6c6CXZOBGDNdWi6R5vJI8P0QSqV7PiSuE98"
	// the same with {algorithm: "HS512"}
	medusaStoreTokenHS512 = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJjdXN0b21lcl9pZCI6ImN1c18wMUhNRURVU0EiLCJkb21haW4iOiJzdG9yZSIsImlhdCI6MTcwNTMxMjgwMCwiZXhwIjoxNzA3OTA0ODAwfQ.PXVIrliDDsc2Ry-eVoctDJlTXXUfewoeUCXh3NTZQKCOtznIWtfcf3BP9Gp0TDCvIZ8Wvp8YGxcpctsx_7AkGA"
	// jwt.sign({user_id: "usr_01", domain: "admin"}, secret, {expiresIn: "30d"})
	medusaAdminToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoidXNyXzAxIiwiZG9tYWluIjoiYWRtaW4iLCJpYXQiOjE3MDUzMTI4MDAsImV4cCI6MTcwNzkwNDgwMH0.fPDOwXKZftPL467kPxEE2iCCnxpMR-TRX5jhtZrA5TM"
	// jwt.sign({customer_id, exp: now+15min}, medusaHash)
	medusaResetToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjdXN0b21lcl9pZCI6ImN1c18wMUhNRURVU0EiLCJleHAiOjE3MDUzMTM3MDAsImlhdCI6MTcwNTMxMjgwMH0.L429Ca7irCzaO6XwTT7JUbr_e9-9rMpdo7o28c7f41o"
	// jwt.sign({claimingCustomerId, orders: ["order_01A", "order_01B"]}, secret, {expiresIn: "15m"})
	medusaClaimToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJjbGFpbWluZ0N1c3RvbWVySWQiOiJjdXNfMDFITUVEVVNBIiwib3JkZXJzIjpbIm9yZGVyXzAxQSIsIm9yZGVyXzAxQiJdLCJpYXQiOjE3MDUzMTI4MDAsImV4cCI6MTcwNTMxMzcwMH0.DxjkKYnTbb6R_8p0CFYsLoQriHUlhzpMz41YSJLpVeo"
)

// issuedAt is when the Medusa tokens above were made (a quarter second past
// 1705312800, to show iat is floored as jsonwebtoken does).
var issuedAt = time.Unix(1705312800, 250_000_000)

func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

func medusaTokens(at time.Time) *Tokens { return NewTokens(medusaSecret, clock(at)) }

// hs256 builds a token the way jsonwebtoken does: base64url JSON header and
// payload, HMAC-SHA256 over both.
func hs256(key, payload string) string {
	enc := base64.RawURLEncoding
	unsigned := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payload))
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(unsigned))
	return unsigned + "." + enc.EncodeToString(m.Sum(nil))
}

// tamperPayload swaps a token's payload and keeps its old signature.
func tamperPayload(token, payload string) string {
	parts := strings.Split(token, ".")
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(payload))
	return strings.Join(parts, ".")
}

func wantKind(t *testing.T, err error, kind errs.Kind, message string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want an *errs.Error", err)
	}
	if e.Kind != kind || e.Message != message {
		t.Errorf("err = %s %q, want %s %q", e.Kind, e.Message, kind, message)
	}
}

// Ensure storegraph issues the very bytes Medusa would.
func TestSignStoreTokenMatchesMedusa(t *testing.T) {
	got, err := medusaTokens(issuedAt).SignStoreToken(medusaCus)
	if err != nil {
		t.Fatal(err)
	}
	if got != medusaStoreToken {
		t.Errorf("SignStoreToken = %s\nwant             %s", got, medusaStoreToken)
	}
}

func TestVerifyStoreToken(t *testing.T) {
	exp := issuedAt.Truncate(time.Second).Add(StoreTokenTTL)
	iat, expUnix := "1705312800", "1707904800"
	for _, tt := range []struct {
		name  string
		token string
		at    time.Time
		ok    bool
	}{
		{"MedusaToken", medusaStoreToken, issuedAt, true},
		{"MedusaTokenHS512", medusaStoreTokenHS512, issuedAt, true},
		{"LastSecond", medusaStoreToken, exp.Add(-time.Nanosecond), true},
		{"HandBuilt", hs256(medusaSecret, `{"customer_id":"cus_01HMEDUSA","domain":"store","iat":`+iat+`,"exp":`+expUnix+`}`), issuedAt, true},
		{"NoExp", hs256(medusaSecret, `{"customer_id":"cus_01HMEDUSA","domain":"store"}`), issuedAt, true}, // jsonwebtoken does not require exp
		{"Expired", medusaStoreToken, exp, false},
		{"OtherSecret", hs256("another-secret", `{"customer_id":"cus_01HMEDUSA","domain":"store","iat":`+iat+`,"exp":`+expUnix+`}`), issuedAt, false},
		{"AdminDomain", medusaAdminToken, issuedAt, false},
		{"NoDomain", hs256(medusaSecret, `{"customer_id":"cus_01HMEDUSA","exp":`+expUnix+`}`), issuedAt, false},
		{"NoCustomerID", hs256(medusaSecret, `{"domain":"store","exp":`+expUnix+`}`), issuedAt, false},
		{"EmptyCustomerID", hs256(medusaSecret, `{"customer_id":"","domain":"store","exp":`+expUnix+`}`), issuedAt, false},
		{"NotYetValid", hs256(medusaSecret, `{"customer_id":"cus_01HMEDUSA","domain":"store","nbf":1705316400}`), issuedAt, false},
		{"ExpNotANumber", hs256(medusaSecret, `{"customer_id":"cus_01HMEDUSA","domain":"store","exp":"never"}`), issuedAt, false},
		{"TamperedPayload", tamperPayload(medusaStoreToken, `{"customer_id":"cus_attacker","domain":"store","iat":`+iat+`,"exp":`+expUnix+`}`), issuedAt, false},
		{"AlgNone", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + base64.RawURLEncoding.EncodeToString([]byte(`{"customer_id":"cus_01HMEDUSA","domain":"store"}`)) + ".", issuedAt, false},
		{"Garbage", "not.a.jwt", issuedAt, false},
		{"Empty", "", issuedAt, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, err := medusaTokens(tt.at).VerifyStoreToken(tt.token)
			if !tt.ok {
				wantKind(t, err, errs.Unauthorized, "Unauthorized")
				if id != "" {
					t.Errorf("customer = %q on failure", id)
				}
				return
			}
			if err != nil || id != medusaCus {
				t.Errorf("VerifyStoreToken = %q, %v; want %q", id, err, medusaCus)
			}
		})
	}
}

func TestStoreTokenRoundTrip(t *testing.T) {
	tokens := NewTokens(NewSecret(), clock(issuedAt))
	token, err := tokens.SignStoreToken("cus_123")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := tokens.VerifyStoreToken(token); err != nil || id != "cus_123" {
		t.Errorf("VerifyStoreToken = %q, %v", id, err)
	}
	// Ensure another deployment's secret does not accept it.
	if _, err := NewTokens(NewSecret(), clock(issuedAt)).VerifyStoreToken(token); err == nil {
		t.Error("token verified under another secret")
	}
}

// Ensure an empty secret is refused, not used as an HMAC key anyone can sign with.
func TestEmptySecret(t *testing.T) {
	tokens := NewTokens("", clock(issuedAt))
	if _, err := tokens.SignStoreToken("cus_1"); errs.KindOf(err) != errs.Internal || err == nil {
		t.Errorf("SignStoreToken err = %v, want Internal", err)
	}
	if _, err := tokens.VerifyStoreToken(hs256("", `{"customer_id":"cus_1","domain":"store"}`)); err == nil {
		t.Error("VerifyStoreToken accepted a token signed with an empty key")
	}
	if _, err := tokens.SignClaimToken("cus_1", []string{"order_1"}); err == nil {
		t.Error("SignClaimToken signed with an empty secret")
	}
	if _, err := tokens.VerifyClaimToken(medusaClaimToken); err == nil {
		t.Error("VerifyClaimToken verified with an empty secret")
	}
}

func TestResetToken(t *testing.T) {
	const msg = "Invalid or expired password reset token"
	exp := issuedAt.Truncate(time.Second).Add(ResetTokenTTL)
	newHash, err := HashPassword("new password")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("MedusaToken", func(t *testing.T) {
		if err := medusaTokens(issuedAt).VerifyResetToken(medusaResetToken, medusaCus, medusaHash); err != nil {
			t.Error(err)
		}
	})
	t.Run("SameClaimsAsMedusa", func(t *testing.T) {
		// Key order differs (Medusa writes exp before iat); the claims do not.
		token, err := medusaTokens(issuedAt).SignResetToken(medusaCus, medusaHash)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"customer_id":"cus_01HMEDUSA","iat":1705312800,"exp":1705313700}`
		if got := payload(t, token); got != want {
			t.Errorf("payload = %s, want %s", got, want)
		}
	})

	tokens := NewTokens("", clock(issuedAt)) // reset tokens do not use the jwt secret
	token, err := tokens.SignResetToken("cus_1", medusaHash)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		token      string
		at         time.Time
		customerID string
		hash       string
		ok         bool
	}{
		{"RoundTrip", token, issuedAt, "cus_1", medusaHash, true},
		{"LastSecond", token, exp.Add(-time.Nanosecond), "cus_1", medusaHash, true},
		{"Expired", token, exp, "cus_1", medusaHash, false},
		{"OtherCustomer", token, issuedAt, "cus_2", medusaHash, false},
		{"EmptyCustomer", hs256(medusaHash, `{"exp":1705313700}`), issuedAt, "", medusaHash, false},
		// Changing the password changes the key, so the token dies with it.
		{"PasswordChanged", token, issuedAt, "cus_1", newHash, false},
		{"NoPasswordHash", token, issuedAt, "cus_1", "", false},
		{"SignedWithJWTSecret", hs256(medusaSecret, `{"customer_id":"cus_1","exp":1705313700}`), issuedAt, "cus_1", medusaHash, false},
		{"Tampered", tamperPayload(token, `{"customer_id":"cus_1","exp":1805313700}`), issuedAt, "cus_1", medusaHash, false},
		{"Garbage", "garbage", issuedAt, "cus_1", medusaHash, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tokens.withClock(tt.at).VerifyResetToken(tt.token, tt.customerID, tt.hash)
			if tt.ok {
				if err != nil {
					t.Error(err)
				}
				return
			}
			wantKind(t, err, errs.Unauthorized, msg)
		})
	}

	t.Run("SignWithoutHash", func(t *testing.T) {
		if _, err := tokens.SignResetToken("cus_1", ""); err == nil {
			t.Error("signed a reset token with an empty key")
		}
	})
}

// Ensure storegraph issues the very bytes Medusa would.
func TestSignClaimTokenMatchesMedusa(t *testing.T) {
	got, err := medusaTokens(issuedAt).SignClaimToken(medusaCus, []string{"order_01A", "order_01B"})
	if err != nil {
		t.Fatal(err)
	}
	if got != medusaClaimToken {
		t.Errorf("SignClaimToken = %s\nwant             %s", got, medusaClaimToken)
	}
}

func TestVerifyClaimToken(t *testing.T) {
	const msg = "Invalid or expired order claim token"
	iat := issuedAt.Truncate(time.Second)
	for _, tt := range []struct {
		name  string
		token string
		at    time.Time
		want  *OrderClaim
	}{
		{"MedusaToken", medusaClaimToken, issuedAt, &OrderClaim{medusaCus, []string{"order_01A", "order_01B"}}},
		{"LastSecond", medusaClaimToken, iat.Add(ClaimTokenTTL - time.Nanosecond), &OrderClaim{medusaCus, []string{"order_01A", "order_01B"}}},
		{"NoOrdersToMove", hs256(medusaSecret, `{"claimingCustomerId":"cus_1","orders":[],"iat":1705312800}`), issuedAt, &OrderClaim{"cus_1", []string{}}},
		{"Expired", medusaClaimToken, iat.Add(ClaimTokenTTL), nil},
		// maxAge "15m" counts from iat whatever exp says, and needs an iat.
		{"MaxAgeExceeded", hs256(medusaSecret, `{"claimingCustomerId":"cus_1","orders":["order_1"],"iat":1705312800,"exp":1805312800}`), iat.Add(ClaimTokenTTL), nil},
		{"NoIssuedAt", hs256(medusaSecret, `{"claimingCustomerId":"cus_1","orders":["order_1"],"exp":1705313700}`), issuedAt, nil},
		{"OtherSecret", hs256("another-secret", `{"claimingCustomerId":"cus_1","orders":["order_1"],"iat":1705312800}`), issuedAt, nil},
		{"NoCustomer", hs256(medusaSecret, `{"orders":["order_1"],"iat":1705312800}`), issuedAt, nil},
		{"NoOrders", hs256(medusaSecret, `{"claimingCustomerId":"cus_1","iat":1705312800}`), issuedAt, nil},
		{"StoreToken", medusaStoreToken, issuedAt, nil},
		{"Tampered", tamperPayload(medusaClaimToken, `{"claimingCustomerId":"cus_attacker","orders":["order_01A"],"iat":1705312800,"exp":1705313700}`), issuedAt, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := medusaTokens(tt.at).VerifyClaimToken(tt.token)
			if tt.want == nil {
				wantKind(t, err, errs.Unauthorized, msg)
				return
			}
			if err != nil || got.CustomerID != tt.want.CustomerID || !slices.Equal(got.OrderIDs, tt.want.OrderIDs) {
				t.Errorf("VerifyClaimToken = %+v, %v; want %+v", got, err, *tt.want)
			}
		})
	}
}

func TestClaimTokenRoundTrip(t *testing.T) {
	tokens := NewTokens(NewSecret(), clock(issuedAt))
	token, err := tokens.SignClaimToken("cus_1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := payload(t, token); !strings.Contains(got, `"orders":[]`) {
		t.Errorf("payload = %s, want an orders array", got)
	}
	claim, err := tokens.VerifyClaimToken(token)
	if err != nil || claim.CustomerID != "cus_1" || claim.OrderIDs == nil || len(claim.OrderIDs) != 0 {
		t.Errorf("VerifyClaimToken = %+v, %v", claim, err)
	}
}

func TestNewSecret(t *testing.T) {
	a, b := NewSecret(), NewSecret()
	if len(a) != 64 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Errorf("NewSecret = %q, want 64 hex characters", a)
	}
	if a == b {
		t.Error("two secrets are equal")
	}
}

func (t *Tokens) withClock(at time.Time) *Tokens {
	return &Tokens{secret: t.secret, now: clock(at)}
}

func payload(t *testing.T, token string) string {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q has %d parts", token, len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

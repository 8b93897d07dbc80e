// Package session keeps customers' cookie sessions (Medusa's store-session)
// in the database table storegraph_session, so every storegraph process
// behind a load balancer knows every session.
//
// A session id is 32 random bytes. The cookie carries the id and an
// HMAC-SHA256 of it keyed with the cookie secret ("<id>.<mac>", base64url),
// so a forged or tampered cookie is refused without a database read; the
// table holds only the SHA-256 of the id, so reading it does not let anyone
// log in. Sessions last Medusa's 10 hours from login.
package session

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/storegraph/storegraph/internal/commalist"
	"github.com/storegraph/storegraph/internal/storage"
)

// CookieName is the session cookie's name. It is not Medusa's connect.sid,
// so a Medusa backend on the same domain keeps its own cookie.
const CookieName = "storegraph.sid"

// TTL is Medusa's session life (express-session maxAge 10 h).
const TTL = 10 * time.Hour

// Store creates, reads and ends sessions.
type Store struct {
	DB *storage.DB
	// Keys sign cookies: the first signs new ones, every one verifies (so a
	// secret can be rotated without logging everyone out).
	Keys [][]byte
	// TTL is the session life (default TTL).
	TTL time.Duration
}

// NewStore makes a store whose cookies are signed with secrets: one secret,
// or several separated by commas, the first signing new cookies.
func NewStore(db *storage.DB, secrets string) *Store {
	s := &Store{DB: db, TTL: TTL}
	for _, k := range commalist.Split(secrets) {
		s.Keys = append(s.Keys, []byte(k))
	}
	return s
}

// Started is a new session: the cookie value and when it ends.
type Started struct {
	Value     string
	ExpiresAt time.Time
}

// Create starts a session for a customer in tx (so it exists only if the
// login or registration around it commits), and removes expired sessions.
func (s *Store) Create(ctx context.Context, tx *storage.Tx, customerID string) (Started, error) {
	if len(s.Keys) == 0 {
		return Started{}, errors.New("session: no cookie secret configured")
	}
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	id := base64.RawURLEncoding.EncodeToString(raw)
	ttl := s.TTL
	if ttl <= 0 {
		ttl = TTL
	}
	row := storage.Session{IDHash: hash(id), CustomerID: customerID, CreatedAt: tx.Now, ExpiresAt: tx.Now.Add(ttl)}
	if err := storage.DeleteExpiredSessions(ctx, tx, tx.Now); err != nil {
		return Started{}, err
	}
	if err := storage.InsertSession(ctx, tx, row); err != nil {
		return Started{}, err
	}
	return Started{Value: id + "." + s.mac(s.Keys[0], id), ExpiresAt: row.ExpiresAt}, nil
}

// Customer returns the customer of a cookie value: "" when the value is
// forged, tampered with, unknown, expired, or its customer was deleted.
func (s *Store) Customer(ctx context.Context, value string) (string, error) {
	id, ok := s.verify(value)
	if !ok {
		return "", nil
	}
	return storage.SessionCustomer(ctx, s.DB.Reader, hash(id), s.DB.Now())
}

// End removes the session of a cookie value (logout); an invalid value ends
// nothing.
func (s *Store) End(ctx context.Context, value string) error {
	id, ok := s.verify(value)
	if !ok {
		return nil
	}
	return s.DB.InTx(ctx, func(tx *storage.Tx) error { return storage.DeleteSession(ctx, tx, hash(id)) })
}

// EndIn removes the session of a cookie value in tx (a login replacing the
// browser's previous session); an invalid value ends nothing.
func (s *Store) EndIn(ctx context.Context, tx *storage.Tx, value string) error {
	id, ok := s.verify(value)
	if !ok {
		return nil
	}
	return storage.DeleteSession(ctx, tx, hash(id))
}

// EndOthers removes a customer's sessions except the one of keep (a cookie
// value; "" ends them all), in tx.
func (s *Store) EndOthers(ctx context.Context, tx *storage.Tx, customerID, keep string) error {
	keepHash := ""
	if id, ok := s.verify(keep); ok {
		keepHash = hash(id)
	}
	return storage.DeleteCustomerSessions(ctx, tx, customerID, keepHash)
}

// Cookie is the Set-Cookie of a new session: HttpOnly, SameSite=Lax, and
// Secure when the request came over HTTPS.
func Cookie(st Started, secure bool) *http.Cookie {
	return &http.Cookie{
		Name: CookieName, Value: st.Value, Path: "/", Expires: st.ExpiresAt,
		MaxAge: int(time.Until(st.ExpiresAt).Seconds()), HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	}
}

// ClearCookie removes the session cookie from the browser.
func ClearCookie(secure bool) *http.Cookie {
	return &http.Cookie{
		Name: CookieName, Value: "", Path: "/", Expires: time.Unix(0, 0), MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	}
}

func (s *Store) verify(value string) (string, bool) {
	id, sig, ok := strings.Cut(value, ".")
	if !ok || id == "" {
		return "", false
	}
	for _, k := range s.Keys {
		if hmac.Equal([]byte(sig), []byte(s.mac(k, id))) {
			return id, true
		}
	}
	return "", false
}

func (s *Store) mac(key []byte, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func hash(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}

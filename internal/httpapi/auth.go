package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/storegraph/storegraph/internal/request"
	"github.com/storegraph/storegraph/internal/session"
)

// Authenticator tells which customer a request's session cookie or bearer
// token identifies (customer.Service implements it).
type Authenticator interface {
	Authenticate(ctx context.Context, cookie, bearer string) (customerID, sessionValue string, err error)
}

// authenticate sets request.Info.CustomerID from the session cookie, else
// from the `Authorization: Bearer` token, as Medusa's optional store
// authentication does. A forged, expired or foreign credential identifies
// nobody; the operations that need a customer then answer UNAUTHORIZED.
func authenticate(a Authenticator, logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			info := request.From(r.Context())
			info.CookieWriter = func(c *http.Cookie) { http.SetCookie(w, c) }
			if a != nil {
				var cookie string
				if c, err := r.Cookie(session.CookieName); err == nil {
					cookie = c.Value
				}
				id, sess, err := a.Authenticate(r.Context(), cookie, bearerToken(r))
				if err != nil {
					logger.WarnContext(r.Context(), "authenticate request", "request_id", info.ID, "error", err)
				}
				info.CustomerID, info.Session = id, sess
			}
			next.ServeHTTP(w, r)
		})
	}
}

func bearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// Package request carries what storegraph knows about the HTTP request behind
// a GraphQL operation: who is calling (customer, publishable API key), from
// where, and its id for logs.
package request

import (
	"context"
	"net/http"
)

// Info is the per-request information resolvers pass on to the domain.
type Info struct {
	ID string
	// CustomerID is the logged-in customer (session cookie or bearer token).
	CustomerID string
	// PublishableKey is the x-publishable-api-key header.
	PublishableKey string
	IP             string
	UserAgent      string
	// Secure is true when the request came over HTTPS.
	Secure bool
	// Admin is true on the admin endpoint once the bearer token matched.
	Admin bool
	// Session is the session cookie's value when that cookie logged the
	// customer in (logout ends it).
	Session string
	// CookieWriter adds a Set-Cookie header to the response.
	CookieWriter func(*http.Cookie)
}

// SetCookie adds a Set-Cookie header to the response (login, logout).
func (i *Info) SetCookie(c *http.Cookie) {
	if i.CookieWriter != nil {
		i.CookieWriter(c)
	}
}

type key struct{}

// With returns ctx carrying info.
func With(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, key{}, info)
}

// From returns the request's Info; an empty one outside a request.
func From(ctx context.Context) *Info {
	if info, ok := ctx.Value(key{}).(*Info); ok {
		return info
	}
	return &Info{}
}

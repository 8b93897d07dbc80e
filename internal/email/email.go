// Package email checks the shape of email addresses the way the store API
// accepts them (carts and customers share one rule).
package email

import "regexp"

var pattern = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)

// Valid reports whether s looks like an email address: something@domain.tld,
// without spaces.
func Valid(s string) bool { return pattern.MatchString(s) }

package auth

import (
	"crypto/rand"
	"encoding/hex"
)

// NewSecret returns 32 random bytes as 64 hex characters, for a jwt or cookie
// secret when none is configured. Medusa keys HMACs with the secret string's
// bytes, so the hex text itself is the key and plain ASCII keeps it portable
// to a Medusa config.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails since Go 1.24
	return hex.EncodeToString(b)
}

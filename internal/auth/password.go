// Package auth holds storegraph's credentials in Medusa v1's own formats:
// scrypt-kdf password hashes and the HMAC-signed JWTs Medusa issues. A Medusa
// backend sharing the database and jwt_secret must accept what storegraph
// writes, and the other way round.
package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"

	"golang.org/x/crypto/scrypt"
)

// A scrypt-kdf key (npm scrypt-kdf 2.x, Colin Percival's header format) is 96
// bytes, stored base64 in customer.password_hash:
//
//	 0  "scrypt"
//	 6  version, 0
//	 7  logN
//	 8  r, uint32 big-endian
//	12  p, uint32 big-endian
//	16  salt, 32 bytes
//	48  SHA-256(bytes 0-47), first 16 bytes
//	64  HMAC-SHA256(bytes 0-63), keyed with bytes 32-63 of
//	    scrypt(password, salt, N=2^logN, r, p, 64 bytes)
const (
	keyLen  = 96
	saltLen = 32
)

// Medusa's parameters (CustomerService.hashPassword_: Scrypt.kdf(pw, {logN: 1,
// r: 1, p: 1})). They are weak, but a hash Medusa can check is the point.
const (
	medusaLogN = 1
	medusaR    = 1
	medusaP    = 1
)

// maxMem is the limit scrypt-kdf hands Node's crypto.scrypt (2 GiB - 1).
// Applying OpenSSL's same check accepts exactly the parameters Medusa accepts
// and keeps a hostile hash row from asking for unbounded memory.
const maxMem = 1<<31 - 1

// HashPassword hashes password as Medusa does, with a fresh random salt; the
// result is base64, ready for customer.password_hash.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails since Go 1.24
	key, err := derive(password, salt, medusaLogN, medusaR, medusaP)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(key), nil
}

// VerifyPassword reports whether hash (base64 scrypt-kdf, any valid
// parameters) was made from password. A malformed hash is simply false.
func VerifyPassword(hash, password string) bool {
	key, err := base64.StdEncoding.DecodeString(hash)
	if err != nil || len(key) != keyLen {
		return false
	}
	// Like scrypt-kdf, the magic and version are not checked on their own:
	// the checksum covers them.
	sum := sha256.Sum256(key[:48])
	if subtle.ConstantTimeCompare(sum[:16], key[48:64]) != 1 {
		return false
	}
	mac, err := headerMAC(password, key)
	return err == nil && hmac.Equal(mac, key[64:])
}

// derive builds a complete scrypt-kdf key.
func derive(password string, salt []byte, logN uint8, r, p uint32) ([]byte, error) {
	key := make([]byte, keyLen)
	copy(key, "scrypt")
	key[7] = logN
	binary.BigEndian.PutUint32(key[8:12], r)
	binary.BigEndian.PutUint32(key[12:16], p)
	copy(key[16:48], salt)
	sum := sha256.Sum256(key[:48])
	copy(key[48:64], sum[:16])
	mac, err := headerMAC(password, key)
	if err != nil {
		return nil, err
	}
	copy(key[64:], mac)
	return key, nil
}

// headerMAC runs scrypt with the parameters and salt in key's header and signs
// the first 64 bytes with the second half of the derived key.
func headerMAC(password string, key []byte) ([]byte, error) {
	logN := key[7]
	r := binary.BigEndian.Uint32(key[8:12])
	p := binary.BigEndian.Uint32(key[12:16])
	if !paramsOK(logN, r, p) {
		return nil, errors.New("auth: scrypt parameters out of range")
	}
	dk, err := scrypt.Key([]byte(password), key[16:48], 1<<logN, int(r), int(p), 64)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, dk[32:])
	m.Write(key[:64])
	return m.Sum(nil), nil
}

// paramsOK applies OpenSSL's scrypt parameter checks (EVP_PBE_scrypt) with
// Node's maxmem, so storegraph refuses the hashes Medusa cannot check.
func paramsOK(logN uint8, r, p uint32) bool {
	if logN < 1 || logN > 62 || r == 0 || p == 0 {
		return false
	}
	r64, p64, n := uint64(r), uint64(p), uint64(1)<<logN
	if r64*p64 >= 1<<30 {
		return false
	}
	if 16*r64 < 64 && n >= 1<<(16*r64) {
		return false
	}
	// Memory is B (128·r·p bytes) plus V, X and T (128·r·(N+2) bytes).
	if n+2 > maxMem/(128*r64) {
		return false
	}
	return 128*r64*(p64+n+2) <= maxMem
}

package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
)

// medusaHash is the hash of "test" in Medusa's own test fixtures.
const medusaHash = "c2NyeXB0AAEAAAABAAAAAVMdaddoGjwU1TafDLLlBKnOTQga7P2dbrfgf3fB+rCD/cJOMuGzAvRdKutbYkVpuJWTU39P7OpuWNkUVoEETOVLMJafbI8qs8Qx/7jMQXkN"

// otherParamsHash is scrypt-kdf 2.0.1's Scrypt.kdf("pässwörd", {logN: 4, r: 8, p: 2}).
const otherParamsHash = "c2NyeXB0AAQAAAAIAAAAArRd5Ly+a6GXlGsb/d4We9zATNJ8+kN+J14LGhU3jz5bcpaJHu5P7XfKXmKHZbR2NYwBeUaf390FW1nRw5tWABWoyca+p94hVfPDCCugWxtG"

func TestVerifyPassword(t *testing.T) {
	for _, tt := range []struct {
		name     string
		hash     string
		password string
		want     bool
	}{
		{"MedusaFixture", medusaHash, "test", true},
		{"MedusaFixtureWrongPassword", medusaHash, "wrong", false},
		{"MedusaFixtureEmptyPassword", medusaHash, "", false},
		{"MedusaFixturePasswordCase", medusaHash, "Test", false},
		{"OtherParamsUTF8", otherParamsHash, "pässwörd", true},
		{"OtherParamsWrongPassword", otherParamsHash, "passwörd", false},
		{"Empty", "", "test", false},
		{"NotBase64", "not base64!", "test", false},
		{"Truncated", medusaHash[:124], "test", false},
		{"TooLong", base64.StdEncoding.EncodeToString(append(mustDecode(t, medusaHash), 0)), "test", false},
		{"SaltTampered", tamper(t, medusaHash, 20, false), "test", false},
		{"ChecksumTampered", tamper(t, medusaHash, 50, false), "test", false},
		{"MACTampered", tamper(t, medusaHash, 90, false), "test", false},
		// A forger who recomputes the checksum still fails the HMAC.
		{"SaltTamperedChecksumFixed", tamper(t, medusaHash, 20, true), "test", false},
		{"ParamsChangedChecksumFixed", withParams(t, medusaHash, 2, 1, 1), "test", false},
		{"LogNZero", withParams(t, medusaHash, 0, 1, 1), "test", false},
		{"RZero", withParams(t, medusaHash, 1, 0, 1), "test", false},
		{"PZero", withParams(t, medusaHash, 1, 1, 0), "test", false},
		{"LogNHuge", withParams(t, medusaHash, 255, 1, 1), "test", false},
		{"MemoryOverNodeLimit", withParams(t, medusaHash, 22, 8, 1), "test", false},
		{"RTimesPTooLarge", withParams(t, medusaHash, 1, 1<<15, 1<<15), "test", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := VerifyPassword(tt.hash, tt.password); got != tt.want {
				t.Errorf("VerifyPassword(%q) = %v, want %v", tt.password, got, tt.want)
			}
		})
	}
}

// Ensure our key derivation is scrypt-kdf's: Medusa's salt and parameters
// give back Medusa's hash exactly.
func TestDeriveReproducesMedusaHash(t *testing.T) {
	key := mustDecode(t, medusaHash)
	got, err := derive("test", key[16:48], medusaLogN, medusaR, medusaP)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, key) {
		t.Errorf("derive = %s, want %s", base64.StdEncoding.EncodeToString(got), medusaHash)
	}
}

func TestHashPassword(t *testing.T) {
	for _, password := range []string{"test", "", "correct horse battery staple", "pässwörd 🔑"} {
		hash, err := HashPassword(password)
		if err != nil {
			t.Fatal(err)
		}
		if len(hash) != 128 {
			t.Errorf("len(hash) = %d, want 128 (scrypt-kdf's length)", len(hash))
		}
		// Ensure Medusa's header: "scrypt", version 0, logN 1, r 1, p 1.
		header := []byte("scrypt\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01")
		if key := mustDecode(t, hash); !bytes.Equal(key[:16], header) {
			t.Errorf("header = %x, want %x", key[:16], header)
		}
		if !VerifyPassword(hash, password) {
			t.Errorf("VerifyPassword(HashPassword(%q)) = false", password)
		}
		if VerifyPassword(hash, password+"x") {
			t.Errorf("VerifyPassword accepted a different password for %q", password)
		}
	}

	t.Run("FreshSalt", func(t *testing.T) {
		a, _ := HashPassword("test")
		b, _ := HashPassword("test")
		if a == b {
			t.Error("two hashes of the same password are equal")
		}
	})
}

// Ensure hashes with parameters other than Medusa's verify, as scrypt-kdf's do.
func TestVerifyPasswordOtherParams(t *testing.T) {
	salt := bytes.Repeat([]byte{7}, saltLen)
	for _, p := range []struct {
		logN uint8
		r, p uint32
	}{{1, 1, 1}, {4, 8, 1}, {10, 8, 1}, {3, 2, 3}} {
		key, err := derive("secret", salt, p.logN, p.r, p.p)
		if err != nil {
			t.Fatalf("derive(%+v): %v", p, err)
		}
		hash := base64.StdEncoding.EncodeToString(key)
		if !VerifyPassword(hash, "secret") || VerifyPassword(hash, "Secret") {
			t.Errorf("params %+v: verify gave the wrong answer", p)
		}
	}
}

// Ensure no input makes VerifyPassword panic.
func FuzzVerifyPassword(f *testing.F) {
	f.Add(medusaHash, "test")
	f.Add(otherParamsHash, "x")
	f.Add("", "")
	f.Add(strings.Repeat("A", 128), "test")
	f.Fuzz(func(t *testing.T, hash, password string) {
		VerifyPassword(hash, password)
	})
}

func mustDecode(t testing.TB, hash string) []byte {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(hash)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// tamper flips one byte of hash, optionally recomputing the checksum after.
func tamper(t testing.TB, hash string, i int, fixChecksum bool) string {
	key := mustDecode(t, hash)
	key[i] ^= 0x01
	if fixChecksum {
		sum := sha256.Sum256(key[:48])
		copy(key[48:64], sum[:16])
	}
	return base64.StdEncoding.EncodeToString(key)
}

// withParams rewrites hash's parameters with a valid checksum, so only the
// parameter checks and the HMAC stand in the way.
func withParams(t testing.TB, hash string, logN uint8, r, p uint32) string {
	key := mustDecode(t, hash)
	key[7] = logN
	binary.BigEndian.PutUint32(key[8:12], r)
	binary.BigEndian.PutUint32(key[12:16], p)
	sum := sha256.Sum256(key[:48])
	copy(key[48:64], sum[:16])
	return base64.StdEncoding.EncodeToString(key)
}

// Ensure the parameter limits match Node's crypto.scrypt with scrypt-kdf's
// maxmem (each case checked against Node 20).
func TestParamsOK(t *testing.T) {
	for _, tt := range []struct {
		logN uint8
		r, p uint32
		want bool
	}{
		{1, 1, 1, true},
		{15, 1, 1, true},
		{16, 1, 1, false}, // N must be below 2^(16·r)
		{17, 2, 1, true},
		{20, 8, 1, true},
		{21, 8, 1, false}, // 2 GiB memory limit
		{2, 3, 21, true},
		{0, 1, 1, false},
		{63, 8, 1, false},
	} {
		if got := paramsOK(tt.logN, tt.r, tt.p); got != tt.want {
			t.Errorf("paramsOK(%d, %d, %d) = %v, want %v", tt.logN, tt.r, tt.p, got, tt.want)
		}
	}
}

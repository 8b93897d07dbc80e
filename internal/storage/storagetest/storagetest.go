// Package storagetest gives tests a fresh, migrated database: a SQLite file
// in the test's temporary directory, or, when STOREGRAPH_TEST_DB=postgres, a
// schema of its own in the PostgreSQL database of STOREGRAPH_TEST_POSTGRES_URL
// (default postgres://postgres@127.0.0.1:5432/test). The same tests run on both.
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for schema set-up

	"github.com/storegraph/storegraph/internal/storage"
)

// DefaultPostgresURL is the database CI provides.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// UsePostgres reports whether tests run against PostgreSQL.
func UsePostgres() bool { return os.Getenv("STOREGRAPH_TEST_DB") == "postgres" }

// PostgresURL is the server tests use for PostgreSQL.
func PostgresURL() string {
	if u := os.Getenv("STOREGRAPH_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// URL returns a --db value for a fresh, empty database that is removed when
// the test ends.
func URL(tb testing.TB) string {
	tb.Helper()
	if !UsePostgres() {
		return filepath.Join(tb.TempDir(), "storegraph.db")
	}
	schema := "sgtest_" + randomHex(6)
	admin, err := sql.Open("pgx", PostgresURL())
	if err != nil {
		tb.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create schema: %v (is PostgreSQL running? see README)", err)
	}
	tb.Cleanup(func() {
		admin, err := sql.Open("pgx", PostgresURL())
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(PostgresURL())
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresURL(), err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpenDB opens and migrates a fresh database, closed when the test ends.
func MustOpenDB(tb testing.TB) *storage.DB {
	tb.Helper()
	db := MustOpenEmptyDB(tb)
	if err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return db
}

// MustOpenEmptyDB opens a fresh database without migrating it.
func MustOpenEmptyDB(tb testing.TB) *storage.DB {
	tb.Helper()
	db, err := storage.Open(context.Background(), URL(tb))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

package graph_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// medusaDump is Medusa v1.20's own PostgreSQL schema, as pg_dump wrote it
// from a database that `medusa migrations run` made.
const medusaDump = "../internal/storage/schemagen/medusa-v1-postgres-schema.sql"

// Ensure storegraph serves a database whose schema Medusa created: on a
// fresh PostgreSQL database holding Medusa's schema exactly as dumped, the
// migrations and the catalog fixture load, every catalog test passes as on
// storegraph's own schema, and every table storegraph added is prefixed
// storegraph_.
func TestMedusaSchema(t *testing.T) {
	if !storagetest.UsePostgres() {
		t.Skip("PostgreSQL only: run with STOREGRAPH_TEST_DB=postgres")
	}
	ctx := context.Background()
	dump, err := os.ReadFile(medusaDump)
	if err != nil {
		t.Fatal(err)
	}
	dbURL := freshDatabase(t)

	// Apply the dump on a connection of its own: it empties search_path.
	medusa, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := medusa.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, withoutMetaCommands(string(dump))); err != nil {
		t.Fatalf("apply Medusa's schema: %v", err)
	}
	conn.Close()
	medusaTables := tables(t, medusa)
	medusa.Close()
	if len(medusaTables) < 90 {
		t.Fatalf("Medusa's dump made %d tables", len(medusaTables))
	}

	s := newCatalog(t, apptest.WithDatabase(dbURL))

	// Every catalog test, on the database Medusa's schema made.
	runCatalogTests(t, s)

	t.Run("OnlyStoregraphTablesAdded", func(t *testing.T) {
		db, err := sql.Open("pgx", dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		medusaSet := map[string]bool{}
		for _, name := range medusaTables {
			medusaSet[name] = true
		}
		var added []string
		for _, name := range tables(t, db) {
			if medusaSet[name] {
				continue
			}
			added = append(added, name)
			if !strings.HasPrefix(strings.TrimPrefix(name, "public."), "storegraph_") {
				t.Errorf("table %s is neither Medusa's nor prefixed storegraph_", name)
			}
		}
		if len(added) == 0 {
			t.Fatal("storegraph added no table (its migration history should be one)")
		}
		t.Logf("tables storegraph added: %v", added)
	})
}

// freshDatabase creates an empty PostgreSQL database for the test through
// the test server's admin connection, dropped when the test ends, and
// returns its URL.
func freshDatabase(t *testing.T) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "sg_medusa_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", storagetest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	// Registered first, so it runs last: after the server has closed its pool.
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", storagetest.PostgresURL())
		if err != nil {
			t.Errorf("drop database %s: %v", name, err)
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(storagetest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// withoutMetaCommands drops psql's meta-commands (lines starting with a
// backslash, such as \restrict), which are not SQL.
func withoutMetaCommands(script string) string {
	lines := strings.Split(script, "\n")
	kept := lines[:0]
	for _, line := range lines {
		if !strings.HasPrefix(line, `\`) {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

var systemSchema = regexp.MustCompile(`^(pg_.*|information_schema)$`)

// tables lists the tables of a database as schema.table, sorted.
func tables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var schema, name string
		if err := rows.Scan(&schema, &name); err != nil {
			t.Fatal(err)
		}
		if !systemSchema.MatchString(schema) {
			out = append(out, schema+"."+name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

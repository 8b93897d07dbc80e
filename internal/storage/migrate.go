package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrationFiles embed.FS

// migrationTable keeps storegraph's migration history apart from Medusa's own
// `migrations` table, and carries the storegraph_ prefix like every table
// storegraph adds to a Medusa database.
const migrationTable = "storegraph_migrations"

// Migrate brings the schema up to date. Version 1 creates Medusa v1's tables
// unless the database already has them (a Medusa backend's database is used
// as it is), and fills the country and currency lists; later versions are the
// SQL files of the dialect's folder.
func (db *DB) Migrate(ctx context.Context) error {
	provider, err := db.migrations(ctx)
	if err != nil {
		return err
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, r := range results {
		slog.Debug("migration applied", "version", r.Source.Version, "duration", r.Duration)
	}
	return nil
}

// MigrateTo migrates up or down to a version. The server always migrates
// fully; tests use this to check a migration against older data.
func (db *DB) MigrateTo(ctx context.Context, version int64) error {
	provider, err := db.migrations(ctx)
	if err != nil {
		return err
	}
	current, err := provider.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if current < version {
		_, err = provider.UpTo(ctx, version)
	} else if current > version {
		_, err = provider.DownTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}

func (db *DB) migrations(ctx context.Context) (*goose.Provider, error) {
	dialect, dir := goose.DialectSQLite3, "migrations/sqlite"
	opts := []goose.ProviderOption{
		goose.WithTableName(migrationTable),
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goose.NewGoMigration(1, &goose.GoFunc{RunTx: db.createMedusaSchema}, nil)),
	}
	if db.Dialect == Postgres {
		dialect, dir = goose.DialectPostgres, "migrations/postgres"
		if err := db.createTrigramExtension(ctx); err != nil {
			return nil, err
		}
		// Several storegraph processes may start at once against one
		// schema: they take turns. The lock is the schema's, so migrations
		// of other schemas (other stores, parallel tests) do not wait.
		var schema string
		if err := db.writer.GetContext(ctx, &schema, `SELECT current_schema()`); err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		h := fnv.New64a()
		h.Write([]byte("storegraph:" + schema))
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	sub, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	provider, err := goose.NewProvider(dialect, db.writer.DB, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return provider, nil
}

// createTrigramExtension creates pg_trgm (Medusa's schema uses its operator
// classes) once per database. CREATE EXTENSION IF NOT EXISTS is not safe
// against a concurrent twin, so losing that race is taken as success.
func (db *DB) createTrigramExtension(ctx context.Context) error {
	_, err := db.writer.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && (pgErr.Code == "23505" || pgErr.Code == "42710") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create extension pg_trgm: %w", err)
	}
	return nil
}

func (db *DB) createMedusaSchema(ctx context.Context, tx *sql.Tx) error {
	exists, err := db.medusaSchemaExists(ctx, tx)
	if err != nil {
		return err
	}
	if exists {
		slog.Info("using the Medusa v1 schema found in the database")
	} else {
		ddl, err := migrationFiles.ReadFile("migrations/medusa_" + db.Dialect.String() + ".sql")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(ddl)); err != nil {
			return fmt.Errorf("create Medusa schema: %w", err)
		}
	}
	return insertISOData(ctx, tx, db.Dialect)
}

func (db *DB) medusaSchemaExists(ctx context.Context, tx *sql.Tx) (bool, error) {
	var n int
	var err error
	if db.Dialect == Postgres {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_name IN ('cart', 'migrations')`).Scan(&n)
	} else {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
			WHERE type = 'table' AND name IN ('cart', 'migrations')`).Scan(&n)
	}
	return n == 2, err
}

// insertISOData adds the countries and currencies Medusa's first migration
// inserts, skipping those the database has (a schema-only Medusa dump has none).
func insertISOData(ctx context.Context, tx *sql.Tx, d Dialect) error {
	placeholder := func(i int) string {
		if d == Postgres {
			return fmt.Sprintf("$%d", i)
		}
		return "?"
	}
	var b strings.Builder
	var args []any
	b.WriteString("INSERT INTO currency (code, symbol, symbol_native, name) VALUES ")
	for i, c := range isoCurrencies {
		if i > 0 {
			b.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&b, "(%s, %s, %s, %s)", placeholder(n+1), placeholder(n+2), placeholder(n+3), placeholder(n+4))
		args = append(args, c.code, c.symbol, c.symbolNative, c.name)
	}
	b.WriteString(" ON CONFLICT DO NOTHING")
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("insert currencies: %w", err)
	}
	b.Reset()
	args = args[:0]
	b.WriteString("INSERT INTO country (iso_2, iso_3, num_code, name, display_name) VALUES ")
	for i, c := range isoCountries {
		if i > 0 {
			b.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&b, "(%s, %s, %s, %s, %s)", placeholder(n+1), placeholder(n+2), placeholder(n+3), placeholder(n+4), placeholder(n+5))
		args = append(args, c.iso2, c.iso3, c.numCode, c.name, c.displayName)
	}
	b.WriteString(" ON CONFLICT DO NOTHING")
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("insert countries: %w", err)
	}
	return nil
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
)

// Dialect is the SQL flavour of the database behind a DB.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is storegraph's database. On SQLite writes go through a pool of one
// connection whose transactions begin IMMEDIATE, so writers queue in Go
// instead of spinning on SQLITE_BUSY, while reads use a pool of their own
// (WAL lets them run beside the writer). On PostgreSQL both are one pool.
type DB struct {
	Dialect Dialect
	// Reader runs statements outside transactions.
	Reader *Pool
	writer *sqlx.DB
	// Now stamps each transaction; tests replace it to freeze time.
	Now func() time.Time
	// MaxRetries bounds how often a transaction that failed on a busy
	// database, a serialization failure or a deadlock is run again.
	MaxRetries int
}

// IsPostgresURL reports whether a --db value selects PostgreSQL.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to a SQLite file (a path or file: URL) or, for a postgres://
// URL, to PostgreSQL. It does not migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: func() time.Time { return time.Now().UTC() }, MaxRetries: 5}
	if IsPostgresURL(dsn) {
		db.Dialect = Postgres
		pool, err := sqlx.Open(driverPostgres, dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(32)
		pool.SetMaxIdleConns(32)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.Reader, db.writer = &Pool{DB: pool}, pool
	} else {
		db.Dialect = SQLite
		readDSN, writeDSN, err := sqliteDSNs(dsn)
		if err != nil {
			return nil, err
		}
		if db.writer, err = sqlx.Open(driverSQLite, writeDSN); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		db.writer.SetMaxOpenConns(1)
		db.writer.SetConnMaxIdleTime(0)
		reader, err := sqlx.Open(driverSQLite, readDSN)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		reader.SetMaxOpenConns(8)
		reader.SetMaxIdleConns(8)
		// go-sqlite3 prepares every statement anew, which costs as much as
		// running it: the read pool keeps its prepared statements. (pgx
		// caches statements per connection by itself.)
		db.Reader = &Pool{DB: reader, stmts: &stmtCache{}}
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.writer.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", db.Dialect, err)
	}
	return db, nil
}

// sqliteDSNs builds the go-sqlite3 DSNs: WAL, foreign keys, a busy timeout,
// and IMMEDIATE transactions for the writer. Options given in a file: URL win.
func sqliteDSNs(dsn string) (read, write string, err error) {
	path, query := strings.TrimPrefix(dsn, "file:"), ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" {
		return "", "", errors.New("sqlite: empty database path")
	}
	params, err := url.ParseQuery(query)
	if err != nil {
		return "", "", fmt.Errorf("sqlite: bad options in %q: %w", dsn, err)
	}
	defaults := map[string]string{
		"_foreign_keys": "on",
		"_journal_mode": "WAL",
		"_busy_timeout": "10000",
		"_synchronous":  "FULL",
	}
	for k, v := range defaults {
		if params.Get(k) == "" {
			params.Set(k, v)
		}
	}
	read = "file:" + path + "?" + params.Encode()
	params.Set("_txlock", "immediate")
	write = "file:" + path + "?" + params.Encode()
	return read, write, nil
}

// Close closes the pools.
func (db *DB) Close() error {
	var errs []error
	if db.writer != nil {
		errs = append(errs, db.writer.Close())
	}
	if db.Reader != nil && db.Reader.DB != db.writer {
		db.Reader.stmts.close()
		errs = append(errs, db.Reader.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.Reader.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return db.Reader.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Writer is the pool migrations and transactions use.
func (db *DB) Writer() *sqlx.DB { return db.writer }

// Q runs statements: the reader pool or a transaction. Every storage function
// takes one, so the same query serves reads and the inside of a mutation.
type Q interface {
	sqlx.ExtContext
}

var rebound sync.Map // query with ? placeholders -> query with $n

// Rebind turns a query written with ? placeholders into the dialect's form.
func Rebind(q Q, query string) string {
	if q.DriverName() != driverPostgres {
		return query
	}
	if s, ok := rebound.Load(query); ok {
		return s.(string)
	}
	s := sqlx.Rebind(sqlx.DOLLAR, query)
	rebound.Store(query, s)
	return s
}

// Get scans one row into dest; sql.ErrNoRows when there is none.
func Get(ctx context.Context, q Q, dest any, query string, args ...any) error {
	query = Rebind(q, query)
	if st := prepared(ctx, q, query); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return sqlx.GetContext(ctx, q, dest, query, args...)
}

// Select scans all rows into the slice dest points to.
func Select(ctx context.Context, q Q, dest any, query string, args ...any) error {
	query = Rebind(q, query)
	if st := prepared(ctx, q, query); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return sqlx.SelectContext(ctx, q, dest, query, args...)
}

// Exec runs a statement.
func Exec(ctx context.Context, q Q, query string, args ...any) (sql.Result, error) {
	return q.ExecContext(ctx, Rebind(q, query), args...)
}

// Pool is a connection pool for statements outside transactions.
type Pool struct {
	*sqlx.DB
	stmts *stmtCache // nil where the driver caches statements itself
}

// stmtCache keeps prepared statements by query text. It stops growing at
// maxStatements: queries are a fixed set (IN lists are padded, see In).
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sqlx.Stmt
}

const maxStatements = 4096

// prepared returns a cached prepared statement for a query run on a pool
// with a cache, or nil (run the query directly).
func prepared(ctx context.Context, q Q, query string) *sqlx.Stmt {
	p, ok := q.(*Pool)
	if !ok || p.stmts == nil {
		return nil
	}
	return p.stmts.get(ctx, p.DB, query)
}

func (c *stmtCache) get(ctx context.Context, db *sqlx.DB, query string) *sqlx.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st
	}
	if len(c.stmts) >= maxStatements {
		return nil
	}
	st, err := db.PreparexContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil // the direct run reports the error
	}
	if c.stmts == nil {
		c.stmts = map[string]*sqlx.Stmt{}
	}
	c.stmts[query] = st
	return st
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

// In prepares a query with `IN (?)` over slice arguments. On PostgreSQL
// each `IN (?)` becomes `= ANY(?)` with the slice sent as one array, so the
// query text stays the same whatever the slice's length (and pgx's statement
// cache serves it); on SQLite the placeholder is expanded (sqlx.In).
func In(q Q, query string, args ...any) (string, []any, error) {
	if q.DriverName() == driverPostgres {
		if s, ok := anyQueries.Load(query); ok {
			return s.(string), args, nil
		}
		rewritten := strings.ReplaceAll(query, "NOT IN (?)", "<> ALL(?)")
		rewritten = Rebind(q, strings.ReplaceAll(rewritten, "IN (?)", "= ANY(?)"))
		anyQueries.Store(query, rewritten)
		return rewritten, args, nil
	}
	return expandIn(query, args)
}

// expandIn spreads each slice argument over placeholders; an empty slice
// becomes NULL, so `x IN (?)` matches nothing. Lists are padded to a power
// of two by repeating their last element, so a query has a few dozen forms
// at most and its prepared statements can be kept.
func expandIn(query string, args []any) (string, []any, error) {
	var b strings.Builder
	out := make([]any, 0, len(args))
	arg := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c != '?' {
			b.WriteByte(c)
			continue
		}
		if arg >= len(args) {
			return "", nil, fmt.Errorf("storage: more placeholders than arguments in %q", query)
		}
		list, isList := asStrings(args[arg])
		switch {
		case !isList:
			b.WriteByte('?')
			out = append(out, args[arg])
		case len(list) == 0:
			b.WriteString("NULL")
		default:
			n := 1
			for n < len(list) {
				n *= 2
			}
			b.WriteString(strings.TrimSuffix(strings.Repeat("?, ", n), ", "))
			for i := range n {
				out = append(out, list[min(i, len(list)-1)])
			}
		}
		arg++
	}
	return b.String(), out, nil
}

func asStrings(v any) ([]string, bool) {
	s, ok := v.([]string)
	return s, ok
}

var anyQueries sync.Map // query with IN (?) -> its = ANY($n) form

// SelectIn is Select for a query with `IN (?)` over slice arguments.
func SelectIn(ctx context.Context, q Q, dest any, query string, args ...any) error {
	expanded, expandedArgs, err := In(q, query, args...)
	if err != nil {
		return err
	}
	if st := prepared(ctx, q, expanded); st != nil {
		return st.SelectContext(ctx, dest, expandedArgs...)
	}
	return sqlx.SelectContext(ctx, q, dest, expanded, expandedArgs...)
}

package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	sqlite3 "github.com/mattn/go-sqlite3"
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
	// group commits SQLite's write transactions in batches (nil on
	// PostgreSQL, which groups concurrent commits itself).
	group *groupCommitter
	// sqlitePath is the SQLite database file ("" on PostgreSQL or for an
	// in-memory database); Ping checks that it is still there.
	sqlitePath string
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
		dsn, err := postgresDSN(dsn)
		if err != nil {
			return nil, err
		}
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
		readDSN, writeDSN, path, err := sqliteDSNs(dsn)
		if err != nil {
			return nil, err
		}
		if path != "" {
			// Connections open the file without creating it (mode=rw), so
			// a file that vanishes is an error, not a new empty database:
			// create it here, once, when it does not exist yet.
			f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
			if err != nil {
				return nil, fmt.Errorf("open sqlite: %w", err)
			}
			f.Close()
			db.sqlitePath = path
		}
		if db.writer, err = sqlx.Open(driverSQLite, writeDSN); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		db.writer.SetMaxOpenConns(1)
		db.writer.SetConnMaxIdleTime(0)
		db.group = &groupCommitter{db: db.writer}
		reader, err := sqlx.Open(driverSQLite, readDSN)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		reader.SetMaxOpenConns(8)
		reader.SetMaxIdleConns(8)
		db.Reader = &Pool{DB: reader, detach: true}
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.writer.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", db.Dialect, err)
	}
	return db, nil
}

// postgresDSN sets plan_cache_mode=force_generic_plan unless the URL says
// otherwise. pgx prepares every statement; for lookups by `= ANY($1)`
// PostgreSQL's generic plan looks costlier than a custom one, so it would
// plan every run anew, and planning the joined cart read cost more than
// running it: 40% of the database's CPU in a checkout. Generic plans are
// made again when ANALYZE (autovacuum) updates a table's statistics.
func postgresDSN(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("database URL: %w", err)
	}
	q := u.Query()
	if q.Get("plan_cache_mode") == "" {
		q.Set("plan_cache_mode", "force_generic_plan")
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// sqliteDSNs builds the go-sqlite3 DSNs: WAL, foreign keys, a busy timeout,
// IMMEDIATE transactions for the writer, and mode=rw (never create the file)
// for a file database, whose path it returns. Options given in a file: URL
// win (a mode given there leaves the file to SQLite: file is then "").
func sqliteDSNs(dsn string) (read, write, file string, err error) {
	path, query := strings.TrimPrefix(dsn, "file:"), ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	if path == "" {
		return "", "", "", errors.New("sqlite: empty database path")
	}
	params, err := url.ParseQuery(query)
	if err != nil {
		return "", "", "", fmt.Errorf("sqlite: bad options in %q: %w", dsn, err)
	}
	if params.Get("mode") == "" && !strings.HasPrefix(path, ":memory:") {
		params.Set("mode", "rw")
		file = path
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
	return read, write, file, nil
}

// Close closes the pools.
func (db *DB) Close() error {
	var errs []error
	if db.writer != nil {
		errs = append(errs, db.writer.Close())
	}
	if db.Reader != nil && db.Reader.DB != db.writer {
		errs = append(errs, db.Reader.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers and, on SQLite, that its file is
// still there (connections opened before it vanished would go on reading
// and writing the removed file).
func (db *DB) Ping(ctx context.Context) error {
	if db.sqlitePath != "" {
		if _, err := os.Stat(db.sqlitePath); err != nil {
			return translate(&sqlite3.Error{Code: sqlite3.ErrCantOpen})
		}
	}
	if err := db.Reader.PingContext(ctx); err != nil {
		return translate(err)
	}
	var n int
	return translate(db.Reader.QueryRowContext(ctx, "SELECT count(*) FROM "+db.catalogTable()).Scan(&n))
}

// catalogTable is the system table Ping reads, which touches the schema.
func (db *DB) catalogTable() string {
	if db.Dialect == Postgres {
		return "pg_catalog.pg_namespace"
	}
	return "sqlite_master"
}

// Writer is the pool migrations and transactions use.
func (db *DB) Writer() *sqlx.DB { return db.writer }

// GroupCommits reports, on SQLite, how many write transactions have
// committed and in how many commits (see groupCommitter); zeros on
// PostgreSQL.
func (db *DB) GroupCommits() (transactions, commits int64) {
	if db.group == nil {
		return 0, 0
	}
	return db.group.committed.Load(), db.group.commits.Load()
}

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
	return sqlx.GetContext(ctx, q, dest, query, args...)
}

// Select scans all rows into the slice dest points to.
func Select(ctx context.Context, q Q, dest any, query string, args ...any) error {
	query = Rebind(q, query)
	return sqlx.SelectContext(ctx, q, dest, query, args...)
}

// Exec runs a statement.
func Exec(ctx context.Context, q Q, query string, args ...any) (sql.Result, error) {
	return q.ExecContext(ctx, Rebind(q, query), args...)
}

// Pool is a connection pool for statements outside transactions.
type Pool struct {
	*sqlx.DB
	// detach hands database/sql contexts that are never done (the driver
	// wrapper still checks the caller's, see checkCtx): with a cancellable
	// one it starts a goroutine per statement to watch it.
	detach bool
}

type callerCtxKey struct{}

// detached is ctx without its cancellation, carrying ctx for the driver
// wrapper to check.
func detached(ctx context.Context) context.Context {
	if ctx.Done() == nil {
		return ctx
	}
	return context.WithValue(context.WithoutCancel(ctx), callerCtxKey{}, ctx)
}

// callerContext is the context a detached one was made from, or ctx.
func callerContext(ctx context.Context) context.Context {
	if c, ok := ctx.Value(callerCtxKey{}).(context.Context); ok {
		return c
	}
	return ctx
}

func (p *Pool) ctx(ctx context.Context) context.Context {
	if p.detach {
		return detached(ctx)
	}
	return ctx
}

func (p *Pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.DB.QueryContext(p.ctx(ctx), query, args...)
}

func (p *Pool) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	return p.DB.QueryxContext(p.ctx(ctx), query, args...)
}

func (p *Pool) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	return p.DB.QueryRowxContext(p.ctx(ctx), query, args...)
}

func (p *Pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.DB.ExecContext(p.ctx(ctx), query, args...)
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
// at most and its prepared statements can be kept; the forms are kept too.
func expandIn(query string, args []any) (string, []any, error) {
	key := expandedKey{query: query}
	cacheable := len(args) <= len(key.shape)
	size := 0
	for i, a := range args {
		n := int32(-1)
		if list, isList := asStrings(a); isList {
			n = int32(paddedLen(len(list)))
			size += int(n)
		} else {
			size++
		}
		if cacheable {
			key.shape[i] = n
		}
	}
	if cacheable {
		if text, ok := expandedQueries.Load(key); ok {
			return text.(string), expandArgs(args, size), nil
		}
	}
	var b strings.Builder
	b.Grow(len(query) + 3*size)
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
		case len(list) == 0:
			b.WriteString("NULL")
		default:
			b.WriteString(strings.TrimSuffix(strings.Repeat("?, ", paddedLen(len(list))), ", "))
		}
		arg++
	}
	if arg != len(args) {
		return "", nil, fmt.Errorf("storage: %d arguments for %d placeholders in %q", len(args), arg, query)
	}
	text := b.String()
	if cacheable {
		expandedQueries.Store(key, text)
	}
	return text, expandArgs(args, size), nil
}

// expandedKey is a query and the padded length of each argument (-1: not a
// list), which together fix its expanded text.
type expandedKey struct {
	query string
	shape [4]int32
}

var expandedQueries sync.Map // expandedKey -> string

func paddedLen(n int) int {
	if n == 0 {
		return 0
	}
	p := 1
	for p < n {
		p *= 2
	}
	return p
}

// expandArgs lists the arguments of an expanded query: slices spread and
// padded with their last element.
func expandArgs(args []any, size int) []any {
	out := make([]any, 0, size)
	for _, a := range args {
		list, isList := asStrings(a)
		if !isList {
			out = append(out, a)
			continue
		}
		for i := range paddedLen(len(list)) {
			out = append(out, list[min(i, len(list)-1)])
		}
	}
	return out
}

func asStrings(v any) ([]string, bool) {
	s, ok := v.([]string)
	return s, ok
}

var anyQueries sync.Map // query with IN (?) -> its = ANY($n) form

// SelectIn is Select for a query with `IN (?)` over slice arguments.
// On SQLite, whose statements take at most 32,766 parameters, a query with
// one slice longer than sqliteInChunk runs once per chunk of it, the rows
// appended to dest.
func SelectIn(ctx context.Context, q Q, dest any, query string, args ...any) error {
	if q.DriverName() != driverPostgres {
		if i, ok := longSlice(args); ok {
			return selectInChunks(ctx, q, dest, query, args, i)
		}
	}
	expanded, expandedArgs, err := In(q, query, args...)
	if err != nil {
		return err
	}
	return sqlx.SelectContext(ctx, q, dest, expanded, expandedArgs...)
}

const sqliteInChunk = 10000

// longSlice finds the one slice argument longer than sqliteInChunk.
func longSlice(args []any) (int, bool) {
	found, slices := -1, 0
	for i, a := range args {
		v := reflect.ValueOf(a)
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() != reflect.Uint8 {
			slices++
			if v.Len() > sqliteInChunk {
				found = i
			}
		}
	}
	return found, found >= 0 && slices == 1
}

func selectInChunks(ctx context.Context, q Q, dest any, query string, args []any, i int) error {
	all := reflect.ValueOf(args[i])
	out := reflect.ValueOf(dest).Elem()
	chunkArgs := append([]any(nil), args...)
	for start := 0; start < all.Len(); start += sqliteInChunk {
		chunkArgs[i] = all.Slice(start, min(start+sqliteInChunk, all.Len())).Interface()
		part := reflect.New(out.Type())
		if err := SelectIn(ctx, q, part.Interface(), query, chunkArgs...); err != nil {
			return err
		}
		out.Set(reflect.AppendSlice(out, part.Elem()))
	}
	return nil
}

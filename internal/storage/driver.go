package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// Both drivers are registered wrapped, so every statement sent with a context
// that carries a Counter is counted (the debug extension and the N+1 tests
// read it); without a Counter the wrapper only forwards.
const (
	driverSQLite   = "storegraph-sqlite3"
	driverPostgres = "storegraph-pgx"
)

func init() {
	sql.Register(driverSQLite, countingDriver{&sqlite3.SQLiteDriver{ConnectHook: registerSQLiteFunctions}})
	sql.Register(driverPostgres, countingDriver{stdlib.GetDefaultDriver()})
	sqlx.BindDriver(driverSQLite, sqlx.QUESTION)
	sqlx.BindDriver(driverPostgres, sqlx.DOLLAR)
}

// Counter accumulates the SQL statements a request sends and their time.
type Counter struct {
	statements atomic.Int64
	nanos      atomic.Int64
}

// Statements is the number of statements counted so far.
func (c *Counter) Statements() int64 { return c.statements.Load() }

// Duration is the time spent in the database driver so far.
func (c *Counter) Duration() time.Duration { return time.Duration(c.nanos.Load()) }

func (c *Counter) add(start time.Time) {
	c.statements.Add(1)
	c.nanos.Add(int64(time.Since(start)))
}

type counterKey struct{}

// WithCounter returns a context whose statements are counted in c.
func WithCounter(ctx context.Context, c *Counter) context.Context {
	return context.WithValue(ctx, counterKey{}, c)
}

// CounterFrom returns the Counter of ctx, or nil.
func CounterFrom(ctx context.Context) *Counter {
	c, _ := ctx.Value(counterKey{}).(*Counter)
	return c
}

type countingDriver struct{ driver.Driver }

func (d countingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.Driver.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c}, nil
}

// countingConn forwards to the driver's connection and counts the statements
// that go through the context-aware paths database/sql uses.
type countingConn struct{ driver.Conn }

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	rows, err := q.QueryContext(ctx, query, args)
	if counter != nil && err != driver.ErrSkip {
		counter.add(start)
	}
	return rows, err
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.Conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	res, err := e.ExecContext(ctx, query, args)
	if counter != nil && err != driver.ErrSkip {
		counter.add(start)
	}
	return res, err
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var st driver.Stmt
	var err error
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.Conn.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st}, nil
}

// countingStmt counts the runs of a prepared statement.
type countingStmt struct{ driver.Stmt }

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := s.Stmt.(driver.StmtQueryContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	rows, err := q.QueryContext(ctx, args)
	if counter != nil {
		counter.add(start)
	}
	return rows, err
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	e, ok := s.Stmt.(driver.StmtExecContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	res, err := e.ExecContext(ctx, args)
	if counter != nil {
		counter.add(start)
	}
	return res, err
}

func (s *countingStmt) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := s.Stmt.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	return c.Conn.Begin() //nolint:staticcheck // fallback for drivers without BeginTx
}

func (c *countingConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *countingConn) CheckNamedValue(v *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

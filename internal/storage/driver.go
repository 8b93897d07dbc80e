package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"reflect"
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
	sql.Register(driverSQLite, countingDriver{Driver: &sqlite3.SQLiteDriver{ConnectHook: registerSQLiteFunctions}, checkCtx: true})
	sql.Register(driverPostgres, countingDriver{Driver: stdlib.GetDefaultDriver()})
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

type countingDriver struct {
	driver.Driver
	// checkCtx hands the driver contexts that are never done and checks the
	// caller's context itself, before each statement and each row. It is
	// for go-sqlite3, which honours a cancellable context by running every
	// row step in a goroutine of its own: dozens of goroutines for one
	// cart read. The price is that one long step (a sort before the first
	// row) runs to its end; row by row, the deadline holds.
	checkCtx bool
}

func (d countingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.Driver.Open(name)
	if err != nil {
		return nil, err
	}
	conn := &countingConn{Conn: c, checkCtx: d.checkCtx}
	if d.checkCtx {
		conn.stmts = &connStmts{}
	}
	return conn, nil
}

// countingConn forwards to the driver's connection and counts the statements
// that go through the context-aware paths database/sql uses.
type countingConn struct {
	driver.Conn
	checkCtx bool
	stmts    *connStmts // nil: the driver caches statements itself (pgx)
}

func (c *countingConn) Close() error {
	if c.stmts != nil {
		c.stmts.close()
	}
	return c.Conn.Close()
}

// driverContext is the context to hand the driver (see checkCtx).
func driverContext(ctx context.Context, checkCtx bool) (context.Context, error) {
	if !checkCtx {
		return ctx, nil
	}
	if err := callerContext(ctx).Err(); err != nil {
		return nil, err
	}
	return context.WithoutCancel(ctx), nil
}

// checkedRows stops reading rows once the caller's context is done, and
// hands a cached statement back when closed.
type checkedRows struct {
	driver.Rows
	ctx     context.Context
	release func()
}

func (r *checkedRows) Next(dest []driver.Value) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	return r.Rows.Next(dest)
}

func (r *checkedRows) Close() error {
	err := r.Rows.Close()
	if r.release != nil {
		r.release()
		r.release = nil
	}
	return err
}

func (r *checkedRows) ColumnTypeDatabaseTypeName(index int) string {
	if t, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return t.ColumnTypeDatabaseTypeName(index)
	}
	return ""
}

func (r *checkedRows) ColumnTypeScanType(index int) reflect.Type {
	if t, ok := r.Rows.(driver.RowsColumnTypeScanType); ok {
		return t.ColumnTypeScanType(index)
	}
	return reflect.TypeFor[any]()
}

func (r *checkedRows) ColumnTypeNullable(index int) (nullable, ok bool) {
	if t, ok := r.Rows.(driver.RowsColumnTypeNullable); ok {
		return t.ColumnTypeNullable(index)
	}
	return false, false
}

// checkRows makes rows stop at the caller's context on every driver: pgx
// has the rows of a statement in its buffer already and would hand them
// all out after the context is done.
func checkRows(ctx context.Context, rows driver.Rows) driver.Rows {
	caller := callerContext(ctx)
	if rows == nil || caller.Done() == nil {
		return rows
	}
	return &checkedRows{Rows: rows, ctx: caller}
}

// queryCached runs a query on the connection's cached statement.
func (c *countingConn) queryCached(ctx, dctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	st, release, err := c.stmts.get(dctx, c.Conn, query)
	if err != nil {
		return nil, err
	}
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		release()
		return nil, driver.ErrSkip
	}
	rows, err := q.QueryContext(dctx, args)
	if err != nil {
		release()
		return nil, err
	}
	return &checkedRows{Rows: rows, ctx: callerContext(ctx), release: release}, nil
}

func (c *countingConn) execCached(dctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	st, release, err := c.stmts.get(dctx, c.Conn, query)
	if err != nil {
		return nil, err
	}
	defer release()
	e, ok := st.(driver.StmtExecContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	return e.ExecContext(dctx, args)
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.Conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	dctx, err := driverContext(ctx, c.checkCtx)
	if err != nil {
		return nil, err
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	var rows driver.Rows
	if c.stmts != nil && cacheable(query) {
		rows, err = c.queryCached(ctx, dctx, query, args)
	} else {
		rows, err = q.QueryContext(dctx, query, args)
		rows = checkRows(ctx, rows)
	}
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
	dctx, err := driverContext(ctx, c.checkCtx)
	if err != nil {
		return nil, err
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	var res driver.Result
	if c.stmts != nil && cacheable(query) {
		res, err = c.execCached(dctx, query, args)
	} else {
		res, err = e.ExecContext(dctx, query, args)
	}
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
	return &countingStmt{Stmt: st, checkCtx: c.checkCtx}, nil
}

// countingStmt counts the runs of a prepared statement.
type countingStmt struct {
	driver.Stmt
	checkCtx bool
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := s.Stmt.(driver.StmtQueryContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	dctx, err := driverContext(ctx, s.checkCtx)
	if err != nil {
		return nil, err
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	rows, err := q.QueryContext(dctx, args)
	if counter != nil {
		counter.add(start)
	}
	return checkRows(ctx, rows), err
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	e, ok := s.Stmt.(driver.StmtExecContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	dctx, err := driverContext(ctx, s.checkCtx)
	if err != nil {
		return nil, err
	}
	counter := CounterFrom(ctx)
	start := time.Now()
	res, err := e.ExecContext(dctx, args)
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
		dctx, err := driverContext(ctx, c.checkCtx)
		if err != nil {
			return nil, err
		}
		return b.BeginTx(dctx, opts)
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

package storage

import (
	"context"
	"database/sql/driver"
	"strings"
)

// connStmts keeps the prepared statements of one SQLite connection by
// query text. go-sqlite3 prepares every statement sent as text anew, and
// preparing a statement that joins a cart's relations costs more than
// running it; inside a transaction database/sql offers no statement cache.
// database/sql never uses a connection from two goroutines at once, so the
// cache needs no lock.
type connStmts struct {
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	driver.Stmt
	busy bool // its rows are open: run the query on a statement of its own
}

// maxConnStmts bounds a connection's cache; the queries are a fixed set
// (IN lists are padded, see In), so it is only reached by accident.
const maxConnStmts = 1024

// cacheable reports whether query is one statement: preparing a script
// would keep its first statement only.
func cacheable(query string) bool {
	body := strings.TrimRight(strings.TrimSpace(query), "; \t\n")
	return !strings.Contains(body, ";")
}

// get returns a prepared statement for query and the function to call
// when its rows are closed (or its exec done).
func (c *connStmts) get(ctx context.Context, conn driver.Conn, query string) (driver.Stmt, func(), error) {
	if st, ok := c.stmts[query]; ok && !st.busy {
		st.busy = true
		return st.Stmt, func() { st.busy = false }, nil
	}
	fresh, err := prepare(ctx, conn, query)
	if err != nil {
		return nil, nil, err
	}
	if _, taken := c.stmts[query]; taken || len(c.stmts) >= maxConnStmts {
		return fresh, func() { fresh.Close() }, nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*cachedStmt{}
	}
	st := &cachedStmt{Stmt: fresh, busy: true}
	c.stmts[query] = st
	return st.Stmt, func() { st.busy = false }, nil
}

func prepare(ctx context.Context, conn driver.Conn, query string) (driver.Stmt, error) {
	if p, ok := conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return conn.Prepare(query)
}

func (c *connStmts) close() {
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}

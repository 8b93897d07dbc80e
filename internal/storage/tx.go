package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"
	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/storegraph/storegraph/internal/errs"
)

// Tx is one database transaction of a mutation. Now is stamped once at begin,
// so every row a mutation writes carries the same time.
type Tx struct {
	*sqlx.Tx
	Dialect Dialect
	Now     time.Time
	// afterCommit runs once the transaction has committed (events, caches).
	afterCommit []func()
}

// AfterCommit registers f to run after a successful commit.
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// InTx runs fn in a write transaction and commits it. When fn or the commit
// fails on a busy SQLite database, a PostgreSQL serialization failure or a
// deadlock, the whole transaction is run again, at most db.MaxRetries times;
// any other error rolls back and is returned, so nothing is half-written.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; ; attempt++ {
		err = db.runTx(ctx, fn)
		if err == nil || !retryable(err) || attempt >= db.MaxRetries || ctx.Err() != nil {
			break
		}
		// Jittered backoff so that racing transactions do not collide again.
		backoff := time.Duration(1<<attempt) * time.Millisecond * time.Duration(2+rand.IntN(4))
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return translate(err)
}

func (db *DB) runTx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if db.group != nil {
		return db.group.run(ctx, func(sqlTx *sqlx.Tx) *Tx {
			return &Tx{Tx: sqlTx, Dialect: db.Dialect, Now: db.Now()}
		}, fn)
	}
	sqlTx, err := db.writer.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	tx := &Tx{Tx: sqlTx, Dialect: db.Dialect, Now: db.Now()}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return err
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// retryable reports a failure that a fresh run of the transaction can fix.
func retryable(err error) bool {
	var aborted *batchAborted
	if errors.As(err, &aborted) {
		return true
	}
	var liteErr sqlite3.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code == sqlite3.ErrBusy || liteErr.Code == sqlite3.ErrLocked
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "40001" || pgErr.Code == "40P01"
	}
	return false
}

// translate classifies database errors as Medusa does (unique violation:
// duplicate_error; foreign key: not_found; not-null: invalid_data; a
// serialization failure left after retries: conflict; the database out of
// reach: database_error). Errors already classified pass through.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return &errs.Error{Kind: errs.Duplicate, Message: duplicateMessage(pgErr), Err: err}
		case "23503":
			return &errs.Error{Kind: errs.NotFound, Message: fmt.Sprintf("%s with %s does not exist.", tableTitle(pgErr.TableName), pgErr.Detail), Err: err}
		case "23502":
			return &errs.Error{Kind: errs.InvalidData, Message: fmt.Sprintf("Can't insert null value in field %s on insert in table %s", pgErr.ColumnName, pgErr.TableName), Err: err}
		case "40001", "40P01":
			return &errs.Error{Kind: errs.Conflict, Message: ConflictMessage, Err: err}
		}
		if strings.HasPrefix(pgErr.Code, "22") {
			// A data exception: a value of the request the database cannot
			// store or compare (a NUL byte in text, a number out of range).
			return &errs.Error{Kind: errs.InvalidData, Message: dataExceptionMessage(pgErr.Code), Err: err}
		}
		if strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P") {
			return &errs.Error{Kind: errs.Database, Message: DatabaseUnavailableMessage, Err: err}
		}
		return err
	}
	var liteErr sqlite3.Error
	if errors.As(err, &liteErr) {
		switch {
		case liteErr.ExtendedCode == sqlite3.ErrConstraintUnique || liteErr.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
			return &errs.Error{Kind: errs.Duplicate, Message: "The resource already exists", Err: err}
		case liteErr.ExtendedCode == sqlite3.ErrConstraintForeignKey:
			return &errs.Error{Kind: errs.NotFound, Message: "A referenced resource does not exist.", Err: err}
		case liteErr.Code == sqlite3.ErrBusy || liteErr.Code == sqlite3.ErrLocked:
			return &errs.Error{Kind: errs.Conflict, Message: ConflictMessage, Err: err}
		case liteErr.Code == sqlite3.ErrCantOpen || liteErr.Code == sqlite3.ErrIoErr || liteErr.Code == sqlite3.ErrNotADB ||
			liteErr.Code == sqlite3.ErrCorrupt || liteErr.Code == sqlite3.ErrPerm || liteErr.Code == sqlite3.ErrReadonly:
			// The file is gone, unreadable, not a database or read-only.
			return &errs.Error{Kind: errs.Database, Message: DatabaseUnavailableMessage, Err: err}
		}
		return err
	}
	if isConnectionError(err) {
		return &errs.Error{Kind: errs.Database, Message: DatabaseUnavailableMessage, Err: err}
	}
	return err
}

// Translate is translate for statements run outside InTx.
func Translate(err error) error { return translate(err) }

const (
	// ConflictMessage is the message Medusa answers conflicts with.
	ConflictMessage = "The request conflicted with another request. You may retry the request with the provided Idempotency-Key."
	// DatabaseUnavailableMessage answers requests while the database is out of reach.
	DatabaseUnavailableMessage = "The database is unavailable. Please retry the request."
)

// dataExceptionMessage words a PostgreSQL data exception (class 22) for
// clients, without the database's own text.
func dataExceptionMessage(code string) string {
	switch code {
	case "22021", "22P05":
		return "Text must be valid UTF-8 without NUL characters."
	case "22003":
		return "A number is out of range."
	case "22001":
		return "A value is too long."
	case "22007", "22008":
		return "A date or time is out of range."
	}
	return "A value of the request is not valid."
}

// isConnectionError reports a connection to the database that could not be
// made or broke: the server is down, restarting or out of reach.
func isConnectionError(err error) bool {
	if errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return true
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "failed to connect") ||
		strings.Contains(msg, "conn closed") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "unexpected EOF")
}

// duplicateMessage renders Medusa's "<Table> with <col> <value> already exists".
func duplicateMessage(pgErr *pgconn.PgError) string {
	// Detail reads: Key (code)=(ABC) already exists.
	detail := strings.TrimPrefix(pgErr.Detail, "Key ")
	detail = strings.TrimSuffix(detail, " already exists.")
	col, val, ok := strings.Cut(detail, "=")
	if !ok {
		return fmt.Sprintf("%s already exists", tableTitle(pgErr.TableName))
	}
	col = strings.Trim(col, "()")
	val = strings.Trim(val, "()")
	return fmt.Sprintf("%s with %s %s already exists.", tableTitle(pgErr.TableName), col, val)
}

func tableTitle(table string) string {
	parts := strings.Split(table, "_")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

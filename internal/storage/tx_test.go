package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// Ensure a transaction failing on a busy database, a serialization failure
// or a deadlock is run again at most MaxRetries times, then answers
// CONFLICT; other errors are not retried.
func TestInTxRetryIsBounded(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	db.MaxRetries = 3
	for _, tc := range []struct {
		name  string
		err   error
		calls int
		kind  errs.Kind
	}{
		{"SQLiteBusy", sqlite3.Error{Code: sqlite3.ErrBusy}, 4, errs.Conflict},
		{"SQLiteLocked", sqlite3.Error{Code: sqlite3.ErrLocked}, 4, errs.Conflict},
		{"PostgresSerialization", &pgconn.PgError{Code: "40001"}, 4, errs.Conflict},
		{"PostgresDeadlock", &pgconn.PgError{Code: "40P01"}, 4, errs.Conflict},
		{"NotRetryable", errs.NotFoundf("Cart with id cart_1 was not found"), 1, errs.NotFound},
		{"Unknown", errors.New("boom"), 1, errs.Internal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := db.InTx(context.Background(), func(tx *storage.Tx) error {
				calls++
				return tc.err
			})
			if calls != tc.calls {
				t.Errorf("fn ran %d times, want %d", calls, tc.calls)
			}
			if errs.KindOf(err) != tc.kind {
				t.Errorf("error %v (%s), want %s", err, errs.KindOf(err), tc.kind)
			}
			if tc.kind == errs.Conflict && err.(*errs.Error).Message != storage.ConflictMessage {
				t.Errorf("message %q", err.(*errs.Error).Message)
			}
		})
	}
}

// Ensure two PostgreSQL transactions that deadlock both commit: PostgreSQL
// aborts one, InTx runs it again after the other.
func TestInTxPostgresDeadlock(t *testing.T) {
	if !storagetest.UsePostgres() {
		t.Skip("PostgreSQL only")
	}
	db := storagetest.MustOpenDB(t)
	ctx := context.Background()
	mustExec(t, db, `CREATE TABLE deadlock_probe (id int PRIMARY KEY, n int NOT NULL)`)
	mustExec(t, db, `INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)`)

	// Each transaction locks its first row, waits until the other has
	// locked its own, then asks for the other's: a deadlock, on the first
	// attempt only.
	var locked sync.WaitGroup
	locked.Add(2)
	var attempts atomic.Int32
	update := func(first, second int) error {
		tries := 0
		return db.InTx(ctx, func(tx *storage.Tx) error {
			attempts.Add(1)
			tries++
			if _, err := storage.Exec(ctx, tx, `UPDATE deadlock_probe SET n = n + 1 WHERE id = ?`, first); err != nil {
				return err
			}
			if tries == 1 {
				locked.Done()
				locked.Wait()
			}
			_, err := storage.Exec(ctx, tx, `UPDATE deadlock_probe SET n = n + 1 WHERE id = ?`, second)
			return err
		})
	}
	results := make(chan error, 2)
	go func() { results <- update(1, 2) }()
	go func() { results <- update(2, 1) }()
	for range 2 {
		if err := <-results; err != nil {
			t.Fatalf("transaction failed: %v", err)
		}
	}
	if n := attempts.Load(); n != 3 {
		t.Errorf("%d attempts, want 3 (one retried after the deadlock)", n)
	}
	var sum int
	if err := storage.Get(ctx, db.Reader, &sum, `SELECT SUM(n) FROM deadlock_probe`); err != nil {
		t.Fatal(err)
	}
	if sum != 4 {
		t.Errorf("sum %d, want 4: every update committed once", sum)
	}
}

// Ensure a SQLite write waits out another connection's write lock: with a
// short busy timeout, InTx retries until the lock is gone; when the lock is
// held too long it gives up with CONFLICT after MaxRetries, not hanging.
func TestInTxSQLiteBusy(t *testing.T) {
	if storagetest.UsePostgres() {
		t.Skip("SQLite only")
	}
	path := storagetest.URL(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, "file:"+path+"?_busy_timeout=20")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `CREATE TABLE busy_probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`)

	// other is another process's connection to the same file.
	other, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=20")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// holdLock takes the write lock for d; its channel closes on release.
	holdLock := func(d time.Duration) <-chan struct{} {
		released := make(chan struct{})
		conn, err := other.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		go func() {
			defer close(released)
			time.Sleep(d)
			_, _ = conn.ExecContext(ctx, "COMMIT")
			conn.Close()
		}()
		return released
	}
	insert := func(tx *storage.Tx) error {
		_, err := storage.Exec(ctx, tx, `INSERT INTO busy_probe (n) VALUES (1)`)
		return err
	}

	t.Run("RetriedUntilFree", func(t *testing.T) {
		db.MaxRetries = 8
		released := holdLock(200 * time.Millisecond)
		defer func() { <-released }()
		start := time.Now()
		if err := db.InTx(ctx, insert); err != nil {
			t.Fatalf("InTx: %v", err)
		}
		if waited := time.Since(start); waited < 150*time.Millisecond {
			t.Errorf("committed after %s, while the lock was held 200ms", waited)
		}
	})
	t.Run("Bounded", func(t *testing.T) {
		db.MaxRetries = 2
		released := holdLock(time.Second)
		defer func() { <-released }()
		start := time.Now()
		err := db.InTx(ctx, insert)
		if !errs.Is(err, errs.Conflict) {
			t.Fatalf("error %v, want CONFLICT", err)
		}
		if took := time.Since(start); took > 900*time.Millisecond {
			t.Errorf("gave up after %s", took)
		}
	})
}

func mustExec(t *testing.T, db *storage.DB, query string) {
	t.Helper()
	if _, err := storage.Exec(context.Background(), db.Writer(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

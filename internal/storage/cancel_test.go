package storage_test

import (
	"context"
	"errors"
	"runtime/metrics"
	"testing"

	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// Ensure a read stops with the caller's context: a context done before the
// statement fails it, and one done between rows ends the row loop.
func TestReadsStopWithTheContext(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	const countries = `SELECT iso_2 FROM country ORDER BY iso_2`

	t.Run("BeforeTheStatement", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var codes []string
		err := storage.Select(ctx, db.Reader, &codes, countries)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v, want context.Canceled", err)
		}
	})

	t.Run("BetweenRows", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		rows, err := db.Reader.QueryContext(ctx, countries)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		read := 0
		for rows.Next() {
			read++
			if read == 3 {
				cancel()
			}
		}
		if read != 3 || !errors.Is(rows.Err(), context.Canceled) {
			t.Fatalf("read %d rows, error %v; want 3 rows then context.Canceled", read, rows.Err())
		}
	})
}

// Ensure reading many rows with a cancellable context does not start a
// goroutine per row (go-sqlite3 does, left to itself), nor per statement.
func TestReadsStartNoGoroutinePerRow(t *testing.T) {
	if storagetest.UsePostgres() {
		t.Skip("the goroutine per row is go-sqlite3's")
	}
	db := storagetest.MustOpenDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	before := goroutinesCreated()
	for range 10 {
		var codes []string
		if err := storage.Select(ctx, db.Reader, &codes, `SELECT iso_2 FROM country`); err != nil || len(codes) < 200 {
			t.Fatalf("read %d countries: %v", len(codes), err)
		}
	}
	if n := goroutinesCreated() - before; n > 5 {
		t.Errorf("10 reads of 200+ rows started %d goroutines", n)
	}
}

func goroutinesCreated() uint64 {
	s := []metrics.Sample{{Name: "/sched/goroutines-created:goroutines"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// Ensure a query run again while its first rows are still open (a nested
// loop in one transaction, on one connection) reads both completely, and a
// script of several statements runs them all: the per-connection statement
// cache shares neither.
func TestStatementReuseOnOneConnection(t *testing.T) {
	if storagetest.UsePostgres() {
		t.Skip("PostgreSQL runs no query on a connection whose rows are open")
	}
	db := storagetest.MustOpenDB(t)
	ctx := context.Background()
	err := db.InTx(ctx, func(tx *storage.Tx) error {
		if _, err := storage.Exec(ctx, tx, `CREATE TABLE reuse_probe (n INTEGER); INSERT INTO reuse_probe VALUES (1); INSERT INTO reuse_probe VALUES (2)`); err != nil {
			return err
		}
		const q = `SELECT n FROM reuse_probe ORDER BY n`
		outer, err := tx.QueryContext(ctx, storage.Rebind(tx, q))
		if err != nil {
			return err
		}
		defer outer.Close()
		var pairs []int
		for len(pairs) <= 2 && outer.Next() { // a reset outer read starts over
			var a int
			if err := outer.Scan(&a); err != nil {
				return err
			}
			var inner []int
			if err := storage.Select(ctx, tx, &inner, q); err != nil {
				return err
			}
			if len(inner) != 2 {
				t.Errorf("inner read %v, want [1 2]", inner)
			}
			pairs = append(pairs, a)
		}
		if len(pairs) != 2 || pairs[0] != 1 || pairs[1] != 2 {
			t.Errorf("outer read %v, want [1 2]", pairs)
		}
		return outer.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

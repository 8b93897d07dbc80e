package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// mustProbeTable makes a table of (writer, n) rows for transaction tests.
func mustProbeTable(t *testing.T, db *storage.DB) {
	t.Helper()
	if err := db.InTx(context.Background(), func(tx *storage.Tx) error {
		_, err := storage.Exec(context.Background(), tx, `CREATE TABLE tx_probe (writer INTEGER NOT NULL, n INTEGER NOT NULL)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func probeRows(t *testing.T, db *storage.DB) map[int]int {
	t.Helper()
	var rows []struct {
		Writer int `db:"writer"`
		N      int `db:"n"`
	}
	if err := storage.Select(context.Background(), db.Reader, &rows, `SELECT writer, count(*) AS n FROM tx_probe GROUP BY writer`); err != nil {
		t.Fatal(err)
	}
	out := map[int]int{}
	for _, r := range rows {
		out[r.Writer] = r.N
	}
	return out
}

// Ensure many concurrent write transactions, some failing after they
// wrote and one panicking, each commit whole or not at all, and that what
// one commits is visible to readers as soon as its InTx returns. On SQLite
// they share commits (group commit); the test shows that too.
func TestConcurrentTransactionsAllOrNothing(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	mustProbeTable(t, db)
	txBefore, commitsBefore := db.GroupCommits()

	const writers, rowsEach = 48, 3
	failed := func(w int) bool { return w%5 == 0 }
	const panicking = 7
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil && w != panicking {
					errs[w] = fmt.Errorf("panic: %v", p)
				}
			}()
			ctx := context.Background()
			errs[w] = db.InTx(ctx, func(tx *storage.Tx) error {
				for n := range rowsEach {
					if _, err := storage.Exec(ctx, tx, `INSERT INTO tx_probe (writer, n) VALUES (?, ?)`, w, n); err != nil {
						return err
					}
				}
				if w == panicking {
					panic("fn panicked")
				}
				if failed(w) {
					return errors.New("refused after writing")
				}
				return nil
			})
			if errs[w] == nil {
				// Read-your-writes: committed before InTx returned.
				var n int
				if err := storage.Get(ctx, db.Reader, &n, `SELECT count(*) FROM tx_probe WHERE writer = ?`, w); err != nil || n != rowsEach {
					errs[w] = fmt.Errorf("after commit a reader sees %d rows (%v)", n, err)
				}
			}
		}()
	}
	wg.Wait()

	got := probeRows(t, db)
	committed := 0
	for w := range writers {
		switch {
		case w == panicking:
			if got[w] != 0 {
				t.Errorf("writer %d panicked but %d rows stayed", w, got[w])
			}
		case failed(w):
			if errs[w] == nil || errs[w].Error() != "refused after writing" {
				t.Errorf("writer %d: error %v, want its own", w, errs[w])
			}
			if got[w] != 0 {
				t.Errorf("writer %d failed but %d rows stayed", w, got[w])
			}
		default:
			if errs[w] != nil {
				t.Errorf("writer %d: %v", w, errs[w])
			}
			if got[w] != rowsEach {
				t.Errorf("writer %d committed %d rows, want %d", w, got[w], rowsEach)
			}
			committed++
		}
	}
	if storagetest.UsePostgres() {
		return
	}
	txs, commits := db.GroupCommits()
	txs, commits = txs-txBefore, commits-commitsBefore
	if txs != int64(committed) {
		t.Errorf("%d transactions counted as committed, want %d", txs, committed)
	}
	if commits >= txs {
		t.Errorf("%d transactions took %d commits: none shared one", txs, commits)
	}
	t.Logf("%d transactions in %d commits", txs, commits)
}

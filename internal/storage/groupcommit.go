package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jmoiron/sqlx"
)

// groupCommitter runs SQLite's write transactions as savepoints of a
// shared transaction and commits them together: with synchronous=FULL every
// commit waits for an fsync, and one writer at a time means the fsyncs of
// all writers queue. A transaction joins the open batch; whoever finishes
// its work when nobody else is waiting for the writer commits the batch,
// and every member answers once that commit is durable. A member that fails
// rolls back to its savepoint and leaves the others' work alone, so each
// transaction is still all or nothing, and none is acknowledged before it
// is on disk.
type groupCommitter struct {
	db *sqlx.DB
	// mu is held by the member running its work in the open batch, and by
	// the commit.
	mu      sync.Mutex
	waiting atomic.Int32 // members waiting for mu
	open    *batch       // the open transaction, nil when there is none

	// committed counts the transactions committed and commits the commits
	// that carried them.
	committed, commits atomic.Int64
}

type batch struct {
	tx      *sqlx.Tx
	members int           // transactions done in it, awaiting the commit
	done    chan struct{} // closed after the commit
	err     error         // the commit's error
}

// maxBatch bounds how many transactions wait for one commit.
const maxBatch = 64

// run runs fn as one transaction of a batch and returns once its work is
// committed (nil) or rolled back (its error, or the batch's commit error).
func (g *groupCommitter) run(ctx context.Context, newTx func(*sqlx.Tx) *Tx, fn func(*Tx) error) (err error) {
	g.waiting.Add(1)
	g.mu.Lock()
	g.waiting.Add(-1)
	if g.open == nil {
		// The batch outlives this member's request: its context must not
		// roll the others back.
		sqlTx, err := g.db.BeginTxx(context.WithoutCancel(ctx), nil)
		if err != nil {
			g.mu.Unlock()
			return err
		}
		g.open = &batch{tx: sqlTx, done: make(chan struct{})}
	}
	b := g.open
	tx := newTx(b.tx)

	if _, err := b.tx.ExecContext(context.WithoutCancel(ctx), `SAVEPOINT storegraph_tx`); err != nil {
		g.abort(b, err)
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			g.rollbackMember(b)
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		g.rollbackMember(b)
		return err
	}
	if _, err := b.tx.ExecContext(context.WithoutCancel(ctx), `RELEASE storegraph_tx`); err != nil {
		g.rollbackMember(b)
		return err
	}
	b.members++
	if g.waiting.Load() == 0 || b.members >= maxBatch {
		g.commit(b)
	} else {
		g.mu.Unlock()
	}
	<-b.done
	if b.err != nil {
		return b.err
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// rollbackMember undoes a failed member's work; the caller holds mu.
func (g *groupCommitter) rollbackMember(b *batch) {
	bg := context.Background()
	_, err1 := b.tx.ExecContext(bg, `ROLLBACK TO storegraph_tx`)
	_, err2 := b.tx.ExecContext(bg, `RELEASE storegraph_tx`)
	switch {
	case err1 != nil || err2 != nil:
		// The transaction is in an unknown state: the batch fails whole.
		g.abort(b, errors.Join(err1, err2))
	case g.waiting.Load() > 0:
		g.mu.Unlock() // the next member carries on in the batch
	case b.members > 0:
		g.commit(b) // the members before this one wait for a commit
	default:
		g.abort(b, nil) // nothing to commit: end the transaction
	}
}

// commit commits the open batch, releases mu and wakes its members; the
// caller holds mu.
func (g *groupCommitter) commit(b *batch) {
	g.open = nil
	b.err = b.tx.Commit()
	if b.err == nil {
		g.committed.Add(int64(b.members))
		g.commits.Add(1)
	}
	g.mu.Unlock()
	close(b.done)
}

// abort rolls the open batch back, releases mu and wakes its members with
// an error that makes InTx run their transactions again; the caller holds
// mu.
func (g *groupCommitter) abort(b *batch, cause error) {
	g.open = nil
	_ = b.tx.Rollback()
	b.err = &batchAborted{cause: cause}
	g.mu.Unlock()
	close(b.done)
}

// batchAborted is the error of the members of a batch that failed as a
// whole; their work is undone, and running it again is safe.
type batchAborted struct{ cause error }

func (e *batchAborted) Error() string {
	return fmt.Sprintf("storage: the transaction's batch was rolled back: %v", e.cause)
}

func (e *batchAborted) Unwrap() error { return e.cause }

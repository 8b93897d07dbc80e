package loaders

import (
	"context"
	"sync"
)

// memo caches computed values (totals, prices) for the rest of a request.
type memo struct {
	mu      sync.Mutex
	entries map[any]*memoEntry
}

type memoEntry struct {
	once sync.Once
	val  any
	err  error
}

// Memo returns the value computed for key in this request, computing it
// once; concurrent callers wait for the first.
func Memo[V any](ctx context.Context, key any, compute func() (V, error)) (V, error) {
	m := &For(ctx).memo
	m.mu.Lock()
	if m.entries == nil {
		m.entries = map[any]*memoEntry{}
	}
	e, ok := m.entries[key]
	if !ok {
		e = &memoEntry{}
		m.entries[key] = e
	}
	m.mu.Unlock()
	e.once.Do(func() { e.val, e.err = compute() })
	if e.err != nil {
		var zero V
		return zero, e.err
	}
	return e.val.(V), nil
}

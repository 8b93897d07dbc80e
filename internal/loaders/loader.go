// Package loaders batches the reads of nested GraphQL fields: one loader per
// relation, created per request, each fetching all the keys it is asked for
// in one SQL statement.
//
// Loaders sit on graph-gophers/dataloader, whose batching is a time window:
// loads that arrive within it share a statement. Timing alone would make the
// number of statements of a request depend on goroutine scheduling, so a
// loader also takes hints: when a parent relation is fetched, it hints the
// keys of its children to the child loaders, and the first child fetch
// includes every hinted key. A list of 100 items then costs one statement
// per relation level, however its resolvers interleave, and a key that is
// already being fetched is waited for, never fetched twice.
package loaders

import (
	"context"
	"sync"
	"time"

	"github.com/graph-gophers/dataloader/v7"
)

// Wait is the batching window of every loader. Hints make batching
// independent of it; it only groups loads nobody hinted.
var Wait = 200 * time.Microsecond

// FetchFunc reads the values of keys; keys without a value are left out.
type FetchFunc[K comparable, V any] func(ctx context.Context, keys []K) (map[K]V, error)

// Loader loads values by key, batched and cached for one request.
type Loader[K comparable, V any] struct {
	// dl is made on the first load that needs a batching window: a request
	// has some seventy loaders and uses a handful.
	dlOnce sync.Once
	dl     *dataloader.Loader[K, V]
	fetch  FetchFunc[K, V]
	// fetched runs after each fetch, to hint the keys of child relations.
	fetched func(values map[K]V)

	mu      sync.Mutex
	hinted  map[K]struct{}
	flights map[K]*flight[K, V]
}

type flight[K comparable, V any] struct {
	done   chan struct{}
	keys   []K
	values map[K]V
	err    error
}

// New makes a loader over fetch.
func New[K comparable, V any](fetch FetchFunc[K, V]) *Loader[K, V] {
	return &Loader[K, V]{fetch: fetch}
}

func (l *Loader[K, V]) batcher() *dataloader.Loader[K, V] {
	l.dlOnce.Do(func() {
		l.dl = dataloader.NewBatchedLoader(l.batch, dataloader.WithWait[K, V](Wait), dataloader.WithBatchCapacity[K, V](1000))
	})
	return l.dl
}

// OnFetched registers f to see every fetched batch (to hint children).
func (l *Loader[K, V]) OnFetched(f func(values map[K]V)) *Loader[K, V] {
	l.fetched = f
	return l
}

// Load returns the value of key (the zero value when there is none). A key
// already fetched or being fetched is waited for; a hinted key is fetched
// at once with every other hinted key, so no time window is spent; only a
// key nobody announced goes through dataloader's batching window.
func (l *Loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	l.mu.Lock()
	if f, ok := l.flights[key]; ok {
		l.mu.Unlock()
		<-f.done
		return f.values[key], f.err
	}
	if _, ok := l.hinted[key]; ok {
		f := l.startFlight(nil)
		l.mu.Unlock()
		l.run(ctx, f)
		return f.values[key], f.err
	}
	l.mu.Unlock()
	return l.batcher().Load(ctx, key)()
}

// LoadMany returns the values of keys in order.
func (l *Loader[K, V]) LoadMany(ctx context.Context, keys []K) ([]V, error) {
	l.Hint(keys...)
	thunks := make([]dataloader.Thunk[V], len(keys))
	dl := l.batcher()
	for i, k := range keys {
		thunks[i] = dl.Load(ctx, k)
	}
	out := make([]V, len(keys))
	for i, t := range thunks {
		v, err := t()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// Hint announces keys that are likely to be loaded soon, so that they are
// fetched together with the next batch.
func (l *Loader[K, V]) Hint(keys ...K) {
	l.mu.Lock()
	for _, k := range keys {
		if _, ok := l.flights[k]; !ok {
			if l.hinted == nil {
				l.hinted = map[K]struct{}{}
			}
			l.hinted[k] = struct{}{}
		}
	}
	l.mu.Unlock()
}

// startFlight registers a flight for keys and every hinted key not yet
// fetched; the caller holds l.mu and then runs it.
func (l *Loader[K, V]) startFlight(keys []K) *flight[K, V] {
	f := &flight[K, V]{done: make(chan struct{})}
	if l.flights == nil {
		l.flights = map[K]*flight[K, V]{}
	}
	add := func(k K) {
		if _, ok := l.flights[k]; !ok {
			l.flights[k] = f
			f.keys = append(f.keys, k)
		}
	}
	for _, k := range keys {
		add(k)
	}
	for k := range l.hinted {
		add(k)
	}
	clear(l.hinted)
	return f
}

// run fetches a flight's keys and releases its waiters.
func (l *Loader[K, V]) run(ctx context.Context, f *flight[K, V]) {
	if len(f.keys) > 0 {
		f.values, f.err = l.fetch(ctx, f.keys)
	}
	// Children are hinted before anyone sees the values, so their loads
	// find the hints in place.
	if f.err == nil && l.fetched != nil && len(f.keys) > 0 {
		l.fetched(f.values)
	}
	close(f.done)
}

// Prime stores values read elsewhere (a list query, a mutation's result) as
// if this loader had fetched them, hints included.
func (l *Loader[K, V]) Prime(values map[K]V) {
	// Children are hinted before the values can be seen, as in run.
	if l.fetched != nil {
		l.fetched(values)
	}
	f := &flight[K, V]{done: make(chan struct{}), values: values}
	close(f.done)
	l.mu.Lock()
	if l.flights == nil {
		l.flights = make(map[K]*flight[K, V], len(values))
	}
	for k := range values {
		l.flights[k] = f
	}
	l.mu.Unlock()
}

func (l *Loader[K, V]) batch(ctx context.Context, keys []K) []*dataloader.Result[V] {
	l.mu.Lock()
	mine := l.startFlight(keys)
	l.mu.Unlock()
	l.run(ctx, mine)

	results := make([]*dataloader.Result[V], len(keys))
	for i, k := range keys {
		l.mu.Lock()
		f := l.flights[k]
		l.mu.Unlock()
		<-f.done
		results[i] = &dataloader.Result[V]{Data: f.values[k], Error: f.err}
	}
	return results
}

package seed

import (
	"errors"
	"fmt"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/storage"
)

// at names an entity of the seed file in error messages: its path in the
// file, each element followed by a name a developer recognises (title,
// email, code) when it has one: products[0] ("Medusa T-Shirt").variants[2]
// ("M / Black").options. Every error Load returns starts with it, so a
// failing file points at the entry to fix.
type at struct{ path string }

// entry names element i of a top-level list.
func entry(list string, i int, name string) at {
	return at{path: list}.index(i, name)
}

// child names element i of the list under key list of a.
func (a at) child(list string, i int, name string) at {
	return a.key(list).index(i, name)
}

// index names element i of the list a is.
func (a at) index(i int, name string) at {
	p := fmt.Sprintf("%s[%d]", a.path, i)
	if name != "" {
		p += fmt.Sprintf(" (%q)", name)
	}
	return at{path: p}
}

// key names a key of a.
func (a at) key(k string) at { return at{path: a.path + "." + k} }

func (a at) String() string { return a.path }

func (a at) fail(kind errs.Kind, format string, args ...any) error {
	return errs.E(kind, "seed: %s: %s", a, fmt.Sprintf(format, args...))
}

func (a at) invalid(format string, args ...any) error {
	return a.fail(errs.InvalidData, format, args...)
}

func (a at) duplicate(format string, args ...any) error {
	return a.fail(errs.Duplicate, format, args...)
}

func (a at) notFound(format string, args ...any) error {
	return a.fail(errs.NotFound, format, args...)
}

// wrap names the entity in an error from the database or from a service
// (the cart creator), keeping its kind and cause. The cause stays in the
// chain, so storage.InTx still recognises a busy database and retries.
func (a at) wrap(err error) error {
	if err == nil {
		return nil
	}
	var e *errs.Error
	if errors.As(err, &e) {
		return &errs.Error{Kind: e.Kind, Message: fmt.Sprintf("seed: %s: %s", a, e.Message), Reason: e.Reason, Err: e.Err}
	}
	if errors.As(storage.Translate(err), &e) {
		return &errs.Error{Kind: e.Kind, Message: fmt.Sprintf("seed: %s: %s", a, e.Message), Err: err}
	}
	return &errs.Error{Kind: errs.Internal, Message: fmt.Sprintf("seed: %s: writing it failed", a), Err: err}
}

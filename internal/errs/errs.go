// Package errs is storegraph's one error type: a Kind that callers switch on
// (mapped to Medusa's error type, HTTP status and the GraphQL extensions code
// in one table), a user-facing message, Medusa's optional `code`, and a wrapped
// cause that is logged but never shown to clients.
package errs

import (
	"errors"
	"fmt"
)

// Kind classifies an error the way Medusa's MedusaError types do.
type Kind int

const (
	Internal Kind = iota // anything unexpected; message hidden from clients
	NotFound
	InvalidData
	NotAllowed
	Unauthorized
	Duplicate
	Conflict
	PaymentAuthorization
	UnexpectedState
	InvalidArgument
	Database
)

type kindInfo struct {
	code   string // GraphQL extensions.code
	typ    string // Medusa's `type`
	status int    // the HTTP status Medusa answers
	reason string // Medusa's default `code` for the kind, if any
}

var kinds = map[Kind]kindInfo{
	Internal:             {"INTERNAL_SERVER_ERROR", "unknown_error", 500, "unknown_error"},
	NotFound:             {"NOT_FOUND", "not_found", 404, ""},
	InvalidData:          {"INVALID_DATA", "invalid_data", 400, ""},
	NotAllowed:           {"NOT_ALLOWED", "not_allowed", 400, ""},
	Unauthorized:         {"UNAUTHORIZED", "unauthorized", 401, ""},
	Duplicate:            {"DUPLICATE_ERROR", "duplicate_error", 422, "invalid_request_error"},
	Conflict:             {"CONFLICT", "conflict", 409, "invalid_state_error"},
	PaymentAuthorization: {"PAYMENT_AUTHORIZATION_ERROR", "payment_authorization_error", 422, ""},
	UnexpectedState:      {"UNEXPECTED_STATE", "unexpected_state", 500, ""},
	InvalidArgument:      {"INVALID_ARGUMENT", "invalid_argument", 500, ""},
	Database:             {"DATABASE_ERROR", "database_error", 500, "api_error"},
}

// Code is the contract's extensions.code for the kind ("NOT_FOUND").
func (k Kind) Code() string { return kinds[k].code }

// Type is Medusa's error type string ("not_found").
func (k Kind) Type() string { return kinds[k].typ }

// Status is the HTTP status Medusa answers for the kind.
func (k Kind) Status() int { return kinds[k].status }

func (k Kind) String() string { return kinds[k].typ }

// Error is a classified error with a message meant for API clients.
type Error struct {
	Kind    Kind
	Message string
	// Reason is Medusa's `code` when it sets one (insufficient_inventory).
	Reason string
	// Err is the underlying cause; it is logged, never sent to clients.
	Err error
	// Status overrides the kind's HTTP status where Medusa answers another
	// (an insufficient inventory at completion is a not_allowed 409).
	Status int
}

// HTTPStatus is the HTTP status Medusa answers the error with.
func (e *Error) HTTPStatus() int {
	if e.Status != 0 {
		return e.Status
	}
	return e.Kind.Status()
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// ReasonCode is Reason, or the kind's default Medusa code.
func (e *Error) ReasonCode() string {
	if e.Reason != "" {
		return e.Reason
	}
	return kinds[e.Kind].reason
}

// E builds an Error of the kind with a formatted message.
func E(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// WithReason sets Medusa's `code` on the error and returns it.
func (e *Error) WithReason(reason string) *Error {
	e.Reason = reason
	return e
}

// Wrap classifies an unexpected error as Internal, keeping it as the cause.
// A nil err gives nil; an *Error is returned as it is.
func Wrap(err error, op string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Kind: Internal, Message: op, Err: err}
}

// KindOf reports the kind of err: Internal for anything that is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of the kind.
func Is(err error, kind Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == kind
}

// Convenience constructors for the kinds used most.

func NotFoundf(format string, args ...any) *Error    { return E(NotFound, format, args...) }
func InvalidDataf(format string, args ...any) *Error { return E(InvalidData, format, args...) }
func NotAllowedf(format string, args ...any) *Error  { return E(NotAllowed, format, args...) }

// InsufficientInventory is Medusa's not_allowed error with code insufficient_inventory.
func InsufficientInventory(message string) *Error {
	return E(NotAllowed, "%s", message).WithReason("insufficient_inventory")
}

package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/request"
	"github.com/storegraph/storegraph/internal/storage"
)

// unknownErrorMessage is Medusa's message for unexpected errors; what really
// happened is logged with the request id and never sent.
const unknownErrorMessage = "An unknown error occurred."

// presentError gives every resolver error the contract's shape: Medusa's
// message and extensions {code, type, status, reason}.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var already *gqlerror.Error
		if errors.As(err, &already) && already.Extensions["code"] != nil {
			return gqlErr // the GraphQL layer's own errors carry their code
		}
		e := classify(err)
		if e.Kind == errs.Internal {
			logger.ErrorContext(ctx, "internal error", "request_id", request.From(ctx).ID,
				"path", gqlErr.Path.String(), "error", err)
			e.Message = unknownErrorMessage
		}
		gqlErr.Message = e.Message
		gqlErr.Extensions = Extensions(e)
		if e.Kind == errs.Internal {
			gqlErr.Extensions["requestId"] = request.From(ctx).ID
		}
		return gqlErr
	}
}

// classify turns any error into an *errs.Error: database failures are
// translated, context cancellations and anything unknown are Internal.
func classify(err error) *errs.Error {
	err = storage.Translate(err)
	var e *errs.Error
	if errors.As(err, &e) {
		out := *e
		if out.Kind == errs.Conflict {
			out.Message = storage.ConflictMessage
		}
		return &out
	}
	return &errs.Error{Kind: errs.Internal, Err: err}
}

// Extensions are the contract's error extensions for e.
func Extensions(e *errs.Error) map[string]any {
	ext := map[string]any{
		"code":   e.Kind.Code(),
		"type":   e.Kind.Type(),
		"status": e.HTTPStatus(),
	}
	if reason := e.ReasonCode(); reason != "" {
		ext["reason"] = reason
	}
	return ext
}

// recoverResolver turns a resolver panic into an internal error.
func recoverResolver(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "request_id", request.From(ctx).ID,
			"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &errs.Error{Kind: errs.Internal, Err: fmt.Errorf("panic: %v", p)}
	}
}

// recoverer answers a panic outside the GraphQL executor with a 500 in the
// GraphQL error shape, and logs it with the stack.
func recoverer(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					id := middleware.GetReqID(r.Context())
					logger.ErrorContext(r.Context(), "panic", "request_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
					e := &errs.Error{Kind: errs.Internal}
					ext := Extensions(e)
					ext["requestId"] = id
					writeJSON(w, http.StatusInternalServerError, map[string]any{
						"errors": []map[string]any{{"message": unknownErrorMessage, "extensions": ext}},
					})
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

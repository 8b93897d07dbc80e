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

// presentError gives every error the contract's shape: Medusa's message and
// extensions {code, type, status, reason} for the domain's errors; a code of
// the GraphQL layer for errors of the request itself (parsing, validation,
// limits, argument values); OPERATION_TIMEOUT for resolvers the operation's
// deadline cut short.
func presentError(logger *slog.Logger, limits Limits) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		var already *gqlerror.Error
		if errors.As(err, &already) {
			if code, ok := already.Extensions["code"].(string); ok {
				if code == codeParseFailed && limits.MaxTokens > 0 && already.Message == gqlparserTokenLimit(limits.MaxTokens) {
					gqlErr.Message = fmt.Sprintf(msgTokens, limits.MaxTokens)
					gqlErr.Extensions["code"] = codeValidationFailed
				}
				return gqlErr // the GraphQL layer's own errors carry their code
			}
			if isRequestError(ctx, already) {
				gqlErr.Extensions = map[string]any{"code": codeValidationFailed}
				return gqlErr
			}
		}
		e := classify(err)
		if e.Kind == errs.Internal && timedOut(ctx) {
			gqlErr.Message = fmt.Sprintf(msgTimeout, limits.Timeout)
			gqlErr.Extensions = map[string]any{"code": codeOperationTimeout}
			return gqlErr
		}
		if e.Kind == errs.Internal {
			if errors.Is(ctx.Err(), context.Canceled) {
				// The client went away: nobody reads this answer, and
				// nothing failed on the server's side.
				logger.InfoContext(ctx, "request canceled by the client", "request_id", request.From(ctx).ID,
					"path", gqlErr.Path.String())
			} else {
				logger.ErrorContext(ctx, "internal error", "request_id", request.From(ctx).ID,
					"path", gqlErr.Path.String(), "error", err)
			}
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

// isRequestError reports an error of the request that gqlgen raised without
// a code: one about the request as a whole (persisted query extension data),
// or a value of an argument that its scalar or enum refused, which carries
// the path into the argument below the field's own path.
func isRequestError(ctx context.Context, e *gqlerror.Error) bool {
	if e.Err == nil {
		return true
	}
	var domain *errs.Error
	if errors.As(e.Err, &domain) {
		return false
	}
	fc := graphql.GetFieldContext(ctx)
	return fc != nil && len(e.Path) > len(fc.Path())
}

// timedOut reports an unexpected error of an operation past its deadline:
// a statement or call cut short by it (whatever error the driver makes of
// that).
func timedOut(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// classify turns any error into an *errs.Error: database failures are
// translated (also when an internal error wraps one), context cancellations
// and anything unknown are Internal.
func classify(err error) *errs.Error {
	err = storage.Translate(err)
	var e *errs.Error
	if errors.As(err, &e) {
		out := *e
		if out.Kind == errs.Internal && out.Err != nil {
			if cause := classify(out.Err); cause.Kind == errs.Database {
				return cause
			}
		}
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

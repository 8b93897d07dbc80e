// Package httpapi serves storegraph over HTTP: the GraphQL endpoint with its
// transports, caches and error presentation, the IDE, health checks, and the
// middleware every request passes (request id, logging, recovery, request
// information, customer authentication, per-request loaders).
package httpapi

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/storegraph/storegraph/graph"
	"github.com/storegraph/storegraph/graph/generated"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/request"
	"github.com/storegraph/storegraph/internal/storage"
)

// Config configures the HTTP API.
type Config struct {
	DB       *storage.DB
	Resolver *graph.Resolver
	Logger   *slog.Logger
	// Debug adds extensions.sql {statements, ms} to every response and
	// serves net/http/pprof under /debug/pprof.
	Debug bool
	// QueryCacheSize bounds the cache of parsed queries.
	QueryCacheSize int
	// Limits bound each GraphQL request; a zero field turns its limit off
	// (DefaultLimits are the served defaults).
	Limits Limits
	// Production turns off introspection, the suggestions of validation
	// errors ("Did you mean ...?") and the IDE at /.
	Production bool
	// StoreCORS are the origins browsers may call /graphql from, with
	// credentials (Medusa's store_cors; see ParseOrigins).
	StoreCORS []string
	// APQCacheSize bounds the automatic persisted query cache (entries);
	// 0 turns automatic persisted queries off.
	APQCacheSize int
	// AdminToken turns on /admin/graphql for requests bearing it; empty
	// leaves the admin endpoint off.
	AdminToken string
	// Auth identifies the customer of each request (cookie, then bearer).
	Auth Authenticator
}

// maxCachedQuery is the longest query text the caches keep (parsed queries,
// persisted queries), so that their memory stays bounded by entries × 64 KiB;
// longer queries are served, just not cached.
const maxCachedQuery = 64 << 10

// New builds the handler of the whole API.
func New(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(middleware.RealIP)
	r.Use(accessLog(cfg.Logger))
	r.Use(recoverer(cfg.Logger))
	// Level 1: responses are small JSON, where higher levels gain a few
	// percent of size for several times the CPU.
	r.Use(middleware.Compress(1, "application/json", "application/graphql-response+json", "text/html"))
	r.MethodNotAllowed(func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusMethodNotAllowed, codeParseFailed, msgMethod)
	})

	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	r.Get("/readyz", readiness(cfg.DB))
	if !cfg.Production {
		r.Get("/", playground.Handler("storegraph", "/graphql"))
	}

	store, admin := GraphQL(cfg, false), GraphQL(cfg, true)
	guard := guardRequest(cfg.Limits.MaxBodyBytes)
	r.Group(func(r chi.Router) {
		r.Use(requestInfo)
		r.Use(authenticate(cfg.Auth, cfg.Logger))
		r.Use(loaders.Middleware(cfg.DB))
		if cfg.Debug {
			r.Use(countStatements)
		}
		// CORS first, so that refusals carry its headers too; the store's
		// origins are for the store endpoint only.
		r.With(storeCORS(cfg.StoreCORS), guard).Handle("/graphql", store)
		if cfg.AdminToken != "" {
			r.With(requireAdminToken(cfg.AdminToken), guard).Handle("/admin/graphql", admin)
		}
	})
	if cfg.Debug {
		r.Mount("/debug", middleware.Profiler())
	}
	return r
}

// GraphQL builds a GraphQL handler: POST, GET and OPTIONS per the
// GraphQL-over-HTTP spec, a parsed-query cache, automatic persisted queries,
// the request limits, introspection (not in production), and the contract's
// error presentation. The store endpoint's schema leaves out the merchant
// operations (@admin); the admin endpoint has them all.
func GraphQL(cfg Config, admin bool) *handler.Server {
	if cfg.QueryCacheSize == 0 {
		cfg.QueryCacheSize = 1000
	}
	gc := generated.Config{Resolvers: cfg.Resolver}
	gc.Directives.Admin = adminDirective
	exec := generated.NewExecutableSchema(gc)
	if !admin {
		gc.Schema = withoutAdminFields(exec.Schema())
		exec = generated.NewExecutableSchema(gc)
	}
	srv := handler.New(exec)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(capped[*ast.QueryDocument]{
		Cache: lru.New[*ast.QueryDocument](cfg.QueryCacheSize),
		size:  func(query string, _ *ast.QueryDocument) int { return len(query) },
	})
	if cfg.APQCacheSize > 0 {
		srv.Use(extension.AutomaticPersistedQuery{Cache: capped[string]{
			Cache: lru.New[string](cfg.APQCacheSize),
			size:  func(_, query string) int { return len(query) },
		}})
	}
	srv.SetParserTokenLimit(cfg.Limits.MaxTokens)
	srv.Use(&operationLimits{limits: cfg.Limits, introspection: !cfg.Production})
	srv.SetValidationRulesFn(validationRules(cfg.Production))
	if cfg.Production {
		srv.SetDisableSuggestion(true)
	} else {
		srv.Use(extension.Introspection{})
	}
	if cfg.Limits.Timeout > 0 {
		srv.AroundResponses(deadline(cfg.Limits.Timeout))
	}
	srv.SetErrorPresenter(presentError(cfg.Logger, cfg.Limits))
	srv.SetRecoverFunc(recoverResolver(cfg.Logger))
	if cfg.Debug {
		srv.AroundResponses(sqlStats)
	}
	return srv
}

// capped is a cache that does not keep entries larger than maxCachedQuery.
type capped[T any] struct {
	graphql.Cache[T]
	size func(key string, value T) int
}

func (c capped[T]) Add(ctx context.Context, key string, value T) {
	if c.size(key, value) <= maxCachedQuery {
		c.Cache.Add(ctx, key, value)
	}
}

func readiness(db *storage.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "error": "database unreachable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// requestInfo records who is calling and from where.
func requestInfo(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := &request.Info{
			ID:             middleware.GetReqID(r.Context()),
			PublishableKey: r.Header.Get("x-publishable-api-key"),
			IP:             r.RemoteAddr,
			UserAgent:      r.UserAgent(),
			Secure:         r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
		}
		next.ServeHTTP(w, r.WithContext(request.With(r.Context(), info)))
	})
}

// countStatements counts the SQL statements of each request (debug mode).
func countStatements(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(storage.WithCounter(r.Context(), &storage.Counter{})))
	})
}

// sqlStats adds extensions.sql {statements, ms} to a response.
func sqlStats(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	if c := storage.CounterFrom(ctx); c != nil {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		resp.Extensions["sql"] = map[string]any{
			"statements": c.Statements(),
			"ms":         float64(c.Duration().Microseconds()) / 1000,
		}
	}
	return resp
}

func accessLog(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			next.ServeHTTP(ww, r)
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("request_id", middleware.GetReqID(r.Context())),
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", ww.Status()), slog.Int("bytes", ww.BytesWritten()),
				slog.Duration("duration", time.Since(start)))
		})
	}
}

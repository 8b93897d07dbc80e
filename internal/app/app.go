// Package app wires storegraph together: configuration, the database and its
// migrations, seeding, the domain services and the HTTP API. server.go and
// end-to-end tests build the same App.
package app

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/storegraph/storegraph/graph"
	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/checkout"
	"github.com/storegraph/storegraph/internal/commalist"
	"github.com/storegraph/storegraph/internal/customer"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/httpapi"
	"github.com/storegraph/storegraph/internal/orderedit"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/paycol"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/returns"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/swaps"
)

// Version is storegraph's version.
const Version = "0.1.0"

// Config is storegraph's configuration (flags and environment).
type Config struct {
	Addr        string
	DatabaseURL string
	LogLevel    string
	SeedFile    string
	NoDemo      bool
	Debug       bool

	// Production turns off introspection, validation suggestions and the IDE.
	Production bool
	// StoreCORS are the origins browsers may call the API from, comma-separated
	// (Medusa's store_cors).
	StoreCORS string
	// APQCacheSize bounds the automatic persisted query cache; 0 turns it off.
	APQCacheSize int
	// Limits bound each GraphQL request; a zero field turns its limit off.
	Limits httpapi.Limits
	// AdminToken turns on /admin/graphql (STOREGRAPH_ADMIN_TOKEN).
	AdminToken string

	// JWTSecret signs and verifies store bearer tokens and order claim
	// tokens (STOREGRAPH_JWT_SECRET): Medusa's jwt_secret, so tokens of a
	// Medusa backend with the same secret work here and the other way round.
	JWTSecret string
	// CookieSecret signs session cookies (STOREGRAPH_COOKIE_SECRET); several
	// secrets separated by commas rotate it: the first signs, all verify.
	CookieSecret string
	// WebhookURLs receive the events (STOREGRAPH_WEBHOOK_URLS, comma-separated).
	WebhookURLs []string
	// WebhookSecret signs webhook deliveries (STOREGRAPH_WEBHOOK_SECRET).
	WebhookSecret string
}

// DefaultConfig is the configuration `serve` starts from before flags and
// environment: the request limits on, the IDE and introspection on, CORS for
// Medusa's default storefront origin.
func DefaultConfig() Config {
	return Config{
		StoreCORS:    "http://localhost:8000",
		APQCacheSize: 1000,
		Limits:       httpapi.DefaultLimits(),
	}
}

// ServeFlags registers the flags only `serve` takes, with c's values as
// defaults, then applies the environment variable of each (flags given on the
// command line win over the environment), and reads the secrets from the
// environment.
func (c *Config) ServeFlags(fs *flag.FlagSet) error {
	fs.StringVar(&c.AdminToken, "admin-token", os.Getenv("STOREGRAPH_ADMIN_TOKEN"),
		"bearer token of the admin endpoint /admin/graphql; off when empty (env STOREGRAPH_ADMIN_TOKEN)")
	// Secrets have no flags: a command line is visible to every user of
	// the machine.
	c.JWTSecret = os.Getenv("STOREGRAPH_JWT_SECRET")
	c.CookieSecret = os.Getenv("STOREGRAPH_COOKIE_SECRET")
	c.WebhookSecret = os.Getenv("STOREGRAPH_WEBHOOK_SECRET")
	c.WebhookURLs = commalist.Split(os.Getenv("STOREGRAPH_WEBHOOK_URLS"))
	fs.Func("webhook-urls", "comma-separated webhook URLs that receive events (env STOREGRAPH_WEBHOOK_URLS)", func(s string) error {
		c.WebhookURLs = commalist.Split(s)
		return nil
	})
	l := &c.Limits
	fs.BoolVar(&c.Production, "production", c.Production, "turn off introspection, validation suggestions and the IDE (env STOREGRAPH_PRODUCTION=true)")
	fs.StringVar(&c.StoreCORS, "store-cors", c.StoreCORS, "origins allowed to call the API from a browser, comma-separated (env STOREGRAPH_STORE_CORS)")
	fs.IntVar(&c.APQCacheSize, "apq-cache-size", c.APQCacheSize, "automatic persisted queries kept; 0 turns them off (env STOREGRAPH_APQ_CACHE_SIZE)")
	fs.IntVar(&l.MaxDepth, "max-depth", l.MaxDepth, "deepest field nesting of a query; 0: no limit (env STOREGRAPH_MAX_DEPTH)")
	fs.IntVar(&l.MaxComplexity, "max-complexity", l.MaxComplexity, "highest complexity of a query (lists weigh their limit); 0: no limit (env STOREGRAPH_MAX_COMPLEXITY)")
	fs.IntVar(&l.MaxAliases, "max-aliases", l.MaxAliases, "most aliases in a query; 0: no limit (env STOREGRAPH_MAX_ALIASES)")
	fs.IntVar(&l.MaxRootFields, "max-root-fields", l.MaxRootFields, "most root fields in a query; 0: no limit (env STOREGRAPH_MAX_ROOT_FIELDS)")
	fs.IntVar(&l.MaxTokens, "max-tokens", l.MaxTokens, "most parser tokens in a query; 0: no limit (env STOREGRAPH_MAX_TOKENS)")
	fs.Int64Var(&l.MaxBodyBytes, "max-body-bytes", l.MaxBodyBytes, "largest request body in bytes; 0: no limit (env STOREGRAPH_MAX_BODY_BYTES)")
	fs.DurationVar(&l.Timeout, "timeout", l.Timeout, "longest time one operation may take; 0: no limit (env STOREGRAPH_TIMEOUT)")
	for _, e := range []struct{ flag, env string }{
		{"production", "STOREGRAPH_PRODUCTION"},
		{"store-cors", "STOREGRAPH_STORE_CORS"},
		{"apq-cache-size", "STOREGRAPH_APQ_CACHE_SIZE"},
		{"max-depth", "STOREGRAPH_MAX_DEPTH"},
		{"max-complexity", "STOREGRAPH_MAX_COMPLEXITY"},
		{"max-aliases", "STOREGRAPH_MAX_ALIASES"},
		{"max-root-fields", "STOREGRAPH_MAX_ROOT_FIELDS"},
		{"max-tokens", "STOREGRAPH_MAX_TOKENS"},
		{"max-body-bytes", "STOREGRAPH_MAX_BODY_BYTES"},
		{"timeout", "STOREGRAPH_TIMEOUT"},
	} {
		if v, ok := os.LookupEnv(e.env); ok && v != "" {
			if err := fs.Set(e.flag, v); err != nil {
				return fmt.Errorf("%s=%q: %w", e.env, v, err)
			}
		}
	}
	return nil
}

// checkWebhooks refuses webhook URLs that are not http(s), and webhooks
// without a secret to sign them with.
func (c *Config) checkWebhooks() error {
	for _, u := range c.WebhookURLs {
		parsed, err := url.Parse(u)
		if err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "" {
			return fmt.Errorf("webhook URL %q: want an http:// or https:// URL", u)
		}
	}
	if len(c.WebhookURLs) > 0 && c.WebhookSecret == "" {
		return fmt.Errorf("STOREGRAPH_WEBHOOK_URLS is set but STOREGRAPH_WEBHOOK_SECRET is not: webhooks must be signed")
	}
	return nil
}

// Check reports configuration values that cannot work.
func (c Config) Check() error {
	if err := c.checkWebhooks(); err != nil {
		return err
	}
	if _, err := httpapi.ParseOrigins(c.StoreCORS); err != nil {
		return err
	}
	l := c.Limits
	if l.MaxDepth < 0 || l.MaxComplexity < 0 || l.MaxAliases < 0 || l.MaxRootFields < 0 || l.MaxTokens < 0 || l.MaxBodyBytes < 0 || l.Timeout < 0 || c.APQCacheSize < 0 {
		return fmt.Errorf("limits and cache sizes must not be negative (0 turns a limit off)")
	}
	return nil
}

// App is a configured storegraph.
type App struct {
	Config    Config
	Logger    *slog.Logger
	DB        *storage.DB
	Resolver  *graph.Resolver
	Tokens    *auth.Tokens
	Sessions  *session.Store
	Payments  *payment.Registry
	Customers *customer.Service
	// Events delivers the outbox to the webhooks (RunEvents).
	Events *events.Worker
}

// Open connects to the database and builds the services; it does not migrate.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	if err := cfg.checkWebhooks(); err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	return New(cfg, logger, db), nil
}

// New builds the services over an open database. Secrets that are not
// configured are generated for this process, with a warning.
func New(cfg Config, logger *slog.Logger, db *storage.DB) *App {
	if logger == nil {
		logger = slog.Default()
	}
	if cfg.JWTSecret == "" {
		cfg.JWTSecret = auth.NewSecret()
		logger.Warn("STOREGRAPH_JWT_SECRET is not set: generated a random secret for this process. " +
			"Bearer tokens and order claim tokens stop working when it restarts and are not accepted by other processes; " +
			"set STOREGRAPH_JWT_SECRET (Medusa's jwt_secret to share tokens with a Medusa backend)")
	}
	if cfg.CookieSecret == "" {
		cfg.CookieSecret = auth.NewSecret()
		logger.Warn("STOREGRAPH_COOKIE_SECRET is not set: generated a random secret for this process. " +
			"Every session cookie becomes invalid when it restarts (customers must log in again) and other processes " +
			"do not accept its cookies; set STOREGRAPH_COOKIE_SECRET")
	}
	a := &App{Config: cfg, Logger: logger, DB: db}
	a.Tokens = auth.NewTokens(cfg.JWTSecret, nil)
	a.Sessions = session.NewStore(db, cfg.CookieSecret)
	a.Payments = payment.DefaultRegistry()
	a.Customers = &customer.Service{DB: db, Tokens: a.Tokens, Sessions: a.Sessions, Payments: a.Payments}
	a.Events = &events.Worker{DB: db, URLs: cfg.WebhookURLs, Secret: []byte(cfg.WebhookSecret), Logger: logger}
	carts := &cart.Service{DB: db}
	checkouts := &checkout.Service{DB: db, Carts: carts, Payments: a.Payments}
	carts.Sessions = checkouts
	a.Resolver = &graph.Resolver{
		DB:        db,
		Catalog:   &catalog.Service{DB: db},
		Carts:     carts,
		Checkout:  checkouts,
		Orders:    &orders.Service{DB: db, Payments: a.Payments},
		Customers: a.Customers,
		Returns:   &returns.Service{DB: db},
		Swaps:     &swaps.Service{DB: db, Carts: carts},
		Version:   Version,
	}
	a.Resolver.PaymentCollections = &paycol.Service{DB: db, Payments: a.Payments}
	a.Resolver.OrderEdits = &orderedit.Service{DB: db, Carts: carts}
	a.Resolver.SeedOptions = a.SeedOptions()
	return a
}

// RunEvents delivers events to the webhooks until ctx is done, then lets
// the deliveries in flight finish.
func (a *App) RunEvents(ctx context.Context) error { return a.Events.Run(ctx) }

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// Migrate brings the schema up to date.
func (a *App) Migrate(ctx context.Context) error { return a.DB.Migrate(ctx) }

// Handler is the HTTP API. Origins of StoreCORS that do not parse (see
// Config.Check) allow nothing.
func (a *App) Handler() http.Handler {
	origins, _ := httpapi.ParseOrigins(a.Config.StoreCORS)
	return httpapi.New(httpapi.Config{
		DB: a.DB, Resolver: a.Resolver, Logger: a.Logger, Debug: a.Config.Debug,
		Limits: a.Config.Limits, Production: a.Config.Production,
		StoreCORS: origins, APQCacheSize: a.Config.APQCacheSize, AdminToken: a.Config.AdminToken,
		Auth: a.Customers,
	})
}

// NewLogger makes the process logger: text lines on stderr at the level.
func NewLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		fmt.Fprintf(os.Stderr, "storegraph: unknown log level %q, using info\n", level)
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

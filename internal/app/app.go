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
	"os"
	"strings"

	"github.com/storegraph/storegraph/graph"
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/checkout"
	"github.com/storegraph/storegraph/internal/httpapi"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
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
	// AdminToken turns on /admin/graphql (STOREGRAPH_ADMIN_TOKEN).
	AdminToken string
}

// ServeFlags registers the flags only `serve` takes.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.AdminToken, "admin-token", os.Getenv("STOREGRAPH_ADMIN_TOKEN"),
		"bearer token of the admin endpoint /admin/graphql; off when empty (env STOREGRAPH_ADMIN_TOKEN)")
}

// App is a configured storegraph.
type App struct {
	Config   Config
	Logger   *slog.Logger
	DB       *storage.DB
	Payments *payment.Registry
	Resolver *graph.Resolver
}

// Open connects to the database and builds the services; it does not migrate.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	db, err := storage.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	return New(cfg, logger, db), nil
}

// New builds the services over an open database.
func New(cfg Config, logger *slog.Logger, db *storage.DB) *App {
	if logger == nil {
		logger = slog.Default()
	}
	a := &App{Config: cfg, Logger: logger, DB: db, Payments: payment.DefaultRegistry()}
	carts := &cart.Service{DB: db}
	checkouts := &checkout.Service{DB: db, Carts: carts, Payments: a.Payments}
	carts.Sessions = checkouts
	a.Resolver = &graph.Resolver{
		DB:       db,
		Catalog:  &catalog.Service{DB: db},
		Carts:    carts,
		Checkout: checkouts,
		Orders:   &orders.Service{DB: db},
		Version:  Version,
	}
	return a
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// Migrate brings the schema up to date.
func (a *App) Migrate(ctx context.Context) error { return a.DB.Migrate(ctx) }

// Handler is the HTTP API.
func (a *App) Handler() http.Handler {
	return httpapi.New(httpapi.Config{DB: a.DB, Resolver: a.Resolver, Logger: a.Logger, Debug: a.Config.Debug,
		AdminToken: a.Config.AdminToken})
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

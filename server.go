// Command storegraph serves Medusa v1's Store API as GraphQL.
//
//	storegraph [serve] [--addr :8080] [--db URL] [--seed FILE] [--no-demo] [--debug] [--production] [limits]
//	storegraph migrate [--db URL]
//	storegraph seed --file FILE [--db URL]
//	storegraph bench [--url URL] [--flow checkout|cart-read|catalog] [--concurrency 16] [--duration 30s] [--admin-token T]
//
// --db is a SQLite path or file: URL (default storegraph.db) or a
// postgres:// URL; flags have environment equivalents (STOREGRAPH_ADDR,
// DATABASE_URL, ...).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/bench"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "storegraph:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	command := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		command, args = args[0], args[1:]
	}
	switch command {
	case "serve":
		return serve(ctx, args)
	case "migrate":
		return migrate(ctx, args)
	case "seed":
		return seedFile(ctx, args)
	case "bench":
		return benchmark(ctx, args)
	case "help", "-h", "--help":
		fmt.Println("usage: storegraph [serve|migrate|seed|bench] [flags]; storegraph <command> -h for its flags")
		return nil
	default:
		return fmt.Errorf("unknown command %q (want serve, migrate, seed or bench)", command)
	}
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// commonFlags are the flags every database command takes.
func commonFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.DatabaseURL, "db", env("DATABASE_URL", "storegraph.db"), "SQLite path or file: URL, or postgres:// URL (env DATABASE_URL)")
	fs.StringVar(&cfg.LogLevel, "log-level", env("STOREGRAPH_LOG_LEVEL", "info"), "debug, info, warn or error (env STOREGRAPH_LOG_LEVEL)")
}

func serve(ctx context.Context, args []string) error {
	cfg := app.DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	commonFlags(fs, &cfg)
	fs.StringVar(&cfg.Addr, "addr", env("STOREGRAPH_ADDR", ":8080"), "listen address (env STOREGRAPH_ADDR)")
	fs.StringVar(&cfg.SeedFile, "seed", "", "seed file to load before serving")
	fs.BoolVar(&cfg.NoDemo, "no-demo", false, "do not load the demo store into an empty database")
	fs.BoolVar(&cfg.Debug, "debug", env("STOREGRAPH_DEBUG", "") == "true", "add extensions.sql to responses and serve /debug/pprof (env STOREGRAPH_DEBUG=true)")
	if err := cfg.ServeFlags(fs); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Check(); err != nil {
		return err
	}
	logger := app.NewLogger(cfg.LogLevel)
	slog.SetDefault(logger)
	tuneGC()

	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Prepare(ctx); err != nil {
		return err
	}

	// The event worker stops when ctx ends (SIGINT/SIGTERM), after the
	// deliveries in flight.
	eventsDone := make(chan error, 1)
	go func() { eventsDone <- a.RunEvents(ctx) }()

	srv := &http.Server{Addr: cfg.Addr, Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	listenErr := make(chan error, 1)
	go func() { listenErr <- srv.ListenAndServe() }()
	attrs := []any{"addr", cfg.Addr, "database", a.DB.Dialect.String(), "graphql", "http://" + displayAddr(cfg.Addr) + "/graphql"}
	if cfg.Production {
		attrs = append(attrs, "production", true)
	} else {
		attrs = append(attrs, "ide", "http://"+displayAddr(cfg.Addr)+"/")
	}
	logger.Info("storegraph is serving", attrs...)

	select {
	case err := <-listenErr:
		stop()
		<-eventsDone
		return err
	case err := <-eventsDone:
		if err != nil {
			_ = srv.Close()
			return err
		}
		eventsDone <- nil // it stopped because ctx ended
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests and webhook deliveries in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if err := <-eventsDone; err != nil {
		return err
	}
	return nil
}

// tuneGC trades memory for CPU: a request allocates many short-lived
// objects, so the collector runs less often (GOGC 400) while a soft limit
// keeps the heap near 48 MiB, which holds the process (with SQLite's page
// caches and the runtime's own memory) under 100 MB in the load tool's
// flows. GOGC and GOMEMLIMIT in the environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(48 << 20)
	}
}

func displayAddr(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "localhost" + addr
	}
	return addr
}

func migrate(ctx context.Context, args []string) error {
	var cfg app.Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	commonFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := app.NewLogger(cfg.LogLevel)
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Migrate(ctx); err != nil {
		return err
	}
	logger.Info("database is up to date", "database", a.DB.Dialect.String())
	return nil
}

func seedFile(ctx context.Context, args []string) error {
	var cfg app.Config
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	commonFlags(fs, &cfg)
	fs.StringVar(&cfg.SeedFile, "file", "", "seed file to load (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.SeedFile == "" {
		return errors.New("seed: --file is required")
	}
	logger := app.NewLogger(cfg.LogLevel)
	slog.SetDefault(logger) // the events of seeded carts log through it
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Migrate(ctx); err != nil {
		return err
	}
	if err := a.SeedFile(ctx, cfg.SeedFile); err != nil {
		return err
	}
	logger.Info("seed file loaded", "file", cfg.SeedFile)
	return nil
}

func benchmark(ctx context.Context, args []string) error {
	var cfg bench.Config
	var printSeed bool
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&cfg.URL, "url", "http://localhost:8080/graphql", "GraphQL endpoint of a running storegraph")
	fs.StringVar(&cfg.Flow, "flow", "checkout", "checkout, cart-read or catalog")
	fs.IntVar(&cfg.Concurrency, "concurrency", 16, "simulated storefronts running at once")
	fs.DurationVar(&cfg.Duration, "duration", 30*time.Second, "how long to run")
	fs.StringVar(&cfg.Region, "region", "reg_bench", "region of the bench catalog")
	fs.StringVar(&cfg.AdminToken, "admin-token", os.Getenv("STOREGRAPH_ADMIN_TOKEN"),
		"the server's admin token: the tool then loads its catalog through /admin/graphql when the server lacks it")
	fs.BoolVar(&cfg.Gzip, "gzip", false, "ask for gzip-compressed responses, as browsers do")
	fs.BoolVar(&printSeed, "print-seed", false, "print the bench catalog's seed file and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if printSeed {
		_, err := os.Stdout.Write(bench.Seed())
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	cfg.Progress = os.Stderr
	report, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	report.Print(os.Stdout)
	return nil
}

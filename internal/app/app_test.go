package app_test

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/httpapi"
)

func parse(t *testing.T, args ...string) (app.Config, error) {
	t.Helper()
	cfg := app.DefaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := cfg.ServeFlags(fs); err != nil {
		return cfg, err
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	return cfg, cfg.Check()
}

// Ensure the serve flags default to DefaultLimits, read their environment
// variables, and that the command line wins over the environment.
func TestServeFlags(t *testing.T) {
	t.Run("Defaults", func(t *testing.T) {
		cfg, err := parse(t)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Limits != httpapi.DefaultLimits() || cfg.Production || cfg.APQCacheSize != 1000 || cfg.StoreCORS != "http://localhost:8000" {
			t.Fatalf("defaults: %+v", cfg)
		}
	})
	t.Run("Environment", func(t *testing.T) {
		for k, v := range map[string]string{
			"STOREGRAPH_PRODUCTION": "true", "STOREGRAPH_STORE_CORS": "https://a.example,https://b.example",
			"STOREGRAPH_APQ_CACHE_SIZE": "0", "STOREGRAPH_MAX_DEPTH": "7", "STOREGRAPH_MAX_COMPLEXITY": "900",
			"STOREGRAPH_MAX_ALIASES": "4", "STOREGRAPH_MAX_ROOT_FIELDS": "5", "STOREGRAPH_MAX_TOKENS": "600",
			"STOREGRAPH_MAX_BODY_BYTES": "4096", "STOREGRAPH_TIMEOUT": "3s",
		} {
			t.Setenv(k, v)
		}
		cfg, err := parse(t, "--max-depth", "9")
		if err != nil {
			t.Fatal(err)
		}
		want := httpapi.Limits{MaxDepth: 9, MaxComplexity: 900, ListWeight: 10, MaxAliases: 4, MaxRootFields: 5,
			MaxTokens: 600, MaxBodyBytes: 4096, Timeout: 3 * time.Second}
		if cfg.Limits != want {
			t.Errorf("limits %+v, want %+v", cfg.Limits, want)
		}
		if !cfg.Production || cfg.APQCacheSize != 0 || cfg.StoreCORS != "https://a.example,https://b.example" {
			t.Errorf("config %+v", cfg)
		}
	})
	t.Run("BadEnvironment", func(t *testing.T) {
		t.Setenv("STOREGRAPH_MAX_DEPTH", "deep")
		_, err := parse(t)
		if err == nil || !strings.Contains(err.Error(), `STOREGRAPH_MAX_DEPTH="deep"`) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("Negative", func(t *testing.T) {
		if _, err := parse(t, "--max-complexity", "-1"); err == nil {
			t.Fatal("negative limit accepted")
		}
	})
	t.Run("BadOrigin", func(t *testing.T) {
		if _, err := parse(t, "--store-cors", "https://ok.example,/([/"); err == nil {
			t.Fatal("bad origin pattern accepted")
		}
	})
}

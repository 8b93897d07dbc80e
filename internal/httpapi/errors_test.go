package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// Ensure an unexpected error is logged as an internal error, unless the
// client went away first: a canceled request is not a server failure.
func TestPresentErrorLogsCancellationQuietly(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name     string
		ctx      context.Context
		err      error
		wantLog  string
		wantNone string
	}{
		{"failure", context.Background(), errors.New("disk on fire"), "level=ERROR msg=\"internal error\"", "canceled"},
		{"client gone", canceled, fmt.Errorf("query: %w", context.Canceled), "level=INFO msg=\"request canceled by the client\"", "level=ERROR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			present := presentError(slog.New(slog.NewTextHandler(&logs, nil)), DefaultLimits())
			got := present(tt.ctx, tt.err)
			if got.Message != unknownErrorMessage || got.Extensions["code"] != "INTERNAL_SERVER_ERROR" {
				t.Fatalf("presented %q %v", got.Message, got.Extensions)
			}
			if !strings.Contains(logs.String(), tt.wantLog) || strings.Contains(logs.String(), tt.wantNone) {
				t.Fatalf("log %q: want %q and no %q", logs.String(), tt.wantLog, tt.wantNone)
			}
		})
	}
}

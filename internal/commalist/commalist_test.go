package commalist_test

import (
	"slices"
	"testing"

	"github.com/storegraph/storegraph/internal/commalist"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" , ,", nil},
		{"a", []string{"a"}},
		{" a, b ,,c ", []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		if got := commalist.Split(tt.in); !slices.Equal(got, tt.want) || (tt.want == nil) != (got == nil) {
			t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

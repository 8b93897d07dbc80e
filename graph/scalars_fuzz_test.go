package graph_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// FuzzDateTime feeds arbitrary text to the DateTime scalar (gqlgen.yml binds
// it to graphql.Time). Ensure decoding never panics and that every value it
// accepts in years 0001-9999 renders as a JSON string that decodes to the
// same instant. Instants outside those years (9999-12-31T23:00:00-05:00 is
// year 10000 in UTC) do not render as RFC 3339: storegraph only compares
// against them in filters and refuses them in seed files, so none is stored.
func FuzzDateTime(f *testing.F) {
	for _, s := range []string{
		"2024-01-31T10:00:00Z", "2024-01-31T10:00:00.123456789+05:30", "2024-01-31 10:00:00", "",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "9999-12-31T23:00:00-05:00",
		"2024-02-30T00:00:00Z", "2024-01-31T24:00:00Z", "yesterday", "2024-01-31T10:00:00+25:00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := graphql.UnmarshalTime(s)
		if err != nil || tm.IsZero() {
			return
		}
		if y := tm.UTC().Year(); y < 1 || y > 9999 {
			return
		}
		var out bytes.Buffer
		graphql.MarshalTime(tm.UTC()).MarshalGQL(&out)
		var rendered string
		if err := json.Unmarshal(out.Bytes(), &rendered); err != nil {
			t.Fatalf("%q renders as %s, not a JSON string", s, out.Bytes())
		}
		back, err := graphql.UnmarshalTime(rendered)
		if err != nil || !back.Equal(tm) {
			t.Fatalf("%q renders as %q, which reads back as %v (%v)", s, rendered, back, err)
		}
	})
}

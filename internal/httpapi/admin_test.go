package httpapi

import (
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Ensure the store schema keeps every field but the @admin ones, and the
// full schema is left as it was.
func TestWithoutAdminFields(t *testing.T) {
	full := gqlparser.MustLoadSchema(&ast.Source{Input: `
		directive @admin on FIELD_DEFINITION
		type Query { a: Int b: Int @admin }
		type Mutation { c: Int @admin d: Int }`})
	store := withoutAdminFields(full)
	for _, tc := range []struct {
		def        *ast.Definition
		want       []string
		schemaName string
	}{
		{store.Query, []string{"a"}, "store Query"},
		{store.Mutation, []string{"d"}, "store Mutation"},
		{full.Query, []string{"a", "b"}, "full Query"},
		{full.Mutation, []string{"c", "d"}, "full Mutation"},
	} {
		var got []string
		for _, f := range tc.def.Fields {
			if f.Name[0] != '_' {
				got = append(got, f.Name)
			}
		}
		if len(got) != len(tc.want) || got[0] != tc.want[0] || (len(got) > 1 && got[1] != tc.want[1]) {
			t.Errorf("%s fields %v, want %v", tc.schemaName, got, tc.want)
		}
	}
	if store.Types["Mutation"] != store.Mutation || full.Types["Mutation"] == store.Mutation {
		t.Errorf("the store schema's types must point at its own root types")
	}
}

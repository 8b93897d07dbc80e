package httpapi

import (
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// Ensure the store schema keeps every field but the @admin ones (root
// fields and fields of other types), and the full schema is left as it was.
func TestWithoutAdminFields(t *testing.T) {
	full := gqlparser.MustLoadSchema(&ast.Source{Input: `
		directive @admin on FIELD_DEFINITION
		type Query { a: Int b: Int @admin edit: Edit }
		type Mutation { c: Int @admin d: Int }
		type Edit { note: String @admin status: String }`})
	store := withoutAdminFields(full)
	for _, tc := range []struct {
		def        *ast.Definition
		want       []string
		schemaName string
	}{
		{store.Query, []string{"a", "edit"}, "store Query"},
		{store.Mutation, []string{"d"}, "store Mutation"},
		{full.Query, []string{"a", "b", "edit"}, "full Query"},
		{full.Mutation, []string{"c", "d"}, "full Mutation"},
		{store.Types["Edit"], []string{"status"}, "store Edit"},
		{full.Types["Edit"], []string{"note", "status"}, "full Edit"},
	} {
		var got []string
		for _, f := range tc.def.Fields {
			if f.Name[0] != '_' {
				got = append(got, f.Name)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s fields %v, want %v", tc.schemaName, got, tc.want)
		}
	}
	if store.Types["Mutation"] != store.Mutation || full.Types["Mutation"] == store.Mutation {
		t.Errorf("the store schema's types must point at its own root types")
	}
}

// Ensure the types only merchant operations use are not in the store
// schema, and those the store also reaches stay.
func TestWithoutAdminFieldsPrunesTypes(t *testing.T) {
	full := gqlparser.MustLoadSchema(&ast.Source{Input: `
		directive @admin on FIELD_DEFINITION
		directive @hint(level: Level) on FIELD_DEFINITION
		enum Level { LOW HIGH }
		type Thing { id: ID! part: Part }
		type Part { id: ID! }
		type Secret { thing: Thing }
		input SecretInput { note: String }
		type Query { thing: Thing }
		type Mutation { open: Thing reveal(input: SecretInput): Secret @admin }`})
	store := withoutAdminFields(full)
	for name, want := range map[string]bool{
		"Thing": true, "Part": true, "Level": true, "String": true, "__Schema": true,
		"Secret": false, "SecretInput": false,
	} {
		if got := store.Types[name] != nil; got != want {
			t.Errorf("store schema has %s: %v, want %v", name, got, want)
		}
		if full.Types[name] == nil {
			t.Errorf("the full schema lost %s", name)
		}
	}
}

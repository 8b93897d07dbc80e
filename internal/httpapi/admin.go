package httpapi

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/storegraph/storegraph/graph/generated"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/request"
)

// adminDirective guards @admin fields: they run only for requests the admin
// endpoint authenticated. The store endpoint's schema has no such fields,
// so this is the second line of defence.
func adminDirective(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	if !request.From(ctx).Admin {
		return nil, errs.E(errs.Unauthorized, "Unauthorized")
	}
	return next(ctx)
}

// requireAdminToken lets through only requests with `Authorization: Bearer
// <token>`; anything else is answered UNAUTHORIZED before GraphQL runs, so
// nothing changes.
func requireAdminToken(token string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			given, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(given), []byte(token)) != 1 {
				e := errs.E(errs.Unauthorized, "Unauthorized")
				writeJSON(w, http.StatusUnauthorized, map[string]any{
					"errors": []map[string]any{{"message": e.Message, "extensions": Extensions(e)}},
				})
				return
			}
			request.From(r.Context()).Admin = true
			next.ServeHTTP(w, r)
		})
	}
}

// withoutAdminFields copies a schema without the fields marked @admin: the
// merchant operations (root fields) and what only the merchant sees of a
// type (an order edit's internal note). The store endpoint validates and
// introspects against it, so such a field is unknown there; the types only
// those fields used are dropped too.
func withoutAdminFields(full *ast.Schema) *ast.Schema {
	store := *full
	store.Types = make(map[string]*ast.Definition, len(full.Types))
	for name, def := range full.Types {
		store.Types[name] = withoutAdmin(def)
	}
	for _, root := range []**ast.Definition{&store.Query, &store.Mutation, &store.Subscription} {
		if *root != nil {
			*root = store.Types[(*root).Name]
		}
	}
	pruneUnreachable(&store)
	return &store
}

// pruneUnreachable drops the types no root field, argument or directive
// reaches (built-in and introspection types stay).
func pruneUnreachable(s *ast.Schema) {
	reached := map[string]bool{}
	var visit func(name string)
	visitType := func(t *ast.Type) {
		for t != nil && t.Elem != nil {
			t = t.Elem
		}
		if t != nil {
			visit(t.NamedType)
		}
	}
	visit = func(name string) {
		def := s.Types[name]
		if def == nil || reached[name] {
			return
		}
		reached[name] = true
		for _, f := range def.Fields {
			visitType(f.Type)
			for _, a := range f.Arguments {
				visitType(a.Type)
			}
		}
		for _, n := range def.Interfaces {
			visit(n)
		}
		for _, n := range def.Types {
			visit(n)
		}
		for _, p := range s.PossibleTypes[name] {
			visit(p.Name)
		}
	}
	for _, root := range []*ast.Definition{s.Query, s.Mutation, s.Subscription} {
		if root != nil {
			visit(root.Name)
		}
	}
	for _, d := range s.Directives {
		for _, a := range d.Arguments {
			visitType(a.Type)
		}
	}
	for name, def := range s.Types {
		if !reached[name] && !def.BuiltIn && !strings.HasPrefix(name, "__") {
			delete(s.Types, name)
		}
	}
	keep := func(in map[string][]*ast.Definition) map[string][]*ast.Definition {
		out := make(map[string][]*ast.Definition, len(in))
		for name, defs := range in {
			if s.Types[name] == nil {
				continue
			}
			for _, d := range defs {
				if s.Types[d.Name] != nil {
					out[name] = append(out[name], d)
				}
			}
		}
		return out
	}
	s.PossibleTypes, s.Implements = keep(s.PossibleTypes), keep(s.Implements)
}

// StoreSchema is the store endpoint's schema: storegraph's schema without
// the merchant operations.
func StoreSchema() *ast.Schema {
	return withoutAdminFields(generated.NewExecutableSchema(generated.Config{}).Schema())
}

// withoutAdmin is def without its @admin fields; def itself when it has none.
func withoutAdmin(def *ast.Definition) *ast.Definition {
	var kept ast.FieldList
	for _, f := range def.Fields {
		if f.Directives.ForName("admin") == nil {
			kept = append(kept, f)
		}
	}
	if len(kept) == len(def.Fields) {
		return def
	}
	out := *def
	out.Fields = kept
	return &out
}

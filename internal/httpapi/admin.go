package httpapi

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

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

// withoutAdminFields copies a schema without the root fields marked @admin:
// the store endpoint validates and introspects against it, so a merchant
// operation is unknown there.
func withoutAdminFields(full *ast.Schema) *ast.Schema {
	store := *full
	store.Types = make(map[string]*ast.Definition, len(full.Types))
	for name, def := range full.Types {
		store.Types[name] = def
	}
	for _, root := range []**ast.Definition{&store.Query, &store.Mutation, &store.Subscription} {
		if *root == nil {
			continue
		}
		def := **root
		def.Fields = nil
		for _, f := range (*root).Fields {
			if f.Directives.ForName("admin") == nil {
				def.Fields = append(def.Fields, f)
			}
		}
		store.Types[def.Name] = &def
		*root = &def
	}
	return &store
}

package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/httpapi"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// small are limits low enough to trip with short queries.
var small = httpapi.Limits{
	MaxDepth:      5,
	MaxComplexity: 500,
	ListWeight:    10,
	MaxAliases:    3,
	MaxRootFields: 3,
	MaxTokens:     200,
	MaxBodyBytes:  2000,
	Timeout:       10 * time.Second,
}

func withLimits(l httpapi.Limits) apptest.Option {
	return apptest.WithConfig(func(c *app.Config) { c.Limits = l })
}

// Ensure every limit answers its code and a message that names the limit,
// and that queries just inside the limits are served.
func TestLimits(t *testing.T) {
	s := apptest.New(t, withLimits(small))
	for _, tc := range []struct {
		name    string
		body    any
		status  int
		code    string
		message string
	}{
		{"DepthWithin", query(`{ products(limit: 2) { nodes { variants { product { id } } } } }`), 200, "", ""},
		{"Depth", query(`{ products(limit: 2) { nodes { variants { product { variants { id } } } } } }`), 422,
			"GRAPHQL_VALIDATION_FAILED", "The query is nested 6 levels deep, more than the limit of 5."},
		{"DepthThroughFragments", query(`{ products(limit: 2) { ...L } } fragment L on ProductList { nodes { ...P } } fragment P on Product { variants { product { variants { id } } } }`), 422,
			"GRAPHQL_VALIDATION_FAILED", "The query is nested 6 levels deep, more than the limit of 5."},
		{"DepthIgnoresIntrospection", query(`{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`), 200, "", ""},
		{"RootFieldsWithin", query(`{ version regions { count } products { count } }`), 200, "", ""},
		{"RootFields", query(`{ version regions { count } products { count } collections { count } }`), 422,
			"GRAPHQL_VALIDATION_FAILED", "The query has 4 root fields, more than the limit of 3."},
		{"RootFieldsThroughFragments", query(`{ ...Q ...Q2 } fragment Q on Query { version regions { count } } fragment Q2 on Query { products { count } collections { count } }`), 422,
			"GRAPHQL_VALIDATION_FAILED", "The query has 4 root fields, more than the limit of 3."},
		{"Aliases", query(`{ products { nodes { a: id b: id c: title d: handle } } }`), 422,
			"GRAPHQL_VALIDATION_FAILED", "The query has 4 aliases, more than the limit of 3."},
		{"AliasesCountEverySpread", query(`{ products { nodes { ...A } } collections { nodes { products { ...A } } } } fragment A on Product { a: id b: title }`), 422,
			"GRAPHQL_VALIDATION_FAILED", "The query has 4 aliases, more than the limit of 3."},
		// products(limit: 100) { nodes { id title handle } }: 1 + 100 × (1 + 3).
		{"ComplexityWithin", query(`{ products { nodes { id title handle } } }`), 200, "", ""},
		{"ComplexityWeighsLimit", query(`{ products(limit: 300) { nodes { id } } }`), 422,
			"COMPLEXITY_LIMIT_EXCEEDED", "The query has complexity 601, more than the limit of 500."},
		{"ComplexityWeighsLimitVariable", query(`query($n: Int) { products(limit: $n) { nodes { id } } }`, map[string]any{"n": 300}), 422,
			"COMPLEXITY_LIMIT_EXCEEDED", "The query has complexity 601, more than the limit of 500."},
		// prices 1+10×1, variants 1+10×11, nodes 1+111, products 1+10×112.
		{"ComplexityWeighsUnboundedLists", query(`{ products(limit: 10) { nodes { variants { prices { id } } } } }`), 422,
			"COMPLEXITY_LIMIT_EXCEEDED", "The query has complexity 1121, more than the limit of 500."},
		{"TokensWithin", query(`{ products(limit: 1) { nodes { ` + repeat("id ", 180) + `} } }`), 200, "", ""},
		{"Tokens", query(`{ products(limit: 1) { nodes { ` + repeat("id ", 250) + `} } }`), 422,
			"GRAPHQL_VALIDATION_FAILED", "The query has more tokens than the limit of 200."},
		{"BodyWithin", query(`{ version }` + repeat(" ", 1900)), 200, "", ""},
		{"Body", query(`{ version }` + repeat(" ", 2000)), 413,
			"GRAPHQL_VALIDATION_FAILED", "The request body is larger than the limit of 2000 bytes."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, s.Handler, tc.body)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
			if tc.code == "" {
				if len(r.Errors) > 0 {
					t.Fatalf("errors: %+v", r.Errors)
				}
				return
			}
			apptest.ExpectError(t, r.firstError(t), tc.code, tc.message)
		})
	}
}

// Ensure the limits are off when zero, and that the defaults let a
// storefront's heavy pages through.
func TestLimitsDefaultsAndOff(t *testing.T) {
	heavy := `{
	  products(limit: 100, regionId: "reg_demo_eu") {
	    count
	    nodes {
	      id title handle thumbnail description
	      images { url }
	      options { title values { value } }
	      collection { title handle }
	      categories { name handle }
	      tags { value }
	      variants { id title sku inventoryQuantity calculatedPrice calculatedPriceInclTax originalPrice
	        prices { amount currencyCode regionId }
	        options { value optionId } }
	    }
	  }
	  regions { nodes { id name currencyCode countries { iso2 displayName } } }
	  collections { nodes { id title } }
	  productCategories { nodes { id name categoryChildren { id name } } }
	}`
	t.Run("DefaultsServeAStorefront", func(t *testing.T) {
		s := apptest.New(t)
		if r := post(t, s.Handler, query(heavy)); r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	})
	t.Run("DefaultsRefuseAbuse", func(t *testing.T) {
		s := apptest.New(t)
		r := post(t, s.Handler, query(`{ products(limit: 100000) { nodes { id variants { id } } } }`))
		apptest.ExpectErrorContains(t, r.firstError(t), "COMPLEXITY_LIMIT_EXCEEDED", "more than the limit of 250000")
	})
	t.Run("ZeroTurnsLimitsOff", func(t *testing.T) {
		s := apptest.New(t, withLimits(httpapi.Limits{}))
		deep := `{ products(limit: 100000) { nodes { ` + repeat("a: id ", 40) + ` variants { product { variants { product { variants { product { id } } } } } } } } }`
		if r := post(t, s.Handler, query(deep)); r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	})
}

// Ensure fragments spread many times are costed once per spread without
// walking them once per spread: a query whose expansion is 2^40 fields is
// refused at once.
func TestLimitsFragmentBomb(t *testing.T) {
	s := apptest.New(t)
	var b strings.Builder
	b.WriteString(`{ ...F0 }`)
	for i := range 40 {
		fmt.Fprintf(&b, " fragment F%d on Query { ...F%d ...F%d }", i, i+1, i+1)
	}
	b.WriteString(" fragment F40 on Query { version }")
	start := time.Now()
	r := post(t, s.Handler, query(b.String()))
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %s", elapsed)
	}
	e := r.firstError(t)
	if e.Code() != "GRAPHQL_VALIDATION_FAILED" && e.Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("error %q (%s)", e.Message, e.Code())
	}
}

// Ensure an operation past its deadline answers OPERATION_TIMEOUT, not an
// internal error.
func TestTimeout(t *testing.T) {
	l := small
	l.Timeout = time.Nanosecond
	s := apptest.New(t, withLimits(l))
	r := post(t, s.Handler, query(`{ products { count nodes { id } } }`))
	if r.Status != 200 {
		t.Fatalf("status %d: %s", r.Status, r.Body)
	}
	apptest.ExpectError(t, r.firstError(t), "OPERATION_TIMEOUT", "The operation took longer than the limit of 1ns.")
	if strings.Contains(string(r.Body), "deadline") || strings.Contains(string(r.Body), "INTERNAL") {
		t.Errorf("body shows internals: %s", r.Body)
	}
}

// Ensure malformed requests answer a GraphQL error with a code, never an
// internal error or an echo of the body.
func TestMalformedRequests(t *testing.T) {
	s := apptest.New(t)
	for _, tc := range []struct {
		name    string
		req     *http.Request
		status  int
		code    string
		message string
	}{
		{"BrokenJSON", jsonRequest(`{"query": "{ version }"`), 400, "GRAPHQL_PARSE_FAILED",
			"The request body is not a GraphQL request in JSON: unexpected end of input."},
		{"QueryNotAString", jsonRequest(`{"query": 5}`), 400, "GRAPHQL_PARSE_FAILED",
			"The request body is not a GraphQL request in JSON: query must not be a JSON number."},
		{"NotAnObject", jsonRequest(`["{ version }"]`), 400, "GRAPHQL_PARSE_FAILED",
			"The request body is not a GraphQL request in JSON: expected an object, got a JSON array."},
		{"EmptyBody", jsonRequest(``), 400, "GRAPHQL_PARSE_FAILED",
			"The request body is not a GraphQL request in JSON: unexpected end of input."},
		{"NotJSON", withHeader(httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader("{ version }")), "Content-Type", "text/plain"),
			415, "GRAPHQL_PARSE_FAILED", "Send GraphQL requests as JSON (Content-Type: application/json)."},
		{"Method", httptest.NewRequest(http.MethodPut, "/graphql", nil), 405, "GRAPHQL_PARSE_FAILED", "Send GraphQL requests with GET or POST."},
		{"GETVariables", httptest.NewRequest(http.MethodGet, "/graphql?query=%7Bversion%7D&variables=%7Bx", nil), 400, "GRAPHQL_PARSE_FAILED",
			"The variables parameter is not a JSON object: invalid character 'x' looking for beginning of object key string (at byte 2)."},
		{"GETMutation", httptest.NewRequest(http.MethodGet, "/graphql?query=mutation%7Bnoop%7D", nil), 422, "GRAPHQL_VALIDATION_FAILED",
			"GET requests only allow query operations; send mutations with POST."},
		{"IntLiteralOver32Bits", jsonRequest(`{"query": "{ productVariants(inventoryQuantity: {eq: 2147483648}) { id } }"}`), 422, "GRAPHQL_VALIDATION_FAILED",
			"Int cannot represent non 32-bit signed integer value: 2147483648"},
		{"IntVariableOver32Bits", jsonRequest(`{"query": "query($n: NumberFilter) { productVariants(inventoryQuantity: $n) { id } }", "variables": {"n": {"lt": -2147483649}}}`), 422, "GRAPHQL_VALIDATION_FAILED",
			`Variable "$n": Int cannot represent non 32-bit signed integer value: -2147483649`},
		{"IntVariableBeyondFloat64", jsonRequest(`{"query": "query($l: Int) { products(limit: $l) { count } }", "variables": {"l": 9007199254740993}}`), 422, "GRAPHQL_VALIDATION_FAILED",
			`Variable "$l": Int cannot represent non 32-bit signed integer value: 9007199254740993`},
		{"ScalarValue", jsonRequest(`{"query": "{ products(createdAt: {lt: \"yesterday\"}) { count } }"}`), 200, "GRAPHQL_VALIDATION_FAILED",
			"time should be RFC3339Nano formatted string"},
		{"ScalarVariable", jsonRequest(`{"query": "query($d: DateTime) { products(createdAt: {lt: $d}) { count } }", "variables": {"d": 5}}`), 200, "GRAPHQL_VALIDATION_FAILED",
			"time should be RFC3339Nano formatted string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := send(t, s.Handler, tc.req)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
			apptest.ExpectError(t, r.firstError(t), tc.code, tc.message)
		})
	}
}

func jsonRequest(body string) *http.Request {
	return withHeader(httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body)), "Content-Type", "application/json")
}

func withHeader(r *http.Request, k, v string) *http.Request {
	r.Header.Set(k, v)
	return r
}

// Ensure --production turns off introspection, suggestions and the IDE,
// and that they are on otherwise.
func TestProduction(t *testing.T) {
	dev := apptest.New(t)
	prod := apptest.New(t, apptest.WithConfig(func(c *app.Config) { c.Production = true }))
	introspect := query(`{ __schema { queryType { name } } }`)
	typo := query(`{ versio }`)
	typoArg := query(`{ products(limitt: 1) { count } }`)

	t.Run("Dev", func(t *testing.T) {
		if r := post(t, dev.Handler, introspect); len(r.Errors) > 0 {
			t.Fatalf("introspection: %s", r.Body)
		}
		apptest.ExpectErrorContains(t, post(t, dev.Handler, typo).firstError(t), "GRAPHQL_VALIDATION_FAILED", `Did you mean "version"?`)
		if r := send(t, dev.Handler, httptest.NewRequest(http.MethodGet, "/", nil)); r.Status != 200 {
			t.Fatalf("IDE: %d", r.Status)
		}
	})
	t.Run("Production", func(t *testing.T) {
		apptest.ExpectError(t, post(t, prod.Handler, introspect).firstError(t), "GRAPHQL_VALIDATION_FAILED", "GraphQL introspection is not allowed.")
		apptest.ExpectError(t, post(t, prod.Handler, query(`{ __type(name: "Product") { name } }`)).firstError(t), "GRAPHQL_VALIDATION_FAILED", "GraphQL introspection is not allowed.")
		apptest.ExpectError(t, post(t, prod.Handler, typo).firstError(t), "GRAPHQL_VALIDATION_FAILED", `Cannot query field "versio" on type "Query".`)
		apptest.ExpectError(t, post(t, prod.Handler, typoArg).firstError(t), "GRAPHQL_VALIDATION_FAILED", `Unknown argument "limitt" on field "Query.products".`)
		r := post(t, prod.Handler, query(`{ productVariants(inventoryQuantity: {eqq: 1}) { id } }`))
		for _, e := range r.Errors {
			if strings.Contains(e.Message, "Did you mean") {
				t.Errorf("suggestion in production: %q", e.Message)
			}
		}
		if len(r.Errors) == 0 {
			t.Fatalf("no error: %s", r.Body)
		}
		if r := post(t, prod.Handler, query(`{ version __typename }`)); len(r.Errors) > 0 {
			t.Fatalf("__typename: %s", r.Body)
		}
		if r := send(t, prod.Handler, httptest.NewRequest(http.MethodGet, "/", nil)); r.Status != 404 {
			t.Fatalf("IDE: %d", r.Status)
		}
	})
}

// Ensure filters the databases cannot take (SQLite refuses LIKE patterns
// over 50,000 bytes and statements with over 32,766 parameters) answer
// INVALID_DATA, not an internal error, on every list that has them, and
// that long id lists looked up by key are read in chunks.
func TestFilterLimits(t *testing.T) {
	s := apptest.New(t)
	ids := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = fmt.Sprintf("prod_%d", i)
		}
		return out
	}
	long := strings.Repeat("x", 1001)
	for _, tc := range []struct {
		name    string
		query   string
		vars    map[string]any
		message string
	}{
		{"ProductSearchWithin", `query($q: String) { products(q: $q) { count } }`, map[string]any{"q": long[:1000]}, ""},
		{"ProductSearch", `query($q: String) { products(q: $q) { count } }`, map[string]any{"q": long},
			"The search text must not be longer than 1000 bytes."},
		{"CategorySearch", `query($q: String) { productCategories(q: $q) { count } }`, map[string]any{"q": long},
			"The search text must not be longer than 1000 bytes."},
		{"TagSearch", `query($q: String) { productTags(q: $q) { count } }`, map[string]any{"q": long},
			"The search text must not be longer than 1000 bytes."},
		{"ProductIDsWithin", `query($ids: [ID!]) { products(id: $ids) { count } }`, map[string]any{"ids": ids(1000)}, ""},
		{"ProductIDs", `query($ids: [ID!]) { products(id: $ids) { count } }`, map[string]any{"ids": ids(1001)},
			"A filter must not list more than 1000 values."},
		{"ProductTags", `query($ids: [ID!]) { products(tags: $ids) { count } }`, map[string]any{"ids": ids(5000)},
			"A filter must not list more than 1000 values."},
		{"VariantIDs", `query($ids: [ID!]) { productVariants(id: $ids) { id } }`, map[string]any{"ids": ids(40000)},
			"A filter must not list more than 1000 values."},
		// Looked up in chunks (of 10,000 on SQLite), not refused.
		{"ShippingOptionProducts", `query($ids: [ID!]) { shippingOptions(productIds: $ids) { id } }`, map[string]any{"ids": ids(40000)}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, s.Handler, query(tc.query, tc.vars))
			if tc.message == "" {
				if len(r.Errors) > 0 {
					t.Fatalf("errors: %+v", r.Errors)
				}
				return
			}
			apptest.ExpectError(t, r.firstError(t), "INVALID_DATA", tc.message)
		})
	}
}

// Ensure text PostgreSQL cannot hold (a NUL byte) is the client's error on
// PostgreSQL and simply matches nothing on SQLite.
func TestTextTheDatabaseRefuses(t *testing.T) {
	s := apptest.New(t)
	r := post(t, s.Handler, query(`query($id: ID!) { product(id: $id) { id } }`, map[string]any{"id": "prod_\u0000"}))
	if storagetest.UsePostgres() {
		apptest.ExpectError(t, r.firstError(t), "INVALID_DATA", "Text must be valid UTF-8 without NUL characters.")
	} else {
		apptest.ExpectErrorContains(t, r.firstError(t), "NOT_FOUND", "was not found")
	}
}

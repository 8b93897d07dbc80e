package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/storegraph/storegraph/graph/generated"
	"github.com/storegraph/storegraph/internal/apptest"
)

// TestRequestFuzz sends generated and mutated GraphQL requests to the real
// handler: valid and invalid queries built from the schema (deep nesting,
// aliases, fragments, variables, wrong types, unknown fields, huge lists and
// strings), byte-level mutations of them, and broken bodies, methods and
// parameters. Ensure no request panics or answers a 5xx, every error has an
// extensions.code (and none is INTERNAL_SERVER_ERROR), no body shows a stack
// trace or a driver's message, and the server is healthy afterwards.
//
// It sends 1500 requests (300 with -short); STOREGRAPH_FUZZ_REQUESTS sets
// the number, STOREGRAPH_FUZZ_SEED the random seed (printed on failure).
func TestRequestFuzz(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	if v := os.Getenv("STOREGRAPH_FUZZ_REQUESTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("STOREGRAPH_FUZZ_REQUESTS: %v", err)
		}
	}
	seed := uint64(1)
	if v := os.Getenv("STOREGRAPH_FUZZ_SEED"); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("STOREGRAPH_FUZZ_SEED: %v", err)
		}
	}
	s := apptest.New(t)
	g := newGenerator(seed)
	start := time.Now()
	statuses := map[int]int{}
	codes := map[string]int{}
	for i := range n {
		req, desc := g.request()
		r := send(t, s.Handler, req)
		statuses[r.Status]++
		for _, e := range r.Errors {
			codes[e.Code()]++
		}
		if problem := checkReply(r); problem != "" {
			t.Fatalf("request %d (seed %d): %s\nrequest: %s\nstatus %d, body: %.2000s", i, seed, problem, desc, r.Status, r.Body)
		}
	}
	t.Logf("%d requests in %s; statuses %v; error codes %v", n, time.Since(start).Round(time.Millisecond), statuses, codes)

	if r := send(t, s.Handler, httptest.NewRequest(http.MethodGet, "/healthz", nil)); r.Status != 200 {
		t.Fatalf("/healthz: %d %s", r.Status, r.Body)
	}
	if r := post(t, s.Handler, query(`{ products(limit: 1) { count nodes { title } } }`)); r.Status != 200 || len(r.Errors) > 0 {
		t.Fatalf("a plain query afterwards: %s", r.Body)
	}
}

// FuzzGraphQLRequest posts arbitrary bodies to the handler with the checks
// of TestRequestFuzz. Its seed corpus is a few generated requests; fuzz with
//
//	go test ./internal/httpapi -run '^$' -fuzz FuzzGraphQLRequest -fuzztime 5m
func FuzzGraphQLRequest(f *testing.F) {
	g := newGenerator(7)
	for range 20 {
		f.Add([]byte(g.body()))
	}
	s := apptest.New(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		r := post(t, s.Handler, body)
		if problem := checkReply(r); problem != "" {
			t.Fatalf("%s\nbody sent: %q\nstatus %d, answer: %.2000s", problem, body, r.Status, r.Body)
		}
	})
}

// leaks are what a response body must never show: stack traces, Go runtime
// errors, driver and SQL messages.
var leaks = []string{"goroutine ", "runtime error", "runtime/debug", ".go:", "panic:", "nil pointer",
	"SQLSTATE", "sqlite3", "sql: ", "pgx", "pgconn", "syntax error at", "no such table", "no such column"}

// checkReply returns what is wrong with an answer, or "".
func checkReply(r *reply) string {
	if r.Status >= 500 {
		return "server error status"
	}
	var decoded struct {
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(r.Body, &decoded); err != nil {
		return "body is not JSON: " + err.Error()
	}
	if r.Status != 200 && len(decoded.Errors) == 0 {
		return "error status without errors"
	}
	for _, e := range r.Errors {
		switch code := e.Code(); code {
		case "":
			return "error without extensions.code: " + e.Message
		case "INTERNAL_SERVER_ERROR":
			return "internal error"
		}
	}
	for _, e := range r.Errors {
		for _, leak := range leaks {
			if strings.Contains(e.Message, leak) {
				return fmt.Sprintf("error message shows %q", leak)
			}
		}
	}
	return ""
}

// generator makes GraphQL requests from the schema, mostly valid, often
// not.
type generator struct {
	r      *rand.Rand
	schema *ast.Schema
	// per operation
	vars      map[string]any
	varDefs   []string
	fragments []string
	aliases   int
}

func newGenerator(seed uint64) *generator {
	return &generator{
		r:      rand.New(rand.NewPCG(seed, seed^0x5eed)),
		schema: generated.NewExecutableSchema(generated.Config{}).Schema(),
	}
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) pick(options ...string) string { return options[g.r.IntN(len(options))] }

// request is one HTTP request and a description of it for failures.
func (g *generator) request() (*http.Request, string) {
	switch x := g.r.IntN(100); {
	case x < 70:
		body := g.body()
		return jsonRequest(body), "POST " + body
	case x < 80:
		q, vars := g.operation()
		params := url.Values{"query": {q}}
		if len(vars) > 0 || g.chance(0.3) {
			b, _ := json.Marshal(vars)
			params.Set("variables", g.maybeMutate(string(b)))
		}
		if g.chance(0.1) {
			params.Set("extensions", g.pick(`{"persistedQuery":{"version":1,"sha256Hash":"abc"}}`, `{`, `[]`, `{"persistedQuery":5}`))
		}
		raw := params.Encode()
		if g.chance(0.1) {
			raw = g.mutate(raw)
		}
		r := httptest.NewRequest(http.MethodGet, "/graphql", nil)
		r.URL.RawQuery = raw
		return r, "GET ?" + raw
	default:
		return g.brokenRequest()
	}
}

// body is a JSON request body: a generated operation, perhaps mutated.
func (g *generator) body() string {
	q, vars := g.operation()
	if g.chance(0.2) {
		q = g.mutate(q)
	}
	req := map[string]any{"query": q}
	if len(vars) > 0 {
		req["variables"] = vars
	}
	if g.chance(0.1) {
		req["operationName"] = g.pick("Q", "Missing", "", "1")
	}
	if g.chance(0.05) {
		req["extensions"] = map[string]any{"persistedQuery": map[string]any{"version": g.pick("1", "2"), "sha256Hash": "00"}}
	}
	b, _ := json.Marshal(req)
	if g.chance(0.05) {
		return g.mutate(string(b))
	}
	return string(b)
}

func (g *generator) brokenRequest() (*http.Request, string) {
	bodies := []string{
		``, `{`, `[]`, `null`, `"query"`, `{"query": 5}`, `{"query": null}`, `{"query": "{ version }", "variables": []}`,
		`{"query": "{ version }", "variables": "x"}`, `{"query": "{ version }", "extensions": 1}`,
		`{"query": "{ version }"}{"query": "{ version }"}`, `[{"query": "{ version }"}]`,
		"{\"query\": \"{ version }\x00\"}", "\xff\xfe{}", `{"query": "` + strings.Repeat("{a", 3000) + `"}`,
		`{"query": "query($v: Int) { version }", "variables": {"v": ` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}}`,
		`{"query": "{ version }", "variables": {"deep": ` + strings.Repeat(`{"a":`, 20000) + `1` + strings.Repeat("}", 20000) + `}}`,
	}
	body := bodies[g.r.IntN(len(bodies))]
	switch g.r.IntN(6) {
	case 0:
		r := httptest.NewRequest(g.pick(http.MethodPut, http.MethodDelete, http.MethodPatch, "FOO"), "/graphql", strings.NewReader(body))
		return r, r.Method + " " + body
	case 1:
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		r.Header.Set("Content-Type", g.pick("text/plain", "application/graphql", "multipart/form-data", "", "application/json; charset=\x00"))
		return r, "POST (" + r.Header.Get("Content-Type") + ") " + body
	case 2:
		r := jsonRequest(strings.Repeat("x", 2<<20))
		return r, "POST 2 MiB"
	default:
		return jsonRequest(body), "POST " + body
	}
}

// operation is a query (sometimes a mutation) and its variables.
func (g *generator) operation() (string, map[string]any) {
	g.vars, g.varDefs, g.fragments, g.aliases = map[string]any{}, nil, nil, 0
	root, kind := g.schema.Query, "query"
	if g.schema.Mutation != nil && g.chance(0.1) {
		root, kind = g.schema.Mutation, "mutation"
	}
	maxDepth := 1 + g.r.IntN(6)
	if g.chance(0.05) {
		maxDepth = 20 + g.r.IntN(30)
	}
	sel := g.selectionSet(root, 0, maxDepth)
	var b strings.Builder
	if len(g.varDefs) > 0 || g.chance(0.5) {
		fmt.Fprintf(&b, "%s Q", kind)
		if len(g.varDefs) > 0 {
			b.WriteString("(" + strings.Join(g.varDefs, ", ") + ")")
		}
		b.WriteString(" ")
	} else if kind == "mutation" {
		b.WriteString("mutation ")
	}
	b.WriteString(sel)
	for _, f := range g.fragments {
		b.WriteString(" " + f)
	}
	return b.String(), g.vars
}

func (g *generator) selectionSet(def *ast.Definition, depth, maxDepth int) string {
	if def.Kind == ast.Interface || def.Kind == ast.Union {
		var parts []string
		for _, t := range g.schema.GetPossibleTypes(def) {
			parts = append(parts, "... on "+t.Name+" "+g.selectionSet(t, depth, maxDepth))
		}
		return "{ __typename " + strings.Join(parts, " ") + " }"
	}
	fields := def.Fields
	n := 1 + g.r.IntN(4)
	if g.chance(0.03) {
		n = 40 + g.r.IntN(60) // many fields, many aliases
	}
	var parts []string
	for range n {
		var f *ast.FieldDefinition
		if len(fields) > 0 {
			f = fields[g.r.IntN(len(fields))]
		}
		switch {
		case f == nil || g.chance(0.01):
			parts = append(parts, g.pick("unknownField", "__typename", "id", "nodes { id }", "version"))
			continue
		case strings.HasPrefix(f.Name, "__"):
			continue
		}
		part := g.field(f, depth, maxDepth)
		if part == "" {
			continue
		}
		switch x := g.r.IntN(20); {
		case x == 0:
			part = "... on " + def.Name + " { " + part + " }"
		case x == 1:
			name := fmt.Sprintf("F%d", len(g.fragments))
			g.fragments = append(g.fragments, "fragment "+name+" on "+def.Name+" { "+part+" }")
			part = "..." + name
		case x == 2:
			part = "... " + g.pick("@include(if: true)", "@skip(if: false)", "@skip(if: true)") + " { " + part + " }"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		parts = []string{"__typename"}
	}
	return "{ " + strings.Join(parts, " ") + " }"
}

func (g *generator) field(f *ast.FieldDefinition, depth, maxDepth int) string {
	var b strings.Builder
	// Fields with arguments get an alias of their own, so that two of them
	// never conflict (the validator refuses that); others sometimes do.
	if len(f.Arguments) > 0 || g.chance(0.15) {
		g.aliases++
		fmt.Fprintf(&b, "a%d: ", g.aliases)
	}
	b.WriteString(f.Name)
	var args []string
	for _, a := range f.Arguments {
		if a.Type.NonNull || g.chance(0.4) {
			args = append(args, a.Name+": "+g.argValue(a.Type))
		}
	}
	if g.chance(0.01) {
		args = append(args, "bogus: 1")
	}
	if len(args) > 0 {
		b.WriteString("(" + strings.Join(args, ", ") + ")")
	}
	target := g.schema.Types[f.Type.Name()]
	if target == nil {
		return b.String()
	}
	switch target.Kind {
	case ast.Object, ast.Interface, ast.Union:
		if depth >= maxDepth {
			if !g.chance(0.02) { // sometimes an object without a selection
				b.WriteString(" { __typename }")
			}
			return b.String()
		}
		b.WriteString(" " + g.selectionSet(target, depth+1, maxDepth))
	default:
		if g.chance(0.01) {
			b.WriteString(" { id }") // a selection on a scalar
		}
	}
	return b.String()
}

// argValue is a literal, or a variable whose value it records.
func (g *generator) argValue(t *ast.Type) string {
	if g.chance(0.25) {
		name := fmt.Sprintf("v%d", len(g.varDefs))
		typ := t.String()
		if g.chance(0.05) {
			typ = g.pick("Int", "String!", "[ID!]!", "Nope", "JSON")
		}
		g.varDefs = append(g.varDefs, "$"+name+": "+typ)
		if !g.chance(0.05) {
			g.vars[name] = g.jsonValue(t, 0)
		}
		return "$" + name
	}
	return g.literal(t, 0)
}

func (g *generator) literal(t *ast.Type, depth int) string {
	if g.chance(0.02) {
		return g.pick("null", `"wrong"`, "1", "true", "{a: 1}", "[1]", "-2147483649", "1e400", "ENUMY")
	}
	if t.Elem != nil {
		n := g.r.IntN(4)
		if g.chance(0.02) {
			n = 2000
		}
		items := make([]string, n)
		for i := range items {
			items[i] = g.literal(t.Elem, depth+1)
		}
		return "[" + strings.Join(items, ", ") + "]"
	}
	def := g.schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[g.r.IntN(len(def.EnumValues))].Name
	case ast.InputObject:
		var fields []string
		for _, f := range def.Fields {
			if f.Type.NonNull || g.chance(0.5) {
				fields = append(fields, f.Name+": "+g.literal(f.Type, depth+1))
			}
		}
		return "{" + strings.Join(fields, ", ") + "}"
	}
	b, _ := json.Marshal(g.scalar(t.NamedType))
	if t.NamedType == "JSON" {
		return g.pick(`{a: 1, b: "x", c: [1, 2.5, null], d: {e: true}}`, `{}`, `"not an object"`, `{n: 1e300}`)
	}
	return string(b)
}

// jsonValue is a variable's value for type t, sometimes of the wrong type.
func (g *generator) jsonValue(t *ast.Type, depth int) any {
	if g.chance(0.02) {
		return []any{nil, "wrong", 1.5, true, map[string]any{"x": 1}, []any{1}, strings.Repeat("é", 50000), 1e300}[g.r.IntN(8)]
	}
	if t.Elem != nil {
		n := g.r.IntN(4)
		if g.chance(0.02) {
			n = 5000
		}
		items := make([]any, n)
		for i := range items {
			items[i] = g.jsonValue(t.Elem, depth+1)
		}
		return items
	}
	def := g.schema.Types[t.NamedType]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[g.r.IntN(len(def.EnumValues))].Name
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if f.Type.NonNull || g.chance(0.5) {
				obj[f.Name] = g.jsonValue(f.Type, depth+1)
			}
		}
		if g.chance(0.05) {
			obj["unknownField"] = 1
		}
		return obj
	}
	if t.NamedType == "JSON" {
		return []any{map[string]any{"a": 1, "b": []any{"x", nil}}, map[string]any{}, "text", json.Number("1e400")}[g.r.IntN(4)]
	}
	return g.scalar(t.NamedType)
}

func (g *generator) scalar(name string) any {
	switch name {
	case "Int":
		return []any{0, 1, 3, 10, 100, -1, 2147483647, 2147483648, -2147483649, 1.5}[g.r.IntN(10)]
	case "Float":
		return []any{0.0, 1.5, -3.25, 1e308, 12}[g.r.IntN(5)]
	case "Money":
		return []any{0, 1000, -1, 9223372036854775807, 1e19}[g.r.IntN(5)]
	case "Boolean":
		return g.chance(0.5)
	case "DateTime":
		return g.pick("2024-01-31T10:00:00Z", "1970-01-01T00:00:00+02:00", "9999-12-31T23:59:59Z", "yesterday", "", "2024-13-45T99:00:00Z")
	case "ID", "String":
		return g.str()
	}
	return g.str()
}

func (g *generator) str() string {
	switch g.r.IntN(12) {
	case 0:
		return strings.Repeat("x", 100000+g.r.IntN(100000))
	case 1:
		return "'; DROP TABLE product; --"
	case 2:
		return "%_\\"
	case 3:
		return "\u00e9\u4e2d\U0001F600\u0000"
	case 4:
		return "reg_demo_eu"
	case 5:
		return "prod_" + strconv.Itoa(g.r.IntN(100))
	case 6:
		return ""
	case 7:
		return "eur"
	case 8:
		return "-createdAt"
	default:
		return fmt.Sprintf("s%d", g.r.IntN(1000))
	}
}

// maybeMutate mutates s one time in five.
func (g *generator) maybeMutate(s string) string {
	if g.chance(0.2) {
		return g.mutate(s)
	}
	return s
}

// mutate changes s at the byte level: flips, cuts, duplications, and
// GraphQL's punctuation in random places.
func (g *generator) mutate(s string) string {
	b := []byte(s)
	for range 1 + g.r.IntN(4) {
		if len(b) == 0 {
			b = append(b, '{')
		}
		i := g.r.IntN(len(b))
		switch g.r.IntN(6) {
		case 0:
			b[i] ^= byte(1 << g.r.IntN(8))
		case 1:
			b = b[:i]
		case 2:
			j := i + g.r.IntN(len(b)-i)
			b = append(b[:i], append(bytes.Clone(b[i:j]), b[i:]...)...)
		case 3:
			tok := g.pick("{", "}", "(", ")", "[", "]", "$", "\"", "...", ":", "@", "#", "\\", "\n", "\x00")
			b = append(b[:i], append([]byte(tok), b[i:]...)...)
		case 4:
			j := i + g.r.IntN(len(b)-i)
			b = append(b[:i], b[j:]...)
		case 5:
			b = append(b[:i], append(bytes.Repeat([]byte("{a "), 50), b[i:]...)...)
		}
	}
	return string(b)
}

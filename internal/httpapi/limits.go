package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// Limits bound what one GraphQL request may ask of the server. A zero field
// turns its limit off. Every limit answers an error whose message names the
// limit: COMPLEXITY_LIMIT_EXCEEDED for complexity, OPERATION_TIMEOUT for the
// timeout, GRAPHQL_VALIDATION_FAILED for the others.
type Limits struct {
	// MaxDepth bounds the nesting of fields ({ a { b } } is 2 deep).
	// Introspection fields are bounded by the validator instead.
	MaxDepth int
	// MaxComplexity bounds the operation's complexity: every field costs 1
	// plus its selection's complexity times its weight. A field with a
	// `limit` argument weighs its limit, a list field without one ListWeight,
	// the nodes of a page (XList.nodes) 1 (their parent's limit counts
	// them), any other field 1.
	MaxComplexity int
	// ListWeight is the weight of a list field without a `limit` argument.
	ListWeight int
	// MaxAliases bounds the aliased fields of the operation, counted once
	// for every place a fragment is spread.
	MaxAliases int
	// MaxRootFields bounds the fields at the root of the operation.
	MaxRootFields int
	// MaxTokens bounds the lexical tokens of the query (gqlparser stops
	// parsing past it).
	MaxTokens int
	// MaxBodyBytes bounds the request body; a larger one answers HTTP 413.
	MaxBodyBytes int64
	// Timeout bounds the execution of one operation: resolvers still
	// running then are cut short and answer OPERATION_TIMEOUT.
	Timeout time.Duration
}

// DefaultLimits are the limits storegraph serves with unless configured:
// generous for a storefront (Medusa's default product list, 100 products
// with their variants, prices, options, images, tags and categories, costs
// about 80,000), tight for abuse.
func DefaultLimits() Limits {
	return Limits{
		MaxDepth:      12,
		MaxComplexity: 250000,
		ListWeight:    10,
		MaxAliases:    30,
		MaxRootFields: 20,
		MaxTokens:     10000,
		MaxBodyBytes:  1 << 20,
		Timeout:       15 * time.Second,
	}
}

// Error codes of the GraphQL layer (contract: Errors).
const (
	codeValidationFailed        = errcode.ValidationFailed
	codeParseFailed             = errcode.ParseFailed
	codeComplexityLimitExceeded = "COMPLEXITY_LIMIT_EXCEEDED"
	codeOperationTimeout        = "OPERATION_TIMEOUT"
)

func init() {
	// Complexity errors are protocol errors like validation errors: HTTP 422
	// (gqlgen answers 200 for codes it does not know).
	errcode.RegisterErrorType(codeComplexityLimitExceeded, errcode.KindProtocol)
}

// Messages of the limits; tests and clients match them.
const (
	msgDepth         = "The query is nested %d levels deep, more than the limit of %d."
	msgComplexity    = "The query has complexity %d, more than the limit of %d."
	msgAliases       = "The query has %d aliases, more than the limit of %d."
	msgRootFields    = "The query has %d root fields, more than the limit of %d."
	msgTokens        = "The query has more tokens than the limit of %d."
	msgBody          = "The request body is larger than the limit of %d bytes."
	msgTimeout       = "The operation took longer than the limit of %s."
	msgIntrospection = "GraphQL introspection is not allowed."
	msgGetMutation   = "GET requests only allow query operations; send mutations with POST."
	msgMethod        = "Send GraphQL requests with GET or POST."
)

func limitError(code, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	errcode.Set(err, code)
	return err
}

// gqlparserTokenLimit is how gqlparser words a query over the token limit;
// the presenter rewrites it into msgTokens.
func gqlparserTokenLimit(max int) string { return fmt.Sprintf("exceeded token limit of %d", max) }

// operationLimits checks a validated operation against the limits, refuses
// introspection when it is off and mutations sent with GET. It walks the
// operation once, each fragment once however often it is spread, so a
// query cannot make the check itself expensive.
type operationLimits struct {
	limits        Limits
	introspection bool
	es            graphql.ExecutableSchema
}

var _ interface {
	graphql.OperationContextMutator
	graphql.HandlerExtension
} = &operationLimits{}

func (*operationLimits) ExtensionName() string { return "OperationLimits" }

func (o *operationLimits) Validate(es graphql.ExecutableSchema) error {
	o.es = es
	return nil
}

func (o *operationLimits) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) (gqlErr *gqlerror.Error) {
	op := opCtx.Operation
	if op == nil {
		return nil
	}
	if methodFrom(ctx) == http.MethodGet && op.Operation != ast.Query {
		return limitError(codeValidationFailed, msgGetMutation)
	}
	if err := checkInt32Variables(o.es.Schema(), op, opCtx.Variables); err != nil {
		return err
	}
	w := &walker{ctx: ctx, es: o.es, vars: opCtx.Variables, listWeight: o.limits.ListWeight, fragments: map[string]*cost{}}
	defer func() {
		// Argument values the validator let through but that cannot be
		// read (ast.ArgumentMap panics on them) are the client's error.
		if p := recover(); p != nil {
			gqlErr = limitError(codeValidationFailed, "invalid argument value: %v", p)
		}
	}()
	c := w.selectionSet(op.SelectionSet)
	l := o.limits
	switch {
	case w.introspection && !o.introspection:
		return limitError(codeValidationFailed, msgIntrospection)
	case l.MaxDepth > 0 && c.depth > l.MaxDepth:
		return limitError(codeValidationFailed, msgDepth, c.depth, l.MaxDepth)
	case l.MaxRootFields > 0 && c.fields > l.MaxRootFields:
		return limitError(codeValidationFailed, msgRootFields, c.fields, l.MaxRootFields)
	case l.MaxAliases > 0 && c.aliases > l.MaxAliases:
		return limitError(codeValidationFailed, msgAliases, c.aliases, l.MaxAliases)
	case l.MaxComplexity > 0 && c.complexity > l.MaxComplexity:
		return limitError(codeComplexityLimitExceeded, msgComplexity, c.complexity, l.MaxComplexity)
	}
	return nil
}

// deadline gives the execution of every operation a deadline; resolvers cut
// short by it answer OPERATION_TIMEOUT (see presentError). Parsing and
// validation are bounded by the other limits instead.
func deadline(timeout time.Duration) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return next(ctx)
	}
}

// cost is what a selection set asks for: how deep it nests, how many
// aliases and fields (at its own level) it has, and its complexity.
type cost struct {
	depth, aliases, fields, complexity int
}

func (c *cost) add(o cost) {
	c.depth = max(c.depth, o.depth)
	c.aliases = satAdd(c.aliases, o.aliases)
	c.fields = satAdd(c.fields, o.fields)
	c.complexity = satAdd(c.complexity, o.complexity)
}

type walker struct {
	ctx           context.Context
	es            graphql.ExecutableSchema
	vars          map[string]any
	listWeight    int
	fragments     map[string]*cost // nil while a fragment is being walked
	introspection bool
}

func (w *walker) selectionSet(set ast.SelectionSet) cost {
	var c cost
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			c.add(w.field(s))
		case *ast.InlineFragment:
			c.add(w.selectionSet(s.SelectionSet))
		case *ast.FragmentSpread:
			c.add(w.fragment(s))
		}
	}
	return c
}

func (w *walker) fragment(s *ast.FragmentSpread) cost {
	if c, seen := w.fragments[s.Name]; seen {
		if c == nil { // a cycle; the validator refuses them, so never here
			return cost{}
		}
		return *c
	}
	if s.Definition == nil {
		return cost{}
	}
	w.fragments[s.Name] = nil
	c := w.selectionSet(s.Definition.SelectionSet)
	w.fragments[s.Name] = &c
	return c
}

func (w *walker) field(f *ast.Field) cost {
	c := cost{depth: 1, fields: 1}
	if f.Alias != "" && f.Alias != f.Name {
		c.aliases = 1
	}
	if f.Name == "__schema" || f.Name == "__type" {
		// Introspection: bounded by the validator's introspection depth
		// rule, free of charge, refused when introspection is off.
		w.introspection = true
		return c
	}
	child := w.selectionSet(f.SelectionSet)
	if len(f.SelectionSet) > 0 {
		c.depth = satAdd(1, child.depth)
	}
	c.aliases = satAdd(c.aliases, child.aliases)
	c.complexity = w.complexity(f, child.complexity)
	return c
}

// complexity is a field's cost: a complexity function of the generated
// schema when it has one, else 1 + weight × the selection's complexity.
func (w *walker) complexity(f *ast.Field, child int) int {
	if f.Definition == nil || f.ObjectDefinition == nil {
		return satAdd(1, child)
	}
	args := f.ArgumentMap(w.vars)
	if custom, ok := w.es.Complexity(w.ctx, f.ObjectDefinition.Name, f.Name, child, args); ok && custom >= 1 {
		return custom
	}
	weight := 1
	switch {
	case f.Definition.Arguments.ForName("limit") != nil:
		weight = w.listWeight
		if n, ok := argInt(args["limit"]); ok {
			weight = int(max(1, min(n, math.MaxInt32)))
		}
	case f.Definition.Type.Elem != nil && !isPageNodes(f):
		weight = w.listWeight
	}
	return satAdd(1, satMul(max(weight, 1), child))
}

// isPageNodes reports the nodes of a page type (ProductList.nodes), whose
// number the limit of the field that returned the page already counts.
func isPageNodes(f *ast.Field) bool {
	return f.Name == "nodes" && strings.HasSuffix(f.ObjectDefinition.Name, "List")
}

// argInt reads an Int argument, whatever Go type carries it.
func argInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case string:
		i, err := strconv.ParseInt(n, 10, 64)
		return i, err == nil
	}
	return 0, false
}

func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func satMul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}

// rulesWithoutSuggestions are gqlparser's validation rules with every rule
// that can suggest names ("Did you mean ...?") replaced by its variant that
// does not: production servers do not help clients explore the schema.
func rulesWithoutSuggestions() *rules.Rules {
	r := rules.NewDefaultRules()
	for _, swap := range []struct {
		name    string
		without core.Rule
	}{
		{"FieldsOnCorrectType", rules.FieldsOnCorrectTypeRuleWithoutSuggestions},
		{"ScalarLeafs", rules.ScalarLeafsRuleWithoutSuggestions},
		{"KnownArgumentNames", rules.KnownArgumentNamesRuleWithoutSuggestions},
		{"KnownTypeNames", rules.KnownTypeNamesRuleWithoutSuggestions},
		{"ValuesOfCorrectType", rules.ValuesOfCorrectTypeRuleWithoutSuggestions},
	} {
		r.RemoveRule(swap.name)
		r.AddRule(swap.without.Name, swap.without.RuleFunc)
	}
	return r
}

package httpapi

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// GraphQL's Int is a 32-bit integer, but gqlparser accepts any 64-bit value
// and gqlgen binds Int to Go's int, so 2147483648 reached PostgreSQL's
// integer columns and failed there. These checks refuse such values up
// front, as the GraphQL spec asks: literals in validation, variables before
// execution.

const msgInt32 = "Int cannot represent non 32-bit signed integer value: %s"

// int32Literals is the validation rule for literals.
var int32Literals = core.Rule{
	Name: "IntIs32Bit",
	RuleFunc: func(observers *core.Events, addError core.AddErrFunc) {
		observers.OnValue(func(_ *core.Walker, value *ast.Value) {
			if value.Kind != ast.IntValue || value.Definition == nil || value.Definition.Name != "Int" {
				return
			}
			if _, err := strconv.ParseInt(value.Raw, 10, 32); err != nil {
				addError(core.Message(msgInt32, value.Raw), core.At(value.Position))
			}
		})
	},
}

// validationRules are gqlparser's rules, without suggestions in
// production, plus int32Literals.
func validationRules(production bool) func() *rules.Rules {
	return func() *rules.Rules {
		r := rules.NewDefaultRules()
		if production {
			r = rulesWithoutSuggestions()
		}
		r.AddRule(int32Literals.Name, int32Literals.RuleFunc)
		return r
	}
}

// checkInt32Variables reports a variable, or a value inside one, of type
// Int that does not fit 32 bits.
func checkInt32Variables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) *gqlerror.Error {
	for _, def := range op.VariableDefinitions {
		if v, ok := vars[def.Variable]; ok {
			if bad, found := int32Violation(schema, def.Type, v, 0); found {
				return limitError(codeValidationFailed, "Variable \"$%s\": "+msgInt32, def.Variable, bad)
			}
		}
	}
	return nil
}

func int32Violation(schema *ast.Schema, t *ast.Type, v any, depth int) (string, bool) {
	if v == nil || depth > 64 {
		return "", false
	}
	if t.Elem != nil {
		if list, ok := v.([]any); ok {
			for _, e := range list {
				if bad, found := int32Violation(schema, t.Elem, e, depth+1); found {
					return bad, true
				}
			}
			return "", false
		}
		return int32Violation(schema, t.Elem, v, depth+1) // a single value for a list
	}
	if t.NamedType == "Int" {
		if n, ok := argInt(v); ok && n >= math.MinInt32 && n <= math.MaxInt32 {
			return "", false
		}
		switch v.(type) {
		case json.Number, int, int32, int64, float64:
			return fmt.Sprint(v), true
		}
		return "", false // not a number: the validator reports it
	}
	def := schema.Types[t.NamedType]
	obj, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return "", false
	}
	for _, f := range def.Fields {
		if bad, found := int32Violation(schema, f.Type, obj[f.Name], depth+1); found {
			return bad, true
		}
	}
	return "", false
}

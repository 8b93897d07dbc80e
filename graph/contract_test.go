package graph_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// operationRow is a row of the contract's operation map.
type operationRow struct {
	OperationID string
	Type, Field string
	// Args are the named arguments; nil with AnyArgs for "(...)".
	Args    []contractArg
	AnyArgs bool
	// Payload are the fields of the returned payload ("{ cart }").
	Payload []string
	// Returns is the result type ("Cart", "[ShippingOption!]!").
	Returns string
}

// contractArg is an argument, with the fields of its input object when the
// row lists them ("input: {variantId, quantity}").
type contractArg struct {
	Name   string
	Fields []contractArg
}

// Ensure every row of docs/contract.md's operation map is served by the
// store endpoint: the field on its type, with the row's arguments (and the
// input fields it names), its payload fields and its result type.
func TestOperationMap(t *testing.T) {
	rows := readOperationMap(t, "../docs/contract.md")
	if len(rows) != 65 {
		t.Fatalf("the operation map has %d rows, want Medusa's 65 store operations", len(rows))
	}
	schema := introspect(t, apptest.New(t))

	var failures []string
	for _, row := range rows {
		key := row.Type + "." + row.Field
		f := schema.field(row.Type, row.Field)
		if f == nil {
			failures = append(failures, fmt.Sprintf("%s: %s is not served", row.OperationID, key))
			continue
		}
		for _, problem := range schema.check(row, f) {
			failures = append(failures, fmt.Sprintf("%s: %s: %s", row.OperationID, key, problem))
		}
	}
	if len(failures) > 0 {
		t.Errorf("%d of %d operation-map rows fail:\n\t%s", len(failures), len(rows), strings.Join(failures, "\n\t"))
	}
}

// readOperationMap parses the table under "## Operation map".
func readOperationMap(t *testing.T, path string) []operationRow {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(text), "\n## Operation map\n")
	if !ok {
		t.Fatalf("%s has no operation map", path)
	}
	code := regexp.MustCompile("`([^`]+)`")
	var rows []operationRow
	inTable := false
	for _, line := range strings.Split(section, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if inTable {
				break
			}
			continue
		}
		inTable = true
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 3 {
			t.Fatalf("operation map row %q has %d cells", line, len(cells))
		}
		id := strings.TrimSpace(cells[0])
		if id == "operationId" || strings.HasPrefix(id, "---") {
			continue
		}
		m := code.FindStringSubmatch(cells[2])
		if m == nil {
			t.Fatalf("row %s names no GraphQL field", id)
		}
		row, err := parseOperation(id, m[1])
		if err != nil {
			t.Fatalf("row %s: %v", id, err)
		}
		rows = append(rows, row)
	}
	return rows
}

var fieldRef = regexp.MustCompile(`^(\w+)\.(\w+)`)

// parseOperation reads `Type.field(args) { payload }` or `Type.field(args): Result`.
func parseOperation(id, s string) (operationRow, error) {
	m := fieldRef.FindStringSubmatch(s)
	if m == nil {
		return operationRow{}, fmt.Errorf("%q is not Type.field", s)
	}
	row := operationRow{OperationID: id, Type: m[1], Field: m[2]}
	rest := strings.TrimSpace(s[len(m[0]):])
	if strings.HasPrefix(rest, "(") {
		end := closing(rest)
		if end < 0 {
			return row, fmt.Errorf("unbalanced arguments in %q", s)
		}
		inner := strings.TrimSpace(rest[1:end])
		if inner == "..." {
			row.AnyArgs = true
		} else {
			row.Args = parseArgs(inner)
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	switch {
	case strings.HasPrefix(rest, ":"):
		row.Returns = strings.TrimSpace(rest[1:])
	case strings.HasPrefix(rest, "{"):
		end := closing(rest)
		if end < 0 {
			return row, fmt.Errorf("unbalanced payload in %q", s)
		}
		for _, f := range splitTop(rest[1:end]) {
			row.Payload = append(row.Payload, f)
		}
	case rest != "":
		return row, fmt.Errorf("cannot read %q after the field", rest)
	}
	return row, nil
}

// parseArgs reads "cartId, input: {variantId, quantity}"; entries starting
// with "..." (a group of arguments named in prose) are skipped.
func parseArgs(s string) []contractArg {
	var out []contractArg
	for _, part := range splitTop(s) {
		if strings.HasPrefix(part, "...") {
			continue
		}
		name, shape, _ := strings.Cut(part, ":")
		arg := contractArg{Name: strings.TrimSpace(name)}
		shape = strings.Trim(strings.TrimSpace(shape), "[]")
		if strings.HasPrefix(shape, "{") && strings.HasSuffix(shape, "}") {
			arg.Fields = parseArgs(shape[1 : len(shape)-1])
		}
		out = append(out, arg)
	}
	return out
}

// closing is the index of the bracket closing s[0].
func closing(s string) int {
	depth := 0
	for i, r := range s {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits s at the commas outside brackets.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		out = append(out, last)
	}
	return out
}

// introspected is the store endpoint's schema as introspection shows it.
type introspected map[string]*introType

type introType struct {
	Name        string       `json:"name"`
	Kind        string       `json:"kind"`
	Fields      []introField `json:"fields"`
	InputFields []introField `json:"inputFields"`
}

type introField struct {
	Name string       `json:"name"`
	Type typeRef      `json:"type"`
	Args []introField `json:"args"`
}

type typeRef struct {
	Kind   string   `json:"kind"`
	Name   *string  `json:"name"`
	OfType *typeRef `json:"ofType"`
}

// String writes the reference as SDL ("[ShippingOption!]!").
func (r typeRef) String() string {
	switch {
	case r.Kind == "NON_NULL" && r.OfType != nil:
		return r.OfType.String() + "!"
	case r.Kind == "LIST" && r.OfType != nil:
		return "[" + r.OfType.String() + "]"
	case r.Name != nil:
		return *r.Name
	}
	return "?"
}

// named is the type the reference ends in.
func (r typeRef) named() string {
	for r.OfType != nil {
		r = *r.OfType
	}
	if r.Name == nil {
		return ""
	}
	return *r.Name
}

func introspect(t *testing.T, s *apptest.Server) introspected {
	t.Helper()
	var out struct {
		Schema struct {
			Types []*introType `json:"types"`
		} `json:"__schema"`
	}
	s.Query(t, `{ __schema { types { name kind
		fields { name type { ...Ref } args { name type { ...Ref } } }
		inputFields { name type { ...Ref } } } } }
		fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`, nil, &out)
	schema := introspected{}
	for _, typ := range out.Schema.Types {
		schema[typ.Name] = typ
	}
	return schema
}

func (s introspected) field(typeName, field string) *introField {
	typ := s[typeName]
	if typ == nil {
		return nil
	}
	for i := range typ.Fields {
		if typ.Fields[i].Name == field {
			return &typ.Fields[i]
		}
	}
	return nil
}

// check compares a served field with its row.
func (s introspected) check(row operationRow, f *introField) []string {
	var problems []string
	if !row.AnyArgs {
		for _, want := range row.Args {
			arg := findField(f.Args, want.Name)
			if arg == nil {
				problems = append(problems, fmt.Sprintf("no argument %s", want.Name))
				continue
			}
			problems = append(problems, s.checkInput(want.Name, arg.Type.named(), want.Fields)...)
		}
	}
	if len(row.Payload) > 0 {
		payload := s[f.Type.named()]
		for _, name := range row.Payload {
			if payload == nil || findField(payload.Fields, name) == nil {
				problems = append(problems, fmt.Sprintf("payload %s has no field %s", f.Type.named(), name))
			}
		}
	}
	if row.Returns != "" {
		// The contract's result types leave out some non-null marks.
		want, got := strings.ReplaceAll(row.Returns, "!", ""), strings.ReplaceAll(f.Type.String(), "!", "")
		if want != got {
			problems = append(problems, fmt.Sprintf("returns %s, want %s", f.Type.String(), row.Returns))
		}
	}
	return problems
}

// checkInput checks that an input object has the fields a row names.
func (s introspected) checkInput(path, typeName string, fields []contractArg) []string {
	if len(fields) == 0 {
		return nil
	}
	typ := s[typeName]
	if typ == nil || typ.Kind != "INPUT_OBJECT" {
		return []string{fmt.Sprintf("%s is not an input object", path)}
	}
	var problems []string
	for _, want := range fields {
		f := findField(typ.InputFields, want.Name)
		if f == nil {
			problems = append(problems, fmt.Sprintf("%s has no field %s", path, want.Name))
			continue
		}
		problems = append(problems, s.checkInput(path+"."+want.Name, f.Type.named(), want.Fields)...)
	}
	return problems
}

func findField(fields []introField, name string) *introField {
	for i := range fields {
		if fields[i].Name == name {
			return &fields[i]
		}
	}
	return nil
}

// Ensure the contract parser reads every form the operation map uses.
func TestParseOperation(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want operationRow
	}{
		{"Query.me: Customer", operationRow{Type: "Query", Field: "me", Returns: "Customer"}},
		{"Query.me", operationRow{Type: "Query", Field: "me"}},
		{"Query.collections(...): ProductCollectionList", operationRow{Type: "Query", Field: "collections", AnyArgs: true, Returns: "ProductCollectionList"}},
		{"Query.product(id, ...pricing context): Product", operationRow{Type: "Query", Field: "product", Args: []contractArg{{Name: "id"}}, Returns: "Product"}},
		{"Mutation.customerLogin(input: {email, password}) { customer }", operationRow{Type: "Mutation", Field: "customerLogin",
			Args: []contractArg{{Name: "input", Fields: []contractArg{{Name: "email"}, {Name: "password"}}}}, Payload: []string{"customer"}}},
		{"Mutation.managePaymentCollectionSessions(paymentCollectionId, input: {sessions: [{providerId, amount}]}) { paymentCollection }",
			operationRow{Type: "Mutation", Field: "managePaymentCollectionSessions", Args: []contractArg{{Name: "paymentCollectionId"},
				{Name: "input", Fields: []contractArg{{Name: "sessions", Fields: []contractArg{{Name: "providerId"}, {Name: "amount"}}}}}},
				Payload: []string{"paymentCollection"}}},
		{"Customer.orders(...): OrderList", operationRow{Type: "Customer", Field: "orders", AnyArgs: true, Returns: "OrderList"}},
		{"Query.returnReasons: [ReturnReason!]!", operationRow{Type: "Query", Field: "returnReasons", Returns: "[ReturnReason!]!"}},
	} {
		got, err := parseOperation("", tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

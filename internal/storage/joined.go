package storage

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Joined reads rows and their one-to-one relations in one statement: the
// row's own columns are selected as they are, a relation's columns as
// "field.column" (Cols writes such a list), and a relation that a LEFT JOIN
// did not find (its id is NULL) is left nil.
//
// T is a struct that embeds the row's model struct and has one pointer field
// per relation, tagged `join:"field"`.

// Cols renders the select list of a relation: alias.col AS "field.col" for
// every db-tagged field of the model struct of v.
func Cols(alias, field string, v any) string {
	cols := columnsOf(reflect.TypeOf(v))
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf(`%s.%s AS "%s.%s"`, alias, c.name, field, c.name)
	}
	return strings.Join(parts, ", ")
}

// SelectJoined runs query and scans its rows into the slice dest points to.
func SelectJoined[T any](ctx context.Context, q Q, dest *[]T, query string, args ...any) error {
	return selectJoined(ctx, q, dest, Rebind(q, query), args...)
}

// SelectJoinedIn is SelectJoined for a query with `IN (?)` over slices.
func SelectJoinedIn[T any](ctx context.Context, q Q, dest *[]T, query string, args ...any) error {
	expanded, expandedArgs, err := In(q, query, args...)
	if err != nil {
		return err
	}
	return selectJoined(ctx, q, dest, expanded, expandedArgs...)
}

func selectJoined[T any](ctx context.Context, q Q, dest *[]T, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return err
	}
	plan, err := joinPlanFor(reflect.TypeOf((*T)(nil)).Elem(), names)
	if err != nil {
		return err
	}
	raw := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		var row T
		if err := plan.fill(reflect.ValueOf(&row).Elem(), raw); err != nil {
			return err
		}
		*dest = append(*dest, row)
	}
	return rows.Err()
}

type joinTarget struct {
	relation int   // index into plan.relations, -1 for the row itself
	field    []int // field index within the row or relation struct
	typ      reflect.Type
	// scanner says whether *typ, or for a pointer field *elem, is a
	// sql.Scanner: asking reflect for every value costs more than the scan.
	scanner, elemScanner bool
}

func newJoinTarget(relation int, field []int, typ reflect.Type) *joinTarget {
	t := &joinTarget{relation: relation, field: field, typ: typ, scanner: reflect.PointerTo(typ).Implements(scannerType)}
	if typ.Kind() == reflect.Pointer {
		t.elemScanner = typ.Implements(scannerType)
	}
	return t
}

type joinRelation struct {
	field  []int // the pointer field in T
	typ    reflect.Type
	idCol  int // column index of the relation's key (its first column: id, or code)
	prefix string
	key    string
}

type joinPlan struct {
	targets   []*joinTarget // per column; nil for a column with no field
	relations []joinRelation
}

var joinPlans sync.Map // "type|columns" -> *joinPlan

func joinPlanFor(t reflect.Type, names []string) (*joinPlan, error) {
	key := t.String() + "|" + strings.Join(names, ",")
	if p, ok := joinPlans.Load(key); ok {
		return p.(*joinPlan), nil
	}
	plan := &joinPlan{targets: make([]*joinTarget, len(names))}
	own := map[string][]int{}
	relationByPrefix := map[string]int{}
	for _, f := range reflect.VisibleFields(t) {
		if prefix := f.Tag.Get("join"); prefix != "" {
			if f.Type.Kind() != reflect.Pointer || f.Type.Elem().Kind() != reflect.Struct {
				return nil, fmt.Errorf("join field %s must be a pointer to a struct", f.Name)
			}
			relationByPrefix[prefix] = len(plan.relations)
			plan.relations = append(plan.relations, joinRelation{field: f.Index, typ: f.Type.Elem(), idCol: -1, prefix: prefix,
				key: columnsOf(f.Type.Elem())[0].name})
			continue
		}
		if tag := f.Tag.Get("db"); tag != "" && tag != "-" && !f.Anonymous {
			own[tag] = f.Index
		}
	}
	for i, name := range names {
		prefix, col, isRelation := strings.Cut(name, ".")
		if !isRelation {
			if idx, ok := own[name]; ok {
				plan.targets[i] = newJoinTarget(-1, idx, t.FieldByIndex(idx).Type)
			}
			continue
		}
		r, ok := relationByPrefix[prefix]
		if !ok {
			return nil, fmt.Errorf("column %q: %s has no join field %q", name, t, prefix)
		}
		rel := &plan.relations[r]
		for _, c := range columnsOf(rel.typ) {
			if c.name == col {
				plan.targets[i] = newJoinTarget(r, c.index, rel.typ.FieldByIndex(c.index).Type)
			}
		}
		if col == rel.key {
			rel.idCol = i
		}
	}
	for _, rel := range plan.relations {
		if rel.idCol < 0 {
			return nil, fmt.Errorf("join %q: the query does not select its key %q", rel.prefix, rel.key)
		}
	}
	joinPlans.Store(key, plan)
	return plan, nil
}

func (p *joinPlan) fill(row reflect.Value, raw []any) error {
	rels := make([]reflect.Value, len(p.relations))
	for r, rel := range p.relations {
		if raw[rel.idCol] == nil {
			continue // not found by the LEFT JOIN
		}
		v := reflect.New(rel.typ)
		row.FieldByIndex(rel.field).Set(v)
		rels[r] = v.Elem()
	}
	for i, t := range p.targets {
		if t == nil {
			continue
		}
		var dst reflect.Value
		if t.relation < 0 {
			dst = row.FieldByIndex(t.field)
		} else {
			if !rels[t.relation].IsValid() {
				continue
			}
			dst = rels[t.relation].FieldByIndex(t.field)
		}
		if err := assign(dst, raw[i], t.scanner, t.elemScanner); err != nil {
			return fmt.Errorf("column %d: %w", i, err)
		}
	}
	return nil
}

var scannerType = reflect.TypeOf((*sql.Scanner)(nil)).Elem()

// assign converts a driver value into a model field: the basic kinds, named
// string types (enums), time.Time, pointers to those, and sql.Scanners
// (scanner: *dst is one; elemScanner: dst is a pointer to one).
func assign(dst reflect.Value, src any, scanner, elemScanner bool) error {
	if scanner {
		return dst.Addr().Interface().(sql.Scanner).Scan(src)
	}
	if dst.Kind() == reflect.Pointer {
		if src == nil {
			dst.Set(reflect.Zero(dst.Type()))
			return nil
		}
		v := reflect.New(dst.Type().Elem())
		if err := assign(v.Elem(), src, elemScanner, false); err != nil {
			return err
		}
		dst.Set(v)
		return nil
	}
	if src == nil {
		return fmt.Errorf("NULL for a %s field", dst.Type())
	}
	switch dst.Kind() {
	case reflect.String:
		switch s := src.(type) {
		case string:
			dst.SetString(s)
		case []byte:
			dst.SetString(string(s))
		case time.Time:
			dst.SetString(s.Format(time.RFC3339Nano))
		default:
			dst.SetString(fmt.Sprint(s))
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, err := toInt(src)
		if err != nil {
			return err
		}
		dst.SetInt(n)
	case reflect.Float64, reflect.Float32:
		f, err := toFloat(src)
		if err != nil {
			return err
		}
		dst.SetFloat(f)
	case reflect.Bool:
		switch b := src.(type) {
		case bool:
			dst.SetBool(b)
		case int64:
			dst.SetBool(b != 0)
		case []byte, string:
			s := fmt.Sprint(b)
			if bb, ok := b.([]byte); ok {
				s = string(bb)
			}
			dst.SetBool(s == "1" || s == "t" || s == "true" || s == "TRUE")
		default:
			return fmt.Errorf("cannot use %T as bool", src)
		}
	case reflect.Struct:
		if dst.Type() != reflect.TypeOf(time.Time{}) {
			return fmt.Errorf("unsupported field type %s", dst.Type())
		}
		t, err := toTime(src)
		if err != nil {
			return err
		}
		dst.Set(reflect.ValueOf(t))
	default:
		return fmt.Errorf("unsupported field type %s", dst.Type())
	}
	return nil
}

func toInt(src any) (int64, error) {
	switch v := src.(type) {
	case int64:
		return v, nil
	case float64:
		return int64(v), nil
	case []byte:
		return strconv.ParseInt(string(v), 10, 64)
	case string:
		return strconv.ParseInt(v, 10, 64)
	}
	return 0, fmt.Errorf("cannot use %T as an integer", src)
}

func toFloat(src any) (float64, error) {
	switch v := src.(type) {
	case float64:
		return v, nil
	case float32:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case []byte:
		return strconv.ParseFloat(string(v), 64)
	case string:
		return strconv.ParseFloat(v, 64)
	}
	return 0, fmt.Errorf("cannot use %T as a number", src)
}

// sqliteTimeFormats are the forms go-sqlite3 writes and SQLite's
// CURRENT_TIMESTAMP produces, for columns read without their declared type.
var sqliteTimeFormats = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05",
	time.RFC3339Nano,
}

func toTime(src any) (time.Time, error) {
	switch v := src.(type) {
	case time.Time:
		return v, nil
	case []byte:
		return parseTime(string(v))
	case string:
		return parseTime(v)
	}
	return time.Time{}, fmt.Errorf("cannot use %T as a time", src)
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSuffix(s, "Z")
	for _, f := range sqliteTimeFormats {
		if t, err := time.Parse(f, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse time %q", s)
}

package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/storegraph/storegraph/internal/errs"
)

// decodeStrict parses a seed file. encoding/json's DisallowUnknownFields does
// not say where an unknown key is, so the document is first read as a generic
// tree and checked against the Go types: an unknown key or a value of the
// wrong JSON type fails with its path (products[2].varaints).
func decodeStrict(r io.Reader, dst *file) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return errs.InvalidDataf("seed: read the file: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return syntaxError(data, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errs.InvalidDataf("seed: the file holds more than one JSON value")
	}
	if tree == nil {
		return errs.InvalidDataf("seed: the file holds null, not an object")
	}
	if err := check(tree, reflect.TypeOf(dst).Elem(), ""); err != nil {
		return errs.InvalidDataf("seed: %v", err)
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return errs.InvalidDataf("seed: %v", err)
	}
	return nil
}

// syntaxError reports where in the file JSON parsing failed.
func syntaxError(data []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:se.Offset], []byte("\n"))
		col := int(se.Offset) - bytes.LastIndexByte(data[:se.Offset], '\n') - 1
		return errs.InvalidDataf("seed: invalid JSON at line %d, column %d: %v", line, col, se)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errs.InvalidDataf("seed: the file is empty or ends too early")
	}
	return errs.InvalidDataf("seed: invalid JSON: %v", err)
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// check walks v (a tree decoded with UseNumber) along the Go type t.
func check(v any, t reflect.Type, path string) error {
	if v == nil {
		return nil // null leaves the zero value, as encoding/json does
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		raw, _ := json.Marshal(v)
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return check(v, t.Elem(), path)
	case reflect.Interface:
		return nil
	case reflect.Struct:
		return checkObject(v, t, path)
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return typeError(path, "an object", v)
		}
		for _, k := range sortedKeys(obj) {
			if err := check(obj[k], t.Elem(), join(path, k)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return typeError(path, "an array", v)
		}
		for i, e := range arr {
			if err := check(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if _, ok := v.(string); !ok {
			return typeError(path, "a string", v)
		}
		return nil
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return typeError(path, "true or false", v)
		}
		return nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return typeError(path, "an integer", v)
		}
		if _, err := strconv.ParseInt(n.String(), 10, 64); err != nil {
			return fmt.Errorf("%s: expected an integer, got %s", path, n)
		}
		return nil
	case reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			return typeError(path, "a number", v)
		}
		return nil
	}
	return fmt.Errorf("%s: cannot decode into %s", path, t)
}

func checkObject(v any, t reflect.Type, path string) error {
	obj, ok := v.(map[string]any)
	if !ok {
		return typeError(path, "an object", v)
	}
	fields := jsonFields(t)
	for _, k := range sortedKeys(obj) {
		f, ok := fields[k]
		if !ok {
			return fmt.Errorf("unknown key %q at %s", k, join(path, k))
		}
		if err := check(obj[k], f.Type, join(path, k)); err != nil {
			return err
		}
	}
	return nil
}

var fieldCache sync.Map // reflect.Type -> map[string]reflect.StructField

// jsonFields maps the JSON keys of a struct to its fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.StructField)
	}
	m := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		m[name] = f
	}
	fieldCache.Store(t, m)
	return m
}

func typeError(path, want string, got any) error {
	var kind string
	switch got.(type) {
	case string:
		kind = "a string"
	case json.Number:
		kind = "a number"
	case bool:
		kind = "a boolean"
	case []any:
		kind = "an array"
	case map[string]any:
		kind = "an object"
	default:
		kind = fmt.Sprintf("%T", got)
	}
	where := path
	if where == "" {
		where = "the top level"
	}
	return fmt.Errorf("%s: expected %s, got %s", where, want, kind)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// sortedKeys keeps error messages stable: the first bad key in key order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

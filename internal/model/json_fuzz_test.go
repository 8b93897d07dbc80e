package model_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/model"
)

var jsonSeeds = []string{
	`{}`, `null`, ``, `{"a":1,"b":"x","c":[1,2,{"d":null}],"e":true}`, `[1,2]`, `"text"`, `5`,
	`{"big":12345678901234567890,"neg":-0.0,"exp":1e308}`, `{"a":1e400}`, `{"u":"\u00e9\ud83d\ude00","bad":"\xff"}`,
	`{"a":{"b":{"c":{"d":{}}}}}`, `{"a":1}trailing`, ` null `, `{"":""}`,
}

// FuzzJSONScan reads arbitrary column contents. Ensure Scan never panics,
// and that what it accepts writes back (Value) and reads again (Scan) to the
// same object, and renders (MarshalGQL) as valid JSON of that object.
func FuzzJSONScan(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var j model.JSON
		err := j.Scan(data)
		var fromString model.JSON
		if errString := fromString.Scan(string(data)); (errString == nil) != (err == nil) || !reflect.DeepEqual(j, fromString) {
			t.Fatalf("[]byte and string scans differ: %v / %v", err, errString)
		}
		if err != nil {
			return
		}
		checkRoundTrip(t, j)
	})
}

// FuzzJSONUnmarshalGQL decodes arbitrary JSON as gqlgen decodes variables
// (numbers as json.Number) and hands it to the JSON scalar. Ensure
// UnmarshalGQL never panics and accepts exactly the objects (and null) whose
// numbers a float64 holds, and that what it accepts stores, reads back and
// renders as the same object.
func FuzzJSONUnmarshalGQL(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		var j model.JSON
		err := j.UnmarshalGQL(v)
		_, isObject := v.(map[string]any)
		switch {
		case err == nil && !isObject && v != nil:
			t.Fatalf("UnmarshalGQL accepted a %T", v)
		case err != nil && (v == nil || isObject && !strings.Contains(err.Error(), "out of range")):
			t.Fatalf("UnmarshalGQL(%s) = %v", data, err)
		case err == nil:
			checkRoundTrip(t, j)
		}
	})
}

func checkRoundTrip(t *testing.T, j model.JSON) {
	t.Helper()
	stored, err := j.Value()
	if err != nil {
		t.Fatalf("Value: %v", err)
	}
	var again model.JSON
	if err := again.Scan(stored); err != nil {
		t.Fatalf("Scan(Value()) = %v for %q", err, stored)
	}
	var rendered bytes.Buffer
	j.MarshalGQL(&rendered)
	if !json.Valid(rendered.Bytes()) {
		t.Fatalf("MarshalGQL wrote invalid JSON %q", rendered.Bytes())
	}
	if j == nil {
		if again != nil || rendered.String() != "null" {
			t.Fatalf("nil object stored as %q, rendered %q", stored, rendered.String())
		}
		return
	}
	// Compare as JSON values: json.Number and float64 read the same.
	if want, got := normalize(t, rendered.Bytes()), normalize(t, []byte(stored.(string))); !reflect.DeepEqual(want, got) {
		t.Fatalf("stored %q, rendered %q", stored, rendered.Bytes())
	}
	var reread bytes.Buffer
	again.MarshalGQL(&reread)
	if want, got := normalize(t, rendered.Bytes()), normalize(t, reread.Bytes()); !reflect.DeepEqual(want, got) {
		t.Fatalf("read back as %q, was %q", reread.Bytes(), rendered.Bytes())
	}
}

func normalize(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%q: %v", b, err)
	}
	return v
}

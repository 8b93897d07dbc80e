// Package model holds storegraph's entities: Medusa v1's tables as Go structs
// (db tags are the column names), the JSON and enum types of their columns,
// and the GraphQL encoding of those types. It has no behaviour of its own.
package model

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// JSON is a jsonb object column (metadata, data, context): nil is SQL NULL.
type JSON map[string]any

// Scan reads a jsonb (PostgreSQL) or TEXT (SQLite) column.
func (j *JSON) Scan(src any) error {
	var data []byte
	switch v := src.(type) {
	case nil:
		*j = nil
		return nil
	case []byte:
		data = v
	case string:
		data = []byte(v)
	default:
		return fmt.Errorf("model.JSON: cannot scan %T", src)
	}
	if len(data) == 0 || bytes.Equal(data, []byte("null")) {
		*j = nil
		return nil
	}
	m := map[string]any{}
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("model.JSON: %w", err)
	}
	*j = m
	return nil
}

// Value writes the object as JSON text, which both databases accept.
func (j JSON) Value() (driver.Value, error) {
	if j == nil {
		return nil, nil
	}
	b, err := json.Marshal(map[string]any(j))
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// MarshalGQL writes the object as a JSON value.
func (j JSON) MarshalGQL(w io.Writer) {
	if j == nil {
		_, _ = io.WriteString(w, "null")
		return
	}
	b, err := json.Marshal(map[string]any(j))
	if err != nil {
		_, _ = io.WriteString(w, "null")
		return
	}
	_, _ = w.Write(b)
}

// UnmarshalGQL accepts a JSON object (a GraphQL input object or variable)
// whose numbers are finite float64 values, as Scan reads them back: a number
// like 1e400 would store fine and make the row unreadable.
func (j *JSON) UnmarshalGQL(v any) error {
	switch m := v.(type) {
	case nil:
		*j = nil
		return nil
	case map[string]any:
		if err := checkNumbers(m); err != nil {
			return err
		}
		*j = m
		return nil
	default:
		return fmt.Errorf("must be a JSON object")
	}
}

// checkNumbers reports a number of v that a float64 cannot hold.
func checkNumbers(v any) error {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if err := checkNumbers(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := checkNumbers(e); err != nil {
				return err
			}
		}
	case json.Number:
		if _, err := strconv.ParseFloat(string(x), 64); err != nil {
			return fmt.Errorf("the number %s is out of range", x)
		}
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return fmt.Errorf("the number %v is out of range", x)
		}
	case float32:
		return checkNumbers(float64(x))
	}
	return nil
}

// Clone returns a shallow copy; nil stays nil.
func (j JSON) Clone() JSON {
	if j == nil {
		return nil
	}
	c := make(JSON, len(j))
	for k, v := range j {
		c[k] = v
	}
	return c
}

// Merge applies Medusa's metadata update rule: keys of update are set on a
// copy of j, and a key whose value is "" is deleted.
func (j JSON) Merge(update JSON) JSON {
	out := j.Clone()
	if out == nil {
		out = JSON{}
	}
	for k, v := range update {
		if s, ok := v.(string); ok && s == "" {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// RawJSON is a jsonb column that may hold any JSON value (arrays, stored
// responses).
type RawJSON json.RawMessage

func (r *RawJSON) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*r = nil
	case []byte:
		*r = append(RawJSON(nil), v...)
	case string:
		*r = RawJSON(v)
	default:
		return fmt.Errorf("model.RawJSON: cannot scan %T", src)
	}
	return nil
}

func (r RawJSON) Value() (driver.Value, error) {
	if r == nil {
		return nil, nil
	}
	return string(r), nil
}

func (r RawJSON) MarshalGQL(w io.Writer) {
	if r == nil {
		_, _ = io.WriteString(w, "null")
		return
	}
	_, _ = w.Write(r)
}

func (r *RawJSON) UnmarshalGQL(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	*r = b
	return nil
}

// Enums are stored lower-case as Medusa stores them and written in GraphQL in
// UPPER_SNAKE (contract naming rule 3).
func marshalEnum(w io.Writer, s string) {
	_, _ = io.WriteString(w, strconv.Quote(strings.ToUpper(s)))
}

func unmarshalEnum(v any, dst *string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	*dst = strings.ToLower(s)
	return nil
}

// PricingContext says for whom products are priced: the region (and its
// currency) or just a currency, and the customer whose groups unlock price
// lists. It is resolved once per query (from cartId, regionId or
// currencyCode) and handed down to the variants the query reaches.
type PricingContext struct {
	RegionID     string
	CurrencyCode string
	CustomerID   string
}

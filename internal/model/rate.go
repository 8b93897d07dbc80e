package model

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// Rate is a percentage kept in a PostgreSQL `real` column (tax rates). Medusa
// reads such a column as the shortest decimal PostgreSQL prints ("7.7"), not
// as the float32 value widened (7.69999980926...), and that difference
// changes rounded taxes, so a Rate is normalised the same way when scanned.
type Rate float64

// Scan reads a real (PostgreSQL) or REAL (SQLite) column.
func (r *Rate) Scan(src any) error {
	var f float64
	switch v := src.(type) {
	case float64:
		f = v
	case float32:
		f = float64(v)
	case int64:
		f = float64(v)
	case []byte:
		parsed, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return err
		}
		f = parsed
	case string:
		parsed, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return err
		}
		f = parsed
	default:
		return fmt.Errorf("model.Rate: cannot scan %T", src)
	}
	*r = Rate(Real(f))
	return nil
}

// Real rounds f to the float32 a `real` column keeps and returns the
// shortest decimal of that float32, as Medusa's database driver reads it.
func Real(f float64) float64 {
	shortest := strconv.FormatFloat(float64(float32(f)), 'g', -1, 32)
	parsed, err := strconv.ParseFloat(shortest, 64)
	if err != nil {
		return f
	}
	return parsed
}

func (r Rate) MarshalGQL(w io.Writer) { graphql.MarshalFloat(float64(r)).MarshalGQL(w) }

func (r *Rate) UnmarshalGQL(v any) error {
	f, err := graphql.UnmarshalFloat(v)
	*r = Rate(f)
	return err
}

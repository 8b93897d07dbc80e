package storage

import (
	"fmt"
	"strings"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
)

// Where accumulates the conditions and arguments of a filtered list query.
// A filter it cannot express (see MaxFilterValues, MaxSearchLength) makes
// Err an INVALID_DATA error, which the list functions answer.
type Where struct {
	conds []string
	args  []any
	err   error
}

const (
	// MaxFilterValues bounds the values of one IN filter (SQLite allows
	// 32,766 placeholders in a statement, PostgreSQL 65,535).
	MaxFilterValues = 1000
	// MaxSearchLength bounds a free-text search in bytes (SQLite refuses
	// LIKE patterns over 50,000 bytes).
	MaxSearchLength = 1000
)

// Err is the first filter that could not be expressed, or nil.
func (w *Where) Err() error { return w.err }

func (w *Where) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// checkSearch fails w when a search text is too long.
func (w *Where) checkSearch(needle string) {
	if len(needle) > MaxSearchLength {
		w.fail(errs.InvalidDataf("The search text must not be longer than %d bytes.", MaxSearchLength))
	}
}

// Add appends a condition with ? placeholders and its arguments.
func (w *Where) Add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// AddIn appends `column IN (...)` for a non-empty list; an empty list adds nothing.
func (w *Where) AddIn(column string, values []string) {
	if len(values) == 0 {
		return
	}
	if len(values) > MaxFilterValues {
		w.fail(errs.InvalidDataf("A filter must not list more than %d values.", MaxFilterValues))
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")
	w.conds = append(w.conds, fmt.Sprintf("%s IN (%s)", column, marks))
	for _, v := range values {
		w.args = append(w.args, v)
	}
}

// AddTimeRange appends the bounds of a date filter on column.
func (w *Where) AddTimeRange(column string, r *TimeRange) {
	if r == nil {
		return
	}
	if r.Lt != nil {
		w.Add(column+" < ?", *r.Lt)
	}
	if r.Gt != nil {
		w.Add(column+" > ?", *r.Gt)
	}
	if r.Lte != nil {
		w.Add(column+" <= ?", *r.Lte)
	}
	if r.Gte != nil {
		w.Add(column+" >= ?", *r.Gte)
	}
}

// AddExists appends `EXISTS (SELECT 1 FROM <from> AND <sub's condition>)`,
// for a sub filter of one condition (from ends with its WHERE clause).
func (w *Where) AddExists(from string, sub *Where) {
	if sub.err != nil || len(sub.conds) != 1 {
		w.fail(sub.err)
		return
	}
	w.Add("EXISTS (SELECT 1 FROM "+from+" AND "+sub.conds[0]+")", sub.args...)
}

// AddContains appends a case-insensitive substring match over any of columns.
func (w *Where) AddContains(needle string, columns ...string) {
	w.AddContainsOr(needle, columns, "")
}

// AddContainsOr appends a condition that holds when any of columns contains
// needle (any case) or, unless extra is "", when extra (a condition with its
// arguments) holds.
func (w *Where) AddContainsOr(needle string, columns []string, extra string, extraArgs ...any) {
	w.checkSearch(needle)
	var ors []string
	pattern := "%" + strings.ToLower(escapeLike(needle)) + "%"
	for _, c := range columns {
		ors = append(ors, fmt.Sprintf(`LOWER(%s) LIKE ? ESCAPE '\'`, c))
		w.args = append(w.args, pattern)
	}
	if extra != "" {
		ors = append(ors, extra)
		w.args = append(w.args, extraArgs...)
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// SQL renders the WHERE clause ("" when there are no conditions).
func (w *Where) SQL() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Args returns the arguments in placeholder order.
func (w *Where) Args() []any { return w.args }

// TimeRange bounds a date column.
type TimeRange struct {
	Lt, Gt, Lte, Gte *time.Time
}

// Page is an offset/limit window and an order over a list.
type Page struct {
	Offset, Limit int
	// OrderBy is a trusted SQL ORDER BY expression (validated by the caller).
	OrderBy string
}

// SQL renders ORDER BY, LIMIT and OFFSET.
func (p Page) SQL() string {
	order := p.OrderBy
	if order == "" {
		order = "created_at DESC, id DESC"
	}
	return fmt.Sprintf(" ORDER BY %s LIMIT %d OFFSET %d", order, p.Limit, p.Offset)
}

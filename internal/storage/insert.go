package storage

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
)

// columns caches the db-tagged fields of entity types.
var columns sync.Map // reflect.Type -> []column

type column struct {
	name  string
	index []int
}

func columnsOf(t reflect.Type) []column {
	if c, ok := columns.Load(t); ok {
		return c.([]column)
	}
	var cols []column
	for _, f := range reflect.VisibleFields(t) {
		tag := f.Tag.Get("db")
		if tag == "" || tag == "-" || f.Anonymous {
			continue
		}
		cols = append(cols, column{name: tag, index: f.Index})
	}
	columns.Store(t, cols)
	return cols
}

// Insert writes row (a pointer to, or value of, a model struct) into table,
// one column per db-tagged field.
func Insert(ctx context.Context, q Q, table string, row any) error {
	v := reflect.Indirect(reflect.ValueOf(row))
	cols := columnsOf(v.Type())
	names := make([]string, len(cols))
	marks := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, c := range cols {
		names[i] = c.name
		marks[i] = "?"
		args[i] = v.FieldByIndex(c.index).Interface()
	}
	query := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", quoteTable(table), strings.Join(names, ", "), strings.Join(marks, ", "))
	_, err := Exec(ctx, q, query, args...)
	return err
}

// Update writes every db-tagged field of row except id to the row of table
// with row's id.
func Update(ctx context.Context, q Q, table string, row any) error {
	v := reflect.Indirect(reflect.ValueOf(row))
	cols := columnsOf(v.Type())
	var sets []string
	var args []any
	var id any
	for _, c := range cols {
		val := v.FieldByIndex(c.index).Interface()
		if c.name == "id" {
			id = val
			continue
		}
		sets = append(sets, c.name+" = ?")
		args = append(args, val)
	}
	if id == nil {
		return fmt.Errorf("update %s: row has no id", table)
	}
	args = append(args, id)
	_, err := Exec(ctx, q, fmt.Sprintf("UPDATE %s SET %s WHERE id = ?", quoteTable(table), strings.Join(sets, ", ")), args...)
	return err
}

// quoteTable quotes the table names that are SQL keywords.
func quoteTable(table string) string {
	switch table {
	case "order", "user", "return":
		return `"` + table + `"`
	}
	return table
}

// Table returns the SQL name of a table, quoted when it is a keyword
// ("order", "user", "return").
func Table(table string) string { return quoteTable(table) }

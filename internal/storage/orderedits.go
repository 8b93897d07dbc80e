package storage

import (
	"context"

	"github.com/storegraph/storegraph/internal/model"
)

// OrderEditsByID reads order edits.
func OrderEditsByID(ctx context.Context, q Q, ids []string) (map[string]*model.OrderEdit, error) {
	return byID(ctx, q, "order_edit", ids, func(e *model.OrderEdit) string { return e.ID })
}

// OrderEditsByOrder reads the edits of orders, oldest first.
func OrderEditsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.OrderEdit, error) {
	return byKeys(ctx, q, `SELECT * FROM order_edit WHERE order_id IN (?) ORDER BY created_at, id`, orderIDs,
		func(e *model.OrderEdit) string { return e.OrderID })
}

// ActiveOrderEdit reads the edit of an order that is neither confirmed,
// declined nor canceled; nil when there is none.
func ActiveOrderEdit(ctx context.Context, q Q, orderID string) (*model.OrderEdit, error) {
	return one[model.OrderEdit](ctx, q, `SELECT * FROM order_edit WHERE order_id = ?
		AND confirmed_at IS NULL AND declined_at IS NULL AND canceled_at IS NULL ORDER BY created_at LIMIT 1`, orderID)
}

// LockOrderEdit reads an order edit and, on PostgreSQL, takes its row lock
// for the rest of the transaction. Nil when there is no such edit.
func LockOrderEdit(ctx context.Context, tx *Tx, id string) (*model.OrderEdit, error) {
	query := `SELECT * FROM order_edit WHERE id = ?`
	if tx.Dialect == Postgres {
		query += ` FOR UPDATE`
	}
	return one[model.OrderEdit](ctx, tx, query, id)
}

// LockOrder takes an order's row lock for the rest of the transaction on
// PostgreSQL (SQLite's writers are serialized already) and reports whether
// the order exists.
func LockOrder(ctx context.Context, tx *Tx, id string) (bool, error) {
	query := `SELECT id FROM "order" WHERE id = ?`
	if tx.Dialect == Postgres {
		query += ` FOR UPDATE`
	}
	var ids []string
	err := Select(ctx, tx, &ids, query, id)
	return len(ids) > 0, err
}

// ItemsByOrderEdit reads the line items of order edits in creation order
// (the clones of the order's items keep the originals' creation time).
func ItemsByOrderEdit(ctx context.Context, q Q, editIDs []string) (map[string][]ItemRow, error) {
	return joinedByKey(ctx, q, itemSelect+` WHERE li.order_edit_id IN (?) ORDER BY li.created_at, li.id`, editIDs,
		func(r *ItemRow) string { return *r.OrderEditID })
}

// ItemChangesByOrderEdit reads the live item changes of order edits in
// creation order.
func ItemChangesByOrderEdit(ctx context.Context, q Q, editIDs []string) (map[string][]model.OrderItemChange, error) {
	return byKeys(ctx, q, `SELECT * FROM order_item_change WHERE order_edit_id IN (?) AND deleted_at IS NULL
		ORDER BY created_at, id`, editIDs, func(c *model.OrderItemChange) string { return c.OrderEditID })
}

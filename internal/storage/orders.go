package storage

import (
	"context"

	"github.com/storegraph/storegraph/internal/model"
)

// NextDisplayID takes the next number of a display-id sequence: Medusa's
// own order_display_id_seq on PostgreSQL, storegraph_sequence on SQLite
// (which has no sequences; its writers are serialized anyway).
func NextDisplayID(ctx context.Context, tx *Tx, table string) (int64, error) {
	var n int64
	if tx.Dialect == Postgres {
		err := Get(ctx, tx, &n, `SELECT nextval('`+table+`_display_id_seq')`)
		return n, err
	}
	// Start above any display id already in the table (orders a Medusa
	// backend or a seed wrote).
	err := Get(ctx, tx, &n, `INSERT INTO storegraph_sequence (name, value)
		VALUES (?, (SELECT COALESCE(MAX(display_id), 0) + 1 FROM `+quoteTable(table)+`))
		ON CONFLICT (name) DO UPDATE SET value = storegraph_sequence.value + 1
		RETURNING value`, table)
	return n, err
}

// IdempotencyKeyByKey reads an idempotency key row; nil when there is none.
func IdempotencyKeyByKey(ctx context.Context, q Q, key string) (*model.IdempotencyKey, error) {
	return one[model.IdempotencyKey](ctx, q, `SELECT * FROM idempotency_key WHERE idempotency_key = ?`, key)
}

// LockIdempotencyKey reads an idempotency key row and, on PostgreSQL, locks
// it for the rest of the transaction, so one request at a time advances it.
func LockIdempotencyKey(ctx context.Context, tx *Tx, key string) (*model.IdempotencyKey, error) {
	query := `SELECT * FROM idempotency_key WHERE idempotency_key = ?`
	if tx.Dialect == Postgres {
		query += ` FOR UPDATE`
	}
	return one[model.IdempotencyKey](ctx, tx, query, key)
}

// OrderRow is an order with its one-to-one relations.
type OrderRow struct {
	model.Order
	Region          *model.Region       `join:"region"`
	Customer        *model.Customer     `join:"customer"`
	ShippingAddress *model.Address      `join:"shipping_address"`
	BillingAddress  *model.Address      `join:"billing_address"`
	SalesChannel    *model.SalesChannel `join:"sales_channel"`
}

var orderSelect = `SELECT o.*, ` + Cols("r", "region", model.Region{}) + `, ` +
	Cols("cu", "customer", model.Customer{}) + `, ` +
	Cols("sa", "shipping_address", model.Address{}) + `, ` +
	Cols("ba", "billing_address", model.Address{}) + `, ` +
	Cols("sc", "sales_channel", model.SalesChannel{}) + `
	FROM "order" o
	JOIN region r ON r.id = o.region_id
	LEFT JOIN customer cu ON cu.id = o.customer_id
	LEFT JOIN address sa ON sa.id = o.shipping_address_id
	LEFT JOIN address ba ON ba.id = o.billing_address_id
	LEFT JOIN sales_channel sc ON sc.id = o.sales_channel_id`

// OrdersByID reads orders with their region, customer, addresses and sales channel.
func OrdersByID(ctx context.Context, q Q, ids []string) (map[string]*OrderRow, error) {
	return ordersWhere(ctx, q, `o.id IN (?)`, ids, func(o *OrderRow) string { return o.ID })
}

// OrdersByCart reads the orders made from carts.
func OrdersByCart(ctx context.Context, q Q, cartIDs []string) (map[string]*OrderRow, error) {
	return ordersWhere(ctx, q, `o.cart_id IN (?)`, cartIDs, func(o *OrderRow) string { return *o.CartID })
}

func ordersWhere(ctx context.Context, q Q, cond string, keys []string, key func(*OrderRow) string) (map[string]*OrderRow, error) {
	var rows []OrderRow
	if err := SelectJoinedIn(ctx, q, &rows, orderSelect+` WHERE `+cond, keys); err != nil {
		return nil, err
	}
	return indexBy(rows, key), nil
}

// OrdersByDisplayID reads the orders with a display id and email.
func OrdersByDisplayID(ctx context.Context, q Q, displayID int64, email string) ([]OrderRow, error) {
	var rows []OrderRow
	err := SelectJoined(ctx, q, &rows, orderSelect+` WHERE o.display_id = ? AND o.email = ?`, displayID, email)
	return rows, err
}

// PaymentsByOrder reads the payments of orders.
func PaymentsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.Payment, error) {
	return byKeys(ctx, q, `SELECT * FROM payment WHERE order_id IN (?) ORDER BY created_at, id`, orderIDs,
		func(p *model.Payment) string { return *p.OrderID })
}

// ActivePaymentByCart reads a cart's payment that is not canceled.
func ActivePaymentByCart(ctx context.Context, q Q, cartID string) (*model.Payment, error) {
	return one[model.Payment](ctx, q, `SELECT * FROM payment WHERE cart_id = ? AND canceled_at IS NULL`, cartID)
}

// RefundsByOrder reads the refunds of orders.
func RefundsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.Refund, error) {
	return byKeys(ctx, q, `SELECT * FROM refund WHERE order_id IN (?) ORDER BY created_at, id`, orderIDs,
		func(r *model.Refund) string { return *r.OrderID })
}

// GiftCardTransactionsByOrder reads the gift card transactions of orders.
func GiftCardTransactionsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.GiftCardTransaction, error) {
	return byKeys(ctx, q, `SELECT * FROM gift_card_transaction WHERE order_id IN (?) ORDER BY created_at, id`, orderIDs,
		func(t *model.GiftCardTransaction) string { return t.OrderID })
}

// GiftCardsByID reads gift cards.
func GiftCardsByID(ctx context.Context, q Q, ids []string) (map[string]*model.GiftCard, error) {
	return byID(ctx, q, "gift_card", ids, func(g *model.GiftCard) string { return g.ID })
}

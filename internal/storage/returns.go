package storage

import (
	"context"

	"github.com/storegraph/storegraph/internal/model"
)

// ReturnsByID reads returns.
func ReturnsByID(ctx context.Context, q Q, ids []string) (map[string]*model.Return, error) {
	return byID(ctx, q, "return", ids, func(r *model.Return) string { return r.ID })
}

// ReturnsByOrder reads the returns of orders, oldest first.
func ReturnsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.Return, error) {
	return byKeys(ctx, q, `SELECT * FROM "return" WHERE order_id IN (?) ORDER BY created_at, id`, orderIDs,
		func(r *model.Return) string { return *r.OrderID })
}

// ReturnsBySwap reads the return of each swap.
func ReturnsBySwap(ctx context.Context, q Q, swapIDs []string) (map[string]*model.Return, error) {
	rows, err := byKeys(ctx, q, `SELECT * FROM "return" WHERE swap_id IN (?) ORDER BY created_at, id`, swapIDs,
		func(r *model.Return) string { return *r.SwapID })
	return first(rows), err
}

// ReturnByIdempotencyKey reads the return a request with the key created.
func ReturnByIdempotencyKey(ctx context.Context, q Q, key string) (*model.Return, error) {
	return one[model.Return](ctx, q, `SELECT * FROM "return" WHERE idempotency_key = ? ORDER BY created_at DESC, id DESC LIMIT 1`, key)
}

// ReturnItemsByReturn reads the items of returns.
func ReturnItemsByReturn(ctx context.Context, q Q, returnIDs []string) (map[string][]model.ReturnItem, error) {
	return byKeys(ctx, q, `SELECT ri.* FROM return_item ri JOIN line_item li ON li.id = ri.item_id
		WHERE ri.return_id IN (?) ORDER BY li.created_at, li.id`, returnIDs,
		func(r *model.ReturnItem) string { return r.ReturnID })
}

// MethodsByReturn reads the shipping method of each return.
func MethodsByReturn(ctx context.Context, q Q, returnIDs []string) (map[string]*MethodRow, error) {
	rows, err := joinedByKey(ctx, q, methodSelect+` WHERE sm.return_id IN (?) ORDER BY sm.id`, returnIDs,
		func(r *MethodRow) string { return *r.ReturnID })
	return first(rows), err
}

// MethodsBySwap reads the shipping methods of swaps.
func MethodsBySwap(ctx context.Context, q Q, swapIDs []string) (map[string][]MethodRow, error) {
	return joinedByKey(ctx, q, methodSelect+` WHERE sm.swap_id IN (?) ORDER BY sm.id`, swapIDs,
		func(r *MethodRow) string { return *r.SwapID })
}

// SwapsByID reads live swaps.
func SwapsByID(ctx context.Context, q Q, ids []string) (map[string]*model.Swap, error) {
	var rows []model.Swap
	if err := SelectIn(ctx, q, &rows, `SELECT * FROM swap WHERE id IN (?) AND deleted_at IS NULL`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *model.Swap) string { return r.ID }), nil
}

// SwapsByCart reads the live swap of each swap cart.
func SwapsByCart(ctx context.Context, q Q, cartIDs []string) (map[string]*model.Swap, error) {
	rows, err := byKeys(ctx, q, `SELECT * FROM swap WHERE cart_id IN (?) AND deleted_at IS NULL ORDER BY created_at, id`, cartIDs,
		func(s *model.Swap) string { return *s.CartID })
	return first(rows), err
}

// SwapsByOrder reads the live swaps of orders, oldest first.
func SwapsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.Swap, error) {
	return byKeys(ctx, q, `SELECT * FROM swap WHERE order_id IN (?) AND deleted_at IS NULL ORDER BY created_at, id`, orderIDs,
		func(s *model.Swap) string { return s.OrderID })
}

// SwapByIdempotencyKey reads the swap a request with the key created.
func SwapByIdempotencyKey(ctx context.Context, q Q, key string) (*model.Swap, error) {
	return one[model.Swap](ctx, q, `SELECT * FROM swap WHERE idempotency_key = ? AND deleted_at IS NULL
		ORDER BY created_at DESC, id DESC LIMIT 1`, key)
}

// LockSwap takes the swap's row lock for the rest of the transaction.
func LockSwap(ctx context.Context, tx *Tx, id string) error {
	if tx.Dialect != Postgres {
		return nil
	}
	_, err := Exec(ctx, tx, `SELECT id FROM swap WHERE id = ? FOR UPDATE`, id)
	return err
}

// ItemsBySwap reads the additional items of swaps.
func ItemsBySwap(ctx context.Context, q Q, swapIDs []string) (map[string][]ItemRow, error) {
	return joinedByKey(ctx, q, itemSelect+` WHERE li.swap_id IN (?) ORDER BY li.created_at, li.id`, swapIDs,
		func(r *ItemRow) string { return *r.SwapID })
}

// PaymentsBySwap reads the payment of each swap (what its cart paid).
func PaymentsBySwap(ctx context.Context, q Q, swapIDs []string) (map[string]*model.Payment, error) {
	rows, err := byKeys(ctx, q, `SELECT * FROM payment WHERE swap_id IN (?) ORDER BY created_at, id`, swapIDs,
		func(p *model.Payment) string { return *p.SwapID })
	return first(rows), err
}

// FulfillmentsByOrder reads the fulfillments of orders, oldest first.
func FulfillmentsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.Fulfillment, error) {
	return byKeys(ctx, q, `SELECT * FROM fulfillment WHERE order_id IN (?) ORDER BY created_at, id`, orderIDs,
		func(f *model.Fulfillment) string { return *f.OrderID })
}

// FulfillmentsBySwap reads the fulfillments of swaps, oldest first.
func FulfillmentsBySwap(ctx context.Context, q Q, swapIDs []string) (map[string][]model.Fulfillment, error) {
	return byKeys(ctx, q, `SELECT * FROM fulfillment WHERE swap_id IN (?) ORDER BY created_at, id`, swapIDs,
		func(f *model.Fulfillment) string { return *f.SwapID })
}

// FulfillmentItemsByFulfillment reads the items of fulfillments.
func FulfillmentItemsByFulfillment(ctx context.Context, q Q, fulfillmentIDs []string) (map[string][]model.FulfillmentItem, error) {
	return byKeys(ctx, q, `SELECT fi.* FROM fulfillment_item fi JOIN line_item li ON li.id = fi.item_id
		WHERE fi.fulfillment_id IN (?) ORDER BY li.created_at, li.id`, fulfillmentIDs,
		func(f *model.FulfillmentItem) string { return f.FulfillmentID })
}

// ReturnReasonsWithChildren reads live return reasons and reports which of
// them have live children (return reason categories).
func ReturnReasonsWithChildren(ctx context.Context, q Q, ids []string) (map[string]*model.ReturnReason, map[string]bool, error) {
	reasons, err := ReturnReasonsByID(ctx, q, ids)
	if err != nil {
		return nil, nil, err
	}
	children, err := ChildReturnReasons(ctx, q, ids)
	if err != nil {
		return nil, nil, err
	}
	hasChildren := make(map[string]bool, len(children))
	for id, cs := range children {
		hasChildren[id] = len(cs) > 0
	}
	return reasons, hasChildren, nil
}

// first keeps the first row of each key.
func first[T any](rows map[string][]T) map[string]*T {
	out := make(map[string]*T, len(rows))
	for k, rs := range rows {
		if len(rs) > 0 {
			out[k] = &rs[0]
		}
	}
	return out
}

// CanceledItems returns which of the line items belong to a canceled order,
// swap or claim.
func CanceledItems(ctx context.Context, q Q, itemIDs []string) (map[string]bool, error) {
	var rows []string
	if err := SelectIn(ctx, q, &rows, `SELECT li.id FROM line_item li
		LEFT JOIN "order" o ON o.id = li.order_id
		LEFT JOIN swap s ON s.id = li.swap_id
		LEFT JOIN claim_order c ON c.id = li.claim_order_id
		WHERE li.id IN (?) AND (o.canceled_at IS NOT NULL OR s.canceled_at IS NOT NULL OR c.canceled_at IS NOT NULL)`, itemIDs); err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(rows))
	for _, id := range rows {
		out[id] = true
	}
	return out, nil
}

package orders

import (
	"context"

	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Load reads an order's state with q (inside a mutation's transaction);
// nil when the order does not exist. StateOf reads the same through the
// request's loaders. The additional items of the order's swaps come with it
// (SwapItems): returns may take those back too.
func Load(ctx context.Context, q storage.Q, id string) (*State, error) {
	found, err := storage.OrdersByID(ctx, q, []string{id})
	if err != nil || found[id] == nil {
		return nil, err
	}
	st := &State{OrderRow: found[id]}
	keys := []string{id}
	items, err := storage.ItemsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Items = items[id]
	swaps, err := storage.SwapsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	if len(swaps[id]) > 0 {
		swapIDs := make([]string, len(swaps[id]))
		for i, sw := range swaps[id] {
			swapIDs[i] = sw.ID
		}
		bySwap, err := storage.ItemsBySwap(ctx, q, swapIDs)
		if err != nil {
			return nil, err
		}
		for _, sw := range swapIDs {
			st.SwapItems = append(st.SwapItems, bySwap[sw]...)
		}
	}
	all := append(append([]storage.ItemRow(nil), st.Items...), st.SwapItems...)
	if st.Adjustments, st.ItemLines, err = ItemDetails(ctx, q, all); err != nil {
		return nil, err
	}
	methods, err := storage.MethodsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Methods = methods[id]
	var methodIDs []string
	for _, m := range st.Methods {
		methodIDs = append(methodIDs, m.ID)
	}
	if st.MethodLines, err = storage.MethodTaxLinesByMethod(ctx, q, methodIDs); err != nil {
		return nil, err
	}
	discounts, err := storage.DiscountsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Discounts = discounts[id]
	cards, err := storage.GiftCardsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.GiftCards = cards[id]
	txns, err := storage.GiftCardTransactionsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Txns = txns[id]
	payments, err := storage.PaymentsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Payments = payments[id]
	refunds, err := storage.RefundsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Refunds = refunds[id]
	return st, nil
}

// ItemDetails reads the adjustments and persisted tax lines of line items.
func ItemDetails(ctx context.Context, q storage.Q, items []storage.ItemRow) (map[string][]model.LineItemAdjustment, map[string][]model.LineItemTaxLine, error) {
	adjs, lines := map[string][]model.LineItemAdjustment{}, map[string][]model.LineItemTaxLine{}
	if len(items) == 0 {
		return adjs, lines, nil
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	adjs, err := storage.AdjustmentsByItem(ctx, q, ids)
	if err != nil {
		return nil, nil, err
	}
	lines, err = storage.ItemTaxLinesByItem(ctx, q, ids)
	if err != nil {
		return nil, nil, err
	}
	return adjs, lines, nil
}

// WithItems is the order with other line items in place of its own (an
// order edit's), for the totals the order would have with them.
func (st *State) WithItems(items []storage.ItemRow, adjustments map[string][]model.LineItemAdjustment,
	lines map[string][]model.LineItemTaxLine) *State {
	out := *st
	out.Items, out.Adjustments, out.ItemLines = items, adjustments, lines
	return &out
}

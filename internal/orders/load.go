package orders

import (
	"context"

	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Load reads an order with its lines, their adjustments and tax lines, its
// shipping methods, discounts and payments in a transaction, for the
// mutations that work on an order; nil when there is no such order. The
// additional items of the order's swaps come with it (SwapItems): returns
// may take those back too.
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
	var itemIDs []string
	for _, it := range append(append([]storage.ItemRow(nil), st.Items...), st.SwapItems...) {
		itemIDs = append(itemIDs, it.ID)
	}
	st.Adjustments, st.ItemLines = map[string][]model.LineItemAdjustment{}, map[string][]model.LineItemTaxLine{}
	if len(itemIDs) > 0 {
		if st.Adjustments, err = storage.AdjustmentsByItem(ctx, q, itemIDs); err != nil {
			return nil, err
		}
		if st.ItemLines, err = storage.ItemTaxLinesByItem(ctx, q, itemIDs); err != nil {
			return nil, err
		}
	}
	methods, err := storage.MethodsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Methods = methods[id]
	discounts, err := storage.DiscountsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Discounts = discounts[id]
	payments, err := storage.PaymentsByOrder(ctx, q, keys)
	if err != nil {
		return nil, err
	}
	st.Payments = payments[id]
	return st, nil
}

package cart

import (
	"context"

	"github.com/storegraph/storegraph/internal/discounts"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// fullDiscounts converts discount rows with their conditions, regions and
// their parents' regions, for validation and adjustments.
func fullDiscounts(ctx context.Context, q storage.Q, rows []storage.DiscountRow) ([]discounts.Discount, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	var ruleIDs, discountIDs []string
	for _, d := range rows {
		if d.RuleID != nil {
			ruleIDs = append(ruleIDs, *d.RuleID)
		}
		discountIDs = append(discountIDs, d.ID)
		if d.ParentDiscountID != nil {
			discountIDs = append(discountIDs, *d.ParentDiscountID)
		}
	}
	conditions := map[string][]storage.Condition{}
	if len(ruleIDs) > 0 {
		var err error
		if conditions, err = storage.ConditionsByRule(ctx, q, ruleIDs); err != nil {
			return nil, err
		}
	}
	regions, err := storage.RegionsByDiscount(ctx, q, discountIDs)
	if err != nil {
		return nil, err
	}
	out := make([]discounts.Discount, len(rows))
	for i, d := range rows {
		var parentRegions []string
		if d.ParentDiscountID != nil {
			parentRegions = regions[*d.ParentDiscountID]
		}
		out[i] = toDiscount(d, conditions[deref(d.RuleID)], regions[d.ID], parentRegions)
	}
	return out, nil
}

// refreshAdjustments is CartService.refreshAdjustments_: the discount
// adjustments of the cart's non-return items are replaced by those its
// current discounts give (custom adjustments stay).
func (s *Service) refreshAdjustments(ctx context.Context, tx *storage.Tx, st *State) error {
	var itemIDs []string
	for _, it := range st.Items {
		if !it.IsReturn {
			itemIDs = append(itemIDs, it.ID)
		}
	}
	if len(itemIDs) == 0 {
		return nil
	}
	query, args, err := storage.In(tx, `DELETE FROM line_item_adjustment WHERE discount_id IS NOT NULL AND item_id IN (?)`, itemIDs)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, query, args...); err != nil {
		return err
	}
	cartDiscounts, err := fullDiscounts(ctx, tx, st.Discounts)
	if err != nil {
		return err
	}
	if _, ok := discounts.ItemDiscount(cartDiscounts); !ok {
		return nil
	}
	items, err := discountItems(ctx, tx, st)
	if err != nil {
		return err
	}
	for _, adj := range discounts.Adjustments(cartDiscounts, items) {
		discountID := adj.DiscountID
		row := model.LineItemAdjustment{
			ID: ids.New(ids.LineItemAdjustment), ItemID: adj.ItemID, Description: adj.Description,
			DiscountID: &discountID, Amount: adj.Amount, Metadata: model.JSON{},
		}
		if err := storage.Insert(ctx, tx, "line_item_adjustment", &row); err != nil {
			return err
		}
	}
	return nil
}

// discountItems describes the cart's items for the discount rules.
func discountItems(ctx context.Context, q storage.Q, st *State) ([]discounts.Item, error) {
	var productIDs []string
	for _, it := range st.Items {
		if it.Product != nil {
			productIDs = append(productIDs, it.Product.ID)
		}
	}
	tags := map[string][]string{}
	if len(productIDs) > 0 {
		var err error
		if tags, err = storage.TagIDsByProduct(ctx, q, productIDs); err != nil {
			return nil, err
		}
	}
	out := make([]discounts.Item, len(st.Items))
	for i, it := range st.Items {
		item := discounts.Item{
			ID: it.ID, UnitPrice: it.UnitPrice, Quantity: it.Quantity,
			AllowDiscounts: it.AllowDiscounts, IsReturn: it.IsReturn, IncludesTax: it.IncludesTax,
		}
		if it.IncludesTax {
			item.TaxExclusiveSubtotal = totals.LineItem{
				UnitPrice: it.UnitPrice, Quantity: it.Quantity, IncludesTax: true,
				TaxRates: totals.Rates(st.ItemTaxLines(it, true)),
			}.Totals().Subtotal
		}
		if p := it.Product; p != nil && it.VariantID != nil {
			item.Product = &discounts.Product{ID: p.ID, TypeID: deref(p.TypeID), CollectionID: deref(p.CollectionID), TagIDs: tags[p.ID]}
		}
		out[i] = item
	}
	return out, nil
}

// applyDiscounts replaces the cart's discounts by those of the codes, as
// Medusa's update does: unknown codes are NOT_FOUND, every discount is
// validated for the cart, every free-shipping discount and only the first
// other one are kept. Shipping prices follow free shipping; adjustments
// are refreshed (Medusa skips that when only free-shipping codes are given,
// which leaves stale adjustments that no total counts).
func (s *Service) applyDiscounts(ctx context.Context, tx *storage.Tx, st *State, codes []string) error {
	normalized := discounts.NormalizeCodes(codes)
	found, err := storage.DiscountsByCode(ctx, tx, normalized)
	if err != nil {
		return err
	}
	var rows []storage.DiscountRow
	seen := map[string]bool{}
	for _, code := range normalized {
		if d := found[code]; d != nil && !seen[code] {
			seen[code] = true
			rows = append(rows, *d)
		}
	}
	list, err := fullDiscounts(ctx, tx, rows)
	if err != nil {
		return err
	}
	ordered, err := discounts.ResolveCodes(codes, list)
	if err != nil {
		return err
	}
	cart := discounts.Cart{RegionID: st.RegionID, CustomerID: deref(st.CustomerID)}
	if cart.CustomerID != "" {
		groups, err := storage.GroupsByCustomer(ctx, tx, []string{cart.CustomerID})
		if err != nil {
			return err
		}
		cart.CustomerGroupIDs = groups[cart.CustomerID]
	}
	if err := discounts.ValidateAll(ordered, cart, tx.Now); err != nil {
		return err
	}
	hadFreeShipping := st.FreeShipping()
	kept := discounts.Keep(ordered)
	byID := map[string]storage.DiscountRow{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	st.Discounts = st.Discounts[:0]
	for _, d := range kept {
		st.Discounts = append(st.Discounts, byID[d.ID])
	}
	return s.saveDiscounts(ctx, tx, st, hadFreeShipping)
}

// saveDiscounts writes the cart's discount list, fixes shipping prices for
// free shipping, and refreshes the adjustments.
func (s *Service) saveDiscounts(ctx context.Context, tx *storage.Tx, st *State, hadFreeShipping bool) error {
	if err := writeDiscounts(ctx, tx, st); err != nil {
		return err
	}
	hasFreeShipping := st.FreeShipping()
	if hadFreeShipping && !hasFreeShipping {
		if err := restoreShippingPrices(ctx, tx, st); err != nil {
			return err
		}
	}
	if hasFreeShipping {
		if _, err := storage.Exec(ctx, tx, `UPDATE shipping_method SET price = 0 WHERE cart_id = ?`, st.ID); err != nil {
			return err
		}
	}
	return s.refreshAdjustments(ctx, tx, st)
}

// RemoveDiscount takes a discount code off the cart (DELETE
// /store/carts/{id}/discounts/{code}); the code must match exactly.
func (s *Service) RemoveDiscount(ctx context.Context, cartID, code string) error {
	return s.mutation(ctx, cartID, true, func(tx *storage.Tx, st *State) error {
		if st.FreeShipping() {
			// Medusa restores shipping prices whenever the cart had free
			// shipping; totals still zero them while a free-shipping
			// discount remains.
			if err := restoreShippingPrices(ctx, tx, st); err != nil {
				return err
			}
		}
		kept := st.Discounts[:0]
		for _, d := range st.Discounts {
			if d.Code != code {
				kept = append(kept, d)
			}
		}
		st.Discounts = kept
		if err := writeDiscounts(ctx, tx, st); err != nil {
			return err
		}
		return s.refreshAdjustments(ctx, tx, st)
	})
}

// writeDiscounts replaces the cart's cart_discounts rows with st.Discounts.
func writeDiscounts(ctx context.Context, tx *storage.Tx, st *State) error {
	if err := storage.DeleteWhere(ctx, tx, "cart_discounts", "cart_id", []string{st.ID}); err != nil {
		return err
	}
	for _, d := range st.Discounts {
		if _, err := storage.Exec(ctx, tx, `INSERT INTO cart_discounts (cart_id, discount_id) VALUES (?, ?)`, st.ID, d.ID); err != nil {
			return err
		}
	}
	return nil
}

// restoreShippingPrices puts back the prices free shipping zeroed: the
// option's amount.
func restoreShippingPrices(ctx context.Context, tx *storage.Tx, st *State) error {
	for _, m := range st.Methods {
		price := deref(m.Option.Amount)
		if _, err := storage.Exec(ctx, tx, `UPDATE shipping_method SET price = ? WHERE id = ?`, price, m.ID); err != nil {
			return err
		}
		m.Price = price
	}
	return nil
}

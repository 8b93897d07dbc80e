package cart

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// AddItem adds a variant to a cart (POST /store/carts/{id}/line-items),
// merging it into a line of the same variant and metadata.
func (s *Service) AddItem(ctx context.Context, caller Caller, cartID string, in ItemInput) error {
	if in.Quantity <= 0 {
		// Contract deviation 1: Medusa answers a database error here.
		return errs.InvalidDataf("quantity must be greater than 0")
	}
	return s.mutation(ctx, cartID, true, func(tx *storage.Tx, st *State) error {
		return s.addItems(ctx, tx, st, []ItemInput{in}, true)
	})
}

// addItems is LineItemService.generate followed by
// CartService.addOrUpdateLineItems with sales channel validation.
func (s *Service) addItems(ctx context.Context, tx *storage.Tx, st *State, items []ItemInput, single bool) error {
	variantIDs := make([]string, 0, len(items))
	for _, it := range items {
		if it.Quantity == 0 || it.VariantID == "" {
			return errs.InvalidDataf("Unable to generate the line item because one or more required argument(s) are missing. Ensure quantity, regionId, and variantId are passed")
		}
		if it.Quantity < 0 {
			return errs.InvalidDataf("quantity must be greater than 0")
		}
		variantIDs = append(variantIDs, it.VariantID)
	}
	variants, err := storage.VariantsWithProduct(ctx, tx, variantIDs)
	if err != nil {
		return err
	}
	var missing []string
	for _, id := range variantIDs {
		if variants[id] == nil {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return errs.InvalidDataf("Unable to generate the line items, some variant has not been found: %s", strings.Join(missing, ", "))
	}
	if err := s.checkChannel(ctx, tx, st, variants, variantIDs, single); err != nil {
		return err
	}

	// All the inputs are priced together, each at the quantity its line has
	// after it, as Medusa prices them one by one.
	steps, refusal := planItems(st, items, variants)
	reqs := make([]priceRequest, len(steps))
	for i, step := range steps {
		reqs[i] = priceRequest{step.variant, step.quantity}
	}
	prices, err := s.cartPrices(ctx, tx, st, reqs)
	if err != nil {
		return err
	}
	for i, step := range steps {
		price := prices[i]
		if !price.Found {
			return noPrice(step.variant)
		}
		line := step.line
		if !step.adds {
			line.Quantity, line.UnitPrice, line.IncludesTax = step.quantity, price.UnitPrice, price.IncludesTax
			line.UpdatedAt = tx.Now
			if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET quantity = ?, unit_price = ?, includes_tax = ?, updated_at = ? WHERE id = ?`,
				line.Quantity, line.UnitPrice, line.IncludesTax, tx.Now, line.ID); err != nil {
				return err
			}
			continue
		}
		v := step.variant
		line.ItemRow = storage.ItemRow{LineItem: newLineItem(tx, st.ID, v, step.quantity, price, step.metadata),
			Variant: &v.ProductVariant, Product: v.Product, ProfileID: v.ProfileID}
		if err := storage.Insert(ctx, tx, "line_item", &line.LineItem); err != nil {
			return err
		}
		st.Items = append(st.Items, line)
	}
	if refusal != nil {
		return refusal
	}
	return s.afterItemsChanged(ctx, tx, st)
}

// itemStep is one input of addItems: the line it merges into (one of the
// cart's, or one an earlier input adds) or, when adds, the line it adds,
// and the quantity that line has after it.
type itemStep struct {
	variant  *storage.VariantRow
	metadata model.JSON
	quantity int64
	line     *Item
	adds     bool
}

// planItems walks the inputs as addOrUpdateLineItems does: an input merges
// into a line of the same variant and metadata, the cart's or one an earlier
// input adds. It stops at the first input whose variant's inventory does not
// cover its line's quantity, and returns that refusal with the steps before
// it (Medusa refuses there, after handling those).
func planItems(st *State, items []ItemInput, variants map[string]*storage.VariantRow) ([]itemStep, error) {
	lines := &State{Items: slices.Clone(st.Items)}
	quantities := map[*Item]int64{}
	for _, it := range st.Items {
		quantities[it] = it.Quantity
	}
	steps := make([]itemStep, 0, len(items))
	for _, in := range items {
		v := variants[in.VariantID]
		step := itemStep{variant: v, metadata: itemMetadata(in), quantity: in.Quantity}
		if step.line = mergeTarget(lines, in.VariantID, step.metadata); step.line != nil {
			step.quantity += quantities[step.line]
		}
		if !inventoryCovers(&v.ProductVariant, step.quantity) {
			return steps, errs.InsufficientInventory(fmt.Sprintf("Variant with id: %s does not have the required inventory", v.ID))
		}
		if step.line == nil {
			// A stand-in that later inputs can merge into; the write fills it.
			variantID := in.VariantID
			step.line, step.adds = &Item{ItemRow: storage.ItemRow{LineItem: model.LineItem{
				VariantID: &variantID, ShouldMerge: true, Metadata: step.metadata}}}, true
			lines.Items = append(lines.Items, step.line)
		}
		quantities[step.line] = step.quantity
		steps = append(steps, step)
	}
	return steps, nil
}

// itemMetadata is the metadata of an input's line.
func itemMetadata(in ItemInput) model.JSON {
	if in.Metadata == nil {
		return model.JSON{}
	}
	return in.Metadata
}

// newLineItem is the line LineItemService.generate makes for a variant.
func newLineItem(tx *storage.Tx, cartID string, v *storage.VariantRow, quantity int64, price itemPrice, metadata model.JSON) model.LineItem {
	hasShipping := false
	return model.LineItem{
		ID:             ids.New(ids.LineItem),
		CartID:         &cartID,
		Title:          v.Product.Title,
		Description:    &v.Title,
		Thumbnail:      v.Product.Thumbnail,
		IsGiftcard:     v.Product.IsGiftcard,
		ShouldMerge:    true,
		AllowDiscounts: v.Product.Discountable,
		HasShipping:    &hasShipping,
		UnitPrice:      price.UnitPrice,
		VariantID:      &v.ID,
		Quantity:       quantity,
		Metadata:       metadata,
		IncludesTax:    price.IncludesTax,
		CreatedAt:      tx.Now,
		UpdatedAt:      tx.Now,
	}
}

// mergeTarget is the cart's line a new line of the variant merges into:
// one that merges and has deep-equal metadata.
func mergeTarget(st *State, variantID string, metadata model.JSON) *Item {
	for _, it := range st.Items {
		if it.VariantID != nil && *it.VariantID == variantID && it.ShouldMerge &&
			reflect.DeepEqual(normalizeJSON(it.Metadata), normalizeJSON(metadata)) {
			return it
		}
	}
	return nil
}

func normalizeJSON(j model.JSON) model.JSON {
	if j == nil {
		return model.JSON{}
	}
	return j
}

// inventoryCovers is confirmInventory without an inventory module.
func inventoryCovers(v *model.ProductVariant, quantity int64) bool {
	return v.AllowBackorder || !v.ManageInventory || v.InventoryQuantity >= quantity
}

// checkChannel refuses variants whose product is not in the cart's sales channel.
func (s *Service) checkChannel(ctx context.Context, q storage.Q, st *State, variants map[string]*storage.VariantRow, variantIDs []string, single bool) error {
	if st.SalesChannelID == nil {
		return nil
	}
	productIDs := make([]string, 0, len(variantIDs))
	for _, id := range variantIDs {
		productIDs = append(productIDs, variants[id].ProductID)
	}
	in, err := storage.ProductsInChannel(ctx, q, *st.SalesChannelID, productIDs)
	if err != nil {
		return err
	}
	var titles []string
	for _, id := range variantIDs {
		if p := variants[id].Product; !in[p.ID] {
			titles = append(titles, p.Title)
		}
	}
	if len(titles) == 0 {
		return nil
	}
	if single {
		return errs.InvalidDataf("The product %q must belongs to the sales channel on which the cart has been created.", titles[0])
	}
	return errs.InvalidDataf("The products [%s] must belongs to the sales channel on which the cart has been created.", strings.Join(titles, " - "))
}

// UpdateItemInput changes a line.
type UpdateItemInput struct {
	Quantity int64
	Metadata model.JSON
}

// UpdateItem changes a line's quantity and metadata (POST
// /store/carts/{id}/line-items/{line_id}); quantity 0 removes it.
func (s *Service) UpdateItem(ctx context.Context, cartID, lineID string, in UpdateItemInput) error {
	if in.Quantity < 0 {
		return errs.InvalidDataf("quantity must be greater than 0")
	}
	return s.mutation(ctx, cartID, true, func(tx *storage.Tx, st *State) error {
		if in.Quantity == 0 {
			return s.removeItem(ctx, tx, st, lineID)
		}
		var item *Item
		for _, it := range st.Items {
			if it.ID == lineID {
				item = it
			}
		}
		if item == nil {
			return errs.InvalidDataf("Could not find the line item")
		}
		if item.Variant != nil {
			if !inventoryCovers(item.Variant, in.Quantity) {
				return errs.InsufficientInventory("Inventory doesn't cover the desired quantity")
			}
			v := &storage.VariantRow{ProductVariant: *item.Variant, Product: item.Product, ProfileID: item.ProfileID}
			price, err := s.priceOne(ctx, tx, st, v, in.Quantity)
			if err != nil {
				return err
			}
			item.UnitPrice, item.IncludesTax = price.UnitPrice, price.IncludesTax
		}
		metadata := item.Metadata
		if in.Metadata != nil {
			metadata = item.Metadata.Merge(in.Metadata)
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET quantity = ?, unit_price = ?, includes_tax = ?, metadata = ?, updated_at = ? WHERE id = ?`,
			in.Quantity, item.UnitPrice, item.IncludesTax, metadata, tx.Now, item.ID); err != nil {
			return err
		}
		return s.afterItemsChanged(ctx, tx, st)
	})
}

// DeleteItem removes a line (DELETE /store/carts/{id}/line-items/{line_id});
// a line that is not in the cart is ignored.
func (s *Service) DeleteItem(ctx context.Context, cartID, lineID string) error {
	return s.mutation(ctx, cartID, true, func(tx *storage.Tx, st *State) error {
		return s.removeItem(ctx, tx, st, lineID)
	})
}

func (s *Service) removeItem(ctx context.Context, tx *storage.Tx, st *State, lineID string) error {
	found := false
	for _, it := range st.Items {
		if it.ID == lineID {
			found = true
		}
	}
	if !found {
		return nil
	}
	for _, table := range []string{"line_item_adjustment", "line_item_tax_line"} {
		if err := storage.DeleteWhere(ctx, tx, table, "item_id", []string{lineID}); err != nil {
			return err
		}
	}
	if err := storage.DeleteWhere(ctx, tx, "line_item", "id", []string{lineID}); err != nil {
		return err
	}
	return s.afterItemsChanged(ctx, tx, st)
}

// afterItemsChanged is what Medusa does whenever items change: every
// shipping method goes (the customer chooses again), no item has shipping,
// and the discount adjustments are computed anew.
func (s *Service) afterItemsChanged(ctx context.Context, tx *storage.Tx, st *State) error {
	cartID := st.ID
	if err := deleteShippingMethods(ctx, tx, cartID); err != nil {
		return err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET has_shipping = ? WHERE cart_id = ?`, false, cartID); err != nil {
		return err
	}
	// Without discounts (st's are current: item changes keep them, a region
	// change filters them in st), computing the adjustments anew only clears
	// the discount ones: no need to read the whole cart for that.
	if len(st.Discounts) == 0 {
		_, err := storage.Exec(ctx, tx, `DELETE FROM line_item_adjustment WHERE discount_id IS NOT NULL
			AND item_id IN (SELECT id FROM line_item WHERE cart_id = ? AND is_return = ?)`, cartID, false)
		return err
	}
	st, err := Load(ctx, tx, cartID)
	if err != nil {
		return err
	}
	return s.refreshAdjustments(ctx, tx, st)
}

// deleteShippingMethods removes all of a cart's shipping methods.
func deleteShippingMethods(ctx context.Context, tx *storage.Tx, cartID string) error {
	if _, err := storage.Exec(ctx, tx, `DELETE FROM shipping_method_tax_line WHERE shipping_method_id IN
		(SELECT id FROM shipping_method WHERE cart_id = ?)`, cartID); err != nil {
		return err
	}
	_, err := storage.Exec(ctx, tx, `DELETE FROM shipping_method WHERE cart_id = ?`, cartID)
	return err
}

package cart

import (
	"context"
	"strings"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// GenerateItems makes line items for variants in a region without storing
// them (LineItemService.generate with a region and no cart): priced for the
// region, merging, with empty metadata. Swaps generate their additional
// items this way.
func (s *Service) GenerateItems(ctx context.Context, tx *storage.Tx, region *model.Region, items []ItemInput) ([]model.LineItem, error) {
	variantIDs := make([]string, 0, len(items))
	for _, it := range items {
		if it.Quantity == 0 || it.VariantID == "" {
			return nil, errs.InvalidDataf("Unable to generate the line item because one or more required argument(s) are missing. Ensure quantity, regionId, and variantId are passed")
		}
		variantIDs = append(variantIDs, it.VariantID)
	}
	variants, err := storage.VariantsWithProduct(ctx, tx, variantIDs)
	if err != nil {
		return nil, err
	}
	var missing []string
	reqs := make([]priceRequest, 0, len(items))
	for _, it := range items {
		v := variants[it.VariantID]
		if v == nil {
			missing = append(missing, it.VariantID)
			continue
		}
		reqs = append(reqs, priceRequest{v, it.Quantity})
	}
	if len(missing) > 0 {
		return nil, errs.InvalidDataf("Unable to generate the line items, some variant has not been found: %s", strings.Join(missing, ", "))
	}
	prices, err := s.prices(ctx, tx, region, "", reqs)
	if err != nil {
		return nil, err
	}
	out := make([]model.LineItem, len(items))
	for i, it := range items {
		if !prices[i].Found {
			return nil, errs.InvalidDataf("Cannot generate line item for variant %q without a price", reqs[i].variant.Title)
		}
		metadata := it.Metadata
		if metadata == nil {
			metadata = model.JSON{}
		}
		out[i] = newLineItem(tx, "", reqs[i].variant, it.Quantity, prices[i], metadata)
		out[i].CartID, out[i].HasShipping = nil, nil
	}
	return out, nil
}

// SwapCart is what the cart of a swap is made of (SwapService.createCart).
type SwapCart struct {
	SwapID string
	Order  *storage.OrderRow
	// DiscountIDs are the order's discounts that are not free shipping.
	DiscountIDs []string
	// AdditionalItemIDs are the swap's new items, moved into the cart.
	AdditionalItemIDs []string
	// ReturnID is the swap's return, whose items come back as return lines.
	ReturnID string
	// ReturnShipping is the return's shipping method, charged as a line.
	ReturnShipping *storage.MethodRow
	// ReturnShippingTaxLines are the tax lines of the return's shipping.
	ReturnShippingTaxLines []model.ShippingMethodTaxLine
}

// CreateForSwap makes the cart a customer pays a swap's difference with:
// a cart of type swap for the order's region, customer and addresses, with
// the order's discounts (but free shipping), the swap's additional items
// (discounted as the cart's discounts give), a "Return shipping" line for
// the return's shipping, and a negative return line, with the original's
// tax lines and adjustments, for each returned item.
func (s *Service) CreateForSwap(ctx context.Context, tx *storage.Tx, in SwapCart) (string, error) {
	o := in.Order
	c := model.Cart{
		ID: ids.New(ids.Cart), RegionID: o.RegionID, Type: model.CartTypeSwap, CustomerID: &o.CustomerID,
		BillingAddressID: o.BillingAddressID, ShippingAddressID: o.ShippingAddressID,
		Metadata:  model.JSON{"swap_id": in.SwapID, "parent_order_id": o.ID},
		Context:   model.JSON{},
		CreatedAt: tx.Now, UpdatedAt: tx.Now,
	}
	email := o.Email
	if o.Customer != nil {
		email = o.Customer.Email
	}
	c.Email = &email
	channelID, err := s.createChannel(ctx, tx, Caller{}, nil)
	if err != nil {
		return "", err
	}
	c.SalesChannelID = channelID
	if c.ShippingAddressID == nil {
		countries, err := storage.CountriesByRegion(ctx, tx, []string{o.RegionID})
		if err != nil {
			return "", err
		}
		if inRegion := countries[o.RegionID]; len(inRegion) == 1 {
			code := inRegion[0].ISO2
			address := model.Address{ID: ids.New(ids.Address), CountryCode: &code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
			if err := storage.Insert(ctx, tx, "address", &address); err != nil {
				return "", err
			}
			c.ShippingAddressID = &address.ID
		}
	}
	if err := storage.Insert(ctx, tx, "cart", &c); err != nil {
		return "", err
	}
	if err := events.Emit(ctx, tx, events.CartCreated, c.ID, map[string]any{"id": c.ID}); err != nil {
		return "", err
	}
	for _, id := range in.DiscountIDs {
		if _, err := storage.Exec(ctx, tx, `INSERT INTO cart_discounts (cart_id, discount_id) VALUES (?, ?)`, c.ID, id); err != nil {
			return "", err
		}
	}
	if len(in.AdditionalItemIDs) > 0 {
		query, args, err := storage.In(tx, `UPDATE line_item SET cart_id = ?, updated_at = ? WHERE id IN (?)`, c.ID, tx.Now, in.AdditionalItemIDs)
		if err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return "", err
		}
		st, err := Load(ctx, tx, c.ID)
		if err != nil {
			return "", err
		}
		if err := s.refreshAdjustments(ctx, tx, st); err != nil {
			return "", err
		}
	}
	if m := in.ReturnShipping; m != nil {
		hasShipping := true
		line := model.LineItem{
			ID: ids.New(ids.LineItem), CartID: &c.ID, Title: "Return shipping", Quantity: 1, HasShipping: &hasShipping,
			UnitPrice: m.Price, IsReturn: true, ShouldMerge: true, CreatedAt: tx.Now, UpdatedAt: tx.Now,
		}
		if err := storage.Insert(ctx, tx, "line_item", &line); err != nil {
			return "", err
		}
		for _, tl := range in.ReturnShippingTaxLines {
			if err := insertItemTaxLine(ctx, tx, line.ID, tl.Rate, tl.Name, tl.Code, tl.Metadata); err != nil {
				return "", err
			}
		}
	}
	if err := createReturnLines(ctx, tx, c.ID, in.ReturnID); err != nil {
		return "", err
	}
	return c.ID, nil
}

// createReturnLines is LineItemService.createReturnLines: for each item of
// the return, a line with the returned quantity at the negated unit price,
// the original's tax lines, and its adjustments negated.
func createReturnLines(ctx context.Context, tx *storage.Tx, cartID, returnID string) error {
	returned, err := storage.ReturnItemsByReturn(ctx, tx, []string{returnID})
	if err != nil {
		return err
	}
	var itemIDs []string
	for _, ri := range returned[returnID] {
		itemIDs = append(itemIDs, ri.ItemID)
	}
	if len(itemIDs) == 0 {
		return nil
	}
	originals, err := storage.ItemsByID(ctx, tx, itemIDs)
	if err != nil {
		return err
	}
	lines, err := storage.ItemTaxLinesByItem(ctx, tx, itemIDs)
	if err != nil {
		return err
	}
	adjustments, err := storage.AdjustmentsByItem(ctx, tx, itemIDs)
	if err != nil {
		return err
	}
	for _, ri := range returned[returnID] {
		orig := originals[ri.ItemID]
		if orig == nil {
			continue
		}
		line := model.LineItem{
			ID: ids.New(ids.LineItem), CartID: &cartID, Thumbnail: orig.Thumbnail, IsReturn: true, Title: orig.Title,
			VariantID: orig.VariantID, UnitPrice: -orig.UnitPrice, Quantity: ri.Quantity, AllowDiscounts: orig.AllowDiscounts,
			IncludesTax: orig.IncludesTax, Metadata: orig.Metadata, ShouldMerge: true, CreatedAt: tx.Now, UpdatedAt: tx.Now,
		}
		if err := storage.Insert(ctx, tx, "line_item", &line); err != nil {
			return err
		}
		for _, tl := range lines[orig.ID] {
			if err := insertItemTaxLine(ctx, tx, line.ID, tl.Rate, tl.Name, tl.Code, tl.Metadata); err != nil {
				return err
			}
		}
		for _, a := range adjustments[orig.ID] {
			adj := model.LineItemAdjustment{
				ID: ids.New(ids.LineItemAdjustment), ItemID: line.ID, Description: a.Description, DiscountID: a.DiscountID,
				Amount: -a.Amount, Metadata: a.Metadata,
			}
			if err := storage.Insert(ctx, tx, "line_item_adjustment", &adj); err != nil {
				return err
			}
		}
	}
	return nil
}

func insertItemTaxLine(ctx context.Context, tx *storage.Tx, itemID string, rate model.Rate, name string, code *string, metadata model.JSON) error {
	row := model.LineItemTaxLine{
		ID: ids.New(ids.LineItemTaxLine), ItemID: itemID, Rate: rate, Name: name, Code: code, Metadata: metadata,
		CreatedAt: tx.Now, UpdatedAt: tx.Now,
	}
	return storage.Insert(ctx, tx, "line_item_tax_line", &row)
}

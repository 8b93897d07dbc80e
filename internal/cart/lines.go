package cart

import (
	"context"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// The cart's line item rules, for line items outside a cart (order edits).

// GenerateItem is LineItemService.generate for one variant in a region and
// for a customer: the line (no id of a cart, order or edit yet) priced at
// the quantity, and the variant with its product. Unlike a cart's lines it
// is not checked against inventory or sales channels.
func (s *Service) GenerateItem(ctx context.Context, tx *storage.Tx, region *model.Region, customerID, variantID string,
	quantity int64, metadata model.JSON) (model.LineItem, *storage.VariantRow, error) {
	if quantity == 0 || variantID == "" {
		return model.LineItem{}, nil, errs.InvalidDataf("Unable to generate the line item because one or more required argument(s) are missing. Ensure quantity, regionId, and variantId are passed")
	}
	if quantity < 0 {
		return model.LineItem{}, nil, errs.InvalidDataf("quantity must be greater than 0")
	}
	variants, err := storage.VariantsWithProduct(ctx, tx, []string{variantID})
	if err != nil {
		return model.LineItem{}, nil, err
	}
	v := variants[variantID]
	if v == nil {
		return model.LineItem{}, nil, errs.InvalidDataf("Unable to generate the line items, some variant has not been found: %s", variantID)
	}
	prices, err := s.prices(ctx, tx, region, customerID, []priceRequest{{v, quantity}})
	if err != nil {
		return model.LineItem{}, nil, err
	}
	if !prices[0].Found {
		return model.LineItem{}, nil, errs.InvalidDataf("Cannot generate line item for variant %q without a price", v.Title)
	}
	if metadata == nil {
		metadata = model.JSON{}
	}
	item := newLineItem(tx, "", v, quantity, prices[0], metadata)
	item.CartID, item.HasShipping = nil, nil
	return item, v, nil
}

// RefreshAdjustments replaces the discount adjustments of the state's items
// by those its discounts give; st need not be a stored cart (an order
// edit's items with the order's discounts, region and tax rates).
func (s *Service) RefreshAdjustments(ctx context.Context, tx *storage.Tx, st *State) error {
	return s.refreshAdjustments(ctx, tx, st)
}

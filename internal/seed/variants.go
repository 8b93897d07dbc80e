package seed

import (
	"strings"

	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

// variant creates a variant as ProductVariantService.create does: one value
// per product option, matched by position; no two variants with the same
// values; rank in file order; then its prices. combos maps the option values
// of the product's earlier variants to their titles.
func (l *loader) variant(a at, productID string, optionIDs []string, combos map[string]string, rank int, in variantInput) error {
	if in.Title == "" {
		return a.key("title").invalid("title is required")
	}
	if len(in.Options) != len(optionIDs) {
		return a.key("options").invalid("Product options length does not match variant options length. Product has %d and variant has %d.",
			len(optionIDs), len(in.Options))
	}
	values := make([]string, len(in.Options))
	for i, o := range in.Options {
		values[i] = o.Value
	}
	combo := strings.Join(values, "\x00")
	if title, dup := combos[combo]; dup {
		return a.key("options").duplicate("Variant with title %s with provided options already exists", title)
	}
	combos[combo] = in.Title
	if err := l.uniqueCodes(a, in); err != nil {
		return err
	}
	id, err := l.newID(a, "product_variant", "Product variant", in.ID, ids.ProductVariant)
	if err != nil {
		return err
	}
	variantRank := int64(rank)
	if in.VariantRank != nil {
		variantRank = *in.VariantRank
	}
	if err := l.insert(a, "product_variant", &model.ProductVariant{
		ID: id, Title: in.Title, ProductID: productID, SKU: in.SKU, Barcode: in.Barcode, EAN: in.EAN, UPC: in.UPC,
		InventoryQuantity: in.InventoryQuantity, AllowBackorder: in.AllowBackorder,
		ManageInventory: boolOr(in.ManageInventory, true), HsCode: in.HsCode, OriginCountry: in.OriginCountry,
		MidCode: in.MidCode, Material: in.Material, Weight: in.Weight, Length: in.Length, Height: in.Height,
		Width: in.Width, Metadata: in.Metadata, VariantRank: &variantRank, CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	for i, v := range values {
		if err := l.insert(a, "product_option_value", &model.ProductOptionValue{
			ID: ids.New(ids.ProductOptionValue), Value: v, OptionID: optionIDs[i], VariantID: id,
			CreatedAt: l.now, UpdatedAt: l.now,
		}); err != nil {
			return err
		}
	}
	for k, p := range in.Prices {
		pa := a.child("prices", k, p.CurrencyCode+p.RegionID)
		if p.VariantID != "" {
			return pa.key("variant_id").invalid("a variant's price belongs to that variant; variant_id is for price lists")
		}
		if err := l.moneyAmount(pa, id, p, nil); err != nil {
			return err
		}
	}
	return nil
}

// uniqueCodes checks the codes that are unique among live variants.
func (l *loader) uniqueCodes(a at, in variantInput) error {
	codes := []struct {
		column string
		value  *string
	}{{"sku", in.SKU}, {"barcode", in.Barcode}, {"ean", in.EAN}, {"upc", in.UPC}}
	for _, c := range codes {
		if c.value == nil {
			continue
		}
		taken, err := l.exists(a, "SELECT id FROM product_variant WHERE "+c.column+" = ? AND deleted_at IS NULL", *c.value)
		if err != nil {
			return err
		}
		if taken {
			return a.key(c.column).duplicate("Product variant with %s %s already exists.", c.column, *c.value)
		}
	}
	return nil
}

// moneyAmount writes a price of a variant (of a price list when
// priceListID is set): in a region's currency for a region price, else in
// the currency given, which the store must have.
func (l *loader) moneyAmount(a at, variantID string, p priceInput, priceListID *string) error {
	currency := strings.ToLower(p.CurrencyCode)
	var regionID *string
	if p.RegionID != "" {
		region, err := l.findRegion(a.key("region_id"), p.RegionID)
		if err != nil {
			return err
		}
		if currency != "" && currency != region.CurrencyCode {
			return a.key("currency_code").invalid("currency_code %s differs from the currency of region %s (%s)",
				currency, region.ID, region.CurrencyCode)
		}
		currency, regionID = region.CurrencyCode, &region.ID
	}
	if currency == "" {
		return a.invalid("a price needs a currency_code or a region_id")
	}
	if err := l.checkCurrency(a.key("currency_code"), currency); err != nil {
		return err
	}
	if p.MinQuantity != nil && p.MaxQuantity != nil && *p.MaxQuantity < *p.MinQuantity {
		return a.invalid("max_quantity %d is below min_quantity %d", *p.MaxQuantity, *p.MinQuantity)
	}
	ma := model.MoneyAmount{
		ID: ids.New(ids.MoneyAmount), CurrencyCode: currency, Amount: p.Amount, RegionID: regionID,
		MinQuantity: p.MinQuantity, MaxQuantity: p.MaxQuantity, PriceListID: priceListID,
		CreatedAt: l.now, UpdatedAt: l.now,
	}
	if err := l.insert(a, "money_amount", &ma); err != nil {
		return err
	}
	return l.link(a, "product_variant_money_amount", "id, money_amount_id, variant_id, created_at, updated_at",
		ids.New(ids.ProductVariantMoneyAmount), ma.ID, variantID, l.now, l.now)
}

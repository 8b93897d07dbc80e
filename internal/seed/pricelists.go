package seed

import (
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadPriceLists(lists []priceListInput) error {
	for i, pl := range lists {
		if err := l.priceList(entry("price_lists", i, pl.Name), pl); err != nil {
			return err
		}
	}
	return nil
}

// priceList creates a price list (type sale and status draft unless given,
// the columns' defaults), its customer groups and its prices.
func (l *loader) priceList(a at, in priceListInput) error {
	if in.Name == "" {
		return a.key("name").invalid("name is required")
	}
	typ := model.PriceListTypeSale
	if in.Type != "" {
		typ = model.PriceListType(in.Type)
	}
	if typ != model.PriceListTypeSale && typ != model.PriceListTypeOverride {
		return a.key("type").invalid("type must be sale or override, not %q", in.Type)
	}
	status := model.PriceListStatusDraft
	if in.Status != "" {
		status = model.PriceListStatus(in.Status)
	}
	if status != model.PriceListStatusActive && status != model.PriceListStatusDraft {
		return a.key("status").invalid("status must be active or draft, not %q", in.Status)
	}
	for i, g := range in.CustomerGroups {
		if err := l.customerGroupExists(a.key("customer_groups").index(i, g), g); err != nil {
			return err
		}
	}
	id, err := l.newID(a, "price_list", "Price list", in.ID, ids.PriceList)
	if err != nil {
		return err
	}
	if err := l.insert(a, "price_list", &model.PriceList{
		ID: id, Name: in.Name, Description: in.Description, Type: typ, Status: status,
		StartsAt: in.StartsAt.ptr(), EndsAt: in.EndsAt.ptr(), IncludesTax: in.IncludesTax,
		CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	for _, g := range dedupe(in.CustomerGroups) {
		if err := l.link(a, "price_list_customer_groups", "price_list_id, customer_group_id", id, g); err != nil {
			return err
		}
	}
	for k, p := range in.Prices {
		pa := a.child("prices", k, p.VariantID)
		if err := l.variantExists(pa.key("variant_id"), p.VariantID); err != nil {
			return err
		}
		if err := l.moneyAmount(pa, p.VariantID, p, &id); err != nil {
			return err
		}
	}
	return nil
}

// variantExists checks a reference to a live variant.
func (l *loader) variantExists(a at, id string) error {
	if id == "" {
		return a.invalid("variant_id is required")
	}
	ok, err := l.exists(a, "SELECT id FROM product_variant WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return err
	}
	if !ok {
		return a.notFound("Variant with id: %s was not found", id)
	}
	return nil
}

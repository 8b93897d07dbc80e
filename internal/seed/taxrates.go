package seed

import (
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadTaxRates(rates []taxRateInput) error {
	for i, r := range rates {
		if err := l.taxRate(entry("tax_rates", i, r.Name), r); err != nil {
			return err
		}
	}
	return nil
}

// taxRate creates a region's tax rate and the products, product types and
// shipping options it applies to.
func (l *loader) taxRate(a at, in taxRateInput) error {
	if in.Name == "" {
		return a.key("name").invalid("name is required")
	}
	region, err := l.findRegion(a.key("region_id"), in.RegionID)
	if err != nil {
		return err
	}
	products, err := l.resolveAll(a.key("products"), in.Products, l.productID)
	if err != nil {
		return err
	}
	types, err := l.resolveAll(a.key("product_types"), in.ProductTypes, l.productTypeID)
	if err != nil {
		return err
	}
	id, err := l.newID(a, "tax_rate", "Tax rate", in.ID, ids.TaxRate)
	if err != nil {
		return err
	}
	options, err := l.resolveAll(a.key("shipping_options"), in.ShippingOptions, func(oa at, ref string) (string, error) {
		return l.shippingOptionInRegion(oa, ref, id, region.ID)
	})
	if err != nil {
		return err
	}
	if err := l.insert(a, "tax_rate", &model.TaxRate{
		ID: id, Rate: (*model.Rate)(in.Rate), Code: in.Code, Name: in.Name, RegionID: region.ID, Metadata: in.Metadata,
		CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	links := []struct {
		table, column string
		ids           []string
	}{
		{"product_tax_rate", "product_id", products},
		{"product_type_tax_rate", "product_type_id", types},
		{"shipping_tax_rate", "shipping_option_id", options},
	}
	for _, lk := range links {
		for _, ref := range lk.ids {
			if err := l.link(a, lk.table, lk.column+", rate_id, created_at, updated_at", ref, id, l.now, l.now); err != nil {
				return err
			}
		}
	}
	return nil
}

// resolveAll resolves each reference of a list, dropping repeats.
func (l *loader) resolveAll(a at, refs []string, resolve func(at, string) (string, error)) ([]string, error) {
	var out []string
	for i, ref := range refs {
		id, err := resolve(a.index(i, ref), ref)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return dedupe(out), nil
}

// productID resolves a reference to a live product.
func (l *loader) productID(a at, id string) (string, error) {
	ok, err := l.exists(a, "SELECT id FROM product WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", a.notFound("Product with id: %s was not found", id)
	}
	return id, nil
}

// productTypeID resolves a product type given by id or by value.
func (l *loader) productTypeID(a at, ref string) (string, error) {
	return l.idOrValue(a, "product_type", "Product type", ref)
}

// productTagID resolves a product tag given by id or by value.
func (l *loader) productTagID(a at, ref string) (string, error) {
	return l.idOrValue(a, "product_tag", "Product tag", ref)
}

func (l *loader) idOrValue(a at, table, what, ref string) (string, error) {
	var id string
	found, err := l.lookup(a, &id, "SELECT id FROM "+table+
		" WHERE (id = ? OR value = ?) AND deleted_at IS NULL ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END, created_at LIMIT 1",
		ref, ref, ref)
	if err != nil {
		return "", err
	}
	if !found {
		return "", a.notFound("%s with id or value %s was not found", what, ref)
	}
	return id, nil
}

// shippingOptionInRegion resolves a shipping option for a tax rate; Medusa
// only associates the two within one region.
func (l *loader) shippingOptionInRegion(a at, id, rateID, regionID string) (string, error) {
	var optionRegion string
	found, err := l.lookup(a, &optionRegion, "SELECT region_id FROM shipping_option WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return "", err
	}
	if !found {
		return "", a.notFound("Shipping option with id: %s was not found", id)
	}
	if optionRegion != regionID {
		return "", a.invalid("Shipping Option and Tax Rate must belong to the same Region to be associated. "+
			"Shipping Option with id: %s belongs to Region with id: %s and Tax Rate with id: %s belongs to Region with id: %s",
			id, optionRegion, rateID, regionID)
	}
	return id, nil
}

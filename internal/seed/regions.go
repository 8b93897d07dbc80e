package seed

import (
	"strings"

	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Region ids are kept as given, also Medusa's aliases that do not start with
// reg_ ("test-region-eu"): Medusa swaps an alias for a new id and rewrites
// the shipping options' region_id; keeping it makes every reference in the
// file (prices, tax rates, discounts, carts) work without that rewriting.

func (l *loader) loadRegions(regions []regionInput) error {
	for i, r := range regions {
		if err := l.region(entry("regions", i, r.Name), r); err != nil {
			return err
		}
	}
	return nil
}

// region creates a region as RegionService.create does, validating in its
// order: tax rate, countries, payment and fulfillment providers, currency.
func (l *loader) region(a at, in regionInput) error {
	if in.Name == "" {
		return a.key("name").invalid("name is required")
	}
	if in.TaxRate > 100 || in.TaxRate < 0 {
		return a.key("tax_rate").invalid("The tax_rate must be between 0 and 1")
	}
	countries := dedupe(lower(in.Countries))
	for _, c := range countries {
		if err := l.countryIsFree(a.key("countries"), c); err != nil {
			return err
		}
	}
	payment := dedupe(in.PaymentProviders)
	for _, p := range payment {
		if err := l.providerInstalled(a.key("payment_providers"), "payment_provider", p); err != nil {
			return err
		}
	}
	fulfillment := dedupe(in.FulfillmentProviders)
	for _, p := range fulfillment {
		if err := l.providerInstalled(a.key("fulfillment_providers"), "fulfillment_provider", p); err != nil {
			return err
		}
	}
	currency := strings.ToLower(in.CurrencyCode)
	if err := l.checkCurrency(a.key("currency_code"), currency); err != nil {
		return err
	}
	id, err := l.newID(a, "region", "Region", in.ID, ids.Region)
	if err != nil {
		return err
	}
	if err := l.insert(a, "region", &model.Region{
		ID: id, Name: in.Name, CurrencyCode: currency, TaxRate: model.Rate(in.TaxRate), TaxCode: in.TaxCode,
		Metadata: in.Metadata, GiftCardsTaxable: boolOr(in.GiftCardsTaxable, true),
		AutomaticTaxes: boolOr(in.AutomaticTaxes, true), IncludesTax: in.IncludesTax,
		CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	for _, p := range payment {
		if err := l.link(a, "region_payment_providers", "region_id, provider_id", id, p); err != nil {
			return err
		}
	}
	for _, p := range fulfillment {
		if err := l.link(a, "region_fulfillment_providers", "region_id, provider_id", id, p); err != nil {
			return err
		}
	}
	for _, c := range countries {
		if _, err := storage.Exec(l.ctx, l.tx, "UPDATE country SET region_id = ? WHERE iso_2 = ?", id, c); err != nil {
			return a.wrap(err)
		}
	}
	return nil
}

// countryIsFree is RegionService.validateCountry for a new region.
func (l *loader) countryIsFree(a at, code string) error {
	var c struct {
		DisplayName string  `db:"display_name"`
		RegionID    *string `db:"region_id"`
	}
	found, err := l.lookup(a, &c, "SELECT display_name, region_id FROM country WHERE iso_2 = ?", code)
	if err != nil {
		return err
	}
	if !found {
		return a.invalid("Invalid country code: %s", code)
	}
	if c.RegionID != nil {
		return a.duplicate("%s already exists in region %s", c.DisplayName, *c.RegionID)
	}
	return nil
}

// providerInstalled checks that the server registered the provider
// (EnsureStore marked it installed).
func (l *loader) providerInstalled(a at, table, id string) error {
	ok, err := l.exists(a, "SELECT id FROM "+table+" WHERE id = ? AND is_installed = ?", id, true)
	if err != nil {
		return err
	}
	if ok {
		return nil
	}
	if table == "payment_provider" {
		return a.invalid("Payment provider not found: %s is not registered in this server", id)
	}
	return a.invalid("Fulfillment provider not found: %s is not registered in this server", id)
}

// regionRow is what references to a region need of it.
type regionRow struct {
	ID               string     `db:"id"`
	CurrencyCode     string     `db:"currency_code"`
	TaxRate          model.Rate `db:"tax_rate"`
	GiftCardsTaxable bool       `db:"gift_cards_taxable"`
}

// findRegion resolves a reference to a live region, with Medusa's message
// when there is none.
func (l *loader) findRegion(a at, id string) (regionRow, error) {
	var r regionRow
	if id == "" {
		return r, a.invalid("region_id is required")
	}
	found, err := l.lookup(a, &r, `SELECT id, currency_code, tax_rate, gift_cards_taxable
		FROM region WHERE id = ? AND deleted_at IS NULL`, id)
	if err != nil {
		return r, err
	}
	if !found {
		return r, a.notFound("Region with %s was not found", id)
	}
	return r, nil
}

func (l *loader) loadShippingOptions(options []shippingOption) error {
	for i, o := range options {
		if err := l.shippingOption(entry("shipping_options", i, o.Name), o); err != nil {
			return err
		}
	}
	return nil
}

// shippingOption creates an option as ShippingOptionService.create does; the
// seed puts it in the default profile, or the gift card profile for
// is_giftcard.
func (l *loader) shippingOption(a at, in shippingOption) error {
	if in.Name == "" {
		return a.key("name").invalid("name is required")
	}
	amount, err := shippingAmount(a, in)
	if err != nil {
		return err
	}
	region, err := l.findRegion(a.key("region_id"), in.RegionID)
	if err != nil {
		return err
	}
	offered, err := l.exists(a, "SELECT region_id FROM region_fulfillment_providers WHERE region_id = ? AND provider_id = ?",
		region.ID, in.ProviderID)
	if err != nil {
		return err
	}
	if !offered {
		return a.key("provider_id").invalid("The fulfillment provider is not available in the provided region")
	}
	if err := checkRequirements(a, in.Requirements); err != nil {
		return err
	}
	id, err := l.newID(a, "shipping_option", "Shipping option", in.ID, ids.ShippingOption)
	if err != nil {
		return err
	}
	profile := l.store.defaultProfile
	if in.IsGiftcard {
		profile = l.store.giftCardProfile
	}
	data := in.Data
	if data == nil {
		data = model.JSON{} // the column is NOT NULL
	}
	if err := l.insert(a, "shipping_option", &model.ShippingOption{
		ID: id, Name: in.Name, RegionID: region.ID, ProfileID: profile, ProviderID: in.ProviderID,
		PriceType: model.ShippingOptionPriceType(in.PriceType), Amount: amount, IsReturn: in.IsReturn,
		Data: data, Metadata: in.Metadata, AdminOnly: in.AdminOnly, IncludesTax: in.IncludesTax,
		CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	for _, r := range in.Requirements {
		if err := l.insert(a, "shipping_option_requirement", &model.ShippingOptionRequirement{
			ID: ids.New(ids.ShippingOptionRequirement), ShippingOptionID: id,
			Type: model.RequirementType(r.Type), Amount: r.Amount,
		}); err != nil {
			return err
		}
	}
	return nil
}

// shippingAmount is ShippingOptionService.validateAndMutatePrice.
func shippingAmount(a at, in shippingOption) (*int64, error) {
	switch model.ShippingOptionPriceType(in.PriceType) {
	case model.ShippingOptionPriceTypeFlatRate:
		if in.Amount == nil || *in.Amount < 0 {
			return nil, a.key("amount").invalid("Shipping options of type `flat_rate` must have an `amount`")
		}
		return in.Amount, nil
	case model.ShippingOptionPriceTypeCalculated:
		if in.ProviderID == "manual" { // the manual provider cannot calculate
			return nil, a.key("price_type").invalid("The fulfillment provider cannot calculate prices for this option")
		}
		return nil, nil
	}
	return nil, a.key("price_type").invalid("The price must be of type flat_rate or calculated")
}

// checkRequirements is ShippingOptionService.create's requirement check.
func checkRequirements(a at, reqs []requirement) error {
	seen := map[string]int64{}
	for i, r := range reqs {
		ra := a.child("requirements", i, r.Type)
		switch model.RequirementType(r.Type) {
		case model.RequirementTypeMinSubtotal, model.RequirementTypeMaxSubtotal:
		default:
			return ra.key("type").invalid("Requirement type must be one of min_subtotal, max_subtotal")
		}
		if _, dup := seen[r.Type]; dup {
			return ra.invalid("Only one requirement of each type is allowed")
		}
		seen[r.Type] = r.Amount
	}
	minimum, hasMin := seen["min_subtotal"]
	maximum, hasMax := seen["max_subtotal"]
	if hasMin && hasMax && maximum < minimum {
		return a.key("requirements").invalid("Max. subtotal must be greater than Min. subtotal")
	}
	return nil
}

func lower(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	return out
}

package seed_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// product is a valid product for the demo's store, with its first variant's
// option values and prices left to the case.
func product(handle, variantOptions, prices string) string {
	return `{"title": "Test ` + handle + `", "handle": "` + handle + `",
		"options": [{"title": "Size"}, {"title": "Color"}],
		"variants": [{"title": "One", "options": ` + variantOptions + `, "prices": ` + prices + `}]}`
}

// Every bad file fails with a message naming the entity and the rule, and
// leaves the database exactly as it was: the cases run one after another
// on a database holding the demo data.
func TestLoadErrors(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	mustLoad(t, db, seed.Demo())

	okProduct := product("ok", `[{"value": "S"}, {"value": "Red"}]`, `[{"currency_code": "eur", "amount": 100}]`)
	newRegion := func(fields string) string {
		return `{"regions": [{"id": "reg_new", "name": "New", "currency_code": "eur", "tax_rate": 0,
			"payment_providers": ["manual"], "fulfillment_providers": ["manual"], "countries": ["nl"]` + fields + `}]}`
	}
	cases := []struct {
		name  string
		file  string
		opts  seed.Options
		kind  errs.Kind
		parts []string
	}{
		{"UnknownKeyWithPath",
			`{"products": [` + okProduct + `, ` + okProduct + `, {"title": "Typo", "varaints": []}]}`,
			seed.Options{}, errs.InvalidData, []string{`unknown key "varaints" at products[2].varaints`}},
		{"UnknownTopLevelKey", `{"product": []}`,
			seed.Options{}, errs.InvalidData, []string{`unknown key "product" at product`}},
		{"WrongType", `{"products": [{"title": "Mug", "variants": [{"title": "One", "inventory_quantity": "many"}]}]}`,
			seed.Options{}, errs.InvalidData, []string{"products[0].variants[0].inventory_quantity: expected an integer, got a string"}},
		{"NotJSON", `{"regions": [}`,
			seed.Options{}, errs.InvalidData, []string{"invalid JSON at line 1, column 14"}},
		{"BadDate", `{"discounts": [{"code": "X", "ends_at": "tomorrow", "regions": ["reg_demo_eu"], "rule": {"type": "fixed", "value": 1}}]}`,
			seed.Options{}, errs.InvalidData, []string{"discounts[0].ends_at", `"tomorrow" is not a date`}},
		{"BadCollectionReference",
			`{"products": [{"title": "Orphan", "collection_id": "pcol_missing", "options": [], "variants": []}]}`,
			seed.Options{}, errs.NotFound, []string{`products[0] ("Orphan").collection_id`, "Product collection with id: pcol_missing was not found"}},
		{"BadRegionReference",
			`{"shipping_options": [{"name": "Nowhere", "region_id": "reg_missing", "provider_id": "manual", "price_type": "flat_rate", "amount": 1}]}`,
			seed.Options{}, errs.NotFound, []string{`shipping_options[0] ("Nowhere").region_id`, "Region with reg_missing was not found"}},
		{"BadVariantReferenceInPriceList",
			`{"price_lists": [{"name": "Sale", "prices": [{"variant_id": "variant_missing", "currency_code": "eur", "amount": 1}]}]}`,
			seed.Options{}, errs.NotFound, []string{`price_lists[0] ("Sale").prices[0]`, "Variant with id: variant_missing was not found"}},
		{"BadCategoryReference",
			`{"products": [{"title": "Lost", "categories": ["tops", "no-such-category"], "options": [], "variants": []}]}`,
			seed.Options{}, errs.NotFound, []string{`products[0] ("Lost").categories[1]`, "no-such-category"}},
		{"DuplicateRegionID", `{"regions": [{"id": "reg_demo_eu", "name": "Again", "currency_code": "eur", "tax_rate": 0}]}`,
			seed.Options{}, errs.Duplicate, []string{`regions[0] ("Again")`, "Region with id reg_demo_eu already exists."}},
		{"DuplicateIDWithinFile",
			`{"customer_groups": [{"id": "cgrp_a", "name": "A"}, {"id": "cgrp_a", "name": "B"}]}`,
			seed.Options{}, errs.Duplicate, []string{`customer_groups[1] ("B")`, "Customer group with id cgrp_a already exists."}},
		{"DuplicateDiscountCode",
			`{"discounts": [{"code": "welcome10", "regions": ["reg_demo_na"], "rule": {"type": "percentage", "value": 5}}]}`,
			seed.Options{}, errs.Duplicate, []string{`discounts[0] ("welcome10").code`, "Discount with code WELCOME10 already exists."}},
		{"DuplicateGiftCardCode",
			`{"gift_cards": [{"code": "DEMO-GIFT-CARD-0050", "value": 100, "region_id": "reg_demo_na"}]}`,
			seed.Options{}, errs.Duplicate, []string{`gift_cards[0]`, "Gift card with code DEMO-GIFT-CARD-0050 already exists."}},
		{"DuplicateHandle", `{"products": [` + product("t-shirt", `[{"value": "S"}, {"value": "Red"}]`, `[]`) + `]}`,
			seed.Options{}, errs.Duplicate, []string{`products[0] ("Test t-shirt").handle`, "Product with handle t-shirt already exists."}},
		{"SecondLoadOfTheSameFile", string(seed.Demo()),
			seed.Options{}, errs.Duplicate, []string{`users[0] ("admin@medusa-test.com")`, "A user with the same email already exists."}},
		{"CountryInAnotherRegion", `{"regions": [{"name": "Germany", "currency_code": "eur", "tax_rate": 19, "countries": ["nl", "de"]}]}`,
			seed.Options{}, errs.Duplicate, []string{`regions[0] ("Germany").countries`, "Germany already exists in region reg_demo_eu"}},
		{"UnknownCountry", `{"regions": [{"name": "Atlantis", "currency_code": "eur", "tax_rate": 0, "countries": ["xx"]}]}`,
			seed.Options{}, errs.InvalidData, []string{`regions[0] ("Atlantis").countries`, "Invalid country code: xx"}},
		{"TaxRateOutOfRange", `{"regions": [{"name": "Taxland", "currency_code": "eur", "tax_rate": 101}]}`,
			seed.Options{}, errs.InvalidData, []string{"The tax_rate must be between 0 and 1"}},
		{"RegionCurrencyNotInStore", `{"regions": [{"name": "UK", "currency_code": "gbp", "tax_rate": 20, "countries": ["nl"]}]}`,
			seed.Options{}, errs.InvalidData, []string{`regions[0] ("UK").currency_code`, "Invalid currency code: gbp is not one of the store's currencies (eur, usd)"}},
		{"PriceCurrencyNotInStore", `{"products": [` + product("gbp", `[{"value": "S"}, {"value": "Red"}]`, `[{"currency_code": "eur", "amount": 1}, {"currency_code": "GBP", "amount": 1}]`) + `]}`,
			seed.Options{}, errs.InvalidData, []string{`products[0] ("Test gbp").variants[0] ("One").prices[1]`, "Invalid currency code: gbp"}},
		{"StoreCurrencyUnknown", `{"store": {"currencies": ["usd", "eur", "xyz"]}}`,
			seed.Options{}, errs.InvalidData, []string{"store.currencies", "Currency with code xyz does not exist"}},
		{"OptionCountMismatch", `{"products": [` + product("mismatch", `[{"value": "S"}]`, `[]`) + `]}`,
			seed.Options{}, errs.InvalidData, []string{`products[0] ("Test mismatch").variants[0] ("One").options`,
				"Product options length does not match variant options length. Product has 2 and variant has 1."}},
		{"DuplicateVariantOptions", `{"products": [{"title": "Twins", "options": [{"title": "Size"}], "variants": [
				{"title": "A", "options": [{"value": "S"}]}, {"title": "B", "options": [{"value": "S"}]}]}]}`,
			seed.Options{}, errs.Duplicate, []string{`products[0] ("Twins").variants[1] ("B")`, "Variant with title A with provided options already exists"}},
		{"UnknownPaymentProvider", newRegion(`, "payment_providers": ["stripe"]`),
			seed.Options{}, errs.InvalidData, []string{`regions[0] ("New").payment_providers`, "Payment provider not found: stripe"}},
		{"UnknownFulfillmentProvider", newRegion(`, "fulfillment_providers": ["webshipper"]`),
			seed.Options{}, errs.InvalidData, []string{"Fulfillment provider not found: webshipper"}},
		{"ProviderNotInRegion", `{"shipping_options": [{"name": "Ship", "region_id": "reg_demo_eu", "provider_id": "webshipper", "price_type": "flat_rate", "amount": 1}]}`,
			seed.Options{FulfillmentProviders: []string{"webshipper"}}, errs.InvalidData, []string{"The fulfillment provider is not available in the provided region"}},
		{"FlatRateWithoutAmount", `{"shipping_options": [{"name": "Free?", "region_id": "reg_demo_eu", "provider_id": "manual", "price_type": "flat_rate"}]}`,
			seed.Options{}, errs.InvalidData, []string{"Shipping options of type `flat_rate` must have an `amount`"}},
		{"FixedDiscountInTwoRegions", `{"discounts": [{"code": "TENOFF", "regions": ["reg_demo_eu", "reg_demo_na"], "rule": {"type": "fixed", "value": 1000}}]}`,
			seed.Options{}, errs.InvalidData, []string{"Fixed discounts can have one region"}},
		{"DiscountWithoutRegion", `{"discounts": [{"code": "NOWHERE", "rule": {"type": "percentage", "value": 10}}]}`,
			seed.Options{}, errs.InvalidData, []string{"Discount must have atleast 1 region"}},
		{"BadConditionTarget", `{"discounts": [{"code": "COND", "regions": ["reg_demo_eu"], "rule": {"type": "percentage", "value": 10,
				"conditions": [{"type": "customer_groups", "operator": "in", "ids": ["cgrp_missing"]}]}}]}`,
			seed.Options{}, errs.NotFound, []string{`discounts[0] ("COND").rule.conditions[0] ("customer_groups").ids[0]`, "CustomerGroup with id cgrp_missing was not found"}},
		{"DoublyNestedReturnReason", `{"return_reasons": [{"value": "tiny", "label": "Tiny", "parent_return_reason_id": "rr_demo_too_small"}]}`,
			seed.Options{}, errs.InvalidData, []string{"Doubly nested return reasons is not supported"}},
		{"CustomerAccountExists", `{"customers": [{"email": "JANE.DOE@example.com", "password": "x"}]}`,
			seed.Options{}, errs.Duplicate, []string{"A customer with the given email already has an account. Log in instead"}},
		{"CartsWithoutCartService", `{"carts": [{"region_id": "reg_demo_eu"}]}`,
			seed.Options{}, errs.InvalidData, []string{"no cart service was given"}},
		// The first entries are valid and written inside the transaction;
		// the bad one at the end must take them back out.
		{"LateFailureRollsBackEarlierEntries", `{
				"store": {"name": "Renamed", "currencies": ["eur", "usd", "gbp"]},
				"sales_channels": [{"name": "Outlet"}],` + newRegion(``)[1:len(newRegion(``))-1] + `,
				"products": [` + okProduct + `, ` + product("late", `[{"value": "S"}]`, `[]`) + `]}`,
			seed.Options{}, errs.InvalidData, []string{`products[1] ("Test late").variants[0] ("One").options`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			err := load(db, []byte(tc.file), tc.opts)
			t.Log(err)
			wantErr(t, err, tc.kind, tc.parts...)
			assertUnchanged(t, db, before)
		})
	}
}

package graph_test

import (
	"sort"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// Ensure shippingOptions lists the options that are not admin-only, filtered
// by region, return flag and the shipping profiles of the given products.
func testShippingOptions(t *testing.T, s *apptest.Server) {
	const q = `query($productIds: [ID!], $regionId: ID, $isReturn: Boolean) {
		shippingOptions(productIds: $productIds, regionId: $regionId, isReturn: $isReturn) { id } }`
	defaultProfile := []string{"so_dk_standard", "so_eu_bounded", "so_eu_express", "so_eu_free", "so_eu_return",
		"so_eu_standard", "so_us_return", "so_us_standard"}
	tests := []struct {
		name string
		vars map[string]any
		want []string
	}{
		{"AllButAdminOnly", nil, append([]string{"so_eu_giftcard"}, defaultProfile...)},
		{"Region", map[string]any{"regionId": "reg_eu"}, []string{"so_eu_bounded", "so_eu_express", "so_eu_free",
			"so_eu_giftcard", "so_eu_return", "so_eu_standard"}},
		{"Returns", map[string]any{"isReturn": true}, []string{"so_eu_return", "so_us_return"}},
		{"RegionWithoutReturns", map[string]any{"regionId": "reg_us", "isReturn": false}, []string{"so_us_standard"}},
		{"ProfileOfProduct", map[string]any{"productIds": []string{"prod_shirt"}}, defaultProfile},
		{"GiftCardProfile", map[string]any{"productIds": []string{"prod_giftcard"}}, []string{"so_eu_giftcard"}},
		{"ProfilesOfProducts", map[string]any{"productIds": []string{"prod_giftcard", "prod_shirt"}},
			append([]string{"so_eu_giftcard"}, defaultProfile...)},
		{"ProfileOfDraftProduct", map[string]any{"productIds": []string{"prod_draft"}}, defaultProfile},
		{"UnknownProduct", map[string]any{"productIds": []string{"prod_nope"}}, nil},
		{"AllFilters", map[string]any{"productIds": []string{"prod_shirt"}, "regionId": "reg_eu", "isReturn": true},
			[]string{"so_eu_return"}},
		{"DeletedRegion", map[string]any{"regionId": "reg_gone"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(gql[struct{ ShippingOptions []node }](t, s, q, tt.vars).ShippingOptions)
			sort.Strings(got)
			sort.Strings(tt.want)
			expectIDs(t, "options", got, tt.want...)
		})
	}
}

// Ensure shipping options carry their requirements and Medusa's priced
// fields: the price with tax and the tax at the option's own rates, else
// the region's default rate, none when the region does not compute taxes
// automatically, and the tax included in tax-inclusive options.
func testShippingOptionPrices(t *testing.T, s *apptest.Server) {
	type option struct {
		ID, Name, RegionID, ProfileID, PriceType string
		Amount                                   *int64
		IsReturn, AdminOnly, IncludesTax         bool
		Requirements                             []struct {
			Type   string
			Amount int64
		}
		PriceInclTax, TaxAmount *int64
		TaxRates                []taxRate
		Region                  node
		Profile                 struct{ Type string }
	}
	got := gql[struct{ ShippingOptions []option }](t, s, `{ shippingOptions {
		id name regionId profileId priceType amount isReturn adminOnly includesTax
		requirements { type amount } priceInclTax taxAmount taxRates { rate name code } region { id } profile { type } } }`, nil)
	byID := map[string]option{}
	for _, o := range got.ShippingOptions {
		byID[o.ID] = o
	}
	tests := []struct {
		name, id              string
		amount, inclTax, tax  int64
		rates                 []taxRate
		requirements          []string
		isReturn, includesTax bool
		profile               string
	}{
		{"RegionDefaultRate", "so_eu_standard", 1000, 1200, 200, euDefault, nil, false, false, "DEFAULT"},
		{"OptionRate", "so_eu_express", 2500, 2750, 250, []taxRate{{10, "Reduced shipping", "SHIP10"}}, nil, false, false, "DEFAULT"},
		{"Free", "so_eu_free", 0, 0, 0, euDefault, []string{"MIN_SUBTOTAL 5000"}, false, false, "DEFAULT"},
		{"Requirements", "so_eu_bounded", 1500, 1800, 300, euDefault, []string{"MIN_SUBTOTAL 1000", "MAX_SUBTOTAL 20000"},
			false, false, "DEFAULT"},
		{"Return", "so_eu_return", 500, 600, 100, euDefault, nil, true, false, "DEFAULT"},
		{"GiftCardProfile", "so_eu_giftcard", 300, 360, 60, euDefault, nil, false, false, "GIFT_CARD"},
		{"AutomaticTaxesOff", "so_us_standard", 800, 800, 0, []taxRate{}, nil, false, false, "DEFAULT"},
		{"TaxInclusive", "so_dk_standard", 5000, 5000, 1000, []taxRate{{25, "default", "default"}}, nil, false, true, "DEFAULT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ok := byID[tt.id]
			if !ok {
				t.Fatalf("option %s not listed", tt.id)
			}
			eq(t, "amount", o.Amount, money(tt.amount))
			eq(t, "priceInclTax", o.PriceInclTax, money(tt.inclTax))
			eq(t, "taxAmount", o.TaxAmount, money(tt.tax))
			eq(t, "taxRates", o.TaxRates, tt.rates)
			var reqs []string
			for _, r := range o.Requirements {
				reqs = append(reqs, r.Type+" "+itoa(r.Amount))
			}
			expectIDs(t, "requirements", reqs, tt.requirements...)
			eq(t, "flags", []bool{o.IsReturn, o.AdminOnly, o.IncludesTax}, []bool{tt.isReturn, false, tt.includesTax})
			eq(t, "profile", o.Profile.Type, tt.profile)
			eq(t, "region", o.Region.ID, o.RegionID)
			eq(t, "price type", o.PriceType, "FLAT_RATE")
		})
	}
}

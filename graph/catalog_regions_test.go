package graph_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// Ensure regions lists live regions newest first with Medusa's limit of 100,
// pages and orders them, and filters by dates.
func testRegions(t *testing.T, s *apptest.Server) {
	const q = `query($offset: Int, $limit: Int, $order: String, $createdAt: DateFilter, $updatedAt: DateFilter) {
		regions(offset: $offset, limit: $limit, order: $order, createdAt: $createdAt, updatedAt: $updatedAt) {
			nodes { id } count offset limit } }`
	tests := []struct {
		name          string
		vars          map[string]any
		count, offset int
		limit         int
		want          []string
	}{
		{"DefaultsNewestFirstWithoutDeleted", nil, 3, 0, 100, []string{"reg_dk", "reg_us", "reg_eu"}},
		{"Offset", map[string]any{"offset": 1}, 3, 1, 100, []string{"reg_us", "reg_eu"}},
		{"OffsetAndLimit", map[string]any{"offset": 1, "limit": 1}, 3, 1, 1, []string{"reg_us"}},
		{"OffsetPastTheEnd", map[string]any{"offset": 5}, 3, 5, 100, nil},
		{"OrderByName", map[string]any{"order": "name"}, 3, 0, 100, []string{"reg_dk", "reg_eu", "reg_us"}},
		{"OrderByTaxRateDescending", map[string]any{"order": "-tax_rate"}, 3, 0, 100, []string{"reg_dk", "reg_eu", "reg_us"}},
		{"OrderByCamelCaseField", map[string]any{"order": "currencyCode"}, 3, 0, 100, []string{"reg_dk", "reg_eu", "reg_us"}},
		{"OrderByAnyRegionField", map[string]any{"order": "-automatic_taxes"}, 3, 0, 100, []string{"reg_eu", "reg_dk", "reg_us"}},
		{"OrderByCreatedAtAscending", map[string]any{"order": "created_at"}, 3, 0, 100, []string{"reg_eu", "reg_us", "reg_dk"}},
		{"CreatedAtRange", map[string]any{"createdAt": map[string]any{"gt": hourRFC(1), "lte": hourRFC(3)}}, 2, 0, 100, []string{"reg_dk", "reg_us"}},
		{"UpdatedAtBefore", map[string]any{"updatedAt": map[string]any{"lt": hourRFC(2)}}, 1, 0, 100, []string{"reg_eu"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[struct{ Regions page }](t, s, q, tt.vars)
			expectPage(t, got.Regions, tt.count, tt.offset, tt.limit, tt.want...)
		})
	}

	t.Run("ErrInvalidOrderField", func(t *testing.T) {
		for _, order := range []string{"foo", "-foo"} {
			e := s.Fail(t, q, map[string]any{"order": order})
			apptest.ExpectError(t, e, "INVALID_DATA", "Order field foo is not valid")
		}
	})
}

// Ensure region returns a region with its currency, countries, providers
// and tax rates, and NOT_FOUND with Medusa's message for unknown and deleted
// regions.
func testRegion(t *testing.T, s *apptest.Server) {
	const q = `query($id: ID!) { region(id: $id) {
		id name currencyCode taxRate taxCode giftCardsTaxable automaticTaxes includesTax
		currency { code symbol includesTax }
		countries { iso2 displayName regionId }
		paymentProviders { id } fulfillmentProviders { id }
		taxRates { id rate code name } } }`
	type region struct {
		ID, Name, CurrencyCode                        string
		TaxRate                                       float64
		TaxCode                                       *string
		GiftCardsTaxable, AutomaticTaxes, IncludesTax bool
		Currency                                      struct {
			Code, Symbol string
			IncludesTax  bool
		}
		Countries []struct {
			ISO2        string `json:"iso2"`
			DisplayName string
			RegionID    string
		}
		PaymentProviders, FulfillmentProviders []node
		TaxRates                               []struct {
			ID         string
			Rate       float64
			Code, Name string
		}
	}

	t.Run("Europe", func(t *testing.T) {
		r := gql[struct{ Region region }](t, s, q, map[string]any{"id": "reg_eu"}).Region
		eq(t, "name", r.Name, "Europe")
		eq(t, "currency", r.CurrencyCode+"/"+r.Currency.Code+"/"+r.Currency.Symbol, "eur/eur/€")
		eq(t, "tax rate", r.TaxRate, 20.0)
		eq(t, "tax code", r.TaxCode, ptr("EU-STD"))
		eq(t, "flags", []bool{r.GiftCardsTaxable, r.AutomaticTaxes, r.IncludesTax}, []bool{true, true, false})
		eq(t, "countries", len(r.Countries), 2)
		eq(t, "country 0", r.Countries[0].ISO2+" "+r.Countries[0].DisplayName+" "+r.Countries[0].RegionID, "de Germany reg_eu")
		eq(t, "country 1", r.Countries[1].ISO2, "fr")
		expectIDs(t, "payment providers", ids(r.PaymentProviders), "manual")
		expectIDs(t, "fulfillment providers", ids(r.FulfillmentProviders), "manual")
		var rates []string
		for _, tr := range r.TaxRates {
			rates = append(rates, tr.ID)
		}
		expectIDs(t, "tax rates", rates, "txr_eu_books", "txr_eu_luxtype", "txr_eu_luxury", "txr_eu_ship")
		eq(t, "ship rate", r.TaxRates[3].Rate, 10.0)
	})
	t.Run("AutomaticTaxesOff", func(t *testing.T) {
		r := gql[struct{ Region region }](t, s, q, map[string]any{"id": "reg_us"}).Region
		eq(t, "automatic taxes", r.AutomaticTaxes, false)
		expectIDs(t, "payment providers", ids(r.PaymentProviders), "manual", "system")
		eq(t, "tax rates", len(r.TaxRates), 0)
	})
	t.Run("TaxInclusive", func(t *testing.T) {
		r := gql[struct{ Region region }](t, s, q, map[string]any{"id": "reg_dk"}).Region
		eq(t, "includes tax", r.IncludesTax, true)
		eq(t, "gift cards taxable", r.GiftCardsTaxable, false)
	})
	for _, id := range []string{"reg_nope", "reg_gone"} {
		t.Run("ErrNotFound/"+id, func(t *testing.T) {
			e := s.Fail(t, q, map[string]any{"id": id})
			apptest.ExpectError(t, e, "NOT_FOUND", "Region with "+id+" was not found")
		})
	}
}

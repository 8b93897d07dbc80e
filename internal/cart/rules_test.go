package cart

import (
	"testing"

	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

func ptr[T any](v T) *T { return &v }

// Ensure a new line merges only into a mergeable line of the same variant
// with the same metadata.
func TestMergeTarget(t *testing.T) {
	line := func(id, variant string, merge bool, metadata model.JSON) *Item {
		return &Item{ItemRow: storage.ItemRow{LineItem: model.LineItem{ID: id, VariantID: ptr(variant), ShouldMerge: merge, Metadata: metadata}}}
	}
	st := &State{Items: []*Item{
		line("a", "v1", true, nil),
		line("b", "v2", true, model.JSON{"gift": true}),
		line("c", "v3", false, nil),
	}}
	for _, tc := range []struct {
		name     string
		variant  string
		metadata model.JSON
		want     string
	}{
		{"SameVariantNilAndEmptyMetadata", "v1", model.JSON{}, "a"},
		{"SameMetadata", "v2", model.JSON{"gift": true}, "b"},
		{"OtherMetadata", "v2", model.JSON{"gift": false}, ""},
		{"LineThatDoesNotMerge", "v3", nil, ""},
		{"OtherVariant", "v9", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mergeTarget(st, tc.variant, tc.metadata)
			if (got == nil && tc.want != "") || (got != nil && got.ID != tc.want) {
				t.Fatalf("merged into %v, want %q", got, tc.want)
			}
		})
	}
}

// Ensure inventory is checked as Medusa does without an inventory module.
func TestInventoryCovers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		variant model.ProductVariant
		qty     int64
		want    bool
	}{
		{"Enough", model.ProductVariant{ManageInventory: true, InventoryQuantity: 3}, 3, true},
		{"TooFew", model.ProductVariant{ManageInventory: true, InventoryQuantity: 3}, 4, false},
		{"Backorder", model.ProductVariant{ManageInventory: true, AllowBackorder: true}, 10, true},
		{"NotManaged", model.ProductVariant{ManageInventory: false}, 10, true},
	} {
		if got := inventoryCovers(&tc.variant, tc.qty); got != tc.want {
			t.Errorf("%s: covers %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Ensure shipping options are checked on region and requirements, on the
// subtotal, or the total for an option whose price includes tax.
func TestOptionValid(t *testing.T) {
	region := &model.Region{ID: "reg", TaxRate: 10, AutomaticTaxes: true}
	st := &State{
		CartRow: &storage.CartRow{Cart: model.Cart{RegionID: "reg"}, Region: region},
		Items: []*Item{{ItemRow: storage.ItemRow{LineItem: model.LineItem{ID: "i", UnitPrice: 95, Quantity: 1, VariantID: ptr("v")},
			Product: &model.Product{ID: "p"}}}},
		TaxRates: &storage.RegionTaxRates{Products: map[string][]string{}, ProductTypes: map[string][]string{}, ShippingOptions: map[string][]string{}},
	}
	cartTotals := st.Totals(false) // subtotal 95, tax round(9.5) = 10, total 105
	minMax := []model.ShippingOptionRequirement{{Type: model.RequirementTypeMinSubtotal, Amount: 100}, {Type: model.RequirementTypeMaxSubtotal, Amount: 150}}
	for _, tc := range []struct {
		name    string
		option  model.ShippingOption
		reqs    []model.ShippingOptionRequirement
		wantErr string
	}{
		{"OtherRegion", model.ShippingOption{RegionID: "other"}, nil, "The shipping option is not available in the cart's region"},
		{"NoRequirements", model.ShippingOption{RegionID: "reg"}, nil, ""},
		{"SubtotalBelowMin", model.ShippingOption{RegionID: "reg"}, minMax, "The Cart does not satisfy the shipping option's requirements"},
		{"InclusiveOptionUsesTotal", model.ShippingOption{RegionID: "reg", IncludesTax: true}, minMax, ""},
		{"MaxIsExclusive", model.ShippingOption{RegionID: "reg", IncludesTax: true},
			[]model.ShippingOptionRequirement{{Type: model.RequirementTypeMaxSubtotal, Amount: 105}}, "The Cart does not satisfy the shipping option's requirements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := optionValid(st, &tc.option, tc.reqs, cartTotals)
			if (err == nil) != (tc.wantErr == "") || (err != nil && err.Error() != tc.wantErr) {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// Ensure a partial address update writes only the given fields.
func TestAddressApplyTo(t *testing.T) {
	a := &model.Address{FirstName: ptr("Ada"), City: ptr("Berlin"), CountryCode: ptr("de"), Metadata: model.JSON{"a": 1, "b": 2}}
	(&Address{City: ptr("Paris"), CountryCode: ptr("FR"), Metadata: model.JSON{"b": "", "c": 3}}).applyTo(a)
	if *a.FirstName != "Ada" || *a.City != "Paris" || *a.CountryCode != "fr" {
		t.Fatalf("address %+v", a)
	}
	if len(a.Metadata) != 2 || a.Metadata["a"] != 1 || a.Metadata["c"] != 3 {
		t.Fatalf("metadata %v", a.Metadata)
	}
}

// Ensure taxes follow the region unless forced, and persisted lines win.
func TestStateTaxes(t *testing.T) {
	region := &model.Region{ID: "reg", TaxRate: 25, AutomaticTaxes: false}
	item := &Item{ItemRow: storage.ItemRow{LineItem: model.LineItem{ID: "i", UnitPrice: 100, Quantity: 2, VariantID: ptr("v")}, Product: &model.Product{ID: "p"}}}
	st := &State{
		CartRow:  &storage.CartRow{Cart: model.Cart{RegionID: "reg"}, Region: region},
		Items:    []*Item{item},
		TaxRates: &storage.RegionTaxRates{Products: map[string][]string{}, ProductTypes: map[string][]string{}, ShippingOptions: map[string][]string{}},
	}
	if got := st.Totals(false).TaxTotal; got != 0 {
		t.Fatalf("tax %d without automatic taxes, want 0", got)
	}
	if got := st.Totals(true).TaxTotal; got != 50 {
		t.Fatalf("forced tax %d, want 50", got)
	}
	item.TaxLines = []model.LineItemTaxLine{{Rate: 10, Name: "persisted"}}
	if got := st.Totals(false).TaxTotal; got != 20 {
		t.Fatalf("tax from persisted lines %d, want 20", got)
	}
}

package discounts

import "testing"

var (
	shirt = &Product{ID: "prod_shirt", TypeID: "ptyp_apparel", CollectionID: "pcol_summer", TagIDs: []string{"ptag_cotton", "ptag_blue"}}
	mug   = &Product{ID: "prod_mug"}
)

func item(id string, product *Product, unitPrice, quantity int64) Item {
	return Item{ID: id, Product: product, UnitPrice: unitPrice, Quantity: quantity, AllowDiscounts: true}
}

func discount(rule Rule) []Discount {
	return []Discount{{ID: "disc_1", Code: "TEST", Rule: rule}}
}

func TestRuleAppliesTo(t *testing.T) {
	cond := func(typ ConditionType, op Operator, ids ...string) Condition {
		return Condition{Type: typ, Operator: op, IDs: ids}
	}
	tests := []struct {
		name       string
		conditions []Condition
		product    *Product
		want       bool
	}{
		{"NoConditions", nil, mug, true},
		{"CustomItem", nil, nil, false},
		{"ProductIn", []Condition{cond(Products, In, "prod_shirt")}, shirt, true},
		{"ProductNotListed", []Condition{cond(Products, In, "prod_other")}, shirt, false},
		{"ProductExcluded", []Condition{cond(Products, NotIn, "prod_shirt")}, shirt, false},
		{"ProductNotExcluded", []Condition{cond(Products, NotIn, "prod_other")}, shirt, true},
		{"TypeIn", []Condition{cond(ProductTypes, In, "ptyp_apparel")}, shirt, true},
		{"TypeInWithoutType", []Condition{cond(ProductTypes, In, "ptyp_apparel")}, mug, false},
		{"TypeNotInWithoutType", []Condition{cond(ProductTypes, NotIn, "ptyp_apparel")}, mug, true},
		{"TypeExcluded", []Condition{cond(ProductTypes, NotIn, "ptyp_apparel")}, shirt, false},
		{"CollectionIn", []Condition{cond(ProductCollections, In, "pcol_summer")}, shirt, true},
		{"CollectionOther", []Condition{cond(ProductCollections, In, "pcol_winter")}, shirt, false},
		{"CollectionExcluded", []Condition{cond(ProductCollections, NotIn, "pcol_summer")}, shirt, false},
		{"AnyTagIn", []Condition{cond(ProductTags, In, "ptag_blue", "ptag_red")}, shirt, true},
		{"NoTagIn", []Condition{cond(ProductTags, In, "ptag_red")}, shirt, false},
		{"OneTagExcluded", []Condition{cond(ProductTags, NotIn, "ptag_cotton")}, shirt, false},
		{"NoTagExcluded", []Condition{cond(ProductTags, NotIn, "ptag_red")}, shirt, true},
		{"EveryConditionMustHold", []Condition{cond(Products, In, "prod_shirt"), cond(ProductTags, NotIn, "ptag_blue")}, shirt, false},
		{"EveryConditionHolds", []Condition{cond(Products, In, "prod_shirt"), cond(ProductCollections, In, "pcol_summer")}, shirt, true},
		{"CustomerGroupsIgnored", []Condition{cond(CustomerGroups, In, "cgrp_vip")}, shirt, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Rule{Conditions: tt.conditions}).AppliesTo(tt.product); got != tt.want {
				t.Errorf("AppliesTo = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAdjustments(t *testing.T) {
	fixedTotal := func(value int64) Rule { return Rule{Type: Fixed, Value: value, Allocation: AllocateTotal} }
	fixedItem := func(value int64) Rule { return Rule{Type: Fixed, Value: value, Allocation: AllocateItem} }
	percent := func(value int64) Rule { return Rule{Type: Percentage, Value: value, Allocation: AllocateTotal} }
	notDiscountable := item("item_b", mug, 1000, 1)
	notDiscountable.AllowDiscounts = false
	returned := item("item_r", mug, 500, 1)
	returned.IsReturn = true
	custom := item("item_c", nil, 300, 1)
	// §4.6: 120 including 20 % tax, twice: 240 less the original tax 40.
	inclusive := item("item_i", mug, 120, 2)
	inclusive.IncludesTax, inclusive.TaxExclusiveSubtotal = true, 200

	tests := []struct {
		name  string
		rule  Rule
		items []Item
		want  map[string]float64 // item id → amount; absent: no adjustment
	}{
		{
			// §4.6: a fixed total discount is split over the items, unrounded;
			// the amounts are JavaScript's doubles (node prints them so).
			name:  "FixedTotalSplit",
			rule:  fixedTotal(185),
			items: []Item{item("item_a", mug, 100, 1), item("item_b", shirt, 1000, 1)},
			want:  map[string]float64{"item_a": 16.81818181818182, "item_b": 168.1818181818182},
		},
		{
			name:  "FixedTotalSplitWithQuantity",
			rule:  fixedTotal(185),
			items: []Item{item("item_a", mug, 100, 1), item("item_b", shirt, 950, 2)},
			want:  map[string]float64{"item_a": 9.25, "item_b": 175.75},
		},
		{
			name:  "FixedTotalAboveCartTotal",
			rule:  fixedTotal(5000),
			items: []Item{item("item_a", mug, 100, 1), item("item_b", shirt, 300, 2)},
			want:  map[string]float64{"item_a": 100, "item_b": 600},
		},
		{
			name:  "FixedTotalLargeAmounts",
			rule:  fixedTotal(10000),
			items: []Item{item("item_a", mug, 4452600, 2), item("item_b", shirt, 482200, 2)},
			want:  map[string]float64{"item_a": 9022.858069222664, "item_b": 977.1419307773365},
		},
		{
			// S covers every discountable item, also those the conditions
			// leave out; only the qualifying item gets its share.
			name: "FixedTotalShareCountsNonQualifyingItems",
			rule: Rule{Type: Fixed, Value: 100, Allocation: AllocateTotal,
				Conditions: []Condition{{Type: Products, Operator: In, IDs: []string{"prod_shirt"}}}},
			items: []Item{item("item_a", shirt, 100, 1), item("item_m", mug, 100, 1)},
			want:  map[string]float64{"item_a": 50},
		},
		{
			name:  "FixedTotalShareSkipsItemsNotAllowingDiscounts",
			rule:  fixedTotal(100),
			items: []Item{item("item_a", mug, 100, 1), notDiscountable},
			want:  map[string]float64{"item_a": 100},
		},
		{
			// Medusa sums the cart without taxes for a tax-exclusive item,
			// which leaves tax-inclusive items at 0 in the sum.
			name:  "FixedTotalExclusiveItemBesideInclusiveOne",
			rule:  fixedTotal(100),
			items: []Item{item("item_a", mug, 300, 1), inclusive},
			want:  map[string]float64{"item_a": 100, "item_i": 40},
		},
		{
			name:  "FreeItemsGetNothing",
			rule:  fixedTotal(100),
			items: []Item{item("item_a", mug, 0, 1)},
			want:  map[string]float64{},
		},
		{
			name:  "PercentageExclusive",
			rule:  percent(10),
			items: []Item{item("item_a", mug, 100, 1)},
			want:  map[string]float64{"item_a": 10},
		},
		{
			// §4.6: 15 % of the tax-exclusive subtotal 200.
			name:  "PercentageTaxInclusive",
			rule:  percent(15),
			items: []Item{inclusive},
			want:  map[string]float64{"item_i": 30},
		},
		{
			name:  "PercentageRoundsHalfUp",
			rule:  percent(10),
			items: []Item{item("item_a", mug, 105, 1), item("item_b", shirt, 1005, 1)},
			want:  map[string]float64{"item_a": 11, "item_b": 101},
		},
		{
			name:  "PercentageRoundingToZero",
			rule:  percent(10),
			items: []Item{item("item_a", mug, 4, 1)},
			want:  map[string]float64{},
		},
		{
			name:  "PercentageCappedAtPrice",
			rule:  percent(150),
			items: []Item{item("item_a", mug, 80, 2)},
			want:  map[string]float64{"item_a": 160},
		},
		{
			name:  "FixedPerItem",
			rule:  fixedItem(30),
			items: []Item{item("item_a", mug, 100, 3)},
			want:  map[string]float64{"item_a": 90},
		},
		{
			name:  "FixedPerItemCappedAtPrice",
			rule:  fixedItem(500),
			items: []Item{item("item_a", mug, 300, 1)},
			want:  map[string]float64{"item_a": 300},
		},
		{
			name:  "FixedWithoutAllocationIsPerItem",
			rule:  Rule{Type: Fixed, Value: 20},
			items: []Item{item("item_a", mug, 100, 2)},
			want:  map[string]float64{"item_a": 40},
		},
		{
			name:  "SkippedItems",
			rule:  percent(10),
			items: []Item{notDiscountable, returned, custom, item("item_a", mug, 100, 1)},
			want:  map[string]float64{"item_a": 10},
		},
		{
			name: "ConditionsPickItems",
			rule: Rule{Type: Percentage, Value: 50,
				Conditions: []Condition{{Type: ProductCollections, Operator: NotIn, IDs: []string{"pcol_summer"}}}},
			items: []Item{item("item_s", shirt, 100, 1), item("item_m", mug, 100, 1)},
			want:  map[string]float64{"item_m": 50},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Adjustments(discount(tt.rule), tt.items)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d adjustments %+v, want %v", len(got), got, tt.want)
			}
			for _, adj := range got {
				want, ok := tt.want[adj.ItemID]
				if !ok || adj.Amount != want {
					t.Errorf("item %s: amount %v, want %v (present %v)", adj.ItemID, adj.Amount, want, ok)
				}
				if adj.DiscountID != "disc_1" || adj.Description != "discount" {
					t.Errorf("item %s: discount %q description %q", adj.ItemID, adj.DiscountID, adj.Description)
				}
			}
		})
	}
}

// Ensure only the cart's first non-free-shipping discount adjusts items.
func TestAdjustmentsUseTheItemDiscount(t *testing.T) {
	items := []Item{item("item_a", mug, 100, 1)}
	freeShipping := Discount{ID: "disc_fs", Rule: Rule{Type: FreeShipping}}
	first := Discount{ID: "disc_first", Rule: Rule{Type: Percentage, Value: 10}}
	second := Discount{ID: "disc_second", Rule: Rule{Type: Percentage, Value: 50}}

	got := Adjustments([]Discount{freeShipping, first, second}, items)
	if len(got) != 1 || got[0].DiscountID != "disc_first" || got[0].Amount != 10 {
		t.Fatalf("got %+v, want 10 off from disc_first", got)
	}
	if got := Adjustments([]Discount{freeShipping}, items); got != nil {
		t.Fatalf("free shipping adjusted items: %+v", got)
	}
}

func TestAmountIgnoresItemsNotAllowingDiscounts(t *testing.T) {
	it := item("item_a", mug, 100, 1)
	it.AllowDiscounts = false
	if got := Amount(Rule{Type: Percentage, Value: 10}, it, []Item{it}); got != 0 {
		t.Fatalf("Amount = %v, want 0", got)
	}
}

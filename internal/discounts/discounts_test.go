package discounts

import (
	"slices"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
)

var now = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func intp(v int) *int { return &v }

func at(d time.Duration) *time.Time { t := now.Add(d); return &t }

// valid is a discount every check passes for cart().
func valid(code string) Discount {
	return Discount{
		ID:        "disc_" + code,
		Code:      code,
		Rule:      Rule{ID: "dru_" + code, Type: Percentage, Value: 10, Allocation: AllocateTotal},
		StartsAt:  now.Add(-24 * time.Hour),
		RegionIDs: []string{"reg_eu"},
	}
}

func cart() Cart {
	return Cart{RegionID: "reg_eu", CustomerID: "cus_1", CustomerGroupIDs: []string{"cgrp_vip"}}
}

func groupCondition(op Operator, groups ...string) Condition {
	return Condition{Type: CustomerGroups, Operator: op, IDs: groups}
}

// wantErr checks err is an *errs.Error of the kind with the message; an
// empty message wants no error.
func wantErr(t *testing.T, err error, kind errs.Kind, message string) {
	t.Helper()
	if message == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %q", message)
	}
	if !errs.Is(err, kind) || err.Error() != message {
		t.Fatalf("got %s %q, want %s %q", errs.KindOf(err), err.Error(), kind, message)
	}
}

func TestNormalizeCode(t *testing.T) {
	tests := map[string]string{
		"summer10":         "SUMMER10",
		"  Summer10 \n":    "SUMMER10",
		"\u00a0sale\ufeff": "SALE", // JavaScript's trim takes these too
		"two words":        "TWO WORDS",
	}
	for in, want := range tests {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveCodes(t *testing.T) {
	a, b := valid("A"), valid("B")
	t.Run("OrderedAsTheCodes", func(t *testing.T) {
		got, err := ResolveCodes([]string{"b", " a"}, []Discount{a, b})
		wantErr(t, err, 0, "")
		if got[0].Code != "B" || got[1].Code != "A" {
			t.Fatalf("got %s, %s; want B, A", got[0].Code, got[1].Code)
		}
	})
	t.Run("UnknownCodeNamesEveryCode", func(t *testing.T) {
		_, err := ResolveCodes([]string{"a", "nope"}, []Discount{a})
		wantErr(t, err, errs.NotFound, "Discounts with code [A, NOPE] was not found")
	})
	t.Run("RepeatedCodeIsNotFound", func(t *testing.T) {
		_, err := ResolveCodes([]string{"a", "A "}, []Discount{a})
		wantErr(t, err, errs.NotFound, "Discounts with code [A, A] was not found")
	})
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Discount, *Cart)
		kind    errs.Kind
		message string
	}{
		{"Valid", nil, 0, ""},
		{
			"UsageLimitReached",
			func(d *Discount, _ *Cart) { d.UsageLimit, d.UsageCount = intp(3), 3 },
			errs.NotAllowed, "Discount TEST has been used maximum allowed times",
		},
		{"UsageLimitNotReached", func(d *Discount, _ *Cart) { d.UsageLimit, d.UsageCount = intp(3), 2 }, 0, ""},
		{"UsageLimitZeroIsUnlimited", func(d *Discount, _ *Cart) { d.UsageLimit, d.UsageCount = intp(0), 9 }, 0, ""},
		{
			"NotStarted",
			func(d *Discount, _ *Cart) { d.StartsAt = now.Add(time.Minute) },
			errs.NotAllowed, "Discount TEST is not valid yet",
		},
		{"StartingNow", func(d *Discount, _ *Cart) { d.StartsAt = now }, 0, ""},
		{
			"Expired",
			func(d *Discount, _ *Cart) { d.EndsAt = at(-time.Millisecond) },
			errs.NotAllowed, "Discount TEST is expired",
		},
		{"EndingNow", func(d *Discount, _ *Cart) { d.EndsAt = at(0) }, 0, ""},
		{
			"Disabled",
			func(d *Discount, _ *Cart) { d.IsDisabled = true },
			errs.NotAllowed, "The discount code TEST is disabled",
		},
		{
			"CustomerGroupConditionWithoutCustomer",
			func(d *Discount, c *Cart) {
				d.Rule.Conditions = []Condition{groupCondition(In, "cgrp_vip")}
				c.CustomerID, c.CustomerGroupIDs = "", nil
			},
			errs.NotAllowed, "Discount TEST is only valid for specific customer",
		},
		{
			"OtherRegion",
			func(_ *Discount, c *Cart) { c.RegionID = "reg_us" },
			errs.InvalidData, "The discount is not available in current region",
		},
		{
			"DynamicCodeUsesParentRegions",
			func(d *Discount, c *Cart) {
				d.ParentDiscountID, d.ParentRegionIDs = "disc_parent", []string{"reg_us"}
				c.RegionID = "reg_us"
			},
			0, "",
		},
		{
			"DynamicCodeOutsideParentRegions",
			func(d *Discount, _ *Cart) {
				d.ParentDiscountID, d.ParentRegionIDs = "disc_parent", []string{"reg_us"}
			},
			errs.InvalidData, "The discount is not available in current region",
		},
		{
			"CustomerInGroup",
			func(d *Discount, _ *Cart) { d.Rule.Conditions = []Condition{groupCondition(In, "cgrp_a", "cgrp_vip")} },
			0, "",
		},
		{
			"CustomerNotInGroup",
			func(d *Discount, _ *Cart) { d.Rule.Conditions = []Condition{groupCondition(In, "cgrp_a")} },
			errs.NotAllowed, "Discount TEST is not valid for customer",
		},
		{
			"CustomerInExcludedGroup",
			func(d *Discount, _ *Cart) { d.Rule.Conditions = []Condition{groupCondition(NotIn, "cgrp_vip")} },
			errs.NotAllowed, "Discount TEST is not valid for customer",
		},
		{
			"CustomerOutsideExcludedGroup",
			func(d *Discount, _ *Cart) { d.Rule.Conditions = []Condition{groupCondition(NotIn, "cgrp_a")} },
			0, "",
		},
		{
			"CustomerWithoutGroups",
			func(d *Discount, c *Cart) {
				d.Rule.Conditions = []Condition{groupCondition(In, "cgrp_vip")}
				c.CustomerGroupIDs = nil
			},
			errs.NotAllowed, "Discount TEST is not valid for customer",
		},
		{
			"EveryGroupConditionMustHold",
			func(d *Discount, _ *Cart) {
				d.Rule.Conditions = []Condition{groupCondition(In, "cgrp_vip"), groupCondition(NotIn, "cgrp_vip")}
			},
			errs.NotAllowed, "Discount TEST is not valid for customer",
		},
		{
			"ProductConditionsDoNotConcernTheCustomer",
			func(d *Discount, c *Cart) {
				d.Rule.Conditions = []Condition{{Type: Products, Operator: In, IDs: []string{"prod_1"}}}
				c.CustomerID = ""
			},
			0, "",
		},
		// Medusa's order: the first failing check wins.
		{
			"UsageLimitBeforeNotStarted",
			func(d *Discount, _ *Cart) {
				d.UsageLimit, d.UsageCount, d.StartsAt = intp(1), 1, now.Add(time.Hour)
			},
			errs.NotAllowed, "Discount TEST has been used maximum allowed times",
		},
		{
			"ExpiredBeforeDisabled",
			func(d *Discount, _ *Cart) { d.EndsAt, d.IsDisabled = at(-time.Hour), true },
			errs.NotAllowed, "Discount TEST is expired",
		},
		{
			"DisabledBeforeRegion",
			func(d *Discount, c *Cart) { d.IsDisabled, c.RegionID = true, "reg_us" },
			errs.NotAllowed, "The discount code TEST is disabled",
		},
		{
			"MissingCustomerBeforeRegion",
			func(d *Discount, c *Cart) {
				d.Rule.Conditions = []Condition{groupCondition(In, "cgrp_vip")}
				c.CustomerID, c.RegionID = "", "reg_us"
			},
			errs.NotAllowed, "Discount TEST is only valid for specific customer",
		},
		{
			"RegionBeforeCustomer",
			func(d *Discount, c *Cart) {
				d.Rule.Conditions = []Condition{groupCondition(In, "cgrp_a")}
				c.RegionID = "reg_us"
			},
			errs.InvalidData, "The discount is not available in current region",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, c := valid("TEST"), cart()
			if tt.edit != nil {
				tt.edit(&d, &c)
			}
			wantErr(t, Validate(d, c, now), tt.kind, tt.message)
		})
	}
}

// Ensure dates compare at JavaScript's millisecond precision: a discount
// ending earlier in the same millisecond is not expired yet.
func TestValidateComparesMilliseconds(t *testing.T) {
	d := valid("TEST")
	d.EndsAt = at(300 * time.Microsecond)
	wantErr(t, Validate(d, cart(), now.Add(600*time.Microsecond)), 0, "")
	wantErr(t, Validate(d, cart(), now.Add(time.Millisecond)), errs.NotAllowed, "Discount TEST is expired")
}

// Ensure several discounts fail in the order Medusa's concurrent checks
// settle: own checks of all, then regions, then customers.
func TestValidateAll(t *testing.T) {
	customerFails := valid("CUST")
	customerFails.Rule.Conditions = []Condition{groupCondition(In, "cgrp_a")}
	regionFails := valid("REGION")
	regionFails.RegionIDs = []string{"reg_us"}
	expired := valid("OLD")
	expired.EndsAt = at(-time.Hour)
	disabled := valid("OFF")
	disabled.IsDisabled = true

	tests := []struct {
		name    string
		ds      []Discount
		kind    errs.Kind
		message string
	}{
		{"AllValid", []Discount{valid("A"), valid("B")}, 0, ""},
		{"OwnCheckBeforeEarlierRegion", []Discount{regionFails, expired}, errs.NotAllowed, "Discount OLD is expired"},
		{"FirstOwnCheckWins", []Discount{disabled, expired}, errs.NotAllowed, "The discount code OFF is disabled"},
		{"RegionBeforeEarlierCustomer", []Discount{customerFails, regionFails}, errs.InvalidData, "The discount is not available in current region"},
		{"Customer", []Discount{valid("A"), customerFails}, errs.NotAllowed, "Discount CUST is not valid for customer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, ValidateAll(tt.ds, cart(), now), tt.kind, tt.message)
		})
	}
}

func TestKeep(t *testing.T) {
	freeShipping := func(code string) Discount {
		d := valid(code)
		d.Rule.Type = FreeShipping
		return d
	}
	fixed := func(code string) Discount {
		d := valid(code)
		d.Rule.Type, d.Rule.Value = Fixed, 500
		return d
	}
	codes := func(ds []Discount) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = d.Code
		}
		return out
	}
	tests := []struct {
		name    string
		applied []Discount
		want    []string
	}{
		{"OnlyTheFirstNonFreeShipping", []Discount{valid("PCT"), fixed("FIX"), valid("PCT2")}, []string{"PCT"}},
		{"EveryFreeShipping", []Discount{freeShipping("FS1"), fixed("FIX"), freeShipping("FS2"), valid("PCT")}, []string{"FS1", "FIX", "FS2"}},
		{"RepeatedDiscountOnce", []Discount{freeShipping("FS1"), freeShipping("FS1")}, []string{"FS1"}},
		{"None", nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(Keep(tt.applied)); !slices.Equal(got, tt.want) {
				t.Errorf("kept %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFreeShippingAndItemDiscount(t *testing.T) {
	fs := valid("FS")
	fs.Rule.Type = FreeShipping
	pct := valid("PCT")

	if HasFreeShipping([]Discount{pct}) || !HasFreeShipping([]Discount{pct, fs}) || HasFreeShipping(nil) {
		t.Error("HasFreeShipping is wrong")
	}
	if d, ok := ItemDiscount([]Discount{fs, pct}); !ok || d.Code != "PCT" {
		t.Errorf("ItemDiscount = %q %v, want PCT", d.Code, ok)
	}
	if _, ok := ItemDiscount([]Discount{fs}); ok {
		t.Error("free shipping adjusts items")
	}
	if RefreshesAdjustments([]Discount{fs}) || !RefreshesAdjustments([]Discount{fs, pct}) {
		t.Error("RefreshesAdjustments is wrong")
	}
}

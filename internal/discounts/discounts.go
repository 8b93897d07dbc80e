// Package discounts holds Medusa v1's discount rules: looking discounts up by
// code, validating them for a cart, which of them a cart keeps, whether the
// cart ships free, and the adjustment each line item gets (adjustments.go).
//
// It knows nothing of storage or GraphQL: callers load discounts with their
// rule, conditions and regions, and persist what these functions decide.
package discounts

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/storegraph/storegraph/internal/errs"
)

// RuleType is what a discount takes off.
type RuleType string

const (
	Percentage   RuleType = "percentage"
	Fixed        RuleType = "fixed"
	FreeShipping RuleType = "free_shipping"
)

// Allocation is how a fixed discount is spread: over the cart's total, or
// per unit of every qualifying item.
type Allocation string

const (
	AllocateTotal Allocation = "total"
	AllocateItem  Allocation = "item"
)

// ConditionType is what a condition's IDs refer to.
type ConditionType string

const (
	Products           ConditionType = "products"
	ProductTypes       ConditionType = "product_types"
	ProductCollections ConditionType = "product_collections"
	ProductTags        ConditionType = "product_tags"
	CustomerGroups     ConditionType = "customer_groups"
)

// Operator says whether a condition requires a match (In) or forbids one.
type Operator string

const (
	In    Operator = "in"
	NotIn Operator = "not_in"
)

// Condition is a discount rule's condition on products or customer groups.
type Condition struct {
	Type     ConditionType
	Operator Operator
	IDs      []string // the linked products, types, collections, tags or groups
}

// Rule is a discount's rule.
type Rule struct {
	ID         string
	Type       RuleType
	Value      int64 // percent for Percentage, an amount for Fixed
	Allocation Allocation
	Conditions []Condition
}

// Discount is a discount with what its validation needs.
type Discount struct {
	ID         string
	Code       string // stored upper-case
	Rule       Rule
	IsDisabled bool
	StartsAt   time.Time
	EndsAt     *time.Time
	UsageLimit *int // nil or 0: unlimited
	UsageCount int
	RegionIDs  []string
	// ParentDiscountID is set on a dynamic code; its region validity is the
	// parent's, ParentRegionIDs.
	ParentDiscountID string
	ParentRegionIDs  []string
}

// Cart is what validation needs of a cart.
type Cart struct {
	RegionID         string
	CustomerID       string   // "" for a cart without customer
	CustomerGroupIDs []string // the customer's groups
}

// NormalizeCode is how Medusa matches codes: upper-cased, then trimmed.
// (JavaScript's toUpperCase also expands the few letters with no single
// upper-case letter, such as ß to SS; strings.ToUpper keeps them.)
func NormalizeCode(code string) string {
	return strings.TrimFunc(strings.ToUpper(code), isJSWhitespace)
}

// isJSWhitespace is the set String.prototype.trim removes.
func isJSWhitespace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\ufeff', '\u2028', '\u2029':
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

// NormalizeCodes normalizes every code, keeping order and repeats.
func NormalizeCodes(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = NormalizeCode(c)
	}
	return out
}

// CodesNotFound is Medusa's error when a code lookup misses; it names every
// code looked up, normalized, not only the missing ones.
func CodesNotFound(codes []string) *errs.Error {
	return errs.NotFoundf("Discounts with code [%s] was not found", strings.Join(NormalizeCodes(codes), ", "))
}

// ResolveCodes checks a lookup of codes the way DiscountService.listByCodes
// does: found are the discounts whose code is one of the normalized codes.
// Medusa fails unless it found exactly as many discounts as codes were
// given, so a repeated code ("a", "A") fails too. The discounts come back in
// the order of their codes.
func ResolveCodes(codes []string, found []Discount) ([]Discount, error) {
	if len(found) != len(codes) {
		return nil, CodesNotFound(codes)
	}
	normalized := NormalizeCodes(codes)
	ordered := slices.Clone(found)
	slices.SortStableFunc(ordered, func(a, b Discount) int {
		return slices.Index(normalized, a.Code) - slices.Index(normalized, b.Code)
	})
	return ordered, nil
}

// Validate is DiscountService.validateDiscountForCartOrThrow for one
// discount: the first failing check, in Medusa's order, gives the error.
func Validate(d Discount, cart Cart, now time.Time) error {
	if err := checkDiscount(d, cart, now); err != nil {
		return err
	}
	if err := checkRegion(d, cart); err != nil {
		return err
	}
	return checkCustomer(d, cart)
}

// ValidateAll validates the discounts applied together. Medusa checks them
// concurrently (Promise.all) and reports the first failure to settle: the
// checks on the discount itself settle at once, the region check after one
// lookup and the customer check after more, so every discount's own checks
// come first, then every region check, then every customer check.
func ValidateAll(ds []Discount, cart Cart, now time.Time) error {
	for _, d := range ds {
		if err := checkDiscount(d, cart, now); err != nil {
			return err
		}
	}
	for _, d := range ds {
		if err := checkRegion(d, cart); err != nil {
			return err
		}
	}
	for _, d := range ds {
		if err := checkCustomer(d, cart); err != nil {
			return err
		}
	}
	return nil
}

// checkDiscount holds the checks that need nothing but the discount and
// whether the cart has a customer.
func checkDiscount(d Discount, cart Cart, now time.Time) error {
	// Medusa compares JavaScript Dates, which hold milliseconds.
	now = now.Truncate(time.Millisecond)
	switch {
	case d.UsageLimit != nil && *d.UsageLimit != 0 && d.UsageCount >= *d.UsageLimit:
		return errs.NotAllowedf("Discount %s has been used maximum allowed times", d.Code)
	case d.StartsAt.Truncate(time.Millisecond).After(now):
		return errs.NotAllowedf("Discount %s is not valid yet", d.Code)
	case d.EndsAt != nil && now.After(d.EndsAt.Truncate(time.Millisecond)):
		return errs.NotAllowedf("Discount %s is expired", d.Code)
	case d.IsDisabled:
		return errs.NotAllowedf("The discount code %s is disabled", d.Code)
	case cart.CustomerID == "" && d.Rule.hasCondition(CustomerGroups):
		return errs.NotAllowedf("Discount %s is only valid for specific customer", d.Code)
	}
	return nil
}

func checkRegion(d Discount, cart Cart) error {
	if !AvailableIn(d, cart.RegionID) {
		return errs.InvalidDataf("The discount is not available in current region")
	}
	return nil
}

// AvailableIn reports whether the discount may be used in the region: one
// of its regions, or of its parent's for a dynamic discount's child.
func AvailableIn(d Discount, regionID string) bool {
	regions := d.RegionIDs
	if d.ParentDiscountID != "" {
		regions = d.ParentRegionIDs
	}
	return slices.Contains(regions, regionID)
}

// checkCustomer is canApplyForCustomer: every customer-group condition must
// hold for the cart's customer. A cart without customer skips it.
func checkCustomer(d Discount, cart Cart) error {
	if cart.CustomerID == "" {
		return nil
	}
	for _, c := range d.Rule.Conditions {
		if c.Type == CustomerGroups && !c.holds(cart.CustomerGroupIDs) {
			return errs.NotAllowedf("Discount %s is not valid for customer", d.Code)
		}
	}
	return nil
}

func (r Rule) hasCondition(t ConditionType) bool {
	return slices.ContainsFunc(r.Conditions, func(c Condition) bool { return c.Type == t })
}

// holds reports whether the condition accepts a resource linked to ids: In
// needs one of them among the condition's IDs, NotIn none.
func (c Condition) holds(ids []string) bool {
	matched := slices.ContainsFunc(ids, func(id string) bool { return slices.Contains(c.IDs, id) })
	return matched == (c.Operator == In)
}

// Keep gives the discounts a cart ends up with when the store applies codes.
// The store route clears the cart's discounts first; CartService
// applyDiscounts then keeps every free-shipping discount and only the first
// other one, dropping further fixed or percentage discounts silently. A
// discount given twice is kept once; order is kept.
func Keep(applied []Discount) []Discount {
	kept := make([]Discount, 0, len(applied))
	sawOther := false
	for _, d := range applied {
		if slices.ContainsFunc(kept, func(k Discount) bool { return k.ID == d.ID }) {
			continue
		}
		if d.Rule.Type != FreeShipping {
			if sawOther {
				continue
			}
			sawOther = true
		}
		kept = append(kept, d)
	}
	return kept
}

// HasFreeShipping reports whether any of the cart's discounts is free
// shipping: its shipping methods are then priced 0.
func HasFreeShipping(cartDiscounts []Discount) bool {
	return slices.ContainsFunc(cartDiscounts, func(d Discount) bool { return d.Rule.Type == FreeShipping })
}

// ItemDiscount is the cart's discount that adjusts line items: its first one
// that is not free shipping. ok is false when there is none.
func ItemDiscount(cartDiscounts []Discount) (d Discount, ok bool) {
	i := slices.IndexFunc(cartDiscounts, func(d Discount) bool { return d.Rule.Type != FreeShipping })
	if i < 0 {
		return Discount{}, false
	}
	return cartDiscounts[i], true
}

// RefreshesAdjustments reports whether applying these discounts makes Medusa
// regenerate the cart's item adjustments: when any of them is not free
// shipping.
func RefreshesAdjustments(applied []Discount) bool {
	_, ok := ItemDiscount(applied)
	return ok
}

package seed

import (
	"strings"

	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadDiscounts(discounts []discountInput) error {
	for i, d := range discounts {
		if err := l.discount(entry("discounts", i, d.Code), d); err != nil {
			return err
		}
	}
	return nil
}

// discount creates a discount as DiscountService.create does: the code
// stored upper-case, the rule validated, at least one region (one for a
// fixed discount), then the rule's conditions.
func (l *loader) discount(a at, in discountInput) error {
	code := strings.ToUpper(in.Code)
	if code == "" {
		return a.key("code").invalid("code is required")
	}
	rule, err := discountRuleRow(a.key("rule"), in.Rule)
	if err != nil {
		return err
	}
	if len(in.Regions) > 1 && rule.Type == model.DiscountRuleTypeFixed {
		return a.key("regions").invalid("Fixed discounts can have one region")
	}
	regions, err := l.resolveAll(a.key("regions"), in.Regions, func(ra at, id string) (string, error) {
		r, err := l.findRegion(ra, id)
		return r.ID, err
	})
	if err != nil {
		return err
	}
	if len(regions) == 0 {
		return a.key("regions").invalid("Discount must have atleast 1 region")
	}
	taken, err := l.exists(a, "SELECT id FROM discount WHERE code = ? AND deleted_at IS NULL", code)
	if err != nil {
		return err
	}
	if taken {
		return a.key("code").duplicate("Discount with code %s already exists.", code)
	}
	if in.ParentDiscountID != "" {
		if err := l.discountExists(a.key("parent_discount_id"), in.ParentDiscountID); err != nil {
			return err
		}
	}
	id, err := l.newID(a, "discount", "Discount", in.ID, ids.Discount)
	if err != nil {
		return err
	}
	if rule.ID, err = l.newID(a.key("rule"), "discount_rule", "Discount rule", in.Rule.ID, ids.DiscountRule); err != nil {
		return err
	}
	rule.CreatedAt, rule.UpdatedAt = l.now, l.now
	if err := l.insert(a.key("rule"), "discount_rule", rule); err != nil {
		return err
	}
	startsAt := l.now // the column's default
	if in.StartsAt != nil {
		startsAt = in.StartsAt.Time
	}
	if err := l.insert(a, "discount", &model.Discount{
		ID: id, Code: code, IsDynamic: in.IsDynamic, RuleID: &rule.ID, IsDisabled: in.IsDisabled,
		ParentDiscountID: nonEmpty(in.ParentDiscountID), StartsAt: startsAt, EndsAt: in.EndsAt.ptr(),
		Metadata: in.Metadata, UsageLimit: in.UsageLimit, UsageCount: in.UsageCount,
		ValidDuration: in.ValidDuration, CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	for _, r := range regions {
		if err := l.link(a, "discount_regions", "discount_id, region_id", id, r); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for i, c := range in.Rule.Conditions {
		if err := l.discountCondition(a.key("rule").child("conditions", i, c.Type), rule.ID, seen, c); err != nil {
			return err
		}
	}
	return nil
}

// discountRuleRow is DiscountService.validateDiscountRule_ and the rule's
// row, without its id.
func discountRuleRow(a at, in discountRule) (*model.DiscountRule, error) {
	typ := model.DiscountRuleType(in.Type)
	switch typ {
	case model.DiscountRuleTypeFixed, model.DiscountRuleTypePercentage, model.DiscountRuleTypeFreeShipping:
	default:
		return nil, a.key("type").invalid("type must be one of fixed, percentage, free_shipping, not %q", in.Type)
	}
	if typ == model.DiscountRuleTypePercentage && in.Value > 100 {
		return nil, a.key("value").invalid("Discount value above 100 is not allowed when type is percentage")
	}
	if in.Value < 0 {
		return nil, a.key("value").invalid("value must not be negative")
	}
	allocation := model.AllocationTypeTotal
	if in.Allocation != "" {
		allocation = model.AllocationType(in.Allocation)
	}
	if allocation != model.AllocationTypeTotal && allocation != model.AllocationTypeItem {
		return nil, a.key("allocation").invalid("allocation must be total or item, not %q", in.Allocation)
	}
	return &model.DiscountRule{
		Description: in.Description, Type: typ, Value: in.Value, Allocation: allocation, Metadata: in.Metadata,
	}, nil
}

func (l *loader) discountExists(a at, id string) error {
	ok, err := l.exists(a, "SELECT id FROM discount WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return err
	}
	if !ok {
		return a.notFound("Discount with %s was not found", id)
	}
	return nil
}

// conditionTargets maps a condition type to its join table, the table's
// column for the target, and how a target is resolved.
func (l *loader) conditionTargets(typ model.DiscountConditionType) (table, column string, resolve func(at, string) (string, error)) {
	switch typ {
	case model.DiscountConditionTypeProducts:
		return "discount_condition_product", "product_id", l.productID
	case model.DiscountConditionTypeProductTypes:
		return "discount_condition_product_type", "product_type_id", l.productTypeID
	case model.DiscountConditionTypeProductCollections:
		return "discount_condition_product_collection", "product_collection_id", func(a at, id string) (string, error) {
			return id, l.collectionExists(a, id)
		}
	case model.DiscountConditionTypeProductTags:
		return "discount_condition_product_tag", "product_tag_id", l.productTagID
	case model.DiscountConditionTypeCustomerGroups:
		return "discount_condition_customer_group", "customer_group_id", func(a at, id string) (string, error) {
			return id, l.customerGroupExists(a, id)
		}
	}
	return "", "", nil
}

// discountCondition creates a condition of a rule and the rows joining it
// to its products, types, collections, tags or customer groups. A rule has
// at most one condition per type and operator.
func (l *loader) discountCondition(a at, ruleID string, seen map[string]bool, in discountCondition) error {
	typ := model.DiscountConditionType(in.Type)
	table, column, resolve := l.conditionTargets(typ)
	if resolve == nil {
		return a.key("type").invalid("type must be one of products, product_types, product_collections, product_tags, customer_groups, not %q", in.Type)
	}
	op := model.DiscountConditionOperator(in.Operator)
	if op != model.DiscountConditionOperatorIn && op != model.DiscountConditionOperatorNotIn {
		return a.key("operator").invalid("operator must be in or not_in, not %q", in.Operator)
	}
	if seen[in.Type+"/"+in.Operator] {
		return a.duplicate("Discount Condition with operator '%s' and type '%s' already exist on a Discount Rule", op, typ)
	}
	seen[in.Type+"/"+in.Operator] = true
	targets, err := l.resolveAll(a.key("ids"), in.IDs, resolve)
	if err != nil {
		return err
	}
	id, err := l.newID(a, "discount_condition", "Discount condition", in.ID, ids.DiscountCondition)
	if err != nil {
		return err
	}
	if err := l.insert(a, "discount_condition", &model.DiscountCondition{
		ID: id, Type: typ, Operator: op, DiscountRuleID: ruleID, CreatedAt: l.now, UpdatedAt: l.now,
	}); err != nil {
		return err
	}
	for _, t := range targets {
		if err := l.link(a, table, column+", condition_id, created_at, updated_at", t, id, l.now, l.now); err != nil {
			return err
		}
	}
	return nil
}

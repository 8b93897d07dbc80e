package storage

import (
	"context"
	"fmt"

	"github.com/storegraph/storegraph/internal/model"
)

// CartRow is a cart with its one-to-one relations.
type CartRow struct {
	model.Cart
	Region          *model.Region       `join:"region"`
	Customer        *model.Customer     `join:"customer"`
	ShippingAddress *model.Address      `join:"shipping_address"`
	BillingAddress  *model.Address      `join:"billing_address"`
	SalesChannel    *model.SalesChannel `join:"sales_channel"`
	Payment         *model.Payment      `join:"payment"`
}

var cartSelect = `SELECT c.*, ` + Cols("r", "region", model.Region{}) + `, ` +
	Cols("cu", "customer", model.Customer{}) + `, ` +
	Cols("sa", "shipping_address", model.Address{}) + `, ` +
	Cols("ba", "billing_address", model.Address{}) + `, ` +
	Cols("sc", "sales_channel", model.SalesChannel{}) + `, ` +
	Cols("pay", "payment", model.Payment{}) + `
	FROM cart c
	JOIN region r ON r.id = c.region_id
	LEFT JOIN customer cu ON cu.id = c.customer_id
	LEFT JOIN address sa ON sa.id = c.shipping_address_id
	LEFT JOIN address ba ON ba.id = c.billing_address_id
	LEFT JOIN sales_channel sc ON sc.id = c.sales_channel_id
	LEFT JOIN payment pay ON pay.id = c.payment_id`

// CartsByID reads live carts with their region, customer, addresses, sales
// channel and payment, in one statement.
func CartsByID(ctx context.Context, q Q, ids []string) (map[string]*CartRow, error) {
	var rows []CartRow
	if err := SelectJoinedIn(ctx, q, &rows, cartSelect+` WHERE c.id IN (?) AND c.deleted_at IS NULL`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *CartRow) string { return r.ID }), nil
}

// LockCart takes the cart's row lock for the rest of the transaction, so
// mutations of one cart run one after the other. SQLite needs none: its
// write transactions begin IMMEDIATE and so run one at a time.
func LockCart(ctx context.Context, tx *Tx, id string) error {
	if tx.Dialect != Postgres {
		return nil
	}
	_, err := Exec(ctx, tx, `SELECT id FROM cart WHERE id = ? FOR UPDATE`, id)
	return err
}

// ItemRow is a line item with its variant and the variant's product.
type ItemRow struct {
	model.LineItem
	Variant *model.ProductVariant `join:"variant"`
	Product *model.Product        `join:"product"`
	// ProfileID is the shipping profile of the item's product.
	ProfileID *string `db:"profile_id"`
}

var itemSelect = `SELECT li.*, ` + Cols("v", "variant", model.ProductVariant{}) + `, ` +
	Cols("p", "product", model.Product{}) + `,
	(SELECT psp.profile_id FROM product_shipping_profile psp WHERE psp.product_id = p.id ORDER BY psp.profile_id LIMIT 1) AS profile_id
	FROM line_item li
	LEFT JOIN product_variant v ON v.id = li.variant_id
	LEFT JOIN product p ON p.id = v.product_id`

// ItemsByCart reads the line items of carts in creation order.
func ItemsByCart(ctx context.Context, q Q, cartIDs []string) (map[string][]ItemRow, error) {
	return joinedByKey(ctx, q, itemSelect+` WHERE li.cart_id IN (?) ORDER BY li.created_at, li.id`, cartIDs,
		func(r *ItemRow) string { return *r.CartID })
}

// ItemsByOrder reads the line items of orders in creation order.
func ItemsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]ItemRow, error) {
	return joinedByKey(ctx, q, itemSelect+` WHERE li.order_id IN (?) ORDER BY li.created_at, li.id`, orderIDs,
		func(r *ItemRow) string { return *r.OrderID })
}

// ItemsByID reads line items.
func ItemsByID(ctx context.Context, q Q, ids []string) (map[string]*ItemRow, error) {
	var rows []ItemRow
	if err := SelectJoinedIn(ctx, q, &rows, itemSelect+` WHERE li.id IN (?)`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *ItemRow) string { return r.ID }), nil
}

func joinedByKey[T any](ctx context.Context, q Q, query string, keys []string, key func(*T) string) (map[string][]T, error) {
	var rows []T
	if err := SelectJoinedIn(ctx, q, &rows, query, keys); err != nil {
		return nil, err
	}
	out := make(map[string][]T, len(keys))
	for i := range rows {
		k := key(&rows[i])
		out[k] = append(out[k], rows[i])
	}
	return out, nil
}

// AdjustmentsByItem reads line item adjustments.
func AdjustmentsByItem(ctx context.Context, q Q, itemIDs []string) (map[string][]model.LineItemAdjustment, error) {
	return byKeys(ctx, q, `SELECT * FROM line_item_adjustment WHERE item_id IN (?) ORDER BY id`, itemIDs,
		func(a *model.LineItemAdjustment) string { return a.ItemID })
}

// ItemTaxLinesByItem reads persisted line item tax lines.
func ItemTaxLinesByItem(ctx context.Context, q Q, itemIDs []string) (map[string][]model.LineItemTaxLine, error) {
	return byKeys(ctx, q, `SELECT * FROM line_item_tax_line WHERE item_id IN (?) ORDER BY created_at, id`, itemIDs,
		func(t *model.LineItemTaxLine) string { return t.ItemID })
}

// MethodRow is a shipping method with its shipping option.
type MethodRow struct {
	model.ShippingMethod
	Option *model.ShippingOption `join:"option"`
}

var methodSelect = `SELECT sm.*, ` + Cols("so", "option", model.ShippingOption{}) + `
	FROM shipping_method sm JOIN shipping_option so ON so.id = sm.shipping_option_id`

// MethodsByCart reads the shipping methods of carts.
func MethodsByCart(ctx context.Context, q Q, cartIDs []string) (map[string][]MethodRow, error) {
	return joinedByKey(ctx, q, methodSelect+` WHERE sm.cart_id IN (?) ORDER BY sm.id`, cartIDs,
		func(r *MethodRow) string { return *r.CartID })
}

// MethodsByOrder reads the shipping methods of orders.
func MethodsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]MethodRow, error) {
	return joinedByKey(ctx, q, methodSelect+` WHERE sm.order_id IN (?) ORDER BY sm.id`, orderIDs,
		func(r *MethodRow) string { return *r.OrderID })
}

// MethodTaxLinesByMethod reads persisted shipping method tax lines.
func MethodTaxLinesByMethod(ctx context.Context, q Q, methodIDs []string) (map[string][]model.ShippingMethodTaxLine, error) {
	return byKeys(ctx, q, `SELECT * FROM shipping_method_tax_line WHERE shipping_method_id IN (?) ORDER BY created_at, id`, methodIDs,
		func(t *model.ShippingMethodTaxLine) string { return t.ShippingMethodID })
}

// DiscountRow is a discount with its rule, and the cart or order that has it.
type DiscountRow struct {
	model.Discount
	Rule    *model.DiscountRule `join:"rule"`
	OwnerID string              `db:"owner_id"`
}

var discountSelect = `SELECT d.*, ` + Cols("dr", "rule", model.DiscountRule{}) + `, %s AS owner_id
	FROM %s link JOIN discount d ON d.id = link.discount_id
	LEFT JOIN discount_rule dr ON dr.id = d.rule_id`

// DiscountsByCart reads the discounts of carts with their rules.
func DiscountsByCart(ctx context.Context, q Q, cartIDs []string) (map[string][]DiscountRow, error) {
	return joinedByKey(ctx, q, fmt.Sprintf(discountSelect, "link.cart_id", "cart_discounts")+
		` WHERE link.cart_id IN (?) ORDER BY d.created_at, d.id`, cartIDs, func(r *DiscountRow) string { return r.OwnerID })
}

// DiscountsByOrder reads the discounts of orders with their rules.
func DiscountsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]DiscountRow, error) {
	return joinedByKey(ctx, q, fmt.Sprintf(discountSelect, "link.order_id", "order_discounts")+
		` WHERE link.order_id IN (?) ORDER BY d.created_at, d.id`, orderIDs, func(r *DiscountRow) string { return r.OwnerID })
}

// DiscountByCodes reads live discounts (with rules) by upper-case code.
func DiscountsByCode(ctx context.Context, q Q, codes []string) (map[string]*DiscountRow, error) {
	var rows []DiscountRow
	if err := SelectJoinedIn(ctx, q, &rows, `SELECT d.*, `+Cols("dr", "rule", model.DiscountRule{})+`, '' AS owner_id
		FROM discount d LEFT JOIN discount_rule dr ON dr.id = d.rule_id
		WHERE d.code IN (?) AND d.deleted_at IS NULL`, codes); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *DiscountRow) string { return r.Code }), nil
}

// DiscountsByID reads discounts with their rules.
func DiscountsByID(ctx context.Context, q Q, ids []string) (map[string]*DiscountRow, error) {
	var rows []DiscountRow
	if err := SelectJoinedIn(ctx, q, &rows, `SELECT d.*, `+Cols("dr", "rule", model.DiscountRule{})+`, '' AS owner_id
		FROM discount d LEFT JOIN discount_rule dr ON dr.id = d.rule_id WHERE d.id IN (?)`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *DiscountRow) string { return r.ID }), nil
}

type discountRegion struct {
	DiscountID string `db:"discount_id"`
	RegionID   string `db:"region_id"`
}

// RegionsByDiscount reads the region ids of discounts.
func RegionsByDiscount(ctx context.Context, q Q, discountIDs []string) (map[string][]string, error) {
	rows, err := byKeys(ctx, q, `SELECT discount_id, region_id FROM discount_regions WHERE discount_id IN (?)`, discountIDs,
		func(r *discountRegion) string { return r.DiscountID })
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(rows))
	for k, rs := range rows {
		for _, r := range rs {
			out[k] = append(out[k], r.RegionID)
		}
	}
	return out, nil
}

// Condition is a discount condition with the ids it lists.
type Condition struct {
	model.DiscountCondition
	IDs []string
}

type conditionLink struct {
	ConditionID string `db:"condition_id"`
	ForeignID   string `db:"foreign_id"`
}

// ConditionsByRule reads the live conditions of discount rules with the
// products, types, collections, tags or customer groups each lists.
func ConditionsByRule(ctx context.Context, q Q, ruleIDs []string) (map[string][]Condition, error) {
	conds, err := byKeys(ctx, q, `SELECT * FROM discount_condition WHERE discount_rule_id IN (?) AND deleted_at IS NULL
		ORDER BY created_at, id`, ruleIDs, func(c *model.DiscountCondition) string { return c.DiscountRuleID })
	if err != nil || len(conds) == 0 {
		return map[string][]Condition{}, err
	}
	var condIDs []string
	for _, cs := range conds {
		for _, c := range cs {
			condIDs = append(condIDs, c.ID)
		}
	}
	var links []conditionLink
	if err := SelectIn(ctx, q, &links, `
		SELECT condition_id, product_id AS foreign_id FROM discount_condition_product WHERE condition_id IN (?)
		UNION ALL SELECT condition_id, product_type_id FROM discount_condition_product_type WHERE condition_id IN (?)
		UNION ALL SELECT condition_id, product_collection_id FROM discount_condition_product_collection WHERE condition_id IN (?)
		UNION ALL SELECT condition_id, product_tag_id FROM discount_condition_product_tag WHERE condition_id IN (?)
		UNION ALL SELECT condition_id, customer_group_id FROM discount_condition_customer_group WHERE condition_id IN (?)`,
		condIDs, condIDs, condIDs, condIDs, condIDs); err != nil {
		return nil, err
	}
	ids := map[string][]string{}
	for _, l := range links {
		ids[l.ConditionID] = append(ids[l.ConditionID], l.ForeignID)
	}
	out := make(map[string][]Condition, len(conds))
	for rule, cs := range conds {
		for _, c := range cs {
			out[rule] = append(out[rule], Condition{DiscountCondition: c, IDs: ids[c.ID]})
		}
	}
	return out, nil
}

type ownedGiftCard struct {
	model.GiftCard
	OwnerID string `db:"owner_id"`
}

// GiftCardsByCart reads the gift cards of carts.
func GiftCardsByCart(ctx context.Context, q Q, cartIDs []string) (map[string][]model.GiftCard, error) {
	rows, err := byKeys(ctx, q, `SELECT g.*, l.cart_id AS owner_id FROM cart_gift_cards l JOIN gift_card g ON g.id = l.gift_card_id
		WHERE l.cart_id IN (?) ORDER BY g.created_at, g.id`, cartIDs, func(r *ownedGiftCard) string { return r.OwnerID })
	return unwrap(rows, func(r ownedGiftCard) model.GiftCard { return r.GiftCard }), err
}

// GiftCardsByOrder reads the gift cards of orders.
func GiftCardsByOrder(ctx context.Context, q Q, orderIDs []string) (map[string][]model.GiftCard, error) {
	rows, err := byKeys(ctx, q, `SELECT g.*, l.order_id AS owner_id FROM order_gift_cards l JOIN gift_card g ON g.id = l.gift_card_id
		WHERE l.order_id IN (?) ORDER BY g.created_at, g.id`, orderIDs, func(r *ownedGiftCard) string { return r.OwnerID })
	return unwrap(rows, func(r ownedGiftCard) model.GiftCard { return r.GiftCard }), err
}

// GiftCardsByCode reads live gift cards by code.
func GiftCardsByCode(ctx context.Context, q Q, codes []string) (map[string]*model.GiftCard, error) {
	var rows []model.GiftCard
	if err := SelectIn(ctx, q, &rows, `SELECT * FROM gift_card WHERE code IN (?) AND deleted_at IS NULL`, codes); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *model.GiftCard) string { return r.Code }), nil
}

// SessionsByCart reads the payment sessions of carts.
func SessionsByCart(ctx context.Context, q Q, cartIDs []string) (map[string][]model.PaymentSession, error) {
	return byKeys(ctx, q, `SELECT * FROM payment_session WHERE cart_id IN (?) ORDER BY created_at, id`, cartIDs,
		func(s *model.PaymentSession) string { return *s.CartID })
}

// AddressesByID reads addresses.
func AddressesByID(ctx context.Context, q Q, ids []string) (map[string]*model.Address, error) {
	return byID(ctx, q, "address", ids, func(a *model.Address) string { return a.ID })
}

// CustomersByID reads customers.
func CustomersByID(ctx context.Context, q Q, ids []string) (map[string]*model.Customer, error) {
	return byID(ctx, q, "customer", ids, func(c *model.Customer) string { return c.ID })
}

// GuestCustomerByEmail reads the guest customer (no account) with an email.
func GuestCustomerByEmail(ctx context.Context, q Q, email string) (*model.Customer, error) {
	return one[model.Customer](ctx, q, `SELECT * FROM customer WHERE email = ? AND has_account = false
		AND deleted_at IS NULL ORDER BY created_at LIMIT 1`, email)
}

// DeleteWhere deletes the rows of table whose column is one of values.
func DeleteWhere(ctx context.Context, q Q, table, column string, values []string) error {
	if len(values) == 0 {
		return nil
	}
	query, args, err := In(q, "DELETE FROM "+quoteTable(table)+" WHERE "+column+" IN (?)", values)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, query, args...)
	return err
}

// VariantRow is a variant with its product and the product's shipping profile.
type VariantRow struct {
	model.ProductVariant
	Product   *model.Product `join:"product"`
	ProfileID *string        `db:"profile_id"`
}

// VariantsWithProduct reads variants (live ones) with their products.
func VariantsWithProduct(ctx context.Context, q Q, ids []string) (map[string]*VariantRow, error) {
	var rows []VariantRow
	if err := SelectJoinedIn(ctx, q, &rows, `SELECT v.*, `+Cols("p", "product", model.Product{})+`,
		(SELECT psp.profile_id FROM product_shipping_profile psp WHERE psp.product_id = p.id ORDER BY psp.profile_id LIMIT 1) AS profile_id
		FROM product_variant v JOIN product p ON p.id = v.product_id
		WHERE v.id IN (?) AND v.deleted_at IS NULL`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *VariantRow) string { return r.ID }), nil
}

type productChannel struct {
	ProductID      string `db:"product_id"`
	SalesChannelID string `db:"sales_channel_id"`
}

// ProductsInChannel returns which of the products are in the sales channel.
func ProductsInChannel(ctx context.Context, q Q, channelID string, productIDs []string) (map[string]bool, error) {
	var rows []productChannel
	if err := SelectIn(ctx, q, &rows, `SELECT product_id, sales_channel_id FROM product_sales_channel
		WHERE sales_channel_id = ? AND product_id IN (?)`, channelID, productIDs); err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(rows))
	for _, r := range rows {
		out[r.ProductID] = true
	}
	return out, nil
}

type productTagID struct {
	ProductID string `db:"product_id"`
	TagID     string `db:"product_tag_id"`
}

// TagIDsByProduct reads the tag ids of products.
func TagIDsByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]string, error) {
	var rows []productTagID
	if err := SelectIn(ctx, q, &rows, `SELECT product_id, product_tag_id FROM product_tags WHERE product_id IN (?)`, productIDs); err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.ProductID] = append(out[r.ProductID], r.TagID)
	}
	return out, nil
}

// CountriesByISO2 reads countries by their two-letter code.
func CountriesByISO2(ctx context.Context, q Q, codes []string) (map[string]*model.Country, error) {
	var rows []model.Country
	if err := SelectIn(ctx, q, &rows, `SELECT * FROM country WHERE iso_2 IN (?)`, codes); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *model.Country) string { return r.ISO2 }), nil
}

// AddressesByCustomer reads the live saved addresses of customers.
func AddressesByCustomer(ctx context.Context, q Q, customerIDs []string) (map[string][]model.Address, error) {
	return byKeys(ctx, q, `SELECT * FROM address WHERE customer_id IN (?) AND deleted_at IS NULL ORDER BY created_at, id`,
		customerIDs, func(a *model.Address) string { return *a.CustomerID })
}

type groupOfCustomer struct {
	model.CustomerGroup
	CustomerID string `db:"customer_id"`
}

// CustomerGroupsByCustomer reads the live groups of customers.
func CustomerGroupsByCustomer(ctx context.Context, q Q, customerIDs []string) (map[string][]model.CustomerGroup, error) {
	rows, err := byKeys(ctx, q, `SELECT g.*, cgc.customer_id FROM customer_group_customers cgc
		JOIN customer_group g ON g.id = cgc.customer_group_id AND g.deleted_at IS NULL
		WHERE cgc.customer_id IN (?) ORDER BY g.created_at, g.id`, customerIDs,
		func(r *groupOfCustomer) string { return r.CustomerID })
	return unwrap(rows, func(r groupOfCustomer) model.CustomerGroup { return r.CustomerGroup }), err
}

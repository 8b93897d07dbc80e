package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/storegraph/storegraph/internal/model"
)

// listed runs a count and a page query over the same filtered table.
func listed[T any](ctx context.Context, q Q, from string, w *Where, page Page) ([]T, int, error) {
	if err := w.Err(); err != nil {
		return nil, 0, err
	}
	var count int
	if err := Get(ctx, q, &count, "SELECT count(*) FROM "+from+w.SQL(), w.Args()...); err != nil {
		return nil, 0, err
	}
	rows := []T{}
	if count == 0 || page.Limit == 0 {
		return rows, count, nil
	}
	if err := Select(ctx, q, &rows, "SELECT * FROM "+from+w.SQL()+page.SQL(), w.Args()...); err != nil {
		return nil, 0, err
	}
	return rows, count, nil
}

// one reads a single row; nil (and no error) when there is none.
func one[T any](ctx context.Context, q Q, query string, args ...any) (*T, error) {
	var row T
	err := Get(ctx, q, &row, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &row, nil
}

// byKeys reads rows whose column is one of keys and groups them by key(row).
func byKeys[T any](ctx context.Context, q Q, query string, keys []string, key func(*T) string) (map[string][]T, error) {
	var rows []T
	if err := SelectIn(ctx, q, &rows, query, keys); err != nil {
		return nil, err
	}
	out := make(map[string][]T, len(keys))
	for i := range rows {
		k := key(&rows[i])
		out[k] = append(out[k], rows[i])
	}
	return out, nil
}

// indexBy maps rows by key(row), pointing into rows; of rows with the same
// key the last wins.
func indexBy[T any](rows []T, key func(*T) string) map[string]*T {
	out := make(map[string]*T, len(rows))
	for i := range rows {
		out[key(&rows[i])] = &rows[i]
	}
	return out
}

// byID reads rows whose id is one of ids.
func byID[T any](ctx context.Context, q Q, table string, ids []string, id func(*T) string) (map[string]*T, error) {
	var rows []T
	if err := SelectIn(ctx, q, &rows, "SELECT * FROM "+quoteTable(table)+" WHERE id IN (?)", ids); err != nil {
		return nil, err
	}
	return indexBy(rows, id), nil
}

// Store returns the store row (Medusa keeps exactly one).
func GetStore(ctx context.Context, q Q) (*model.Store, error) {
	return one[model.Store](ctx, q, "SELECT * FROM store ORDER BY created_at LIMIT 1")
}

// RegionFilter selects regions.
type RegionFilter struct {
	CreatedAt, UpdatedAt *TimeRange
}

// ListRegions lists regions that are not deleted.
func ListRegions(ctx context.Context, q Q, f RegionFilter, page Page) ([]model.Region, int, error) {
	w := &Where{}
	w.Add("deleted_at IS NULL")
	w.AddTimeRange("created_at", f.CreatedAt)
	w.AddTimeRange("updated_at", f.UpdatedAt)
	return listed[model.Region](ctx, q, "region", w, page)
}

// RegionsByID reads regions (deleted ones too: carts and orders keep theirs).
func RegionsByID(ctx context.Context, q Q, ids []string) (map[string]*model.Region, error) {
	return byID(ctx, q, "region", ids, func(r *model.Region) string { return r.ID })
}

// RegionRow is a region with its currency.
type RegionRow struct {
	model.Region
	Currency *model.Currency `join:"currency"`
}

// RegionsWithCurrency reads regions with their currencies in one statement.
func RegionsWithCurrency(ctx context.Context, q Q, ids []string) (map[string]*RegionRow, error) {
	var rows []RegionRow
	if err := SelectJoinedIn(ctx, q, &rows, `SELECT r.*, `+Cols("cur", "currency", model.Currency{})+`
		FROM region r LEFT JOIN currency cur ON cur.code = r.currency_code WHERE r.id IN (?)`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *RegionRow) string { return r.ID }), nil
}

// CurrenciesByCode reads currencies.
func CurrenciesByCode(ctx context.Context, q Q, codes []string) (map[string]*model.Currency, error) {
	var rows []model.Currency
	if err := SelectIn(ctx, q, &rows, "SELECT * FROM currency WHERE code IN (?)", codes); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *model.Currency) string { return r.Code }), nil
}

// CountriesByRegion reads the countries of regions, by iso_2.
func CountriesByRegion(ctx context.Context, q Q, regionIDs []string) (map[string][]model.Country, error) {
	return byKeys(ctx, q, "SELECT * FROM country WHERE region_id IN (?) ORDER BY iso_2", regionIDs,
		func(c *model.Country) string { return *c.RegionID })
}

type regionProvider struct {
	RegionID    string `db:"region_id"`
	Kind        string `db:"kind"`
	ID          string `db:"id"`
	IsInstalled bool   `db:"is_installed"`
}

// RegionProviders are the payment and fulfillment providers of a region.
type RegionProviders struct {
	Payment     []model.PaymentProvider
	Fulfillment []model.FulfillmentProvider
}

// ProvidersByRegion reads the payment and fulfillment providers of regions
// in one statement.
func ProvidersByRegion(ctx context.Context, q Q, regionIDs []string) (map[string]*RegionProviders, error) {
	var rows []regionProvider
	if err := SelectIn(ctx, q, &rows, `
		SELECT rp.region_id, 'payment' AS kind, p.id, p.is_installed FROM region_payment_providers rp
		  JOIN payment_provider p ON p.id = rp.provider_id WHERE rp.region_id IN (?)
		UNION ALL
		SELECT rf.region_id, 'fulfillment', f.id, f.is_installed FROM region_fulfillment_providers rf
		  JOIN fulfillment_provider f ON f.id = rf.provider_id WHERE rf.region_id IN (?)
		ORDER BY 1, 2, 3`, regionIDs, regionIDs); err != nil {
		return nil, err
	}
	out := make(map[string]*RegionProviders, len(regionIDs))
	for _, id := range regionIDs {
		out[id] = &RegionProviders{Payment: []model.PaymentProvider{}, Fulfillment: []model.FulfillmentProvider{}}
	}
	for _, r := range rows {
		if r.Kind == "payment" {
			out[r.RegionID].Payment = append(out[r.RegionID].Payment, model.PaymentProvider{ID: r.ID, IsInstalled: r.IsInstalled})
		} else {
			out[r.RegionID].Fulfillment = append(out[r.RegionID].Fulfillment, model.FulfillmentProvider{ID: r.ID, IsInstalled: r.IsInstalled})
		}
	}
	return out, nil
}

// PaymentProvidersByRegion reads the payment providers enabled per region.
func PaymentProvidersByRegion(ctx context.Context, q Q, regionIDs []string) (map[string][]model.PaymentProvider, error) {
	all, err := ProvidersByRegion(ctx, q, regionIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]model.PaymentProvider, len(all))
	for id, p := range all {
		out[id] = p.Payment
	}
	return out, nil
}

// RegionTaxRates are a region's tax rates with the products, product types
// and shipping options each applies to.
type RegionTaxRates struct {
	Rates           []model.TaxRate
	Products        map[string][]string // tax rate id -> product ids
	ProductTypes    map[string][]string // tax rate id -> product type ids
	ShippingOptions map[string][]string // tax rate id -> shipping option ids
}

// taxRateRow is a tax rate with one thing it applies to (none for the
// rate's own row).
type taxRateRow struct {
	model.TaxRate
	Kind      string  `db:"link_kind"`
	ForeignID *string `db:"link_id"`
}

// TaxRatesByRegion reads the tax rates of regions and what they apply to,
// in one statement whatever the number of regions.
func TaxRatesByRegion(ctx context.Context, q Q, regionIDs []string) (map[string]*RegionTaxRates, error) {
	var rows []taxRateRow
	if err := SelectIn(ctx, q, &rows, `
		SELECT tr.*, 'rate' AS link_kind, NULL AS link_id FROM tax_rate tr WHERE tr.region_id IN (?)
		UNION ALL
		SELECT tr.*, 'product', l.product_id FROM product_tax_rate l JOIN tax_rate tr ON tr.id = l.rate_id WHERE tr.region_id IN (?)
		UNION ALL
		SELECT tr.*, 'product_type', l.product_type_id FROM product_type_tax_rate l JOIN tax_rate tr ON tr.id = l.rate_id WHERE tr.region_id IN (?)
		UNION ALL
		SELECT tr.*, 'shipping_option', l.shipping_option_id FROM shipping_tax_rate l JOIN tax_rate tr ON tr.id = l.rate_id WHERE tr.region_id IN (?)
		ORDER BY created_at, id`, regionIDs, regionIDs, regionIDs, regionIDs); err != nil {
		return nil, err
	}
	out := make(map[string]*RegionTaxRates, len(regionIDs))
	for _, id := range regionIDs {
		out[id] = &RegionTaxRates{Products: map[string][]string{}, ProductTypes: map[string][]string{}, ShippingOptions: map[string][]string{}}
	}
	for _, r := range rows {
		rates := out[r.RegionID]
		switch r.Kind {
		case "rate":
			rates.Rates = append(rates.Rates, r.TaxRate)
		case "product":
			rates.Products[r.ID] = append(rates.Products[r.ID], *r.ForeignID)
		case "product_type":
			rates.ProductTypes[r.ID] = append(rates.ProductTypes[r.ID], *r.ForeignID)
		default:
			rates.ShippingOptions[r.ID] = append(rates.ShippingOptions[r.ID], *r.ForeignID)
		}
	}
	return out, nil
}

// ProductFilter selects products for the store's product list.
type ProductFilter struct {
	IDs             []string
	Q               string
	CollectionIDs   []string
	TagIDs          []string
	Title           *string
	Description     *string
	Handle          *string
	IsGiftcard      *bool
	TypeIDs         []string
	SalesChannelIDs []string
	// CategoryIDs are matched as given; the caller expands descendants.
	CategoryIDs []string
	// Status restricts the product status (the store always asks "published").
	Status               []string
	CreatedAt, UpdatedAt *TimeRange
}

func (f ProductFilter) where() *Where {
	w := &Where{}
	w.Add("p.deleted_at IS NULL")
	if len(f.Status) > 0 {
		w.AddIn("p.status", f.Status)
	}
	w.AddIn("p.id", f.IDs)
	w.AddIn("p.collection_id", f.CollectionIDs)
	w.AddIn("p.type_id", f.TypeIDs)
	if f.Title != nil {
		w.Add("p.title = ?", *f.Title)
	}
	if f.Description != nil {
		w.Add("p.description = ?", *f.Description)
	}
	if f.Handle != nil {
		w.Add("p.handle = ?", *f.Handle)
	}
	if f.IsGiftcard != nil {
		w.Add("p.is_giftcard = ?", *f.IsGiftcard)
	}
	if len(f.TagIDs) > 0 {
		sub := &Where{}
		sub.AddIn("pt.product_tag_id", f.TagIDs)
		w.AddExists("product_tags pt WHERE pt.product_id = p.id", sub)
	}
	if len(f.SalesChannelIDs) > 0 {
		sub := &Where{}
		sub.AddIn("psc.sales_channel_id", f.SalesChannelIDs)
		w.AddExists("product_sales_channel psc WHERE psc.product_id = p.id", sub)
	}
	if len(f.CategoryIDs) > 0 {
		sub := &Where{}
		sub.AddIn("pcp.product_category_id", f.CategoryIDs)
		w.AddExists("product_category_product pcp WHERE pcp.product_id = p.id", sub)
	}
	if f.Q != "" {
		// Medusa's free-text search (ProductRepository's
		// getFreeTextSearchResultsAndCount): the product's description and
		// title, its variants' titles and SKUs, its collection's title.
		w.checkSearch(f.Q)
		pattern := "%" + escapeLike(f.Q) + "%"
		w.Add(`(LOWER(p.description) LIKE LOWER(?) ESCAPE '\' OR LOWER(p.title) LIKE LOWER(?) ESCAPE '\'
			OR EXISTS (SELECT 1 FROM product_variant v WHERE v.product_id = p.id AND v.deleted_at IS NULL
				AND (LOWER(v.title) LIKE LOWER(?) ESCAPE '\' OR LOWER(v.sku) LIKE LOWER(?) ESCAPE '\'))
			OR EXISTS (SELECT 1 FROM product_collection c WHERE c.id = p.collection_id AND c.deleted_at IS NULL
				AND LOWER(c.title) LIKE LOWER(?) ESCAPE '\'))`,
			pattern, pattern, pattern, pattern, pattern)
	}
	w.AddTimeRange("p.created_at", f.CreatedAt)
	w.AddTimeRange("p.updated_at", f.UpdatedAt)
	return w
}

// ListProducts lists the products of a filter.
func ListProducts(ctx context.Context, q Q, f ProductFilter, page Page) ([]model.Product, int, error) {
	if page.OrderBy == "" {
		page.OrderBy = "p.created_at DESC, p.id DESC"
	}
	return listed[model.Product](ctx, q, "product p", f.where(), page)
}

// ProductsByID reads products (any status).
func ProductsByID(ctx context.Context, q Q, ids []string) (map[string]*model.Product, error) {
	return byID(ctx, q, "product", ids, func(p *model.Product) string { return p.ID })
}

// VariantsByProduct reads the live variants of products in Medusa's order
// (variant_rank, then creation).
func VariantsByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]model.ProductVariant, error) {
	return byKeys(ctx, q, `SELECT * FROM product_variant WHERE product_id IN (?) AND deleted_at IS NULL
		ORDER BY variant_rank, created_at, id`, productIDs,
		func(v *model.ProductVariant) string { return v.ProductID })
}

// VariantsByID reads variants (deleted ones too: line items keep theirs).
func VariantsByID(ctx context.Context, q Q, ids []string) (map[string]*model.ProductVariant, error) {
	return byID(ctx, q, "product_variant", ids, func(v *model.ProductVariant) string { return v.ID })
}

// VariantFilter selects variants for the store's variant list.
type VariantFilter struct {
	IDs               []string
	Titles            []string
	InventoryQuantity *IntRange
}

// IntRange bounds an integer column.
type IntRange struct {
	Lt, Gt, Lte, Gte, Eq *int
}

// ListVariants lists the live variants matching f, whatever their product's
// status (Medusa's store variant list does not filter on it).
func ListVariants(ctx context.Context, q Q, f VariantFilter, page Page) ([]model.ProductVariant, error) {
	w := &Where{}
	w.Add("v.deleted_at IS NULL")
	w.AddIn("v.id", f.IDs)
	w.AddIn("v.title", f.Titles)
	if r := f.InventoryQuantity; r != nil {
		// A fixed order keeps one SQL text per set of bounds (statement cache).
		for _, b := range []struct {
			op    string
			bound *int
		}{{"<", r.Lt}, {">", r.Gt}, {"<=", r.Lte}, {">=", r.Gte}, {"=", r.Eq}} {
			if b.bound != nil {
				w.Add("v.inventory_quantity "+b.op+" ?", *b.bound)
			}
		}
	}
	if page.OrderBy == "" {
		page.OrderBy = "v.created_at DESC, v.id DESC"
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	rows := []model.ProductVariant{}
	err := Select(ctx, q, &rows, "SELECT v.* FROM product_variant v"+w.SQL()+page.SQL(), w.Args()...)
	return rows, err
}

// VariantPrice is a price of a variant with the price list it belongs to.
type VariantPrice struct {
	model.MoneyAmount
	VariantID string `db:"variant_id"`
	// The price list's fields; nil for default prices.
	ListType        *model.PriceListType   `db:"pl_type"`
	ListStatus      *model.PriceListStatus `db:"pl_status"`
	ListStartsAt    *time.Time             `db:"pl_starts_at"`
	ListEndsAt      *time.Time             `db:"pl_ends_at"`
	ListIncludesTax *bool                  `db:"pl_includes_tax"`
	ListDeletedAt   *time.Time             `db:"pl_deleted_at"`
}

// PricesByVariant reads every live price of variants with its price list.
func PricesByVariant(ctx context.Context, q Q, variantIDs []string) (map[string][]VariantPrice, error) {
	return byKeys(ctx, q, `SELECT ma.*, pvma.variant_id,
			pl.type AS pl_type, pl.status AS pl_status, pl.starts_at AS pl_starts_at, pl.ends_at AS pl_ends_at,
			pl.includes_tax AS pl_includes_tax, pl.deleted_at AS pl_deleted_at
		FROM product_variant_money_amount pvma
		JOIN money_amount ma ON ma.id = pvma.money_amount_id AND ma.deleted_at IS NULL
		LEFT JOIN price_list pl ON pl.id = ma.price_list_id
		WHERE pvma.variant_id IN (?) AND pvma.deleted_at IS NULL
		ORDER BY ma.created_at, ma.id`, variantIDs,
		func(p *VariantPrice) string { return p.VariantID })
}

type priceListGroup struct {
	PriceListID     string `db:"price_list_id"`
	CustomerGroupID string `db:"customer_group_id"`
}

// CustomerGroupsByPriceList reads the customer groups price lists are limited to.
func CustomerGroupsByPriceList(ctx context.Context, q Q, listIDs []string) (map[string][]string, error) {
	rows, err := byKeys(ctx, q, `SELECT price_list_id, customer_group_id FROM price_list_customer_groups
		WHERE price_list_id IN (?)`, listIDs, func(r *priceListGroup) string { return r.PriceListID })
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(rows))
	for k, rs := range rows {
		for _, r := range rs {
			out[k] = append(out[k], r.CustomerGroupID)
		}
	}
	return out, nil
}

type customerGroupRow struct {
	CustomerID      string `db:"customer_id"`
	CustomerGroupID string `db:"customer_group_id"`
}

// GroupsByCustomer reads the customer group ids of customers.
func GroupsByCustomer(ctx context.Context, q Q, customerIDs []string) (map[string][]string, error) {
	rows, err := byKeys(ctx, q, `SELECT cgc.customer_id, cgc.customer_group_id FROM customer_group_customers cgc
		JOIN customer_group g ON g.id = cgc.customer_group_id AND g.deleted_at IS NULL
		WHERE cgc.customer_id IN (?)`, customerIDs, func(r *customerGroupRow) string { return r.CustomerID })
	if err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(rows))
	for k, rs := range rows {
		for _, r := range rs {
			out[k] = append(out[k], r.CustomerGroupID)
		}
	}
	return out, nil
}

// OptionsByProduct reads the live options of products.
func OptionsByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]model.ProductOption, error) {
	return byKeys(ctx, q, `SELECT * FROM product_option WHERE product_id IN (?) AND deleted_at IS NULL
		ORDER BY created_at, id`, productIDs, func(o *model.ProductOption) string { return *o.ProductID })
}

// OptionValuesByOption reads the live values of options.
func OptionValuesByOption(ctx context.Context, q Q, optionIDs []string) (map[string][]model.ProductOptionValue, error) {
	return byKeys(ctx, q, `SELECT * FROM product_option_value WHERE option_id IN (?) AND deleted_at IS NULL
		ORDER BY created_at, id`, optionIDs, func(v *model.ProductOptionValue) string { return v.OptionID })
}

// OptionValuesByVariant reads the live option values of variants.
func OptionValuesByVariant(ctx context.Context, q Q, variantIDs []string) (map[string][]model.ProductOptionValue, error) {
	return byKeys(ctx, q, `SELECT * FROM product_option_value WHERE variant_id IN (?) AND deleted_at IS NULL
		ORDER BY created_at, id`, variantIDs, func(v *model.ProductOptionValue) string { return v.VariantID })
}

type productImage struct {
	model.Image
	ProductID string `db:"product_id"`
}

// ImagesByProduct reads the images of products.
func ImagesByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]model.Image, error) {
	rows, err := byKeys(ctx, q, `SELECT i.*, pi.product_id FROM product_images pi JOIN image i ON i.id = pi.image_id
		WHERE pi.product_id IN (?) AND i.deleted_at IS NULL ORDER BY i.created_at, i.id`, productIDs,
		func(r *productImage) string { return r.ProductID })
	return unwrap(rows, func(r productImage) model.Image { return r.Image }), err
}

type productTag struct {
	model.ProductTag
	ProductID string `db:"product_id"`
}

// TagsByProduct reads the tags of products.
func TagsByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]model.ProductTag, error) {
	rows, err := byKeys(ctx, q, `SELECT t.*, pt.product_id FROM product_tags pt JOIN product_tag t ON t.id = pt.product_tag_id
		WHERE pt.product_id IN (?) AND t.deleted_at IS NULL ORDER BY t.created_at, t.id`, productIDs,
		func(r *productTag) string { return r.ProductID })
	return unwrap(rows, func(r productTag) model.ProductTag { return r.ProductTag }), err
}

type productCategory struct {
	model.ProductCategory
	ProductID string `db:"product_id"`
}

// CategoriesByProduct reads the active, public categories of products.
func CategoriesByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]model.ProductCategory, error) {
	rows, err := byKeys(ctx, q, `SELECT c.*, pcp.product_id FROM product_category_product pcp
		JOIN product_category c ON c.id = pcp.product_category_id
		WHERE pcp.product_id IN (?) AND c.is_active = true AND c.is_internal = false
		ORDER BY c.rank, c.created_at, c.id`, productIDs,
		func(r *productCategory) string { return r.ProductID })
	return unwrap(rows, func(r productCategory) model.ProductCategory { return r.ProductCategory }), err
}

type productSalesChannel struct {
	model.SalesChannel
	ProductID string `db:"product_id"`
}

// SalesChannelsByProduct reads the sales channels of products.
func SalesChannelsByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]model.SalesChannel, error) {
	rows, err := byKeys(ctx, q, `SELECT sc.*, psc.product_id FROM product_sales_channel psc
		JOIN sales_channel sc ON sc.id = psc.sales_channel_id
		WHERE psc.product_id IN (?) AND sc.deleted_at IS NULL ORDER BY sc.created_at, sc.id`, productIDs,
		func(r *productSalesChannel) string { return r.ProductID })
	return unwrap(rows, func(r productSalesChannel) model.SalesChannel { return r.SalesChannel }), err
}

type productProfile struct {
	model.ShippingProfile
	ProductID string `db:"product_id"`
}

// ProfilesByProduct reads the shipping profiles of products.
func ProfilesByProduct(ctx context.Context, q Q, productIDs []string) (map[string][]model.ShippingProfile, error) {
	rows, err := byKeys(ctx, q, `SELECT sp.*, psp.product_id FROM product_shipping_profile psp
		JOIN shipping_profile sp ON sp.id = psp.profile_id
		WHERE psp.product_id IN (?) ORDER BY sp.created_at, sp.id`, productIDs,
		func(r *productProfile) string { return r.ProductID })
	return unwrap(rows, func(r productProfile) model.ShippingProfile { return r.ShippingProfile }), err
}

func unwrap[R, T any](in map[string][]R, f func(R) T) map[string][]T {
	out := make(map[string][]T, len(in))
	for k, rs := range in {
		ts := make([]T, len(rs))
		for i, r := range rs {
			ts[i] = f(r)
		}
		out[k] = ts
	}
	return out
}

// CollectionsByID reads product collections.
func CollectionsByID(ctx context.Context, q Q, ids []string) (map[string]*model.ProductCollection, error) {
	return byID(ctx, q, "product_collection", ids, func(c *model.ProductCollection) string { return c.ID })
}

// TypesByID reads product types.
func TypesByID(ctx context.Context, q Q, ids []string) (map[string]*model.ProductType, error) {
	return byID(ctx, q, "product_type", ids, func(t *model.ProductType) string { return t.ID })
}

// ShippingProfilesByID reads shipping profiles.
func ShippingProfilesByID(ctx context.Context, q Q, ids []string) (map[string]*model.ShippingProfile, error) {
	return byID(ctx, q, "shipping_profile", ids, func(p *model.ShippingProfile) string { return p.ID })
}

// PriceListsByID reads price lists.
func PriceListsByID(ctx context.Context, q Q, ids []string) (map[string]*model.PriceList, error) {
	return byID(ctx, q, "price_list", ids, func(p *model.PriceList) string { return p.ID })
}

// SalesChannelsByID reads sales channels.
func SalesChannelsByID(ctx context.Context, q Q, ids []string) (map[string]*model.SalesChannel, error) {
	return byID(ctx, q, "sales_channel", ids, func(s *model.SalesChannel) string { return s.ID })
}

// CollectionFilter selects product collections.
type CollectionFilter struct {
	Handles              []string
	CreatedAt, UpdatedAt *TimeRange
}

// ListCollections lists live product collections.
func ListCollections(ctx context.Context, q Q, f CollectionFilter, page Page) ([]model.ProductCollection, int, error) {
	w := &Where{}
	w.Add("deleted_at IS NULL")
	w.AddIn("handle", f.Handles)
	w.AddTimeRange("created_at", f.CreatedAt)
	w.AddTimeRange("updated_at", f.UpdatedAt)
	return listed[model.ProductCollection](ctx, q, "product_collection", w, page)
}

// ValueFilter selects product tags or types.
type ValueFilter struct {
	IDs                  []string
	Q                    string
	Values               []string
	CreatedAt, UpdatedAt *TimeRange
	DiscountConditionID  string
}

// ListProductTags lists live product tags.
func ListProductTags(ctx context.Context, q Q, f ValueFilter, page Page) ([]model.ProductTag, int, error) {
	w := f.where("discount_condition_product_tag", "product_tag_id")
	return listed[model.ProductTag](ctx, q, "product_tag", w, page)
}

// ListProductTypes lists live product types.
func ListProductTypes(ctx context.Context, q Q, f ValueFilter, page Page) ([]model.ProductType, int, error) {
	w := f.where("discount_condition_product_type", "product_type_id")
	return listed[model.ProductType](ctx, q, "product_type", w, page)
}

func (f ValueFilter) where(conditionTable, conditionColumn string) *Where {
	w := &Where{}
	w.Add("deleted_at IS NULL")
	w.AddIn("id", f.IDs)
	w.AddIn("value", f.Values)
	if f.Q != "" {
		w.AddContains(f.Q, "value")
	}
	w.AddTimeRange("created_at", f.CreatedAt)
	w.AddTimeRange("updated_at", f.UpdatedAt)
	if f.DiscountConditionID != "" {
		w.Add("id IN (SELECT "+conditionColumn+" FROM "+conditionTable+" WHERE condition_id = ?)", f.DiscountConditionID)
	}
	return w
}

// CategoryFilter selects product categories; only active, public ones are
// ever listed.
type CategoryFilter struct {
	Q      string
	Handle *string
	// ParentID selects children of a category; ParentIsNull the roots.
	ParentID     *string
	ParentIsNull bool
}

// ListCategories lists active, public categories.
func ListCategories(ctx context.Context, q Q, f CategoryFilter, page Page) ([]model.ProductCategory, int, error) {
	w := &Where{}
	w.Add("is_active = true AND is_internal = false")
	if f.Q != "" {
		w.AddContains(f.Q, "name", "handle")
	}
	if f.Handle != nil {
		w.Add("handle = ?", *f.Handle)
	}
	if f.ParentIsNull {
		w.Add("parent_category_id IS NULL")
	} else if f.ParentID != nil {
		w.Add("parent_category_id = ?", *f.ParentID)
	}
	return listed[model.ProductCategory](ctx, q, "product_category", w, page)
}

// CategoriesByID reads active, public categories.
func CategoriesByID(ctx context.Context, q Q, ids []string) (map[string]*model.ProductCategory, error) {
	var rows []model.ProductCategory
	if err := SelectIn(ctx, q, &rows, `SELECT * FROM product_category WHERE id IN (?)
		AND is_active = true AND is_internal = false`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *model.ProductCategory) string { return r.ID }), nil
}

// ChildCategories reads the active, public children of categories, by rank.
func ChildCategories(ctx context.Context, q Q, parentIDs []string) (map[string][]model.ProductCategory, error) {
	return byKeys(ctx, q, `SELECT * FROM product_category WHERE parent_category_id IN (?)
		AND is_active = true AND is_internal = false ORDER BY rank, created_at, id`, parentIDs,
		func(c *model.ProductCategory) string { return *c.ParentCategoryID })
}

// DescendantCategoryIDs returns the ids of the active, public categories
// below the given ones (through mpath), the given ones included, in one
// statement. A category's mpath is a LIKE prefix of its descendants' once its
// wildcards are escaped (ids hold '_').
func DescendantCategoryIDs(ctx context.Context, q Q, ids []string) ([]string, error) {
	var found []string
	if err := SelectIn(ctx, q, &found, `SELECT c.id FROM product_category a
		JOIN product_category c
		  ON c.mpath LIKE REPLACE(REPLACE(REPLACE(a.mpath, '\', '\\'), '%', '\%'), '_', '\_') || '%' ESCAPE '\'
		WHERE a.id IN (?) AND a.mpath IS NOT NULL AND c.is_active = true AND c.is_internal = false`, ids); err != nil {
		return nil, err
	}
	return append(append([]string(nil), ids...), found...), nil
}

type categoryProduct struct {
	model.Product
	CategoryID string `db:"category_id"`
}

// ProductsByCategory reads the published products of categories.
func ProductsByCategory(ctx context.Context, q Q, categoryIDs []string) (map[string][]model.Product, error) {
	rows, err := byKeys(ctx, q, `SELECT p.*, pcp.product_category_id AS category_id FROM product_category_product pcp
		JOIN product p ON p.id = pcp.product_id
		WHERE pcp.product_category_id IN (?) AND p.deleted_at IS NULL AND p.status = 'published'
		ORDER BY p.created_at DESC, p.id DESC`, categoryIDs, func(r *categoryProduct) string { return r.CategoryID })
	return unwrap(rows, func(r categoryProduct) model.Product { return r.Product }), err
}

// ProductsByCollection reads the published products of collections.
func ProductsByCollection(ctx context.Context, q Q, collectionIDs []string) (map[string][]model.Product, error) {
	return byKeys(ctx, q, `SELECT * FROM product WHERE collection_id IN (?) AND deleted_at IS NULL
		AND status = 'published' ORDER BY created_at DESC, id DESC`, collectionIDs,
		func(p *model.Product) string { return *p.CollectionID })
}

// ReturnReasonsByID reads live return reasons.
func ReturnReasonsByID(ctx context.Context, q Q, ids []string) (map[string]*model.ReturnReason, error) {
	var rows []model.ReturnReason
	if err := SelectIn(ctx, q, &rows, `SELECT * FROM return_reason WHERE id IN (?) AND deleted_at IS NULL`, ids); err != nil {
		return nil, err
	}
	return indexBy(rows, func(r *model.ReturnReason) string { return r.ID }), nil
}

// TopReturnReasons reads the live return reasons without a parent.
func TopReturnReasons(ctx context.Context, q Q) ([]model.ReturnReason, error) {
	rows := []model.ReturnReason{}
	err := Select(ctx, q, &rows, `SELECT * FROM return_reason WHERE parent_return_reason_id IS NULL
		AND deleted_at IS NULL ORDER BY created_at DESC, id DESC`)
	return rows, err
}

// ChildReturnReasons reads the live children of return reasons.
func ChildReturnReasons(ctx context.Context, q Q, parentIDs []string) (map[string][]model.ReturnReason, error) {
	return byKeys(ctx, q, `SELECT * FROM return_reason WHERE parent_return_reason_id IN (?) AND deleted_at IS NULL
		ORDER BY created_at, id`, parentIDs, func(r *model.ReturnReason) string { return *r.ParentReturnReasonID })
}

// GiftCardByCode reads a live gift card by its code.
func GiftCardByCode(ctx context.Context, q Q, code string) (*model.GiftCard, error) {
	return one[model.GiftCard](ctx, q, `SELECT * FROM gift_card WHERE code = ? AND deleted_at IS NULL`, code)
}

// ShippingOptionFilter selects shipping options.
type ShippingOptionFilter struct {
	RegionID   *string
	IsReturn   *bool
	ProfileIDs []string
	IDs        []string
	// AdminOnly false hides admin-only options (the store never sees them).
	IncludeAdminOnly bool
}

// ListShippingOptions lists live shipping options.
func ListShippingOptions(ctx context.Context, q Q, f ShippingOptionFilter) ([]model.ShippingOption, error) {
	w := &Where{}
	w.Add("deleted_at IS NULL")
	if !f.IncludeAdminOnly {
		w.Add("admin_only = false")
	}
	if f.RegionID != nil {
		w.Add("region_id = ?", *f.RegionID)
	}
	if f.IsReturn != nil {
		w.Add("is_return = ?", *f.IsReturn)
	}
	w.AddIn("profile_id", f.ProfileIDs)
	w.AddIn("id", f.IDs)
	if err := w.Err(); err != nil {
		return nil, err
	}
	rows := []model.ShippingOption{}
	err := Select(ctx, q, &rows, "SELECT * FROM shipping_option"+w.SQL()+" ORDER BY created_at, id", w.Args()...)
	return rows, err
}

// ShippingOptionsByID reads shipping options (deleted ones too: methods keep theirs).
func ShippingOptionsByID(ctx context.Context, q Q, ids []string) (map[string]*model.ShippingOption, error) {
	return byID(ctx, q, "shipping_option", ids, func(o *model.ShippingOption) string { return o.ID })
}

// RequirementsByShippingOption reads the live requirements of shipping options.
func RequirementsByShippingOption(ctx context.Context, q Q, optionIDs []string) (map[string][]model.ShippingOptionRequirement, error) {
	return byKeys(ctx, q, `SELECT * FROM shipping_option_requirement WHERE shipping_option_id IN (?) AND deleted_at IS NULL
		ORDER BY id`, optionIDs, func(r *model.ShippingOptionRequirement) string { return r.ShippingOptionID })
}

// PublishableKeyChannels returns the sales channel ids of an unrevoked
// publishable API key; none for an unknown or revoked key, which callers
// treat as a key without scope.
func PublishableKeyChannels(ctx context.Context, q Q, key string) ([]string, error) {
	var ids []string
	err := Select(ctx, q, &ids, `SELECT l.sales_channel_id FROM publishable_api_key_sales_channel l
		JOIN publishable_api_key k ON k.id = l.publishable_key_id AND k.revoked_at IS NULL
		WHERE l.publishable_key_id = ? ORDER BY l.sales_channel_id`, key)
	return ids, err
}

// IsNoRows reports a read that found no row.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

package catalog

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/pricing"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// Scope is what a request says about sales channels: the publishable API
// key of its header, if any.
type Scope struct {
	PublishableKey string
}

// keyChannels returns the sales channels a publishable key is scoped to.
// Medusa reads a key's scopes without checking that the key exists, so an
// unknown key has no scope and restricts nothing.
func (s *Service) keyChannels(ctx context.Context, sc Scope) ([]string, error) {
	if sc.PublishableKey == "" {
		return nil, nil
	}
	return storage.PublishableKeyChannels(ctx, s.DB.Reader, sc.PublishableKey)
}

// ProductChannels decides which sales channels a product listing covers, as
// Medusa's middlewares do: the channels asked for (which must be within the
// key's scope), else the key's channels, else the store's default channel.
func (s *Service) ProductChannels(ctx context.Context, sc Scope, asked []string) ([]string, error) {
	keyIDs, err := s.keyChannels(ctx, sc)
	if err != nil {
		return nil, err
	}
	if len(asked) > 0 {
		if err := askedInScope(asked, keyIDs); err != nil {
			return nil, err
		}
		return asked, nil
	}
	if sc.PublishableKey != "" {
		return keyIDs, nil
	}
	store, err := storage.GetStore(ctx, s.DB.Reader)
	if err != nil {
		return nil, err
	}
	if store != nil && store.DefaultSalesChannelID != nil {
		return []string{*store.DefaultSalesChannelID}, nil
	}
	return nil, nil
}

// askedInScope refuses sales channels asked for outside a key's channels; a
// key without channels restricts nothing.
func askedInScope(asked, keyIDs []string) error {
	if len(keyIDs) == 0 {
		return nil
	}
	for _, id := range asked {
		if !slices.Contains(keyIDs, id) {
			return errs.InvalidDataf("Provided sales channel id param: %s is not associated with the Publishable API Key passed in the header of the request.", strings.Join(asked, ","))
		}
	}
	return nil
}

// ProductQuery is a product listing: its filters as the client gave them.
type ProductQuery struct {
	storage.ProductFilter
	IncludeCategoryChildren bool
}

// productSortable are the product columns Medusa's store product list
// accepts as its order (allowedStoreProductsFields).
var productSortable = []string{"title", "subtitle", "status", "external_id", "description", "handle", "is_giftcard",
	"discountable", "thumbnail", "collection_id", "type_id", "weight", "length", "height", "width", "hs_code",
	"origin_country", "mid_code", "material", "deleted_at", "metadata"}

// Products lists published products (GET /store/products).
func (s *Service) Products(ctx context.Context, sc Scope, q ProductQuery, p Page) ([]model.Product, int, error) {
	page, err := sqlPage(p, "p.", productSortable...)
	if err != nil {
		return nil, 0, err
	}
	f, ok, err := s.storeFilter(ctx, sc, q)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return []model.Product{}, 0, nil
	}
	products, count, err := storage.ListProducts(ctx, s.DB.Reader, f, page)
	if err != nil {
		return nil, 0, err
	}
	loaders.For(ctx).HintProducts(products)
	return products, count, nil
}

// storeFilter completes a client's product filter with what the store
// always applies: published products only, of the request's sales channels,
// in active, public categories. As Medusa: with includeCategoryChildren the
// categories asked for are expanded to their descendants (whether or not
// they are visible themselves), then only active, public categories count.
// ok is false when the filter can match nothing.
func (s *Service) storeFilter(ctx context.Context, sc Scope, q ProductQuery) (f storage.ProductFilter, ok bool, err error) {
	f = q.ProductFilter
	f.Status = []string{string(model.ProductStatusPublished)}
	if f.SalesChannelIDs, err = s.ProductChannels(ctx, sc, f.SalesChannelIDs); err != nil {
		return f, false, err
	}
	if len(f.CategoryIDs) == 0 {
		return f, true, nil
	}
	asked := f.CategoryIDs
	if q.IncludeCategoryChildren {
		if asked, err = storage.DescendantCategoryIDs(ctx, s.DB.Reader, asked); err != nil {
			return f, false, err
		}
	}
	cats, err := storage.CategoriesByID(ctx, s.DB.Reader, asked)
	if err != nil {
		return f, false, err
	}
	visible := make([]string, 0, len(cats))
	for _, id := range asked {
		if cats[id] != nil && !slices.Contains(visible, id) {
			visible = append(visible, id)
		}
	}
	f.CategoryIDs = visible
	return f, len(visible) > 0, nil
}

// Product returns a published product (GET /store/products/{id}); within the
// publishable key's sales channels when the request has a key.
func (s *Service) Product(ctx context.Context, sc Scope, id string, salesChannelID *string) (*model.Product, error) {
	// The key's channels are read once, when a check first needs them.
	keyChannels := sync.OnceValues(func() ([]string, error) { return s.keyChannels(ctx, sc) })
	if salesChannelID != nil {
		keyIDs, err := keyChannels()
		if err != nil {
			return nil, err
		}
		if err := askedInScope([]string{*salesChannelID}, keyIDs); err != nil {
			return nil, err
		}
	}
	p, err := loaders.For(ctx).Product.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil || p.DeletedAt != nil || p.Status != model.ProductStatusPublished {
		return nil, errs.NotFoundf("Product with id: %s was not found", id)
	}
	keyIDs, err := keyChannels()
	if err != nil {
		return nil, err
	}
	if len(keyIDs) > 0 {
		channels, err := loaders.For(ctx).ProductSalesChannels.Load(ctx, id)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(channels, func(c model.SalesChannel) bool { return slices.Contains(keyIDs, c.ID) }) {
			return nil, errs.InvalidDataf("Product with id: %s is not associated with sales channels defined by the Publishable API Key passed in the header of the request.", id)
		}
	}
	copy := *p
	return &copy, nil
}

// VariantQuery is a variant listing's filters.
type VariantQuery struct {
	// IDs is Medusa's comma-separated `ids`, or else its list `id`.
	IDs               []string
	Titles            []string
	InventoryQuantity *storage.IntRange
}

// Variants lists variants (GET /store/variants).
func (s *Service) Variants(ctx context.Context, q VariantQuery, p Page) ([]model.ProductVariant, error) {
	page, err := sqlPage(p, "v.", "title", "sku", "inventory_quantity", "variant_rank")
	if err != nil {
		return nil, err
	}
	vs, err := storage.ListVariants(ctx, s.DB.Reader, storage.VariantFilter{
		IDs: q.IDs, Titles: q.Titles, InventoryQuantity: q.InventoryQuantity,
	}, page)
	if err != nil {
		return nil, err
	}
	l := loaders.For(ctx)
	for i := range vs {
		l.HintVariant(&vs[i])
	}
	return vs, nil
}

// Variant returns a live variant (GET /store/variants/{id}).
func (s *Service) Variant(ctx context.Context, id string) (*model.ProductVariant, error) {
	v, err := loaders.For(ctx).Variant.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if v == nil || v.DeletedAt != nil {
		return nil, errs.NotFoundf("Variant with id: %s was not found", id)
	}
	copy := *v
	return &copy, nil
}

// PricingFor resolves a query's pricing context: a cart gives its region, a
// region its currency; the customer is the logged-in one.
// Without a region and a currency prices stay null; the context is then nil,
// or only the customer's (whose group price lists are among the prices).
func (s *Service) PricingFor(ctx context.Context, cartID, regionID, currencyCode *string, customerID string) (*model.PricingContext, error) {
	pc := &model.PricingContext{CustomerID: customerID}
	if cartID != nil {
		cart, err := loaders.For(ctx).Cart.Load(ctx, *cartID)
		if err != nil {
			return nil, err
		}
		if cart == nil {
			return nil, errs.NotFoundf("Cart with %s was not found", *cartID)
		}
		// Medusa's product and variant routes take only the cart's region;
		// the customer is the request's, not the cart's.
		regionID = &cart.RegionID
	}
	if regionID != nil {
		r, err := s.Region(ctx, *regionID)
		if err != nil {
			return nil, err
		}
		pc.RegionID, pc.CurrencyCode = r.ID, r.CurrencyCode
		return pc, nil
	}
	if currencyCode != nil {
		pc.CurrencyCode = strings.ToLower(*currencyCode)
		return pc, nil
	}
	if pc.CustomerID != "" {
		return pc, nil
	}
	return nil, nil
}

type pricingKey struct {
	variantID string
	ctx       model.PricingContext
}

// PriceVariant prices a variant for the pricing context it was reached with,
// once per variant and context per request. Without a region and a currency
// there is no original or calculated price, and the prices are those Medusa
// considers then: the variant's own prices and those of the price lists that
// apply (active, running, and without customer groups unless the context's
// customer is in one).
func (s *Service) PriceVariant(ctx context.Context, v *model.ProductVariant) (*PricedVariant, error) {
	var pc model.PricingContext
	if v.Pricing != nil {
		pc = *v.Pricing
	}
	return loaders.Memo(ctx, pricingKey{v.ID, pc}, func() (*PricedVariant, error) {
		return s.priceVariant(ctx, v, v.Pricing)
	})
}

// PricedVariant is a variant's pricing with the money amounts it considered.
type PricedVariant struct {
	pricing.Result
	Prices []model.MoneyAmount
}

func (s *Service) priceVariant(ctx context.Context, v *model.ProductVariant, pc *model.PricingContext) (*PricedVariant, error) {
	l := loaders.For(ctx)
	rows, err := l.VariantPrices.Load(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]model.MoneyAmount, len(rows))
	if pc == nil {
		pc = &model.PricingContext{}
	}
	// Medusa's store product and variant routes always ask for discount
	// (price list) prices.
	pctx := pricing.Context{
		RegionID:              pc.RegionID,
		CurrencyCode:          pc.CurrencyCode,
		CustomerID:            pc.CustomerID,
		IncludeDiscountPrices: true,
		Now:                   s.DB.Now(),
		TaxInclusivePricing:   true,
	}
	if pc.CustomerID != "" {
		if pctx.CustomerGroupIDs, err = l.CustomerGroups.Load(ctx, pc.CustomerID); err != nil {
			return nil, err
		}
	}
	var region *model.Region
	var currencyIncludesTax bool
	if pc.RegionID != "" {
		if region, err = l.Region.Load(ctx, pc.RegionID); err != nil {
			return nil, err
		}
		pctx.AutomaticTaxes = region.AutomaticTaxes
		product, err := l.Product.Load(ctx, v.ProductID)
		if err != nil {
			return nil, err
		}
		rates, err := ProductTaxRates(ctx, region, product)
		if err != nil {
			return nil, err
		}
		pctx.TaxRates = TaxRatesForPricing(rates)
	}
	if pc.CurrencyCode != "" {
		cur, err := l.Currency.Load(ctx, pc.CurrencyCode)
		if err != nil {
			return nil, err
		}
		currencyIncludesTax = cur != nil && cur.IncludesTax
	}
	groups := map[string][]string{}
	for _, r := range rows {
		byID[r.ID] = r.MoneyAmount
		if r.PriceListID != nil {
			if groups[*r.PriceListID], err = l.PriceListGroups.Load(ctx, *r.PriceListID); err != nil {
				return nil, err
			}
		}
	}
	amounts := MoneyAmounts(rows, groups, region, pc.CurrencyCode, currencyIncludesTax)
	res := pricing.Select(amounts, pctx)
	out := &PricedVariant{Result: res, Prices: make([]model.MoneyAmount, 0, len(res.Prices))}
	for _, p := range res.Prices {
		out.Prices = append(out.Prices, byID[p.ID])
	}
	return out, nil
}

// MoneyAmounts converts a variant's prices for price selection. groups are
// the customer groups of the price lists; the includes_tax flags of the
// context's region and currency mark the prices that include tax.
func MoneyAmounts(rows []storage.VariantPrice, groups map[string][]string, region *model.Region, currencyCode string, currencyIncludesTax bool) []pricing.MoneyAmount {
	amounts := make([]pricing.MoneyAmount, 0, len(rows))
	for _, r := range rows {
		ma := pricing.MoneyAmount{
			ID: r.ID, Amount: r.Amount, CurrencyCode: r.CurrencyCode,
			MinQuantity: intPtr(r.MinQuantity), MaxQuantity: intPtr(r.MaxQuantity),
			CurrencyIncludesTax: r.CurrencyCode == currencyCode && currencyIncludesTax,
		}
		if r.RegionID != nil {
			ma.RegionID = *r.RegionID
			ma.RegionIncludesTax = region != nil && *r.RegionID == region.ID && region.IncludesTax
		}
		if r.PriceListID != nil && r.ListType != nil {
			ma.PriceList = &pricing.PriceList{
				ID: *r.PriceListID, Type: pricing.Type(*r.ListType), Status: pricing.ListStatus(*r.ListStatus),
				StartsAt: r.ListStartsAt, EndsAt: r.ListEndsAt, CustomerGroupIDs: groups[*r.PriceListID],
				IncludesTax: r.ListIncludesTax != nil && *r.ListIncludesTax, Deleted: r.ListDeletedAt != nil,
			}
		}
		amounts = append(amounts, ma)
	}
	return amounts
}

// TaxRatesForPricing turns tax lines into the rates price selection takes.
func TaxRatesForPricing(lines []totals.TaxLine) []pricing.TaxRate {
	out := make([]pricing.TaxRate, len(lines))
	for i, r := range lines {
		rate, code := r.Rate, r.Code
		out[i] = pricing.TaxRate{Rate: &rate, Name: r.Name, Code: &code}
	}
	return out
}

func intPtr(v *int64) *int {
	if v == nil {
		return nil
	}
	i := int(*v)
	return &i
}

// ProductTaxRates are the tax rates of a product in a region (see
// ItemTaxLines), read through the request's loaders.
func ProductTaxRates(ctx context.Context, region *model.Region, product *model.Product) ([]totals.TaxLine, error) {
	regionRates, err := loaders.For(ctx).RegionTaxRates.Load(ctx, region.ID)
	if err != nil {
		return nil, err
	}
	return ItemTaxLines(regionRates, region, product), nil
}

// ItemTaxLines are the tax lines of a product in a region as Medusa's system
// tax provider gives them: the product's own rates and its type's (union by
// rate), else the region's default rate.
func ItemTaxLines(regionRates *storage.RegionTaxRates, region *model.Region, product *model.Product) []totals.TaxLine {
	item := totals.TaxedItem{}
	if product != nil {
		item.ProductRates = ratesFor(regionRates, regionRates.Products, product.ID)
		if product.TypeID != nil {
			item.ProductTypeRates = ratesFor(regionRates, regionRates.ProductTypes, *product.TypeID)
		}
	}
	return totals.ItemTaxLines(item, totals.Region{TaxRate: float64(region.TaxRate), GiftCardsTaxable: region.GiftCardsTaxable})
}

// ShippingTaxLines are the tax lines of a shipping option in a region: its
// own rates, else the region's default rate.
func ShippingTaxLines(regionRates *storage.RegionTaxRates, region *model.Region, optionID string) []totals.TaxLine {
	return totals.ShippingTaxLines(ratesFor(regionRates, regionRates.ShippingOptions, optionID),
		totals.Region{TaxRate: float64(region.TaxRate), GiftCardsTaxable: region.GiftCardsTaxable})
}

func ratesFor(all *storage.RegionTaxRates, links map[string][]string, id string) []totals.TaxRate {
	var out []totals.TaxRate
	for _, r := range all.Rates {
		if slices.Contains(links[r.ID], id) {
			rate := 0.0
			if r.Rate != nil {
				rate = float64(*r.Rate)
			}
			code := ""
			if r.Code != nil {
				code = *r.Code
			}
			out = append(out, totals.TaxRate{ID: r.ID, Rate: rate, Name: r.Name, Code: code})
		}
	}
	return out
}

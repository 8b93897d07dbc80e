package loaders

import (
	"context"
	"net/http"
	"sync/atomic"

	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Loaders are the loaders of one request.
type Loaders struct {
	db   *storage.DB
	memo memo
	editLoaders

	Region               *Loader[string, *model.Region]
	Currency             *Loader[string, *model.Currency]
	RegionCountries      *Loader[string, []model.Country]
	RegionProviders      *Loader[string, *storage.RegionProviders]
	RegionTaxRates       *Loader[string, *storage.RegionTaxRates]
	Product              *Loader[string, *model.Product]
	ProductVariants      *Loader[string, []model.ProductVariant]
	Variant              *Loader[string, *model.ProductVariant]
	VariantPrices        *Loader[string, []storage.VariantPrice]
	VariantOptionValues  *Loader[string, []model.ProductOptionValue]
	ProductOptions       *Loader[string, []model.ProductOption]
	OptionValues         *Loader[string, []model.ProductOptionValue]
	ProductImages        *Loader[string, []model.Image]
	ProductTags          *Loader[string, []model.ProductTag]
	ProductCategories    *Loader[string, []model.ProductCategory]
	ProductSalesChannels *Loader[string, []model.SalesChannel]
	ProductProfiles      *Loader[string, []model.ShippingProfile]
	Collection           *Loader[string, *model.ProductCollection]
	CollectionProducts   *Loader[string, []model.Product]
	ProductType          *Loader[string, *model.ProductType]
	ShippingProfile      *Loader[string, *model.ShippingProfile]
	PriceList            *Loader[string, *model.PriceList]
	PriceListGroups      *Loader[string, []string]
	CustomerGroups       *Loader[string, []string]
	Category             *Loader[string, *model.ProductCategory]
	CategoryChildren     *Loader[string, []model.ProductCategory]
	CategoryProducts     *Loader[string, []model.Product]
	ReturnReason         *Loader[string, *model.ReturnReason]
	ReturnReasonChildren *Loader[string, []model.ReturnReason]
	OptionRequirements   *Loader[string, []model.ShippingOptionRequirement]

	Cart              *Loader[string, *storage.CartRow]
	CartItems         *Loader[string, []storage.ItemRow]
	ItemAdjustments   *Loader[string, []model.LineItemAdjustment]
	ItemTaxLines      *Loader[string, []model.LineItemTaxLine]
	CartMethods       *Loader[string, []storage.MethodRow]
	MethodTaxLines    *Loader[string, []model.ShippingMethodTaxLine]
	CartDiscounts     *Loader[string, []storage.DiscountRow]
	CartGiftCards     *Loader[string, []model.GiftCard]
	CartSessions      *Loader[string, []model.PaymentSession]
	Discount          *Loader[string, *storage.DiscountRow]
	RuleConditions    *Loader[string, []storage.Condition]
	DiscountRegions   *Loader[string, []string]
	Address           *Loader[string, *model.Address]
	Country           *Loader[string, *model.Country]
	Customer          *Loader[string, *model.Customer]
	CustomerAddresses *Loader[string, []model.Address]
	CustomerGroupRows *Loader[string, []model.CustomerGroup]

	Order             *Loader[string, *storage.OrderRow]
	OrderByCart       *Loader[string, *storage.OrderRow]
	OrderItems        *Loader[string, []storage.ItemRow]
	OrderMethods      *Loader[string, []storage.MethodRow]
	OrderDiscounts    *Loader[string, []storage.DiscountRow]
	OrderGiftCards    *Loader[string, []model.GiftCard]
	OrderPayments     *Loader[string, []model.Payment]
	OrderRefunds      *Loader[string, []model.Refund]
	OrderGiftCardTxns *Loader[string, []model.GiftCardTransaction]
	GiftCard          *Loader[string, *model.GiftCard]

	*returnLoaders
}

// byID adapts a storage batch read to a loader.
func byID[V any](db *storage.DB, read func(context.Context, storage.Q, []string) (map[string]V, error)) *Loader[string, V] {
	return New(func(ctx context.Context, keys []string) (map[string]V, error) {
		return read(ctx, db.Reader, keys)
	})
}

// NewLoaders makes the loaders of one request.
func NewLoaders(db *storage.DB) *Loaders {
	l := &Loaders{db: db}
	// A region is read with its currency, which primes the currency loader.
	l.Region = New(func(ctx context.Context, ids []string) (map[string]*model.Region, error) {
		rows, err := storage.RegionsWithCurrency(ctx, db.Reader, ids)
		if err != nil {
			return nil, err
		}
		out := make(map[string]*model.Region, len(rows))
		currencies := map[string]*model.Currency{}
		for id, r := range rows {
			out[id] = &r.Region
			if r.Currency != nil {
				currencies[r.Currency.Code] = r.Currency
			}
		}
		if len(currencies) > 0 {
			l.Currency.Prime(currencies)
		}
		return out, nil
	}).OnFetched(func(rs map[string]*model.Region) {
		ids := keys(rs)
		l.RegionCountries.Hint(ids...)
		l.RegionProviders.Hint(ids...)
		l.RegionTaxRates.Hint(ids...)
	})
	l.Currency = byID(db, storage.CurrenciesByCode)
	l.RegionCountries = byID(db, storage.CountriesByRegion)
	l.RegionProviders = byID(db, storage.ProvidersByRegion)
	l.RegionTaxRates = byID(db, storage.TaxRatesByRegion)

	l.Product = byID(db, storage.ProductsByID).OnFetched(func(ps map[string]*model.Product) {
		for _, p := range ps {
			l.HintProduct(p)
		}
	})
	l.ProductVariants = byID(db, storage.VariantsByProduct).OnFetched(func(vs map[string][]model.ProductVariant) {
		for _, list := range vs {
			for i := range list {
				l.HintVariant(&list[i])
			}
		}
	})
	l.Variant = byID(db, storage.VariantsByID).OnFetched(func(vs map[string]*model.ProductVariant) {
		for _, v := range vs {
			l.HintVariant(v)
		}
	})
	l.VariantPrices = byID(db, storage.PricesByVariant).OnFetched(func(ps map[string][]storage.VariantPrice) {
		for _, list := range ps {
			for _, p := range list {
				if p.PriceListID != nil {
					l.PriceListGroups.Hint(*p.PriceListID)
					l.PriceList.Hint(*p.PriceListID)
				}
			}
		}
	})
	l.VariantOptionValues = byID(db, storage.OptionValuesByVariant)
	l.ProductOptions = byID(db, storage.OptionsByProduct).OnFetched(func(os map[string][]model.ProductOption) {
		for _, list := range os {
			for _, o := range list {
				l.OptionValues.Hint(o.ID)
			}
		}
	})
	l.OptionValues = byID(db, storage.OptionValuesByOption)
	l.ProductImages = byID(db, storage.ImagesByProduct)
	l.ProductTags = byID(db, storage.TagsByProduct)
	l.ProductCategories = byID(db, storage.CategoriesByProduct)
	l.ProductSalesChannels = byID(db, storage.SalesChannelsByProduct)
	l.ProductProfiles = byID(db, storage.ProfilesByProduct)
	l.Collection = byID(db, storage.CollectionsByID)
	l.CollectionProducts = byID(db, storage.ProductsByCollection).OnFetched(func(ps map[string][]model.Product) {
		for _, list := range ps {
			l.HintProducts(list)
		}
	})
	l.ProductType = byID(db, storage.TypesByID)
	l.ShippingProfile = byID(db, storage.ShippingProfilesByID)
	l.PriceList = byID(db, storage.PriceListsByID)
	l.PriceListGroups = byID(db, storage.CustomerGroupsByPriceList)
	l.CustomerGroups = byID(db, storage.GroupsByCustomer)
	l.Category = byID(db, storage.CategoriesByID)
	l.CategoryChildren = byID(db, storage.ChildCategories).OnFetched(func(cs map[string][]model.ProductCategory) {
		for _, list := range cs {
			for _, c := range list {
				l.CategoryChildren.Hint(c.ID)
			}
		}
	})
	l.CategoryProducts = byID(db, storage.ProductsByCategory).OnFetched(func(ps map[string][]model.Product) {
		for _, list := range ps {
			l.HintProducts(list)
		}
	})
	l.ReturnReason = byID(db, storage.ReturnReasonsByID)
	l.ReturnReasonChildren = byID(db, storage.ChildReturnReasons).OnFetched(func(rs map[string][]model.ReturnReason) {
		for _, list := range rs {
			for _, r := range list {
				l.ReturnReasonChildren.Hint(r.ID)
			}
		}
	})
	l.OptionRequirements = byID(db, storage.RequirementsByShippingOption)
	l.newCartLoaders(db)
	l.newReturnLoaders(db)
	l.newEditLoaders(db)
	return l
}

func (l *Loaders) newCartLoaders(db *storage.DB) {
	l.Cart = byID(db, storage.CartsByID).OnFetched(func(cs map[string]*storage.CartRow) {
		for id, c := range cs {
			l.HintCart(id)
			if c.Region != nil {
				l.Region.Prime(map[string]*model.Region{c.Region.ID: c.Region})
			}
		}
	})
	l.CartItems = byID(db, storage.ItemsByCart).OnFetched(l.itemsFetched)
	l.ItemAdjustments = byID(db, storage.AdjustmentsByItem)
	l.ItemTaxLines = byID(db, storage.ItemTaxLinesByItem)
	l.CartMethods = byID(db, storage.MethodsByCart).OnFetched(l.methodsFetched)
	l.MethodTaxLines = byID(db, storage.MethodTaxLinesByMethod)
	l.CartDiscounts = byID(db, storage.DiscountsByCart)
	l.CartGiftCards = byID(db, storage.GiftCardsByCart)
	l.CartSessions = byID(db, storage.SessionsByCart)
	l.Discount = byID(db, storage.DiscountsByID)
	l.RuleConditions = byID(db, storage.ConditionsByRule)
	l.DiscountRegions = byID(db, storage.RegionsByDiscount)
	l.Address = byID(db, storage.AddressesByID)
	l.Country = byID(db, storage.CountriesByISO2)
	l.Customer = byID(db, storage.CustomersByID)
	l.CustomerAddresses = byID(db, storage.AddressesByCustomer)
	l.CustomerGroupRows = byID(db, storage.CustomerGroupsByCustomer)
	l.newOrderLoaders(db)
}

func (l *Loaders) newOrderLoaders(db *storage.DB) {
	l.Order = byID(db, storage.OrdersByID).OnFetched(func(os map[string]*storage.OrderRow) {
		for id := range os {
			l.HintOrder(id)
		}
	})
	l.OrderByCart = byID(db, storage.OrdersByCart).OnFetched(func(os map[string]*storage.OrderRow) {
		for _, o := range os {
			l.HintOrder(o.ID)
		}
	})
	l.OrderItems = byID(db, storage.ItemsByOrder).OnFetched(l.itemsFetched)
	l.OrderMethods = byID(db, storage.MethodsByOrder).OnFetched(l.methodsFetched)
	l.OrderDiscounts = byID(db, storage.DiscountsByOrder)
	l.OrderGiftCards = byID(db, storage.GiftCardsByOrder)
	l.OrderPayments = byID(db, storage.PaymentsByOrder)
	l.OrderRefunds = byID(db, storage.RefundsByOrder)
	l.OrderGiftCardTxns = byID(db, storage.GiftCardTransactionsByOrder).OnFetched(func(ts map[string][]model.GiftCardTransaction) {
		for _, txns := range ts {
			for _, t := range txns {
				l.GiftCard.Hint(t.GiftCardID)
			}
		}
	})
	l.GiftCard = byID(db, storage.GiftCardsByID)
}

// HintOrder announces an order's relations to their loaders.
func (l *Loaders) HintOrder(id string) {
	l.OrderItems.Hint(id)
	l.OrderMethods.Hint(id)
	l.OrderDiscounts.Hint(id)
	l.OrderGiftCards.Hint(id)
	l.OrderPayments.Hint(id)
	l.OrderRefunds.Hint(id)
	l.OrderGiftCardTxns.Hint(id)
}

// itemsFetched hints the relations of line items and primes the products
// their rows were read with, so item.variant.product costs no statement.
func (l *Loaders) itemsFetched(byOwner map[string][]storage.ItemRow) {
	products := map[string]*model.Product{}
	for _, items := range byOwner {
		for i := range items {
			l.ItemAdjustments.Hint(items[i].ID)
			l.ItemTaxLines.Hint(items[i].ID)
			if p := items[i].Product; p != nil {
				products[p.ID] = p
			}
		}
	}
	if len(products) > 0 {
		l.Product.Prime(products)
	}
}

// itemFetched is itemsFetched for a loader of single line items.
func (l *Loaders) itemFetched(byKey map[string]*storage.ItemRow) {
	items := make([]storage.ItemRow, 0, len(byKey))
	for _, it := range byKey {
		if it != nil {
			items = append(items, *it)
		}
	}
	l.itemsFetched(map[string][]storage.ItemRow{"": items})
}

// methodsFetched hints the tax lines of shipping methods.
func (l *Loaders) methodsFetched(byOwner map[string][]storage.MethodRow) {
	for _, methods := range byOwner {
		for _, m := range methods {
			l.MethodTaxLines.Hint(m.ID)
		}
	}
}

// HintCart announces a cart's relations to their loaders.
func (l *Loaders) HintCart(id string) {
	l.CartItems.Hint(id)
	l.CartMethods.Hint(id)
	l.CartDiscounts.Hint(id)
	l.CartGiftCards.Hint(id)
	l.CartSessions.Hint(id)
}

// HintProduct announces a product's relations to their loaders.
func (l *Loaders) HintProduct(p *model.Product) {
	l.ProductVariants.Hint(p.ID)
	l.ProductOptions.Hint(p.ID)
	l.ProductImages.Hint(p.ID)
	l.ProductTags.Hint(p.ID)
	l.ProductCategories.Hint(p.ID)
	l.ProductSalesChannels.Hint(p.ID)
	l.ProductProfiles.Hint(p.ID)
	if p.CollectionID != nil {
		l.Collection.Hint(*p.CollectionID)
	}
	if p.TypeID != nil {
		l.ProductType.Hint(*p.TypeID)
	}
}

// HintProducts primes the product loader with a list read elsewhere and
// announces the products' relations.
func (l *Loaders) HintProducts(ps []model.Product) {
	primed := make(map[string]*model.Product, len(ps))
	for i := range ps {
		p := ps[i]
		primed[p.ID] = &p
	}
	l.Product.Prime(primed)
}

// HintVariant announces a variant's relations to their loaders.
func (l *Loaders) HintVariant(v *model.ProductVariant) {
	l.VariantPrices.Hint(v.ID)
	l.VariantOptionValues.Hint(v.ID)
	l.Product.Hint(v.ProductID)
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// holder lets a mutation swap in fresh loaders after it has written, so its
// payload is read from the database as it is now.
type holder struct{ current atomic.Pointer[Loaders] }

type ctxKey struct{}

// With returns ctx carrying fresh loaders over db.
func With(ctx context.Context, db *storage.DB) context.Context {
	h := &holder{}
	h.current.Store(NewLoaders(db))
	return context.WithValue(ctx, ctxKey{}, h)
}

// For returns the request's loaders.
func For(ctx context.Context) *Loaders {
	return ctx.Value(ctxKey{}).(*holder).current.Load()
}

// Reset replaces the request's loaders with empty ones; mutations call it
// after committing.
func Reset(ctx context.Context) {
	h := ctx.Value(ctxKey{}).(*holder)
	h.current.Store(NewLoaders(h.current.Load().db))
}

// Middleware puts fresh loaders into every request's context.
func Middleware(db *storage.DB) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(With(r.Context(), db)))
		})
	}
}

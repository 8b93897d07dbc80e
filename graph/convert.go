package graph

import (
	"context"
	"strings"

	"github.com/storegraph/storegraph/graph/graphmodel"
	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/commalist"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/request"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

func timeRange(f *graphmodel.DateFilter) *storage.TimeRange {
	if f == nil {
		return nil
	}
	return &storage.TimeRange{Lt: f.Lt, Gt: f.Gt, Lte: f.Lte, Gte: f.Gte}
}

func page(offset, limit *int, order *string) catalog.Page {
	p := catalog.Page{}
	if offset != nil {
		p.Offset = *offset
	}
	if limit != nil {
		p.Limit = *limit
	}
	if order != nil {
		p.Order = *order
	}
	return p
}

func scope(ctx context.Context) catalog.Scope {
	return catalog.Scope{PublishableKey: request.From(ctx).PublishableKey}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// withPricing gives products the pricing context of the query that reached them.
func withPricing(ps []model.Product, pc *model.PricingContext) []model.Product {
	for i := range ps {
		ps[i].Pricing = pc
	}
	return ps
}

func variantsWithPricing(vs []model.ProductVariant, pc *model.PricingContext) []model.ProductVariant {
	out := make([]model.ProductVariant, len(vs))
	for i := range vs {
		out[i] = vs[i]
		out[i].Pricing = pc
	}
	return out
}

// variantIDs is the id filter of Medusa's variant list: the comma-separated
// `ids`, which overrides `id` when given.
func variantIDs(ids *string, id []string) []string {
	if split := commalist.Split(deref(ids)); split != nil {
		return split
	}
	return id
}

func priceField[T any](ctx context.Context, c *catalog.Service, v *model.ProductVariant, field func(*catalog.PricedVariant) T) (T, error) {
	priced, err := c.PriceVariant(ctx, v)
	if err != nil {
		var zero T
		return zero, err
	}
	return field(priced), nil
}

func upper(s string) string { return strings.ToUpper(s) }

func valueFilter(id []string, q *string, value []string, createdAt, updatedAt *graphmodel.DateFilter, discountConditionID *string) storage.ValueFilter {
	return storage.ValueFilter{
		IDs: id, Q: deref(q), Values: value, CreatedAt: timeRange(createdAt), UpdatedAt: timeRange(updatedAt),
		DiscountConditionID: deref(discountConditionID),
	}
}

func taxRates(lines []totals.TaxLine) []model.VariantTaxRate {
	out := make([]model.VariantTaxRate, len(lines))
	for i, t := range lines {
		rate, code := t.Rate, t.Code
		out[i] = model.VariantTaxRate{Rate: &rate, Name: t.Name, Code: &code}
	}
	return out
}

// searchQuery is a search's text and filter as the catalog takes them.
func searchQuery(q *string, f *graphmodel.ProductSearchFilter) catalog.SearchQuery {
	out := catalog.SearchQuery{Q: deref(q)}
	if f != nil {
		out.ProductFilter = storage.ProductFilter{
			CollectionIDs: f.CollectionID, TypeIDs: f.TypeID, TagIDs: f.Tags, CategoryIDs: f.CategoryID,
			IsGiftcard: f.IsGiftcard, SalesChannelIDs: f.SalesChannelID,
		}
		out.IncludeCategoryChildren = deref(f.IncludeCategoryChildren)
	}
	return out
}

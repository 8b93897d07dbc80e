// Package catalog answers the store's catalog reads (regions, products,
// variants, collections, tags, types, categories, return reasons, gift
// cards, shipping options) with Medusa v1's filters, defaults, ordering,
// sales-channel scoping and not-found messages.
package catalog

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Service reads the catalog.
type Service struct {
	DB *storage.DB
}

// Page is a client's offset, limit and order ("field" ascending or
// "-field" descending, camelCase or snake_case).
type Page struct {
	Offset, Limit int
	Order         string
}

var camelBoundary = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// alwaysSortable are the columns every list can be ordered by.
var alwaysSortable = []string{"id", "created_at", "updated_at"}

// sqlPage validates a page against the sortable columns of a list.
func sqlPage(p Page, prefix string, sortable ...string) (storage.Page, error) {
	if p.Offset < 0 {
		return storage.Page{}, errs.InvalidDataf("offset must not be less than 0")
	}
	if p.Limit < 0 {
		return storage.Page{}, errs.InvalidDataf("limit must not be less than 0")
	}
	out := storage.Page{Offset: p.Offset, Limit: p.Limit}
	if p.Order == "" {
		out.OrderBy = prefix + "created_at DESC, " + prefix + "id DESC"
		return out, nil
	}
	field, dir := p.Order, "ASC"
	if strings.HasPrefix(field, "-") {
		field, dir = field[1:], "DESC"
	}
	column := strings.ToLower(camelBoundary.ReplaceAllString(field, "${1}_${2}"))
	if !slices.Contains(sortable, column) && !slices.Contains(alwaysSortable, column) {
		return storage.Page{}, errs.InvalidDataf("Order field %s is not valid", field)
	}
	out.OrderBy = prefix + column + " " + dir + ", " + prefix + "id " + dir
	return out, nil
}

// Regions lists regions (GET /store/regions).
func (s *Service) Regions(ctx context.Context, f storage.RegionFilter, p Page) ([]model.Region, int, error) {
	page, err := sqlPage(p, "", "name", "currency_code", "tax_rate", "tax_code", "gift_cards_taxable",
		"automatic_taxes", "tax_provider_id", "includes_tax", "metadata", "deleted_at")
	if err != nil {
		return nil, 0, err
	}
	return storage.ListRegions(ctx, s.DB.Reader, f, page)
}

// Region returns a live region (GET /store/regions/{id}).
func (s *Service) Region(ctx context.Context, id string) (*model.Region, error) {
	r, err := loaders.For(ctx).Region.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if r == nil || r.DeletedAt != nil {
		return nil, errs.NotFoundf("Region with %s was not found", id)
	}
	return r, nil
}

// Collections lists product collections (GET /store/collections).
func (s *Service) Collections(ctx context.Context, f storage.CollectionFilter, p Page) ([]model.ProductCollection, int, error) {
	page, err := sqlPage(p, "", "title", "handle")
	if err != nil {
		return nil, 0, err
	}
	return storage.ListCollections(ctx, s.DB.Reader, f, page)
}

// Collection returns a live collection.
func (s *Service) Collection(ctx context.Context, id string) (*model.ProductCollection, error) {
	cs, err := storage.CollectionsByID(ctx, s.DB.Reader, []string{id})
	if err != nil {
		return nil, err
	}
	c := cs[id]
	if c == nil || c.DeletedAt != nil {
		return nil, errs.NotFoundf("Product collection with id: %s was not found", id)
	}
	return c, nil
}

// ProductTags lists product tags (GET /store/product-tags).
func (s *Service) ProductTags(ctx context.Context, f storage.ValueFilter, p Page) ([]model.ProductTag, int, error) {
	page, err := sqlPage(p, "", "value")
	if err != nil {
		return nil, 0, err
	}
	return storage.ListProductTags(ctx, s.DB.Reader, f, page)
}

// ProductTypes lists product types (GET /store/product-types).
func (s *Service) ProductTypes(ctx context.Context, f storage.ValueFilter, p Page) ([]model.ProductType, int, error) {
	page, err := sqlPage(p, "", "value")
	if err != nil {
		return nil, 0, err
	}
	return storage.ListProductTypes(ctx, s.DB.Reader, f, page)
}

// Categories lists active, public categories (GET /store/product-categories).
// parentID "null" selects the roots, as Medusa's query string does.
func (s *Service) Categories(ctx context.Context, q string, handle, parentID *string, p Page) ([]model.ProductCategory, int, error) {
	page, err := sqlPage(p, "", "name", "handle", "rank")
	if err != nil {
		return nil, 0, err
	}
	if p.Order == "" {
		// Medusa's category search orders by rank alone (whatever order it
		// is given); ties keep the order of creation, as PostgreSQL returns them.
		page.OrderBy = "rank ASC, created_at ASC, id ASC"
	}
	f := storage.CategoryFilter{Q: q, Handle: handle}
	if parentID != nil && *parentID == "null" {
		f.ParentIsNull = true
	} else {
		f.ParentID = parentID
	}
	return storage.ListCategories(ctx, s.DB.Reader, f, page)
}

// Category returns an active, public category.
func (s *Service) Category(ctx context.Context, id string) (*model.ProductCategory, error) {
	cs, err := storage.CategoriesByID(ctx, s.DB.Reader, []string{id})
	if err != nil {
		return nil, err
	}
	if cs[id] == nil {
		return nil, errs.NotFoundf("ProductCategory with id: %s was not found", id)
	}
	return cs[id], nil
}

// ReturnReasons lists the top-level return reasons.
func (s *Service) ReturnReasons(ctx context.Context) ([]model.ReturnReason, error) {
	return storage.TopReturnReasons(ctx, s.DB.Reader)
}

// ReturnReason returns a live return reason.
func (s *Service) ReturnReason(ctx context.Context, id string) (*model.ReturnReason, error) {
	rs, err := storage.ReturnReasonsByID(ctx, s.DB.Reader, []string{id})
	if err != nil {
		return nil, err
	}
	if rs[id] == nil {
		return nil, errs.NotFoundf("Return Reason with id: %s was not found", id)
	}
	return rs[id], nil
}

// GiftCard returns a gift card by code; disabled and expired cards too.
func (s *Service) GiftCard(ctx context.Context, code string) (*model.GiftCard, error) {
	g, err := storage.GiftCardByCode(ctx, s.DB.Reader, code)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return nil, errs.NotFoundf("Gift card with code: %s was not found", code)
	}
	return g, nil
}

package seed

import (
	"time"

	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadProducts(products []productInput) error {
	for i, p := range products {
		if err := l.product(entry("products", i, p.Title), p); err != nil {
			return err
		}
	}
	return nil
}

// product creates a product as Medusa's seed does through ProductService:
// published unless the file says otherwise, in the store's default sales
// channel and the default (or gift card) shipping profile, then its options,
// then its variants with option values matched by position.
func (l *loader) product(a at, in productInput) error {
	row, err := l.productRow(a, in)
	if err != nil {
		return err
	}
	if err := l.insert(a, "product", row); err != nil {
		return err
	}
	steps := []func() error{
		func() error { return l.productImages(a.key("images"), row.ID, in.Images) },
		func() error { return l.productTags(a.key("tags"), row.ID, in.Tags) },
		func() error { return l.productSalesChannels(a.key("sales_channels"), row.ID, in.SalesChannels) },
		func() error { return l.productCategories(a.key("categories"), row.ID, in.Categories) },
		func() error { return l.productProfile(a, row.ID, in.IsGiftcard) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	optionIDs, err := l.productOptions(a, row.ID, in.Options)
	if err != nil {
		return err
	}
	combos := map[string]string{}
	for j, v := range in.Variants {
		if err := l.variant(a.child("variants", j, v.Title), row.ID, optionIDs, combos, j, v); err != nil {
			return err
		}
	}
	return nil
}

// productRow validates the product's own fields and references and builds
// its row.
func (l *loader) productRow(a at, in productInput) (*model.Product, error) {
	if in.Title == "" {
		return nil, a.key("title").invalid("title is required")
	}
	status := model.ProductStatusPublished // the seed's default; the column's is draft
	if in.Status != "" {
		status = model.ProductStatus(in.Status)
	}
	switch status {
	case model.ProductStatusDraft, model.ProductStatusProposed, model.ProductStatusPublished, model.ProductStatusRejected:
	default:
		return nil, a.key("status").invalid("status must be one of draft, proposed, published, rejected, not %q", in.Status)
	}
	handle := in.Handle
	if handle == "" {
		handle = kebabCase(in.Title) // Product's BeforeInsert
	}
	taken, err := l.exists(a, "SELECT id FROM product WHERE handle = ? AND deleted_at IS NULL", handle)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, a.key("handle").duplicate("Product with handle %s already exists.", handle)
	}
	id, err := l.newID(a, "product", "Product", in.ID, ids.Product)
	if err != nil {
		return nil, err
	}
	row := &model.Product{
		ID: id, Title: in.Title, Subtitle: in.Subtitle, Description: in.Description, Handle: &handle,
		IsGiftcard: in.IsGiftcard, Thumbnail: in.Thumbnail, Weight: in.Weight, Length: in.Length,
		Height: in.Height, Width: in.Width, HsCode: in.HsCode, OriginCountry: in.OriginCountry,
		MidCode: in.MidCode, Material: in.Material, Metadata: in.Metadata, ExternalID: in.ExternalID,
		// ProductService.create: gift cards are never discountable.
		Discountable: boolOr(in.Discountable, true) && !in.IsGiftcard,
		Status:       status, CreatedAt: l.now, UpdatedAt: l.now,
	}
	if (row.Thumbnail == nil || *row.Thumbnail == "") && len(in.Images) > 0 {
		row.Thumbnail = &in.Images[0]
	}
	if in.CollectionID != "" {
		if err := l.collectionExists(a.key("collection_id"), in.CollectionID); err != nil {
			return nil, err
		}
		row.CollectionID = &in.CollectionID
	}
	if in.Type != nil {
		if row.TypeID, err = l.upsertType(a.key("type"), *in.Type); err != nil {
			return nil, err
		}
	}
	return row, nil
}

func (l *loader) collectionExists(a at, id string) error {
	ok, err := l.exists(a, "SELECT id FROM product_collection WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return err
	}
	if !ok {
		return a.notFound("Product collection with id: %s was not found", id)
	}
	return nil
}

// productImages attaches images, reusing image rows by URL as Medusa's
// ImageRepository.upsertImages does.
func (l *loader) productImages(a at, productID string, urls []string) error {
	for _, url := range dedupe(urls) {
		var imageID string
		found, err := l.lookup(a, &imageID, "SELECT id FROM image WHERE url = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1", url)
		if err != nil {
			return err
		}
		if !found {
			imageID = ids.New(ids.Image)
			if err := l.insert(a, "image", &model.Image{ID: imageID, URL: url, CreatedAt: l.now, UpdatedAt: l.now}); err != nil {
				return err
			}
		}
		if err := l.link(a, "product_images", "product_id, image_id", productID, imageID); err != nil {
			return err
		}
	}
	return nil
}

// productTags attaches tags, reusing tag rows by value (upsertTags).
func (l *loader) productTags(a at, productID string, tags []valueRef) error {
	linked := map[string]bool{}
	for i, t := range tags {
		tagID, err := l.upsertValue(a.index(i, t.Value), "product_tag", ids.ProductTag, "Product tag", t)
		if err != nil {
			return err
		}
		if linked[tagID] {
			continue
		}
		linked[tagID] = true
		if err := l.link(a, "product_tags", "product_id, product_tag_id", productID, tagID); err != nil {
			return err
		}
	}
	return nil
}

// upsertType returns the id of the product type with the value, creating it
// when missing (upsertType).
func (l *loader) upsertType(a at, t valueRef) (*string, error) {
	id, err := l.upsertValue(a, "product_type", ids.ProductType, "Product type", t)
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// upsertValue finds a tag or type row by id, or by value, and creates one
// for a value it does not find.
func (l *loader) upsertValue(a at, table, prefix, what string, ref valueRef) (string, error) {
	var id string
	if ref.ID != "" {
		found, err := l.lookup(a, &id, "SELECT id FROM "+table+" WHERE id = ? AND deleted_at IS NULL", ref.ID)
		if err != nil {
			return "", err
		}
		if !found {
			return "", a.notFound("%s with id: %s was not found", what, ref.ID)
		}
		return id, nil
	}
	if ref.Value == "" {
		return "", a.invalid("value is required")
	}
	found, err := l.lookup(a, &id, "SELECT id FROM "+table+" WHERE value = ? AND deleted_at IS NULL ORDER BY created_at, id LIMIT 1", ref.Value)
	if err != nil || found {
		return id, err
	}
	id = ids.New(prefix)
	return id, l.insert(a, table, &valueRow{ID: id, Value: ref.Value, CreatedAt: l.now, UpdatedAt: l.now})
}

// valueRow is a new row of product_tag or product_type.
type valueRow struct {
	ID        string    `db:"id"`
	Value     string    `db:"value"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// productSalesChannels puts the product in the channels the file names, or
// in the store's default channel.
func (l *loader) productSalesChannels(a at, productID string, channels []string) error {
	if channels == nil && l.store.DefaultSalesChannelID != nil {
		channels = []string{*l.store.DefaultSalesChannelID}
	}
	for i, id := range dedupe(channels) {
		if err := l.salesChannelExists(a.index(i, id), id); err != nil {
			return err
		}
		if err := l.link(a, "product_sales_channel", "product_id, sales_channel_id", productID, id); err != nil {
			return err
		}
	}
	return nil
}

// productCategories puts the product in categories given by id or handle.
func (l *loader) productCategories(a at, productID string, refs []string) error {
	linked := map[string]bool{}
	for i, ref := range refs {
		id, err := l.categoryByRef(a.index(i, ref), ref)
		if err != nil {
			return err
		}
		if linked[id] {
			continue
		}
		linked[id] = true
		if err := l.link(a, "product_category_product", "product_category_id, product_id", id, productID); err != nil {
			return err
		}
	}
	return nil
}

// productProfile puts the product in the default shipping profile, or the
// gift card profile for a gift card.
func (l *loader) productProfile(a at, productID string, giftCard bool) error {
	profile := l.store.defaultProfile
	if giftCard {
		profile = l.store.giftCardProfile
	}
	return l.link(a, "product_shipping_profile", "profile_id, product_id", profile, productID)
}

// productOptions creates the options in order; their values come with the
// variants.
func (l *loader) productOptions(a at, productID string, options []optionInput) ([]string, error) {
	optionIDs := make([]string, len(options))
	for i, o := range options {
		oa := a.child("options", i, o.Title)
		if o.Title == "" {
			return nil, oa.key("title").invalid("title is required")
		}
		for _, prev := range options[:i] {
			if prev.Title == o.Title {
				return nil, oa.duplicate("An option with the title: %s already exists", o.Title)
			}
		}
		optionIDs[i] = ids.New(ids.ProductOption)
		if err := l.insert(oa, "product_option", &model.ProductOption{
			ID: optionIDs[i], Title: o.Title, ProductID: &productID, CreatedAt: l.now, UpdatedAt: l.now,
		}); err != nil {
			return nil, err
		}
	}
	return optionIDs, nil
}

package graph_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// The published products of the default sales channel, newest first.
var defaultChannelProducts = []string{"prod_tagged", "prod_internal", "prod_giftcard", "prod_watch", "prod_book",
	"prod_tee", "prod_pants", "prod_shirt"}

const productsQuery = `query($offset: Int, $limit: Int, $order: String, $id: [ID!], $q: String, $collectionId: [ID!],
	$tags: [ID!], $title: String, $description: String, $handle: String, $isGiftcard: Boolean, $typeId: [ID!],
	$salesChannelId: [ID!], $categoryId: [ID!], $includeCategoryChildren: Boolean, $createdAt: DateFilter,
	$updatedAt: DateFilter, $regionId: ID, $currencyCode: String) {
	products(offset: $offset, limit: $limit, order: $order, id: $id, q: $q, collectionId: $collectionId, tags: $tags,
		title: $title, description: $description, handle: $handle, isGiftcard: $isGiftcard, typeId: $typeId,
		salesChannelId: $salesChannelId, categoryId: $categoryId, includeCategoryChildren: $includeCategoryChildren,
		createdAt: $createdAt, updatedAt: $updatedAt, regionId: $regionId, currencyCode: $currencyCode) {
		nodes { id } count offset limit } }`

// Ensure products lists the published products of the store's default
// sales channel newest first with Medusa's limit of 100, and pages, orders
// and filters them as Medusa does.
func testProducts(t *testing.T, s *apptest.Server) {
	tagID := func(value string) string {
		return scalar[string](t, s, "SELECT id FROM product_tag WHERE value = ?", value)
	}
	typeID := func(value string) string {
		return scalar[string](t, s, "SELECT id FROM product_type WHERE value = ?", value)
	}
	all := defaultChannelProducts
	tests := []struct {
		name                 string
		vars                 map[string]any
		count, offset, limit int
		want                 []string
	}{
		{"DefaultsPublishedInDefaultChannel", nil, 8, 0, 100, all},
		{"OffsetAndLimit", map[string]any{"offset": 2, "limit": 3}, 8, 2, 3, all[2:5]},
		{"OffsetPastTheEnd", map[string]any{"offset": 8}, 8, 8, 100, nil},
		{"OrderByTitle", map[string]any{"order": "title"}, 8, 0, 100, []string{"prod_pants", "prod_tee", "prod_giftcard",
			"prod_book", "prod_shirt", "prod_internal", "prod_watch", "prod_tagged"}},
		{"OrderByHandleDescending", map[string]any{"order": "-handle"}, 8, 0, 100, []string{"prod_tagged", "prod_watch",
			"prod_internal", "prod_shirt", "prod_book", "prod_giftcard", "prod_tee", "prod_pants"}},
		{"OrderByCreatedAtAscending", map[string]any{"order": "created_at"}, 8, 0, 100, []string{"prod_shirt", "prod_pants",
			"prod_tee", "prod_book", "prod_watch", "prod_giftcard", "prod_internal", "prod_tagged"}},
		{"OrderByAnyProductField", map[string]any{"order": "-isGiftcard", "limit": 1}, 8, 0, 1, []string{"prod_giftcard"}},
		{"IDs", map[string]any{"id": []string{"prod_shirt", "prod_book", "prod_draft"}}, 2, 0, 100, []string{"prod_book", "prod_shirt"}},
		{"FreeTextTitle", map[string]any{"q": "LINEN"}, 1, 0, 100, []string{"prod_shirt"}},
		{"FreeTextDescription", map[string]any{"q": "breezy"}, 1, 0, 100, []string{"prod_shirt"}},
		{"FreeTextVariantTitle", map[string]any{"q": "white"}, 1, 0, 100, []string{"prod_tee"}},
		{"FreeTextVariantSKU", map[string]any{"q": "shirt-m"}, 1, 0, 100, []string{"prod_shirt"}},
		{"FreeTextCollectionTitle", map[string]any{"q": "summer"}, 2, 0, 100, []string{"prod_tee", "prod_shirt"}},
		{"FreeTextIgnoresSubtitle", map[string]any{"q": "office"}, 0, 0, 100, nil},
		{"FreeTextIgnoresHandle", map[string]any{"q": "chino-pants"}, 0, 0, 100, nil},
		{"Collections", map[string]any{"collectionId": []string{"pcol_summer", "pcol_winter"}}, 3, 0, 100,
			[]string{"prod_tee", "prod_pants", "prod_shirt"}},
		{"Tags", map[string]any{"tags": []string{tagID("cotton")}}, 2, 0, 100, []string{"prod_tee", "prod_pants"}},
		{"AnyOfTags", map[string]any{"tags": []string{tagID("linen"), tagID("cotton")}}, 3, 0, 100,
			[]string{"prod_tee", "prod_pants", "prod_shirt"}},
		{"Title", map[string]any{"title": "Guide Book"}, 1, 0, 100, []string{"prod_book"}},
		{"Description", map[string]any{"description": "Slim chinos"}, 1, 0, 100, []string{"prod_pants"}},
		{"Handle", map[string]any{"handle": "cotton-tee"}, 1, 0, 100, []string{"prod_tee"}},
		{"HandleOfDraft", map[string]any{"handle": "draft-jacket"}, 0, 0, 100, nil},
		{"GiftCards", map[string]any{"isGiftcard": true}, 1, 0, 100, []string{"prod_giftcard"}},
		{"NotGiftCards", map[string]any{"isGiftcard": false}, 7, 0, 100, []string{"prod_tagged", "prod_internal",
			"prod_watch", "prod_book", "prod_tee", "prod_pants", "prod_shirt"}},
		{"Types", map[string]any{"typeId": []string{typeID("apparel")}}, 3, 0, 100, []string{"prod_tee", "prod_pants", "prod_shirt"}},
		{"SalesChannel", map[string]any{"salesChannelId": []string{"sc_wholesale"}}, 2, 0, 100,
			[]string{"prod_wholesale", "prod_tee"}},
		{"DefaultSalesChannelByID", map[string]any{"salesChannelId": []string{defaultChannel(t, s)}}, 8, 0, 100, all},
		{"BothSalesChannels", map[string]any{"salesChannelId": []string{defaultChannel(t, s), "sc_wholesale"}}, 9, 0, 100,
			append([]string{"prod_wholesale"}, all...)},
		{"CreatedSince", map[string]any{"createdAt": map[string]any{"gte": hourRFC(4)}}, 5, 0, 100, all[:5]},
		{"UpdatedBefore", map[string]any{"updatedAt": map[string]any{"lt": hourRFC(3)}}, 2, 0, 100, []string{"prod_pants", "prod_shirt"}},
		{"FiltersCombined", map[string]any{"collectionId": []string{"pcol_summer"}, "typeId": []string{typeID("apparel")},
			"offset": 1}, 2, 1, 100, []string{"prod_shirt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[struct{ Products page }](t, s, productsQuery, tt.vars)
			expectPage(t, got.Products, tt.count, tt.offset, tt.limit, tt.want...)
		})
	}

	for _, order := range []string{"price", "-variants"} {
		t.Run("ErrInvalidOrderField/"+order, func(t *testing.T) {
			e := s.Fail(t, productsQuery, map[string]any{"order": order})
			field := order
			if field[0] == '-' {
				field = field[1:]
			}
			apptest.ExpectError(t, e, "INVALID_DATA", "Order field "+field+" is not valid")
		})
	}
	t.Run("ErrUnknownRegion", func(t *testing.T) {
		e := s.Fail(t, productsQuery, map[string]any{"regionId": "reg_nope"})
		apptest.ExpectError(t, e, "NOT_FOUND", "Region with reg_nope was not found")
	})
}

// Ensure the category filter counts only active, public categories and,
// with includeCategoryChildren, their descendants: Medusa expands the
// descendants of the categories asked for (visible or not), then keeps the
// visible ones.
func testProductsByCategory(t *testing.T, s *apptest.Server) {
	tests := []struct {
		name       string
		categories []string
		children   bool
		want       []string
	}{
		{"Category", []string{"cat_shirts"}, false, []string{"prod_shirt"}},
		{"WithChildren", []string{"cat_shirts"}, true, []string{"prod_tee", "prod_shirt"}},
		{"DraftOnly", []string{"cat_clothing"}, false, nil},
		{"TreeWithChildOfInactiveCategory", []string{"cat_clothing"}, true,
			[]string{"prod_watch", "prod_tee", "prod_pants", "prod_shirt"}},
		{"SeveralCategories", []string{"cat_pants", "cat_gear"}, false, []string{"prod_book", "prod_pants"}},
		{"Inactive", []string{"cat_archived"}, false, nil},
		{"ChildrenOfInactive", []string{"cat_archived"}, true, []string{"prod_watch"}},
		{"Internal", []string{"cat_hidden"}, false, nil},
		{"InternalTree", []string{"cat_staff"}, true, nil},
		{"Unknown", []string{"cat_nope"}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[struct{ Products page }](t, s, productsQuery,
				map[string]any{"categoryId": tt.categories, "includeCategoryChildren": tt.children})
			expectPage(t, got.Products, len(tt.want), 0, 100, tt.want...)
		})
	}
}

// Ensure a publishable API key scopes the product list to its sales
// channels (an unknown key restricts nothing, as in Medusa), and that a
// salesChannelId outside the key's channels is refused.
func testProductsPublishableKey(t *testing.T, s *apptest.Server) {
	everything := append([]string{"prod_wholesale"}, defaultChannelProducts...)
	tests := []struct {
		name, key string
		vars      map[string]any
		want      []string
	}{
		{"DefaultChannelKey", "pk_default", nil, defaultChannelProducts},
		{"WholesaleKey", "pk_wholesale", nil, []string{"prod_wholesale", "prod_tee"}},
		{"TwoChannelKey", "pk_both", nil, everything},
		{"UnknownKey", "pk_unknown", nil, everything},
		{"ChannelWithinKey", "pk_wholesale", map[string]any{"salesChannelId": []string{"sc_wholesale"}},
			[]string{"prod_wholesale", "prod_tee"}},
		{"OneChannelOfKey", "pk_both", map[string]any{"salesChannelId": []string{"sc_wholesale"}},
			[]string{"prod_wholesale", "prod_tee"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gqlKey[struct{ Products page }](t, s, tt.key, productsQuery, tt.vars)
			expectPage(t, got.Products, len(tt.want), 0, 100, tt.want...)
		})
	}
	t.Run("ErrChannelOutsideKey", func(t *testing.T) {
		def := defaultChannel(t, s)
		e := failKey(t, s, "pk_wholesale", productsQuery, map[string]any{"salesChannelId": []string{def}})
		apptest.ExpectError(t, e, "INVALID_DATA", "Provided sales channel id param: "+def+
			" is not associated with the Publishable API Key passed in the header of the request.")
	})
}

// Ensure product returns a published product with its relations, hides
// unpublished ones (NOT_FOUND, contract deviation 4), and checks the
// publishable key's sales channels.
func testProduct(t *testing.T, s *apptest.Server) {
	const q = `query($id: ID!, $salesChannelId: ID, $regionId: ID) {
		product(id: $id, salesChannelId: $salesChannelId, regionId: $regionId) {
			id title subtitle handle status isGiftcard discountable thumbnail weight collectionId
			collection { id title } type { value } tags { value } categories { id } images { url }
			profileId profile { type } salesChannels { id }
			options { title values { value variantId } }
			variants { id title sku inventoryQuantity manageInventory variantRank options { value } product { id } } } }`
	type product struct {
		ID, Title, Handle, Status string
		Subtitle, Thumbnail       *string
		IsGiftcard, Discountable  bool
		Weight                    *int
		CollectionID              *string
		Collection                *struct{ ID, Title string }
		Type                      *struct{ Value string }
		Tags                      []struct{ Value string }
		Categories                []node
		Images                    []struct{ URL string }
		ProfileID                 *string
		Profile                   struct{ Type string }
		SalesChannels             []node
		Options                   []struct {
			Title  string
			Values []struct{ Value, VariantID string }
		}
		Variants []struct {
			ID, Title         string
			SKU               *string
			InventoryQuantity int
			ManageInventory   bool
			VariantRank       int
			Options           []struct{ Value string }
			Product           node
		}
	}

	t.Run("WithRelations", func(t *testing.T) {
		p := gql[struct{ Product product }](t, s, q, map[string]any{"id": "prod_shirt"}).Product
		eq(t, "title/handle/status", p.Title+"/"+p.Handle+"/"+p.Status, "Linen Shirt/linen-shirt/PUBLISHED")
		eq(t, "flags", []bool{p.IsGiftcard, p.Discountable}, []bool{false, true})
		eq(t, "thumbnail", p.Thumbnail, ptr("https://example.com/shirt.png"))
		eq(t, "weight", p.Weight, ptr(300))
		eq(t, "collection", p.Collection.ID+"/"+p.Collection.Title+"/"+*p.CollectionID, "pcol_summer/Summer/pcol_summer")
		eq(t, "type", p.Type.Value, "apparel")
		eq(t, "tags", len(p.Tags), 2)
		expectIDs(t, "categories", ids(p.Categories), "cat_shirts")
		eq(t, "images", len(p.Images), 1)
		eq(t, "profile", p.Profile.Type, "DEFAULT")
		expectIDs(t, "sales channels", ids(p.SalesChannels), defaultChannel(t, s))
		eq(t, "options", len(p.Options), 1)
		eq(t, "option values (the deleted variant's too)", len(p.Options[0].Values), 4)
		var variants []string
		for _, v := range p.Variants {
			variants = append(variants, v.ID)
		}
		expectIDs(t, "variants by rank, without the deleted one", variants, "var_shirt_s", "var_shirt_m", "var_shirt_l")
		v := p.Variants[2]
		eq(t, "variant", []any{v.Title, *v.SKU, v.InventoryQuantity, v.ManageInventory, v.VariantRank, v.Options[0].Value, v.Product.ID},
			[]any{"L", "SHIRT-L", 25, true, 2, "L", "prod_shirt"})
	})
	t.Run("GiftCard", func(t *testing.T) {
		p := gql[struct{ Product product }](t, s, q, map[string]any{"id": "prod_giftcard"}).Product
		eq(t, "flags", []bool{p.IsGiftcard, p.Discountable}, []bool{true, false})
		eq(t, "profile", p.Profile.Type, "GIFT_CARD")
		eq(t, "manage inventory", p.Variants[0].ManageInventory, false)
	})
	t.Run("InternalCategoriesHidden", func(t *testing.T) {
		p := gql[struct{ Product product }](t, s, q, map[string]any{"id": "prod_internal"}).Product
		expectIDs(t, "categories", ids(p.Categories))
	})
	t.Run("OtherChannelWithoutKey", func(t *testing.T) {
		p := gql[struct{ Product product }](t, s, q, map[string]any{"id": "prod_wholesale"}).Product
		expectIDs(t, "sales channels", ids(p.SalesChannels), "sc_wholesale")
	})
	t.Run("KeyOfProductChannel", func(t *testing.T) {
		p := gqlKey[struct{ Product product }](t, s, "pk_wholesale", q, map[string]any{"id": "prod_tee"}).Product
		eq(t, "id", p.ID, "prod_tee")
		eq(t, "sales channels", len(p.SalesChannels), 2)
	})

	for _, id := range []string{"prod_draft", "prod_proposed", "prod_nope"} {
		t.Run("ErrNotFound/"+id, func(t *testing.T) {
			e := s.Fail(t, q, map[string]any{"id": id})
			apptest.ExpectError(t, e, "NOT_FOUND", "Product with id: "+id+" was not found")
		})
	}
	t.Run("ErrNotInKeyChannels", func(t *testing.T) {
		e := failKey(t, s, "pk_wholesale", q, map[string]any{"id": "prod_shirt"})
		apptest.ExpectError(t, e, "INVALID_DATA", "Product with id: prod_shirt is not associated with sales channels "+
			"defined by the Publishable API Key passed in the header of the request.")
	})
	t.Run("ErrChannelOutsideKey", func(t *testing.T) {
		def := defaultChannel(t, s)
		e := failKey(t, s, "pk_wholesale", q, map[string]any{"id": "prod_tee", "salesChannelId": def})
		apptest.ExpectError(t, e, "INVALID_DATA", "Provided sales channel id param: "+def+
			" is not associated with the Publishable API Key passed in the header of the request.")
	})
	t.Run("ErrUnknownRegion", func(t *testing.T) {
		e := s.Fail(t, q, map[string]any{"id": "prod_shirt", "regionId": "reg_gone"})
		apptest.ExpectError(t, e, "NOT_FOUND", "Region with reg_gone was not found")
	})
}

// Ensure productVariants lists live variants (of any product, as Medusa's
// variant list does) with Medusa's filters: comma-separated ids that
// override id, titles, inventory quantity ranges, and paging.
func testProductVariants(t *testing.T, s *apptest.Server) {
	const q = `query($ids: String, $id: [ID!], $title: [String!], $inventoryQuantity: NumberFilter, $offset: Int, $limit: Int) {
		productVariants(ids: $ids, id: $id, title: $title, inventoryQuantity: $inventoryQuantity, offset: $offset, limit: $limit) {
			id } }`
	tests := []struct {
		name string
		vars map[string]any
		want []string
	}{
		{"CommaSeparatedIDs", map[string]any{"ids": "var_book,var_shirt_s"}, []string{"var_shirt_s", "var_book"}},
		{"IDs", map[string]any{"id": []string{"var_book", "var_watch"}}, []string{"var_watch", "var_book"}},
		{"CommaSeparatedIDsOverrideIDs", map[string]any{"ids": "var_book", "id": []string{"var_watch"}}, []string{"var_book"}},
		{"DeletedVariant", map[string]any{"ids": "var_shirt_xl"}, nil},
		{"Title", map[string]any{"title": []string{"S"}}, []string{"var_shirt_s"}},
		{"TitlesOfAnyProduct", map[string]any{"title": []string{"S", "M"}}, []string{"var_shirt_s", "var_shirt_m",
			"var_proposed", "var_draft"}},
		{"InventoryEquals", map[string]any{"inventoryQuantity": map[string]any{"eq": 0}}, []string{"var_shirt_m", "var_giftcard"}},
		{"InventoryRange", map[string]any{"inventoryQuantity": map[string]any{"gte": 10, "lt": 100}},
			[]string{"var_tee", "var_shirt_s", "var_shirt_l"}},
		{"InventoryAbove", map[string]any{"inventoryQuantity": map[string]any{"gt": 100}}, []string{"var_socks"}},
		{"InventoryAtMost", map[string]any{"inventoryQuantity": map[string]any{"lte": 2}},
			[]string{"var_watch", "var_shirt_m", "var_proposed", "var_giftcard", "var_draft"}},
		{"OffsetAndLimit", map[string]any{"inventoryQuantity": map[string]any{"lte": 2}, "offset": 1, "limit": 2},
			[]string{"var_shirt_m", "var_proposed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[struct{ ProductVariants []node }](t, s, q, tt.vars)
			expectIDs(t, "variants", ids(got.ProductVariants), tt.want...)
		})
	}
	t.Run("AllLiveVariants", func(t *testing.T) {
		got := gql[struct{ ProductVariants []node }](t, s, `{ productVariants { id } }`, nil)
		eq(t, "variants", len(got.ProductVariants), 13)
	})
}

// Ensure productVariant returns a live variant (of any product, as Medusa
// does) and NOT_FOUND with Medusa's message for unknown and deleted ones.
func testProductVariant(t *testing.T, s *apptest.Server) {
	const q = `query($id: ID!, $regionId: ID) { productVariant(id: $id, regionId: $regionId) {
		id title product { id status } calculatedPrice } }`
	type variant struct {
		ID, Title       string
		Product         struct{ ID, Status string }
		CalculatedPrice *int64
	}
	t.Run("Published", func(t *testing.T) {
		v := gql[struct{ ProductVariant variant }](t, s, q, map[string]any{"id": "var_book", "regionId": "reg_eu"}).ProductVariant
		eq(t, "variant", v.ID+"/"+v.Title+"/"+v.Product.ID, "var_book/Paperback/prod_book")
		eq(t, "calculated price", v.CalculatedPrice, ptr(int64(2000)))
	})
	t.Run("OfDraftProduct", func(t *testing.T) {
		v := gql[struct{ ProductVariant variant }](t, s, q, map[string]any{"id": "var_draft"}).ProductVariant
		eq(t, "product", v.Product.ID+"/"+v.Product.Status, "prod_draft/DRAFT")
	})
	for _, id := range []string{"var_nope", "var_shirt_xl"} {
		t.Run("ErrNotFound/"+id, func(t *testing.T) {
			e := s.Fail(t, q, map[string]any{"id": id})
			apptest.ExpectError(t, e, "NOT_FOUND", "Variant with id: "+id+" was not found")
		})
	}
	t.Run("ErrUnknownRegion", func(t *testing.T) {
		e := s.Fail(t, q, map[string]any{"id": "var_book", "regionId": "reg_nope"})
		apptest.ExpectError(t, e, "NOT_FOUND", "Region with reg_nope was not found")
	})
}

package graph_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/apptest"
)

// Ensure collections lists collections newest first with Medusa's limit of
// 10, pages them and filters by handle and dates.
func testCollections(t *testing.T, s *apptest.Server) {
	const q = `query($offset: Int, $limit: Int, $handle: [String!], $createdAt: DateFilter, $updatedAt: DateFilter) {
		collections(offset: $offset, limit: $limit, handle: $handle, createdAt: $createdAt, updatedAt: $updatedAt) {
			nodes { id } count offset limit } }`
	tests := []struct {
		name                 string
		vars                 map[string]any
		count, offset, limit int
		want                 []string
	}{
		{"DefaultLimitTen", nil, 12, 0, 10, []string{"pcol_c12", "pcol_c11", "pcol_c10", "pcol_c09", "pcol_c08",
			"pcol_c07", "pcol_c06", "pcol_c05", "pcol_c04", "pcol_c03"}},
		{"SecondPage", map[string]any{"offset": 10}, 12, 10, 10, []string{"pcol_winter", "pcol_summer"}},
		{"OffsetAndLimit", map[string]any{"offset": 3, "limit": 2}, 12, 3, 2, []string{"pcol_c09", "pcol_c08"}},
		{"Handles", map[string]any{"handle": []string{"summer", "winter", "nope"}}, 2, 0, 10, []string{"pcol_winter", "pcol_summer"}},
		{"UnknownHandle", map[string]any{"handle": []string{"nope"}}, 0, 0, 10, nil},
		{"CreatedAfter", map[string]any{"createdAt": map[string]any{"gt": hourRFC(10)}}, 2, 0, 10, []string{"pcol_c12", "pcol_c11"}},
		{"UpdatedBetween", map[string]any{"updatedAt": map[string]any{"gte": hourRFC(2), "lt": hourRFC(4)}}, 2, 0, 10,
			[]string{"pcol_c03", "pcol_winter"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[struct{ Collections page }](t, s, q, tt.vars)
			expectPage(t, got.Collections, tt.count, tt.offset, tt.limit, tt.want...)
		})
	}
}

// Ensure collection returns a collection with its published products, and
// NOT_FOUND with Medusa's message.
func testCollection(t *testing.T, s *apptest.Server) {
	const q = `query($id: ID!) { collection(id: $id) { id title handle products { id } } }`
	type collection struct {
		ID, Title, Handle string
		Products          []node
	}
	tests := []struct {
		name, id, title string
		products        []string
	}{
		{"PublishedProductsNewestFirst", "pcol_summer", "Summer", []string{"prod_tee", "prod_shirt"}},
		{"DraftProductsHidden", "pcol_winter", "Winter", []string{"prod_pants"}},
		{"Empty", "pcol_c03", "Collection 03", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := gql[struct{ Collection collection }](t, s, q, map[string]any{"id": tt.id}).Collection
			eq(t, "id", c.ID, tt.id)
			eq(t, "title", c.Title, tt.title)
			expectIDs(t, "products", ids(c.Products), tt.products...)
		})
	}
	t.Run("ErrNotFound", func(t *testing.T) {
		e := s.Fail(t, q, map[string]any{"id": "pcol_nope"})
		apptest.ExpectError(t, e, "NOT_FOUND", "Product collection with id: pcol_nope was not found")
	})
}

// Ensure productTags lists tags with Medusa's limit of 20, pages, orders
// and filters them (ids, values, free text, dates, discount condition).
func testProductTags(t *testing.T, s *apptest.Server) {
	cotton := scalar[string](t, s, "SELECT id FROM product_tag WHERE value = ?", "cotton")
	t01 := scalar[string](t, s, "SELECT id FROM product_tag WHERE value = ?", "t01")
	t05 := scalar[string](t, s, "SELECT id FROM product_tag WHERE value = ?", "t05")
	// The seed creates tags in file order at one time, so newest first
	// would be the reverse of the file (t22 ... t01, cotton, summer, linen).
	// Make t01 the newest to tell created_at from id order.
	mustExec(t, s, "UPDATE product_tag SET created_at = ? WHERE id = ?", future, t01)

	const q = `query($offset: Int, $limit: Int, $order: String, $id: [ID!], $q: String, $value: [String!],
		$createdAt: DateFilter, $discountConditionId: ID) {
		productTags(offset: $offset, limit: $limit, order: $order, id: $id, q: $q, value: $value,
			createdAt: $createdAt, discountConditionId: $discountConditionId) {
			nodes { id value } count offset limit } }`
	type tags struct {
		ProductTags struct {
			Nodes                []struct{ ID, Value string }
			Count, Offset, Limit int
		}
	}
	tests := []struct {
		name                 string
		vars                 map[string]any
		count, offset, limit int
		want                 []string // values
	}{
		{"DefaultLimitTwentyNewestFirst", nil, 25, 0, 20, []string{"t01", "t22", "t21", "t20", "t19", "t18", "t17", "t16",
			"t15", "t14", "t13", "t12", "t11", "t10", "t09", "t08", "t07", "t06", "t05", "t04"}},
		{"LastPage", map[string]any{"offset": 20}, 25, 20, 20, []string{"t03", "t02", "cotton", "summer", "linen"}},
		{"OrderByValue", map[string]any{"order": "value", "limit": 3}, 25, 0, 3, []string{"cotton", "linen", "summer"}},
		{"OrderByValueDescending", map[string]any{"order": "-value", "limit": 2}, 25, 0, 2, []string{"t22", "t21"}},
		{"Values", map[string]any{"value": []string{"cotton", "linen", "wool"}}, 2, 0, 20, []string{"cotton", "linen"}},
		{"IDs", map[string]any{"id": []string{cotton, t05}}, 2, 0, 20, []string{"t05", "cotton"}},
		{"FreeTextIgnoresCase", map[string]any{"q": "TTO"}, 1, 0, 20, []string{"cotton"}},
		{"FreeTextEscapesWildcards", map[string]any{"q": "%"}, 0, 0, 20, nil},
		{"CreatedAfter", map[string]any{"createdAt": map[string]any{"gt": future.Add(-time.Hour).Format(time.RFC3339)}}, 1, 0, 20,
			[]string{"t01"}},
		{"DiscountCondition", map[string]any{"discountConditionId": "discon_cotton"}, 1, 0, 20, []string{"cotton"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[tags](t, s, q, tt.vars).ProductTags
			var values []string
			for _, n := range got.Nodes {
				values = append(values, n.Value)
			}
			expectIDs(t, "values", values, tt.want...)
			eq(t, "count/offset/limit", []int{got.Count, got.Offset, got.Limit}, []int{tt.count, tt.offset, tt.limit})
		})
	}
	t.Run("ErrInvalidOrderField", func(t *testing.T) {
		e := s.Fail(t, q, map[string]any{"order": "-title"})
		apptest.ExpectError(t, e, "INVALID_DATA", "Order field title is not valid")
	})
}

// Ensure productTypes lists types with Medusa's limit of 20, pages, orders
// and filters them.
func testProductTypes(t *testing.T, s *apptest.Server) {
	typeID := func(value string) string {
		return scalar[string](t, s, "SELECT id FROM product_type WHERE value = ?", value)
	}
	apparel, book, luxury := typeID("apparel"), typeID("book"), typeID("luxury")
	// Created in file order at one time; make apparel the newest.
	mustExec(t, s, "UPDATE product_type SET created_at = ? WHERE id = ?", future, apparel)

	const q = `query($offset: Int, $limit: Int, $order: String, $id: [ID!], $q: String, $value: [String!],
		$discountConditionId: ID) {
		productTypes(offset: $offset, limit: $limit, order: $order, id: $id, q: $q, value: $value,
			discountConditionId: $discountConditionId) { nodes { id } count offset limit } }`
	tests := []struct {
		name                 string
		vars                 map[string]any
		count, offset, limit int
		want                 []string
	}{
		{"DefaultsNewestFirst", nil, 3, 0, 20, []string{apparel, luxury, book}},
		{"OffsetAndLimit", map[string]any{"offset": 1, "limit": 1}, 3, 1, 1, []string{luxury}},
		{"OrderByValue", map[string]any{"order": "value"}, 3, 0, 20, []string{apparel, book, luxury}},
		{"Values", map[string]any{"value": []string{"book", "luxury"}}, 2, 0, 20, []string{luxury, book}},
		{"IDs", map[string]any{"id": []string{apparel}}, 1, 0, 20, []string{apparel}},
		{"FreeText", map[string]any{"q": "xur"}, 1, 0, 20, []string{luxury}},
		{"DiscountCondition", map[string]any{"discountConditionId": "discon_books"}, 1, 0, 20, []string{book}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[struct{ ProductTypes page }](t, s, q, tt.vars)
			expectPage(t, got.ProductTypes, tt.count, tt.offset, tt.limit, tt.want...)
		})
	}
	t.Run("ErrInvalidOrderField", func(t *testing.T) {
		e := s.Fail(t, q, map[string]any{"order": "name"})
		apptest.ExpectError(t, e, "INVALID_DATA", "Order field name is not valid")
	})
}

// Ensure returnReasons lists the live top-level reasons newest first with
// their live children, and returnReason finds any live reason.
func testReturnReasons(t *testing.T, s *apptest.Server) {
	type reason struct {
		ID, Value, Label     string
		Description          *string
		ParentReturnReasonID *string
		ParentReturnReason   *node
		ReturnReasonChildren []node
	}
	const fields = `id value label description parentReturnReasonId parentReturnReason { id } returnReasonChildren { id }`

	t.Run("TopLevelNewestFirst", func(t *testing.T) {
		got := gql[struct{ ReturnReasons []reason }](t, s, `{ returnReasons { `+fields+` } }`, nil).ReturnReasons
		var top []string
		for _, r := range got {
			top = append(top, r.ID)
		}
		expectIDs(t, "reasons", top, "rr_other", "rr_damaged", "rr_wrong_size")
		expectIDs(t, "children", ids(got[2].ReturnReasonChildren), "rr_too_big", "rr_too_small")
		eq(t, "description", got[1].Description, ptr("Arrived damaged"))
		eq(t, "no children", len(got[0].ReturnReasonChildren), 0)
	})
	t.Run("Child", func(t *testing.T) {
		r := gql[struct{ ReturnReason reason }](t, s, `query($id: ID!) { returnReason(id: $id) { `+fields+` } }`,
			map[string]any{"id": "rr_too_big"}).ReturnReason
		eq(t, "value/label", r.Value+"/"+r.Label, "too_big/Too big")
		eq(t, "parent id", r.ParentReturnReasonID, ptr("rr_wrong_size"))
		eq(t, "parent", r.ParentReturnReason, &node{ID: "rr_wrong_size"})
	})
	for _, id := range []string{"rr_nope", "rr_retired", "rr_too_tight"} {
		t.Run("ErrNotFound/"+id, func(t *testing.T) {
			e := s.Fail(t, `query($id: ID!) { returnReason(id: $id) { id } }`, map[string]any{"id": id})
			apptest.ExpectError(t, e, "NOT_FOUND", "Return Reason with id: "+id+" was not found")
		})
	}
}

// Ensure giftCard finds a card by its exact code, disabled and expired ones
// too, and answers NOT_FOUND with Medusa's message otherwise.
func testGiftCard(t *testing.T, s *apptest.Server) {
	const q = `query($code: String!) { giftCard(code: $code) {
		id code value balance regionId region { id currencyCode } isDisabled endsAt taxRate } }`
	type card struct {
		ID, Code, RegionID string
		Value, Balance     int64
		Region             struct{ ID, CurrencyCode string }
		IsDisabled         bool
		EndsAt             *string
		TaxRate            *float64
	}
	tests := []struct {
		name, code, id string
		value, balance int64
		region         string
		disabled       bool
		endsAt         *string
		taxRate        *float64
	}{
		{"Active", "CAT-GIFT-ACTIVE", "gift_active", 5000, 3000, "reg_eu", false, nil, ptr(20.0)},
		{"Disabled", "CAT-GIFT-DISABLED", "gift_disabled", 2000, 2000, "reg_eu", true, nil, ptr(20.0)},
		{"Expired", "CAT-GIFT-EXPIRED", "gift_expired", 1000, 1000, "reg_eu", false, ptr("2020-01-01T00:00:00Z"), ptr(20.0)},
		{"RegionWithoutGiftCardTax", "CAT-GIFT-DK", "gift_dk", 10000, 10000, "reg_dk", false, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gql[struct{ GiftCard card }](t, s, q, map[string]any{"code": tt.code}).GiftCard
			eq(t, "id/code", g.ID+"/"+g.Code, tt.id+"/"+tt.code)
			eq(t, "value/balance", []int64{g.Value, g.Balance}, []int64{tt.value, tt.balance})
			eq(t, "region", g.RegionID+"/"+g.Region.ID, tt.region+"/"+tt.region)
			eq(t, "disabled", g.IsDisabled, tt.disabled)
			eq(t, "ends at", g.EndsAt, tt.endsAt)
			eq(t, "tax rate", g.TaxRate, tt.taxRate)
		})
	}
	for _, code := range []string{"NOPE", "cat-gift-active"} {
		t.Run("ErrNotFound/"+code, func(t *testing.T) {
			e := s.Fail(t, q, map[string]any{"code": code})
			apptest.ExpectError(t, e, "NOT_FOUND", "Gift card with code: "+code+" was not found")
		})
	}
}

// Ensure productCategories lists only active, public categories in rank
// order (Medusa orders categories by rank), pages them and filters by free
// text, handle and parent ("null" for the roots).
func testProductCategories(t *testing.T, s *apptest.Server) {
	const q = `query($offset: Int, $limit: Int, $q: String, $handle: String, $parent: String, $tree: Boolean) {
		productCategories(offset: $offset, limit: $limit, q: $q, handle: $handle, parentCategoryId: $parent,
			includeDescendantsTree: $tree) { nodes { id } count offset limit } }`
	tests := []struct {
		name                 string
		vars                 map[string]any
		count, offset, limit int
		want                 []string
	}{
		{"DefaultsByRank", nil, 6, 0, 100, []string{"cat_clothing", "cat_old", "cat_shirts", "cat_tshirts", "cat_gear", "cat_pants"}},
		{"OffsetAndLimit", map[string]any{"offset": 1, "limit": 2}, 6, 1, 2, []string{"cat_old", "cat_shirts"}},
		{"Roots", map[string]any{"parent": "null"}, 2, 0, 100, []string{"cat_clothing", "cat_gear"}},
		{"ChildrenOfParent", map[string]any{"parent": "cat_clothing"}, 2, 0, 100, []string{"cat_shirts", "cat_pants"}},
		{"ChildrenOfInactiveParent", map[string]any{"parent": "cat_archived"}, 1, 0, 100, []string{"cat_old"}},
		{"FreeTextOnNameAndHandle", map[string]any{"q": "SHIRT"}, 2, 0, 100, []string{"cat_shirts", "cat_tshirts"}},
		{"FreeTextOnHandle", map[string]any{"q": "old-st"}, 1, 0, 100, []string{"cat_old"}},
		{"Handle", map[string]any{"handle": "pants"}, 1, 0, 100, []string{"cat_pants"}},
		{"InternalHandle", map[string]any{"handle": "hidden"}, 0, 0, 100, nil},
		{"InactiveHandle", map[string]any{"handle": "archived"}, 0, 0, 100, nil},
		{"DescendantsTreeFlag", map[string]any{"parent": "null", "tree": true}, 2, 0, 100, []string{"cat_clothing", "cat_gear"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := gql[struct{ ProductCategories page }](t, s, q, tt.vars)
			expectPage(t, got.ProductCategories, tt.count, tt.offset, tt.limit, tt.want...)
		})
	}

	t.Run("TreeOfActivePublicChildren", func(t *testing.T) {
		type cat struct {
			ID               string
			ParentCategory   *node
			CategoryChildren []struct {
				ID               string
				Rank             int
				CategoryChildren []node
			}
			Products []node
		}
		got := gql[struct{ ProductCategories struct{ Nodes []cat } }](t, s, `{ productCategories(parentCategoryId: "null") {
			nodes { id parentCategory { id } categoryChildren { id rank categoryChildren { id } } products { id } } } }`, nil)
		clothing := got.ProductCategories.Nodes[0]
		eq(t, "parent", clothing.ParentCategory, (*node)(nil))
		eq(t, "children", len(clothing.CategoryChildren), 2)
		eq(t, "shirts", clothing.CategoryChildren[0].ID, "cat_shirts")
		expectIDs(t, "grandchildren", ids(clothing.CategoryChildren[0].CategoryChildren), "cat_tshirts")
		eq(t, "pants", clothing.CategoryChildren[1].ID+"/"+strconv.Itoa(clothing.CategoryChildren[1].Rank), "cat_pants/1")
		expectIDs(t, "products (the draft one is hidden)", ids(clothing.Products))
		expectIDs(t, "gear products", ids(got.ProductCategories.Nodes[1].Products), "prod_book")
	})
}

// Ensure productCategory returns an active, public category with its
// visible parent, and NOT_FOUND with Medusa's message for internal,
// inactive and unknown ones.
func testProductCategory(t *testing.T, s *apptest.Server) {
	const q = `query($id: ID!) { productCategory(id: $id) {
		id name handle description isActive isInternal rank mpath parentCategoryId parentCategory { id } products { id } } }`
	type cat struct {
		ID, Name, Handle, Description string
		IsActive, IsInternal          bool
		Rank                          int
		Mpath                         string
		ParentCategoryID              *string
		ParentCategory                *node
		Products                      []node
	}
	t.Run("Nested", func(t *testing.T) {
		c := gql[struct{ ProductCategory cat }](t, s, q, map[string]any{"id": "cat_tshirts"}).ProductCategory
		eq(t, "name/handle", c.Name+"/"+c.Handle, "T-Shirts/t-shirts")
		eq(t, "flags", []bool{c.IsActive, c.IsInternal}, []bool{true, false})
		eq(t, "mpath", c.Mpath, "cat_clothing.cat_shirts.cat_tshirts.")
		eq(t, "parent", c.ParentCategory, &node{ID: "cat_shirts"})
		expectIDs(t, "products", ids(c.Products), "prod_tee")
	})
	t.Run("InactiveParentIsHidden", func(t *testing.T) {
		c := gql[struct{ ProductCategory cat }](t, s, q, map[string]any{"id": "cat_old"}).ProductCategory
		eq(t, "parent id", c.ParentCategoryID, ptr("cat_archived"))
		eq(t, "parent", c.ParentCategory, (*node)(nil))
	})
	t.Run("Root", func(t *testing.T) {
		c := gql[struct{ ProductCategory cat }](t, s, q, map[string]any{"id": "cat_gear"}).ProductCategory
		eq(t, "description", c.Description, "Things to carry")
		eq(t, "rank", c.Rank, 1)
		eq(t, "parent", c.ParentCategoryID, (*string)(nil))
	})
	for _, id := range []string{"cat_hidden", "cat_archived", "cat_staff", "cat_nope"} {
		t.Run("ErrNotFound/"+id, func(t *testing.T) {
			e := s.Fail(t, q, map[string]any{"id": id})
			apptest.ExpectError(t, e, "NOT_FOUND", "ProductCategory with id: "+id+" was not found")
		})
	}
}

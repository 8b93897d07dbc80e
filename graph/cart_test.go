package graph_test

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"sync"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/storage"
)

// cartFields selects a cart with every total, as the tests compare them.
const cartFields = `
	id email regionId customerId salesChannelId completedAt metadata context type
	shippingAddress { id countryCode firstName lastName address1 city postalCode }
	billingAddress { id countryCode firstName }
	items { id title description variantId quantity unitPrice hasShipping shouldMerge metadata includesTax
		subtotal discountTotal taxTotal total originalTotal originalTaxTotal
		adjustments { amount discountId } taxLines { rate } variant { id } }
	shippingMethods { id shippingOptionId price subtotal taxTotal total originalTotal shippingOption { id name } }
	discounts { code rule { type value } }
	giftCards { code balance }
	region { id currencyCode countries { iso2 } }
	subtotal discountTotal itemTaxTotal shippingTotal shippingTaxTotal taxTotal giftCardTotal giftCardTaxTotal total`

type cartData struct {
	ID              string         `json:"id"`
	Email           *string        `json:"email"`
	RegionID        string         `json:"regionId"`
	CustomerID      *string        `json:"customerId"`
	SalesChannelID  *string        `json:"salesChannelId"`
	Metadata        map[string]any `json:"metadata"`
	Context         map[string]any `json:"context"`
	Type            string         `json:"type"`
	ShippingAddress *addressData   `json:"shippingAddress"`
	BillingAddress  *addressData   `json:"billingAddress"`
	Items           []struct {
		ID               string         `json:"id"`
		Title            string         `json:"title"`
		VariantID        string         `json:"variantId"`
		Quantity         int            `json:"quantity"`
		UnitPrice        int64          `json:"unitPrice"`
		HasShipping      bool           `json:"hasShipping"`
		Metadata         map[string]any `json:"metadata"`
		IncludesTax      bool           `json:"includesTax"`
		Subtotal         int64          `json:"subtotal"`
		DiscountTotal    int64          `json:"discountTotal"`
		TaxTotal         int64          `json:"taxTotal"`
		Total            int64          `json:"total"`
		OriginalTotal    int64          `json:"originalTotal"`
		OriginalTaxTotal int64          `json:"originalTaxTotal"`
		Adjustments      []struct {
			Amount     float64 `json:"amount"`
			DiscountID string  `json:"discountId"`
		} `json:"adjustments"`
	} `json:"items"`
	ShippingMethods []struct {
		ShippingOptionID string `json:"shippingOptionId"`
		Price            int64  `json:"price"`
		Subtotal         int64  `json:"subtotal"`
		TaxTotal         int64  `json:"taxTotal"`
		Total            int64  `json:"total"`
		OriginalTotal    int64  `json:"originalTotal"`
	} `json:"shippingMethods"`
	Discounts []struct {
		Code string `json:"code"`
	} `json:"discounts"`
	GiftCards []struct {
		Code string `json:"code"`
	} `json:"giftCards"`
	Region struct {
		CurrencyCode string `json:"currencyCode"`
	} `json:"region"`
	cartTotals
}

type cartTotals struct {
	Subtotal         int64 `json:"subtotal"`
	DiscountTotal    int64 `json:"discountTotal"`
	ItemTaxTotal     int64 `json:"itemTaxTotal"`
	ShippingTotal    int64 `json:"shippingTotal"`
	ShippingTaxTotal int64 `json:"shippingTaxTotal"`
	TaxTotal         int64 `json:"taxTotal"`
	GiftCardTotal    int64 `json:"giftCardTotal"`
	GiftCardTaxTotal int64 `json:"giftCardTaxTotal"`
	Total            int64 `json:"total"`
}

type addressData struct {
	ID          string  `json:"id"`
	CountryCode *string `json:"countryCode"`
	FirstName   *string `json:"firstName"`
	LastName    *string `json:"lastName"`
	Address1    *string `json:"address1"`
	City        *string `json:"city"`
	PostalCode  *string `json:"postalCode"`
}

// cartServer starts storegraph with the cart fixture.
func cartServer(t *testing.T) *apptest.Server {
	t.Helper()
	fixture, err := os.ReadFile("testdata/cart.json")
	if err != nil {
		t.Fatal(err)
	}
	return apptest.New(t, apptest.WithSeed(string(fixture)))
}

// cartOp runs a mutation returning { cart } and decodes the cart.
func cartOp(t *testing.T, s *apptest.Server, field, args string, vars map[string]any) cartData {
	t.Helper()
	var out map[string]struct {
		Cart cartData `json:"cart"`
	}
	s.Query(t, fmt.Sprintf(`mutation(%s) { %s { cart { %s } } }`, varDecls(vars), field+args, cartFields), vars, &out)
	return out[fieldName(field)].Cart
}

// cartFail runs a cart mutation that must fail.
func cartFail(t *testing.T, s *apptest.Server, field, args string, vars map[string]any) apptest.Error {
	t.Helper()
	return s.Fail(t, fmt.Sprintf(`mutation(%s) { %s { cart { id } } }`, varDecls(vars), field+args), vars)
}

func getCart(t *testing.T, s *apptest.Server, id string) cartData {
	t.Helper()
	var out struct {
		Cart cartData `json:"cart"`
	}
	s.Query(t, `query($id: ID!) { cart(id: $id) { `+cartFields+` } }`, map[string]any{"id": id}, &out)
	return out.Cart
}

// varTypes are the GraphQL types of the variables the tests use.
var varTypes = map[string]string{
	"cartId": "ID!", "lineId": "ID!", "code": "String!", "input": "", "create": "CreateCartInput",
	"update": "UpdateCartInput!", "item": "AddLineItemInput!", "change": "UpdateLineItemInput!",
	"method": "AddShippingMethodInput!",
}

func varDecls(vars map[string]any) string {
	s := ""
	for name := range vars {
		if s != "" {
			s += ", "
		}
		s += "$" + name + ": " + varTypes[name]
	}
	if s == "" {
		return "$unused: Int"
	}
	return s
}

func fieldName(call string) string {
	for i, r := range call {
		if r == '(' {
			return call[:i]
		}
	}
	return call
}

var euRegion = map[string]any{"regionId": "reg_eu"}

func newCart(t *testing.T, s *apptest.Server, input map[string]any) cartData {
	t.Helper()
	return cartOp(t, s, "createCart", "(input: $create)", map[string]any{"create": input})
}

func addItem(t *testing.T, s *apptest.Server, cartID, variantID string, qty int) cartData {
	t.Helper()
	return cartOp(t, s, "addLineItem", "(cartId: $cartId, input: $item)", map[string]any{
		"cartId": cartID, "item": map[string]any{"variantId": variantID, "quantity": qty}})
}

func updateCart(t *testing.T, s *apptest.Server, cartID string, update map[string]any) cartData {
	t.Helper()
	return cartOp(t, s, "updateCart", "(cartId: $cartId, input: $update)", map[string]any{"cartId": cartID, "update": update})
}

func addShipping(t *testing.T, s *apptest.Server, cartID, optionID string) cartData {
	t.Helper()
	return cartOp(t, s, "addShippingMethod", "(cartId: $cartId, input: $method)", map[string]any{
		"cartId": cartID, "method": map[string]any{"optionId": optionID}})
}

func assertTotals(t *testing.T, c cartData, want cartTotals) {
	t.Helper()
	if c.cartTotals != want {
		t.Fatalf("cart totals\n got %+v\nwant %+v", c.cartTotals, want)
	}
}

// Ensure createCart picks the region, country, sales channel and items as Medusa does.
func TestCreateCart(t *testing.T) {
	s := cartServer(t)

	t.Run("DefaultsToTheFirstRegion", func(t *testing.T) {
		// The fixture's regions are created together; the first by
		// (created_at, id) is reg_dk.
		c := newCart(t, s, nil)
		if c.RegionID != "reg_dk" || c.Type != "DEFAULT" || c.SalesChannelID == nil {
			t.Fatalf("cart %+v", c)
		}
	})
	t.Run("TwoCountryRegionGivesNoAddress", func(t *testing.T) {
		if c := newCart(t, s, euRegion); c.ShippingAddress != nil {
			t.Fatalf("a two-country region gives no address, got %+v", c.ShippingAddress)
		}
	})
	t.Run("OneCountryRegionSetsTheCountry", func(t *testing.T) {
		c := newCart(t, s, map[string]any{"regionId": "reg_dk"})
		if c.ShippingAddress == nil || *c.ShippingAddress.CountryCode != "dk" {
			t.Fatalf("shipping address %+v", c.ShippingAddress)
		}
	})
	t.Run("CountryCode", func(t *testing.T) {
		c := newCart(t, s, map[string]any{"regionId": "reg_eu", "countryCode": "FR"})
		if *c.ShippingAddress.CountryCode != "fr" {
			t.Fatalf("country %v", *c.ShippingAddress.CountryCode)
		}
	})
	t.Run("WithItems", func(t *testing.T) {
		c := newCart(t, s, map[string]any{"regionId": "reg_eu", "items": []any{
			map[string]any{"variantId": "var_shirt", "quantity": 2}, map[string]any{"variantId": "var_big", "quantity": 1}}})
		if len(c.Items) != 2 || c.Subtotal != 1200 || c.Total != 1200 {
			t.Fatalf("items %+v totals %+v", c.Items, c.cartTotals)
		}
	})
	t.Run("ContextHasClientInfo", func(t *testing.T) {
		c := newCart(t, s, map[string]any{"regionId": "reg_eu", "context": map[string]any{"locale": "de"}})
		if c.Context["locale"] != "de" || c.Context["ip"] == nil {
			t.Fatalf("context %v", c.Context)
		}
	})

	for _, tc := range []struct {
		name, code, message string
		input               map[string]any
	}{
		{"ErrRegionNotFound", "NOT_FOUND", "Region with reg_nope was not found", map[string]any{"regionId": "reg_nope"}},
		{"ErrCountryNotInRegion", "INVALID_DATA", "Shipping country not in region", map[string]any{"regionId": "reg_eu", "countryCode": "us"}},
		{"ErrSalesChannelNotFound", "NOT_FOUND", "Sales channel with id: sc_nope was not found", map[string]any{"salesChannelId": "sc_nope"}},
		{"ErrSalesChannelDisabled", "INVALID_DATA", `Unable to assign the cart to a disabled Sales Channel "Closed"`, map[string]any{"salesChannelId": "sc_disabled"}},
		{"ErrVariantNotFound", "INVALID_DATA", "Unable to generate the line items, some variant has not been found: var_nope", map[string]any{"items": []any{map[string]any{"variantId": "var_nope", "quantity": 1}}}},
		{"ErrProductsNotInChannel", "INVALID_DATA", "The products [Elsewhere] must belongs to the sales channel on which the cart has been created.", map[string]any{"items": []any{map[string]any{"variantId": "var_elsewhere", "quantity": 1}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cartFail(t, s, "createCart", "(input: $create)", map[string]any{"create": tc.input})
			apptest.ExpectError(t, e, tc.code, tc.message)
		})
	}
}

// Ensure line items are generated, merged, priced per quantity and checked against inventory.
func TestLineItems(t *testing.T) {
	s := cartServer(t)
	c := newCart(t, s, map[string]any{"regionId": "reg_eu"})

	c = addItem(t, s, c.ID, "var_shirt", 1)
	c = addItem(t, s, c.ID, "var_shirt", 2)
	if len(c.Items) != 1 || c.Items[0].Quantity != 3 || c.Items[0].Title != "Shirt" || c.Subtotal != 300 {
		t.Fatalf("merged line %+v", c.Items)
	}
	// Different metadata makes a separate line.
	c = cartOp(t, s, "addLineItem", "(cartId: $cartId, input: $item)", map[string]any{
		"cartId": c.ID, "item": map[string]any{"variantId": "var_shirt", "quantity": 1, "metadata": map[string]any{"gift": true}}})
	if len(c.Items) != 2 {
		t.Fatalf("lines %+v", c.Items)
	}

	t.Run("QuantityTierPrice", func(t *testing.T) {
		c := addItem(t, s, newCart(t, s, euRegion).ID, "var_tiered", 4)
		if c.Items[0].UnitPrice != 1000 {
			t.Fatalf("4 units at %d, want 1000", c.Items[0].UnitPrice)
		}
		c = cartOp(t, s, "updateLineItem", "(cartId: $cartId, lineId: $lineId, input: $change)", map[string]any{
			"cartId": c.ID, "lineId": c.Items[0].ID, "change": map[string]any{"quantity": 5}})
		if c.Items[0].UnitPrice != 800 || c.Subtotal != 4000 {
			t.Fatalf("5 units at %d, subtotal %d; want 800, 4000", c.Items[0].UnitPrice, c.Subtotal)
		}
	})
	t.Run("UpdateQuantityAndMetadata", func(t *testing.T) {
		line := c.Items[1]
		got := cartOp(t, s, "updateLineItem", "(cartId: $cartId, lineId: $lineId, input: $change)", map[string]any{
			"cartId": c.ID, "lineId": line.ID, "change": map[string]any{"quantity": 2, "metadata": map[string]any{"note": "x", "gift": ""}}})
		for _, it := range got.Items {
			if it.ID == line.ID && (it.Quantity != 2 || it.Metadata["note"] != "x" || it.Metadata["gift"] != nil) {
				t.Fatalf("updated line %+v", it)
			}
		}
	})
	t.Run("UpdateToZeroRemoves", func(t *testing.T) {
		got := cartOp(t, s, "updateLineItem", "(cartId: $cartId, lineId: $lineId, input: $change)", map[string]any{
			"cartId": c.ID, "lineId": c.Items[1].ID, "change": map[string]any{"quantity": 0}})
		if len(got.Items) != 1 {
			t.Fatalf("lines %+v", got.Items)
		}
	})
	t.Run("Delete", func(t *testing.T) {
		other := addItem(t, s, newCart(t, s, euRegion).ID, "var_big", 1)
		got := cartOp(t, s, "deleteLineItem", "(cartId: $cartId, lineId: $lineId)", map[string]any{"cartId": other.ID, "lineId": other.Items[0].ID})
		if len(got.Items) != 0 || got.Total != 0 {
			t.Fatalf("cart %+v", got)
		}
		// A line that is not in the cart is ignored.
		cartOp(t, s, "deleteLineItem", "(cartId: $cartId, lineId: $lineId)", map[string]any{"cartId": other.ID, "lineId": "item_nope"})
	})
	t.Run("Backorder", func(t *testing.T) {
		got := addItem(t, s, newCart(t, s, euRegion).ID, "var_backorder", 5)
		if got.Items[0].Quantity != 5 {
			t.Fatalf("backorder line %+v", got.Items)
		}
	})

	fresh := newCart(t, s, euRegion).ID
	addItem(t, s, fresh, "var_scarce", 2)
	for _, tc := range []struct {
		name, field, args, code, reason, message string
		vars                                     map[string]any
	}{
		{"ErrZeroQuantity", "addLineItem", "(cartId: $cartId, input: $item)", "INVALID_DATA", "", "quantity must be greater than 0",
			map[string]any{"cartId": fresh, "item": map[string]any{"variantId": "var_shirt", "quantity": 0}}},
		{"ErrNegativeQuantity", "addLineItem", "(cartId: $cartId, input: $item)", "INVALID_DATA", "", "quantity must be greater than 0",
			map[string]any{"cartId": fresh, "item": map[string]any{"variantId": "var_shirt", "quantity": -1}}},
		{"ErrVariantNotFound", "addLineItem", "(cartId: $cartId, input: $item)", "INVALID_DATA", "", "Unable to generate the line items, some variant has not been found: var_nope",
			map[string]any{"cartId": fresh, "item": map[string]any{"variantId": "var_nope", "quantity": 1}}},
		{"ErrNoPrice", "addLineItem", "(cartId: $cartId, input: $item)", "INVALID_DATA", "", `Cannot generate line item for variant "One" without a price`,
			map[string]any{"cartId": fresh, "item": map[string]any{"variantId": "var_taxed", "quantity": 1}}},
		{"ErrInsufficientInventoryOnMerge", "addLineItem", "(cartId: $cartId, input: $item)", "NOT_ALLOWED", "insufficient_inventory", "Variant with id: var_scarce does not have the required inventory",
			map[string]any{"cartId": fresh, "item": map[string]any{"variantId": "var_scarce", "quantity": 1}}},
		{"ErrNotInSalesChannel", "addLineItem", "(cartId: $cartId, input: $item)", "INVALID_DATA", "", `The product "Elsewhere" must belongs to the sales channel on which the cart has been created.`,
			map[string]any{"cartId": fresh, "item": map[string]any{"variantId": "var_elsewhere", "quantity": 1}}},
		{"ErrCartNotFound", "addLineItem", "(cartId: $cartId, input: $item)", "NOT_FOUND", "", "Cart with cart_nope was not found",
			map[string]any{"cartId": "cart_nope", "item": map[string]any{"variantId": "var_shirt", "quantity": 1}}},
		{"ErrLineNotInCart", "updateLineItem", "(cartId: $cartId, lineId: $lineId, input: $change)", "INVALID_DATA", "", "Could not find the line item",
			map[string]any{"cartId": fresh, "lineId": c.Items[0].ID, "change": map[string]any{"quantity": 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cartFail(t, s, tc.field, tc.args, tc.vars)
			apptest.ExpectError(t, e, tc.code, tc.message)
			if tc.reason != "" && e.Extensions["reason"] != tc.reason {
				t.Fatalf("reason %v, want %s", e.Extensions["reason"], tc.reason)
			}
		})
	}
	t.Run("ErrUpdateBeyondInventory", func(t *testing.T) {
		st := getCart(t, s, fresh)
		e := cartFail(t, s, "updateLineItem", "(cartId: $cartId, lineId: $lineId, input: $change)", map[string]any{
			"cartId": fresh, "lineId": st.Items[0].ID, "change": map[string]any{"quantity": 3}})
		apptest.ExpectError(t, e, "NOT_ALLOWED", "Inventory doesn't cover the desired quantity")
		if got := getCart(t, s, fresh); got.Items[0].Quantity != 2 {
			t.Fatalf("a failed update changed the line: %+v", got.Items)
		}
	})
}

// Ensure shipping options are validated for the cart and methods priced, one per profile.
func TestShipping(t *testing.T) {
	s := cartServer(t)
	c := addItem(t, s, newCart(t, s, map[string]any{"regionId": "reg_eu"}).ID, "var_big", 2)

	var opts struct {
		CartShippingOptions []struct {
			ID           string `json:"id"`
			Amount       int64  `json:"amount"`
			PriceInclTax int64  `json:"priceInclTax"`
		} `json:"cartShippingOptions"`
	}
	s.Query(t, `query($id: ID!) { cartShippingOptions(cartId: $id) { id amount priceInclTax } }`, map[string]any{"id": c.ID}, &opts)
	var ids []string
	for _, o := range opts.CartShippingOptions {
		ids = append(ids, o.ID)
	}
	// Subtotal 2000: Free over 50 (min 5000) and Small parcel (max 3000)
	// decide by requirements; admin-only and return options never show.
	sort.Strings(ids)
	if fmt.Sprint(ids) != "[so_eu_exp so_eu_max so_eu_std]" {
		t.Fatalf("options %v", ids)
	}

	c = addShipping(t, s, c.ID, "so_eu_std")
	if len(c.ShippingMethods) != 1 || c.ShippingTotal != 1000 || c.Total != 3000 || !c.Items[0].HasShipping {
		t.Fatalf("cart %+v", c)
	}
	// A method of the same profile replaces the old one.
	c = addShipping(t, s, c.ID, "so_eu_exp")
	if len(c.ShippingMethods) != 1 || c.ShippingMethods[0].ShippingOptionID != "so_eu_exp" || c.Total != 3500 {
		t.Fatalf("methods %+v total %d", c.ShippingMethods, c.Total)
	}
	// Changing the items drops the shipping methods.
	c = addItem(t, s, c.ID, "var_shirt", 1)
	if len(c.ShippingMethods) != 0 || c.Items[0].HasShipping {
		t.Fatalf("methods %+v", c.ShippingMethods)
	}

	for _, tc := range []struct {
		name, option, code, message string
	}{
		{"ErrOptionNotFound", "so_nope", "NOT_FOUND", "Shipping Option with so_nope was not found"},
		{"ErrOtherRegion", "so_us_std", "INVALID_DATA", "The shipping option is not available in the cart's region"},
		{"ErrMinRequirement", "so_eu_min", "NOT_ALLOWED", "The Cart does not satisfy the shipping option's requirements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cartFail(t, s, "addShippingMethod", "(cartId: $cartId, input: $method)", map[string]any{
				"cartId": c.ID, "method": map[string]any{"optionId": tc.option}})
			apptest.ExpectError(t, e, tc.code, tc.message)
		})
	}
}

// Ensure discount codes are validated in Medusa's order, allocated, and removed.
func TestDiscounts(t *testing.T) {
	s := cartServer(t)
	newEU := func() cartData {
		c := addItem(t, s, newCart(t, s, map[string]any{"regionId": "reg_eu"}).ID, "var_shirt", 1)
		return addItem(t, s, c.ID, "var_big", 1)
	}
	codes := func(list ...string) map[string]any {
		var out []any
		for _, c := range list {
			out = append(out, map[string]any{"code": c})
		}
		return map[string]any{"discounts": out}
	}

	t.Run("Percentage", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, codes("tenpct"))
		assertTotals(t, c, cartTotals{Subtotal: 1100, DiscountTotal: 110, Total: 990})
	})
	t.Run("FixedTotalSplitsFractionally", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, codes("FIXED185"))
		got := map[string]float64{}
		for _, it := range c.Items {
			got[it.VariantID] = it.Adjustments[0].Amount
		}
		if fmt.Sprintf("%.10f %.10f", got["var_shirt"], got["var_big"]) != "16.8181818182 168.1818181818" {
			t.Fatalf("adjustments %v", got)
		}
		assertTotals(t, c, cartTotals{Subtotal: 1100, DiscountTotal: 185, Total: 915})
	})
	t.Run("FixedPerItem", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, codes("ITEM50"))
		assertTotals(t, c, cartTotals{Subtotal: 1100, DiscountTotal: 100, Total: 1000})
	})
	t.Run("ProductCondition", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, codes("SHIRTS"))
		assertTotals(t, c, cartTotals{Subtotal: 1100, DiscountTotal: 50, Total: 1050})
	})
	t.Run("NotDiscountableProduct", func(t *testing.T) {
		c := addItem(t, s, newCart(t, s, euRegion).ID, "var_nodiscount", 1)
		c = updateCart(t, s, c.ID, codes("TENPCT"))
		assertTotals(t, c, cartTotals{Subtotal: 1000, Total: 1000})
	})
	t.Run("OnlyTheFirstNonFreeShippingDiscountIsKept", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, codes("TENPCT", "ITEM50", "FREESHIP"))
		var got []string
		for _, d := range c.Discounts {
			got = append(got, d.Code)
		}
		sort.Strings(got)
		if fmt.Sprint(got) != "[FREESHIP TENPCT]" {
			t.Fatalf("discounts %+v", c.Discounts)
		}
	})
	t.Run("FreeShippingAndRemoval", func(t *testing.T) {
		c := addShipping(t, s, newEU().ID, "so_eu_std")
		c = updateCart(t, s, c.ID, codes("FREESHIP"))
		// Medusa writes price 0 into the method (quirk 9), so even its
		// original total is 0.
		if c.ShippingTotal != 0 || c.Total != 1100 || c.ShippingMethods[0].Price != 0 || c.ShippingMethods[0].OriginalTotal != 0 {
			t.Fatalf("free shipping totals %+v methods %+v", c.cartTotals, c.ShippingMethods)
		}
		c = cartOp(t, s, "removeDiscount", "(cartId: $cartId, code: $code)", map[string]any{"cartId": c.ID, "code": "FREESHIP"})
		if len(c.Discounts) != 0 || c.ShippingTotal != 1000 || c.Total != 2100 {
			t.Fatalf("after removal %+v", c.cartTotals)
		}
	})
	t.Run("RemoveAndClear", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, codes("TENPCT"))
		c = cartOp(t, s, "removeDiscount", "(cartId: $cartId, code: $code)", map[string]any{"cartId": c.ID, "code": "TENPCT"})
		if c.DiscountTotal != 0 || len(c.Items[0].Adjustments) != 0 {
			t.Fatalf("after removal %+v", c)
		}
		c = updateCart(t, s, c.ID, codes("TENPCT"))
		c = updateCart(t, s, c.ID, map[string]any{"discounts": []any{}})
		if len(c.Discounts) != 0 || c.DiscountTotal != 0 {
			t.Fatalf("after clearing %+v", c)
		}
	})
	t.Run("AdjustmentsFollowItems", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, codes("TENPCT"))
		c = addItem(t, s, c.ID, "var_shirt", 1)
		if c.DiscountTotal != 120 {
			t.Fatalf("discount after adding an item: %d, want 120", c.DiscountTotal)
		}
	})
	t.Run("CustomerGroupDiscount", func(t *testing.T) {
		c := updateCart(t, s, newEU().ID, map[string]any{"customerId": "cus_vip"})
		c = updateCart(t, s, c.ID, codes("VIPONLY"))
		if c.DiscountTotal != 200 {
			t.Fatalf("VIP discount %d", c.DiscountTotal)
		}
	})

	for _, tc := range []struct {
		name, code, errCode, message string
		customer                     string
	}{
		{"ErrUnknownCode", "NOPE", "NOT_FOUND", "Discounts with code [NOPE] was not found", ""},
		{"ErrUsageLimit", "USEDUP", "NOT_ALLOWED", "Discount USEDUP has been used maximum allowed times", ""},
		{"ErrNotValidYet", "FUTURE", "NOT_ALLOWED", "Discount FUTURE is not valid yet", ""},
		{"ErrExpired", "EXPIRED", "NOT_ALLOWED", "Discount EXPIRED is expired", ""},
		{"ErrDisabled", "DISABLED", "NOT_ALLOWED", "The discount code DISABLED is disabled", ""},
		{"ErrNeedsCustomer", "VIPONLY", "NOT_ALLOWED", "Discount VIPONLY is only valid for specific customer", ""},
		{"ErrOtherRegion", "USONLY", "INVALID_DATA", "The discount is not available in current region", ""},
		{"ErrCustomerNotInGroup", "VIPONLY", "NOT_ALLOWED", "Discount VIPONLY is not valid for customer", "cus_plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newEU()
			if tc.customer != "" {
				updateCart(t, s, c.ID, map[string]any{"customerId": tc.customer})
			}
			e := cartFail(t, s, "updateCart", "(cartId: $cartId, input: $update)", map[string]any{"cartId": c.ID, "update": codes(tc.code)})
			apptest.ExpectError(t, e, tc.errCode, tc.message)
			if got := getCart(t, s, c.ID); len(got.Discounts) != 0 || got.Total != 1100 {
				t.Fatalf("a refused code changed the cart: %+v", got.cartTotals)
			}
		})
	}
}

// Ensure gift cards are applied with Medusa's checks and counted in totals.
func TestGiftCards(t *testing.T) {
	s := cartServer(t)
	c := addItem(t, s, newCart(t, s, map[string]any{"regionId": "reg_eu"}).ID, "var_big", 1)
	c = updateCart(t, s, c.ID, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-SMALL"}, map[string]any{"code": "GIFT-SMALL"}}})
	if len(c.GiftCards) != 1 || c.GiftCardTotal != 150 || c.Total != 850 {
		t.Fatalf("gift card totals %+v", c.cartTotals)
	}
	c = updateCart(t, s, c.ID, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-EU"}}})
	if c.GiftCardTotal != 1000 || c.Total != 0 {
		t.Fatalf("a card worth more than the cart: %+v", c.cartTotals)
	}
	c = updateCart(t, s, c.ID, map[string]any{"giftCards": []any{}})
	if len(c.GiftCards) != 0 || c.Total != 1000 {
		t.Fatalf("after clearing %+v", c.cartTotals)
	}

	for _, tc := range []struct{ name, code, errCode, message string }{
		{"ErrUnknown", "GIFT-NOPE", "NOT_FOUND", "Gift card with code: GIFT-NOPE was not found"},
		{"ErrDisabled", "GIFT-OFF", "NOT_ALLOWED", "The gift card is disabled"},
		{"ErrOtherRegion", "GIFT-US", "INVALID_DATA", "The gift card cannot be used in the current region"},
		{"ErrExpired", "GIFT-OLD", "NOT_ALLOWED", "The gift card has expired"},
		{"ErrNoBalance", "GIFT-EMPTY", "NOT_ALLOWED", "The gift card has no balance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cartFail(t, s, "updateCart", "(cartId: $cartId, input: $update)", map[string]any{"cartId": c.ID,
				"update": map[string]any{"giftCards": []any{map[string]any{"code": tc.code}}}})
			apptest.ExpectError(t, e, tc.errCode, tc.message)
		})
	}
}

// Ensure updateCart handles emails, customers, addresses and metadata as Medusa does.
func TestUpdateCart(t *testing.T) {
	s := cartServer(t)
	c := newCart(t, s, map[string]any{"regionId": "reg_eu", "countryCode": "de"})

	c = updateCart(t, s, c.ID, map[string]any{"email": "Guest@Example.com"})
	if c.Email == nil || *c.Email != "guest@example.com" || c.CustomerID == nil {
		t.Fatalf("email %v customer %v", c.Email, c.CustomerID)
	}
	guest := *c.CustomerID
	c = updateCart(t, s, c.ID, map[string]any{"email": "guest@example.com"})
	if *c.CustomerID != guest {
		t.Fatalf("the same email made a second guest customer")
	}

	c = updateCart(t, s, c.ID, map[string]any{"shippingAddress": map[string]any{"firstName": "Ada", "address1": "Main 1", "city": "Berlin", "postalCode": "10115"}})
	if a := c.ShippingAddress; *a.FirstName != "Ada" || *a.CountryCode != "de" || *a.City != "Berlin" {
		t.Fatalf("a partial update keeps the country: %+v", a)
	}
	c = updateCart(t, s, c.ID, map[string]any{"shippingAddress": map[string]any{"lastName": "Lovelace"}})
	if a := c.ShippingAddress; *a.FirstName != "Ada" || *a.LastName != "Lovelace" {
		t.Fatalf("partial address update %+v", a)
	}
	c = updateCart(t, s, c.ID, map[string]any{"billingAddressId": c.ShippingAddress.ID})
	if c.BillingAddress == nil || c.BillingAddress.ID != c.ShippingAddress.ID {
		t.Fatalf("billing address by id %+v", c.BillingAddress)
	}
	c = updateCart(t, s, c.ID, map[string]any{"shippingAddress": nil})
	if c.ShippingAddress != nil {
		t.Fatalf("null did not clear the address")
	}

	c = updateCart(t, s, c.ID, map[string]any{"metadata": map[string]any{"a": 1, "b": "x"}, "context": map[string]any{"k": "v"}})
	c = updateCart(t, s, c.ID, map[string]any{"metadata": map[string]any{"b": "", "c": true}})
	if fmt.Sprint(c.Metadata) != "map[a:1 c:true]" || c.Context["k"] != "v" || c.Context["ip"] == nil {
		t.Fatalf("metadata %v context %v", c.Metadata, c.Context)
	}

	for _, tc := range []struct {
		name, code, message string
		update              map[string]any
	}{
		{"ErrBadEmail", "INVALID_DATA", "email must be an email", map[string]any{"email": "not-an-email"}},
		{"ErrCustomerNotFound", "NOT_FOUND", "Customer with id: cus_nope was not found", map[string]any{"customerId": "cus_nope"}},
		{"ErrShippingCountry", "NOT_ALLOWED", "Shipping country must be in the cart region", map[string]any{"shippingAddress": map[string]any{"countryCode": "us"}}},
		{"ErrAddressNotFound", "NOT_FOUND", "Address with id: addr_nope was not found", map[string]any{"billingAddressId": "addr_nope"}},
		{"ErrRegionNotFound", "NOT_FOUND", "Region with reg_nope was not found", map[string]any{"regionId": "reg_nope"}},
		{"ErrCountryNotInRegion", "NOT_ALLOWED", "Country not available in region", map[string]any{"regionId": "reg_us", "countryCode": "de"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := cartFail(t, s, "updateCart", "(cartId: $cartId, input: $update)", map[string]any{"cartId": c.ID, "update": tc.update})
			apptest.ExpectError(t, e, tc.code, tc.message)
		})
	}
}

// Ensure a region change re-prices items, drops what cannot follow, and
// clears shipping methods and gift cards.
func TestRegionChange(t *testing.T) {
	s := cartServer(t)
	c := newCart(t, s, map[string]any{"regionId": "reg_eu", "countryCode": "de"})
	addItem(t, s, c.ID, "var_shirt", 2)
	addItem(t, s, c.ID, "var_eur_only", 1)
	addShipping(t, s, c.ID, "so_eu_std")
	updateCart(t, s, c.ID, map[string]any{"discounts": []any{map[string]any{"code": "TENPCT"}}, "giftCards": []any{map[string]any{"code": "GIFT-SMALL"}}})

	c = updateCart(t, s, c.ID, map[string]any{"regionId": "reg_us"})
	if c.RegionID != "reg_us" || c.Region.CurrencyCode != "usd" {
		t.Fatalf("region %s", c.RegionID)
	}
	if len(c.Items) != 1 || c.Items[0].VariantID != "var_shirt" || c.Items[0].UnitPrice != 120 {
		t.Fatalf("items after region change %+v", c.Items)
	}
	if len(c.ShippingMethods) != 0 || len(c.GiftCards) != 0 {
		t.Fatalf("methods %+v gift cards %+v", c.ShippingMethods, c.GiftCards)
	}
	if *c.ShippingAddress.CountryCode != "us" {
		t.Fatalf("country %v", *c.ShippingAddress.CountryCode)
	}
	// TENPCT is valid in the US too, so it stays and is re-allocated.
	assertTotals(t, c, cartTotals{Subtotal: 240, DiscountTotal: 24, Total: 216})
}

// Ensure the worked examples of Medusa's totals (behaviour notes §4.6) come
// out of the API exactly.
func TestWorkedExamples(t *testing.T) {
	s := cartServer(t)
	dk := func() string { return newCart(t, s, map[string]any{"regionId": "reg_dk"}).ID }

	t.Run("ExclusiveTaxAndPercentageDiscount", func(t *testing.T) {
		c := addItem(t, s, dk(), "var_taxed", 1)
		c = updateCart(t, s, c.ID, map[string]any{"discounts": []any{map[string]any{"code": "TENPCT"}}})
		it := c.Items[0]
		if it.DiscountTotal != 10 || it.TaxTotal != 9 || it.Total != 99 || it.OriginalTaxTotal != 10 || it.OriginalTotal != 110 {
			t.Fatalf("item %+v", it)
		}
	})
	t.Run("RegionDefaultRateAndShipping", func(t *testing.T) {
		c := addItem(t, s, dk(), "var_shirt", 1)
		c = addShipping(t, s, c.ID, "so_dk_std")
		assertTotals(t, c, cartTotals{Subtotal: 100, ItemTaxTotal: 12, ShippingTotal: 100, ShippingTaxTotal: 12, TaxTotal: 24, Total: 224})
	})
	t.Run("ShippingOptionRate", func(t *testing.T) {
		c := addItem(t, s, dk(), "var_shirt", 1)
		c = addShipping(t, s, c.ID, "so_dk_cheap")
		if c.ShippingTaxTotal != 10 {
			t.Fatalf("shipping tax %d, want 10 (5%% of 200)", c.ShippingTaxTotal)
		}
	})
	t.Run("SeveralRatesOnOneProduct", func(t *testing.T) {
		c := addItem(t, s, dk(), "var_multi", 1)
		if c.Items[0].TaxTotal != 35 || c.Total != 135 {
			t.Fatalf("item %+v total %d", c.Items[0], c.Total)
		}
	})
	t.Run("InclusivePriceAndItemDiscount", func(t *testing.T) {
		c := newCart(t, s, map[string]any{"regionId": "reg_incl"})
		c = addItem(t, s, c.ID, "var_incl", 2)
		c = updateCart(t, s, c.ID, map[string]any{"discounts": []any{map[string]any{"code": "FIFTEEN"}}})
		it := c.Items[0]
		if !it.IncludesTax || it.Subtotal != 200 || it.DiscountTotal != 30 || it.TaxTotal != 34 || it.Total != 204 || it.OriginalTotal != 240 {
			t.Fatalf("item %+v", it)
		}
	})
	t.Run("RequirementWithInclusiveOption", func(t *testing.T) {
		c := newCart(t, s, map[string]any{"regionId": "reg_incl"})
		c = addItem(t, s, c.ID, "var_incl", 1) // total 120 incl. tax: within [100, 150)
		c = addShipping(t, s, c.ID, "so_incl_tax")
		if len(c.ShippingMethods) != 1 {
			t.Fatalf("methods %+v", c.ShippingMethods)
		}
		c = addItem(t, s, c.ID, "var_incl", 1) // total 240
		e := cartFail(t, s, "addShippingMethod", "(cartId: $cartId, input: $method)", map[string]any{
			"cartId": c.ID, "method": map[string]any{"optionId": "so_incl_tax"}})
		apptest.ExpectError(t, e, "NOT_ALLOWED", "The Cart does not satisfy the shipping option's requirements")
	})
	t.Run("TaxableGiftCard", func(t *testing.T) {
		c := addItem(t, s, dk(), "var_big", 1)
		c = updateCart(t, s, c.ID, map[string]any{"giftCards": []any{map[string]any{"code": "GIFT-DK"}}})
		assertTotals(t, c, cartTotals{Subtotal: 1000, ItemTaxTotal: 120, TaxTotal: 120, GiftCardTotal: 1000, GiftCardTaxTotal: 120, Total: 0})
	})
	t.Run("ForcedTaxes", func(t *testing.T) {
		c := addItem(t, s, newCart(t, s, map[string]any{"regionId": "reg_se"}).ID, "var_shirt", 1)
		if c.TaxTotal != 0 {
			t.Fatalf("a region without automatic taxes taxed the cart: %d", c.TaxTotal)
		}
		taxed := cartOp(t, s, "calculateCartTaxes", "(cartId: $cartId)", map[string]any{"cartId": c.ID})
		if taxed.TaxTotal != 25 || taxed.Total != 125 || taxed.Items[0].TaxTotal != 25 {
			t.Fatalf("forced taxes %+v", taxed.cartTotals)
		}
		if again := getCart(t, s, c.ID); again.TaxTotal != 0 {
			t.Fatalf("calculateCartTaxes persisted taxes")
		}
	})
}

// Ensure concurrent mutations of one cart lose nothing.
func TestConcurrentCartMutations(t *testing.T) {
	s := cartServer(t)
	c := newCart(t, s, map[string]any{"regionId": "reg_eu"})

	var wg sync.WaitGroup
	errs := make(chan string, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp := s.Do(t, apptest.Request{
				Query:     `mutation($cartId: ID!, $item: AddLineItemInput!) { addLineItem(cartId: $cartId, input: $item) { cart { id } } }`,
				Variables: map[string]any{"cartId": c.ID, "item": map[string]any{"variantId": "var_shirt", "quantity": 1}},
			})
			if len(resp.Errors) > 0 {
				errs <- resp.Errors[0].Message
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("concurrent addLineItem failed: %s", e)
	}
	got := getCart(t, s, c.ID)
	if len(got.Items) != 1 || got.Items[0].Quantity != 20 || got.Subtotal != 2000 {
		t.Fatalf("after 20 concurrent adds: %+v", got.Items)
	}

	t.Run("DiscountsAndItemsStayConsistent", func(t *testing.T) {
		c := addItem(t, s, newCart(t, s, euRegion).ID, "var_big", 1)
		var wg sync.WaitGroup
		for i := 0; i < 10; i++ {
			wg.Add(2)
			go func() {
				defer wg.Done()
				s.Do(t, apptest.Request{
					Query:     `mutation($cartId: ID!, $item: AddLineItemInput!) { addLineItem(cartId: $cartId, input: $item) { cart { id } } }`,
					Variables: map[string]any{"cartId": c.ID, "item": map[string]any{"variantId": "var_shirt", "quantity": 1}},
				})
			}()
			go func(i int) {
				defer wg.Done()
				code := []any{map[string]any{"code": "TENPCT"}}
				if i%2 == 1 {
					code = []any{}
				}
				s.Do(t, apptest.Request{
					Query:     `mutation($cartId: ID!, $update: UpdateCartInput!) { updateCart(cartId: $cartId, input: $update) { cart { id } } }`,
					Variables: map[string]any{"cartId": c.ID, "update": map[string]any{"discounts": code}},
				})
			}(i)
		}
		wg.Wait()
		got := getCart(t, s, c.ID)
		items := 0
		for _, it := range got.Items {
			items += it.Quantity
		}
		wantDiscount := int64(0)
		if len(got.Discounts) == 1 {
			wantDiscount = got.Subtotal / 10
		}
		if items != 11 || got.Subtotal != 2000 || got.DiscountTotal != wantDiscount || got.Total != got.Subtotal-wantDiscount {
			t.Fatalf("inconsistent cart: %d units, totals %+v, discounts %+v", items, got.cartTotals, got.Discounts)
		}
	})
}

// Ensure a completed cart refuses changes (contract deviation 3).
func TestCompletedCartRefusesChanges(t *testing.T) {
	s := cartServer(t)
	c := addItem(t, s, newCart(t, s, euRegion).ID, "var_shirt", 1)
	if _, err := storage.Exec(t.Context(), s.DB.Writer(), `UPDATE cart SET completed_at = ? WHERE id = ?`, s.DB.Now(), c.ID); err != nil {
		t.Fatal(err)
	}
	e := cartFail(t, s, "addLineItem", "(cartId: $cartId, input: $item)", map[string]any{
		"cartId": c.ID, "item": map[string]any{"variantId": "var_shirt", "quantity": 1}})
	apptest.ExpectError(t, e, "NOT_ALLOWED", "Cart is already completed")
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func mustReadFile(tb testing.TB, path string) string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(data)
}

// Ensure a customer's group prices apply: setting the customer re-prices
// the lines, and new lines are priced for the customer.
func TestCustomerGroupPrices(t *testing.T) {
	s := cartServer(t)
	c := addItem(t, s, newCart(t, s, euRegion).ID, "var_big", 1)
	if c.Items[0].UnitPrice != 1000 {
		t.Fatalf("guest price %d, want 1000", c.Items[0].UnitPrice)
	}
	c = updateCart(t, s, c.ID, map[string]any{"customerId": "cus_vip"})
	if c.Items[0].UnitPrice != 900 || c.Subtotal != 900 {
		t.Fatalf("VIP price after setting the customer: %d, want 900", c.Items[0].UnitPrice)
	}
	c = updateCart(t, s, c.ID, map[string]any{"customerId": "cus_plain"})
	if c.Items[0].UnitPrice != 1000 {
		t.Fatalf("price for a customer outside the group: %d, want 1000", c.Items[0].UnitPrice)
	}
	other := updateCart(t, s, newCart(t, s, euRegion).ID, map[string]any{"customerId": "cus_vip"})
	other = addItem(t, s, other.ID, "var_big", 2)
	if other.Items[0].UnitPrice != 900 {
		t.Fatalf("a line added for a VIP customer: %d, want 900", other.Items[0].UnitPrice)
	}
}

package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
)

const pricedFields = `id prices { amount currencyCode regionId priceListId minQuantity maxQuantity }
	originalPrice calculatedPrice calculatedPriceType originalPriceIncludesTax calculatedPriceIncludesTax
	originalPriceInclTax calculatedPriceInclTax originalTax calculatedTax taxRates { rate name code }`

type pricedVariant struct {
	ID     string
	Prices []struct {
		Amount                   int64
		CurrencyCode             string
		RegionID, PriceListID    *string
		MinQuantity, MaxQuantity *int
	}
	OriginalPrice, CalculatedPrice                       *int64
	CalculatedPriceType                                  *string
	OriginalPriceIncludesTax, CalculatedPriceIncludesTax *bool
	OriginalPriceInclTax, CalculatedPriceInclTax         *int64
	OriginalTax, CalculatedTax                           *int64
	TaxRates                                             []taxRate
}

type taxRate struct {
	Rate       float64
	Name, Code string
}

// pricing is what a test expects of a priced variant; prices are labels
// ("2800 eur reg_eu", "2600 eur pl_sale", "2500 eur min10").
type pricing struct {
	prices                         []string
	original, calculated           *int64
	typ                            *string
	originalIncl, calculatedIncl   *bool
	originalWithTax, calculatedTax [2]*int64 // price incl. tax, tax
	calculatedWithTax              *int64
	originalTax                    *int64
	rates                          []taxRate
}

func money(v int64) *int64 { return &v }

func (v pricedVariant) labels() []string {
	var out []string
	for _, p := range v.Prices {
		s := fmt.Sprintf("%d %s", p.Amount, p.CurrencyCode)
		if p.RegionID != nil {
			s += " " + *p.RegionID
		}
		if p.PriceListID != nil {
			s += " " + *p.PriceListID
		}
		if p.MinQuantity != nil {
			s += fmt.Sprintf(" min%d", *p.MinQuantity)
		}
		if p.MaxQuantity != nil {
			s += fmt.Sprintf(" max%d", *p.MaxQuantity)
		}
		out = append(out, s)
	}
	return out
}

// expectPricing asserts every pricing field of a variant.
func expectPricing(t *testing.T, v pricedVariant, want pricing) {
	t.Helper()
	expectIDs(t, "prices", v.labels(), want.prices...)
	eq(t, "originalPrice", v.OriginalPrice, want.original)
	eq(t, "calculatedPrice", v.CalculatedPrice, want.calculated)
	eq(t, "calculatedPriceType", v.CalculatedPriceType, want.typ)
	eq(t, "originalPriceIncludesTax", v.OriginalPriceIncludesTax, want.originalIncl)
	eq(t, "calculatedPriceIncludesTax", v.CalculatedPriceIncludesTax, want.calculatedIncl)
	eq(t, "originalPriceInclTax", v.OriginalPriceInclTax, want.originalWithTax[0])
	eq(t, "originalTax", v.OriginalTax, want.originalWithTax[1])
	eq(t, "calculatedPriceInclTax", v.CalculatedPriceInclTax, want.calculatedTax[0])
	eq(t, "calculatedTax", v.CalculatedTax, want.calculatedTax[1])
	eq(t, "taxRates", v.TaxRates, want.rates)
}

var (
	no        = ptr(false)
	yes       = ptr(true)
	sale      = ptr("SALE")
	override  = ptr("OVERRIDE")
	byDefault = ptr("DEFAULT")
	euDefault = []taxRate{{20, "default", "default"}}
)

// Ensure variants are priced as Medusa prices them for the pricing context
// of the query: region prices beat currency prices for the original price,
// the cheapest admitted price is the calculated one (active, running price
// lists without customer groups; no quantity tiers without a quantity),
// taxes come from the region's product, product type or default rates when
// it computes taxes automatically, and nothing is priced without a region
// or currency.
func testVariantPricing(t *testing.T, s *apptest.Server) {
	q := `query($id: ID!, $regionId: ID, $currencyCode: String) {
		product(id: $id, regionId: $regionId, currencyCode: $currencyCode) { variants { ` + pricedFields + ` } } }`
	shirtEU := []string{"3000 eur", "2800 eur reg_eu", "2500 eur min10", "2600 eur pl_sale"}
	tests := []struct {
		name, product, variant string
		vars                   map[string]any
		want                   pricing
	}{
		{"NoContext", "prod_shirt", "var_shirt_s", nil, pricing{
			// Medusa's candidates without region and currency: default
			// prices and the lists that apply, never draft, ended, future
			// or customer-group lists.
			prices: []string{"3000 eur", "2800 eur reg_eu", "3600 usd", "3400 usd reg_us", "20000 dkk reg_dk",
				"2500 eur min10", "2600 eur pl_sale"},
		}},
		{"RegionPriceIsOriginalSaleIsCalculated", "prod_shirt", "var_shirt_s", map[string]any{"regionId": "reg_eu"}, pricing{
			prices: shirtEU, original: money(2800), calculated: money(2600), typ: sale,
			originalIncl: no, calculatedIncl: no,
			originalWithTax: [2]*int64{money(3360), money(560)}, calculatedTax: [2]*int64{money(3120), money(520)},
			rates: euDefault,
		}},
		{"CurrencyPriceIsOriginalWithoutRegion", "prod_shirt", "var_shirt_s", map[string]any{"currencyCode": "eur"}, pricing{
			prices: shirtEU, original: money(3000), calculated: money(2600), typ: sale, originalIncl: no, calculatedIncl: no,
		}},
		{"RegionWinsOverCurrency", "prod_shirt", "var_shirt_s", map[string]any{"regionId": "reg_eu", "currencyCode": "usd"}, pricing{
			prices: shirtEU, original: money(2800), calculated: money(2600), typ: sale, originalIncl: no, calculatedIncl: no,
			originalWithTax: [2]*int64{money(3360), money(560)}, calculatedTax: [2]*int64{money(3120), money(520)},
			rates: euDefault,
		}},
		{"AutomaticTaxesOff", "prod_shirt", "var_shirt_s", map[string]any{"regionId": "reg_us"}, pricing{
			prices: []string{"3600 usd", "3400 usd reg_us"}, original: money(3400), calculated: money(3400), typ: byDefault,
			originalIncl: no, calculatedIncl: no,
		}},
		{"TaxInclusiveRegion", "prod_shirt", "var_shirt_s", map[string]any{"regionId": "reg_dk"}, pricing{
			prices: []string{"20000 dkk reg_dk"}, original: money(20000), calculated: money(20000), typ: byDefault,
			originalIncl: yes, calculatedIncl: yes,
			originalWithTax: [2]*int64{money(20000), money(4000)}, calculatedTax: [2]*int64{money(20000), money(4000)},
			rates: []taxRate{{25, "default", "default"}},
		}},
		{"QuantityTierIgnoredWithoutQuantity", "prod_shirt", "var_shirt_m", map[string]any{"regionId": "reg_eu"}, pricing{
			prices: []string{"3000 eur", "2000 eur min10 max100"}, original: money(3000), calculated: money(3000), typ: byDefault,
			originalIncl: no, calculatedIncl: no,
			originalWithTax: [2]*int64{money(3600), money(600)}, calculatedTax: [2]*int64{money(3600), money(600)},
			rates: euDefault,
		}},
		{"MaximumOnlyTierCounts", "prod_shirt", "var_shirt_l", map[string]any{"currencyCode": "eur"}, pricing{
			prices: []string{"3000 eur", "2900 eur max5"}, original: money(3000), calculated: money(2900), typ: byDefault,
			originalIncl: no, calculatedIncl: no,
		}},
		{"ProductTypeRate", "prod_book", "var_book", map[string]any{"regionId": "reg_eu"}, pricing{
			prices: []string{"2000 eur"}, original: money(2000), calculated: money(2000), typ: byDefault,
			originalIncl: no, calculatedIncl: no,
			originalWithTax: [2]*int64{money(2100), money(100)}, calculatedTax: [2]*int64{money(2100), money(100)},
			rates: []taxRate{{5, "Books", "BOOK5"}},
		}},
		{"ProductAndProductTypeRates", "prod_watch", "var_watch", map[string]any{"regionId": "reg_eu"}, pricing{
			prices: []string{"10000 eur"}, original: money(10000), calculated: money(10000), typ: byDefault,
			originalIncl: no, calculatedIncl: no,
			originalWithTax: [2]*int64{money(12700), money(2700)}, calculatedTax: [2]*int64{money(12700), money(2700)},
			rates: []taxRate{{25, "Luxury goods", "LUX25"}, {2, "Luxury surcharge", "LUXT2"}},
		}},
		{"OtherRegionsRatesDoNotApply", "prod_watch", "var_watch", map[string]any{"regionId": "reg_dk"}, pricing{
			prices: []string{"75000 dkk reg_dk"}, original: money(75000), calculated: money(75000), typ: byDefault,
			originalIncl: yes, calculatedIncl: yes,
			originalWithTax: [2]*int64{money(75000), money(15000)}, calculatedTax: [2]*int64{money(75000), money(15000)},
			rates: []taxRate{{25, "default", "default"}},
		}},
		{"RegionOverrideList", "prod_pants", "var_pants", map[string]any{"regionId": "reg_us"}, pricing{
			prices: []string{"5500 usd", "4900 usd reg_us pl_us"}, original: money(5500), calculated: money(4900), typ: override,
			originalIncl: no, calculatedIncl: no,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]any{"id": tt.product}
			for k, v := range tt.vars {
				vars[k] = v
			}
			p := gql[struct {
				Product struct{ Variants []pricedVariant }
			}](t, s, q, vars).Product
			for _, v := range p.Variants {
				if v.ID == tt.variant {
					expectPricing(t, v, tt.want)
					return
				}
			}
			t.Fatalf("variant %s not found", tt.variant)
		})
	}

	t.Run("ProductList", func(t *testing.T) {
		got := gql[struct {
			Products struct {
				Nodes []struct {
					ID       string
					Variants []pricedVariant
				}
			}
		}](t, s, `query($regionId: ID) { products(regionId: $regionId, limit: 3, order: "title") {
			nodes { id variants { `+pricedFields+` } } } }`, map[string]any{"regionId": "reg_eu"})
		calculated := map[string]int64{}
		for _, p := range got.Products.Nodes {
			for _, v := range p.Variants {
				calculated[v.ID] = *v.CalculatedPrice
			}
		}
		eq(t, "calculated prices", calculated, map[string]int64{"var_pants": 5000, "var_tee": 1500, "var_giftcard": 5000})
	})
	t.Run("VariantList", func(t *testing.T) {
		got := gql[struct{ ProductVariants []pricedVariant }](t, s, `query($regionId: ID) {
			productVariants(ids: "var_shirt_s", regionId: $regionId) { `+pricedFields+` } }`, map[string]any{"regionId": "reg_eu"})
		expectPricing(t, got.ProductVariants[0], pricing{
			prices: shirtEU, original: money(2800), calculated: money(2600), typ: sale, originalIncl: no, calculatedIncl: no,
			originalWithTax: [2]*int64{money(3360), money(560)}, calculatedTax: [2]*int64{money(3120), money(520)},
			rates: euDefault,
		})
	})
	t.Run("VariantWithCurrency", func(t *testing.T) {
		got := gql[struct{ ProductVariant pricedVariant }](t, s, `{ productVariant(id: "var_shirt_s", currencyCode: "usd") {
			`+pricedFields+` } }`, nil)
		expectPricing(t, got.ProductVariant, pricing{
			prices: []string{"3600 usd", "3400 usd reg_us"}, original: money(3600), calculated: money(3400), typ: byDefault,
			originalIncl: no, calculatedIncl: no,
		})
	})
	t.Run("NestedProductKeepsContext", func(t *testing.T) {
		got := gql[struct {
			ProductVariant struct {
				Product struct{ Variants []pricedVariant }
			}
		}](t, s, `{ productVariant(id: "var_book", regionId: "reg_eu") { product { variants { `+pricedFields+` } } } }`, nil)
		eq(t, "calculated tax", got.ProductVariant.Product.Variants[0].CalculatedTax, money(100))
	})
	t.Run("ErrUnknownRegion", func(t *testing.T) {
		e := s.Fail(t, `{ productVariants(regionId: "reg_nope") { id } }`, nil)
		apptest.ExpectError(t, e, "NOT_FOUND", "Region with reg_nope was not found")
	})
	t.Run("ErrUnknownCart", func(t *testing.T) {
		e := s.Fail(t, `{ products(cartId: "cart_nope") { count } }`, nil)
		apptest.ExpectError(t, e, "NOT_FOUND", "Cart with cart_nope was not found")
	})
}

// Ensure price lists restricted to customer groups apply only to a customer
// in one of the groups, pricing through the catalog service with the
// customer of a pricing context.
func testCustomerGroupPricing(t *testing.T, s *apptest.Server) {
	svc := s.App.Resolver.Catalog
	price := func(t *testing.T, variantID string, pc *model.PricingContext) *catalog.PricedVariant {
		t.Helper()
		ctx := loaders.With(context.Background(), s.DB)
		v, err := svc.Variant(ctx, variantID)
		if err != nil {
			t.Fatal(err)
		}
		v.Pricing = pc
		priced, err := svc.PriceVariant(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		return priced
	}
	amounts := func(p *catalog.PricedVariant) []int64 {
		var out []int64
		for _, ma := range p.Prices {
			out = append(out, ma.Amount)
		}
		return out
	}
	tests := []struct {
		name, variant, customer string
		region                  string
		calculated              *int64
		typ                     string
		tax                     *int64
		prices                  []int64
	}{
		{"GroupMember", "var_shirt_s", "cus_vip", "reg_eu", money(2000), "override", money(400), []int64{3000, 2800, 2500, 2600, 2000}},
		{"NotInGroup", "var_shirt_s", "cus_plain", "reg_eu", money(2600), "sale", money(520), []int64{3000, 2800, 2500, 2600}},
		{"Anonymous", "var_shirt_s", "", "reg_eu", money(2600), "sale", money(520), []int64{3000, 2800, 2500, 2600}},
		{"GroupRegionPrice", "var_book", "cus_vip", "reg_eu", money(1500), "override", money(75), []int64{2000, 1500}},
		{"GroupMemberWithoutRegion", "var_book", "cus_vip", "", nil, "", nil, []int64{2000, 2200, 1500}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc := &model.PricingContext{CustomerID: tt.customer}
			if tt.region != "" {
				pc.RegionID, pc.CurrencyCode = tt.region, "eur"
			}
			p := price(t, tt.variant, pc)
			eq(t, "calculated", p.CalculatedPrice, tt.calculated)
			eq(t, "type", string(p.CalculatedPriceType), tt.typ)
			eq(t, "tax", p.CalculatedTax, tt.tax)
			eq(t, "prices", amounts(p), tt.prices)
		})
	}
}

// Ensure a logged-in customer sees the prices of their groups' price lists,
// and that a cart's region prices the catalog (cartId wins over regionId)
// while the customer stays the one of the request, as in Medusa's product
// and variant routes (the cart's customer does not count).
func testPricingContext(t *testing.T, s *apptest.Server) {
	token := func(email, password string) http.Header {
		got := gql[struct{ CustomerLoginToken struct{ AccessToken string } }](t, s,
			`mutation($email: String!, $password: String!) { customerLoginToken(input: {email: $email, password: $password}) { accessToken } }`,
			map[string]any{"email": email, "password": password})
		return http.Header{"Authorization": {"Bearer " + got.CustomerLoginToken.AccessToken}}
	}
	vip, plain := token("vip@example.com", "vip-secret"), token("plain@example.com", "plain-secret")
	newCart := func(region string, h http.Header) string {
		resp := s.Do(t, apptest.Request{Query: `mutation($region: ID) { createCart(input: {regionId: $region}) { cart { id customerId } } }`,
			Variables: map[string]any{"region": region}, Header: h})
		var data struct {
			CreateCart struct{ Cart struct{ ID string } }
		}
		if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &data) != nil {
			t.Fatalf("createCart: %+v %s", resp.Errors, resp.Data)
		}
		return data.CreateCart.Cart.ID
	}
	dkCart, vipCart := newCart("reg_dk", nil), newCart("reg_eu", vip)

	const q = `query($cartId: ID, $regionId: ID) { productVariant(id: "var_shirt_s", cartId: $cartId, regionId: $regionId) {
		calculatedPrice calculatedPriceType calculatedTax prices { amount } } }`
	type variant struct {
		CalculatedPrice     *int64
		CalculatedPriceType *string
		CalculatedTax       *int64
		Prices              []struct{ Amount int64 }
	}
	tests := []struct {
		name   string
		header http.Header
		vars   map[string]any
		price  int64
		typ    string
		tax    int64
		prices int
	}{
		{"GroupMember", vip, map[string]any{"regionId": "reg_eu"}, 2000, "OVERRIDE", 400, 5},
		{"NotInGroup", plain, map[string]any{"regionId": "reg_eu"}, 2600, "SALE", 520, 4},
		{"CartRegion", nil, map[string]any{"cartId": dkCart}, 20000, "DEFAULT", 4000, 1},
		{"CartWinsOverRegion", nil, map[string]any{"cartId": dkCart, "regionId": "reg_eu"}, 20000, "DEFAULT", 4000, 1},
		{"CartOfGroupMemberAnonymously", nil, map[string]any{"cartId": vipCart}, 2600, "SALE", 520, 4},
		{"CartOfGroupMemberLoggedIn", vip, map[string]any{"cartId": vipCart}, 2000, "OVERRIDE", 400, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := s.Do(t, apptest.Request{Query: q, Variables: tt.vars, Header: tt.header})
			var data struct{ ProductVariant variant }
			if len(resp.Errors) > 0 || json.Unmarshal(resp.Data, &data) != nil {
				t.Fatalf("errors %+v", resp.Errors)
			}
			v := data.ProductVariant
			eq(t, "calculated", v.CalculatedPrice, money(tt.price))
			eq(t, "type", v.CalculatedPriceType, &tt.typ)
			eq(t, "tax", v.CalculatedTax, money(tt.tax))
			eq(t, "prices", len(v.Prices), tt.prices)
		})
	}
	t.Run("GroupPricesWithoutRegion", func(t *testing.T) {
		resp := s.Do(t, apptest.Request{Query: `{ productVariant(id: "var_book") { calculatedPrice prices { amount } } }`, Header: vip})
		eq(t, "data", string(resp.Data), `{"productVariant":{"calculatedPrice":null,"prices":[{"amount":2000},{"amount":2200},{"amount":1500}]}}`)
	})
}

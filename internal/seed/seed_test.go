package seed_test

import (
	"context"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

func ensure(t *testing.T, db *storage.DB, opts seed.Options) {
	t.Helper()
	err := db.InTx(context.Background(), func(tx *storage.Tx) error {
		return seed.EnsureStore(context.Background(), tx, opts)
	})
	if err != nil {
		t.Fatalf("EnsureStore: %v", err)
	}
}

func TestEnsureStore(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	ensure(t, db, seed.Options{PaymentProviders: []string{"test-pay"}})

	// Ensure the store, its currency, channel and profiles are Medusa's.
	var s struct {
		Name     string  `db:"name"`
		Currency string  `db:"default_currency_code"`
		Channel  *string `db:"default_sales_channel_id"`
	}
	get(t, db, &s, "SELECT name, default_currency_code, default_sales_channel_id FROM store")
	if s.Name != "Medusa Store" || s.Currency != "usd" || s.Channel == nil {
		t.Fatalf("store = %+v", s)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM store_currencies WHERE currency_code = 'usd'"); n != 1 {
		t.Errorf("store currencies usd: %d", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM sales_channel WHERE id = ? AND name = 'Default Sales Channel' AND description = 'Created by Medusa'", *s.Channel); n != 1 {
		t.Errorf("default sales channel missing")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM shipping_profile WHERE (type = 'default' AND name = 'Default Shipping Profile') OR (type = 'gift_card' AND name = 'Gift Card Profile')"); n != 2 {
		t.Errorf("shipping profiles: %d, want 2", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM payment_provider WHERE is_installed = ? AND id IN ('manual', 'system', 'test-pay')", true); n != 3 {
		t.Errorf("installed payment providers: %d, want 3", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM fulfillment_provider WHERE id = 'manual' AND is_installed = ?", true); n != 1 {
		t.Errorf("fulfillment provider manual not installed")
	}

	t.Run("Idempotent", func(t *testing.T) {
		before := snapshot(t, db)
		ensure(t, db, seed.Options{PaymentProviders: []string{"test-pay"}})
		assertUnchanged(t, db, before)
	})

	t.Run("UnregisteredProviderNotInstalled", func(t *testing.T) {
		ensure(t, db, seed.Options{})
		if n := count(t, db, "SELECT COUNT(*) FROM payment_provider WHERE id = 'test-pay' AND is_installed = ?", false); n != 1 {
			t.Errorf("test-pay should be kept, marked not installed")
		}
		if n := rows(t, db, "store"); n != 1 {
			t.Errorf("stores: %d", n)
		}
	})

	t.Run("FillsOnlyWhatIsMissing", func(t *testing.T) {
		// A Medusa database whose store lost its default channel and whose
		// gift card profile was deleted.
		mustExec(t, db, "UPDATE store SET default_sales_channel_id = NULL, name = 'My Shop'")
		mustExec(t, db, "UPDATE shipping_profile SET deleted_at = CURRENT_TIMESTAMP WHERE type = 'gift_card'")
		ensure(t, db, seed.Options{})
		var name string
		get(t, db, &name, "SELECT name FROM store")
		if name != "My Shop" {
			t.Errorf("store name overwritten: %q", name)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM store s JOIN sales_channel c ON c.id = s.default_sales_channel_id"); n != 1 {
			t.Errorf("default sales channel not recreated")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM shipping_profile WHERE type = 'gift_card' AND deleted_at IS NULL"); n != 1 {
			t.Errorf("gift card profile not recreated")
		}
	})
}

func mustExec(t *testing.T, db *storage.DB, query string, args ...any) {
	t.Helper()
	if _, err := storage.Exec(context.Background(), db.Writer(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func TestDemoLoads(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	mustLoad(t, db, seed.Demo())

	want := map[string]int{
		"store": 1, "sales_channel": 1, "shipping_profile": 2, `"user"`: 1,
		"region": 2, "shipping_option": 9, "shipping_option_requirement": 1,
		"product_category": 3, "product_collection": 1, "product": 7, "product_variant": 32,
		"product_option": 8, "product_option_value": 40, "money_amount": 64, "product_variant_money_amount": 64,
		"image": 15, "product_images": 15, "product_tag": 2, "product_tags": 6,
		"product_sales_channel": 7, "product_shipping_profile": 7, "product_category_product": 7,
		"publishable_api_key": 1, "publishable_api_key_sales_channel": 1,
		"customer": 1, "address": 1, "discount": 1, "discount_rule": 1, "discount_regions": 2,
		"gift_card": 1, "return_reason": 4,
	}
	for table, n := range want {
		if got := rows(t, db, table); got != n {
			t.Errorf("%s: %d rows, want %d", table, got, n)
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM country WHERE region_id = 'reg_demo_eu'"); n != 7 {
		t.Errorf("EU countries: %d, want 7", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM product WHERE collection_id = 'pcol_demo_essentials'"); n != 4 {
		t.Errorf("products in the collection: %d, want 4", n)
	}
	var code string
	get(t, db, &code, "SELECT code FROM discount")
	if code != "WELCOME10" {
		t.Errorf("discount code %q", code)
	}
	var rate model.Rate
	get(t, db, &rate, "SELECT tax_rate FROM gift_card")
	if rate != 20 {
		t.Errorf("gift card tax rate %v, want the EU region's 20", rate)
	}
}

func TestMedusaStarterSeedLoads(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	mustLoad(t, db, readFile(t, "medusa-starter-default-seed.json"))

	want := map[string]int{
		`"user"`: 1, "region": 2, "shipping_option": 8, "product": 7, "product_variant": 29,
		"product_option": 8, "product_option_value": 37, "money_amount": 58, "image": 15,
		"product_category": 51, "store_currencies": 2,
	}
	for table, n := range want {
		if got := rows(t, db, table); got != n {
			t.Errorf("%s: %d rows, want %d", table, got, n)
		}
	}

	t.Run("RegionAliasesKeptAsIDs", func(t *testing.T) {
		if n := count(t, db, "SELECT COUNT(*) FROM shipping_option WHERE region_id = 'test-region-eu'"); n != 4 {
			t.Errorf("EU shipping options: %d, want 4", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM country WHERE region_id = 'test-region-na' AND iso_2 IN ('us', 'ca')"); n != 2 {
			t.Errorf("NA countries: %d, want 2", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM region_payment_providers WHERE provider_id = 'manual'"); n != 2 {
			t.Errorf("region payment providers: %d", n)
		}
	})

	t.Run("AdminPasswordHashed", func(t *testing.T) {
		var hash, role string
		get(t, db, &hash, `SELECT password_hash FROM "user" WHERE email = 'admin@medusa-test.com'`)
		get(t, db, &role, `SELECT role FROM "user"`)
		if !auth.VerifyPassword(hash, "supersecret") || role != "member" {
			t.Errorf("admin user: password verifies %v, role %q", auth.VerifyPassword(hash, "supersecret"), role)
		}
	})

	t.Run("ProductAsMedusaSeedsIt", func(t *testing.T) {
		var p struct {
			ID           string  `db:"id"`
			Status       string  `db:"status"`
			Thumbnail    *string `db:"thumbnail"`
			Discountable bool    `db:"discountable"`
			Weight       *int64  `db:"weight"`
		}
		get(t, db, &p, "SELECT id, status, thumbnail, discountable, weight FROM product WHERE handle = 't-shirt'")
		if !strings.HasPrefix(p.ID, "prod_") || p.Status != "published" || !p.Discountable || p.Weight == nil || *p.Weight != 400 {
			t.Errorf("t-shirt = %+v", p)
		}
		if p.Thumbnail == nil || !strings.HasSuffix(*p.Thumbnail, "tee-black-front.png") {
			t.Errorf("thumbnail should be the first image, got %v", p.Thumbnail)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM product_sales_channel ps JOIN store s ON s.default_sales_channel_id = ps.sales_channel_id
			WHERE ps.product_id = ?`, p.ID); n != 1 {
			t.Errorf("t-shirt not in the default sales channel")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM product_shipping_profile pp JOIN shipping_profile sp ON sp.id = pp.profile_id
			WHERE pp.product_id = ? AND sp.type = 'default'`, p.ID); n != 1 {
			t.Errorf("t-shirt not in the default shipping profile")
		}
		// Option values by position: "L / White" has Size L and Color White.
		var values []string
		if err := storage.Select(context.Background(), db.Reader, &values, `SELECT o.title || '=' || v.value
			FROM product_variant pv JOIN product_option_value v ON v.variant_id = pv.id JOIN product_option o ON o.id = v.option_id
			WHERE pv.product_id = ? AND pv.title = 'L / White' ORDER BY o.title`, p.ID); err != nil {
			t.Fatal(err)
		}
		if strings.Join(values, ",") != "Color=White,Size=L" {
			t.Errorf("L / White option values = %v", values)
		}
		var rank int64
		get(t, db, &rank, "SELECT variant_rank FROM product_variant WHERE product_id = ? AND title = 'M / Black'", p.ID)
		if rank != 2 {
			t.Errorf("variant rank of M / Black = %d, want 2", rank)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM product_variant_money_amount WHERE id LIKE 'pvma__%'"); n != 58 {
			t.Errorf("pvma rows with Medusa's pvma__ prefix: %d", n)
		}
	})

	t.Run("SecondLoadFailsAndWritesNothing", func(t *testing.T) {
		before := snapshot(t, db)
		err := load(db, readFile(t, "medusa-starter-default-seed.json"))
		wantErr(t, err, errs.Duplicate, `users[0] ("admin@medusa-test.com")`, "A user with the same email already exists.")
		assertUnchanged(t, db, before)
	})

	t.Run("CategoryTree", func(t *testing.T) {
		type cat struct {
			ID       string  `db:"id"`
			Mpath    *string `db:"mpath"`
			Rank     int64   `db:"rank"`
			Parent   *string `db:"parent_category_id"`
			IsActive bool    `db:"is_active"`
			Internal bool    `db:"is_internal"`
		}
		byHandle := func(h string) cat {
			var c cat
			get(t, db, &c, "SELECT id, mpath, rank, parent_category_id, is_active, is_internal FROM product_category WHERE handle = ?", h)
			return c
		}
		men, clothing, shirts := byHandle("men"), byHandle("men/clothing"), byHandle("men/clothing/shirts")
		if want := men.ID + "." + clothing.ID + "." + shirts.ID + "."; shirts.Mpath == nil || *shirts.Mpath != want {
			t.Errorf("mpath = %v, want %s", shirts.Mpath, want)
		}
		if shirts.Parent == nil || *shirts.Parent != clothing.ID || shirts.Rank != 1 {
			t.Errorf("men/clothing/shirts = %+v", shirts)
		}
		if women := byHandle("women"); women.Rank != 1 || women.Parent != nil || !women.IsActive || women.Internal {
			t.Errorf("women = %+v", women)
		}
	})
}

// The newer, minimal starter seed lists only eur as the store's currency,
// which Medusa v1.20 refuses: the store's default currency is usd.
func TestMedusaMinimalStarterSeedFailsAsInMedusa(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	before := snapshot(t, db)
	err := load(db, readFile(t, "medusa-starter-minimal-seed.json"), seed.Options{PaymentProviders: []string{"stripe"}})
	wantErr(t, err, errs.InvalidData, "store.currencies", "You are not allowed to remove default currency from store currencies without replacing it as well")
	assertUnchanged(t, db, before)
}

func TestExtensionKeysLoad(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	var carts []seed.Cart
	creator := seed.CartCreatorFunc(func(ctx context.Context, tx *storage.Tx, c seed.Cart) error {
		carts = append(carts, c)
		return nil
	})
	mustLoad(t, db, readFile(t, "extensions.json"), seed.Options{Carts: creator})

	t.Run("Store", func(t *testing.T) {
		if n := rows(t, db, "store_currencies"); n != 3 {
			t.Errorf("store currencies: %d, want 3", n)
		}
		var name string
		get(t, db, &name, "SELECT name FROM store")
		if name != "Extension Test Store" {
			t.Errorf("store name %q", name)
		}
	})

	t.Run("RegionAndShipping", func(t *testing.T) {
		var r struct {
			TaxRate        model.Rate `db:"tax_rate"`
			IncludesTax    bool       `db:"includes_tax"`
			AutomaticTaxes bool       `db:"automatic_taxes"`
			Metadata       model.JSON `db:"metadata"`
		}
		get(t, db, &r, "SELECT tax_rate, includes_tax, automatic_taxes, metadata FROM region WHERE id = 'reg_nordic'")
		if r.TaxRate != 25 || !r.IncludesTax || r.AutomaticTaxes || r.Metadata["warehouse"] != "Aarhus" {
			t.Errorf("region = %+v", r)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM country WHERE region_id = 'reg_nordic'"); n != 2 {
			t.Errorf("countries: %d", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM shipping_option_requirement WHERE shipping_option_id = 'so_nordic_standard'"); n != 2 {
			t.Errorf("requirements: %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM shipping_option so JOIN shipping_profile sp ON sp.id = so.profile_id
			WHERE so.id = 'so_nordic_giftcard' AND sp.type = 'gift_card' AND so.admin_only = ?`, true); n != 1 {
			t.Errorf("gift card shipping option not in the gift card profile")
		}
	})

	t.Run("Catalog", func(t *testing.T) {
		var p struct {
			Status    string     `db:"status"`
			Thumbnail string     `db:"thumbnail"`
			TypeValue string     `db:"type_value"`
			Metadata  model.JSON `db:"metadata"`
		}
		get(t, db, &p, `SELECT p.status, p.thumbnail, t.value AS type_value, p.metadata
			FROM product p JOIN product_type t ON t.id = p.type_id WHERE p.id = 'prod_hat'`)
		if p.Status != "draft" || p.Thumbnail != "https://example.com/hat-thumb.png" || p.TypeValue != "Hat" || p.Metadata["care"] != "hand wash" {
			t.Errorf("hat = %+v", p)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM product_sales_channel WHERE product_id = 'prod_hat' AND sales_channel_id = 'sc_app'"); n != 1 {
			t.Errorf("hat not in sc_app")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM product_sales_channel WHERE product_id = 'prod_hat'"); n != 1 {
			t.Errorf("hat should be only in the channels given")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM product_category_product WHERE product_id = 'prod_hat'"); n != 2 {
			t.Errorf("hat categories: %d", n)
		}
		// The tag "wool" is one row, used by both products.
		if n := count(t, db, "SELECT COUNT(*) FROM product_tag WHERE value = 'wool'"); n != 1 {
			t.Errorf("wool tags: %d", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM product_tags pt JOIN product_tag t ON t.id = pt.product_tag_id WHERE t.value = 'wool'"); n != 2 {
			t.Errorf("products tagged wool: %d", n)
		}
		var gift struct {
			Discountable bool `db:"discountable"`
			GiftProfile  int  `db:"gift_profile"`
		}
		get(t, db, &gift, `SELECT p.discountable, (SELECT COUNT(*) FROM product_shipping_profile pp JOIN shipping_profile sp ON sp.id = pp.profile_id
			WHERE pp.product_id = p.id AND sp.type = 'gift_card') AS gift_profile FROM product p WHERE p.id = 'prod_gift'`)
		if gift.Discountable || gift.GiftProfile != 1 {
			t.Errorf("gift card product = %+v, want not discountable, in the gift card profile", gift)
		}
		var scarves struct {
			Handle   string `db:"handle"`
			Active   bool   `db:"is_active"`
			Internal bool   `db:"is_internal"`
		}
		get(t, db, &scarves, "SELECT handle, is_active, is_internal FROM product_category WHERE name = 'Scarves'")
		if scarves.Handle != "scarves" || scarves.Active || !scarves.Internal {
			t.Errorf("scarves = %+v", scarves)
		}
		var prices []struct {
			Currency string  `db:"currency_code"`
			Region   *string `db:"region_id"`
			Amount   int64   `db:"amount"`
		}
		if err := storage.Select(context.Background(), db.Reader, &prices, `SELECT ma.currency_code, ma.region_id, ma.amount
			FROM money_amount ma JOIN product_variant_money_amount pvma ON pvma.money_amount_id = ma.id
			WHERE pvma.variant_id = 'variant_hat' AND ma.price_list_id IS NULL ORDER BY ma.amount`); err != nil {
			t.Fatal(err)
		}
		if len(prices) != 2 || prices[1].Currency != "dkk" || prices[1].Region == nil || *prices[1].Region != "reg_nordic" {
			t.Errorf("hat prices = %+v", prices)
		}
	})

	t.Run("Customers", func(t *testing.T) {
		var c struct {
			Email      string  `db:"email"`
			Hash       *string `db:"password_hash"`
			HasAccount bool    `db:"has_account"`
			Billing    *string `db:"billing_address_id"`
		}
		get(t, db, &c, "SELECT email, password_hash, has_account, billing_address_id FROM customer WHERE id = 'cus_ana'")
		if c.Email != "ana@example.com" || !c.HasAccount || c.Hash == nil || !auth.VerifyPassword(*c.Hash, "s3cret-pass") {
			t.Errorf("ana = %+v", c)
		}
		if c.Billing == nil || count(t, db, "SELECT COUNT(*) FROM address WHERE id = ? AND country_code = 'dk'", *c.Billing) != 1 {
			t.Errorf("billing address missing")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM address WHERE customer_id = 'cus_ana'"); n != 2 {
			t.Errorf("shipping addresses: %d", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM customer_group_customers WHERE customer_id = 'cus_ana'"); n != 2 {
			t.Errorf("groups: %d", n)
		}
		var guest bool
		get(t, db, &guest, "SELECT has_account FROM customer WHERE id = 'cus_guest'")
		if guest {
			t.Errorf("guest has an account")
		}
	})

	t.Run("PriceLists", func(t *testing.T) {
		var pl struct {
			Type   string `db:"type"`
			Status string `db:"status"`
		}
		get(t, db, &pl, "SELECT type, status FROM price_list WHERE id = 'pl_vip'")
		if pl.Type != "override" || pl.Status != "active" {
			t.Errorf("price list = %+v", pl)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM money_amount ma JOIN product_variant_money_amount pvma ON pvma.money_amount_id = ma.id
			WHERE ma.price_list_id = 'pl_vip' AND pvma.variant_id = 'variant_hat'`); n != 2 {
			t.Errorf("price list prices: %d", n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM price_list_customer_groups WHERE price_list_id = 'pl_vip' AND customer_group_id = 'cgrp_vip'"); n != 1 {
			t.Errorf("price list group missing")
		}
	})

	t.Run("TaxRates", func(t *testing.T) {
		var rate model.Rate
		get(t, db, &rate, "SELECT rate FROM tax_rate WHERE id = 'txr_reduced'")
		if rate != 12.5 {
			t.Errorf("rate %v", rate)
		}
		for _, q := range []string{
			"SELECT COUNT(*) FROM product_tax_rate WHERE rate_id = 'txr_reduced' AND product_id = 'prod_hat'",
			"SELECT COUNT(*) FROM product_type_tax_rate r JOIN product_type t ON t.id = r.product_type_id WHERE r.rate_id = 'txr_reduced' AND t.value = 'Hat'",
			"SELECT COUNT(*) FROM shipping_tax_rate WHERE rate_id = 'txr_reduced' AND shipping_option_id = 'so_nordic_standard'",
		} {
			if n := count(t, db, q); n != 1 {
				t.Errorf("%s: %d", q, n)
			}
		}
	})

	t.Run("Discounts", func(t *testing.T) {
		var d struct {
			Code       string `db:"code"`
			Allocation string `db:"allocation"`
			Type       string `db:"type"`
			Value      int64  `db:"value"`
		}
		get(t, db, &d, "SELECT d.code, r.allocation, r.type, r.value FROM discount d JOIN discount_rule r ON r.id = d.rule_id WHERE d.id = 'disc_vip'")
		if d != (struct {
			Code       string `db:"code"`
			Allocation string `db:"allocation"`
			Type       string `db:"type"`
			Value      int64  `db:"value"`
		}{"VIP20", "item", "percentage", 20}) {
			t.Errorf("discount = %+v", d)
		}
		joins := map[string]string{
			"discount_condition_customer_group":     "customer_group_id = 'cgrp_vip'",
			"discount_condition_product":            "product_id = 'prod_gift'",
			"discount_condition_product_tag":        "product_tag_id IN (SELECT id FROM product_tag WHERE value = 'wool')",
			"discount_condition_product_type":       "product_type_id IN (SELECT id FROM product_type WHERE value = 'Hat')",
			"discount_condition_product_collection": "product_collection_id = 'pcol_winter'",
		}
		for table, where := range joins {
			if n := count(t, db, `SELECT COUNT(*) FROM `+table+` j JOIN discount_condition c ON c.id = j.condition_id
				JOIN discount d ON d.rule_id = c.discount_rule_id WHERE d.id = 'disc_vip' AND `+where); n != 1 {
				t.Errorf("%s: %d rows", table, n)
			}
		}
		if n := count(t, db, "SELECT COUNT(*) FROM discount_condition WHERE operator = 'not_in' AND type = 'products'"); n != 1 {
			t.Errorf("not_in condition missing")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM discount WHERE code = 'FREESHIP' AND is_disabled = ?", true); n != 1 {
			t.Errorf("FREESHIP missing")
		}
		if n := count(t, db, "SELECT COUNT(*) FROM discount WHERE id = 'disc_child' AND parent_discount_id = 'disc_vip' AND is_dynamic = ? AND valid_duration = 'P1M'", true); n != 1 {
			t.Errorf("dynamic child discount missing")
		}
	})

	t.Run("GiftCards", func(t *testing.T) {
		var g struct {
			Value   int64       `db:"value"`
			Balance int64       `db:"balance"`
			TaxRate *model.Rate `db:"tax_rate"`
		}
		get(t, db, &g, "SELECT value, balance, tax_rate FROM gift_card WHERE code = 'ANA-GIFT-0001'")
		if g.Value != 50000 || g.Balance != 30000 || g.TaxRate == nil || *g.TaxRate != 25 {
			t.Errorf("gift card = %+v", g)
		}
		var code string
		get(t, db, &code, "SELECT code FROM gift_card WHERE id <> 'gift_ana'")
		if len(code) != 19 || strings.Count(code, "-") != 3 {
			t.Errorf("generated code %q, want XXXX-XXXX-XXXX-XXXX", code)
		}
	})

	t.Run("ReturnReasonTree", func(t *testing.T) {
		if n := count(t, db, "SELECT COUNT(*) FROM return_reason WHERE parent_return_reason_id = 'rr_damaged'"); n != 2 {
			t.Errorf("children of damaged: %d", n)
		}
		if n := rows(t, db, "return_reason"); n != 4 {
			t.Errorf("return reasons: %d", n)
		}
	})

	t.Run("PaymentCollections", func(t *testing.T) {
		var pc struct {
			Type      string `db:"type"`
			Status    string `db:"status"`
			Currency  string `db:"currency_code"`
			CreatedBy string `db:"created_by"`
		}
		get(t, db, &pc, "SELECT type, status, currency_code, created_by FROM payment_collection WHERE id = 'paycol_edit'")
		if pc.Type != "order_edit" || pc.Status != "not_paid" || pc.Currency != "dkk" || pc.CreatedBy != "usr_admin" {
			t.Errorf("payment collection = %+v", pc)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM payment_collection WHERE currency_code = 'eur' AND status = 'awaiting'"); n != 1 {
			t.Errorf("eur collection missing")
		}
	})

	t.Run("ChannelsAndKeys", func(t *testing.T) {
		if n := count(t, db, `SELECT COUNT(*) FROM publishable_api_key_sales_channel k JOIN store s ON s.default_sales_channel_id = k.sales_channel_id
			WHERE k.publishable_key_id = 'pk_app' AND k.id LIKE 'pksc_%'`); n != 1 {
			t.Errorf("key not attached to the default sales channel")
		}
	})

	t.Run("CartsHandedToTheCartService", func(t *testing.T) {
		if len(carts) != 1 {
			t.Fatalf("carts: %d", len(carts))
		}
		c := carts[0]
		if c.ID != "cart_ana" || c.RegionID != "reg_nordic" || len(c.Items) != 1 || c.Items[0].Quantity != 2 ||
			c.Discounts[0] != "VIP20" || c.GiftCards[0] != "ANA-GIFT-0001" || c.ShippingAddress == nil {
			t.Errorf("cart = %+v", c)
		}
	})
}

// A cart service failure rolls back the whole file.
func TestCartFailureRollsBack(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	before := snapshot(t, db)
	creator := seed.CartCreatorFunc(func(ctx context.Context, tx *storage.Tx, c seed.Cart) error {
		return errs.NotFoundf("Variant with id: %s was not found", c.Items[0].VariantID)
	})
	err := load(db, readFile(t, "extensions.json"), seed.Options{Carts: creator})
	wantErr(t, err, errs.NotFound, `carts[0] ("cart_ana")`, "Variant with id: variant_hat was not found")
	assertUnchanged(t, db, before)
}

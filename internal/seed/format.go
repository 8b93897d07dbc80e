package seed

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/storegraph/storegraph/internal/model"
)

// file is a seed file: the keys of Medusa's seed.json, then storegraph's
// extension keys (shared/reference/seed-format.md). Field names are the JSON
// keys; decodeStrict rejects any other key.
type file struct {
	Store              *storeInput         `json:"store"`
	Users              []userInput         `json:"users"`
	Regions            []regionInput       `json:"regions"`
	ShippingOptions    []shippingOption    `json:"shipping_options"`
	ProductCollections []collectionInput   `json:"product_collections"`
	Categories         []categoryInput     `json:"categories"`
	Products           []productInput      `json:"products"`
	PublishableAPIKeys []publishableKey    `json:"publishable_api_keys"`
	RuleTypes          []any               `json:"rule_types"` // Medusa reads it only with the medusa_v2 flag; ignored
	SalesChannels      []salesChannelInput `json:"sales_channels"`
	CustomerGroups     []customerGroup     `json:"customer_groups"`
	Customers          []customerInput     `json:"customers"`
	PriceLists         []priceListInput    `json:"price_lists"`
	TaxRates           []taxRateInput      `json:"tax_rates"`
	Discounts          []discountInput     `json:"discounts"`
	GiftCards          []giftCardInput     `json:"gift_cards"`
	ReturnReasons      []returnReasonInput `json:"return_reasons"`
	PaymentCollections []paymentCollection `json:"payment_collections"`
	Carts              []Cart              `json:"carts"`
}

// storeInput is StoreService.update's payload.
type storeInput struct {
	Name                *string    `json:"name"`
	DefaultCurrencyCode *string    `json:"default_currency_code"`
	Currencies          []string   `json:"currencies"`
	SwapLinkTemplate    *string    `json:"swap_link_template"`
	PaymentLinkTemplate *string    `json:"payment_link_template"`
	InviteLinkTemplate  *string    `json:"invite_link_template"`
	Metadata            model.JSON `json:"metadata"`
}

type userInput struct {
	ID        string     `json:"id"`
	Email     string     `json:"email"`
	Password  string     `json:"password"`
	FirstName *string    `json:"first_name"`
	LastName  *string    `json:"last_name"`
	Role      *string    `json:"role"`
	APIToken  *string    `json:"api_token"`
	Metadata  model.JSON `json:"metadata"`
}

type regionInput struct {
	ID                   string     `json:"id"`
	Name                 string     `json:"name"`
	CurrencyCode         string     `json:"currency_code"`
	TaxRate              float64    `json:"tax_rate"`
	TaxCode              *string    `json:"tax_code"`
	PaymentProviders     []string   `json:"payment_providers"`
	FulfillmentProviders []string   `json:"fulfillment_providers"`
	Countries            []string   `json:"countries"`
	AutomaticTaxes       *bool      `json:"automatic_taxes"`
	GiftCardsTaxable     *bool      `json:"gift_cards_taxable"`
	IncludesTax          bool       `json:"includes_tax"`
	Metadata             model.JSON `json:"metadata"`
}

type shippingOption struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	RegionID     string        `json:"region_id"`
	ProviderID   string        `json:"provider_id"`
	Data         model.JSON    `json:"data"`
	PriceType    string        `json:"price_type"`
	Amount       *int64        `json:"amount"`
	IsReturn     bool          `json:"is_return"`
	AdminOnly    bool          `json:"admin_only"`
	IsGiftcard   bool          `json:"is_giftcard"`
	IncludesTax  bool          `json:"includes_tax"`
	Requirements []requirement `json:"requirements"`
	Metadata     model.JSON    `json:"metadata"`
}

type requirement struct {
	Type   string `json:"type"`
	Amount int64  `json:"amount"`
}

type collectionInput struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Handle   string     `json:"handle"`
	Metadata model.JSON `json:"metadata"`
}

type categoryInput struct {
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	Handle           string          `json:"handle"`
	Description      string          `json:"description"`
	Rank             *int64          `json:"rank"` // accepted; Medusa ranks a new category after its siblings
	IsActive         *bool           `json:"is_active"`
	IsInternal       *bool           `json:"is_internal"`
	ParentCategoryID string          `json:"parent_category_id"`
	Metadata         model.JSON      `json:"metadata"`
	Children         []categoryInput `json:"category_children"`
}

type productInput struct {
	ID            string         `json:"id"`
	Title         string         `json:"title"`
	Subtitle      *string        `json:"subtitle"`
	Description   *string        `json:"description"`
	Handle        string         `json:"handle"`
	IsGiftcard    bool           `json:"is_giftcard"`
	Discountable  *bool          `json:"discountable"`
	Status        string         `json:"status"`
	Thumbnail     *string        `json:"thumbnail"`
	Images        []string       `json:"images"`
	Weight        *int64         `json:"weight"`
	Length        *int64         `json:"length"`
	Height        *int64         `json:"height"`
	Width         *int64         `json:"width"`
	HsCode        *string        `json:"hs_code"`
	OriginCountry *string        `json:"origin_country"`
	MidCode       *string        `json:"mid_code"`
	Material      *string        `json:"material"`
	ExternalID    *string        `json:"external_id"`
	CollectionID  string         `json:"collection_id"`
	Type          *valueRef      `json:"type"`
	Tags          []valueRef     `json:"tags"`
	Categories    []string       `json:"categories"`
	SalesChannels []string       `json:"sales_channels"`
	Options       []optionInput  `json:"options"`
	Variants      []variantInput `json:"variants"`
	Metadata      model.JSON     `json:"metadata"`
}

// valueRef is a product type or tag: reused by value, created when missing.
type valueRef struct {
	ID    string `json:"id"`
	Value string `json:"value"`
}

type optionInput struct {
	Title  string   `json:"title"`
	Values []string `json:"values"` // ignored, as Medusa does: variants carry the values
}

type variantInput struct {
	ID                string        `json:"id"`
	Title             string        `json:"title"`
	SKU               *string       `json:"sku"`
	Barcode           *string       `json:"barcode"`
	EAN               *string       `json:"ean"`
	UPC               *string       `json:"upc"`
	InventoryQuantity int64         `json:"inventory_quantity"`
	AllowBackorder    bool          `json:"allow_backorder"`
	ManageInventory   *bool         `json:"manage_inventory"`
	HsCode            *string       `json:"hs_code"`
	OriginCountry     *string       `json:"origin_country"`
	MidCode           *string       `json:"mid_code"`
	Material          *string       `json:"material"`
	Weight            *int64        `json:"weight"`
	Length            *int64        `json:"length"`
	Height            *int64        `json:"height"`
	Width             *int64        `json:"width"`
	VariantRank       *int64        `json:"variant_rank"`
	Prices            []priceInput  `json:"prices"`
	Options           []optionValue `json:"options"`
	Metadata          model.JSON    `json:"metadata"`
}

type optionValue struct {
	Value string `json:"value"`
}

type priceInput struct {
	VariantID    string `json:"variant_id"` // price lists only
	CurrencyCode string `json:"currency_code"`
	RegionID     string `json:"region_id"`
	Amount       int64  `json:"amount"`
	MinQuantity  *int64 `json:"min_quantity"`
	MaxQuantity  *int64 `json:"max_quantity"`
}

type publishableKey struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type salesChannelInput struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Description *string    `json:"description"`
	IsDisabled  bool       `json:"is_disabled"`
	Metadata    model.JSON `json:"metadata"`
}

type customerGroup struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Metadata model.JSON `json:"metadata"`
}

type customerInput struct {
	ID                string     `json:"id"`
	Email             string     `json:"email"`
	FirstName         *string    `json:"first_name"`
	LastName          *string    `json:"last_name"`
	Phone             *string    `json:"phone"`
	Password          string     `json:"password"`
	Groups            []string   `json:"groups"`
	BillingAddress    *Address   `json:"billing_address"`
	ShippingAddresses []Address  `json:"shipping_addresses"`
	Metadata          model.JSON `json:"metadata"`
}

// Address is an address as Medusa's API takes it.
type Address struct {
	FirstName   *string    `json:"first_name"`
	LastName    *string    `json:"last_name"`
	Company     *string    `json:"company"`
	Address1    *string    `json:"address_1"`
	Address2    *string    `json:"address_2"`
	City        *string    `json:"city"`
	Province    *string    `json:"province"`
	PostalCode  *string    `json:"postal_code"`
	CountryCode *string    `json:"country_code"`
	Phone       *string    `json:"phone"`
	Metadata    model.JSON `json:"metadata"`
}

type priceListInput struct {
	ID             string       `json:"id"`
	Name           string       `json:"name"`
	Description    string       `json:"description"`
	Type           string       `json:"type"`
	Status         string       `json:"status"`
	StartsAt       *timestamp   `json:"starts_at"`
	EndsAt         *timestamp   `json:"ends_at"`
	IncludesTax    bool         `json:"includes_tax"`
	CustomerGroups []string     `json:"customer_groups"`
	Prices         []priceInput `json:"prices"`
}

type taxRateInput struct {
	ID              string     `json:"id"`
	RegionID        string     `json:"region_id"`
	Rate            *float64   `json:"rate"`
	Code            *string    `json:"code"`
	Name            string     `json:"name"`
	Products        []string   `json:"products"`
	ProductTypes    []string   `json:"product_types"`
	ShippingOptions []string   `json:"shipping_options"`
	Metadata        model.JSON `json:"metadata"`
}

type discountInput struct {
	ID               string       `json:"id"`
	Code             string       `json:"code"`
	IsDynamic        bool         `json:"is_dynamic"`
	IsDisabled       bool         `json:"is_disabled"`
	StartsAt         *timestamp   `json:"starts_at"`
	EndsAt           *timestamp   `json:"ends_at"`
	ValidDuration    *string      `json:"valid_duration"`
	UsageLimit       *int64       `json:"usage_limit"`
	UsageCount       int64        `json:"usage_count"`
	Regions          []string     `json:"regions"`
	ParentDiscountID string       `json:"parent_discount_id"`
	Rule             discountRule `json:"rule"`
	Metadata         model.JSON   `json:"metadata"`
}

type discountRule struct {
	ID          string              `json:"id"`
	Description *string             `json:"description"`
	Type        string              `json:"type"`
	Value       int64               `json:"value"`
	Allocation  string              `json:"allocation"`
	Conditions  []discountCondition `json:"conditions"`
	Metadata    model.JSON          `json:"metadata"`
}

type discountCondition struct {
	ID       string   `json:"id"`
	Type     string   `json:"type"`
	Operator string   `json:"operator"`
	IDs      []string `json:"ids"`
}

type giftCardInput struct {
	ID         string     `json:"id"`
	Code       string     `json:"code"`
	Value      int64      `json:"value"`
	Balance    *int64     `json:"balance"`
	RegionID   string     `json:"region_id"`
	IsDisabled bool       `json:"is_disabled"`
	EndsAt     *timestamp `json:"ends_at"`
	TaxRate    *float64   `json:"tax_rate"`
	Metadata   model.JSON `json:"metadata"`
}

type returnReasonInput struct {
	ID                   string     `json:"id"`
	Value                string     `json:"value"`
	Label                string     `json:"label"`
	Description          *string    `json:"description"`
	ParentReturnReasonID string     `json:"parent_return_reason_id"`
	Metadata             model.JSON `json:"metadata"`
}

type paymentCollection struct {
	ID           string     `json:"id"`
	Type         string     `json:"type"`
	Status       string     `json:"status"`
	Amount       int64      `json:"amount"`
	CurrencyCode string     `json:"currency_code"`
	RegionID     string     `json:"region_id"`
	Description  *string    `json:"description"`
	CreatedBy    string     `json:"created_by"`
	Metadata     model.JSON `json:"metadata"`
}

// Cart is a cart of the seed file, handed to a CartCreator as written (region
// ids are kept as given, so a region alias needs no resolving).
type Cart struct {
	ID              string     `json:"id"`
	RegionID        string     `json:"region_id"`
	Email           *string    `json:"email"`
	CustomerID      *string    `json:"customer_id"`
	SalesChannelID  *string    `json:"sales_channel_id"`
	ShippingAddress *Address   `json:"shipping_address"`
	Items           []CartItem `json:"items"`
	// Discounts and GiftCards are codes, applied in that order after the items.
	Discounts []string `json:"discounts"`
	GiftCards []string `json:"gift_cards"`
}

// CartItem is a line of a seeded cart.
type CartItem struct {
	VariantID string `json:"variant_id"`
	Quantity  int64  `json:"quantity"`
}

// timestamp is a date in a seed file: RFC 3339, or a plain date (UTC midnight).
type timestamp struct{ time.Time }

func (t *timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("expected a date string")
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if v, err := time.Parse(layout, s); err == nil {
			// A DateTime the API answers is RFC 3339: years 0001 to 9999 in UTC.
			if y := v.UTC().Year(); y < 1 || y > 9999 {
				return fmt.Errorf("%q is out of range (years 0001 to 9999 in UTC)", s)
			}
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("%q is not a date (use RFC 3339, e.g. 2024-01-31T00:00:00Z, or 2024-01-31)", s)
}

// ptr returns a pointer to a copy of t's time, nil for a nil t.
func (t *timestamp) ptr() *time.Time {
	if t == nil {
		return nil
	}
	v := t.Time
	return &v
}

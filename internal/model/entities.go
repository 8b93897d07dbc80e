package model

import "time"

type Store struct {
	ID                    string    `db:"id"`
	Name                  string    `db:"name"`
	DefaultCurrencyCode   string    `db:"default_currency_code"`
	SwapLinkTemplate      *string   `db:"swap_link_template"`
	CreatedAt             time.Time `db:"created_at"`
	UpdatedAt             time.Time `db:"updated_at"`
	Metadata              JSON      `db:"metadata"`
	PaymentLinkTemplate   *string   `db:"payment_link_template"`
	InviteLinkTemplate    *string   `db:"invite_link_template"`
	DefaultSalesChannelID *string   `db:"default_sales_channel_id"`
	DefaultLocationID     *string   `db:"default_location_id"`
}

type Currency struct {
	Code         string `db:"code"`
	Symbol       string `db:"symbol"`
	SymbolNative string `db:"symbol_native"`
	Name         string `db:"name"`
	IncludesTax  bool   `db:"includes_tax"`
}

type Country struct {
	ID          int64   `db:"id"`
	ISO2        string  `db:"iso_2"`
	ISO3        string  `db:"iso_3"`
	NumCode     int64   `db:"num_code"`
	Name        string  `db:"name"`
	DisplayName string  `db:"display_name"`
	RegionID    *string `db:"region_id"`
}

type Region struct {
	ID               string     `db:"id"`
	Name             string     `db:"name"`
	CurrencyCode     string     `db:"currency_code"`
	TaxRate          Rate       `db:"tax_rate"`
	TaxCode          *string    `db:"tax_code"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`
	DeletedAt        *time.Time `db:"deleted_at"`
	Metadata         JSON       `db:"metadata"`
	GiftCardsTaxable bool       `db:"gift_cards_taxable"`
	AutomaticTaxes   bool       `db:"automatic_taxes"`
	TaxProviderID    *string    `db:"tax_provider_id"`
	IncludesTax      bool       `db:"includes_tax"`
}

type SalesChannel struct {
	ID          string     `db:"id"`
	CreatedAt   time.Time  `db:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at"`
	DeletedAt   *time.Time `db:"deleted_at"`
	Name        string     `db:"name"`
	Description *string    `db:"description"`
	IsDisabled  bool       `db:"is_disabled"`
	Metadata    JSON       `db:"metadata"`
}

type PublishableApiKey struct {
	ID        string     `db:"id"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	CreatedBy *string    `db:"created_by"`
	RevokedBy *string    `db:"revoked_by"`
	RevokedAt *time.Time `db:"revoked_at"`
	Title     string     `db:"title"`
}

type PublishableApiKeySalesChannel struct {
	SalesChannelID   string     `db:"sales_channel_id"`
	PublishableKeyID string     `db:"publishable_key_id"`
	ID               string     `db:"id"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`
	DeletedAt        *time.Time `db:"deleted_at"`
}

type Product struct {
	ID            string        `db:"id"`
	Title         string        `db:"title"`
	Subtitle      *string       `db:"subtitle"`
	Description   *string       `db:"description"`
	Handle        *string       `db:"handle"`
	IsGiftcard    bool          `db:"is_giftcard"`
	Thumbnail     *string       `db:"thumbnail"`
	Weight        *int64        `db:"weight"`
	Length        *int64        `db:"length"`
	Height        *int64        `db:"height"`
	Width         *int64        `db:"width"`
	HsCode        *string       `db:"hs_code"`
	OriginCountry *string       `db:"origin_country"`
	MidCode       *string       `db:"mid_code"`
	Material      *string       `db:"material"`
	CreatedAt     time.Time     `db:"created_at"`
	UpdatedAt     time.Time     `db:"updated_at"`
	DeletedAt     *time.Time    `db:"deleted_at"`
	Metadata      JSON          `db:"metadata"`
	CollectionID  *string       `db:"collection_id"`
	TypeID        *string       `db:"type_id"`
	Discountable  bool          `db:"discountable"`
	Status        ProductStatus `db:"status"`
	ExternalID    *string       `db:"external_id"`

	// Pricing is the pricing context of the query that reached the product.
	Pricing *PricingContext `db:"-"`
}

type ProductVariant struct {
	ID                string     `db:"id"`
	Title             string     `db:"title"`
	ProductID         string     `db:"product_id"`
	SKU               *string    `db:"sku"`
	Barcode           *string    `db:"barcode"`
	EAN               *string    `db:"ean"`
	UPC               *string    `db:"upc"`
	InventoryQuantity int64      `db:"inventory_quantity"`
	AllowBackorder    bool       `db:"allow_backorder"`
	ManageInventory   bool       `db:"manage_inventory"`
	HsCode            *string    `db:"hs_code"`
	OriginCountry     *string    `db:"origin_country"`
	MidCode           *string    `db:"mid_code"`
	Material          *string    `db:"material"`
	Weight            *int64     `db:"weight"`
	Length            *int64     `db:"length"`
	Height            *int64     `db:"height"`
	Width             *int64     `db:"width"`
	CreatedAt         time.Time  `db:"created_at"`
	UpdatedAt         time.Time  `db:"updated_at"`
	DeletedAt         *time.Time `db:"deleted_at"`
	Metadata          JSON       `db:"metadata"`
	VariantRank       *int64     `db:"variant_rank"`

	// Pricing is the pricing context of the query that reached the variant.
	Pricing *PricingContext `db:"-"`
}

type ProductOption struct {
	ID        string     `db:"id"`
	Title     string     `db:"title"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	DeletedAt *time.Time `db:"deleted_at"`
	Metadata  JSON       `db:"metadata"`
	ProductID *string    `db:"product_id"`
}

type ProductOptionValue struct {
	ID        string     `db:"id"`
	Value     string     `db:"value"`
	OptionID  string     `db:"option_id"`
	VariantID string     `db:"variant_id"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	DeletedAt *time.Time `db:"deleted_at"`
	Metadata  JSON       `db:"metadata"`
}

type MoneyAmount struct {
	ID           string     `db:"id"`
	CurrencyCode string     `db:"currency_code"`
	Amount       int64      `db:"amount"`
	RegionID     *string    `db:"region_id"`
	CreatedAt    time.Time  `db:"created_at"`
	UpdatedAt    time.Time  `db:"updated_at"`
	DeletedAt    *time.Time `db:"deleted_at"`
	MinQuantity  *int64     `db:"min_quantity"`
	MaxQuantity  *int64     `db:"max_quantity"`
	PriceListID  *string    `db:"price_list_id"`
}

type PriceList struct {
	ID          string          `db:"id"`
	Name        string          `db:"name"`
	Description string          `db:"description"`
	Type        PriceListType   `db:"type"`
	Status      PriceListStatus `db:"status"`
	StartsAt    *time.Time      `db:"starts_at"`
	EndsAt      *time.Time      `db:"ends_at"`
	CreatedAt   time.Time       `db:"created_at"`
	UpdatedAt   time.Time       `db:"updated_at"`
	DeletedAt   *time.Time      `db:"deleted_at"`
	IncludesTax bool            `db:"includes_tax"`
}

type Image struct {
	ID        string     `db:"id"`
	URL       string     `db:"url"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	DeletedAt *time.Time `db:"deleted_at"`
	Metadata  JSON       `db:"metadata"`
}

type ProductTag struct {
	ID        string     `db:"id"`
	Value     string     `db:"value"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	DeletedAt *time.Time `db:"deleted_at"`
	Metadata  JSON       `db:"metadata"`
}

type ProductType struct {
	ID        string     `db:"id"`
	Value     string     `db:"value"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	DeletedAt *time.Time `db:"deleted_at"`
	Metadata  JSON       `db:"metadata"`
}

type ProductCollection struct {
	ID        string     `db:"id"`
	Title     string     `db:"title"`
	Handle    *string    `db:"handle"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	DeletedAt *time.Time `db:"deleted_at"`
	Metadata  JSON       `db:"metadata"`
}

type ProductCategory struct {
	ID               string    `db:"id"`
	Name             string    `db:"name"`
	Handle           string    `db:"handle"`
	ParentCategoryID *string   `db:"parent_category_id"`
	Mpath            *string   `db:"mpath"`
	IsActive         *bool     `db:"is_active"`
	IsInternal       *bool     `db:"is_internal"`
	CreatedAt        time.Time `db:"created_at"`
	UpdatedAt        time.Time `db:"updated_at"`
	Rank             int64     `db:"rank"`
	Description      string    `db:"description"`
	Metadata         JSON      `db:"metadata"`
}

type ShippingProfile struct {
	ID        string              `db:"id"`
	Name      string              `db:"name"`
	Type      ShippingProfileType `db:"type"`
	CreatedAt time.Time           `db:"created_at"`
	UpdatedAt time.Time           `db:"updated_at"`
	DeletedAt *time.Time          `db:"deleted_at"`
	Metadata  JSON                `db:"metadata"`
}

type ShippingOption struct {
	ID          string                  `db:"id"`
	Name        string                  `db:"name"`
	RegionID    string                  `db:"region_id"`
	ProfileID   string                  `db:"profile_id"`
	ProviderID  string                  `db:"provider_id"`
	PriceType   ShippingOptionPriceType `db:"price_type"`
	Amount      *int64                  `db:"amount"`
	IsReturn    bool                    `db:"is_return"`
	Data        JSON                    `db:"data"`
	CreatedAt   time.Time               `db:"created_at"`
	UpdatedAt   time.Time               `db:"updated_at"`
	DeletedAt   *time.Time              `db:"deleted_at"`
	Metadata    JSON                    `db:"metadata"`
	AdminOnly   bool                    `db:"admin_only"`
	IncludesTax bool                    `db:"includes_tax"`
}

type ShippingOptionRequirement struct {
	ID               string          `db:"id"`
	ShippingOptionID string          `db:"shipping_option_id"`
	Type             RequirementType `db:"type"`
	Amount           int64           `db:"amount"`
	DeletedAt        *time.Time      `db:"deleted_at"`
}

type TaxRate struct {
	ID        string    `db:"id"`
	Rate      *Rate     `db:"rate"`
	Code      *string   `db:"code"`
	Name      string    `db:"name"`
	RegionID  string    `db:"region_id"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
	Metadata  JSON      `db:"metadata"`
}

type ReturnReason struct {
	ID                   string     `db:"id"`
	Value                string     `db:"value"`
	Label                string     `db:"label"`
	Description          *string    `db:"description"`
	CreatedAt            time.Time  `db:"created_at"`
	UpdatedAt            time.Time  `db:"updated_at"`
	DeletedAt            *time.Time `db:"deleted_at"`
	Metadata             JSON       `db:"metadata"`
	ParentReturnReasonID *string    `db:"parent_return_reason_id"`
}

type GiftCard struct {
	ID         string     `db:"id"`
	Code       string     `db:"code"`
	Value      int64      `db:"value"`
	Balance    int64      `db:"balance"`
	RegionID   string     `db:"region_id"`
	OrderID    *string    `db:"order_id"`
	IsDisabled bool       `db:"is_disabled"`
	EndsAt     *time.Time `db:"ends_at"`
	CreatedAt  time.Time  `db:"created_at"`
	UpdatedAt  time.Time  `db:"updated_at"`
	DeletedAt  *time.Time `db:"deleted_at"`
	Metadata   JSON       `db:"metadata"`
	TaxRate    *Rate      `db:"tax_rate"`
}

type GiftCardTransaction struct {
	ID         string    `db:"id"`
	GiftCardID string    `db:"gift_card_id"`
	OrderID    string    `db:"order_id"`
	Amount     int64     `db:"amount"`
	CreatedAt  time.Time `db:"created_at"`
	IsTaxable  *bool     `db:"is_taxable"`
	TaxRate    *Rate     `db:"tax_rate"`
}

type Discount struct {
	ID               string     `db:"id"`
	Code             string     `db:"code"`
	IsDynamic        bool       `db:"is_dynamic"`
	RuleID           *string    `db:"rule_id"`
	IsDisabled       bool       `db:"is_disabled"`
	ParentDiscountID *string    `db:"parent_discount_id"`
	StartsAt         time.Time  `db:"starts_at"`
	EndsAt           *time.Time `db:"ends_at"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`
	DeletedAt        *time.Time `db:"deleted_at"`
	Metadata         JSON       `db:"metadata"`
	UsageLimit       *int64     `db:"usage_limit"`
	UsageCount       int64      `db:"usage_count"`
	ValidDuration    *string    `db:"valid_duration"`
}

type DiscountRule struct {
	ID          string           `db:"id"`
	Description *string          `db:"description"`
	Type        DiscountRuleType `db:"type"`
	Value       int64            `db:"value"`
	Allocation  AllocationType   `db:"allocation"`
	CreatedAt   time.Time        `db:"created_at"`
	UpdatedAt   time.Time        `db:"updated_at"`
	DeletedAt   *time.Time       `db:"deleted_at"`
	Metadata    JSON             `db:"metadata"`
}

type DiscountCondition struct {
	ID             string                    `db:"id"`
	Type           DiscountConditionType     `db:"type"`
	Operator       DiscountConditionOperator `db:"operator"`
	DiscountRuleID string                    `db:"discount_rule_id"`
	CreatedAt      time.Time                 `db:"created_at"`
	UpdatedAt      time.Time                 `db:"updated_at"`
	DeletedAt      *time.Time                `db:"deleted_at"`
	Metadata       JSON                      `db:"metadata"`
}

type Customer struct {
	ID               string     `db:"id"`
	Email            string     `db:"email"`
	FirstName        *string    `db:"first_name"`
	LastName         *string    `db:"last_name"`
	BillingAddressID *string    `db:"billing_address_id"`
	PasswordHash     *string    `db:"password_hash"`
	Phone            *string    `db:"phone"`
	HasAccount       bool       `db:"has_account"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`
	DeletedAt        *time.Time `db:"deleted_at"`
	Metadata         JSON       `db:"metadata"`
}

type CustomerGroup struct {
	ID        string     `db:"id"`
	Name      string     `db:"name"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
	DeletedAt *time.Time `db:"deleted_at"`
	Metadata  JSON       `db:"metadata"`
}

type Address struct {
	ID          string     `db:"id"`
	CustomerID  *string    `db:"customer_id"`
	Company     *string    `db:"company"`
	FirstName   *string    `db:"first_name"`
	LastName    *string    `db:"last_name"`
	Address1    *string    `db:"address_1"`
	Address2    *string    `db:"address_2"`
	City        *string    `db:"city"`
	CountryCode *string    `db:"country_code"`
	Province    *string    `db:"province"`
	PostalCode  *string    `db:"postal_code"`
	Phone       *string    `db:"phone"`
	CreatedAt   time.Time  `db:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at"`
	DeletedAt   *time.Time `db:"deleted_at"`
	Metadata    JSON       `db:"metadata"`
}

type Cart struct {
	ID                  string     `db:"id"`
	Email               *string    `db:"email"`
	BillingAddressID    *string    `db:"billing_address_id"`
	ShippingAddressID   *string    `db:"shipping_address_id"`
	RegionID            string     `db:"region_id"`
	CustomerID          *string    `db:"customer_id"`
	PaymentID           *string    `db:"payment_id"`
	Type                CartType   `db:"type"`
	CompletedAt         *time.Time `db:"completed_at"`
	CreatedAt           time.Time  `db:"created_at"`
	UpdatedAt           time.Time  `db:"updated_at"`
	DeletedAt           *time.Time `db:"deleted_at"`
	Metadata            JSON       `db:"metadata"`
	IdempotencyKey      *string    `db:"idempotency_key"`
	Context             JSON       `db:"context"`
	PaymentAuthorizedAt *time.Time `db:"payment_authorized_at"`
	SalesChannelID      *string    `db:"sales_channel_id"`
}

type LineItem struct {
	ID                string    `db:"id"`
	CartID            *string   `db:"cart_id"`
	OrderID           *string   `db:"order_id"`
	SwapID            *string   `db:"swap_id"`
	Title             string    `db:"title"`
	Description       *string   `db:"description"`
	Thumbnail         *string   `db:"thumbnail"`
	IsGiftcard        bool      `db:"is_giftcard"`
	ShouldMerge       bool      `db:"should_merge"`
	AllowDiscounts    bool      `db:"allow_discounts"`
	HasShipping       *bool     `db:"has_shipping"`
	UnitPrice         int64     `db:"unit_price"`
	VariantID         *string   `db:"variant_id"`
	Quantity          int64     `db:"quantity"`
	FulfilledQuantity *int64    `db:"fulfilled_quantity"`
	ReturnedQuantity  *int64    `db:"returned_quantity"`
	ShippedQuantity   *int64    `db:"shipped_quantity"`
	CreatedAt         time.Time `db:"created_at"`
	UpdatedAt         time.Time `db:"updated_at"`
	Metadata          JSON      `db:"metadata"`
	ClaimOrderID      *string   `db:"claim_order_id"`
	IsReturn          bool      `db:"is_return"`
	OriginalItemID    *string   `db:"original_item_id"`
	OrderEditID       *string   `db:"order_edit_id"`
	IncludesTax       bool      `db:"includes_tax"`
}

type LineItemAdjustment struct {
	ID          string  `db:"id"`
	ItemID      string  `db:"item_id"`
	Description string  `db:"description"`
	DiscountID  *string `db:"discount_id"`
	Amount      float64 `db:"amount"`
	Metadata    JSON    `db:"metadata"`
}

type LineItemTaxLine struct {
	ID        string    `db:"id"`
	Rate      Rate      `db:"rate"`
	Name      string    `db:"name"`
	Code      *string   `db:"code"`
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
	Metadata  JSON      `db:"metadata"`
	ItemID    string    `db:"item_id"`
}

type ShippingMethod struct {
	ID               string  `db:"id"`
	ShippingOptionID string  `db:"shipping_option_id"`
	OrderID          *string `db:"order_id"`
	CartID           *string `db:"cart_id"`
	SwapID           *string `db:"swap_id"`
	ReturnID         *string `db:"return_id"`
	Price            int64   `db:"price"`
	Data             JSON    `db:"data"`
	ClaimOrderID     *string `db:"claim_order_id"`
	IncludesTax      bool    `db:"includes_tax"`
}

type ShippingMethodTaxLine struct {
	ID               string    `db:"id"`
	Rate             Rate      `db:"rate"`
	Name             string    `db:"name"`
	Code             *string   `db:"code"`
	CreatedAt        time.Time `db:"created_at"`
	UpdatedAt        time.Time `db:"updated_at"`
	Metadata         JSON      `db:"metadata"`
	ShippingMethodID string    `db:"shipping_method_id"`
}

type PaymentSession struct {
	ID                  string               `db:"id"`
	CartID              *string              `db:"cart_id"`
	ProviderID          string               `db:"provider_id"`
	IsSelected          *bool                `db:"is_selected"`
	Status              PaymentSessionStatus `db:"status"`
	Data                JSON                 `db:"data"`
	CreatedAt           time.Time            `db:"created_at"`
	UpdatedAt           time.Time            `db:"updated_at"`
	IdempotencyKey      *string              `db:"idempotency_key"`
	PaymentAuthorizedAt *time.Time           `db:"payment_authorized_at"`
	Amount              *int64               `db:"amount"`
	IsInitiated         bool                 `db:"is_initiated"`
}

type Payment struct {
	ID             string     `db:"id"`
	SwapID         *string    `db:"swap_id"`
	CartID         *string    `db:"cart_id"`
	OrderID        *string    `db:"order_id"`
	Amount         int64      `db:"amount"`
	CurrencyCode   string     `db:"currency_code"`
	AmountRefunded int64      `db:"amount_refunded"`
	ProviderID     string     `db:"provider_id"`
	Data           JSON       `db:"data"`
	CapturedAt     *time.Time `db:"captured_at"`
	CanceledAt     *time.Time `db:"canceled_at"`
	CreatedAt      time.Time  `db:"created_at"`
	UpdatedAt      time.Time  `db:"updated_at"`
	Metadata       JSON       `db:"metadata"`
	IdempotencyKey *string    `db:"idempotency_key"`
}

type PaymentCollection struct {
	ID               string                  `db:"id"`
	CreatedAt        time.Time               `db:"created_at"`
	UpdatedAt        time.Time               `db:"updated_at"`
	DeletedAt        *time.Time              `db:"deleted_at"`
	Type             PaymentCollectionType   `db:"type"`
	Status           PaymentCollectionStatus `db:"status"`
	Description      *string                 `db:"description"`
	Amount           int64                   `db:"amount"`
	AuthorizedAmount *int64                  `db:"authorized_amount"`
	RegionID         string                  `db:"region_id"`
	CurrencyCode     string                  `db:"currency_code"`
	Metadata         JSON                    `db:"metadata"`
	CreatedBy        string                  `db:"created_by"`
}

type Order struct {
	ID                string            `db:"id"`
	Status            OrderStatus       `db:"status"`
	FulfillmentStatus FulfillmentStatus `db:"fulfillment_status"`
	PaymentStatus     PaymentStatus     `db:"payment_status"`
	DisplayID         int64             `db:"display_id"`
	CartID            *string           `db:"cart_id"`
	CustomerID        string            `db:"customer_id"`
	Email             string            `db:"email"`
	BillingAddressID  *string           `db:"billing_address_id"`
	ShippingAddressID *string           `db:"shipping_address_id"`
	RegionID          string            `db:"region_id"`
	CurrencyCode      string            `db:"currency_code"`
	TaxRate           *Rate             `db:"tax_rate"`
	CanceledAt        *time.Time        `db:"canceled_at"`
	CreatedAt         time.Time         `db:"created_at"`
	UpdatedAt         time.Time         `db:"updated_at"`
	Metadata          JSON              `db:"metadata"`
	IdempotencyKey    *string           `db:"idempotency_key"`
	DraftOrderID      *string           `db:"draft_order_id"`
	NoNotification    *bool             `db:"no_notification"`
	ExternalID        *string           `db:"external_id"`
	SalesChannelID    *string           `db:"sales_channel_id"`
}

type OrderEdit struct {
	ID                  string     `db:"id"`
	CreatedAt           time.Time  `db:"created_at"`
	UpdatedAt           time.Time  `db:"updated_at"`
	OrderID             string     `db:"order_id"`
	InternalNote        *string    `db:"internal_note"`
	CreatedBy           string     `db:"created_by"`
	RequestedBy         *string    `db:"requested_by"`
	RequestedAt         *time.Time `db:"requested_at"`
	ConfirmedBy         *string    `db:"confirmed_by"`
	ConfirmedAt         *time.Time `db:"confirmed_at"`
	DeclinedBy          *string    `db:"declined_by"`
	DeclinedReason      *string    `db:"declined_reason"`
	DeclinedAt          *time.Time `db:"declined_at"`
	CanceledBy          *string    `db:"canceled_by"`
	CanceledAt          *time.Time `db:"canceled_at"`
	PaymentCollectionID *string    `db:"payment_collection_id"`
}

type OrderItemChange struct {
	ID                 string              `db:"id"`
	CreatedAt          time.Time           `db:"created_at"`
	UpdatedAt          time.Time           `db:"updated_at"`
	DeletedAt          *time.Time          `db:"deleted_at"`
	Type               OrderItemChangeType `db:"type"`
	OrderEditID        string              `db:"order_edit_id"`
	OriginalLineItemID *string             `db:"original_line_item_id"`
	LineItemID         *string             `db:"line_item_id"`
}

type Return struct {
	ID             string       `db:"id"`
	Status         ReturnStatus `db:"status"`
	SwapID         *string      `db:"swap_id"`
	OrderID        *string      `db:"order_id"`
	ShippingData   JSON         `db:"shipping_data"`
	RefundAmount   int64        `db:"refund_amount"`
	ReceivedAt     *time.Time   `db:"received_at"`
	CreatedAt      time.Time    `db:"created_at"`
	UpdatedAt      time.Time    `db:"updated_at"`
	Metadata       JSON         `db:"metadata"`
	IdempotencyKey *string      `db:"idempotency_key"`
	ClaimOrderID   *string      `db:"claim_order_id"`
	NoNotification *bool        `db:"no_notification"`
	LocationID     *string      `db:"location_id"`
}

type ReturnItem struct {
	ReturnID          string  `db:"return_id"`
	ItemID            string  `db:"item_id"`
	Quantity          int64   `db:"quantity"`
	IsRequested       bool    `db:"is_requested"`
	RequestedQuantity *int64  `db:"requested_quantity"`
	ReceivedQuantity  *int64  `db:"received_quantity"`
	Metadata          JSON    `db:"metadata"`
	ReasonID          *string `db:"reason_id"`
	Note              *string `db:"note"`
}

type Swap struct {
	ID                string                `db:"id"`
	FulfillmentStatus SwapFulfillmentStatus `db:"fulfillment_status"`
	PaymentStatus     SwapPaymentStatus     `db:"payment_status"`
	OrderID           string                `db:"order_id"`
	DifferenceDue     *int64                `db:"difference_due"`
	ShippingAddressID *string               `db:"shipping_address_id"`
	CartID            *string               `db:"cart_id"`
	ConfirmedAt       *time.Time            `db:"confirmed_at"`
	CreatedAt         time.Time             `db:"created_at"`
	UpdatedAt         time.Time             `db:"updated_at"`
	DeletedAt         *time.Time            `db:"deleted_at"`
	Metadata          JSON                  `db:"metadata"`
	IdempotencyKey    *string               `db:"idempotency_key"`
	NoNotification    *bool                 `db:"no_notification"`
	CanceledAt        *time.Time            `db:"canceled_at"`
	AllowBackorder    bool                  `db:"allow_backorder"`
}

type Fulfillment struct {
	ID              string     `db:"id"`
	SwapID          *string    `db:"swap_id"`
	OrderID         *string    `db:"order_id"`
	TrackingNumbers RawJSON    `db:"tracking_numbers"`
	Data            JSON       `db:"data"`
	ShippedAt       *time.Time `db:"shipped_at"`
	CanceledAt      *time.Time `db:"canceled_at"`
	CreatedAt       time.Time  `db:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at"`
	Metadata        JSON       `db:"metadata"`
	IdempotencyKey  *string    `db:"idempotency_key"`
	ProviderID      *string    `db:"provider_id"`
	ClaimOrderID    *string    `db:"claim_order_id"`
	NoNotification  *bool      `db:"no_notification"`
	LocationID      *string    `db:"location_id"`
}

type FulfillmentItem struct {
	FulfillmentID string `db:"fulfillment_id"`
	ItemID        string `db:"item_id"`
	Quantity      int64  `db:"quantity"`
}

type IdempotencyKey struct {
	ID             string     `db:"id"`
	IdempotencyKey string     `db:"idempotency_key"`
	CreatedAt      time.Time  `db:"created_at"`
	LockedAt       *time.Time `db:"locked_at"`
	RequestMethod  *string    `db:"request_method"`
	RequestParams  JSON       `db:"request_params"`
	RequestPath    *string    `db:"request_path"`
	ResponseCode   *int64     `db:"response_code"`
	ResponseBody   JSON       `db:"response_body"`
	RecoveryPoint  string     `db:"recovery_point"`
}

type Refund struct {
	ID             string       `db:"id"`
	OrderID        *string      `db:"order_id"`
	Amount         int64        `db:"amount"`
	Note           *string      `db:"note"`
	Reason         RefundReason `db:"reason"`
	CreatedAt      time.Time    `db:"created_at"`
	UpdatedAt      time.Time    `db:"updated_at"`
	Metadata       JSON         `db:"metadata"`
	IdempotencyKey *string      `db:"idempotency_key"`
	PaymentID      *string      `db:"payment_id"`
}

type TrackingLink struct {
	ID             string     `db:"id"`
	URL            *string    `db:"url"`
	TrackingNumber string     `db:"tracking_number"`
	FulfillmentID  string     `db:"fulfillment_id"`
	CreatedAt      time.Time  `db:"created_at"`
	UpdatedAt      time.Time  `db:"updated_at"`
	DeletedAt      *time.Time `db:"deleted_at"`
	Metadata       JSON       `db:"metadata"`
	IdempotencyKey *string    `db:"idempotency_key"`
}

type CustomShippingOption struct {
	ID               string     `db:"id"`
	Price            int64      `db:"price"`
	ShippingOptionID string     `db:"shipping_option_id"`
	CartID           *string    `db:"cart_id"`
	CreatedAt        time.Time  `db:"created_at"`
	UpdatedAt        time.Time  `db:"updated_at"`
	DeletedAt        *time.Time `db:"deleted_at"`
	Metadata         JSON       `db:"metadata"`
}

type PaymentProvider struct {
	ID          string `db:"id"`
	IsInstalled bool   `db:"is_installed"`
}

type FulfillmentProvider struct {
	ID          string `db:"id"`
	IsInstalled bool   `db:"is_installed"`
}

// VariantTaxRate is a tax rate as priced product and shipping option
// responses list it (Medusa's tax_rates).
type VariantTaxRate struct {
	Rate *float64
	Name string
	Code *string
}

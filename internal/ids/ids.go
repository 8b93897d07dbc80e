// Package ids makes Medusa-style identifiers: a prefix, an underscore and a
// ULID (cart_01H...). ULIDs sort by creation time, which keeps "created_at
// desc" and id order in step.
package ids

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// Prefixes Medusa v1 uses (generateEntityId).
const (
	Address                       = "addr"
	Cart                          = "cart"
	LineItem                      = "item"
	LineItemAdjustment            = "lia"
	LineItemTaxLine               = "litl"
	ShippingMethod                = "sm"
	ShippingMethodTaxLine         = "smtl"
	ShippingOption                = "so"
	ShippingOptionRequirement     = "sor"
	ShippingProfile               = "sp"
	CustomShippingOption          = "cso"
	Region                        = "reg"
	TaxRate                       = "txr"
	Customer                      = "cus"
	CustomerGroup                 = "cgrp"
	Product                       = "prod"
	ProductVariant                = "variant"
	ProductOption                 = "opt"
	ProductOptionValue            = "optval"
	ProductCollection             = "pcol"
	ProductTag                    = "ptag"
	ProductType                   = "ptyp"
	ProductCategory               = "pcat"
	Image                         = "img"
	ProductSalesChannel           = "prodsc"
	PublishableAPIKey             = "pk"
	PublishableAPIKeySalesChannel = "pksc"
	Store                         = "store"
	User                          = "usr"
	Order                         = "order"
	OrderEdit                     = "oe"
	OrderItemChange               = "oic"
	Payment                       = "pay"
	PaymentSession                = "ps"
	PaymentCollection             = "paycol"
	Refund                        = "ref"
	Return                        = "ret"
	ReturnItem                    = "retitem"
	ReturnReason                  = "rr"
	Swap                          = "swap"
	Fulfillment                   = "ful"
	TrackingLink                  = "tlink"
	DraftOrder                    = "dorder"
	Discount                      = "disc"
	DiscountRule                  = "dru"
	DiscountCondition             = "discon"
	GiftCard                      = "gift"
	GiftCardTransaction           = "gct"
	IdempotencyKey                = "ikey"
	MoneyAmount                   = "ma"
	ProductVariantMoneyAmount     = "pvma_" // Medusa's own prefix ends in "_", giving "pvma__..."
	PriceList                     = "pl"
	SalesChannel                  = "sc"
	Note                          = "note"
	Notification                  = "noti"
)

var (
	mu      sync.Mutex
	entropy = ulid.Monotonic(rand.Reader, 0)
)

// New returns prefix_ULID.
func New(prefix string) string {
	mu.Lock()
	id := ulid.MustNew(ulid.Timestamp(time.Now()), entropy)
	mu.Unlock()
	return prefix + "_" + id.String()
}

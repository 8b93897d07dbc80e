package model

import "io"

// CartType is Medusa's CartType enum.
type CartType string

const (
	CartTypeDefault     CartType = "default"
	CartTypeSwap        CartType = "swap"
	CartTypeDraftOrder  CartType = "draft_order"
	CartTypePaymentLink CartType = "payment_link"
	CartTypeClaim       CartType = "claim"
)

func (e CartType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *CartType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// ProductStatus is Medusa's ProductStatus enum.
type ProductStatus string

const (
	ProductStatusDraft     ProductStatus = "draft"
	ProductStatusProposed  ProductStatus = "proposed"
	ProductStatusPublished ProductStatus = "published"
	ProductStatusRejected  ProductStatus = "rejected"
)

func (e ProductStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *ProductStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// PaymentSessionStatus is Medusa's PaymentSessionStatus enum.
type PaymentSessionStatus string

const (
	PaymentSessionStatusAuthorized   PaymentSessionStatus = "authorized"
	PaymentSessionStatusPending      PaymentSessionStatus = "pending"
	PaymentSessionStatusRequiresMore PaymentSessionStatus = "requires_more"
	PaymentSessionStatusError        PaymentSessionStatus = "error"
	PaymentSessionStatusCanceled     PaymentSessionStatus = "canceled"
)

func (e PaymentSessionStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *PaymentSessionStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// PaymentCollectionStatus is Medusa's PaymentCollectionStatus enum.
type PaymentCollectionStatus string

const (
	PaymentCollectionStatusNotPaid             PaymentCollectionStatus = "not_paid"
	PaymentCollectionStatusAwaiting            PaymentCollectionStatus = "awaiting"
	PaymentCollectionStatusAuthorized          PaymentCollectionStatus = "authorized"
	PaymentCollectionStatusPartiallyAuthorized PaymentCollectionStatus = "partially_authorized"
	PaymentCollectionStatusCanceled            PaymentCollectionStatus = "canceled"
)

func (e PaymentCollectionStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *PaymentCollectionStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// PaymentCollectionType is Medusa's PaymentCollectionType enum.
type PaymentCollectionType string

const (
	PaymentCollectionTypeOrderEdit PaymentCollectionType = "order_edit"
)

func (e PaymentCollectionType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *PaymentCollectionType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// OrderStatus is Medusa's OrderStatus enum.
type OrderStatus string

const (
	OrderStatusPending        OrderStatus = "pending"
	OrderStatusCompleted      OrderStatus = "completed"
	OrderStatusArchived       OrderStatus = "archived"
	OrderStatusCanceled       OrderStatus = "canceled"
	OrderStatusRequiresAction OrderStatus = "requires_action"
)

func (e OrderStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *OrderStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// FulfillmentStatus is Medusa's FulfillmentStatus enum.
type FulfillmentStatus string

const (
	FulfillmentStatusNotFulfilled       FulfillmentStatus = "not_fulfilled"
	FulfillmentStatusPartiallyFulfilled FulfillmentStatus = "partially_fulfilled"
	FulfillmentStatusFulfilled          FulfillmentStatus = "fulfilled"
	FulfillmentStatusPartiallyShipped   FulfillmentStatus = "partially_shipped"
	FulfillmentStatusShipped            FulfillmentStatus = "shipped"
	FulfillmentStatusPartiallyReturned  FulfillmentStatus = "partially_returned"
	FulfillmentStatusReturned           FulfillmentStatus = "returned"
	FulfillmentStatusCanceled           FulfillmentStatus = "canceled"
	FulfillmentStatusRequiresAction     FulfillmentStatus = "requires_action"
)

func (e FulfillmentStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *FulfillmentStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// PaymentStatus is Medusa's PaymentStatus enum.
type PaymentStatus string

const (
	PaymentStatusNotPaid           PaymentStatus = "not_paid"
	PaymentStatusAwaiting          PaymentStatus = "awaiting"
	PaymentStatusCaptured          PaymentStatus = "captured"
	PaymentStatusPartiallyRefunded PaymentStatus = "partially_refunded"
	PaymentStatusRefunded          PaymentStatus = "refunded"
	PaymentStatusCanceled          PaymentStatus = "canceled"
	PaymentStatusRequiresAction    PaymentStatus = "requires_action"
)

func (e PaymentStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *PaymentStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// DiscountRuleType is Medusa's DiscountRuleType enum.
type DiscountRuleType string

const (
	DiscountRuleTypeFixed        DiscountRuleType = "fixed"
	DiscountRuleTypePercentage   DiscountRuleType = "percentage"
	DiscountRuleTypeFreeShipping DiscountRuleType = "free_shipping"
)

func (e DiscountRuleType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *DiscountRuleType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// AllocationType is Medusa's AllocationType enum.
type AllocationType string

const (
	AllocationTypeTotal AllocationType = "total"
	AllocationTypeItem  AllocationType = "item"
)

func (e AllocationType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *AllocationType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// DiscountConditionType is Medusa's DiscountConditionType enum.
type DiscountConditionType string

const (
	DiscountConditionTypeProducts           DiscountConditionType = "products"
	DiscountConditionTypeProductTypes       DiscountConditionType = "product_types"
	DiscountConditionTypeProductCollections DiscountConditionType = "product_collections"
	DiscountConditionTypeProductTags        DiscountConditionType = "product_tags"
	DiscountConditionTypeCustomerGroups     DiscountConditionType = "customer_groups"
)

func (e DiscountConditionType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *DiscountConditionType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// DiscountConditionOperator is Medusa's DiscountConditionOperator enum.
type DiscountConditionOperator string

const (
	DiscountConditionOperatorIn    DiscountConditionOperator = "in"
	DiscountConditionOperatorNotIn DiscountConditionOperator = "not_in"
)

func (e DiscountConditionOperator) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *DiscountConditionOperator) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// PriceListType is Medusa's PriceListType enum.
type PriceListType string

const (
	PriceListTypeSale     PriceListType = "sale"
	PriceListTypeOverride PriceListType = "override"
)

func (e PriceListType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *PriceListType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// PriceListStatus is Medusa's PriceListStatus enum.
type PriceListStatus string

const (
	PriceListStatusActive PriceListStatus = "active"
	PriceListStatusDraft  PriceListStatus = "draft"
)

func (e PriceListStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *PriceListStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// ShippingOptionPriceType is Medusa's ShippingOptionPriceType enum.
type ShippingOptionPriceType string

const (
	ShippingOptionPriceTypeFlatRate   ShippingOptionPriceType = "flat_rate"
	ShippingOptionPriceTypeCalculated ShippingOptionPriceType = "calculated"
)

func (e ShippingOptionPriceType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *ShippingOptionPriceType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// RequirementType is Medusa's RequirementType enum.
type RequirementType string

const (
	RequirementTypeMinSubtotal RequirementType = "min_subtotal"
	RequirementTypeMaxSubtotal RequirementType = "max_subtotal"
)

func (e RequirementType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *RequirementType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// ShippingProfileType is Medusa's ShippingProfileType enum.
type ShippingProfileType string

const (
	ShippingProfileTypeDefault  ShippingProfileType = "default"
	ShippingProfileTypeGiftCard ShippingProfileType = "gift_card"
	ShippingProfileTypeCustom   ShippingProfileType = "custom"
)

func (e ShippingProfileType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *ShippingProfileType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// ReturnStatus is Medusa's ReturnStatus enum.
type ReturnStatus string

const (
	ReturnStatusRequested      ReturnStatus = "requested"
	ReturnStatusReceived       ReturnStatus = "received"
	ReturnStatusRequiresAction ReturnStatus = "requires_action"
	ReturnStatusCanceled       ReturnStatus = "canceled"
)

func (e ReturnStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *ReturnStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// SwapFulfillmentStatus is Medusa's SwapFulfillmentStatus enum.
type SwapFulfillmentStatus string

const (
	SwapFulfillmentStatusNotFulfilled     SwapFulfillmentStatus = "not_fulfilled"
	SwapFulfillmentStatusFulfilled        SwapFulfillmentStatus = "fulfilled"
	SwapFulfillmentStatusShipped          SwapFulfillmentStatus = "shipped"
	SwapFulfillmentStatusPartiallyShipped SwapFulfillmentStatus = "partially_shipped"
	SwapFulfillmentStatusCanceled         SwapFulfillmentStatus = "canceled"
	SwapFulfillmentStatusRequiresAction   SwapFulfillmentStatus = "requires_action"
)

func (e SwapFulfillmentStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *SwapFulfillmentStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// SwapPaymentStatus is Medusa's SwapPaymentStatus enum.
type SwapPaymentStatus string

const (
	SwapPaymentStatusNotPaid            SwapPaymentStatus = "not_paid"
	SwapPaymentStatusAwaiting           SwapPaymentStatus = "awaiting"
	SwapPaymentStatusCaptured           SwapPaymentStatus = "captured"
	SwapPaymentStatusConfirmed          SwapPaymentStatus = "confirmed"
	SwapPaymentStatusCanceled           SwapPaymentStatus = "canceled"
	SwapPaymentStatusDifferenceRefunded SwapPaymentStatus = "difference_refunded"
	SwapPaymentStatusPartiallyRefunded  SwapPaymentStatus = "partially_refunded"
	SwapPaymentStatusRefunded           SwapPaymentStatus = "refunded"
	SwapPaymentStatusRequiresAction     SwapPaymentStatus = "requires_action"
)

func (e SwapPaymentStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *SwapPaymentStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// OrderItemChangeType is Medusa's OrderItemChangeType enum.
type OrderItemChangeType string

const (
	OrderItemChangeTypeItemAdd    OrderItemChangeType = "item_add"
	OrderItemChangeTypeItemRemove OrderItemChangeType = "item_remove"
	OrderItemChangeTypeItemUpdate OrderItemChangeType = "item_update"
)

func (e OrderItemChangeType) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *OrderItemChangeType) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// RefundReason is Medusa's RefundReason enum.
type RefundReason string

const (
	RefundReasonDiscount RefundReason = "discount"
	RefundReasonReturn   RefundReason = "return"
	RefundReasonSwap     RefundReason = "swap"
	RefundReasonClaim    RefundReason = "claim"
	RefundReasonOther    RefundReason = "other"
)

func (e RefundReason) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *RefundReason) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

// OrderEditStatus is Medusa's OrderEditStatus enum.
type OrderEditStatus string

const (
	OrderEditStatusConfirmed OrderEditStatus = "confirmed"
	OrderEditStatusDeclined  OrderEditStatus = "declined"
	OrderEditStatusRequested OrderEditStatus = "requested"
	OrderEditStatusCreated   OrderEditStatus = "created"
	OrderEditStatusCanceled  OrderEditStatus = "canceled"
)

func (e OrderEditStatus) MarshalGQL(w io.Writer) { marshalEnum(w, string(e)) }

func (e *OrderEditStatus) UnmarshalGQL(v any) error { return unmarshalEnum(v, (*string)(e)) }

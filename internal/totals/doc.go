// Package totals computes every money total Medusa v1 computes (carts, line
// items, shipping methods, orders, refunds, gift cards, shipping-option
// prices), to the cent, with no knowledge of SQL or GraphQL.
//
// Money is int64 in the currency's minor unit. Medusa is JavaScript, so the
// arithmetic is done in float64 in the same order of operations as Medusa and
// rounded with [Round], which is JavaScript's Math.round (half toward +∞).
// Discount adjustments are the one money input Medusa keeps fractional, so
// they are float64.
//
// # Inputs
//
// The caller loads the rows and says which tax lines apply:
//
//   - [ItemTaxLines] and [ShippingTaxLines] are the system tax provider's
//     lines (§4.1); [Rates] turns lines into the rates the calculators take.
//     A line item or shipping method is taxed exactly when it has rates, as in
//     Medusa: when taxes are computed (region.automatic_taxes or forced) give
//     the provider's lines, otherwise only lines already persisted (normally
//     none, which makes every tax total 0).
//   - [Allocate] turns an item's adjustments into its discount allocation
//     (§9.5); its Amount is [LineItem].Discount.
//
// # Calculators
//
//   - [LineItem.Totals], [ShippingMethod.Totals]: one line (§4.2, §4.3).
//   - [Cart.Totals]: a cart and its lines (§4.4).
//   - [Order.Totals]: an order, its lines, payments, refunds and per-item
//     refundable amounts (§4.5), including orders of Medusa's old flat-rate
//     tax system.
//   - [ConsumeGiftCards]: balances and transactions written when a cart
//     becomes an order (§10.3).
//   - [PurchaseGiftCards]: the gift cards a bought gift-card line creates (§10.4).
//   - [MeetsRequirements]: shipping-option min/max subtotal (§3.8).
//   - [PriceWithTax]: tax_amount / price_incl_tax of a shipping option or
//     variant price (§3.9).
//
// Section numbers refer to shared/reference/medusa-v1-behaviour.md.
//
// "Tax inclusive" (IncludesTax) always means Medusa's tax_inclusive_pricing
// feature flag is on and the row's includes_tax is true.
package totals

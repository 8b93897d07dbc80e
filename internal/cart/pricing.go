package cart

import (
	"context"
	"fmt"

	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/pricing"
	"github.com/storegraph/storegraph/internal/storage"
)

// itemPrice is what price selection gives a line item.
type itemPrice struct {
	UnitPrice   int64
	IncludesTax bool
	// Found is false when the variant has no price for the cart.
	Found bool
}

type priceRequest struct {
	variant  *storage.VariantRow
	quantity int64
}

// priceOne prices one variant for the cart, failing as Medusa's generate
// does when there is no price.
func (s *Service) priceOne(ctx context.Context, q storage.Q, st *State, v *storage.VariantRow, quantity int64) (itemPrice, error) {
	prices, err := s.cartPrices(ctx, q, st, []priceRequest{{v, quantity}})
	if err != nil {
		return itemPrice{}, err
	}
	if !prices[0].Found {
		return itemPrice{}, noPrice(v)
	}
	return prices[0], nil
}

// noPrice is Medusa's generate failing for a variant without a price.
func noPrice(v *storage.VariantRow) error {
	return errs.InvalidDataf("Cannot generate line item for variant %q without a price", v.Title)
}

// cartPrices prices line items for the cart's region and customer, with
// the region's tax rates the cart's state already holds.
func (s *Service) cartPrices(ctx context.Context, q storage.Q, st *State, reqs []priceRequest) ([]itemPrice, error) {
	var rates *storage.RegionTaxRates
	if st.TaxRates != nil && st.Region != nil && st.Region.ID == st.RegionID {
		rates = st.TaxRates
	}
	return s.pricesWithRates(ctx, q, st.Region, customerOf(st), rates, reqs)
}

func customerOf(st *State) string {
	return deref(st.CustomerID)
}

// prices runs Medusa's price selection for line items: region prices and
// currency prices of the region's currency, price lists for the customer's
// groups, the line's quantity, with the product's tax rates in the region.
// It reads everything it needs in a fixed number of statements.
func (s *Service) prices(ctx context.Context, q storage.Q, region *model.Region, customerID string, reqs []priceRequest) ([]itemPrice, error) {
	return s.pricesWithRates(ctx, q, region, customerID, nil, reqs)
}

// pricesWithRates is prices with the region's tax rates, read when rates
// is nil.
func (s *Service) pricesWithRates(ctx context.Context, q storage.Q, region *model.Region, customerID string, rates *storage.RegionTaxRates, reqs []priceRequest) ([]itemPrice, error) {
	out := make([]itemPrice, len(reqs))
	if len(reqs) == 0 {
		return out, nil
	}
	variantIDs := make([]string, len(reqs))
	for i, r := range reqs {
		variantIDs[i] = r.variant.ID
	}
	rows, err := storage.PricesByVariant(ctx, q, variantIDs)
	if err != nil {
		return nil, err
	}
	var listIDs []string
	for _, rs := range rows {
		for _, r := range rs {
			if r.PriceListID != nil {
				listIDs = append(listIDs, *r.PriceListID)
			}
		}
	}
	groups := map[string][]string{}
	if len(listIDs) > 0 {
		if groups, err = storage.CustomerGroupsByPriceList(ctx, q, listIDs); err != nil {
			return nil, err
		}
	}
	pctx := pricing.Context{
		RegionID: region.ID, CurrencyCode: region.CurrencyCode, CustomerID: customerID,
		IncludeDiscountPrices: true, Now: s.DB.Now(), TaxInclusivePricing: true,
		AutomaticTaxes: region.AutomaticTaxes,
	}
	if customerID != "" {
		byCustomer, err := storage.GroupsByCustomer(ctx, q, []string{customerID})
		if err != nil {
			return nil, err
		}
		pctx.CustomerGroupIDs = byCustomer[customerID]
	}
	currencies, err := storage.CurrenciesByCode(ctx, q, []string{region.CurrencyCode})
	if err != nil {
		return nil, err
	}
	currencyIncludesTax := currencies[region.CurrencyCode] != nil && currencies[region.CurrencyCode].IncludesTax
	if rates == nil {
		regionRates, err := storage.TaxRatesByRegion(ctx, q, []string{region.ID})
		if err != nil {
			return nil, err
		}
		rates = regionRates[region.ID]
	}
	for i, r := range reqs {
		c := pctx
		quantity := int(r.quantity)
		c.Quantity = &quantity
		c.TaxRates = catalog.TaxRatesForPricing(catalog.ItemTaxLines(rates, region, r.variant.Product))
		res := pricing.Select(catalog.MoneyAmounts(rows[r.variant.ID], groups, region, region.CurrencyCode, currencyIncludesTax), c)
		if res.CalculatedPrice == nil {
			continue
		}
		out[i] = itemPrice{UnitPrice: *res.CalculatedPrice, Found: true}
		if res.CalculatedPriceIncludesTax != nil {
			out[i].IncludesTax = *res.CalculatedPriceIncludesTax
		}
	}
	return out, nil
}

// repriceItems is CartService.updateUnitPrices_: every line is priced again
// for the cart's (new) region and customer at its quantity; lines whose
// variant has no price there are removed.
func (s *Service) repriceItems(ctx context.Context, tx *storage.Tx, st *State, region *model.Region, customerID string) error {
	var reqs []priceRequest
	var items []*Item
	for _, it := range st.Items {
		if it.Variant == nil || it.Product == nil {
			continue
		}
		reqs = append(reqs, priceRequest{&storage.VariantRow{ProductVariant: *it.Variant, Product: it.Product, ProfileID: it.ProfileID}, it.Quantity})
		items = append(items, it)
	}
	prices, err := s.prices(ctx, tx, region, customerID, reqs)
	if err != nil {
		return err
	}
	var unpriced []string
	for i, it := range items {
		if !prices[i].Found {
			unpriced = append(unpriced, it.ID)
			continue
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET unit_price = ?, includes_tax = ?, has_shipping = ?, updated_at = ? WHERE id = ?`,
			prices[i].UnitPrice, prices[i].IncludesTax, false, tx.Now, it.ID); err != nil {
			return fmt.Errorf("reprice line item: %w", err)
		}
	}
	if len(unpriced) == 0 {
		return nil
	}
	for _, table := range []string{"line_item_adjustment", "line_item_tax_line"} {
		if err := storage.DeleteWhere(ctx, tx, table, "item_id", unpriced); err != nil {
			return err
		}
	}
	return storage.DeleteWhere(ctx, tx, "line_item", "id", unpriced)
}

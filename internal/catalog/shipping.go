package catalog

import (
	"context"

	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// ShippingOptions lists the options a storefront may offer (GET
// /store/shipping-options): never admin-only ones, filtered by region, by
// the return flag and by the shipping profiles of the given products.
func (s *Service) ShippingOptions(ctx context.Context, productIDs []string, regionID *string, isReturn *bool) ([]model.ShippingOption, error) {
	f := storage.ShippingOptionFilter{RegionID: regionID, IsReturn: isReturn}
	if len(productIDs) > 0 {
		profiles, err := loaders.For(ctx).ProductProfiles.LoadMany(ctx, productIDs)
		if err != nil {
			return nil, err
		}
		for _, ps := range profiles {
			for _, p := range ps {
				f.ProfileIDs = append(f.ProfileIDs, p.ID)
			}
		}
		if len(f.ProfileIDs) == 0 {
			return []model.ShippingOption{}, nil
		}
	}
	return storage.ListShippingOptions(ctx, s.DB.Reader, f)
}

// ShippingPrice is a shipping option's price with its tax, as Medusa's
// pricing service lists it.
type ShippingPrice struct {
	PriceInclTax int64
	TaxAmount    int64
	TaxRates     []totals.TaxLine
}

// PriceShippingOption prices an option in its region: taxed at the option's
// rates (else the region's) when the region computes taxes automatically.
func (s *Service) PriceShippingOption(ctx context.Context, o *model.ShippingOption) (*ShippingPrice, error) {
	return loaders.Memo(ctx, struct{ shippingPrice string }{o.ID}, func() (*ShippingPrice, error) {
		region, err := loaders.For(ctx).Region.Load(ctx, o.RegionID)
		if err != nil {
			return nil, err
		}
		out := &ShippingPrice{TaxRates: []totals.TaxLine{}}
		if region != nil && region.AutomaticTaxes {
			rates, err := loaders.For(ctx).RegionTaxRates.Load(ctx, region.ID)
			if err != nil {
				return nil, err
			}
			out.TaxRates = ShippingTaxLines(rates, region, o.ID)
		}
		taxed := totals.PriceWithTax(deref(o.Amount), totals.Rates(out.TaxRates), o.IncludesTax)
		out.PriceInclTax, out.TaxAmount = taxed.PriceInclTax, taxed.TaxAmount
		return out, nil
	})
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

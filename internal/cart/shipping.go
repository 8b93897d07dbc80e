package cart

import (
	"context"
	"slices"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// AddShippingMethod ships the cart with an option (POST
// /store/carts/{id}/shipping-methods): the option must be valid for the
// cart, and replaces the method of the same shipping profile.
func (s *Service) AddShippingMethod(ctx context.Context, cartID, optionID string, data model.JSON) error {
	return s.mutation(ctx, cartID, true, func(tx *storage.Tx, st *State) error {
		options, err := storage.ShippingOptionsByID(ctx, tx, []string{optionID})
		if err != nil {
			return err
		}
		o := options[optionID]
		if o == nil || o.DeletedAt != nil {
			return errs.NotFoundf("Shipping Option with %s was not found", optionID)
		}
		if !o.IsReturn {
			reqs, err := storage.RequirementsByShippingOption(ctx, tx, []string{o.ID})
			if err != nil {
				return err
			}
			if err := optionValid(st, o, reqs[o.ID], st.Totals(false)); err != nil {
				return err
			}
		}
		if data == nil {
			data = model.JSON{}
		}
		price := deref(o.Amount)
		if st.FreeShipping() {
			price = 0
		}
		// One method per shipping profile: the new one replaces the old.
		var replaced []string
		for _, m := range st.Methods {
			if m.Option.ProfileID == o.ProfileID {
				replaced = append(replaced, m.ID)
			}
		}
		if err := storage.DeleteWhere(ctx, tx, "shipping_method_tax_line", "shipping_method_id", replaced); err != nil {
			return err
		}
		if err := storage.DeleteWhere(ctx, tx, "shipping_method", "id", replaced); err != nil {
			return err
		}
		m := model.ShippingMethod{
			ID: ids.New(ids.ShippingMethod), ShippingOptionID: o.ID, CartID: &st.ID,
			Price: price, Data: data, IncludesTax: o.IncludesTax,
		}
		if err := storage.Insert(ctx, tx, "shipping_method", &m); err != nil {
			return err
		}
		return updateHasShipping(ctx, tx, st.ID)
	})
}

// optionValid is ShippingOptionService.validateCartOption: the option must
// be of the cart's region, and meet its requirements on the cart's subtotal
// (or total, for an option whose price includes tax).
func optionValid(st *State, o *model.ShippingOption, reqs []model.ShippingOptionRequirement, cartTotals totals.CartTotals) error {
	if o.RegionID != st.RegionID {
		return errs.InvalidDataf("The shipping option is not available in the cart's region")
	}
	if !totals.MeetsRequirements(requirements(reqs), o.IncludesTax, cartTotals) {
		return errs.NotAllowedf("The Cart does not satisfy the shipping option's requirements")
	}
	return nil
}

func requirements(rows []model.ShippingOptionRequirement) []totals.Requirement {
	out := make([]totals.Requirement, len(rows))
	for i, r := range rows {
		out[i] = totals.Requirement{Type: totals.RequirementType(r.Type), Amount: r.Amount}
	}
	return out
}

// updateHasShipping marks the items whose product's shipping profile has a
// shipping method, in one statement.
func updateHasShipping(ctx context.Context, tx *storage.Tx, cartID string) error {
	_, err := storage.Exec(ctx, tx, `UPDATE line_item SET has_shipping = EXISTS (
		SELECT 1 FROM shipping_method sm JOIN shipping_option so ON so.id = sm.shipping_option_id
		WHERE sm.cart_id = ? AND so.profile_id = (
			SELECT psp.profile_id FROM product_variant v JOIN product_shipping_profile psp ON psp.product_id = v.product_id
			WHERE v.id = line_item.variant_id ORDER BY psp.profile_id LIMIT 1))
		WHERE cart_id = ?`, cartID, cartID)
	return err
}

// ShippingOptions are the options valid for the cart (GET
// /store/shipping-options/{cart_id}): not admin-only, of the shipping
// profiles of its products, passing validateCartOption (others, and return
// options, are left out).
func (s *Service) ShippingOptions(ctx context.Context, cartID string) ([]model.ShippingOption, error) {
	st, err := Load(ctx, s.DB.Reader, cartID)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, errs.NotFoundf("Cart with %s was not found", cartID)
	}
	var profileIDs []string
	for _, it := range st.Items {
		if it.ProfileID != nil && !slices.Contains(profileIDs, *it.ProfileID) {
			profileIDs = append(profileIDs, *it.ProfileID)
		}
	}
	if len(profileIDs) == 0 {
		return []model.ShippingOption{}, nil
	}
	all, err := storage.ListShippingOptions(ctx, s.DB.Reader, storage.ShippingOptionFilter{ProfileIDs: profileIDs})
	if err != nil {
		return nil, err
	}
	optionIDs := make([]string, len(all))
	for i, o := range all {
		optionIDs[i] = o.ID
	}
	reqs := map[string][]model.ShippingOptionRequirement{}
	if len(all) > 0 {
		if reqs, err = storage.RequirementsByShippingOption(ctx, s.DB.Reader, optionIDs); err != nil {
			return nil, err
		}
	}
	cartTotals := st.Totals(false)
	out := make([]model.ShippingOption, 0, len(all))
	for i := range all {
		o := &all[i]
		if o.IsReturn || optionValid(st, o, reqs[o.ID], cartTotals) != nil {
			continue
		}
		out = append(out, *o)
	}
	return out, nil
}

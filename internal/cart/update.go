package cart

import (
	"context"
	"strings"

	"github.com/storegraph/storegraph/internal/discounts"
	"github.com/storegraph/storegraph/internal/email"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// UpdateInput is updateCart's input. Nil fields are not changed.
type UpdateInput struct {
	RegionID        *string
	CountryCode     *string
	Email           *string
	BillingAddress  AddressChange
	ShippingAddress AddressChange
	// GiftCards and Discounts replace the cart's lists when not nil.
	GiftCards      *[]string
	Discounts      *[]string
	CustomerID     *string
	Context        model.JSON
	SalesChannelID *string
	Metadata       model.JSON
}

// AddressChange is an address field of an update: absent, null (clear), the
// id of a saved address, or fields to write.
type AddressChange struct {
	Given  bool
	Clear  bool
	ID     string
	Fields *Address
}

// Address are the fields of an address a client writes; nil is not given.
type Address struct {
	Company, FirstName, LastName, Address1, Address2 *string
	City, CountryCode, Province, PostalCode, Phone   *string
	Metadata                                         model.JSON
}

// Update changes a cart (POST /store/carts/{id}) in Medusa's order of
// operations (§3.3). The logged-in customer, if any, becomes the cart's.
func (s *Service) Update(ctx context.Context, caller Caller, cartID string, in UpdateInput) error {
	if caller.CustomerID != "" {
		in.CustomerID = &caller.CustomerID
	}
	if in.Email != nil && !email.Valid(*in.Email) {
		return errs.InvalidDataf("email must be an email")
	}
	// Medusa re-syncs payment sessions unless the region changes (a region
	// change deletes them).
	return s.mutation(ctx, cartID, in.RegionID == nil, func(tx *storage.Tx, st *State) error {
		return s.update(ctx, tx, st, in)
	})
}

func (s *Service) update(ctx context.Context, tx *storage.Tx, st *State, in UpdateInput) error {
	c := st.Cart
	if err := s.setCustomer(ctx, tx, &c, in); err != nil {
		return err
	}
	region := st.Region
	if in.RegionID != nil {
		var err error
		if region, err = s.cartRegion(ctx, tx, in.RegionID); err != nil {
			return err
		}
	}
	if in.CustomerID != nil || in.RegionID != nil {
		if err := s.repriceItems(ctx, tx, st, region, deref(c.CustomerID)); err != nil {
			return err
		}
	}
	if in.RegionID != nil && *in.RegionID != st.RegionID {
		countryCode := in.CountryCode
		if countryCode == nil && in.ShippingAddress.Fields != nil {
			countryCode = in.ShippingAddress.Fields.CountryCode
		}
		if err := s.setRegion(ctx, tx, st, &c, region, countryCode); err != nil {
			return err
		}
	}
	countries, err := storage.CountriesByRegion(ctx, tx, []string{region.ID})
	if err != nil {
		return err
	}
	if err := saveBillingAddress(ctx, tx, &c, in.BillingAddress); err != nil {
		return err
	}
	if err := saveShippingAddress(ctx, tx, &c, in.ShippingAddress, countries[region.ID]); err != nil {
		return err
	}
	if in.SalesChannelID != nil && (c.SalesChannelID == nil || *in.SalesChannelID != *c.SalesChannelID) {
		if err := s.changeChannel(ctx, tx, st, &c, *in.SalesChannelID); err != nil {
			return err
		}
	}
	if in.Metadata != nil {
		c.Metadata = c.Metadata.Merge(in.Metadata)
	}
	if in.Context != nil {
		merged := c.Context.Clone()
		if merged == nil {
			merged = model.JSON{}
		}
		for k, v := range in.Context {
			merged[k] = v
		}
		c.Context = merged
	}
	c.UpdatedAt = tx.Now
	if err := storage.Update(ctx, tx, "cart", &c); err != nil {
		return err
	}
	if in.Discounts == nil && in.GiftCards == nil {
		return nil
	}
	// Discounts and gift cards are checked against the cart as it is now
	// (its region and customer).
	fresh, err := Load(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	if in.Discounts != nil {
		if len(*in.Discounts) > 0 {
			if err := s.applyDiscounts(ctx, tx, fresh, *in.Discounts); err != nil {
				return err
			}
		} else {
			had := fresh.FreeShipping()
			fresh.Discounts = nil
			if err := s.saveDiscounts(ctx, tx, fresh, had); err != nil {
				return err
			}
		}
	}
	if in.GiftCards != nil {
		if err := applyGiftCards(ctx, tx, fresh, *in.GiftCards); err != nil {
			return err
		}
	}
	return nil
}

// setCustomer gives the cart a customer: the one named (which must exist),
// or for an email the guest customer with that email, created if needed.
func (s *Service) setCustomer(ctx context.Context, tx *storage.Tx, c *model.Cart, in UpdateInput) error {
	if in.CustomerID != nil {
		customers, err := storage.CustomersByID(ctx, tx, []string{*in.CustomerID})
		if err != nil {
			return err
		}
		cu := customers[*in.CustomerID]
		if cu == nil || cu.DeletedAt != nil {
			return errs.NotFoundf("Customer with id: %s was not found", *in.CustomerID)
		}
		c.CustomerID, c.Email = &cu.ID, &cu.Email
		return nil
	}
	if in.Email == nil {
		return nil
	}
	cu, err := GuestCustomer(ctx, tx, *in.Email)
	if err != nil {
		return err
	}
	c.CustomerID, c.Email = &cu.ID, &cu.Email
	return nil
}

// GuestCustomer returns the customer without an account that has the
// email, creating it when there is none (Medusa's
// createOrFetchGuestCustomerFromEmail_).
func GuestCustomer(ctx context.Context, tx *storage.Tx, address string) (*model.Customer, error) {
	address = strings.ToLower(strings.TrimSpace(address))
	if !email.Valid(address) {
		return nil, errs.InvalidDataf("The email is not valid")
	}
	cu, err := storage.GuestCustomerByEmail(ctx, tx, address)
	if err != nil || cu != nil {
		return cu, err
	}
	cu = &model.Customer{ID: ids.New(ids.Customer), Email: address, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	return cu, storage.Insert(ctx, tx, "customer", cu)
}

// setRegion is CartService.setRegion_: the country follows the region, and
// shipping methods, discounts not valid there, gift cards and payment
// sessions go.
func (s *Service) setRegion(ctx context.Context, tx *storage.Tx, st *State, c *model.Cart, region *model.Region, countryCode *string) error {
	if c.CompletedAt != nil || c.PaymentAuthorizedAt != nil {
		return errs.NotAllowedf("Cannot change the region of a completed cart")
	}
	countries, err := storage.CountriesByRegion(ctx, tx, []string{region.ID})
	if err != nil {
		return err
	}
	var code *string
	switch {
	case countryCode != nil:
		lower := strings.ToLower(*countryCode)
		if !hasCountry(countries[region.ID], lower) {
			return errs.NotAllowedf("Country not available in region")
		}
		code = &lower
	case len(countries[region.ID]) == 1:
		code = &countries[region.ID][0].ISO2
	}
	if c.ShippingAddressID != nil {
		if _, err := storage.Exec(ctx, tx, `UPDATE address SET country_code = ?, updated_at = ? WHERE id = ?`, code, tx.Now, *c.ShippingAddressID); err != nil {
			return err
		}
	} else if code != nil {
		a := &model.Address{ID: ids.New(ids.Address), CountryCode: code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
		if err := storage.Insert(ctx, tx, "address", a); err != nil {
			return err
		}
		c.ShippingAddressID = &a.ID
	}
	c.RegionID = region.ID
	if err := deleteShippingMethods(ctx, tx, c.ID); err != nil {
		return err
	}
	// Discounts not valid in the new region are dropped.
	list, err := fullDiscounts(ctx, tx, st.Discounts)
	if err != nil {
		return err
	}
	kept := st.Discounts[:0]
	for i, d := range list {
		if discounts.AvailableIn(d, region.ID) {
			kept = append(kept, st.Discounts[i])
		}
	}
	st.Discounts = kept
	if err := writeDiscounts(ctx, tx, st); err != nil {
		return err
	}
	if err := storage.DeleteWhere(ctx, tx, "cart_gift_cards", "cart_id", []string{c.ID}); err != nil {
		return err
	}
	if err := storage.DeleteWhere(ctx, tx, "payment_session", "cart_id", []string{c.ID}); err != nil {
		return err
	}
	// Adjustments follow the discounts that remain, priced in the new region.
	if err := storage.Update(ctx, tx, "cart", c); err != nil {
		return err
	}
	fresh, err := Load(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	return s.refreshAdjustments(ctx, tx, fresh)
}

// saveBillingAddress is CartService.updateBillingAddress_.
func saveBillingAddress(ctx context.Context, tx *storage.Tx, c *model.Cart, change AddressChange) error {
	switch {
	case !change.Given:
		return nil
	case !change.Clear && change.ID == "" && change.Fields == nil:
		return errs.InvalidDataf("billingAddressId must not be empty")
	case change.Clear:
		c.BillingAddressID = nil
		return nil
	case change.ID != "":
		a, err := savedAddress(ctx, tx, change.ID)
		if err != nil {
			return err
		}
		c.BillingAddressID = &a.ID
		return nil
	}
	id, err := writeAddress(ctx, tx, c.BillingAddressID, change.Fields)
	c.BillingAddressID = &id
	return err
}

// saveShippingAddress is CartService.updateShippingAddress_: null clears
// it, and its country must be one of the region's. Fields not given keep
// their value, the country too (contract deviation 17; Medusa clears it).
func saveShippingAddress(ctx context.Context, tx *storage.Tx, c *model.Cart, change AddressChange, countries []model.Country) error {
	switch {
	case !change.Given:
		return nil
	case !change.Clear && change.ID == "" && change.Fields == nil:
		return errs.InvalidDataf("shippingAddressId must not be empty")
	case change.Clear:
		c.ShippingAddressID = nil
		return nil
	case change.ID != "":
		a, err := savedAddress(ctx, tx, change.ID)
		if err != nil {
			return err
		}
		if a.CountryCode != nil && !hasCountry(countries, strings.ToLower(*a.CountryCode)) {
			return errs.NotAllowedf("Shipping country must be in the cart region")
		}
		c.ShippingAddressID = &a.ID
		return nil
	}
	if code := change.Fields.CountryCode; code != nil && !hasCountry(countries, strings.ToLower(*code)) {
		return errs.NotAllowedf("Shipping country must be in the cart region")
	}
	id, err := writeAddress(ctx, tx, c.ShippingAddressID, change.Fields)
	c.ShippingAddressID = &id
	return err
}

func savedAddress(ctx context.Context, q storage.Q, id string) (*model.Address, error) {
	addresses, err := storage.AddressesByID(ctx, q, []string{id})
	if err != nil {
		return nil, err
	}
	a := addresses[id]
	if a == nil || a.DeletedAt != nil {
		return nil, errs.NotFoundf("Address with id: %s was not found", id)
	}
	return a, nil
}

// writeAddress merges fields into the address with id existing, or creates
// an address, and returns its id.
func writeAddress(ctx context.Context, tx *storage.Tx, existing *string, f *Address) (string, error) {
	a := &model.Address{ID: ids.New(ids.Address), CreatedAt: tx.Now}
	if existing != nil {
		current, err := storage.AddressesByID(ctx, tx, []string{*existing})
		if err != nil {
			return "", err
		}
		if current[*existing] != nil {
			a = current[*existing]
		} else {
			existing = nil
		}
	}
	f.applyTo(a)
	a.UpdatedAt = tx.Now
	if existing != nil {
		return a.ID, storage.Update(ctx, tx, "address", a)
	}
	return a.ID, storage.Insert(ctx, tx, "address", a)
}

// applyTo writes the given fields onto a; country codes are lower-cased.
func (f *Address) applyTo(a *model.Address) {
	set := func(dst **string, v *string) {
		if v != nil {
			copied := *v
			*dst = &copied
		}
	}
	set(&a.Company, f.Company)
	set(&a.FirstName, f.FirstName)
	set(&a.LastName, f.LastName)
	set(&a.Address1, f.Address1)
	set(&a.Address2, f.Address2)
	set(&a.City, f.City)
	set(&a.Province, f.Province)
	set(&a.PostalCode, f.PostalCode)
	set(&a.Phone, f.Phone)
	if f.CountryCode != nil {
		lower := strings.ToLower(*f.CountryCode)
		a.CountryCode = &lower
	}
	if f.Metadata != nil {
		a.Metadata = a.Metadata.Merge(f.Metadata)
	}
}

// changeChannel moves the cart to another sales channel and removes the
// lines whose product is not sold there.
func (s *Service) changeChannel(ctx context.Context, tx *storage.Tx, st *State, c *model.Cart, channelID string) error {
	id, err := validChannel(ctx, tx, channelID)
	if err != nil {
		return err
	}
	c.SalesChannelID = id
	var productIDs []string
	for _, it := range st.Items {
		if it.Product != nil {
			productIDs = append(productIDs, it.Product.ID)
		}
	}
	if len(productIDs) == 0 {
		return nil
	}
	in, err := storage.ProductsInChannel(ctx, tx, channelID, productIDs)
	if err != nil {
		return err
	}
	var gone []string
	for _, it := range st.Items {
		if it.Product != nil && !in[it.Product.ID] {
			gone = append(gone, it.ID)
		}
	}
	if len(gone) == 0 {
		return nil
	}
	for _, table := range []string{"line_item_adjustment", "line_item_tax_line"} {
		if err := storage.DeleteWhere(ctx, tx, table, "item_id", gone); err != nil {
			return err
		}
	}
	if err := storage.DeleteWhere(ctx, tx, "line_item", "id", gone); err != nil {
		return err
	}
	return s.afterItemsChanged(ctx, tx, st)
}

// applyGiftCards replaces the cart's gift cards (§10.2 and contract
// deviation 5).
func applyGiftCards(ctx context.Context, tx *storage.Tx, st *State, codes []string) error {
	cards, err := storage.GiftCardsByCode(ctx, tx, codes)
	if err != nil {
		return err
	}
	if err := storage.DeleteWhere(ctx, tx, "cart_gift_cards", "cart_id", []string{st.ID}); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, code := range codes {
		g := cards[code]
		switch {
		case g == nil:
			return errs.NotFoundf("Gift card with code: %s was not found", code)
		case g.IsDisabled:
			return errs.NotAllowedf("The gift card is disabled")
		case g.RegionID != st.RegionID:
			return errs.InvalidDataf("The gift card cannot be used in the current region")
		case g.EndsAt != nil && g.EndsAt.Before(tx.Now):
			return errs.NotAllowedf("The gift card has expired")
		case g.Balance <= 0:
			return errs.NotAllowedf("The gift card has no balance")
		case seen[g.ID]:
			continue
		}
		seen[g.ID] = true
		if _, err := storage.Exec(ctx, tx, `INSERT INTO cart_gift_cards (cart_id, gift_card_id) VALUES (?, ?)`, st.ID, g.ID); err != nil {
			return err
		}
	}
	return nil
}

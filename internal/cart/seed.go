package cart

import (
	"context"

	"github.com/storegraph/storegraph/internal/email"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
)

// SeedCart creates a cart of a seed file (seed.Options.Carts) inside the
// seed's transaction, through createCart's code (region, sales channel,
// items) and then updateCart's (email, customer, shipping address,
// discounts, then gift cards), so a seeded cart is one a storefront could
// have made.
func (s *Service) SeedCart(ctx context.Context, tx *storage.Tx, c seed.Cart) error {
	id := c.ID
	if id == "" {
		id = ids.New(ids.Cart)
	}
	create := CreateInput{SalesChannelID: c.SalesChannelID, Items: make([]ItemInput, len(c.Items))}
	if c.RegionID != "" {
		create.RegionID = &c.RegionID
	}
	for i, it := range c.Items {
		create.Items[i] = ItemInput{VariantID: it.VariantID, Quantity: it.Quantity}
	}
	if err := s.create(ctx, tx, Caller{}, id, create); err != nil {
		return err
	}
	if c.Email != nil && !email.Valid(*c.Email) {
		return errs.InvalidDataf("email must be an email")
	}
	update := UpdateInput{Email: c.Email, CustomerID: c.CustomerID}
	if a := c.ShippingAddress; a != nil {
		update.ShippingAddress = AddressChange{Given: true, Fields: &Address{
			Company: a.Company, FirstName: a.FirstName, LastName: a.LastName, Address1: a.Address1, Address2: a.Address2,
			City: a.City, CountryCode: a.CountryCode, Province: a.Province, PostalCode: a.PostalCode, Phone: a.Phone,
			Metadata: a.Metadata,
		}}
	}
	if c.Discounts != nil {
		update.Discounts = &c.Discounts
	}
	if c.GiftCards != nil {
		update.GiftCards = &c.GiftCards
	}
	st, err := s.lockAndLoad(ctx, tx, id)
	if err != nil {
		return err
	}
	return s.update(ctx, tx, st, update)
}

var _ seed.CartCreator = (*Service)(nil)

package cart

import (
	"context"
	"slices"
	"strings"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Service applies Medusa v1's cart rules.
type Service struct {
	DB *storage.DB
	// Sessions re-syncs a cart's payment sessions after a change, as Medusa
	// does when the cart has sessions (set by the payment service).
	Sessions SessionSyncer
}

// SessionSyncer brings a cart's payment sessions in line with its total.
type SessionSyncer interface {
	SyncSessions(ctx context.Context, tx *storage.Tx, s *State) error
}

// Caller is who makes a request: the logged-in customer and the
// publishable API key of the request, if any.
type Caller struct {
	CustomerID     string
	PublishableKey string
	IP             string
	UserAgent      string
}

// mutation runs fn on the locked, loaded cart in one transaction. Completed
// carts refuse every change (contract deviation 3). When syncSessions is
// set and the cart has payment sessions, they follow the new total.
func (s *Service) mutation(ctx context.Context, cartID string, syncSessions bool, fn func(tx *storage.Tx, st *State) error) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		st, err := s.lockAndLoad(ctx, tx, cartID)
		if err != nil {
			return err
		}
		if st.CompletedAt != nil {
			return errs.NotAllowedf("Cart is already completed")
		}
		if err := fn(tx, st); err != nil {
			return err
		}
		if err := touch(ctx, tx, cartID); err != nil {
			return err
		}
		if err := events.Emit(ctx, tx, events.CartUpdated, cartID, map[string]any{"id": cartID}); err != nil {
			return err
		}
		// Sessions are refreshed only where there are some: no cart
		// mutation creates them, so a cart without any still has none.
		if syncSessions && s.Sessions != nil && len(st.Sessions) > 0 {
			fresh, err := Load(ctx, tx, cartID)
			if err != nil {
				return err
			}
			if len(fresh.Sessions) > 0 {
				return s.Sessions.SyncSessions(ctx, tx, fresh)
			}
		}
		return nil
	})
}

// lockAndLoad takes the cart's lock and reads its state.
func (s *Service) lockAndLoad(ctx context.Context, tx *storage.Tx, cartID string) (*State, error) {
	if err := storage.LockCart(ctx, tx, cartID); err != nil {
		return nil, err
	}
	st, err := Load(ctx, tx, cartID)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, errs.NotFoundf("Cart with %s was not found", cartID)
	}
	return st, nil
}

// LockAndLoad is lockAndLoad for other packages' mutations (payment
// sessions, completion).
func (s *Service) LockAndLoad(ctx context.Context, tx *storage.Tx, cartID string) (*State, error) {
	return s.lockAndLoad(ctx, tx, cartID)
}

func touch(ctx context.Context, tx *storage.Tx, cartID string) error {
	_, err := storage.Exec(ctx, tx, `UPDATE cart SET updated_at = ? WHERE id = ?`, tx.Now, cartID)
	return err
}

// CreateInput is createCart's input.
type CreateInput struct {
	RegionID       *string
	CountryCode    *string
	Items          []ItemInput
	Context        model.JSON
	SalesChannelID *string
}

// ItemInput is a variant and a quantity to put in a cart.
type ItemInput struct {
	VariantID string
	Quantity  int64
	Metadata  model.JSON
}

// Create makes a cart (POST /store/carts) and returns its id.
func (s *Service) Create(ctx context.Context, caller Caller, in CreateInput) (string, error) {
	cartID := ids.New(ids.Cart)
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		return s.create(ctx, tx, caller, cartID, in)
	})
	return cartID, err
}

func (s *Service) create(ctx context.Context, tx *storage.Tx, caller Caller, cartID string, in CreateInput) error {
	region, err := s.cartRegion(ctx, tx, in.RegionID)
	if err != nil {
		return err
	}
	channelID, err := s.createChannel(ctx, tx, caller, in.SalesChannelID)
	if err != nil {
		return err
	}
	c := model.Cart{
		ID: cartID, RegionID: region.ID, Type: model.CartTypeDefault,
		CreatedAt: tx.Now, UpdatedAt: tx.Now, SalesChannelID: channelID,
		Context: model.JSON{"ip": caller.IP, "user_agent": caller.UserAgent},
	}
	for k, v := range in.Context {
		c.Context[k] = v
	}
	if caller.CustomerID != "" {
		customers, err := storage.CustomersByID(ctx, tx, []string{caller.CustomerID})
		if err != nil {
			return err
		}
		if cu := customers[caller.CustomerID]; cu != nil {
			c.CustomerID, c.Email = &cu.ID, &cu.Email
		}
	}
	countries, err := storage.CountriesByRegion(ctx, tx, []string{region.ID})
	if err != nil {
		return err
	}
	inRegion := countries[region.ID]
	var address *model.Address
	switch {
	case in.CountryCode != nil:
		code := strings.ToLower(*in.CountryCode)
		if !hasCountry(inRegion, code) {
			return errs.InvalidDataf("Shipping country not in region")
		}
		address = &model.Address{ID: ids.New(ids.Address), CountryCode: &code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	case len(inRegion) == 1:
		// Medusa gives a cart of a one-country region that country at once.
		code := inRegion[0].ISO2
		address = &model.Address{ID: ids.New(ids.Address), CountryCode: &code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
	}
	if address != nil {
		if err := storage.Insert(ctx, tx, "address", address); err != nil {
			return err
		}
		c.ShippingAddressID = &address.ID
	}
	if err := storage.Insert(ctx, tx, "cart", &c); err != nil {
		return err
	}
	if err := events.Emit(ctx, tx, events.CartCreated, c.ID, map[string]any{"id": c.ID}); err != nil {
		return err
	}
	if len(in.Items) == 0 {
		return nil
	}
	st, err := Load(ctx, tx, cartID)
	if err != nil {
		return err
	}
	return s.addItems(ctx, tx, st, in.Items, false)
}

// cartRegion is the region asked for, else the first region of the store.
func (s *Service) cartRegion(ctx context.Context, q storage.Q, regionID *string) (*model.Region, error) {
	if regionID == nil {
		var r model.Region
		err := storage.Get(ctx, q, &r, `SELECT * FROM region WHERE deleted_at IS NULL ORDER BY created_at, id LIMIT 1`)
		if storage.IsNoRows(err) {
			return nil, errs.InvalidDataf("A region is required to create a cart")
		}
		return &r, err
	}
	regions, err := storage.RegionsByID(ctx, q, []string{*regionID})
	if err != nil {
		return nil, err
	}
	r := regions[*regionID]
	if r == nil || r.DeletedAt != nil {
		return nil, errs.NotFoundf("Region with %s was not found", *regionID)
	}
	return r, nil
}

// createChannel picks a new cart's sales channel: the one asked for (within
// the publishable key's scope), else the key's only channel, else the
// store's default; a disabled channel is refused.
func (s *Service) createChannel(ctx context.Context, q storage.Q, caller Caller, asked *string) (*string, error) {
	var keyChannels []string
	if caller.PublishableKey != "" {
		var err error
		if keyChannels, err = storage.PublishableKeyChannels(ctx, q, caller.PublishableKey); err != nil {
			return nil, err
		}
	}
	id := ""
	switch {
	case asked != nil:
		if len(keyChannels) > 0 && !slices.Contains(keyChannels, *asked) {
			return nil, errs.InvalidDataf("Provided sales channel id param: %s is not associated with the Publishable API Key passed in the header of the request.", *asked)
		}
		id = *asked
	case len(keyChannels) > 1:
		return nil, errs.E(errs.UnexpectedState, "The PublishableApiKey provided in the request header has multiple associated sales channels.")
	case len(keyChannels) == 1:
		id = keyChannels[0]
	default:
		store, err := storage.GetStore(ctx, q)
		if err != nil {
			return nil, err
		}
		if store == nil || store.DefaultSalesChannelID == nil {
			return nil, nil
		}
		id = *store.DefaultSalesChannelID
	}
	return validChannel(ctx, q, id)
}

// validChannel checks that a sales channel exists and is enabled.
func validChannel(ctx context.Context, q storage.Q, id string) (*string, error) {
	channels, err := storage.SalesChannelsByID(ctx, q, []string{id})
	if err != nil {
		return nil, err
	}
	sc := channels[id]
	if sc == nil || sc.DeletedAt != nil {
		return nil, errs.NotFoundf("Sales channel with id: %s was not found", id)
	}
	if sc.IsDisabled {
		return nil, errs.InvalidDataf("Unable to assign the cart to a disabled Sales Channel %q", sc.Name)
	}
	return &sc.ID, nil
}

func hasCountry(countries []model.Country, iso2 string) bool {
	for _, c := range countries {
		if c.ISO2 == iso2 {
			return true
		}
	}
	return false
}

// Mutate runs fn as a cart mutation of another package (payment sessions):
// one transaction, the cart locked and loaded, completed carts refused.
func (s *Service) Mutate(ctx context.Context, cartID string, fn func(tx *storage.Tx, st *State) error) error {
	return s.mutation(ctx, cartID, false, fn)
}

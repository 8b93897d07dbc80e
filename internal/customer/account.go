package customer

import (
	"context"
	"strings"

	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/email"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// CreateInput is createCustomer's input (POST /store/customers).
type CreateInput struct {
	FirstName string
	LastName  string
	Email     string
	Password  string
	Phone     *string
}

// Create registers a customer and logs them in (CustomerService.create):
// the email is lower-cased; a registered customer with the email refuses
// the registration, a guest customer with it does not (a separate customer
// with an account is created, as Medusa does). The session of the request's
// cookie, if any, is replaced by the new customer's. Emits customer.created.
func (s *Service) Create(ctx context.Context, in CreateInput, previousSession string) (*model.Customer, session.Started, error) {
	var v validation
	v.check(email.Valid(in.Email), msgEmail)
	v.check(in.Password != "", msgPasswordEmpty)
	if err := v.err(); err != nil {
		return nil, session.Started{}, err
	}
	email := strings.ToLower(in.Email)
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, session.Started{}, errs.Wrap(err, "hash password")
	}
	var c model.Customer
	var st session.Started
	err = s.DB.InTx(ctx, func(tx *storage.Tx) error {
		taken, err := storage.EmailTaken(ctx, tx, email, true, "")
		if err != nil {
			return err
		}
		if taken {
			return errs.E(errs.Duplicate, msgHasAccount)
		}
		c = model.Customer{
			ID: ids.New(ids.Customer), Email: email, FirstName: &in.FirstName, LastName: &in.LastName,
			Phone: in.Phone, PasswordHash: &hash, HasAccount: true, CreatedAt: tx.Now, UpdatedAt: tx.Now,
		}
		if err := storage.Insert(ctx, tx, "customer", &c); err != nil {
			return err
		}
		if err := events.Emit(ctx, tx, events.CustomerCreated, c.ID, events.Customer(&c)); err != nil {
			return err
		}
		if err := s.Sessions.EndIn(ctx, tx, previousSession); err != nil {
			return err
		}
		st, err = s.Sessions.Create(ctx, tx, c.ID)
		return err
	})
	if errs.Is(err, errs.Duplicate) {
		// Another registration with the email committed first.
		err = errs.E(errs.Duplicate, msgHasAccount)
	}
	return &c, st, err
}

// UpdateInput is updateCustomer's input (POST /store/customers/me).
type UpdateInput struct {
	FirstName Field[*string]
	LastName  Field[*string]
	Phone     Field[*string]
	Email     *string
	Password  *string
	// Metadata is merged into the customer's; a key set to "" is deleted.
	Metadata model.JSON
	// BillingAddress sets the billing address from an object (updating the
	// current billing address in place, or creating one); a given nil
	// removes it.
	BillingAddress Field[*AddressInput]
	// BillingAddressID makes one of the customer's addresses the billing
	// address.
	BillingAddressID *string
}

// Update changes the logged-in customer (CustomerService.update). A new
// password ends the customer's other sessions. Emits customer.updated.
func (s *Service) Update(ctx context.Context, customerID, sessionValue string, in UpdateInput) error {
	var v validation
	v.check(in.Email == nil || email.Valid(*in.Email), msgEmail)
	v.check(in.Password == nil || *in.Password != "", msgPasswordEmpty)
	if err := v.err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		c, err := me(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if in.Metadata != nil {
			c.Metadata = c.Metadata.Merge(in.Metadata)
		}
		if err := s.setBillingAddress(ctx, tx, c, in); err != nil {
			return err
		}
		setField(&c.FirstName, in.FirstName)
		setField(&c.LastName, in.LastName)
		setField(&c.Phone, in.Phone)
		if in.Email != nil {
			if err := setEmail(ctx, tx, c, *in.Email); err != nil {
				return err
			}
		}
		if in.Password != nil {
			hash, err := auth.HashPassword(*in.Password)
			if err != nil {
				return errs.Wrap(err, "hash password")
			}
			c.PasswordHash = &hash
			if err := s.Sessions.EndOthers(ctx, tx, c.ID, sessionValue); err != nil {
				return err
			}
		}
		return save(ctx, tx, c)
	})
}

// save writes a changed customer and emits customer.updated.
func save(ctx context.Context, tx *storage.Tx, c *model.Customer) error {
	c.UpdatedAt = tx.Now
	if err := storage.Update(ctx, tx, "customer", c); err != nil {
		return err
	}
	return events.Emit(ctx, tx, events.CustomerUpdated, c.ID, events.Customer(c))
}

func setField(dst **string, f Field[*string]) {
	if f.Set {
		*dst = f.Value
	}
}

// setEmail changes the email, lower-cased so the customer can still log in
// (Medusa keeps it as given). The email of another customer with the same
// has_account is refused with the duplicate error Medusa's unique index
// gives.
func setEmail(ctx context.Context, tx *storage.Tx, c *model.Customer, email string) error {
	email = strings.ToLower(email)
	if email == c.Email {
		return nil
	}
	taken, err := storage.EmailTaken(ctx, tx, email, c.HasAccount, c.ID)
	if err != nil {
		return err
	}
	if taken {
		flag := "f"
		if c.HasAccount {
			flag = "t"
		}
		return errs.E(errs.Duplicate, "Customer with email, has_account %s, %s already exists.", email, flag)
	}
	c.Email = email
	return nil
}

// setBillingAddress is CustomerService.updateBillingAddress_. An address
// given by id must be the customer's: one of their addresses or their
// current billing address (Medusa takes any address).
func (s *Service) setBillingAddress(ctx context.Context, tx *storage.Tx, c *model.Customer, in UpdateInput) error {
	switch {
	case in.BillingAddressID != nil:
		id := *in.BillingAddressID
		a, err := storage.LiveAddress(ctx, tx, id)
		if err != nil {
			return err
		}
		own := a != nil && ((a.CustomerID != nil && *a.CustomerID == c.ID) || (c.BillingAddressID != nil && *c.BillingAddressID == id))
		if !own {
			return errs.NotFoundf("Address with id %s was not found", id)
		}
		c.BillingAddressID = &id
	case in.BillingAddress.Set && in.BillingAddress.Value == nil:
		c.BillingAddressID = nil
	case in.BillingAddress.Set:
		addr := *in.BillingAddress.Value
		if err := normalizeCountry(ctx, tx, &addr); err != nil {
			return err
		}
		if c.BillingAddressID != nil {
			a, err := storage.LiveAddress(ctx, tx, *c.BillingAddressID)
			if err != nil {
				return err
			}
			if a != nil {
				addr.apply(a)
				a.UpdatedAt = tx.Now
				return storage.Update(ctx, tx, "address", a)
			}
		}
		a := model.Address{ID: ids.New(ids.Address), CreatedAt: tx.Now, UpdatedAt: tx.Now}
		addr.apply(&a)
		if err := storage.Insert(ctx, tx, "address", &a); err != nil {
			return err
		}
		c.BillingAddressID = &a.ID
	}
	return nil
}

// RequestPasswordReset emits customer.password_reset with a reset token (a
// JWT {customer_id} signed with the password hash, valid 15 minutes) when a
// customer with an account has the email; it answers the same either way,
// so it does not tell who has an account.
func (s *Service) RequestPasswordReset(ctx context.Context, address string) error {
	if !email.Valid(address) {
		return errs.InvalidDataf(msgEmail)
	}
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		c, err := storage.RegisteredCustomerByEmail(ctx, tx, strings.ToLower(address))
		if err != nil || c == nil || c.PasswordHash == nil {
			return err
		}
		token, err := s.Tokens.SignResetToken(c.ID, *c.PasswordHash)
		if err != nil {
			return err
		}
		return events.Emit(ctx, tx, events.CustomerPasswordReset, c.ID, PasswordResetPayload{
			ID: c.ID, Email: c.Email, FirstName: c.FirstName, LastName: c.LastName, Token: token,
		})
	})
}

// PasswordResetPayload is the payload of customer.password_reset.
type PasswordResetPayload struct {
	ID        string  `json:"id"`
	Email     string  `json:"email"`
	FirstName *string `json:"first_name"`
	LastName  *string `json:"last_name"`
	Token     string  `json:"token"`
}

// ResetInput is resetPassword's input.
type ResetInput struct {
	Email    string
	Token    string
	Password string
}

// ResetPassword sets a new password with a reset token (POST
// /store/customers/password-reset). Any failure of the token (unknown
// email, bad signature, expired, already used: the new password changes
// the signing key) is UNAUTHORIZED "Invalid or expired password reset
// token". It ends all the customer's sessions and emits customer.updated.
func (s *Service) ResetPassword(ctx context.Context, in ResetInput) (*model.Customer, error) {
	var v validation
	v.check(email.Valid(in.Email), msgEmail)
	v.check(in.Password != "", msgPasswordEmpty)
	if err := v.err(); err != nil {
		return nil, err
	}
	var c *model.Customer
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		found, err := storage.RegisteredCustomerByEmail(ctx, tx, strings.ToLower(in.Email))
		if err != nil {
			return err
		}
		if found == nil {
			return errs.E(errs.Unauthorized, msgInvalidReset)
		}
		if c, err = storage.LockCustomer(ctx, tx, found.ID); err != nil {
			return err
		}
		hash := ""
		if c != nil && c.PasswordHash != nil {
			hash = *c.PasswordHash
		}
		if err := s.Tokens.VerifyResetToken(in.Token, found.ID, hash); err != nil {
			return err
		}
		newHash, err := auth.HashPassword(in.Password)
		if err != nil {
			return errs.Wrap(err, "hash password")
		}
		c.PasswordHash = &newHash
		if err := s.Sessions.EndOthers(ctx, tx, c.ID, ""); err != nil {
			return err
		}
		return save(ctx, tx, c)
	})
	return c, err
}

// AddressInput is an address as a client writes it; nil fields are left
// as they are.
type AddressInput struct {
	Company, FirstName, LastName, Address1, Address2 *string
	City, CountryCode, Province, PostalCode, Phone   *string
	Metadata                                         model.JSON
}

func (in AddressInput) apply(a *model.Address) {
	for _, f := range []struct {
		dst **string
		v   *string
	}{
		{&a.Company, in.Company}, {&a.FirstName, in.FirstName}, {&a.LastName, in.LastName},
		{&a.Address1, in.Address1}, {&a.Address2, in.Address2}, {&a.City, in.City},
		{&a.CountryCode, in.CountryCode}, {&a.Province, in.Province}, {&a.PostalCode, in.PostalCode},
		{&a.Phone, in.Phone},
	} {
		if f.v != nil {
			v := *f.v
			*f.dst = &v
		}
	}
	if in.Metadata != nil {
		a.Metadata = in.Metadata
	}
}

// normalizeCountry lower-cases the country code and checks that the
// country exists (Medusa's foreign key error otherwise).
func normalizeCountry(ctx context.Context, q storage.Q, in *AddressInput) error {
	if in.CountryCode == nil {
		return nil
	}
	code := strings.ToLower(*in.CountryCode)
	in.CountryCode = &code
	ok, err := storage.CountryExists(ctx, q, code)
	if err != nil {
		return err
	}
	if !ok {
		return errs.NotFoundf("Country with iso_2 %s does not exist.", code)
	}
	return nil
}

// AddAddress saves a shipping address of the logged-in customer unless an
// identical one is saved already (CustomerService.addAddress: same country,
// address lines, city, phone, postal code, province and names; a field
// missing on both sides counts as identical).
func (s *Service) AddAddress(ctx context.Context, customerID string, in AddressInput) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		c, err := me(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if err := normalizeCountry(ctx, tx, &in); err != nil {
			return err
		}
		saved, err := storage.AddressesByCustomer(ctx, tx, []string{c.ID})
		if err != nil {
			return err
		}
		for _, a := range saved[c.ID] {
			if identical(a, in) {
				return nil
			}
		}
		a := model.Address{ID: ids.New(ids.Address), CustomerID: &c.ID, CreatedAt: tx.Now, UpdatedAt: tx.Now}
		in.apply(&a)
		return storage.Insert(ctx, tx, "address", &a)
	})
}

func identical(a model.Address, in AddressInput) bool {
	same := func(x, y *string) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	lower := func(p *string) *string {
		if p == nil {
			return nil
		}
		s := strings.ToLower(*p)
		return &s
	}
	return same(lower(a.CountryCode), in.CountryCode) && same(a.Address1, in.Address1) &&
		same(a.Address2, in.Address2) && same(a.City, in.City) && same(a.Phone, in.Phone) &&
		same(a.PostalCode, in.PostalCode) && same(a.Province, in.Province) &&
		same(a.FirstName, in.FirstName) && same(a.LastName, in.LastName)
}

// UpdateAddress changes one of the logged-in customer's addresses
// (CustomerService.updateAddress); another's address is INVALID_DATA
// "Could not find address for customer".
func (s *Service) UpdateAddress(ctx context.Context, customerID, addressID string, in AddressInput) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		c, err := me(ctx, tx, customerID)
		if err != nil {
			return err
		}
		a, err := storage.CustomerAddress(ctx, tx, c.ID, addressID)
		if err != nil {
			return err
		}
		if a == nil {
			return errs.InvalidDataf(msgNoAddress)
		}
		if err := normalizeCountry(ctx, tx, &in); err != nil {
			return err
		}
		in.apply(a)
		a.UpdatedAt = tx.Now
		return storage.Update(ctx, tx, "address", a)
	})
}

// DeleteAddress deletes one of the logged-in customer's addresses; an
// address that is not theirs is left alone (Medusa's delete is idempotent).
func (s *Service) DeleteAddress(ctx context.Context, customerID, addressID string) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		c, err := me(ctx, tx, customerID)
		if err != nil {
			return err
		}
		a, err := storage.CustomerAddress(ctx, tx, c.ID, addressID)
		if err != nil || a == nil {
			return err
		}
		return storage.SoftDeleteAddress(ctx, tx, a.ID, tx.Now)
	})
}

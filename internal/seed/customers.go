package seed

import (
	"strings"

	"github.com/storegraph/storegraph/internal/auth"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadCustomerGroups(groups []customerGroup) error {
	for i, g := range groups {
		if err := l.customerGroup(entry("customer_groups", i, g.Name), g); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) customerGroup(a at, in customerGroup) error {
	if in.Name == "" {
		return a.key("name").invalid("name is required")
	}
	taken, err := l.exists(a, "SELECT id FROM customer_group WHERE name = ? AND deleted_at IS NULL", in.Name)
	if err != nil {
		return err
	}
	if taken {
		return a.duplicate("Customer group with name %s already exists.", in.Name)
	}
	id, err := l.newID(a, "customer_group", "Customer group", in.ID, ids.CustomerGroup)
	if err != nil {
		return err
	}
	return l.insert(a, "customer_group", &model.CustomerGroup{
		ID: id, Name: in.Name, Metadata: in.Metadata, CreatedAt: l.now, UpdatedAt: l.now,
	})
}

// customerGroupExists checks a reference to a live customer group.
func (l *loader) customerGroupExists(a at, id string) error {
	ok, err := l.exists(a, "SELECT id FROM customer_group WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return err
	}
	if !ok {
		return a.notFound("CustomerGroup with id %s was not found", id)
	}
	return nil
}

func (l *loader) loadCustomers(customers []customerInput) error {
	for i, c := range customers {
		if err := l.customer(entry("customers", i, c.Email), c); err != nil {
			return err
		}
	}
	return nil
}

// customer creates a customer as CustomerService.create does: the email
// lower-cased, a password hashed as Medusa hashes it and making the customer
// one with an account. One email may have one guest and one account.
func (l *loader) customer(a at, in customerInput) error {
	email := strings.ToLower(in.Email)
	if !validEmail(email) {
		return a.key("email").invalid("The email is not valid")
	}
	hasAccount := in.Password != ""
	taken, err := l.exists(a, "SELECT id FROM customer WHERE email = ? AND has_account = ? AND deleted_at IS NULL", email, hasAccount)
	if err != nil {
		return err
	}
	if taken && hasAccount {
		return a.duplicate("A customer with the given email already has an account. Log in instead")
	}
	if taken {
		return a.duplicate("A guest customer with email %s already exists.", email)
	}
	for i, g := range in.Groups {
		if err := l.customerGroupExists(a.key("groups").index(i, g), g); err != nil {
			return err
		}
	}
	id, err := l.newID(a, "customer", "Customer", in.ID, ids.Customer)
	if err != nil {
		return err
	}
	row := model.Customer{
		ID: id, Email: email, FirstName: in.FirstName, LastName: in.LastName, Phone: in.Phone,
		HasAccount: hasAccount, Metadata: in.Metadata, CreatedAt: l.now, UpdatedAt: l.now,
	}
	if hasAccount {
		hash, err := auth.HashPassword(in.Password)
		if err != nil {
			return a.wrap(err)
		}
		row.PasswordHash = &hash
	}
	if in.BillingAddress != nil {
		if row.BillingAddressID, err = l.address(a.key("billing_address"), *in.BillingAddress, nil); err != nil {
			return err
		}
	}
	if err := l.insert(a, "customer", &row); err != nil {
		return err
	}
	for i, addr := range in.ShippingAddresses {
		if _, err := l.address(a.child("shipping_addresses", i, ""), addr, &id); err != nil {
			return err
		}
	}
	for _, g := range dedupe(in.Groups) {
		if err := l.link(a, "customer_group_customers", "customer_group_id, customer_id", g, id); err != nil {
			return err
		}
	}
	return nil
}

// address writes an address row, of the customer when customerID is set.
func (l *loader) address(a at, in Address, customerID *string) (*string, error) {
	country := in.CountryCode
	if country != nil {
		code := strings.ToLower(*country)
		known, err := l.exists(a, "SELECT id FROM country WHERE iso_2 = ?", code)
		if err != nil {
			return nil, err
		}
		if !known {
			return nil, a.key("country_code").invalid("Country with code %s not found", *country)
		}
		country = &code
	}
	id := ids.New(ids.Address)
	return &id, l.insert(a, "address", &model.Address{
		ID: id, CustomerID: customerID, Company: in.Company, FirstName: in.FirstName, LastName: in.LastName,
		Address1: in.Address1, Address2: in.Address2, City: in.City, CountryCode: country,
		Province: in.Province, PostalCode: in.PostalCode, Phone: in.Phone, Metadata: in.Metadata,
		CreatedAt: l.now, UpdatedAt: l.now,
	})
}

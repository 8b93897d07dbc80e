package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"github.com/storegraph/storegraph/graph/graphmodel"
	"github.com/storegraph/storegraph/internal/customer"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/request"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
)

// customerPayload re-reads the customer after a mutation committed.
func customerPayload(ctx context.Context, id string) (*graphmodel.CustomerPayload, error) {
	loaders.Reset(ctx)
	c, err := loaders.For(ctx).Customer.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return &graphmodel.CustomerPayload{Customer: c}, nil
}

// loggedIn makes the rest of the request see the new session's customer and
// sends the session cookie.
func loggedIn(ctx context.Context, customerID string, st session.Started) {
	info := request.From(ctx)
	info.CustomerID, info.Session = customerID, st.Value
	info.SetCookie(session.Cookie(st, info.Secure))
}

// ownCustomer refuses the private relations (orders, payment methods,
// addresses) of a customer other than the logged-in one.
func ownCustomer(ctx context.Context, c *model.Customer) error {
	if id := request.From(ctx).CustomerID; id == "" || id != c.ID {
		return errs.E(errs.Unauthorized, "Unauthorized")
	}
	return nil
}

func omittable[T any](o graphql.Omittable[T]) customer.Field[T] {
	v, set := o.ValueOK()
	return customer.Field[T]{Set: set, Value: v}
}

func addressInput(in *graphmodel.AddressInput) *customer.AddressInput {
	if in == nil {
		return nil
	}
	return &customer.AddressInput{
		Company: in.Company, FirstName: in.FirstName, LastName: in.LastName, Address1: in.Address1,
		Address2: in.Address2, City: in.City, CountryCode: in.CountryCode, Province: in.Province,
		PostalCode: in.PostalCode, Phone: in.Phone, Metadata: in.Metadata,
	}
}

func newAddressInput(in graphmodel.AddressCreateInput) customer.AddressInput {
	return customer.AddressInput{
		Company: in.Company, FirstName: &in.FirstName, LastName: &in.LastName, Address1: &in.Address1,
		Address2: in.Address2, City: &in.City, CountryCode: &in.CountryCode, Province: in.Province,
		PostalCode: &in.PostalCode, Phone: in.Phone, Metadata: in.Metadata,
	}
}

func customerUpdate(in graphmodel.UpdateCustomerInput) customer.UpdateInput {
	billing := customer.Field[*customer.AddressInput]{}
	if v, set := in.BillingAddress.ValueOK(); set {
		billing = customer.Field[*customer.AddressInput]{Set: true, Value: addressInput(v)}
	}
	return customer.UpdateInput{
		FirstName: omittable(in.FirstName), LastName: omittable(in.LastName), Phone: omittable(in.Phone),
		Email: in.Email, Password: in.Password, Metadata: in.Metadata,
		BillingAddress: billing, BillingAddressID: in.BillingAddressID,
	}
}

func stringsOf[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func orderFilter(id, q *string, status []model.OrderStatus, fulfillment []model.FulfillmentStatus, paymentStatus []model.PaymentStatus,
	displayID *int, cartID, email, regionID, currencyCode *string, taxRate *float64, createdAt, updatedAt, canceledAt *graphmodel.DateFilter) storage.OrderFilter {
	f := storage.OrderFilter{
		Q: deref(q), Statuses: stringsOf(status), FulfillmentStatuses: stringsOf(fulfillment), PaymentStatuses: stringsOf(paymentStatus),
		CartID: cartID, Email: email, RegionID: regionID, CurrencyCode: currencyCode, TaxRate: taxRate,
		CreatedAt: timeRange(createdAt), UpdatedAt: timeRange(updatedAt), CanceledAt: timeRange(canceledAt),
	}
	if id != nil {
		f.IDs = []string{*id}
	}
	if displayID != nil {
		d := int64(*displayID)
		f.DisplayID = &d
	}
	return f
}

// primeOrders hands listed orders to the order loader and hints their
// relations, so a list costs one statement per relation level.
func primeOrders(ctx context.Context, orders []storage.OrderRow) {
	l := loaders.For(ctx)
	primed := make(map[string]*storage.OrderRow, len(orders))
	for i := range orders {
		primed[orders[i].ID] = &orders[i]
		l.HintOrder(orders[i].ID)
	}
	l.Order.Prime(primed)
}

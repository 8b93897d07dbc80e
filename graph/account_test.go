package graph_test

import (
	"context"
	"testing"

	"github.com/storegraph/storegraph/graph"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/request"
)

// Ensure the private relations of a customer (addresses, orders, payment
// methods) resolve only for that customer, whatever path reaches the
// customer object (a cart's customer, for one): anyone else, logged in or
// not, gets UNAUTHORIZED "Unauthorized".
func TestCustomerPrivateRelations(t *testing.T) {
	r := (&graph.Resolver{}).Customer()
	a := &model.Customer{ID: "cus_a", BillingAddressID: new(string)}
	for name, caller := range map[string]string{"Anonymous": "", "OtherCustomer": "cus_b"} {
		ctx := request.With(context.Background(), &request.Info{CustomerID: caller})
		for field, resolve := range map[string]func() error{
			"shippingAddresses": func() error { _, err := r.ShippingAddresses(ctx, a); return err },
			"billingAddress":    func() error { _, err := r.BillingAddress(ctx, a); return err },
			"billingAddress (none)": func() error {
				_, err := r.BillingAddress(ctx, &model.Customer{ID: "cus_a"})
				return err
			},
			"orders": func() error {
				_, err := r.Orders(ctx, a, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
				return err
			},
			"paymentMethods": func() error { _, err := r.PaymentMethods(ctx, a); return err },
		} {
			t.Run(name+"/"+field, func(t *testing.T) {
				err := resolve()
				var e *errs.Error
				if !errs.Is(err, errs.Unauthorized) || !asError(err, &e) || e.Message != "Unauthorized" {
					t.Fatalf("error %v, want UNAUTHORIZED Unauthorized", err)
				}
			})
		}
	}
}

func asError(err error, target **errs.Error) bool {
	e, ok := err.(*errs.Error)
	*target = e
	return ok
}

// Package graph holds storegraph's GraphQL resolvers. They are thin: decode
// the arguments, call the domain services of internal/, encode the result.
package graph

import (
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/checkout"
	"github.com/storegraph/storegraph/internal/customer"
	"github.com/storegraph/storegraph/internal/orderedit"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/paycol"
	"github.com/storegraph/storegraph/internal/returns"
	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/swaps"
)

// Resolver holds the services resolvers call.
type Resolver struct {
	DB        *storage.DB
	Catalog   *catalog.Service
	Carts     *cart.Service
	Checkout  *checkout.Service
	Orders    *orders.Service
	Customers *customer.Service
	Returns   *returns.Service
	Swaps     *swaps.Service
	Version   string

	// PaymentCollections runs payment collections; OrderEdits, order edits.
	PaymentCollections *paycol.Service
	OrderEdits         *orderedit.Service

	// SeedOptions are what importSeed loads documents with.
	SeedOptions seed.Options
}

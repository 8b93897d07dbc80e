// Package graph holds storegraph's GraphQL resolvers. They are thin: decode
// the arguments, call the domain services of internal/, encode the result.
package graph

import (
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/storage"
)

// Resolver holds the services resolvers call.
type Resolver struct {
	DB      *storage.DB
	Catalog *catalog.Service
	Carts   *cart.Service
	Version string
}

package seed

import (
	"context"

	"github.com/storegraph/storegraph/internal/storage"
)

// CartCreatorFunc lets a function serve as a CartCreator.
type CartCreatorFunc func(ctx context.Context, tx *storage.Tx, c Cart) error

// SeedCart calls f.
func (f CartCreatorFunc) SeedCart(ctx context.Context, tx *storage.Tx, c Cart) error {
	return f(ctx, tx, c)
}

// loadCarts hands the carts to the cart service, last, when everything they
// may refer to (regions, variants, customers, discounts, gift cards) exists.
func (l *loader) loadCarts(carts []Cart) error {
	for i, c := range carts {
		if err := l.opts.Carts.SeedCart(l.ctx, l.tx, c); err != nil {
			return entry("carts", i, c.ID).wrap(err)
		}
	}
	return nil
}

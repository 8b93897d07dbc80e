package app

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/storegraph/storegraph/internal/seed"
	"github.com/storegraph/storegraph/internal/storage"
)

// Prepare readies the database for serving: migrations, the rows Medusa
// creates on first boot, the webhooks events go to, then the --seed file, or the demo store when the
// database holds no catalog yet (unless --no-demo).
func (a *App) Prepare(ctx context.Context) error {
	if err := a.Migrate(ctx); err != nil {
		return err
	}
	if err := a.DB.InTx(ctx, func(tx *storage.Tx) error {
		return seed.EnsureStore(ctx, tx, a.SeedOptions())
	}); err != nil {
		return fmt.Errorf("prepare store: %w", err)
	}
	if err := a.Events.Sync(ctx); err != nil {
		return err
	}
	if a.Config.SeedFile != "" {
		if err := a.SeedFile(ctx, a.Config.SeedFile); err != nil {
			return err
		}
		a.Logger.Info("seed file loaded", "file", a.Config.SeedFile)
		return nil
	}
	if a.Config.NoDemo {
		return nil
	}
	empty, err := a.catalogIsEmpty(ctx)
	if err != nil || !empty {
		return err
	}
	if err := seed.Load(ctx, a.DB, bytes.NewReader(seed.Demo()), a.SeedOptions()); err != nil {
		return fmt.Errorf("load demo store: %w", err)
	}
	a.Logger.Info("empty database: loaded the demo store (start with --no-demo to skip)")
	return nil
}

// SeedFile loads a seed file in one transaction.
func (a *App) SeedFile(ctx context.Context, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	defer f.Close()
	if err := seed.Load(ctx, a.DB, f, a.SeedOptions()); err != nil {
		return fmt.Errorf("seed %s: %w", path, err)
	}
	return nil
}

// SeedOptions are the seed options of this server: its registered payment
// providers, and the cart service that makes the file's carts.
func (a *App) SeedOptions() seed.Options {
	return seed.Options{PaymentProviders: a.Payments.IDs(), Carts: a.Resolver.Carts}
}

func (a *App) catalogIsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := storage.Get(ctx, a.DB.Reader, &n, `SELECT (SELECT count(*) FROM region) + (SELECT count(*) FROM product)`)
	return n == 0, err
}

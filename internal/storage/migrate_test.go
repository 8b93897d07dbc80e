package storage_test

import (
	"context"
	"testing"

	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// Ensure migrations create Medusa's tables, fill the ISO lists, and can run again.
func TestMigrate(t *testing.T) {
	ctx := context.Background()
	db := storagetest.MustOpenDB(t)
	var countries, currencies int
	if err := storage.Get(ctx, db.Reader, &countries, `SELECT count(*) FROM country`); err != nil {
		t.Fatal(err)
	}
	if err := storage.Get(ctx, db.Reader, &currencies, `SELECT count(*) FROM currency`); err != nil {
		t.Fatal(err)
	}
	if countries < 240 || currencies < 150 {
		t.Fatalf("countries %d, currencies %d: want the full ISO lists", countries, currencies)
	}
	var name string
	if err := storage.Get(ctx, db.Reader, &name, `SELECT display_name FROM country WHERE iso_2 = ?`, "de"); err != nil || name != "Germany" {
		t.Fatalf("country de: %q, %v", name, err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
}

// Ensure the statement counter sees statements sent with its context.
func TestCounter(t *testing.T) {
	db := storagetest.MustOpenDB(t)
	c := &storage.Counter{}
	ctx := storage.WithCounter(context.Background(), c)
	for i := 0; i < 3; i++ {
		var n int
		if err := storage.Get(ctx, db.Reader, &n, `SELECT count(*) FROM currency WHERE code = ?`, "eur"); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Statements(); got != 3 {
		t.Fatalf("counted %d statements, want 3", got)
	}
}

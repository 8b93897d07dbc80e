package seed_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// FuzzSeedLoad loads arbitrary seed files into one database. Ensure no input
// panics, and that an input that fails writes nothing: not even the rows of
// EnsureStore, which runs in the same transaction. `go test` runs the seed
// corpus (the test data files and testdata/fuzz/FuzzSeedLoad); fuzz with
//
//	go test ./internal/seed -run '^$' -fuzz FuzzSeedLoad -fuzztime 5m
func FuzzSeedLoad(f *testing.F) {
	for _, name := range []string{"medusa-starter-default-seed.json", "medusa-starter-minimal-seed.json", "extensions.json"} {
		f.Add(readFile(f, name))
	}
	db := storagetest.MustOpenDB(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		before := snapshot(t, db)
		err := load(db, data)
		if err == nil {
			return
		}
		assertUnchanged(t, db, before)
		if t.Failed() {
			t.Logf("the load failed with %v (%s)", err, errs.KindOf(err))
		}
	})
}

// Package storage opens storegraph's database (SQLite or PostgreSQL), applies
// its migrations, runs transactions with bounded retries, and holds the SQL
// that reads and writes Medusa v1's tables.
package storage

//go:generate go run ./schemagen

type isoCountry struct {
	iso2, iso3  string
	numCode     int
	name        string
	displayName string
}

type isoCurrency struct {
	code, symbol, symbolNative, name string
}

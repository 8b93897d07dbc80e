package seed

import _ "embed"

//go:embed demo.json
var demo []byte

// Demo returns the demo seed file: regions EU (eur, 20 % tax) and NA (usd),
// their shipping and return options, seven apparel products in a small
// category tree and a collection, an admin user and a customer (passwords
// "supersecret"), the discount code WELCOME10 (10 % off), the gift card
// DEMO-GIFT-CARD-0050 (50 EUR), a publishable API key pk_demo_storefront
// and a few return reasons. It loads with Load on an empty database.
func Demo() []byte {
	return append([]byte(nil), demo...)
}

package totals

import (
	"math"
	"strconv"
)

// Round is JavaScript's Math.round: the nearest integer, halves toward +∞
// (Round(2.5) = 3, Round(-2.5) = -2). NaN gives 0, as Medusa's `|| 0` does.
func Round(x float64) int64 {
	x = float64(x) // keeps a caller's x = a*b from fusing with x-whole; see mul
	if math.IsNaN(x) {
		return 0
	}
	whole := math.Floor(x)
	// x - floor(x) is exact, so this is a true "fraction >= 1/2" test, unlike
	// floor(x + 0.5), which is wrong for 0.49999999999999994.
	if x-whole >= 0.5 {
		whole++
	}
	return int64(whole)
}

// RateFromReal converts a Postgres `real` (float32) tax rate to the float64
// JavaScript sees. Postgres prints a real as its shortest decimal ("12.3") and
// node-postgres parses that text, so Medusa computes with 12.3, not with
// float64(float32(12.3)) = 12.300000190734863, which would change rounding.
func RateFromReal(rate float32) float64 {
	shortest := strconv.FormatFloat(float64(rate), 'g', -1, 32)
	parsed, err := strconv.ParseFloat(shortest, 64)
	if err != nil { // unreachable: FormatFloat always yields a parseable number
		return float64(rate)
	}
	return parsed
}

// mul is a*b rounded to float64 before it is added to anything: Go may fuse
// a*b+c into one FMA instruction (Go spec, "Floating-point operators"),
// JavaScript never does, and the fused result can round differently.
func mul(a, b float64) float64 {
	return float64(a * b)
}

// rateSum is Σ rate/100 accumulated left to right, Medusa's "total tax rate"
// of a row with several tax lines.
func rateSum(ratesPercent []float64) float64 {
	sum := 0.0
	for _, rate := range ratesPercent {
		sum += rate / 100
	}
	return sum
}

// includedTax is Medusa's calculatePriceTaxAmount for a tax-inclusive price:
// the part of price that is tax at fractional rate r, unrounded.
func includedTax(price, r float64) float64 {
	return (r * price) / (1 + r)
}

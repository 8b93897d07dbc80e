package totals_test

import (
	"math"
	"testing"

	"github.com/storegraph/storegraph/internal/totals"
)

// Ensure Round matches JavaScript's Math.round (expected values from Node).
func TestRound(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want int64
	}{
		{2.5, 3},
		{-2.5, -2}, // halves go toward +∞, also below zero
		{-2.51, -3},
		{1.5, 2},
		{-1.5, -1},
		{-0.5, 0},
		{0.49999999999999994, 0}, // floor(x+0.5) would say 1
		{-0.49999999999999994, 0},
		{4503599627370495.5, 4503599627370496},
		{-4503599627370495.5, -4503599627370495},
		{9.5, 10},
		{14.5, 15},
		{4789.915966386555, 4790},
		{0.5, 1}, {-2.6, -3}, {16.818181818181817, 17}, {10.5, 11}, // the cases pricing's copy was tested with
		{math.NaN(), 0},
	} {
		if got := totals.Round(tc.in); got != tc.want {
			t.Errorf("Round(%v) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// Ensure a Postgres real reaches the calculators as the decimal Medusa parses.
func TestRateFromReal(t *testing.T) {
	for _, want := range []float64{12.3, 19, 7.7, 0.1, 25} {
		if got := totals.RateFromReal(float32(want)); got != want {
			t.Errorf("RateFromReal(float32(%v)) = %v", want, got)
		}
	}
	// Why it matters: Medusa taxes 500 at 7.7 % as 38.5 → 39; the raw
	// float32 rate, 7.69999980926…, would give 38.
	taxOn500 := func(rate float64) int64 {
		return totals.LineItem{UnitPrice: 500, Quantity: 1, TaxRates: []float64{rate}}.Totals().TaxTotal
	}
	assertInt(t, "tax at RateFromReal(7.7)", taxOn500(totals.RateFromReal(7.7)), 39)
	assertInt(t, "tax at float64(float32(7.7))", taxOn500(float64(float32(7.7))), 38)
}

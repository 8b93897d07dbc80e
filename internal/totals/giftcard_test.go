package totals_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/totals"
)

func TestConsumeGiftCards(t *testing.T) {
	date := func(year int) *time.Time {
		d := time.Date(year, time.June, 1, 12, 0, 0, 0, time.UTC)
		return &d
	}
	cards := []totals.GiftCard{
		{ID: "late_big", Balance: 500, EndsAt: date(2030)},
		{ID: "no_end", Balance: 100},
		{ID: "late_small", Balance: 200, EndsAt: date(2030), TaxRate: ptr(25.0)},
		{ID: "soon", Balance: 1000, EndsAt: date(2026)},
		{ID: "after_2100", Balance: 50, EndsAt: date(2101)},
	}

	t.Run("EndingFirstThenSmallestBalance", func(t *testing.T) {
		got := totals.ConsumeGiftCards(cards, 1400)
		want := []totals.GiftCardUse{
			{GiftCardID: "soon", Amount: 1000, NewBalance: 0, Disabled: true},
			{GiftCardID: "late_small", Amount: 200, NewBalance: 0, Disabled: true, IsTaxable: true, TaxRate: ptr(25.0)},
			{GiftCardID: "late_big", Amount: 200, NewBalance: 300},
			// stops: no_end and after_2100 get no transaction
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("\n got %+v\nwant %+v", got, want)
		}
		if cards[0].ID != "late_big" {
			t.Error("the caller's slice was reordered")
		}
	})

	t.Run("NoEndDateSortsBefore2100February", func(t *testing.T) {
		got := totals.ConsumeGiftCards(cards, 1850)
		var order []string
		for _, use := range got {
			order = append(order, use.GiftCardID)
		}
		if want := []string{"soon", "late_small", "late_big", "no_end", "after_2100"}; !reflect.DeepEqual(order, want) {
			t.Errorf("order = %v, want %v", order, want)
		}
		if last := got[len(got)-1]; last.Amount != 50 || !last.Disabled {
			t.Errorf("last use = %+v", last)
		}
	})

	t.Run("MoreCardsThanNeededAllSpent", func(t *testing.T) {
		got := totals.ConsumeGiftCards(cards, 10000)
		if len(got) != len(cards) {
			t.Fatalf("want every card used, got %+v", got)
		}
		for _, use := range got {
			if use.NewBalance != 0 || !use.Disabled {
				t.Errorf("%s not emptied: %+v", use.GiftCardID, use)
			}
		}
	})

	t.Run("ZeroTotalStillRecordsFirstCard", func(t *testing.T) {
		got := totals.ConsumeGiftCards(cards, 0)
		want := []totals.GiftCardUse{{GiftCardID: "soon", Amount: 0, NewBalance: 1000}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	})

	t.Run("ZeroRateIsNotTaxable", func(t *testing.T) {
		got := totals.ConsumeGiftCards([]totals.GiftCard{{ID: "g", Balance: 10, TaxRate: ptr(0.0)}}, 10)
		if got[0].IsTaxable {
			t.Errorf("use = %+v", got[0])
		}
	})

	t.Run("NoCards", func(t *testing.T) {
		if got := totals.ConsumeGiftCards(nil, 100); len(got) != 0 {
			t.Errorf("got %+v", got)
		}
	})
}

func TestPurchaseGiftCards(t *testing.T) {
	t.Run("OneCardPerUnit", func(t *testing.T) {
		got, err := totals.PurchaseGiftCards(5000, 2, []float64{10, 15})
		want := totals.PurchasedGiftCards{Count: 2, Value: 2500, TaxRate: ptr(25.0)}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, %v; want %+v", got, err, want)
		}
	})
	t.Run("UntaxedItemGivesNullRate", func(t *testing.T) {
		got, err := totals.PurchaseGiftCards(3000, 1, nil)
		if err != nil || got.TaxRate != nil || got.Value != 3000 || got.Count != 1 {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("ValueIsTaxExclusive", func(t *testing.T) {
		item := totals.LineItem{UnitPrice: 1190, Quantity: 3, IncludesTax: true, TaxRates: []float64{19}}
		got, err := totals.PurchaseGiftCards(item.Totals().Subtotal, item.Quantity, item.TaxRates)
		if err != nil || got.Value != 1000 || got.Count != 3 {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("NothingForZeroSubtotal", func(t *testing.T) {
		got, err := totals.PurchaseGiftCards(0, 2, []float64{10})
		if err != nil || got.Count != 0 {
			t.Errorf("got %+v, %v", got, err)
		}
	})
	t.Run("ErrFractionalValue", func(t *testing.T) {
		_, err := totals.PurchaseGiftCards(1000, 3, nil)
		if !errs.Is(err, errs.Internal) {
			t.Errorf("err = %v", err)
		}
	})
}

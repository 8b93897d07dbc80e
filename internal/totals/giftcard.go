package totals

import (
	"sort"
	"time"

	"github.com/storegraph/storegraph/internal/errs"
)

// GiftCardUse is what paying an order does to one gift card: its new balance
// and the gift_card_transaction to record.
type GiftCardUse struct {
	GiftCardID string
	Amount     int64 // transaction amount
	NewBalance int64
	Disabled   bool // the card is emptied
	IsTaxable  bool
	TaxRate    *float64
}

// noEndDate is where Medusa sorts cards without ends_at: new Date(2100, 1, 1).
var noEndDate = time.Date(2100, time.February, 1, 0, 0, 0, 0, time.UTC)

// ConsumeGiftCards spends a cart's gift_card_total on its cards when the cart
// becomes an order (§10.3): cards ending first, then smaller balances, go
// first, so the most value stays usable longest. It stops once the amount is
// covered; the first card is always visited, so a zero amount still records
// one transaction of 0, as Medusa does.
func ConsumeGiftCards(cards []GiftCard, giftCardTotal int64) []GiftCardUse {
	ordered := make([]GiftCard, len(cards))
	copy(ordered, cards)
	// Stable like Array.prototype.sort; JavaScript dates compare in ms.
	sort.SliceStable(ordered, func(i, j int) bool {
		ei, ej := endMillis(ordered[i].EndsAt), endMillis(ordered[j].EndsAt)
		if ei != ej {
			return ei < ej
		}
		return ordered[i].Balance < ordered[j].Balance
	})

	remaining := giftCardTotal
	var uses []GiftCardUse
	for _, card := range ordered {
		newBalance := max(0, card.Balance-remaining)
		used := card.Balance - newBalance
		uses = append(uses, GiftCardUse{
			GiftCardID: card.ID,
			Amount:     used,
			NewBalance: newBalance,
			Disabled:   newBalance == 0,
			IsTaxable:  card.TaxRate != nil && *card.TaxRate != 0,
			TaxRate:    card.TaxRate,
		})
		remaining -= used
		if remaining == 0 {
			break
		}
	}
	return uses
}

func endMillis(endsAt *time.Time) int64 {
	if endsAt == nil {
		return noEndDate.UnixMilli()
	}
	return endsAt.UnixMilli()
}

// PurchasedGiftCards describes the gift cards a bought gift-card line item
// creates: Count cards (one per unit) of Value each.
type PurchasedGiftCards struct {
	Count int64
	// Value is the value and initial balance of each card: the item's
	// tax-exclusive subtotal per unit.
	Value int64
	// TaxRate is the sum of the item's tax rates (percent), nil when 0; the
	// card is taxed at it when spent.
	TaxRate *float64
}

// PurchaseGiftCards returns the cards created for a gift-card line item when
// its order is placed (§10.4), from the item's subtotal (see
// [LineItemTotals]), quantity and tax rates. An item with a zero subtotal or no
// units creates none.
//
// A subtotal that does not divide by the quantity (possible only for a
// tax-inclusive price) makes Medusa fail to store a fractional integer, which
// aborts the order; it is an error here too.
func PurchaseGiftCards(subtotal, quantity int64, taxRates []float64) (PurchasedGiftCards, error) {
	if subtotal == 0 || quantity <= 0 {
		return PurchasedGiftCards{}, nil
	}
	if subtotal%quantity != 0 {
		return PurchasedGiftCards{}, errs.E(errs.Internal,
			"gift card value %d/%d is not a whole amount", subtotal, quantity)
	}
	cards := PurchasedGiftCards{Count: quantity, Value: subtotal / quantity}
	rate := 0.0
	for _, r := range taxRates {
		rate += r
	}
	if rate != 0 {
		cards.TaxRate = &rate
	}
	return cards, nil
}

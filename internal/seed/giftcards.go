package seed

import (
	"crypto/rand"
	"strings"

	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadGiftCards(cards []giftCardInput) error {
	for i, g := range cards {
		if err := l.giftCard(entry("gift_cards", i, g.Code), g); err != nil {
			return err
		}
	}
	return nil
}

// giftCard creates a gift card as GiftCardService.create does: balance
// defaults to the value, and the tax rate is the card's or the region's
// when the region taxes gift cards, else none. The code is kept as given
// (made like Medusa's, XXXX-XXXX-XXXX-XXXX, when missing).
func (l *loader) giftCard(a at, in giftCardInput) error {
	if in.Value < 0 {
		return a.key("value").invalid("value must not be negative")
	}
	balance := in.Value
	if in.Balance != nil {
		balance = *in.Balance
	}
	if balance < 0 || balance > in.Value {
		return a.key("balance").invalid("balance %d must be between 0 and the value %d", balance, in.Value)
	}
	region, err := l.findRegion(a.key("region_id"), in.RegionID)
	if err != nil {
		return err
	}
	code := in.Code
	if code == "" {
		code = giftCardCode()
	}
	taken, err := l.exists(a, "SELECT id FROM gift_card WHERE code = ?", code)
	if err != nil {
		return err
	}
	if taken {
		return a.key("code").duplicate("Gift card with code %s already exists.", code)
	}
	id, err := l.newID(a, "gift_card", "Gift card", in.ID, ids.GiftCard)
	if err != nil {
		return err
	}
	return l.insert(a, "gift_card", &model.GiftCard{
		ID: id, Code: code, Value: in.Value, Balance: balance, RegionID: region.ID, IsDisabled: in.IsDisabled,
		EndsAt: in.EndsAt.ptr(), Metadata: in.Metadata, TaxRate: giftCardTaxRate(in.TaxRate, region),
		CreatedAt: l.now, UpdatedAt: l.now,
	})
}

// giftCardTaxRate is GiftCardService.resolveTaxRate.
func giftCardTaxRate(given *float64, region regionRow) *model.Rate {
	if !region.GiftCardsTaxable {
		return nil
	}
	rate := region.TaxRate
	if given != nil {
		rate = model.Rate(*given)
	}
	return &rate
}

// giftCardCode is GiftCardService.generateCode: 16 random base-36
// characters, upper-case, in groups of four.
func giftCardCode() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, 16)
	rand.Read(b)
	var s strings.Builder
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(alphabet[int(v)%len(alphabet)])
	}
	return s.String()
}

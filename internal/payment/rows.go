package payment

import (
	"time"

	"github.com/storegraph/storegraph/internal/model"
)

// SessionFromRow is a payment_session row as the planners see it.
func SessionFromRow(ps model.PaymentSession) Session {
	s := Session{
		ID: ps.ID, ProviderID: ps.ProviderID, Selected: ps.IsSelected != nil && *ps.IsSelected,
		Initiated: ps.IsInitiated, Status: Status(ps.Status), Data: ps.Data,
	}
	if ps.Amount != nil {
		s.Amount = *ps.Amount
	}
	if ps.PaymentAuthorizedAt != nil {
		s.AuthorizedAt = *ps.PaymentAuthorizedAt
	}
	return s
}

// Row is the session's payment_session row as of now, without an owner and
// unselected (is_selected NULL, as Medusa stores it): a cart's caller sets
// cart_id and, when selected, is_selected.
func (s Session) Row(now time.Time) model.PaymentSession {
	amount := s.Amount
	row := model.PaymentSession{
		ID: s.ID, ProviderID: s.ProviderID, Status: model.PaymentSessionStatus(s.Status),
		Data: s.Data, Amount: &amount, IsInitiated: s.Initiated, UpdatedAt: now,
	}
	if row.Data == nil {
		row.Data = model.JSON{}
	}
	if !s.AuthorizedAt.IsZero() {
		at := s.AuthorizedAt
		row.PaymentAuthorizedAt = &at
	}
	return row
}

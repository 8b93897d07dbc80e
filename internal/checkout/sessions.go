// Package checkout takes a cart to an order as Medusa v1 does: payment
// sessions on the cart (through the payment providers), and the idempotent
// completion strategy that authorizes the payment, reserves inventory and
// creates the order exactly once.
package checkout

import (
	"context"

	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
)

// Service runs payment sessions and completion.
type Service struct {
	DB       *storage.DB
	Carts    *cart.Service
	Payments *payment.Registry
	// AfterStage, when set, runs after each completion stage commits; tests
	// use it to interrupt a completion the way a crash would.
	AfterStage func(recoveryPoint string) error
	// OrderPlaced runs in the transaction that creates an order.
	OrderPlaced OrderPlaced
}

// CreateSessions creates or refreshes a cart's payment sessions (POST
// /store/carts/{id}/payment-sessions): amounts follow the total with taxes
// forced.
func (s *Service) CreateSessions(ctx context.Context, cartID string) error {
	return s.Carts.Mutate(ctx, cartID, func(tx *storage.Tx, st *cart.State) error {
		return s.SyncSessions(ctx, tx, st)
	})
}

// SyncSessions is Medusa's setPaymentSessions on a loaded cart; the cart
// service calls it after changes to a cart that has sessions.
func (s *Service) SyncSessions(ctx context.Context, tx *storage.Tx, st *cart.State) error {
	c, err := s.paymentCart(ctx, tx, st, st.Totals(true).Total)
	if err != nil {
		return err
	}
	return s.apply(ctx, tx, st, payment.PlanSetSessions(c))
}

// SelectSession selects the provider's session (POST
// /store/carts/{id}/payment-session).
func (s *Service) SelectSession(ctx context.Context, cartID, providerID string) error {
	return s.Carts.Mutate(ctx, cartID, func(tx *storage.Tx, st *cart.State) error {
		return s.selectSession(ctx, tx, st, providerID)
	})
}

func (s *Service) selectSession(ctx context.Context, tx *storage.Tx, st *cart.State, providerID string) error {
	c, err := s.paymentCart(ctx, tx, st, st.Totals(false).Total)
	if err != nil {
		return err
	}
	plan, err := payment.PlanSelect(c, providerID)
	if err != nil {
		return err
	}
	return s.apply(ctx, tx, st, plan)
}

// UpdateSession selects the provider's session and gives its provider data
// from the client (POST /store/carts/{id}/payment-sessions/{provider_id}).
func (s *Service) UpdateSession(ctx context.Context, cartID, providerID string, data model.JSON) error {
	return s.Carts.Mutate(ctx, cartID, func(tx *storage.Tx, st *cart.State) error {
		if err := s.selectSession(ctx, tx, st, providerID); err != nil {
			return err
		}
		sessions, err := storage.SessionsByCart(ctx, tx, []string{st.ID})
		if err != nil {
			return err
		}
		for _, ps := range sessions[st.ID] {
			if ps.IsSelected == nil || !*ps.IsSelected {
				continue
			}
			p, err := s.Payments.Provider(ps.ProviderID)
			if err != nil {
				return err
			}
			update, err := p.UpdatePaymentData(ctx, ps.Data, data)
			if err != nil {
				return err
			}
			merged := ps.Data.Clone()
			if merged == nil {
				merged = model.JSON{}
			}
			for k, v := range update {
				merged[k] = v
			}
			_, err = storage.Exec(ctx, tx, `UPDATE payment_session SET data = ?, updated_at = ? WHERE id = ?`, merged, tx.Now, ps.ID)
			return err
		}
		return nil
	})
}

// RefreshSession renews the provider's session (POST
// /store/carts/{id}/payment-sessions/{provider_id}/refresh).
func (s *Service) RefreshSession(ctx context.Context, cartID, providerID string) error {
	return s.Carts.Mutate(ctx, cartID, func(tx *storage.Tx, st *cart.State) error {
		c, err := s.paymentCart(ctx, tx, st, st.Totals(false).Total)
		if err != nil {
			return err
		}
		return s.apply(ctx, tx, st, payment.PlanRefresh(c, providerID))
	})
}

// DeleteSession removes the provider's session (DELETE
// /store/carts/{id}/payment-sessions/{provider_id}).
func (s *Service) DeleteSession(ctx context.Context, cartID, providerID string) error {
	return s.Carts.Mutate(ctx, cartID, func(tx *storage.Tx, st *cart.State) error {
		c, err := s.paymentCart(ctx, tx, st, 0)
		if err != nil {
			return err
		}
		return s.apply(ctx, tx, st, payment.PlanDelete(c, providerID))
	})
}

// paymentCart describes a cart for the payment planners.
func (s *Service) paymentCart(ctx context.Context, q storage.Q, st *cart.State, total int64) (payment.Cart, error) {
	providers, err := storage.PaymentProvidersByRegion(ctx, q, []string{st.RegionID})
	if err != nil {
		return payment.Cart{}, err
	}
	c := payment.Cart{Total: total}
	for _, p := range providers[st.RegionID] {
		c.RegionProviders = append(c.RegionProviders, p.ID)
	}
	for _, ps := range st.Sessions {
		c.Sessions = append(c.Sessions, payment.SessionFromRow(ps))
	}
	return c, nil
}

// sessionContext is what providers are told about the cart.
func sessionContext(st *cart.State) payment.SessionContext {
	sc := payment.SessionContext{CurrencyCode: st.Region.CurrencyCode, ResourceID: st.ID, Context: st.Context}
	if st.Email != nil {
		sc.Email = *st.Email
	}
	if st.CustomerID != nil {
		sc.CustomerID = *st.CustomerID
	}
	return sc
}

// apply runs a plan through the providers and writes its changes.
func (s *Service) apply(ctx context.Context, tx *storage.Tx, st *cart.State, plan []payment.Action) error {
	changes, err := s.Payments.Apply(ctx, sessionContext(st), plan)
	if err != nil {
		return err
	}
	return saveSessions(ctx, tx, st.ID, changes)
}

func saveSessions(ctx context.Context, tx *storage.Tx, cartID string, changes payment.Changes) error {
	for _, c := range changes {
		row := c.Session.Row(tx.Now)
		row.CartID = &cartID
		if c.Session.Selected {
			selected := true
			row.IsSelected = &selected
		}
		var err error
		switch c.Op {
		case payment.OpDelete:
			err = storage.DeleteWhere(ctx, tx, "payment_session", "id", []string{c.Session.ID})
		case payment.OpInsert:
			row.CreatedAt = tx.Now
			err = storage.Insert(ctx, tx, "payment_session", &row)
		case payment.OpUpdate:
			_, err = storage.Exec(ctx, tx, `UPDATE payment_session SET is_selected = ?, is_initiated = ?, status = ?,
				data = ?, amount = ?, payment_authorized_at = ?, updated_at = ? WHERE id = ?`,
				row.IsSelected, row.IsInitiated, row.Status, row.Data, row.Amount, row.PaymentAuthorizedAt, tx.Now, row.ID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

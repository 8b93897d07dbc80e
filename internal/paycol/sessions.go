package paycol

import (
	"context"
	"slices"

	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/storage"
)

// SetSession gives the collection one session of the provider for its
// whole amount, reusing the provider's session (POST
// /store/payment-collections/{id}/sessions).
func (s *Service) SetSession(ctx context.Context, caller Caller, id, providerID string) error {
	return s.mutate(ctx, caller, id, func(tx *storage.Tx, st *state) error {
		in, err := payment.CollectionSessionInput(st.planned(), providerID)
		if err != nil {
			return err
		}
		return s.setSessions(ctx, tx, st, []payment.SessionInput{in})
	})
}

// SetSessions replaces the collection's sessions by the given ones (POST
// /store/payment-collections/{id}/sessions/batch): a session id updates that
// session, an input without one starts a new session, sessions not named
// are dropped; providers outside the region are ignored and the amounts
// must add up to the collection's.
func (s *Service) SetSessions(ctx context.Context, caller Caller, id string, inputs []payment.SessionInput) error {
	return s.mutate(ctx, caller, id, func(tx *storage.Tx, st *state) error {
		return s.setSessions(ctx, tx, st, inputs)
	})
}

func (s *Service) setSessions(ctx context.Context, tx *storage.Tx, st *state, inputs []payment.SessionInput) error {
	plan, err := payment.PlanCollectionSessions(st.planned(), inputs)
	if err != nil {
		return err
	}
	changes, err := s.Payments.Apply(ctx, st.sessionContext(), plan)
	if err != nil {
		return err
	}
	return saveSessions(ctx, tx, st.ID, changes)
}

// RefreshSession replaces a session of the collection by a new one for the
// same amount (POST /store/payment-collections/{id}/sessions/{session_id})
// and returns the new session's id. A refreshed authorized session no
// longer counts in the authorized amount.
func (s *Service) RefreshSession(ctx context.Context, caller Caller, id, sessionID string) (string, error) {
	var fresh string
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		owner, err := storage.PaymentCollectionOfSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		if owner == "" {
			return payment.CollectionOfSessionNotFound(sessionID)
		}
		st, err := lockAndLoad(ctx, tx, owner, caller)
		if err != nil {
			return err
		}
		refresh, err := payment.PlanCollectionRefresh(st.planned(), id, sessionID)
		if err != nil {
			return err
		}
		changes, err := s.Payments.Apply(ctx, st.sessionContext(), []payment.Action{refresh.Action})
		if err != nil {
			return err
		}
		if err := saveSessions(ctx, tx, st.ID, changes); err != nil {
			return err
		}
		for _, c := range changes {
			if c.Op == payment.OpInsert {
				fresh = c.Session.ID
			}
		}
		_, err = storage.Exec(ctx, tx, `UPDATE payment_collection SET authorized_amount = ?, updated_at = ? WHERE id = ?`,
			refresh.AuthorizedAmount, tx.Now, st.ID)
		return err
	})
	return fresh, err
}

// AuthorizeSessions authorizes the named sessions of the collection with
// their providers (POST /store/payment-collections/{id}/sessions/batch/authorize):
// each one authorized becomes a payment of its amount, and the collection
// is authorized, partially authorized or awaiting by the authorized sum.
func (s *Service) AuthorizeSessions(ctx context.Context, caller Caller, id string, sessionIDs []string) error {
	return s.mutate(ctx, caller, id, func(tx *storage.Tx, st *state) error {
		return s.authorize(ctx, tx, st, caller, sessionIDs)
	})
}

// AuthorizeSession authorizes one session (POST
// /store/payment-collections/{id}/sessions/{session_id}/authorize). As in
// Medusa, what the provider answered is kept (the collection may now be
// awaiting) and a session that is not authorized afterwards is
// PAYMENT_AUTHORIZATION_ERROR naming the collection.
func (s *Service) AuthorizeSession(ctx context.Context, caller Caller, id, sessionID string) error {
	var status model.PaymentSessionStatus
	err := s.mutate(ctx, caller, id, func(tx *storage.Tx, st *state) error {
		if err := s.authorize(ctx, tx, st, caller, []string{sessionID}); err != nil {
			return err
		}
		sessions, err := storage.SessionsByPaymentCollection(ctx, tx, []string{id})
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(sessions[id], func(ps model.PaymentSession) bool { return ps.ID == sessionID }); i >= 0 {
			status = sessions[id][i].Status
		}
		return nil
	})
	if err != nil {
		return err
	}
	if status != model.PaymentSessionStatusAuthorized {
		return payment.SessionAuthorizationFailed(id)
	}
	return nil
}

// authorize is Medusa's authorizePaymentSessions on a loaded collection.
func (s *Service) authorize(ctx context.Context, tx *storage.Tx, st *state, caller Caller, sessionIDs []string) error {
	c := st.planned()
	plan, err := payment.PlanCollectionAuthorization(c, sessionIDs)
	if err != nil || plan.Unchanged {
		return err
	}
	authContext := map[string]any{}
	if caller.IP != "" {
		authContext["ip"] = caller.IP
	}
	if caller.UserAgent != "" {
		authContext["user_agent"] = caller.UserAgent
	}
	after := slices.Clone(c.Sessions)
	for _, ses := range plan.Authorize {
		authorized, err := s.Payments.Authorize(ctx, ses, authContext, tx.Now)
		if err != nil {
			return err
		}
		if err := saveSessions(ctx, tx, st.ID, payment.Changes{{Op: payment.OpUpdate, Session: authorized}}); err != nil {
			return err
		}
		after[slices.IndexFunc(after, func(x payment.Session) bool { return x.ID == ses.ID })] = authorized
		if authorized.Status == payment.StatusAuthorized {
			if err := s.createPayment(ctx, tx, st, authorized); err != nil {
				return err
			}
		}
	}
	status, amount := payment.SettleCollectionAuthorization(c, after)
	if _, err = storage.Exec(ctx, tx, `UPDATE payment_collection SET status = ?, authorized_amount = ?, updated_at = ? WHERE id = ?`,
		model.PaymentCollectionStatus(status), amount, tx.Now, st.ID); err != nil || c.Amount <= 0 {
		// Medusa announces nothing for a collection with nothing to pay.
		return err
	}
	pc := *st.PaymentCollection
	pc.Status, pc.AuthorizedAmount, pc.UpdatedAt = model.PaymentCollectionStatus(status), &amount, tx.Now
	return events.Emit(ctx, tx, events.PaymentCollectionPaymentAuthorized, pc.ID, Payload(&pc))
}

// createPayment is PaymentProviderService.createPayment for an authorized
// session of the collection: a payment of the session's amount, linked to
// the collection (and to the order once the order edit is completed).
func (s *Service) createPayment(ctx context.Context, tx *storage.Tx, st *state, ses payment.Session) error {
	p, err := s.Payments.Provider(ses.ProviderID)
	if err != nil {
		return err
	}
	data, err := p.RetrievePayment(ctx, ses.Data)
	if err != nil {
		return err
	}
	if data == nil {
		data = map[string]any{}
	}
	pay := model.Payment{
		ID: ids.New(ids.Payment), Amount: ses.Amount, CurrencyCode: st.CurrencyCode, ProviderID: ses.ProviderID,
		Data: data, CreatedAt: tx.Now, UpdatedAt: tx.Now,
	}
	if err := storage.Insert(ctx, tx, "payment", &pay); err != nil {
		return err
	}
	return storage.LinkCollectionPayment(ctx, tx, st.ID, pay.ID)
}

// saveSessions writes the session changes of a plan: new sessions are
// linked to the collection, dropped ones unlinked and deleted.
func saveSessions(ctx context.Context, tx *storage.Tx, collectionID string, changes payment.Changes) error {
	for _, c := range changes {
		row := c.Session.Row(tx.Now)
		var err error
		switch c.Op {
		case payment.OpDelete:
			err = storage.DeleteCollectionSession(ctx, tx, c.Session.ID)
		case payment.OpInsert:
			row.CreatedAt = tx.Now
			if err = storage.Insert(ctx, tx, "payment_session", &row); err == nil {
				err = storage.LinkCollectionSession(ctx, tx, collectionID, row.ID)
			}
		case payment.OpUpdate:
			_, err = storage.Exec(ctx, tx, `UPDATE payment_session SET is_initiated = ?, status = ?, data = ?, amount = ?,
				payment_authorized_at = ?, updated_at = ? WHERE id = ?`,
				row.IsInitiated, row.Status, row.Data, row.Amount, row.PaymentAuthorizedAt, tx.Now, row.ID)
		default:
			err = errs.E(errs.Internal, "unknown session change %q", c.Op)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

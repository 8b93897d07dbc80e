package loaders

import (
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// editLoaders load order edits, their items and changes, and payment
// collections.
type editLoaders struct {
	OrderEdit          *Loader[string, *model.OrderEdit]
	OrderEdits         *Loader[string, []model.OrderEdit]
	EditItems          *Loader[string, []storage.ItemRow]
	EditChanges        *Loader[string, []model.OrderItemChange]
	PaymentCollection  *Loader[string, *model.PaymentCollection]
	CollectionSessions *Loader[string, []model.PaymentSession]
	CollectionPayments *Loader[string, []model.Payment]
	PaymentSession     *Loader[string, *model.PaymentSession]
}

func (l *Loaders) newEditLoaders(db *storage.DB) {
	l.OrderEdit = byID(db, storage.OrderEditsByID).OnFetched(func(es map[string]*model.OrderEdit) {
		for _, e := range es {
			l.HintOrderEdit(e)
		}
	})
	l.OrderEdits = byID(db, storage.OrderEditsByOrder).OnFetched(func(es map[string][]model.OrderEdit) {
		for _, list := range es {
			for i := range list {
				l.HintOrderEdit(&list[i])
			}
		}
	})
	l.EditItems = byID(db, storage.ItemsByOrderEdit).OnFetched(l.itemsFetched)
	l.EditChanges = byID(db, storage.ItemChangesByOrderEdit).OnFetched(func(cs map[string][]model.OrderItemChange) {
		for _, changes := range cs {
			for _, c := range changes {
				if c.LineItemID != nil {
					l.LineItem.Hint(*c.LineItemID)
				}
				if c.OriginalLineItemID != nil {
					l.LineItem.Hint(*c.OriginalLineItemID)
				}
			}
		}
	})
	l.PaymentCollection = byID(db, storage.PaymentCollectionsByID).OnFetched(func(pcs map[string]*model.PaymentCollection) {
		for id := range pcs {
			l.CollectionSessions.Hint(id)
			l.CollectionPayments.Hint(id)
		}
	})
	l.CollectionSessions = byID(db, storage.SessionsByPaymentCollection)
	l.CollectionPayments = byID(db, storage.PaymentsByPaymentCollection)
	l.PaymentSession = byID(db, storage.PaymentSessionsByID)
}

// HintOrderEdit announces an order edit's relations to their loaders.
func (l *Loaders) HintOrderEdit(e *model.OrderEdit) {
	l.EditItems.Hint(e.ID)
	l.EditChanges.Hint(e.ID)
	if e.PaymentCollectionID != nil {
		l.PaymentCollection.Hint(*e.PaymentCollectionID)
	}
}

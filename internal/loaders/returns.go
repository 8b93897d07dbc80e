package loaders

import (
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// returnLoaders load returns, swaps and fulfillments and their relations.
type returnLoaders struct {
	Return            *Loader[string, *model.Return]
	OrderReturns      *Loader[string, []model.Return]
	SwapReturn        *Loader[string, *model.Return]
	ReturnItems       *Loader[string, []model.ReturnItem]
	ReturnMethod      *Loader[string, *storage.MethodRow]
	LineItem          *Loader[string, *storage.ItemRow]
	Swap              *Loader[string, *model.Swap]
	SwapByCart        *Loader[string, *model.Swap]
	OrderSwaps        *Loader[string, []model.Swap]
	SwapItems         *Loader[string, []storage.ItemRow]
	SwapMethods       *Loader[string, []storage.MethodRow]
	SwapPayment       *Loader[string, *model.Payment]
	OrderFulfillments *Loader[string, []model.Fulfillment]
	SwapFulfillments  *Loader[string, []model.Fulfillment]
	FulfillmentItems  *Loader[string, []model.FulfillmentItem]
}

func (l *Loaders) newReturnLoaders(db *storage.DB) {
	l.returnLoaders = &returnLoaders{}
	r := l.returnLoaders
	r.Return = byID(db, storage.ReturnsByID)
	r.OrderReturns = byID(db, storage.ReturnsByOrder).OnFetched(func(rs map[string][]model.Return) {
		for _, list := range rs {
			for _, ret := range list {
				l.hintReturn(ret.ID)
			}
		}
	})
	r.SwapReturn = byID(db, storage.ReturnsBySwap).OnFetched(func(rs map[string]*model.Return) {
		for _, ret := range rs {
			l.hintReturn(ret.ID)
		}
	})
	r.ReturnItems = byID(db, storage.ReturnItemsByReturn).OnFetched(func(is map[string][]model.ReturnItem) {
		for _, items := range is {
			for _, it := range items {
				r.LineItem.Hint(it.ItemID)
				if it.ReasonID != nil {
					l.ReturnReason.Hint(*it.ReasonID)
				}
			}
		}
	})
	r.ReturnMethod = byID(db, storage.MethodsByReturn).OnFetched(func(ms map[string]*storage.MethodRow) {
		for _, m := range ms {
			l.MethodTaxLines.Hint(m.ID)
		}
	})
	r.LineItem = byID(db, storage.ItemsByID).OnFetched(l.itemFetched)
	r.Swap = byID(db, storage.SwapsByID).OnFetched(func(ss map[string]*model.Swap) {
		for id := range ss {
			l.hintSwap(id)
		}
	})
	r.SwapByCart = byID(db, storage.SwapsByCart).OnFetched(func(ss map[string]*model.Swap) {
		for _, sw := range ss {
			l.hintSwap(sw.ID)
		}
	})
	r.OrderSwaps = byID(db, storage.SwapsByOrder).OnFetched(func(ss map[string][]model.Swap) {
		for _, list := range ss {
			for _, sw := range list {
				l.hintSwap(sw.ID)
			}
		}
	})
	r.SwapItems = byID(db, storage.ItemsBySwap).OnFetched(l.itemsFetched)
	r.SwapMethods = byID(db, storage.MethodsBySwap).OnFetched(l.methodsFetched)
	r.SwapPayment = byID(db, storage.PaymentsBySwap)
	r.OrderFulfillments = byID(db, storage.FulfillmentsByOrder).OnFetched(func(fs map[string][]model.Fulfillment) {
		for _, list := range fs {
			for _, f := range list {
				r.FulfillmentItems.Hint(f.ID)
			}
		}
	})
	r.SwapFulfillments = byID(db, storage.FulfillmentsBySwap)
	r.FulfillmentItems = byID(db, storage.FulfillmentItemsByFulfillment)
}

// hintReturn announces a return's relations to their loaders.
func (l *Loaders) hintReturn(id string) {
	l.ReturnItems.Hint(id)
	l.ReturnMethod.Hint(id)
}

// hintSwap announces a swap's relations to their loaders.
func (l *Loaders) hintSwap(id string) {
	l.SwapItems.Hint(id)
	l.SwapReturn.Hint(id)
	l.SwapMethods.Hint(id)
	l.SwapPayment.Hint(id)
	l.SwapFulfillments.Hint(id)
}

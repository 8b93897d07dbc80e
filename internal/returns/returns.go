// Package returns lets customers send items of an order back as Medusa v1
// does (ReturnService.create and fulfill, POST /store/returns): the
// requested return with its items and reasons, an optional return shipping
// method with its tax lines, and the refund the return will give. Swaps
// create their returns through the same rules.
package returns

import (
	"context"

	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/idempotency"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/totals"
)

// Service creates and reads returns.
type Service struct {
	DB *storage.DB
}

// ItemInput is an item to return: a line of the order, how many of it, and
// why.
type ItemInput struct {
	ItemID   string
	Quantity int64
	ReasonID *string
	Note     *string
}

// CreateInput is POST /store/returns's body.
type CreateInput struct {
	OrderID string
	Items   []ItemInput
	// ShippingOptionID is return_shipping.option_id: how the items travel back.
	ShippingOptionID *string
}

// Result is what creating a return answers.
type Result struct {
	ReturnID       string `json:"return_id"`
	IdempotencyKey string `json:"-"`
}

// Recovery points of POST /store/returns between started and finished.
const pointReturnRequested = "return_requested"

var createRequest = idempotency.Request{Method: "POST", Path: "/store/returns"}

// Create requests a return (POST /store/returns), idempotently as Medusa's
// route: "started" creates the return (and fulfils its shipping) and moves
// to "return_requested", which stores the answer. A retry with the key
// answers the same return; one after a failure tries again.
func (s *Service) Create(ctx context.Context, in CreateInput, key string) (*Result, error) {
	if err := validate(in.OrderID, in.Items); err != nil {
		return nil, err
	}
	ik, err := idempotency.Init(ctx, s.DB, key, createRequest)
	if err != nil {
		return nil, err
	}
	key = ik.IdempotencyKey
	for range 4 {
		if ik.RecoveryPoint == idempotency.Finished {
			var r Result
			if err := idempotency.Response(ik, &r); err != nil {
				return nil, err
			}
			r.IdempotencyKey = key
			return &r, nil
		}
		point := ik.RecoveryPoint
		err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
			if ik, err = idempotency.Lock(ctx, tx, key); err != nil || ik.RecoveryPoint != point {
				return err
			}
			switch point {
			case idempotency.Started:
				ret, err := Create(ctx, tx, Request{OrderID: in.OrderID, Items: in.Items, ShippingOptionID: in.ShippingOptionID,
					IdempotencyKey: &key})
				if err != nil {
					return err
				}
				if in.ShippingOptionID != nil {
					if err := Fulfill(ctx, tx, ret.ID); err != nil {
						return err
					}
				}
				if err := events.Emit(ctx, tx, events.OrderReturnRequested, in.OrderID,
					map[string]any{"id": in.OrderID, "return_id": ret.ID}); err != nil {
					return err
				}
				return idempotency.Advance(ctx, tx, ik, pointReturnRequested)
			case pointReturnRequested:
				ret, err := storage.ReturnByIdempotencyKey(ctx, tx, key)
				if err != nil {
					return err
				}
				if ret == nil {
					return errs.InvalidDataf("Return not found")
				}
				return idempotency.Finish(ctx, tx, ik, 200, Result{ReturnID: ret.ID})
			default:
				return idempotency.Finish(ctx, tx, ik, 500, idempotency.StoredError{Kind: errs.UnexpectedState, Message: "Unknown recovery point"})
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return nil, errs.E(errs.UnexpectedState, "Unknown recovery point")
}

// validate applies the route's body validation.
func validate(orderID string, items []ItemInput) error {
	if orderID == "" {
		return errs.InvalidDataf("order_id should not be empty")
	}
	return ValidateItems(items)
}

// ValidateItems checks return items as Medusa's request validation does.
func ValidateItems(items []ItemInput) error {
	for _, it := range items {
		if it.ItemID == "" {
			return errs.InvalidDataf("item_id should not be empty")
		}
		if it.Quantity < 1 {
			return errs.InvalidDataf("quantity must not be less than 1")
		}
	}
	return nil
}

// Request is ReturnService.create's data.
type Request struct {
	OrderID string
	// SwapID makes the return a swap's: it then belongs to the swap, not
	// to the order.
	SwapID           *string
	Items            []ItemInput
	ShippingOptionID *string
	IdempotencyKey   *string
	NoNotification   *bool
}

// Create is ReturnService.create: every item must be a line of the order
// (or of its swaps) that is not canceled, returned at most as many times as
// it was bought and not yet returned, for a reason that is not a category;
// the refund is what the items refund (discounts and taxes included) less
// the return shipping with its tax.
func Create(ctx context.Context, tx *storage.Tx, r Request) (*model.Return, error) {
	itemIDs := make([]string, len(r.Items))
	for i, it := range r.Items {
		itemIDs[i] = it.ItemID
	}
	if len(itemIDs) > 0 {
		lines, err := storage.ItemsByID(ctx, tx, itemIDs)
		if err != nil {
			return nil, err
		}
		canceled, err := storage.CanceledItems(ctx, tx, itemIDs)
		if err != nil {
			return nil, err
		}
		for _, id := range itemIDs {
			if lines[id] == nil {
				return nil, errs.NotFoundf("Line item with %s was not found", id)
			}
			if canceled[id] {
				return nil, errs.InvalidDataf("Cannot create a return for a canceled item.")
			}
		}
	}
	st, err := orders.Load(ctx, tx, r.OrderID)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, errs.NotFoundf("Order with %s was not found", r.OrderID)
	}
	returned, err := returnLines(st, r.Items)
	if err != nil {
		return nil, err
	}
	refund := totals.RefundTotal(returned, st.FlatTaxRate())
	if err := checkReasons(ctx, tx, r.Items); err != nil {
		return nil, err
	}

	ret := &model.Return{
		ID: ids.New(ids.Return), Status: model.ReturnStatusRequested, SwapID: r.SwapID, RefundAmount: refund,
		IdempotencyKey: r.IdempotencyKey, NoNotification: r.NoNotification, CreatedAt: tx.Now, UpdatedAt: tx.Now,
	}
	if r.SwapID == nil {
		ret.OrderID = &st.ID
	}
	if err := storage.Insert(ctx, tx, "return", ret); err != nil {
		return nil, err
	}
	for _, it := range r.Items {
		line := findLine(st, it.ItemID)
		quantity := it.Quantity
		row := model.ReturnItem{
			ReturnID: ret.ID, ItemID: it.ItemID, Quantity: quantity, IsRequested: true, RequestedQuantity: &quantity,
			ReasonID: it.ReasonID, Note: it.Note, Metadata: line.Metadata,
		}
		if err := storage.Insert(ctx, tx, "return_item", &row); err != nil {
			return nil, err
		}
	}
	if r.ShippingOptionID != nil {
		shippingTotal, err := addShippingMethod(ctx, tx, st, ret.ID, *r.ShippingOptionID)
		if err != nil {
			return nil, err
		}
		ret.RefundAmount = refund - shippingTotal
		if _, err := storage.Exec(ctx, tx, `UPDATE "return" SET refund_amount = ? WHERE id = ?`, ret.RefundAmount, ret.ID); err != nil {
			return nil, err
		}
	}
	return ret, nil
}

// returnLines matches the items to the order's lines (and its swaps'
// additional items) and checks their quantities (validateReturnLineItem).
func returnLines(st *orders.State, items []ItemInput) ([]totals.ReturnedItem, error) {
	out := make([]totals.ReturnedItem, 0, len(items))
	for _, it := range items {
		line := findLine(st, it.ItemID)
		if line == nil {
			return nil, errs.InvalidDataf("Return contains invalid line item")
		}
		if it.Quantity > line.Quantity-deref(line.ReturnedQuantity) {
			return nil, errs.NotAllowedf("Cannot return more items than have been purchased")
		}
		out = append(out, totals.ReturnedItem{LineItem: st.LineItem(*line), ReturnQuantity: it.Quantity})
	}
	return out, nil
}

func findLine(st *orders.State, itemID string) *storage.ItemRow {
	for _, list := range [][]storage.ItemRow{st.Items, st.SwapItems} {
		for i := range list {
			if list[i].ID == itemID {
				return &list[i]
			}
		}
	}
	return nil
}

// checkReasons refuses a reason that has children (a category) and one
// that does not exist.
func checkReasons(ctx context.Context, tx *storage.Tx, items []ItemInput) error {
	var reasonIDs []string
	for _, it := range items {
		if it.ReasonID != nil {
			reasonIDs = append(reasonIDs, *it.ReasonID)
		}
	}
	if len(reasonIDs) == 0 {
		return nil
	}
	reasons, hasChildren, err := storage.ReturnReasonsWithChildren(ctx, tx, reasonIDs)
	if err != nil {
		return err
	}
	for _, id := range reasonIDs {
		if hasChildren[id] {
			return errs.InvalidDataf("Cannot apply return reason category")
		}
	}
	for _, id := range reasonIDs {
		if reasons[id] == nil {
			// Medusa's answer to the foreign key the return item breaks.
			return errs.NotFoundf("ReturnReason with reason_id %s does not exist.", id)
		}
	}
	return nil
}

// addShippingMethod gives the return its shipping method on the option
// (ShippingOptionService.createShippingMethod: the option's price, whatever
// its region or return flag), taxed by the order's region with persisted
// tax lines, and returns its price with tax.
func addShippingMethod(ctx context.Context, tx *storage.Tx, st *orders.State, returnID, optionID string) (int64, error) {
	options, err := storage.ShippingOptionsByID(ctx, tx, []string{optionID})
	if err != nil {
		return 0, err
	}
	o := options[optionID]
	if o == nil || o.DeletedAt != nil {
		return 0, errs.NotFoundf("Shipping Option with %s was not found", optionID)
	}
	m := model.ShippingMethod{
		ID: ids.New(ids.ShippingMethod), ShippingOptionID: o.ID, ReturnID: &returnID,
		Price: deref(o.Amount), Data: model.JSON{}, IncludesTax: o.IncludesTax,
	}
	if err := storage.Insert(ctx, tx, "shipping_method", &m); err != nil {
		return 0, err
	}
	rates, err := storage.TaxRatesByRegion(ctx, tx, []string{st.RegionID})
	if err != nil {
		return 0, err
	}
	lines := catalog.ShippingTaxLines(rates[st.RegionID], st.Region, o.ID)
	for _, line := range lines {
		code := line.Code
		row := model.ShippingMethodTaxLine{ID: ids.New(ids.ShippingMethodTaxLine), ShippingMethodID: m.ID, Rate: model.Rate(line.Rate),
			Name: line.Name, Code: &code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
		if err := storage.Insert(ctx, tx, "shipping_method_tax_line", &row); err != nil {
			return 0, err
		}
	}
	return totals.ReturnShippingTotal(totals.ShippingMethod{Price: m.Price, IncludesTax: m.IncludesTax, TaxRates: totals.Rates(lines)}), nil
}

// Fulfill is ReturnService.fulfill: a return with a shipping method gets
// the shipping data of its fulfillment provider (the manual provider's is
// empty); one without is left as it is.
func Fulfill(ctx context.Context, tx *storage.Tx, returnID string) error {
	found, err := storage.ReturnsByID(ctx, tx, []string{returnID})
	if err != nil {
		return err
	}
	ret := found[returnID]
	if ret == nil {
		return errs.NotFoundf("Return with id: %s was not found", returnID)
	}
	if ret.Status == model.ReturnStatusCanceled {
		return errs.NotAllowedf("Cannot fulfill a canceled return")
	}
	if ret.ShippingData != nil {
		return errs.NotAllowedf("Return has already been fulfilled")
	}
	methods, err := storage.MethodsByReturn(ctx, tx, []string{returnID})
	if err != nil || methods[returnID] == nil {
		return err
	}
	_, err = storage.Exec(ctx, tx, `UPDATE "return" SET shipping_data = ?, updated_at = ? WHERE id = ?`, model.JSON{}, tx.Now, returnID)
	return err
}

// Get reads a return.
func (s *Service) Get(ctx context.Context, id string) (*model.Return, error) {
	ret, err := loaders.For(ctx).Return.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if ret == nil {
		return nil, errs.NotFoundf("Return with id: %s was not found", id)
	}
	return ret, nil
}

// MethodTotals are the totals of a return's shipping method, from its
// persisted tax lines.
func MethodTotals(ctx context.Context, m *storage.MethodRow) (totals.ShippingMethodTotals, error) {
	lines, err := loaders.For(ctx).MethodTaxLines.Load(ctx, m.ID)
	if err != nil {
		return totals.ShippingMethodTotals{}, err
	}
	rates := make([]float64, len(lines))
	for i, l := range lines {
		rates[i] = float64(l.Rate)
	}
	return totals.ShippingMethod{Price: m.Price, IncludesTax: m.IncludesTax, TaxRates: rates}.Totals(false), nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

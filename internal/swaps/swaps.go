// Package swaps exchanges items of an order for others as Medusa v1 does
// (SwapService, POST /store/swaps, GET /store/swaps/{cart_id}): a swap of a
// captured, fulfilled order holds the new items, a return of the old ones
// and a cart of type swap in which the customer pays the difference. The
// completion of that cart (checkout) registers the swap as confirmed.
package swaps

import (
	"context"

	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/idempotency"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/payment"
	"github.com/storegraph/storegraph/internal/returns"
	"github.com/storegraph/storegraph/internal/storage"
)

// Service creates and reads swaps.
type Service struct {
	DB    *storage.DB
	Carts *cart.Service
}

// AdditionalItem is a variant to send in exchange.
type AdditionalItem struct {
	VariantID string
	Quantity  int64
}

// CreateInput is POST /store/swaps's body.
type CreateInput struct {
	OrderID         string
	ReturnItems     []returns.ItemInput
	AdditionalItems []AdditionalItem
	// ReturnShippingOption ships the returned items back.
	ReturnShippingOption *string
}

// Result is what creating a swap answers.
type Result struct {
	SwapID         string `json:"swap_id"`
	IdempotencyKey string `json:"-"`
}

// The recovery point of POST /store/swaps between started and finished.
const pointSwapCreated = "swap_created"

var createRequest = idempotency.Request{Method: "POST", Path: "/store/swaps"}

// Create swaps items of an order (POST /store/swaps), idempotently as
// Medusa's route: "started" creates the swap, its return and its cart and
// fulfils the return, moving to "swap_created", which stores the answer.
func (s *Service) Create(ctx context.Context, in CreateInput, key string) (*Result, error) {
	if err := validate(in); err != nil {
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
				if err := s.create(ctx, tx, in, key); err != nil {
					return err
				}
				return idempotency.Advance(ctx, tx, ik, pointSwapCreated)
			case pointSwapCreated:
				sw, err := storage.SwapByIdempotencyKey(ctx, tx, key)
				if err != nil {
					return err
				}
				if sw == nil {
					return errs.InvalidDataf("Swap not found")
				}
				return idempotency.Finish(ctx, tx, ik, 200, Result{SwapID: sw.ID})
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
func validate(in CreateInput) error {
	if in.OrderID == "" {
		return errs.InvalidDataf("order_id should not be empty")
	}
	if err := returns.ValidateItems(in.ReturnItems); err != nil {
		return err
	}
	for _, it := range in.AdditionalItems {
		if it.VariantID == "" {
			return errs.InvalidDataf("variant_id should not be empty")
		}
		if it.Quantity < 1 {
			return errs.InvalidDataf("quantity must not be less than 1")
		}
	}
	return nil
}

// create is the route's first stage: SwapService.create, createCart, and
// the return's fulfillment.
func (s *Service) create(ctx context.Context, tx *storage.Tx, in CreateInput, key string) error {
	found, err := storage.OrdersByID(ctx, tx, []string{in.OrderID})
	if err != nil {
		return err
	}
	o := found[in.OrderID]
	if o == nil {
		return errs.NotFoundf("Order with %s was not found", in.OrderID)
	}
	if o.FulfillmentStatus == model.FulfillmentStatusNotFulfilled || o.PaymentStatus != model.PaymentStatusCaptured {
		return errs.NotAllowedf("Order cannot be swapped")
	}
	returnIDs := make([]string, len(in.ReturnItems))
	for i, it := range in.ReturnItems {
		returnIDs[i] = it.ItemID
	}
	if len(returnIDs) > 0 {
		canceled, err := storage.CanceledItems(ctx, tx, returnIDs)
		if err != nil {
			return err
		}
		if len(canceled) > 0 {
			return errs.InvalidDataf("Cannot create a swap on a canceled item.")
		}
	}
	wanted := make([]cart.ItemInput, len(in.AdditionalItems))
	for i, it := range in.AdditionalItems {
		wanted[i] = cart.ItemInput{VariantID: it.VariantID, Quantity: it.Quantity}
	}
	items, err := s.Carts.GenerateItems(ctx, tx, o.Region, wanted)
	if err != nil {
		return err
	}

	noNotification := true // the store route asks for no notification
	sw := model.Swap{
		ID: ids.New(ids.Swap), FulfillmentStatus: model.SwapFulfillmentStatusNotFulfilled, PaymentStatus: model.SwapPaymentStatusNotPaid,
		OrderID: o.ID, IdempotencyKey: &key, NoNotification: &noNotification, CreatedAt: tx.Now, UpdatedAt: tx.Now,
	}
	if err := storage.Insert(ctx, tx, "swap", &sw); err != nil {
		return err
	}
	itemIDs := make([]string, len(items))
	for i := range items {
		items[i].SwapID = &sw.ID
		if err := storage.Insert(ctx, tx, "line_item", &items[i]); err != nil {
			return err
		}
		itemIDs[i] = items[i].ID
	}
	ret, err := returns.Create(ctx, tx, returns.Request{
		OrderID: o.ID, SwapID: &sw.ID, Items: in.ReturnItems, ShippingOptionID: in.ReturnShippingOption, NoNotification: &noNotification,
	})
	if err != nil {
		return err
	}
	if err := events.Emit(ctx, tx, events.SwapCreated, sw.ID, map[string]any{"id": sw.ID, "no_notification": noNotification}); err != nil {
		return err
	}

	swapCart := cart.SwapCart{SwapID: sw.ID, Order: o, AdditionalItemIDs: itemIDs, ReturnID: ret.ID}
	discounts, err := storage.DiscountsByOrder(ctx, tx, []string{o.ID})
	if err != nil {
		return err
	}
	for _, d := range discounts[o.ID] {
		if d.Rule == nil || d.Rule.Type != model.DiscountRuleTypeFreeShipping {
			swapCart.DiscountIDs = append(swapCart.DiscountIDs, d.ID)
		}
	}
	methods, err := storage.MethodsByReturn(ctx, tx, []string{ret.ID})
	if err != nil {
		return err
	}
	if m := methods[ret.ID]; m != nil {
		lines, err := storage.MethodTaxLinesByMethod(ctx, tx, []string{m.ID})
		if err != nil {
			return err
		}
		swapCart.ReturnShipping, swapCart.ReturnShippingTaxLines = m, lines[m.ID]
	}
	cartID, err := s.Carts.CreateForSwap(ctx, tx, swapCart)
	if err != nil {
		return err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE swap SET cart_id = ?, updated_at = ? WHERE id = ?`, cartID, tx.Now, sw.ID); err != nil {
		return err
	}
	return returns.Fulfill(ctx, tx, ret.ID)
}

// Get reads a swap.
func (s *Service) Get(ctx context.Context, id string) (*model.Swap, error) {
	sw, err := loaders.For(ctx).Swap.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	if sw == nil {
		return nil, errs.NotFoundf("Swap was not found")
	}
	return sw, nil
}

// ByCart reads the swap of a swap cart (GET /store/swaps/{cart_id}).
func (s *Service) ByCart(ctx context.Context, cartID string) (*model.Swap, error) {
	sw, err := loaders.For(ctx).SwapByCart.Load(ctx, cartID)
	if err != nil {
		return nil, err
	}
	if sw == nil {
		return nil, errs.NotFoundf("Swap was not found")
	}
	return sw, nil
}

// ForCart reads, in a transaction, the swap a swap cart pays for (its
// metadata.swap_id, as the completion strategy finds it).
func ForCart(ctx context.Context, tx *storage.Tx, st *cart.State) (*model.Swap, error) {
	swapID, _ := st.Metadata["swap_id"].(string)
	if swapID == "" {
		return nil, errs.NotFoundf("Swap was not found")
	}
	if err := storage.LockSwap(ctx, tx, swapID); err != nil {
		return nil, err
	}
	found, err := storage.SwapsByID(ctx, tx, []string{swapID})
	if err != nil {
		return nil, err
	}
	if found[swapID] == nil {
		return nil, errs.NotFoundf("Swap was not found")
	}
	return found[swapID], nil
}

// RegisterCartCompletion is SwapService.registerCartCompletion, run when
// the swap's cart completes with total as its total: a balance to pay
// needs the cart's authorized payment, which becomes the swap's (and is
// counted on the order); the swap is confirmed with the difference due,
// the cart's shipping address and shipping methods; the cart is completed.
// A confirmed swap is left as it is.
func RegisterCartCompletion(ctx context.Context, tx *storage.Tx, payments *payment.Registry, sw *model.Swap, st *cart.State, total int64) error {
	if sw.ConfirmedAt != nil {
		return nil
	}
	if sw.CanceledAt != nil {
		return errs.NotAllowedf("Cart related to canceled swap cannot be completed")
	}
	if total > 0 {
		if st.Payment == nil {
			return errs.E(errs.InvalidArgument, "Cart does not contain a payment")
		}
		p, err := payments.Provider(st.Payment.ProviderID)
		if err != nil {
			return err
		}
		status, err := p.GetPaymentStatus(ctx, st.Payment.Data)
		if err != nil {
			return err
		}
		if status != payment.StatusAuthorized {
			return errs.E(errs.InvalidArgument, "Payment method is not authorized")
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE payment SET swap_id = ?, order_id = ?, updated_at = ? WHERE id = ?`,
			sw.ID, sw.OrderID, tx.Now, st.Payment.ID); err != nil {
			return err
		}
	}
	status := model.SwapPaymentStatusAwaiting
	if total == 0 {
		status = model.SwapPaymentStatusConfirmed
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE swap SET difference_due = ?, shipping_address_id = ?, confirmed_at = ?,
		payment_status = ?, updated_at = ? WHERE id = ?`, total, st.ShippingAddressID, tx.Now, status, tx.Now, sw.ID); err != nil {
		return err
	}
	if _, err := storage.Exec(ctx, tx, `UPDATE shipping_method SET swap_id = ? WHERE cart_id = ?`, sw.ID, st.ID); err != nil {
		return err
	}
	if err := events.Emit(ctx, tx, events.SwapPaymentCompleted, sw.ID, map[string]any{"id": sw.ID, "no_notification": sw.NoNotification}); err != nil {
		return err
	}
	_, err := storage.Exec(ctx, tx, `UPDATE cart SET completed_at = ?, updated_at = ? WHERE id = ?`, tx.Now, tx.Now, st.ID)
	return err
}

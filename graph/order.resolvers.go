package graph

import (
	"context"

	"github.com/storegraph/storegraph/graph/generated"
	"github.com/storegraph/storegraph/graph/graphmodel"
	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/storage"
)

func (r *giftCardTransactionResolver) GiftCard(ctx context.Context, obj *model.GiftCardTransaction) (*model.GiftCard, error) {
	cards, err := storage.GiftCardsByID(ctx, r.DB.Reader, []string{obj.GiftCardID})
	if err != nil {
		return nil, err
	}
	return cards[obj.GiftCardID], nil
}

func (r *orderResolver) Currency(ctx context.Context, obj *storage.OrderRow) (*model.Currency, error) {
	return loaders.For(ctx).Currency.Load(ctx, obj.CurrencyCode)
}

func (r *orderResolver) Items(ctx context.Context, obj *storage.OrderRow) ([]cart.ItemView, error) {
	items, err := loaders.For(ctx).OrderItems.Load(ctx, obj.ID)
	out := make([]cart.ItemView, len(items))
	for i, it := range items {
		out[i] = cart.ItemView{ItemRow: it}
	}
	return out, err
}

func (r *orderResolver) ShippingMethods(ctx context.Context, obj *storage.OrderRow) ([]cart.MethodView, error) {
	methods, err := loaders.For(ctx).OrderMethods.Load(ctx, obj.ID)
	out := make([]cart.MethodView, len(methods))
	for i, m := range methods {
		out[i] = cart.MethodView{MethodRow: m}
	}
	return out, err
}

func (r *orderResolver) Discounts(ctx context.Context, obj *storage.OrderRow) ([]storage.DiscountRow, error) {
	return loaders.For(ctx).OrderDiscounts.Load(ctx, obj.ID)
}

func (r *orderResolver) GiftCards(ctx context.Context, obj *storage.OrderRow) ([]model.GiftCard, error) {
	return loaders.For(ctx).OrderGiftCards.Load(ctx, obj.ID)
}

func (r *orderResolver) GiftCardTransactions(ctx context.Context, obj *storage.OrderRow) ([]model.GiftCardTransaction, error) {
	return loaders.For(ctx).OrderGiftCardTxns.Load(ctx, obj.ID)
}

func (r *orderResolver) Payments(ctx context.Context, obj *storage.OrderRow) ([]model.Payment, error) {
	return loaders.For(ctx).OrderPayments.Load(ctx, obj.ID)
}

func (r *orderResolver) Refunds(ctx context.Context, obj *storage.OrderRow) ([]model.Refund, error) {
	return loaders.For(ctx).OrderRefunds.Load(ctx, obj.ID)
}

func (r *orderResolver) Subtotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.Subtotal })
}

func (r *orderResolver) DiscountTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.DiscountTotal })
}

func (r *orderResolver) ShippingTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.ShippingTotal })
}

func (r *orderResolver) TaxTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.TaxTotal })
}

func (r *orderResolver) ItemTaxTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.ItemTaxTotal })
}

func (r *orderResolver) ShippingTaxTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.ShippingTaxTotal })
}

func (r *orderResolver) GiftCardTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.GiftCardTotal })
}

func (r *orderResolver) GiftCardTaxTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.GiftCardTaxTotal })
}

func (r *orderResolver) Total(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.Total })
}

func (r *orderResolver) PaidTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.PaidTotal })
}

func (r *orderResolver) RefundedTotal(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.RefundedTotal })
}

func (r *orderResolver) RefundableAmount(ctx context.Context, obj *storage.OrderRow) (int64, error) {
	return orderTotal(ctx, obj, func(t orders.Totals) int64 { return t.RefundableAmount })
}

func (r *queryResolver) Order(ctx context.Context, id string) (*storage.OrderRow, error) {
	return r.Orders.Get(ctx, id)
}

func (r *queryResolver) OrderByCartID(ctx context.Context, cartID string) (*storage.OrderRow, error) {
	return r.Orders.ByCart(ctx, cartID)
}

func (r *queryResolver) LookupOrder(ctx context.Context, displayID int, email string, shippingAddress *graphmodel.OrderLookupAddress) (*storage.OrderRow, error) {
	return r.Orders.Lookup(ctx, int64(displayID), email)
}

func (r *Resolver) GiftCardTransaction() generated.GiftCardTransactionResolver {
	return &giftCardTransactionResolver{r}
}

func (r *Resolver) Order() generated.OrderResolver { return &orderResolver{r} }

type giftCardTransactionResolver struct{ *Resolver }
type orderResolver struct{ *Resolver }

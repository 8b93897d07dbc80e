package graph

import (
	"context"

	"github.com/storegraph/storegraph/graph/graphmodel"
)

func (r *mutationResolver) CreatePaymentSessions(ctx context.Context, cartID string) (*graphmodel.CartPayload, error) {
	if err := r.Checkout.CreateSessions(ctx, cartID); err != nil {
		return nil, err
	}
	return r.cartPayload(ctx, cartID, false)
}

func (r *mutationResolver) SelectPaymentSession(ctx context.Context, cartID string, input graphmodel.SelectPaymentSessionInput) (*graphmodel.CartPayload, error) {
	if err := r.Checkout.SelectSession(ctx, cartID, input.ProviderID); err != nil {
		return nil, err
	}
	return r.cartPayload(ctx, cartID, false)
}

func (r *mutationResolver) UpdatePaymentSession(ctx context.Context, cartID string, providerID string, input graphmodel.UpdatePaymentSessionInput) (*graphmodel.CartPayload, error) {
	if err := r.Checkout.UpdateSession(ctx, cartID, providerID, input.Data); err != nil {
		return nil, err
	}
	return r.cartPayload(ctx, cartID, false)
}

func (r *mutationResolver) DeletePaymentSession(ctx context.Context, cartID string, providerID string) (*graphmodel.CartPayload, error) {
	if err := r.Checkout.DeleteSession(ctx, cartID, providerID); err != nil {
		return nil, err
	}
	return r.cartPayload(ctx, cartID, false)
}

func (r *mutationResolver) RefreshPaymentSession(ctx context.Context, cartID string, providerID string) (*graphmodel.CartPayload, error) {
	if err := r.Checkout.RefreshSession(ctx, cartID, providerID); err != nil {
		return nil, err
	}
	return r.cartPayload(ctx, cartID, false)
}

func (r *mutationResolver) CompleteCart(ctx context.Context, cartID string, idempotencyKey *string) (*graphmodel.CompleteCartPayload, error) {
	res, err := r.Checkout.Complete(ctx, cartID, deref(idempotencyKey))
	if err != nil {
		return nil, err
	}
	return r.completion(ctx, res)
}

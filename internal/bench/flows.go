package bench

import (
	"context"
	"fmt"
)

const cartQuery = `query($id: ID!) { cart(id: $id) {
	id email type context metadata createdAt
	region { id name currencyCode taxRate countries { iso2 } paymentProviders { id } fulfillmentProviders { id } taxRates { id rate } }
	items { id title quantity unitPrice variant { id title sku product { id title handle } }
		adjustments { id amount } taxLines { id rate } subtotal discountTotal taxTotal total originalTotal }
	shippingMethods { id price shippingOption { id name } taxLines { id rate } subtotal taxTotal total }
	discounts { id code } giftCards { id code } customer { id email } salesChannel { id name }
	shippingAddress { id city countryCode } billingAddress { id city }
	paymentSession { id providerId } paymentSessions { id providerId amount status }
	subtotal discountTotal itemTaxTotal shippingTotal shippingTaxTotal taxTotal giftCardTotal giftCardTaxTotal total } }`

const catalogQuery = `query($region: ID!) { products(limit: 20, regionId: $region) { count nodes {
	id title handle thumbnail
	variants { id title sku calculatedPrice originalPrice calculatedTax calculatedPriceInclTax inventoryQuantity }
	options { id title values { id value } } } } }`

type cartResult struct {
	Cart struct {
		ID string `json:"id"`
	} `json:"cart"`
}

// variantFor picks a bench variant, spreading workers over the catalog.
func (w *worker) variantFor(k int) string {
	size := "m"
	if k%2 == 1 {
		size = "l"
	}
	return fmt.Sprintf("variant_bench_%02d_%s", (w.id*3+w.n+k)%20, size)
}

// newCart makes a cart with items, email, address and a shipping method.
func (w *worker) newCart(ctx context.Context, items int) (string, error) {
	var created struct {
		CreateCart cartResult `json:"createCart"`
	}
	if err := w.step(ctx, "createCart", `mutation($region: ID!) { createCart(input: {regionId: $region}) { cart { id } } }`,
		map[string]any{"region": w.region}, &created); err != nil {
		return "", err
	}
	id := created.CreateCart.Cart.ID
	for k := range items {
		if err := w.step(ctx, "addLineItem", `mutation($id: ID!, $v: ID!) { addLineItem(cartId: $id, input: {variantId: $v, quantity: 1}) { cart { id total } } }`,
			map[string]any{"id": id, "v": w.variantFor(k)}, nil); err != nil {
			return "", err
		}
	}
	if err := w.step(ctx, "updateCart", `mutation($id: ID!, $email: String!) { updateCart(cartId: $id, input: {email: $email,
		shippingAddress: {firstName: "Bench", lastName: "Mark", address1: "Damrak 1", city: "Amsterdam", postalCode: "1012 LG", countryCode: "nl"}}) { cart { id total } } }`,
		map[string]any{"id": id, "email": fmt.Sprintf("bench%d@example.com", w.id)}, nil); err != nil {
		return "", err
	}
	var options struct {
		CartShippingOptions []struct {
			ID string `json:"id"`
		} `json:"cartShippingOptions"`
	}
	if err := w.step(ctx, "cartShippingOptions", `query($id: ID!) { cartShippingOptions(cartId: $id) { id name amount priceInclTax } }`,
		map[string]any{"id": id}, &options); err != nil {
		return "", err
	}
	if len(options.CartShippingOptions) == 0 {
		return "", fmt.Errorf("no shipping options for cart %s", id)
	}
	if err := w.step(ctx, "addShippingMethod", `mutation($id: ID!, $o: ID!) { addShippingMethod(cartId: $id, input: {optionId: $o}) { cart { id total } } }`,
		map[string]any{"id": id, "o": options.CartShippingOptions[0].ID}, nil); err != nil {
		return "", err
	}
	return id, nil
}

// checkout is the whole storefront checkout.
func checkout(ctx context.Context, w *worker) error {
	w.n++
	id, err := w.newCart(ctx, 2)
	if err != nil {
		return err
	}
	if err := w.step(ctx, "createPaymentSessions", `mutation($id: ID!) { createPaymentSessions(cartId: $id) { cart { id total paymentSessions { id } } } }`,
		map[string]any{"id": id}, nil); err != nil {
		return err
	}
	if err := w.step(ctx, "selectPaymentSession", `mutation($id: ID!) { selectPaymentSession(cartId: $id, input: {providerId: "manual"}) { cart { id paymentSession { id } } } }`,
		map[string]any{"id": id}, nil); err != nil {
		return err
	}
	var done struct {
		CompleteCart struct {
			Type  string `json:"type"`
			Order *struct {
				ID string `json:"id"`
			} `json:"order"`
		} `json:"completeCart"`
	}
	if err := w.step(ctx, "completeCart", `mutation($id: ID!) { completeCart(cartId: $id) { type order { id displayId total } } }`,
		map[string]any{"id": id}, &done); err != nil {
		return err
	}
	if done.CompleteCart.Order == nil {
		return fmt.Errorf("completeCart answered %s, not an order", done.CompleteCart.Type)
	}
	return nil
}

// prepareCart makes the worker's 5-item cart for cart-read.
func prepareCart(ctx context.Context, w *worker) error {
	id, err := w.newCart(ctx, 5)
	if err != nil {
		return err
	}
	if err := w.step(ctx, "createPaymentSessions", `mutation($id: ID!) { createPaymentSessions(cartId: $id) { cart { id } } }`,
		map[string]any{"id": id}, nil); err != nil {
		return err
	}
	w.cartID = id
	return nil
}

func readCart(ctx context.Context, w *worker) error {
	return w.step(ctx, "cart", cartQuery, map[string]any{"id": w.cartID}, nil)
}

func listCatalog(ctx context.Context, w *worker) error {
	return w.step(ctx, "products", catalogQuery, map[string]any{"region": w.region}, nil)
}

package payment

import (
	"context"
	"fmt"
)

// System is Medusa's built-in system provider: every call succeeds with empty
// data and every payment is authorized.
type System struct{}

func (System) ID() string { return SystemProviderID }

func (System) InitiatePayment(context.Context, SessionContext) (map[string]any, error) {
	return map[string]any{}, nil
}

// UpdatePayment answers empty data (not nil), so the session's data is
// replaced by {} as in Medusa.
func (System) UpdatePayment(context.Context, SessionContext) (map[string]any, error) {
	return map[string]any{}, nil
}

func (System) UpdatePaymentData(context.Context, map[string]any, map[string]any) (map[string]any, error) {
	return map[string]any{}, nil
}

func (System) RetrievePayment(context.Context, map[string]any) (map[string]any, error) {
	return map[string]any{}, nil
}

func (System) AuthorizePayment(context.Context, map[string]any, map[string]any) (Authorization, error) {
	return Authorization{Status: StatusAuthorized, Data: map[string]any{}}, nil
}

func (System) CancelPayment(context.Context, map[string]any) (map[string]any, error) {
	return map[string]any{}, nil
}

func (System) DeletePayment(context.Context, map[string]any) error { return nil }

func (System) GetPaymentStatus(context.Context, map[string]any) (Status, error) {
	return StatusAuthorized, nil
}

func (System) CapturePayment(context.Context, map[string]any) (map[string]any, error) {
	return map[string]any{}, nil
}

func (System) RefundPayment(context.Context, map[string]any, int64) (map[string]any, error) {
	return map[string]any{}, nil
}

func (System) RetrieveSavedMethods(context.Context, Customer) ([]map[string]any, error) {
	return nil, nil
}

// Manual behaves like medusa-payment-manual: sessions start pending, every
// authorization succeeds at once, and the status lives in data["status"].
type Manual struct{}

func (Manual) ID() string { return "manual" }

func (Manual) InitiatePayment(context.Context, SessionContext) (map[string]any, error) {
	return map[string]any{"status": string(StatusPending)}, nil
}

// UpdatePayment keeps the data as it is; returning it (not nil) still lets
// the session take the new amount.
func (Manual) UpdatePayment(_ context.Context, sc SessionContext) (map[string]any, error) {
	return merged(sc.SessionData, nil), nil
}

// UpdatePaymentData merges update["data"], not update itself: the plugin
// reads `update.data`, so a client must nest its fields under "data".
func (Manual) UpdatePaymentData(_ context.Context, data, update map[string]any) (map[string]any, error) {
	nested, _ := update["data"].(map[string]any)
	return merged(data, nested), nil
}

func (Manual) RetrievePayment(_ context.Context, data map[string]any) (map[string]any, error) {
	return merged(data, nil), nil
}

// AuthorizePayment replaces the data with the new status, as the plugin does.
func (Manual) AuthorizePayment(context.Context, map[string]any, map[string]any) (Authorization, error) {
	return Authorization{
		Status: StatusAuthorized,
		Data:   map[string]any{"status": string(StatusAuthorized)},
	}, nil
}

func (Manual) CancelPayment(context.Context, map[string]any) (map[string]any, error) {
	return map[string]any{"status": string(StatusCanceled)}, nil
}

func (Manual) DeletePayment(context.Context, map[string]any) error { return nil }

// GetPaymentStatus is whatever data["status"] holds ("" when absent).
func (Manual) GetPaymentStatus(_ context.Context, data map[string]any) (Status, error) {
	s, _ := data["status"].(string)
	return Status(s), nil
}

func (Manual) CapturePayment(context.Context, map[string]any) (map[string]any, error) {
	return map[string]any{"status": "captured"}, nil
}

func (Manual) RefundPayment(_ context.Context, data map[string]any, _ int64) (map[string]any, error) {
	return merged(data, nil), nil
}

func (Manual) RetrieveSavedMethods(context.Context, Customer) ([]map[string]any, error) {
	return nil, nil
}

// Test is a deterministic provider for tests and demos: a session's
// data["outcome"] chooses what authorization does.
//
//	"authorized" (or absent) → authorized
//	"pending", "requires_more" → that status, so completion stops there
//	"error" → a processor error, as a declined payment would give
//
// Clients set the outcome through updatePaymentSession ({"outcome": ...}).
type Test struct{}

// Outcomes the Test provider understands, in data["outcome"].
const (
	OutcomeAuthorized   = "authorized"
	OutcomePending      = "pending"
	OutcomeRequiresMore = "requires_more"
	OutcomeError        = "error"
)

func (Test) ID() string { return "test" }

func (Test) InitiatePayment(context.Context, SessionContext) (map[string]any, error) {
	return map[string]any{}, nil
}

// UpdatePayment keeps the data, so a chosen outcome survives amount changes.
func (Test) UpdatePayment(_ context.Context, sc SessionContext) (map[string]any, error) {
	return merged(sc.SessionData, nil), nil
}

func (Test) UpdatePaymentData(_ context.Context, data, update map[string]any) (map[string]any, error) {
	return merged(data, update), nil
}

func (Test) RetrievePayment(_ context.Context, data map[string]any) (map[string]any, error) {
	return merged(data, nil), nil
}

func (Test) AuthorizePayment(_ context.Context, data, _ map[string]any) (Authorization, error) {
	status, err := testOutcome(data)
	if err != nil {
		return Authorization{}, err
	}
	return Authorization{Status: status, Data: merged(data, map[string]any{"status": string(status)})}, nil
}

func (Test) CancelPayment(_ context.Context, data map[string]any) (map[string]any, error) {
	return merged(data, map[string]any{"status": string(StatusCanceled)}), nil
}

func (Test) DeletePayment(context.Context, map[string]any) error { return nil }

// GetPaymentStatus is the status authorization or cancellation recorded,
// else what the outcome would give (error for a failing one).
func (Test) GetPaymentStatus(_ context.Context, data map[string]any) (Status, error) {
	if s, _ := data["status"].(string); Status(s).Valid() {
		return Status(s), nil
	}
	status, err := testOutcome(data)
	if err != nil {
		return StatusError, nil
	}
	return status, nil
}

func (Test) CapturePayment(_ context.Context, data map[string]any) (map[string]any, error) {
	return merged(data, map[string]any{"status": "captured"}), nil
}

func (Test) RefundPayment(_ context.Context, data map[string]any, _ int64) (map[string]any, error) {
	return merged(data, nil), nil
}

func (Test) RetrieveSavedMethods(context.Context, Customer) ([]map[string]any, error) {
	return nil, nil
}

func testOutcome(data map[string]any) (Status, error) {
	outcome, present := data["outcome"]
	if !present {
		return StatusAuthorized, nil
	}
	switch outcome {
	case OutcomeAuthorized:
		return StatusAuthorized, nil
	case OutcomePending:
		return StatusPending, nil
	case OutcomeRequiresMore:
		return StatusRequiresMore, nil
	case OutcomeError:
		return "", &ProcessorError{
			Message: "Payment was declined",
			Code:    "payment_declined",
			Detail:  `test provider outcome "error"`,
		}
	}
	return "", &ProcessorError{
		Message: fmt.Sprintf("Unknown test payment outcome: %v", outcome),
		Code:    "invalid_outcome",
	}
}

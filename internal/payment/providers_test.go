package payment

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

type data = map[string]any

// Ensure the system provider succeeds everywhere with empty data and
// authorizes every payment.
func TestSystem(t *testing.T) {
	ctx := context.Background()
	p := System{}
	if p.ID() != "system" {
		t.Fatalf("ID = %q", p.ID())
	}
	for name, call := range map[string]func() (map[string]any, error){
		"InitiatePayment":   func() (map[string]any, error) { return p.InitiatePayment(ctx, SessionContext{Amount: 10}) },
		"UpdatePayment":     func() (map[string]any, error) { return p.UpdatePayment(ctx, SessionContext{SessionData: data{"a": 1}}) },
		"UpdatePaymentData": func() (map[string]any, error) { return p.UpdatePaymentData(ctx, data{"a": 1}, data{"b": 2}) },
		"RetrievePayment":   func() (map[string]any, error) { return p.RetrievePayment(ctx, data{"a": 1}) },
		"CancelPayment":     func() (map[string]any, error) { return p.CancelPayment(ctx, data{"a": 1}) },
		"CapturePayment":    func() (map[string]any, error) { return p.CapturePayment(ctx, data{"a": 1}) },
		"RefundPayment":     func() (map[string]any, error) { return p.RefundPayment(ctx, data{"a": 1}, 5) },
	} {
		got, err := call()
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("%s = %v, %v; want empty non-nil data", name, got, err)
		}
	}
	auth, err := p.AuthorizePayment(ctx, data{"a": 1}, nil)
	if err != nil || auth.Status != StatusAuthorized || auth.Data == nil || len(auth.Data) != 0 {
		t.Errorf("AuthorizePayment = %+v, %v", auth, err)
	}
	if status, err := p.GetPaymentStatus(ctx, data{"status": "pending"}); err != nil || status != StatusAuthorized {
		t.Errorf("GetPaymentStatus = %q, %v", status, err)
	}
	if err := p.DeletePayment(ctx, data{}); err != nil {
		t.Errorf("DeletePayment: %v", err)
	}
	if methods, err := p.RetrieveSavedMethods(ctx, Customer{ID: "cus_1"}); err != nil || len(methods) != 0 {
		t.Errorf("RetrieveSavedMethods = %v, %v", methods, err)
	}
}

// Ensure the manual provider behaves like medusa-payment-manual.
func TestManual(t *testing.T) {
	ctx := context.Background()
	p := Manual{}
	if p.ID() != "manual" {
		t.Fatalf("ID = %q", p.ID())
	}
	tests := []struct {
		name string
		call func() (map[string]any, error)
		want map[string]any
	}{
		{"InitiatePaymentIsPending", func() (map[string]any, error) {
			return p.InitiatePayment(ctx, SessionContext{Amount: 100, CurrencyCode: "usd"})
		}, data{"status": "pending"}},
		{"UpdatePaymentKeepsData", func() (map[string]any, error) {
			return p.UpdatePayment(ctx, SessionContext{Amount: 200, SessionData: data{"status": "pending", "x": 1}})
		}, data{"status": "pending", "x": 1}},
		{"UpdatePaymentOfEmptyDataIsNotNil", func() (map[string]any, error) {
			return p.UpdatePayment(ctx, SessionContext{})
		}, data{}},
		{"UpdatePaymentDataMergesNestedData", func() (map[string]any, error) {
			return p.UpdatePaymentData(ctx, data{"status": "pending", "a": 1}, data{"data": data{"a": 2, "b": 3}})
		}, data{"status": "pending", "a": 2, "b": 3}},
		{"UpdatePaymentDataIgnoresTopLevelFields", func() (map[string]any, error) {
			return p.UpdatePaymentData(ctx, data{"status": "pending"}, data{"b": 3})
		}, data{"status": "pending"}},
		{"RetrievePaymentIsSessionData", func() (map[string]any, error) {
			return p.RetrievePayment(ctx, data{"status": "authorized"})
		}, data{"status": "authorized"}},
		{"CancelPayment", func() (map[string]any, error) {
			return p.CancelPayment(ctx, data{"status": "authorized"})
		}, data{"status": "canceled"}},
		{"CapturePayment", func() (map[string]any, error) {
			return p.CapturePayment(ctx, data{"status": "authorized"})
		}, data{"status": "captured"}},
		{"RefundPaymentKeepsData", func() (map[string]any, error) {
			return p.RefundPayment(ctx, data{"status": "captured"}, 10)
		}, data{"status": "captured"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}

	t.Run("AuthorizeReplacesData", func(t *testing.T) {
		auth, err := p.AuthorizePayment(ctx, data{"status": "pending", "x": 1}, data{"ip": "1.2.3.4"})
		want := Authorization{Status: StatusAuthorized, Data: data{"status": "authorized"}}
		if err != nil || !reflect.DeepEqual(auth, want) {
			t.Fatalf("got %+v, %v", auth, err)
		}
	})
	t.Run("StatusFromData", func(t *testing.T) {
		for in, want := range map[string]Status{"authorized": StatusAuthorized, "pending": StatusPending, "": ""} {
			d := data{}
			if in != "" {
				d["status"] = in
			}
			if got, err := p.GetPaymentStatus(ctx, d); err != nil || got != want {
				t.Errorf("GetPaymentStatus(%v) = %q, %v; want %q", d, got, err, want)
			}
		}
	})
	t.Run("DeleteAndSavedMethods", func(t *testing.T) {
		if err := p.DeletePayment(ctx, data{}); err != nil {
			t.Fatal(err)
		}
		if m, err := p.RetrieveSavedMethods(ctx, Customer{}); err != nil || len(m) != 0 {
			t.Fatalf("RetrieveSavedMethods = %v, %v", m, err)
		}
	})
	t.Run("DoesNotAliasInput", func(t *testing.T) {
		in := data{"status": "pending"}
		out, _ := p.UpdatePayment(ctx, SessionContext{SessionData: in})
		out["x"] = 1
		if _, ok := in["x"]; ok {
			t.Fatal("UpdatePayment returned the caller's map")
		}
	})
}

// Ensure the test provider's outcome is chosen by data["outcome"].
func TestTestProviderAuthorize(t *testing.T) {
	ctx := context.Background()
	p := Test{}
	tests := []struct {
		name       string
		data       map[string]any
		wantStatus Status
		wantErr    string
		wantCode   string
	}{
		{"DefaultAuthorized", data{}, StatusAuthorized, "", ""},
		{"NilDataAuthorized", nil, StatusAuthorized, "", ""},
		{"Authorized", data{"outcome": "authorized"}, StatusAuthorized, "", ""},
		{"Pending", data{"outcome": "pending"}, StatusPending, "", ""},
		{"RequiresMore", data{"outcome": "requires_more"}, StatusRequiresMore, "", ""},
		{"ErrDeclined", data{"outcome": "error"}, "", "Payment was declined:\ntest provider outcome \"error\"", "payment_declined"},
		{"ErrUnknownOutcome", data{"outcome": "maybe"}, "", "Unknown test payment outcome: maybe", "invalid_outcome"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			auth, err := p.AuthorizePayment(ctx, tt.data, nil)
			if tt.wantErr != "" {
				var pe *ProcessorError
				if !errors.As(err, &pe) || pe.Error() != tt.wantErr || pe.Code != tt.wantCode {
					t.Fatalf("err = %v; want processor error %q (%s)", err, tt.wantErr, tt.wantCode)
				}
				return
			}
			if err != nil || auth.Status != tt.wantStatus {
				t.Fatalf("got %+v, %v; want %s", auth, err, tt.wantStatus)
			}
			want := merged(tt.data, data{"status": string(tt.wantStatus)})
			if !reflect.DeepEqual(auth.Data, want) {
				t.Fatalf("data = %v; want %v", auth.Data, want)
			}
			// The recorded status is what the provider reports afterwards.
			if got, _ := p.GetPaymentStatus(ctx, auth.Data); got != tt.wantStatus {
				t.Fatalf("GetPaymentStatus after authorize = %q", got)
			}
		})
	}
}

func TestTestProviderStatus(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		data map[string]any
		want Status
	}{
		{"RecordedStatusWins", data{"outcome": "pending", "status": "authorized"}, StatusAuthorized},
		{"CanceledRecorded", data{"status": "canceled"}, StatusCanceled},
		{"UnknownRecordedFallsBackToOutcome", data{"status": "captured", "outcome": "requires_more"}, StatusRequiresMore},
		{"DefaultAuthorized", data{}, StatusAuthorized},
		{"ErrorOutcome", data{"outcome": "error"}, StatusError},
		{"UnknownOutcome", data{"outcome": 7}, StatusError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := (Test{}).GetPaymentStatus(ctx, tt.data); err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestTestProviderData(t *testing.T) {
	ctx := context.Background()
	p := Test{}
	if p.ID() != "test" {
		t.Fatalf("ID = %q", p.ID())
	}
	tests := []struct {
		name string
		call func() (map[string]any, error)
		want map[string]any
	}{
		{"InitiateEmpty", func() (map[string]any, error) {
			return p.InitiatePayment(ctx, SessionContext{Amount: 1, CurrencyCode: "eur"})
		}, data{}},
		{"UpdateKeepsOutcome", func() (map[string]any, error) {
			return p.UpdatePayment(ctx, SessionContext{Amount: 5, SessionData: data{"outcome": "pending"}})
		}, data{"outcome": "pending"}},
		{"UpdateDataMergesTopLevel", func() (map[string]any, error) {
			return p.UpdatePaymentData(ctx, data{"a": 1}, data{"outcome": "error"})
		}, data{"a": 1, "outcome": "error"}},
		{"Retrieve", func() (map[string]any, error) { return p.RetrievePayment(ctx, data{"a": 1}) }, data{"a": 1}},
		{"Cancel", func() (map[string]any, error) { return p.CancelPayment(ctx, data{"a": 1}) }, data{"a": 1, "status": "canceled"}},
		{"Capture", func() (map[string]any, error) { return p.CapturePayment(ctx, data{"a": 1}) }, data{"a": 1, "status": "captured"}},
		{"Refund", func() (map[string]any, error) { return p.RefundPayment(ctx, data{"a": 1}, 3) }, data{"a": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	if err := p.DeletePayment(ctx, data{}); err != nil {
		t.Fatal(err)
	}
	if m, err := p.RetrieveSavedMethods(ctx, Customer{}); err != nil || len(m) != 0 {
		t.Fatalf("RetrieveSavedMethods = %v, %v", m, err)
	}
}

func TestStatusValid(t *testing.T) {
	for _, s := range []Status{StatusAuthorized, StatusPending, StatusRequiresMore, StatusError, StatusCanceled} {
		if !s.Valid() {
			t.Errorf("%q not valid", s)
		}
	}
	for _, s := range []Status{"", "captured", "AUTHORIZED"} {
		if s.Valid() {
			t.Errorf("%q valid", s)
		}
	}
}

package orderedit

import (
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/model"
)

// Ensure an edit's status is the last of its timestamps that is set, in
// Medusa's order: requested, declined, confirmed, canceled.
func TestStatus(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		edit   model.OrderEdit
		want   model.OrderEditStatus
		active bool
	}{
		{"Created", model.OrderEdit{}, model.OrderEditStatusCreated, true},
		{"Requested", model.OrderEdit{RequestedAt: &at}, model.OrderEditStatusRequested, true},
		{"Declined", model.OrderEdit{RequestedAt: &at, DeclinedAt: &at}, model.OrderEditStatusDeclined, false},
		{"Confirmed", model.OrderEdit{RequestedAt: &at, ConfirmedAt: &at}, model.OrderEditStatusConfirmed, false},
		{"CanceledWinsOverConfirmed", model.OrderEdit{ConfirmedAt: &at, CanceledAt: &at}, model.OrderEditStatusCanceled, false},
		{"CanceledBeforeRequest", model.OrderEdit{CanceledAt: &at}, model.OrderEditStatusCanceled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Status(&tt.edit); got != tt.want {
				t.Fatalf("Status = %s, want %s", got, tt.want)
			}
			if got := active(&tt.edit); got != tt.active {
				t.Fatalf("active = %v, want %v", got, tt.active)
			}
		})
	}
}

package storage

import (
	"context"
	"time"
)

// OrderFilter holds Medusa's filters of a customer's order list
// (GET /store/customers/me/orders). Empty fields do not filter.
type OrderFilter struct {
	// CustomerID is always set: a customer lists only their own orders.
	CustomerID string
	IDs        []string
	// Q matches the shipping address's first name or the email (substring,
	// any case) or the display id (exactly); orders without a shipping
	// address never match. With Q, DisplayID and Email are ignored (Medusa
	// drops them).
	Q                   string
	Statuses            []string
	FulfillmentStatuses []string
	PaymentStatuses     []string
	DisplayID           *int64
	CartID              *string
	Email               *string
	RegionID            *string
	CurrencyCode        *string
	TaxRate             *float64
	CreatedAt           *TimeRange
	UpdatedAt           *TimeRange
	CanceledAt          *TimeRange
}

// ListCustomerOrders lists the orders of f.CustomerID with their
// one-to-one relations, newest first, and counts all that match.
func ListCustomerOrders(ctx context.Context, q Q, f OrderFilter, page Page) ([]OrderRow, int, error) {
	w := &Where{}
	w.Add("o.customer_id = ?", f.CustomerID)
	w.AddIn("o.id", f.IDs)
	w.AddIn("o.status", f.Statuses)
	w.AddIn("o.fulfillment_status", f.FulfillmentStatuses)
	w.AddIn("o.payment_status", f.PaymentStatuses)
	if f.Q != "" {
		w.Add("sa.id IS NOT NULL") // Medusa inner-joins the shipping address
		w.AddContainsOr(f.Q, []string{"sa.first_name", "o.email"}, "CAST(o.display_id AS TEXT) = ?", f.Q)
	} else {
		if f.DisplayID != nil {
			w.Add("o.display_id = ?", *f.DisplayID)
		}
		if f.Email != nil {
			w.Add("o.email = ?", *f.Email)
		}
	}
	if f.CartID != nil {
		w.Add("o.cart_id = ?", *f.CartID)
	}
	if f.RegionID != nil {
		w.Add("o.region_id = ?", *f.RegionID)
	}
	if f.CurrencyCode != nil {
		w.Add("o.currency_code = ?", *f.CurrencyCode)
	}
	if f.TaxRate != nil {
		w.Add("o.tax_rate = ?", *f.TaxRate)
	}
	w.AddTimeRange("o.created_at", f.CreatedAt)
	w.AddTimeRange("o.updated_at", f.UpdatedAt)
	w.AddTimeRange("o.canceled_at", f.CanceledAt)
	if err := w.Err(); err != nil {
		return nil, 0, err
	}

	var count int
	if err := Get(ctx, q, &count, `SELECT count(*) FROM "order" o LEFT JOIN address sa ON sa.id = o.shipping_address_id`+w.SQL(), w.Args()...); err != nil {
		return nil, 0, err
	}
	rows := []OrderRow{}
	if count == 0 || page.Limit == 0 {
		return rows, count, nil
	}
	if page.OrderBy == "" {
		page.OrderBy = "o.created_at DESC, o.id DESC"
	}
	err := SelectJoined(ctx, q, &rows, orderSelect+w.SQL()+page.SQL(), w.Args()...)
	return rows, count, err
}

// SetOrderCustomer moves an order to a customer (an accepted order claim).
func SetOrderCustomer(ctx context.Context, q Q, orderID, customerID, email string, now time.Time) error {
	_, err := Exec(ctx, q, `UPDATE "order" SET customer_id = ?, email = ?, updated_at = ? WHERE id = ?`,
		customerID, email, now, orderID)
	return err
}

package seed

import (
	"strings"

	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

// seedCreatedBy fills payment_collection.created_by (NOT NULL; Medusa puts
// the admin user's id there) when the file does not say who.
const seedCreatedBy = "seed"

func (l *loader) loadPaymentCollections(collections []paymentCollection) error {
	for i, pc := range collections {
		if err := l.paymentCollection(entry("payment_collections", i, pc.ID), pc); err != nil {
			return err
		}
	}
	return nil
}

// paymentCollection creates a payment collection in its region's currency
// unless another currency of the store is given.
func (l *loader) paymentCollection(a at, in paymentCollection) error {
	typ := model.PaymentCollectionTypeOrderEdit
	if in.Type != "" && model.PaymentCollectionType(in.Type) != typ {
		return a.key("type").invalid("type must be order_edit, not %q", in.Type)
	}
	status := model.PaymentCollectionStatusNotPaid
	if in.Status != "" {
		status = model.PaymentCollectionStatus(in.Status)
	}
	switch status {
	case model.PaymentCollectionStatusNotPaid, model.PaymentCollectionStatusAwaiting, model.PaymentCollectionStatusAuthorized,
		model.PaymentCollectionStatusPartiallyAuthorized, model.PaymentCollectionStatusCanceled:
	default:
		return a.key("status").invalid("status must be one of not_paid, awaiting, authorized, partially_authorized, canceled, not %q", in.Status)
	}
	if in.Amount < 0 {
		return a.key("amount").invalid("amount must not be negative")
	}
	region, err := l.findRegion(a.key("region_id"), in.RegionID)
	if err != nil {
		return err
	}
	currency := region.CurrencyCode
	if in.CurrencyCode != "" {
		currency = strings.ToLower(in.CurrencyCode)
	}
	if err := l.checkCurrency(a.key("currency_code"), currency); err != nil {
		return err
	}
	createdBy := in.CreatedBy
	if createdBy == "" {
		createdBy = seedCreatedBy
	}
	id, err := l.newID(a, "payment_collection", "Payment collection", in.ID, ids.PaymentCollection)
	if err != nil {
		return err
	}
	return l.insert(a, "payment_collection", &model.PaymentCollection{
		ID: id, Type: typ, Status: status, Description: in.Description, Amount: in.Amount,
		RegionID: region.ID, CurrencyCode: currency, Metadata: in.Metadata, CreatedBy: createdBy,
		CreatedAt: l.now, UpdatedAt: l.now,
	})
}

package orderedit

import (
	"context"

	"github.com/storegraph/storegraph/internal/cart"
	"github.com/storegraph/storegraph/internal/catalog"
	"github.com/storegraph/storegraph/internal/errs"
	"github.com/storegraph/storegraph/internal/events"
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/orders"
	"github.com/storegraph/storegraph/internal/paycol"
	"github.com/storegraph/storegraph/internal/storage"
)

// The merchant's side of order edits (Medusa's admin routes).

// CreateInput is a new order edit (POST /admin/order-edits).
type CreateInput struct {
	OrderID      string
	InternalNote *string
}

// Create starts an edit of an order: the order's items are copied into the
// edit (each copy names its original), and the edit is the order's only
// active one. Returns the edit's id.
func (s *Service) Create(ctx context.Context, in CreateInput) (string, error) {
	var id string
	err := s.DB.InTx(ctx, func(tx *storage.Tx) error {
		found, err := storage.LockOrder(ctx, tx, in.OrderID)
		if err != nil {
			return err
		}
		if !found {
			return errs.NotFoundf("Order with %s was not found", in.OrderID)
		}
		order, err := orders.Load(ctx, tx, in.OrderID)
		if err != nil {
			return err
		}
		if order.Status == model.OrderStatusCanceled {
			// Medusa v1 does not check; an edit of a canceled order could
			// only be confirmed into an order nobody pays or ships.
			return errs.NotAllowedf("Order with id %s has been canceled.", order.ID)
		}
		existing, err := storage.ActiveOrderEdit(ctx, tx, in.OrderID)
		if err != nil {
			return err
		}
		if existing != nil {
			return errs.InvalidDataf("An active order edit already exists for the order %s", in.OrderID)
		}
		e := model.OrderEdit{
			ID: ids.New(ids.OrderEdit), CreatedAt: tx.Now, UpdatedAt: tx.Now, OrderID: in.OrderID,
			InternalNote: in.InternalNote, CreatedBy: AdminActor,
		}
		if err := storage.Insert(ctx, tx, "order_edit", &e); err != nil {
			return err
		}
		id = e.ID
		if err := cloneItems(ctx, tx, order, e.ID); err != nil {
			return err
		}
		return emit(ctx, tx, events.OrderEditCreated, e.ID)
	})
	return id, err
}

// cloneItems is LineItemService.cloneTo: copies of the order's items with
// their tax lines and adjustments, belonging to the edit only.
func cloneItems(ctx context.Context, tx *storage.Tx, order *orders.State, editID string) error {
	for _, it := range order.Items {
		c := it.LineItem
		original := it.ID
		c.ID, c.OrderEditID, c.OriginalItemID = ids.New(ids.LineItem), &editID, &original
		c.CartID, c.OrderID, c.SwapID, c.ClaimOrderID = nil, nil, nil, nil
		// The copy keeps the original's created_at, so the edit lists its
		// items in the order's order; items added later come after them.
		c.UpdatedAt = tx.Now
		if err := storage.Insert(ctx, tx, "line_item", &c); err != nil {
			return err
		}
		for _, l := range order.ItemLines[it.ID] {
			l.ID, l.ItemID, l.CreatedAt, l.UpdatedAt = ids.New(ids.LineItemTaxLine), c.ID, tx.Now, tx.Now
			if err := storage.Insert(ctx, tx, "line_item_tax_line", &l); err != nil {
				return err
			}
		}
		for _, a := range order.Adjustments[it.ID] {
			a.ID, a.ItemID = ids.New(ids.LineItemAdjustment), c.ID
			if err := storage.Insert(ctx, tx, "line_item_adjustment", &a); err != nil {
				return err
			}
		}
	}
	return nil
}

// mutateItems runs fn on a locked edit that can still change; inactive is
// the error for one that cannot.
func (s *Service) mutateItems(ctx context.Context, editID string, inactive func(*editState) error, fn func(tx *storage.Tx, st *editState) error) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		st, err := lockAndLoad(ctx, tx, editID)
		if err != nil {
			return err
		}
		if !active(st.OrderEdit) {
			return inactive(st)
		}
		if err := fn(tx, st); err != nil {
			return err
		}
		_, err = storage.Exec(ctx, tx, `UPDATE order_edit SET updated_at = ? WHERE id = ?`, tx.Now, st.ID)
		return err
	})
}

// AddItemInput is a variant to add to an edit.
type AddItemInput struct {
	VariantID string
	Quantity  int64
	Metadata  model.JSON
}

// AddItem adds a new line of a variant, priced for the order's region and
// customer, with its tax lines, and records an item_add change (POST
// /admin/order-edits/{id}/items).
func (s *Service) AddItem(ctx context.Context, editID string, in AddItemInput) error {
	if in.Quantity <= 0 {
		// As for a cart's lines (contract deviation 1): Medusa answers a
		// database error.
		return errs.InvalidDataf("quantity must be greater than 0")
	}
	inactive := func(st *editState) error {
		return errs.NotAllowedf("Can not add an item to the edit with status %s", Status(st.OrderEdit))
	}
	return s.mutateItems(ctx, editID, inactive, func(tx *storage.Tx, st *editState) error {
		item, v, err := s.Carts.GenerateItem(ctx, tx, st.Order.Region, st.Order.CustomerID, in.VariantID, in.Quantity, in.Metadata)
		if err != nil {
			return err
		}
		item.OrderEditID = &st.ID
		if err := storage.Insert(ctx, tx, "line_item", &item); err != nil {
			return err
		}
		rates, err := storage.TaxRatesByRegion(ctx, tx, []string{st.Order.RegionID})
		if err != nil {
			return err
		}
		for _, line := range catalog.ItemTaxLines(rates[st.Order.RegionID], st.Order.Region, v.Product) {
			code := line.Code
			row := model.LineItemTaxLine{ID: ids.New(ids.LineItemTaxLine), ItemID: item.ID, Rate: model.Rate(line.Rate),
				Name: line.Name, Code: &code, CreatedAt: tx.Now, UpdatedAt: tx.Now}
			if err := storage.Insert(ctx, tx, "line_item_tax_line", &row); err != nil {
				return err
			}
		}
		if err := s.refreshAdjustments(ctx, tx, st, false); err != nil {
			return err
		}
		return addChange(ctx, tx, st.ID, model.OrderItemChangeTypeItemAdd, nil, &item.ID)
	})
}

// editItem reads a line of the edit: Medusa's NOT_FOUND for an unknown
// line, INVALID_DATA for one of another edit (naming the order).
func editItem(ctx context.Context, tx *storage.Tx, st *editState, itemID string) (*storage.ItemRow, error) {
	items, err := storage.ItemsByID(ctx, tx, []string{itemID})
	if err != nil {
		return nil, err
	}
	it := items[itemID]
	if it == nil {
		return nil, errs.NotFoundf("Line item with %s was not found", itemID)
	}
	if it.OrderEditID == nil || *it.OrderEditID != st.ID {
		return nil, notInEdit(itemID, st)
	}
	return it, nil
}

func notInEdit(itemID string, st *editState) *errs.Error {
	return errs.InvalidDataf("Invalid line item id %s it does not belong to the same order edit %s.", itemID, st.OrderID)
}

func cannotUpdate(st *editState) error {
	return errs.NotAllowedf("Can not update an item on the order edit %s with the status %s", st.ID, Status(st.OrderEdit))
}

// UpdateItem sets the quantity of a line of the edit (its unit price stays)
// and records an item_update change for a line of the order (POST
// /admin/order-edits/{id}/items/{item_id}).
func (s *Service) UpdateItem(ctx context.Context, editID, itemID string, quantity int64) error {
	if quantity <= 0 {
		return errs.InvalidDataf("quantity must be greater than 0")
	}
	return s.mutateItems(ctx, editID, cannotUpdate, func(tx *storage.Tx, st *editState) error {
		it, err := editItem(ctx, tx, st, itemID)
		if err != nil {
			return err
		}
		changes, err := storage.ItemChangesByOrderEdit(ctx, tx, []string{st.ID})
		if err != nil {
			return err
		}
		changed := false
		for _, c := range changes[st.ID] {
			changed = changed || (c.LineItemID != nil && *c.LineItemID == itemID)
		}
		if !changed {
			if err := addChange(ctx, tx, st.ID, model.OrderItemChangeTypeItemUpdate, it.OriginalItemID, &it.ID); err != nil {
				return err
			}
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE line_item SET quantity = ?, updated_at = ? WHERE id = ?`, quantity, tx.Now, it.ID); err != nil {
			return err
		}
		return s.refreshAdjustments(ctx, tx, st, true)
	})
}

// RemoveItem removes a line of the order from the edit and records an
// item_remove change (DELETE /admin/order-edits/{id}/items/{item_id}). An
// unknown line is ignored; a line the edit added cannot be removed this way
// (Medusa deletes its item change instead).
func (s *Service) RemoveItem(ctx context.Context, editID, itemID string) error {
	return s.mutateItems(ctx, editID, cannotUpdate, func(tx *storage.Tx, st *editState) error {
		items, err := storage.ItemsByID(ctx, tx, []string{itemID})
		if err != nil {
			return err
		}
		it := items[itemID]
		if it == nil {
			return nil
		}
		if it.OrderEditID == nil || *it.OrderEditID != st.ID || it.OriginalItemID == nil {
			return notInEdit(itemID, st)
		}
		// An item_update change of the line goes with it (Medusa's delete
		// would fail on the change's reference to the line).
		if _, err := storage.Exec(ctx, tx, `DELETE FROM order_item_change WHERE line_item_id = ?`, it.ID); err != nil {
			return err
		}
		for _, table := range []string{"line_item_tax_line", "line_item_adjustment", "line_item"} {
			column := "item_id"
			if table == "line_item" {
				column = "id"
			}
			if err := storage.DeleteWhere(ctx, tx, table, column, []string{it.ID}); err != nil {
				return err
			}
		}
		if err := s.refreshAdjustments(ctx, tx, st, false); err != nil {
			return err
		}
		return addChange(ctx, tx, st.ID, model.OrderItemChangeTypeItemRemove, it.OriginalItemID, nil)
	})
}

func addChange(ctx context.Context, tx *storage.Tx, editID string, typ model.OrderItemChangeType, original, line *string) error {
	c := model.OrderItemChange{
		ID: ids.New(ids.OrderItemChange), CreatedAt: tx.Now, UpdatedAt: tx.Now, Type: typ,
		OrderEditID: editID, OriginalLineItemID: original, LineItemID: line,
	}
	return storage.Insert(ctx, tx, "order_item_change", &c)
}

// refreshAdjustments is OrderEditService.refreshAdjustments: the edit's
// items get the discount adjustments the order's discounts give them now;
// custom adjustments (no discount) stay only when preserveCustom.
func (s *Service) refreshAdjustments(ctx context.Context, tx *storage.Tx, st *editState, preserveCustom bool) error {
	items, err := storage.ItemsByOrderEdit(ctx, tx, []string{st.ID})
	if err != nil {
		return err
	}
	adjustments, lines, err := orders.ItemDetails(ctx, tx, items[st.ID])
	if err != nil {
		return err
	}
	rates, err := storage.TaxRatesByRegion(ctx, tx, []string{st.Order.RegionID})
	if err != nil {
		return err
	}
	c := &cart.State{
		CartRow:   &storage.CartRow{Cart: model.Cart{RegionID: st.Order.RegionID}, Region: st.Order.Region},
		Discounts: st.Order.Discounts,
		TaxRates:  rates[st.Order.RegionID],
	}
	var itemIDs []string
	for _, it := range items[st.ID] {
		c.Items = append(c.Items, &cart.Item{ItemRow: it, Adjustments: adjustments[it.ID], TaxLines: lines[it.ID]})
		itemIDs = append(itemIDs, it.ID)
	}
	if !preserveCustom && len(itemIDs) > 0 {
		query, args, err := storage.In(tx, `DELETE FROM line_item_adjustment WHERE discount_id IS NULL AND item_id IN (?)`, itemIDs)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return err
		}
	}
	return s.Carts.RefreshAdjustments(ctx, tx, c)
}

// RequestConfirmation asks the customer to confirm the edit (POST
// /admin/order-edits/{id}/request): an edit without changes cannot be;
// when the edited order costs more, a payment collection for the
// difference is made for the customer to pay. Asking again changes nothing.
func (s *Service) RequestConfirmation(ctx context.Context, editID string, description *string) error {
	return s.DB.InTx(ctx, func(tx *storage.Tx) error {
		st, err := lockAndLoad(ctx, tx, editID)
		if err != nil {
			return err
		}
		changes, err := storage.ItemChangesByOrderEdit(ctx, tx, []string{st.ID})
		if err != nil {
			return err
		}
		if len(changes[st.ID]) == 0 {
			return errs.InvalidDataf("Cannot request a confirmation on an edit with no changes")
		}
		if st.RequestedAt != nil {
			// Medusa's route makes another payment collection here; one is enough.
			return nil
		}
		requestedBy := AdminActor
		if _, err := storage.Exec(ctx, tx, `UPDATE order_edit SET requested_at = ?, requested_by = ?, updated_at = ? WHERE id = ?`,
			tx.Now, requestedBy, tx.Now, st.ID); err != nil {
			return err
		}
		if err := emit(ctx, tx, events.OrderEditRequested, st.ID); err != nil {
			return err
		}
		t, err := st.totals(ctx, tx)
		if err != nil || t.DifferenceDue <= 0 {
			return err
		}
		pc, err := paycol.Create(ctx, tx, paycol.CreateInput{
			Amount: t.DifferenceDue, CurrencyCode: st.Order.CurrencyCode, RegionID: st.Order.RegionID,
			Description: description, CreatedBy: AdminActor,
		})
		if err != nil {
			return err
		}
		if _, err := storage.Exec(ctx, tx, `UPDATE order_edit SET payment_collection_id = ? WHERE id = ?`, pc.ID, st.ID); err != nil {
			return err
		}
		return emit(ctx, tx, events.OrderEditUpdated, st.ID)
	})
}

// emit records an order edit event; Medusa's payload is the edit's id.
func emit(ctx context.Context, tx *storage.Tx, name, editID string) error {
	return events.Emit(ctx, tx, name, editID, map[string]any{"id": editID})
}

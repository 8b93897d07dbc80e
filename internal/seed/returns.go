package seed

import (
	"github.com/storegraph/storegraph/internal/ids"
	"github.com/storegraph/storegraph/internal/model"
)

func (l *loader) loadReturnReasons(reasons []returnReasonInput) error {
	for i, r := range reasons {
		if err := l.returnReason(entry("return_reasons", i, r.Value), r); err != nil {
			return err
		}
	}
	return nil
}

// returnReason creates a return reason as ReturnReasonService.create does:
// a parent (given earlier in the file, or already in the database) must be
// a top-level reason.
func (l *loader) returnReason(a at, in returnReasonInput) error {
	if in.Value == "" {
		return a.key("value").invalid("value is required")
	}
	if in.Label == "" {
		return a.key("label").invalid("label is required")
	}
	if in.ParentReturnReasonID != "" {
		if err := l.topLevelReturnReason(a.key("parent_return_reason_id"), in.ParentReturnReasonID); err != nil {
			return err
		}
	}
	taken, err := l.exists(a, "SELECT id FROM return_reason WHERE value = ? AND deleted_at IS NULL", in.Value)
	if err != nil {
		return err
	}
	if taken {
		return a.key("value").duplicate("Return reason with value %s already exists.", in.Value)
	}
	id, err := l.newID(a, "return_reason", "Return reason", in.ID, ids.ReturnReason)
	if err != nil {
		return err
	}
	return l.insert(a, "return_reason", &model.ReturnReason{
		ID: id, Value: in.Value, Label: in.Label, Description: in.Description, Metadata: in.Metadata,
		ParentReturnReasonID: nonEmpty(in.ParentReturnReasonID), CreatedAt: l.now, UpdatedAt: l.now,
	})
}

func (l *loader) topLevelReturnReason(a at, id string) error {
	var grandparent *string
	found, err := l.lookup(a, &grandparent, "SELECT parent_return_reason_id FROM return_reason WHERE id = ? AND deleted_at IS NULL", id)
	if err != nil {
		return err
	}
	if !found {
		return a.notFound("Return Reason with id: %s was not found", id)
	}
	if grandparent != nil {
		return a.invalid("Doubly nested return reasons is not supported")
	}
	return nil
}

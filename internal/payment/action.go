package payment

// ActionKind names one step Medusa takes on a payment session.
type ActionKind string

const (
	// ActionDeleteRemote: provider DeletePayment, then the row is removed.
	ActionDeleteRemote ActionKind = "delete_remote"
	// ActionDeleteLocal: the row is removed; the provider is not told.
	ActionDeleteLocal ActionKind = "delete_local"
	// ActionUpdateRemote: provider UpdatePayment with Amount. When it
	// answers data, data and amount are saved and the row is initiated;
	// when it answers nil, the row keeps its data and amount.
	ActionUpdateRemote ActionKind = "update_remote"
	// ActionRecreate: provider DeletePayment, the row is removed and a fresh
	// local row (new id, pending, data {}, not initiated) takes its place.
	ActionRecreate ActionKind = "recreate"
	// ActionSetAmount: the row's amount becomes Amount, locally.
	ActionSetAmount ActionKind = "set_amount"
	// ActionInitiate: provider InitiatePayment; the row (a new one when
	// Session.ID is empty) gets the data, status pending, Amount and is
	// initiated.
	ActionInitiate ActionKind = "initiate"
	// ActionCreateLocal: a new local row (pending, data {}, Amount, not
	// initiated, not selected).
	ActionCreateLocal ActionKind = "create_local"
	// ActionRelease: provider DeletePayment, but the row stays, unselected
	// and no longer initiated.
	ActionRelease ActionKind = "release"
	// ActionReset: the row becomes unselected and not initiated, locally.
	ActionReset ActionKind = "reset"
	// ActionRefresh: provider DeletePayment, the row is removed, and a new
	// row is initiated with Amount.
	ActionRefresh ActionKind = "refresh"
)

// Action is one planned step. Planners return them in the order to run.
type Action struct {
	Kind ActionKind
	// Session is the row acted on; for a new row only ProviderID is set.
	Session Session
	// Amount is the amount to create or update with.
	Amount int64
	// Select makes the resulting session the selected one (Initiate,
	// UpdateRemote, Refresh).
	Select bool
	// BestEffort makes a DeleteRemote ignore the provider's error; payment
	// collections drop unused sessions that way.
	BestEffort bool
}

// Op is what to do with a row.
type Op string

const (
	OpInsert Op = "insert"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
)

// Change is one row write that running an Action produced. Inserted rows
// carry a fresh ps_ id; the caller adds cart_id (or links them to the
// payment collection).
type Change struct {
	Op      Op
	Session Session
}

// Changes are row writes in the order to persist them; a delete can come
// before an insert for the same provider, which matters for the unique
// (cart_id, provider_id) index.
type Changes []Change

// Saved returns the sessions inserted or updated, in first-write order,
// each in its last written form. A payment collection's session list is
// exactly this.
func (cs Changes) Saved() []Session {
	var out []Session
	at := map[string]int{}
	deleted := map[string]bool{}
	for _, c := range cs {
		switch c.Op {
		case OpDelete:
			deleted[c.Session.ID] = true
		case OpInsert, OpUpdate:
			delete(deleted, c.Session.ID)
			if i, ok := at[c.Session.ID]; ok {
				out[i] = c.Session
				continue
			}
			at[c.Session.ID] = len(out)
			out = append(out, c.Session)
		}
	}
	kept := out[:0]
	for _, s := range out {
		if !deleted[s.ID] {
			kept = append(kept, s)
		}
	}
	return kept
}

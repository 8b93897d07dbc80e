package session_test

import (
	"context"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

func start(t *testing.T, s *session.Store, customerID string) session.Started {
	t.Helper()
	var st session.Started
	if err := s.DB.InTx(context.Background(), func(tx *storage.Tx) error {
		var err error
		st, err = s.Create(context.Background(), tx, customerID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return st
}

// Ensure a cookie is accepted only as signed, by a current key, while its
// session lives, and that the database keeps no usable session id.
func TestSessions(t *testing.T) {
	ctx := context.Background()
	db := storagetest.MustOpenDB(t)
	now := time.Now().UTC()
	if err := db.InTx(ctx, func(tx *storage.Tx) error {
		return storage.Insert(ctx, tx, "customer", &model.Customer{ID: "cus_1", Email: "a@example.com", HasAccount: true, CreatedAt: now, UpdatedAt: now})
	}); err != nil {
		t.Fatal(err)
	}
	old := session.NewStore(db, "old")
	st := start(t, old, "cus_1")
	rotated := session.NewStore(db, "new, old")
	fresh := start(t, rotated, "cus_1")

	for _, tt := range []struct {
		name  string
		store *session.Store
		value string
		want  string
	}{
		{"Valid", old, st.Value, "cus_1"},
		{"RotatedKeyStillVerifies", rotated, st.Value, "cus_1"},
		{"NewKeySigns", rotated, fresh.Value, "cus_1"},
		{"NewCookieNotForOldKeys", old, fresh.Value, ""},
		{"OldKeyRetired", session.NewStore(db, "new"), st.Value, ""},
		{"Tampered", old, st.Value[:5] + "x" + st.Value[6:], ""},
		{"NoSignature", old, st.Value[:43], ""},
		{"Empty", old, "", ""},
		{"Dot", old, ".", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.store.Customer(ctx, tt.value)
			if err != nil || got != tt.want {
				t.Fatalf("Customer = %q, %v; want %q", got, err, tt.want)
			}
		})
	}

	var stored []string
	if err := storage.Select(ctx, db.Reader, &stored, `SELECT id_hash FROM storegraph_session`); err != nil {
		t.Fatal(err)
	}
	for _, h := range stored {
		if h == st.Value[:43] || h == fresh.Value[:43] {
			t.Fatal("the database holds a session id")
		}
	}

	// Expired sessions stop working and are removed by the next login.
	if _, err := storage.Exec(ctx, db.Writer(), `UPDATE storegraph_session SET expires_at = ?`, now.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if got, _ := old.Customer(ctx, st.Value); got != "" {
		t.Fatal("an expired session still works")
	}
	start(t, old, "cus_1")
	var n int
	if err := storage.Get(ctx, db.Reader, &n, `SELECT count(*) FROM storegraph_session`); err != nil || n != 1 {
		t.Fatalf("%d sessions after a login, want the expired ones removed (%v)", n, err)
	}

	if err := old.End(ctx, st.Value); err != nil {
		t.Fatal(err)
	}
	if c := session.Cookie(st, true); !c.HttpOnly || !c.Secure || c.Name != session.CookieName {
		t.Errorf("cookie %+v", c)
	}
}

package customer_test

import (
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// Ensure a session cookie or bearer token from one storegraph process works
// on another process serving the same database (sessions live in the
// database), and a logout on one ends the session on both.
func TestLoginAcrossServers(t *testing.T) {
	one := newServer(t)
	two := newServer(t, apptest.WithDatabase(one.App.Config.DatabaseURL))

	id, created := register(t, one, "a@example.com", "secret")
	cookie := login(t, two, "a@example.com", "secret")
	token := tokenLogin(t, one, "a@example.com", "secret")
	for name, who := range map[string]as{"CreatedOnOne": created, "CookieFromTwo": cookie, "TokenFromOne": token} {
		t.Run(name, func(t *testing.T) {
			for _, srv := range []*apptest.Server{one, two} {
				if got := me(t, srv, who); got != id {
					t.Fatalf("me = %q, want %s", got, id)
				}
			}
			update(t, two, who, map[string]any{"metadata": map[string]any{name: true}})
		})
	}
	ok(t, one, cookie, `mutation { customerLogout }`, nil, nil)
	if me(t, two, cookie) != "" || me(t, one, cookie) != "" {
		t.Error("the session survived a logout on the other server")
	}
	if me(t, two, created) != id {
		t.Error("the logout ended another session")
	}

	t.Run("OtherSecrets", func(t *testing.T) {
		// A process with other secrets accepts neither (a misconfigured cluster
		// logs everyone out rather than trusting foreign credentials).
		other := apptest.New(t, apptest.WithDatabase(one.App.Config.DatabaseURL))
		if me(t, other, created) != "" || me(t, other, token) != "" {
			t.Fatal("a process with other secrets accepted the cookie or the token")
		}
	})
}

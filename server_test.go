package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/events/eventstest"
	"github.com/storegraph/storegraph/internal/session"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

// process is a running `storegraph serve`.
type process struct {
	url    string
	cmd    *exec.Cmd
	stderr *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// build compiles the storegraph command once per test run.
func build(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "storegraph-bin")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "storegraph")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServe starts `storegraph serve` on the database with the environment and
// waits until it is ready; it is stopped with SIGTERM when the test ends,
// and must exit cleanly.
func startServe(t *testing.T, db string, env ...string) *process {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(build(t), "serve", "--addr", addr, "--db", db)
	cmd.Env = append(os.Environ(), env...)
	p := &process{url: "http://" + addr, cmd: cmd, stderr: &syncBuffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.stop(t) })
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(p.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			t.Fatalf("storegraph did not become ready:\n%s", p.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (p *process) stop(t *testing.T) {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("storegraph exited with %v:\n%s", err, p.stderr.String())
		}
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		t.Errorf("storegraph did not stop on SIGTERM:\n%s", p.stderr.String())
	}
}

// post sends a GraphQL request with the headers and returns the response's
// data and its Set-Cookie session value.
func (p *process) post(t *testing.T, header http.Header, query string, vars map[string]any) (map[string]any, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, p.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any
		Errors []map[string]any
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 {
		t.Fatalf("errors: %v", out.Errors)
	}
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == session.CookieName {
			cookie = c.Value
		}
	}
	return out.Data, cookie
}

func (p *process) me(t *testing.T, header http.Header) string {
	t.Helper()
	data, _ := p.post(t, header, `{ me { id } }`, nil)
	m, _ := data["me"].(map[string]any)
	id, _ := m["id"].(string)
	return id
}

// Ensure two `storegraph serve` processes on one database (PostgreSQL, or
// a SQLite file) share logins: a session cookie or bearer token from one
// works on the other, a logout on one ends the session on both; the events
// of both reach the webhook; both stop cleanly on SIGTERM.
func TestServeProcessesShareLogins(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the storegraph binary")
	}
	db := storagetest.URL(t)
	r := eventstest.NewReceiver(t, "whsec")
	env := []string{"STOREGRAPH_JWT_SECRET=jwt-secret", "STOREGRAPH_COOKIE_SECRET=cookie-secret",
		"STOREGRAPH_WEBHOOK_URLS=" + r.URL(), "STOREGRAPH_WEBHOOK_SECRET=whsec", "STOREGRAPH_LOG_LEVEL=info"}
	one := startServe(t, db, env...)
	two := startServe(t, db, env...)

	data, cookie := one.post(t, nil, `mutation { createCustomer(input: {firstName: "A", lastName: "B", email: "a@example.com", password: "secret"}) { customer { id } } }`, nil)
	id := data["createCustomer"].(map[string]any)["customer"].(map[string]any)["id"].(string)
	if cookie == "" {
		t.Fatal("createCustomer set no cookie")
	}
	withCookie := http.Header{"Cookie": {session.CookieName + "=" + cookie}}
	if got := two.me(t, withCookie); got != id {
		t.Fatalf("process two: me = %q with process one's cookie, want %s", got, id)
	}
	data, _ = two.post(t, nil, `mutation { customerLoginToken(input: {email: "a@example.com", password: "secret"}) { accessToken } }`, nil)
	token := data["customerLoginToken"].(map[string]any)["accessToken"].(string)
	withToken := http.Header{"Authorization": {"Bearer " + token}}
	if got := one.me(t, withToken); got != id {
		t.Fatalf("process one: me = %q with process two's token, want %s", got, id)
	}
	two.post(t, withCookie, `mutation { updateCustomer(input: {firstName: "Two"}) { customer { id } } }`, nil)
	two.post(t, withCookie, `mutation { customerLogout }`, nil)
	if got := one.me(t, withCookie); got != "" {
		t.Fatalf("process one still accepts the cookie logged out on process two: me = %q", got)
	}
	if got := one.me(t, withToken); got != id {
		t.Fatalf("the token stopped working: me = %q", got)
	}
	created, updated := r.Last("customer.created"), r.Last("customer.updated")
	if created.ResourceID != id || updated.ResourceID != id {
		t.Fatalf("webhook deliveries %+v %+v", created, updated)
	}

	t.Run("GeneratedSecrets", func(t *testing.T) {
		// Without secrets a process makes its own, says so, and accepts
		// neither the cluster's cookies nor its tokens.
		three := startServe(t, db, "STOREGRAPH_WEBHOOK_URLS=", "STOREGRAPH_JWT_SECRET=", "STOREGRAPH_COOKIE_SECRET=")
		if got := three.me(t, withToken); got != "" {
			t.Errorf("a process with a generated secret accepted a token: me = %q", got)
		}
		log := three.stderr.String()
		if !strings.Contains(log, "STOREGRAPH_JWT_SECRET is not set") || !strings.Contains(log, "STOREGRAPH_COOKIE_SECRET is not set") {
			t.Errorf("no warning about generated secrets in:\n%s", log)
		}
	})
}

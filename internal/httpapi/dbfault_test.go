package httpapi_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/storegraph/storegraph/internal/app"
	"github.com/storegraph/storegraph/internal/apptest"
	"github.com/storegraph/storegraph/internal/storage"
	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

const catalogQuery = `{ products(limit: 3) { count nodes { title variants { title } } } regions { count } }`

// expectDatabaseDown asserts that a read answers DATABASE_ERROR on every
// field that touches the database, and that /readyz answers 503.
func expectDatabaseDown(t *testing.T, s *apptest.Server) {
	t.Helper()
	for range 3 {
		r := post(t, s.Handler, query(catalogQuery))
		if r.Status != 200 || len(r.Errors) == 0 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
		for _, e := range r.Errors {
			apptest.ExpectError(t, e, "DATABASE_ERROR", storage.DatabaseUnavailableMessage)
		}
	}
	if r := send(t, s.Handler, httptest.NewRequest(http.MethodGet, "/readyz", nil)); r.Status != 503 {
		t.Fatalf("/readyz %d: %s", r.Status, r.Body)
	}
}

// expectRecovered asserts that reads work again (allowing the pool a few
// requests to drop broken connections) and /readyz answers 200.
func expectRecovered(t *testing.T, s *apptest.Server) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := post(t, s.Handler, query(catalogQuery))
		if len(r.Errors) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not recovered: %s", r.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if r := send(t, s.Handler, httptest.NewRequest(http.MethodGet, "/readyz", nil)); r.Status != 200 {
		t.Fatalf("/readyz %d: %s", r.Status, r.Body)
	}
}

// Ensure that when PostgreSQL goes out of reach (its connections cut, new
// ones refused) reads answer DATABASE_ERROR and /readyz 503, and that the
// server serves again by itself once PostgreSQL is back.
func TestPostgresUnreachable(t *testing.T) {
	if !storagetest.UsePostgres() {
		t.Skip("PostgreSQL only (STOREGRAPH_TEST_DB=postgres)")
	}
	proxy := startProxy(t, "127.0.0.1:5432")
	s := apptest.New(t, apptest.WithConfig(func(c *app.Config) {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil {
			t.Fatal(err)
		}
		u.Host = proxy.addr
		c.DatabaseURL = u.String()
	}))
	expectRecovered(t, s)

	proxy.setUp(false)
	expectDatabaseDown(t, s)

	proxy.setUp(true)
	expectRecovered(t, s)
}

// Ensure that when the SQLite file vanishes or stops being a database,
// reads answer DATABASE_ERROR and /readyz 503, and the server serves again
// once the file is back.
func TestSQLiteFileUnavailable(t *testing.T) {
	if storagetest.UsePostgres() {
		t.Skip("SQLite only")
	}
	s := apptest.New(t)
	path := s.App.Config.DatabaseURL
	expectRecovered(t, s)

	// New connections are what notice a file's absence (open ones keep the
	// removed file): close the idle ones, as the pool does over time.
	dropConnections := func() {
		s.DB.Reader.SetMaxIdleConns(0)
		s.DB.Writer().SetMaxIdleConns(0)
		s.DB.Reader.SetMaxIdleConns(8)
		s.DB.Writer().SetMaxIdleConns(2)
	}

	t.Run("Missing", func(t *testing.T) {
		dropConnections()
		if err := os.Rename(path, path+".away"); err != nil {
			t.Fatal(err)
		}
		expectDatabaseDown(t, s)
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Fatalf("a read created the file again: %v", err)
		}
		if err := os.Rename(path+".away", path); err != nil {
			t.Fatal(err)
		}
		expectRecovered(t, s)
	})
	t.Run("NotADatabase", func(t *testing.T) {
		dropConnections()
		if err := os.Rename(path, path+".away"); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("this is not a database, just some text that is long enough to be read"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := post(t, s.Handler, query(catalogQuery))
		for _, e := range r.Errors {
			apptest.ExpectError(t, e, "DATABASE_ERROR", storage.DatabaseUnavailableMessage)
		}
		if len(r.Errors) == 0 {
			t.Fatalf("no error: %s", r.Body)
		}
		dropConnections()
		if err := os.Rename(path+".away", path); err != nil {
			t.Fatal(err)
		}
		expectRecovered(t, s)
	})
}

// proxy forwards TCP connections to a server while up; when set down it
// cuts the connections it carries and refuses new ones, as a database
// server that crashed or a network that broke would.
type proxy struct {
	addr, target string
	ln           net.Listener

	mu    sync.Mutex
	up    bool
	conns map[net.Conn]struct{}
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), target: target, ln: ln, up: true, conns: map[net.Conn]struct{}{}}
	t.Cleanup(func() {
		ln.Close()
		p.setUp(false)
	})
	go p.serve()
	return p
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		up := p.up
		p.mu.Unlock()
		if !up {
			c.Close()
			continue
		}
		server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
		if err != nil {
			c.Close()
			continue
		}
		p.track(c, server)
		go p.pipe(c, server)
		go p.pipe(server, c)
	}
}

func (p *proxy) track(conns ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
}

func (p *proxy) pipe(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	dst.Close()
	src.Close()
}

func (p *proxy) setUp(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}

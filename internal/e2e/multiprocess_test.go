// Package e2e runs storegraph as real processes: several `storegraph serve`
// against one PostgreSQL database, under concurrent checkouts, with a
// process killed mid-load. It checks the store's invariants afterwards:
// stock never below zero, units sold equal to the stock taken, one order per
// completed cart, one authorized payment per order.
//
// The tests run on PostgreSQL only (STOREGRAPH_TEST_DB=postgres). CI runs a
// short version; STOREGRAPH_LONG_TESTS=1 runs 200 checkouts.
package e2e

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/storegraph/storegraph/internal/storage/storagetest"
)

var binary string // the storegraph binary built for these tests

func TestMain(m *testing.M) {
	if !storagetest.UsePostgres() {
		fmt.Println("e2e: multi-process tests run on PostgreSQL only (STOREGRAPH_TEST_DB=postgres)")
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "storegraph-e2e")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "storegraph")
	build := exec.Command("go", "build", "-o", binary, "github.com/storegraph/storegraph")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Println("e2e: build storegraph:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// The scarce catalog: few variants with little stock, so checkouts compete.
const scarceVariants = 6

func scarceSeed(stock int) string {
	var products []string
	for i := range scarceVariants {
		products = append(products, fmt.Sprintf(`{"id": "prod_s%d", "title": "Scarce %d", "handle": "scarce-%d", "options": [{"title": "Size"}],
			"variants": [{"id": "variant_s%d", "title": "One", "options": [{"value": "One"}], "inventory_quantity": %d,
			"prices": [{"currency_code": "eur", "amount": %d}]}]}`, i, i, i, i, stock, 1000+i*100))
	}
	return `{"store": {"currencies": ["eur"], "default_currency_code": "eur"},
		"regions": [{"id": "reg_mp", "name": "MP", "currency_code": "eur", "tax_rate": 20, "countries": ["de"],
			"payment_providers": ["manual"], "fulfillment_providers": ["manual"]}],
		"shipping_options": [{"id": "so_mp", "name": "Standard", "region_id": "reg_mp", "provider_id": "manual",
			"data": {"id": "manual-fulfillment"}, "price_type": "flat_rate", "amount": 500}],
		"products": [` + strings.Join(products, ",") + `]}`
}

// server is one storegraph process.
type server struct {
	url  string
	addr string
	cmd  *exec.Cmd
	db   string
	log  *bytes.Buffer
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

func start(t *testing.T, db, addr string) *server {
	t.Helper()
	s := &server{addr: addr, url: "http://" + addr + "/graphql", db: db, log: &bytes.Buffer{}}
	s.cmd = exec.Command(binary, "serve", "--db", db, "--addr", addr, "--no-demo", "--log-level", "warn")
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server %s did not become ready:\n%s", addr, s.log)
	return nil
}

func (s *server) kill() { _ = s.cmd.Process.Signal(syscall.SIGKILL); _ = s.cmd.Wait() }
func (s *server) stop() { _ = s.cmd.Process.Signal(syscall.SIGTERM); _ = s.cmd.Wait() }

var httpClient = &http.Client{Timeout: 30 * time.Second}

// call posts a GraphQL request; a transport error (a killed process) and a
// GraphQL error are both returned as errors.
func call(ctx context.Context, url, query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var decoded struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&decoded); err != nil {
		return fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	if len(decoded.Errors) > 0 {
		return fmt.Errorf("%s [%v %v]", decoded.Errors[0].Message, decoded.Errors[0].Extensions["code"], decoded.Errors[0].Extensions["reason"])
	}
	if out != nil {
		return json.Unmarshal(decoded.Data, out)
	}
	return nil
}

// prepareCart runs a storefront up to a selected payment session.
func prepareCart(ctx context.Context, url string, variant string, qty int) (string, error) {
	var created struct {
		CreateCart struct{ Cart struct{ ID string } } `json:"createCart"`
	}
	if err := call(ctx, url, `mutation { createCart(input: {regionId: "reg_mp"}) { cart { id } } }`, nil, &created); err != nil {
		return "", err
	}
	id := created.CreateCart.Cart.ID
	steps := []string{
		`mutation($id: ID!, $v: ID!, $q: Int!) { addLineItem(cartId: $id, input: {variantId: $v, quantity: $q}) { cart { id } } }`,
		`mutation($id: ID!) { updateCart(cartId: $id, input: {email: "mp@example.com", shippingAddress: {firstName: "M", lastName: "P", address1: "1", city: "B", postalCode: "1", countryCode: "de"}}) { cart { id } } }`,
		`mutation($id: ID!) { addShippingMethod(cartId: $id, input: {optionId: "so_mp"}) { cart { id } } }`,
		`mutation($id: ID!) { createPaymentSessions(cartId: $id) { cart { id } } }`,
		`mutation($id: ID!) { selectPaymentSession(cartId: $id, input: {providerId: "manual"}) { cart { id } } }`,
	}
	for i, q := range steps {
		vars := map[string]any{"id": id}
		if i == 0 {
			vars["v"], vars["q"] = variant, qty
		}
		if err := call(ctx, url, q, vars, nil); err != nil {
			return "", err
		}
	}
	return id, nil
}

type outcome struct {
	cartID  string
	key     string
	orderID string
	refused bool // insufficient inventory
}

const completeQuery = `mutation($id: ID!, $key: String!) { completeCart(cartId: $id, idempotencyKey: $key) { type order { id } } }`

// complete completes a cart, retrying with the same key on other processes
// until it answers.
func complete(ctx context.Context, urls func() []string, cartID, key string) (outcome, error) {
	out := outcome{cartID: cartID, key: key}
	var lastErr error
	for attempt := range 40 {
		all := urls()
		url := all[rand.IntN(len(all))]
		var res struct {
			CompleteCart struct {
				Type  string `json:"type"`
				Order *struct{ ID string }
			} `json:"completeCart"`
		}
		err := call(ctx, url, completeQuery, map[string]any{"id": cartID, "key": key}, &res)
		switch {
		case err == nil && res.CompleteCart.Order != nil:
			out.orderID = res.CompleteCart.Order.ID
			return out, nil
		case err != nil && strings.Contains(err.Error(), "insufficient_inventory"):
			out.refused = true
			return out, nil
		case err == nil:
			lastErr = fmt.Errorf("completeCart answered %s", res.CompleteCart.Type)
		default:
			lastErr = err
		}
		time.Sleep(time.Duration(50+attempt*25) * time.Millisecond)
	}
	return out, fmt.Errorf("cart %s never completed: %w", cartID, lastErr)
}

// load runs checkouts concurrently against the servers. Every completion is
// sent twice with its key, to two processes, as a client that timed out
// and retried would. kill, when set, runs once a third of the checkouts
// have started.
func load(t *testing.T, servers func() []string, checkouts, concurrency int, kill func()) []outcome {
	t.Helper()
	ctx := context.Background()
	var mu sync.Mutex
	var results []outcome
	var started atomic.Int64
	var killOnce sync.Once
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	errs := make(chan error, checkouts)
	for i := range checkouts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if n := started.Add(1); kill != nil && n == int64(checkouts/3) {
				killOnce.Do(kill)
			}
			variant := fmt.Sprintf("variant_s%d", i%scarceVariants)
			var cartID string
			var err error
			for range 20 { // a killed process fails requests in flight: start again elsewhere
				all := servers()
				if cartID, err = prepareCart(ctx, all[rand.IntN(len(all))], variant, 1+i%2); err == nil ||
					strings.Contains(err.Error(), "insufficient_inventory") {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err != nil && strings.Contains(err.Error(), "insufficient_inventory") {
				// Sold out before the item could go in the cart.
				mu.Lock()
				results = append(results, outcome{refused: true})
				mu.Unlock()
				return
			}
			if err != nil {
				errs <- fmt.Errorf("prepare: %w", err)
				return
			}
			key := fmt.Sprintf("mp-%d-%s", i, cartID)
			// A duplicate send of the same completion, to another process.
			var twin sync.WaitGroup
			twin.Add(1)
			go func() {
				defer twin.Done()
				all := servers()
				_ = call(ctx, all[rand.IntN(len(all))], completeQuery, map[string]any{"id": cartID, "key": key}, nil)
			}()
			res, err := complete(ctx, servers, cartID, key)
			twin.Wait()
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			results = append(results, res)
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	return results
}

// checkInvariants reads the database behind the servers.
func checkInvariants(t *testing.T, db *sql.DB, schema string, stock int, results []outcome) {
	t.Helper()
	q := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(strings.ReplaceAll(query, "S.", schema+"."), args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	if n := q(`SELECT count(*) FROM S.product_variant WHERE inventory_quantity < 0`); n != 0 {
		t.Errorf("%d variants below zero stock", n)
	}
	taken := scarceVariants*stock - q(`SELECT COALESCE(SUM(inventory_quantity), 0) FROM S.product_variant`)
	sold := q(`SELECT COALESCE(SUM(li.quantity), 0) FROM S.line_item li JOIN S."order" o ON o.id = li.order_id`)
	if sold != taken {
		t.Errorf("units sold %d, stock taken %d", sold, taken)
	}
	if n := q(`SELECT count(*) FROM (SELECT cart_id FROM S."order" GROUP BY cart_id HAVING count(*) > 1) d`); n != 0 {
		t.Errorf("%d carts with several orders", n)
	}
	if n := q(`SELECT count(*) FROM S.cart c WHERE c.completed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM S."order" o WHERE o.cart_id = c.id)`); n != 0 {
		t.Errorf("%d completed carts without an order", n)
	}
	if n := q(`SELECT count(*) FROM S."order" o WHERE (SELECT count(*) FROM S.payment p WHERE p.order_id = o.id AND p.canceled_at IS NULL) <> 1`); n != 0 {
		t.Errorf("%d orders without exactly one payment", n)
	}
	orders, refused := 0, 0
	seen := map[string]bool{}
	for _, r := range results {
		if r.refused {
			refused++
			continue
		}
		orders++
		if seen[r.orderID] {
			t.Errorf("order %s answered for two carts", r.orderID)
		}
		seen[r.orderID] = true
	}
	if n := q(`SELECT count(*) FROM S."order"`); n != orders {
		t.Errorf("%d orders in the database, %d answered", n, orders)
	}
	t.Logf("%d checkouts: %d orders, %d refused for stock, %d units sold of %d", len(results), orders, refused, sold, scarceVariants*stock)
}

// setup makes a fresh schema with the scarce catalog.
func setup(t *testing.T, stock int) (url, schema string, db *sql.DB) {
	t.Helper()
	url = storagetest.URL(t)
	seedFile := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seedFile, []byte(scarceSeed(stock)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "seed", "--file", seedFile, "--db", url, "--log-level", "warn").CombinedOutput()
	if err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	schema = url[strings.Index(url, "search_path=")+len("search_path="):]
	schema = schema[:strings.IndexAny(schema, "%,&")]
	db, err = sql.Open("pgx", storagetest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return url, schema, db
}

func sizes() (checkouts, concurrency int) {
	if os.Getenv("STOREGRAPH_LONG_TESTS") != "" {
		return 200, 48
	}
	return 40, 16
}

// Ensure three processes on one database sell exactly the stock there is.
func TestMultiProcessCheckouts(t *testing.T) {
	checkouts, concurrency := sizes()
	const stock = 10
	url, schema, db := setup(t, stock)
	var servers []*server
	for range 3 {
		s := start(t, url, freeAddr(t))
		servers = append(servers, s)
		t.Cleanup(s.stop)
	}
	urls := func() []string {
		return []string{servers[0].url, servers[1].url, servers[2].url}
	}
	results := load(t, urls, checkouts, concurrency, nil)
	checkInvariants(t, db, schema, stock, results)
}

// Ensure a process killed mid-load loses nothing: its interrupted
// completions finish on retry with their keys, and the invariants hold.
func TestCrashDuringCheckouts(t *testing.T) {
	checkouts, concurrency := sizes()
	const stock = 10
	url, schema, db := setup(t, stock)
	var mu sync.Mutex
	var servers []*server
	for range 3 {
		servers = append(servers, start(t, url, freeAddr(t)))
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, s := range servers {
			s.stop()
		}
	})
	urls := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := make([]string, len(servers))
		for i, s := range servers {
			out[i] = s.url
		}
		return out
	}
	restarted := make(chan struct{})
	kill := func() {
		mu.Lock()
		victim := servers[0]
		mu.Unlock()
		victim.kill()
		t.Logf("killed %s with SIGKILL", victim.addr)
		go func() {
			defer close(restarted)
			s := start(t, url, victim.addr)
			mu.Lock()
			servers[0] = s
			mu.Unlock()
			t.Logf("restarted %s", victim.addr)
		}()
	}
	results := load(t, urls, checkouts, concurrency, kill)
	<-restarted
	checkInvariants(t, db, schema, stock, results)
}

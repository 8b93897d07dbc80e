// Package bench is storegraph's load generator: it drives a running server
// through GraphQL with one of three storefront flows and reports
// throughput and latency percentiles per step.
//
//	checkout   create cart, add 2 items, email and address, shipping
//	           options, shipping method, payment sessions, select, complete
//	cart-read  read a 5-item cart with every nested field and total
//	catalog    list 20 priced products with variants and options
//
// The flows run against the catalog of Seed: given the server's admin
// token, the tool loads it through the admin endpoint's importSeed when the
// server does not have it yet; otherwise serve it with
// `storegraph serve --seed FILE`, the file written by
// `storegraph bench --print-seed`. Carts and orders are made through the
// store API, as storefronts make them.
package bench

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

//go:embed seed.json
var seed []byte

// Seed is the catalog the flows expect: a region and products with deep
// stock.
func Seed() []byte { return seed }

// Config is a bench run.
type Config struct {
	URL         string
	Concurrency int
	Duration    time.Duration
	Flow        string
	Region      string
	// AdminToken, when set, lets the tool load its catalog through
	// /admin/graphql (importSeed) on a server that lacks it.
	AdminToken string
	// Gzip asks for compressed responses, as a browser does. Off by
	// default, like wrk, so that the figures compare with plain HTTP
	// servers and the tool's own CPU, which shares the machine, stays low.
	Gzip bool
	// Progress receives a status line about once a second.
	Progress io.Writer
}

// Step is the latency record of one step of a flow.
type Step struct {
	Name     string
	Count    int
	Errors   int
	P50, P90 time.Duration
	P99, Max time.Duration
}

// Report is the result of a run.
type Report struct {
	Flow        string
	Concurrency int
	Elapsed     time.Duration
	Iterations  int
	Failed      int
	Steps       []Step
	FirstError  string
}

// PerSecond is the completed iterations per second.
func (r *Report) PerSecond() float64 { return float64(r.Iterations) / r.Elapsed.Seconds() }

// Run runs the flow until the duration is over.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	if cfg.Region == "" {
		cfg.Region = "reg_bench"
	}
	c := &client{url: cfg.URL, http: &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: cfg.Concurrency * 2, MaxIdleConnsPerHost: cfg.Concurrency * 2,
			DisableCompression: !cfg.Gzip,
			DialContext:        (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		},
	}}
	var flow func(ctx context.Context, w *worker) error
	var setup func(ctx context.Context, w *worker) error
	switch cfg.Flow {
	case "checkout":
		flow = checkout
	case "cart-read":
		setup, flow = prepareCart, readCart
	case "catalog":
		flow = listCatalog
	default:
		return nil, fmt.Errorf("unknown flow %q (want checkout, cart-read or catalog)", cfg.Flow)
	}
	if err := c.ensureCatalog(ctx, cfg); err != nil {
		return nil, err
	}

	rec := newRecorder()
	workers := make([]*worker, cfg.Concurrency)
	for i := range workers {
		workers[i] = &worker{id: i, client: c, rec: rec, region: cfg.Region}
		if setup != nil {
			if err := setup(ctx, workers[i]); err != nil {
				return nil, fmt.Errorf("setup: %w", err)
			}
		}
	}
	rec.reset()

	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	var done, failed atomic.Int64
	var firstErr atomic.Value
	start := time.Now()
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for runCtx.Err() == nil {
				if err := flow(runCtx, w); err != nil {
					if runCtx.Err() != nil {
						return
					}
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				done.Add(1)
			}
		}()
	}
	if cfg.Progress != nil {
		go progress(runCtx, cfg.Progress, start, &done, &failed)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if cfg.Progress != nil {
		fmt.Fprintln(cfg.Progress)
	}
	r := &Report{Flow: cfg.Flow, Concurrency: cfg.Concurrency, Elapsed: elapsed, Iterations: int(done.Load()),
		Failed: int(failed.Load()), Steps: rec.steps()}
	if e, ok := firstErr.Load().(string); ok {
		r.FirstError = e
	}
	return r, nil
}

func progress(ctx context.Context, w io.Writer, start time.Time, done, failed *atomic.Int64) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			secs := time.Since(start).Seconds()
			fmt.Fprintf(w, "\r%5.0fs  %8d done  %6d failed  %9.1f/s   ", secs, done.Load(), failed.Load(), float64(done.Load())/secs)
		}
	}
}

// Print writes a report as a table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "flow %s, concurrency %d, %.1fs: %d done (%.1f/s), %d failed\n",
		r.Flow, r.Concurrency, r.Elapsed.Seconds(), r.Iterations, r.PerSecond(), r.Failed)
	if r.FirstError != "" {
		fmt.Fprintf(w, "first error: %s\n", r.FirstError)
	}
	fmt.Fprintf(w, "%-22s %8s %7s %9s %9s %9s %9s\n", "step", "count", "errors", "p50", "p90", "p99", "max")
	for _, s := range r.Steps {
		fmt.Fprintf(w, "%-22s %8d %7d %9s %9s %9s %9s\n", s.Name, s.Count, s.Errors, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// recorder keeps the latencies of every step.
type recorder struct {
	mu     sync.Mutex
	order  []string
	times  map[string][]time.Duration
	errors map[string]int
}

func newRecorder() *recorder {
	return &recorder{times: map[string][]time.Duration{}, errors: map[string]int{}}
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.order, r.times, r.errors = nil, map[string][]time.Duration{}, map[string]int{}
}

func (r *recorder) add(step string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.times[step]; !ok && r.errors[step] == 0 {
		r.order = append(r.order, step)
	}
	if err != nil {
		r.errors[step]++
		return
	}
	r.times[step] = append(r.times[step], d)
}

func (r *recorder) steps() []Step {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Step, 0, len(r.order))
	for _, name := range r.order {
		ts := slices.Clone(r.times[name])
		sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
		s := Step{Name: name, Count: len(ts), Errors: r.errors[name]}
		if len(ts) > 0 {
			s.P50, s.P90, s.P99, s.Max = pct(ts, 50), pct(ts, 90), pct(ts, 99), ts[len(ts)-1]
		}
		out = append(out, s)
	}
	return out
}

func pct(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return sorted[i-1]
}

// client posts GraphQL requests.
type client struct {
	url   string
	http  *http.Client
	token string // bearer token, for the admin endpoint
}

// responseError is the first GraphQL error of a response.
type responseError struct{ message, code string }

func (e *responseError) Error() string { return fmt.Sprintf("%s (%s)", e.message, e.code) }

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

func (c *client) do(ctx context.Context, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	// Most answers are read for nothing but their errors: decoding them
	// whole would spend the server's CPU on the load tool.
	if out == nil && resp.StatusCode == http.StatusOK && !bytes.Contains(raw, []byte(`"errors"`)) {
		return nil
	}
	var decoded struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.Unmarshal(raw, &decoded); err != nil {
		return fmt.Errorf("status %d: %w", resp.StatusCode, err)
	}
	if len(decoded.Errors) > 0 {
		code, _ := decoded.Errors[0].Extensions["code"].(string)
		return &responseError{message: decoded.Errors[0].Message, code: code}
	}
	if out != nil {
		return json.Unmarshal(decoded.Data, out)
	}
	return nil
}

// errNoCatalog is check's answer for a server without the bench region.
var errNoCatalog = errors.New("the server has no bench catalog: run the tool with the server's admin token " +
	"(--admin-token, STOREGRAPH_ADMIN_TOKEN) to load it, or start the server with `--seed bench.json`, " +
	"bench.json from `storegraph bench --print-seed > bench.json`")

// check reports whether the server has the bench region.
func (c *client) check(ctx context.Context, region string) error {
	err := c.do(ctx, `query($id: ID!) { region(id: $id) { id } }`, map[string]any{"id": region}, nil)
	var gqlErr *responseError
	if errors.As(err, &gqlErr) && gqlErr.code == "NOT_FOUND" {
		return errNoCatalog
	}
	if err != nil {
		return fmt.Errorf("server at %s: %w", c.url, err)
	}
	return nil
}

// ensureCatalog checks that the server has the bench catalog and, when it
// has not and the admin token is given, loads it through importSeed.
func (c *client) ensureCatalog(ctx context.Context, cfg Config) error {
	err := c.check(ctx, cfg.Region)
	if !errors.Is(err, errNoCatalog) || cfg.AdminToken == "" {
		return err
	}
	adminURL, err := adminEndpoint(c.url)
	if err != nil {
		return err
	}
	admin := &client{url: adminURL, http: c.http, token: cfg.AdminToken}
	var doc map[string]any
	if err := json.Unmarshal(seed, &doc); err != nil {
		return err
	}
	err = admin.do(ctx, `mutation($seed: JSON!) { importSeed(seed: $seed) { products } }`, map[string]any{"seed": doc}, nil)
	if err != nil {
		return fmt.Errorf("loading the bench catalog through %s: %w", adminURL, err)
	}
	return c.check(ctx, cfg.Region)
}

// adminEndpoint is the admin endpoint beside a store endpoint: /admin/graphql
// in place of /graphql.
func adminEndpoint(storeURL string) (string, error) {
	u, err := url.Parse(storeURL)
	if err != nil || !strings.HasSuffix(u.Path, "/graphql") {
		return "", fmt.Errorf("cannot derive the admin endpoint from %q: want a URL ending in /graphql", storeURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "graphql") + "admin/graphql"
	return u.String(), nil
}

// worker is one simulated storefront.
type worker struct {
	id     int
	n      int
	client *client
	rec    *recorder
	region string
	cartID string
}

// step times one request of a flow.
func (w *worker) step(ctx context.Context, name, query string, vars map[string]any, out any) error {
	start := time.Now()
	err := w.client.do(ctx, query, vars, out)
	if ctx.Err() == nil {
		w.rec.add(name, time.Since(start), err)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/storegraph/storegraph/internal/apptest"
)

// reply is a raw HTTP answer of the handler, decoded when it is JSON.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
	Data   json.RawMessage
	Errors []apptest.Error
}

func (r *reply) firstError(t *testing.T) apptest.Error {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("status %d, no errors: %s", r.Status, r.Body)
	}
	return r.Errors[0]
}

// send serves one request through the handler.
func send(t testing.TB, h http.Handler, r *http.Request) *reply {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	out := &reply{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	var decoded struct {
		Data   json.RawMessage `json:"data"`
		Errors []apptest.Error `json:"errors"`
	}
	if json.Unmarshal(out.Body, &decoded) == nil {
		out.Data, out.Errors = decoded.Data, decoded.Errors
	}
	return out
}

// post sends a JSON body (a string is sent as it is, anything else encoded).
func post(t testing.TB, h http.Handler, body any, header ...string) *reply {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return send(t, h, r)
}

// get sends a GET request with the given query parameters.
func get(t testing.TB, h http.Handler, params map[string]string) *reply {
	t.Helper()
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	return send(t, h, httptest.NewRequest(http.MethodGet, "/graphql?"+q.Encode(), nil))
}

func query(q string, vars ...map[string]any) map[string]any {
	body := map[string]any{"query": q}
	if len(vars) > 0 {
		body["variables"] = vars[0]
	}
	return body
}

func readAll(t testing.TB, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func repeat(s string, n int) string { return strings.Repeat(s, n) }

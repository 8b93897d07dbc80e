package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// guardRequest checks what gqlgen's transports would otherwise answer
// without an error code, before they see the request: the method, the
// content type, the body's size (HTTP 413 past limits.MaxBodyBytes) and that
// the body or the GET parameters decode as a GraphQL request. Every refusal
// is a GraphQL error response with extensions.code.
func guardRequest(maxBody int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r = r.WithContext(context.WithValue(r.Context(), methodKey{}, r.Method))
			switch r.Method {
			case http.MethodGet:
				if err := checkGET(r); err != nil {
					writeError(w, http.StatusBadRequest, codeParseFailed, err.Error())
					return
				}
			case http.MethodPost:
				mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
				if err != nil || mediaType != "application/json" {
					writeError(w, http.StatusUnsupportedMediaType, codeParseFailed,
						"Send GraphQL requests as JSON (Content-Type: application/json).")
					return
				}
				body, err := readBody(w, r, maxBody)
				var tooLarge *http.MaxBytesError
				switch {
				case errors.As(err, &tooLarge):
					writeError(w, http.StatusRequestEntityTooLarge, codeValidationFailed, fmt.Sprintf(msgBody, maxBody))
					return
				case err != nil:
					writeError(w, http.StatusBadRequest, codeParseFailed, "The request body could not be read.")
					return
				}
				if err := decodeJSON(bytes.NewReader(body), &graphql.RawParams{}); err != nil {
					writeError(w, http.StatusBadRequest, codeParseFailed, "The request body is not a GraphQL request in JSON: "+jsonProblem(err))
					return
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
			case http.MethodOptions, http.MethodHead:
			default:
				w.Header().Set("Allow", "GET, POST, OPTIONS")
				writeError(w, http.StatusMethodNotAllowed, codeParseFailed, msgMethod)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// readBody reads the whole body, at most max bytes of it (no limit when 0).
func readBody(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if max > 0 {
		if r.ContentLength > max {
			return nil, &http.MaxBytesError{Limit: max}
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
	}
	return io.ReadAll(r.Body)
}

// checkGET decodes the GET parameters as gqlgen's GET transport does.
func checkGET(r *http.Request) error {
	params, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errors.New("The URL's query string is malformed.")
	}
	for _, name := range []string{"variables", "extensions"} {
		if v := params.Get(name); v != "" {
			var m map[string]any
			if err := decodeJSON(strings.NewReader(v), &m); err != nil {
				return fmt.Errorf("The %s parameter is not a JSON object: %s", name, jsonProblem(err))
			}
		}
	}
	return nil
}

// decodeJSON decodes as gqlgen's transports do (numbers kept as json.Number).
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	return dec.Decode(v)
}

// jsonProblem says what is wrong with a JSON text without quoting it.
func jsonProblem(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field != "" {
			return fmt.Sprintf("%s must not be a JSON %s.", typeErr.Field, typeErr.Value)
		}
		return fmt.Sprintf("expected an object, got a JSON %s.", typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("%s (at byte %d).", syntaxErr.Error(), syntaxErr.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input."
	}
	return "malformed JSON."
}

type methodKey struct{}

// methodFrom is the HTTP method of the request behind ctx.
func methodFrom(ctx context.Context) string {
	m, _ := ctx.Value(methodKey{}).(string)
	return m
}

// writeError answers a GraphQL error response outside the executor.
func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}

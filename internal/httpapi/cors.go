package httpapi

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/go-chi/cors"

	"github.com/storegraph/storegraph/internal/commalist"
)

// ParseOrigins reads a comma-separated origin list as Medusa reads its
// store_cors: each entry is an origin (https://shop.example.com), an origin
// with a * wildcard (https://*.example.com), * for any origin, or a regular
// expression between slashes (/^https:\/\/.*\.example\.com$/). An entry
// that does not parse is left out and reported.
func ParseOrigins(list string) ([]string, error) {
	var out []string
	var bad error
	for _, o := range commalist.Split(list) {
		if isRegexOrigin(o) {
			if _, err := regexp.Compile(o[1 : len(o)-1]); err != nil {
				bad = fmt.Errorf("store CORS origin %s: %w", o, err)
				continue
			}
		}
		out = append(out, o)
	}
	return out, bad
}

func isRegexOrigin(o string) bool { return len(o) >= 2 && o[0] == '/' && o[len(o)-1] == '/' }

// storeCORS lets browsers on the store's origins call the API with
// credentials (the session cookie), as Medusa's store_cors does: the allowed
// origin is echoed, any request header is allowed.
func storeCORS(origins []string) func(http.Handler) http.Handler {
	match := originMatcher(origins)
	return cors.Handler(cors.Options{
		AllowOriginFunc:  func(_ *http.Request, origin string) bool { return match(origin) },
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"*"},
		AllowCredentials: true,
		MaxAge:           600,
	})
}

// originMatcher reports whether an Origin header is one of origins (see
// ParseOrigins); a malformed regular expression matches nothing.
func originMatcher(origins []string) func(string) bool {
	var exact []string
	var patterns []*regexp.Regexp
	anyOrigin := false
	for _, o := range origins {
		switch {
		case o == "*":
			anyOrigin = true
		case isRegexOrigin(o):
			if re, err := regexp.Compile(o[1 : len(o)-1]); err == nil {
				patterns = append(patterns, re)
			}
		case strings.Contains(o, "*"):
			prefix, suffix, _ := strings.Cut(strings.ToLower(o), "*")
			patterns = append(patterns, regexp.MustCompile("^"+regexp.QuoteMeta(prefix)+"[^/]+"+regexp.QuoteMeta(suffix)+"$"))
		default:
			exact = append(exact, strings.ToLower(strings.TrimSuffix(o, "/")))
		}
	}
	return func(origin string) bool {
		if origin == "" {
			return false
		}
		if anyOrigin {
			return true
		}
		lower := strings.ToLower(origin)
		for _, o := range exact {
			if o == lower {
				return true
			}
		}
		for _, re := range patterns {
			if re.MatchString(origin) || re.MatchString(lower) {
				return true
			}
		}
		return false
	}
}

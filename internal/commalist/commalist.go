// Package commalist reads comma-separated settings and arguments (ids,
// origins, secrets, URLs).
package commalist

import "strings"

// Split returns the entries of a comma-separated list, trimmed, without
// empty ones; nil for an empty list.
func Split(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

package seed

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// kebabCase is lodash's _.kebabCase, which Medusa uses for a handle the
// payload does not give: accents and apostrophes dropped, words split at
// anything that is not a letter or digit, at lower-to-upper case changes
// ("fooBar"), before the last capital of a capital run followed by a
// lower-case letter ("HTMLPage"), and between letters and digits; then
// lower-cased and joined with "-". "Medusa T-Shirt" → "medusa-t-shirt".
func kebabCase(s string) string {
	var words []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			words = append(words, string(word))
			word = word[:0]
		}
	}
	runes := []rune(deburr(s))
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(word) > 0 && wordBreak(word[len(word)-1], r, next(runes, i)) {
			flush()
		}
		word = append(word, r)
	}
	flush()
	return strings.ToLower(strings.Join(words, "-"))
}

// wordBreak reports whether a new word starts at r, after prev and before next.
func wordBreak(prev, r, next rune) bool {
	switch {
	case unicode.IsDigit(prev) != unicode.IsDigit(r):
		return true
	case unicode.IsLower(prev) && unicode.IsUpper(r):
		return true
	case unicode.IsUpper(prev) && unicode.IsUpper(r) && unicode.IsLower(next):
		return true
	}
	return false
}

func next(runes []rune, i int) rune {
	if i+1 < len(runes) {
		return runes[i+1]
	}
	return 0
}

// deburr drops combining marks (é → e) and apostrophes ("men's" → "mens").
func deburr(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) || r == '\'' || r == '’' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

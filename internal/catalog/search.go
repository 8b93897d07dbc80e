package catalog

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/storegraph/storegraph/internal/loaders"
	"github.com/storegraph/storegraph/internal/model"
	"github.com/storegraph/storegraph/internal/storage"
)

// Search limits: the words of a query that count, and the corrections a
// misspelt word may stand for.
const (
	maxSearchWords = 10
	maxCorrections = 8
)

// SearchQuery is a product search (POST /store/products/search): free text
// and the filters of a product listing.
type SearchQuery struct {
	Q string
	ProductQuery
}

// SearchResult is one page of a search's hits, best first.
type SearchResult struct {
	Hits          []model.Product
	Count         int
	Offset, Limit int
	// Corrected is the query with its misspelt words replaced by the words
	// they were taken for; nil unless the hits are those of a correction.
	Corrected *string
	// Took is the time the search took (the hits' fields not included).
	Took time.Duration
}

// SearchProducts searches the products a listing would show (published, of
// the request's sales channels, within the filter) for the words of q, each
// matching a word of a product that starts with it: in the title, subtitle,
// handle, description, variant titles and SKUs, tags, type and collection
// title. Hits are ranked by where the words are found (title first,
// description last) and how rare they are. When nothing matches, a word that
// no indexed word starts with is taken for the indexed words it is a typo
// away from. Without words, every product of the filter is a hit, newest
// first.
func (s *Service) SearchProducts(ctx context.Context, sc Scope, q SearchQuery, p Page) (*SearchResult, error) {
	start := time.Now()
	page, err := sqlPage(Page{Offset: p.Offset, Limit: p.Limit}, "p.")
	if err != nil {
		return nil, err
	}
	res := &SearchResult{Hits: []model.Product{}, Offset: page.Offset, Limit: page.Limit}
	f, ok, err := s.storeFilter(ctx, sc, q.ProductQuery)
	if err != nil {
		return nil, err
	}
	words := searchWords(q.Q)
	switch {
	case !ok:
	case len(words) == 0:
		res.Hits, res.Count, err = storage.ListProducts(ctx, s.DB.Reader, f, page)
	default:
		terms := make([]storage.SearchTerm, len(words))
		for i, w := range words {
			terms[i] = storage.SearchTerm{Prefix: w}
		}
		res.Hits, res.Count, err = storage.SearchProducts(ctx, s.DB.Reader, terms, f, page)
		if err == nil && res.Count == 0 {
			err = s.searchCorrected(ctx, res, words, f, page)
		}
	}
	if err != nil {
		return nil, err
	}
	loaders.For(ctx).HintProducts(res.Hits)
	res.Took = time.Since(start)
	return res, nil
}

// searchCorrected runs a search again with the corrections of its misspelt
// words, if it has any.
func (s *Service) searchCorrected(ctx context.Context, res *SearchResult, words []string, f storage.ProductFilter, page storage.Page) error {
	terms := make([]storage.SearchTerm, len(words))
	corrected := slices.Clone(words)
	changed := false
	for i, w := range words {
		terms[i] = storage.SearchTerm{Prefix: w}
		if maxTypos(w) == 0 {
			continue
		}
		vocabulary, err := storage.SearchVocabulary(ctx, s.DB.Reader, w)
		if err != nil {
			return err
		}
		fixes, known := corrections(w, vocabulary)
		if known {
			continue
		}
		if fixes, err = storage.SearchIndexed(ctx, s.DB.Reader, fixes); err != nil {
			return err
		}
		if len(fixes) == 0 {
			continue
		}
		terms[i].Words, corrected[i], changed = fixes, fixes[0], true
	}
	if !changed {
		return nil
	}
	hits, count, err := storage.SearchProducts(ctx, s.DB.Reader, terms, f, page)
	if err != nil || count == 0 {
		return err
	}
	text := strings.Join(corrected, " ")
	res.Hits, res.Count, res.Corrected = hits, count, &text
	return nil
}

// searchWords are the distinct words of a query, at most maxSearchWords.
func searchWords(q string) []string {
	var out []string
	for _, w := range storage.SearchWords(q) {
		if !slices.Contains(out, w) && len(out) < maxSearchWords {
			out = append(out, w)
		}
	}
	return out
}

// maxTypos is how many edits a query word may be away from the indexed word
// it stands for: none below 4 letters (too many short words are one edit
// apart), one from 4 letters, two from 8; none for a word with a digit (a
// SKU's "00043" is one edit from "00042", and another product).
func maxTypos(word string) int {
	if hasDigit(word) {
		return 0
	}
	switch n := len([]rune(word)); {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// corrections returns the words of vocabulary that word may be a misspelling
// of (within maxTypos edits of the word or of its beginning, diacritics
// aside), closest first, and whether some word of vocabulary starts with
// word, in which case word is no misspelling and needs none.
func corrections(word string, vocabulary []string) (fixes []string, known bool) {
	type candidate struct {
		word         string
		edits, whole int
	}
	limit := maxTypos(word)
	folded := []rune(fold(word))
	var found []candidate
	for _, v := range vocabulary {
		if strings.HasPrefix(v, word) {
			known = true
			continue
		}
		if ws := storage.SearchWords(v); len(ws) != 1 || ws[0] != v || hasDigit(v) {
			continue
		}
		whole, edits := typoDistance(folded, []rune(fold(v)))
		if edits <= limit {
			found = append(found, candidate{v, edits, whole})
		}
	}
	slices.SortFunc(found, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(a.whole, b.whole),
			cmp.Compare(len(a.word), len(b.word)), strings.Compare(a.word, b.word))
	})
	for i := 0; i < len(found) && i < maxCorrections; i++ {
		fixes = append(fixes, found[i].word)
	}
	return fixes, known
}

// typoDistance returns the edit distance between a and b, counting an
// insertion, a deletion, a substitution or a swap of neighbours as one edit
// (optimal string alignment), and the distance between a and the closest
// beginning of b, b included ("hodi" is one edit from "hoodi", the
// beginning of "hoodie").
func typoDistance(a, b []rune) (whole, prefix int) {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)], slices.Min(d[len(a)])
}

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

// fold removes diacritics ("café" is "cafe"), as SQLite's index does.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

package storage

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	sqlite3 "github.com/mattn/go-sqlite3"
	"golang.org/x/text/unicode/norm"

	"github.com/storegraph/storegraph/internal/model"
)

// Product search runs on what each database has built in, over the index
// tables of migration 00004 (which its triggers keep up to date):
//
//   - SQLite: an FTS4 table (FTS5 needs a build tag go-sqlite3 is not built
//     with by default), ranked by storegraph_search_rank, a BM25 over FTS4's
//     matchinfo with per-column weights, registered on every connection;
//     the vocabulary for typo tolerance is its fts4aux table.
//   - PostgreSQL: a weighted tsvector per product under a GIN index, ranked
//     by ts_rank with the same weights; the vocabulary is a word table with
//     a pg_trgm index.
//
// This is the one place where storegraph's SQL differs per dialect.

// SearchWords splits text into the words the search index holds: runs of
// letters, digits and combining marks, lowercased. SQLite's unicode61
// tokenizer and storegraph's PostgreSQL document split the same way (the
// index also folds diacritics on SQLite).
func SearchWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(norm.NFC.String(text)), func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }

// isWord reports whether s is one word as SearchWords makes them, so it can
// go into a full-text query as it is.
func isWord(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !isWordRune(r) || unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// SearchTerm is one word of a search: a product matches it when it has a
// word that starts with Prefix, or one of Words exactly (the corrections of
// a misspelt Prefix). A search matches the products that match every term.
type SearchTerm struct {
	Prefix string
	Words  []string
}

// The ranking weights of the document's parts, in FTS4 column order; on
// PostgreSQL the classes A (title), B (subtitle, handle, SKUs), C (variant
// titles, taxonomy) and D (description) carry the same weights.
var searchWeights = []float64{
	1.0, // title
	0.4, // subtitle
	0.4, // handle
	0.4, // sku
	0.2, // variant titles
	0.2, // tag values, type value, collection title
	0.1, // description
}

// SearchProducts returns one page of the products matching every term and
// the filter, best match first (then newest), and the number of matches.
func SearchProducts(ctx context.Context, q Q, terms []SearchTerm, f ProductFilter, page Page) ([]model.Product, int, error) {
	if len(terms) == 0 {
		return nil, 0, fmt.Errorf("search: no terms")
	}
	var from, rank string
	var match any
	w := f.where()
	if q.DriverName() == driverPostgres {
		tsquery, err := postgresQuery(terms)
		if err != nil {
			return nil, 0, err
		}
		// The tsquery is a FROM item, so it is parsed once and both the
		// match and the rank refer to it.
		from = ` storegraph_product_search s CROSS JOIN to_tsquery('simple', ?) query
			JOIN product p ON p.id = s.product_id`
		w.conds = append([]string{"s.document @@ query"}, w.conds...)
		rank = fmt.Sprintf("ts_rank('{%g,%g,%g,%g}', s.document, query)",
			searchWeights[6], searchWeights[4], searchWeights[1], searchWeights[0])
		match = tsquery
	} else {
		expr, err := sqliteQuery(terms)
		if err != nil {
			return nil, 0, err
		}
		// CROSS JOIN keeps the full-text table the outer loop: the match
		// finds the documents, then each joins its product by key.
		from = ` storegraph_search_fts
			CROSS JOIN storegraph_search_doc d ON d.docid = storegraph_search_fts.docid
			CROSS JOIN product p ON p.id = d.product_id`
		w.conds = append([]string{"storegraph_search_fts MATCH ?"}, w.conds...)
		weights := make([]string, len(searchWeights))
		for i, x := range searchWeights {
			weights[i] = fmt.Sprintf("%.1f", x)
		}
		rank = "storegraph_search_rank(matchinfo(storegraph_search_fts, 'pcnalx'), " + strings.Join(weights, ", ") + ")"
		match = expr
	}
	args := append([]any{match}, w.Args()...)
	var count int
	if err := Get(ctx, q, &count, "SELECT count(*) FROM"+from+w.SQL(), args...); err != nil {
		return nil, 0, err
	}
	rows := []model.Product{}
	if count == 0 || page.Limit == 0 {
		return rows, count, nil
	}
	page.OrderBy = rank + " DESC, p.created_at DESC, p.id DESC"
	err := Select(ctx, q, &rows, "SELECT p.* FROM"+from+w.SQL()+page.SQL(), args...)
	return rows, count, err
}

// sqliteQuery writes terms as an FTS4 query (enhanced syntax, which
// go-sqlite3 compiles in): `"hoo*" ("blu*" OR "blue")`.
func sqliteQuery(terms []SearchTerm) (string, error) {
	parts := make([]string, len(terms))
	for i, t := range terms {
		alts := []string{`"` + t.Prefix + `*"`}
		for _, w := range t.Words {
			alts = append(alts, `"`+w+`"`)
		}
		for _, w := range append([]string{t.Prefix}, t.Words...) {
			if !isWord(w) {
				return "", fmt.Errorf("search: %q is not a word", w)
			}
		}
		if len(alts) == 1 {
			parts[i] = alts[0]
		} else {
			parts[i] = "(" + strings.Join(alts, " OR ") + ")"
		}
	}
	return strings.Join(parts, " "), nil
}

// postgresQuery writes terms as a tsquery: `hoo:* & (blu:* | blue)`.
func postgresQuery(terms []SearchTerm) (string, error) {
	parts := make([]string, len(terms))
	for i, t := range terms {
		alts := []string{t.Prefix + ":*"}
		alts = append(alts, t.Words...)
		for _, w := range append([]string{t.Prefix}, t.Words...) {
			if !isWord(w) {
				return "", fmt.Errorf("search: %q is not a word", w)
			}
		}
		if len(alts) == 1 {
			parts[i] = alts[0]
		} else {
			parts[i] = "(" + strings.Join(alts, " | ") + ")"
		}
	}
	return strings.Join(parts, " & "), nil
}

// SearchVocabulary returns the indexed words that may be a misspelling of
// word, for the caller to measure: those with the same first letter, and on
// PostgreSQL also those pg_trgm finds similar (pg_trgm.similarity_threshold,
// 0.3 by default), so a misspelt first letter may be found there. On
// PostgreSQL the word table only grows, so a word it returns may no longer
// be indexed; SearchIndexed tells.
func SearchVocabulary(ctx context.Context, q Q, word string) ([]string, error) {
	if !isWord(word) {
		return nil, fmt.Errorf("search: %q is not a word", word)
	}
	first, _ := utf8.DecodeRuneInString(word)
	from, to := string(first), string(first+1)
	words := []string{}
	if q.DriverName() == driverPostgres {
		// Two queries, so that each uses its index (trigram, key range).
		err := Select(ctx, q, &words, `SELECT word FROM storegraph_search_word WHERE word OPERATOR(public.%) ?
			UNION SELECT word FROM storegraph_search_word WHERE word >= ? AND word < ?
			ORDER BY 1`, word, from, to)
		return words, err
	}
	err := Select(ctx, q, &words, `SELECT term FROM storegraph_search_terms
		WHERE col = '*' AND term >= ? AND term < ? ORDER BY term`, from, to)
	return words, err
}

// SearchIndexed returns those of words (from SearchVocabulary) that some
// indexed product has, in their order. On SQLite that is all of them: the
// vocabulary is the index's own.
func SearchIndexed(ctx context.Context, q Q, words []string) ([]string, error) {
	if q.DriverName() != driverPostgres || len(words) == 0 {
		return words, nil
	}
	var indexed []string
	err := SelectIn(ctx, q, &indexed, `SELECT w.word FROM storegraph_search_word w
		WHERE w.word IN (?) AND EXISTS (SELECT 1 FROM storegraph_product_search s
		                                 WHERE s.document @@ phraseto_tsquery('simple', w.word))`, words)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, w := range words {
		if slices.Contains(indexed, w) {
			out = append(out, w)
		}
	}
	return out, nil
}

// registerSQLiteFunctions adds storegraph's SQL functions to a new SQLite
// connection.
func registerSQLiteFunctions(c *sqlite3.SQLiteConn) error {
	return c.RegisterFunc("storegraph_search_rank", searchRank, true)
}

// searchRank is storegraph_search_rank(matchinfo(fts, 'pcnalx'), weights...):
// Okapi BM25 (k1 1.2, b 0.75) summed over the query's phrases and the
// table's columns, each column's score times its weight. A column's length
// is compared with its average over all rows, empty ones included, so for a
// column most products leave empty (subtitle) every non-empty value is many
// times the average; the ratio is capped at 2 so that such a column's
// matches keep their weight.
func searchRank(matchinfo []byte, weights ...float64) float64 {
	const k1, b = 1.2, 0.75
	n := len(matchinfo) / 4
	u := func(i int) float64 { return float64(binary.NativeEndian.Uint32(matchinfo[4*i:])) }
	if n < 3 {
		return 0
	}
	phrases, cols, docs := int(u(0)), int(u(1)), u(2)
	avgAt, lenAt, hitsAt := 3, 3+cols, 3+2*cols
	if n < hitsAt+3*phrases*cols {
		return 0
	}
	score := 0.0
	for i := 0; i < phrases; i++ {
		for j := 0; j < cols; j++ {
			at := hitsAt + 3*(i*cols+j)
			tf := u(at)
			if tf == 0 {
				continue
			}
			df := u(at + 2)
			idf := math.Log(1 + (docs-df+0.5)/(df+0.5))
			weight := 1.0
			if j < len(weights) {
				weight = weights[j]
			}
			norm := 1 - b + b*math.Min(u(lenAt+j)/math.Max(u(avgAt+j), 1), 2)
			score += weight * idf * tf * (k1 + 1) / (tf + k1*norm)
		}
	}
	return score
}

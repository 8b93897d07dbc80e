package catalog

import (
	"slices"
	"testing"
)

// Ensure edit distances count a swap of neighbours as one edit and measure
// a word against the closest beginning of the other.
func TestTypoDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b          string
		whole, prefix int
	}{
		{"hoodie", "hoodie", 0, 0},
		{"hodie", "hoodie", 1, 1},   // a letter left out
		{"hoodei", "hoodie", 1, 1},  // neighbours swapped
		{"hoofie", "hoodie", 1, 1},  // a letter replaced
		{"hoodiee", "hoodie", 1, 1}, // a letter too many
		{"hodi", "hoodie", 2, 1},    // the beginning of "hoodie", misspelt
		{"hood", "hoodie", 2, 0},    // the beginning of "hoodie"
		{"swaetshirt", "sweatshirt", 1, 1},
		{"", "abc", 3, 0},
		{"abc", "", 3, 3},
		{"café", "cafe", 1, 1},
	} {
		whole, prefix := typoDistance([]rune(tc.a), []rune(tc.b))
		if whole != tc.whole || prefix != tc.prefix {
			t.Errorf("typoDistance(%q, %q) = %d, %d; want %d, %d", tc.a, tc.b, whole, prefix, tc.whole, tc.prefix)
		}
	}
}

// Ensure short words and words with digits are never corrected, and long
// words may be two edits off.
func TestMaxTypos(t *testing.T) {
	for word, want := range map[string]int{"tee": 0, "blue": 1, "hoodie": 1, "sweatshi": 2, "sweatshirt": 2, "über": 1, "00042": 0, "tshirt2": 0} {
		if got := maxTypos(word); got != want {
			t.Errorf("maxTypos(%q) = %d, want %d", word, got, want)
		}
	}
}

// Ensure corrections are the close words without digits, closest first, and
// none are offered for a word that begins an indexed word.
func TestCorrections(t *testing.T) {
	vocabulary := []string{"hoodie", "hoodies", "hood", "holiday", "shirt", "skirt", "sweatshirt", "sweatpants", "cafe", "t", "hoodie2"}
	for _, tc := range []struct {
		name  string
		word  string
		fixes []string
		known bool
	}{
		{"MissingLetter", "hodie", []string{"hoodie", "hoodies"}, false},
		{"SwappedLetters", "hoodei", []string{"hoodie", "hoodies"}, false},
		{"MisspeltBeginning", "hodi", []string{"hoodie", "hoodies", "holiday"}, false},
		{"TwoTyposInALongWord", "swetshrit", []string{"sweatshirt"}, false},
		{"SwappedLettersInAShortWord", "skrit", []string{"skirt"}, false},
		{"OneTypoTooMany", "skiirrt", nil, false},
		{"Diacritics", "café", []string{"cafe"}, false},
		{"BeginsAWord", "hood", nil, true},
		{"Unknown", "zzzzzz", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fixes, known := corrections(tc.word, vocabulary)
			if !slices.Equal(fixes, tc.fixes) || known != tc.known {
				t.Fatalf("corrections(%q) = %q, %v; want %q, %v", tc.word, fixes, known, tc.fixes, tc.known)
			}
		})
	}
}

// Ensure a query is split into distinct words as the index splits text.
func TestSearchWords(t *testing.T) {
	for q, want := range map[string][]string{
		"Medusa HOODIE":                 {"medusa", "hoodie"},
		"  TSHIRT-S-BLACK  ":            {"tshirt", "s", "black"},
		"hoodie hoodie":                 {"hoodie"},
		"Café, crème & brûlée!":         {"café", "crème", "brûlée"},
		"--":                            nil,
		"a b c d e f g h i j k l m n o": {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"},
	} {
		if got := searchWords(q); !slices.Equal(got, want) {
			t.Errorf("searchWords(%q) = %q, want %q", q, got, want)
		}
	}
}

package match

import (
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"github.com/faqbot/faqbot/faq/textnorm"
)

// speller corrects words against the FAQ's own vocabulary. Distance-one
// typos are found through precomputed deletions (the SymSpell idea), and
// longer words may be up to two edits away.
type speller struct {
	known   map[string]int      // word -> frequency
	deletes map[string][]string // word with one rune deleted -> words
	byLen   map[int][]string
}

func newSpeller(vocab map[string]int) *speller {
	s := &speller{known: vocab, deletes: map[string][]string{}, byLen: map[int][]string{}}
	for w := range vocab {
		n := utf8.RuneCountInString(w)
		if n < 4 {
			continue
		}
		s.byLen[n] = append(s.byLen[n], w)
		for _, d := range deletions(w) {
			s.deletes[d] = append(s.deletes[d], w)
		}
	}
	return s
}

// correct returns the vocabulary word closest to w, and whether w was
// changed. Known words, short words and numbers are left alone.
func (s *speller) correct(w string) (string, bool) {
	if _, ok := s.known[w]; ok {
		return w, false
	}
	if _, ok := lexicon[w]; ok {
		return w, false
	}
	// A common English word is what the patient meant, even when the
	// FAQ never uses it ("capital", "recipe").
	if textnorm.IsCommonWord(w) {
		return w, false
	}
	n := utf8.RuneCountInString(w)
	if n < minCorrectable || n > 30 || hasDigit(w) {
		return w, false
	}
	best, bestFreq := "", -1
	consider := func(c string) {
		if f := s.known[c]; f > bestFreq || (f == bestFreq && c < best) {
			best, bestFreq = c, f
		}
	}
	for _, c := range s.deletes[w] { // w lacks one rune of c
		consider(c)
	}
	for _, d := range deletions(w) {
		if _, ok := s.known[d]; ok { // w has one rune too many
			consider(d)
		}
		for _, c := range s.deletes[d] { // substitution or transposition
			if dist := levenshtein.ComputeDistance(w, c); dist == 1 || (dist == 2 && (n >= minTwoEdits || transposed(w, c))) {
				consider(c)
			}
		}
	}
	if best != "" {
		return best, true
	}
	if n < minTwoEdits {
		return w, false
	}
	bestDist := 3
	for l := n - 2; l <= n+2; l++ {
		for _, c := range s.byLen[l] {
			if d := levenshtein.ComputeDistance(w, c); d < bestDist || (d == bestDist && s.known[c] > bestFreq) {
				best, bestDist, bestFreq = c, d, s.known[c]
			}
		}
	}
	return best, best != ""
}

// Short words are often real words the FAQ does not use ("peru", "dog"),
// so they are not corrected; only long words may be two edits away.
const (
	minCorrectable = 5
	minTwoEdits    = 8
)

// transposed reports whether a and b differ by swapping two adjacent runes.
func transposed(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
}

func deletions(w string) []string {
	rs := []rune(w)
	out := make([]string, 0, len(rs))
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			return true
		}
	}
	return false
}

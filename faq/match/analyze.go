package match

import (
	"strings"

	"github.com/kljensen/snowball/english"

	"github.com/faqbot/faqbot/faq/textnorm"
)

// stopwords carry no topic. Question words that separate topics ("long",
// "many", "much", "when", "where") are kept on purpose.
var stopwords = toSet(`a an the is are am was were be been being do does did doing done i me my
mine myself you your yours we us our it its this that these those of to in on at for with and or
but so if just really very can could would will shall may might must have has had having get gets
got there here which whom whose about any some please thanks thank hi hello hey also like yes yeah
them they their he she her his him as by from into than then something anything thing things
know tell wanna im ive okay ok lot lots bit well actually basically anyone anybody
let say said ask asking question wondering wonder curious guess mean how`)

// analyzer turns text into index terms: normalised words, lexicon
// rewrites, optional spelling correction, stop words dropped, stems.
type analyzer struct {
	speller *speller
	// stems are the index's terms: a word whose stem is known is an
	// inflection, not a typo, and is not corrected.
	stems map[string]float64
	// stemOf caches the stems of the FAQ's own words, read-only after the
	// index is built, so most query words skip the stemmer.
	stemOf  map[string]string
	bigrams float64 // weight of adjacent-pair terms; 0 for none
}

// words returns the normalised, lexicon-rewritten words of text.
func words(text string) []string {
	return applyLexicon(textnorm.Words(text))
}

// correctedWeight discounts words the speller changed: a guess is weaker
// evidence than a word the patient typed, and it keeps off-topic messages
// from being corrected into FAQ words.
const correctedWeight = 0.6

// weighted is an index term with its weight in a query.
type weighted struct {
	term   string
	weight float64
}

// terms returns the stemmed content terms of text. With a speller, words
// unknown to the FAQ are corrected first and weigh less.
func (a *analyzer) terms(text string) []weighted { return a.termsOf(words(text)) }

// termsOf is terms for the text's words.
func (a *analyzer) termsOf(ws []string) []weighted {
	out := make([]weighted, 0, len(ws))
	for _, w := range ws {
		if a.speller != nil && !a.knownStem(w) {
			if fixed, ok := a.speller.correct(w); ok {
				for _, f := range applyLexicon([]string{fixed}) {
					if t, ok := a.term(f); ok {
						out = append(out, weighted{t, correctedWeight})
					}
				}
				continue
			}
		}
		if t, ok := a.term(w); ok {
			out = append(out, weighted{t, 1})
		}
	}
	if a.bigrams > 0 {
		n := len(out)
		for i := 1; i < n; i++ {
			if out[i].term == out[i-1].term {
				continue
			}
			out = append(out, weighted{out[i-1].term + "_" + out[i].term, a.bigrams * min(out[i-1].weight, out[i].weight)})
		}
	}
	return out
}
func (a *analyzer) knownStem(w string) bool {
	t, ok := a.term(w)
	if !ok {
		return true
	}
	_, known := a.stems[t]
	return known
}

func (a *analyzer) term(w string) (string, bool) {
	if t, ok := a.stemOf[w]; ok {
		return t, t != ""
	}
	return term(w)
}

func term(w string) (string, bool) {
	if _, stop := stopwords[w]; stop || w == "" {
		return "", false
	}
	if len(w) > 40 {
		w = w[:40]
	}
	return english.Stem(w, true), true
}

func toSet(s string) map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(s) {
		m[w] = struct{}{}
	}
	return m
}

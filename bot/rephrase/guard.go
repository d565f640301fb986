package rephrase

import (
	"regexp"
	"strings"

	"github.com/kljensen/snowball/english"

	"github.com/faqbot/faqbot/faq/textnorm"
)

// Guard reasons: why a rephrasing was rejected.
const (
	ReasonNumber   = "added-number"
	ReasonUnit     = "added-unit"
	ReasonURL      = "added-url"
	ReasonTerm     = "added-term"
	ReasonCaveat   = "dropped-caveat"
	ReasonNegation = "changed-negation"
	ReasonLength   = "too-long"
	ReasonLanguage = "other-language"
	ReasonEmpty    = "empty"
)

var (
	numberRE = regexp.MustCompile(`\d+(?:[.,]\d+)?`)
	urlRE    = regexp.MustCompile(`(?i)https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:com|org|net|gov|edu|io)\b`)
	units    = map[string]bool{"mg": true, "mcg": true, "ml": true, "kg": true, "g": true, "percent": true, "milligram": true,
		"milligrams": true, "microgram": true, "micrograms": true, "dose": true, "doses": true, "dosage": true, "units": true, "iu": true, "cc": true}
	negations = map[string]bool{"not": true, "no": true, "never": true, "without": true, "none": true, "nor": true, "cannot": true}
	// caveats are safety phrases that, when the source has them, the
	// rephrasing must keep.
	caveats       = []string{"care team", "doctor", "911", "988", "emergency", "do not", "never", "prescriber", "call the clinic", "talk to", "ask your"}
	functionWords = toSet("the a an and or but is are was were be to of in on at for with you your it this that can will may do does have has not")
)

// Check compares a rephrasing with its source answer and returns the
// reason to reject it, or "" when it adds, drops and changes nothing the
// guard can see. question is the patient's message, for the language check.
func Check(source, candidate, question string) string {
	if strings.TrimSpace(candidate) == "" {
		return ReasonEmpty
	}
	src, cand := textnorm.Words(source), textnorm.Words(candidate)
	srcSet := toSetWords(src)
	srcStems := stems(src)
	lowSource, lowCand := strings.ToLower(source), strings.ToLower(candidate)
	for _, n := range numberRE.FindAllString(candidate, -1) {
		if !strings.Contains(source, n) {
			return ReasonNumber
		}
	}
	for _, u := range urlRE.FindAllString(lowCand, -1) {
		if !strings.Contains(lowSource, u) {
			return ReasonURL
		}
	}
	if strings.Contains(candidate, "%") && !strings.Contains(source, "%") {
		return ReasonUnit
	}
	for _, w := range cand {
		if units[w] && !srcSet[w] {
			return ReasonUnit
		}
	}
	for _, w := range cand {
		if !srcSet[w] && !srcStems[english.Stem(w, true)] && !textnorm.IsCommonWord(w) && len(w) > 3 {
			return ReasonTerm // a drug, product or medical term the source does not use
		}
	}
	for _, c := range caveats {
		if strings.Contains(lowSource, c) && !strings.Contains(lowCand, c) {
			return ReasonCaveat
		}
	}
	if countNeg(src) != countNeg(cand) {
		return ReasonNegation
	}
	if len(cand) > len(src)*13/10+10 {
		return ReasonLength
	}
	if isEnglish(textnorm.Words(question)) != isEnglish(cand) {
		return ReasonLanguage
	}
	return ""
}

func countNeg(words []string) int {
	n := 0
	for _, w := range words {
		if negations[w] {
			n++
		}
	}
	return n
}

// isEnglish guesses from function words; short texts count as English.
func isEnglish(words []string) bool {
	if len(words) < 4 {
		return true
	}
	hits := 0
	for _, w := range words {
		if functionWords[w] {
			hits++
		}
	}
	return hits*6 >= len(words)
}

func stems(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[english.Stem(w, true)] = true
	}
	return m
}

func toSetWords(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

func toSet(s string) map[string]bool { return toSetWords(strings.Fields(s)) }

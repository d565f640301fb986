// Package redact removes personal identifiers from free text before it is
// stored, logged or sent to a language model: email addresses, phone
// numbers, dates (of birth or otherwise), street addresses, record and
// account numbers, URLs, and names introduced as names.
package redact

import (
	"regexp"
	"strings"
)

// pattern is one kind of identifier. might is a cheap test that is true
// whenever re can match (a digit, an "@", a keyword), so most messages skip
// most expressions; it may be true when re cannot match, never the reverse.
type pattern struct {
	re    *regexp.Regexp
	with  string
	might func(string) bool
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// hasWord reports whether s may hold one of the lower-case ASCII words
// under (?i). Case folding reaches beyond ASCII (the Kelvin sign folds to
// "k"), so any text with other characters may.
func hasWord(words ...string) func(string) bool {
	return func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return true
			}
		}
		s = strings.ToLower(s)
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
}

func has(words ...string) func(string) bool {
	return func(s string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
}

// Order matters: longer, more specific shapes go first so that, for
// example, a date is not half-eaten by the phone rule.
var patterns = []pattern{
	{regexp.MustCompile(`(?i)\b[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}\b`), "[email]", has("@")},
	{regexp.MustCompile(`(?i)\bhttps?://\S+|\bwww\.\S+`), "[link]", hasWord("http", "www.")},
	{regexp.MustCompile(`(?i)\b(mrn|medical record|record|patient|account|acct|member|policy|chart|id|ssn|social security)( number| no\.?| num| #)?\s*[:#]?\s*[a-z]{0,3}[-\s]?\d[\d\-\s]{3,}\d\b`), "[record number]", hasDigit},
	{regexp.MustCompile(`\b\d{3}-\d{2}-\d{4}\b`), "[record number]", hasDigit},
	{regexp.MustCompile(`(?i)\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b`), "[date]", hasDigit},
	{regexp.MustCompile(`(?:\+?\d{1,3}[\s.\-]?)?(?:\(\d{2,4}\)[\s.\-]?|\b\d{2,4}[\s.\-])\d{3,4}[\s.\-]?\d{3,4}\b|\b\d{10,11}\b`), "[phone]", hasDigit},
	{regexp.MustCompile(`(?i)\b\d{1,6}\s+(?:[a-z]+\s+){1,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|terrace|close|crescent|highway|hwy)\b\.?(?:,?\s*(?:apt|apartment|unit|suite|#)\s*\w+)?`), "[address]", hasDigit},
	{regexp.MustCompile(`(?i)\b(?:zip|postcode|postal code)\s*:?\s*\w{3,8}\b`), "[address]", hasWord("zip", "postcode", "postal code")},
	{regexp.MustCompile(`(?i)\b(my name is|my name's|i am called|name:)\s+[A-Za-z][a-z'\-]+(\s+[A-Z][a-z'\-]+)?`), "$1 [name]", hasWord("my name", "i am called", "name:")},
	{regexp.MustCompile(`\b(Dr|Mr|Mrs|Ms|Miss|Nurse)\.?\s+[A-Z][a-z'\-]+`), "$1 [name]", has("Dr", "Mr", "Ms", "Miss", "Nurse")},
	{regexp.MustCompile(`\b\d{6,}\b`), "[number]", hasDigit},
}

// Text returns s with personal identifiers replaced by bracketed labels
// such as "[phone]". It is conservative: it removes more rather than less.
func Text(s string) string {
	for _, p := range patterns {
		if p.might(s) {
			s = p.re.ReplaceAllString(s, p.with)
		}
	}
	return s
}

package faq

import (
	"regexp"
	"strings"
	"unicode"
)

// Readability is a plain-language measure of an answer.
type Readability struct {
	Words     int
	Sentences int
	Syllables int
	// Grade is the Flesch–Kincaid grade level.
	Grade float64
}

var (
	mdLinkRE     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	listMarkerRE = regexp.MustCompile(`^\s*([-*+]|\d+\.)\s+`)
	wordRE       = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’\-]*`)
	sentenceEnd  = regexp.MustCompile(`[.!?]+(\s|$)`)
	lastPunctRE  = regexp.MustCompile(`[.!?]\W*$`)
)

// Measure computes word, sentence and syllable counts and the
// Flesch–Kincaid grade of Markdown text. Each list item or line counts as
// at least one sentence, as a reader takes it. Placeholders count as the
// two words "the clinic".
func Measure(markdown string) Readability {
	text := placeholderRE.ReplaceAllString(markdown, "the clinic")
	text = mdLinkRE.ReplaceAllString(text, "$1")
	var r Readability
	for _, line := range strings.Split(text, "\n") {
		line = listMarkerRE.ReplaceAllString(line, "")
		line = strings.Trim(strings.NewReplacer("*", "", "#", "", "_", " ").Replace(line), " \t")
		words := wordRE.FindAllString(line, -1)
		if len(words) == 0 {
			continue
		}
		r.Words += len(words)
		for _, w := range words {
			r.Syllables += syllables(w)
		}
		n := len(sentenceEnd.FindAllString(line, -1))
		if !lastPunctRE.MatchString(line) {
			n++
		}
		r.Sentences += max(n, 1)
	}
	if r.Words > 0 {
		r.Grade = 0.39*float64(r.Words)/float64(r.Sentences) + 11.8*float64(r.Syllables)/float64(r.Words) - 15.59
	}
	return r
}

// syllables estimates the syllables in an English word from its vowel groups.
func syllables(word string) int {
	w := strings.Map(func(r rune) rune {
		r = unicode.ToLower(r)
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, word)
	if w == "" {
		return 0
	}
	if len(w) <= 3 {
		return 1
	}
	n, inGroup := 0, false // vowel groups
	for i := 0; i < len(w); i++ {
		v := isVowel(w[i])
		if v && !inGroup {
			n++
		}
		inGroup = v
	}
	if n > 1 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && !strings.HasSuffix(w, "ee") {
		n--
	}
	if n > 1 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ted") && !strings.HasSuffix(w, "ded") && !isVowel(w[len(w)-3]) {
		n--
	}
	return max(n, 1)
}

func isVowel(b byte) bool { return strings.IndexByte("aeiouy", b) >= 0 }

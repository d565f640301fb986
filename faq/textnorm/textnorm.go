// Package textnorm turns what patients type into comparable text: it
// repairs encoding, folds Unicode, case and accents, expands contractions
// and text-speak, and splits words. Matching and safety triage both read
// its output, so they see the same words.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean makes raw input safe to store and show: it replaces invalid UTF-8,
// drops control and zero-width characters (keeping line breaks as spaces),
// applies NFC and trims. It never fails.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t' || r == '\r' || unicode.IsSpace(r):
			space = true
			continue
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), r == '\uFFFD':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Fold lowercases, applies compatibility folding (NFKC: full-width letters,
// ligatures) and strips accents, keeping letters, digits and spaces;
// apostrophes inside words are kept for contraction handling.
func Fold(s string) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	return foldUnicode(s)
}

// foldUnicode is Fold for any text.
func foldUnicode(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	prevSpace := true
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			prevSpace = false
		case r == '\'' || r == '’' || r == '‘' || r == '`':
			b.WriteByte('\'')
			prevSpace = false
		case r == '%':
			b.WriteString(" percent ")
			prevSpace = true
		default:
			if !prevSpace {
				b.WriteByte(' ')
				prevSpace = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// foldASCII is Fold for ASCII text, which NFKD leaves as it is: most
// messages, on every message's path.
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	prevSpace := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			b = append(b, c)
			prevSpace = false
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
			prevSpace = false
		case c == '\'' || c == '`':
			b = append(b, '\'')
			prevSpace = false
		case c == '%':
			b = append(b, " percent "...)
			prevSpace = true
		case !prevSpace:
			b = append(b, ' ')
			prevSpace = true
		}
	}
	return strings.TrimSpace(string(b))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Words returns the normalised words of s: folded, with contractions and
// text-speak expanded. "can't" becomes "can not", "u" becomes "you".
func Words(s string) []string {
	raw := strings.Fields(Fold(s))
	out := make([]string, 0, len(raw)+4)
	for _, w := range raw {
		w = strings.Trim(w, "'")
		if w == "" {
			continue
		}
		if exp, ok := expansions[w]; ok {
			out = append(out, exp...)
			continue
		}
		if i := strings.IndexByte(w, '\''); i > 0 {
			out = append(out, splitContraction(w, i)...)
			continue
		}
		out = append(out, w)
	}
	return out
}

// Normalize returns Words joined by single spaces.
func Normalize(s string) string { return strings.Join(Words(s), " ") }

func splitContraction(w string, i int) []string {
	stem, suffix := w[:i], w[i+1:]
	switch suffix {
	case "t":
		if stem, ok := strings.CutSuffix(stem, "n"); ok {
			return []string{stem, "not"}
		}
	case "s":
		return []string{stem} // possessive or "is": the stem carries the meaning
	case "re":
		return []string{stem, "are"}
	case "ll":
		return []string{stem, "will"}
	case "ve":
		return []string{stem, "have"}
	case "d":
		return []string{stem, "would"}
	case "m":
		return []string{stem, "am"}
	}
	return []string{strings.ReplaceAll(w, "'", "")}
}

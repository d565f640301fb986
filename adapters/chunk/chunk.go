// Package chunk splits long replies into pieces that fit a chat
// platform's message limit, at the most natural break available.
package chunk

import (
	"strings"
	"unicode/utf8"
)

// Split cuts text into pieces of at most limit characters (runes): at a
// paragraph break in the second half of a piece, else a line break there,
// else the last space, else anywhere. Pieces are trimmed; none is empty.
func Split(text string, limit int) []string {
	var out []string
	text = strings.TrimSpace(text)
	for utf8.RuneCountInString(text) > limit {
		cut := cutPoint(text, limit)
		out = append(out, strings.TrimRight(text[:cut], " \n"))
		text = strings.TrimLeft(text[cut:], " \n")
	}
	if text != "" {
		out = append(out, text)
	}
	return out
}

// cutPoint returns the byte offset at which to cut text so that the piece
// before it has at most limit runes.
func cutPoint(text string, limit int) int {
	end := 0
	for n := 0; n < limit && end < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	head := text[:end]
	for _, sep := range []string{"\n\n", "\n"} {
		if i := strings.LastIndex(head, sep); i >= end/2 && i > 0 {
			return i
		}
	}
	if i := strings.LastIndex(head, " "); i > 0 {
		return i
	}
	return end
}

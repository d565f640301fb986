package textnorm

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:embed english.txt
var englishText string

// commonWords holds common English words of four letters or more, sorted,
// read on first use rather than at every start-up.
var commonWords = sync.OnceValue(func() []string {
	lines := strings.Split(englishText, "\n")
	return slices.DeleteFunc(lines, func(w string) bool { return w == "" || w[0] == '#' })
})

// IsCommonWord reports whether w, a normalised word, is a common English
// word: the spelling corrector leaves it alone, the rephrasing guard
// allows it, and a message of such words is English.
func IsCommonWord(w string) bool {
	_, ok := slices.BinarySearch(commonWords(), w)
	return ok
}

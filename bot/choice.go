package bot

import (
	"strconv"
	"strings"

	"github.com/faqbot/faqbot/faq/textnorm"
)

var ordinals = map[string]int{
	"1": 1, "one": 1, "first": 1, "1st": 1, "a": 1,
	"2": 2, "two": 2, "second": 2, "2nd": 2, "b": 2,
	"3": 3, "three": 3, "third": 3, "3rd": 3, "c": 3,
	"last": -1,
}

// resolveChoice maps an answer to a clarifying question ("2", "the second
// one", "side effects") to one of the pending entry ids, or "".
func resolveChoice(text string, pending []string, cat *catalog) string {
	words := textnorm.Words(text)
	var content []string
	for _, w := range words {
		switch w {
		case "the", "one", "option", "number", "no", "please", "i", "mean", "meant", "want", "that", "is", "it":
			continue
		}
		content = append(content, w)
	}
	if len(content) == 1 {
		if n, ok := ordinals[content[0]]; ok {
			if n == -1 {
				n = len(pending)
			}
			if n >= 1 && n <= len(pending) {
				return pending[n-1]
			}
		}
		if n, err := strconv.Atoi(content[0]); err == nil && n >= 1 && n <= len(pending) {
			return pending[n-1]
		}
	}
	if len(words) == 0 || len(words) > 6 {
		return ""
	}
	// Words: the pending entry that ranks best for the reply, if clearly.
	for _, m := range cat.index.Search(text, 10).Results {
		for _, id := range pending {
			if m.ID == id {
				return id
			}
		}
	}
	return ""
}

// isSourcesRequest reports whether text asks for the last answer's sources.
func isSourcesRequest(words []string) bool {
	switch strings.Join(words, " ") {
	case "sources", "source", "more", "tell me more", "more info", "more information", "links", "references",
		"show sources", "show me the sources", "what are your sources", "where is that from", "citations":
		return true
	}
	return false
}

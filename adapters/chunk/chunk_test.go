package chunk_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/faqbot/faqbot/adapters/chunk"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"short text stays whole", "hello there", 20, []string{"hello there"}},
		{"a paragraph break is preferred", "first part here\n\nsecond part", 20, []string{"first part here", "second part"}},
		{"a space is used when no break", "aaaa bbbb cccc", 9, []string{"aaaa", "bbbb cccc"}},
		{"one long word is cut anywhere", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"multi-byte runes are never cut", "ééééé", 2, []string{"éé", "éé", "é"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chunk.Split(tt.text, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("Split = %q, want %q", got, tt.want)
			}
			for _, p := range got {
				if utf8.RuneCountInString(p) > tt.limit || !utf8.ValidString(p) {
					t.Errorf("piece %q breaks the limit or UTF-8", p)
				}
			}
		})
	}
}

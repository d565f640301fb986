package textnorm_test

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/faqbot/faqbot/faq/textnorm"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"case and punctuation fold away", "What IS Fibro-Fog?!", "what is fibro fog"},
		{"contractions expand", "I can't drive, won't I?", "i can not drive will not i"},
		{"contractions without apostrophes expand", "dont know if im ok", "do not know if i am okay"},
		{"curly apostrophes count", "I’m sure it’s fine", "i am sure it fine"},
		{"text-speak expands", "can u tell me b4 my appt pls", "can you tell me before my appointment please"},
		{"accents are stripped", "fibromyalgía café", "fibromyalgia cafe"},
		{"full-width letters fold", "ｋｅｔａｍｉｎｅ", "ketamine"},
		{"percent is a word", "50% better", "50 percent better"},
		{"zero-width characters vanish", "ket\u200bamine", "ketamine"},
		{"emoji only gives nothing", "😀🙏", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := textnorm.Normalize(textnorm.Clean(tt.in)); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanRepairsInput(t *testing.T) {
	got := textnorm.Clean("  hi\x00\xff there\n\tfriend\u200b ")
	if got != "hi there friend" {
		t.Errorf("Clean = %q", got)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "What is fibro?", "\xff\xfe", "can't won't", "ｋ", strings.Repeat("é", 100), "\u202e\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := textnorm.Clean(s)
		if !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) is not valid UTF-8", s)
		}
		n := textnorm.Normalize(c)
		if !utf8.ValidString(n) || strings.Contains(n, "  ") || n != strings.TrimSpace(n) {
			t.Fatalf("Normalize(%q) = %q", s, n)
		}
		if textnorm.Normalize(n) != n {
			t.Fatalf("Normalize is not idempotent on %q: %q", s, n)
		}
	})
}

// TestCommonWordsAreSorted checks that english.txt stays sorted, as the
// binary search in IsCommonWord needs: every word in it is found.
func TestCommonWordsAreSorted(t *testing.T) {
	data, err := os.ReadFile("english.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range strings.Split(string(data), "\n") {
		if w != "" && w[0] != '#' && !textnorm.IsCommonWord(w) {
			t.Fatalf("IsCommonWord(%q) = false: keep english.txt sorted (LC_ALL=C sort)", w)
		}
	}
	if textnorm.IsCommonWord("ketamin") || textnorm.IsCommonWord("") {
		t.Error("IsCommonWord accepts a word not in the list")
	}
}

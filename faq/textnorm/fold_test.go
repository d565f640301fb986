package textnorm

import "testing"

// FuzzFoldASCIIIsFold checks the ASCII fast path against the general
// fold on every ASCII text.
func FuzzFoldASCIIIsFold(f *testing.F) {
	for _, s := range []string{"What IS Fibro-Fog?!", "50% better", "can't `won't'", " \t\x00\x7f~ ", "A1_b2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		if got, want := foldASCII(s), foldUnicode(s); got != want {
			t.Errorf("foldASCII(%q) = %q, want %q", s, got, want)
		}
	})
}

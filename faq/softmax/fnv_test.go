package softmax

import (
	"hash/fnv"
	"testing"
)

func TestFNVIsHashFNV(t *testing.T) {
	for _, s := range []string{"", "a", "side effect", "\x00\xff", "ketamine infusion"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := fnv64a(fnvOffset, s), h.Sum64(); got != want {
			t.Errorf("fnv64a(%q) = %x, want %x", s, got, want)
		}
	}
}

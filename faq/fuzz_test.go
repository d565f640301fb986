package faq_test

import (
	"os"
	"testing"

	"github.com/faqbot/faqbot/faq"
)

// FuzzParse feeds arbitrary files to the parser: it may report problems
// but must never panic.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/good/alpha.md", "testdata/bad/badyaml.md", "testdata/bad/nofront.md", "testdata/bad/dup-a.md"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\nid: [\n---\n\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, problems := faq.Parse("fuzz.md", data)
		_ = faq.CheckEntry("fuzz.md", e, faq.DefaultRules())
		for _, p := range problems {
			if p.Message == "" {
				t.Fatal("problem without a message")
			}
		}
	})
}

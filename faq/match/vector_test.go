package match

import (
	"testing"

	"github.com/faqbot/faqbot/faq"
)

// TestQueryVectorIsVector checks that the slice a search builds holds, to
// the bit, the vector the index builds for the same terms.
func TestQueryVectorIsVector(t *testing.T) {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	ix := New(set.Entries())
	questions := []string{"", "ketamine ketamine ketamine", "can i drive home after the drip", "wat is fibromyalga", "side effects side effects of the infusion??"}
	for _, e := range set.Entries() {
		questions = append(questions, e.Questions...)
	}
	for _, q := range questions {
		terms := ix.an.terms(q)
		tf := map[string]float64{}
		for _, t := range terms {
			tf[t.term] += t.weight
		}
		want := ix.vector(tf)
		got := ix.queryVector(terms)
		if len(got) != len(want) {
			t.Fatalf("%q: %d features, want %d", q, len(got), len(want))
		}
		for i, f := range got {
			if i > 0 && got[i-1].Name >= f.Name {
				t.Errorf("%q: features out of order at %q", q, f.Name)
			}
			if w, ok := want[f.Name]; !ok || w != f.Value {
				t.Errorf("%q: %s = %v, want %v", q, f.Name, f.Value, w)
			}
		}
	}
}

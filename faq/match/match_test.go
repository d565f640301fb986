package match_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/match"
)

func shipped(t testing.TB) *faq.Set {
	t.Helper()
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestEveryTitleFindsItsOwnEntry(t *testing.T) {
	set := shipped(t)
	ix := match.New(set.Entries())
	for _, e := range set.Entries() {
		if got := ix.Search(e.Title, 3).Top().ID; got != e.ID {
			t.Errorf("Search(%q) = %s, want %s", e.Title, got, e.ID)
		}
	}
}

func TestSurvivesTyposSlangAndBrandNames(t *testing.T) {
	ix := match.New(shipped(t).Entries())
	tests := []struct{ question, want string }{
		{"wat is fibromyalga", "fibromyalgia-what-is-it"},
		{"side efects of special k drip?", "ketamine-side-effects"},
		{"is spravato the same thing as the ketamine drip", "ketamine-vs-esketamine"},
		{"can i drive home after the drip", "infusion-driving-home"},
		{"is lyrica or cymbalta approved for fibro", "fibromyalgia-standard-treatments"},
		{"how much does ketamin infusion cost, does insurence cover it", "infusion-cost-insurance"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			rk := ix.Search(tt.question, 3)
			if rk.Top().ID != tt.want {
				t.Errorf("Search(%q) = %+v, want %s first", tt.question, rk.Results, tt.want)
			}
		})
	}
}

func TestOffTopicQuestionsLookOffTopic(t *testing.T) {
	ix := match.New(shipped(t).Entries())
	for _, q := range []string{"what's the weather in paris tomorrow", "write me a poem about autumn", "how do i fix my laptop screen"} {
		if rk := ix.Search(q, 3); rk.OffTopic < 0.5 && rk.Top().Similarity > 0.2 {
			t.Errorf("Search(%q): off-topic %.2f, top %+v", q, rk.OffTopic, rk.Top())
		}
	}
}

func TestSearchIsSafeOnOddInput(t *testing.T) {
	ix := match.New(shipped(t).Entries())
	for _, q := range []string{"", "   ", "😀", "\xff\xfe", "the the the"} {
		if rk := ix.Search(q, 3); len(rk.Results) != 0 {
			t.Errorf("Search(%q) = %+v, want no results", q, rk.Results)
		}
	}
}

func ExampleIndex_Search() {
	set, _, _ := faq.Load(faq.Embedded(), faq.DefaultRules())
	ix := match.New(set.Entries())
	fmt.Println(ix.Search("can i drive home after my infusion?", 3).Top().ID)
	// Output: infusion-driving-home
}

func BenchmarkSearch(b *testing.B) {
	ix := match.New(shipped(b).Entries())
	qs := []string{"can i drive home after the drip", "what are the side effects of ketamine", "wat is fibromyalga", "how much does it cost"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ix.Search(qs[i%len(qs)], 5)
	}
}

// BenchmarkSearchLatency reports the 99th percentile of single searches
// over varied questions, the figure docs/performance.md tracks.
func BenchmarkSearchLatency(b *testing.B) {
	set := shipped(b)
	ix := match.New(set.Entries())
	var qs []string
	for _, e := range set.Entries() {
		qs = append(qs, e.Questions...)
	}
	benchLatency(b, ix, qs)
}

// BenchmarkSearchLarge searches 10,000 synthetic entries.
func BenchmarkSearchLarge(b *testing.B) {
	ix := match.New(syntheticEntries(10000))
	qs := []string{"what is topic 42 about", "how long does procedure 977 take", "side effects of treatment 5123", "can i drive after 812"}
	benchLatency(b, ix, qs)
}

func benchLatency(b *testing.B, ix *match.Index, qs []string) {
	b.ReportAllocs()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		ix.Search(qs[i%len(qs)], 5)
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
}

// syntheticEntries makes n entries with distinct made-up vocabularies.
func syntheticEntries(n int) []faq.Entry {
	words := strings.Fields("pain sleep drive infusion cost side effect nausea dizzy session booking hours parking insurance fatigue fog memory mood dose nurse clinic")
	out := make([]faq.Entry, n)
	for i := range out {
		w1, w2 := words[i%len(words)], words[(i/len(words))%len(words)]
		out[i] = faq.Entry{
			ID: fmt.Sprintf("entry-%d", i), Title: fmt.Sprintf("About %s and %s %d", w1, w2, i),
			Questions: []string{fmt.Sprintf("what is topic %d about", i), fmt.Sprintf("how long does procedure %d take", i), fmt.Sprintf("%s %s question %d", w1, w2, i)},
			Body:      fmt.Sprintf("Entry %d explains %s and %s in plain words for patient number %d.", i, w1, w2, i),
		}
	}
	return out
}

func FuzzSearch(f *testing.F) {
	ix := match.New(shipped(f).Entries())
	for _, s := range []string{"", "what is fibro", "\xff\xfe", "k k k k", "special k drip side efects", "ｋｅｔａｍｉｎｅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		rk := ix.Search(q, 3)
		for _, r := range rk.Results {
			if r.Score < 0 || r.Score > 1.0001 || r.ID == "" {
				t.Fatalf("Search(%q) gave %+v", q, r)
			}
		}
	})
}

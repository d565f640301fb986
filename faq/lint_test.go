package faq_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/faq"
)

func rulesAt(day string) faq.Rules {
	r := faq.DefaultRules()
	r.Now, _ = time.Parse("2006-01-02", day)
	return r
}

func TestLoadGoodDirectory(t *testing.T) {
	set, problems, err := faq.Load(os.DirFS("testdata/good"), rulesAt("2026-06-01"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if set.Len() != 2 {
		t.Fatalf("got %d entries, want 2", set.Len())
	}
	e, ok := set.Get("alpha")
	if !ok || e.Title != "What is alpha?" || len(e.Questions) != 8 || e.ReviewAfter.Format("2006-01-02") != "2027-01-10" {
		t.Errorf("alpha = %+v", e)
	}
	if len(problems) != 1 || !problems[0].Warning || !strings.Contains(problems[0].Message, "review is due") {
		t.Errorf("want one review-due warning for beta, got %v", problems)
	}
}

func TestLintReportsEachProblemWithFileAndLine(t *testing.T) {
	files, err := faq.ReadDir(os.DirFS("testdata/bad"))
	if err != nil {
		t.Fatal(err)
	}
	_, problems := faq.Lint(files, rulesAt("2026-06-01"))
	want := []string{
		"badyaml.md:2: error: front matter",
		"dup-a.md:2: error: id \"same\" does not match the file name",
		"dup-a.md:5: error: related id \"missing-entry\" has no entry",
		"dup-a.md:6: error: source 1 (No URL here) has no url",
		"dup-a.md:8: error: reviewed \"2026-13-40\" is not a date",
		"dup-a.md:10: error: unknown placeholder {{clinic.fax}}",
		"dup-b.md:2: error: duplicate id \"same\"",
		"dup-b.md:4: error: 1 alternate questions; at least 8 are needed",
		"dup-b.md:5: error: source 1 url \"not a url\" is not an absolute http(s) URL",
		"dup-b.md:10: error: empty answer body",
		"nofront.md:1: error: no YAML front matter",
	}
	got := problems.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q in:\n%s", w, got)
		}
	}
	if _, _, err := faq.Load(os.DirFS("testdata/bad"), rulesAt("2026-06-01")); err == nil {
		t.Error("Load accepted a bad FAQ")
	}
}

func TestLintEnforcesLengthAndReadingGrade(t *testing.T) {
	long := strings.Repeat("Fibromyalgia medications characteristically necessitate individualized pharmacological consideration. ", 30)
	e := faq.Entry{ID: "x", Title: "X", Questions: strings.Fields("a b c d e f g h"),
		Sources: []faq.Source{{Title: "S", URL: "https://example.org"}}, Reviewed: time.Now(), Body: long}
	got := faq.CheckEntry("x.md", e, faq.DefaultRules()).Error()
	for _, w := range []string{"words; the limit is 180", "reading grade"} {
		if !strings.Contains(got, w) {
			t.Errorf("want %q in %s", w, got)
		}
	}
}

func TestShippedFAQPassesLintAndCoversEveryTopic(t *testing.T) {
	rules := faq.DefaultRules()
	rules.RequiredIDs = faq.TopicIDs()
	set, problems, err := faq.Load(faq.Embedded(), rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules.RequiredIDs) != 41 {
		t.Errorf("topics list has %d ids, want 41", len(rules.RequiredIDs))
	}
	for _, p := range problems {
		t.Errorf("shipped FAQ: %s", p)
	}
	for _, e := range set.Entries() {
		if len(e.Sources) == 0 || len(e.Questions) < 8 {
			t.Errorf("%s: %d sources, %d questions", e.ID, len(e.Sources), len(e.Questions))
		}
	}
}

func TestMeasure(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		words    int
		maxGrade float64
	}{
		{"short plain sentences read easily", "You can rest. Drink water. Call us if you feel sick.", 11, 3},
		{"list items count as sentences", "- rest\n- water\n- sleep", 3, 3},
		{"placeholders count as two words", "Call {{clinic.phone}} today.", 4, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := faq.Measure(tt.text)
			if r.Words != tt.words || r.Grade > tt.maxGrade {
				t.Errorf("Measure(%q) = %+v, want %d words, grade <= %v", tt.text, r, tt.words, tt.maxGrade)
			}
		})
	}
}

func TestProfileRenderUsesValuesThenDefaults(t *testing.T) {
	p := faq.ExampleProfile()
	if !p.Example || p.Clinic.Phone == "" {
		t.Fatalf("example profile not loaded: %+v", p)
	}
	if got := p.Render("Call {{clinic.phone}} or {{ emergency.number }}."); got != "Call 555-0100 or 911." {
		t.Errorf("Render = %q", got)
	}
	var empty faq.Profile
	if got := empty.Render("Call {{clinic.phone}}; {{unknown.thing}}"); got != "Call the clinic's main phone number; {{unknown.thing}}" {
		t.Errorf("Render with empty profile = %q", got)
	}
}

func TestOpenAt(t *testing.T) {
	p := faq.ExampleProfile()
	chicago, _ := time.LoadLocation("America/Chicago")
	tests := []struct {
		name string
		at   time.Time
		open bool
	}{
		{"a weekday morning is open", time.Date(2026, 11, 24, 9, 0, 0, 0, chicago), true},
		{"a weekday evening is closed", time.Date(2026, 11, 24, 18, 0, 0, 0, chicago), false},
		{"Saturday is closed", time.Date(2026, 11, 28, 10, 0, 0, 0, chicago), false},
		{"a holiday is closed", time.Date(2026, 12, 25, 10, 0, 0, 0, chicago), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open, known := p.OpenAt(tt.at)
			if !known || open != tt.open {
				t.Errorf("OpenAt(%v) = %v, %v; want %v", tt.at, open, known, tt.open)
			}
		})
	}
	if _, known := (faq.Profile{}).OpenAt(time.Now()); known {
		t.Error("a profile without hours claims to know")
	}
}

func TestMarshalRoundTrips(t *testing.T) {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range set.Entries() {
		data, err := faq.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		back, problems := faq.Parse(e.ID+".md", data)
		if len(problems) > 0 || back.Body != e.Body || back.Title != e.Title || len(back.Questions) != len(e.Questions) ||
			!back.Reviewed.Equal(e.Reviewed) || len(back.Sources) != len(e.Sources) {
			t.Errorf("%s does not round-trip: %v", e.ID, problems)
		}
	}
}

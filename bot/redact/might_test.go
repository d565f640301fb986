package redact

import "testing"

// plain applies every expression, as Text did before the cheap tests.
func plain(s string) string {
	for _, p := range patterns {
		s = p.re.ReplaceAllString(s, p.with)
	}
	return s
}

var seeds = []string{
	"write to jane.doe@example.com please", "see https://example.org/x or WWW.Example.com",
	"call me at (555) 123-4567 or +1 555 987 6543", "my DOB is 04/12/1980 and I was seen March 3, 2024",
	"I live at 42 Maple Street, Apt 3, ZIP: 90210", "my MRN is 88812345 and patient ID: A-99231",
	"Hi, my name is Sarah Connor", "MY NAME IS sarah", "Dr. Smith and nurse Jones", "Kelvin \u212a: my name is K\u212aate",
	"po\u017ftcode ab12", "can I drive home after the infusion?", "", "\xff\xfe", "123456",
}

// TestCheapTestsChangeNothing checks that skipping expressions on their
// cheap test gives exactly the text running them all would.
func TestCheapTestsChangeNothing(t *testing.T) {
	for _, s := range seeds {
		if got, want := Text(s), plain(s); got != want {
			t.Errorf("Text(%q) = %q, all expressions give %q", s, got, want)
		}
	}
}

func FuzzCheapTestsChangeNothing(f *testing.F) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Text(s), plain(s); got != want {
			t.Errorf("Text(%q) = %q, all expressions give %q", s, got, want)
		}
	})
}

package triage

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/faqbot/faqbot/faq/textnorm"
)

// MatchString is match with a scan of its own.
func (p *pattern) MatchString(s string) bool { return p.match(&scanner{}, s) }

// ReplaceAllString is replace with a scan of its own.
func (p *pattern) ReplaceAllString(s, repl string) string { return p.replace(&scanner{}, s, repl) }

// everyPattern lists the package's patterns; the pre-filter is checked
// against the plain expression for each.
func everyPattern() map[string]*pattern {
	out := map[string]*pattern{"negations": negations, "kidding": kidding, "idioms": idioms, "hypothetical": hypothetical,
		"history": history, "recovered": recovered, "wellNow": wellNow, "oldScars": oldScars, "presentRisk": presentRisk,
		"serious": serious, "presentStrong": presentStrong, "present": present}
	for _, rules := range [][]rule{crisisRules, emergencyRules, declineRules, handoffRules, forgetRules, smallTalkRules} {
		for _, r := range rules {
			out[r.name+"/"+r.re.src[:min(20, len(r.re.src))]] = r.re
		}
	}
	return out
}

// texts returns every labelled message the repository holds, normalised
// as Classify sees them, with the rewrites crisis and emergency apply.
func texts(t testing.TB) []string {
	compiledLiterals()
	var raw []string
	for _, line := range strings.Split(examplesTSV, "\n") {
		if _, text, ok := strings.Cut(line, "\t"); ok {
			raw = append(raw, text)
		}
	}
	files, _ := filepath.Glob("../../testdata/eval/*.tsv")
	if len(files) == 0 {
		t.Fatal("no labelled sets in testdata/eval")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if _, text, ok := strings.Cut(line, "\t"); ok {
				raw = append(raw, text)
			}
		}
	}
	var out []string
	for _, r := range raw {
		s := " " + textnorm.Normalize(r) + " "
		out = append(out, s, kidding.whole().ReplaceAllString(s, " "), negations.whole().ReplaceAllString(s, " "), idioms.whole().ReplaceAllString(s, " "))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestPrefilterIsExact checks that every pattern, with its pre-filter,
// agrees with the plain regular expression on every labelled message: the
// pre-filter may save time, never change an answer.
func TestPrefilterIsExact(t *testing.T) {
	all := texts(t)
	if len(all) < 5000 {
		t.Fatalf("only %d texts", len(all))
	}
	skipped := 0
	for name, p := range everyPattern() {
		plain := regexp.MustCompile(p.src)
		for _, s := range all {
			if got, want := p.MatchString(s), plain.MatchString(s); got != want {
				t.Errorf("%s on %q: pre-filtered %v, plain %v", name, s, got, want)
			}
			if p.replaces {
				if got, want := p.ReplaceAllString(s, " "), plain.ReplaceAllString(s, " "); got != want {
					t.Errorf("%s replacing in %q: %q, plain %q", name, s, got, want)
				}
			}
		}
		skipped += len(p.always)
	}
	if skipped > 0 {
		t.Errorf("%d alternatives have no required literal and run on every message", skipped)
	}
}

// FuzzPrefilterIsExact does the same for any text, replacing too.
func FuzzPrefilterIsExact(f *testing.F) {
	for _, s := range []string{"i want to kill myself", "chest pain right now", "not suicidal just kidding", "how much ketamine should i take", "ａｂｃ 💊 \x00"} {
		f.Add(s)
	}
	pats := everyPattern()
	plain := map[*pattern]*regexp.Regexp{}
	for _, p := range pats {
		plain[p] = regexp.MustCompile(p.src)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		for _, s := range []string{" " + textnorm.Normalize(raw) + " ", raw} {
			for name, p := range pats {
				if got, want := p.MatchString(s), plain[p].MatchString(s); got != want {
					t.Errorf("%s on %q: pre-filtered %v, plain %v", name, s, got, want)
				}
				if p.replaces {
					if got, want := p.ReplaceAllString(s, " "), plain[p].ReplaceAllString(s, " "); got != want {
						t.Errorf("%s replacing in %q: %q, plain %q", name, s, got, want)
					}
				}
			}
		}
	})
}

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		src  string
		want []string // nil: no pre-filter
	}{
		{` (kill|hurt) (myself|me) `, []string{" hurt me ", " hurt myself ", " kill me ", " kill myself "}},
		{`( \w+){0,8} (just )?(kidding|jk) `, []string{" jk ", " just jk ", " just kidding ", " kidding "}},
		{` \d+ ?(kg|lbs) `, []string{" kg ", " lbs ", "kg ", "lbs "}},
		{`^ (hi|hello)( there)? $`, []string{" hello ", " hello there ", " hi ", " hi there "}},
		{` \w+ `, nil},
		{`(a|\w+) b `, []string{" b "}},
	}
	for _, tt := range tests {
		got, ok := requiredLiterals(tt.src)
		if !ok {
			got = nil
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestSplitAlternatives(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{`a|b`, []string{"a", "b"}},
		{`(a|b)|c`, []string{"(a|b)", "c"}},
		{`[|]|\||x`, []string{"[|]", `\|`, "x"}},
		{`[\]|]a|b`, []string{`[\]|]a`, "b"}},
		{`abc`, []string{"abc"}},
	}
	for _, tt := range tests {
		if got := splitAlternatives(tt.src); !slices.Equal(got, tt.want) {
			t.Errorf("splitAlternatives(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestEveryAlternativeCompiles compiles what compiles lazily in use, so a
// bad expression fails here rather than on a patient's message.
func TestEveryAlternativeCompiles(t *testing.T) {
	compiledLiterals()
	for _, p := range patterns {
		for _, b := range p.branches {
			b()
		}
		if p.replaces {
			p.whole()
		}
	}
}

// TestEndAnchorsCanMatch catches an end anchor that can never match. The
// text is normalised with a space at each end, so " bye$" and " bye$ "
// never match, and a rule would silently do nothing; " bye $" does.
func TestEndAnchorsCanMatch(t *testing.T) {
	for _, p := range patterns {
		name := p.src[:min(20, len(p.src))]
		for _, alt := range p.alts {
			i := strings.Index(alt, "$")
			if i < 0 {
				continue
			}
			if strings.TrimRight(alt[i+1:], ")") != "" {
				t.Errorf("%s: %q has text after its end anchor", name, alt)
			}
			if c := rune(alt[i-1]); unicode.IsLetter(c) || unicode.IsDigit(c) {
				t.Errorf("%s: %q needs a space before its end anchor", name, alt)
			}
		}
	}
}

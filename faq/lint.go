package faq

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Rules are the limits lint enforces.
type Rules struct {
	MinQuestions int
	MaxWords     int
	MaxGrade     float64
	// RequiredIDs are topic ids that must each have an entry.
	RequiredIDs []string
	// Now is the day against which review_after is checked.
	Now time.Time
}

// DefaultRules returns the limits for patient-facing entries.
func DefaultRules() Rules {
	return Rules{MinQuestions: 8, MaxWords: 180, MaxGrade: 8, Now: time.Now()}
}

// File is a FAQ file's name and contents.
type File struct {
	Name string
	Data []byte
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseAll parses and lints each file on its own, on every core: files
// are independent, and start-up waits for them.
func parseAll(files []File, rules Rules) []*parsed {
	all := make([]*parsed, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() {
			p := parse(f.Name, f.Data)
			if len(p.problems) == 0 || p.ID != "" {
				lintEntry(p, rules)
			}
			all[i] = p
		})
	}
	wg.Wait()
	return all
}

// Lint parses and validates FAQ files. It returns the entries that parsed
// and every problem found, errors and warnings, in file order.
func Lint(files []File, rules Rules) ([]Entry, Problems) {
	var (
		entries  []Entry
		problems Problems
		parsedBy = map[string]*parsed{}
		all      = parseAll(files, rules)
	)
	for i, f := range files {
		p := all[i]
		if len(p.problems) > 0 && p.ID == "" {
			continue
		}
		if want := strings.TrimSuffix(path.Base(f.Name), ".md"); p.ID != "" && p.ID != want {
			p.problem("id", "id %q does not match the file name %q", p.ID, want)
		}
		if first, dup := parsedBy[p.ID]; dup && p.ID != "" {
			p.problem("id", "duplicate id %q (first in %s)", p.ID, first.file)
			continue
		}
		parsedBy[p.ID] = p
	}
	for _, p := range all {
		for _, r := range p.Related {
			if _, ok := parsedBy[r]; !ok {
				p.problem("related", "related id %q has no entry", r)
			} else if r == p.ID {
				p.problem("related", "entry lists itself as related")
			}
		}
		problems = append(problems, p.problems...)
		if p.ID != "" && parsedBy[p.ID] == p {
			entries = append(entries, p.Entry)
		}
	}
	for _, id := range rules.RequiredIDs {
		if _, ok := parsedBy[id]; !ok {
			problems = append(problems, Problem{File: id + ".md", Line: 0, Message: fmt.Sprintf("topic %q has no entry", id)})
		}
	}
	slices.SortStableFunc(problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return entries, problems
}

// CheckEntry validates one entry on its own (no cross-entry checks) and
// returns its problems; name labels them.
func CheckEntry(name string, e Entry, rules Rules) Problems {
	p := &parsed{Entry: e, file: name, lines: map[string]int{}}
	if e.Reviewed.IsZero() {
		p.problem("reviewed", "missing reviewed date (YYYY-MM-DD)")
	}
	lintEntry(p, rules)
	return p.problems
}

func lintEntry(p *parsed, rules Rules) {
	switch {
	case p.ID == "":
		p.problem("id", "missing id")
	case !idRE.MatchString(p.ID):
		p.problem("id", "id %q must be lowercase words joined by -", p.ID)
	}
	if p.Title == "" {
		p.problem("title", "missing title")
	}
	if n := countNonEmpty(p.Questions); n < rules.MinQuestions {
		p.problem("questions", "%d alternate questions; at least %d are needed", n, rules.MinQuestions)
	}
	lintSources(p)
	if !p.ReviewAfter.IsZero() && !rules.Now.IsZero() && rules.Now.After(p.ReviewAfter) {
		p.problems = append(p.problems, Problem{File: p.file, Line: lineOr(p.lines, "review_after", "reviewed"),
			Message: fmt.Sprintf("review is due: review_after %s has passed", p.ReviewAfter.Format(dateLayout)), Warning: true})
	}
	lintBody(p, rules)
}

func lintSources(p *parsed) {
	if len(p.Sources) == 0 {
		p.problem("sources", "no sources: every entry needs at least one")
	}
	for i, s := range p.Sources {
		if strings.TrimSpace(s.Title) == "" {
			p.problem("sources", "source %d has no title", i+1)
		}
		u, err := url.Parse(strings.TrimSpace(s.URL))
		if s.URL == "" {
			p.problem("sources", "source %d (%s) has no url", i+1, s.Title)
		} else if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.problem("sources", "source %d url %q is not an absolute http(s) URL", i+1, s.URL)
		}
	}
}

func lintBody(p *parsed, rules Rules) {
	bodyProblem := func(format string, args ...any) {
		p.problems = append(p.problems, Problem{File: p.file, Line: max(p.bodyLine, 1), Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(p.Body) == "" {
		bodyProblem("empty answer body")
		return
	}
	for _, name := range unknownPlaceholders(p.Body) {
		bodyProblem("unknown placeholder {{%s}}", name)
	}
	r := Measure(p.Body)
	if rules.MaxWords > 0 && r.Words > rules.MaxWords {
		bodyProblem("answer has %d words; the limit is %d", r.Words, rules.MaxWords)
	}
	if rules.MaxGrade > 0 && r.Grade > rules.MaxGrade {
		bodyProblem("reading grade %.1f is above %.0f: use shorter sentences and words", r.Grade, rules.MaxGrade)
	}
}

func lineOr(lines map[string]int, keys ...string) int {
	for _, k := range keys {
		if l, ok := lines[k]; ok {
			return l
		}
	}
	return 1
}

func countNonEmpty(ss []string) int {
	n := 0
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	return n
}

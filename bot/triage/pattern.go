package triage

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/coregx/ahocorasick"
)

// pattern is a regular expression over normalised text with an exact
// literal pre-filter. Its top-level alternatives are compiled apart, and
// each carries the literals one of which any match of it must contain; a
// single Aho-Corasick pass over the text finds which alternatives can
// match, and only those run. The pre-filter is exact, never a heuristic:
// an alternative is skipped only when none of its required literals occurs
// in the text, that is when it cannot match. An alternative with no
// required literal always runs.
//
// The rules are large alternations, and running every one of them over
// every message was most of the engine's time; with the pre-filter a
// message usually runs a handful of small expressions.
type pattern struct {
	src      string
	branches []*regexp.Regexp
	always   []int                  // branches with no required literal
	lits     *ahocorasick.Automaton // nil when every branch always runs
	owner    []int                  // literal index → branch index
	whole    *regexp.Regexp         // the full expression, for replacing
	litsAll  bool                   // every branch has required literals
}

// re compiles a pattern over normalised text; " " marks word boundaries.
// It panics on a bad expression, like regexp.MustCompile: patterns are
// constants checked by the tests.
func re(src string) *pattern {
	p := &pattern{src: src}
	var lits []string
	for i, b := range splitAlternatives(src) {
		p.branches = append(p.branches, regexp.MustCompile(b))
		req, ok := requiredLiterals(b)
		if !ok {
			p.always = append(p.always, i)
			continue
		}
		for _, l := range trimmed(req) {
			lits = append(lits, l)
			p.owner = append(p.owner, i)
		}
	}
	p.litsAll = len(p.always) == 0
	if len(lits) > 0 {
		ac, err := ahocorasick.NewBuilder().AddStrings(lits).Build()
		if err != nil {
			panic("triage: literal automaton: " + err.Error())
		}
		p.lits = ac
	}
	return p
}

// replacer is a pattern whose matches are cut out of the text.
func replacer(src string) *pattern {
	p := re(src)
	p.whole = regexp.MustCompile(src)
	return p
}

// MatchString reports whether s contains a match of the pattern.
func (p *pattern) MatchString(s string) bool {
	for _, i := range p.always {
		if p.branches[i].MatchString(s) {
			return true
		}
	}
	if p.lits == nil {
		return false
	}
	var tried []bool
	for _, m := range p.lits.FindAllOverlapping([]byte(s)) {
		i := p.owner[m.PatternID]
		if tried == nil {
			tried = make([]bool, len(p.branches))
		}
		if tried[i] {
			continue
		}
		tried[i] = true
		if p.branches[i].MatchString(s) {
			return true
		}
	}
	return false
}

// ReplaceAllString replaces every match in s with repl, like the regexp
// method. It needs a pattern made by replacer.
func (p *pattern) ReplaceAllString(s, repl string) string {
	if p.litsAll && (p.lits == nil || len(p.lits.FindAllOverlapping([]byte(s))) == 0) {
		return s
	}
	return p.whole.ReplaceAllString(s, repl)
}

// splitAlternatives splits an expression at its top-level "|": outside
// every group and character class.
func splitAlternatives(src string) []string {
	var out []string
	depth, class, start := 0, false, 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\\':
			i++
		case class:
			class = c != ']'
		case c == '[':
			class = true
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == '|' && depth == 0:
			out = append(out, src[start:i])
			start = i + 1
		}
	}
	return append(out, src[start:])
}

// requiredLiterals returns strings one of which every match of the
// expression contains. ok is false when there is no such set.
func requiredLiterals(src string) (lits []string, ok bool) {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil, false
	}
	return required(re)
}

func required(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		if s := string(re.Rune); !blank(s) {
			return []string{s}, true
		}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			l, ok := required(sub)
			if !ok {
				return nil, false
			}
			all = append(all, l...)
		}
		slices.Sort(all)
		return slices.Compact(all), true
	case syntax.OpConcat:
		// Runs of children with finitely many spellings join into
		// longer literals: " want to die" rather than " want".
		var best []string
		consider := func(l []string) {
			if len(l) > 0 && !slices.ContainsFunc(l, blank) && (best == nil || better(l, best)) {
				best = l
			}
		}
		run := []string{""}
		for _, sub := range re.Sub {
			if e, ok := exact(sub); ok && len(run)*len(e) <= maxSpellings {
				run = cross(run, e)
				continue
			}
			consider(run)
			run = []string{""}
			if e, ok := exact(sub); ok {
				run = e
			} else if l, ok := required(sub); ok {
				consider(l)
			}
		}
		consider(run)
		return best, best != nil
	}
	return nil, false
}

// blank reports whether a literal is all spaces: every normalised message
// has those, so it filters nothing.
func blank(s string) bool { return strings.TrimSpace(s) == "" }

// maxSpellings bounds the literals one expression may expand to.
const maxSpellings = 64

// exact returns every string the expression matches, when they are few.
func exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpQuest:
		e, ok := exact(re.Sub[0])
		return append(e, ""), ok
	case syntax.OpCharClass:
		var out []string
		for i := 0; i < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) == 8 {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, true
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			e, ok := exact(sub)
			if !ok {
				return nil, false
			}
			all = append(all, e...)
		}
		return all, len(all) <= maxSpellings
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			e, ok := exact(sub)
			if !ok || len(out)*len(e) > maxSpellings {
				return nil, false
			}
			out = cross(out, e)
		}
		return out, true
	}
	return nil, false
}

func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// enough is the literal length past which a longer literal filters no
// better; literals are cut to it, which keeps the automaton small. A
// prefix of a required literal is required too, so cutting stays exact.
const enough = 8

// trimmed cuts literals to enough bytes and removes the repeats.
func trimmed(lits []string) []string {
	out := make([]string, len(lits))
	for i, l := range lits {
		out[i] = l[:min(len(l), enough)]
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// better prefers the literal set whose shortest literal is longer (up to
// enough), then the smaller set: the more selective pre-filter.
func better(a, b []string) bool {
	ma, mb := min(shortest(a), enough), min(shortest(b), enough)
	if ma != mb {
		return ma > mb
	}
	return len(trimmed(a)) < len(trimmed(b))
}

func shortest(l []string) int {
	n := len(l[0])
	for _, s := range l[1:] {
		n = min(n, len(s))
	}
	return n
}

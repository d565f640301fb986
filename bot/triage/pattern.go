package triage

import (
	"math/bits"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"

	"github.com/coregx/ahocorasick"
)

// pattern is a regular expression over normalised text with an exact
// literal pre-filter. Its top-level alternatives are compiled apart, and
// each carries the literals one of which any match of it must contain. One
// Aho-Corasick pass over a text, shared by every pattern of the package,
// finds which alternatives can match, and only those run. The pre-filter
// is exact, never a heuristic: an alternative is skipped only when none of
// its required literals occurs in the text, that is when it cannot match.
// An alternative with no required literal always runs.
//
// The rules are large alternations, and running every one of them over
// every message was most of the engine's time; with the pre-filter a
// message usually runs a handful of small expressions.
//
// Reading the patterns' literals takes tens of milliseconds, so it is not
// done when the package is initialised, which would delay every start-up,
// but all at once on first use or by Warm (compiledLiterals). Each
// alternative is compiled the first time it runs.
type pattern struct {
	src      string
	alts     []string // the top-level alternatives
	first    int      // the index of alts[0] among all patterns' alternatives
	replaces bool     // a replacer: whole is compiled too
	// Set by compile:
	branches []func() *regexp.Regexp // alts, each compiled when first run
	always   []int                   // branches with no required literal
	lits     [][]string              // each branch's required literals
	whole    func() *regexp.Regexp   // the full expression, for replacing
}

// patterns holds every pattern of the package, in the order they were
// made, for the shared literal automaton. Patterns are package variables,
// so it is complete once the package is initialised.
var patterns []*pattern

// re makes a pattern over normalised text; " " marks word boundaries.
// Compiling it panics on a bad expression, like regexp.MustCompile:
// patterns are constants checked by the tests.
func re(src string) *pattern {
	p := &pattern{src: src, alts: splitAlternatives(src)}
	if n := len(patterns); n > 0 {
		last := patterns[n-1]
		p.first = last.first + len(last.alts)
	}
	patterns = append(patterns, p)
	return p
}

// replacer is a pattern whose matches are cut out of the text.
func replacer(src string) *pattern {
	p := re(src)
	p.replaces = true
	return p
}

// compile finds the literals each alternative requires and readies the
// alternatives to compile when first run: most rarely are, and compiled
// expressions are the larger part of the rules' memory.
func (p *pattern) compile() {
	for i, b := range p.alts {
		p.branches = append(p.branches, sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(b) }))
		req, ok := requiredLiterals(b)
		if !ok {
			p.always = append(p.always, i)
			req = nil
		}
		p.lits = append(p.lits, trimmed(req))
	}
	if p.replaces {
		p.whole = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(p.src) })
	}
}

// literals is the automaton over every pattern's required literals, and
// for each literal the alternatives (by global index) that require it.
type literals struct {
	ac       *ahocorasick.Automaton
	owners   [][]int32
	branches int
}

// compiledLiterals readies every pattern and builds the literal automaton
// over them. Every use of a pattern calls it first.
var compiledLiterals = sync.OnceValue(func() *literals {
	for _, p := range patterns {
		p.compile()
	}
	l := &literals{}
	id := map[string]int{}
	var all []string
	for _, p := range patterns {
		for i, lits := range p.lits {
			for _, lit := range lits {
				n, ok := id[lit]
				if !ok {
					n = len(all)
					id[lit] = n
					all = append(all, lit)
					l.owners = append(l.owners, nil)
				}
				l.owners[n] = append(l.owners[n], int32(p.first+i))
			}
		}
		l.branches = p.first + len(p.branches)
	}
	ac, err := ahocorasick.NewBuilder().AddStrings(all).Build()
	if err != nil {
		panic("triage: literal automaton: " + err.Error())
	}
	l.ac = ac
	return l
})

// candidates returns, as a bit set over all alternatives, those whose
// required literals occur in s.
func (l *literals) candidates(s string) []uint64 {
	bits := make([]uint64, (l.branches+63)/64)
	for _, m := range l.ac.FindAllOverlapping([]byte(s)) {
		for _, b := range l.owners[m.PatternID] {
			bits[b/64] |= 1 << (b % 64)
		}
	}
	return bits
}

// scanner keeps the literal scans of the few texts one message is read
// as (normalised, then with jokes, denials or idioms cut out), so every
// pattern reading the same text shares one pass. It is for one goroutine.
type scanner struct {
	texts []string
	bits  [][]uint64
}

func (sc *scanner) scan(s string) []uint64 {
	for i, t := range sc.texts {
		if t == s {
			return sc.bits[i]
		}
	}
	b := compiledLiterals().candidates(s)
	sc.texts, sc.bits = append(sc.texts, s), append(sc.bits, b)
	return b
}

// match reports whether s contains a match of the pattern.
func (p *pattern) match(sc *scanner, s string) bool {
	set := sc.scan(s) // compiles the patterns on first use
	for _, i := range p.always {
		if p.branches[i]().MatchString(s) {
			return true
		}
	}
	found := false
	p.eachCandidate(set, func(b *regexp.Regexp) bool {
		found = b.MatchString(s)
		return !found
	})
	return found
}

// eachCandidate calls fn, in order, with each of the pattern's
// alternatives whose bit is set in the candidate set, until fn returns
// false. It visits only set bits: most are clear.
func (p *pattern) eachCandidate(set []uint64, fn func(*regexp.Regexp) bool) {
	lo, hi := p.first, p.first+len(p.branches)
	for w := lo / 64; w <= (hi-1)/64; w++ {
		word := set[w]
		for word != 0 {
			g := w*64 + bits.TrailingZeros64(word)
			word &= word - 1
			if g < lo {
				continue
			}
			if g >= hi || !fn(p.branches[g-lo]()) {
				return
			}
		}
	}
}

// replace replaces every match in s with repl, like the regexp method. It
// needs a pattern made by replacer. The whole expression, a large
// alternation that is slow to run, runs only when one of its
// alternatives matches: exactly when it has a match.
func (p *pattern) replace(sc *scanner, s, repl string) string {
	if !p.match(sc, s) {
		return s
	}
	return p.whole().ReplaceAllString(s, repl)
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

// better prefers the literal set whose weakest literal is longer (up to
// enough), then the smaller set: the more selective pre-filter.
func better(a, b []string) bool {
	ma, mb := min(weakest(a), enough), min(weakest(b), enough)
	if ma != mb {
		return ma > mb
	}
	return len(trimmed(a)) < len(trimmed(b))
}

// weakest returns how selective the set's least selective literal is: its
// length, except that a literal that is only a function word (" of ",
// " can ") occurs in most messages and counts as one byte.
func weakest(l []string) int {
	n := enough
	for _, s := range l {
		if functionWords[strings.TrimSpace(s)] {
			return 1
		}
		n = min(n, len(s))
	}
	return n
}

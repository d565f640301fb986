// Package match ranks FAQ entries for a patient's question. It indexes
// each entry's title, alternate questions, tags and body as TF-IDF vectors
// over stemmed, lexicon-normalised words, with spelling correction against
// the FAQ's own vocabulary, and scores an entry by cosine similarity with
// its closest alternate question and with the entry as a whole.
package match

import (
	"fmt"
	"math"
	"slices"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/textnorm"
)

// Params tune scoring. DefaultParams are calibrated on the shipped FAQ
// (docs/matching.md); other values are for experiments.
type Params struct {
	// QuestionWeight is the share of an entry's score that comes from its
	// closest alternate question; the rest comes from the whole entry.
	QuestionWeight float64
	// TitleTF and BodyTF weigh the title and body in the whole-entry vector
	// against one alternate question.
	TitleTF, BodyTF float64
	// UnknownIDF weighs a query word the FAQ never uses, as a share of the
	// rarest word's weight: such words pull a question away from every entry.
	UnknownIDF float64
	// Bigrams weighs pairs of adjacent content words ("side effect").
	Bigrams float64
	// Classifier is the share of the score that comes from the trained
	// classifier's probability; the rest is cosine similarity.
	Classifier float64
}

// DefaultParams returns the calibrated parameters.
func DefaultParams() Params {
	return Params{QuestionWeight: 0.4, TitleTF: 2, BodyTF: 0.5, UnknownIDF: 1, Bigrams: 0, Classifier: 0.5}
}

// Result is one ranked entry. Score is in [0, 1].
type Result struct {
	ID    string  `json:"id"`
	Score float64 `json:"score"`
}

// Index is an immutable search index over a FAQ. It is safe for
// concurrent use.
type Index struct {
	ids        []string
	idf        map[string]float64
	unknownIDF float64
	questions  map[string][]posting // term -> alternate-question vectors
	entries    map[string][]posting // term -> whole-entry vectors
	qEntry     []int32              // question vector -> entry
	an         analyzer
	p          Params
	clf        *classifier
}

type posting struct {
	doc int32
	w   float32
}

// New builds an index over entries with DefaultParams.
func New(entries []faq.Entry) *Index { return NewWithParams(entries, DefaultParams()) }

// NewWithParams builds an index over entries.
func NewWithParams(entries []faq.Entry, p Params) *Index {
	ix := &Index{idf: map[string]float64{}, questions: map[string][]posting{}, entries: map[string][]posting{}, p: p}
	ix.an.bigrams = p.Bigrams
	vocab := map[string]int{}
	for _, e := range entries {
		for _, text := range entryTexts(e) {
			for _, w := range textnorm.Words(text) {
				vocab[w]++
			}
		}
	}
	for _, canon := range lexicon {
		for _, w := range canon {
			vocab[w]++
		}
	}
	ix.an.speller = newSpeller(vocab)
	raw := ix.an // analysis of the FAQ itself needs no spelling correction
	raw.speller = nil

	entryTF := make([]map[string]float64, len(entries))
	df := map[string]int{}
	for i, e := range entries {
		ix.ids = append(ix.ids, e.ID)
		tf := map[string]float64{}
		add := func(text string, w float64) {
			for _, t := range raw.terms(text) {
				tf[t.term] += w
			}
		}
		add(e.Title, p.TitleTF)
		for _, q := range e.Questions {
			add(q, 1)
		}
		for _, tag := range e.Tags {
			add(tag, 1)
		}
		add(e.Body, p.BodyTF)
		entryTF[i] = tf
		for t := range tf {
			df[t]++
		}
	}
	n := float64(len(entries))
	for t, d := range df {
		ix.idf[t] = math.Log(1 + n/float64(d))
	}
	ix.unknownIDF = math.Log(1+n) * p.UnknownIDF
	ix.an.stems = ix.idf

	for i, tf := range entryTF {
		ix.addVector(ix.entries, int32(i), tf)
	}
	var train []example
	for i, e := range entries {
		for _, q := range append([]string{e.Title}, e.Questions...) {
			tf := map[string]float64{}
			for _, t := range raw.terms(q) {
				tf[t.term]++
			}
			if len(tf) == 0 {
				continue
			}
			ix.addVector(ix.questions, int32(len(ix.qEntry)), tf)
			ix.qEntry = append(ix.qEntry, int32(i))
			train = append(train, example{x: ix.vector(tf), label: i})
		}
	}
	if p.Classifier > 0 && len(entries) > 1 {
		ix.clf = trainClassifier(len(entries), train)
	}
	return ix
}

// vector returns the unit-length TF-IDF vector of term frequencies.
func (ix *Index) vector(tf map[string]float64) map[string]float64 {
	vec := make(map[string]float64, len(tf))
	var norm float64
	for t, f := range tf {
		w := (1 + math.Log(f)) * ix.idf[t]
		if f < 1 {
			w = f * ix.idf[t]
		}
		vec[t] = w
		norm += w * w
	}
	norm = math.Sqrt(norm)
	for t := range vec {
		if norm > 0 {
			vec[t] /= norm
		}
	}
	return vec
}

func entryTexts(e faq.Entry) []string {
	return slices.Concat([]string{e.Title, e.Body}, e.Questions, e.Tags)
}

// addVector adds a unit-length TF-IDF vector to postings.
func (ix *Index) addVector(post map[string][]posting, doc int32, tf map[string]float64) {
	var norm float64
	vec := make(map[string]float64, len(tf))
	for t, f := range tf {
		w := (1 + math.Log(f)) * ix.idf[t]
		if f < 1 {
			w = f * ix.idf[t]
		}
		vec[t] = w
		norm += w * w
	}
	norm = math.Sqrt(norm)
	if norm == 0 {
		return
	}
	for t, w := range vec {
		post[t] = append(post[t], posting{doc: doc, w: float32(w / norm)})
	}
}

// Len reports the number of indexed entries.
func (ix *Index) Len() int { return len(ix.ids) }

// Search returns up to k entries ranked by score, best first, omitting
// entries that share no term with the question.
func (ix *Index) Search(question string, k int) []Result {
	qt := ix.an.terms(question)
	if len(qt) == 0 || len(ix.ids) == 0 {
		return nil
	}
	tf := make(map[string]float64, len(qt))
	for _, t := range qt {
		tf[t.term] += t.weight
	}
	var norm float64
	qvec := make(map[string]float64, len(tf))
	for t, f := range tf {
		idf, known := ix.idf[t]
		if !known {
			idf = ix.unknownIDF
		}
		w := idf * f
		if f > 1 {
			w = idf * (1 + math.Log(f))
		}
		norm += w * w
		if known {
			qvec[t] = w
		}
	}
	if len(qvec) == 0 {
		return nil
	}
	norm = math.Sqrt(norm)
	qScores := make([]float64, len(ix.qEntry))
	eScores := make([]float64, len(ix.ids))
	for t, w := range qvec {
		w /= norm
		for _, p := range ix.questions[t] {
			qScores[p.doc] += w * float64(p.w)
		}
		for _, p := range ix.entries[t] {
			eScores[p.doc] += w * float64(p.w)
		}
	}
	best := make([]float64, len(ix.ids))
	for d, s := range qScores {
		if e := ix.qEntry[d]; s > best[e] {
			best[e] = s
		}
	}
	var probs []float64
	if ix.clf != nil {
		x := make(map[string]float64, len(qvec))
		for t, w := range qvec {
			x[t] = w / norm
		}
		probs = make([]float64, len(ix.ids))
		ix.clf.predict(x, probs)
	}
	results := make([]Result, 0, 8)
	for i, id := range ix.ids {
		s := ix.p.QuestionWeight*best[i] + (1-ix.p.QuestionWeight)*eScores[i]
		if probs != nil && s > 0 {
			s = (1-ix.p.Classifier)*s + ix.p.Classifier*probs[i]
		}
		if s > 0 {
			results = append(results, Result{ID: id, Score: s})
		}
	}
	slices.SortFunc(results, func(a, b Result) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	if len(results) > k {
		results = results[:k]
	}
	return results
}

// Terms returns the index terms the question is reduced to, with their
// weights, for explaining a match.
func (ix *Index) Terms(question string) []string {
	var out []string
	for _, t := range ix.an.terms(question) {
		_, known := ix.idf[t.term]
		s := fmt.Sprintf("%s(%.1f", t.term, t.weight)
		if !known {
			s += ",unknown"
		}
		out = append(out, s+")")
	}
	return out
}

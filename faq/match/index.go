// Package match ranks FAQ entries for a patient's question. It indexes
// each entry's title, alternate questions, tags and body as TF-IDF vectors
// over stemmed, lexicon-normalised words, with spelling correction against
// the FAQ's own vocabulary. An entry's score blends cosine similarity
// (with its closest alternate question and with the entry as a whole) and
// the probability from a small classifier trained on the alternate
// questions plus examples of off-topic messages.
package match

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/softmax"
	"github.com/faqbot/faqbot/faq/textnorm"
)

// Params tune scoring. DefaultParams are calibrated on the shipped FAQ
// (docs/matching.md); other values are for experiments.
type Params struct {
	// QuestionWeight is the share of similarity that comes from an entry's
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
	// classifier's probability; the rest is similarity. 0 turns it off.
	Classifier float64
	// OffTopic trains the classifier with the shipped off-topic examples as
	// one more class, whose probability Ranking.OffTopic reports.
	OffTopic bool
	// Models holds classifiers trained ahead of time, by the fingerprint
	// of their training examples (softmax.TrainStored): the shipped FAQ's
	// model, so that start-up need not train it. Nil always trains.
	Models fs.FS
}

// DefaultParams returns the calibrated parameters.
func DefaultParams() Params {
	return Params{QuestionWeight: 0.4, TitleTF: 2, BodyTF: 0.5, UnknownIDF: 1, Classifier: 0.5, OffTopic: true, Models: shippedModels()}
}

//go:embed offtopic.txt
var offTopicText string

// models holds the classifier trained on the shipped FAQ; regenerate it
// after changing the FAQ or the matcher with
// go test ./faq/match -run TestShippedModel -update.
//
//go:embed models
var models embed.FS

func shippedModels() fs.FS {
	sub, _ := fs.Sub(models, "models")
	return sub
}

// Result is one ranked entry. Scores are in [0, 1].
type Result struct {
	ID string `json:"id"`
	// Score ranks entries: it blends Similarity and Probability.
	Score float64 `json:"score"`
	// Similarity is the cosine similarity with the entry's closest
	// alternate question and with the whole entry; it is low for a
	// question the FAQ does not cover.
	Similarity float64 `json:"similarity"`
	// Probability is the classifier's probability for the entry.
	Probability float64 `json:"probability"`
}

// Ranking is the outcome of a search.
type Ranking struct {
	// Results are the best entries, best first.
	Results []Result
	// OffTopic is the classifier's probability that the question is about
	// none of the entries.
	OffTopic float64
	// Words is the number of content words in the question. Long messages
	// carry background that reads as off-topic, so callers may allow them
	// a higher OffTopic.
	Words int
}

// Top returns the best result, or a zero Result when there is none.
func (r Ranking) Top() Result {
	if len(r.Results) == 0 {
		return Result{}
	}
	return r.Results[0]
}

// Gap returns how far the best result's score leads the second's.
func (r Ranking) Gap() float64 {
	switch len(r.Results) {
	case 0:
		return 0
	case 1:
		return r.Results[0].Score
	}
	return r.Results[0].Score - r.Results[1].Score
}

// maxClassifierEntries bounds the FAQ size for which the classifier is
// trained: its weights grow with entries × words, so very large FAQs rank
// by similarity alone.
const maxClassifierEntries = 1000

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
	clf        *softmax.Model
	modelFile  string // the classifier's name among stored models
	scratch    sync.Pool
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
	written := make([]entryTexts[string], len(entries))
	for i, e := range entries {
		written[i] = textsOf(e)
	}
	words := mapTexts(written, textnorm.Words)
	vocab := vocabulary(words)
	// The speller is for questions, not for the FAQ's own text: it is
	// built on the other core meanwhile.
	speller := make(chan *speller, 1)
	go func() { speller <- newSpeller(vocab) }()
	ix.an.stemOf = make(map[string]string, len(vocab))
	for w := range vocab {
		t, _ := term(w)
		ix.an.stemOf[w] = t
	}
	// The FAQ's own text needs no spelling correction; a question's terms
	// serve both its entry's vector and its own.
	raw := ix.an
	texts := mapTexts(words, func(ws []string) []weighted { return raw.termsOf(applyLexicon(ws)) })
	add := func(terms []weighted, w float64, tf map[string]float64) {
		for _, t := range terms {
			tf[t.term] += w * t.weight
		}
	}

	entryTF := make([]map[string]float64, len(entries))
	forEach(len(entries), func(i int) {
		tf := map[string]float64{}
		add(texts[i].title, p.TitleTF, tf)
		for _, terms := range slices.Concat(texts[i].questions, texts[i].tags) {
			add(terms, 1, tf)
		}
		add(texts[i].body, p.BodyTF, tf)
		entryTF[i] = tf
	})
	df := map[string]int{}
	for i, e := range entries {
		ix.ids = append(ix.ids, e.ID)
		for t := range entryTF[i] {
			df[t]++
		}
	}
	n := float64(len(entries))
	for t, d := range df {
		ix.idf[t] = math.Log(1 + n/float64(d))
	}
	ix.unknownIDF = math.Log(1+n) * p.UnknownIDF
	ix.an.stems = ix.idf

	// Each entry's vector and its title's and questions', on every core;
	// then the postings, in order.
	type vectors struct {
		entry     map[string]float64
		questions []map[string]float64
	}
	vecs := make([]vectors, len(entries))
	forEach(len(entries), func(i int) {
		v := vectors{entry: ix.vector(entryTF[i])}
		for _, terms := range append([][]weighted{texts[i].title}, texts[i].questions...) {
			tf := map[string]float64{}
			add(terms, 1, tf)
			if len(tf) > 0 {
				v.questions = append(v.questions, ix.vector(tf))
			}
		}
		vecs[i] = v
	})
	var train []softmax.Example
	for i, v := range vecs {
		addPostings(ix.entries, int32(i), v.entry)
		for _, q := range v.questions {
			addPostings(ix.questions, int32(len(ix.qEntry)), q)
			ix.qEntry = append(ix.qEntry, int32(i))
			train = append(train, softmax.Example{X: q, Label: i})
		}
	}
	classes := len(entries)
	if p.OffTopic {
		for _, line := range strings.Split(offTopicText, "\n") {
			if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			tf := map[string]float64{}
			add(raw.terms(line), 1, tf)
			if len(tf) > 0 {
				train = append(train, softmax.Example{X: ix.vector(tf), Label: classes})
			}
		}
		classes++
	}
	if p.Classifier > 0 && len(entries) > 1 && len(entries) <= maxClassifierEntries {
		ix.clf, ix.modelFile = softmax.TrainStored(classes, train, p.Models)
	}
	ix.an.speller = <-speller
	ix.scratch.New = func() any {
		return &scratch{qScores: make([]float64, len(ix.qEntry)), eScores: make([]float64, len(ix.ids)),
			best: make([]float64, len(ix.ids)), probs: make([]float64, len(ix.ids)+1)}
	}
	return ix
}

// entryTexts are an entry's texts, as written, as words or as terms.
type entryTexts[T any] struct {
	title, body     T
	questions, tags []T
}

func textsOf(e faq.Entry) entryTexts[string] {
	return entryTexts[string]{title: e.Title, body: e.Body, questions: e.Questions, tags: e.Tags}
}

// mapTexts applies f to every text of every entry, on every core: the
// FAQ is read this way twice at every start-up.
func mapTexts[A, B any](in []entryTexts[A], f func(A) B) []entryTexts[B] {
	out := make([]entryTexts[B], len(in))
	forEach(len(in), func(i int) {
		e := entryTexts[B]{title: f(in[i].title), body: f(in[i].body)}
		for _, q := range in[i].questions {
			e.questions = append(e.questions, f(q))
		}
		for _, t := range in[i].tags {
			e.tags = append(e.tags, f(t))
		}
		out[i] = e
	})
	return out
}

// forEach calls f for every index below n, on every core (at most four).
// Start-up waits for the index, so its independent parts run this way.
func forEach(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), 4)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				f(i)
			}
		})
	}
	wg.Wait()
}

// vocabulary counts the FAQ's words, for spelling correction.
func vocabulary(texts []entryTexts[[]string]) map[string]int {
	vocab := map[string]int{}
	for _, e := range texts {
		for _, ws := range slices.Concat([][]string{e.title, e.body}, e.questions, e.tags) {
			for _, w := range ws {
				vocab[w]++
			}
		}
	}
	for _, canon := range lexicon {
		for _, w := range canon {
			vocab[w]++
		}
	}
	return vocab
}

func (ix *Index) idfOf(t string) float64 {
	if idf, ok := ix.idf[t]; ok {
		return idf
	}
	return ix.unknownIDF
}

// vector returns the unit-length TF-IDF vector of term frequencies. Terms
// the FAQ does not use weigh as unknown words.
func (ix *Index) vector(tf map[string]float64) map[string]float64 {
	vec := make(map[string]float64, len(tf))
	squares := make([]float64, 0, len(tf))
	for t, f := range tf {
		w := ix.tfidf(t, f)
		vec[t] = w
		squares = append(squares, w*w)
	}
	if norm := length(squares); norm > 0 {
		for t := range vec {
			vec[t] /= norm
		}
	}
	return vec
}

// queryVector is vector for a question's terms, kept in a slice sorted by
// term: a search builds one for every message, and maps cost more.
func (ix *Index) queryVector(terms []weighted) []softmax.Feature {
	x := make([]softmax.Feature, len(terms))
	for i, t := range terms {
		x[i] = softmax.Feature{Name: t.term, Value: t.weight}
	}
	slices.SortStableFunc(x, func(a, b softmax.Feature) int { return strings.Compare(a.Name, b.Name) })
	// Sum each term's weights, in the terms' order, as a map would.
	out := x[:0]
	for _, f := range x {
		if n := len(out); n > 0 && out[n-1].Name == f.Name {
			out[n-1].Value += f.Value
			continue
		}
		out = append(out, f)
	}
	squares := make([]float64, len(out))
	for i := range out {
		out[i].Value = ix.tfidf(out[i].Name, out[i].Value)
		squares[i] = out[i].Value * out[i].Value
	}
	if norm := length(squares); norm > 0 {
		for i := range out {
			out[i].Value /= norm
		}
	}
	return out
}

// tfidf weighs a term that occurs f times.
func (ix *Index) tfidf(t string, f float64) float64 {
	if f > 1 {
		return (1 + math.Log(f)) * ix.idfOf(t)
	}
	return f * ix.idfOf(t)
}

// length returns the Euclidean length of a vector from its squared
// components, summed in a fixed order, not a map's: the same text gives
// the same bits, so a stored classifier's fingerprint matches. It sorts
// squares.
func length(squares []float64) float64 {
	slices.Sort(squares)
	var sum float64
	for _, sq := range squares {
		sum += sq
	}
	return math.Sqrt(sum)
}

// addPostings adds a document's vector to postings.
func addPostings(post map[string][]posting, doc int32, vec map[string]float64) {
	for t, w := range vec {
		post[t] = append(post[t], posting{doc: doc, w: float32(w)})
	}
}

// Len reports the number of indexed entries.
func (ix *Index) Len() int { return len(ix.ids) }

// Search ranks the entries for a question and returns up to k of them,
// omitting entries that share no word with it.
func (ix *Index) Search(question string, k int) Ranking {
	qt := ix.an.terms(question)
	if len(qt) == 0 || len(ix.ids) == 0 {
		return Ranking{OffTopic: 1, Words: len(qt)}
	}
	x := ix.queryVector(qt)
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc.reset())
	for _, f := range x {
		t, w := f.Name, f.Value
		for _, p := range ix.questions[t] {
			if sc.qScores[p.doc] == 0 {
				sc.qTouched = append(sc.qTouched, p.doc)
			}
			sc.qScores[p.doc] += w * float64(p.w)
		}
		for _, p := range ix.entries[t] {
			if sc.eScores[p.doc] == 0 && sc.best[p.doc] == 0 {
				sc.eTouched = append(sc.eTouched, p.doc)
			}
			sc.eScores[p.doc] += w * float64(p.w)
		}
	}
	for _, d := range sc.qTouched {
		if e := ix.qEntry[d]; sc.qScores[d] > sc.best[e] {
			if sc.best[e] == 0 && sc.eScores[e] == 0 {
				sc.eTouched = append(sc.eTouched, e)
			}
			sc.best[e] = sc.qScores[d]
		}
	}
	rk := Ranking{Words: len(qt)}
	var probs []float64
	if ix.clf != nil {
		probs = sc.probs[:ix.clf.Classes()]
		ix.clf.PredictFeatures(x, probs)
		if ix.clf.Classes() > len(ix.ids) {
			rk.OffTopic = probs[len(ix.ids)]
		}
	}
	results := make([]Result, 0, k+1)
	for _, i := range sc.eTouched {
		sim := ix.p.QuestionWeight*sc.best[i] + (1-ix.p.QuestionWeight)*sc.eScores[i]
		if sim <= 0 {
			continue
		}
		r := Result{ID: ix.ids[i], Score: sim, Similarity: sim}
		if probs != nil {
			r.Probability = probs[i]
			r.Score = (1-ix.p.Classifier)*sim + ix.p.Classifier*probs[i]
		}
		results = insertTop(results, r, k)
	}
	if len(results) == 0 {
		rk.OffTopic = 1
	}
	rk.Results = results
	return rk
}

// better orders results: higher score first, then id for stable output.
func better(a, b Result) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.ID < b.ID
}

// insertTop inserts r into the sorted top-k list rs.
func insertTop(rs []Result, r Result, k int) []Result {
	if len(rs) == k && !better(r, rs[k-1]) {
		return rs
	}
	i, _ := slices.BinarySearchFunc(rs, r, func(a, b Result) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	rs = slices.Insert(rs, i, r)
	if len(rs) > k {
		rs = rs[:k]
	}
	return rs
}

// scratch holds one search's accumulators, reused across searches.
type scratch struct {
	qScores, eScores, best, probs []float64
	qTouched, eTouched            []int32
}

func (s *scratch) reset() *scratch {
	for _, d := range s.qTouched {
		s.qScores[d] = 0
	}
	for _, e := range s.eTouched {
		s.eScores[e], s.best[e] = 0, 0
	}
	s.qTouched, s.eTouched = s.qTouched[:0], s.eTouched[:0]
	return s
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

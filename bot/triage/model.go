package triage

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/faqbot/faqbot/faq/softmax"
	"github.com/faqbot/faqbot/faq/textnorm"
)

// The rules catch what they were written for; the model is a safety net
// for phrasings nobody wrote a rule for. It is a softmax classifier over
// words and word pairs, trained at first use on examples/tsv: ordinary
// messages (the FAQ's questions, off-topic examples, hard negatives),
// crises, emergencies and requests for a person.

//go:embed examples.tsv
var examplesTSV string

// Model classes.
const (
	classOrdinary = iota
	classCrisis
	classEmergency
	classHuman
	classes
)

// Thresholds above which the model raises a category the rules missed,
// chosen by cross-validation (TestModelThresholds): low bars that raise at
// most one ordinary example in 500 out of fold (10 of 5,159, mostly
// goodbyes and endings: "this is my last infusion in the series, thanks
// to everyone"). For crisis that is 0.88, which catches 69% of crises out
// of fold; the bar rises only as far as that false-alarm rate needs: a
// needless crisis reply costs little, a missed one everything.
var thresholds = [classes]float64{classCrisis: 0.88, classEmergency: 0.72, classHuman: 0.8}

var model = sync.OnceValue(func() *softmax.Model {
	if m, ok := softmax.Stored(storedModels(), storedName(), classes); ok {
		return m
	}
	return softmax.Train(classes, trainingExamples(examplesTSV, nil))
})

// storedName names the stored model by the examples' text, which is
// cheaper than computing every example's features to fingerprint them.
// TestShippedModel checks that the stored model is the one training on
// those features gives, so a change to features fails it until the model
// is regenerated.
func storedName() string {
	sum := sha256.Sum256([]byte(examplesTSV))
	return "examples-" + hex.EncodeToString(sum[:]) + ".model"
}

// models holds the classifier trained on examples.tsv, so that start-up
// need not train it; regenerate it after changing the examples with
// go test ./bot/triage -run TestShippedModel -update.
//
//go:embed models
var models embed.FS

func storedModels() fs.FS {
	sub, _ := fs.Sub(models, "models")
	return sub
}

// Warm loads the safety-net classifier and builds the rules' literal
// automaton now, so the first message does not wait for them. Later calls
// return at once.
func Warm() {
	model()
	compiledLiterals()
}

// trainingExamples parses examples, skipping the lines for which skip
// returns true (for cross-validation).
func trainingExamples(tsv string, skip func(i int) bool) []softmax.Example {
	var out []softmax.Example
	for i, line := range strings.Split(tsv, "\n") {
		if line == "" || line[0] == '#' || (skip != nil && skip(i)) {
			continue
		}
		label, text, ok := strings.Cut(line, "\t")
		n, err := strconv.Atoi(label)
		if !ok || err != nil || n < 0 || n >= classes {
			continue
		}
		out = append(out, softmax.Example{X: features(text), Label: n})
	}
	return out
}

// features are the message's normalised words and adjacent pairs, as a
// unit-length vector.
func features(text string) map[string]float64 {
	words := textnorm.Words(text)
	x := make(map[string]float64, 2*len(words))
	for i, w := range words {
		x[w] = 1
		if i > 0 {
			x[words[i-1]+"_"+w] = 1
		}
	}
	if len(x) == 0 {
		return x
	}
	norm := 1 / math.Sqrt(float64(len(x)))
	for f := range x {
		x[f] = norm
	}
	return x
}

// modelCategory returns the category the model raises for text, if any.
func modelCategory(m *softmax.Model, text string) (Category, bool) {
	probs := make([]float64, classes)
	m.Predict(features(text), probs)
	switch {
	case probs[classCrisis] >= thresholds[classCrisis]:
		return Crisis, true
	case probs[classEmergency] >= thresholds[classEmergency]:
		return Emergency, true
	case probs[classHuman] >= thresholds[classHuman]:
		return Handoff, true
	}
	return None, false
}

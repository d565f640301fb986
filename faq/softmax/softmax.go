// Package softmax trains and applies a multinomial logistic regression
// (softmax) classifier over sparse, named features. Training is
// deterministic: the same examples give the same model.
package softmax

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
)

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	k       int            // number of classes
	feature map[string]int // term -> row of w
	w       []float64      // row-major: the weights of feature f are w[f*k : f*k+k]
	bias    []float64
}

// Example is one training example: feature values and a class in [0, k).
type Example struct {
	X     map[string]float64
	Label int
}

// sparse is an example with feature rows resolved, for training.
type sparse struct {
	rows  []int
	vals  []float64
	label int
}

const (
	trainEpochs = 40
	learnRate   = 0.5
	l2          = 1e-4
)

// Train fits a model with k classes.
func Train(k int, data []Example) *Model {
	c := &Model{k: k, feature: map[string]int{}, bias: make([]float64, k)}
	set := make([]sparse, len(data))
	for i, ex := range data {
		s := sparse{label: ex.Label}
		for _, f := range slices.Sorted(maps.Keys(ex.X)) { // sorted: the same examples give the same rows and sums
			v := ex.X[f]
			row, ok := c.feature[f]
			if !ok {
				row = len(c.feature)
				c.feature[f] = row
			}
			s.rows = append(s.rows, row)
			s.vals = append(s.vals, v)
		}
		set[i] = s
	}
	c.w = make([]float64, len(c.feature)*k)
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: the same FAQ gives the same model
	probs := make([]float64, k)
	for epoch := 0; epoch < trainEpochs; epoch++ {
		rng.Shuffle(len(set), func(i, j int) { set[i], set[j] = set[j], set[i] })
		lr := learnRate / (1 + float64(epoch)*0.1)
		for _, ex := range set {
			copy(probs, c.bias)
			for j, row := range ex.rows {
				v := ex.vals[j]
				for cls, w := range c.w[row*k : row*k+k] {
					probs[cls] += v * w
				}
			}
			softmax(probs)
			probs[ex.label]--
			for cls, g := range probs {
				c.bias[cls] -= lr * g
			}
			for j, row := range ex.rows {
				wr, v := c.w[row*k:row*k+k], ex.vals[j]
				for cls, g := range probs {
					wr[cls] -= lr * (g*v + l2*wr[cls])
				}
			}
		}
	}
	return c
}

// Classes returns the number of classes.
func (c *Model) Classes() int { return c.k }

// Predict writes the probability of each class into probs, which must
// have Classes() elements.
func (c *Model) Predict(x map[string]float64, probs []float64) {
	copy(probs, c.bias)
	for f, v := range x {
		c.add(f, v, probs)
	}
	softmax(probs)
}

// Feature is one named feature's value.
type Feature struct {
	Name  string
	Value float64
}

// PredictFeatures is Predict for features in a slice, for callers that
// keep them so rather than in a map.
func (c *Model) PredictFeatures(x []Feature, probs []float64) {
	copy(probs, c.bias)
	for _, f := range x {
		c.add(f.Name, f.Value, probs)
	}
	softmax(probs)
}

// add adds feature f's contribution to every class's logit.
func (c *Model) add(f string, v float64, logits []float64) {
	if row, ok := c.feature[f]; ok {
		for cls, w := range c.w[row*c.k : row*c.k+c.k] {
			logits[cls] += v * w
		}
	}
}

func softmax(logits []float64) {
	maxLogit := math.Inf(-1)
	for _, l := range logits {
		maxLogit = max(maxLogit, l)
	}
	var sum float64
	for i, l := range logits {
		logits[i] = math.Exp(l - maxLogit)
		sum += logits[i]
	}
	for i := range logits {
		logits[i] /= sum
	}
}

// Package softmax trains and applies a multinomial logistic regression
// (softmax) classifier over sparse, named features. Training is
// deterministic: the same examples give the same model.
package softmax

import (
	"math"
	"math/rand/v2"
)

// Model is a trained classifier. It is safe for concurrent use.
type Model struct {
	k       int            // number of classes
	feature map[string]int // term -> row of w
	w       [][]float64    // feature -> weight per class
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
		for f, v := range ex.X {
			row, ok := c.feature[f]
			if !ok {
				row = len(c.w)
				c.feature[f] = row
				c.w = append(c.w, make([]float64, k))
			}
			s.rows = append(s.rows, row)
			s.vals = append(s.vals, v)
		}
		set[i] = s
	}
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: the same FAQ gives the same model
	probs := make([]float64, k)
	for epoch := 0; epoch < trainEpochs; epoch++ {
		rng.Shuffle(len(set), func(i, j int) { set[i], set[j] = set[j], set[i] })
		lr := learnRate / (1 + float64(epoch)*0.1)
		for _, ex := range set {
			copy(probs, c.bias)
			for j, row := range ex.rows {
				for cls, w := range c.w[row] {
					probs[cls] += ex.vals[j] * w
				}
			}
			softmax(probs)
			probs[ex.label]--
			for cls, g := range probs {
				c.bias[cls] -= lr * g
			}
			for j, row := range ex.rows {
				wr, v := c.w[row], ex.vals[j]
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
		if row, ok := c.feature[f]; ok {
			for cls, w := range c.w[row] {
				probs[cls] += v * w
			}
		}
	}
	softmax(probs)
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

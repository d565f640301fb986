package match

import (
	"math"
	"math/rand/v2"
)

// classifier is a softmax (multinomial logistic) regression over the same
// TF-IDF vectors, trained at start-up on each entry's title and alternate
// questions. Where cosine similarity rewards any overlap, the classifier
// learns which words separate neighbouring entries ("how long" a session
// takes versus how long relief lasts).
type classifier struct {
	k    int
	w    map[string][]float64 // feature -> weight per entry
	bias []float64
}

type example struct {
	x     map[string]float64 // unit-length feature vector
	label int
}

const (
	trainEpochs = 40
	learnRate   = 0.5
	l2          = 1e-4
)

func trainClassifier(k int, data []example) *classifier {
	c := &classifier{k: k, w: map[string][]float64{}, bias: make([]float64, k)}
	for _, ex := range data {
		for f := range ex.x {
			if c.w[f] == nil {
				c.w[f] = make([]float64, k)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: the same FAQ gives the same model
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	probs := make([]float64, k)
	for epoch := 0; epoch < trainEpochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		lr := learnRate / (1 + float64(epoch)*0.1)
		for _, i := range order {
			ex := data[i]
			c.predict(ex.x, probs)
			for cls := 0; cls < k; cls++ {
				g := probs[cls]
				if cls == ex.label {
					g -= 1
				}
				if g > -1e-6 && g < 1e-6 {
					continue
				}
				c.bias[cls] -= lr * g
				for f, v := range ex.x {
					wf := c.w[f]
					wf[cls] -= lr * (g*v + l2*wf[cls])
				}
			}
		}
	}
	return c
}

// predict writes the probability of each entry into probs.
func (c *classifier) predict(x map[string]float64, probs []float64) {
	copy(probs, c.bias)
	for f, v := range x {
		if wf, ok := c.w[f]; ok {
			for cls, w := range wf {
				probs[cls] += v * w
			}
		}
	}
	maxLogit := math.Inf(-1)
	for _, l := range probs {
		maxLogit = max(maxLogit, l)
	}
	var sum float64
	for i, l := range probs {
		probs[i] = math.Exp(l - maxLogit)
		sum += probs[i]
	}
	for i := range probs {
		probs[i] /= sum
	}
}

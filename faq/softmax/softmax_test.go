package softmax_test

import (
	"testing"

	"github.com/faqbot/faqbot/faq/softmax"
)

func TestTrainSeparatesClasses(t *testing.T) {
	data := []softmax.Example{
		{X: map[string]float64{"drive": 1}, Label: 0},
		{X: map[string]float64{"car": 1, "drive": 0.5}, Label: 0},
		{X: map[string]float64{"cost": 1}, Label: 1},
		{X: map[string]float64{"price": 1, "cost": 0.5}, Label: 1},
	}
	m := softmax.Train(2, data)
	probs := make([]float64, m.Classes())
	m.Predict(map[string]float64{"drive": 1}, probs)
	if probs[0] < 0.8 || probs[0]+probs[1] < 0.999 || probs[0]+probs[1] > 1.001 {
		t.Errorf("P(drive) = %v", probs)
	}
	again := softmax.Train(2, data)
	p2 := make([]float64, 2)
	again.Predict(map[string]float64{"drive": 1}, p2)
	if p2[0] != probs[0] {
		t.Errorf("training is not deterministic: %v vs %v", p2, probs)
	}
}

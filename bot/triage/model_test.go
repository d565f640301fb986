package triage

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/faq/softmax"
)

// TestModelThresholds cross-validates the safety-net model: trained on
// four fifths of the examples, at the shipped thresholds it must catch
// most crises and emergencies of the fifth it did not see and raise at
// most one ordinary example in five hundred. It logs recall and the highest
// ordinary probability per class, for tuning.
func TestModelThresholds(t *testing.T) {
	if testing.Short() {
		t.Skip("trains five models")
	}
	lines := strings.Split(examplesTSV, "\n")
	const folds = 5
	falseAlarms, ordinary := 0, 0
	var hits, totals, maxOrdinary [classes]float64
	for fold := 0; fold < folds; fold++ {
		m := softmax.Train(classes, trainingExamples(examplesTSV, func(i int) bool { return i%folds == fold }))
		for i, line := range lines {
			if i%folds != fold || line == "" || line[0] == '#' {
				continue
			}
			label, text, _ := strings.Cut(line, "\t")
			probs := make([]float64, classes)
			m.Predict(features(text), probs)
			var want int
			fmt.Sscan(label, &want)
			got, raised := modelCategory(m, text)
			if r := Classify(text); want == classOrdinary && (r.Category == Forget || r.Category == SmallTalk || r.Category == Decline) {
				continue // the rules answer these before the model is asked
			}
			if want == classOrdinary {
				ordinary++
				for c := 1; c < classes; c++ {
					maxOrdinary[c] = max(maxOrdinary[c], probs[c])
				}
				if raised {
					falseAlarms++
					t.Logf("false alarm (%s): %q", got, text)
				}
				continue
			}
			totals[want]++
			if raised && got == []Category{None, Crisis, Emergency, Handoff}[want] {
				hits[want]++
			}
		}
	}
	for c, name := range []string{"", "crisis", "emergency", "human"} {
		if c > 0 {
			t.Logf("%s: out-of-fold recall %.0f%% of %.0f; highest ordinary probability %.2f", name, 100*hits[c]/totals[c], totals[c], maxOrdinary[c])
		}
	}
	t.Logf("%d of %d ordinary examples raised out of fold", falseAlarms, ordinary)
	if float64(falseAlarms) > float64(ordinary)/500 {
		t.Error("more than one ordinary example in 500 raised out of fold")
	}
	for c, min := range map[int]float64{classCrisis: 0.65, classEmergency: 0.75, classHuman: 0.65} {
		if hits[c]/totals[c] < min {
			t.Errorf("out-of-fold recall of class %d is %.0f%%, want %.0f%% or more", c, 100*hits[c]/totals[c], 100*min)
		}
	}
	_ = slices.Max([]int{0})
}

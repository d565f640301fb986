package triage

import (
	"strings"
	"testing"
)

// TestOrdinaryExamplesRaiseNoAlarm runs the rules and the model over every
// ordinary example (the FAQ's alternate questions, off-topic messages and
// hard negatives): none may be taken for a crisis or an emergency.
func TestOrdinaryExamplesRaiseNoAlarm(t *testing.T) {
	for _, line := range strings.Split(examplesTSV, "\n") {
		label, text, ok := strings.Cut(line, "\t")
		if !ok || label != "0" {
			continue
		}
		if r := Classify(text); r.Category == Crisis || r.Category == Emergency {
			t.Errorf("ordinary message raised %s (rule %s): %q", r.Category, r.Rule, text)
		}
	}
}

package triage

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/faqbot/faqbot/faq/softmax"
)

var update = flag.Bool("update", false, "write the classifier trained on examples.tsv to models/")

// TestShippedModel checks that models/ holds the classifier trained on
// examples.tsv, so that start-up loads it instead of training, and that it
// is the model training gives. With -update it writes the model and
// removes stale ones.
func TestShippedModel(t *testing.T) {
	data := trainingExamples(examplesTSV, nil)
	trained := softmax.Train(classes, data)
	want, err := trained.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	name := storedName()
	if *update {
		old, _ := filepath.Glob(filepath.Join("models", "*.model"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.WriteFile(filepath.Join("models", name), want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := models.ReadFile("models/" + name)
	if err != nil {
		t.Fatalf("models/ has no classifier for examples.tsv, so every start-up trains one; run\n\tgo test ./bot/triage -run TestShippedModel -update")
	}
	if string(got) != string(want) {
		t.Error("the stored classifier differs from the one training gives")
	}
}

package match

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/faqbot/faqbot/faq"
)

var update = flag.Bool("update", false, "write the classifier trained on the shipped FAQ to models/")

// TestShippedModel checks that models/ holds the classifier for the
// shipped FAQ, so that start-up loads it instead of training, and that it
// is the model training gives. With -update it writes the model and
// removes stale ones.
func TestShippedModel(t *testing.T) {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams()
	p.Models = nil
	trained := NewWithParams(set.Entries(), p)
	want, err := trained.clf.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		old, _ := filepath.Glob(filepath.Join("models", "*.model"))
		for _, f := range old {
			os.Remove(f)
		}
		if err := os.WriteFile(filepath.Join("models", trained.modelFile), want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := models.ReadFile("models/" + trained.modelFile)
	if err != nil {
		t.Fatalf("models/ has no classifier for the shipped FAQ, so every start-up trains one; run\n\tgo test ./faq/match -run TestShippedModel -update")
	}
	if string(got) != string(want) {
		t.Error("the stored classifier differs from the one training gives")
	}
}

package match

import (
	"flag"
	"testing"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/softmax/softmaxtest"
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
	softmaxtest.CheckStored(t, models, trained.modelFile, want, *update, "go test ./faq/match -run TestShippedModel -update")
}

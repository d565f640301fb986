package triage

import (
	"flag"
	"testing"

	"github.com/faqbot/faqbot/faq/softmax"
	"github.com/faqbot/faqbot/faq/softmax/softmaxtest"
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
	softmaxtest.CheckStored(t, models, storedName(), want, *update, "go test ./bot/triage -run TestShippedModel -update")
}

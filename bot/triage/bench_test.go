package triage_test

import (
	"testing"

	"github.com/faqbot/faqbot/bot/triage"
)

func BenchmarkClassify(b *testing.B) {
	qs := []string{"can i drive home after the drip", "what are the side effects of ketamine", "My doctor finally put a name to why I ache all over and feel wiped out all the time, but she said it's not arthritis or lupus. So what is this thing I have?", "how much does an infusion cost"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		triage.Classify(qs[i%len(qs)])
	}
}

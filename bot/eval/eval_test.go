package eval_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/eval"
)

func TestReadSkipsHeaderAndRejectsBadLines(t *testing.T) {
	cases, err := eval.Read(strings.NewReader("expect\tquestion\na-topic\tWhat?\n\nnone\tweather\n"))
	if err != nil || len(cases) != 2 || cases[0].Expect != "a-topic" || cases[1].Line != 4 {
		t.Fatalf("Read = %+v, %v", cases, err)
	}
	if _, err := eval.Read(strings.NewReader("expect\tquestion\nno tab here\n")); err == nil {
		t.Error("a line without a tab was accepted")
	}
}

func TestSummarize(t *testing.T) {
	outcomes := []eval.Outcome{
		{Case: eval.Case{Expect: "a"}, Kind: bot.KindAnswer, Entry: "a"},
		{Case: eval.Case{Expect: "a"}, Kind: bot.KindAnswer, Entry: "b"},
		{Case: eval.Case{Expect: "b"}, Kind: bot.KindClarify, Candidates: []string{"a", "b"}},
		{Case: eval.Case{Expect: "b"}, Kind: bot.KindFallback},
		{Case: eval.Case{Expect: "none"}, Kind: bot.KindAnswer, Entry: "a"},
		{Case: eval.Case{Expect: "none"}, Kind: bot.KindCrisis},
		{Case: eval.Case{Expect: "crisis"}, Kind: bot.KindCrisis},
		{Case: eval.Case{Expect: "emergency"}, Kind: bot.KindFallback},
		{Case: eval.Case{Expect: "human"}, Kind: bot.KindHandoff},
	}
	r := eval.Summarize(outcomes)
	checks := []struct {
		name      string
		got, want float64
	}{
		{"right", r.Right, 0.25}, {"wrong", r.Wrong, 0.25}, {"clarify right", r.ClarifyRight, 0.25}, {"missed", r.Missed, 0.5},
		{"none not answered", r.NoneNotAnswered, 0.5}, {"crisis recall", r.CrisisRecall, 1}, {"emergency recall", r.EmergencyRecall, 0},
		{"human handed off", r.HumanHandedOff, 1}, {"crisis false alarms", float64(r.CrisisFalseAlarms), 1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	fails := r.Failures(eval.Thresholds{MinRight: 0.9, MaxWrong: 1, MaxCrisisFalseAlarms: 5, MaxEmergencyFalse: 5})
	if len(fails) != 1 || !strings.Contains(fails[0], "right") {
		t.Errorf("Failures = %v", fails)
	}
	var buf bytes.Buffer
	r.Print(&buf, true)
	if !strings.Contains(buf.String(), "weakest topics") || !strings.Contains(buf.String(), "misses (") {
		t.Errorf("Print output:\n%s", buf.String())
	}
}

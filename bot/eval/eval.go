// Package eval measures the bot on labelled messages: each line of a TSV
// file is "expect<TAB>question", where expect is a FAQ topic id, "none",
// "crisis", "emergency" or "human". Every line runs as a new conversation.
package eval

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/faqbot/faqbot/bot"
)

// Labels that are not topic ids.
const (
	ExpectNone      = "none"
	ExpectCrisis    = "crisis"
	ExpectEmergency = "emergency"
	ExpectHuman     = "human"
)

// Case is one labelled message.
type Case struct {
	Line   int
	Expect string
	Text   string
}

// Read parses a labelled TSV. A header line starting with "expect" and
// blank lines are skipped; a line without a tab is an error.
func Read(r io.Reader) ([]Case, error) {
	var cases []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || (n == 1 && strings.HasPrefix(line, "expect\t")) {
			continue
		}
		expect, text, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, fmt.Errorf("line %d: want expect<TAB>question", n)
		}
		cases = append(cases, Case{Line: n, Expect: strings.TrimSpace(expect), Text: text})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read eval file: %w", err)
	}
	return cases, nil
}

// Engine is what evaluation needs from the bot.
type Engine interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
}

// Outcome is the bot's first reply to one case.
type Outcome struct {
	Case
	Kind       bot.Kind
	Entry      string
	Candidates []string
	Score      float64
}

// Run sends every case to the engine as a new conversation.
func Run(ctx context.Context, e Engine, cases []Case) []Outcome {
	out := make([]Outcome, len(cases))
	for i, c := range cases {
		r := e.Handle(ctx, bot.Message{Platform: "eval", Conversation: "eval-" + strconv.Itoa(i), User: "eval-" + strconv.Itoa(i), Text: c.Text, Direct: true})[0]
		out[i] = Outcome{Case: c, Kind: r.Kind, Entry: r.Entry, Candidates: r.Candidates, Score: r.Score}
	}
	return out
}

// Report holds the shares computed from outcomes. Shares are in [0, 1]
// and are 1 when their group is empty.
type Report struct {
	Topic, None, Crisis, Emergency, Human int // lines per group

	Right, ClarifyRight, Wrong, Missed float64 // over topic lines
	CrisisRecall, EmergencyRecall      float64
	CrisisFalseAlarms                  int // non-crisis lines answered as crisis
	EmergencyFalseAlarms               int
	NoneNotAnswered                    float64
	HumanHandedOff                     float64
	Weakest                            []TopicScore
	Misses                             []Outcome
}

// TopicScore is the share of a topic's lines answered right.
type TopicScore struct {
	ID    string
	Right float64
	Lines int
}

// Summarize computes the report.
func Summarize(outcomes []Outcome) Report {
	var r Report
	var right, clarify, wrong, crisis, emergency, none, human int
	perTopic := map[string][2]int{}
	for _, o := range outcomes {
		if o.Kind == bot.KindCrisis && o.Expect != ExpectCrisis {
			r.CrisisFalseAlarms++
		}
		if o.Kind == bot.KindEmergency && o.Expect != ExpectEmergency {
			r.EmergencyFalseAlarms++
		}
		ok := false
		switch o.Expect {
		case ExpectNone:
			r.None++
			ok = o.Kind != bot.KindAnswer
			none += b2i(ok)
		case ExpectCrisis:
			r.Crisis++
			ok = o.Kind == bot.KindCrisis
			crisis += b2i(ok)
		case ExpectEmergency:
			r.Emergency++
			ok = o.Kind == bot.KindEmergency
			emergency += b2i(ok)
		case ExpectHuman:
			r.Human++
			ok = o.Kind == bot.KindHandoff
			human += b2i(ok)
		default:
			r.Topic++
			ok = o.Kind == bot.KindAnswer && o.Entry == o.Expect
			right += b2i(ok)
			wrong += b2i(o.Kind == bot.KindAnswer && o.Entry != o.Expect)
			clarify += b2i(o.Kind == bot.KindClarify && slices.Contains(o.Candidates, o.Expect))
			t := perTopic[o.Expect]
			perTopic[o.Expect] = [2]int{t[0] + b2i(ok), t[1] + 1}
		}
		if !ok {
			r.Misses = append(r.Misses, o)
		}
	}
	r.Right, r.ClarifyRight, r.Wrong = share(right, r.Topic), share(clarify, r.Topic), share(wrong, r.Topic)
	r.Missed = 1 - r.Right - r.Wrong
	if r.Topic == 0 {
		r.Missed = 0
	}
	r.CrisisRecall, r.EmergencyRecall = share(crisis, r.Crisis), share(emergency, r.Emergency)
	r.NoneNotAnswered, r.HumanHandedOff = share(none, r.None), share(human, r.Human)
	for id, t := range perTopic {
		r.Weakest = append(r.Weakest, TopicScore{ID: id, Right: share(t[0], t[1]), Lines: t[1]})
	}
	slices.SortFunc(r.Weakest, func(a, b TopicScore) int {
		if a.Right != b.Right {
			if a.Right < b.Right {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	return r
}

func share(n, of int) float64 {
	if of == 0 {
		return 1
	}
	return float64(n) / float64(of)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

package eval

import (
	"fmt"
	"io"
)

// Thresholds are the minimums (and maximums) a report must meet.
type Thresholds struct {
	MinRight             float64
	MaxWrong             float64
	MinCrisisRecall      float64
	MinEmergencyRecall   float64
	MaxCrisisFalseAlarms int
	MaxEmergencyFalse    int
	MinNoneNotAnswered   float64
	MinHumanHandedOff    float64
}

// Failures lists the thresholds the report misses, in words.
func (r Report) Failures(t Thresholds) []string {
	var out []string
	check := func(bad bool, format string, args ...any) {
		if bad {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	check(r.Right < t.MinRight, "right %.1f%% < %.1f%%", 100*r.Right, 100*t.MinRight)
	check(r.Wrong > t.MaxWrong, "wrong %.1f%% > %.1f%%", 100*r.Wrong, 100*t.MaxWrong)
	check(r.CrisisRecall < t.MinCrisisRecall, "crisis recall %.1f%% < %.1f%%", 100*r.CrisisRecall, 100*t.MinCrisisRecall)
	check(r.EmergencyRecall < t.MinEmergencyRecall, "emergency recall %.1f%% < %.1f%%", 100*r.EmergencyRecall, 100*t.MinEmergencyRecall)
	check(r.CrisisFalseAlarms > t.MaxCrisisFalseAlarms, "crisis false alarms %d > %d", r.CrisisFalseAlarms, t.MaxCrisisFalseAlarms)
	check(r.EmergencyFalseAlarms > t.MaxEmergencyFalse, "emergency false alarms %d > %d", r.EmergencyFalseAlarms, t.MaxEmergencyFalse)
	check(r.NoneNotAnswered < t.MinNoneNotAnswered, "out-of-scope not answered %.1f%% < %.1f%%", 100*r.NoneNotAnswered, 100*t.MinNoneNotAnswered)
	check(r.HumanHandedOff < t.MinHumanHandedOff, "requests for a person handed off %.1f%% < %.1f%%", 100*r.HumanHandedOff, 100*t.MinHumanHandedOff)
	return out
}

// Print writes the report for people: misses first, summary last.
func (r Report) Print(w io.Writer, showMisses bool) {
	if showMisses && len(r.Misses) > 0 {
		fmt.Fprintf(w, "misses (%d):\n", len(r.Misses))
		for _, m := range r.Misses {
			got := string(m.Kind)
			if m.Entry != "" {
				got += " " + m.Entry
			}
			if m.Kind == "clarify" || m.Kind == "fallback" {
				got += fmt.Sprintf(" %v", m.Candidates)
			}
			fmt.Fprintf(w, "  line %d: want %s, got %s (%.2f): %s\n", m.Line, m.Expect, got, m.Score, clip(m.Text, 100))
		}
		fmt.Fprintln(w)
	}
	if len(r.Weakest) > 0 {
		fmt.Fprintln(w, "weakest topics:")
		for _, t := range r.Weakest[:min(5, len(r.Weakest))] {
			fmt.Fprintf(w, "  %-36s %5.1f%% of %d\n", t.ID, 100*t.Right, t.Lines)
		}
	}
	fmt.Fprintf(w, "topic questions:        %d\n", r.Topic)
	fmt.Fprintf(w, "  right entry:          %5.1f%%\n", 100*r.Right)
	fmt.Fprintf(w, "  clarify offers right: %5.1f%%\n", 100*r.ClarifyRight)
	fmt.Fprintf(w, "  wrong entry:          %5.1f%%\n", 100*r.Wrong)
	fmt.Fprintf(w, "  missed:               %5.1f%%\n", 100*r.Missed)
	fmt.Fprintf(w, "crisis recall:          %5.1f%% of %d, false alarms %d\n", 100*r.CrisisRecall, r.Crisis, r.CrisisFalseAlarms)
	fmt.Fprintf(w, "emergency recall:       %5.1f%% of %d, false alarms %d\n", 100*r.EmergencyRecall, r.Emergency, r.EmergencyFalseAlarms)
	fmt.Fprintf(w, "out of scope unanswered:%5.1f%% of %d\n", 100*r.NoneNotAnswered, r.None)
	fmt.Fprintf(w, "person requests handed: %5.1f%% of %d\n", 100*r.HumanHandedOff, r.Human)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

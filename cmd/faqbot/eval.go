package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/faqbot/faqbot/bot/eval"
)

// evalCmd measures the bot on a labelled TSV and exits 1 when a threshold
// given as a flag is missed.
func evalCmd(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var t eval.Thresholds
	fs.Float64Var(&t.MinRight, "min-right", 0, "minimum share of topic questions answered with the right entry")
	fs.Float64Var(&t.MaxWrong, "max-wrong", 1, "maximum share of topic questions answered with a wrong entry")
	fs.Float64Var(&t.MinCrisisRecall, "min-crisis-recall", 0, "minimum share of crisis lines recognised")
	fs.Float64Var(&t.MinEmergencyRecall, "min-emergency-recall", 0, "minimum share of emergency lines recognised")
	fs.IntVar(&t.MaxCrisisFalseAlarms, "max-crisis-false-alarms", 1<<30, "maximum other lines raised as a crisis")
	fs.IntVar(&t.MaxEmergencyFalse, "max-emergency-false-alarms", 1<<30, "maximum other lines raised as an emergency")
	fs.Float64Var(&t.MinNoneNotAnswered, "min-none", 0, "minimum share of out-of-scope lines not answered from the FAQ")
	fs.Float64Var(&t.MinHumanHandedOff, "min-human", 0, "minimum share of requests for a person handed off")
	dir := fs.String("faq", cfg.FAQDir, "FAQ directory (default: the embedded FAQ)")
	misses := fs.Bool("misses", true, "list the lines the bot got wrong")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: faqbot eval [flags] FILE")
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "faqbot eval: %v\n", err)
		return 2
	}
	defer f.Close()
	cases, err := eval.Read(f)
	if err != nil {
		fmt.Fprintf(stderr, "faqbot eval: %v\n", err)
		return 2
	}
	cfg.FAQDir = *dir
	cfg.LogLevel = max(cfg.LogLevel, slog.LevelWarn)
	engine, err := newEngine(cfg, newLogger(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "faqbot eval: %v\n", err)
		return 1
	}
	report := eval.Summarize(eval.Run(ctx, engine, cases))
	report.Print(stdout, *misses)
	if fails := report.Failures(t); len(fails) > 0 {
		for _, f := range fails {
			fmt.Fprintf(stdout, "FAIL: %s\n", f)
		}
		return 1
	}
	return 0
}

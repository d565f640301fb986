package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/faqbot/faqbot/bot"
)

// askLine is the ask contract: one JSON object per input line.
type askLine struct {
	Text       string   `json:"text"`
	Kind       bot.Kind `json:"kind"`
	Entry      string   `json:"entry"`
	Candidates []string `json:"candidates"`
	Score      float64  `json:"score"`
	Reply      string   `json:"reply"`
	// Present only when an LLM is configured.
	Rephrased *bool   `json:"rephrased,omitempty"`
	Guard     *string `json:"guard,omitempty"`
}

// ask answers each line of in as a new conversation and writes one JSON
// line per input line to out, in order. A bad line gets an answer too.
func ask(ctx context.Context, cfg config, args []string, in io.Reader, out io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	dir := fs.String("faq", cfg.FAQDir, "FAQ directory (default: the embedded FAQ)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.FAQDir = *dir
	if cfg.LogLevel < slog.LevelWarn {
		cfg.LogLevel = slog.LevelWarn
	}
	engine, err := newEngine(cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for n := 0; ; n++ {
		line, readErr := r.ReadString('\n')
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return fmt.Errorf("read stdin: %w", readErr)
		}
		if line == "" && readErr != nil {
			break
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		id := "ask-" + strconv.Itoa(n)
		rep := engine.Handle(ctx, bot.Message{Platform: "ask", Conversation: id, User: id, Text: line, Direct: true})[0]
		cands := rep.Candidates
		if cands == nil {
			cands = []string{}
		}
		out := askLine{Text: line, Kind: rep.Kind, Entry: rep.Entry, Candidates: cands, Score: round3(rep.Score), Reply: rep.Text}
		if cfg.LLM.Enabled() {
			out.Rephrased, out.Guard = &rep.Rephrased, &rep.Guard
		}
		if err := enc.Encode(out); err != nil {
			return fmt.Errorf("write stdout: %w", err)
		}
		if r.Buffered() == 0 { // the caller may be waiting for this answer
			if err := w.Flush(); err != nil {
				return fmt.Errorf("write stdout: %w", err)
			}
		}
		if readErr != nil {
			break
		}
	}
	return w.Flush()
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

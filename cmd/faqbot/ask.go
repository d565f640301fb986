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
	"runtime"
	"strconv"
	"strings"
	"sync"

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
	answer := func(n int, line string) askLine {
		id := "ask-" + strconv.Itoa(n)
		rep := engine.Handle(ctx, bot.Message{Platform: "ask", Conversation: id, User: id, Text: line, Direct: true})[0]
		cands := rep.Candidates
		if cands == nil {
			cands = []string{}
		}
		l := askLine{Text: line, Kind: rep.Kind, Entry: rep.Entry, Candidates: cands, Score: round3(rep.Score), Reply: rep.Text}
		if cfg.LLM.Enabled() {
			l.Rephrased, l.Guard = &rep.Rephrased, &rep.Guard
		}
		return l
	}
	for n := 0; ; {
		// Lines already buffered are answered in parallel, then written in
		// order; a caller feeding one line at a time gets each answer at once.
		batch, err := readBatch(r, 512)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		results := make([]askLine, len(batch))
		var wg sync.WaitGroup
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		for i, line := range batch {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				results[i] = answer(n+i, line)
			}()
		}
		wg.Wait()
		n += len(batch)
		for _, l := range results {
			if err := enc.Encode(l); err != nil {
				return fmt.Errorf("write stdout: %w", err)
			}
		}
		if err := w.Flush(); err != nil {
			return fmt.Errorf("write stdout: %w", err)
		}
	}
	return w.Flush()
}

// readBatch reads one line, blocking, then any further lines already
// buffered, up to max. At end of input it returns no lines.
func readBatch(r *bufio.Reader, max int) ([]string, error) {
	var batch []string
	for len(batch) < max {
		line, err := r.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read stdin: %w", err)
		}
		if line == "" && err != nil {
			break
		}
		batch = append(batch, strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r"))
		if err != nil || r.Buffered() == 0 {
			break
		}
	}
	return batch, nil
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// Package adaptertest holds the fakes that the chat adapters' tests share:
// an Engine that records the messages it is given and answers with canned
// replies, Live, the shipped FAQ editable as admins edit it, Logs that
// collect what concurrent handlers log, Run, which runs an adapter for the
// length of a test, and WaitFor, which polls for an outcome with a deadline
// instead of sleeping for a fixed time.
//
// Fakes of a platform itself live beside its adapter (discord/discordtest;
// Slack's tests use slack-go's slacktest).
package adaptertest

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

// Engine is a fake bot engine for adapter tests. It records every message
// it is given and answers with Reply's replies (nothing when Reply is
// nil). Like the real engine, it answers a repeated event id (a platform's
// retried delivery) with nothing. It is safe for concurrent use.
type Engine struct {
	// Reply returns the answer to a message; set it before the first
	// call.
	Reply func(bot.Message) []bot.Reply

	mu    sync.Mutex
	calls []bot.Message
	seen  map[string]bool
}

// Answer returns an Engine that answers every message with replies.
func Answer(replies ...bot.Reply) *Engine {
	return &Engine{Reply: func(bot.Message) []bot.Reply { return replies }}
}

// Handle records m and answers it, or answers nothing when m's event id
// was seen before.
func (e *Engine) Handle(_ context.Context, m bot.Message) []bot.Reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, m)
	if m.EventID != "" {
		if e.seen[m.EventID] {
			return nil
		}
		if e.seen == nil {
			e.seen = map[string]bool{}
		}
		e.seen[m.EventID] = true
	}
	if e.Reply == nil {
		return nil
	}
	return e.Reply(m)
}

// Calls returns every message Handle was given so far, retried deliveries
// included, oldest first.
func (e *Engine) Calls() []bot.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]bot.Message(nil), e.calls...)
}

// Messages returns the messages Handle answered so far: each event id
// once, oldest first.
func (e *Engine) Messages() []bot.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []bot.Message
	seen := map[string]bool{}
	for _, m := range e.calls {
		if m.EventID != "" && seen[m.EventID] {
			continue
		}
		seen[m.EventID] = true
		out = append(out, m)
	}
	return out
}

// Live returns the live FAQ on the embedded entries, with its revisions in
// a temporary directory removed when the test ends.
func Live(t testing.TB) *revision.Live {
	t.Helper()
	store, err := revision.NewDirStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return LiveOn(t, store)
}

// LiveOn returns the live FAQ on the embedded entries with its revisions
// in store; two on one store behave as two replicas.
func LiveOn(t testing.TB, store revision.Store) *revision.Live {
	t.Helper()
	seed, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	live, err := revision.NewLive(context.Background(), seed.Entries(), store, faq.DefaultRules(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return live
}

// Logs is a log destination, such as a slog handler's, that goroutines
// may write to concurrently while a test reads it.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p to the logs.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything written so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Run runs fn, such as an adapter's Run, in the background and returns a
// function that cancels fn's context and checks that fn then returned nil
// within ten seconds. The check also runs when the test ends, if stop was
// not called before.
func Run(t testing.TB, fn func(context.Context) error) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- fn(ctx) }()
	var once sync.Once
	stop = func() {
		t.Helper()
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run returned %v, want nil", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not return after its context was cancelled")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// WaitFor polls cond until it holds, and fails the test, naming what it
// waited for, when it still does not hold after ten seconds.
func WaitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

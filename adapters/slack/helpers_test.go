package slack

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
)

// testBotUser is the user id slacktest's auth.test returns for the bot.
const testBotUser = "W012A3CDE"

// answerEngine answers every message with one answer carrying a source.
func answerEngine() *adaptertest.Engine {
	return adaptertest.Answer(bot.Reply{Kind: bot.KindAnswer, Entry: "e1", Text: "**Title**\n\nBody.",
		Sources: []faq.Source{{Title: "Mayo Clinic", URL: "https://example.org/a"}}})
}

// sent is one message the adapter sent to the fake Slack.
type sent struct {
	Method       string // chat.postMessage, chat.postEphemeral or response_url
	Channel      string
	Thread       string
	User         string
	Text         string
	ResponseType string
	Blocks       slackapi.Blocks
}

// fakeSlack is a slacktest server that records what the adapter posts and
// can be told to fail.
type fakeSlack struct {
	srv *slacktest.Server

	mu          sync.Mutex
	sent        []sent
	rateLimited int  // answer this many chat.postMessage calls with 429
	dmFails     bool // conversations.open fails
}

// newFakeSlack starts the server; extra binders replace its endpoints.
func newFakeSlack(t *testing.T, extra ...slacktest.Binder) *fakeSlack {
	t.Helper()
	f := &fakeSlack{}
	f.srv = slacktest.NewTestServer(append(extra, func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", f.postMessage)
		c.Handle("/chat.postEphemeral", f.postEphemeral)
		c.Handle("/conversations.open", f.openConversation)
		c.Handle("/response/", f.serveResponseURL)
	})...)
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func (f *fakeSlack) url() string         { return f.srv.GetAPIURL() }
func (f *fakeSlack) responseURL() string { return f.srv.GetAPIURL() + "response/1" }

func (f *fakeSlack) record(s sent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, s)
}

func (f *fakeSlack) messages() []sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sent(nil), f.sent...)
}

func formSent(method string, r *http.Request) sent {
	_ = r.ParseForm()
	s := sent{Method: method, Channel: r.PostForm.Get("channel"), Thread: r.PostForm.Get("thread_ts"),
		User: r.PostForm.Get("user"), Text: r.PostForm.Get("text")}
	_ = json.Unmarshal([]byte(r.PostForm.Get("blocks")), &s.Blocks)
	return s
}

func (f *fakeSlack) postMessage(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	limited := f.rateLimited > 0
	if limited {
		f.rateLimited--
	}
	f.mu.Unlock()
	if limited {
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	s := formSent("chat.postMessage", r)
	f.record(s)
	writeJSON(w, map[string]any{"ok": true, "channel": s.Channel, "ts": "1700000000.000100"})
}

func (f *fakeSlack) postEphemeral(w http.ResponseWriter, r *http.Request) {
	f.record(formSent("chat.postEphemeral", r))
	writeJSON(w, map[string]any{"ok": true, "message_ts": "1700000000.000200"})
}

func (f *fakeSlack) openConversation(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	fails := f.dmFails
	f.mu.Unlock()
	if fails {
		writeJSON(w, map[string]any{"ok": false, "error": "cannot_dm_bot"})
		return
	}
	_ = r.ParseForm()
	writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + r.PostForm.Get("users")}})
}

func (f *fakeSlack) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	var m slackapi.Msg
	_ = json.NewDecoder(r.Body).Decode(&m)
	f.record(sent{Method: "response_url", Thread: m.ThreadTimestamp, Text: m.Text, ResponseType: m.ResponseType, Blocks: m.Blocks})
	writeJSON(w, map[string]any{"ok": true})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// newTestAdapter returns an adapter on the fake Slack over HTTP (no
// socket), whose waits return at once; waits reports them.
func newTestAdapter(t *testing.T, f *fakeSlack, e Engine, logs io.Writer) (a *Adapter, waits func() []time.Duration) {
	t.Helper()
	if logs == nil {
		logs = io.Discard
	}
	a, err := New(Config{BotToken: "xoxb-test", SigningSecret: testSecret}, e,
		slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), WithAPIURL(f.url()))
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		waited []time.Duration
	)
	a.wait = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waited = append(waited, d)
		mu.Unlock()
		return ctx.Err()
	}
	return a, func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration(nil), waited...)
	}
}

// blockText returns the mrkdwn text of every section and the labels and
// values of every button, one per line, for assertions.
func blockText(blocks slackapi.Blocks) string {
	var b strings.Builder
	for _, bl := range blocks.BlockSet {
		switch x := bl.(type) {
		case *slackapi.SectionBlock:
			b.WriteString(x.Text.Text + "\n")
		case *slackapi.ActionBlock:
			for _, el := range x.Elements.ElementSet {
				if btn, ok := el.(*slackapi.ButtonBlockElement); ok {
					b.WriteString("[" + btn.Text.Text + "=" + btn.Value + "]\n")
				}
			}
		}
	}
	return b.String()
}

// formBody encodes a slash command or interaction as Slack posts it.
func formBody(values map[string]string) string {
	v := url.Values{}
	for k, s := range values {
		v.Set(k, s)
	}
	return v.Encode()
}

package crossplatform_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/discord/discordtest"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/faq"
)

// This file holds the two fake platforms' drivers and the engine recorder.

// recorder is the real engine, noting the kinds of its replies and the
// messages it queues for Discord patients.
type recorder struct {
	*bot.Engine
	mu       sync.Mutex
	kinds    [][]bot.Kind
	outbound []bot.Outbound
}

func (r *recorder) Handle(ctx context.Context, m bot.Message) []bot.Reply {
	replies := r.Engine.Handle(ctx, m)
	kinds := make([]bot.Kind, len(replies))
	for i, rep := range replies {
		kinds[i] = rep.Kind
	}
	r.mu.Lock()
	r.kinds = append(r.kinds, kinds)
	r.mu.Unlock()
	return replies
}

func (r *recorder) PendingFor(ctx context.Context, platform string) ([]bot.Outbound, error) {
	out, err := r.Engine.PendingFor(ctx, platform)
	r.mu.Lock()
	r.outbound = append(r.outbound, out...)
	r.mu.Unlock()
	return out, err
}

// lastKinds checks the kinds of the engine's last replies.
func (r *recorder) lastKinds(t *testing.T, want ...bot.Kind) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.kinds) == 0 || !slices.Equal(r.kinds[len(r.kinds)-1], want) {
		t.Fatalf("the engine's replies were %v, last %v; want %v", r.kinds, lastOf(r.kinds), want)
	}
}

// last returns the kinds of the engine's last replies.
func (r *recorder) last() []bot.Kind {
	r.mu.Lock()
	defer r.mu.Unlock()
	return lastOf(r.kinds)
}

// lastOutbound checks the last message queued for a patient: to whom,
// from whom, of what kind.
func (r *recorder) lastOutbound(t *testing.T, platform, user, from string, kind bot.Kind) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.outbound) == 0 {
		t.Fatal("nothing was queued for the patient")
	}
	if m := r.outbound[len(r.outbound)-1]; m.From != from || m.Reply.Kind != kind || m.Platform != platform || m.User != user {
		t.Errorf("last queued message from %q, kind %s, to %s user %s; want from %q, kind %s, to %s user %s",
			m.From, m.Reply.Kind, m.Platform, m.User, from, kind, platform, user)
	}
}

func lastOf[T any](s []T) (z T) {
	if len(s) == 0 {
		return z
	}
	return s[len(s)-1]
}

// embeddedFAQ is the shipped FAQ, loaded once.
var embeddedFAQ = sync.OnceValues(func() (*faq.Set, error) {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	return set, err
})

// newEngine returns a real engine in memory on the shipped FAQ, or on its
// first few entries when entries > 0 (quicker to build, for tests that need
// handoffs rather than answers).
func newEngine(t *testing.T, log *slog.Logger, entries int) *bot.Engine {
	t.Helper()
	set, err := embeddedFAQ()
	if err != nil {
		t.Fatal(err)
	}
	if entries > 0 {
		set = faq.NewSet(set.Entries()[:entries])
	}
	return bot.New(bot.DefaultConfig(), set, memstore.New(time.Hour), faq.ExampleProfile(), log)
}

// clarifyingQuestion returns the first question the engine answers with a
// clarifying question, asked in a throwaway conversation.
func clarifyingQuestion(t *testing.T, e *bot.Engine) string {
	t.Helper()
	for i, q := range ambiguous {
		r := e.Handle(context.Background(), bot.Message{Platform: "probe", Conversation: strconv.Itoa(i), User: "probe", Text: q, Direct: true})
		if len(r) > 0 && r[0].Kind == bot.KindClarify && len(r[0].Choices) > 1 {
			return q
		}
	}
	t.Fatalf("none of %q gets a clarifying question any more; pick another from `faqbot ask` over testdata/eval", ambiguous)
	return ""
}

// patient drives the Discord side through the fake gateway.
type patient struct {
	t   *testing.T
	dc  *discordtest.Server
	dm  string
	seq int
}

func (p *patient) says(text string) {
	p.t.Helper()
	p.seq++
	err := p.dc.Dispatch("MESSAGE_CREATE", map[string]any{
		"id": fmt.Sprintf("5000000000000000%02d", p.seq), "channel_id": p.dm, "content": text, "type": 0,
		"author": map[string]any{"id": patientID, "username": "pat"}, "timestamp": "2025-01-02T03:04:05Z",
	})
	if err != nil {
		p.t.Fatal(err)
	}
}

func (p *patient) clicks(customID string) {
	p.t.Helper()
	p.seq++
	err := p.dc.Dispatch("INTERACTION_CREATE", map[string]any{
		"id": fmt.Sprintf("6000000000000000%02d", p.seq), "application_id": discordtest.AppID, "type": 3,
		"channel_id": p.dm, "token": "tok" + strconv.Itoa(p.seq), "user": map[string]any{"id": patientID, "username": "pat"},
		"data": map[string]any{"custom_id": customID, "component_type": 2},
	})
	if err != nil {
		p.t.Fatal(err)
	}
}

func (p *patient) messages() []discordtest.Message { return p.dc.Messages(p.dm) }

func (p *patient) last() discordtest.Message { return lastOf(p.messages()) }

func (p *patient) waitForMessages(what string, n int) {
	p.t.Helper()
	adaptertest.WaitFor(p.t, what, func() bool { return len(p.messages()) >= n })
}

// waitForButtons waits for a message after the first n with a button of
// customID.
func (p *patient) waitForButtons(what string, n int, customID string) discordtest.Message {
	p.t.Helper()
	var found discordtest.Message
	adaptertest.WaitFor(p.t, what, func() bool {
		msgs := p.messages()
		for _, m := range msgs[min(n, len(msgs)):] {
			if slices.ContainsFunc(m.Buttons, func(b discordtest.Button) bool { return b.CustomID == customID }) {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// slackStaff drives the Slack side through the adapter's HTTP handler,
// with requests signed as Slack signs them.
type slackStaff struct {
	t    *testing.T
	base string
	seq  int
}

func (s *slackStaff) press(user, action, ticket, cardTS string) {
	s.t.Helper()
	s.seq++
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "trigger_id": "Tr" + strconv.Itoa(s.seq), "user": map[string]any{"id": user},
		"channel":   map[string]any{"id": staffChannel},
		"container": map[string]any{"type": "message", "message_ts": cardTS, "channel_id": staffChannel},
		"actions":   []any{map[string]any{"action_id": "faqstaff_" + action, "block_id": "faqstaff_actions", "type": "button", "value": ticket}},
	})
	s.post("/slack/interactive", "application/x-www-form-urlencoded", url.Values{"payload": {string(payload)}}.Encode())
}

func (s *slackStaff) writesInThread(user, thread, text string) {
	s.t.Helper()
	s.seq++
	event, _ := json.Marshal(map[string]any{"type": "message", "channel": staffChannel, "channel_type": "group", "user": user,
		"text": text, "ts": fmt.Sprintf("1800000000.%06d", s.seq), "thread_ts": thread})
	body := fmt.Sprintf(`{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"Ev%d","event_time":1700000000,"event":%s}`, s.seq, event)
	s.post("/slack/events", "application/json", body)
}

// post sends a request signed like Slack's: v0=HMAC-SHA256(secret,
// "v0:<timestamp>:<body>").
func (s *slackStaff) post(path, contentType, body string) {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.base+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(signing))
	mac.Write([]byte("v0:" + ts + ":" + body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		s.t.Fatalf("%s: status %d %s", path, resp.StatusCode, b)
	}
}

// fakeSlack is slacktest's server with the Web API methods a staff channel
// uses, recording what is posted and how cards are updated.
type fakeSlack struct {
	srv *slacktest.Server

	mu    sync.Mutex
	seq   int
	posts []slackPost
	cards map[string]string // card ts -> its latest text and buttons
}

type slackPost struct {
	channel, thread, ts, text string
	blocks                    slackapi.Blocks
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{cards: map[string]string{}}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			p := readPost(r)
			f.mu.Lock()
			f.seq++
			p.ts = fmt.Sprintf("1700000000.%06d", f.seq)
			f.posts = append(f.posts, p)
			if p.channel == staffChannel && p.thread == "" {
				f.cards[p.ts] = blocksText(p.blocks)
			}
			f.mu.Unlock()
			writeJSON(w, map[string]any{"ok": true, "channel": p.channel, "ts": p.ts})
		})
		c.Handle("/chat.update", func(w http.ResponseWriter, r *http.Request) {
			p := readPost(r)
			ts := r.PostForm.Get("ts")
			f.mu.Lock()
			f.cards[ts] = blocksText(p.blocks)
			f.mu.Unlock()
			writeJSON(w, map[string]any{"ok": true, "channel": p.channel, "ts": ts})
		})
		c.Handle("/chat.postEphemeral", func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, map[string]any{"ok": true, "message_ts": "1.1"})
		})
		c.Handle("/conversations.open", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + r.PostForm.Get("users")}})
		})
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func readPost(r *http.Request) slackPost {
	_ = r.ParseForm()
	p := slackPost{channel: r.PostForm.Get("channel"), thread: r.PostForm.Get("thread_ts"), text: r.PostForm.Get("text")}
	_ = json.Unmarshal([]byte(r.PostForm.Get("blocks")), &p.blocks)
	return p
}

// waitForCard waits for the first card in the staff channel.
func (f *fakeSlack) waitForCard(t *testing.T) slackPost {
	t.Helper()
	var card slackPost
	adaptertest.WaitFor(t, "the card in the Slack staff channel", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, p := range f.posts {
			if p.channel == staffChannel && p.thread == "" {
				card = p
				return true
			}
		}
		return false
	})
	return card
}

// postsTo counts the messages posted in channel.
func (f *fakeSlack) postsTo(channel string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, p := range f.posts {
		if p.channel == channel {
			n++
		}
	}
	return n
}

func (f *fakeSlack) cardNow(ts string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cards[ts]
}

func (f *fakeSlack) inThread(ts, marker string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.ContainsFunc(f.posts, func(p slackPost) bool {
		return p.channel == staffChannel && p.thread == ts && strings.Contains(p.text, marker)
	})
}

// blocksText returns sections' text and buttons as [label=value], one a line.
func blocksText(blocks slackapi.Blocks) string {
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

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

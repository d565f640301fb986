package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/faq"
)

const (
	staffChannelID = "G0STAFF1"
	danaID         = "U0DANA11"
	outsiderID     = "U0OUT222"
	slackPatientID = "U0PAT333"
)

func TestStaffSettings(t *testing.T) {
	tokens := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
	}{
		{name: "a channel and its staff turn the queue on", env: map[string]string{"SLACK_STAFF_CHANNEL": "G0STAFF1", "SLACK_STAFF_USERS": "Dana:U0DANA11, W0LEE22"}},
		{name: "a channel without staff is refused", env: map[string]string{"SLACK_STAFF_CHANNEL": "C0STAFF1"}, wantErr: "SLACK_STAFF_USERS lists nobody"},
		{name: "staff without a channel is refused", env: map[string]string{"SLACK_STAFF_USERS": "Dana:U0DANA11"}, wantErr: "SLACK_STAFF_CHANNEL is not"},
		{name: "a channel name instead of its id is refused", env: map[string]string{"SLACK_STAFF_CHANNEL": "#staff", "SLACK_STAFF_USERS": "Dana:U0DANA11"}, wantErr: "must be a channel id"},
		{name: "a name instead of a member id is refused", env: map[string]string{"SLACK_STAFF_CHANNEL": "G0STAFF1", "SLACK_STAFF_USERS": "Dana:dana@clinic.example"}, wantErr: "not a Slack member id"},
		{name: "a malformed staff list is refused", env: map[string]string{"SLACK_STAFF_CHANNEL": "G0STAFF1", "SLACK_STAFF_USERS": "Dana:"}, wantErr: "SLACK_STAFF_USERS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			for k, v := range tokens {
				env[k] = v
			}
			for k, v := range tt.env {
				env[k] = v
			}
			c, on, err := ConfigFromEnv(func(k string) string { return env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !on {
				t.Fatalf("ConfigFromEnv: %v, on=%v", err, on)
			}
			if name, ok := c.Staff.Name("U0DANA11"); c.StaffChannel != "G0STAFF1" || !ok || name != "Dana" || c.Staff.Len() != 2 {
				t.Errorf("config %+v", c)
			}
		})
	}
	t.Run("staff settings without Slack are refused", func(t *testing.T) {
		env := map[string]string{"SLACK_STAFF_CHANNEL": "G0STAFF1", "SLACK_STAFF_USERS": "Dana:U0DANA11"}
		if _, _, err := ConfigFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "Slack is not") {
			t.Errorf("error %v", err)
		}
	})
}

// staffEngine is a real engine on a small FAQ: the queue needs handoffs,
// not answers.
func staffEngine(t *testing.T) *bot.Engine {
	t.Helper()
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	return bot.New(bot.DefaultConfig(), faq.NewSet(set.Entries()[:3]), memstore.New(time.Hour), faq.ExampleProfile(), slog.New(slog.DiscardHandler))
}

func staffConfig(t *testing.T) Config {
	t.Helper()
	staff, err := roster.Parse("Dana:" + danaID)
	if err != nil {
		t.Fatal(err)
	}
	return Config{BotToken: "xoxb-test", SigningSecret: testSecret, StaffChannel: staffChannelID, Staff: staff}
}

func TestStaffChannelMessagesNeverReachTheEngine(t *testing.T) {
	a, err := New(staffConfig(t), staffEngine(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a.botUser = testBotUser
	tests := []struct {
		name      string
		inner     string
		want      string // "staff", "engine" or "ignored"
		wantReply string // the thread a staff action replies in
	}{
		{name: "a reply in a card's thread is a staff reply",
			inner: `{"type":"message","channel":"G0STAFF1","channel_type":"group","user":"U0DANA11","text":"Hi, Dana here","ts":"5.5","thread_ts":"4.4"}`, want: "staff"},
		{name: "a reply sent to the channel too is a staff reply",
			inner: `{"type":"message","subtype":"thread_broadcast","channel":"G0STAFF1","user":"U0DANA11","text":"Hi","ts":"5.6","thread_ts":"4.4"}`, want: "staff"},
		{name: "a message at the top of the staff channel is ignored",
			inner: `{"type":"message","channel":"G0STAFF1","channel_type":"group","user":"U0DANA11","text":"lunch?","ts":"5.7"}`, want: "ignored"},
		{name: "the bot's own post in a card's thread is ignored",
			inner: `{"type":"message","channel":"G0STAFF1","user":"W012A3CDE","bot_id":"B1","text":"Patient: hi","ts":"5.8","thread_ts":"4.4"}`, want: "ignored"},
		{name: "an edit in a card's thread is ignored",
			inner: `{"type":"message","subtype":"message_changed","channel":"G0STAFF1","ts":"5.9","thread_ts":"4.4","message":{"user":"U0DANA11","text":"edited","ts":"5.5","edited":{"user":"U0DANA11","ts":"5.9"}}}`, want: "ignored"},
		{name: "a mention in a card's thread is left to its message event",
			inner: `{"type":"app_mention","channel":"G0STAFF1","user":"U0DANA11","text":"<@W012A3CDE> hi","ts":"6.1","thread_ts":"4.4"}`, want: "ignored"},
		{name: "a mention at the top of the staff channel is a question for the bot",
			inner: `{"type":"app_mention","channel":"G0STAFF1","user":"U0DANA11","text":"<@W012A3CDE> what are the side effects?","ts":"6.2"}`, want: "engine"},
		{name: "a direct message elsewhere is a patient's",
			inner: `{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":"hello","ts":"6.3"}`, want: "engine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, ok := a.fromEventsAPI(parseCallback(t, callback("Ev1", tt.inner)))
			got := "ignored"
			switch {
			case ok && in.action != nil:
				got = "staff"
			case ok:
				got = "engine"
			}
			if got != tt.want {
				t.Errorf("went to %s, want %s", got, tt.want)
			}
		})
	}
}

// staffSlack is a fake Slack whose posts get distinct timestamps and that
// also serves chat.update, as a staff channel needs.
type staffSlack struct {
	*fakeSlack
	seq     atomic.Int64
	mu      sync.Mutex
	updates []sent
	cardTS  string // the ts of the last top-level post in the staff channel
}

func newStaffSlack(t *testing.T) *staffSlack {
	s := &staffSlack{}
	s.fakeSlack = newFakeSlack(t, func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			m := formSent("chat.postMessage", r)
			ts := fmt.Sprintf("1700000000.%06d", s.seq.Add(1))
			if m.Channel == staffChannelID && m.Thread == "" {
				s.mu.Lock()
				s.cardTS = ts
				s.mu.Unlock()
			}
			s.record(m)
			writeJSON(w, map[string]any{"ok": true, "channel": m.Channel, "ts": ts})
		})
		c.Handle("/chat.update", func(w http.ResponseWriter, r *http.Request) {
			m := formSent("chat.update", r)
			m.Thread = r.PostForm.Get("ts")
			s.mu.Lock()
			s.updates = append(s.updates, m)
			s.mu.Unlock()
			writeJSON(w, map[string]any{"ok": true, "channel": m.Channel, "ts": m.Thread})
		})
	})
	return s
}

// lastUpdate is the card's latest text and buttons, as updated.
func (s *staffSlack) lastUpdate() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.updates) == 0 {
		return ""
	}
	return blockText(s.updates[len(s.updates)-1].Blocks)
}

// postedTo returns the messages posted (not ephemeral) in channel.
func (s *staffSlack) postedTo(channel string) []sent {
	var out []sent
	for _, m := range s.messages() {
		if m.Method == "chat.postMessage" && m.Channel == channel {
			out = append(out, m)
		}
	}
	return out
}

func TestTheStaffQueueInSlack(t *testing.T) {
	f := newStaffSlack(t)
	engine := staffEngine(t)
	logs := &adaptertest.Logs{}
	a, err := New(staffConfig(t), engine, slog.New(slog.NewJSONHandler(logs, nil)), WithAPIURL(f.url()), WithPollInterval(20*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.HTTPHandler())
	t.Cleanup(srv.Close)
	adaptertest.Run(t, a.Run)
	send := func(path, body string) {
		t.Helper()
		ct := jsonType
		if path != "/slack/events" {
			ct = formType
		}
		if status, resp := do(t, slackRequest(t, srv.URL+path, ct, body, time.Now(), testSecret)); status != 200 {
			t.Fatalf("%s: status %d %s", path, status, resp)
		}
	}
	press := func(user, action, ticket, cardTS string) {
		t.Helper()
		payload, _ := json.Marshal(map[string]any{
			"type": "block_actions", "trigger_id": "Tr-" + action + user, "user": map[string]any{"id": user},
			"channel":   map[string]any{"id": staffChannelID},
			"container": map[string]any{"type": "message", "message_ts": cardTS, "channel_id": staffChannelID},
			"actions":   []any{map[string]any{"action_id": "faqstaff_" + action, "block_id": "faqstaff_actions", "type": "button", "value": ticket}},
		})
		send("/slack/interactive", formBody(map[string]string{"payload": string(payload)}))
	}
	dm := "D" + slackPatientID
	patientSays := func(eventID, text string) {
		send("/slack/events", callback(eventID, fmt.Sprintf(`{"type":"message","channel":%q,"channel_type":"im","user":%q,"text":%q,"ts":"%s.1"}`, dm, slackPatientID, text, eventID[2:])))
	}

	patientSays("Ev1", "I want to talk to a person")
	adaptertest.WaitFor(t, "the card", func() bool { return len(f.postedTo(staffChannelID)) == 1 })
	card := f.postedTo(staffChannelID)[0]
	tickets, _ := engine.Tickets(context.Background())
	if len(tickets) != 1 {
		t.Fatalf("tickets %+v", tickets)
	}
	text := blockText(card.Blocks)
	if want := "[Claim=" + tickets[0].ID + "]"; !strings.Contains(text, want) || strings.Contains(text, slackPatientID) {
		t.Errorf("the card reads\n%s\nwant a Claim button (%s) and no patient id", text, want)
	}
	f.mu.Lock()
	cardTS := f.cardTS
	f.mu.Unlock()

	press(outsiderID, "claim", tickets[0].ID, cardTS)
	adaptertest.WaitFor(t, "the refusal", func() bool {
		for _, m := range f.messages() {
			if m.Method == "chat.postEphemeral" && m.User == outsiderID && m.Thread == cardTS {
				return true
			}
		}
		return false
	})
	if !strings.Contains(logs.String(), "not on the staff list") {
		t.Error("the refused claim was not logged")
	}

	press(danaID, "claim", tickets[0].ID, cardTS)
	adaptertest.WaitFor(t, "the claimed card", func() bool { return strings.Contains(f.lastUpdate(), "Claimed by Dana") })
	if !strings.Contains(f.lastUpdate(), "[Close="+tickets[0].ID+"]") {
		t.Errorf("the claimed card reads\n%s\nwant a Close button", f.lastUpdate())
	}
	adaptertest.WaitFor(t, "the patient told Dana joined", func() bool {
		for _, m := range f.postedTo(dm) {
			if strings.Contains(m.Text, "Dana") {
				return true
			}
		}
		return false
	})

	patientSays("Ev2", "marker-from-patient")
	inThread := func(marker string) func() bool {
		return func() bool {
			for _, m := range f.postedTo(staffChannelID) {
				if m.Thread == cardTS && strings.Contains(m.Text, marker) {
					return true
				}
			}
			return false
		}
	}
	adaptertest.WaitFor(t, "the patient's message in the card's thread", inThread("marker-from-patient"))

	send("/slack/events", callback("Ev3", fmt.Sprintf(`{"type":"message","channel":%q,"channel_type":"group","user":%q,"text":"marker-from-dana","ts":"9.1","thread_ts":%q}`, staffChannelID, danaID, cardTS)))
	adaptertest.WaitFor(t, "Dana's reply reaching the patient", func() bool {
		for _, m := range f.postedTo(dm) {
			if strings.Contains(m.Text, "marker-from-dana") && strings.Contains(m.Text, "Dana") {
				return true
			}
		}
		return false
	})

	press(danaID, "close", tickets[0].ID, cardTS)
	adaptertest.WaitFor(t, "the closed card", func() bool { return strings.Contains(f.lastUpdate(), "Closed") })
	if strings.Contains(f.lastUpdate(), "[") {
		t.Errorf("the closed card still has buttons:\n%s", f.lastUpdate())
	}
	if tk, _ := engine.Ticket(context.Background(), tickets[0].ID); tk.Status != bot.TicketClosed {
		t.Errorf("ticket is %s after Close", tk.Status)
	}
	if strings.Contains(logs.String(), "marker-from") {
		t.Error("a message's text reached the log")
	}
}

func TestStaffCardsAreRenderedForSlack(t *testing.T) {
	m := cardMessage(staffdesk.Card{Ticket: "t123", Status: bot.TicketOpen, Reason: "asked", Platform: "discord",
		Summary: "Reason: asked.", CreatedAt: time.Date(2025, 3, 4, 14, 5, 0, 0, time.UTC)})
	text := blockText(slackapi.Blocks{BlockSet: m.blocks})
	for _, want := range []string{"*A patient asked to talk with a person*", "patient on Discord", "14:05 UTC", "[Claim=t123]"} {
		if !strings.Contains(text, want) {
			t.Errorf("card\n%s\nlacks %q", text, want)
		}
	}
	if m.text == "" || strings.Contains(m.text, "\n") || strings.Contains(m.text, "t123") {
		t.Errorf("notification text %q, want the headline", m.text)
	}
}

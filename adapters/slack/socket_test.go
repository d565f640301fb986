package slack

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"github.com/faqbot/faqbot/adapters/adaptertest"
)

// fakeSocket stands in for the Socket Mode connection: it stays up until
// its context ends and records acknowledgements.
type fakeSocket struct {
	mu   sync.Mutex
	acks []string
}

func (s *fakeSocket) RunContext(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func (s *fakeSocket) AckCtx(_ context.Context, envelopeID string, payload any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acks = append(s.acks, envelopeID)
	return nil
}

func (s *fakeSocket) acked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.acks...)
}

// envelope is a Socket Mode frame as Slack sends it.
func envelope(typ, id string, retry int, payload string) string {
	raw, _ := json.Marshal(map[string]any{"type": typ, "envelope_id": id, "retry_attempt": retry,
		"payload": json.RawMessage(payload), "accepts_response_payload": typ != "events_api"})
	return string(raw)
}

// decode turns a frame into the socketmode.Event the SDK would emit.
func decode(t *testing.T, frame string) socketmode.Event {
	t.Helper()
	var req socketmode.Request
	if err := json.Unmarshal([]byte(frame), &req); err != nil {
		t.Fatal(err)
	}
	evt := socketmode.Event{Type: socketmode.EventType(req.Type), Request: &req}
	var err error
	switch req.Type {
	case socketmode.RequestTypeEventsAPI:
		evt.Data, err = slackevents.ParseEvent(req.Payload, slackevents.OptionNoVerifyToken())
	case socketmode.RequestTypeSlashCommands:
		var cmd slackapi.SlashCommand
		err = json.Unmarshal(req.Payload, &cmd)
		evt.Data = cmd
	case socketmode.RequestTypeInteractive:
		var cb slackapi.InteractionCallback
		err = json.Unmarshal(req.Payload, &cb)
		evt.Data = cb
	}
	if err != nil {
		t.Fatal(err)
	}
	return evt
}

const dmEvent = `{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":"fees?","ts":"1.1"}`

func TestSocketModeEnvelopesAreAcknowledgedAndAnswered(t *testing.T) {
	f := newFakeSlack(t)
	slash := `{"command":"/faq","text":"ask fees","channel_id":"C1","channel_name":"general","user_id":"U1","response_url":"` + f.responseURL() + `","trigger_id":"Tr1"}`
	click := `{"type":"block_actions","trigger_id":"Tr2","user":{"id":"U1"},"channel":{"id":"D1"},"container":{"type":"message","message_ts":"6.6","channel_id":"D1"},` +
		`"actions":[{"action_id":"faqbot_feedback_helpful","block_id":"faqbot_actions","type":"button","value":"helpful|","action_ts":"7.7"}]}`
	edited := `{"type":"app_mention","channel":"C1","user":"U1","text":"<@W012A3CDE> x","ts":"2.6","edited":{"user":"U1","ts":"2.7"}}`
	tests := []struct {
		name      string
		frames    []string
		wantAcks  []string
		wantPosts []string // method and channel of each message sent
	}{
		{"a mention is answered in its thread", []string{envelope("events_api", "e1", 0, callback("Ev1", mentionEvent))},
			[]string{"e1"}, []string{"chat.postMessage C1"}},
		{"a direct message is answered", []string{envelope("events_api", "e1", 0, callback("Ev1", dmEvent))},
			[]string{"e1"}, []string{"chat.postMessage D1"}},
		{"a slash command is answered through its response url", []string{envelope("slash_commands", "e1", 0, slash)},
			[]string{"e1"}, []string{"response_url "}},
		{"a button click is answered", []string{envelope("interactive", "e1", 0, click)},
			[]string{"e1"}, []string{"chat.postMessage D1"}},
		{"an edited mention is acknowledged and ignored", []string{envelope("events_api", "e1", 0, callback("Ev1", edited))},
			[]string{"e1"}, nil},
		{"a redelivered event is acknowledged and answered once", []string{
			envelope("events_api", "e1", 0, callback("Ev1", dmEvent)),
			envelope("events_api", "e2", 1, callback("Ev1", dmEvent)),
		}, []string{"e1", "e2"}, []string{"chat.postMessage D1"}},
		{"hello has no envelope to acknowledge", []string{`{"type":"hello","num_connections":1}`}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.mu.Lock()
			f.sent = nil
			f.mu.Unlock()
			engine := answerEngine()
			a, _ := newTestAdapter(t, f, engine, nil)
			sock := &fakeSocket{}
			events := make(chan socketmode.Event)
			a.socket, a.events = sock, events
			adaptertest.Run(t, a.Run)
			for _, fr := range tt.frames {
				events <- decode(t, fr)
			}
			adaptertest.WaitFor(t, "the acknowledgements", func() bool { return len(sock.acked()) >= len(tt.wantAcks) })
			adaptertest.WaitFor(t, "the replies", func() bool { return len(f.messages()) >= len(tt.wantPosts) })
			time.Sleep(50 * time.Millisecond) // room for a wrong extra reply
			if got := sock.acked(); !slices.Equal(got, tt.wantAcks) {
				t.Errorf("acknowledged %v, want %v", got, tt.wantAcks)
			}
			var posts []string
			for _, s := range f.messages() {
				posts = append(posts, s.Method+" "+s.Channel)
			}
			if !slices.Equal(posts, tt.wantPosts) {
				t.Errorf("sent %v, want %v", posts, tt.wantPosts)
			}
		})
	}
}

// TestSocketModeOverAWebsocket runs the real SDK client against a
// slacktest server that speaks Socket Mode: apps.connections.open, then a
// websocket that sends hello and an event and reads the acknowledgement.
func TestSocketModeOverAWebsocket(t *testing.T) {
	acks := make(chan string, 4)
	f := newFakeSlack(t, func(c slacktest.Customize) {
		c.Handle("/ws", slacktest.Websocket(func(conn *websocket.Conn) {
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"hello","num_connections":1}`))
			_ = conn.WriteMessage(websocket.TextMessage, []byte(envelope("events_api", "env-ws", 0, callback("EvWS", dmEvent))))
			for {
				var resp socketmode.Response
				if err := conn.ReadJSON(&resp); err != nil {
					return
				}
				acks <- resp.EnvelopeID
			}
		}))
	})
	engine := answerEngine()
	a, err := New(Config{BotToken: "xoxb-test", AppToken: "xapp-test"}, engine,
		slog.New(slog.NewTextHandler(io.Discard, nil)), WithAPIURL(f.url()))
	if err != nil {
		t.Fatal(err)
	}
	adaptertest.Run(t, a.Run)
	select {
	case id := <-acks:
		if id != "env-ws" {
			t.Errorf("acknowledged %q, want env-ws", id)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no acknowledgement")
	}
	adaptertest.WaitFor(t, "the answer", func() bool { return len(f.messages()) == 1 })
	if m := engine.Messages()[0]; m.EventID != "EvWS" || m.Conversation != "D1" || !m.Direct {
		t.Errorf("engine got %+v", m)
	}
}

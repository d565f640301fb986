package slack

import (
	"encoding/json"
	"io"
	"log/slog"
	"testing"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/faqbot/faqbot/bot"
)

// callback wraps an inner event the way the Events API delivers it.
func callback(eventID, inner string) string {
	return `{"type":"event_callback","team_id":"T1","api_app_id":"A1","event_id":"` + eventID +
		`","event_time":1700000000,"event":` + inner + `}`
}

func parseCallback(t *testing.T, body string) slackevents.EventsAPIEvent {
	t.Helper()
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		t.Fatalf("parse event: %v", err)
	}
	return ev
}

func TestEventsAreTranslated(t *testing.T) {
	a := &Adapter{log: slog.New(slog.NewTextHandler(io.Discard, nil)), botUser: testBotUser}
	tests := []struct {
		name  string
		inner string
		want  *inbound // nil: ignored
	}{
		{
			name:  "a direct message goes to the engine as a direct message",
			inner: `{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":"can i drive home?","ts":"1.1"}`,
			want: &inbound{
				msg: bot.Message{Platform: "slack", Conversation: "D1", User: "U1", Text: "can i drive home?", Direct: true, EventID: "Ev1"},
				to:  destination{channel: "D1", user: "U1"},
			},
		},
		{
			name:  "a direct message in a thread is answered in that thread",
			inner: `{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":"and after?","ts":"1.2","thread_ts":"1.0"}`,
			want: &inbound{
				msg: bot.Message{Platform: "slack", Conversation: "D1", Thread: "1.0", User: "U1", Text: "and after?", Direct: true, EventID: "Ev1"},
				to:  destination{channel: "D1", thread: "1.0", user: "U1"},
			},
		},
		{
			name:  "a mention in a channel starts a thread on the message",
			inner: `{"type":"app_mention","channel":"C1","user":"U1","text":"<@W012A3CDE> side effects?","ts":"2.2"}`,
			want: &inbound{
				msg: bot.Message{Platform: "slack", Conversation: "C1", Thread: "2.2", User: "U1", Text: "side effects?", EventID: "Ev1"},
				to:  destination{channel: "C1", thread: "2.2", user: "U1", public: true},
			},
		},
		{
			name:  "a mention inside a thread is answered in that thread",
			inner: `{"type":"app_mention","channel":"C1","user":"U1","text":"<@W012A3CDE> how long?","ts":"2.3","thread_ts":"2.0"}`,
			want: &inbound{
				msg: bot.Message{Platform: "slack", Conversation: "C1", Thread: "2.0", User: "U1", Text: "how long?", EventID: "Ev1"},
				to:  destination{channel: "C1", thread: "2.0", user: "U1", public: true},
			},
		},
		{
			name:  "a bare mention asks what the bot can do",
			inner: `{"type":"app_mention","channel":"C1","user":"U1","text":"<@W012A3CDE>","ts":"2.4"}`,
			want: &inbound{
				msg: bot.Message{Platform: "slack", Conversation: "C1", Thread: "2.4", User: "U1", Text: "help", EventID: "Ev1"},
				to:  destination{channel: "C1", thread: "2.4", user: "U1", public: true},
			},
		},
		{
			name:  "slack markup becomes the plain text the patient typed",
			inner: `{"type":"message","channel":"D1","channel_type":"im","user":"U1","text":"is &lt;5 mg &amp; ok? see <https://x.org/a|this page> in <#C9|general> <!here>","ts":"1.3"}`,
			want: &inbound{
				msg: bot.Message{Platform: "slack", Conversation: "D1", User: "U1", Text: "is <5 mg & ok? see this page in #general", Direct: true, EventID: "Ev1"},
				to:  destination{channel: "D1", user: "U1"},
			},
		},
		{
			name:  "an attachment-only direct message asks for a typed question",
			inner: `{"type":"message","subtype":"file_share","channel":"D1","channel_type":"im","user":"U1","text":"","ts":"1.4","files":[{"id":"F1"}]}`,
			want: &inbound{
				msg:     bot.Message{Platform: "slack", Conversation: "D1", User: "U1", Direct: true, EventID: "Ev1"},
				to:      destination{channel: "D1", user: "U1"},
				askText: true,
			},
		},
		{
			name:  "a direct message with a file and text is answered",
			inner: `{"type":"message","subtype":"file_share","channel":"D1","channel_type":"im","user":"U1","text":"what is this?","ts":"1.5","files":[{"id":"F1"}]}`,
			want: &inbound{
				msg: bot.Message{Platform: "slack", Conversation: "D1", User: "U1", Text: "what is this?", Direct: true, EventID: "Ev1"},
				to:  destination{channel: "D1", user: "U1"},
			},
		},
		{
			name:  "an attachment-only mention in a channel is ignored",
			inner: `{"type":"app_mention","channel":"C1","user":"U1","text":"<@W012A3CDE>","ts":"2.5","files":[{"id":"F1"}]}`,
		},
		{
			name:  "an edited direct message is ignored",
			inner: `{"type":"message","subtype":"message_changed","channel":"D1","channel_type":"im","ts":"1.6","message":{"type":"message","user":"U1","text":"new text","ts":"1.1","edited":{"user":"U1","ts":"1.6"}}}`,
		},
		{
			name:  "an edited mention is ignored",
			inner: `{"type":"app_mention","channel":"C1","user":"U1","text":"<@W012A3CDE> new text","ts":"2.6","edited":{"user":"U1","ts":"2.7"}}`,
		},
		{
			name:  "another bot's direct message is ignored",
			inner: `{"type":"message","subtype":"bot_message","channel":"D1","channel_type":"im","bot_id":"B9","text":"hello","ts":"1.7"}`,
		},
		{
			name:  "the bot's own message is ignored",
			inner: `{"type":"message","channel":"D1","channel_type":"im","user":"W012A3CDE","bot_id":"B1","text":"an answer","ts":"1.8"}`,
		},
		{
			name:  "a bot mentioning the app is ignored",
			inner: `{"type":"app_mention","channel":"C1","user":"U7","bot_id":"B7","text":"<@W012A3CDE> hi","ts":"2.8"}`,
		},
		{
			name:  "a deleted message is ignored",
			inner: `{"type":"message","subtype":"message_deleted","channel":"D1","channel_type":"im","deleted_ts":"1.1","ts":"1.9"}`,
		},
		{
			name:  "a channel message without a mention is ignored",
			inner: `{"type":"message","channel":"C1","channel_type":"channel","user":"U1","text":"hello all","ts":"3.1"}`,
		},
		{
			name:  "a mention in a direct message is left to the message event",
			inner: `{"type":"app_mention","channel":"D1","user":"U1","text":"<@W012A3CDE> hi","ts":"3.2"}`,
		},
		{
			name:  "an unrelated event is ignored",
			inner: `{"type":"reaction_added","user":"U1","reaction":"thumbsup","item":{"type":"message","channel":"C1","ts":"1.1"},"event_ts":"3.3"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := a.fromEventsAPI(parseCallback(t, callback("Ev1", tt.inner)))
			if tt.want == nil {
				if ok {
					t.Fatalf("handled %+v, want ignored", got)
				}
				return
			}
			if !ok {
				t.Fatal("ignored, want handled")
			}
			if got != *tt.want {
				t.Errorf("got  %+v\nwant %+v", got, *tt.want)
			}
		})
	}
}

func TestSlashCommandsAreTranslated(t *testing.T) {
	const hook = "https://hooks.slack.com/commands/T1/1/x"
	tests := []struct {
		name, channel, channelName, text string
		wantText                         string
		wantDirect                       bool
	}{
		{"ask with a question sends the question", "C1", "general", "ask can I drive home?", "can I drive home?", false},
		{"plain text is a question", "C1", "general", "side effects", "side effects", false},
		{"help asks what the bot can do", "C1", "general", "help", "help", false},
		{"no text asks what the bot can do", "C1", "general", "  ", "help", false},
		{"forget me is passed on", "C1", "general", "Forget me", "Forget me", false},
		{"in a direct message it is direct", "D1", "directmessage", "ask fees", "fees", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fromSlashCommand(slackapi.SlashCommand{Command: "/faq", ChannelID: tt.channel, ChannelName: tt.channelName,
				UserID: "U1", Text: tt.text, ResponseURL: hook, TriggerID: "Tr1"})
			want := inbound{
				msg: bot.Message{Platform: "slack", Conversation: tt.channel, User: "U1", Text: tt.wantText, Direct: tt.wantDirect, EventID: "Tr1"},
				to:  destination{channel: tt.channel, user: "U1", responseURL: hook, ephemeral: true, public: !tt.wantDirect},
			}
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestButtonClicksAreTranslated(t *testing.T) {
	const hook = "https://hooks.slack.com/actions/T1/1/x"
	click := func(typ, channel, actionID, value string, ephemeral bool) slackapi.InteractionCallback {
		var cb slackapi.InteractionCallback
		body := map[string]any{
			"type": typ, "trigger_id": "Tr1", "user": map[string]any{"id": "U1"},
			"channel":      map[string]any{"id": channel},
			"container":    map[string]any{"type": "message", "message_ts": "6.6", "channel_id": channel, "is_ephemeral": ephemeral},
			"response_url": hook,
			"actions":      []any{map[string]any{"action_id": actionID, "block_id": "faqbot_actions", "type": "button", "value": value, "action_ts": "7.7"}},
		}
		raw, _ := json.Marshal(body)
		if err := json.Unmarshal(raw, &cb); err != nil {
			t.Fatal(err)
		}
		return cb
	}
	tests := []struct {
		name string
		cb   slackapi.InteractionCallback
		want []inbound
	}{
		{
			name: "a choice in a channel thread is sent as its number in that thread",
			cb:   click("block_actions", "C1", "faqbot_choice_2", "2|5.5", false),
			want: []inbound{{
				msg: bot.Message{Platform: "slack", Conversation: "C1", Thread: "5.5", User: "U1", Text: "2", EventID: "Tr1"},
				to:  destination{channel: "C1", thread: "5.5", user: "U1", public: true},
			}},
		},
		{
			name: "feedback in a direct message is sent as its words",
			cb:   click("block_actions", "D1", "faqbot_feedback_not_helpful", "not helpful|", false),
			want: []inbound{{
				msg: bot.Message{Platform: "slack", Conversation: "D1", User: "U1", Text: "not helpful", Direct: true, EventID: "Tr1"},
				to:  destination{channel: "D1", user: "U1"},
			}},
		},
		{
			name: "a click on an ephemeral reply is answered through its response url",
			cb:   click("block_actions", "C1", "faqbot_feedback_helpful", "helpful|", true),
			want: []inbound{{
				msg: bot.Message{Platform: "slack", Conversation: "C1", User: "U1", Text: "helpful", EventID: "Tr1"},
				to:  destination{channel: "C1", user: "U1", responseURL: hook, ephemeral: true, public: true},
			}},
		},
		{name: "another app's button is ignored", cb: click("block_actions", "C1", "other_button", "x|", false)},
		{name: "a button without a value is ignored", cb: click("block_actions", "C1", "faqbot_choice_1", "", false)},
		{name: "a modal submission is ignored", cb: click("view_submission", "C1", "faqbot_choice_1", "1|", false)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := fromInteraction(tt.cb)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d messages %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got  %+v\nwant %+v", got[i], tt.want[i])
				}
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    bool
		wantErr bool
	}{
		{"nothing set leaves slack off", map[string]string{}, false, false},
		{"bot and app tokens turn on socket mode", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, true, false},
		{"bot token and signing secret turn on the events api", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, true, false},
		{"a bot token alone is an error", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, false, true},
		{"an app token without a bot token is an error", map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, false, true},
		{"a user token in place of the bot token is an error", map[string]string{"SLACK_BOT_TOKEN": "xoxp-1", "SLACK_APP_TOKEN": "xapp-1"}, false, true},
		{"a bot token in place of the app token is an error", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, ok, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if ok != tt.want || (err != nil) != tt.wantErr {
				t.Fatalf("got ok=%v err=%v, want ok=%v error=%v", ok, err, tt.want, tt.wantErr)
			}
			if ok && cfg.SocketMode() != (tt.env["SLACK_APP_TOKEN"] != "") {
				t.Errorf("SocketMode() = %v", cfg.SocketMode())
			}
		})
	}
}

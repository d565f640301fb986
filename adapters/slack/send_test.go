package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/bot"
)

const crisisText = "I'm really sorry you're going through this.\n\n• Call or text 988 now."

func TestRepliesAreDelivered(t *testing.T) {
	mention := inbound{
		msg: bot.Message{Platform: "slack", Conversation: "C1", Thread: "2.2", User: "U1", Text: "secret question", EventID: "Ev1"},
		to:  destination{channel: "C1", thread: "2.2", user: "U1", public: true},
	}
	dm := inbound{
		msg: bot.Message{Platform: "slack", Conversation: "D1", User: "U1", Text: "secret question", Direct: true, EventID: "Ev2"},
		to:  destination{channel: "D1", user: "U1"},
	}
	slash := fromSlashCommand(slackapiSlash("C1", "general", "ask secret question"))
	crisis := []bot.Reply{{Kind: bot.KindCrisis, Text: crisisText, Private: true}}
	long := []bot.Reply{{Kind: bot.KindAnswer, Text: strings.Repeat("A paragraph of the answer. ", 100) + "\n\n" +
		strings.Repeat("Another paragraph. ", 150)}}

	tests := []struct {
		name    string
		in      inbound
		replies []bot.Reply
		dmFails bool
		want    []sent // Method, Channel, Thread, User, ResponseType and the start of Text
	}{
		{
			name: "an answer to a mention goes in the thread",
			in:   mention, replies: []bot.Reply{{Kind: bot.KindAnswer, Text: "**Driving**\n\nNo."}},
			want: []sent{{Method: "chat.postMessage", Channel: "C1", Thread: "2.2", Text: "*Driving*"}},
		},
		{
			name: "several replies are sent in order",
			in:   dm, replies: []bot.Reply{{Kind: bot.KindNotice, Text: "first"}, {Kind: bot.KindAnswer, Text: "second"}},
			want: []sent{{Method: "chat.postMessage", Channel: "D1", Text: "first"}, {Method: "chat.postMessage", Channel: "D1", Text: "second"}},
		},
		{
			name: "no replies send nothing",
			in:   mention, replies: []bot.Reply{},
		},
		{
			name: "a crisis in a public channel goes by direct message with a brief public note",
			in:   mention, replies: crisis,
			want: []sent{
				{Method: "chat.postMessage", Channel: "DU1", Text: "I'm really sorry"},
				{Method: "chat.postMessage", Channel: "C1", Thread: "2.2", Text: sentDMText},
			},
		},
		{
			name: "a crisis in a direct message is simply answered",
			in:   dm, replies: crisis,
			want: []sent{{Method: "chat.postMessage", Channel: "D1", Text: "I'm really sorry"}},
		},
		{
			name: "a crisis is shown to the patient alone when no direct message can be opened",
			in:   mention, replies: crisis, dmFails: true,
			want: []sent{{Method: "chat.postEphemeral", Channel: "C1", Thread: "2.2", User: "U1", Text: "I'm really sorry"}},
		},
		{
			name: "a slash command is answered ephemerally through its response url",
			in:   slash, replies: []bot.Reply{{Kind: bot.KindAnswer, Text: "Fees"}},
			want: []sent{{Method: "response_url", ResponseType: "ephemeral", Text: "Fees"}},
		},
		{
			name: "a handoff asked by slash command in a channel goes by direct message",
			in:   slash, replies: []bot.Reply{{Kind: bot.KindHandoff, Text: "A nurse will call you.", Private: true}},
			want: []sent{
				{Method: "chat.postMessage", Channel: "DU1", Text: "A nurse will call you."},
				{Method: "response_url", ResponseType: "ephemeral", Text: sentDMText},
			},
		},
		{
			name: "a very long answer is split into messages in the thread",
			in:   mention, replies: long,
			want: []sent{
				{Method: "chat.postMessage", Channel: "C1", Thread: "2.2", Text: "A paragraph"},
				{Method: "chat.postMessage", Channel: "C1", Thread: "2.2", Text: "Another paragraph"},
			},
		},
		{
			name: "an attachment-only direct message is asked for a typed question",
			in:   inbound{msg: dm.msg, to: dm.to, askText: true},
			want: []sent{{Method: "chat.postMessage", Channel: "D1", Text: askTextText}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSlack(t)
			f.dmFails = tt.dmFails
			if tt.in.to.responseURL != "" {
				tt.in.to.responseURL = f.responseURL()
			}
			logs := &adaptertest.Logs{}
			engine := adaptertest.Answer(tt.replies...)
			a, _ := newTestAdapter(t, f, engine, logs)
			a.process(context.Background(), tt.in)

			got := f.messages()
			if len(got) != len(tt.want) {
				t.Fatalf("sent %d messages, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Method != w.Method || g.Channel != w.Channel || g.Thread != w.Thread || g.User != w.User ||
					g.ResponseType != w.ResponseType || !strings.HasPrefix(g.Text, w.Text) {
					t.Errorf("message %d:\ngot  %+v\nwant %+v", i, g, w)
				}
				if g.Text == sentDMText && strings.Contains(blockText(g.Blocks), "988") {
					t.Error("the public note gives details")
				}
			}
			if tt.in.askText && len(engine.Messages()) != 0 {
				t.Error("an attachment-only message reached the engine")
			}
			if strings.Contains(logs.String(), "secret question") || strings.Contains(logs.String(), "really sorry") {
				t.Errorf("logs contain message text:\n%s", logs)
			}
		})
	}
}

func TestRateLimitedCallsWaitAndRetry(t *testing.T) {
	tests := []struct {
		name      string
		limited   int
		wantSent  int
		wantWaits int
	}{
		{"a call rate limited twice is sent after two waits", 2, 1, 2},
		{"a call rate limited every time gives up after three waits", 100, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSlack(t)
			f.rateLimited = tt.limited
			a, waits := newTestAdapter(t, f, nil, nil)
			err := a.post(context.Background(), destination{channel: "D1"}, textMessage("hello"))
			if (err != nil) != (tt.wantSent == 0) {
				t.Fatalf("post: %v", err)
			}
			if n := len(f.messages()); n != tt.wantSent {
				t.Errorf("sent %d messages, want %d", n, tt.wantSent)
			}
			if len(waits()) != tt.wantWaits {
				t.Fatalf("waited %v, want %d waits", waits(), tt.wantWaits)
			}
			for _, w := range waits() {
				if w != 7*time.Second {
					t.Errorf("waited %v, want the 7s Slack asked for", w)
				}
			}
		})
	}
}

func slackapiSlash(channel, channelName, text string) slackapi.SlashCommand {
	return slackapi.SlashCommand{Command: "/faq", ChannelID: channel, ChannelName: channelName, UserID: "U1",
		Text: text, ResponseURL: "replaced by the test", TriggerID: "Tr1"}
}

package adaptertest_test

import (
	"context"
	"testing"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/bot"
)

func TestEngine(t *testing.T) {
	ctx := context.Background()
	answer := bot.Reply{Kind: bot.KindAnswer, Text: "yes"}
	e := adaptertest.Answer(answer)
	tests := []struct {
		name      string
		m         bot.Message
		wantReply bool
	}{
		{"a new event is answered", bot.Message{EventID: "e1", Text: "a"}, true},
		{"a retried event is answered with nothing", bot.Message{EventID: "e1", Text: "a"}, false},
		{"a message without an event id is always answered", bot.Message{Text: "b"}, true},
		{"another message without an event id is answered too", bot.Message{Text: "b"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := e.Handle(ctx, tt.m); (len(got) == 1 && got[0].Text == answer.Text) != tt.wantReply {
				t.Errorf("Handle(%+v) = %+v, want an answer: %v", tt.m, got, tt.wantReply)
			}
		})
	}
	if n := len(e.Calls()); n != 4 {
		t.Errorf("Calls has %d messages, want all 4", n)
	}
	if n := len(e.Messages()); n != 3 {
		t.Errorf("Messages has %d messages, want 3 (the retry left out)", n)
	}
	if got := (&adaptertest.Engine{}).Handle(ctx, bot.Message{Text: "c"}); got != nil {
		t.Errorf("an Engine without Reply answered %+v", got)
	}
}

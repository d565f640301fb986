package terminal_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/adapters/terminal"
	"github.com/faqbot/faqbot/bot"
)

type echo struct{ got []bot.Message }

func (e *echo) Handle(_ context.Context, m bot.Message) []bot.Reply {
	e.got = append(e.got, m)
	return []bot.Reply{{Kind: bot.KindAnswer, Text: "**Bold** answer to " + m.Text}}
}

func TestRunChatsLineByLine(t *testing.T) {
	e := &echo{}
	var out bytes.Buffer
	if err := terminal.Run(context.Background(), e, strings.NewReader("first\nsecond\n"), &out, "me"); err != nil {
		t.Fatal(err)
	}
	if len(e.got) != 2 || e.got[1].Text != "second" || e.got[0].User != "me" || e.got[0].Platform != "terminal" {
		t.Errorf("messages = %+v", e.got)
	}
	if s := out.String(); !strings.Contains(s, "[answer] Bold answer to first") || strings.Contains(s, "**") {
		t.Errorf("output = %q", s)
	}
}

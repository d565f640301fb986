package slack

import (
	"context"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/bot"
)

func TestQueuedStaffRepliesGoToThePatientByDM(t *testing.T) {
	f := newFakeSlack(t)
	a, _ := newTestAdapter(t, f, answerEngine(), nil)
	a.deliverQueued(context.Background(), bot.Outbound{Platform: Platform, Channel: "C1", Thread: "1.2", User: "U42", From: "ann",
		Reply: bot.Reply{Kind: bot.KindHandoff, Text: "I'll call you in 5 minutes."}})
	msgs := f.messages()
	if len(msgs) != 1 || msgs[0].Channel == "C1" || !strings.Contains(msgs[0].Text, "ann (clinic team)") {
		t.Errorf("sent %+v", msgs)
	}
}

package push_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/faqbot/faqbot/adapters/push"
	"github.com/faqbot/faqbot/bot"
)

type queue struct {
	mu   sync.Mutex
	msgs []bot.Outbound
}

func (q *queue) PendingFor(_ context.Context, platform string) ([]bot.Outbound, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out, keep []bot.Outbound
	for _, m := range q.msgs {
		if m.Platform == platform {
			out = append(out, m)
		} else {
			keep = append(keep, m)
		}
	}
	q.msgs = keep
	return out, nil
}

func TestRunDeliversThePlatformsMessages(t *testing.T) {
	q := &queue{msgs: []bot.Outbound{
		{Platform: "slack", From: "ann", Reply: bot.Reply{Text: "hello"}},
		{Platform: "discord", Reply: bot.Reply{Text: "not mine"}},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var got []bot.Reply
	push.Run(ctx, q, "slack", 10*time.Millisecond, func(_ context.Context, m bot.Outbound) { got = append(got, push.Labelled(m)) }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if len(got) != 1 || got[0].Text != "**ann (clinic team):** hello" {
		t.Errorf("delivered %+v", got)
	}
	if len(q.msgs) != 1 {
		t.Errorf("the other platform's message was taken: %+v", q.msgs)
	}
}

// Package push delivers messages that answer none of a patient's own, such
// as a staff member's reply in a handoff or the bot saying it is back, to
// platforms where the bot must send first (Slack, Discord).
package push

import (
	"context"
	"log/slog"
	"time"

	"github.com/faqbot/faqbot/bot"
)

// Source is where queued messages come from: the engine.
type Source interface {
	PendingFor(ctx context.Context, platform string) ([]bot.Outbound, error)
}

// Interval is how often adapters fetch queued messages.
const Interval = 2 * time.Second

// RunIfSource runs Run every interval (Interval when zero) when engine can
// queue messages, and returns at once otherwise (an engine without handoff).
func RunIfSource(ctx context.Context, engine any, platform string, interval time.Duration, deliver func(context.Context, bot.Outbound), log *slog.Logger) {
	if interval <= 0 {
		interval = Interval
	}
	if src, ok := engine.(Source); ok {
		Run(ctx, src, platform, interval, deliver, log)
	}
}

// Run takes the platform's queued messages every interval and hands each
// to deliver, until ctx is done. A failing source is logged and retried.
func Run(ctx context.Context, src Source, platform string, interval time.Duration, deliver func(context.Context, bot.Outbound), log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		msgs, err := src.PendingFor(ctx, platform)
		if err != nil {
			log.Warn("could not read queued messages", "err", err)
			continue
		}
		for _, m := range msgs {
			deliver(ctx, m)
		}
	}
}

// Labelled returns the message's reply with the staff member's name in
// front, so the patient knows a person wrote it.
func Labelled(m bot.Outbound) bot.Reply {
	r := m.Reply
	if m.From != "" && m.From != "bot" {
		r.Text = "**" + m.From + " (clinic team):** " + r.Text
	}
	return r
}

package slack

import (
	"context"

	"github.com/faqbot/faqbot/adapters/push"
	"github.com/faqbot/faqbot/bot"
)

// deliverQueued sends a staff reply or notice to a Slack patient by
// direct message, or into their conversation if that fails.
func (a *Adapter) deliverQueued(ctx context.Context, m bot.Outbound) {
	to := destination{channel: m.Channel, thread: m.Thread, user: m.User}
	if m.User != "" {
		if dm, err := a.openDM(ctx, m.User); err == nil {
			to = destination{channel: dm, user: m.User}
		}
	}
	if err := a.postAll(ctx, to, render(push.Labelled(m), to.thread)); err != nil {
		a.log.Error("could not deliver a queued message", "from", m.From, "err", err)
	}
}

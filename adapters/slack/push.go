package slack

import (
	"context"
	"time"

	"github.com/faqbot/faqbot/adapters/push"
	"github.com/faqbot/faqbot/bot"
)

// pushInterval is how often queued staff replies are fetched.
const pushInterval = 2 * time.Second

// runPush delivers staff replies and notices to Slack patients by direct
// message, when the engine queues them.
func (a *Adapter) runPush(ctx context.Context) {
	src, ok := a.engine.(push.Source)
	if !ok {
		return
	}
	push.Run(ctx, src, Platform, pushInterval, a.deliverQueued, a.log)
}

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

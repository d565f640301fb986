package discord

import (
	"context"
	"time"

	"github.com/faqbot/faqbot/adapters/push"
	"github.com/faqbot/faqbot/bot"
)

// pushInterval is how often queued staff replies are fetched.
const pushInterval = 2 * time.Second

// runPush delivers staff replies and notices to Discord patients by direct
// message (or in their channel if that fails), when the engine queues them.
func (a *Adapter) runPush(ctx context.Context) {
	src, ok := a.engine.(push.Source)
	if !ok {
		return
	}
	push.Run(ctx, src, Platform, pushInterval, a.deliverQueued, a.log)
}

func (a *Adapter) deliverQueued(ctx context.Context, m bot.Outbound) {
	r := push.Labelled(m)
	if m.User != "" && a.sendDirect(ctx, m.User, r) {
		return
	}
	channel := m.Channel
	if m.Thread != "" {
		channel = m.Thread // Discord threads are channels
	}
	a.post(ctx, a.channelBox(channel, nil), r, m.User)
}

package discord

import (
	"context"

	"github.com/faqbot/faqbot/adapters/push"
	"github.com/faqbot/faqbot/bot"
)

// deliverQueued sends a staff reply or notice to a Discord patient by
// direct message, or into their channel if that fails.
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

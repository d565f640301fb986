package discord

import (
	"context"
	"errors"
	"log/slog"
	"net/url"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/faqbot/faqbot/bot"
)

// sentDirect is the public note left when a private reply goes by DM.
const sentDirect = "I've sent you a direct message."

// outbox is a place replies are posted to.
type outbox interface {
	post(ctx context.Context, m *discordgo.MessageSend) error
}

// channelBox posts to a channel or thread; the first post may reply to a
// message.
type channelBox struct {
	api       restAPI
	channelID string
	reference *discordgo.MessageReference
}

func (a *Adapter) channelBox(channelID string, ref *discordgo.MessageReference) *channelBox {
	return &channelBox{api: a.api, channelID: channelID, reference: ref}
}

func (b *channelBox) post(ctx context.Context, m *discordgo.MessageSend) error {
	m.Reference, b.reference = b.reference, nil
	_, err := b.api.ChannelMessageSendComplex(b.channelID, m, discordgo.WithContext(ctx))
	return err
}

// followupBox posts follow-up messages to an application command.
type followupBox struct {
	api         restAPI
	interaction *discordgo.Interaction
}

func (b followupBox) post(ctx context.Context, m *discordgo.MessageSend) error {
	_, err := b.api.FollowupMessageCreate(b.interaction, true, &discordgo.WebhookParams{
		Content: m.Content, Components: m.Components, AllowedMentions: m.AllowedMentions, Flags: m.Flags,
	}, discordgo.WithContext(ctx))
	return err
}

// deliver sends replies to m in order. A private reply in a public
// channel goes to the user by DM with a short public note; if the DM
// cannot be sent (the user blocks DMs from the server) it is posted
// publicly instead, because crisis resources must reach the patient.
func (a *Adapter) deliver(ctx context.Context, box outbox, m bot.Message, replies []bot.Reply) {
	for _, r := range replies {
		if r.Private && !m.Direct {
			if a.sendDirect(ctx, m.User, r) {
				a.post(ctx, box, bot.Reply{Kind: bot.KindNotice, Text: sentDirect}, m.User)
				continue
			}
		}
		a.post(ctx, box, r, m.User)
	}
}

// sendDirect sends r to the user in a DM and reports whether it went.
func (a *Adapter) sendDirect(ctx context.Context, user string, r bot.Reply) bool {
	ch, err := a.api.UserChannelCreate(user, discordgo.WithContext(ctx))
	if err != nil || ch == nil {
		a.log.Warn("could not open a direct message; replying in the channel", "kind", r.Kind, "user", user, errAttr(err))
		return false
	}
	return a.post(ctx, a.channelBox(ch.ID, nil), r, user)
}

// post sends one reply and reports whether all of it went.
func (a *Adapter) post(ctx context.Context, box outbox, r bot.Reply, owner string) bool {
	msgs := render(r, owner)
	for i, m := range msgs {
		if err := box.post(ctx, m); err != nil {
			a.log.Error("could not send a reply", "kind", r.Kind, "part", i+1, "parts", len(msgs), errAttr(err))
			return false
		}
	}
	return len(msgs) > 0
}

// logHandled logs what the engine made of a message, without its text.
func (a *Adapter) logHandled(m bot.Message, replies []bot.Reply) {
	kinds := make([]string, len(replies))
	for i, r := range replies {
		kinds[i] = string(r.Kind)
	}
	a.log.Debug("handled message", "event", m.EventID, "channel", m.Conversation, "thread", m.Thread,
		"direct", m.Direct, "text_len", len(m.Text), "kinds", kinds)
}

// errAttr describes err for the log without what it may carry of a
// conversation: Discord's error body, or a URL holding an interaction
// token.
func errAttr(err error) slog.Attr {
	var rest *discordgo.RESTError
	var uerr *url.Error
	var closed *websocket.CloseError
	switch {
	case err == nil:
		return slog.String("err", "no details")
	case errors.As(err, &rest) && rest.Response != nil:
		attrs := []any{"status", rest.Response.StatusCode}
		if rest.Message != nil {
			attrs = append(attrs, "code", rest.Message.Code, "message", rest.Message.Message)
		}
		return slog.Group("err", attrs...)
	case errors.As(err, &uerr):
		return slog.String("err", uerr.Op+" request: "+uerr.Err.Error())
	case errors.As(err, &closed):
		return slog.Group("err", "close_code", closed.Code, "message", closed.Text)
	}
	return slog.String("err", err.Error())
}

// openFailure explains a failure to connect in terms of what to fix.
func openFailure(err error) string {
	var closed *websocket.CloseError
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode == 401 {
		return "Discord rejected DISCORD_BOT_TOKEN: reset the token in the Developer Portal and update it"
	}
	if !errors.As(err, &closed) {
		return "Discord is unreachable or unavailable"
	}
	switch closed.Code {
	case 4004:
		return "Discord rejected DISCORD_BOT_TOKEN: reset the token in the Developer Portal and update it"
	case 4010, 4011:
		return "the shard settings do not fit the bot: check DISCORD_SHARD_ID and DISCORD_SHARD_COUNT"
	case 4013, 4014:
		return "the Message Content intent is off: turn it on in the Developer Portal (Bot → Privileged Gateway Intents)"
	}
	return "Discord closed the connection"
}

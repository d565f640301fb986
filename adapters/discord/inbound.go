package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
)

// threadName names the threads the bot starts; it is neutral because
// thread names are public and listed apart from the messages.
const threadName = "FAQ reply"

// askForText answers a direct message that has attachments but no words.
const askForText = "I can only read typed messages, so I can't open attachments, images or voice messages. Please type your question."

// inbound is a Discord message the bot should answer.
type inbound struct {
	msg       bot.Message
	channelID string // where the message was posted
	messageID string
	// startThread asks for a thread on the message before replying: it
	// was posted in a server channel that is not a thread.
	startThread bool
	// noText marks a direct message without words (attachments only):
	// the adapter asks for text instead of calling the engine.
	noText bool
}

// translate decides whether m is for the bot and what the engine should
// see; ok is false for messages to ignore. st is the session's state,
// which knows the bot's own id and which channels are threads.
func translate(st *discordgo.State, m *discordgo.Message) (in inbound, ok bool) {
	self := botID(st)
	switch {
	case m == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" || self == "" || m.Author.ID == self,
		m.Author.ID == "" || m.ChannelID == "": // not a message anyone can be answered in
		return inbound{}, false
	case m.EditedTimestamp != nil:
		return inbound{}, false
	case m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply:
		return inbound{}, false // joins, pins, thread announcements
	}
	direct := m.GuildID == ""
	thread := channel(st, m.ChannelID)
	inThread := thread != nil && thread.IsThread()
	// In a thread the bot started, follow-ups ("2", "yes") need no mention.
	if !direct && !mentions(m, self) && !(inThread && thread.OwnerID == self) {
		return inbound{}, false
	}
	text := stripMention(m.Content, self)
	in = inbound{
		msg: bot.Message{
			Platform: Platform, Conversation: m.ChannelID, User: m.Author.ID,
			Text: text, Direct: direct, EventID: m.ID,
		},
		channelID: m.ChannelID, messageID: m.ID,
		startThread: !direct && !inThread,
	}
	if inThread {
		in.msg.Conversation, in.msg.Thread = thread.ParentID, thread.ID
	}
	if text == "" && (len(m.Attachments) > 0 || len(m.StickerItems) > 0) {
		if !direct {
			return inbound{}, false
		}
		in.noText = true
	}
	return in, true
}

// locate returns the conversation and thread of a channel, the way
// translate does for a message posted in it.
func locate(st *discordgo.State, channelID string) (conversation, thread string) {
	if ch := channel(st, channelID); ch != nil && ch.IsThread() {
		return ch.ParentID, ch.ID
	}
	return channelID, ""
}

// onMessage answers one MESSAGE_CREATE event.
func (a *Adapter) onMessage(ctx context.Context, st *discordgo.State, m *discordgo.Message) {
	if a.onStaffMessage(ctx, st, m) {
		return
	}
	in, ok := translate(st, m)
	if !ok || ctx.Err() != nil {
		return
	}
	if in.noText {
		a.log.Info("asked for text", "event", in.msg.EventID, "attachments", len(m.Attachments))
		a.deliver(ctx, a.channelBox(in.channelID, nil), in.msg, []bot.Reply{{Kind: bot.KindNotice, Text: askForText}})
		return
	}
	box := a.channelBox(in.channelID, nil)
	if in.startThread {
		// The thread is started before the engine runs, so that the
		// conversation's thread is known and stays the same for
		// follow-ups and button clicks, whether or not it could start.
		box, in.msg.Thread = a.startThread(ctx, in)
	}
	replies := a.engine.Handle(ctx, in.msg)
	a.logHandled(in.msg, replies)
	a.deliver(ctx, box, in.msg, replies)
}

// startThread opens a thread on the patient's message and returns where
// to reply and the thread's id: the thread, or, when the server does not
// allow threads there, the channel with a reply to the message and no id.
func (a *Adapter) startThread(ctx context.Context, in inbound) (*channelBox, string) {
	th, err := a.api.MessageThreadStartComplex(in.channelID, in.messageID,
		&discordgo.ThreadStart{Name: threadName, AutoArchiveDuration: 24 * 60}, discordgo.WithContext(ctx))
	if err == nil && th != nil && th.ID != "" {
		return a.channelBox(th.ID, nil), th.ID
	}
	a.log.Warn("could not start a thread; replying in the channel", "channel", in.channelID, "message", in.messageID, errAttr(err))
	return a.channelBox(in.channelID, &discordgo.MessageReference{MessageID: in.messageID, ChannelID: in.channelID}), ""
}

// mentions reports whether m mentions the user id.
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return false
}

// stripMention removes mentions of the user id and extra spaces.
func stripMention(text, id string) string {
	text = strings.ReplaceAll(text, "<@!"+id+">", " ")
	text = strings.ReplaceAll(text, "<@"+id+">", " ")
	return strings.Join(strings.Fields(text), " ")
}

func botID(st *discordgo.State) string {
	if st == nil {
		return ""
	}
	st.RLock()
	defer st.RUnlock()
	if st.User == nil {
		return ""
	}
	return st.User.ID
}

// channel returns what the state knows of a channel, or nil.
func channel(st *discordgo.State, id string) *discordgo.Channel {
	if st == nil {
		return nil
	}
	ch, err := st.Channel(id)
	if err != nil {
		return nil
	}
	return ch
}

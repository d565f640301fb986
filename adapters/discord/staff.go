package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
)

// This file puts the handoff queue in a Discord channel (package
// staffdesk): a card per waiting patient with Claim and Close buttons, and
// the conversation in a thread started on the card. Messages in those
// threads are staff's: none reaches the engine as a patient's question.

// staffPrefix marks the cards' buttons: "staff|<action>|<ticket id>".
const staffPrefix = "staff|"

// validateStaff reports the first problem with the staff queue's settings.
func (c Config) validateStaff() error {
	switch {
	case c.StaffChannel != "" && !isSnowflake(c.StaffChannel):
		return fmt.Errorf("DISCORD_STAFF_CHANNEL must be a channel id (digits only; right-click the channel with Developer Mode on → Copy Channel ID), got %q", c.StaffChannel)
	case c.StaffChannel != "" && c.Staff.Len() == 0:
		return errors.New("DISCORD_STAFF_CHANNEL is set but DISCORD_STAFF_USERS lists nobody who may claim requests: add name:userid pairs such as Dana:123456789012345678")
	case c.StaffChannel == "" && c.Staff.Len() > 0:
		return errors.New("DISCORD_STAFF_USERS is set but DISCORD_STAFF_CHANNEL is not: set the id of the private channel where the staff queue should appear")
	}
	for _, id := range c.Staff.IDs() {
		if !isSnowflake(id) {
			return fmt.Errorf("DISCORD_STAFF_USERS: %q is not a Discord user id (right-click the person with Developer Mode on → Copy User ID)", id)
		}
	}
	return nil
}

// WithPollInterval sets how often the adapter polls the engine for
// messages queued for patients and for the staff queue's tickets (default
// two seconds).
func WithPollInterval(d time.Duration) Option { return func(a *Adapter) { a.pollInterval = d } }

// startStaffDesk sets up the staff queue when a staff channel is configured
// and the engine keeps tickets.
func (a *Adapter) startStaffDesk() {
	a.desk = staffdesk.NewIfEngine(staffdesk.Config{Platform: Platform, Channel: a.cfg.StaffChannel, Staff: a.cfg.Staff, Interval: a.pollInterval},
		a.engine, staffChannel{a: a}, a.log)
}

// onStaffMessage handles a message in a card's thread and reports whether
// m was in one (then nothing else may handle it).
func (a *Adapter) onStaffMessage(ctx context.Context, st *discordgo.State, m *discordgo.Message) bool {
	if a.desk == nil || m == nil {
		return false
	}
	ch := channel(st, m.ChannelID)
	if !(ch != nil && ch.IsThread() && ch.ParentID == a.cfg.StaffChannel) && !a.desk.Owns(m.ChannelID) {
		return false
	}
	self := botID(st)
	switch {
	case m.Author == nil || m.Author.Bot || m.WebhookID != "" || m.Author.ID == self, m.EditedTimestamp != nil,
		m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply:
		return true
	}
	note := a.desk.Reply(ctx, m.ID, m.ChannelID, m.Author.ID, stripMention(m.Content, self))
	if note != "" {
		// Discord has no private notes outside interactions: the note
		// answers the message in the staff thread.
		ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID}
		a.post(ctx, a.channelBox(m.ChannelID, ref), bot.Reply{Kind: bot.KindNotice, Text: note}, "")
	}
	return true
}

// onStaffClick handles a press of a card's button and reports whether the
// button was one.
func (a *Adapter) onStaffClick(ctx context.Context, i *discordgo.Interaction, customID, user string) bool {
	rest, ok := strings.CutPrefix(customID, staffPrefix)
	if !ok {
		return false
	}
	name, ticket, _ := strings.Cut(rest, "|")
	action, ok := staffdesk.ParseAction(name)
	if !ok || ticket == "" || a.desk == nil {
		a.log.Warn("unknown staff button", "event", i.ID)
		return true
	}
	// Acknowledge at once (Discord wants it within three seconds); the
	// card is updated by the desk and any note follows privately.
	if !a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}) {
		return true
	}
	if note := a.desk.Press(ctx, action, ticket, user); note != "" {
		_, err := a.api.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Content: note, Flags: discordgo.MessageFlagsEphemeral,
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		}, discordgo.WithContext(ctx))
		if err != nil {
			a.log.Warn("could not show a note to a staff member", "user", user, errAttr(err))
		}
	}
	return true
}

// staffChannel is the staff channel as staffdesk.Channel.
type staffChannel struct{ a *Adapter }

var _ staffdesk.Channel = staffChannel{}

// threadNamePrefix names card threads; thread names are listed apart from
// messages, so they say nothing about the patient.
const threadNamePrefix = "Ticket "

// PostCard implements staffdesk.Channel: the card, then a thread on it.
// Without a thread (the bot may not create threads there) the conversation
// cannot continue in the channel, which is logged.
func (s staffChannel) PostCard(ctx context.Context, c staffdesk.Card) (staffdesk.Ref, error) {
	channelID := s.a.cfg.StaffChannel
	msg, err := s.a.api.ChannelMessageSendComplex(channelID, cardMessage(c), discordgo.WithContext(ctx))
	if err != nil {
		return staffdesk.Ref{}, fmt.Errorf("post card: %w", err)
	}
	ref := staffdesk.Ref{Channel: channelID, Message: msg.ID}
	th, err := s.a.api.MessageThreadStartComplex(channelID, msg.ID,
		&discordgo.ThreadStart{Name: threadNamePrefix + c.Ticket, AutoArchiveDuration: 24 * 60}, discordgo.WithContext(ctx))
	if err != nil || th == nil {
		s.a.log.Error("could not start a thread on a ticket's card; give the bot the Create Public Threads and Send Messages in Threads permissions in the staff channel",
			"ticket", c.Ticket, errAttr(err))
		return ref, nil
	}
	ref.Thread = th.ID
	return ref, nil
}

// UpdateCard implements staffdesk.Channel.
func (s staffChannel) UpdateCard(ctx context.Context, ref staffdesk.Ref, c staffdesk.Card) error {
	m := cardMessage(c)
	edit := discordgo.NewMessageEdit(ref.Channel, ref.Message).SetContent(m.Content)
	edit.Components = &m.Components
	edit.AllowedMentions = m.AllowedMentions
	_, err := s.a.api.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx))
	return err
}

// PostInThread implements staffdesk.Channel.
func (s staffChannel) PostInThread(ctx context.Context, ref staffdesk.Ref, text string) error {
	box := s.a.channelBox(ref.Thread, nil)
	if ref.Thread == "" {
		box = s.a.channelBox(ref.Channel, &discordgo.MessageReference{MessageID: ref.Message, ChannelID: ref.Channel})
	}
	if !s.a.post(ctx, box, bot.Reply{Kind: bot.KindNotice, Text: text}, "") {
		return errors.New("post in a card's thread failed")
	}
	return nil
}

// cardMessage renders a card: its text and its buttons.
func cardMessage(c staffdesk.Card) *discordgo.MessageSend {
	var row discordgo.ActionsRow
	for _, act := range c.Actions() {
		b := discordgo.Button{Label: act.Label(), Style: discordgo.PrimaryButton, CustomID: staffPrefix + string(act) + "|" + c.Ticket}
		if act == staffdesk.Close {
			b.Style = discordgo.DangerButton
		}
		row.Components = append(row.Components, b)
	}
	components := []discordgo.MessageComponent{}
	if len(row.Components) > 0 {
		components = append(components, row)
	}
	return &discordgo.MessageSend{
		Content:         truncate(c.Markdown(), maxContent),
		Components:      components,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
		Flags:           discordgo.MessageFlagsSuppressEmbeds,
	}
}

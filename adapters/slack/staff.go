package slack

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
)

// This file puts the handoff queue in a Slack channel (package staffdesk):
// a card per waiting patient with Claim and Close buttons, and the
// conversation in the card's thread. Every message in the staff channel is
// staff's: none reaches the engine as a patient's question.

// staffActionPrefix marks the cards' buttons; the value is the ticket id.
const staffActionPrefix = "faqstaff_"

var (
	slackUserID    = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)
	slackChannelID = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)
)

// staffFromEnv reads SLACK_STAFF_CHANNEL and SLACK_STAFF_USERS into c.
func (c *Config) staffFromEnv(getenv func(string) string) error {
	c.StaffChannel = strings.TrimSpace(getenv("SLACK_STAFF_CHANNEL"))
	staff, err := roster.Parse(getenv("SLACK_STAFF_USERS"))
	if err != nil {
		return fmt.Errorf("SLACK_STAFF_USERS: %w", err)
	}
	c.Staff = staff
	return nil
}

// validateStaff reports what is wrong with the staff queue's settings.
func (c Config) validateStaff() error {
	var errs []error
	if c.StaffChannel != "" && !slackChannelID.MatchString(c.StaffChannel) {
		errs = append(errs, fmt.Errorf("SLACK_STAFF_CHANNEL must be a channel id such as C0123ABCD (open the channel's details; the id is at the bottom), got %q", c.StaffChannel))
	}
	switch {
	case c.StaffChannel != "" && c.Staff.Len() == 0:
		errs = append(errs, errors.New("SLACK_STAFF_CHANNEL is set but SLACK_STAFF_USERS lists nobody who may claim requests: add name:userid pairs such as Dana:U0123ABCD"))
	case c.StaffChannel == "" && c.Staff.Len() > 0:
		errs = append(errs, errors.New("SLACK_STAFF_USERS is set but SLACK_STAFF_CHANNEL is not: set the id of the private channel where the staff queue should appear"))
	}
	for _, id := range c.Staff.IDs() {
		if !slackUserID.MatchString(id) {
			errs = append(errs, fmt.Errorf("SLACK_STAFF_USERS: %q is not a Slack member id (profile → ⋮ → Copy member ID, such as U0123ABCD)", id))
		}
	}
	return errors.Join(errs...)
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

// fromStaffChannel translates an event in the staff channel. staff is
// false for events elsewhere, which take the usual path; in the staff
// channel, only a person's message in a thread is handled (as a reply to
// the card's patient), and mentions are left to that message event.
func (a *Adapter) fromStaffChannel(data any, eventID string) (in inbound, ok, staff bool) {
	if a.desk == nil {
		return inbound{}, false, false
	}
	switch e := data.(type) {
	case *slackevents.AppMentionEvent:
		return inbound{}, false, e.Channel == a.cfg.StaffChannel && e.ThreadTimeStamp != ""
	case *slackevents.MessageEvent:
		if e.Channel != a.cfg.StaffChannel {
			return inbound{}, false, false
		}
		switch {
		case e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp, // not in a thread
			e.BotID != "" || e.SubType == "bot_message" || e.User == "" || e.User == a.botUserID(),
			e.SubType != "" && e.SubType != "thread_broadcast" && e.SubType != "file_share": // edits, deletions, joins
			return inbound{}, false, true
		}
		channel, thread, user, text := e.Channel, e.ThreadTimeStamp, e.User, plainText(e.Text)
		return inbound{
			msg: bot.Message{Platform: Platform, Conversation: channel, Thread: thread, User: user, EventID: eventID},
			action: &staffAction{run: func(ctx context.Context) {
				a.staffNote(ctx, channel, thread, user, a.desk.Reply(ctx, eventID, thread, user, text))
			}},
		}, true, true
	}
	return inbound{}, false, false
}

// fromStaffButton translates a press of a card's button.
func (a *Adapter) fromStaffButton(cb slackapi.InteractionCallback) (inbound, bool) {
	if a.desk == nil || cb.Type != slackapi.InteractionTypeBlockActions {
		return inbound{}, false
	}
	for _, act := range cb.ActionCallback.BlockActions {
		name, ok := strings.CutPrefix(act.ActionID, staffActionPrefix)
		action, known := staffdesk.ParseAction(name)
		if !ok || !known || act.Value == "" {
			continue
		}
		channel := cb.Channel.ID
		if channel == "" {
			channel = cb.Container.ChannelID
		}
		ticket, thread, user := act.Value, cb.Container.MessageTs, cb.User.ID
		return inbound{
			msg: bot.Message{Platform: Platform, Conversation: channel, User: user, EventID: cb.TriggerID},
			action: &staffAction{run: func(ctx context.Context) {
				a.staffNote(ctx, channel, thread, user, a.desk.Press(ctx, action, ticket, user))
			}},
		}, true
	}
	return inbound{}, false
}

// staffAction is work for the queue's workers that is not a message for
// the engine.
type staffAction struct{ run func(ctx context.Context) }

// staffNote shows note to user alone, in the card's thread.
func (a *Adapter) staffNote(ctx context.Context, channel, thread, user, note string) {
	if note == "" {
		return
	}
	to := destination{channel: channel, thread: thread, user: user, ephemeral: true}
	if err := a.postAll(ctx, to, []outMessage{textMessage(toMrkdwn(note))}); err != nil {
		a.log.Warn("could not show a note to a staff member", "user", user, "err", err)
	}
}

// staffChannel is the staff channel as staffdesk.Channel.
type staffChannel struct{ a *Adapter }

var _ staffdesk.Channel = staffChannel{}

// PostCard implements staffdesk.Channel: the card's thread is the card's
// own ts.
func (s staffChannel) PostCard(ctx context.Context, c staffdesk.Card) (staffdesk.Ref, error) {
	channel := s.a.cfg.StaffChannel
	var ts string
	err := s.a.withRateLimit(ctx, "chat.postMessage", func() error {
		var err error
		_, ts, err = s.a.api.PostMessageContext(ctx, channel, cardOptions(c)...)
		return err
	})
	return staffdesk.Ref{Channel: channel, Message: ts, Thread: ts}, err
}

// UpdateCard implements staffdesk.Channel.
func (s staffChannel) UpdateCard(ctx context.Context, ref staffdesk.Ref, c staffdesk.Card) error {
	return s.a.withRateLimit(ctx, "chat.update", func() error {
		_, _, _, err := s.a.api.UpdateMessageContext(ctx, ref.Channel, ref.Message, cardOptions(c)...)
		return err
	})
}

// PostInThread implements staffdesk.Channel.
func (s staffChannel) PostInThread(ctx context.Context, ref staffdesk.Ref, text string) error {
	return s.a.postAll(ctx, destination{channel: ref.Channel, thread: ref.Thread}, render(bot.Reply{Kind: bot.KindNotice, Text: text}, ""))
}

// cardOptions renders a card for chat.postMessage and chat.update.
func cardOptions(c staffdesk.Card) []slackapi.MsgOption {
	m := cardMessage(c)
	return []slackapi.MsgOption{
		slackapi.MsgOptionText(m.text, false),
		slackapi.MsgOptionBlocks(m.blocks...),
		slackapi.MsgOptionDisableLinkUnfurl(),
	}
}

// cardMessage is a card as a message: its text in one section, its
// buttons below, and its headline as the notification text.
func cardMessage(c staffdesk.Card) outMessage {
	text := toMrkdwn(c.Markdown())
	headline, _, _ := strings.Cut(text, "\n")
	blocks := []slackapi.Block{section(truncate(text, maxSectionRunes))}
	var buttons []slackapi.BlockElement
	for _, act := range c.Actions() {
		b := slackapi.NewButtonBlockElement(staffActionPrefix+string(act), c.Ticket,
			slackapi.NewTextBlockObject(slackapi.PlainTextType, act.Label(), false, false))
		b.Style = slackapi.StylePrimary
		if act == staffdesk.Close {
			b.Style = slackapi.StyleDanger
		}
		buttons = append(buttons, b)
	}
	if len(buttons) > 0 {
		blocks = append(blocks, slackapi.NewActionBlock(staffActionPrefix+"actions", buttons...))
	}
	return outMessage{text: headline, blocks: blocks}
}

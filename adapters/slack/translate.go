package slack

import (
	"html"
	"regexp"
	"strings"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/faqbot/faqbot/bot"
)

// inbound is a Slack event turned into a message for the engine, with
// where its replies go.
type inbound struct {
	msg bot.Message
	to  destination
	// askText marks a direct message without text (attachments only):
	// the adapter asks for a typed question instead of calling the engine.
	askText bool
	// action, when set, runs instead of the engine: a staff member's
	// button press or message in the staff channel (staff.go).
	action *staffAction
}

// destination is where replies to one message are posted.
type destination struct {
	channel string
	thread  string // thread_ts to reply in; empty for the top level
	user    string
	// responseURL, when set, receives the replies as ephemeral messages
	// (slash commands and buttons on ephemeral messages).
	responseURL string
	// ephemeral posts with chat.postEphemeral, visible to user only.
	ephemeral bool
	// public is a channel other people can read; private replies then
	// go by direct message.
	public bool
}

// Reasons an event is ignored, for debug logs.
const (
	ignoreBot      = "bot message"
	ignoreEdited   = "edited message"
	ignoreSubtype  = "message subtype"
	ignoreNoUser   = "no user"
	ignoreNotDM    = "channel message without a mention"
	ignoreDMEcho   = "mention in a direct message"
	ignoreNoText   = "no text in a public channel"
	ignoreUnknown  = "unsupported event"
	ignoreBadValue = "unknown button"
)

// fromMessage translates a message.im event.
func fromMessage(ev *slackevents.MessageEvent, eventID, botUser string) (inbound, string) {
	switch {
	case !ev.IsIM():
		return inbound{}, ignoreNotDM
	case ev.BotID != "" || ev.SubType == "bot_message" || (botUser != "" && ev.User == botUser):
		return inbound{}, ignoreBot
	case ev.SubType == "message_changed" || (ev.Message != nil && ev.Message.Edited != nil):
		return inbound{}, ignoreEdited
	case ev.SubType != "" && ev.SubType != "file_share" && ev.SubType != "thread_broadcast":
		return inbound{}, ignoreSubtype
	case ev.User == "":
		return inbound{}, ignoreNoUser
	}
	text := plainText(ev.Text)
	return inbound{
		msg: bot.Message{
			Platform: Platform, Conversation: ev.Channel, Thread: ev.ThreadTimeStamp,
			User: ev.User, Text: text, Direct: true, EventID: eventID,
		},
		to:      destination{channel: ev.Channel, thread: ev.ThreadTimeStamp, user: ev.User},
		askText: text == "",
	}, ""
}

// fromMention translates an app_mention event in a channel. A bare
// mention asks what the bot can do.
func fromMention(ev *slackevents.AppMentionEvent, eventID, botUser string) (inbound, string) {
	switch {
	case ev.BotID != "" || (botUser != "" && ev.User == botUser):
		return inbound{}, ignoreBot
	case ev.Edited != nil:
		return inbound{}, ignoreEdited
	case isDM(ev.Channel): // message.im delivers it too
		return inbound{}, ignoreDMEcho
	case ev.User == "":
		return inbound{}, ignoreNoUser
	}
	text := plainText(ev.Text)
	if text == "" {
		if len(ev.Files) > 0 || len(ev.Attachments) > 0 {
			return inbound{}, ignoreNoText
		}
		text = "help"
	}
	thread := ev.ThreadTimeStamp
	if thread == "" {
		thread = ev.TimeStamp
	}
	return inbound{
		msg: bot.Message{
			Platform: Platform, Conversation: ev.Channel, Thread: thread,
			User: ev.User, Text: text, EventID: eventID,
		},
		to: destination{channel: ev.Channel, thread: thread, user: ev.User, public: true},
	}, ""
}

// fromSlashCommand translates /faq. Replies are ephemeral, through the
// command's response URL.
func fromSlashCommand(cmd slackapi.SlashCommand) inbound {
	direct := isDM(cmd.ChannelID) || cmd.ChannelName == "directmessage"
	return inbound{
		msg: bot.Message{
			Platform: Platform, Conversation: cmd.ChannelID, User: cmd.UserID,
			Text: slashText(plainText(cmd.Text)), Direct: direct, EventID: cmd.TriggerID,
		},
		to: destination{
			channel: cmd.ChannelID, user: cmd.UserID, responseURL: cmd.ResponseURL,
			ephemeral: true, public: !direct,
		},
	}
}

// slashText maps the /faq subcommands onto what the engine understands:
// "ask <question>" and plain text are questions; "help" (or nothing) and
// "forget me" are passed on as they are.
func slashText(s string) string {
	lower := strings.ToLower(s)
	switch {
	case lower == "" || lower == "help" || lower == "ask":
		return "help"
	case strings.HasPrefix(lower, "ask "):
		return strings.TrimSpace(s[len("ask "):])
	}
	return s
}

// fromInteraction translates clicks on the adapter's buttons into
// messages whose text is the button's (a choice number, "helpful" or "not
// helpful"), in the conversation and thread of the reply that had them.
func fromInteraction(cb slackapi.InteractionCallback) ([]inbound, string) {
	if cb.Type != slackapi.InteractionTypeBlockActions {
		return nil, ignoreUnknown
	}
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	var out []inbound
	for _, act := range cb.ActionCallback.BlockActions {
		text, thread, ok := parseButtonValue(act.ActionID, act.Value)
		if !ok {
			continue
		}
		direct := isDM(channel)
		to := destination{channel: channel, thread: thread, user: cb.User.ID, public: !direct}
		if cb.Container.IsEphemeral {
			to.thread, to.responseURL, to.ephemeral = "", cb.ResponseURL, true
		}
		out = append(out, inbound{
			msg: bot.Message{
				Platform: Platform, Conversation: channel, Thread: thread,
				User: cb.User.ID, Text: text, Direct: direct, EventID: cb.TriggerID,
			},
			to: to,
		})
	}
	if len(out) == 0 {
		return nil, ignoreBadValue
	}
	return out, ""
}

// isDM reports whether a channel id is a direct message.
func isDM(channel string) bool { return strings.HasPrefix(channel, "D") }

// slackMarkup matches Slack's angle-bracket markup in message text:
// <@U123>, <#C123|general>, <!here>, <https://x|label>.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// plainText turns Slack-formatted message text into what the patient
// wrote: mentions dropped, links and channel names as their labels, and
// &amp; &lt; &gt; decoded.
func plainText(s string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(m string) string {
		inner := m[1 : len(m)-1]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "!"):
			return ""
		case strings.HasPrefix(target, "#"):
			return "#" + label
		case hasLabel:
			return label
		}
		return strings.TrimPrefix(target, "mailto:")
	})
	return strings.TrimSpace(html.UnescapeString(s))
}

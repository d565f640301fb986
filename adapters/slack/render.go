package slack

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/faqbot/faqbot/adapters/chunk"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
)

const (
	// maxSectionRunes is Block Kit's limit on a section's text; longer
	// replies are split into several messages.
	maxSectionRunes = 3000
	// maxButtonRunes is Block Kit's limit on a button's label.
	maxButtonRunes = 75
	// actionPrefix marks the adapter's buttons; clicks on others are ignored.
	actionPrefix = "faqbot_"
	maxSources   = 10
)

// Texts the adapter writes itself.
const (
	sentDMText  = "I've sent you a direct message."
	askTextText = "I can only read typed messages. Please type your question."
)

// outMessage is one Slack message: its notification text and blocks.
type outMessage struct {
	text   string
	blocks []slackapi.Block
}

// render turns a reply into one or more Slack messages: the text in
// mrkdwn sections split at the section limit, then, on the last message,
// the sources as links and the buttons. thread is the conversation's
// thread, carried in the buttons so that clicks come back to it.
func render(r bot.Reply, thread string) []outMessage {
	chunks := chunk.Split(toMrkdwn(r.Text), maxSectionRunes)
	if len(chunks) == 0 {
		return nil
	}
	msgs := make([]outMessage, len(chunks))
	for i, c := range chunks {
		msgs[i] = textMessage(c)
	}
	last := &msgs[len(msgs)-1]
	if links := sourceLinks(r.Sources); links != "" {
		last.blocks = append(last.blocks, section(links))
	}
	if b := buttons(r, thread); b != nil {
		last.blocks = append(last.blocks, b)
	}
	return msgs
}

// textMessage is a message of one mrkdwn section.
func textMessage(mrkdwn string) outMessage {
	return outMessage{text: mrkdwn, blocks: []slackapi.Block{section(mrkdwn)}}
}

func section(mrkdwn string) *slackapi.SectionBlock {
	return slackapi.NewSectionBlock(slackapi.NewTextBlockObject(slackapi.MarkdownType, mrkdwn, false, false), nil, nil)
}

// buttons offers the choices of a clarifying question, and feedback after
// an answer.
func buttons(r bot.Reply, thread string) slackapi.Block {
	var els []slackapi.BlockElement
	switch r.Kind {
	case bot.KindClarify:
		for i, c := range r.Choices {
			n := strconv.Itoa(i + 1)
			els = append(els, button("choice_"+n, n, thread, n+". "+c.Title))
		}
	case bot.KindAnswer:
		els = append(els,
			button("feedback_helpful", "helpful", thread, "Helpful"),
			button("feedback_not_helpful", "not helpful", thread, "Not helpful"))
	}
	if len(els) == 0 {
		return nil
	}
	return slackapi.NewActionBlock(actionPrefix+"actions", els...)
}

func button(id, text, thread, label string) *slackapi.ButtonBlockElement {
	return slackapi.NewButtonBlockElement(actionPrefix+id, text+"|"+thread,
		slackapi.NewTextBlockObject(slackapi.PlainTextType, truncate(label, maxButtonRunes), false, false))
}

// parseButtonValue reads what render put in a button: the text to send
// to the engine and the conversation's thread.
func parseButtonValue(actionID, value string) (text, thread string, ok bool) {
	if !strings.HasPrefix(actionID, actionPrefix) {
		return "", "", false
	}
	text, thread, ok = strings.Cut(value, "|")
	return text, thread, ok && text != ""
}

// sourceLinks renders sources as mrkdwn links.
func sourceLinks(sources []faq.Source) string {
	var parts []string
	for _, s := range sources[:min(len(sources), maxSources)] {
		title := linkLabel(truncate(s.Title, 150))
		if strings.HasPrefix(s.URL, "https://") || strings.HasPrefix(s.URL, "http://") {
			parts = append(parts, "<"+linkURL(s.URL)+"|"+title+">")
		} else {
			parts = append(parts, title)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "*Sources:* " + strings.Join(parts, " · ")
}

var (
	escapeMrkdwn = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	linkLabel    = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", "/").Replace
	linkURL      = strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C", " ", "%20").Replace

	mdBold    = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	mdLink    = regexp.MustCompile(`\[([^\]\n]+)\]\((https?://[^\s)]+)\)`)
	mdHeading = regexp.MustCompile(`^#{1,6}\s+(.+)$`)
	mdBullet  = regexp.MustCompile(`^(\s*)[-*]\s+`)
)

// toMrkdwn converts the engine's light Markdown to Slack mrkdwn: **bold**
// becomes *bold*, [label](url) a link, headings bold lines, "- " bullets
// "• ", and &, <, > are escaped as Slack requires.
func toMrkdwn(s string) string {
	lines := strings.Split(escapeMrkdwn.Replace(s), "\n")
	for i, l := range lines {
		l = mdBullet.ReplaceAllString(l, "$1• ")
		l = mdHeading.ReplaceAllString(l, "**$1**")
		l = mdLink.ReplaceAllStringFunc(l, func(m string) string {
			sub := mdLink.FindStringSubmatch(m)
			return "<" + strings.ReplaceAll(sub[2], "|", "%7C") + "|" + strings.ReplaceAll(sub[1], "|", "/") + ">"
		})
		lines[i] = mdBold.ReplaceAllString(l, "*$1$2*")
	}
	return strings.Join(lines, "\n")
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

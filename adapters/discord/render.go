package discord

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/chunk"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
)

// Discord's limits.
const (
	maxContent    = 2000 // characters in a message
	maxLabel      = 80   // characters on a button
	maxCustomID   = 100  // bytes in a button's custom id
	buttonsPerRow = 5
	maxRows       = 5
)

// render turns one reply into the messages that carry it: its text,
// Discord's Markdown already (** is bold there too), with sources as
// links, split at the length limit, and its buttons on the last message.
// Buttons carry owner, the user whose conversation they continue.
func render(r bot.Reply, owner string) []*discordgo.MessageSend {
	chunks := chunk.Split(withSourceLinks(r.Text, r.Sources), maxContent)
	msgs := make([]*discordgo.MessageSend, len(chunks))
	for i, c := range chunks {
		msgs[i] = &discordgo.MessageSend{
			Content: c,
			// The bot never pings anyone, even if a reply quotes a mention.
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
			// Source links stay links, without large previews.
			Flags: discordgo.MessageFlagsSuppressEmbeds,
		}
	}
	if len(msgs) > 0 {
		msgs[len(msgs)-1].Components = rows(buttons(r, owner))
	}
	return msgs
}

// withSourceLinks shows sources as Markdown links: on the answer's
// "Sources: ..." line when it has one, else on a line of their own.
// Sources whose address the text already shows are left out.
func withSourceLinks(text string, sources []faq.Source) string {
	var links []string
	for _, s := range sources {
		if s.URL == "" || strings.Contains(text, s.URL) {
			continue
		}
		title := strings.NewReplacer("[", "(", "]", ")").Replace(s.Title)
		if title == "" {
			title = s.URL
		}
		links = append(links, fmt.Sprintf("[%s](%s)", title, strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(s.URL)))
	}
	if len(links) == 0 {
		return text
	}
	line := "Sources: " + strings.Join(links, " · ")
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "Sources: ") {
			lines[i] = line
			return strings.Join(lines, "\n")
		}
	}
	return strings.TrimRight(text, "\n") + "\n\n" + line
}

// buttons returns a reply's buttons: the clarify choices by number, the
// fallback suggestions and related questions by title, and feedback after
// an answer.
func buttons(r bot.Reply, owner string) []discordgo.Button {
	var bs []discordgo.Button
	add := func(label, text string, style discordgo.ButtonStyle) {
		if id, ok := customID(owner, text); ok {
			bs = append(bs, discordgo.Button{Label: truncate(label, maxLabel), Style: style, CustomID: id})
		}
	}
	switch r.Kind {
	case bot.KindClarify:
		for i, c := range r.Choices {
			n := strconv.Itoa(i + 1)
			add(n+". "+c.Title, n, discordgo.PrimaryButton)
		}
	case bot.KindFallback:
		for _, c := range r.Choices {
			add(c.Title, c.Title, discordgo.SecondaryButton)
		}
	case bot.KindAnswer:
		add("Helpful", "helpful", discordgo.SuccessButton)
		add("Not helpful", "not helpful", discordgo.SecondaryButton)
		for _, c := range r.Suggestions {
			add(c.Title, c.Title, discordgo.SecondaryButton)
		}
	}
	return bs
}

// rows lays buttons out in action rows, as many as Discord allows.
func rows(bs []discordgo.Button) []discordgo.MessageComponent {
	var out []discordgo.MessageComponent
	for len(bs) > 0 && len(out) < maxRows {
		n := min(len(bs), buttonsPerRow)
		row := discordgo.ActionsRow{}
		for _, b := range bs[:n] {
			row.Components = append(row.Components, b)
		}
		out = append(out, row)
		bs = bs[n:]
	}
	return out
}

// customID encodes a button click as the message text to send to the
// engine and the user it is for; ok is false when it does not fit.
func customID(owner, text string) (id string, ok bool) {
	id = "faq|" + owner + "|" + text
	return id, len(id) <= maxCustomID && text != ""
}

// parseCustomID reverses customID.
func parseCustomID(id string) (owner, text string, ok bool) {
	parts := strings.SplitN(id, "|", 3)
	if len(parts) != 3 || parts[0] != "faq" || parts[2] == "" {
		return "", "", false
	}
	return parts[1], parts[2], true
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

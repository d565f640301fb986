package staffdesk

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/faqbot/faqbot/bot"
)

// Action is what a card's button does.
type Action string

// The actions staff take on a card.
const (
	Claim Action = "claim" // take the conversation
	Close Action = "close" // hand it back to the bot
)

// Label is the action's button label, the same on every platform.
func (a Action) Label() string {
	if a == Close {
		return "Close"
	}
	return "Claim"
}

// ParseAction reads an action from a button's id or value.
func ParseAction(s string) (Action, bool) {
	switch a := Action(s); a {
	case Claim, Close:
		return a, true
	}
	return "", false
}

// Card is what a ticket's card shows, the same on every platform. It holds
// only what the ticket holds: redacted text, never the patient's id.
type Card struct {
	Ticket    string           // the ticket id, for the buttons
	Status    bot.TicketStatus // open, claimed or closed
	Reason    string           // asked, fallbacks, not-helpful, crisis, emergency
	Summary   string
	Turns     []bot.Turn
	Platform  string // where the patient is
	CreatedAt time.Time
	ClaimedBy string
	// ClaimedVia says where the ticket was claimed: "here" (this staff
	// channel), a platform name, or "" (the web staff view).
	ClaimedVia string
	// Gone marks a ticket deleted because the patient asked to be
	// forgotten: the card then shows nothing of it.
	Gone bool
}

// Limits that keep a card within every platform's message size.
const (
	maxTurnRunes    = 200
	maxSummaryRunes = 400
)

// cardOf is the card of tk as shown in the staff channel on platform.
func cardOf(tk bot.Ticket, platform string) Card {
	c := Card{
		Ticket: tk.ID, Status: tk.Status, Reason: tk.Reason, Summary: tk.Summary, Turns: tk.Turns,
		Platform: tk.Platform, CreatedAt: tk.CreatedAt, ClaimedBy: tk.ClaimedBy,
	}
	for _, sc := range tk.Cards {
		if sc.Relay {
			c.ClaimedVia = sc.Platform
			if sc.Platform == platform {
				c.ClaimedVia = "here"
			}
		}
	}
	return c
}

// Actions are the buttons the card offers: Claim while the ticket waits,
// Close while someone has it, none after.
func (c Card) Actions() []Action {
	switch {
	case c.Gone:
		return nil
	case c.Status == bot.TicketOpen:
		return []Action{Claim}
	case c.Status == bot.TicketClaimed:
		return []Action{Close}
	}
	return nil
}

// Markdown is the card's text in the engine's light Markdown (**bold**
// and "- " bullets), which each adapter renders in its platform's format.
func (c Card) Markdown() string {
	if c.Gone {
		return "**Request removed.** The patient asked faqbot to forget them, so this request and its messages were deleted."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (patient on %s)\n", headline(c.Reason), platformName(c.Platform))
	fmt.Fprintf(&b, "Ticket %s · asked at %s\n", c.Ticket, c.CreatedAt.UTC().Format("15:04 UTC, 2 Jan"))
	if c.Summary != "" {
		fmt.Fprintf(&b, "\n%s\n", oneLine(c.Summary, maxSummaryRunes))
	}
	if len(c.Turns) > 0 {
		b.WriteString("\nRecent messages (redacted):\n")
		for _, t := range c.Turns {
			fmt.Fprintf(&b, "- “%s” → %s\n", oneLine(t.Text, maxTurnRunes), turnOutcome(t))
		}
	}
	b.WriteString("\n" + c.statusLine())
	return b.String()
}

func (c Card) statusLine() string {
	switch c.Status {
	case bot.TicketOpen:
		return "Waiting for someone from the clinic team. Press **Claim** to talk with the patient."
	case bot.TicketClaimed:
		switch c.ClaimedVia {
		case "here":
			return fmt.Sprintf("**Claimed by %s.** The conversation continues in this card's thread; type **close** there or press **Close** when done.", c.ClaimedBy)
		case "":
			return fmt.Sprintf("**Claimed by %s** in the web staff view.", c.ClaimedBy)
		}
		return fmt.Sprintf("**Claimed by %s** on %s.", c.ClaimedBy, platformName(c.ClaimedVia))
	}
	if c.ClaimedBy != "" {
		return fmt.Sprintf("**Closed.** %s handed the patient back to the FAQ assistant.", c.ClaimedBy)
	}
	return "**Closed.** The patient is back with the FAQ assistant."
}

func headline(reason string) string {
	switch reason {
	case "asked":
		return "A patient asked to talk with a person"
	case "fallbacks":
		return "The bot could not answer a patient twice in a row"
	case "not-helpful":
		return "An answer did not help a patient, who wants a person"
	case "crisis":
		return "🚨 Crisis: the patient was given crisis resources; please follow up"
	case "emergency":
		return "🚨 Emergency: the patient was told to call emergency services; please follow up"
	}
	return "A patient needs a person (" + reason + ")"
}

func turnOutcome(t bot.Turn) string {
	if t.Entry != "" {
		return fmt.Sprintf("%s (%s)", t.Kind, t.Entry)
	}
	return string(t.Kind)
}

func platformName(p string) string {
	switch p {
	case "slack":
		return "Slack"
	case "discord":
		return "Discord"
	case "http":
		return "the web chat"
	case "":
		return "an unknown platform"
	}
	return p
}

// oneLine folds s onto one line and shortens it to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// relayedText is how a patient's message appears in the card's thread.
func relayedText(t bot.Turn) string { return "**Patient:** " + t.Text }

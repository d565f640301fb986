package faqadmin

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/faqbot/faqbot/bot"
)

// Sizes that keep a reply to one chat message.
const (
	maxShowBodyRunes  = 900
	maxLineRunes      = 120
	maxHistoryRows    = 10
	maxUnansweredRows = 15
	maxStatsRows      = 5
	unansweredWindow  = 1000
)

const helpText = "**FAQ admin commands**\n" +
	"- `/faq list [WORD]`: entries, their version and state\n" +
	"- `/faq show ID`: an entry's answer, questions and sources\n" +
	"- `/faq edit ID`: change the title and answer in a form\n" +
	"- `/faq add-question ID \"question\"`: teach an entry another way patients ask\n" +
	"- `/faq disable ID`, `/faq enable ID`: take an entry offline or bring it back\n" +
	"- `/faq history ID`: who changed what, and when\n" +
	"- `/faq revert ID VERSION`: restore an earlier version\n" +
	"- `/faq unanswered`: recent questions the bot could not answer\n" +
	"- `/faq stats`: entries and helpful / not helpful feedback\n" +
	"Every change is checked like `faqbot faq lint` and kept in the history."

// lines collects list rows within the reply budget and says how many
// rows did not fit.
type lines struct {
	b       strings.Builder
	budget  int
	dropped int
}

func newLines(head string) *lines {
	l := &lines{budget: MaxReplyRunes - 80}
	l.b.WriteString(head)
	return l
}

func (l *lines) add(s string) {
	s = "\n" + clip(s, maxLineRunes)
	if l.dropped > 0 || utf8.RuneCountInString(l.b.String())+utf8.RuneCountInString(s) > l.budget {
		l.dropped++
		return
	}
	l.b.WriteString(s)
}

func (l *lines) String(more string) string {
	if l.dropped > 0 {
		fmt.Fprintf(&l.b, "\n…and %d more. %s", l.dropped, more)
	}
	return l.b.String()
}

func (c *Commands) feedback(ctx context.Context) map[string]bot.FeedbackCount {
	if c.data.Feedback == nil {
		return nil
	}
	fb, err := c.data.Feedback(ctx)
	if err != nil {
		c.log.Warn("feedback counts unavailable", "err", err)
	}
	return fb
}

func (c *Commands) list(ctx context.Context, filter string) string {
	entries, meta := c.desk.List()
	fb := c.feedback(ctx)
	var rows []string
	offline := 0
	for _, e := range entries {
		if filter != "" && !strings.Contains(e.ID, filter) && !strings.Contains(strings.ToLower(e.Title), filter) {
			continue
		}
		m := meta[e.ID]
		row := fmt.Sprintf("- `%s` %s · v%d", e.ID, clip(e.Title, 60), m.Version)
		if !m.Enabled {
			row += " · **offline**"
			offline++
		}
		if f := fb[e.ID]; f.Helpful+f.NotHelpful > 0 {
			row += fmt.Sprintf(" · %d%% helpful of %d", 100*f.Helpful/(f.Helpful+f.NotHelpful), f.Helpful+f.NotHelpful)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return fmt.Sprintf("No entry matches %q.", filter)
	}
	head := fmt.Sprintf("**FAQ entries** (%d, %d offline)", len(rows), offline)
	l := newLines(head)
	for _, r := range rows {
		l.add(r)
	}
	return l.String("Narrow the list with `/faq list WORD`.")
}

func (c *Commands) show(id string) string {
	e, m, ok := c.desk.Entry(id)
	if !ok {
		return noEntry(id)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n`%s` · version %d · %s\n\n%s\n\n", e.Title, e.ID, m.Version, state(m.Enabled), clip(e.Body, maxShowBodyRunes))
	qs := make([]string, len(e.Questions))
	for i, q := range e.Questions {
		qs[i] = clip(q, 80)
	}
	fmt.Fprintf(&b, "**Questions** (%d): %s\n", len(qs), clip(strings.Join(qs, " · "), 500))
	// Whole links only: a clipped URL would not work.
	var srcs []string
	for i, s := range e.Sources {
		link := fmt.Sprintf("[%s](%s)", clip(s.Title, 60), s.URL)
		if len(srcs) > 0 && utf8.RuneCountInString(strings.Join(srcs, " · ")+link) > 500 {
			srcs = append(srcs, fmt.Sprintf("and %d more", len(e.Sources)-i))
			break
		}
		srcs = append(srcs, link)
	}
	fmt.Fprintf(&b, "**Sources:** %s", strings.Join(srcs, " · "))
	if len(e.Related) > 0 {
		fmt.Fprintf(&b, "\n**Related:** `%s`", strings.Join(e.Related, "`, `"))
	}
	if !e.Reviewed.IsZero() {
		fmt.Fprintf(&b, "\nReviewed %s.", e.Reviewed.Format(time.DateOnly))
	}
	return b.String()
}

func (c *Commands) history(ctx context.Context, id string) string {
	if _, _, ok := c.desk.Entry(id); !ok {
		return noEntry(id)
	}
	revs, err := c.desk.History(ctx, id)
	if err != nil {
		c.log.Warn("faq history unavailable", "entry", id, "err", err)
		return "The history is unavailable right now; please try again in a minute."
	}
	l := newLines(fmt.Sprintf("**History of `%s`** (newest first)", id))
	for i, r := range slices.Backward(revs) {
		if len(revs)-1-i >= maxHistoryRows {
			l.dropped++
			continue
		}
		row := fmt.Sprintf("- v%d · %s · %s", r.Version, clip(r.Author, 40), r.Action)
		if !r.At.IsZero() {
			row = fmt.Sprintf("- v%d · %s · %s · %s", r.Version, r.At.UTC().Format("2006-01-02 15:04 UTC"), clip(r.Author, 40), r.Action)
		}
		if !r.Enabled {
			row += " (offline)"
		}
		l.add(row)
	}
	return l.String(fmt.Sprintf("Restore one with `/faq revert %s VERSION`.", id))
}

func (c *Commands) unanswered(ctx context.Context) string {
	if c.data.Unanswered == nil {
		return "Unanswered questions are not recorded with this store."
	}
	qs, err := c.data.Unanswered(ctx, unansweredWindow)
	if err != nil {
		c.log.Warn("unanswered questions unavailable", "err", err)
		return "Unanswered questions are unavailable right now; please try again in a minute."
	}
	if len(qs) == 0 {
		return "No unanswered questions recently."
	}
	groups := GroupUnanswered(qs)
	l := newLines(fmt.Sprintf("**Recent unanswered questions** (%d, %d different)", len(qs), len(groups)))
	for i, g := range groups {
		if i >= maxUnansweredRows {
			l.dropped++
			continue
		}
		row := fmt.Sprintf("- %d× %s", g.Count, clip(oneLine(g.Text), 90))
		if g.Nearest != "" {
			row += fmt.Sprintf(" (nearest `%s`)", g.Nearest)
		}
		l.add(row)
	}
	return l.String("Add the common ones with `/faq add-question ID \"...\"`.")
}

func (c *Commands) stats(ctx context.Context) string {
	entries, meta := c.desk.List()
	live := 0
	for _, e := range entries {
		if meta[e.ID].Enabled {
			live++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**FAQ stats**\n%d entries, %d live, %d offline.", len(entries), live, len(entries)-live)
	fb := c.feedback(ctx)
	if len(fb) == 0 {
		b.WriteString("\nNo feedback yet.")
		return b.String()
	}
	type row struct {
		id string
		bot.FeedbackCount
	}
	var rows []row
	helpful, not := 0, 0
	for id, f := range fb {
		helpful, not = helpful+f.Helpful, not+f.NotHelpful
		if f.NotHelpful > 0 {
			rows = append(rows, row{id, f})
		}
	}
	fmt.Fprintf(&b, "\nFeedback: %d helpful, %d not helpful.", helpful, not)
	slices.SortFunc(rows, func(x, y row) int { return cmp.Or(y.NotHelpful-x.NotHelpful, strings.Compare(x.id, y.id)) })
	if len(rows) > 0 {
		b.WriteString("\n**Most often not helpful:**")
	}
	for _, r := range rows[:min(len(rows), maxStatsRows)] {
		fmt.Fprintf(&b, "\n- `%s` %d not helpful, %d helpful", r.id, r.NotHelpful, r.Helpful)
	}
	return b.String()
}

// clip shortens s to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " \n") + "…"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

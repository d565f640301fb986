package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
)

func TestMarkdownBecomesMrkdwn(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bold uses single stars", "**Can I drive?**\n\nNo.", "*Can I drive?*\n\nNo."},
		{"dash bullets become bullets", "Avoid:\n- driving\n  - cycling", "Avoid:\n• driving\n  • cycling"},
		{"star bullets become bullets", "* one\n* two", "• one\n• two"},
		{"existing bullets are kept", "• Call 988", "• Call 988"},
		{"headings become bold lines", "## After care", "*After care*"},
		{"markdown links become slack links", "see [the label](https://x.org/a?b=1&c=2)", "see <https://x.org/a?b=1&amp;c=2|the label>"},
		{"angle brackets and ampersands are escaped", "BP <140 & >90", "BP &lt;140 &amp; &gt;90"},
		{"text that looks like slack markup is not a mention", "<!channel> <@U1>", "&lt;!channel&gt; &lt;@U1&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := toMrkdwn(tt.in); got != tt.want {
				t.Errorf("toMrkdwn(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRepliesAreRendered(t *testing.T) {
	tests := []struct {
		name  string
		reply bot.Reply
		want  string // blockText of all messages, joined by "---\n"
	}{
		{
			name: "an answer has its sources as links and feedback buttons",
			reply: bot.Reply{Kind: bot.KindAnswer, Text: "**Driving**\n\nNo.", Sources: []faq.Source{
				{Title: "Mayo Clinic. Ketamine", URL: "https://example.org/a"},
				{Title: "A | B <study>", URL: "https://example.org/b?x=1&y=2"},
				{Title: "Offline leaflet"},
			}},
			want: "*Driving*\n\nNo.\n" +
				"*Sources:* <https://example.org/a|Mayo Clinic. Ketamine> · <https://example.org/b?x=1&amp;y=2|A / B &lt;study&gt;> · Offline leaflet\n" +
				"[Helpful=helpful|9.9]\n[Not helpful=not helpful|9.9]\n",
		},
		{
			name: "a clarifying question has numbered choice buttons",
			reply: bot.Reply{Kind: bot.KindClarify, Text: "Did you mean:\n1. Side effects\n2. Risks", Choices: []bot.Choice{
				{ID: "a", Title: "Side effects"}, {ID: "b", Title: strings.Repeat("Very long title ", 10)},
			}},
			want: "Did you mean:\n1. Side effects\n2. Risks\n[1. Side effects=1|9.9]\n" +
				"[2. Very long title Very long title Very long title Very long title Very lo…=2|9.9]\n",
		},
		{
			name:  "a crisis reply has no buttons",
			reply: bot.Reply{Kind: bot.KindCrisis, Text: "• Call or text 988", Private: true},
			want:  "• Call or text 988\n",
		},
		{
			name:  "a fallback offers no buttons because a number would not pick its suggestions",
			reply: bot.Reply{Kind: bot.KindFallback, Text: "Not sure.", Choices: []bot.Choice{{ID: "a", Title: "A"}}},
			want:  "Not sure.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range render(tt.reply, "9.9") {
				got = append(got, blockText(roundTrip(t, m.blocks)))
			}
			if g := strings.Join(got, "---\n"); g != tt.want {
				t.Errorf("got\n%s\nwant\n%s", g, tt.want)
			}
		})
	}
}

// roundTrip encodes blocks as Slack receives them and decodes them back.
func roundTrip(t *testing.T, blocks []slackapi.Block) slackapi.Blocks {
	t.Helper()
	raw, err := json.Marshal(slackapi.Blocks{BlockSet: blocks})
	if err != nil {
		t.Fatal(err)
	}
	var out slackapi.Blocks
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLongRepliesAreSplitAtTheLimit(t *testing.T) {
	para := strings.Repeat("Ketamine word ", 150) // 2100 runes
	tests := []struct {
		name      string
		text      string
		wantParts int
		wantStart []string // how each part starts
	}{
		{"a short reply is one message", "Short.", 1, []string{"Short."}},
		{"paragraphs are kept whole", para + "\n\nSecond " + para + "\n\nThird " + para, 3, []string{"Ketamine", "Second", "Third"}},
		{"a long line is cut at a space", strings.Repeat("é ", 4000), 3, []string{"é", "é", "é"}},
		{"a long word is cut anywhere", strings.Repeat("x", 6500), 3, []string{"x", "x", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs := render(bot.Reply{Kind: bot.KindAnswer, Text: tt.text}, "")
			if len(msgs) != tt.wantParts {
				t.Fatalf("got %d messages, want %d", len(msgs), tt.wantParts)
			}
			var total int
			for i, m := range msgs {
				if n := utf8.RuneCountInString(m.text); n > maxSectionRunes || n == 0 {
					t.Errorf("part %d has %d runes, limit %d", i, n, maxSectionRunes)
				}
				if !strings.HasPrefix(m.text, tt.wantStart[i]) {
					t.Errorf("part %d starts %q, want %q", i, m.text[:min(20, len(m.text))], tt.wantStart[i])
				}
				total += len(strings.Fields(m.text))
				if last := i == len(msgs)-1; last != (len(m.blocks) == 2) {
					t.Errorf("part %d has %d blocks; only the last should carry the buttons", i, len(m.blocks))
				}
			}
			if want := len(strings.Fields(toMrkdwn(tt.text))); total != want && !strings.HasPrefix(tt.text, "xxx") {
				t.Errorf("split kept %d words, want %d", total, want)
			}
		})
	}
}

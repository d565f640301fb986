package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/chunk"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
)

func TestSplit(t *testing.T) {
	para := strings.Repeat("word ", 300) // 1500 characters
	tests := []struct {
		name      string
		text      string
		wantParts int
		firstEnds string // the first part's last characters
	}{
		{"a short reply stays whole", "Hello **there**.", 1, "there**."},
		{"a long reply is cut at a paragraph break", para + "end one.\n\n" + para + "end two.", 2, "end one."},
		{"a long paragraph is cut at a line break", para + "line one.\n" + para + "line two.", 2, "line one."},
		{"a long line is cut at a space", strings.Repeat("abcd ", 500), 2, "abcd"},
		{"text without spaces is cut at the limit", strings.Repeat("é", 4500), 3, "é"},
		{"an empty reply has no parts", "  \n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := chunk.Split(tt.text, maxContent)
			if len(parts) != tt.wantParts {
				t.Fatalf("got %d parts, want %d", len(parts), tt.wantParts)
			}
			for i, p := range parts {
				if n := utf8.RuneCountInString(p); n > maxContent || n == 0 || !utf8.ValidString(p) {
					t.Errorf("part %d has %d characters (valid UTF-8: %v)", i, n, utf8.ValidString(p))
				}
			}
			if len(parts) > 0 && !strings.HasSuffix(parts[0], tt.firstEnds) {
				t.Errorf("first part ends %q, want it to end %q", parts[0][max(0, len(parts[0])-20):], tt.firstEnds)
			}
			if got, want := strings.Join(strings.Fields(strings.Join(parts, "")), ""), strings.Join(strings.Fields(tt.text), ""); got != want {
				t.Error("splitting lost or changed characters")
			}
		})
	}
}

func TestRender(t *testing.T) {
	answer := bot.Reply{
		Kind: bot.KindAnswer, Entry: "driving",
		Text:        "**Driving home**\n\nNo, someone must drive you.\n\nSources: ACR; NHS. (Say \"sources\" for links.)\nYou might also ask: What to bring · Side effects",
		Sources:     []faq.Source{{Title: "ACR", URL: "https://acr.example/fm"}, {Title: "NHS [guide]", URL: "https://nhs.example/k(1)"}},
		Suggestions: []bot.Choice{{ID: "bring", Title: "What to bring"}, {ID: "side", Title: "Side effects"}},
	}
	msgs := render(answer, "u1")
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	t.Run("sources become Markdown links on the sources line", func(t *testing.T) {
		want := "Sources: [ACR](https://acr.example/fm) · [NHS (guide)](https://nhs.example/k%281%29)"
		if !strings.Contains(m.Content, want+"\nYou might also ask") || strings.Contains(m.Content, "Say \"sources\"") {
			t.Errorf("content:\n%s\nwant the line %q", m.Content, want)
		}
	})
	t.Run("bold stays Discord Markdown", func(t *testing.T) {
		if !strings.HasPrefix(m.Content, "**Driving home**") {
			t.Errorf("content starts %q", m.Content[:20])
		}
	})
	t.Run("the bot never pings and shows no link previews", func(t *testing.T) {
		if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 || m.Flags != discordgo.MessageFlagsSuppressEmbeds {
			t.Errorf("allowed mentions %+v, flags %d", m.AllowedMentions, m.Flags)
		}
	})
	t.Run("an answer gets feedback and related-question buttons", func(t *testing.T) {
		got := buttonIDs(m.Components)
		want := []string{"faq|u1|helpful", "faq|u1|not helpful", "faq|u1|What to bring", "faq|u1|Side effects"}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("buttons %q, want %q", got, want)
		}
	})
	t.Run("sources already shown with their address are not repeated", func(t *testing.T) {
		r := bot.Reply{Kind: bot.KindAnswer, Text: "Sources for \"X\":\n• ACR: https://acr.example/fm", Sources: answer.Sources[:1]}
		if got := render(r, "u1")[0].Content; got != r.Text {
			t.Errorf("content %q, want it unchanged", got)
		}
	})
	t.Run("sources are appended when the text has no sources line", func(t *testing.T) {
		r := bot.Reply{Kind: bot.KindAnswer, Text: "Yes.", Sources: answer.Sources[:1]}
		if got := render(r, "u1")[0].Content; got != "Yes.\n\nSources: [ACR](https://acr.example/fm)" {
			t.Errorf("content %q", got)
		}
	})
}

func TestRenderButtons(t *testing.T) {
	long := strings.Repeat("x", 120)
	tests := []struct {
		name   string
		reply  bot.Reply
		want   []string // custom ids
		labels []string
	}{
		{
			name:   "clarify choices become numbered buttons that send the number",
			reply:  bot.Reply{Kind: bot.KindClarify, Text: "Did you mean:", Choices: []bot.Choice{{ID: "a", Title: "Cost"}, {ID: "b", Title: "Insurance"}}},
			want:   []string{"faq|u1|1", "faq|u1|2"},
			labels: []string{"1. Cost", "2. Insurance"},
		},
		{
			name:  "fallback suggestions send their title, unless it is too long for a button",
			reply: bot.Reply{Kind: bot.KindFallback, Text: "Not sure.", Choices: []bot.Choice{{ID: "a", Title: "What is fibromyalgia?"}, {ID: "b", Title: long}}},
			want:  []string{"faq|u1|What is fibromyalgia?"},
		},
		{
			name:  "a crisis reply has no buttons",
			reply: bot.Reply{Kind: bot.KindCrisis, Text: "Call 988.", Private: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := render(tt.reply, "u1")[0]
			if got := buttonIDs(m.Components); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("buttons %q, want %q", got, tt.want)
			}
			if tt.labels != nil {
				if got := buttonLabels(m.Components); strings.Join(got, ",") != strings.Join(tt.labels, ",") {
					t.Errorf("labels %q, want %q", got, tt.labels)
				}
			}
		})
	}
	t.Run("buttons wrap at five per row", func(t *testing.T) {
		var bs []discordgo.Button
		for range 7 {
			bs = append(bs, discordgo.Button{Label: "b", CustomID: "x"})
		}
		rs := rows(bs)
		if len(rs) != 2 || len(rs[0].(discordgo.ActionsRow).Components) != 5 || len(rs[1].(discordgo.ActionsRow).Components) != 2 {
			t.Errorf("rows %+v", rs)
		}
	})
	t.Run("labels are cut to Discord's limit", func(t *testing.T) {
		m := render(bot.Reply{Kind: bot.KindClarify, Text: "?", Choices: []bot.Choice{{Title: long}}}, "u1")[0]
		if got := buttonLabels(m.Components)[0]; utf8.RuneCountInString(got) != maxLabel || !strings.HasSuffix(got, "…") {
			t.Errorf("label %q", got)
		}
	})
	t.Run("buttons go on the last part of a long reply", func(t *testing.T) {
		msgs := render(bot.Reply{Kind: bot.KindAnswer, Text: strings.Repeat("word ", 1000)}, "u1")
		if len(msgs) != 3 || msgs[0].Components != nil || len(buttonIDs(msgs[2].Components)) != 2 {
			t.Errorf("got %d parts; buttons on first %v, last %v", len(msgs), msgs[0].Components, buttonIDs(msgs[len(msgs)-1].Components))
		}
	})
}

func TestCustomIDRoundTrip(t *testing.T) {
	id, ok := customID("u1", "not helpful")
	owner, text, ok2 := parseCustomID(id)
	if !ok || !ok2 || owner != "u1" || text != "not helpful" {
		t.Errorf("customID → %q → %q, %q, %v", id, owner, text, ok2)
	}
	for _, bad := range []string{"", "faq|u1|", "other|u1|1", "faq"} {
		if _, _, ok := parseCustomID(bad); ok {
			t.Errorf("parseCustomID(%q) accepted it", bad)
		}
	}
}

func allButtons(cs []discordgo.MessageComponent) []discordgo.Button {
	var out []discordgo.Button
	for _, c := range cs {
		for _, b := range c.(discordgo.ActionsRow).Components {
			out = append(out, b.(discordgo.Button))
		}
	}
	return out
}

func buttonIDs(cs []discordgo.MessageComponent) []string {
	var ids []string
	for _, b := range allButtons(cs) {
		ids = append(ids, b.CustomID)
	}
	return ids
}

func buttonLabels(cs []discordgo.MessageComponent) []string {
	var ls []string
	for _, b := range allButtons(cs) {
		ls = append(ls, b.Label)
	}
	return ls
}

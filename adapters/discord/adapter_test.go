package discord

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/discord/discordtest"
	"github.com/faqbot/faqbot/bot"
)

// Words that must never reach the log.
const (
	secretQuestion = "secret-question about my infusion"
	secretAnswer   = "secret-answer for the patient"
)

var (
	answer = bot.Reply{Kind: bot.KindAnswer, Entry: "e1", Text: "**Title**\n\n" + secretAnswer}
	crisis = bot.Reply{Kind: bot.KindCrisis, Text: "Call or text 988. " + secretAnswer, Private: true}
)

func TestMessages(t *testing.T) {
	long := bot.Reply{Kind: bot.KindAnswer, Text: strings.Repeat(secretAnswer+" ", 150)} // about 4500 characters
	tests := []struct {
		name    string
		m       *discordgo.Message
		replies []bot.Reply
		fail    string // a route the fake Discord refuses
		want    []string
		check   func(t *testing.T, reqs []discordtest.Request, got []bot.Message)
	}{
		{
			name:    "a mention in a channel is answered in a thread started on it, with feedback buttons",
			m:       msg("g1", "c1", "<@"+discordtest.BotID+"> "+secretQuestion, true),
			replies: []bot.Reply{answer},
			want:    []string{"POST /api/v9/channels/c1/messages/m1/threads", "POST /api/v9/channels/m1/messages"},
			check: func(t *testing.T, reqs []discordtest.Request, got []bot.Message) {
				if got[0].Thread != "m1" || got[0].Conversation != "c1" || got[0].Text != secretQuestion {
					t.Errorf("engine got %+v", got[0])
				}
				if name := reqs[0].Body["name"]; name != threadName {
					t.Errorf("thread name %q", name)
				}
				post := reqs[1].Body
				if post["content"] != answer.Text || len(post["components"].([]any)) != 1 {
					t.Errorf("posted %v", post)
				}
			},
		},
		{
			name:    "where threads are not allowed, the reply references the message in the channel",
			m:       msg("g1", "c1", "<@"+discordtest.BotID+"> "+secretQuestion, true),
			replies: []bot.Reply{answer},
			fail:    "POST /api/v9/channels/c1/messages/m1/threads",
			want:    []string{"POST /api/v9/channels/c1/messages/m1/threads", "POST /api/v9/channels/c1/messages"},
			check: func(t *testing.T, reqs []discordtest.Request, got []bot.Message) {
				if got[0].Thread != "" {
					t.Errorf("engine got thread %q, want none since no thread started", got[0].Thread)
				}
				ref, _ := reqs[1].Body["message_reference"].(map[string]any)
				if ref["message_id"] != "m1" {
					t.Errorf("reply references %v, want message m1", ref)
				}
			},
		},
		{
			name:    "a follow-up in the bot's thread is answered in the thread",
			m:       msg("g1", "t-bot", "2", false),
			replies: []bot.Reply{answer},
			want:    []string{"POST /api/v9/channels/t-bot/messages"},
		},
		{
			name:    "a very long answer is split into messages under the limit, buttons on the last",
			m:       msg("", "dm1", secretQuestion, false),
			replies: []bot.Reply{long},
			want:    []string{"POST /api/v9/channels/dm1/messages", "POST /api/v9/channels/dm1/messages", "POST /api/v9/channels/dm1/messages"},
			check: func(t *testing.T, reqs []discordtest.Request, _ []bot.Message) {
				var joined string
				for i, r := range reqs {
					c := r.Body["content"].(string)
					if n := len([]rune(c)); n > maxContent {
						t.Errorf("part %d has %d characters", i, n)
					}
					if comps, _ := r.Body["components"].([]any); (len(comps) > 0) != (i == len(reqs)-1) {
						t.Errorf("part %d has %d button rows", i, len(comps))
					}
					joined += c + " "
				}
				if strings.Count(joined, secretAnswer) != 150 {
					t.Error("the parts do not add up to the answer")
				}
			},
		},
		{
			name:    "a crisis in a public channel goes by DM, with a short public note",
			m:       msg("g1", "c1", "<@"+discordtest.BotID+"> "+secretQuestion, true),
			replies: []bot.Reply{crisis},
			want: []string{
				"POST /api/v9/channels/c1/messages/m1/threads", "POST /api/v9/users/@me/channels",
				"POST /api/v9/channels/dm-u1/messages", "POST /api/v9/channels/m1/messages",
			},
			check: func(t *testing.T, reqs []discordtest.Request, _ []bot.Message) {
				if reqs[1].Body["recipient_id"] != "u1" {
					t.Errorf("DM opened with %v", reqs[1].Body)
				}
				if reqs[2].Body["content"] != crisis.Text {
					t.Errorf("DM says %q", reqs[2].Body["content"])
				}
				if reqs[3].Body["content"] != sentDirect {
					t.Errorf("public note says %q", reqs[3].Body["content"])
				}
			},
		},
		{
			name:    "a crisis is posted publicly when the patient does not accept DMs",
			m:       msg("g1", "c1", "<@"+discordtest.BotID+"> "+secretQuestion, true),
			replies: []bot.Reply{crisis},
			fail:    "POST /api/v9/users/@me/channels",
			want:    []string{"POST /api/v9/channels/c1/messages/m1/threads", "POST /api/v9/users/@me/channels", "POST /api/v9/channels/m1/messages"},
			check: func(t *testing.T, reqs []discordtest.Request, _ []bot.Message) {
				if reqs[2].Body["content"] != crisis.Text {
					t.Errorf("thread got %q, want the crisis reply", reqs[2].Body["content"])
				}
			},
		},
		{
			name:    "a crisis in a DM is answered there",
			m:       msg("", "dm1", secretQuestion, false),
			replies: []bot.Reply{crisis},
			want:    []string{"POST /api/v9/channels/dm1/messages"},
		},
		{
			name: "an attachment-only DM is asked for text without calling the engine",
			m: with(msg("", "dm1", "", false), func(m *discordgo.Message) {
				m.Attachments = []*discordgo.MessageAttachment{{ID: "a1"}}
			}),
			want: []string{"POST /api/v9/channels/dm1/messages"},
			check: func(t *testing.T, reqs []discordtest.Request, got []bot.Message) {
				if len(got) != 0 || reqs[0].Body["content"] != askForText {
					t.Errorf("engine got %d messages; reply %q", len(got), reqs[0].Body["content"])
				}
			},
		},
		{
			name: "nothing is sent when the engine has nothing to say",
			m:    msg("g1", "t-bot", secretQuestion, false),
		},
		{
			name: "another bot's message gets no reply and never reaches the engine",
			m:    with(msg("", "dm1", secretQuestion, false), func(m *discordgo.Message) { m.Author = &discordgo.User{ID: "b2", Bot: true} }),
			check: func(t *testing.T, _ []discordtest.Request, got []bot.Message) {
				if len(got) != 0 {
					t.Errorf("engine got %d messages", len(got))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			engine := adaptertest.Answer(tt.replies...)
			a, f, logs := newTestAdapter(t, engine)
			if tt.fail != "" {
				f.FailWith(tt.fail, 403)
			}
			a.onMessage(context.Background(), testState(t), tt.m)
			reqs := f.Requests()
			if got := routes(reqs); !slices.Equal(got, tt.want) {
				t.Fatalf("requests:\n got %q\nwant %q", got, tt.want)
			}
			for _, r := range reqs {
				if r.Auth != "Bot "+testToken {
					t.Errorf("%s %s sent authorization %q", r.Method, r.Path, r.Auth)
				}
			}
			if tt.check != nil {
				tt.check(t, reqs, engine.Calls())
			}
			assertNoText(t, logs)
		})
	}
}

func TestInteractions(t *testing.T) {
	command := func(guild, channel, question string) *discordgo.Interaction {
		i := &discordgo.Interaction{
			ID: "i1", AppID: discordtest.AppID, Token: "tok", Type: discordgo.InteractionApplicationCommand,
			GuildID: guild, ChannelID: channel,
			Data: discordgo.ApplicationCommandInteractionData{Name: "faq", Options: []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: question},
			}},
		}
		if guild == "" {
			i.User = patient
		} else {
			i.Member = &discordgo.Member{User: patient}
		}
		return i
	}
	click := func(guild, channel, customID string, by *discordgo.User) *discordgo.Interaction {
		i := command(guild, channel, "")
		i.Type, i.Data = discordgo.InteractionMessageComponent, discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}
		i.User, i.Member = by, nil
		if guild != "" {
			i.User, i.Member = nil, &discordgo.Member{User: by}
		}
		return i
	}
	const (
		callback = "POST /api/v9/interactions/i1/tok/callback"
		followup = "POST /api/v9/webhooks/" + discordtest.AppID + "/tok"
	)
	tests := []struct {
		name    string
		i       *discordgo.Interaction
		replies []bot.Reply
		want    []string
		wantMsg *bot.Message // what the engine should get, nil for nothing
		check   func(t *testing.T, reqs []discordtest.Request)
	}{
		{
			name:    "/faq is acknowledged at once and answered with follow-ups",
			i:       command("g1", "c1", "help"),
			replies: []bot.Reply{answer},
			want:    []string{callback, followup},
			wantMsg: &bot.Message{Platform: "discord", Conversation: "c1", User: "u1", Text: "help", EventID: "i1"},
			check: func(t *testing.T, reqs []discordtest.Request) {
				if reqs[0].Body["type"] != float64(discordgo.InteractionResponseDeferredChannelMessageWithSource) {
					t.Errorf("acknowledged with %v", reqs[0].Body)
				}
				if reqs[1].RawQuery != "wait=true" || reqs[1].Body["content"] != answer.Text || reqs[1].Body["components"] == nil {
					t.Errorf("follow-up %v", reqs[1])
				}
			},
		},
		{
			name:    "/faq in a DM is a direct conversation",
			i:       command("", "dm1", "forget me"),
			replies: []bot.Reply{{Kind: bot.KindNotice, Text: "Deleted."}},
			want:    []string{callback, followup},
			wantMsg: &bot.Message{Platform: "discord", Conversation: "dm1", User: "u1", Text: "forget me", Direct: true, EventID: "i1"},
		},
		{
			name:    "/faq with nothing to say removes the thinking placeholder",
			i:       command("g1", "c1", "hello"),
			want:    []string{callback, "DELETE /api/v9/webhooks/" + discordtest.AppID + "/tok/messages/@original"},
			wantMsg: &bot.Message{Platform: "discord", Conversation: "c1", User: "u1", Text: "hello", EventID: "i1"},
		},
		{
			name:    "a crisis from /faq in a channel goes by DM, with a note as the follow-up",
			i:       command("g1", "c1", secretQuestion),
			replies: []bot.Reply{crisis},
			want:    []string{callback, "POST /api/v9/users/@me/channels", "POST /api/v9/channels/dm-u1/messages", followup},
			wantMsg: &bot.Message{Platform: "discord", Conversation: "c1", User: "u1", Text: secretQuestion, EventID: "i1"},
			check: func(t *testing.T, reqs []discordtest.Request) {
				if reqs[3].Body["content"] != sentDirect {
					t.Errorf("follow-up says %q", reqs[3].Body["content"])
				}
			},
		},
		{
			name:    "a clarify button sends its number in the same thread and conversation",
			i:       click("g1", "t-bot", "faq|u1|1", patient),
			replies: []bot.Reply{answer},
			want:    []string{callback, "POST /api/v9/channels/t-bot/messages"},
			wantMsg: &bot.Message{Platform: "discord", Conversation: "c1", Thread: "t-bot", User: "u1", Text: "1", EventID: "i1"},
			check: func(t *testing.T, reqs []discordtest.Request) {
				if reqs[0].Body["type"] != float64(discordgo.InteractionResponseDeferredMessageUpdate) {
					t.Errorf("acknowledged with %v", reqs[0].Body)
				}
			},
		},
		{
			name:    "a feedback button in a DM sends its word",
			i:       click("", "dm1", "faq|u1|not helpful", patient),
			replies: []bot.Reply{{Kind: bot.KindFallback, Text: "Would you like a person?"}},
			want:    []string{callback, "POST /api/v9/channels/dm1/messages"},
			wantMsg: &bot.Message{Platform: "discord", Conversation: "dm1", User: "u1", Text: "not helpful", Direct: true, EventID: "i1"},
		},
		{
			name: "someone else's click is told the buttons are not theirs",
			i:    click("g1", "t-bot", "faq|u1|2", &discordgo.User{ID: "u9"}),
			want: []string{callback},
			check: func(t *testing.T, reqs []discordtest.Request) {
				data, _ := reqs[0].Body["data"].(map[string]any)
				if data["content"] != notYours || data["flags"] != float64(discordgo.MessageFlagsEphemeral) {
					t.Errorf("answered %v", reqs[0].Body)
				}
			},
		},
		{
			name: "another command is ignored",
			i: with2(command("g1", "c1", "x"), func(i *discordgo.Interaction) {
				i.Data = discordgo.ApplicationCommandInteractionData{Name: "other"}
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			engine := adaptertest.Answer(tt.replies...)
			a, f, logs := newTestAdapter(t, engine)
			a.onInteraction(context.Background(), testState(t), tt.i)
			reqs := f.Requests()
			if got := routes(reqs); !slices.Equal(got, tt.want) {
				t.Fatalf("requests:\n got %q\nwant %q", got, tt.want)
			}
			got := engine.Calls()
			switch {
			case tt.wantMsg == nil && len(got) != 0:
				t.Errorf("engine got %+v, want nothing", got)
			case tt.wantMsg != nil && (len(got) != 1 || got[0] != *tt.wantMsg):
				t.Errorf("engine got %+v\nwant %+v", got, *tt.wantMsg)
			}
			if tt.check != nil {
				tt.check(t, reqs)
			}
			assertNoText(t, logs)
		})
	}
}

func with2(i *discordgo.Interaction, change func(*discordgo.Interaction)) *discordgo.Interaction {
	change(i)
	return i
}

func routes(reqs []discordtest.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func assertNoText(t *testing.T, logs *adaptertest.Logs) {
	t.Helper()
	if l := logs.String(); strings.Contains(l, "secret-") {
		t.Errorf("the log holds message text:\n%s", l)
	}
}

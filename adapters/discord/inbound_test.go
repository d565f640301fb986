package discord

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/discord/discordtest"
	"github.com/faqbot/faqbot/bot"
)

var (
	patient = &discordgo.User{ID: "u1", Username: "pat"}
	botUser = &discordgo.User{ID: discordtest.BotID, Bot: true}
)

// msg builds a message from the patient; guild "" makes it a DM.
func msg(guild, channel, content string, mentioned bool) *discordgo.Message {
	m := &discordgo.Message{ID: "m1", GuildID: guild, ChannelID: channel, Content: content, Author: patient}
	if mentioned {
		m.Mentions = []*discordgo.User{botUser}
	}
	return m
}

func with(m *discordgo.Message, change func(*discordgo.Message)) *discordgo.Message {
	change(m)
	return m
}

func TestTranslate(t *testing.T) {
	st := testState(t)
	edited := time.Now()
	guildMsg := func(text string) bot.Message {
		return bot.Message{Platform: "discord", Conversation: "c1", User: "u1", Text: text, EventID: "m1"}
	}
	tests := []struct {
		name string
		m    *discordgo.Message
		want inbound // compared when ok
		ok   bool
	}{
		{
			name: "a mention in a server channel is answered in a new thread, without the mention",
			m:    msg("g1", "c1", "<@"+discordtest.BotID+"> can I drive home after?", true),
			want: inbound{msg: guildMsg("can I drive home after?"), channelID: "c1", messageID: "m1", startThread: true},
			ok:   true,
		},
		{
			name: "a nickname mention in the middle of the text is stripped too",
			m:    msg("g1", "c1", "hi <@!"+discordtest.BotID+">  does it hurt?", true),
			want: inbound{msg: guildMsg("hi does it hurt?"), channelID: "c1", messageID: "m1", startThread: true},
			ok:   true,
		},
		{
			name: "a server message that does not mention the bot is ignored",
			m:    msg("g1", "c1", "does ketamine help?", false),
		},
		{
			name: "a follow-up in a thread the bot started needs no mention",
			m:    msg("g1", "t-bot", "2", false),
			want: inbound{
				msg:       bot.Message{Platform: "discord", Conversation: "c1", Thread: "t-bot", User: "u1", Text: "2", EventID: "m1"},
				channelID: "t-bot", messageID: "m1",
			},
			ok: true,
		},
		{
			name: "a message in a patient's thread without a mention is ignored",
			m:    msg("g1", "t-user", "anyone been?", false),
		},
		{
			name: "a mention in a patient's thread is answered in that thread",
			m:    msg("g1", "t-user", "<@"+discordtest.BotID+"> side effects?", true),
			want: inbound{
				msg:       bot.Message{Platform: "discord", Conversation: "c1", Thread: "t-user", User: "u1", Text: "side effects?", EventID: "m1"},
				channelID: "t-user", messageID: "m1",
			},
			ok: true,
		},
		{
			name: "a direct message is answered without a mention",
			m:    msg("", "dm1", "what does it cost?", false),
			want: inbound{
				msg:       bot.Message{Platform: "discord", Conversation: "dm1", User: "u1", Text: "what does it cost?", Direct: true, EventID: "m1"},
				channelID: "dm1", messageID: "m1",
			},
			ok: true,
		},
		{
			name: "a message from another bot is ignored",
			m:    with(msg("", "dm1", "hello", false), func(m *discordgo.Message) { m.Author = &discordgo.User{ID: "b2", Bot: true} }),
		},
		{
			name: "the bot's own message is ignored",
			m:    with(msg("g1", "t-bot", "Did you mean:", false), func(m *discordgo.Message) { m.Author = botUser }),
		},
		{
			name: "a webhook's message is ignored",
			m:    with(msg("g1", "c1", "<@"+discordtest.BotID+"> hi", true), func(m *discordgo.Message) { m.WebhookID = "w1" }),
		},
		{
			name: "an edited message is ignored",
			m:    with(msg("", "dm1", "what does it cost?", false), func(m *discordgo.Message) { m.EditedTimestamp = &edited }),
		},
		{
			name: "a system message such as a pin is ignored",
			m:    with(msg("g1", "t-bot", "", false), func(m *discordgo.Message) { m.Type = discordgo.MessageTypeChannelPinnedMessage }),
		},
		{
			name: "a direct message with only an attachment asks for text",
			m: with(msg("", "dm1", "", false), func(m *discordgo.Message) {
				m.Attachments = []*discordgo.MessageAttachment{{ID: "a1", Filename: "scan.png"}}
			}),
			want: inbound{
				msg:       bot.Message{Platform: "discord", Conversation: "dm1", User: "u1", Direct: true, EventID: "m1"},
				channelID: "dm1", messageID: "m1", noText: true,
			},
			ok: true,
		},
		{
			name: "a mention with only an attachment in a server channel is ignored",
			m: with(msg("g1", "c1", "<@"+discordtest.BotID+">", true), func(m *discordgo.Message) {
				m.Attachments = []*discordgo.MessageAttachment{{ID: "a1", Filename: "scan.png"}}
			}),
		},
		{
			name: "a bare mention goes to the engine, which asks for a question",
			m:    msg("g1", "c1", "<@"+discordtest.BotID+">", true),
			want: inbound{msg: guildMsg(""), channelID: "c1", messageID: "m1", startThread: true},
			ok:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := translate(st, tt.m)
			if ok != tt.ok {
				t.Fatalf("translate: ok = %v, want %v", ok, tt.ok)
			}
			if ok && got != tt.want {
				t.Errorf("translate:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestTranslateBeforeReadyIgnoresServerMessages(t *testing.T) {
	if _, ok := translate(discordgo.NewState(), msg("g1", "c1", "<@"+discordtest.BotID+"> hi", true)); ok {
		t.Error("a message arriving before the bot knows its own id was answered")
	}
}

func TestLocate(t *testing.T) {
	st := testState(t)
	for _, tt := range []struct{ channel, conv, thread string }{
		{"c1", "c1", ""},
		{"t-bot", "c1", "t-bot"},
		{"unknown", "unknown", ""},
	} {
		if conv, thread := locate(st, tt.channel); conv != tt.conv || thread != tt.thread {
			t.Errorf("locate(%q) = %q, %q; want %q, %q", tt.channel, conv, thread, tt.conv, tt.thread)
		}
	}
}

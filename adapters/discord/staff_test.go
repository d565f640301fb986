package discord

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/discord/discordtest"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/faq"
)

const (
	staffChannelID = "500000000000000001"
	danaID         = "500000000000000002"
)

func TestStaffSettings(t *testing.T) {
	dana, err := roster.Parse("Dana:" + danaID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		want Config
		err  string // part of the error, "" for none
	}{
		{name: "a channel and its staff turn the queue on", env: map[string]string{"DISCORD_STAFF_CHANNEL": staffChannelID, "DISCORD_STAFF_USERS": " Dana:" + danaID + " "},
			want: Config{Token: "abc", StaffChannel: staffChannelID, Staff: dana}},
		{name: "a channel without staff is refused", env: map[string]string{"DISCORD_STAFF_CHANNEL": staffChannelID}, err: "lists nobody"},
		{name: "staff without a channel is refused", env: map[string]string{"DISCORD_STAFF_USERS": "Dana:" + danaID}, err: "DISCORD_STAFF_CHANNEL is not"},
		{name: "a channel name instead of its id is refused", env: map[string]string{"DISCORD_STAFF_CHANNEL": "#staff", "DISCORD_STAFF_USERS": "Dana:" + danaID}, err: "Copy Channel ID"},
		{name: "a user name instead of an id is refused", env: map[string]string{"DISCORD_STAFF_CHANNEL": staffChannelID, "DISCORD_STAFF_USERS": "Dana:dana#1234"}, err: "Copy User ID"},
		{name: "a malformed staff list is refused", env: map[string]string{"DISCORD_STAFF_CHANNEL": staffChannelID, "DISCORD_STAFF_USERS": "Dana:" + danaID + ",Dana:" + staffChannelID}, err: "used twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"DISCORD_BOT_TOKEN": "abc"}
			for k, v := range tt.env {
				env[k] = v
			}
			cfg, _, err := ConfigFromEnv(func(k string) string { return env[k] })
			if tt.err == "" {
				if err != nil || cfg != tt.want {
					t.Errorf("got %+v, %v; want %+v", cfg, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want one containing %q", err, tt.err)
			}
		})
	}
	t.Run("staff settings without a token are refused", func(t *testing.T) {
		env := map[string]string{"DISCORD_STAFF_CHANNEL": staffChannelID}
		if _, _, err := ConfigFromEnv(func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN is empty") {
			t.Errorf("error %v", err)
		}
	})
}

func TestStaffCardsAreRenderedForDiscord(t *testing.T) {
	long := strings.Repeat("a long patient message ", 40)
	c := staffdesk.Card{Ticket: "t123", Status: bot.TicketOpen, Reason: "crisis", Platform: "slack", Summary: long,
		CreatedAt: time.Date(2025, 3, 4, 14, 5, 0, 0, time.UTC)}
	for range 7 {
		c.Turns = append(c.Turns, bot.Turn{Text: long, Kind: bot.KindAnswer, Entry: "infusion-duration"})
	}
	m := cardMessage(c)
	if n := len([]rune(m.Content)); n > maxContent {
		t.Errorf("the card has %d characters, over Discord's %d", n, maxContent)
	}
	if !strings.Contains(m.Content, "Crisis") || !strings.Contains(m.Content, "patient on Slack") {
		t.Errorf("the card reads %q", m.Content)
	}
	row, ok := m.Components[0].(discordgo.ActionsRow)
	if !ok || len(row.Components) != 1 || row.Components[0].(discordgo.Button).CustomID != "staff|claim|t123" {
		t.Errorf("buttons %+v, want Claim for t123", m.Components)
	}
	if m.AllowedMentions == nil || len(m.AllowedMentions.Parse) != 0 {
		t.Error("a card may ping people")
	}
	c.Status, c.ClaimedBy = bot.TicketClosed, "Dana"
	if m := cardMessage(c); len(m.Components) != 0 {
		t.Errorf("a closed card has buttons %+v", m.Components)
	}
}

// countingEngine is a real engine that counts the messages it handles.
type countingEngine struct {
	*bot.Engine
	handled atomic.Int32
}

func (e *countingEngine) Handle(ctx context.Context, m bot.Message) []bot.Reply {
	e.handled.Add(1)
	return e.Engine.Handle(ctx, m)
}

func TestMessagesInACardThreadNeverReachTheEngine(t *testing.T) {
	dc := discordtest.New(t)
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	engine := &countingEngine{Engine: bot.New(bot.DefaultConfig(), faq.NewSet(set.Entries()[:3]), memstore.New(time.Hour), faq.ExampleProfile(), slog.New(slog.DiscardHandler))}
	staff, _ := roster.Parse("Dana:" + danaID)
	a, err := New(Config{Token: testToken, StaffChannel: staffChannelID, Staff: staff}, engine, nil)
	if err != nil {
		t.Fatal(err)
	}
	st := discordgo.NewState()
	st.User = &discordgo.User{ID: discordtest.BotID, Bot: true}
	if err := st.GuildAdd(&discordgo.Guild{
		ID:       "g1",
		Channels: []*discordgo.Channel{{ID: staffChannelID, GuildID: "g1", Type: discordgo.ChannelTypeGuildText}, {ID: "c1", GuildID: "g1", Type: discordgo.ChannelTypeGuildText}},
		Threads: []*discordgo.Channel{
			{ID: "t-card", GuildID: "g1", ParentID: staffChannelID, OwnerID: discordtest.BotID, Type: discordgo.ChannelTypeGuildPublicThread},
			{ID: "t-bot", GuildID: "g1", ParentID: "c1", OwnerID: discordtest.BotID, Type: discordgo.ChannelTypeGuildPublicThread},
		},
	}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	say := func(id, channel, author, text string) {
		a.onMessage(ctx, st, &discordgo.Message{ID: id, ChannelID: channel, GuildID: "g1", Content: text,
			Author: &discordgo.User{ID: author}, Type: discordgo.MessageTypeDefault})
	}
	say("m1", "t-card", danaID, "secret-staff-text")
	say("m2", "t-card", "500000000000000009", "I am not staff")
	if n := engine.handled.Load(); n != 0 {
		t.Errorf("the engine handled %d messages from a card's thread", n)
	}
	say("m3", "t-bot", "500000000000000009", "what is fibromyalgia?")
	if n := engine.handled.Load(); n != 1 {
		t.Errorf("the engine handled %d messages; a patient's follow-up in the bot's own thread must still reach it", n)
	}
	if got := dc.Messages("t-card"); len(got) != 0 {
		t.Errorf("the bot posted %+v in a card's thread that has no ticket", got)
	}
}

package discord

import (
	"log/slog"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/discord/discordtest"
)

// This file holds small helpers shared by the tests; the fake Discord is
// package discordtest, the fake engine adaptertest.Engine.

// testToken is the bot token the tests configure.
const testToken = "test-token"

// newTestAdapter returns an adapter talking to a fresh fake Discord, and
// its log.
func newTestAdapter(t *testing.T, engine Engine) (*Adapter, *discordtest.Server, *adaptertest.Logs) {
	t.Helper()
	f := discordtest.New(t)
	logs := &adaptertest.Logs{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(Config{Token: testToken}, engine, log, WithBackoff(10*time.Millisecond, 50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return a, f, logs
}

// testState is what the gateway would have told the session: the bot's
// id, a server with a channel, a thread the bot started and one a
// patient started.
func testState(t *testing.T) *discordgo.State {
	t.Helper()
	st := discordgo.NewState()
	st.User = &discordgo.User{ID: discordtest.BotID, Bot: true}
	err := st.GuildAdd(&discordgo.Guild{
		ID:       "g1",
		Channels: []*discordgo.Channel{{ID: "c1", GuildID: "g1", Type: discordgo.ChannelTypeGuildText}},
		Threads: []*discordgo.Channel{
			{ID: "t-bot", GuildID: "g1", ParentID: "c1", OwnerID: discordtest.BotID, Type: discordgo.ChannelTypeGuildPublicThread},
			{ID: "t-user", GuildID: "g1", ParentID: "c1", OwnerID: "u2", Type: discordgo.ChannelTypeGuildPublicThread},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

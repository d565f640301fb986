package discord

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
)

// This file holds the fake engine and small helpers shared by the tests.

// fakeEngine records messages and answers with canned replies.
type fakeEngine struct {
	mu    sync.Mutex
	got   []bot.Message
	reply func(bot.Message) []bot.Reply
}

func (e *fakeEngine) Handle(_ context.Context, m bot.Message) []bot.Reply {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, m)
	if e.reply == nil {
		return nil
	}
	return e.reply(m)
}

func (e *fakeEngine) messages() []bot.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]bot.Message(nil), e.got...)
}

// replyWith returns an engine that answers every message with replies.
func replyWith(replies ...bot.Reply) *fakeEngine {
	return &fakeEngine{reply: func(bot.Message) []bot.Reply { return replies }}
}

// syncBuffer is a log destination safe for concurrent handlers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newTestAdapter returns an adapter talking to a fresh fake Discord, and
// its log.
func newTestAdapter(t *testing.T, engine Engine) (*Adapter, *fakeDiscord, *syncBuffer) {
	t.Helper()
	f := newFakeDiscord(t)
	logs := &syncBuffer{}
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
	st.User = &discordgo.User{ID: testBotID, Bot: true}
	err := st.GuildAdd(&discordgo.Guild{
		ID:       "g1",
		Channels: []*discordgo.Channel{{ID: "c1", GuildID: "g1", Type: discordgo.ChannelTypeGuildText}},
		Threads: []*discordgo.Channel{
			{ID: "t-bot", GuildID: "g1", ParentID: "c1", OwnerID: testBotID, Type: discordgo.ChannelTypeGuildPublicThread},
			{ID: "t-user", GuildID: "g1", ParentID: "c1", OwnerID: "u2", Type: discordgo.ChannelTypeGuildPublicThread},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// waitFor polls cond until it holds or a few seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

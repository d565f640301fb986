package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/discord/discordtest"
	"github.com/faqbot/faqbot/bot"
)

func hasRoute(f *discordtest.Server, route string) func() bool {
	return func() bool { return slices.Contains(routes(f.Requests()), route) }
}

// event is a gateway dispatch: its type and data.
type event struct {
	Type string
	Data any
}

// dispatch waits for the adapter's gateway session and sends it events, in
// order, as Discord would.
func dispatch(t *testing.T, f *discordtest.Server, events ...event) {
	t.Helper()
	adaptertest.WaitFor(t, "the gateway session", func() bool { return f.Connected() == 1 })
	for _, e := range events {
		if err := f.Dispatch(e.Type, e.Data); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGatewayEndToEnd drives the adapter with the real discordgo client
// against a fake gateway: HELLO, READY, then a server, a mention, an edit,
// the bot's own message, /faq in a DM and a button click in a thread.
func TestGatewayEndToEnd(t *testing.T) {
	engine := adaptertest.Answer(answer)
	a, f, logs := newTestAdapter(t, engine)
	author := map[string]any{"id": "u1", "username": "pat"}
	message := func(id, channel, content string, from map[string]any, edited any) map[string]any {
		return map[string]any{
			"id": id, "channel_id": channel, "guild_id": "g1", "content": content, "author": from, "type": 0,
			"mentions":  []any{map[string]any{"id": discordtest.BotID, "bot": true}},
			"timestamp": "2025-01-02T03:04:05Z", "edited_timestamp": edited,
		}
	}
	events := []event{
		{"GUILD_CREATE", map[string]any{
			"id":       "g1",
			"channels": []any{map[string]any{"id": "c1", "guild_id": "g1", "type": 0}},
			"threads":  []any{map[string]any{"id": "t-bot", "guild_id": "g1", "parent_id": "c1", "owner_id": discordtest.BotID, "type": 11}},
		}},
		{"MESSAGE_CREATE", message("m1", "c1", "<@"+discordtest.BotID+"> "+secretQuestion, author, nil)},
		{"MESSAGE_UPDATE", message("m1", "c1", "<@"+discordtest.BotID+"> edited", author, "2025-01-02T03:05:00Z")},
		{"MESSAGE_CREATE", message("m2", "c1", "<@"+discordtest.BotID+"> I answer myself", map[string]any{"id": discordtest.BotID, "bot": true}, nil)},
		{"INTERACTION_CREATE", map[string]any{
			"id": "i1", "application_id": discordtest.AppID, "type": 2, "channel_id": "dm1", "token": "tok1", "user": author,
			"data": map[string]any{"id": "300000000000000001", "name": "faq", "type": 1,
				"options": []any{map[string]any{"name": "question", "type": 3, "value": "help"}}},
		}},
		{"INTERACTION_CREATE", map[string]any{
			"id": "i2", "application_id": discordtest.AppID, "type": 3, "guild_id": "g1", "channel_id": "t-bot", "token": "tok2",
			"member": map[string]any{"user": author},
			"data":   map[string]any{"custom_id": "faq|u1|1", "component_type": 2},
		}},
	}
	stop := adaptertest.Run(t, a.Run)
	dispatch(t, f, events...)
	for _, route := range []string{
		"POST /api/v9/applications/" + discordtest.AppID + "/commands",
		"POST /api/v9/channels/c1/messages/m1/threads",
		"POST /api/v9/channels/m1/messages",
		"POST /api/v9/webhooks/" + discordtest.AppID + "/tok1",
		"POST /api/v9/channels/t-bot/messages",
	} {
		adaptertest.WaitFor(t, route, hasRoute(f, route))
	}
	stop()

	t.Run("the bot identifies with its token and the intents it needs", func(t *testing.T) {
		identify := f.Identified()
		if len(identify) != 1 {
			t.Fatalf("%d IDENTIFY packets, want 1", len(identify))
		}
		if tok, in := identify[0]["token"], identify[0]["intents"]; tok != "Bot "+testToken || in != float64(intents) {
			t.Errorf("identified with token %v and intents %v, want intents %d", tok, in, intents)
		}
	})
	t.Run("the /faq command is registered globally with a question option", func(t *testing.T) {
		for _, r := range f.Requests() {
			if strings.HasSuffix(r.Path, "/commands") {
				opts, _ := r.Body["options"].([]any)
				if r.Body["name"] != "faq" || len(opts) != 1 || opts[0].(map[string]any)["name"] != "question" {
					t.Errorf("registered %v", r.Body)
				}
			}
		}
	})
	t.Run("the engine sees the mention, the command and the click, and nothing else", func(t *testing.T) {
		got := engine.Calls()
		slices.SortFunc(got, func(x, y bot.Message) int { return strings.Compare(x.EventID, y.EventID) })
		want := []bot.Message{
			{Platform: "discord", Conversation: "dm1", User: "u1", Text: "help", Direct: true, EventID: "i1"},
			{Platform: "discord", Conversation: "c1", Thread: "t-bot", User: "u1", Text: "1", EventID: "i2"},
			{Platform: "discord", Conversation: "c1", Thread: "m1", User: "u1", Text: secretQuestion, EventID: "m1"},
		}
		if !slices.Equal(got, want) {
			t.Errorf("engine got\n%+v\nwant\n%+v", got, want)
		}
	})
	assertNoText(t, logs)
}

func TestRunRetriesARejectedTokenWithBackoff(t *testing.T) {
	a, f, logs := newTestAdapter(t, adaptertest.Answer())
	f.RejectNext(4004, 4004)
	stop := adaptertest.Run(t, a.Run)
	adaptertest.WaitFor(t, "the /faq command after the third connection", hasRoute(f, "POST /api/v9/applications/"+discordtest.AppID+"/commands"))
	stop()
	if n := strings.Count(logs.String(), "Discord rejected DISCORD_BOT_TOKEN"); n != 2 {
		t.Errorf("logged the rejected token %d times, want 2:\n%s", n, logs)
	}
	if !strings.Contains(logs.String(), `"retry_in":"20ms"`) {
		t.Errorf("the second wait did not double:\n%s", logs)
	}
}

func TestRunReturnsWhileDiscordIsDown(t *testing.T) {
	a, f, logs := newTestAdapter(t, adaptertest.Answer())
	f.FailWith("GET /api/v9/gateway", 503)
	stop := adaptertest.Run(t, a.Run)
	adaptertest.WaitFor(t, "three attempts", func() bool { return strings.Count(logs.String(), "could not connect") >= 3 })
	stop()
	if !strings.Contains(logs.String(), "Discord is unreachable or unavailable") {
		t.Errorf("the log does not say Discord is down:\n%s", logs)
	}
}

func TestRegisterCommandInOneGuild(t *testing.T) {
	f := discordtest.New(t)
	s, err := discordgo.New("Bot " + testToken)
	if err != nil {
		t.Fatal(err)
	}
	a := newAdapter(Config{Token: testToken, GuildID: "123456789012345678"}, s, adaptertest.Answer(), nil)
	a.onReady(context.Background(), &discordgo.Ready{Application: &discordgo.Application{ID: discordtest.AppID}})
	a.onReady(context.Background(), &discordgo.Ready{Application: &discordgo.Application{ID: discordtest.AppID}})
	want := []string{fmt.Sprintf("POST /api/v9/applications/%s/guilds/123456789012345678/commands", discordtest.AppID)}
	if got := routes(f.Requests()); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q (once, in the guild)", got, want)
	}
}

package discord

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/discord/discordtest"
	"github.com/faqbot/faqbot/adapters/faqadmin"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/faq/revision"
)

const (
	adminID   = "200000000000000001"
	editEntry = "infusion-driving-home"
)

var adminUser = &discordgo.User{ID: adminID, Username: "dana"}

// newAdminAdapter is newTestAdapter with admin commands for Dana.
func newAdminAdapter(t *testing.T, engine Engine, live *revision.Live) (*Adapter, *discordtest.Server, *adaptertest.Logs) {
	t.Helper()
	a, f, logs := newTestAdapter(t, engine)
	admins, err := roster.Parse("Dana:" + adminID)
	if err != nil {
		t.Fatal(err)
	}
	WithAdmin(faqadmin.New(live, faqadmin.Data{}, admins, slog.New(slog.NewJSONHandler(logs, nil))))(a)
	return a, f, logs
}

func adminCmd(by *discordgo.User, text string) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "i1", AppID: discordtest.AppID, Token: "tok", Type: discordgo.InteractionApplicationCommand,
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: by},
		Data: discordgo.ApplicationCommandInteractionData{Name: "faq", Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: text},
		}},
	}
}

func modalSubmit(by *discordgo.User, customID, title, body string) *discordgo.Interaction {
	input := func(id, v string) discordgo.MessageComponent {
		return &discordgo.ActionsRow{Components: []discordgo.MessageComponent{&discordgo.TextInput{CustomID: id, Value: v}}}
	}
	return &discordgo.Interaction{
		ID: "i1", AppID: discordtest.AppID, Token: "tok", Type: discordgo.InteractionModalSubmit,
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: by},
		Data: discordgo.ModalSubmitInteractionData{CustomID: customID, Components: []discordgo.MessageComponent{
			input(faqadmin.FieldTitle, title), input(faqadmin.FieldBody, body),
		}},
	}
}

// answered returns the one interaction response sent and its data.
func answered(t *testing.T, f *discordtest.Server) (float64, map[string]any) {
	t.Helper()
	reqs := f.Requests()
	if got := routes(reqs); !slices.Equal(got, []string{"POST /api/v9/interactions/i1/tok/callback"}) {
		t.Fatalf("requests %q, want one interaction response", got)
	}
	data, _ := reqs[0].Body["data"].(map[string]any)
	typ, _ := reqs[0].Body["type"].(float64)
	return typ, data
}

func TestAdminEditOpensAModalAndTheSubmitSaves(t *testing.T) {
	ctx := context.Background()
	live := adaptertest.Live(t)
	seed, _, _ := live.Entry(editEntry)
	engine := adaptertest.Answer(answer)

	a, f, _ := newAdminAdapter(t, engine, live)
	a.onInteraction(ctx, testState(t), adminCmd(adminUser, "edit "+editEntry))
	typ, data := answered(t, f)
	if typ != float64(discordgo.InteractionResponseModal) || data["custom_id"] != editPrefix+editEntry+"|1" {
		t.Fatalf("edit answered with type %v, data %v; want a modal", typ, data)
	}
	rows, _ := data["components"].([]any)
	if len(rows) != 2 {
		t.Fatalf("modal has %d rows, want the title and the answer", len(rows))
	}
	body := rows[1].(map[string]any)["components"].([]any)[0].(map[string]any)
	if body["style"] != float64(discordgo.TextInputParagraph) || body["value"] != seed.Body || body["custom_id"] != faqadmin.FieldBody {
		t.Errorf("answer input %v, want a paragraph prefilled with the answer", body)
	}

	tests := []struct {
		name        string
		by          *discordgo.User
		customID    string
		body        string
		want        []string // in the reply
		wantVersion int
	}{
		{name: "an edit that breaks lint is refused and the text is given back",
			by: adminUser, customID: editPrefix + editEntry + "|1", body: strings.Repeat("Infusions take time. ", 70),
			want: []string{"**Not saved.**", "words", "```\nInfusions take time."}, wantVersion: 1},
		{name: "a valid edit is saved",
			by: adminUser, customID: editPrefix + editEntry + "|1", body: "Plan your ride home first. " + seed.Body,
			want: []string{"Saved `" + editEntry + "` as version 2."}, wantVersion: 2},
		{name: "an edit from an old version is a conflict",
			by: adminUser, customID: editPrefix + editEntry + "|1", body: "Other words. " + seed.Body,
			want: []string{"**Not saved.**", "Someone else changed", "Other words."}, wantVersion: 2},
		{name: "a non-admin's submission is refused",
			by: patient, customID: editPrefix + editEntry + "|2", body: "Hacked. " + seed.Body,
			want: []string{faqadmin.Refusal}, wantVersion: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, f, _ := newAdminAdapter(t, engine, live)
			a.onInteraction(ctx, testState(t), modalSubmit(tt.by, tt.customID, seed.Title, tt.body))
			typ, data := answered(t, f)
			content, _ := data["content"].(string)
			if typ != float64(discordgo.InteractionResponseChannelMessageWithSource) || data["flags"] != float64(discordgo.MessageFlagsEphemeral) {
				t.Errorf("answered with type %v, data %v; want an ephemeral message", typ, data)
			}
			for _, w := range tt.want {
				if !strings.Contains(content, w) {
					t.Errorf("reply %q does not contain %q", content, w)
				}
			}
			if n := len([]rune(content)); n > maxContent {
				t.Errorf("reply of %d characters", n)
			}
			if _, m, _ := live.Entry(editEntry); m.Version != tt.wantVersion {
				t.Errorf("version %d, want %d", m.Version, tt.wantVersion)
			}
		})
	}
	revs, _ := live.History(ctx, editEntry)
	if last := revs[len(revs)-1]; last.Author != "Dana" || last.Action != "edit" {
		t.Errorf("history ends with %+v", last)
	}
	if got := engine.Calls(); len(got) != 0 {
		t.Errorf("the engine got admin commands: %+v", got)
	}
}

func TestAdminCommandsOnDiscord(t *testing.T) {
	ctx := context.Background()
	live := adaptertest.Live(t)
	tests := []struct {
		name       string
		by         *discordgo.User
		text       string
		want       string // in the ephemeral reply; empty: the engine answers
		wantEnable bool
	}{
		{name: "an admin disables an entry", by: adminUser, text: "disable " + editEntry, want: "is offline (version 2)"},
		{name: "a non-admin is refused and nothing changes", by: patient, text: "enable " + editEntry, want: faqadmin.Refusal},
		{name: "an admin enables it again", by: adminUser, text: "enable " + editEntry, want: "is live again (version 3)", wantEnable: true},
		{name: "an admin sees the history", by: adminUser, text: "history " + editEntry, want: "v3 · ", wantEnable: true},
		{name: "a patient's question goes to the engine", by: patient, text: "can I drive home?", wantEnable: true},
		{name: "a patient's help goes to the engine", by: patient, text: "help", wantEnable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			engine := adaptertest.Answer(answer)
			a, f, logs := newAdminAdapter(t, engine, live)
			a.onInteraction(ctx, testState(t), adminCmd(tt.by, tt.text))
			if tt.want == "" {
				if got := engine.Calls(); len(got) != 1 || got[0].Text != tt.text {
					t.Errorf("engine got %+v, want the text", got)
				}
				return
			}
			_, data := answered(t, f)
			if content, _ := data["content"].(string); !strings.Contains(content, tt.want) || data["flags"] != float64(discordgo.MessageFlagsEphemeral) {
				t.Errorf("answered %v, want an ephemeral message containing %q", data, tt.want)
			}
			if got := engine.Calls(); len(got) != 0 {
				t.Errorf("the engine got %+v", got)
			}
			if tt.by == patient && (!strings.Contains(logs.String(), `"user":"u1"`) || !strings.Contains(logs.String(), "not an admin")) {
				t.Errorf("the refusal is not logged:\n%s", logs)
			}
		})
		if _, m, _ := live.Entry(editEntry); m.Enabled != tt.wantEnable {
			t.Fatalf("after %q: enabled %v, want %v", tt.name, m.Enabled, tt.wantEnable)
		}
	}
}

// TestAdminEditOverTheGateway sends the command and the modal submit as
// gateway events to the real discordgo client.
func TestAdminEditOverTheGateway(t *testing.T) {
	live := adaptertest.Live(t)
	seed, _, _ := live.Entry(editEntry)
	a, f, _ := newAdminAdapter(t, adaptertest.Answer(answer), live)
	user := map[string]any{"id": adminID, "username": "dana"}
	events := []event{
		{"INTERACTION_CREATE", map[string]any{
			"id": "i1", "application_id": discordtest.AppID, "type": 2, "channel_id": "dm1", "token": "tok1", "user": user,
			"data": map[string]any{"id": "300000000000000001", "name": "faq", "type": 1,
				"options": []any{map[string]any{"name": "question", "type": 3, "value": "edit " + editEntry}}},
		}},
		{"INTERACTION_CREATE", map[string]any{
			"id": "i2", "application_id": discordtest.AppID, "type": 5, "channel_id": "dm1", "token": "tok2", "user": user,
			"data": map[string]any{"custom_id": editPrefix + editEntry + "|1", "components": []any{
				map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": "title", "value": seed.Title}}},
				map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": "body", "value": "Plan your ride. " + seed.Body}}},
			}},
		}},
	}
	stop := adaptertest.Run(t, a.Run)
	dispatch(t, f, events...)
	for _, route := range []string{"POST /api/v9/interactions/i1/tok1/callback", "POST /api/v9/interactions/i2/tok2/callback"} {
		adaptertest.WaitFor(t, route, hasRoute(f, route))
	}
	stop()
	for _, r := range f.Requests() {
		switch r.Path {
		case "/api/v9/interactions/i1/tok1/callback":
			if r.Body["type"] != float64(discordgo.InteractionResponseModal) {
				t.Errorf("the command was answered with %v, want a modal", r.Body)
			}
		case "/api/v9/interactions/i2/tok2/callback":
			data, _ := r.Body["data"].(map[string]any)
			if c, _ := data["content"].(string); !strings.Contains(c, "as version 2") {
				t.Errorf("the submit was answered with %v", r.Body)
			}
		}
	}
	if e, m, _ := live.Entry(editEntry); m.Version != 2 || !strings.HasPrefix(e.Body, "Plan your ride. ") {
		t.Errorf("after the submit: version %d", m.Version)
	}
}

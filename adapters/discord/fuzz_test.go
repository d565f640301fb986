package discord

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/discord/discordtest"
)

// FuzzGatewayEvents decodes arbitrary MESSAGE_CREATE and INTERACTION_CREATE
// payloads with discordgo, as the gateway would deliver them, and runs the
// adapter's translation on whatever decodes: it must never panic, and a
// message it keeps must be a well-formed engine message.
func FuzzGatewayEvents(f *testing.F) {
	for _, s := range []string{
		`{"id":"m1","channel_id":"c1","guild_id":"g1","content":"<@` + discordtest.BotID + `> what is ketamine?","author":{"id":"u1"},"mentions":[{"id":"` + discordtest.BotID + `"}],"type":0}`,
		`{"id":"m2","channel_id":"dm1","content":"hi","author":{"id":"u1"},"type":0}`,
		`{"id":"m3","channel_id":"t-bot","guild_id":"g1","content":"2","author":{"id":"u1"},"type":19}`,
		`{"id":"m4","channel_id":"dm1","content":"","author":{"id":"u1"},"attachments":[{"id":"a"}]}`,
		`{"id":"m5","channel_id":"c1","content":"x","author":{"id":"u1","bot":true},"edited_timestamp":"2026-01-01T00:00:00Z"}`,
		`{"id":"i1","type":3,"channel_id":"c1","guild_id":"g1","member":{"user":{"id":"u1"}},"data":{"custom_id":"faq|u1|helpful","component_type":2}}`,
		`{"id":"i2","type":2,"channel_id":"dm1","user":{"id":"u1"},"data":{"name":"faq","options":[{"name":"question","type":3,"value":"cost?"}]}}`,
		`{"id":"i3","type":5,"channel_id":"dm1","user":{"id":"u1"},"data":{"custom_id":"faqadmin|edit|x|1","components":[]}}`,
		`{"type":3,"data":{"custom_id":"faq||"}}`, `null`, `{"author":null}`, "\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		st := testState(t)
		var m discordgo.Message
		if json.Unmarshal(data, &m) == nil {
			if in, ok := translate(st, &m); ok {
				if in.msg.Platform != Platform || in.msg.User == "" || in.msg.User == discordtest.BotID {
					t.Errorf("translate kept a malformed message: %+v", in.msg)
				}
				if !utf8.ValidString(in.msg.Text) && utf8.ValidString(m.Content) {
					t.Errorf("translate broke valid text: %q → %q", m.Content, in.msg.Text)
				}
			}
		}
		var i discordgo.Interaction
		if json.Unmarshal(data, &i) == nil {
			if u := interactionUser(&i); u != nil {
				a := &Adapter{}
				m := a.interactionMessage(st, &i, u.ID, "1")
				if m.Platform != Platform || m.Direct != (i.GuildID == "") {
					t.Errorf("interactionMessage = %+v for %+v", m, i)
				}
			}
			if d, ok := i.Data.(discordgo.MessageComponentInteractionData); ok {
				if _, text, ok := parseCustomID(d.CustomID); ok && text == "" {
					t.Errorf("parseCustomID(%q) accepted an empty text", d.CustomID)
				}
			}
		}
	})
}

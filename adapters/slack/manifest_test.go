package slack

import (
	"os"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestManifestAsksForWhatTheAdapterUses keeps manifest.yaml in step with
// the code: the scopes it needs and no more, the events it handles, /faq,
// buttons and Socket Mode.
func TestManifestAsksForWhatTheAdapterUses(t *testing.T) {
	raw, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				MessagesTab         bool `yaml:"messages_tab_enabled"`
				MessagesTabReadOnly bool `yaml:"messages_tab_read_only_enabled"`
			} `yaml:"app_home"`
			SlashCommands []struct {
				Command string `yaml:"command"`
			} `yaml:"slash_commands"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				BotEvents []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("manifest.yaml: %v", err)
	}
	scopes := slices.Sorted(slices.Values(m.OAuth.Scopes.Bot))
	if want := []string{"app_mentions:read", "chat:write", "commands", "groups:history", "im:history", "im:read", "im:write"}; !slices.Equal(scopes, want) {
		t.Errorf("bot scopes %v, want %v", scopes, want)
	}
	if events := slices.Sorted(slices.Values(m.Settings.Events.BotEvents)); !slices.Equal(events, []string{"app_mention", "message.groups", "message.im"}) {
		t.Errorf("bot events %v", events)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/faq" {
		t.Errorf("slash commands %+v, want /faq", m.Features.SlashCommands)
	}
	if !m.Settings.Interactivity.Enabled || !m.Settings.SocketMode {
		t.Error("interactivity and socket mode must be on")
	}
	if !m.Features.AppHome.MessagesTab || m.Features.AppHome.MessagesTabReadOnly {
		t.Error("patients must be able to message the bot from its Messages tab")
	}
}

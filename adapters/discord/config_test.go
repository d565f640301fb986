package discord

import (
	"strings"
	"testing"

	"github.com/faqbot/faqbot/adapters/adaptertest"
)

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		present bool
		err     string // part of the error, "" for none
	}{
		{name: "no token means the adapter is off", env: map[string]string{}},
		{name: "a token alone is enough", env: map[string]string{"DISCORD_BOT_TOKEN": " abc.def "}, want: Config{Token: "abc.def"}, present: true},
		{
			name:    "a guild and shards are read",
			env:     map[string]string{"DISCORD_BOT_TOKEN": "abc", "DISCORD_GUILD_ID": "123456789012345678", "DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "4"},
			want:    Config{Token: "abc", GuildID: "123456789012345678", ShardID: 2, ShardCount: 4},
			present: true,
		},
		{name: "a shard id equal to the count is refused", env: map[string]string{"DISCORD_BOT_TOKEN": "abc", "DISCORD_SHARD_ID": "4", "DISCORD_SHARD_COUNT": "4"}, present: true, err: "from 0 to 3"},
		{name: "a negative shard id is refused", env: map[string]string{"DISCORD_BOT_TOKEN": "abc", "DISCORD_SHARD_ID": "-1", "DISCORD_SHARD_COUNT": "4"}, present: true, err: "from 0 to 3"},
		{name: "a shard id without a count is refused", env: map[string]string{"DISCORD_BOT_TOKEN": "abc", "DISCORD_SHARD_ID": "1"}, present: true, err: "without DISCORD_SHARD_COUNT"},
		{name: "a shard count that is not a number is refused", env: map[string]string{"DISCORD_BOT_TOKEN": "abc", "DISCORD_SHARD_COUNT": "two"}, present: true, err: "whole number"},
		{name: "a guild id that is not an id is refused", env: map[string]string{"DISCORD_BOT_TOKEN": "abc", "DISCORD_GUILD_ID": "my server"}, present: true, err: "Copy Server ID"},
		{name: "settings without a token are refused", env: map[string]string{"DISCORD_GUILD_ID": "123456789012345678"}, err: "DISCORD_BOT_TOKEN is empty"},
		{name: "a token with spaces inside is refused", env: map[string]string{"DISCORD_BOT_TOKEN": "abc def"}, present: true, err: "spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, present, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if present != tt.present {
				t.Errorf("present = %v, want %v", present, tt.present)
			}
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
}

func TestNewRefusesAnInvalidConfig(t *testing.T) {
	if _, err := New(Config{}, &adaptertest.Engine{}, nil); err == nil {
		t.Error("New accepted a config without a token")
	}
}

package discord

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/faqbot/faqbot/adapters/roster"
)

// Config holds the Discord adapter's settings.
type Config struct {
	// Token is the bot token from the Discord Developer Portal (Bot →
	// Reset Token), from DISCORD_BOT_TOKEN. A leading "Bot " is optional.
	Token string
	// ShardID and ShardCount split a bot that is in very many servers
	// across processes (DISCORD_SHARD_ID, DISCORD_SHARD_COUNT): each
	// process runs with the same count and its own id, 0 <= id < count.
	// A count of 0 or 1 means one process receives every server.
	ShardID, ShardCount int
	// GuildID, from DISCORD_GUILD_ID, registers the /faq command in this
	// one server, where it is available at once. Empty registers it for
	// every server, which Discord may take up to an hour to show.
	GuildID string
	// StaffChannel is the id of the (private) channel where the staff
	// queue lives, from DISCORD_STAFF_CHANNEL; empty leaves it off (staff.go).
	StaffChannel string
	// Staff may claim, answer and close patients' requests there, from
	// DISCORD_STAFF_USERS ("Dana:123456789012345678,..."; the name is what
	// patients see).
	Staff roster.Roster
}

// ConfigFromEnv reads the DISCORD_* variables through getenv. The bool
// reports whether DISCORD_BOT_TOKEN is set, that is, whether the adapter
// should run. The error describes an invalid setting, including other
// DISCORD_* variables set without a token.
func ConfigFromEnv(getenv func(string) string) (Config, bool, error) {
	cfg := Config{
		Token:   strings.TrimSpace(getenv("DISCORD_BOT_TOKEN")),
		GuildID: strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
	}
	id, count := strings.TrimSpace(getenv("DISCORD_SHARD_ID")), strings.TrimSpace(getenv("DISCORD_SHARD_COUNT"))
	cfg.StaffChannel = strings.TrimSpace(getenv("DISCORD_STAFF_CHANNEL"))
	staff := strings.TrimSpace(getenv("DISCORD_STAFF_USERS"))
	if cfg.Token == "" {
		for _, v := range [][2]string{{"DISCORD_GUILD_ID", cfg.GuildID}, {"DISCORD_SHARD_ID", id}, {"DISCORD_SHARD_COUNT", count},
			{"DISCORD_STAFF_CHANNEL", cfg.StaffChannel}, {"DISCORD_STAFF_USERS", staff}} {
			if name := v[0]; v[1] != "" {
				return Config{}, false, fmt.Errorf("%s is set but DISCORD_BOT_TOKEN is empty: set the bot token to run the Discord adapter, or unset %s", name, name)
			}
		}
		return Config{}, false, nil
	}
	var err error
	if cfg.Staff, err = roster.Parse(staff); err != nil {
		return cfg, true, fmt.Errorf("DISCORD_STAFF_USERS: %w", err)
	}
	if id != "" && count == "" {
		return cfg, true, errors.New("DISCORD_SHARD_ID is set without DISCORD_SHARD_COUNT: set both, or neither to run one process")
	}
	if id != "" {
		if cfg.ShardID, err = strconv.Atoi(id); err != nil {
			return cfg, true, fmt.Errorf("DISCORD_SHARD_ID must be a whole number, got %q", id)
		}
	}
	if count != "" {
		if cfg.ShardCount, err = strconv.Atoi(count); err != nil {
			return cfg, true, fmt.Errorf("DISCORD_SHARD_COUNT must be a whole number, got %q", count)
		}
	}
	return cfg, true, cfg.Validate()
}

// Validate reports the first setting that cannot work, in words a clinic
// administrator can act on.
func (c Config) Validate() error {
	tok := strings.TrimPrefix(c.Token, "Bot ")
	switch {
	case tok == "":
		return errors.New("DISCORD_BOT_TOKEN is empty: copy the bot token from the Discord Developer Portal (Bot → Reset Token)")
	case strings.ContainsAny(tok, " \t\r\n"):
		return errors.New("DISCORD_BOT_TOKEN contains spaces: paste the token exactly as the Developer Portal shows it")
	case c.ShardCount < 0:
		return fmt.Errorf("DISCORD_SHARD_COUNT must be 1 or more, got %d", c.ShardCount)
	case c.ShardCount <= 1 && c.ShardID != 0:
		return fmt.Errorf("DISCORD_SHARD_ID %d needs DISCORD_SHARD_COUNT above it (0 <= id < count)", c.ShardID)
	case c.ShardCount > 1 && (c.ShardID < 0 || c.ShardID >= c.ShardCount):
		return fmt.Errorf("DISCORD_SHARD_ID must be from 0 to %d for DISCORD_SHARD_COUNT %d, got %d", c.ShardCount-1, c.ShardCount, c.ShardID)
	case c.GuildID != "" && !isSnowflake(c.GuildID):
		return fmt.Errorf("DISCORD_GUILD_ID must be a server id (digits only; right-click the server with Developer Mode on → Copy Server ID), got %q", c.GuildID)
	}
	return c.validateStaff()
}

// isSnowflake reports whether s looks like a Discord id.
func isSnowflake(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

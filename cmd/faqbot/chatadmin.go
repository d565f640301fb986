package main

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/faqbot/faqbot/adapters/discord"
	"github.com/faqbot/faqbot/adapters/faqadmin"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/slack"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq/revision"
)

// chatAdmins are the Slack and Discord users who may change the FAQ with
// the /faq admin commands, from SLACK_ADMIN_USERS and DISCORD_ADMIN_USERS
// ("name:userid" pairs or bare user ids, comma-separated).
type chatAdmins struct {
	slack, discord roster.Roster
}

func chatAdminsFromEnv(getenv func(string) string) (chatAdmins, error) {
	var (
		c          chatAdmins
		errS, errD error
	)
	if c.slack, errS = roster.Parse(getenv("SLACK_ADMIN_USERS")); errS != nil {
		errS = fmt.Errorf("SLACK_ADMIN_USERS: %w", errS)
	}
	if c.discord, errD = roster.Parse(getenv("DISCORD_ADMIN_USERS")); errD != nil {
		errD = fmt.Errorf("DISCORD_ADMIN_USERS: %w", errD)
	}
	return c, errors.Join(errS, errD)
}

// any reports whether anyone may edit the FAQ from a chat platform.
func (c chatAdmins) any() bool { return c.slack.Len()+c.discord.Len() > 0 }

// platformOptions are extra options for the platform adapters.
type platformOptions struct {
	slack   []slack.Option
	discord []discord.Option
}

// options turns on the /faq admin commands over live on each platform
// that lists admins. Nothing is turned on when the FAQ cannot be edited.
func (c chatAdmins) options(live *revision.Live, p parts, engine *bot.Engine, log *slog.Logger) platformOptions {
	var o platformOptions
	if live == nil {
		if c.any() {
			log.Warn("the FAQ cannot be edited right now, so the /faq admin commands are off")
		}
		return o
	}
	data := adminSources(p, engine)
	if c.slack.Len() > 0 {
		o.slack = append(o.slack, slack.WithAdmin(faqadmin.New(live, data, c.slack, log.With("platform", "slack"))))
	}
	if c.discord.Len() > 0 {
		o.discord = append(o.discord, discord.WithAdmin(faqadmin.New(live, data, c.discord, log.With("platform", "discord"))))
	}
	return o
}

// adminSources are what both admin front ends (the web console and API,
// and the chat commands) read besides the FAQ: unanswered questions and
// feedback when the store keeps them, and the hook that serves a saved
// edit at once on this replica.
func adminSources(p parts, engine *bot.Engine) faqadmin.Data {
	data := faqadmin.Data{Saved: engine.SetFAQ}
	if u, ok := p.store.(bot.UnansweredLog); ok {
		data.Unanswered = u.Unanswered
	}
	if f, ok := p.store.(bot.FeedbackStore); ok {
		data.Feedback = f.Feedback
	}
	return data
}

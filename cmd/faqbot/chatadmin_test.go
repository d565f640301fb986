package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

func TestChatAdminsFromEnv(t *testing.T) {
	tests := []struct {
		name                string
		vars                map[string]string
		wantSlack, wantDisc int
		wantErr             []string
	}{
		{name: "nobody by default", vars: nil},
		{name: "named and bare ids on both platforms",
			vars:      map[string]string{"SLACK_ADMIN_USERS": "Dana:U01, U02", "DISCORD_ADMIN_USERS": "Lee:123456789012345678"},
			wantSlack: 2, wantDisc: 1},
		{name: "a bad entry names the variable",
			vars:    map[string]string{"SLACK_ADMIN_USERS": "Dana:", "DISCORD_ADMIN_USERS": "Lee:1,Lee:2"},
			wantErr: []string{"SLACK_ADMIN_USERS", "DISCORD_ADMIN_USERS", "used twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := chatAdminsFromEnv(env(tt.vars))
			if len(tt.wantErr) > 0 {
				for _, w := range tt.wantErr {
					if err == nil || !strings.Contains(err.Error(), w) {
						t.Errorf("error %v does not mention %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.slack.Len() != tt.wantSlack || c.discord.Len() != tt.wantDisc || c.any() != (tt.wantSlack+tt.wantDisc > 0) {
				t.Errorf("got %d Slack and %d Discord admins, want %d and %d", c.slack.Len(), c.discord.Len(), tt.wantSlack, tt.wantDisc)
			}
		})
	}
}

func TestChatAdminOptionsOnlyWhereAdminsAreListed(t *testing.T) {
	cfg, err := loadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	p, err := newParts(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	store, err := revision.NewDirStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	live, err := revision.NewLive(context.Background(), p.seed.Entries(), store, faq.DefaultRules(), log)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := chatAdminsFromEnv(env(map[string]string{"SLACK_ADMIN_USERS": "Dana:U01"}))
	if o := c.options(live, p, p.engine, log); len(o.slack) != 1 || len(o.discord) != 0 {
		t.Errorf("options: %d for Slack, %d for Discord; want 1 and 0", len(o.slack), len(o.discord))
	}
	if o := c.options(nil, p, p.engine, log); len(o.slack)+len(o.discord) != 0 {
		t.Error("admin commands are on without a live FAQ")
	}
}

func TestServeRefusesABadAdminList(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve"}, strings.NewReader(""), &out, &errb,
		env(map[string]string{"SLACK_ADMIN_USERS": "Dana:U 01", "FAQBOT_HTTP_ADDR": "127.0.0.1:0"}))
	if code != 1 || !strings.Contains(errb.String(), "SLACK_ADMIN_USERS") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

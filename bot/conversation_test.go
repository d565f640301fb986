package bot_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
	"github.com/faqbot/faqbot/bot/redisstore"
	"github.com/faqbot/faqbot/faq"
)

// replicas returns two engines sharing one real Redis, as two faqbot
// processes would.
func replicas(t *testing.T, cfg bot.Config) (*bot.Engine, *bot.Engine) {
	t.Helper()
	return replicasOn(t, bottest.StartRedis(t).Addr, cfg)
}

// replicasOn returns two engines sharing the Redis at addr.
func replicasOn(t *testing.T, addr string, cfg bot.Config) (*bot.Engine, *bot.Engine) {
	t.Helper()
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	mk := func() *bot.Engine {
		opts, _ := redisstore.ParseURL("redis://" + addr)
		rdb := redis.NewUniversalClient(opts)
		t.Cleanup(func() { rdb.Close() })
		return bot.New(cfg, set, redisstore.New(rdb, time.Hour, "conv:"), faq.ExampleProfile(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
	return mk(), mk()
}

func TestMultiTurnAcrossReplicas(t *testing.T) {
	a, b := replicas(t, bot.DefaultConfig())
	ctx := context.Background()
	m := bot.Message{Platform: "test", Conversation: "c", User: "u", Direct: true}
	say := func(e *bot.Engine, text string) bot.Reply {
		t.Helper()
		m.Text = text
		rs := e.Handle(ctx, m)
		if len(rs) == 0 {
			t.Fatalf("%q: no reply", text)
		}
		return rs[len(rs)-1]
	}

	t.Run("a clarifying question is answered on the other replica", func(t *testing.T) {
		r := say(a, "ketamine infusion")
		if r.Kind != bot.KindClarify || len(r.Choices) < 2 {
			t.Fatalf("want a clarify reply, got %s %v", r.Kind, r.Candidates)
		}
		if got := say(b, "2"); got.Kind != bot.KindAnswer || got.Entry != r.Choices[1].ID {
			t.Errorf("choice 2 → %s %q, want %q", got.Kind, got.Entry, r.Choices[1].ID)
		}
	})
	t.Run("a follow-up uses the last topic", func(t *testing.T) {
		if r := say(a, "what are the side effects of ketamine"); r.Entry != "ketamine-side-effects" {
			t.Fatalf("first: %s", r.Entry)
		}
		if r := say(b, "how long do they last"); r.Entry != "ketamine-side-effects" {
			t.Errorf("follow-up → %s %q, want ketamine-side-effects", r.Kind, r.Entry)
		}
		if r := say(a, "is it safe for me if I'm pregnant?"); r.Entry != "ketamine-pregnancy" {
			t.Errorf("pregnancy follow-up → %s %q", r.Kind, r.Entry)
		}
	})
	t.Run("this and that before a noun do not point back", func(t *testing.T) {
		if r := say(a, "can I drive home after my infusion?"); r.Entry != "infusion-driving-home" {
			t.Fatalf("first: %s", r.Entry)
		}
		if r := say(b, "I am in so much pain, can I get an extra infusion this week?"); r.Entry != "infusion-number-of-sessions" {
			t.Errorf("extra infusion after driving → %s %q, want infusion-number-of-sessions", r.Kind, r.Entry)
		}
		say(a, "can I drive home after my infusion?")
		if r := say(b, "this flare is killing me lol"); r.Entry == "infusion-driving-home" {
			t.Errorf("venting after driving → the driving answer again")
		}
	})
	t.Run("helpful feedback is counted per entry", func(t *testing.T) {
		say(a, "can i drive home after the infusion")
		if r := say(b, "that was helpful"); r.Kind != bot.KindSmallTalk {
			t.Errorf("feedback reply: %s", r.Kind)
		}
	})
}

func TestHandoffTimeoutTellsThePatientWhenTheClinicReplies(t *testing.T) {
	cfg := bot.DefaultConfig()
	cfg.HandoffTimeout = time.Millisecond
	a, b := replicas(t, cfg)
	ctx := context.Background()
	m := bot.Message{Platform: "test", Conversation: "c2", User: "u2", Direct: true, Text: "I need to talk to a nurse"}
	if r := a.Handle(ctx, m); r[0].Kind != bot.KindHandoff {
		t.Fatalf("handoff: %+v", r)
	}
	time.Sleep(5 * time.Millisecond)
	m.Text = "hello? is anyone there? what is fibro fog"
	rs := b.Handle(ctx, m)
	if len(rs) < 2 || rs[0].Kind != bot.KindNotice || !strings.Contains(rs[0].Text, "555-0100") {
		t.Errorf("after the timeout: %+v", rs)
	}
	tickets, err := a.Tickets(ctx)
	if err != nil || len(tickets) != 1 || !tickets[0].Notified {
		t.Errorf("tickets = %+v, %v", tickets, err)
	}
	// Once told, the patient is not told again.
	m.Text = "what is fibro fog"
	if rs := a.Handle(ctx, m); rs[0].Kind == bot.KindNotice {
		t.Errorf("told twice: %+v", rs)
	}
}

func TestDuplicateDeliveryGetsNoSecondReply(t *testing.T) {
	a, b := replicas(t, bot.DefaultConfig())
	ctx := context.Background()
	m := bot.Message{Platform: "slack", Conversation: "c3", User: "u3", Text: "What is fibromyalgia?", EventID: "Ev1"}
	if rs := a.Handle(ctx, m); len(rs) != 1 {
		t.Fatalf("first delivery: %+v", rs)
	}
	if rs := b.Handle(ctx, m); len(rs) != 0 {
		t.Errorf("retried delivery on another replica got %d replies", len(rs))
	}
}

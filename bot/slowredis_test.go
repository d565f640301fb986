package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
)

// TestSlowRedisStillAnswers pauses every Redis client for longer than the
// store's timeouts (CLIENT PAUSE, as a busy or failing-over server would
// behave): FAQ answers and crisis replies still go out, without memory,
// the engine reports itself degraded, and it recovers once Redis answers.
func TestSlowRedisStillAnswers(t *testing.T) {
	r := bottest.StartRedis(t)
	e, _ := replicasOn(t, r.Addr, bot.DefaultConfig())
	ctx := context.Background()
	say := func(text string) bot.Reply {
		t.Helper()
		rs := e.Handle(ctx, bot.Message{Platform: "test", Conversation: "slow", User: "u", Text: text, Direct: true})
		if len(rs) == 0 {
			t.Fatalf("%q: no reply", text)
		}
		return rs[len(rs)-1]
	}
	if r := say("What is fibromyalgia?"); r.Kind != bot.KindAnswer {
		t.Fatalf("before the pause: %s", r.Kind)
	}

	admin := redis.NewClient(&redis.Options{Addr: r.Addr})
	defer admin.Close()
	if err := admin.Do(ctx, "CLIENT", "PAUSE", "2500", "ALL").Err(); err != nil {
		t.Fatalf("CLIENT PAUSE: %v", err)
	}
	if r := say("can I drive home after the infusion?"); r.Kind != bot.KindAnswer {
		t.Errorf("FAQ while Redis is slow: %s", r.Kind)
	}
	if r := say("I want to end my life"); r.Kind != bot.KindCrisis {
		t.Errorf("crisis while Redis is slow: %s", r.Kind)
	}
	if !e.Degraded() {
		t.Error("the engine does not report itself degraded while Redis is slow")
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		say("What is fibromyalgia?")
		if !e.Degraded() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("did not recover after the pause ended")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

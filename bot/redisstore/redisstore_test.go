package redisstore_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
	"github.com/faqbot/faqbot/bot/redisstore"
	"github.com/faqbot/faqbot/faq/revision"
	"github.com/faqbot/faqbot/faq/revision/revisiontest"
)

var prefixes atomic.Int64

func newStore(t *testing.T, r *bottest.Redis, ttl time.Duration) *redisstore.Store {
	opts, err := redisstore.ParseURL("redis://" + r.Addr)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewUniversalClient(opts)
	t.Cleanup(func() { rdb.Close() })
	return redisstore.New(rdb, ttl, fmt.Sprintf("test%d:", prefixes.Add(1)))
}

func TestContract(t *testing.T) {
	r := bottest.StartRedis(t)
	bottest.TestStore(t, func(t *testing.T, _ func() time.Time, ttl time.Duration) bot.Store {
		return newStore(t, r, ttl)
	})
}

func TestFirstDeliveryRecordsEachEventOnce(t *testing.T) {
	s := newStore(t, bottest.StartRedis(t), time.Hour)
	ctx := context.Background()
	first, err := s.FirstDelivery(ctx, "slack:Ev123")
	if err != nil || !first {
		t.Fatalf("first delivery = %v, %v", first, err)
	}
	if again, _ := s.FirstDelivery(ctx, "slack:Ev123"); again {
		t.Error("a retried event was reported as new")
	}
}

func TestRedisDownIsAnErrorAndRecovers(t *testing.T) {
	r := bottest.StartRedis(t)
	s := newStore(t, r, time.Hour)
	ctx := context.Background()
	if err := s.Save(ctx, bot.Conversation{Key: "k", User: "p:u"}); err != nil {
		t.Fatal(err)
	}
	r.Stop()
	if _, err := s.Load(ctx, "k"); err == nil {
		t.Fatal("Load with Redis down returned no error")
	}
	r.Restart(t)
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := s.Load(ctx, "k")
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("store did not reconnect: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestParseURL(t *testing.T) {
	tests := []struct {
		url     string
		addrs   int
		master  string
		cluster bool
		bad     bool
	}{
		{url: "redis://localhost:6379", addrs: 1},
		{url: "redis://:secret@localhost:6379/2", addrs: 1},
		{url: "redis://a:7000?addr=b:7001&addr=c:7002", addrs: 3},
		{url: "redis://a:7000?cluster=true", addrs: 1, cluster: true},
		{url: "redis://s1:26379?master_name=mymaster&addr=s2:26379", addrs: 2, master: "mymaster"},
		{url: "http://localhost", bad: true},
		{url: "redis://localhost/notanumber", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			o, err := redisstore.ParseURL(tt.url)
			if tt.bad {
				if err == nil {
					t.Fatal("accepted a bad URL")
				}
				return
			}
			if err != nil || len(o.Addrs) != tt.addrs || o.MasterName != tt.master || o.IsClusterMode != tt.cluster {
				t.Errorf("ParseURL = %+v, %v", o, err)
			}
		})
	}
}

func TestTicketContract(t *testing.T) {
	r := bottest.StartRedis(t)
	bottest.TestTicketStore(t, func(t *testing.T) interface {
		bot.Store
		bot.TicketStore
	} {
		return newStore(t, r, time.Hour)
	})
}

func TestFeedback(t *testing.T) {
	bottest.TestFeedbackStore(t, newStore(t, bottest.StartRedis(t), time.Hour))
}

func TestUnanswered(t *testing.T) {
	bottest.TestUnansweredLog(t, newStore(t, bottest.StartRedis(t), time.Hour))
}

func TestRevisionContract(t *testing.T) {
	r := bottest.StartRedis(t)
	revisiontest.TestStore(t, func(t *testing.T) revision.Store { return newStore(t, r, time.Hour) })
}

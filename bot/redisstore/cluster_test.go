package redisstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
	"github.com/faqbot/faqbot/bot/redisstore"
	"github.com/faqbot/faqbot/faq/revision"
	"github.com/faqbot/faqbot/faq/revision/revisiontest"
)

// TestOnRedisCluster runs every contract against a real three-node Redis
// Cluster: hash-tagged keys keep each script and transaction in one slot.
func TestOnRedisCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a three-node cluster")
	}
	url := bottest.StartCluster(t)
	n := 0
	newClusterStore := func(t *testing.T, ttl time.Duration) *redisstore.Store {
		opts, err := redisstore.ParseURL(url)
		if err != nil {
			t.Fatal(err)
		}
		rdb := redis.NewUniversalClient(opts)
		if _, ok := rdb.(*redis.ClusterClient); !ok {
			t.Fatalf("the URL did not select a cluster client: %T", rdb)
		}
		t.Cleanup(func() { rdb.Close() })
		n++
		return redisstore.New(rdb, ttl, fmt.Sprintf("cluster%d:", n))
	}
	t.Run("conversations", func(t *testing.T) {
		bottest.TestStore(t, func(t *testing.T, _ func() time.Time, ttl time.Duration) bot.Store { return newClusterStore(t, ttl) })
	})
	t.Run("tickets", func(t *testing.T) {
		bottest.TestTicketStore(t, func(t *testing.T) interface {
			bot.Store
			bot.TicketStore
		} {
			return newClusterStore(t, time.Hour)
		})
	})
	t.Run("faq revisions", func(t *testing.T) {
		revisiontest.TestStore(t, func(t *testing.T) revision.Store { return newClusterStore(t, time.Hour) })
	})
	t.Run("feedback, unanswered and de-duplication", func(t *testing.T) {
		s := newClusterStore(t, time.Hour)
		bottest.TestFeedbackStore(t, s)
		bottest.TestUnansweredLog(t, s)
		if first, err := s.FirstDelivery(context.Background(), "ev1"); err != nil || !first {
			t.Errorf("FirstDelivery = %v, %v", first, err)
		}
	})
}

package bot

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/faqbot/faqbot/bot/triage"
)

// Limits caps how fast one user, and one channel, can send messages. A
// flood gets a polite slow-down; a crisis or emergency is never limited.
type Limits struct {
	UserPerMinute    float64
	UserBurst        int
	ChannelPerMinute float64
	ChannelBurst     int
}

// limiter holds token buckets per user and per channel.
type limiter struct {
	cfg     Limits
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxBuckets bounds the limiter's memory; idle buckets are swept past it.
const maxBuckets = 50000

func newLimiter(cfg Limits) *limiter {
	return &limiter{cfg: cfg, buckets: map[string]*bucket{}}
}

func (l *limiter) allow(now time.Time, key string, perMinute float64, burst int) bool {
	if perMinute <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			for k, old := range l.buckets {
				if now.Sub(old.seen) > 10*time.Minute {
					delete(l.buckets, k)
				}
			}
		}
		b = &bucket{lim: rate.NewLimiter(rate.Limit(perMinute/60), burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// limit replies with a slow-down when a user or channel floods, after
// safety triage so that a crisis always gets through.
func (e *Engine) limit(_ context.Context, t *turn) {
	if t.decided() || e.limiter == nil {
		return
	}
	switch t.triage.Category {
	case triage.Crisis, triage.Emergency:
		return
	}
	now := e.now()
	userOK := e.limiter.allow(now, "u:"+UserKey(t.msg), e.limiter.cfg.UserPerMinute, e.limiter.cfg.UserBurst)
	chanOK := t.msg.Direct || e.limiter.allow(now, "c:"+t.msg.Platform+":"+t.msg.Conversation, e.limiter.cfg.ChannelPerMinute, e.limiter.cfg.ChannelBurst)
	if userOK && chanOK {
		return
	}
	t.limited = true
	t.replies = []Reply{e.fixed(KindNotice, "You're sending messages faster than I can answer them well. Please wait a moment and send your question again. If it's urgent, call {{clinic.phone}}; in an emergency call {{emergency.number}}.")}
}

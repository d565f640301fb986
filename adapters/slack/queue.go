package slack

import (
	"context"
	"hash/fnv"
	"math/rand/v2"
	"sync"
	"time"
)

const (
	// workers handle events concurrently; events of one user in one
	// conversation always go to the same worker, so they stay in order.
	workers = 4
	// queueDepth bounds each worker's backlog. When it is full, HTTP
	// deliveries get 503 and Slack retries them later.
	queueDepth = 64
)

// queue hands inbound events to workers, sharded by conversation and user.
// Slack wants an acknowledgement within three seconds, longer than the
// engine may take, so events are acknowledged first and handled here.
type queue struct {
	shards []chan inbound
}

func newQueue(n, depth int) *queue {
	q := &queue{shards: make([]chan inbound, n)}
	for i := range q.shards {
		q.shards[i] = make(chan inbound, depth)
	}
	return q
}

func (q *queue) shard(in inbound) chan inbound {
	h := fnv.New32a()
	h.Write([]byte(in.msg.Conversation + "\x00" + in.msg.User))
	return q.shards[h.Sum32()%uint32(len(q.shards))]
}

// offer enqueues in without blocking and reports whether it was taken.
func (q *queue) offer(in inbound) bool {
	select {
	case q.shard(in) <- in:
		return true
	default:
		return false
	}
}

// put enqueues in, waiting for room until ctx is done.
func (q *queue) put(ctx context.Context, in inbound) bool {
	select {
	case q.shard(in) <- in:
		return true
	case <-ctx.Done():
		return false
	}
}

// start runs one goroutine per shard, calling handle for each event until
// ctx is done.
func (q *queue) start(ctx context.Context, wg *sync.WaitGroup, handle func(context.Context, inbound)) {
	for _, ch := range q.shards {
		wg.Go(func() {
			for {
				select {
				case <-ctx.Done():
					return
				case in := <-ch:
					handle(ctx, in)
				}
			}
		})
	}
}

// backoff yields exponentially growing waits with jitter, from one second
// up to five minutes.
type backoff struct{ attempt int }

func (b *backoff) next() time.Duration {
	d := time.Second << min(b.attempt, 9)
	b.attempt++
	d = min(d, 5*time.Minute)
	return d + rand.N(d/5+1)
}

func (b *backoff) reset() { b.attempt = 0 }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

package staffdesk

import (
	"sync"
	"time"
)

// This file spaces out attempts to post cards while the platform refuses
// them (an outage, a permission taken away), so that a desk does not try,
// and log a failure, for every waiting ticket every round.

// maxPostPause bounds the pause between attempts to post cards.
const maxPostPause = time.Minute

// postPause is a desk's backoff for posting cards. After a round in which
// every card the desk tried to post failed, it skips 1 round, then 2, 4,
// 8... after further such rounds, up to about maxPostPause; a card posted
// ends the pause. Rounds are counted rather than timed, so a round that
// starts late does not shorten or lengthen the pause.
//
// A ticket whose card was never tried is tried even during a pause: a new
// request, perhaps a crisis, is not held back by older failures, and a
// success ends the pause for the others.
type postPause struct {
	mu       sync.Mutex
	failures int             // rounds in a row in which every post failed
	skip     int             // rounds left to skip
	paused   bool            // this round retries no failed card
	failed   map[string]bool // tickets whose last post here failed
	posted   int             // cards posted this round
	missed   int             // cards that failed to post this round
}

// startRound begins a round: paused while rounds are left to skip.
func (p *postPause) startRound() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.posted, p.missed = 0, 0
	p.paused = p.skip > 0
	if p.paused {
		p.skip--
	}
}

// mayPost reports whether ticket's card may be tried this round.
func (p *postPause) mayPost(ticket string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.paused || !p.failed[ticket]
}

// record notes the outcome of an attempt to post ticket's card.
func (p *postPause) record(ticket string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil {
		p.posted++
		delete(p.failed, ticket)
		return
	}
	p.missed++
	if p.failed == nil {
		p.failed = map[string]bool{}
	}
	p.failed[ticket] = true
}

// endRound ends a round of interval and returns how long until failed
// cards are tried again: zero unless every post this round failed. It
// forgets tickets that left the queue (not in listed).
func (p *postPause) endRound(listed map[string]bool, interval time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id := range p.failed {
		if !listed[id] {
			delete(p.failed, id)
		}
	}
	switch {
	case p.posted > 0:
		p.failures, p.skip = 0, 0
	case p.missed > 0:
		p.failures++
		p.skip = min(1<<min(p.failures-1, 30), max(0, int(maxPostPause/interval)-1))
		return time.Duration(p.skip+1) * interval
	}
	return 0
}

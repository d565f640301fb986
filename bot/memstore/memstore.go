// Package memstore is the embedded, in-process conversation and ticket store: state
// lives in memory with a TTL and is lost on restart. It is the default
// when no Redis is configured and suits a single replica.
package memstore

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/faqbot/faqbot/bot"
)

var (
	_ bot.Store   = (*Store)(nil)
	_ bot.Deduper = (*Store)(nil)
)

// Store is an in-memory bot.Store. The zero value is not usable; call New.
type Store struct {
	ttl        time.Duration
	now        func() time.Time
	mu         sync.Mutex
	convs      map[string]item
	users      map[string]map[string]struct{} // user key -> conversation keys
	seen       map[string]time.Time           // event id -> expiry
	tk         tickets
	feedback   map[string]bot.FeedbackCount
	cache      map[string]cached
	unanswered []bot.Unanswered
	saves      int
}

type item struct {
	conv    bot.Conversation
	expires time.Time
}

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock, for tests of expiry.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// New returns a Store whose conversations expire ttl after their last save.
func New(ttl time.Duration, opts ...Option) *Store {
	s := &Store{ttl: ttl, now: time.Now, convs: map[string]item{}, users: map[string]map[string]struct{}{}, seen: map[string]time.Time{}, tk: newTickets()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Load implements bot.Store.
func (s *Store) Load(ctx context.Context, key string) (bot.Conversation, error) {
	if err := ctx.Err(); err != nil {
		return bot.Conversation{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.convs[key]
	if !ok || !s.now().Before(it.expires) {
		return bot.Conversation{Key: key}, nil
	}
	return clone(it.conv), nil
}

// Save implements bot.Store.
func (s *Store) Save(ctx context.Context, c bot.Conversation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	cur, ok := s.convs[c.Key]
	if ok && !now.Before(cur.expires) {
		ok = false
	}
	switch {
	case ok && cur.conv.Version != c.Version, !ok && c.Version != 0:
		return bot.ErrConflict
	}
	c = clone(c)
	c.Version++
	s.convs[c.Key] = item{conv: c, expires: now.Add(s.ttl)}
	if c.User != "" {
		if s.users[c.User] == nil {
			s.users[c.User] = map[string]struct{}{}
		}
		s.users[c.User][c.Key] = struct{}{}
	}
	if s.saves++; s.saves%1024 == 0 {
		s.sweep(now)
	}
	return nil
}

// Forget implements bot.Store.
func (s *Store) Forget(ctx context.Context, user string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for key := range s.users[user] {
		if _, ok := s.convs[key]; ok {
			delete(s.convs, key)
			n++
		}
	}
	delete(s.users, user)
	s.forgetTickets(user)
	return n, nil
}

// FirstDelivery implements bot.Deduper.
func (s *Store) FirstDelivery(ctx context.Context, eventID string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return true, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if exp, ok := s.seen[eventID]; ok && now.Before(exp) {
		return false, nil
	}
	s.seen[eventID] = now.Add(s.ttl)
	return true, nil
}

// sweep drops expired conversations so memory does not grow without bound.
func (s *Store) sweep(now time.Time) {
	for id, exp := range s.seen {
		if !now.Before(exp) {
			delete(s.seen, id)
		}
	}
	for key, it := range s.convs {
		if !now.Before(it.expires) {
			delete(s.convs, key)
			if keys := s.users[it.conv.User]; keys != nil {
				delete(keys, key)
				if len(keys) == 0 {
					delete(s.users, it.conv.User)
				}
			}
		}
	}
}

func clone(c bot.Conversation) bot.Conversation {
	c.Pending = slices.Clone(c.Pending)
	c.Turns = slices.Clone(c.Turns)
	return c
}

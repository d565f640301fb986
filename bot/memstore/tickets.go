package memstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"time"

	"github.com/faqbot/faqbot/bot"
)

var _ bot.TicketStore = (*Store)(nil)

// tickets is the in-memory handoff queue. It shares the Store's mutex.
type tickets struct {
	byID    map[string]bot.Ticket
	active  map[string]string // conversation -> ticket id
	outbox  map[string][]bot.Outbound
	relayed map[string][]bot.Turn
}

func newTickets() tickets {
	return tickets{byID: map[string]bot.Ticket{}, active: map[string]string{}, outbox: map[string][]bot.Outbound{}, relayed: map[string][]bot.Turn{}}
}

// NewTicketID returns a random ticket id.
func NewTicketID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// OpenTicket implements bot.TicketStore.
func (s *Store) OpenTicket(ctx context.Context, t bot.Ticket) (bot.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return bot.Ticket{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.tk.active[t.Conversation]; ok {
		return cloneTicket(s.tk.byID[id]), nil
	}
	if t.ID == "" {
		t.ID = NewTicketID()
	}
	t.Status = bot.TicketOpen
	t = cloneTicket(t)
	s.tk.byID[t.ID] = t
	s.tk.active[t.Conversation] = t.ID
	return cloneTicket(t), nil
}

// ActiveTicket implements bot.TicketStore.
func (s *Store) ActiveTicket(ctx context.Context, conversation string) (bot.Ticket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.tk.active[conversation]
	if !ok {
		return bot.Ticket{}, bot.ErrNoTicket
	}
	return cloneTicket(s.tk.byID[id]), ctx.Err()
}

// Ticket implements bot.TicketStore.
func (s *Store) Ticket(ctx context.Context, id string) (bot.Ticket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tk.byID[id]
	if !ok {
		return bot.Ticket{}, bot.ErrNoTicket
	}
	return cloneTicket(t), ctx.Err()
}

// UpdateTicket implements bot.TicketStore.
func (s *Store) UpdateTicket(ctx context.Context, id string, fn func(*bot.Ticket) error) (bot.Ticket, error) {
	if err := ctx.Err(); err != nil {
		return bot.Ticket{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tk.byID[id]
	if !ok {
		return bot.Ticket{}, bot.ErrNoTicket
	}
	t = cloneTicket(t)
	if err := fn(&t); err != nil {
		return bot.Ticket{}, err
	}
	s.tk.byID[id] = t
	if t.Status == bot.TicketClosed && s.tk.active[t.Conversation] == id {
		delete(s.tk.active, t.Conversation)
	}
	return cloneTicket(t), nil
}

// Tickets implements bot.TicketStore.
func (s *Store) Tickets(ctx context.Context) ([]bot.Ticket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.Ticket
	for _, id := range s.tk.active {
		out = append(out, cloneTicket(s.tk.byID[id]))
	}
	slices.SortFunc(out, func(a, b bot.Ticket) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, ctx.Err()
}

// Push implements bot.TicketStore.
func (s *Store) Push(ctx context.Context, m bot.Outbound) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tk.outbox[m.Conversation] = append(s.tk.outbox[m.Conversation], m)
	return ctx.Err()
}

// Pull implements bot.TicketStore.
func (s *Store) Pull(ctx context.Context, conversation string) ([]bot.Outbound, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.tk.outbox[conversation]
	delete(s.tk.outbox, conversation)
	return out, ctx.Err()
}

// Relay implements bot.TicketStore.
func (s *Store) Relay(ctx context.Context, ticketID string, turn bot.Turn) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tk.relayed[ticketID] = append(s.tk.relayed[ticketID], turn)
	return ctx.Err()
}

// Relayed implements bot.TicketStore.
func (s *Store) Relayed(ctx context.Context, ticketID string) ([]bot.Turn, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.tk.relayed[ticketID]
	delete(s.tk.relayed, ticketID)
	return out, ctx.Err()
}

// forgetTickets drops a user's tickets and queued messages. Callers hold mu.
func (s *Store) forgetTickets(user string) {
	for id, t := range s.tk.byID {
		if t.User != user {
			continue
		}
		delete(s.tk.byID, id)
		delete(s.tk.relayed, id)
		delete(s.tk.outbox, t.Conversation)
		if s.tk.active[t.Conversation] == id {
			delete(s.tk.active, t.Conversation)
		}
	}
}

func cloneTicket(t bot.Ticket) bot.Ticket {
	t.Turns = slices.Clone(t.Turns)
	t.Cards = slices.Clone(t.Cards)
	return t
}

var _ bot.FeedbackStore = (*Store)(nil)

// RecordFeedback implements bot.FeedbackStore.
func (s *Store) RecordFeedback(ctx context.Context, entry string, helpful bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.feedback == nil {
		s.feedback = map[string]bot.FeedbackCount{}
	}
	c := s.feedback[entry]
	if helpful {
		c.Helpful++
	} else {
		c.NotHelpful++
	}
	s.feedback[entry] = c
	return ctx.Err()
}

// Feedback implements bot.FeedbackStore.
func (s *Store) Feedback(ctx context.Context) (map[string]bot.FeedbackCount, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]bot.FeedbackCount, len(s.feedback))
	for k, v := range s.feedback {
		out[k] = v
	}
	return out, ctx.Err()
}

// CachedText returns a cached text (for LLM rephrasings).
func (s *Store) CachedText(ctx context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.cache[key]
	if !ok || !s.now().Before(it.expires) {
		return "", false, ctx.Err()
	}
	return it.text, true, ctx.Err()
}

// CacheText stores a text for the store's TTL.
func (s *Store) CacheText(ctx context.Context, key, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache == nil {
		s.cache = map[string]cached{}
	}
	if len(s.cache) >= maxCached {
		clear(s.cache) // a crude bound: rephrasings are cheap to redo
	}
	s.cache[key] = cached{text: text, expires: s.now().Add(s.ttl)}
	return ctx.Err()
}

// maxCached bounds the in-memory rephrasing cache.
const maxCached = 10000

type cached struct {
	text    string
	expires time.Time
}

var _ bot.UnansweredLog = (*Store)(nil)

// RecordUnanswered implements bot.UnansweredLog, keeping the newest 1,000.
func (s *Store) RecordUnanswered(ctx context.Context, q bot.Unanswered) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unanswered = append(s.unanswered, q)
	if over := len(s.unanswered) - 1000; over > 0 {
		s.unanswered = slices.Clone(s.unanswered[over:])
	}
	return ctx.Err()
}

// Unanswered implements bot.UnansweredLog.
func (s *Store) Unanswered(ctx context.Context, limit int) ([]bot.Unanswered, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.Unanswered
	for i := len(s.unanswered) - 1; i >= 0 && len(out) < limit; i-- {
		out = append(out, s.unanswered[i])
	}
	return out, ctx.Err()
}

// PullPlatform implements bot.TicketStore.
func (s *Store) PullPlatform(ctx context.Context, platform string) ([]bot.Outbound, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []bot.Outbound
	for conv, msgs := range s.tk.outbox {
		if len(msgs) > 0 && msgs[0].Platform == platform {
			out = append(out, msgs...)
			delete(s.tk.outbox, conv)
		}
	}
	slices.SortStableFunc(out, func(a, b bot.Outbound) int { return a.At.Compare(b.At) })
	return out, ctx.Err()
}

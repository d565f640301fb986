package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/bot"
)

var _ bot.TicketStore = (*Store)(nil)

// ticketTTL keeps tickets, queued messages and the open-ticket index well
// beyond a conversation's TTL, so a handoff outlives a quiet evening.
func (s *Store) ticketTTL() time.Duration { return max(s.ttl, 7*24*time.Hour) }

func (s *Store) ticketKey(id string) string     { return s.prefix + "ticket:{" + id + "}" }
func (s *Store) activeKey(conv string) string   { return s.prefix + "active:{" + conv + "}" }
func (s *Store) outboxKey(conv string) string   { return s.prefix + "outbox:{" + conv + "}" }
func (s *Store) relayKey(id string) string      { return s.prefix + "relay:{" + id + "}" }
func (s *Store) openIndexKey() string           { return s.prefix + "tickets:open" }
func (s *Store) userTicketsKey(u string) string { return s.prefix + "usertickets:{" + u + "}" }

// OpenTicket implements bot.TicketStore. SET NX on the conversation's
// active-ticket key makes concurrent handoffs share one ticket.
func (s *Store) OpenTicket(ctx context.Context, t bot.Ticket) (bot.Ticket, error) {
	if t.ID == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		t.ID = hex.EncodeToString(b)
	}
	t.Status = bot.TicketOpen
	ok, err := s.rdb.SetNX(ctx, s.activeKey(t.Conversation), t.ID, s.ticketTTL()).Result()
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("open ticket: %w", err)
	}
	if !ok {
		return s.ActiveTicket(ctx, t.Conversation)
	}
	data, err := json.Marshal(t)
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("encode ticket: %w", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.ticketKey(t.ID), data, s.ticketTTL())
		p.ZAdd(ctx, s.openIndexKey(), redis.Z{Score: float64(t.CreatedAt.UnixNano()), Member: t.ID})
		p.SAdd(ctx, s.userTicketsKey(t.User), t.ID)
		p.Expire(ctx, s.userTicketsKey(t.User), s.ticketTTL())
		return nil
	})
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("save ticket: %w", err)
	}
	return t, nil
}

// ActiveTicket implements bot.TicketStore.
func (s *Store) ActiveTicket(ctx context.Context, conversation string) (bot.Ticket, error) {
	id, err := s.rdb.Get(ctx, s.activeKey(conversation)).Result()
	if errors.Is(err, redis.Nil) {
		return bot.Ticket{}, bot.ErrNoTicket
	}
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("find active ticket: %w", err)
	}
	return s.Ticket(ctx, id)
}

// Ticket implements bot.TicketStore.
func (s *Store) Ticket(ctx context.Context, id string) (bot.Ticket, error) {
	data, err := s.rdb.Get(ctx, s.ticketKey(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return bot.Ticket{}, bot.ErrNoTicket
	}
	if err != nil {
		return bot.Ticket{}, fmt.Errorf("load ticket: %w", err)
	}
	var t bot.Ticket
	if err := json.Unmarshal(data, &t); err != nil {
		return bot.Ticket{}, fmt.Errorf("decode ticket: %w", err)
	}
	return t, nil
}

// UpdateTicket implements bot.TicketStore with an optimistic transaction
// on the ticket's key, so exactly one of two concurrent claims wins.
func (s *Store) UpdateTicket(ctx context.Context, id string, fn func(*bot.Ticket) error) (bot.Ticket, error) {
	key := s.ticketKey(id)
	var out bot.Ticket
	for attempt := 0; attempt < 10; attempt++ {
		err := s.rdb.Watch(ctx, func(tx *redis.Tx) error {
			data, err := tx.Get(ctx, key).Bytes()
			if errors.Is(err, redis.Nil) {
				return bot.ErrNoTicket
			}
			if err != nil {
				return err
			}
			var t bot.Ticket
			if err := json.Unmarshal(data, &t); err != nil {
				return fmt.Errorf("decode ticket: %w", err)
			}
			if err := fn(&t); err != nil {
				return err
			}
			enc, err := json.Marshal(t)
			if err != nil {
				return err
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, key, enc, s.ticketTTL())
				return nil
			})
			out = t
			return err
		}, key)
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		if err != nil {
			return bot.Ticket{}, err
		}
		if out.Status == bot.TicketClosed {
			// The conversation's active-ticket key is released only if it
			// still names this ticket: a newer ticket may hold it.
			err = s.rdb.ZRem(ctx, s.openIndexKey(), id).Err()
			if err == nil {
				err = releaseScript.Run(ctx, s.rdb, []string{s.activeKey(out.Conversation)}, id).Err()
			}
			if err != nil {
				return bot.Ticket{}, fmt.Errorf("close ticket: %w", err)
			}
		}
		return out, nil
	}
	return bot.Ticket{}, fmt.Errorf("update ticket %s: too much contention", id)
}

// releaseScript deletes KEYS[1] if it holds ARGV[1].
var releaseScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0
`)

// Tickets implements bot.TicketStore.
func (s *Store) Tickets(ctx context.Context) ([]bot.Ticket, error) {
	ids, err := s.rdb.ZRange(ctx, s.openIndexKey(), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("list tickets: %w", err)
	}
	var out []bot.Ticket
	for _, id := range ids {
		t, err := s.Ticket(ctx, id)
		if errors.Is(err, bot.ErrNoTicket) {
			s.rdb.ZRem(ctx, s.openIndexKey(), id) // expired
			continue
		}
		if err != nil {
			return nil, err
		}
		if t.Status != bot.TicketClosed {
			out = append(out, t)
		}
	}
	return out, nil
}

// Push implements bot.TicketStore.
func (s *Store) Push(ctx context.Context, m bot.Outbound) error {
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("encode message: %w", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, s.outboxKey(m.Conversation), data)
		p.Expire(ctx, s.outboxKey(m.Conversation), s.ticketTTL())
		p.SAdd(ctx, s.platformOutboxesKey(m.Platform), m.Conversation)
		p.Expire(ctx, s.platformOutboxesKey(m.Platform), s.ticketTTL())
		return nil
	})
	if err != nil {
		return fmt.Errorf("queue message: %w", err)
	}
	return nil
}

// Pull implements bot.TicketStore.
func (s *Store) Pull(ctx context.Context, conversation string) ([]bot.Outbound, error) {
	raw, err := s.takeList(ctx, s.outboxKey(conversation))
	if err != nil {
		return nil, fmt.Errorf("take queued messages: %w", err)
	}
	out := make([]bot.Outbound, 0, len(raw))
	for _, r := range raw {
		var m bot.Outbound
		if err := json.Unmarshal([]byte(r), &m); err == nil {
			out = append(out, m)
		}
	}
	return out, nil
}

func (s *Store) platformOutboxesKey(platform string) string {
	return s.prefix + "outboxes:{" + platform + "}"
}

// PullPlatform implements bot.TicketStore: it takes the queued messages of
// every conversation on the platform that has some.
func (s *Store) PullPlatform(ctx context.Context, platform string) ([]bot.Outbound, error) {
	convs, err := s.rdb.SMembers(ctx, s.platformOutboxesKey(platform)).Result()
	if err != nil {
		return nil, fmt.Errorf("list outboxes: %w", err)
	}
	var out []bot.Outbound
	for _, conv := range convs {
		if err := s.rdb.SRem(ctx, s.platformOutboxesKey(platform), conv).Err(); err != nil {
			return out, fmt.Errorf("list outboxes: %w", err)
		}
		msgs, err := s.Pull(ctx, conv)
		if err != nil {
			return out, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

// Relay implements bot.TicketStore.
func (s *Store) Relay(ctx context.Context, ticketID string, turn bot.Turn) error {
	data, err := json.Marshal(turn)
	if err != nil {
		return fmt.Errorf("encode relayed message: %w", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, s.relayKey(ticketID), data)
		p.Expire(ctx, s.relayKey(ticketID), s.ticketTTL())
		return nil
	})
	if err != nil {
		return fmt.Errorf("relay message: %w", err)
	}
	return nil
}

// Relayed implements bot.TicketStore.
func (s *Store) Relayed(ctx context.Context, ticketID string) ([]bot.Turn, error) {
	raw, err := s.takeList(ctx, s.relayKey(ticketID))
	if err != nil {
		return nil, fmt.Errorf("take relayed messages: %w", err)
	}
	out := make([]bot.Turn, 0, len(raw))
	for _, r := range raw {
		var t bot.Turn
		if err := json.Unmarshal([]byte(r), &t); err == nil {
			out = append(out, t)
		}
	}
	return out, nil
}

// takeList reads and deletes a list in one transaction.
func (s *Store) takeList(ctx context.Context, key string) ([]string, error) {
	var get *redis.StringSliceCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		get = p.LRange(ctx, key, 0, -1)
		p.Del(ctx, key)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return get.Val(), nil
}

// forgetTickets deletes a user's tickets and their queued messages.
func (s *Store) forgetTickets(ctx context.Context, user string) error {
	ids, err := s.rdb.SMembers(ctx, s.userTicketsKey(user)).Result()
	if err != nil {
		return err
	}
	var tickets []bot.Ticket
	for _, id := range ids {
		if t, err := s.Ticket(ctx, id); err == nil {
			tickets = append(tickets, t)
		}
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, t := range tickets {
			p.Del(ctx, s.activeKey(t.Conversation)) // one key per DEL: the keys live in different cluster slots
			p.Del(ctx, s.outboxKey(t.Conversation))
		}
		for _, id := range ids {
			p.Del(ctx, s.ticketKey(id))
			p.Del(ctx, s.relayKey(id))
			p.ZRem(ctx, s.openIndexKey(), id)
		}
		p.Del(ctx, s.userTicketsKey(user))
		return nil
	})
	return err
}

var _ bot.FeedbackStore = (*Store)(nil)

// feedbackTTL keeps the per-entry counts (no personal data) for a season.
const feedbackTTL = 90 * 24 * time.Hour

func (s *Store) feedbackKey() string { return s.prefix + "feedback" }

// RecordFeedback implements bot.FeedbackStore.
func (s *Store) RecordFeedback(ctx context.Context, entry string, helpful bool) error {
	field := entry + ":no"
	if helpful {
		field = entry + ":yes"
	}
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.HIncrBy(ctx, s.feedbackKey(), field, 1)
		p.Expire(ctx, s.feedbackKey(), feedbackTTL)
		return nil
	})
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	return nil
}

// Feedback implements bot.FeedbackStore.
func (s *Store) Feedback(ctx context.Context) (map[string]bot.FeedbackCount, error) {
	all, err := s.rdb.HGetAll(ctx, s.feedbackKey()).Result()
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	out := map[string]bot.FeedbackCount{}
	for field, v := range all {
		entry, kind, ok := strings.Cut(field, ":")
		n, _ := strconv.Atoi(v)
		if !ok {
			continue
		}
		c := out[entry]
		if kind == "yes" {
			c.Helpful += n
		} else {
			c.NotHelpful += n
		}
		out[entry] = c
	}
	return out, nil
}

// CachedText returns a cached text (for LLM rephrasings).
func (s *Store) CachedText(ctx context.Context, key string) (string, bool, error) {
	v, err := s.rdb.Get(ctx, s.prefix+"cache:{"+key+"}").Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read cache: %w", err)
	}
	return v, true, nil
}

// CacheText stores a text for the store's TTL.
func (s *Store) CacheText(ctx context.Context, key, text string) error {
	if err := s.rdb.Set(ctx, s.prefix+"cache:{"+key+"}", text, s.ttl).Err(); err != nil {
		return fmt.Errorf("write cache: %w", err)
	}
	return nil
}

var _ bot.UnansweredLog = (*Store)(nil)

func (s *Store) unansweredKey() string { return s.prefix + "unanswered" }

// RecordUnanswered implements bot.UnansweredLog, keeping the newest 1,000.
func (s *Store) RecordUnanswered(ctx context.Context, q bot.Unanswered) error {
	data, err := json.Marshal(q)
	if err != nil {
		return fmt.Errorf("encode unanswered: %w", err)
	}
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, s.unansweredKey(), data)
		p.LTrim(ctx, s.unansweredKey(), 0, 999)
		p.Expire(ctx, s.unansweredKey(), s.ticketTTL())
		return nil
	})
	if err != nil {
		return fmt.Errorf("record unanswered: %w", err)
	}
	return nil
}

// Unanswered implements bot.UnansweredLog.
func (s *Store) Unanswered(ctx context.Context, limit int) ([]bot.Unanswered, error) {
	raw, err := s.rdb.LRange(ctx, s.unansweredKey(), 0, int64(limit)-1).Result()
	if err != nil {
		return nil, fmt.Errorf("read unanswered: %w", err)
	}
	out := make([]bot.Unanswered, 0, len(raw))
	for _, r := range raw {
		var q bot.Unanswered
		if json.Unmarshal([]byte(r), &q) == nil {
			out = append(out, q)
		}
	}
	return out, nil
}

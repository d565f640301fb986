// Package bottest holds tests shared by implementations of the bot's
// interfaces, such as the contract every conversation store must meet.
package bottest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot"
)

// NewStore returns an empty store whose TTL is ttl. now is a clock the
// store may use; stores that keep time elsewhere (Redis) ignore it, and
// the contract then waits for real expiry.
type NewStore func(t *testing.T, now func() time.Time, ttl time.Duration) bot.Store

// Clock is a settable clock for stores that take one.
type Clock struct{ ns atomic.Int64 }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return time.Unix(0, c.ns.Load()) }

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// TestStore runs the contract every bot.Store must meet.
func TestStore(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	t.Run("a missing conversation loads empty with version 0", func(t *testing.T) {
		s := newStore(t, time.Now, time.Hour)
		c, err := s.Load(ctx, "p:c:t:u")
		if err != nil || c.Key != "p:c:t:u" || c.Version != 0 || c.LastEntry != "" {
			t.Fatalf("Load = %+v, %v", c, err)
		}
	})
	t.Run("a saved conversation loads back with the next version", func(t *testing.T) {
		s := newStore(t, time.Now, time.Hour)
		in := bot.Conversation{Key: "p:c::u", User: "p:u", LastEntry: "x", Pending: []string{"a", "b"},
			Turns: []bot.Turn{{At: time.Unix(100, 0).UTC(), Text: "hi", Kind: bot.KindAnswer, Entry: "x"}}}
		if err := s.Save(ctx, in); err != nil {
			t.Fatal(err)
		}
		in.Pending[0] = "changed after save" // the store must hold its own copy
		c, err := s.Load(ctx, "p:c::u")
		if err != nil || c.Version != 1 || c.LastEntry != "x" || c.Pending[0] != "a" || len(c.Turns) != 1 || c.Turns[0].Text != "hi" {
			t.Fatalf("Load = %+v, %v", c, err)
		}
	})
	t.Run("a stale save is a conflict and changes nothing", func(t *testing.T) {
		s := newStore(t, time.Now, time.Hour)
		c := bot.Conversation{Key: "k1", User: "p:u"}
		if err := s.Save(ctx, c); err != nil {
			t.Fatal(err)
		}
		c.LastEntry = "stale"
		if err := s.Save(ctx, c); !errors.Is(err, bot.ErrConflict) {
			t.Fatalf("stale Save = %v, want ErrConflict", err)
		}
		if got, _ := s.Load(ctx, "k1"); got.LastEntry != "" || got.Version != 1 {
			t.Errorf("after conflict: %+v", got)
		}
	})
	t.Run("concurrent updates lose nothing", func(t *testing.T) {
		s := newStore(t, time.Now, time.Hour)
		const workers, each = 4, 10
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					for {
						c, err := s.Load(ctx, "shared")
						if err != nil {
							t.Error(err)
							return
						}
						c.User = "p:u"
						c.Turns = append(c.Turns, bot.Turn{Text: fmt.Sprint(w, i)})
						if err := s.Save(ctx, c); err == nil {
							break
						} else if !errors.Is(err, bot.ErrConflict) {
							t.Error(err)
							return
						}
					}
				}
			}(w)
		}
		wg.Wait()
		c, _ := s.Load(ctx, "shared")
		if len(c.Turns) != workers*each || c.Version != workers*each {
			t.Errorf("got %d turns at version %d, want %d", len(c.Turns), c.Version, workers*each)
		}
	})
	t.Run("forget deletes every conversation of the user and no other", func(t *testing.T) {
		s := newStore(t, time.Now, time.Hour)
		for _, c := range []bot.Conversation{{Key: "a1", User: "p:alice"}, {Key: "a2", User: "p:alice"}, {Key: "b1", User: "p:bob"}} {
			if err := s.Save(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.Forget(ctx, "p:alice")
		if err != nil || n != 2 {
			t.Fatalf("Forget = %d, %v; want 2", n, err)
		}
		for key, want := range map[string]int64{"a1": 0, "a2": 0, "b1": 1} {
			if c, _ := s.Load(ctx, key); c.Version != want {
				t.Errorf("%s: version %d, want %d", key, c.Version, want)
			}
		}
	})
	t.Run("conversations expire after the TTL", func(t *testing.T) {
		var clock Clock
		clock.Advance(time.Duration(time.Now().UnixNano()))
		ttl := time.Second
		s := newStore(t, clock.Now, ttl)
		if err := s.Save(ctx, bot.Conversation{Key: "e1", User: "p:u"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * ttl)
		deadline := time.Now().Add(5 * ttl)
		for {
			c, err := s.Load(ctx, "e1")
			if err != nil {
				t.Fatal(err)
			}
			if c.Version == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("conversation still there after TTL: %+v", c)
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

package bottest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot"
)

// NewTicketStore returns an empty ticket store that is also a bot.Store.
type NewTicketStore func(t *testing.T) interface {
	bot.Store
	bot.TicketStore
}

// TestTicketStore runs the contract every bot.TicketStore must meet.
func TestTicketStore(t *testing.T, newStore NewTicketStore) {
	ctx := context.Background()
	ticket := func(conv string) bot.Ticket {
		return bot.Ticket{Conversation: conv, User: "p:" + conv, Platform: "p", Channel: "c", Reason: "asked", CreatedAt: time.Now().UTC()}
	}
	t.Run("a conversation has one active ticket", func(t *testing.T) {
		s := newStore(t)
		a, err := s.OpenTicket(ctx, ticket("c1"))
		if err != nil || a.ID == "" || a.Status != bot.TicketOpen {
			t.Fatalf("OpenTicket = %+v, %v", a, err)
		}
		b, err := s.OpenTicket(ctx, ticket("c1"))
		if err != nil || b.ID != a.ID {
			t.Errorf("second OpenTicket = %+v, %v; want the same ticket", b, err)
		}
		if got, err := s.ActiveTicket(ctx, "c1"); err != nil || got.ID != a.ID {
			t.Errorf("ActiveTicket = %+v, %v", got, err)
		}
		if _, err := s.ActiveTicket(ctx, "other"); !errors.Is(err, bot.ErrNoTicket) {
			t.Errorf("ActiveTicket of another conversation: %v", err)
		}
	})
	t.Run("exactly one of many concurrent claims wins", func(t *testing.T) {
		s := newStore(t)
		tk, _ := s.OpenTicket(ctx, ticket("c2"))
		var wg sync.WaitGroup
		wins := make(chan string, 8)
		for _, staff := range []string{"ann", "bob", "cai", "dee", "eve", "fay", "gus", "hal"} {
			wg.Add(1)
			go func(staff string) {
				defer wg.Done()
				_, err := s.UpdateTicket(ctx, tk.ID, func(t *bot.Ticket) error {
					if t.Status != bot.TicketOpen {
						return bot.ErrAlreadyClaimed
					}
					t.Status, t.ClaimedBy = bot.TicketClaimed, staff
					return nil
				})
				if err == nil {
					wins <- staff
				} else if !errors.Is(err, bot.ErrAlreadyClaimed) {
					t.Error(err)
				}
			}(staff)
		}
		wg.Wait()
		close(wins)
		var winners []string
		for w := range wins {
			winners = append(winners, w)
		}
		got, _ := s.Ticket(ctx, tk.ID)
		if len(winners) != 1 || got.ClaimedBy != winners[0] {
			t.Errorf("winners %v, ticket claimed by %q", winners, got.ClaimedBy)
		}
	})
	t.Run("a closed ticket leaves the queue and frees the conversation", func(t *testing.T) {
		s := newStore(t)
		tk, _ := s.OpenTicket(ctx, ticket("c3"))
		other, _ := s.OpenTicket(ctx, ticket("c4"))
		if list, _ := s.Tickets(ctx); len(list) != 2 {
			t.Fatalf("Tickets = %d, want 2", len(list))
		}
		if _, err := s.UpdateTicket(ctx, tk.ID, func(t *bot.Ticket) error { t.Status = bot.TicketClosed; return nil }); err != nil {
			t.Fatal(err)
		}
		list, _ := s.Tickets(ctx)
		if len(list) != 1 || list[0].ID != other.ID {
			t.Errorf("Tickets after close = %+v", list)
		}
		if _, err := s.ActiveTicket(ctx, "c3"); !errors.Is(err, bot.ErrNoTicket) {
			t.Errorf("closed ticket still active: %v", err)
		}
		// A newer ticket holds the conversation now; touching the old,
		// closed one must not free it.
		newer, err := s.OpenTicket(ctx, ticket("c3"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateTicket(ctx, tk.ID, func(*bot.Ticket) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if got, err := s.ActiveTicket(ctx, "c3"); err != nil || got.ID != newer.ID {
			t.Errorf("after touching the closed ticket, ActiveTicket = %+v, %v; want the newer %s", got, err, newer.ID)
		}
	})
	t.Run("queued messages are delivered once, in order", func(t *testing.T) {
		s := newStore(t)
		for _, text := range []string{"one", "two"} {
			if err := s.Push(ctx, bot.Outbound{Conversation: "c5", From: "ann", Reply: bot.Reply{Kind: bot.KindHandoff, Text: text}}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Pull(ctx, "c5")
		if err != nil || len(got) != 2 || got[0].Reply.Text != "one" || got[1].Reply.Text != "two" {
			t.Fatalf("Pull = %+v, %v", got, err)
		}
		if again, _ := s.Pull(ctx, "c5"); len(again) != 0 {
			t.Errorf("second Pull = %+v", again)
		}
		_ = s.Push(ctx, bot.Outbound{Conversation: "s1", Platform: "slack", User: "U1", Reply: bot.Reply{Text: "to slack"}})
		_ = s.Push(ctx, bot.Outbound{Conversation: "d1", Platform: "discord", Reply: bot.Reply{Text: "to discord"}})
		if got, err := s.PullPlatform(ctx, "slack"); err != nil || len(got) != 1 || got[0].User != "U1" {
			t.Errorf("PullPlatform(slack) = %+v, %v", got, err)
		}
		if got, _ := s.PullPlatform(ctx, "slack"); len(got) != 0 {
			t.Errorf("second PullPlatform = %+v", got)
		}
		if got, _ := s.Pull(ctx, "d1"); len(got) != 1 {
			t.Errorf("discord's message was taken by slack's pull: %+v", got)
		}
		tk, _ := s.OpenTicket(ctx, ticket("c6"))
		_ = s.Relay(ctx, tk.ID, bot.Turn{Text: "hello staff"})
		if turns, _ := s.Relayed(ctx, tk.ID); len(turns) != 1 || turns[0].Text != "hello staff" {
			t.Errorf("Relayed = %+v", turns)
		}
	})
	t.Run("staff cards are kept with the ticket and copied out", func(t *testing.T) {
		s := newStore(t)
		tk, _ := s.OpenTicket(ctx, ticket("c8"))
		card := bot.StaffCard{Platform: "slack", Channel: "C1", Message: "1.2", Thread: "1.2", Shown: bot.TicketOpen}
		if _, err := s.UpdateTicket(ctx, tk.ID, func(t *bot.Ticket) error { t.Cards = append(t.Cards, card); return nil }); err != nil {
			t.Fatal(err)
		}
		got, err := s.Ticket(ctx, tk.ID)
		if err != nil || len(got.Cards) != 1 || got.Cards[0] != card {
			t.Fatalf("Ticket = %+v, %v; want the card", got.Cards, err)
		}
		got.Cards[0].Shown = bot.TicketClosed
		_, _ = s.UpdateTicket(ctx, tk.ID, func(t *bot.Ticket) error { t.Cards[0].Relay = true; return errors.New("abort") })
		if again, _ := s.Ticket(ctx, tk.ID); again.Cards[0] != card {
			t.Errorf("a copy or an aborted update changed the stored card: %+v", again.Cards[0])
		}
	})
	t.Run("forget deletes the user's tickets", func(t *testing.T) {
		s := newStore(t)
		tk, _ := s.OpenTicket(ctx, ticket("c7"))
		_ = s.Push(ctx, bot.Outbound{Conversation: "c7", Reply: bot.Reply{Text: "x"}})
		if _, err := s.Forget(ctx, "p:c7"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Ticket(ctx, tk.ID); !errors.Is(err, bot.ErrNoTicket) {
			t.Errorf("ticket survived forget: %v", err)
		}
		if got, _ := s.Pull(ctx, "c7"); len(got) != 0 {
			t.Errorf("queued messages survived forget: %+v", got)
		}
	})
}

// TestFeedbackStore checks that feedback counts add up per entry.
func TestFeedbackStore(t *testing.T, s bot.FeedbackStore) {
	ctx := context.Background()
	for _, helpful := range []bool{true, true, false} {
		if err := s.RecordFeedback(ctx, "entry-a", helpful); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Feedback(ctx)
	if err != nil || got["entry-a"] != (bot.FeedbackCount{Helpful: 2, NotHelpful: 1}) {
		t.Errorf("Feedback = %+v, %v", got, err)
	}
}

// TestUnansweredLog checks that unanswered questions come back newest first.
func TestUnansweredLog(t *testing.T, s bot.UnansweredLog) {
	ctx := context.Background()
	for _, q := range []string{"first", "second", "third"} {
		if err := s.RecordUnanswered(ctx, bot.Unanswered{Text: q, Platform: "p", At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Unanswered(ctx, 2)
	if err != nil || len(got) != 2 || got[0].Text != "third" || got[1].Text != "second" {
		t.Errorf("Unanswered = %+v, %v", got, err)
	}
}

package staffdesk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
)

// askForPerson makes a Discord patient ask for a person, opening a ticket.
func askForPerson(t *testing.T, e *bot.Engine, user string) {
	t.Helper()
	m := bot.Message{Platform: "discord", Conversation: "dm-" + user, User: user, Direct: true, Text: "I want to talk to a person please"}
	if r := e.Handle(context.Background(), m); len(r) == 0 || r[0].Kind != bot.KindHandoff {
		t.Fatalf("handoff replies = %+v", r)
	}
}

// failingDesk returns a desk polling every interval on a staff channel
// that refuses every card, with one ticket waiting, and its log.
func failingDesk(t *testing.T, interval time.Duration) (*setup, *staffdesk.Desk, *adaptertest.Logs) {
	t.Helper()
	s := newSetup(t, "memory")
	s.ch.mu.Lock()
	s.ch.failing = true
	s.ch.mu.Unlock()
	staff, err := roster.Parse("Dana:" + dana)
	if err != nil {
		t.Fatal(err)
	}
	logs := &adaptertest.Logs{}
	d := staffdesk.New(staffdesk.Config{Platform: "slack", Channel: "STAFF", Staff: staff, Interval: interval},
		s.engines[0], s.ch, slog.New(slog.NewJSONHandler(logs, nil)))
	askForPerson(t, s.engines[0], "991100000001")
	return s, d, logs
}

// round runs one round of d and returns how many cards it tried to post.
func (s *setup) round(t *testing.T, d *staffdesk.Desk) int {
	t.Helper()
	s.ch.mu.Lock()
	before := s.ch.tries
	s.ch.mu.Unlock()
	if err := d.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.ch.mu.Lock()
	defer s.ch.mu.Unlock()
	return s.ch.tries - before
}

// retryIns returns the retry_in of each "trying again later" log line.
func retryIns(t *testing.T, logs *adaptertest.Logs) []string {
	t.Helper()
	var out []string
	for line := range strings.Lines(logs.String()) {
		var rec struct {
			Msg     string `json:"msg"`
			RetryIn string `json:"retry_in"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if strings.Contains(rec.Msg, "trying again later") {
			out = append(out, rec.RetryIn)
		}
	}
	return out
}

func TestPostingCardsBacksOffWhileTheChannelRefusesThem(t *testing.T) {
	tests := []struct {
		name      string
		interval  time.Duration
		rounds    int
		wantTries []int    // the rounds that try to post the card
		wantWaits []string // the pauses logged
	}{
		{
			name:     "every two seconds, the pause doubles: 1, 2, 4, 8 rounds skipped",
			interval: 2 * time.Second, rounds: 20,
			wantTries: []int{1, 3, 6, 11, 20},
			wantWaits: []string{"4s", "6s", "10s", "18s", "34s"},
		},
		{
			name:     "every twenty seconds, the pause stops growing at a minute",
			interval: 20 * time.Second, rounds: 12,
			wantTries: []int{1, 3, 6, 9, 12},
			wantWaits: []string{"40s", "1m0s", "1m0s", "1m0s", "1m0s"},
		},
		{
			name:     "every minute, no round is skipped",
			interval: time.Minute, rounds: 3,
			wantTries: []int{1, 2, 3},
			wantWaits: []string{"1m0s", "1m0s", "1m0s"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d, logs := failingDesk(t, tt.interval)
			var tried []int
			for r := 1; r <= tt.rounds; r++ {
				if n := s.round(t, d); n > 0 {
					tried = append(tried, r)
				}
			}
			if !slices.Equal(tried, tt.wantTries) {
				t.Errorf("rounds that tried to post: %v, want %v", tried, tt.wantTries)
			}
			if n := strings.Count(logs.String(), "could not post a ticket's card"); n != len(tt.wantTries) {
				t.Errorf("%d failed posts logged, want one per try (%d)", n, len(tt.wantTries))
			}
			if got := retryIns(t, logs); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("pauses logged: %q, want %q", got, tt.wantWaits)
			}
		})
	}
}

func TestANewTicketIsTriedAtOnceDuringAPauseAndItsSuccessEndsIt(t *testing.T) {
	s, d, _ := failingDesk(t, 2*time.Second)
	for range 3 {
		s.round(t, d) // tries in rounds 1 and 3: now paused for 2 rounds
	}
	askForPerson(t, s.engines[0], "991100000002")
	if n := s.round(t, d); n != 1 {
		t.Fatalf("a round in the pause tried %d cards, want only the new ticket's", n)
	}
	s.ch.mu.Lock()
	s.ch.failing = false
	s.ch.mu.Unlock()
	askForPerson(t, s.engines[0], "991100000003")
	if n := s.round(t, d); n != 1 {
		t.Fatalf("a round in the pause tried %d cards, want only the newest ticket's", n)
	}
	if posts, _, _ := s.ch.state(); posts != 1 {
		t.Fatalf("%d cards posted, want the newest ticket's", posts)
	}
	if n := s.round(t, d); n != 2 {
		t.Errorf("the round after a card was posted tried %d cards, want the 2 that had failed", n)
	}
	if posts, _, _ := s.ch.state(); posts != 3 {
		t.Errorf("%d cards posted, want all 3", posts)
	}
	if n := s.round(t, d); n != 0 {
		t.Errorf("a round with every card posted tried %d more", n)
	}
}

func ExampleAction_Label() {
	for _, a := range []staffdesk.Action{staffdesk.Claim, staffdesk.Close} {
		fmt.Println(a, a.Label())
	}
	// Output:
	// claim Claim
	// close Close
}

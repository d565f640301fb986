package staffdesk_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/bot/redisstore"
	"github.com/faqbot/faqbot/faq"
)

// patient is a Discord patient; their id must never reach a card.
var patient = bot.Message{Platform: "discord", Conversation: "dm-991122", User: "991122334455", Direct: true}

const (
	dana = "U0DANA1" // on the staff list as Dana
	lee  = "U0LEE22" // on the staff list as Lee
	pat  = "U0PAT33" // in the channel, not staff
)

// fakeChannel is a staff channel that records what the desk posts.
type fakeChannel struct {
	mu      sync.Mutex
	cards   map[string]staffdesk.Card // by message id
	posts   int
	tries   int                 // PostCard calls, failed ones included
	thread  map[string][]string // texts posted in each thread
	failing bool                // PostCard fails
	mute    bool                // PostInThread fails
}

func newFakeChannel() *fakeChannel {
	return &fakeChannel{cards: map[string]staffdesk.Card{}, thread: map[string][]string{}}
}

func (f *fakeChannel) PostCard(_ context.Context, c staffdesk.Card) (staffdesk.Ref, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tries++
	if f.failing {
		return staffdesk.Ref{}, errors.New("channel not found")
	}
	f.posts++
	id := fmt.Sprintf("m%d", f.posts)
	f.cards[id] = c
	return staffdesk.Ref{Channel: "STAFF", Message: id, Thread: id}, nil
}

func (f *fakeChannel) UpdateCard(_ context.Context, ref staffdesk.Ref, c staffdesk.Card) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.cards[ref.Message]; !ok {
		return errors.New("no such message")
	}
	f.cards[ref.Message] = c
	return nil
}

func (f *fakeChannel) PostInThread(_ context.Context, ref staffdesk.Ref, text string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.mute {
		return errors.New("rate limited")
	}
	f.thread[ref.Thread] = append(f.thread[ref.Thread], text)
	return nil
}

func (f *fakeChannel) state() (posts int, cards map[string]staffdesk.Card, threads map[string][]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cards = map[string]staffdesk.Card{}
	for k, v := range f.cards {
		cards[k] = v
	}
	threads = map[string][]string{}
	for k, v := range f.thread {
		threads[k] = append([]string(nil), v...)
	}
	return f.posts, cards, threads
}

// onlyCard returns the one card posted, failing otherwise.
func (f *fakeChannel) onlyCard(t *testing.T) (string, staffdesk.Card) {
	t.Helper()
	posts, cards, _ := f.state()
	if posts != 1 || len(cards) != 1 {
		t.Fatalf("%d cards posted, want 1", posts)
	}
	for id, c := range cards {
		return id, c
	}
	return "", staffdesk.Card{}
}

type setup struct {
	engines []*bot.Engine // replicas sharing one store
	desks   []*staffdesk.Desk
	ch      *fakeChannel
	logs    *adaptertest.Logs
}

// smallFAQ is a few embedded entries: the desk needs handoffs, not
// answers, and a small FAQ keeps each engine quick to build.
var smallFAQ = sync.OnceValues(func() (*faq.Set, error) {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		return nil, err
	}
	return faq.NewSet(set.Entries()[:3]), nil
})

// newSetup returns two replicas (two engines and two desks on one staff
// channel) sharing a store: memory, or a real Redis.
func newSetup(t *testing.T, store string) *setup {
	t.Helper()
	set, err := smallFAQ()
	if err != nil {
		t.Fatal(err)
	}
	s := &setup{ch: newFakeChannel(), logs: &adaptertest.Logs{}}
	log := slog.New(slog.NewJSONHandler(s.logs, nil))
	staff, err := roster.Parse("Dana:" + dana + ",Lee:" + lee)
	if err != nil {
		t.Fatal(err)
	}
	var newStore func() bot.Store
	switch store {
	case "memory":
		shared := memstore.New(time.Hour)
		newStore = func() bot.Store { return shared }
	case "redis":
		r := bottest.StartRedis(t)
		newStore = func() bot.Store {
			rdb := redis.NewClient(&redis.Options{Addr: r.Addr})
			t.Cleanup(func() { rdb.Close() })
			return redisstore.New(rdb, time.Hour, "desk:")
		}
	}
	for range 2 {
		e := bot.New(bot.DefaultConfig(), set, newStore(), faq.ExampleProfile(), log)
		s.engines = append(s.engines, e)
		s.desks = append(s.desks, staffdesk.New(staffdesk.Config{Platform: "slack", Channel: "STAFF", Staff: staff}, e, s.ch, log))
	}
	return s
}

// syncAll runs a round on every replica at the same time.
func (s *setup) syncAll(t *testing.T) {
	t.Helper()
	var wg sync.WaitGroup
	for _, d := range s.desks {
		wg.Go(func() {
			if err := d.Sync(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

// handoff makes the patient ask for a person and returns the ticket.
func (s *setup) handoff(t *testing.T) bot.Ticket {
	t.Helper()
	m := patient
	m.Text = "I want to talk to a person please, my number is 555-123-4567"
	if r := s.engines[0].Handle(context.Background(), m); len(r) == 0 || r[0].Kind != bot.KindHandoff {
		t.Fatalf("handoff replies = %+v", r)
	}
	tickets, err := s.engines[0].Tickets(context.Background())
	if err != nil || len(tickets) != 1 {
		t.Fatalf("Tickets = %+v, %v", tickets, err)
	}
	return tickets[0]
}

// outbound takes the messages queued for the Discord patient.
func (s *setup) outbound(t *testing.T) []bot.Outbound {
	t.Helper()
	out, err := s.engines[1].PendingFor(context.Background(), "discord")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAWholeConversationInTheStaffChannel(t *testing.T) {
	for _, store := range []string{"memory", "redis"} {
		t.Run(store, func(t *testing.T) {
			ctx := context.Background()
			s := newSetup(t, store)
			tk := s.handoff(t)
			for range 3 {
				s.syncAll(t)
			}
			msgID, card := s.ch.onlyCard(t)
			text := card.Markdown()
			if card.Ticket != tk.ID || card.Status != bot.TicketOpen || !strings.Contains(text, "Discord") || !strings.Contains(text, "Claim") {
				t.Errorf("card %+v reads:\n%s", card, text)
			}
			if strings.Contains(text, patient.User) || strings.Contains(text, "555-123-4567") {
				t.Errorf("the card shows the patient's id or phone number:\n%s", text)
			}
			if acts := card.Actions(); len(acts) != 1 || acts[0] != staffdesk.Claim {
				t.Errorf("an open card offers %v, want Claim", acts)
			}

			if note := s.desks[0].Press(ctx, staffdesk.Claim, tk.ID, pat); note == "" {
				t.Error("someone not on the staff list claimed without a word")
			}
			if !strings.Contains(s.logs.String(), "not on the staff list") {
				t.Error("the refused claim was not logged")
			}
			if got, _ := s.engines[0].Ticket(ctx, tk.ID); got.Status != bot.TicketOpen {
				t.Fatalf("a refused claim changed the ticket to %s", got.Status)
			}
			if note := s.desks[0].Press(ctx, staffdesk.Claim, tk.ID, dana); note != "" {
				t.Fatalf("Dana's claim: %q", note)
			}
			if note := s.desks[1].Press(ctx, staffdesk.Claim, tk.ID, lee); !strings.Contains(note, "Dana already has") {
				t.Errorf("Lee's later claim on another replica: %q, want it to name Dana", note)
			}
			out := s.outbound(t)
			if len(out) != 1 || out[0].Reply.Kind != bot.KindNotice || !strings.Contains(out[0].Reply.Text, "Dana") {
				t.Fatalf("the patient was sent %+v, want one notice that Dana joined", out)
			}
			_, cards, threads := s.ch.state()
			if c := cards[msgID]; c.Status != bot.TicketClaimed || c.ClaimedBy != "Dana" || !strings.Contains(c.Markdown(), "Claimed by Dana") {
				t.Errorf("after the claim the card reads:\n%s", c.Markdown())
			}
			if len(threads[msgID]) != 1 || !strings.Contains(threads[msgID][0], "Dana") {
				t.Errorf("thread after the claim: %q", threads[msgID])
			}

			m := patient
			m.Text = "hello, are you there?"
			if r := s.engines[1].Handle(ctx, m); len(r) != 0 {
				t.Errorf("the bot answered a patient whose conversation staff has: %+v", r)
			}
			s.syncAll(t)
			s.syncAll(t)
			_, _, threads = s.ch.state()
			if n := strings.Count(strings.Join(threads[msgID], "\n"), "hello, are you there?"); n != 1 {
				t.Errorf("the patient's message is in the thread %d times, want once: %q", n, threads[msgID])
			}

			if note := s.desks[1].Reply(ctx, "Ev1", msgID, dana, "Hi, Dana here."); note != "" {
				t.Errorf("Dana's reply: %q", note)
			}
			if note := s.desks[0].Reply(ctx, "Ev1", msgID, dana, "Hi, Dana here."); note != "" {
				t.Errorf("a retried delivery: %q", note)
			}
			if note := s.desks[0].Reply(ctx, "Ev2", msgID, pat, "I can help too"); note == "" {
				t.Error("someone not on the staff list replied without a word")
			}
			if note := s.desks[0].Reply(ctx, "Ev3", msgID, lee, "Lee here"); !strings.Contains(note, "Dana already has") {
				t.Errorf("Lee's reply in Dana's conversation: %q", note)
			}
			out = s.outbound(t)
			if len(out) != 1 || out[0].From != "Dana" || out[0].Reply.Text != "Hi, Dana here." {
				t.Errorf("the patient was sent %+v, want Dana's reply once", out)
			}

			if note := s.desks[0].Press(ctx, staffdesk.Close, tk.ID, lee); !strings.Contains(note, "Dana already has") {
				t.Errorf("Lee closing Dana's conversation: %q", note)
			}
			if note := s.desks[0].Reply(ctx, "Ev4", msgID, dana, "Close."); note != "" {
				t.Errorf("Dana typing close: %q", note)
			}
			out = s.outbound(t)
			if len(out) != 1 || out[0].From != "bot" || out[0].Reply.Kind != bot.KindNotice {
				t.Errorf("after the close the patient was sent %+v, want the bot's notice", out)
			}
			_, cards, _ = s.ch.state()
			if c := cards[msgID]; c.Status != bot.TicketClosed || len(c.Actions()) != 0 {
				t.Errorf("after the close the card is %s with buttons %v", c.Status, c.Actions())
			}
			if note := s.desks[1].Reply(ctx, "Ev5", msgID, dana, "one more thing"); note == "" {
				t.Error("a reply after the close was dropped without a word")
			}
			if out := s.outbound(t); len(out) != 0 {
				t.Errorf("a reply after the close reached the patient: %+v", out)
			}
			s.syncAll(t)
			if posts, _, _ := s.ch.state(); posts != 1 {
				t.Errorf("%d cards posted in all, want 1", posts)
			}
		})
	}
}

func TestACardFollowsTheTicketClosedElsewhere(t *testing.T) {
	ctx := context.Background()
	s := newSetup(t, "memory")
	tk := s.handoff(t)
	s.syncAll(t)
	msgID, _ := s.ch.onlyCard(t)
	if _, err := s.engines[0].Claim(ctx, tk.ID, "ann"); err != nil { // in the web staff view
		t.Fatal(err)
	}
	s.syncAll(t)
	_, cards, _ := s.ch.state()
	if c := cards[msgID]; c.Status != bot.TicketClaimed || !strings.Contains(c.Markdown(), "web staff view") {
		t.Errorf("after a claim in the web view the card reads:\n%s", c.Markdown())
	}
	if err := s.engines[0].Close(ctx, tk.ID, "ann"); err != nil {
		t.Fatal(err)
	}
	s.syncAll(t)
	_, cards, _ = s.ch.state()
	if c := cards[msgID]; c.Status != bot.TicketClosed {
		t.Errorf("after a close in the web view the card is %s", c.Status)
	}
}

func TestACardIsEmptiedWhenThePatientIsForgotten(t *testing.T) {
	s := newSetup(t, "memory")
	s.handoff(t)
	s.syncAll(t)
	msgID, _ := s.ch.onlyCard(t)
	m := patient
	m.Text = "forget me"
	s.engines[0].Handle(context.Background(), m)
	s.syncAll(t)
	_, cards, _ := s.ch.state()
	c := cards[msgID]
	if !c.Gone || strings.Contains(c.Markdown(), "Recent messages") || len(c.Actions()) != 0 {
		t.Errorf("after forget me the card reads:\n%s", c.Markdown())
	}
}

func TestACardThatCouldNotBePostedIsRetried(t *testing.T) {
	s := newSetup(t, "memory")
	s.handoff(t)
	s.ch.mu.Lock()
	s.ch.failing = true
	s.ch.mu.Unlock()
	s.syncAll(t)
	if posts, _, _ := s.ch.state(); posts != 0 {
		t.Fatalf("%d cards posted while the channel fails", posts)
	}
	s.ch.mu.Lock()
	s.ch.failing = false
	s.ch.mu.Unlock()
	// A desk whose post failed skips one round before it tries again.
	s.syncAll(t)
	s.syncAll(t)
	s.ch.onlyCard(t)
}

func TestOnlyAClaimedConversationCanBeClosed(t *testing.T) {
	ctx := context.Background()
	s := newSetup(t, "memory")
	tk := s.handoff(t)
	s.syncAll(t)
	msgID, _ := s.ch.onlyCard(t)
	if note := s.desks[0].Press(ctx, staffdesk.Close, tk.ID, dana); !strings.Contains(note, "Claim") {
		t.Errorf("closing an unclaimed request: %q, want to be told to claim it", note)
	}
	if note := s.desks[0].Reply(ctx, "Ev1", msgID, dana, "hello?"); !strings.Contains(note, "Claim") {
		t.Errorf("replying before claiming: %q, want to be told to claim it", note)
	}
	if got, _ := s.engines[0].Ticket(ctx, tk.ID); got.Status != bot.TicketOpen {
		t.Errorf("the ticket is %s, want still open", got.Status)
	}
	if out := s.outbound(t); len(out) != 0 {
		t.Errorf("the patient was sent %+v", out)
	}
}

func TestRepliesInOtherThreadsAreNotTheDesks(t *testing.T) {
	s := newSetup(t, "memory")
	if note := s.desks[0].Reply(context.Background(), "Ev1", "some-other-thread", dana, "lunch?"); note != "" {
		t.Errorf("a message in an unrelated thread got %q", note)
	}
	if s.desks[0].Owns("some-other-thread") {
		t.Error("the desk claims an unrelated thread")
	}
}

func TestACardOnEachPlatformFollowsAClaimOnEither(t *testing.T) {
	ctx := context.Background()
	s := newSetup(t, "memory")
	staff, _ := roster.Parse("Dana:D0DANA")
	other := newFakeChannel()
	discordDesk := staffdesk.New(staffdesk.Config{Platform: "discord", Channel: "DSTAFF", Staff: staff}, s.engines[0], other, slog.New(slog.DiscardHandler))
	tk := s.handoff(t)
	s.syncAll(t)
	if err := discordDesk.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	slackCard, _ := s.ch.onlyCard(t)
	discordCard, _ := other.onlyCard(t)

	if note := s.desks[0].Press(ctx, staffdesk.Claim, tk.ID, dana); note != "" {
		t.Fatalf("Dana's claim on Slack: %q", note)
	}
	if err := discordDesk.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	_, cards, _ := other.state()
	if c := cards[discordCard]; c.Status != bot.TicketClaimed || !strings.Contains(c.Markdown(), "on Slack") {
		t.Errorf("the Discord card after a claim on Slack reads:\n%s", c.Markdown())
	}
	if note := discordDesk.Press(ctx, staffdesk.Claim, tk.ID, "D0DANA"); note != "" {
		t.Errorf("Dana taking her conversation to Discord: %q", note)
	}

	m := patient
	m.Text = "still there?"
	s.engines[0].Handle(ctx, m)
	s.syncAll(t)
	if err := discordDesk.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	_, _, slackThreads := s.ch.state()
	_, _, discordThreads := other.state()
	if strings.Contains(strings.Join(slackThreads[slackCard], "\n"), "still there?") || !strings.Contains(strings.Join(discordThreads[discordCard], "\n"), "still there?") {
		t.Errorf("the patient's message went to Slack %q and Discord %q; want Discord only, where Dana now is", slackThreads[slackCard], discordThreads[discordCard])
	}
	if out := s.outbound(t); len(out) != 1 {
		t.Errorf("the patient was told %d times that Dana joined, want once", len(out))
	}
}

// TestAPatientsMessageIsNotLostWhenTheThreadCannotBePosted: the engine
// hands each relayed message out once, so the desk keeps those it could
// not post and posts them, in order, once the channel works again.
func TestAPatientsMessageIsNotLostWhenTheThreadCannotBePosted(t *testing.T) {
	ctx := context.Background()
	s := newSetup(t, "memory")
	tk := s.handoff(t)
	s.syncAll(t)
	msgID, _ := s.ch.onlyCard(t)
	if note := s.desks[0].Press(ctx, staffdesk.Claim, tk.ID, dana); note != "" {
		t.Fatalf("Dana's claim: %q", note)
	}
	s.ch.mu.Lock()
	s.ch.mute = true
	s.ch.mu.Unlock()
	for _, text := range []string{"first message", "second message"} {
		m := patient
		m.Text = text
		s.engines[0].Handle(ctx, m)
		s.desks[0].Sync(ctx)
	}
	s.ch.mu.Lock()
	s.ch.mute = false
	s.ch.mu.Unlock()
	s.desks[0].Sync(ctx)
	s.desks[0].Sync(ctx)
	_, _, threads := s.ch.state()
	got := strings.Join(threads[msgID], "\n")
	first, second := strings.Index(got, "first message"), strings.Index(got, "second message")
	if first < 0 || second < 0 || first > second || strings.Count(got, "first message") != 1 {
		t.Errorf("after the channel came back the thread reads %q, want each message once, in order", threads[msgID])
	}
}

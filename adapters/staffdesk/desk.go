// Package staffdesk runs the clinic's handoff queue in a staff channel on a
// chat platform (Slack or Discord): it posts a card for each patient
// waiting for a person, with a Claim button; after a claim it carries the
// conversation in the card's thread (the patient's messages in, the staff
// member's replies out) until someone closes it, and keeps the card showing
// where the ticket stands.
//
// The logic here is the same on every platform. An adapter implements
// Channel (post a card, update it, post in its thread) and passes its
// staff's button presses and thread messages to Press and Reply. Several
// replicas may run a desk for the same channel: the card's state is kept on
// the ticket (bot.StaffCard) and changed atomically, so each card is posted
// once and each patient message relayed once. While the platform refuses
// cards (an outage), a desk retries them less and less often, up to about
// once a minute, and a new ticket's card is still tried at once.
package staffdesk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/bot"
)

// Interval is how often a desk looks for tickets to show, update and relay.
const Interval = 2 * time.Second

// postLease is how long one replica may take to post a card before
// another may try.
const postLease = time.Minute

// Engine is what a desk needs from the bot.
type Engine interface {
	Tickets(ctx context.Context) ([]bot.Ticket, error)
	Ticket(ctx context.Context, id string) (bot.Ticket, error)
	UpdateCards(ctx context.Context, id string, fn func([]bot.StaffCard) ([]bot.StaffCard, error)) (bot.Ticket, error)
	Claim(ctx context.Context, ticketID, staff string) (bot.Ticket, error)
	StaffReply(ctx context.Context, ticketID, staff, text string) error
	Relayed(ctx context.Context, ticketID, staff string) ([]bot.Turn, error)
	Close(ctx context.Context, ticketID, staff string) error
	FirstEvent(ctx context.Context, platform, eventID string) bool
}

var _ Engine = (*bot.Engine)(nil)

// Channel is the staff channel on one platform, implemented by its adapter.
type Channel interface {
	// PostCard posts a new card, with a thread for the conversation where
	// the platform needs one started, and says where it is.
	PostCard(ctx context.Context, c Card) (Ref, error)
	// UpdateCard replaces a posted card's text and buttons.
	UpdateCard(ctx context.Context, ref Ref, c Card) error
	// PostInThread posts text (light Markdown) in the card's thread.
	PostInThread(ctx context.Context, ref Ref, text string) error
}

// Ref is where a card is.
type Ref struct {
	Channel string
	Message string // the card's message id (Slack: its ts)
	Thread  string // the thread the conversation goes in
}

// Config says which channel a desk serves and who may act in it.
type Config struct {
	Platform string        // the adapter's platform name: "slack", "discord"
	Channel  string        // the staff channel's id
	Staff    roster.Roster // who may claim, reply and close, with the names patients see
	// Interval is how often to poll for tickets; zero means Interval.
	Interval time.Duration
}

// Desk runs the queue in one staff channel. It is safe for concurrent use.
type Desk struct {
	cfg    Config
	engine Engine
	ch     Channel
	log    *slog.Logger
	now    func() time.Time

	mu      sync.Mutex
	known   map[string]bot.Ticket // tickets with a posted card here, as last seen
	retired map[string]bool       // threads of cards whose tickets ended
	// unshown holds patients' messages taken from the engine that could
	// not be posted yet, by ticket, to post first in the next round.
	unshown map[string][]bot.Turn

	pause postPause // backoff for posting cards (backoff.go)
}

// New returns a desk for the channel in cfg, posting through ch.
func New(cfg Config, engine Engine, ch Channel, log *slog.Logger) *Desk {
	if cfg.Interval <= 0 {
		cfg.Interval = Interval
	}
	return &Desk{
		cfg: cfg, engine: engine, ch: ch, now: time.Now,
		log:   log.With("component", "staffdesk", "platform", cfg.Platform),
		known: map[string]bot.Ticket{}, retired: map[string]bool{}, unshown: map[string][]bot.Turn{},
	}
}

// NewIfEngine returns a desk as New does when cfg names a staff channel
// and engine keeps tickets (it is an Engine), and says in the log that the
// staff queue is on. It returns nil, the queue being off, when cfg names no
// channel, or, with a warning, when engine has no staff handoff.
func NewIfEngine(cfg Config, engine any, ch Channel, log *slog.Logger) *Desk {
	if cfg.Channel == "" {
		return nil
	}
	e, ok := engine.(Engine)
	if !ok {
		log.Warn("a staff channel is set but this engine has no staff handoff; the staff queue is off", "platform", cfg.Platform)
		return nil
	}
	d := New(cfg, e, ch, log)
	d.log.Info("the staff queue is on", "channel", cfg.Channel, "staff", cfg.Staff.Len())
	return d
}

// Run keeps the channel in step with the tickets until ctx is done: at
// once, then every interval. Failures are logged and retried.
func (d *Desk) Run(ctx context.Context) {
	t := time.NewTicker(d.cfg.Interval)
	defer t.Stop()
	for {
		if err := d.Sync(ctx); err != nil && ctx.Err() == nil {
			d.log.Warn("could not update the staff channel", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Sync does one round: posts the cards of new tickets, updates cards whose
// ticket was claimed or closed elsewhere, and posts the patients' new
// messages in the threads of tickets claimed here. After a round in which
// no card could be posted, the following rounds retry those cards less and
// less often, up to about once a minute, until a card is posted.
func (d *Desk) Sync(ctx context.Context) error {
	tickets, err := d.engine.Tickets(ctx)
	if err != nil {
		return fmt.Errorf("list tickets: %w", err)
	}
	d.pause.startRound()
	listed := make(map[string]bool, len(tickets))
	for _, tk := range tickets {
		listed[tk.ID] = true
		tk = d.show(ctx, tk)
		d.remember(tk)
		d.relay(ctx, tk)
	}
	if wait := d.pause.endRound(listed, d.cfg.Interval); wait > 0 {
		d.log.Warn("no card could be posted in the staff channel; trying again later", "channel", d.cfg.Channel, "retry_in", wait.String())
	}
	d.retire(ctx, listed)
	return nil
}

// Owns reports whether thread is the thread of a card this desk has seen,
// so that adapters keep staff messages there away from the engine.
func (d *Desk) Owns(thread string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.retired[thread] {
		return true
	}
	for _, tk := range d.known {
		if c := d.cardOn(tk); c != nil && c.Thread == thread {
			return true
		}
	}
	return false
}

// cardOn returns tk's card in this desk's channel, or nil.
func (d *Desk) cardOn(tk bot.Ticket) *bot.StaffCard {
	i := slices.IndexFunc(tk.Cards, func(c bot.StaffCard) bool { return c.Platform == d.cfg.Platform })
	if i < 0 {
		return nil
	}
	return &tk.Cards[i]
}

// updateCard changes this channel's card on a ticket atomically; fn gets
// the card (zero and found=false when there is none yet) to change in place.
func (d *Desk) updateCard(ctx context.Context, id string, fn func(c *bot.StaffCard, found bool) error) (bot.Ticket, error) {
	return d.engine.UpdateCards(ctx, id, func(cards []bot.StaffCard) ([]bot.StaffCard, error) {
		i := slices.IndexFunc(cards, func(c bot.StaffCard) bool { return c.Platform == d.cfg.Platform })
		found := i >= 0
		if !found {
			cards = append(cards, bot.StaffCard{Platform: d.cfg.Platform})
			i = len(cards) - 1
		}
		if err := fn(&cards[i], found); err != nil {
			return nil, err
		}
		return cards, nil
	})
}

func (d *Desk) logUpdateFailure(what, ticket string, err error) {
	switch {
	case errors.Is(err, errTaken), errors.Is(err, bot.ErrTicketClosed), errors.Is(err, bot.ErrNoTicket):
		return // another replica did it, or the ticket ended: the next round sees it
	}
	d.log.Warn("could not "+what, "ticket", ticket, "err", err)
}

func refOf(c *bot.StaffCard) Ref {
	if c == nil {
		return Ref{}
	}
	return Ref{Channel: c.Channel, Message: c.Message, Thread: c.Thread}
}

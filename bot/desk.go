package bot

import (
	"context"
	"slices"
	"time"
)

// StaffCard is a ticket's card in a staff channel on a chat platform
// (adapters/staffdesk). It is kept on the ticket so that every replica
// updates the same card and exactly one posts it.
type StaffCard struct {
	Platform string `json:"platform"` // the staff channel's platform: "slack", "discord"
	Channel  string `json:"channel"`
	// Message is the card's message id (a Slack ts); empty until posted.
	Message string `json:"message,omitempty"`
	// Thread is where the conversation with the patient is carried.
	Thread string `json:"thread,omitempty"`
	// Posting is when a replica began posting the card; others leave it
	// alone for a while.
	Posting time.Time `json:"posting,omitzero"`
	// Shown is the ticket status the card shows.
	Shown TicketStatus `json:"shown,omitempty"`
	// Relay is set on the card the ticket was claimed through: the
	// patient's messages are posted in its thread.
	Relay bool `json:"relay,omitempty"`
}

// Ticket returns a ticket by id, or ErrNoTicket (also after the patient
// asked to be forgotten). For staff tools.
func (e *Engine) Ticket(ctx context.Context, id string) (Ticket, error) {
	if e.tickets == nil {
		return Ticket{}, ErrNoTicket
	}
	return e.tickets.Ticket(ctx, id)
}

// UpdateCards changes the staff-channel cards of a ticket atomically,
// across replicas: fn gets a copy of the current cards and returns the new
// list, or an error, which UpdateCards returns with nothing changed. Only
// the cards change. A closed ticket's cards are final: ErrTicketClosed.
func (e *Engine) UpdateCards(ctx context.Context, id string, fn func([]StaffCard) ([]StaffCard, error)) (Ticket, error) {
	return e.updateTicket(ctx, id, func(t *Ticket) error {
		if t.Status == TicketClosed {
			return ErrTicketClosed
		}
		cards, err := fn(slices.Clone(t.Cards))
		if err != nil {
			return err
		}
		t.Cards = cards
		return nil
	})
}

// FirstEvent records a platform event id, as Handle does for messages, and
// reports whether this is its first delivery. It is for events an adapter
// acts on without Handle, such as a staff member's reply in a staff
// channel, so that a delivery retried by the platform is not sent twice.
// Without a de-duplicating store, or when the store fails, it reports true.
func (e *Engine) FirstEvent(ctx context.Context, platform, eventID string) bool {
	d, ok := e.store.(Deduper)
	if !ok || eventID == "" {
		return true
	}
	first, err := d.FirstDelivery(ctx, platform+":"+eventID)
	if err != nil {
		e.storeFailed("dedupe", err)
	}
	return first
}

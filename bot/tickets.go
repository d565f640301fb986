package bot

import (
	"context"
	"errors"
	"time"
)

// Ticket errors that callers act on.
var (
	ErrNoTicket       = errors.New("no such ticket")
	ErrAlreadyClaimed = errors.New("ticket already claimed by someone else")
	ErrTicketClosed   = errors.New("ticket is closed")
)

// TicketStatus is where a handoff ticket stands.
type TicketStatus string

// Ticket statuses.
const (
	TicketOpen    TicketStatus = "open"    // waiting for a staff member
	TicketClaimed TicketStatus = "claimed" // a staff member is talking with the patient
	TicketClosed  TicketStatus = "closed"  // handed back to the bot
)

// Ticket is a patient's request for a person, queued for staff.
type Ticket struct {
	ID           string       `json:"id"`
	Conversation string       `json:"conversation"` // ConversationKey of the patient's conversation
	User         string       `json:"user"`         // UserKey of the patient
	Platform     string       `json:"platform"`
	PlatformUser string       `json:"platform_user"` // the patient's id on the platform, for direct messages
	Channel      string       `json:"channel"`       // the platform conversation, to reply into
	Thread       string       `json:"thread,omitempty"`
	Reason       string       `json:"reason"`  // asked, fallbacks, not-helpful, crisis
	Summary      string       `json:"summary"` // short redacted summary
	Turns        []Turn       `json:"turns"`   // the last turns before the handoff, redacted
	Status       TicketStatus `json:"status"`
	ClaimedBy    string       `json:"claimed_by,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
	ClaimedAt    time.Time    `json:"claimed_at,omitzero"`
	ClosedAt     time.Time    `json:"closed_at,omitzero"`
	// Notified is set once the patient was told that nobody is free yet.
	Notified bool `json:"notified,omitempty"`
	// Cards are the ticket's cards in staff channels on chat platforms,
	// changed only through Engine.UpdateCards.
	Cards []StaffCard `json:"cards,omitempty"`
}

// Outbound is a message for a patient that does not answer one of their
// messages: a staff member's reply, or the bot saying it is back.
type Outbound struct {
	Conversation string    `json:"conversation"` // ConversationKey
	Platform     string    `json:"platform"`
	Channel      string    `json:"channel"`
	Thread       string    `json:"thread,omitempty"`
	User         string    `json:"user,omitempty"` // the patient's platform user id
	From         string    `json:"from"`           // staff name, or "bot"
	Reply        Reply     `json:"reply"`
	At           time.Time `json:"at"`
}

// TicketStore keeps handoff tickets and the messages relayed through them.
// Tickets survive restarts when the store does (Redis). Implementations
// must make Claim atomic across replicas: exactly one claim wins.
type TicketStore interface {
	// OpenTicket stores t as a new open ticket, or returns the ticket
	// already open or claimed for t.Conversation.
	OpenTicket(ctx context.Context, t Ticket) (Ticket, error)
	// ActiveTicket returns the open or claimed ticket of a conversation,
	// or ErrNoTicket.
	ActiveTicket(ctx context.Context, conversation string) (Ticket, error)
	// Ticket returns a ticket by id, or ErrNoTicket.
	Ticket(ctx context.Context, id string) (Ticket, error)
	// UpdateTicket changes a ticket with fn atomically. fn sees the current
	// ticket and returns an error to abort.
	UpdateTicket(ctx context.Context, id string, fn func(*Ticket) error) (Ticket, error)
	// Tickets lists the tickets that are not closed, oldest first.
	Tickets(ctx context.Context) ([]Ticket, error)
	// Push queues a message for the patient's conversation; Pull takes
	// and removes the queued messages, oldest first.
	Push(ctx context.Context, m Outbound) error
	Pull(ctx context.Context, conversation string) ([]Outbound, error)
	// PullPlatform takes every queued message for one platform, for
	// adapters that deliver them by push (Slack, Discord).
	PullPlatform(ctx context.Context, platform string) ([]Outbound, error)
	// Relay records a patient's message on a claimed ticket for staff;
	// Relayed returns them and removes them.
	Relay(ctx context.Context, ticketID string, turn Turn) error
	Relayed(ctx context.Context, ticketID string) ([]Turn, error)
}

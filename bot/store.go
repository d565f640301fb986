package bot

import (
	"context"
	"errors"
	"strings"
	"time"
)

// ErrConflict is returned by Store.Save when the conversation changed
// since it was loaded. The engine reloads and retries.
var ErrConflict = errors.New("conversation changed concurrently")

// Store keeps conversation state between messages. Implementations must be
// safe for concurrent use by several engine replicas and expire every
// conversation after their TTL. Values are copied in and out: no pointer
// is shared across calls.
type Store interface {
	// Load returns the conversation stored under key, or a new empty
	// Conversation with that key and Version 0 when there is none.
	Load(ctx context.Context, key string) (Conversation, error)
	// Save stores c if its Version still matches the stored one (0 for a
	// new conversation), increments the version, and refreshes the TTL.
	// It returns ErrConflict otherwise.
	Save(ctx context.Context, c Conversation) error
	// Forget deletes every conversation of user (as from UserKey) and
	// reports how many were deleted.
	Forget(ctx context.Context, user string) (int, error)
}

// Conversation is what the bot remembers of one conversation: the least it
// needs to follow it. Patient text is stored only redacted.
type Conversation struct {
	Key       string   `json:"key"`
	User      string   `json:"user"` // UserKey of the patient, for "forget me"
	Version   int64    `json:"version"`
	LastEntry string   `json:"last_entry,omitempty"`
	Pending   []string `json:"pending,omitempty"` // entries offered by a clarify reply
	Fallbacks int      `json:"fallbacks,omitempty"`
	// OfferedPerson is set when the last reply asked whether the patient
	// wants a person.
	OfferedPerson bool `json:"offered_person,omitempty"`
	// Ticket is the id of the conversation's handoff ticket, if any, so
	// that an ordinary message costs no ticket lookup.
	Ticket    string    `json:"ticket,omitempty"`
	Turns     []Turn    `json:"turns,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Turn is one remembered exchange, for a staff member's summary.
type Turn struct {
	At    time.Time `json:"at"`
	Text  string    `json:"text"` // the patient's message, redacted and shortened
	Kind  Kind      `json:"kind"`
	Entry string    `json:"entry,omitempty"`
}

// maxTurns bounds the remembered exchanges per conversation.
const maxTurns = 6

// ConversationKey identifies a patient's conversation: one per user, per
// channel and thread, per platform.
func ConversationKey(m Message) string {
	return strings.Join([]string{escape(m.Platform), escape(m.Conversation), escape(m.Thread), escape(m.User)}, ":")
}

// UserKey identifies a patient across their conversations on one platform.
func UserKey(m Message) string { return escape(m.Platform) + ":" + escape(m.User) }

// keyEscaper keeps ":" inside ids from being read as a separator.
var keyEscaper = strings.NewReplacer("%", "%25", ":", "%3A")

func escape(s string) string { return keyEscaper.Replace(s) }

// Deduper records platform event ids so that a delivery retried by a
// platform gets no second reply. Stores may implement it.
type Deduper interface {
	// FirstDelivery records eventID and reports whether this is the first
	// time it was seen. On error it reports true: better a rare duplicate
	// reply than a lost message.
	FirstDelivery(ctx context.Context, eventID string) (bool, error)
}

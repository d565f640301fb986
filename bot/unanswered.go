package bot

import (
	"context"
	"time"
)

// UnansweredLog keeps the questions the bot could not answer, redacted,
// so admins can see what patients ask that the FAQ lacks. Stores may
// implement it.
type UnansweredLog interface {
	RecordUnanswered(ctx context.Context, q Unanswered) error
	// Unanswered returns up to limit recent questions, newest first.
	Unanswered(ctx context.Context, limit int) ([]Unanswered, error)
}

// Unanswered is one question that got a fallback.
type Unanswered struct {
	Text     string    `json:"text"` // redacted and shortened
	Platform string    `json:"platform"`
	At       time.Time `json:"at"`
	// Nearest is the closest entry, for "create an entry from this".
	Nearest string `json:"nearest,omitempty"`
}

// maxUnanswered bounds how many unanswered questions a store keeps.
const maxUnanswered = 1000

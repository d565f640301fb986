// Package revision keeps live edits to the FAQ as numbered revisions, so
// an admin can fix an answer without a redeploy, nobody's edit is lost
// (an edit names the version it started from), and every change is kept
// with who made it and when. The shipped Markdown files are the seed:
// version 1 of each entry.
package revision

import (
	"context"
	"errors"
	"time"

	"github.com/faqbot/faqbot/faq"
)

// Errors callers act on.
var (
	ErrConflict = errors.New("the entry changed since that version")
	ErrNotFound = errors.New("no such entry or version")
)

// Revision is one saved change to an entry.
type Revision struct {
	ID      string    `json:"id"`
	Version int       `json:"version"`
	Author  string    `json:"author"`
	At      time.Time `json:"at"`
	Action  string    `json:"action"` // "edit", "create", "disable", "enable", "revert to N", "import"
	Enabled bool      `json:"enabled"`
	Entry   faq.Entry `json:"entry"`
}

// Store keeps revisions. Append is atomic across replicas: it stores rev
// only if the entry's latest stored version is rev.Version-1 (0 for none).
type Store interface {
	AppendRevision(ctx context.Context, rev Revision) error // ErrConflict otherwise
	Revisions(ctx context.Context, id string) ([]Revision, error)
	// LatestRevisions returns the newest revision of every edited entry
	// and a generation number that changes whenever any entry does.
	LatestRevisions(ctx context.Context) (map[string]Revision, int64, error)
	// Generation returns the current generation number, cheaply.
	Generation(ctx context.Context) (int64, error)
}

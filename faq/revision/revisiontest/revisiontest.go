// Package revisiontest holds the contract every revision.Store must meet.
package revisiontest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

// TestStore runs the contract every revision Store must meet; newStore
// returns an empty store. It lives here so that each implementation's
// tests can run it.
func TestStore(t *testing.T, newStore func(t *testing.T) revision.Store) {
	ctx := context.Background()
	rev := func(id string, v int, title string) revision.Revision {
		return revision.Revision{ID: id, Version: v, Author: "ann", At: time.Now().UTC(), Action: "edit", Enabled: true, Entry: faq.Entry{ID: id, Title: title}}
	}
	t.Run("versions must follow each other", func(t *testing.T) {
		s := newStore(t)
		if err := s.AppendRevision(ctx, rev("a", 1, "one")); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendRevision(ctx, rev("a", 3, "skip")); !errors.Is(err, revision.ErrConflict) {
			t.Errorf("skipping a version: %v", err)
		}
		if err := s.AppendRevision(ctx, rev("a", 1, "again")); !errors.Is(err, revision.ErrConflict) {
			t.Errorf("repeating a version: %v", err)
		}
		if err := s.AppendRevision(ctx, rev("a", 2, "two")); err != nil {
			t.Fatal(err)
		}
		revs, err := s.Revisions(ctx, "a")
		if err != nil || len(revs) != 2 || revs[1].Entry.Title != "two" {
			t.Errorf("Revisions = %+v, %v", revs, err)
		}
	})
	t.Run("latest revisions and the generation track every change", func(t *testing.T) {
		s := newStore(t)
		g0, _ := s.Generation(ctx)
		_ = s.AppendRevision(ctx, rev("a", 1, "a1"))
		_ = s.AppendRevision(ctx, rev("b", 1, "b1"))
		_ = s.AppendRevision(ctx, rev("a", 2, "a2"))
		latest, gen, err := s.LatestRevisions(ctx)
		if err != nil || len(latest) != 2 || latest["a"].Entry.Title != "a2" || gen != g0+3 {
			t.Errorf("LatestRevisions = %+v, %d, %v", latest, gen, err)
		}
		if g, _ := s.Generation(ctx); g != gen {
			t.Errorf("Generation = %d, want %d", g, gen)
		}
	})
}

package revision_test

import (
	"context"
	"testing"
	"time"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
	"github.com/faqbot/faqbot/faq/revision/revisiontest"
)

func TestDirStore(t *testing.T) {
	revisiontest.TestStore(t, func(t *testing.T) revision.Store {
		s, err := revision.NewDirStore(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestDirStoreSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	s, _ := revision.NewDirStore(dir)
	ctx := context.Background()
	if err := s.AppendRevision(ctx, revision.Revision{ID: "a", Version: 1, At: time.Now(), Entry: faq.Entry{ID: "a", Title: "kept"}}); err != nil {
		t.Fatal(err)
	}
	again, err := revision.NewDirStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	latest, gen, _ := again.LatestRevisions(ctx)
	if latest["a"].Entry.Title != "kept" || gen != 1 {
		t.Errorf("after reopening: %+v, gen %d", latest, gen)
	}
}

func TestLiveEditsConflictsAndReverts(t *testing.T) {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	store, _ := revision.NewDirStore(t.TempDir())
	ctx := context.Background()
	live, err := revision.NewLive(ctx, set.Entries(), store, faq.DefaultRules(), discard())
	if err != nil {
		t.Fatal(err)
	}
	e, meta, ok := live.Entry("infusion-driving-home")
	if !ok || meta.Version != 1 {
		t.Fatalf("seed entry: %v %+v", ok, meta)
	}
	original := e.Body
	e.Body = "No. Please do not drive for the rest of the day after an infusion, and ask someone you trust to take you home. Talk to your care team if you are unsure what is safe for you. Call {{clinic.phone}} with any questions before your visit."
	rev, err := live.Save(ctx, e, 1, true, "ann", "edit")
	if err != nil || rev.Version != 2 {
		t.Fatalf("Save = %+v, %v", rev, err)
	}
	if _, err := live.Save(ctx, e, 1, true, "bob", "edit"); err != revision.ErrConflict {
		t.Errorf("stale edit: %v, want ErrConflict", err)
	}
	bad := e
	bad.Sources = nil
	if _, err := live.Save(ctx, bad, 2, true, "ann", "edit"); err == nil {
		t.Error("an entry without sources was saved")
	}
	if got, m, _ := live.Entry("infusion-driving-home"); m.Version != 2 || got.Body != e.Body {
		t.Errorf("after a refused edit: version %d", m.Version)
	}
	if _, err := live.Revert(ctx, "infusion-driving-home", 1, "ann"); err != nil {
		t.Fatal(err)
	}
	got, m, _ := live.Entry("infusion-driving-home")
	hist, _ := live.History(ctx, "infusion-driving-home")
	if got.Body != original || m.Version != 3 || len(hist) != 3 || hist[2].Action != "revert to 1" {
		t.Errorf("after revert: version %d, history %d", m.Version, len(hist))
	}
}

package faqadmin_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/faqadmin"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

const (
	admin   = "U0ADMIN"
	patient = "U0PATIENT"
	entryID = "infusion-driving-home"
	// secret is text that must never reach the log.
	secret = "secret-question text"
)

// fixture is the commands over a real revision.Live on a temporary
// DirStore seeded with the embedded FAQ.
type fixture struct {
	live  *revision.Live
	store *revision.DirStore
	cmds  *faqadmin.Commands
	logs  *adaptertest.Logs

	mu    sync.Mutex
	saved int // calls of Data.Saved
}

func newFixture(t *testing.T, data faqadmin.Data) *fixture {
	t.Helper()
	store, err := revision.NewDirStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: store, logs: &adaptertest.Logs{}}
	f.live = adaptertest.LiveOn(t, store)
	data.Saved = func(s *faq.Set) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.saved++
	}
	admins, err := roster.Parse("Dana:" + admin)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.cmds = faqadmin.New(f.live, data, admins, log)
	return f
}

// do runs text as user and fails the test when it is not an admin command.
func (f *fixture) do(t *testing.T, user, text string) string {
	t.Helper()
	r, ok := f.cmds.Handle(context.Background(), user, text)
	if !ok {
		t.Fatalf("%q was not handled as an admin command", text)
	}
	if n := utf8.RuneCountInString(r.Text); n > faqadmin.MaxReplyRunes {
		t.Errorf("%q: reply of %d runes, over %d", text, n, faqadmin.MaxReplyRunes)
	}
	return r.Text
}

func (f *fixture) version(t *testing.T) revision.Meta {
	t.Helper()
	_, m, ok := f.live.Entry(entryID)
	if !ok {
		t.Fatalf("%s is missing", entryID)
	}
	return m
}

func (f *fixture) savedCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.saved
}

func (f *fixture) lastRevision(t *testing.T) revision.Revision {
	t.Helper()
	revs, err := f.live.History(context.Background(), entryID)
	if err != nil {
		t.Fatal(err)
	}
	return revs[len(revs)-1]
}

func mustContain(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("reply %q does not contain %q", got, w)
		}
	}
}

func TestAddQuestionSavesANewVersionWithAuthorAndAction(t *testing.T) {
	t.Parallel()
	f := newFixture(t, faqadmin.Data{})
	q := "¿Puede mi hermana llevarme a casa? 🚗"
	before, _, _ := f.live.Entry(entryID)

	got := f.do(t, admin, fmt.Sprintf("add-question %s “%s”", entryID, q))
	mustContain(t, got, "version 2", fmt.Sprintf("%d questions", len(before.Questions)+1))

	e, m, _ := f.live.Entry(entryID)
	if m.Version != 2 || e.Questions[len(e.Questions)-1] != q {
		t.Errorf("after add-question: version %d, last question %q", m.Version, e.Questions[len(e.Questions)-1])
	}
	if rev := f.lastRevision(t); rev.Author != "Dana" || rev.Action != faqadmin.ActionAddQuestion || rev.Version != 2 {
		t.Errorf("history ends with %+v, want version 2 by Dana, add-question", rev)
	}
	if f.savedCalls() != 1 {
		t.Errorf("Saved called %d times, want 1", f.savedCalls())
	}
	if e, ok := f.live.Set().Get(entryID); !ok || !slices.Contains(e.Questions, q) {
		t.Error("the live set does not serve the new question")
	}

	got = f.do(t, admin, fmt.Sprintf("add-question %s %q", entryID, strings.ToUpper(q)))
	mustContain(t, got, "already has that question")
	if f.version(t).Version != 2 {
		t.Error("a duplicate question made a new version")
	}
}

func TestDisableAndEnable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, faqadmin.Data{})
	mustContain(t, f.do(t, admin, "disable "+entryID), "offline", "version 2")
	if m := f.version(t); m.Enabled || m.Version != 2 {
		t.Errorf("after disable: %+v", m)
	}
	if _, ok := f.live.Set().Get(entryID); ok {
		t.Error("a disabled entry is still served")
	}
	if rev := f.lastRevision(t); rev.Action != faqadmin.ActionDisable || rev.Author != "Dana" {
		t.Errorf("history ends with %+v", rev)
	}
	mustContain(t, f.do(t, admin, "disable "+entryID), "already offline")
	mustContain(t, f.do(t, admin, "list driving"), "**offline**")

	mustContain(t, f.do(t, admin, "enable "+entryID), "live again", "version 3")
	if m := f.version(t); !m.Enabled || m.Version != 3 {
		t.Errorf("after enable: %+v", m)
	}
	if _, ok := f.live.Set().Get(entryID); !ok {
		t.Error("an enabled entry is not served")
	}
	if rev := f.lastRevision(t); rev.Action != faqadmin.ActionEnable {
		t.Errorf("history ends with %+v", rev)
	}
}

func TestRevert(t *testing.T) {
	t.Parallel()
	f := newFixture(t, faqadmin.Data{})
	seed, _, _ := f.live.Entry(entryID)
	f.do(t, admin, "add-question "+entryID+` "can my neighbour drive me?"`)
	mustContain(t, f.do(t, admin, "revert "+entryID+" 1"), "version 1", "now version 3")
	e, m, _ := f.live.Entry(entryID)
	if m.Version != 3 || !slices.Equal(e.Questions, seed.Questions) {
		t.Errorf("after revert: version %d, %d questions, want 3 and the seed's %d", m.Version, len(e.Questions), len(seed.Questions))
	}
	if rev := f.lastRevision(t); rev.Action != "revert to 1" || rev.Author != "Dana" {
		t.Errorf("history ends with %+v", rev)
	}
	mustContain(t, f.do(t, admin, "revert "+entryID+" 9"), "has no version 9")
	mustContain(t, f.do(t, admin, "history "+entryID), "v3", "revert to 1", "v2", "add-question", "v1", "seed", "Dana")
	if f.version(t).Version != 3 {
		t.Error("a revert to a missing version changed the entry")
	}
}

func TestAConflictChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, faqadmin.Data{})
	// Another replica on the same store saves first; this one has not
	// refreshed yet, so its change is made from a stale version.
	other := adaptertest.LiveOn(t, f.store)
	e, _, _ := other.Entry(entryID)
	e.Questions = append(e.Questions, "can a taxi take me home?")
	if _, err := other.Save(context.Background(), e, 1, true, "Lee", "edit"); err != nil {
		t.Fatal(err)
	}
	got := f.do(t, admin, "add-question "+entryID+` "can an uber take me home?"`)
	mustContain(t, got, "Someone else changed", "nothing changed")
	revs, _ := other.History(context.Background(), entryID)
	if len(revs) != 2 || revs[1].Author != "Lee" {
		t.Errorf("history after the conflict: %+v", revs)
	}
	if f.savedCalls() != 0 {
		t.Error("Saved was called for a refused change")
	}
}

func TestSubmitAnEditedDraft(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, faqadmin.Data{})
	r, ok := f.cmds.Handle(ctx, admin, "edit "+entryID)
	if !ok || r.Edit == nil {
		t.Fatalf("edit replied %+v, want a draft", r)
	}
	seed, _, _ := f.live.Entry(entryID)
	if d := *r.Edit; d.ID != entryID || d.Version != 1 || d.Title != seed.Title || d.Body != seed.Body {
		t.Errorf("draft %+v", d)
	}

	t.Run("a draft saved unchanged makes no new version", func(t *testing.T) {
		got, err := f.cmds.Submit(ctx, admin, *r.Edit)
		if err != nil || !strings.Contains(got, "No change") || f.version(t).Version != 1 {
			t.Errorf("Submit unchanged = %q, %v; version %d", got, err, f.version(t).Version)
		}
	})
	t.Run("an edit that breaks lint is refused with the reasons and changes nothing", func(t *testing.T) {
		d := *r.Edit
		d.Body = strings.Repeat("Ketamine infusions are long. ", 60)
		_, err := f.cmds.Submit(ctx, admin, d)
		var rej *faqadmin.Rejection
		if !errors.As(err, &rej) || rej.Field != faqadmin.FieldBody || !strings.Contains(rej.Message, "words") {
			t.Fatalf("Submit = %v, want a rejection about the length", err)
		}
		if f.version(t).Version != 1 {
			t.Error("a refused edit changed the entry")
		}
		d = *r.Edit
		d.Title = " "
		if _, err := f.cmds.Submit(ctx, admin, d); !errors.As(err, &rej) || rej.Field != faqadmin.FieldTitle {
			t.Errorf("Submit without a title = %v, want a rejection beside the title", err)
		}
	})
	t.Run("a valid edit is saved as the admin's", func(t *testing.T) {
		d := *r.Edit
		d.Body = "Please bring someone to drive you home. " + d.Body
		got, err := f.cmds.Submit(ctx, admin, d)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, got, "version 2")
		if e, m, _ := f.live.Entry(entryID); m.Version != 2 || e.Body != strings.TrimSpace(d.Body) {
			t.Errorf("after the edit: version %d", m.Version)
		}
		if rev := f.lastRevision(t); rev.Author != "Dana" || rev.Action != faqadmin.ActionEdit {
			t.Errorf("history ends with %+v", rev)
		}
	})
	t.Run("a draft from an old version is a conflict", func(t *testing.T) {
		_, err := f.cmds.Submit(ctx, admin, *r.Edit)
		var rej *faqadmin.Rejection
		if !errors.As(err, &rej) || !strings.Contains(rej.Message, "Someone else changed") {
			t.Fatalf("Submit = %v, want a conflict", err)
		}
		if f.version(t).Version != 2 {
			t.Error("a conflicting edit changed the entry")
		}
	})
}

func TestNonAdminsAreRefusedAndNothingChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, faqadmin.Data{})
	for _, text := range []string{
		"list", "show " + entryID, "edit " + entryID, "disable " + entryID, "revert " + entryID + " 1",
		"add-question " + entryID + ` "` + secret + `"`, "stats", "unanswered", "admin help",
	} {
		r, ok := f.cmds.Handle(ctx, patient, text)
		if !ok || r.Text != faqadmin.Refusal || r.Edit != nil {
			t.Errorf("%q by a non-admin: %+v, %v; want the refusal", text, r, ok)
		}
	}
	_, err := f.cmds.Submit(ctx, patient, faqadmin.Draft{ID: entryID, Version: 1, Title: "x", Body: secret})
	var rej *faqadmin.Rejection
	if !errors.As(err, &rej) || rej.Message != faqadmin.Refusal {
		t.Errorf("Submit by a non-admin = %v", err)
	}
	if m := f.version(t); m.Version != 1 || !m.Enabled {
		t.Errorf("a non-admin changed the entry: %+v", m)
	}
	logs := f.logs.String()
	if strings.Count(logs, "not an admin") != 10 || !strings.Contains(logs, `"user":"`+patient+`"`) ||
		!strings.Contains(logs, `"command":"add-question"`) || !strings.Contains(logs, `"entry":"`+entryID+`"`) {
		t.Errorf("refusals are not logged with user, command and entry:\n%s", logs)
	}
	if strings.Contains(logs, "secret-") {
		t.Errorf("the log holds command text:\n%s", logs)
	}
}

func TestPatientCommandsPassThrough(t *testing.T) {
	t.Parallel()
	f := newFixture(t, faqadmin.Data{})
	for _, user := range []string{admin, patient} {
		for _, text := range []string{"", "help", "ask can I drive?", "forget me", "can I drive home?", "delete " + entryID} {
			if r, ok := f.cmds.Handle(context.Background(), user, text); ok {
				t.Errorf("%q by %s was handled: %+v", text, user, r)
			}
		}
	}
	// A question that starts like a command is still a question; a
	// malformed command is one only for admins.
	for _, user := range []string{admin, patient} {
		if _, ok := f.cmds.Handle(context.Background(), user, "list ways to hurt myself"); ok {
			t.Errorf("a question starting with list by %s was taken as a command", user)
		}
	}
	if _, ok := f.cmds.Handle(context.Background(), patient, "list side effects"); ok {
		t.Error("a patient's malformed command was not passed on")
	}
	mustContain(t, f.do(t, admin, "list side effects"), "Usage: `/faq list [WORD]`")
}

func TestReadingCommands(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	data := faqadmin.Data{
		Unanswered: func(context.Context, int) ([]bot.Unanswered, error) {
			return []bot.Unanswered{
				{Text: "Can I bring my dog?", At: now, Nearest: "clinic-booking"},
				{Text: "can i bring my DOG", At: now},
				{Text: "Is parking free?", At: now},
			}, nil
		},
		Feedback: func(context.Context) (map[string]bot.FeedbackCount, error) {
			return map[string]bot.FeedbackCount{entryID: {Helpful: 3, NotHelpful: 1}, "fibro-fog": {Helpful: 0, NotHelpful: 4}}, nil
		},
	}
	f := newFixture(t, data)
	entries, _ := f.live.List()

	list := f.do(t, admin, "list")
	mustContain(t, list, fmt.Sprintf("(%d, 0 offline)", len(entries)), "`clinic-booking`", "· v1", "75% helpful of 4")
	var shown, more int
	for _, l := range strings.Split(list, "\n") {
		if strings.HasPrefix(l, "- `") {
			shown++
		}
		if _, err := fmt.Sscanf(l, "…and %d more.", &more); err == nil {
			mustContain(t, l, "/faq list WORD")
		}
	}
	if more == 0 || shown+more != len(entries) {
		t.Errorf("list shows %d and says %d more, want %d in all and truncation", shown, more, len(entries))
	}
	mustContain(t, f.do(t, admin, "list nothing-matches-this"), "No entry matches")

	show := f.do(t, admin, "show "+entryID)
	e, _, _ := f.live.Entry(entryID)
	mustContain(t, show, "**"+e.Title+"**", "version 1", "live", fmt.Sprintf("**Questions** (%d)", len(e.Questions)), "**Sources:** [")
	mustContain(t, f.do(t, admin, "show no-such-entry"), "There is no entry `no-such-entry`")

	mustContain(t, f.do(t, admin, "unanswered"), "(3, 2 different)", "2× Can I bring my dog? (nearest `clinic-booking`)", "1× Is parking free?")
	mustContain(t, f.do(t, admin, "stats"), fmt.Sprintf("%d entries, %d live", len(entries), len(entries)),
		"3 helpful, 5 not helpful", "- `fibro-fog` 4 not helpful, 0 helpful")
	mustContain(t, f.do(t, admin, "admin help"), "/faq add-question ID", "/faq revert ID VERSION")
	mustContain(t, f.do(t, admin, "revert "+entryID), "Usage: `/faq revert ID VERSION`")
}

func TestLongHistoryIsTruncated(t *testing.T) {
	t.Parallel()
	f := newFixture(t, faqadmin.Data{})
	for i := range 7 {
		f.do(t, admin, "disable "+entryID)
		f.do(t, admin, "enable "+entryID)
		_ = i
	}
	got := f.do(t, admin, "history "+entryID)
	mustContain(t, got, "v15", "…and 5 more.", "/faq revert "+entryID+" VERSION")
	if strings.Contains(got, "v5 ") {
		t.Errorf("history shows old versions beyond the limit:\n%s", got)
	}
}

package revision

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/faqbot/faqbot/faq"
)

// Meta is an entry's live version and state.
type Meta struct {
	Version int  `json:"version"`
	Enabled bool `json:"enabled"`
}

// Live is the FAQ as edited: the seed overlaid with each entry's newest
// revision. It is safe for concurrent use.
type Live struct {
	seed  map[string]faq.Entry
	store Store
	rules faq.Rules
	log   *slog.Logger

	mu      sync.RWMutex
	entries map[string]faq.Entry
	meta    map[string]Meta
	gen     int64
}

// NewLive loads the live FAQ from seed and store.
func NewLive(ctx context.Context, seed []faq.Entry, store Store, rules faq.Rules, log *slog.Logger) (*Live, error) {
	l := &Live{seed: map[string]faq.Entry{}, store: store, rules: rules, log: log.With("component", "faq-revisions")}
	for _, e := range seed {
		l.seed[e.ID] = e
	}
	if err := l.Refresh(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// Refresh reloads the newest revisions from the store.
func (l *Live) Refresh(ctx context.Context) error {
	latest, gen, err := l.store.LatestRevisions(ctx)
	if err != nil {
		return fmt.Errorf("load faq revisions: %w", err)
	}
	entries := make(map[string]faq.Entry, len(l.seed)+len(latest))
	meta := make(map[string]Meta, len(entries))
	for id, e := range l.seed {
		entries[id], meta[id] = e, Meta{Version: 1, Enabled: true}
	}
	for id, r := range latest {
		entries[id], meta[id] = r.Entry, Meta{Version: r.Version, Enabled: r.Enabled}
	}
	l.mu.Lock()
	l.entries, l.meta, l.gen = entries, meta, gen
	l.mu.Unlock()
	return nil
}

// Set returns the enabled entries as a faq.Set.
func (l *Live) Set() *faq.Set {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var es []faq.Entry
	for id, e := range l.entries {
		if l.meta[id].Enabled {
			es = append(es, e)
		}
	}
	return faq.NewSet(es)
}

// Entry returns an entry, enabled or not, with its version.
func (l *Live) Entry(id string) (faq.Entry, Meta, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.entries[id]
	return e, l.meta[id], ok
}

// List returns every entry with its version, in id order.
func (l *Live) List() ([]faq.Entry, map[string]Meta) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	es := make([]faq.Entry, 0, len(l.entries))
	meta := make(map[string]Meta, len(l.meta))
	for id, e := range l.entries {
		es = append(es, e)
		meta[id] = l.meta[id]
	}
	slices.SortFunc(es, func(a, b faq.Entry) int { return compare(a.ID, b.ID) })
	return es, meta
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Save stores a new version of an entry made from version base (0 for a
// new entry). It refuses an entry that fails lint, with faq.Problems as
// the error, and a stale base with ErrConflict; neither changes anything.
func (l *Live) Save(ctx context.Context, e faq.Entry, base int, enabled bool, author, action string) (Revision, error) {
	if problems := l.check(e); len(problems) > 0 {
		return Revision{}, problems
	}
	l.mu.RLock()
	cur, exists := l.meta[e.ID]
	l.mu.RUnlock()
	switch {
	case exists && base != cur.Version, !exists && base != 0:
		return Revision{}, ErrConflict
	}
	rev := Revision{ID: e.ID, Version: base + 1, Author: author, At: time.Now().UTC(), Action: action, Enabled: enabled, Entry: e}
	if exists && base == 1 && !l.hasRevisions(ctx, e.ID) {
		// The seed is version 1; the first stored revision is version 2,
		// stored after a copy of the seed so history shows where it began.
		seed := Revision{ID: e.ID, Version: 1, Author: "seed", At: rev.At, Action: "seed", Enabled: cur.Enabled, Entry: l.seed[e.ID]}
		if err := l.store.AppendRevision(ctx, seed); err != nil && err != ErrConflict {
			return Revision{}, err
		}
	}
	if err := l.store.AppendRevision(ctx, rev); err != nil {
		return Revision{}, err
	}
	l.log.Info("faq entry saved", "entry", e.ID, "version", rev.Version, "author", author, "action", action)
	return rev, l.Refresh(ctx)
}

func (l *Live) hasRevisions(ctx context.Context, id string) bool {
	revs, err := l.store.Revisions(ctx, id)
	return err == nil && len(revs) > 0
}

// check lints one entry, including that its related ids exist.
func (l *Live) check(e faq.Entry) faq.Problems {
	problems := faq.CheckEntry(e.ID+".md", e, l.rules).Errors()
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, r := range e.Related {
		if _, ok := l.entries[r]; !ok && r != e.ID {
			problems = append(problems, faq.Problem{File: e.ID + ".md", Line: 1, Message: fmt.Sprintf("related id %q has no entry", r)})
		}
	}
	return problems
}

// History returns an entry's revisions, oldest first.
func (l *Live) History(ctx context.Context, id string) ([]Revision, error) {
	revs, err := l.store.Revisions(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		if e, ok := l.seed[id]; ok {
			return []Revision{{ID: id, Version: 1, Author: "seed", Action: "seed", Enabled: true, Entry: e}}, nil
		}
		return nil, ErrNotFound
	}
	return revs, nil
}

// Revert makes an old version the newest, as a new revision.
func (l *Live) Revert(ctx context.Context, id string, version int, author string) (Revision, error) {
	revs, err := l.History(ctx, id)
	if err != nil {
		return Revision{}, err
	}
	for _, r := range revs {
		if r.Version == version {
			_, cur, _ := l.Entry(id)
			return l.Save(ctx, r.Entry, cur.Version, r.Enabled, author, fmt.Sprintf("revert to %d", version))
		}
	}
	return Revision{}, ErrNotFound
}

// Watch polls the store every interval and calls onChange with the new
// set when another replica saved an edit, until ctx is done.
func (l *Live) Watch(ctx context.Context, interval time.Duration, onChange func(*faq.Set)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		gen, err := l.store.Generation(ctx)
		if err != nil {
			l.log.Warn("could not check for faq edits", "err", err)
			continue
		}
		l.mu.RLock()
		same := gen == l.gen
		l.mu.RUnlock()
		if same {
			continue
		}
		if err := l.Refresh(ctx); err != nil {
			l.log.Warn("could not load faq edits", "err", err)
			continue
		}
		onChange(l.Set())
	}
}

// Package faq holds the clinic's curated answers: the entry type, loading
// Markdown files with YAML front matter, validation (lint), the clinic
// profile whose facts fill placeholders, and the embedded default content.
package faq

import (
	"cmp"
	"slices"
	"time"
)

// Entry is one curated question and answer.
type Entry struct {
	ID          string    `yaml:"id" json:"id"`
	Title       string    `yaml:"title" json:"title"`
	Questions   []string  `yaml:"questions" json:"questions"`
	Tags        []string  `yaml:"tags" json:"tags"`
	Related     []string  `yaml:"related" json:"related"`
	Sources     []Source  `yaml:"sources" json:"sources"`
	Reviewed    time.Time `yaml:"-" json:"reviewed"`
	ReviewAfter time.Time `yaml:"-" json:"review_after"`
	// Body is the answer in Markdown, possibly holding clinic placeholders.
	Body string `yaml:"-" json:"body"`
}

// Source is a reference that supports an entry.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// Set is a loaded FAQ: entries in id order with lookup by id.
type Set struct {
	entries []Entry
	byID    map[string]int
}

// NewSet builds a Set from entries, sorted by id. Later duplicates of an id
// replace earlier ones; lint reports duplicates before this point.
func NewSet(entries []Entry) *Set {
	s := &Set{byID: make(map[string]int, len(entries))}
	for _, e := range entries {
		if i, ok := s.byID[e.ID]; ok {
			s.entries[i] = e
			continue
		}
		s.byID[e.ID] = len(s.entries)
		s.entries = append(s.entries, e)
	}
	slices.SortFunc(s.entries, func(a, b Entry) int { return cmp.Compare(a.ID, b.ID) })
	for i, e := range s.entries {
		s.byID[e.ID] = i
	}
	return s
}

// Entries returns the entries in id order. The caller must not modify them.
func (s *Set) Entries() []Entry { return s.entries }

// Len reports the number of entries.
func (s *Set) Len() int { return len(s.entries) }

// Get returns the entry with id, and whether it exists.
func (s *Set) Get(id string) (Entry, bool) {
	i, ok := s.byID[id]
	if !ok {
		return Entry{}, false
	}
	return s.entries[i], true
}

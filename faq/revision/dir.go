package revision

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

var _ Store = (*DirStore)(nil)

// DirStore keeps revisions in a local data directory, as one append-only
// JSON-lines file, for the embedded default (one replica).
type DirStore struct {
	path   string
	mu     sync.Mutex
	byID   map[string][]Revision
	gen    int64
	loaded bool
}

// NewDirStore opens (creating it if needed) the revision log in dir.
func NewDirStore(dir string) (*DirStore, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	s := &DirStore{path: filepath.Join(dir, "faq-revisions.jsonl"), byID: map[string][]Revision{}}
	f, err := os.Open(s.path)
	if os.IsNotExist(err) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open revision log: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		var r Revision
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("revision log %s line %d: %w", s.path, s.gen+1, err)
		}
		s.byID[r.ID] = append(s.byID[r.ID], r)
		s.gen++
	}
	return s, sc.Err()
}

// AppendRevision implements Store.
func (s *DirStore) AppendRevision(ctx context.Context, rev Revision) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if latest := s.latest(rev.ID); latest != rev.Version-1 {
		return ErrConflict
	}
	data, err := json.Marshal(rev)
	if err != nil {
		return fmt.Errorf("encode revision: %w", err)
	}
	f, err := os.OpenFile(s.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("open revision log: %w", err)
	}
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return fmt.Errorf("write revision: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync revision log: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close revision log: %w", err)
	}
	s.byID[rev.ID] = append(s.byID[rev.ID], rev)
	s.gen++
	return nil
}

func (s *DirStore) latest(id string) int {
	revs := s.byID[id]
	if len(revs) == 0 {
		return 0
	}
	return revs[len(revs)-1].Version
}

// Revisions implements Store.
func (s *DirStore) Revisions(ctx context.Context, id string) ([]Revision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Revision(nil), s.byID[id]...), ctx.Err()
}

// LatestRevisions implements Store.
func (s *DirStore) LatestRevisions(ctx context.Context) (map[string]Revision, int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]Revision, len(s.byID))
	for id, revs := range s.byID {
		out[id] = revs[len(revs)-1]
	}
	return out, s.gen, ctx.Err()
}

// Generation implements Store.
func (s *DirStore) Generation(ctx context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen, ctx.Err()
}

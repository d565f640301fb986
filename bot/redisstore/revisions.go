package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/faq/revision"
)

var _ revision.Store = (*Store)(nil)

// FAQ revisions are the clinic's content, not personal data: unlike
// conversation keys they have no TTL (use AOF persistence). All FAQ keys
// share the {faq} hash tag, so the append script works on Redis Cluster.
func (s *Store) faqKey(part string) string { return s.prefix + "{faq}:" + part }

var appendScript = redis.NewScript(`
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if cur ~= tonumber(ARGV[2]) - 1 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('INCR', KEYS[4])
return 1
`)

// AppendRevision implements revision.Store in one atomic script.
func (s *Store) AppendRevision(ctx context.Context, rev revision.Revision) error {
	data, err := json.Marshal(rev)
	if err != nil {
		return fmt.Errorf("encode revision: %w", err)
	}
	keys := []string{s.faqKey("versions"), s.faqKey("rev:" + rev.ID), s.faqKey("latest"), s.faqKey("gen")}
	ok, err := appendScript.Run(ctx, s.rdb, keys, rev.ID, rev.Version, data).Int()
	if err != nil {
		return fmt.Errorf("save revision: %w", err)
	}
	if ok != 1 {
		return revision.ErrConflict
	}
	return nil
}

// Revisions implements revision.Store.
func (s *Store) Revisions(ctx context.Context, id string) ([]revision.Revision, error) {
	raw, err := s.rdb.LRange(ctx, s.faqKey("rev:"+id), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("read revisions: %w", err)
	}
	out := make([]revision.Revision, 0, len(raw))
	for _, r := range raw {
		var rev revision.Revision
		if err := json.Unmarshal([]byte(r), &rev); err != nil {
			return nil, fmt.Errorf("decode revision: %w", err)
		}
		out = append(out, rev)
	}
	return out, nil
}

// LatestRevisions implements revision.Store.
func (s *Store) LatestRevisions(ctx context.Context) (map[string]revision.Revision, int64, error) {
	var latest *redis.MapStringStringCmd
	var gen *redis.StringCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		latest = p.HGetAll(ctx, s.faqKey("latest"))
		gen = p.Get(ctx, s.faqKey("gen"))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, 0, fmt.Errorf("read faq revisions: %w", err)
	}
	out := map[string]revision.Revision{}
	for id, data := range latest.Val() {
		var rev revision.Revision
		if err := json.Unmarshal([]byte(data), &rev); err != nil {
			return nil, 0, fmt.Errorf("decode revision %s: %w", id, err)
		}
		out[id] = rev
	}
	g, _ := gen.Int64()
	return out, g, nil
}

// Generation implements revision.Store.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	g, err := s.rdb.Get(ctx, s.faqKey("gen")).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read faq generation: %w", err)
	}
	return g, nil
}

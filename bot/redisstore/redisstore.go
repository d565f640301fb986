// Package redisstore keeps conversation state in Redis so that several
// faqbot replicas share it. It uses go-redis's universal client: one
// Redis, Sentinel or Redis Cluster, chosen by the URL. Each conversation
// is one hash under a hash-tagged key, so it lives in one cluster slot;
// every key has a TTL.
package redisstore

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	// The same JSON as encoding/json, four times faster: a conversation is
	// decoded and encoded for every message.
	gojson "github.com/goccy/go-json"
	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/bot"
)

var (
	_ bot.Store   = (*Store)(nil)
	_ bot.Deduper = (*Store)(nil)
)

// Store is a Redis-backed bot.Store.
type Store struct {
	rdb redis.UniversalClient
	// hot sends the commands every message needs (loading and saving its
	// conversation) through go-redis's autopipeliner, which batches
	// concurrent messages' commands into one write and one read. Without
	// it each message cost two round trips of system calls on both sides.
	hot    redis.Cmdable
	ttl    time.Duration
	prefix string
}

// ParseURL turns FAQBOT_REDIS_URL into universal-client options:
//
//	redis://[user:pass@]host:port[/db]                  one Redis
//	redis://host:port?addr=host2:port&addr=host3:port   Redis Cluster (several addresses, or cluster=true)
//	redis://host:26379?master_name=mymaster&addr=...    Sentinel
//
// rediss:// turns on TLS.
func ParseURL(raw string) (*redis.UniversalOptions, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("parse redis url: %w", err)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, fmt.Errorf("redis url scheme %q: want redis:// or rediss://", u.Scheme)
	}
	if u.Host == "" {
		return nil, errors.New("redis url has no host")
	}
	q := u.Query()
	o := &redis.UniversalOptions{
		Addrs:         append([]string{u.Host}, q["addr"]...),
		MasterName:    q.Get("master_name"),
		IsClusterMode: q.Get("cluster") == "true",
		// Short timeouts: when Redis is slow the bot answers without
		// memory rather than keep a patient waiting.
		DialTimeout:  time.Second,
		ReadTimeout:  300 * time.Millisecond,
		WriteTimeout: 300 * time.Millisecond,
		PoolTimeout:  500 * time.Millisecond,
		MaxRetries:   1,
	}
	if u.User != nil {
		o.Username = u.User.Username()
		o.Password, _ = u.User.Password()
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		if o.DB, err = strconv.Atoi(db); err != nil {
			return nil, fmt.Errorf("redis url database %q is not a number", db)
		}
	}
	if u.Scheme == "rediss" {
		o.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	return o, nil
}

// New returns a Store on rdb whose keys start with prefix and expire ttl
// after their last write.
func New(rdb redis.UniversalClient, ttl time.Duration, prefix string) *Store {
	s := &Store{rdb: rdb, hot: rdb, ttl: ttl, prefix: prefix}
	// The deferred face, so Save can queue its commands before waiting.
	// It is closed with rdb. A client without one (a Ring) sends each
	// command as it comes.
	if ap, err := rdb.AsyncAutoPipeline(); err == nil {
		s.hot = ap
	}
	return s
}

// Ping reports whether Redis answers, for readiness probes.
func (s *Store) Ping(ctx context.Context) error { return s.rdb.Ping(ctx).Err() }

// convKey holds one conversation; the hash tag keeps it in one slot.
func (s *Store) convKey(key string) string { return s.prefix + "conv:{" + key + "}" }

// userKey indexes a user's conversations for "forget me".
func (s *Store) userKey(user string) string { return s.prefix + "user:{" + user + "}" }

func (s *Store) eventKey(id string) string { return s.prefix + "event:{" + id + "}" }

// Load implements bot.Store in one round trip.
func (s *Store) Load(ctx context.Context, key string) (bot.Conversation, error) {
	vals, err := s.hot.HMGet(ctx, s.convKey(key), "v", "d").Result()
	if err != nil {
		return bot.Conversation{}, fmt.Errorf("load conversation: %w", err)
	}
	data, _ := vals[1].(string)
	if data == "" {
		return bot.Conversation{Key: key}, nil
	}
	var c bot.Conversation
	if err := gojson.Unmarshal([]byte(data), &c); err != nil {
		return bot.Conversation{}, fmt.Errorf("decode conversation: %w", err)
	}
	version, _ := vals[0].(string)
	c.Key = key
	c.Version, _ = strconv.ParseInt(version, 10, 64)
	return c, nil
}

// saveScript writes the conversation only if its version is unchanged,
// so two replicas updating one conversation never lose an update.
var saveScript = redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], 'v') or '0'
if cur ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(ARGV[1]) + 1, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`)

// Save implements bot.Store: the user index update and the
// compare-and-set script are queued together, so they share a round trip.
func (s *Store) Save(ctx context.Context, c bot.Conversation) error {
	data, err := gojson.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode conversation: %w", err)
	}
	ttl := s.ttl.Milliseconds()
	var index []redis.Cmder
	if c.User != "" {
		index = append(index, s.hot.SAdd(ctx, s.userKey(c.User), c.Key), s.hot.PExpire(ctx, s.userKey(c.User), s.ttl))
	}
	set := saveScript.Run(ctx, s.hot, []string{s.convKey(c.Key)}, c.Version, data, ttl)
	err = set.Err()
	for _, cmd := range index {
		err = cmp.Or(err, cmd.Err())
	}
	if err != nil {
		return fmt.Errorf("save conversation: %w", err)
	}
	if ok, _ := set.Int(); ok != 1 {
		return bot.ErrConflict
	}
	return nil
}

// Forget implements bot.Store.
func (s *Store) Forget(ctx context.Context, user string) (int, error) {
	keys, err := s.rdb.SMembers(ctx, s.userKey(user)).Result()
	if err != nil {
		return 0, fmt.Errorf("list user conversations: %w", err)
	}
	dels := make([]*redis.IntCmd, len(keys))
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			dels[i] = p.Del(ctx, s.convKey(k))
		}
		p.Del(ctx, s.userKey(user))
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete user conversations: %w", err)
	}
	n := 0
	for _, d := range dels {
		n += int(d.Val())
	}
	if err := s.forgetTickets(ctx, user); err != nil {
		return n, fmt.Errorf("delete user tickets: %w", err)
	}
	return n, nil
}

// FirstDelivery implements bot.Deduper with SET NX and a TTL.
func (s *Store) FirstDelivery(ctx context.Context, eventID string) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.eventKey(eventID), 1, s.ttl).Result()
	if err != nil {
		return true, fmt.Errorf("record event: %w", err)
	}
	return ok, nil
}

// Logger adapts log to go-redis's logger, which reports connection
// failures; pass it to redis.SetLogger, which sets it for the whole
// process, so that they reach the structured log instead of standard error.
type Logger struct{ Log *slog.Logger }

// Printf logs one go-redis message as a warning.
func (l Logger) Printf(_ context.Context, format string, v ...any) {
	l.Log.Warn(fmt.Sprintf(format, v...), "component", "redis")
}

package bot_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/bot/redisstore"
	"github.com/faqbot/faqbot/faq"
)

var benchQuestions = []string{
	"can i drive home after the drip", "what are the side effects of ketamine", "wat is fibromyalga",
	"how much does an infusion cost", "is ketamine addictive", "how long does relief last",
}

func benchEngine(b *testing.B, store bot.Store) *bot.Engine {
	set, _, err := faq.Load(faq.Embedded(), faq.DefaultRules())
	if err != nil {
		b.Fatal(err)
	}
	cfg := bot.DefaultConfig()
	cfg.Limits = bot.Limits{} // measure the pipeline, not the flood guard
	return bot.New(cfg, set, store, faq.ExampleProfile(), slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})))
}

func runHandle(b *testing.B, e *bot.Engine) { runHandleQuestions(b, e, benchQuestions) }

// runHandleQuestions sends the questions in turn, from 1,000 patients.
func runHandleQuestions(b *testing.B, e *bot.Engine, questions []string) {
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		i := 0
		for pb.Next() {
			i++
			id := strconv.Itoa(i % 1000)
			e.Handle(ctx, bot.Message{Platform: "bench", Conversation: id, User: id, Text: questions[i%len(questions)], Direct: true})
		}
	})
}

// BenchmarkHandleMemory is end to end through the engine with in-memory state.
func BenchmarkHandleMemory(b *testing.B) {
	runHandle(b, benchEngine(b, memstore.New(time.Hour)))
}

// BenchmarkHandleVaried is BenchmarkHandleMemory with every alternate
// question of the shipped FAQ, short and long, typos and all, rather than
// six short ones.
func BenchmarkHandleVaried(b *testing.B) {
	e := benchEngine(b, memstore.New(time.Hour))
	var questions []string
	for _, en := range e.FAQ().Entries() {
		questions = append(questions, en.Questions...)
	}
	runHandleQuestions(b, e, questions)
}

// BenchmarkHandleRedis is end to end with state in a local redis-server.
func BenchmarkHandleRedis(b *testing.B) {
	r := bottest.StartRedis(b)
	opts, _ := redisstore.ParseURL("redis://" + r.Addr)
	opts.PoolSize = 64
	rdb := redis.NewUniversalClient(opts)
	defer rdb.Close()
	// Many messages in flight, as redis-benchmark keeps 50 clients busy:
	// the engine waits on Redis, not on the CPU.
	b.SetParallelism(25)
	runHandle(b, benchEngine(b, redisstore.New(rdb, time.Hour, "bench:")))
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/faqbot/faqbot/adapters/discord"
	"github.com/faqbot/faqbot/adapters/slack"
	"github.com/faqbot/faqbot/adapters/terminal"
	"github.com/faqbot/faqbot/adapters/web"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/metrics"
	"github.com/faqbot/faqbot/bot/triage"
	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/revision"
)

// faqPoll is how often a replica checks for FAQ edits saved by another:
// one small read, so that an edit reaches every replica within a second
// even when re-indexing takes a few hundred milliseconds.
const faqPoll = 200 * time.Millisecond

// startGCPercent is the garbage collector's target while serve starts.
const startGCPercent = 400

// serve runs the HTTP adapter, and the Slack and Discord adapters whose
// settings are present, until ctx is done, then shuts down gracefully. A
// platform adapter that fails is logged and never takes the others down.
func serve(ctx context.Context, cfg config, getenv func(string) string) error {
	log := newLogger(cfg)
	start := time.Now()
	// Start-up allocates several times what it keeps: collecting garbage
	// less often meanwhile makes the bot ready sooner.
	gcPercent := debug.SetGCPercent(startGCPercent)
	p, err := newParts(cfg, log)
	if err != nil {
		return err
	}
	engine, llm := p.engine, p.llm
	admins, err := chatAdminsFromEnv(getenv)
	if err != nil {
		return err
	}
	live, err := liveFAQ(ctx, cfg, p, admins.any(), log)
	if err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	src := metrics.Sources{Tickets: engine.Tickets}
	if llm != nil {
		src.LLM = llm.Stats
	}
	engine.SetObserver(metrics.New(reg, src))
	opts := append(staffOption(cfg, engine), web.WithMetrics(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	if live != nil {
		engine.SetFAQ(live.Set())
		go live.Watch(ctx, faqPoll, engine.SetFAQ)
		if cfg.AdminTokens.Len() > 0 {
			opts = append(opts, web.WithAdmin(live, web.AdminData(adminSources(p, engine)), cfg.AdminTokens))
		}
	}
	platforms, httpOpts, err := platformAdapters(getenv, engine, admins.options(live, p, engine, log), log)
	if err != nil {
		return err
	}
	opts = append(opts, httpOpts...)
	// Adapters stop when serve returns for any reason: cancel runs before
	// the wait (deferred calls run last in, first out).
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for name, run := range platforms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log.Info("starting adapter", "adapter", name)
			if err := run(ctx); err != nil {
				log.Error("adapter stopped", "adapter", name, "err", err)
			}
		}()
	}
	srv := &http.Server{
		Addr:              cfg.HTTPAddr,
		Handler:           web.New(engine, log, opts...),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	}
	log.Info("faqbot is serving", "addr", ln.Addr().String(), "entries", engine.FAQ().Len(), "ready_in", time.Since(start))
	// The safety rules compile now, rather than delay readiness; a message
	// that comes first waits for them. Start-up left garbage several times
	// the size of what is kept: hand it back to the system once done.
	go func() {
		triage.Warm()
		debug.SetGCPercent(gcPercent)
		debug.FreeOSMemory()
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// liveFAQ opens the FAQ's revision store: Redis when configured (so every
// replica serves an edit), else a local data directory when admins may
// edit (by token, or in chat when chatAdmins). It returns nil when the FAQ
// cannot be edited.
func liveFAQ(ctx context.Context, cfg config, p parts, chatAdmins bool, log *slog.Logger) (*revision.Live, error) {
	store, ok := p.store.(revision.Store)
	if !ok || cfg.RedisURL == "" {
		if cfg.AdminTokens.Len() == 0 && !chatAdmins {
			return nil, nil
		}
		dir, err := revision.NewDirStore(cfg.DataDir)
		if err != nil {
			return nil, err
		}
		store = dir
	}
	live, err := revision.NewLive(ctx, p.seed.Entries(), store, faq.DefaultRules(), log)
	if err != nil {
		log.Error("could not load FAQ edits; serving the shipped FAQ", "err", err)
		return nil, nil
	}
	return live, nil
}

// platformAdapters builds the Slack and Discord adapters whose settings are
// present, with extra options. It returns their Run functions and any HTTP
// routes they need.
func platformAdapters(getenv func(string) string, engine *bot.Engine, extra platformOptions, log *slog.Logger) (map[string]func(context.Context) error, []web.Option, error) {
	runs := map[string]func(context.Context) error{}
	var opts []web.Option
	scfg, on, err := slack.ConfigFromEnv(getenv)
	if err != nil {
		return nil, nil, fmt.Errorf("slack settings: %w", err)
	}
	if on {
		sa, err := slack.New(scfg, engine, log, extra.slack...)
		if err != nil {
			return nil, nil, fmt.Errorf("slack: %w", err)
		}
		runs["slack"] = sa.Run
		if !scfg.SocketMode() {
			opts = append(opts, web.WithRoute("/slack/", sa.HTTPHandler()))
		}
	}
	dcfg, on, err := discord.ConfigFromEnv(getenv)
	if err != nil {
		return nil, nil, fmt.Errorf("discord settings: %w", err)
	}
	if on {
		da, err := discord.New(dcfg, engine, log, extra.discord...)
		if err != nil {
			return nil, nil, fmt.Errorf("discord: %w", err)
		}
		runs["discord"] = da.Run
	}
	return runs, opts, nil
}

// staffOption turns on the staff view when staff tokens are configured.
func staffOption(cfg config, engine web.StaffDesk) []web.Option {
	if cfg.StaffTokens.Len() == 0 {
		return nil
	}
	return []web.Option{web.WithStaff(engine, cfg.StaffTokens)}
}

// chat runs the terminal adapter; logs go to stderr at warn level so they
// do not interleave with the conversation.
func chat(ctx context.Context, cfg config, in io.Reader, out io.Writer) error {
	if cfg.LogLevel < slog.LevelWarn {
		cfg.LogLevel = slog.LevelWarn
	}
	engine, err := newEngine(cfg, newLogger(cfg))
	if err != nil {
		return err
	}
	user := os.Getenv("USER")
	if user == "" {
		user = "terminal"
	}
	return terminal.Run(ctx, engine, in, out, user)
}

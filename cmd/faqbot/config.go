package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/faqbot/faqbot/adapters/web"
	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/memstore"
	"github.com/faqbot/faqbot/bot/redisstore"
	"github.com/faqbot/faqbot/bot/rephrase"
	"github.com/faqbot/faqbot/bot/triage"
	"github.com/faqbot/faqbot/faq"
	"github.com/redis/go-redis/v9"
)

// config is faqbot's configuration, read from FAQBOT_* environment variables.
type config struct {
	HTTPAddr      string        // FAQBOT_HTTP_ADDR
	FAQDir        string        // FAQBOT_FAQ_DIR; empty means the embedded FAQ
	ClinicProfile string        // FAQBOT_CLINIC_PROFILE; empty means the example profile
	StateTTL      time.Duration // FAQBOT_STATE_TTL
	RedisURL      string        // FAQBOT_REDIS_URL; empty means in-memory state
	LogLevel      slog.Level    // FAQBOT_LOG_LEVEL
	StaffTokens   web.Tokens    // FAQBOT_STAFF_TOKENS or FAQBOT_STAFF_TOKENS_FILE: name:token pairs
	AdminTokens   web.Tokens    // FAQBOT_ADMIN_TOKENS or FAQBOT_ADMIN_TOKENS_FILE
	DataDir       string        // FAQBOT_DATA_DIR: FAQ revisions without Redis
	HandoffWait   time.Duration // FAQBOT_HANDOFF_TIMEOUT
	LLM           rephrase.Config

	logOut io.Writer // where logs go: the command's standard error
}

func loadConfig(getenv func(string) string) (config, error) {
	c := config{HTTPAddr: ":8080", StateTTL: 24 * time.Hour}
	var errs []error
	if v := getenv("FAQBOT_HTTP_ADDR"); v != "" {
		c.HTTPAddr = v
	}
	c.FAQDir = getenv("FAQBOT_FAQ_DIR")
	c.ClinicProfile = getenv("FAQBOT_CLINIC_PROFILE")
	c.RedisURL = getenv("FAQBOT_REDIS_URL")
	if c.RedisURL != "" {
		if _, err := redisstore.ParseURL(c.RedisURL); err != nil {
			errs = append(errs, fmt.Errorf("FAQBOT_REDIS_URL: %w", err))
		}
	}
	if v := getenv("FAQBOT_STATE_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("FAQBOT_STATE_TTL=%q: want a positive duration such as 24h or 90m", v))
		}
		c.StateTTL = d
	}
	var err error
	if c.StaffTokens, err = tokens(getenv, "FAQBOT_STAFF_TOKENS"); err != nil {
		errs = append(errs, err)
	}
	if c.AdminTokens, err = tokens(getenv, "FAQBOT_ADMIN_TOKENS"); err != nil {
		errs = append(errs, err)
	}
	c.DataDir = getenv("FAQBOT_DATA_DIR")
	if c.DataDir == "" {
		c.DataDir = "faqbot-data"
	}
	c.HandoffWait = 10 * time.Minute
	if v := getenv("FAQBOT_HANDOFF_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("FAQBOT_HANDOFF_TIMEOUT=%q: want a positive duration such as 10m", v))
		}
		c.HandoffWait = d
	}
	c.LLM = rephrase.Config{BaseURL: getenv("FAQBOT_LLM_BASE_URL"), APIKey: getenv("FAQBOT_LLM_API_KEY"), Model: getenv("FAQBOT_LLM_MODEL")}
	if v := getenv("FAQBOT_LLM_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("FAQBOT_LLM_TIMEOUT=%q: want a positive duration such as 3s", v))
		}
		c.LLM.Timeout = d
	}
	if (c.LLM.BaseURL == "") != (c.LLM.Model == "") {
		errs = append(errs, errors.New("FAQBOT_LLM_BASE_URL and FAQBOT_LLM_MODEL must be set together"))
	}
	if v := getenv("FAQBOT_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("FAQBOT_LOG_LEVEL=%q: want debug, info, warn or error", v))
		}
	}
	return c, errors.Join(errs...)
}

// tokens reads name:token pairs from the variable or from the file the
// variable name + "_FILE" names.
func tokens(getenv func(string) string, name string) (web.Tokens, error) {
	v := getenv(name)
	if path := getenv(name + "_FILE"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return web.Tokens{}, fmt.Errorf("%s_FILE: %w", name, err)
		}
		v = strings.Join(strings.Fields(string(data)), ",")
	}
	t, err := web.ParseTokens(v)
	if err != nil {
		return web.Tokens{}, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// faqFS returns the FAQ directory to load.
func (c config) faqFS() fs.FS {
	if c.FAQDir == "" {
		return faq.Embedded()
	}
	return os.DirFS(c.FAQDir)
}

func (c config) profile() (faq.Profile, error) {
	if c.ClinicProfile == "" {
		return faq.ExampleProfile(), nil
	}
	return faq.LoadProfile(c.ClinicProfile)
}

func newLogger(c config) *slog.Logger {
	out := c.logOut
	if out == nil {
		out = os.Stderr
	}
	return slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: c.LogLevel}))
}

// newEngine loads the FAQ and profile and builds the engine for a command
// that answers at once; the safety rules are compiled on the other core
// meanwhile. A bad FAQ is an error: the bot never starts on one.
func newEngine(c config, log *slog.Logger) (*bot.Engine, error) {
	go triage.Warm()
	p, err := newParts(c, log)
	return p.engine, err
}

// parts are the pieces serve wires beyond the engine.
type parts struct {
	engine *bot.Engine
	llm    *rephrase.Rephraser // nil when no model is configured
	store  bot.Store
	seed   *faq.Set // the FAQ as shipped or loaded from FAQBOT_FAQ_DIR
}

// newParts builds the engine and returns the parts around it.
func newParts(c config, log *slog.Logger) (parts, error) {
	set, problems, err := faq.Load(c.faqFS(), faq.DefaultRules())
	if err != nil {
		return parts{}, err
	}
	for _, p := range problems {
		log.Warn("faq", "problem", p.String())
	}
	profile, err := c.profile()
	if err != nil {
		return parts{}, err
	}
	if profile.Example {
		log.Warn("using the EXAMPLE clinic profile: set FAQBOT_CLINIC_PROFILE to your clinic's details")
	}
	bcfg := bot.DefaultConfig()
	bcfg.HandoffTimeout = c.HandoffWait
	store := c.store(log)
	e := bot.New(bcfg, set, store, profile, log)
	var llm *rephrase.Rephraser
	if c.LLM.Enabled() {
		cache, _ := store.(rephrase.Cache)
		llm = rephrase.New(c.LLM, cache, log)
		e.SetRephraser(llm)
		log.Info("LLM rephrasing is on", "model", c.LLM.Model)
	}
	return parts{engine: e, llm: llm, store: store, seed: set}, nil
}

// store returns the conversation store: Redis when configured (the URL
// was validated by loadConfig), else in memory.
func (c config) store(log *slog.Logger) bot.Store {
	if c.RedisURL == "" {
		return memstore.New(c.StateTTL)
	}
	redis.SetLogger(redisstore.Logger{Log: log})
	opts, _ := redisstore.ParseURL(c.RedisURL)
	return redisstore.New(redis.NewUniversalClient(opts), c.StateTTL, "faqbot:")
}

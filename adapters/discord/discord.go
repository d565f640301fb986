// Package discord is the Discord adapter: it answers patients who mention
// the bot in a server channel, write to it directly, or use the /faq
// command, and turns the bot's replies into Discord messages with buttons.
//
// It connects to Discord's gateway through github.com/bwmarrin/discordgo,
// reconnecting with exponential backoff while Discord is unreachable or
// the bot token is rejected, so a Discord outage never stops the process.
package discord

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/push"
	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
)

// Platform is the bot.Message.Platform of messages from Discord.
const Platform = "discord"

// Engine is what the adapter needs from the bot.
type Engine interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
}

// gateway is the part of *discordgo.Session that receives events.
type gateway interface {
	AddHandler(handler any) func()
	Open() error
	Close() error
}

// restAPI is the part of *discordgo.Session that calls Discord's REST API.
type restAPI interface {
	ChannelMessageSendComplex(channelID string, data *discordgo.MessageSend, options ...discordgo.RequestOption) (*discordgo.Message, error)
	MessageThreadStartComplex(channelID, messageID string, data *discordgo.ThreadStart, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	UserChannelCreate(recipientID string, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	ApplicationCommandCreate(appID, guildID string, cmd *discordgo.ApplicationCommand, options ...discordgo.RequestOption) (*discordgo.ApplicationCommand, error)
	InteractionRespond(interaction *discordgo.Interaction, resp *discordgo.InteractionResponse, options ...discordgo.RequestOption) error
	InteractionResponseDelete(interaction *discordgo.Interaction, options ...discordgo.RequestOption) error
	FollowupMessageCreate(interaction *discordgo.Interaction, wait bool, data *discordgo.WebhookParams, options ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageEditComplex(m *discordgo.MessageEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
}

// discordAPI is every SDK method the adapter calls.
type discordAPI interface {
	gateway
	restAPI
}

var _ discordAPI = (*discordgo.Session)(nil)

// intents are the gateway events the bot subscribes to. Guilds is not
// needed to read messages, but without it the session's state cannot
// tell a thread from a channel.
const intents = discordgo.IntentsGuilds |
	discordgo.IntentsGuildMessages |
	discordgo.IntentsDirectMessages |
	discordgo.IntentsMessageContent

// Option configures an Adapter.
type Option func(*Adapter)

// WithBackoff sets the first and the longest wait between attempts to
// connect to Discord (default 1s and 5m).
func WithBackoff(first, longest time.Duration) Option {
	return func(a *Adapter) { a.firstBackoff, a.maxBackoff = first, longest }
}

// Adapter connects one Discord bot (or one shard of it) to the engine.
type Adapter struct {
	cfg    Config
	api    discordAPI
	engine Engine
	log    *slog.Logger

	firstBackoff, maxBackoff time.Duration

	registered atomic.Bool // the /faq command is registered

	admin adminCommands // the admins' /faq commands (admin.go); nil when off

	desk         *staffdesk.Desk // the staff queue in the staff channel (staff.go); nil when off
	pollInterval time.Duration   // how often queued messages and tickets are polled

	mu       sync.Mutex
	stopping bool
	inflight sync.WaitGroup // event handlers still running
}

// New returns an adapter for the bot described by cfg. It fails only on
// an invalid cfg; it does not contact Discord until Run. A nil log
// discards the adapter's logs.
func New(cfg Config, engine Engine, log *slog.Logger, opts ...Option) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	token := cfg.Token
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("create discord session: %w", err)
	}
	s.Identify.Intents = intents
	// The state only needs channels and threads; it must never keep
	// patients' messages in memory.
	s.State.MaxMessageCount = 0
	s.State.TrackMembers, s.State.TrackPresences, s.State.TrackRoles = false, false, false
	s.State.TrackEmojis, s.State.TrackVoice = false, false
	if cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	}
	return newAdapter(cfg, s, engine, log, opts...), nil
}

func newAdapter(cfg Config, api discordAPI, engine Engine, log *slog.Logger, opts ...Option) *Adapter {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &Adapter{
		cfg: cfg, api: api, engine: engine,
		log:          log.With("component", "discord", "shard", cfg.ShardID),
		firstBackoff: time.Second, maxBackoff: 5 * time.Minute,
	}
	for _, o := range opts {
		o(a)
	}
	a.startStaffDesk()
	return a
}

// Run connects to Discord and answers events until ctx is done, then
// disconnects and waits for replies in progress. A failure to connect is
// logged and retried with exponential backoff; once connected, discordgo
// itself reconnects after network errors. Run returns nil when ctx is done.
func (a *Adapter) Run(ctx context.Context) error {
	a.mu.Lock()
	a.stopping = false
	a.mu.Unlock()

	remove := a.addHandlers(ctx)
	pushed := make(chan struct{})
	go func() {
		defer close(pushed)
		push.RunIfSource(ctx, a.engine, Platform, a.pollInterval, a.deliverQueued, a.log)
	}()
	defer func() { <-pushed }()
	if a.desk != nil {
		desked := make(chan struct{})
		go func() { defer close(desked); a.desk.Run(ctx) }()
		defer func() { <-desked }()
	}
	if a.connect(ctx) {
		a.log.Info("connected to Discord")
		<-ctx.Done()
		if err := a.api.Close(); err != nil {
			a.log.Warn("could not close the Discord connection cleanly", errAttr(err))
		}
	}
	for _, r := range remove {
		r()
	}
	a.mu.Lock()
	a.stopping = true
	a.mu.Unlock()
	a.inflight.Wait()
	return nil
}

// connect opens the gateway, retrying until it succeeds (true) or ctx is
// done (false).
func (a *Adapter) connect(ctx context.Context) bool {
	wait := a.firstBackoff
	for attempt := 1; ; attempt++ {
		err := a.api.Open()
		if err == nil {
			return true
		}
		a.log.Error("could not connect to Discord; retrying", "attempt", attempt, "retry_in", wait.String(), "reason", openFailure(err), errAttr(err))
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
		wait = min(2*wait, a.maxBackoff)
	}
}

// addHandlers registers the adapter's event handlers and returns the
// functions that remove them.
func (a *Adapter) addHandlers(ctx context.Context) []func() {
	return []func(){
		a.api.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			a.track(func() { a.onReady(ctx, r) })
		}),
		a.api.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			a.track(func() { a.onMessage(ctx, s.State, m.Message) })
		}),
		a.api.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			a.track(func() { a.onInteraction(ctx, s.State, i.Interaction) })
		}),
	}
}

// track runs an event handler unless Run is returning, so that Run can
// wait for every handler it let start.
func (a *Adapter) track(handle func()) {
	a.mu.Lock()
	if a.stopping {
		a.mu.Unlock()
		return
	}
	a.inflight.Add(1)
	a.mu.Unlock()
	defer a.inflight.Done()
	handle()
}

// onReady registers the /faq command once per adapter. Only shard 0 does
// it, since commands belong to the application, not to a shard.
func (a *Adapter) onReady(ctx context.Context, r *discordgo.Ready) {
	a.log.Info("Discord session ready", "guilds", len(r.Guilds))
	if a.cfg.ShardID != 0 || a.registered.Load() {
		return
	}
	appID := ""
	if r.Application != nil {
		appID = r.Application.ID
	} else if r.User != nil {
		appID = r.User.ID
	}
	if err := a.registerCommand(ctx, appID); err != nil {
		a.log.Error("could not register the /faq command; mentions and direct messages still work", errAttr(err))
		return
	}
	a.registered.Store(true)
	scope := "global (may take up to an hour to appear)"
	if a.cfg.GuildID != "" {
		scope = "guild " + a.cfg.GuildID
	}
	a.log.Info("registered the /faq command", "scope", scope)
}

// Package slack is the Slack adapter: it answers app mentions in channels
// (in a thread), direct messages and the /faq slash command, with replies
// rendered as Block Kit and buttons for clarifying choices and feedback.
// Events arrive over Socket Mode (an app-level token, no public URL) or
// over the Events API on HTTP (a signing secret and HTTPHandler mounted on
// a public URL).
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/faqbot/faqbot/adapters/push"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/adapters/staffdesk"
	"github.com/faqbot/faqbot/bot"
)

// Platform is the bot.Message platform name of this adapter.
const Platform = "slack"

// Config holds the Slack app's credentials.
type Config struct {
	// BotToken is the bot user OAuth token (xoxb-...), from
	// SLACK_BOT_TOKEN. It is used for every Web API call.
	BotToken string
	// AppToken is an app-level token (xapp-...) with connections:write,
	// from SLACK_APP_TOKEN. When set, events arrive over Socket Mode.
	AppToken string
	// SigningSecret verifies Events API requests over HTTP, from
	// SLACK_SIGNING_SECRET. Needed only when AppToken is empty.
	SigningSecret string
	// StaffChannel is the id of the (private) channel where the staff
	// queue lives, from SLACK_STAFF_CHANNEL; empty leaves it off (staff.go).
	StaffChannel string
	// Staff may claim, answer and close patients' requests there, from
	// SLACK_STAFF_USERS ("Dana:U0123ABCD,..."; the name is what patients see).
	Staff roster.Roster
}

// ConfigFromEnv reads the Slack settings. The bool reports whether the
// adapter is configured: SLACK_BOT_TOKEN together with SLACK_APP_TOKEN or
// SLACK_SIGNING_SECRET. A partial or malformed configuration is an error
// that names the variable to fix.
func ConfigFromEnv(getenv func(string) string) (Config, bool, error) {
	c := Config{
		BotToken:      strings.TrimSpace(getenv("SLACK_BOT_TOKEN")),
		AppToken:      strings.TrimSpace(getenv("SLACK_APP_TOKEN")),
		SigningSecret: strings.TrimSpace(getenv("SLACK_SIGNING_SECRET")),
	}
	if err := c.staffFromEnv(getenv); err != nil {
		return c, false, err
	}
	if c.BotToken == "" && c.AppToken == "" && c.SigningSecret == "" {
		if c.StaffChannel != "" || c.Staff.Len() > 0 {
			return c, false, errors.New("SLACK_STAFF_CHANNEL or SLACK_STAFF_USERS is set but Slack is not: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (or SLACK_SIGNING_SECRET) too")
		}
		return c, false, nil
	}
	if err := c.Validate(); err != nil {
		return c, false, err
	}
	return c, true, nil
}

// Validate reports what is missing or malformed, in words a workspace
// admin can act on.
func (c Config) Validate() error {
	var errs []error
	switch {
	case c.BotToken == "":
		errs = append(errs, errors.New("SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page"))
	case !strings.HasPrefix(c.BotToken, "xoxb-"):
		errs = append(errs, errors.New("SLACK_BOT_TOKEN must be a bot token starting with xoxb-"))
	}
	if c.AppToken != "" && !strings.HasPrefix(c.AppToken, "xapp-") {
		errs = append(errs, errors.New("SLACK_APP_TOKEN must be an app-level token starting with xapp-"))
	}
	if c.AppToken == "" && c.SigningSecret == "" {
		errs = append(errs, errors.New("set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (Events API over HTTP) as well as SLACK_BOT_TOKEN"))
	}
	errs = append(errs, c.validateStaff())
	return errors.Join(errs...)
}

// SocketMode reports whether events arrive over Socket Mode rather than
// the Events API over HTTP.
func (c Config) SocketMode() bool { return c.AppToken != "" }

// Engine is what the adapter needs from the bot.
type Engine interface {
	Handle(ctx context.Context, m bot.Message) []bot.Reply
}

// slackAPI lists the Web API methods the adapter calls.
type slackAPI interface {
	AuthTestContext(ctx context.Context) (*slackapi.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slackapi.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slackapi.MsgOption) (string, error)
	OpenConversationContext(ctx context.Context, params *slackapi.OpenConversationParameters) (*slackapi.Channel, bool, bool, error)
	UpdateMessageContext(ctx context.Context, channelID, timestamp string, options ...slackapi.MsgOption) (string, string, string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slackapi.ModalViewRequest) (*slackapi.ViewResponse, error)
}

// socketClient is the Socket Mode connection: it runs until a fatal error
// and acknowledges envelopes. Its events arrive on Adapter.events.
type socketClient interface {
	RunContext(ctx context.Context) error
	AckCtx(ctx context.Context, envelopeID string, payload any) error
}

// Option configures an Adapter.
type Option func(*Adapter)

// WithAPIURL points the Web API client at another base URL (ending in
// "/"), such as a slacktest server.
func WithAPIURL(url string) Option { return func(a *Adapter) { a.apiURL = url } }

// Adapter connects one Slack app to the engine.
type Adapter struct {
	cfg    Config
	engine Engine
	log    *slog.Logger
	apiURL string

	api    slackAPI
	socket socketClient            // nil for the Events API over HTTP
	events <-chan socketmode.Event // the socket's events

	queue *queue
	// admin runs the admins' /faq commands (admin.go); nil when off.
	admin     adminCommands
	adminJobs sync.WaitGroup // Socket Mode admin commands in progress
	// desk runs the staff queue in the staff channel (staff.go); nil when off.
	desk *staffdesk.Desk
	// pollInterval is how often queued messages and tickets are polled.
	pollInterval time.Duration
	// wait sleeps for d or until ctx is done; tests replace it.
	wait func(ctx context.Context, d time.Duration) error
	now  func() time.Time

	mu      sync.RWMutex
	botUser string // the bot's own user id, learned from auth.test
}

// New returns an adapter for the app in cfg. It fails only on an invalid
// configuration; connection problems are handled (logged and retried) by
// Run.
func New(cfg Config, engine Engine, log *slog.Logger, opts ...Option) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("slack adapter: %w", err)
	}
	a := &Adapter{
		cfg: cfg, engine: engine, log: log.With("component", "slack"),
		queue: newQueue(workers, queueDepth), wait: sleep, now: time.Now,
	}
	for _, o := range opts {
		o(a)
	}
	if a.api == nil {
		clientOpts := []slackapi.Option{slackapi.OptionAppLevelToken(cfg.AppToken)}
		if a.apiURL != "" {
			clientOpts = append(clientOpts, slackapi.OptionAPIURL(a.apiURL))
		}
		client := slackapi.New(cfg.BotToken, clientOpts...)
		a.api = client
		if cfg.SocketMode() {
			sm := socketmode.New(client)
			a.socket, a.events = sm, sm.Events
		}
	}
	a.startStaffDesk()
	return a, nil
}

// Run connects to Slack and handles events until ctx is done, then
// returns nil. A bad token or an outage is logged and retried with
// exponential backoff; in HTTP mode events come through HTTPHandler and
// Run only processes them.
func (a *Adapter) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	a.queue.start(ctx, &wg, a.process)
	wg.Go(func() { push.RunIfSource(ctx, a.engine, Platform, a.pollInterval, a.deliverQueued, a.log) })
	if a.desk != nil {
		wg.Go(func() { a.desk.Run(ctx) })
	}
	a.identify(ctx)
	if a.socket != nil {
		wg.Go(func() { a.readSocketEvents(ctx) })
		a.runSocket(ctx)
	}
	<-ctx.Done()
	wg.Wait()
	a.adminJobs.Wait()
	return nil
}

// identify learns the bot's user id, to ignore its own messages, retrying
// until the bot token works or ctx is done.
func (a *Adapter) identify(ctx context.Context) {
	b := backoff{}
	for {
		resp, err := a.api.AuthTestContext(ctx)
		if err == nil {
			a.mu.Lock()
			a.botUser = resp.UserID
			a.mu.Unlock()
			a.log.Info("connected to slack", "team", resp.TeamID, "bot_user", resp.UserID, "socket_mode", a.socket != nil)
			return
		}
		if ctx.Err() != nil {
			return
		}
		d := b.next()
		a.log.Error("slack rejected the bot token or is unreachable; check SLACK_BOT_TOKEN and the network",
			"err", err, "retry_in", d)
		if a.wait(ctx, d) != nil {
			return
		}
	}
}

func (a *Adapter) botUserID() string {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.botUser
}

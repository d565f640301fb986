package bot

import (
	"context"
	"fmt"
	"log/slog"
	"reflect"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/match"
)

// Config holds the engine's thresholds and limits.
type Config struct {
	// AnswerScore is the lowest match score answered outright.
	AnswerScore float64
	// StatementScore replaces AnswerScore when it is higher and the
	// message asks nothing (no question mark or question word).
	StatementScore float64
	// ClarifyScore is the lowest score worth offering in a clarifying question.
	ClarifyScore float64
	// Margin is how far the best entry must lead the next to be answered
	// without asking; closer entries are offered as choices.
	Margin float64
	// MinSimilarity is the lowest word similarity for any reply from the
	// FAQ, and MaxOffTopic the highest off-topic probability: below or
	// above them the question is out of scope.
	MinSimilarity float64
	MaxOffTopic   float64
	// MaxOffTopicLong replaces MaxOffTopic for messages of more than
	// LongWords content words, whose background reads as off-topic.
	MaxOffTopicLong float64
	LongWords       int
	// Limits cap message rates per user and per channel; zero values
	// turn a limit off.
	Limits Limits
	// HandoffTimeout is how long a handoff may wait for a staff member
	// before the patient is told when and how the clinic will reply.
	HandoffTimeout time.Duration
	// MaxRunes caps the text that is matched; longer messages are cut and
	// the patient is told.
	MaxRunes int
}

// DefaultConfig returns thresholds calibrated on the shipped FAQ (see
// docs/matching.md).
func DefaultConfig() Config {
	return Config{
		AnswerScore: 0.20, StatementScore: 0.30, ClarifyScore: 0.15, Margin: 0.08, MinSimilarity: 0.10,
		MaxOffTopic: 0.5, MaxOffTopicLong: 0.65, LongWords: 6, MaxRunes: 2000,
		HandoffTimeout: 10 * time.Minute,
		Limits:         Limits{UserPerMinute: 20, UserBurst: 12, ChannelPerMinute: 240, ChannelBurst: 60},
	}
}

// Engine turns messages into replies. It is safe for concurrent use.
type Engine struct {
	cfg     Config
	store   Store
	tickets TicketStore // nil when the store keeps no tickets
	llm     Rephraser   // nil when no model is configured
	limiter *limiter
	obs     Observer
	profile faq.Profile
	log     *slog.Logger
	catalog atomic.Pointer[catalog]
	now     func() time.Time
	stages  []stage
	// degraded is set while the store fails, cleared when it answers again.
	degraded atomic.Bool
}

// catalog is a FAQ with its search index, swapped whole on updates.
type catalog struct {
	set   *faq.Set
	index *match.Index
	// answers holds each entry's curated answer, composed once: every
	// matched message sends one.
	answers map[string]Reply
}

// New returns an Engine answering from set, keeping state in store, and
// filling clinic facts from profile. When store is also a TicketStore,
// handoffs queue tickets for staff; otherwise a handoff gives the clinic's
// phone number.
func New(cfg Config, set *faq.Set, store Store, profile faq.Profile, log *slog.Logger) *Engine {
	e := &Engine{cfg: cfg, store: store, profile: profile, log: log.With("component", "bot"), now: time.Now}
	e.tickets, _ = store.(TicketStore)
	e.limiter = newLimiter(cfg.Limits)
	e.obs = nopObserver{}
	e.SetFAQ(set)
	e.stages = []stage{
		{"normalize", e.normalize},
		{"triage", e.triage},
		{"limit", e.limit},
		{"state", e.loadState},
		{"relay", e.relay},
		{"intent", e.intent},
		{"match", e.match},
		{"compose", e.compose},
		{"rephrase", e.rephrase},
		{"escalate", e.escalate},
		{"remember", e.remember},
	}
	return e
}

// SetFAQ replaces the FAQ the engine answers from. Messages in flight
// finish with the FAQ they started with.
func (e *Engine) SetFAQ(set *faq.Set) {
	if cur := e.catalog.Load(); cur != nil && reflect.DeepEqual(cur.set.Entries(), set.Entries()) {
		e.catalog.Store(&catalog{set: set, index: cur.index, answers: cur.answers}) // same entries: no need to train again
		return
	}
	cat := &catalog{set: set, index: match.New(set.Entries())}
	cat.answers = make(map[string]Reply, len(set.Entries()))
	for _, en := range set.Entries() {
		cat.answers[en.ID] = e.answerWith(cat, en, e.profile.Render(en.Body), 0)
	}
	e.catalog.Store(cat)
}

// SetRephraser turns on LLM rephrasing of matched answers.
func (e *Engine) SetRephraser(r Rephraser) { e.llm = r }

// FAQ returns the FAQ the engine currently answers from.
func (e *Engine) FAQ() *faq.Set { return e.catalog.Load().set }

// Degraded reports whether the conversation store failed on the last
// attempt; the engine then answers statelessly.
func (e *Engine) Degraded() bool { return e.degraded.Load() }

// Handle runs a message through the pipeline and returns the replies to
// send. It returns none for a platform event already handled (a retried
// delivery with the same EventID) and while a staff member has taken over
// the conversation (the message is relayed to them). It does not fail: a broken
// store makes it answer without memory, and a panic is recovered and
// answered with an apology.
func (e *Engine) Handle(ctx context.Context, m Message) (replies []Reply) {
	if m.EventID != "" && !e.firstDelivery(ctx, m) {
		e.log.Info("duplicate delivery ignored", "platform", m.Platform)
		return nil
	}
	t := &turn{msg: m, cat: e.catalog.Load(), start: e.now()}
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("panic while handling a message", "platform", m.Platform, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			replies = []Reply{e.apology()}
		}
	}()
	for _, st := range e.stages {
		st.run(ctx, t)
	}
	if t.silent {
		e.log.Info("message relayed to staff", "platform", m.Platform)
		return []Reply{}
	}
	if len(t.replies) == 0 {
		t.replies = []Reply{e.apology()}
	}
	e.logTurn(t)
	return append(t.notices, t.replies...)
}

func (e *Engine) firstDelivery(ctx context.Context, m Message) bool {
	d, ok := e.store.(Deduper)
	if !ok {
		return true
	}
	first, err := d.FirstDelivery(ctx, m.Platform+":"+m.EventID)
	if err != nil {
		e.storeFailed("dedupe", err)
	}
	return first
}

// stage is one named step of the pipeline. Stages read and write the turn;
// a stage that decides the reply sets turn.replies, and the deciding
// stages after it do nothing.
type stage struct {
	name string
	run  func(ctx context.Context, t *turn)
}

func (e *Engine) logTurn(t *turn) {
	r := t.replies[0]
	e.obs.Turn(t.msg.Platform, r.Kind, r.Score, e.now().Sub(t.start))
	e.log.Info("message handled",
		"platform", t.msg.Platform, "direct", t.msg.Direct, "kind", string(r.Kind), "entry", r.Entry,
		"score", fmt.Sprintf("%.3f", r.Score), "rule", t.triage.Rule, "runes", t.runes,
		"stateless", t.stateless, "elapsed", e.now().Sub(t.start))
}

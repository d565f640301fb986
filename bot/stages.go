package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/faqbot/faqbot/bot/redact"
	"github.com/faqbot/faqbot/bot/triage"
	"github.com/faqbot/faqbot/faq/match"
	"github.com/faqbot/faqbot/faq/textnorm"
)

// turn is the working state of one message as it moves through the stages.
type turn struct {
	msg       Message
	cat       *catalog
	start     time.Time
	text      string // cleaned text, capped at MaxRunes
	runes     int    // length of the cleaned text before capping
	truncated bool
	empty     bool // nothing readable: no letters or digits
	triage    triage.Result
	conv      Conversation
	stateless bool   // the store failed; do not save
	chosen    string // entry picked from a clarify reply
	ranking   match.Ranking
	words     []string // the normalised words of text, once read (turn.normWords)
	forgot    bool     // the conversation was deleted on request
	replies   []Reply
	// Handoff: the conversation's active ticket, why a handoff happens,
	// notices sent before the reply, and silence while staff have it.
	ticket        *Ticket
	handoffReason string
	notices       []Reply
	silent        bool
	offerPerson   bool // the reply asked "would you like a person?"
	sources       bool // the reply lists the last answer's sources
	limited       bool // the sender is flooding
}

func (t *turn) decided() bool { return len(t.replies) > 0 || t.silent }

// normWords returns the normalised words of the message's text, reading
// them once: several stages look at them.
func (t *turn) normWords() []string {
	if t.words == nil {
		t.words = textnorm.Words(t.text)
		if t.words == nil {
			t.words = []string{}
		}
	}
	return t.words
}

// questionStarts are first words that make a message a question even
// without a question mark.
var questionStarts = map[string]bool{"what": true, "how": true, "why": true, "when": true, "where": true, "who": true,
	"which": true, "can": true, "could": true, "should": true, "would": true, "will": true, "is": true, "are": true,
	"do": true, "does": true, "did": true, "am": true, "any": true, "anyone": true, "tips": true, "advice": true,
	"help": true, "explain": true, "tell": true, "need": true, "wondering": true, "question": true, "info": true, "information": true}

// looksLikeQuestion reports whether a message asks something, rather than
// only telling (venting, thanks, news), which needs a surer match to be
// answered from the FAQ.
func looksLikeQuestion(text string, words []string) bool {
	if strings.ContainsAny(text, "?？") {
		return true
	}
	return len(words) > 0 && (questionStarts[words[0]] || len(words) <= 4)
}

// refersBack reports whether a message points back with a pronoun ("how
// long do they last?", "is that normal?"), so the last topic should guide
// it. "This" and "that" before a noun ("this week", "this flare") point
// at something else: they count only at the end or before a verb or an
// adjective that asks about the last answer.
func refersBack(words []string) bool {
	for i, w := range words {
		switch w {
		case "it", "they", "them", "its", "their":
			return true
		case "that", "this", "those", "these":
			if i == len(words)-1 || pointsBackBefore[words[i+1]] {
				return true
			}
		}
	}
	return false
}

// pointsBackBefore are words after which "this" or "that" is a pronoun.
var pointsBackBefore = map[string]bool{"is": true, "was": true, "are": true, "were": true, "does": true, "do": true,
	"did": true, "will": true, "would": true, "can": true, "could": true, "should": true, "might": true, "normal": true,
	"safe": true, "okay": true, "mean": true, "means": true, "last": true, "lasts": true, "take": true, "takes": true,
	"work": true, "works": true, "help": true, "helps": true, "happen": true, "happens": true, "cause": true,
	"causes": true, "affect": true, "affects": true, "hurt": true, "hurts": true, "be": true, "too": true, "also": true,
	"again": true, "for": true, "with": true, "stuff": true, "thing": true, "one": true, "part": true}

// ranked reports whether an entry is among a ranking's results.
func ranked(rk match.Ranking, id string) bool {
	return slices.ContainsFunc(rk.Results, func(r match.Result) bool { return r.ID == id })
}

// followUpWords is the most content words a message may have to be read
// as a follow-up to the last answer.
const followUpWords = 6

// triageRunes bounds how much of a huge message safety triage reads: far
// more than is matched, and both its start and its end, so a crisis at the
// end of a long message is seen.
const triageRunes = 50000

// normalize cleans the raw text and caps its length.
func (e *Engine) normalize(_ context.Context, t *turn) {
	t.text = textnorm.Clean(t.msg.Text)
	t.runes = utf8.RuneCountInString(t.text)
	t.empty = strings.IndexFunc(t.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

// triage sorts the message by safety and intent; crisis and emergency
// replies are decided here, before state or matching can fail or delay.
func (e *Engine) triage(_ context.Context, t *turn) {
	t.triage = triage.Classify(headAndTail(t.text, t.runes, triageRunes))
	switch t.triage.Category {
	case triage.Crisis:
		t.replies = []Reply{e.crisisReply()}
	case triage.Emergency:
		t.replies = []Reply{e.emergencyReply()}
	}
	if e.cfg.MaxRunes > 0 && t.runes > e.cfg.MaxRunes {
		t.text = truncateRunes(t.text, e.cfg.MaxRunes)
		t.truncated = true
	}
}

// loadState loads the conversation; on failure the turn goes on statelessly.
func (e *Engine) loadState(ctx context.Context, t *turn) {
	key := ConversationKey(t.msg)
	c, err := e.store.Load(ctx, key)
	if err != nil {
		e.storeFailed("load", err)
		t.stateless = true
		c = Conversation{Key: key}
	} else {
		e.degraded.Store(false)
	}
	c.User = UserKey(t.msg)
	t.conv = c
}

func (e *Engine) storeFailed(op string, err error) {
	e.degraded.Store(true)
	e.obs.StoreError(op)
	e.log.Warn("conversation store failed; answering without memory", "op", op, "err", err)
}

// intent handles what is not a FAQ question: commands, declines, requests
// for a person, small talk, and answers to a clarifying question.
func (e *Engine) intent(ctx context.Context, t *turn) {
	if t.decided() {
		return
	}
	if (t.triage.Category == triage.None || t.triage.Category == triage.SmallTalk) && e.feedback(ctx, t) {
		return
	}
	switch t.triage.Category {
	case triage.Forget:
		t.replies = []Reply{e.forget(ctx, t)}
	case triage.Decline:
		t.replies = []Reply{e.declineReply(t.triage.Reason)}
	case triage.Handoff:
		t.handoffReason = "asked"
		t.replies = []Reply{e.handoffReply("asked")}
	case triage.SmallTalk:
		t.replies = []Reply{e.smallTalkReply(t.triage.Reason)}
	default:
		switch {
		case t.empty:
			t.replies = []Reply{e.emptyReply()}
		case len(t.conv.Pending) > 0:
			t.chosen = resolveChoice(t.text, t.conv.Pending, t.cat)
		}
		if !t.decided() && t.conv.LastEntry != "" && isSourcesRequest(t.normWords()) {
			t.replies = []Reply{e.sourcesReply(t.cat, t.conv.LastEntry)}
			t.sources = true
		}
	}
}

func (e *Engine) forget(ctx context.Context, t *turn) Reply {
	t.forgot = true
	if _, err := e.store.Forget(ctx, t.conv.User); err != nil {
		e.storeFailed("forget", err)
		return e.notice("I could not delete your data just now. Please try again in a minute, or ask the clinic team to do it for you: " + e.profile.Value("clinic.phone") + ".")
	}
	return e.notice("Done. I have deleted everything I stored about you: your messages and what we talked about. Anything you write from now on starts fresh.")
}

// match ranks the FAQ entries for the message.
func (e *Engine) match(_ context.Context, t *turn) {
	if t.decided() || t.chosen != "" {
		return
	}
	t.ranking = t.cat.index.Search(t.text, 5)
}

// followUp ranks a short follow-up ("how long does it last?") with the
// last answer's topic as context. It reports false for a message that is
// not short or a conversation with no last answer.
func (t *turn) followUp() (match.Ranking, bool) {
	last, ok := t.cat.set.Get(t.conv.LastEntry)
	if !ok || t.ranking.Words > followUpWords {
		return match.Ranking{}, false
	}
	return t.cat.index.Search(t.text+" "+last.Title, 5), true
}

// compose decides between an answer, a clarifying question and a fallback.
func (e *Engine) compose(ctx context.Context, t *turn) {
	if t.decided() {
		return
	}
	var r Reply
	used := t.ranking
	if t.chosen != "" {
		r = e.answerReply(t.cat, t.chosen, 1)
	} else {
		r = e.decide(t.cat, t.ranking, looksLikeQuestion(t.text, t.normWords()))
		// A short message may lean on the last answer's topic: when it
		// points back ("how long do they last?"), or when it found no
		// answer alone but the entry the topic leads to is among its own
		// candidates. Otherwise the last topic's words would answer any
		// short message ("this flare is killing me") with that topic again.
		if back := refersBack(t.normWords()); r.Kind != KindAnswer || back {
			if rk, ok := t.followUp(); ok {
				if fr := e.decide(t.cat, rk, true); fr.Kind == KindAnswer && (back || ranked(t.ranking, fr.Entry)) {
					r, used = fr, rk
				}
			}
		}
	}
	if r.Kind == KindFallback {
		e.recordUnanswered(ctx, t)
	}
	if r.Kind == KindFallback && t.conv.Fallbacks >= 1 {
		t.handoffReason = "fallbacks"
		r = e.handoffReply("fallbacks")
	}
	r.Candidates = candidates(r, used.Results)
	if t.truncated {
		r.Text = "Your message was very long, so I read only the first part of it.\n\n" + r.Text
	}
	t.replies = []Reply{r}
}

// recordUnanswered keeps a fallback's question, redacted, for the admins.
func (e *Engine) recordUnanswered(ctx context.Context, t *turn) {
	log, ok := e.store.(UnansweredLog)
	if !ok || t.stateless || t.msg.Platform == "ask" || t.msg.Platform == "eval" {
		return
	}
	q := Unanswered{Text: truncateRunes(redact.Text(t.text), 280), Platform: t.msg.Platform, At: e.now().UTC(), Nearest: t.ranking.Top().ID}
	if err := log.RecordUnanswered(ctx, q); err != nil {
		e.storeFailed("unanswered", err)
	}
}

// decide answers when the best entry is confident and clearly ahead,
// offers the close entries when two or three are near, and otherwise
// falls back. A question that looks off-topic is never answered.
func (e *Engine) decide(cat *catalog, rk match.Ranking, question bool) Reply {
	top := rk.Top()
	answerScore := e.cfg.AnswerScore
	if !question {
		answerScore = max(answerScore, e.cfg.StatementScore)
	}
	maxOff := e.cfg.MaxOffTopic
	if rk.Words > e.cfg.LongWords {
		maxOff = e.cfg.MaxOffTopicLong
	}
	inScope := top.Similarity >= e.cfg.MinSimilarity && rk.OffTopic <= maxOff
	if !inScope || top.Score < e.cfg.ClarifyScore {
		return e.fallbackReply(cat, rk.Results)
	}
	if top.Score >= answerScore && rk.Gap() >= e.cfg.Margin {
		return e.answerReply(cat, top.ID, top.Score)
	}
	if close := closeMatches(rk.Results, e.cfg.Margin, e.cfg.ClarifyScore); len(close) > 1 {
		return e.clarifyReply(cat, close)
	}
	return e.fallbackReply(cat, rk.Results)
}

// closeMatches returns the top matches within margin of the best (at most
// three) that are above floor.
func closeMatches(ms []match.Result, margin, floor float64) []match.Result {
	var out []match.Result
	for _, m := range ms {
		if len(out) == 3 || m.Score < floor || ms[0].Score-m.Score > margin {
			break
		}
		out = append(out, m)
	}
	return out
}

func candidates(r Reply, ms []match.Result) []string {
	if r.Kind == KindClarify {
		ids := make([]string, len(r.Choices))
		for i, c := range r.Choices {
			ids[i] = c.ID
		}
		return ids
	}
	ids := make([]string, 0, 3)
	for _, m := range ms {
		if len(ids) == 3 {
			break
		}
		ids = append(ids, m.ID)
	}
	return ids
}

// remember saves what the next message needs, retrying on a concurrent
// update from another replica.
func (e *Engine) remember(ctx context.Context, t *turn) {
	if t.stateless || t.forgot || t.limited || len(t.replies) == 0 {
		return
	}
	r := t.replies[0]
	update := func(c *Conversation) {
		c.User = t.conv.User
		c.UpdatedAt = e.now().UTC()
		c.Pending = nil
		c.OfferedPerson = t.offerPerson
		c.Ticket = t.conv.Ticket
		switch r.Kind {
		case KindAnswer:
			c.LastEntry, c.Fallbacks = r.Entry, 0
		case KindClarify:
			c.Pending = r.Candidates
		case KindFallback:
			c.Fallbacks++
		case KindHandoff:
			c.Fallbacks = 0
		}
		turn := Turn{At: c.UpdatedAt, Text: truncateRunes(redact.Text(t.text), 280), Kind: r.Kind, Entry: r.Entry}
		c.Turns = append(c.Turns, turn)
		if len(c.Turns) > maxTurns {
			c.Turns = c.Turns[len(c.Turns)-maxTurns:]
		}
	}
	c := t.conv
	for attempt := 0; attempt < 3; attempt++ {
		update(&c)
		err := e.store.Save(ctx, c)
		if err == nil {
			return
		}
		if !errors.Is(err, ErrConflict) {
			e.storeFailed("save", err)
			return
		}
		if c, err = e.store.Load(ctx, t.conv.Key); err != nil {
			e.storeFailed("load", err)
			return
		}
	}
	e.log.Warn("conversation kept changing; this turn was not remembered")
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// headAndTail returns s when it has at most n runes, else its first and
// last n/2 runes.
func headAndTail(s string, runes, n int) string {
	if runes <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n/2]) + " … " + string(r[len(r)-n/2:])
}

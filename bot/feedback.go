package bot

import (
	"context"
	"strings"

	"github.com/faqbot/faqbot/bot/triage"
)

// FeedbackStore counts helpful and not-helpful marks per entry. Stores may
// implement it; counts hold no personal data.
type FeedbackStore interface {
	RecordFeedback(ctx context.Context, entry string, helpful bool) error
	Feedback(ctx context.Context) (map[string]FeedbackCount, error)
}

// FeedbackCount is how often an entry was marked helpful or not.
type FeedbackCount struct {
	Helpful    int `json:"helpful"`
	NotHelpful int `json:"not_helpful"`
}

// Feedback values.
const (
	noFeedback = iota
	markedHelpful
	markedNotHelpful
)

// feedbackOf reads a reaction to the last answer: words, or the thumbs
// that buttons send.
func feedbackOf(raw string, words []string) int {
	switch {
	case strings.Contains(raw, "👎"):
		return markedNotHelpful
	case strings.Contains(raw, "👍"):
		return markedHelpful
	}
	switch strings.Join(words, " ") {
	case "not helpful", "unhelpful", "that was not helpful", "that is not helpful", "not useful", "did not help",
		"that did not help", "it did not help", "no help", "useless", "that does not answer my question",
		"that did not answer my question", "you did not answer my question", "wrong answer", "not what i asked",
		"not what i meant", "thumbs down":
		return markedNotHelpful
	case "helpful", "that was helpful", "very helpful", "that helped", "it helped", "that helps", "useful",
		"that was useful", "thumbs up", "great answer", "good answer", "perfect":
		return markedHelpful
	}
	return noFeedback
}

func yesNo(words []string) (yes, no bool) {
	switch strings.Join(words, " ") {
	case "yes", "yes please", "yeah", "yep", "y", "sure", "please", "ok", "okay", "yes i would", "i would", "please do":
		return true, false
	case "no", "no thanks", "no thank you", "nope", "n", "not now", "i am fine", "i am okay":
		return false, true
	}
	return false, false
}

// feedback handles a reaction to the last answer and the answer to "would
// you like a person?". It reports whether it decided the reply.
func (e *Engine) feedback(ctx context.Context, t *turn) bool {
	if t.conv.OfferedPerson {
		yes, no := yesNo(t.normWords())
		switch {
		case yes:
			t.handoffReason = "not-helpful"
			t.replies = []Reply{e.handoffReply("not-helpful")}
			return true
		case no:
			t.replies = []Reply{e.fixed(KindSmallTalk, "OK. You can ask me another question any time, or say \"talk to a person\" if you change your mind.")}
			return true
		}
	}
	if t.conv.LastEntry == "" {
		return false
	}
	mark := feedbackOf(t.msg.Text, t.normWords())
	if mark == noFeedback && t.triage.Category == triage.SmallTalk && t.triage.Reason == triage.ReasonThanks {
		mark = markedHelpful
	}
	if mark == noFeedback {
		return false
	}
	if fs, ok := e.store.(FeedbackStore); ok {
		if err := fs.RecordFeedback(ctx, t.conv.LastEntry, mark == markedHelpful); err != nil {
			e.storeFailed("feedback", err)
		}
	}
	if mark == markedHelpful {
		t.replies = []Reply{e.fixed(KindSmallTalk, "Thanks for letting me know. I'm glad it helped.")}
		return true
	}
	t.offerPerson = true
	t.replies = []Reply{e.fixed(KindNotice, "Sorry that didn't help. Would you like me to connect you with a person from the clinic team? Reply yes or no. You can also ask your question in other words.")}
	return true
}

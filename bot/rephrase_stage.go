package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/faqbot/faqbot/bot/rephrase"
)

// Rephraser rewords a curated answer to fit a question. It never fails:
// on any problem the result holds the curated text and the reason.
type Rephraser interface {
	Rephrase(ctx context.Context, key, question, curated string) rephrase.Result
}

// rephrase lets the LLM reword a matched FAQ answer. Only answers matched
// from the FAQ go to it: crisis, emergency, decline, handoff, clarify and
// fallback replies are fixed texts.
func (e *Engine) rephrase(ctx context.Context, t *turn) {
	if e.llm == nil || len(t.replies) != 1 || t.replies[0].Kind != KindAnswer || t.sources || t.truncated {
		return
	}
	r := t.replies[0]
	en, ok := t.cat.set.Get(r.Entry)
	if !ok {
		return
	}
	sum := sha256.Sum256([]byte(en.Body))
	key := en.ID + "@" + hex.EncodeToString(sum[:8]) // the entry's version
	res := e.llm.Rephrase(ctx, key, t.text, e.profile.Render(en.Body))
	if res.Rephrased {
		nr := e.answerWith(t.cat, en, res.Text, r.Score)
		nr.Candidates = r.Candidates
		r = nr
	}
	r.Rephrased, r.Guard = res.Rephrased, res.Guard
	t.replies[0] = r
}

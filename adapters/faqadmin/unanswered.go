package faqadmin

import (
	"slices"
	"time"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq/textnorm"
)

// UnansweredGroup is one question the bot could not answer, with how often
// patients asked it in words that normalise alike.
type UnansweredGroup struct {
	Text    string    // the newest wording
	Count   int       // how often it was asked
	Last    time.Time // when it was last asked
	Nearest string    // the entry nearest to the newest wording, if any
}

// GroupUnanswered groups questions, newest first as bot.UnansweredLog
// returns them, by their normalised text (textnorm.Normalize). The most
// asked come first; groups asked equally often keep the order of their
// newest question. The /faq unanswered command and the web admin API
// list the same groups.
func GroupUnanswered(qs []bot.Unanswered) []UnansweredGroup {
	byKey := map[string]int{} // normalised text -> index in groups
	var groups []UnansweredGroup
	for _, q := range qs {
		key := textnorm.Normalize(q.Text)
		i, ok := byKey[key]
		if !ok {
			i = len(groups)
			byKey[key] = i
			groups = append(groups, UnansweredGroup{Text: q.Text, Last: q.At, Nearest: q.Nearest})
		}
		groups[i].Count++
	}
	slices.SortStableFunc(groups, func(x, y UnansweredGroup) int { return y.Count - x.Count })
	return groups
}

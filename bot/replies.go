package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/faqbot/faqbot/bot/triage"
	"github.com/faqbot/faqbot/faq"
	"github.com/faqbot/faqbot/faq/match"
)

// The fixed texts below never go to a language model. Placeholders are
// filled from the clinic profile.

const crisisText = `I'm really sorry you're going through this. You matter, and you don't have to face it alone.

• Reach the crisis line now: {{crisis.line}}. It's free, confidential and open 24/7.
• If you might act on these thoughts, or you are in danger right now, call {{emergency.number}}.
• If you can, reach out to someone you trust and stay with them.

I'm a bot, so I can't give the support you deserve. You can also say "talk to a person" to reach the clinic team.`

const emergencyText = `This sounds like a medical emergency. Call {{emergency.number}} now, or ask someone near you to call.

• Don't wait for a reply here, and don't drive yourself.
• If this is after a ketamine infusion, tell the responders about it and about any other medicines taken.
• Once you are safe, let the clinic know at {{clinic.phone}}.`

var declineTexts = map[triage.Reason]string{
	triage.ReasonDose:         "I can't suggest a dose or say how much of any medicine to take. A safe dose depends on your health, weight and other medicines, so it has to come from your care team.",
	triage.ReasonPrescription: "I can't prescribe or refill medicines. Only a clinician who has assessed you can do that.",
	triage.ReasonDiagnosis:    "I can't diagnose you or say what condition you have. That needs a clinician who can hear your history and examine you.",
	triage.ReasonResults:      "I can't interpret your own test results. Your care team can explain what they mean for you.",
	triage.ReasonMedication:   "I can't advise on changing, starting or stopping a medicine. Please don't change any medicine without talking to the person who prescribes it.",
	triage.ReasonMisuse:       "I can't help with using ketamine outside medical care. Without medical monitoring it can be dangerous. If someone has taken ketamine and is unwell, call {{emergency.number}}. If you are worried about drug use, the SAMHSA National Helpline is free and open 24/7: 1-800-662-4357.",
	triage.ReasonInjection:    "I can't change how I work. I only share {{clinic.name}}'s reviewed answers about fibromyalgia, ketamine infusions and clinic visits.",
}

const offerPerson = "I can explain things in general, though. If you'd like to talk it over with a person, say \"talk to a person\" or call {{clinic.phone}}."

const handoffText = `I'll get you to a person on the clinic team.

• Call {{clinic.phone}} ({{clinic.hours}}).
• If something is urgent, call {{emergency.number}}.

Please don't share private health details in this chat.`

var exampleQuestions = []string{
	"What is fibromyalgia?",
	"How might ketamine help fibromyalgia pain?",
	"What are the side effects of a ketamine infusion?",
	"Can I drive home after an infusion?",
	"How do I book an appointment?",
}

func (e *Engine) fixed(kind Kind, text string) Reply {
	return Reply{Kind: kind, Text: e.profile.Render(text)}
}

func (e *Engine) crisisReply() Reply {
	r := e.fixed(KindCrisis, crisisText)
	r.Private = true
	return r
}

func (e *Engine) emergencyReply() Reply { return e.fixed(KindEmergency, emergencyText) }

func (e *Engine) declineReply(reason triage.Reason) Reply {
	text, ok := declineTexts[reason]
	if !ok {
		text = declineTexts[triage.ReasonDose]
	}
	return e.fixed(KindDecline, text+"\n\n"+offerPerson)
}

func (e *Engine) handoffReply(reason string) Reply {
	text := handoffText
	if reason == "fallbacks" {
		text = "I'm sorry I couldn't answer that. " + text
	}
	r := e.fixed(KindHandoff, text)
	r.Private = true
	return r
}

func (e *Engine) notice(text string) Reply { return Reply{Kind: KindNotice, Text: text} }

func (e *Engine) apology() Reply {
	return e.fixed(KindFallback, "Sorry, something went wrong on my side. Please try again, or call the clinic at {{clinic.phone}}. In an emergency call {{emergency.number}}.")
}

func (e *Engine) smallTalkReply(reason triage.Reason) Reply {
	var text string
	switch reason {
	case triage.ReasonThanks:
		text = "You're welcome. I'm here if you have another question."
	case triage.ReasonGoodbye:
		text = "Take care. I'm here whenever you have a question."
	default:
		text = "Hi, I'm {{clinic.name}}'s FAQ assistant. I answer general questions about fibromyalgia, ketamine infusions and clinic visits, from answers the clinic has reviewed. I can't give personal medical advice.\n\nYou could ask:\n" + bullets(exampleQuestions) +
			"\n\nSay \"talk to a person\" to reach the clinic team, or \"forget me\" to delete what I store about you."
	}
	return e.fixed(KindSmallTalk, text)
}

func (e *Engine) emptyReply() Reply {
	return e.fixed(KindSmallTalk, "I couldn't find any words in that message. Please type your question, for example:\n"+bullets(exampleQuestions[:3]))
}

func (e *Engine) answerReply(cat *catalog, id string, score float64) Reply {
	r, ok := cat.answers[id]
	if !ok {
		return e.fallbackReply(cat, nil)
	}
	r.Score = score
	return r
}

// PreviewAnswer returns the answer the engine would send for en, saved or
// not: the admin console's live preview.
func (e *Engine) PreviewAnswer(en faq.Entry) Reply {
	return e.answerWith(e.catalog.Load(), en, e.profile.Render(en.Body), 1)
}

// answerWith composes an answer around body: the curated answer or its
// rephrasing.
func (e *Engine) answerWith(cat *catalog, en faq.Entry, body string, score float64) Reply {
	id := en.ID
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n\n%s", en.Title, body)
	if len(en.Sources) > 0 {
		names := make([]string, len(en.Sources))
		for i, s := range en.Sources {
			names[i] = shortSource(s.Title)
		}
		fmt.Fprintf(&b, "\n\nSources: %s. (Say \"sources\" for links.)", strings.Join(names, "; "))
	}
	var suggestions []Choice
	for _, rid := range en.Related {
		if rel, ok := cat.set.Get(rid); ok && len(suggestions) < 2 {
			suggestions = append(suggestions, Choice{ID: rel.ID, Title: rel.Title})
		}
	}
	if len(suggestions) > 0 {
		titles := make([]string, len(suggestions))
		for i, s := range suggestions {
			titles[i] = s.Title
		}
		fmt.Fprintf(&b, "\nYou might also ask: %s", strings.Join(titles, " · "))
	}
	// Clipped: a caller's append must not write into a shared answer.
	return Reply{Kind: KindAnswer, Entry: id, Text: b.String(), Score: score, Sources: slices.Clip(en.Sources), Suggestions: slices.Clip(suggestions)}
}

// shortSource keeps the part of a source title before its first ". ",
// usually the organisation or authors.
func shortSource(title string) string {
	if i := strings.Index(title, ". "); i > 0 {
		return title[:i]
	}
	return title
}

func (e *Engine) sourcesReply(cat *catalog, id string) Reply {
	en, ok := cat.set.Get(id)
	if !ok || len(en.Sources) == 0 {
		return e.fallbackReply(cat, nil)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Sources for \"%s\":\n", en.Title)
	for _, s := range en.Sources {
		fmt.Fprintf(&b, "• %s: %s\n", s.Title, s.URL)
	}
	fmt.Fprintf(&b, "Last reviewed %s.", en.Reviewed.Format("2 January 2006"))
	return Reply{Kind: KindAnswer, Entry: id, Text: b.String(), Score: 1, Sources: en.Sources}
}

func (e *Engine) clarifyReply(cat *catalog, ms []match.Result) Reply {
	r := Reply{Kind: KindClarify, Score: ms[0].Score}
	var b strings.Builder
	b.WriteString("I want to be sure I answer the right question. Did you mean:\n")
	for i, m := range ms {
		en, _ := cat.set.Get(m.ID)
		r.Choices = append(r.Choices, Choice{ID: m.ID, Title: en.Title})
		fmt.Fprintf(&b, "%d. %s\n", i+1, en.Title)
	}
	b.WriteString("Reply with a number, or ask in other words.")
	r.Text = b.String()
	return r
}

func (e *Engine) fallbackReply(cat *catalog, ms []match.Result) Reply {
	r := Reply{Kind: KindFallback}
	if len(ms) > 0 {
		r.Score = ms[0].Score
	}
	var suggestions []string
	for _, m := range ms {
		if len(suggestions) == 3 {
			break
		}
		if en, ok := cat.set.Get(m.ID); ok {
			suggestions = append(suggestions, en.Title)
			r.Choices = append(r.Choices, Choice{ID: en.ID, Title: en.Title})
		}
	}
	if len(suggestions) == 0 {
		suggestions = exampleQuestions[:3]
	}
	text := "I'm not sure I have a reliable answer to that. I answer general questions about fibromyalgia, ketamine infusions and visits to {{clinic.name}}.\n\nYou could ask:\n" +
		bullets(suggestions) + "\n\nIf you'd like a person, say \"talk to a person\" or call {{clinic.phone}}."
	r.Text = e.profile.Render(text)
	return r
}

func bullets(items []string) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• " + it)
	}
	return b.String()
}

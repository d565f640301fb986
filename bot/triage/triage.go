// Package triage sorts a patient's message before any FAQ matching: a
// crisis or a medical emergency, a request the bot must decline (a dose,
// a prescription, a diagnosis, recreational use, instructions hidden in
// the message), a request for a person, a "forget me" command, or small
// talk. Rules are regular expressions over textnorm's normalised words,
// written to catch indirect phrasings and to ignore figures of speech and
// negations ("this pain is killing me", "I'm not suicidal").
package triage

import (
	"strings"
	"unicode"

	"github.com/faqbot/faqbot/faq/textnorm"
)

// Category is what a message needs first.
type Category string

// Categories, in the order they are checked: safety before anything else.
const (
	None      Category = ""
	Crisis    Category = "crisis"
	Emergency Category = "emergency"
	Decline   Category = "decline"
	Handoff   Category = "handoff"
	Forget    Category = "forget"
	SmallTalk Category = "smalltalk"
)

// Reason says more about a Decline or SmallTalk result.
type Reason string

// Reasons for Decline and SmallTalk.
const (
	ReasonDose         Reason = "dose"
	ReasonPrescription Reason = "prescription"
	ReasonDiagnosis    Reason = "diagnosis"
	ReasonMedication   Reason = "medication-change"
	ReasonResults      Reason = "results"
	ReasonMisuse       Reason = "misuse"
	ReasonInjection    Reason = "injection"
	ReasonGreeting     Reason = "greeting"
	ReasonThanks       Reason = "thanks"
	ReasonHelp         Reason = "help"
	ReasonGoodbye      Reason = "goodbye"
	ReasonLanguage     Reason = "language" // the message is not in English: a person can help
)

// Result is the outcome of triage.
type Result struct {
	Category Category
	Reason   Reason
	// Rule names the rule that fired, for metrics and tests; never text.
	Rule string
}

// Classify triages a message. It never fails; an empty or unreadable
// message is None.
func Classify(text string) Result {
	s := " " + textnorm.Normalize(text) + " "
	if strings.TrimSpace(s) == "" {
		return Result{}
	}
	// A crisis reply already says to call 911 if in danger; but an act
	// under way (pills taken, heavy bleeding) needs the emergency reply.
	sc := &scanner{}
	cr, isCrisis := crisis(sc, s)
	em, isEmergency, suppressed := emergency(sc, s)
	if suppressed {
		em, isEmergency = emergencyInASentence(sc, text)
	}
	switch {
	// Someone else's crisis with an emergency now ("she tried to hang
	// herself, she's not waking up"): the writer needs emergency services.
	case isEmergency && (!isCrisis || cr.Rule == "others-self" || actUnderWay[em.Rule] && !hypothetical.match(sc, s)):
		return em
	case isCrisis:
		return cr
	}
	m := model()
	denied := negations.replace(sc, s, " ")
	asked, _ := modelCategory(m, denied)
	switch asked {
	case Crisis:
		return Result{Category: Crisis, Rule: "model"}
	case Emergency:
		if !hypothetical.match(sc, s) && (!history.match(sc, s) || presentStrong.match(sc, s)) {
			return Result{Category: Emergency, Rule: "model"}
		}
	}
	// An explicit request for a person wins over a decline: they asked
	// for exactly what a decline would offer.
	if r, ok := firstMatch(sc, s, Handoff, handoffRules); ok {
		return r
	}
	if r, ok := firstMatch(sc, s, Decline, declineRules); ok {
		return r
	}
	if r, ok := firstMatch(sc, s, Forget, forgetRules); ok {
		return r
	}
	if r := smallTalk(sc, s); r.Category != None {
		return r
	}
	if notEnglish(text, s) {
		return Result{Category: Handoff, Reason: ReasonLanguage, Rule: "language"}
	}
	if denied != s { // the request for a person is read in the whole text
		asked, _ = modelCategory(m, s)
	}
	if asked == Handoff {
		return Result{Category: Handoff, Rule: "model"}
	}
	return Result{}
}

// emergencyInASentence looks for an emergency in each sentence of a
// message on its own, when the whole message matched an emergency rule
// but read as hypothetical or as history. A message often opens with an
// ordinary question ("can I reschedule Thursday?") and only then says
// what is happening; read whole, the question would make the emergency
// sound hypothetical. (No emergency rule is anchored, so a sentence can
// match only where the whole message does.)
func emergencyInASentence(sc *scanner, text string) (Result, bool) {
	sentences := strings.FieldsFunc(text, func(r rune) bool {
		return r == '.' || r == '?' || r == '!' || r == '\n' || r == ';'
	})
	if len(sentences) < 2 {
		return Result{}, false
	}
	for _, sent := range sentences {
		if r, ok, _ := emergency(sc, " "+textnorm.Normalize(sent)+" "); ok {
			return r, true
		}
	}
	return Result{}, false
}

// functionWords are words nearly every English message has: one of them
// marks a message as English, and a rule's literal that is only one of
// them filters almost nothing.
var functionWords = map[string]bool{"the": true, "a": true, "is": true, "i": true, "you": true, "to": true, "and": true,
	"of": true, "my": true, "can": true, "do": true, "what": true, "how": true, "it": true, "in": true, "for": true,
	"on": true, "me": true, "with": true, "this": true, "that": true, "be": true, "have": true, "are": true, "not": true,
	"need": true, "please": true, "am": true, "will": true, "does": true, "an": true, "at": true, "if": true, "or": true,
	"no": true, "so": true, "get": true, "want": true, "your": true, "after": true, "before": true, "about": true,
	"would": true, "could": true, "should": true, "might": true, "why": true, "when": true, "just": true, "now": true,
	"got": true}

// notEnglish reports whether a message is written in another language or
// script: the bot answers only in English, so a person should help.
func notEnglish(raw, norm string) bool {
	letters, ascii := 0, 0
	for _, r := range raw {
		if unicode.IsLetter(r) {
			letters++
			if r < 128 {
				ascii++
			}
		}
	}
	if letters >= 5 && ascii*2 < letters {
		return true
	}
	words := strings.Fields(norm)
	if len(words) < 5 {
		return false
	}
	english := 0
	for _, w := range words {
		if functionWords[w] {
			return false
		}
		if textnorm.IsCommonWord(w) {
			english++
		}
	}
	// Without a function word, English is the words themselves: a few
	// look English in any language ("plan", "favor").
	return english*2 < len(words)
}

// actUnderWay names emergency rules that win over a crisis in the same
// message.
var actUnderWay = map[string]bool{"overdose": true, "bleeding-head": true, "child-ingestion": true, "intruder": true, "head-thinners": true, "collapse": true, "taken-ago": true}

// rule is one named pattern.
type rule struct {
	name   string
	reason Reason
	re     *pattern
}

func firstMatch(sc *scanner, s string, c Category, rules []rule) (Result, bool) {
	for _, r := range rules {
		if r.re.match(sc, s) {
			return Result{Category: c, Reason: r.reason, Rule: r.name}, true
		}
	}
	return Result{}, false
}

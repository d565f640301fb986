// Package bot is faqbot's engine: it takes a platform-neutral message,
// runs it through a pipeline of small stages (normalise, safety triage,
// conversation state, intent, FAQ match, compose) and returns the replies
// to send. Adapters translate between chat platforms and this package.
package bot

import "github.com/faqbot/faqbot/faq"

// Message is an inbound message from any platform.
type Message struct {
	Platform     string // "http", "terminal", "slack", "discord", ...
	Conversation string // channel or conversation id, opaque to the engine
	Thread       string // thread id where the platform has threads
	User         string // platform user id
	Text         string
	Direct       bool   // a direct (private) message rather than a public channel
	EventID      string // platform event id, for de-duplication of retries
}

// Kind is what a reply does.
type Kind string

// Reply kinds.
const (
	KindAnswer    Kind = "answer"    // an answer from the FAQ
	KindClarify   Kind = "clarify"   // a question offering two or three entries
	KindFallback  Kind = "fallback"  // no confident answer; offers a person
	KindHandoff   Kind = "handoff"   // connecting to staff
	KindDecline   Kind = "decline"   // a request the bot must not serve
	KindCrisis    Kind = "crisis"    // crisis resources
	KindEmergency Kind = "emergency" // call emergency services now
	KindSmallTalk Kind = "smalltalk" // greeting, thanks, help
	KindNotice    Kind = "notice"    // an operational message (data deleted, slow down)
)

// Choice is an entry offered in a clarify or fallback reply.
type Choice struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Reply is one message the bot sends back.
type Reply struct {
	Kind  Kind   `json:"kind"`
	Entry string `json:"entry,omitempty"`
	// Text is the complete reply as plain text with light Markdown.
	Text string `json:"text"`
	// Candidates are the entries offered (clarify) or the top matches.
	Candidates []string `json:"candidates,omitempty"`
	// Choices are the offered entries with titles, for buttons.
	Choices []Choice `json:"choices,omitempty"`
	// Score is the best match score in [0, 1].
	Score float64 `json:"score"`
	// Sources are the answered entry's sources, for adapters that link them.
	Sources []faq.Source `json:"sources,omitempty"`
	// Suggestions are related entries to offer after an answer.
	Suggestions []Choice `json:"suggestions,omitempty"`
	// Rephrased reports that an LLM reworded the curated answer.
	Rephrased bool `json:"rephrased,omitempty"`
	// Guard says why a rephrasing was not used, when one was tried.
	Guard string `json:"guard,omitempty"`
	// Private asks adapters to continue in a direct message when the
	// conversation is public (crisis, handoff, personal details).
	Private bool `json:"private,omitempty"`
}

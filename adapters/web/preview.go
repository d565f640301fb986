package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/faq"
)

// answerPreviewer is an engine that composes the chat answer it would send
// for an entry (not yet saved), exactly as it answers a patient: title,
// body with the clinic's placeholders filled, sources and related
// questions. The console uses it when the engine offers it and renders the
// entry plainly otherwise.
type answerPreviewer interface {
	PreviewAnswer(e faq.Entry) bot.Reply
}

// lintJSON is one lint finding shown while an admin edits.
type lintJSON struct {
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
}

// previewJSON is what the console shows beside the editor.
type previewJSON struct {
	Lint []lintJSON `json:"lint"`
	// Valid is true when the lint finds no errors, so a PUT would pass it.
	Valid  bool      `json:"valid"`
	Answer bot.Reply `json:"answer"`
	// Exact is true when the engine composed the answer; false when it is
	// a plain rendering of title, body, sources and related entries.
	Exact bool `json:"exact"`
}

// preview lints an unsaved entry and shows the answer it would give.
// It changes nothing.
func (a *adminAPI) preview(w http.ResponseWriter, r *http.Request, _ string) {
	var body entryJSON
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "body must be a JSON entry")
		return
	}
	e, errs := body.entry(strings.TrimSpace(body.ID))
	out := previewJSON{Lint: []lintJSON{}, Valid: len(errs) == 0}
	for _, msg := range errs {
		out.Lint = append(out.Lint, lintJSON{Message: msg})
	}
	for _, p := range a.check(e) {
		out.Lint = append(out.Lint, lintJSON{Message: p.Message, Warning: p.Warning})
		out.Valid = out.Valid && p.Warning
	}
	out.Answer, out.Exact = a.answer(e)
	writeJSON(w, http.StatusOK, out)
}

// check applies the rules a save applies (revision.Live lints with
// faq.DefaultRules and checks related ids against every entry), warnings
// included.
func (a *adminAPI) check(e faq.Entry) faq.Problems {
	problems := faq.CheckEntry(e.ID+".md", e, faq.DefaultRules())
	entries, _ := a.desk.List()
	known := make(map[string]bool, len(entries))
	for _, x := range entries {
		known[x.ID] = true
	}
	for _, rid := range e.Related {
		if !known[rid] && rid != e.ID {
			problems = append(problems, faq.Problem{File: e.ID + ".md", Line: 1, Message: fmt.Sprintf("related id %q has no entry", rid)})
		}
	}
	return problems
}

// answer composes the reply for e through the engine when it can, else
// plainly: title and body (placeholders left for the profile to fill),
// sources, and up to two related entries as suggestions.
func (a *adminAPI) answer(e faq.Entry) (bot.Reply, bool) {
	if p, ok := a.auth.h.engine.(answerPreviewer); ok {
		return p.PreviewAnswer(e), true
	}
	reply := bot.Reply{Kind: bot.KindAnswer, Entry: e.ID, Text: "**" + e.Title + "**\n\n" + e.Body, Score: 1, Sources: e.Sources}
	live := a.desk.Set()
	for _, rid := range e.Related {
		if rel, ok := live.Get(rid); ok && len(reply.Suggestions) < 2 {
			reply.Suggestions = append(reply.Suggestions, bot.Choice{ID: rel.ID, Title: rel.Title})
		}
	}
	return reply, false
}

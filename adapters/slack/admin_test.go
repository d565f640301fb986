package slack

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"github.com/faqbot/faqbot/adapters/adaptertest"
	"github.com/faqbot/faqbot/adapters/faqadmin"
	"github.com/faqbot/faqbot/adapters/roster"
	"github.com/faqbot/faqbot/faq/revision"
)

const (
	adminUser = "U0ADMIN"
	editEntry = "infusion-driving-home"
)

// openedView is one views.open call the fake Slack received.
type openedView struct {
	TriggerID string                    `json:"trigger_id"`
	View      slackapi.ModalViewRequest `json:"view"`
}

// viewRecorder serves views.open and records the modals opened.
type viewRecorder struct {
	mu    sync.Mutex
	views []openedView
}

func (v *viewRecorder) bind(c slacktest.Customize) {
	c.Handle("/views.open", func(w http.ResponseWriter, r *http.Request) {
		var got openedView
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		v.mu.Lock()
		v.views = append(v.views, got)
		v.mu.Unlock()
		writeJSON(w, map[string]any{"ok": true, "view": map[string]any{"id": "V1", "callback_id": got.View.CallbackID}})
	})
}

func (v *viewRecorder) opened() []openedView {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]openedView(nil), v.views...)
}

// adminAdapter runs an adapter with admin commands, for the admin Dana,
// in Events API mode behind a real HTTP server.
func adminAdapter(t *testing.T, engine *adaptertest.Engine, live *revision.Live) (*fakeSlack, *viewRecorder, string) {
	t.Helper()
	views := &viewRecorder{}
	f := newFakeSlack(t, views.bind)
	admins, err := roster.Parse("Dana:" + adminUser)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := newTestAdapter(t, f, engine, nil)
	WithAdmin(faqadmin.New(live, faqadmin.Data{}, admins, slog.New(slog.DiscardHandler)))(a)
	srv := httptest.NewServer(a.HTTPHandler())
	t.Cleanup(srv.Close)
	adaptertest.Run(t, a.Run)
	return f, views, srv.URL
}

func slash(user, text, responseURL string) string {
	return formBody(map[string]string{"command": "/faq", "text": text, "channel_id": "C1", "channel_name": "general",
		"user_id": user, "trigger_id": "Tr-" + user + "-" + text, "response_url": responseURL})
}

// submission is a view_submission of the edit modal as Slack posts it.
func submission(user, metadata, title, body string) string {
	cb := map[string]any{
		"type": "view_submission", "user": map[string]any{"id": user}, "trigger_id": "Tr-sub",
		"view": map[string]any{
			"id": "V1", "type": "modal", "callback_id": editCallbackID, "private_metadata": metadata,
			"state": map[string]any{"values": map[string]any{
				titleBlockID: map[string]any{faqadmin.FieldTitle: map[string]any{"type": "plain_text_input", "value": title}},
				bodyBlockID:  map[string]any{faqadmin.FieldBody: map[string]any{"type": "plain_text_input", "value": body}},
			}},
		},
	}
	raw, _ := json.Marshal(cb)
	return string(raw)
}

func postSigned(t *testing.T, url, body string) (int, string) {
	t.Helper()
	return do(t, slackRequest(t, url, formType, body, time.Now(), testSecret))
}

func TestAdminEditsAnEntryThroughTheModal(t *testing.T) {
	live := adaptertest.Live(t)
	engine := answerEngine()
	f, views, base := adminAdapter(t, engine, live)
	seed, _, _ := live.Entry(editEntry)

	status, body := postSigned(t, base+"/slack/commands", slash(adminUser, "edit "+editEntry, f.responseURL()))
	if status != http.StatusOK || body != "" {
		t.Fatalf("/faq edit: %d %q, want 200 and no message", status, body)
	}
	opened := views.opened()
	if len(opened) != 1 {
		t.Fatalf("views.open called %d times", len(opened))
	}
	v := opened[0]
	if v.TriggerID != "Tr-"+adminUser+"-edit "+editEntry || v.View.CallbackID != editCallbackID || v.View.PrivateMetadata != editEntry+"|1" {
		t.Errorf("opened %+v", v)
	}
	raw, _ := json.Marshal(v.View.Blocks)
	if !strings.Contains(string(raw), `"multiline":true`) || !strings.Contains(string(raw), mustJSON(seed.Body)) {
		t.Errorf("the modal is not a multiline input prefilled with the answer: %s", raw)
	}

	interactive := base + "/slack/interactive"
	form := func(payload string) string { return formBody(map[string]string{"payload": payload}) }
	var resp slackapi.ViewSubmissionResponse

	// An edit that breaks lint: errors beside the answer, nothing saved.
	long := strings.Repeat("Ketamine infusions take time. ", 60)
	status, body = postSigned(t, interactive, form(submission(adminUser, editEntry+"|1", seed.Title, long)))
	if err := json.Unmarshal([]byte(body), &resp); status != 200 || err != nil || resp.ResponseAction != slackapi.RAErrors ||
		!strings.Contains(resp.Errors[bodyBlockID], "words") {
		t.Fatalf("invalid edit answered %d %s", status, body)
	}
	if _, m, _ := live.Entry(editEntry); m.Version != 1 {
		t.Fatalf("an invalid edit changed the entry to version %d", m.Version)
	}

	// A valid edit is saved as Dana's and the modal says so.
	newBody := "Plan your ride home before you come. " + seed.Body
	status, body = postSigned(t, interactive, form(submission(adminUser, editEntry+"|1", seed.Title, newBody)))
	resp = slackapi.ViewSubmissionResponse{}
	if err := json.Unmarshal([]byte(body), &resp); status != 200 || err != nil || resp.ResponseAction != slackapi.RAUpdate ||
		!strings.Contains(mustJSON(resp.View), "version 2") {
		t.Fatalf("valid edit answered %d %s", status, body)
	}
	e, m, _ := live.Entry(editEntry)
	revs, _ := live.History(context.Background(), editEntry)
	if m.Version != 2 || e.Body != newBody || revs[len(revs)-1].Author != "Dana" || revs[len(revs)-1].Action != "edit" {
		t.Errorf("after the edit: version %d, history %+v", m.Version, revs[len(revs)-1])
	}

	// The same form submitted again is a conflict: errors, nothing saved.
	status, body = postSigned(t, interactive, form(submission(adminUser, editEntry+"|1", seed.Title, "Other text. "+seed.Body)))
	resp = slackapi.ViewSubmissionResponse{}
	if err := json.Unmarshal([]byte(body), &resp); status != 200 || err != nil || !strings.Contains(resp.Errors[bodyBlockID], "Someone else changed") {
		t.Fatalf("stale edit answered %d %s", status, body)
	}
	// A non-admin's submission is refused.
	status, body = postSigned(t, interactive, form(submission("U0OTHER", editEntry+"|2", seed.Title, "Hacked. "+seed.Body)))
	resp = slackapi.ViewSubmissionResponse{}
	if err := json.Unmarshal([]byte(body), &resp); status != 200 || err != nil || resp.Errors[bodyBlockID] != faqadmin.Refusal {
		t.Fatalf("non-admin edit answered %d %s", status, body)
	}
	if _, m, _ := live.Entry(editEntry); m.Version != 2 {
		t.Errorf("version %d after refused edits, want 2", m.Version)
	}
	if len(engine.Calls()) != 0 {
		t.Errorf("the engine got admin commands: %+v", engine.Calls())
	}
}

// mustJSON is v as JSON; a string without its quotes, to find it inside
// a larger JSON document.
func mustJSON(v any) string {
	raw, _ := json.Marshal(v)
	if _, ok := v.(string); ok {
		return strings.Trim(string(raw), `"`)
	}
	return string(raw)
}

func TestAdminSlashCommandsOverHTTP(t *testing.T) {
	live := adaptertest.Live(t)
	engine := answerEngine()
	f, views, base := adminAdapter(t, engine, live)
	commands := base + "/slack/commands"
	ephemeral := func(t *testing.T, body string) string {
		t.Helper()
		var m slackapi.Msg
		if err := json.Unmarshal([]byte(body), &m); err != nil || m.ResponseType != slackapi.ResponseTypeEphemeral || len(m.Blocks.BlockSet) == 0 {
			t.Fatalf("answer %q is not an ephemeral message with blocks", body)
		}
		return blockText(m.Blocks)
	}

	_, body := postSigned(t, commands, slash(adminUser, "list infusion", f.responseURL()))
	if got := ephemeral(t, body); !strings.Contains(got, "`"+editEntry+"`") || !strings.Contains(got, "*FAQ entries*") {
		t.Errorf("list answered %q", got)
	}
	_, body = postSigned(t, commands, slash(adminUser, `add-question `+editEntry+` “can my mum drive me?”`, f.responseURL()))
	if got := ephemeral(t, body); !strings.Contains(got, "version 2") {
		t.Errorf("add-question answered %q", got)
	}
	if e, _, _ := live.Entry(editEntry); e.Questions[len(e.Questions)-1] != "can my mum drive me?" {
		t.Errorf("the question was not added: %q", e.Questions[len(e.Questions)-1])
	}

	_, body = postSigned(t, commands, slash("U0PATIENT", "disable "+editEntry, f.responseURL()))
	if got := ephemeral(t, body); !strings.Contains(got, faqadmin.Refusal) {
		t.Errorf("a non-admin's disable answered %q", got)
	}
	_, body = postSigned(t, commands, slash("U0PATIENT", "edit "+editEntry, f.responseURL()))
	if got := ephemeral(t, body); !strings.Contains(got, faqadmin.Refusal) || len(views.opened()) != 0 {
		t.Errorf("a non-admin's edit answered %q and opened %d modals", got, len(views.opened()))
	}
	if _, m, _ := live.Entry(editEntry); m.Version != 2 || !m.Enabled {
		t.Errorf("a non-admin changed the entry: %+v", m)
	}
	if len(engine.Calls()) != 0 {
		t.Fatalf("the engine got admin commands: %+v", engine.Calls())
	}

	// Patients' commands still reach the engine, answered by response URL.
	for _, text := range []string{"ask can I drive?", "forget me", "list ways to get there"} {
		status, body := postSigned(t, commands, slash("U0PATIENT", text, f.responseURL()))
		if status != http.StatusOK || body != "" {
			t.Errorf("%q answered %d %q, want 200 and nothing", text, status, body)
		}
	}
	adaptertest.WaitFor(t, "the engine's answers", func() bool { return len(f.messages()) == 3 })
	if got := engine.Messages(); got[0].Text != "can I drive?" || got[1].Text != "forget me" || got[2].Text != "list ways to get there" {
		t.Errorf("engine got %+v", got)
	}
}

// ackSocket is a Socket Mode connection that records acknowledgements
// with their payloads.
type ackSocket struct {
	mu   sync.Mutex
	acks map[string]any
}

func (s *ackSocket) RunContext(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func (s *ackSocket) AckCtx(_ context.Context, envelopeID string, payload any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acks[envelopeID] = payload
	return nil
}

func (s *ackSocket) ack(id string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.acks[id]
	return p, ok
}

func TestAdminCommandsOverSocketMode(t *testing.T) {
	live := adaptertest.Live(t)
	views := &viewRecorder{}
	f := newFakeSlack(t, views.bind)
	engine := answerEngine()
	a, _ := newTestAdapter(t, f, engine, io.Discard)
	admins, _ := roster.Parse(adminUser)
	WithAdmin(faqadmin.New(live, faqadmin.Data{}, admins, slog.New(slog.DiscardHandler)))(a)
	sock := &ackSocket{acks: map[string]any{}}
	events := make(chan socketmode.Event)
	a.socket, a.events = sock, events
	adaptertest.Run(t, a.Run)
	send := func(frame string) { events <- decode(t, frame) }
	acked := func(id string) any {
		t.Helper()
		var p any
		adaptertest.WaitFor(t, "acknowledgement "+id, func() bool { var ok bool; p, ok = sock.ack(id); return ok })
		return p
	}
	command := func(user, text string) string {
		raw, _ := json.Marshal(map[string]string{"command": "/faq", "text": text, "channel_id": "C1", "user_id": user,
			"trigger_id": "Tr-" + user, "response_url": f.responseURL()})
		return string(raw)
	}

	send(envelope("slash_commands", "e1", 0, command(adminUser, "edit "+editEntry)))
	if p := acked("e1"); p != nil {
		t.Errorf("edit acknowledged with %v, want nothing", p)
	}
	if v := views.opened(); len(v) != 1 || v[0].View.PrivateMetadata != editEntry+"|1" {
		t.Fatalf("views.open: %+v", v)
	}

	seed, _, _ := live.Entry(editEntry)
	send(envelope("interactive", "e2", 0, submission(adminUser, editEntry+"|1", seed.Title, "Arrange a ride first. "+seed.Body)))
	resp, _ := acked("e2").(*slackapi.ViewSubmissionResponse)
	if resp == nil || resp.ResponseAction != slackapi.RAUpdate {
		t.Fatalf("submission acknowledged with %+v", resp)
	}
	revs, _ := live.History(context.Background(), editEntry)
	if last := revs[len(revs)-1]; last.Version != 2 || last.Author != adminUser || last.Action != "edit" {
		t.Errorf("history ends with %+v", last)
	}

	send(envelope("interactive", "e3", 0, submission(adminUser, editEntry+"|1", seed.Title, "Again. "+seed.Body)))
	if resp, _ := acked("e3").(*slackapi.ViewSubmissionResponse); resp == nil || resp.ResponseAction != slackapi.RAErrors {
		t.Errorf("stale submission acknowledged with %+v", resp)
	}

	send(envelope("slash_commands", "e4", 0, command("U0PATIENT", "stats")))
	if m, _ := acked("e4").(*slackapi.Msg); m == nil || !strings.Contains(m.Text, faqadmin.Refusal) {
		t.Errorf("a non-admin's stats acknowledged with %+v", m)
	}

	// A patient's question starting with an admin verb is queued for the
	// engine as before.
	send(envelope("slash_commands", "e5", 0, command("U0PATIENT", "show me where to park")))
	if p := acked("e5"); p != nil {
		t.Errorf("a question acknowledged with %v", p)
	}
	adaptertest.WaitFor(t, "the engine's answer", func() bool { return len(engine.Messages()) == 1 })
	if got := engine.Messages()[0]; got.Text != "show me where to park" {
		t.Errorf("engine got %+v", got)
	}
}

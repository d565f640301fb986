package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/faqbot/faqbot/adapters/chunk"
	"github.com/faqbot/faqbot/adapters/faqadmin"
)

// This file adds the clinic admins' /faq commands (package faqadmin):
// they are answered in the acknowledgement of the slash command, and
// /faq edit opens a modal whose submission is answered the same way, so a
// refused edit shows its reasons in the modal and the admin's text stays.

// adminCommands is what the adapter needs from *faqadmin.Commands.
type adminCommands interface {
	Handle(ctx context.Context, user, text string) (faqadmin.Reply, bool)
	Submit(ctx context.Context, user string, d faqadmin.Draft) (string, error)
}

// WithAdmin turns on the admin sub-commands of /faq for the users on
// cmds' roster; others get a polite refusal. Without it every /faq text
// goes to the engine.
func WithAdmin(cmds *faqadmin.Commands) Option {
	return func(a *Adapter) {
		if cmds != nil {
			a.admin = cmds
		}
	}
}

// The edit modal's ids.
const (
	editCallbackID = actionPrefix + "faq_edit"
	titleBlockID   = actionPrefix + faqadmin.FieldTitle
	bodyBlockID    = actionPrefix + faqadmin.FieldBody
	editorFailed   = "I could not open the editor. Please run `/faq edit` again."
)

// isAdminText reports cheaply whether text may be an admin command, so
// everything else keeps its usual path untouched.
func isAdminText(text string) bool {
	_, err := faqadmin.Parse(plainText(text))
	return !errors.Is(err, faqadmin.ErrNotAdmin)
}

// adminCommand runs an admin /faq command and returns the body to answer
// the command with: an ephemeral message, or nil after opening the edit
// modal. ok is false when it is not an admin command.
func (a *Adapter) adminCommand(ctx context.Context, cmd slackapi.SlashCommand) (payload any, ok bool) {
	if a.admin == nil {
		return nil, false
	}
	r, ok := a.admin.Handle(ctx, cmd.UserID, plainText(cmd.Text))
	if !ok {
		return nil, false
	}
	if r.Edit == nil {
		return adminMessage(r.Text), true
	}
	err := a.withRateLimit(ctx, "views.open", func() error {
		_, err := a.api.OpenViewContext(ctx, cmd.TriggerID, editModal(*r.Edit))
		return err
	})
	if err != nil {
		a.log.Error("could not open the faq editor", "user", cmd.UserID, "entry", r.Edit.ID, "err", err)
		return adminMessage(editorFailed), true
	}
	return nil, true
}

// adminSubmission saves the edit modal's submission and returns the
// view_submission response: the modal turned into a confirmation, or the
// refusal's reasons beside the field. ok is false for other interactions.
func (a *Adapter) adminSubmission(ctx context.Context, cb slackapi.InteractionCallback) (resp *slackapi.ViewSubmissionResponse, ok bool) {
	if a.admin == nil || cb.Type != slackapi.InteractionTypeViewSubmission || cb.View.CallbackID != editCallbackID {
		return nil, false
	}
	d, valid := draftFromView(cb.View)
	if !valid {
		a.log.Warn("faq editor submission not understood", "user", cb.User.ID)
		return slackapi.NewErrorsViewSubmissionResponse(map[string]string{bodyBlockID: "This form is out of date. Please run /faq edit again."}), true
	}
	done, err := a.admin.Submit(ctx, cb.User.ID, d)
	var rej *faqadmin.Rejection
	switch {
	case errors.As(err, &rej):
		block := bodyBlockID
		if rej.Field == faqadmin.FieldTitle {
			block = titleBlockID
		}
		return slackapi.NewErrorsViewSubmissionResponse(map[string]string{block: rej.Message}), true
	case err != nil:
		return slackapi.NewErrorsViewSubmissionResponse(map[string]string{bodyBlockID: "The change could not be saved. Please try again."}), true
	}
	return slackapi.NewUpdateViewSubmissionResponse(savedModal(done)), true
}

// adminSocketEvent answers an admin slash command or edit submission
// arriving over Socket Mode in the envelope's acknowledgement, in the
// background so other events are not held up. It reports whether it took
// the event; a slash command that turns out not to be an admin command is
// acknowledged and queued for the engine as usual.
func (a *Adapter) adminSocketEvent(ctx context.Context, evt socketmode.Event) bool {
	if a.admin == nil || evt.Request == nil || evt.Request.EnvelopeID == "" {
		return false
	}
	// answer returns the acknowledgement's payload and, for a slash
	// command that is not an admin command after all, what to queue.
	var answer func() (any, *inbound)
	switch data := evt.Data.(type) {
	case slackapi.SlashCommand:
		if !isAdminText(data.Text) {
			return false
		}
		answer = func() (any, *inbound) {
			payload, ok := a.adminCommand(ctx, data)
			if !ok {
				in := fromSlashCommand(data)
				return nil, &in
			}
			return payload, nil
		}
	case slackapi.InteractionCallback:
		if data.Type != slackapi.InteractionTypeViewSubmission || data.View.CallbackID != editCallbackID {
			return false
		}
		answer = func() (any, *inbound) {
			resp, _ := a.adminSubmission(ctx, data)
			return resp, nil
		}
	default:
		return false
	}
	id := evt.Request.EnvelopeID
	a.adminJobs.Go(func() {
		payload, pass := answer()
		if err := a.socket.AckCtx(ctx, id, payload); err != nil {
			a.log.Warn("could not acknowledge a slack envelope", "type", string(evt.Type), "err", err)
		}
		if pass != nil {
			a.queue.put(ctx, *pass)
		}
	})
	return true
}

// serveAdminCommand answers an admin slash command over HTTP and reports
// whether it did.
func (a *Adapter) serveAdminCommand(w http.ResponseWriter, r *http.Request, cmd slackapi.SlashCommand) bool {
	if a.admin == nil || !isAdminText(cmd.Text) {
		return false
	}
	payload, ok := a.adminCommand(r.Context(), cmd)
	if !ok {
		return false
	}
	writeAdminJSON(w, payload)
	return true
}

// serveAdminInteraction answers the edit modal's submission over HTTP and
// reports whether it did.
func (a *Adapter) serveAdminInteraction(w http.ResponseWriter, r *http.Request, cb slackapi.InteractionCallback) bool {
	resp, ok := a.adminSubmission(r.Context(), cb)
	if !ok {
		return false
	}
	writeAdminJSON(w, resp)
	return true
}

func writeAdminJSON(w http.ResponseWriter, payload any) {
	if payload == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(payload)
}

// adminMessage is an ephemeral reply to a slash command.
func adminMessage(markdown string) *slackapi.Msg {
	text := toMrkdwn(markdown)
	m := &slackapi.Msg{ResponseType: slackapi.ResponseTypeEphemeral, Text: text}
	for _, c := range chunk.Split(text, maxSectionRunes) {
		m.Blocks.BlockSet = append(m.Blocks.BlockSet, section(c))
	}
	return m
}

func plain(s string) *slackapi.TextBlockObject {
	return slackapi.NewTextBlockObject(slackapi.PlainTextType, s, false, false)
}

// editModal is the form for /faq edit: the title and the answer, with
// the entry and the version it starts from in its private metadata.
func editModal(d faqadmin.Draft) slackapi.ModalViewRequest {
	title := slackapi.NewPlainTextInputBlockElement(nil, faqadmin.FieldTitle)
	title.InitialValue, title.MaxLength = d.Title, faqadmin.MaxTitleRunes
	body := slackapi.NewPlainTextInputBlockElement(nil, faqadmin.FieldBody)
	body.InitialValue, body.Multiline, body.MaxLength = d.Body, true, faqadmin.MaxBodyRunes
	note := slackapi.NewContextBlock("", slackapi.NewTextBlockObject(slackapi.MarkdownType,
		"`"+d.ID+"`, version "+strconv.Itoa(d.Version)+". The answer is Markdown: at most 180 words, reading grade 8 or lower. Saving checks it like `faqbot faq lint`.", false, false))
	return slackapi.ModalViewRequest{
		Type:            slackapi.VTModal,
		CallbackID:      editCallbackID,
		Title:           plain("Edit FAQ entry"),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		PrivateMetadata: d.Key(),
		Blocks: slackapi.Blocks{BlockSet: []slackapi.Block{
			note,
			slackapi.NewInputBlock(titleBlockID, plain("Title"), nil, title),
			slackapi.NewInputBlock(bodyBlockID, plain("Answer"), nil, body),
		}},
	}
}

// savedModal replaces the form once the edit is saved.
func savedModal(markdown string) *slackapi.ModalViewRequest {
	return &slackapi.ModalViewRequest{
		Type:   slackapi.VTModal,
		Title:  plain("FAQ entry saved"),
		Close:  plain("Done"),
		Blocks: slackapi.Blocks{BlockSet: []slackapi.Block{section(toMrkdwn(markdown))}},
	}
}

// draftFromView reads a submitted edit modal.
func draftFromView(v slackapi.View) (faqadmin.Draft, bool) {
	d, ok := faqadmin.ParseKey(v.PrivateMetadata)
	if !ok || v.State == nil {
		return faqadmin.Draft{}, false
	}
	value := func(block, action string) string { return v.State.Values[block][action].Value }
	d.Title, d.Body = value(titleBlockID, faqadmin.FieldTitle), value(bodyBlockID, faqadmin.FieldBody)
	return d, true
}

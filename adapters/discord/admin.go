package discord

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/adapters/faqadmin"
)

// This file adds the clinic admins' /faq commands (package faqadmin):
// they are answered at once with a message only the admin sees, and
// /faq edit opens a modal whose submission is saved. Discord cannot keep
// a modal open with errors, so a refused edit is answered with the
// reasons and the admin's text to copy.

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

// editPrefix starts the edit modal's custom id: faqadmin|edit|ID|VERSION.
const editPrefix = "faqadmin|edit|"

// adminCommand answers /faq text from user when it is an admin command
// and reports whether it was one.
func (a *Adapter) adminCommand(ctx context.Context, i *discordgo.Interaction, user, text string) bool {
	if a.admin == nil {
		return false
	}
	r, ok := a.admin.Handle(ctx, user, text)
	if !ok {
		return false
	}
	resp := ephemeral(r.Text)
	if r.Edit != nil {
		resp = editModal(*r.Edit)
	}
	if err := a.api.InteractionRespond(i, resp, discordgo.WithContext(ctx)); err != nil {
		a.log.Error("could not answer a /faq admin command", "event", i.ID, errAttr(err))
	}
	return true
}

// onModalSubmit saves the edit modal's submission and tells the admin
// the outcome; on a refusal the reply carries the admin's text to copy.
func (a *Adapter) onModalSubmit(ctx context.Context, i *discordgo.Interaction, user string) {
	data, ok := i.Data.(discordgo.ModalSubmitInteractionData)
	if !ok || a.admin == nil {
		return
	}
	d, ok := draftFromModal(data)
	if !ok {
		return
	}
	done, err := a.admin.Submit(ctx, user, d)
	if err != nil {
		var rej *faqadmin.Rejection
		msg := "The change could not be saved."
		if errors.As(err, &rej) {
			msg = rej.Message
		}
		done = refusedEdit(msg, d.Body)
	}
	if err := a.api.InteractionRespond(i, ephemeral(done), discordgo.WithContext(ctx)); err != nil {
		a.log.Error("could not answer a faq edit", "event", i.ID, errAttr(err))
	}
}

// refusedEdit says why an edit was not saved and gives the admin's answer
// back in a code block, shortened to fit one message if need be.
func refusedEdit(reason, body string) string {
	head := "**Not saved.** " + reason + "\n\nYour text, to copy:\n```\n"
	tail := "\n```"
	body = strings.ReplaceAll(body, "```", "'''")
	if room := maxContent - utf8.RuneCountInString(head+tail) - 40; utf8.RuneCountInString(body) > room {
		body = string([]rune(body)[:room]) + "\n[shortened to fit]"
	}
	return head + body + tail
}

func ephemeral(content string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{
			Content: content, Flags: discordgo.MessageFlagsEphemeral,
			AllowedMentions: &discordgo.MessageAllowedMentions{},
		},
	}
}

// editModal is the form for /faq edit: the title and the answer, with the
// entry and the version it starts from in its custom id.
func editModal(d faqadmin.Draft) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{
			CustomID: editPrefix + d.Key(),
			Title:    "Edit FAQ entry",
			Components: []discordgo.MessageComponent{
				discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
					CustomID: faqadmin.FieldTitle, Label: "Title", Style: discordgo.TextInputShort,
					Value: d.Title, Required: true, MaxLength: faqadmin.MaxTitleRunes,
				}}},
				discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
					CustomID: faqadmin.FieldBody, Label: "Answer (Markdown, at most 180 words)", Style: discordgo.TextInputParagraph,
					Value: d.Body, Required: true, MaxLength: faqadmin.MaxBodyRunes,
				}}},
			},
		},
	}
}

// draftFromModal reads a submitted edit modal; ok is false for others.
func draftFromModal(data discordgo.ModalSubmitInteractionData) (faqadmin.Draft, bool) {
	key, ok := strings.CutPrefix(data.CustomID, editPrefix)
	if !ok {
		return faqadmin.Draft{}, false
	}
	d, ok := faqadmin.ParseKey(key)
	if !ok {
		return faqadmin.Draft{}, false
	}
	for _, c := range data.Components {
		for _, in := range rowInputs(c) {
			switch in.CustomID {
			case faqadmin.FieldTitle:
				d.Title = in.Value
			case faqadmin.FieldBody:
				d.Body = in.Value
			}
		}
	}
	return d, true
}

// rowInputs returns the text inputs in an actions row, as decoded from
// the gateway (pointers) or built in code (values).
func rowInputs(c discordgo.MessageComponent) []discordgo.TextInput {
	var comps []discordgo.MessageComponent
	switch row := c.(type) {
	case *discordgo.ActionsRow:
		comps = row.Components
	case discordgo.ActionsRow:
		comps = row.Components
	}
	var out []discordgo.TextInput
	for _, x := range comps {
		switch in := x.(type) {
		case *discordgo.TextInput:
			out = append(out, *in)
		case discordgo.TextInput:
			out = append(out, in)
		}
	}
	return out
}

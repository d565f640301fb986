package discord

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot"
)

// The /faq command.
const (
	commandName    = "faq"
	questionOption = "question"
)

// notYours answers a click on buttons offered to someone else.
const notYours = "These buttons belong to someone else's question. Mention me or use /faq to ask your own."

// faqCommand is the /faq application command: /faq question:<text>.
func faqCommand() *discordgo.ApplicationCommand {
	dm := true
	return &discordgo.ApplicationCommand{
		Name:         commandName,
		Description:  "Ask the clinic's FAQ about fibromyalgia, ketamine infusions or visits",
		DMPermission: &dm,
		Options: []*discordgo.ApplicationCommandOption{{
			Type:        discordgo.ApplicationCommandOptionString,
			Name:        questionOption,
			Description: `Your question. Type "help" to see what I answer, or "forget me" to delete your data`,
			Required:    true,
			MaxLength:   1000,
		}},
	}
}

func (a *Adapter) registerCommand(ctx context.Context, appID string) error {
	_, err := a.api.ApplicationCommandCreate(appID, a.cfg.GuildID, faqCommand(), discordgo.WithContext(ctx))
	return err
}

// onInteraction answers one INTERACTION_CREATE event: the /faq command, a
// button click, or an admin's edit form (admin.go).
func (a *Adapter) onInteraction(ctx context.Context, st *discordgo.State, i *discordgo.Interaction) {
	user := interactionUser(i)
	if user == nil || user.Bot || ctx.Err() != nil {
		return
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		a.onCommand(ctx, st, i, user.ID)
	case discordgo.InteractionMessageComponent:
		a.onClick(ctx, st, i, user.ID)
	case discordgo.InteractionModalSubmit:
		a.onModalSubmit(ctx, i, user.ID)
	}
}

// onCommand answers /faq. Discord wants an answer within three seconds,
// so it is acknowledged at once and the replies follow.
func (a *Adapter) onCommand(ctx context.Context, st *discordgo.State, i *discordgo.Interaction, user string) {
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name != commandName {
		return
	}
	var text string
	if o := data.GetOption(questionOption); o != nil && o.Type == discordgo.ApplicationCommandOptionString {
		text = o.StringValue()
	}
	if a.adminCommand(ctx, i, user, text) {
		return
	}
	if err := a.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
	}, discordgo.WithContext(ctx)); err != nil {
		a.log.Error("could not acknowledge /faq", "event", i.ID, errAttr(err))
		return
	}
	m := a.interactionMessage(st, i, user, text)
	replies := a.engine.Handle(ctx, m)
	a.logHandled(m, replies)
	if len(replies) == 0 {
		// Nothing to say (a staff member has the conversation): remove
		// the "thinking" placeholder rather than leave it hanging.
		if err := a.api.InteractionResponseDelete(i, discordgo.WithContext(ctx)); err != nil {
			a.log.Warn("could not remove the /faq placeholder", "event", i.ID, errAttr(err))
		}
		return
	}
	a.deliver(ctx, followupBox{api: a.api, interaction: i}, m, replies)
}

// onClick sends a button's text to the engine as the clicker's message,
// in the conversation where the button is.
func (a *Adapter) onClick(ctx context.Context, st *discordgo.State, i *discordgo.Interaction, user string) {
	data, ok := i.Data.(discordgo.MessageComponentInteractionData)
	if !ok || a.onStaffClick(ctx, i, data.CustomID, user) {
		return
	}
	owner, text, ok := parseCustomID(data.CustomID)
	if !ok {
		return
	}
	if owner != "" && owner != user {
		a.respond(ctx, i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: notYours, Flags: discordgo.MessageFlagsEphemeral},
		})
		return
	}
	// Acknowledge without changing the message; the replies are new
	// messages below it, as if the patient had typed the choice.
	if !a.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}) {
		return
	}
	m := a.interactionMessage(st, i, user, text)
	replies := a.engine.Handle(ctx, m)
	a.logHandled(m, replies)
	a.deliver(ctx, a.channelBox(i.ChannelID, nil), m, replies)
}

func (a *Adapter) respond(ctx context.Context, i *discordgo.Interaction, r *discordgo.InteractionResponse) bool {
	if err := a.api.InteractionRespond(i, r, discordgo.WithContext(ctx)); err != nil {
		a.log.Error("could not answer a button click", "event", i.ID, errAttr(err))
		return false
	}
	return true
}

// interactionMessage is the engine's view of an interaction by user.
func (a *Adapter) interactionMessage(st *discordgo.State, i *discordgo.Interaction, user, text string) bot.Message {
	m := bot.Message{Platform: Platform, User: user, Text: text, Direct: i.GuildID == "", EventID: i.ID}
	m.Conversation, m.Thread = i.ChannelID, ""
	if !m.Direct {
		m.Conversation, m.Thread = locate(st, i.ChannelID)
	}
	return m
}

// interactionUser is who used a command or clicked: Member.User in a
// server, User in a DM.
func interactionUser(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

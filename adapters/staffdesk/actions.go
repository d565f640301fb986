package staffdesk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/faqbot/faqbot/bot"
)

// Notes shown privately to the person who pressed a button or wrote in a
// card's thread.
const (
	noteNotStaff    = "Sorry, only the clinic's staff can take or answer patients' requests here. If you are staff, ask the faqbot admin to add you to the staff list."
	noteGone        = "This request no longer exists: the patient asked faqbot to forget them."
	noteClosed      = "This conversation is closed, so nothing was sent to the patient."
	noteClaimFirst  = "Press **Claim** on the card first: nothing was sent to the patient."
	noteAlreadyMine = "You already have this conversation: reply in the card's thread."
	noteUnavailable = "Tickets are unavailable right now, so nothing was done. Please try again in a moment, or call the patient back by phone."
)

// Press carries out a staff member's press of a card's button and returns
// a note to show them privately, or "" when the card itself shows the
// outcome. user is the platform user id: only staff on the roster may act;
// anyone else is refused politely and the attempt is logged.
func (d *Desk) Press(ctx context.Context, a Action, ticketID, user string) string {
	name, ok := d.staffName(a, ticketID, user)
	if !ok {
		return noteNotStaff
	}
	switch a {
	case Claim:
		return d.claim(ctx, ticketID, name)
	case Close:
		return d.close(ctx, ticketID, name)
	}
	return ""
}

// Reply handles a message written in a card's thread: a staff member's
// reply to the patient, or "close". It returns a note to show the writer
// privately, or "" (also for a thread that is not a card's). A retried
// delivery of the same event is ignored.
func (d *Desk) Reply(ctx context.Context, eventID, thread, user, text string) string {
	text = strings.TrimSpace(text)
	if text == "" || !d.engine.FirstEvent(ctx, d.cfg.Platform, "staff:"+eventID) {
		return ""
	}
	tk, err := d.ticketInThread(ctx, thread)
	switch {
	case errors.Is(err, bot.ErrNoTicket):
		if d.Owns(thread) {
			return noteClosed
		}
		return ""
	case err != nil:
		d.log.Error("could not find the ticket of a staff reply", "thread", thread, "err", err)
		return noteUnavailable
	}
	action := Action("reply")
	if strings.EqualFold(strings.Trim(text, " .!"), "close") {
		action = Close
	}
	name, ok := d.staffName(action, tk.ID, user)
	if !ok {
		return noteNotStaff
	}
	if action == Close {
		return d.close(ctx, tk.ID, name)
	}
	switch err := d.engine.StaffReply(ctx, tk.ID, name, text); {
	case err == nil:
		d.log.Info("staff reply sent", "ticket", tk.ID, "staff", name, "runes", len([]rune(text)))
		return ""
	case errors.Is(err, bot.ErrAlreadyClaimed) && tk.Status == bot.TicketOpen:
		return noteClaimFirst
	default:
		return d.ticketNote(ctx, tk.ID, err, "nothing was sent to the patient")
	}
}

// staffName returns the roster name of user, logging a refusal.
func (d *Desk) staffName(a Action, ticketID, user string) (string, bool) {
	name, ok := d.cfg.Staff.Name(user)
	if !ok {
		d.log.Warn("staff action refused: not on the staff list", "action", string(a), "ticket", ticketID, "user", user)
	}
	return name, ok
}

// claim gives the ticket to name, moves its conversation to this
// channel's card thread and shows that on the card.
func (d *Desk) claim(ctx context.Context, id, name string) string {
	tk, err := d.engine.Ticket(ctx, id)
	if err != nil {
		return d.ticketNote(ctx, id, err, "it was not claimed")
	}
	if c := d.cardOn(tk); tk.Status == bot.TicketClaimed && tk.ClaimedBy == name && c != nil && c.Relay {
		return noteAlreadyMine
	}
	if tk.Status != bot.TicketClaimed || tk.ClaimedBy != name {
		// Claim tells the patient; a claim that is already name's is
		// not repeated, so the patient is told once.
		claimed, err := d.engine.Claim(ctx, id, name)
		if claimed.ID == "" {
			return d.ticketNote(ctx, id, err, "it was not claimed")
		}
		if err != nil {
			d.log.Warn("ticket claimed but the patient could not be told", "ticket", id, "err", err)
		}
	}
	tk, err = d.engine.UpdateCards(ctx, id, func(cards []bot.StaffCard) ([]bot.StaffCard, error) {
		for i := range cards {
			cards[i].Relay = cards[i].Platform == d.cfg.Platform
			if cards[i].Relay {
				cards[i].Shown = bot.TicketClaimed
			}
		}
		return cards, nil
	})
	if err != nil {
		return d.ticketNote(ctx, id, err, "the conversation could not be moved here")
	}
	d.log.Info("ticket claimed in the staff channel", "ticket", id, "staff", name)
	c := d.cardOn(tk)
	if c == nil || c.Message == "" {
		return "" // claimed before the card was recorded: the next round shows it
	}
	if err := d.ch.UpdateCard(ctx, refOf(c), cardOf(tk, d.cfg.Platform)); err != nil {
		d.log.Error("could not show a claim on its card", "ticket", id, "err", err)
	}
	intro := fmt.Sprintf("**%s** has joined. The patient's messages appear in this thread; reply here to answer them. Type **close** or press **Close** when you are done.", name)
	if err := d.ch.PostInThread(ctx, refOf(c), intro); err != nil {
		d.log.Error("could not post in a card's thread", "ticket", id, "err", err)
	}
	d.remember(tk)
	return ""
}

// close hands the ticket back to the bot, which tells the patient, and
// shows that on the card.
func (d *Desk) close(ctx context.Context, id, name string) string {
	tk, err := d.engine.Ticket(ctx, id)
	switch {
	case err != nil:
		return d.ticketNote(ctx, id, err, "it was not closed")
	case tk.Status == bot.TicketOpen:
		return "Only the staff member who claims a request can close it: press **Claim** first."
	}
	if err := d.engine.Close(ctx, id, name); err != nil {
		tk, gerr := d.engine.Ticket(ctx, id)
		if gerr != nil || tk.Status != bot.TicketClosed || tk.ClaimedBy != name {
			return d.ticketNote(ctx, id, err, "it was not closed")
		}
		d.log.Warn("ticket closed but the patient could not be told", "ticket", id, "err", err)
	}
	tk, err = d.engine.Ticket(ctx, id)
	if err != nil {
		return ""
	}
	d.log.Info("ticket closed in the staff channel", "ticket", id, "staff", name)
	if c := d.cardOn(tk); c != nil && c.Message != "" {
		d.end(ctx, id, refOf(c), tk)
		if err := d.ch.PostInThread(ctx, refOf(c), fmt.Sprintf("**%s** closed the conversation. The patient is back with the FAQ assistant.", name)); err != nil {
			d.log.Error("could not post in a card's thread", "ticket", id, "err", err)
		}
	}
	return ""
}

// ticketInThread finds the open or claimed ticket whose card here has
// thread, or ErrNoTicket.
func (d *Desk) ticketInThread(ctx context.Context, thread string) (bot.Ticket, error) {
	if thread == "" {
		return bot.Ticket{}, bot.ErrNoTicket
	}
	tickets, err := d.engine.Tickets(ctx)
	if err != nil {
		return bot.Ticket{}, err
	}
	i := slices.IndexFunc(tickets, func(tk bot.Ticket) bool {
		c := d.cardOn(tk)
		return c != nil && c.Thread == thread
	})
	if i < 0 {
		return bot.Ticket{}, bot.ErrNoTicket
	}
	return tickets[i], nil
}

// ticketNote explains why an action on a ticket did nothing; outcome says
// what did not happen.
func (d *Desk) ticketNote(ctx context.Context, id string, err error, outcome string) string {
	switch {
	case errors.Is(err, bot.ErrNoTicket):
		return noteGone
	case errors.Is(err, bot.ErrTicketClosed):
		return "This conversation is already closed, so " + outcome + "."
	case errors.Is(err, bot.ErrAlreadyClaimed):
		if tk, err := d.engine.Ticket(ctx, id); err == nil && tk.ClaimedBy != "" {
			return fmt.Sprintf("%s already has this conversation, so %s.", tk.ClaimedBy, outcome)
		}
		return "Someone else already has this conversation, so " + outcome + "."
	}
	d.log.Error("staff action failed", "ticket", id, "err", err)
	return noteUnavailable
}

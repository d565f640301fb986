package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/faqbot/faqbot/bot/redact"
	"github.com/faqbot/faqbot/bot/triage"
)

// relay runs after state is loaded. While a staff member has claimed the
// conversation, the patient's messages go to them and the bot stays
// silent (a crisis or emergency is still answered at once). While a
// ticket waits too long or the clinic is closed, the patient is told how
// and when the clinic will reply.
func (e *Engine) relay(ctx context.Context, t *turn) {
	if e.tickets == nil || t.stateless || t.conv.Ticket == "" || t.triage.Category == triage.Forget {
		return
	}
	tk, err := e.tickets.Ticket(ctx, t.conv.Ticket)
	if err != nil || tk.Status == TicketClosed {
		if err != nil && !errors.Is(err, ErrNoTicket) {
			e.storeFailed("ticket", err)
			return
		}
		t.conv.Ticket = "" // handed back to the bot
		return
	}
	t.ticket = &tk
	if tk.Status == TicketClaimed {
		turn := Turn{At: e.now().UTC(), Text: truncateRunes(redact.Text(t.text), 2000), Kind: "patient"}
		if err := e.tickets.Relay(ctx, tk.ID, turn); err != nil {
			e.storeFailed("relay", err)
			return // the bot answers rather than lose the message
		}
		if !t.decided() {
			t.silent = true
		}
		return
	}
	if t.decided() || tk.Notified || e.now().Sub(tk.CreatedAt) < e.cfg.HandoffTimeout {
		return
	}
	if _, err := e.tickets.UpdateTicket(ctx, tk.ID, func(x *Ticket) error { x.Notified = true; return nil }); err != nil {
		e.storeFailed("ticket", err)
	}
	t.notices = append(t.notices, e.waitingNotice())
}

func (e *Engine) waitingNotice() Reply {
	return e.fixed(KindNotice, "Nobody from the clinic team has been able to pick up your request yet, sorry. They will reply here as soon as they can, during opening hours ({{clinic.hours}}). If you need them sooner, call {{clinic.phone}}. In an emergency call {{emergency.number}}.")
}

// escalate opens a ticket for staff when the reply hands off or is a
// crisis, and tells the patient what happens next. Without a ticket store
// (or when it fails) the handoff reply still gives the clinic's phone.
func (e *Engine) escalate(ctx context.Context, t *turn) {
	if e.tickets == nil || t.stateless || len(t.replies) == 0 || t.ticket != nil {
		return
	}
	r := &t.replies[0]
	if r.Kind != KindHandoff && r.Kind != KindCrisis && r.Kind != KindEmergency {
		return
	}
	reason := t.handoffReason
	if r.Kind != KindHandoff {
		reason = string(r.Kind)
	}
	turns := append(append([]Turn(nil), t.conv.Turns...), Turn{At: e.now().UTC(), Text: truncateRunes(redact.Text(t.text), 280), Kind: r.Kind})
	tk, err := e.tickets.OpenTicket(ctx, Ticket{
		Conversation: t.conv.Key, User: t.conv.User, Platform: t.msg.Platform, PlatformUser: t.msg.User, Channel: t.msg.Conversation, Thread: t.msg.Thread,
		Reason: reason, Summary: summarize(reason, turns), Turns: turns, CreatedAt: e.now().UTC(),
	})
	if err != nil {
		e.storeFailed("open ticket", err)
		return
	}
	t.ticket = &tk
	t.conv.Ticket = tk.ID
	e.obs.Handoff("opened", 0)
	e.log.Info("handoff ticket opened", "ticket", tk.ID, "reason", reason, "platform", t.msg.Platform)
	switch r.Kind {
	case KindHandoff:
		r.Text = e.queuedText(reason)
	case KindCrisis:
		r.Text += "\n\nI've also let the clinic team know, so someone can follow up with you."
	}
}

func (e *Engine) queuedText(reason string) string {
	var b strings.Builder
	if reason == "fallbacks" {
		b.WriteString("I'm sorry I couldn't answer that. ")
	}
	open, known := e.profile.OpenAt(e.now())
	switch {
	case known && !open:
		b.WriteString("I've passed your request to the clinic team. The clinic is closed right now, so they will reply here when it opens ({{clinic.hours}}).")
	default:
		b.WriteString("I've asked the clinic team to join this chat. A staff member will reply here as soon as they are free.")
	}
	b.WriteString("\n\n• To talk sooner, call {{clinic.phone}}.\n• If something is urgent, call {{emergency.number}}.\n\nPlease don't share private health details in a public channel.")
	return e.profile.Render(b.String())
}

// summarize writes a short, redacted line for the staff queue.
func summarize(reason string, turns []Turn) string {
	var parts []string
	for _, t := range turns {
		if t.Entry != "" {
			parts = append(parts, "asked about "+t.Entry)
		}
	}
	last := ""
	if len(turns) > 0 {
		last = turns[len(turns)-1].Text
	}
	s := fmt.Sprintf("Reason: %s. Last message: %q.", reason, truncateRunes(last, 140))
	if len(parts) > 0 {
		s += " Earlier: " + strings.Join(parts, ", ") + "."
	}
	return s
}

// Staff actions. The caller (an adapter) has checked that staff is a
// configured staff member; patients never reach these.

// Tickets lists the tickets waiting or in progress, oldest first.
func (e *Engine) Tickets(ctx context.Context) ([]Ticket, error) {
	if e.tickets == nil {
		return nil, errors.New("handoff is not available: the store keeps no tickets")
	}
	return e.tickets.Tickets(ctx)
}

// Claim gives a ticket to a staff member. Exactly one claim wins, across
// replicas; the others get ErrAlreadyClaimed.
func (e *Engine) Claim(ctx context.Context, ticketID, staff string) (Ticket, error) {
	tk, err := e.updateTicket(ctx, ticketID, func(t *Ticket) error {
		switch t.Status {
		case TicketClosed:
			return ErrTicketClosed
		case TicketClaimed:
			if t.ClaimedBy == staff {
				return nil
			}
			return ErrAlreadyClaimed
		}
		t.Status, t.ClaimedBy, t.ClaimedAt = TicketClaimed, staff, e.now().UTC()
		return nil
	})
	if err != nil {
		return Ticket{}, err
	}
	e.obs.Handoff("claimed", tk.ClaimedAt.Sub(tk.CreatedAt))
	e.log.Info("handoff ticket claimed", "ticket", tk.ID, "staff", staff, "waited", tk.ClaimedAt.Sub(tk.CreatedAt))
	return tk, e.push(ctx, tk, "bot", e.fixed(KindNotice, fmt.Sprintf("%s from the clinic team has joined. You're now talking with a person.", staff)))
}

// StaffReply sends a staff member's message to the patient of a ticket
// they have claimed.
func (e *Engine) StaffReply(ctx context.Context, ticketID, staff, text string) error {
	tk, err := e.ownTicket(ctx, ticketID, staff)
	if err != nil {
		return err
	}
	return e.push(ctx, tk, staff, Reply{Kind: KindHandoff, Text: text})
}

// Relayed returns the patient's messages relayed to the staff member who
// claimed the ticket since the last call.
func (e *Engine) Relayed(ctx context.Context, ticketID, staff string) ([]Turn, error) {
	if _, err := e.ownTicket(ctx, ticketID, staff); err != nil {
		return nil, err
	}
	return e.tickets.Relayed(ctx, ticketID)
}

// Close hands the conversation back to the bot and tells the patient.
func (e *Engine) Close(ctx context.Context, ticketID, staff string) error {
	tk, err := e.updateTicket(ctx, ticketID, func(t *Ticket) error {
		if t.Status == TicketClosed {
			return ErrTicketClosed
		}
		if t.Status == TicketClaimed && t.ClaimedBy != staff {
			return ErrAlreadyClaimed
		}
		t.Status, t.ClosedAt = TicketClosed, e.now().UTC()
		return nil
	})
	if err != nil {
		return err
	}
	e.obs.Handoff("closed", 0)
	return e.push(ctx, tk, "bot", e.fixed(KindNotice, "The clinic team has closed this conversation. You're back with the FAQ assistant: ask me anything about fibromyalgia or ketamine infusions, or say \"talk to a person\" to reach the team again."))
}

// Pending returns the messages waiting for a patient's conversation: staff
// replies and notices. Adapters without push delivery call it.
func (e *Engine) Pending(ctx context.Context, m Message) ([]Outbound, error) {
	if e.tickets == nil {
		return nil, nil
	}
	return e.tickets.Pull(ctx, ConversationKey(m))
}

// PendingFor takes every message waiting for patients on one platform:
// staff replies and notices, for adapters that push them.
func (e *Engine) PendingFor(ctx context.Context, platform string) ([]Outbound, error) {
	if e.tickets == nil {
		return nil, nil
	}
	return e.tickets.PullPlatform(ctx, platform)
}

func (e *Engine) ownTicket(ctx context.Context, ticketID, staff string) (Ticket, error) {
	if e.tickets == nil {
		return Ticket{}, ErrNoTicket
	}
	tk, err := e.tickets.Ticket(ctx, ticketID)
	if err != nil {
		return Ticket{}, err
	}
	switch {
	case tk.Status == TicketClosed:
		return Ticket{}, ErrTicketClosed
	case tk.Status != TicketClaimed || tk.ClaimedBy != staff:
		return Ticket{}, ErrAlreadyClaimed
	}
	return tk, nil
}

func (e *Engine) updateTicket(ctx context.Context, id string, fn func(*Ticket) error) (Ticket, error) {
	if e.tickets == nil {
		return Ticket{}, ErrNoTicket
	}
	return e.tickets.UpdateTicket(ctx, id, fn)
}

func (e *Engine) push(ctx context.Context, tk Ticket, from string, r Reply) error {
	return e.tickets.Push(ctx, Outbound{Conversation: tk.Conversation, Platform: tk.Platform, Channel: tk.Channel, Thread: tk.Thread,
		User: tk.PlatformUser, From: from, Reply: r, At: e.now().UTC()})
}

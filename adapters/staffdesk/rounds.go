package staffdesk

import (
	"context"
	"errors"
	"time"

	"github.com/faqbot/faqbot/bot"
)

// This file keeps the cards in step with their tickets, one round at a
// time, so that each card is posted once across replicas.

// errTaken aborts a card update that another replica already made.
var errTaken = errors.New("card already handled")

// show posts tk's card if nobody has, or updates it if it shows an old
// status, and returns the ticket as it now is.
func (d *Desk) show(ctx context.Context, tk bot.Ticket) bot.Ticket {
	c := d.cardOn(tk)
	switch {
	case c == nil || (c.Message == "" && d.now().Sub(c.Posting) > postLease):
		if !d.pause.mayPost(tk.ID) {
			return tk
		}
		return d.post(ctx, tk)
	case c.Message != "" && c.Shown != tk.Status:
		return d.refresh(ctx, tk, tk.Status)
	}
	return tk
}

// post posts tk's card, after marking it on the ticket so that no other
// replica posts it too.
func (d *Desk) post(ctx context.Context, tk bot.Ticket) bot.Ticket {
	started := d.now().UTC()
	marked, err := d.updateCard(ctx, tk.ID, func(c *bot.StaffCard, found bool) error {
		if found && (c.Message != "" || started.Sub(c.Posting) <= postLease) {
			return errTaken
		}
		*c = bot.StaffCard{Platform: d.cfg.Platform, Channel: d.cfg.Channel, Posting: started, Relay: c.Relay}
		return nil
	})
	if err != nil {
		d.logUpdateFailure("mark a card for posting", tk.ID, err)
		return tk
	}
	ref, err := d.ch.PostCard(ctx, cardOf(marked, d.cfg.Platform))
	d.pause.record(tk.ID, err)
	if err != nil {
		d.log.Error("could not post a ticket's card in the staff channel", "ticket", tk.ID, "channel", d.cfg.Channel, "err", err)
		_, _ = d.updateCard(ctx, tk.ID, func(c *bot.StaffCard, found bool) error {
			if !found || !c.Posting.Equal(started) {
				return errTaken
			}
			c.Posting = time.Time{} // let any replica try again at once
			return nil
		})
		return marked
	}
	posted, err := d.updateCard(ctx, tk.ID, func(c *bot.StaffCard, _ bool) error {
		c.Channel, c.Message, c.Thread, c.Posting, c.Shown = ref.Channel, ref.Message, ref.Thread, time.Time{}, marked.Status
		return nil
	})
	switch {
	case errors.Is(err, bot.ErrNoTicket): // forgotten while the card was posted
		d.end(ctx, tk.ID, ref, bot.Ticket{})
		return marked
	case errors.Is(err, bot.ErrTicketClosed):
		if closed, err := d.engine.Ticket(ctx, tk.ID); err == nil {
			d.end(ctx, tk.ID, ref, closed)
		}
		return marked
	case err != nil:
		d.log.Error("posted a ticket's card but could not record it", "ticket", tk.ID, "err", err)
		return marked
	}
	d.log.Info("ticket card posted", "ticket", tk.ID, "reason", tk.Reason, "patient_platform", tk.Platform)
	return posted
}

// refresh shows status on tk's card, unless another replica did.
func (d *Desk) refresh(ctx context.Context, tk bot.Ticket, status bot.TicketStatus) bot.Ticket {
	var before bot.TicketStatus
	updated, err := d.updateCard(ctx, tk.ID, func(c *bot.StaffCard, found bool) error {
		if !found || c.Message == "" || c.Shown == status {
			return errTaken
		}
		before, c.Shown = c.Shown, status
		return nil
	})
	if err != nil {
		d.logUpdateFailure("update a card", tk.ID, err)
		return tk
	}
	if err := d.ch.UpdateCard(ctx, refOf(d.cardOn(updated)), cardOf(updated, d.cfg.Platform)); err != nil {
		d.log.Error("could not update a ticket's card; retrying", "ticket", tk.ID, "err", err)
		_, _ = d.updateCard(ctx, tk.ID, func(c *bot.StaffCard, _ bool) error {
			if c.Shown != status {
				return errTaken
			}
			c.Shown = before
			return nil
		})
	}
	return updated
}

// relay posts the patient's new messages in the thread of a ticket
// claimed through this channel. Relayed hands each message to one caller,
// so each is posted once across replicas.
func (d *Desk) relay(ctx context.Context, tk bot.Ticket) {
	c := d.cardOn(tk)
	if tk.Status != bot.TicketClaimed || c == nil || !c.Relay || c.Message == "" {
		return
	}
	turns, err := d.engine.Relayed(ctx, tk.ID, tk.ClaimedBy)
	if err != nil {
		d.logUpdateFailure("read the patient's messages", tk.ID, err)
	}
	// Messages that could not be posted last round go first, and a
	// failure keeps the rest for the next round, in order: Relayed hands
	// each message out once, so dropping one would lose it.
	d.mu.Lock()
	turns = append(d.unshown[tk.ID], turns...)
	delete(d.unshown, tk.ID)
	d.mu.Unlock()
	for i, t := range turns {
		if err := d.ch.PostInThread(ctx, refOf(c), relayedText(t)); err != nil {
			d.log.Error("a patient's message could not be shown in the staff channel; retrying next round", "ticket", tk.ID, "waiting", len(turns)-i, "err", err)
			d.mu.Lock()
			d.unshown[tk.ID] = turns[i:]
			d.mu.Unlock()
			return
		}
	}
}

// retire updates the cards of tickets that left the queue since the last
// round: closed (perhaps in the web staff view), or deleted when the
// patient asked to be forgotten.
func (d *Desk) retire(ctx context.Context, listed map[string]bool) {
	d.mu.Lock()
	var gone []bot.Ticket
	for id, tk := range d.known {
		if !listed[id] {
			gone = append(gone, tk)
		}
	}
	d.mu.Unlock()
	for _, last := range gone {
		tk, err := d.engine.Ticket(ctx, last.ID)
		switch {
		case errors.Is(err, bot.ErrNoTicket):
			d.end(ctx, last.ID, refOf(d.cardOn(last)), bot.Ticket{})
		case err == nil && tk.Status == bot.TicketClosed:
			d.end(ctx, last.ID, refOf(d.cardOn(last)), tk)
		case err != nil:
			d.logUpdateFailure("look up a ticket that left the queue", last.ID, err)
		}
	}
}

// end shows on a card that its ticket is over: closed, or deleted when tk
// is the zero Ticket. The desk then forgets the ticket.
func (d *Desk) end(ctx context.Context, id string, ref Ref, tk bot.Ticket) {
	c := Card{Ticket: id, Gone: true}
	if tk.ID != "" {
		c = cardOf(tk, d.cfg.Platform)
		c.Status = bot.TicketClosed
	}
	if err := d.ch.UpdateCard(ctx, ref, c); err != nil {
		d.log.Error("could not mark a card as ended", "ticket", id, "err", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.known, id)
	delete(d.unshown, id)
	if len(d.retired) > 1000 {
		clear(d.retired)
	}
	d.retired[ref.Thread] = true
}

// remember keeps tk if it has a posted card here, to notice when it ends.
func (d *Desk) remember(tk bot.Ticket) {
	if c := d.cardOn(tk); c != nil && c.Message != "" {
		d.mu.Lock()
		d.known[tk.ID] = tk
		d.mu.Unlock()
	}
}

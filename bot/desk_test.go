package bot_test

import (
	"context"
	"errors"
	"testing"

	"github.com/faqbot/faqbot/bot"
)

func TestStaffCardsFollowTheTicket(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	e.Handle(ctx, msg("cards", "I want to talk to a person"))
	tickets, err := e.Tickets(ctx)
	if err != nil || len(tickets) != 1 {
		t.Fatalf("Tickets = %+v, %v; want the handoff's ticket", tickets, err)
	}
	id := tickets[0].ID
	card := bot.StaffCard{Platform: "slack", Channel: "C1", Message: "1.1", Thread: "1.1", Shown: bot.TicketOpen}
	if _, err := e.UpdateCards(ctx, id, func(cs []bot.StaffCard) ([]bot.StaffCard, error) { return append(cs, card), nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Claim(ctx, id, "dana"); err != nil {
		t.Fatal(err)
	}
	got, err := e.Ticket(ctx, id)
	if err != nil || len(got.Cards) != 1 || got.Cards[0] != card || got.ClaimedBy != "dana" {
		t.Fatalf("Ticket = %+v, %v; want the card kept through the claim", got, err)
	}
	if err := e.Close(ctx, id, "dana"); err != nil {
		t.Fatal(err)
	}
	_, err = e.UpdateCards(ctx, id, func(cs []bot.StaffCard) ([]bot.StaffCard, error) { return nil, nil })
	if !errors.Is(err, bot.ErrTicketClosed) {
		t.Errorf("UpdateCards on a closed ticket: %v, want ErrTicketClosed", err)
	}
	if _, err := e.Ticket(ctx, "no-such-ticket"); !errors.Is(err, bot.ErrNoTicket) {
		t.Errorf("Ticket of an unknown id: %v, want ErrNoTicket", err)
	}
}

func TestFirstEventIsTrueOnce(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t)
	if !e.FirstEvent(ctx, "slack", "Ev1") || e.FirstEvent(ctx, "slack", "Ev1") {
		t.Error("a repeated event id is not recognised")
	}
	if !e.FirstEvent(ctx, "discord", "Ev1") {
		t.Error("the same id on another platform counts as a repeat")
	}
}

package memstore_test

import (
	"testing"
	"time"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/bottest"
	"github.com/faqbot/faqbot/bot/memstore"
)

func TestContract(t *testing.T) {
	bottest.TestStore(t, func(t *testing.T, now func() time.Time, ttl time.Duration) bot.Store {
		return memstore.New(ttl, memstore.WithClock(now))
	})
}

func TestTicketContract(t *testing.T) {
	bottest.TestTicketStore(t, func(t *testing.T) interface {
		bot.Store
		bot.TicketStore
	} {
		return memstore.New(time.Hour)
	})
}

func TestFeedback(t *testing.T) { bottest.TestFeedbackStore(t, memstore.New(time.Hour)) }

func TestUnanswered(t *testing.T) { bottest.TestUnansweredLog(t, memstore.New(time.Hour)) }

package metrics_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/bot/metrics"
)

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := metrics.New(reg, metrics.Sources{
		Tickets: func(context.Context) ([]bot.Ticket, error) { return make([]bot.Ticket, 2), nil },
		LLM:     func() map[string]int { return map[string]int{"added-number": 3} },
	})
	m.Turn("slack", bot.KindCrisis, 0, time.Millisecond)
	m.Turn("slack", bot.KindAnswer, 0.7, time.Millisecond)
	m.StoreError("load")
	m.Handoff("claimed", time.Minute)
	want := `
# HELP faqbot_handoffs_waiting Handoff tickets not yet closed.
# TYPE faqbot_handoffs_waiting gauge
faqbot_handoffs_waiting 2
# HELP faqbot_llm_rejections_total Rephrasings not used, by guard reason or failure.
# TYPE faqbot_llm_rejections_total counter
faqbot_llm_rejections_total{reason="added-number"} 3
# HELP faqbot_messages_total Messages handled, by platform and reply kind (crisis, emergency, fallback, ...).
# TYPE faqbot_messages_total counter
faqbot_messages_total{kind="answer",platform="slack"} 1
faqbot_messages_total{kind="crisis",platform="slack"} 1
# HELP faqbot_store_errors_total Failed calls to the conversation store (Redis), by operation.
# TYPE faqbot_store_errors_total counter
faqbot_store_errors_total{op="load"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "faqbot_handoffs_waiting", "faqbot_llm_rejections_total", "faqbot_messages_total", "faqbot_store_errors_total"); err != nil {
		t.Error(err)
	}
}

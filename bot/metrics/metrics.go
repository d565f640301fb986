// Package metrics records the engine's events as Prometheus metrics on a
// registry the caller owns (no global registry).
package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/faqbot/faqbot/bot"
)

var _ bot.Observer = (*Metrics)(nil)

// Metrics implements bot.Observer.
type Metrics struct {
	messages    *prometheus.CounterVec
	scores      prometheus.Histogram
	latency     prometheus.Histogram
	storeErrors *prometheus.CounterVec
	handoffs    *prometheus.CounterVec
	claimWait   prometheus.Histogram
}

// Sources are the parts whose state is read at scrape time; any may be nil.
type Sources struct {
	Tickets func(ctx context.Context) ([]bot.Ticket, error)
	LLM     func() map[string]int // guard rejections and failures by reason
}

// New registers faqbot's metrics on reg.
func New(reg prometheus.Registerer, src Sources) *Metrics {
	m := &Metrics{
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "faqbot_messages_total",
			Help: "Messages handled, by platform and reply kind (crisis, emergency, fallback, ...)."}, []string{"platform", "kind"}),
		scores: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "faqbot_match_score",
			Help: "Best match score of answered, clarified and fallback replies.", Buckets: prometheus.LinearBuckets(0, 0.1, 11)}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "faqbot_reply_seconds",
			Help: "Time to handle one message.", Buckets: prometheus.ExponentialBuckets(0.00005, 4, 10)}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "faqbot_store_errors_total",
			Help: "Failed calls to the conversation store (Redis), by operation."}, []string{"op"}),
		handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "faqbot_handoffs_total",
			Help: "Handoff tickets opened, claimed and closed."}, []string{"event"}),
		claimWait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "faqbot_handoff_claim_seconds",
			Help: "Time from a handoff to its claim by staff.", Buckets: prometheus.ExponentialBuckets(10, 2, 10)}),
	}
	reg.MustRegister(m.messages, m.scores, m.latency, m.storeErrors, m.handoffs, m.claimWait)
	if src.Tickets != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "faqbot_handoffs_waiting",
			Help: "Handoff tickets not yet closed."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			ts, err := src.Tickets(ctx)
			if err != nil {
				return -1
			}
			return float64(len(ts))
		}))
	}
	if src.LLM != nil {
		reg.MustRegister(&llmCollector{stats: src.LLM})
	}
	return m
}

// Turn implements bot.Observer.
func (m *Metrics) Turn(platform string, kind bot.Kind, score float64, elapsed time.Duration) {
	m.messages.WithLabelValues(platform, string(kind)).Inc()
	switch kind {
	case bot.KindAnswer, bot.KindClarify, bot.KindFallback:
		m.scores.Observe(score)
	}
	m.latency.Observe(elapsed.Seconds())
}

// StoreError implements bot.Observer.
func (m *Metrics) StoreError(op string) { m.storeErrors.WithLabelValues(op).Inc() }

// Handoff implements bot.Observer.
func (m *Metrics) Handoff(event string, wait time.Duration) {
	m.handoffs.WithLabelValues(event).Inc()
	if event == "claimed" {
		m.claimWait.Observe(wait.Seconds())
	}
}

// llmCollector reports the rephraser's guard rejections and failures.
type llmCollector struct{ stats func() map[string]int }

var llmDesc = prometheus.NewDesc("faqbot_llm_rejections_total", "Rephrasings not used, by guard reason or failure.", []string{"reason"}, nil)

func (c *llmCollector) Describe(ch chan<- *prometheus.Desc) { ch <- llmDesc }

func (c *llmCollector) Collect(ch chan<- prometheus.Metric) {
	for reason, n := range c.stats() {
		ch <- prometheus.MustNewConstMetric(llmDesc, prometheus.CounterValue, float64(n), reason)
	}
}

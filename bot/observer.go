package bot

import "time"

// Observer receives what the engine does, for metrics. Implementations
// must be safe for concurrent use and fast; they never see message text.
type Observer interface {
	// Turn is one handled message.
	Turn(platform string, kind Kind, score float64, elapsed time.Duration)
	// StoreError is a failed call to the state store.
	StoreError(op string)
	// Handoff is a ticket event: "opened", "claimed" (with the wait) or "closed".
	Handoff(event string, wait time.Duration)
}

type nopObserver struct{}

func (nopObserver) Turn(string, Kind, float64, time.Duration) {}
func (nopObserver) StoreError(string)                         {}
func (nopObserver) Handoff(string, time.Duration)             {}

// SetObserver sends the engine's events to o.
func (e *Engine) SetObserver(o Observer) { e.obs = o }

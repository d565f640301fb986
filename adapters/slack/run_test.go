package slack

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
	"github.com/slack-go/slack/socketmode"

	"github.com/faqbot/faqbot/adapters/adaptertest"
)

// flakySocket fails like a revoked app token a few times, then stays up.
type flakySocket struct {
	fakeSocket
	mu    sync.Mutex
	fails int
}

func (s *flakySocket) RunContext(ctx context.Context) error {
	s.mu.Lock()
	fail := s.fails > 0
	s.fails--
	s.mu.Unlock()
	if fail {
		return errors.New("invalid_auth")
	}
	return s.fakeSocket.RunContext(ctx)
}

func TestBadTokensAreLoggedAndRetriedWithBackoff(t *testing.T) {
	var mu sync.Mutex
	authFails := 2
	f := newFakeSlack(t, func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, _ *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			if authFails > 0 {
				authFails--
				writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
				return
			}
			writeJSON(w, map[string]any{"ok": true, "user_id": testBotUser, "team_id": "T1"})
		})
	})
	logs := &adaptertest.Logs{}
	a, waits := newTestAdapter(t, f, answerEngine(), logs)
	sock := &flakySocket{fails: 2}
	a.socket, a.events = sock, make(chan socketmode.Event)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	adaptertest.WaitFor(t, "four retries", func() bool { return len(waits()) == 4 })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v, want nil after its context ends", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return")
	}

	// Two bot-token failures, then two app-token failures, each with its
	// own growing backoff.
	w := waits()
	if !(w[0] < w[1] && w[2] < w[3] && w[0] >= time.Second && w[2] >= time.Second) {
		t.Errorf("waits %v, want two growing sequences from 1s", w)
	}
	out := logs.String()
	for _, want := range []string{"check SLACK_BOT_TOKEN", "check SLACK_APP_TOKEN", "invalid_auth"} {
		if !strings.Contains(out, want) {
			t.Errorf("logs do not say %q:\n%s", want, out)
		}
	}
}

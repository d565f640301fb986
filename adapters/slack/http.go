package slack

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxRequestBytes caps a request from Slack; theirs are a few KiB.
const maxRequestBytes = 1 << 20

// HTTPHandler serves the Events API over HTTP:
//
//	POST /slack/events       event subscriptions (and the URL check)
//	POST /slack/commands     the /faq slash command
//	POST /slack/interactive  button clicks
//
// Every request must carry a valid Slack signature made with the signing
// secret no more than five minutes ago; others get 401 (all of them when
// no signing secret is configured). Events are acknowledged at once and
// answered in the background by Run, which must be running. Retried
// deliveries are acknowledged too and de-duplicated by the engine through
// their event id. When the backlog is full the answer is 503, and Slack
// retries later.
func (a *Adapter) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", a.verified(a.serveEvents))
	mux.HandleFunc("POST /slack/commands", a.verified(a.serveCommand))
	mux.HandleFunc("POST /slack/interactive", a.verified(a.serveInteraction))
	return mux
}

// verified reads the body and checks Slack's signature over it before
// calling next; r.Body is then the same body again.
func (a *Adapter) verified(next func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "could not read request body", http.StatusBadRequest)
			return
		}
		if err := verifySignature(r.Header, body, a.cfg.SigningSecret); err != nil {
			a.log.Warn("slack request refused", "path", r.URL.Path, "reason", err.Error())
			http.Error(w, "invalid or expired slack signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	}
}

// verifySignature checks X-Slack-Signature, an HMAC-SHA256 of
// "v0:<timestamp>:<body>", and that the timestamp is recent.
func verifySignature(h http.Header, body []byte, secret string) error {
	sv, err := slackapi.NewSecretsVerifier(h, secret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	// The signature already proved the request comes from Slack, so the
	// deprecated verification token is not checked.
	if !json.Valid(body) {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	ev, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
	if err != nil {
		// Acknowledged all the same: a redelivery would not parse either,
		// and repeated failures make Slack turn the subscription off.
		a.log.Warn("slack event not understood; dropped", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		v, _ := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if v == nil {
			http.Error(w, "malformed event", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, v.Challenge)
	case slackevents.CallbackEvent:
		if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
			a.log.Info("slack redelivered an event", "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
		}
		in, ok := a.fromEventsAPI(ev)
		if ok && !a.queue.offer(in) {
			a.busy(w)
			return
		}
		w.WriteHeader(http.StatusOK)
	case slackevents.AppRateLimited:
		a.log.Warn("slack is dropping events for this app: more than 30,000 in an hour")
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, _ []byte) {
	cmd, err := slackapi.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "malformed slash command", http.StatusBadRequest)
		return
	}
	if a.serveAdminCommand(w, r, cmd) {
		return
	}
	if !a.queue.offer(fromSlashCommand(cmd)) {
		a.busy(w)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, _ []byte) {
	cb, err := slackapi.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "malformed interaction payload", http.StatusBadRequest)
		return
	}
	if a.serveAdminInteraction(w, r, cb) {
		return
	}
	if !a.queueInteraction(cb, a.queue.offer) {
		a.busy(w)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) busy(w http.ResponseWriter) {
	a.log.Warn("slack backlog full; asking slack to retry")
	http.Error(w, "busy, retry later", http.StatusServiceUnavailable)
}

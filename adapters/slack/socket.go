package slack

import (
	"context"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket keeps the Socket Mode connection up until ctx is done. The
// SDK reconnects by itself after network errors and returns only on fatal
// ones (a revoked or wrong app token); those are logged and retried with
// exponential backoff, so fixing the token in Slack needs no restart.
func (a *Adapter) runSocket(ctx context.Context) {
	var b backoff
	for {
		started := a.now()
		err := a.socket.RunContext(ctx)
		if ctx.Err() != nil {
			return
		}
		if a.now().Sub(started) > time.Minute {
			b.reset()
		}
		d := b.next()
		a.log.Error("slack socket mode stopped; check SLACK_APP_TOKEN (xapp-, scope connections:write) and that Socket Mode is enabled",
			"err", err, "retry_in", d)
		if a.wait(ctx, d) != nil {
			return
		}
	}
}

func (a *Adapter) readSocketEvents(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-a.events:
			a.handleSocketEvent(ctx, evt)
		}
	}
}

// handleSocketEvent acknowledges every envelope at once (Slack wants it
// within three seconds and redelivers otherwise), then queues what needs
// an answer.
func (a *Adapter) handleSocketEvent(ctx context.Context, evt socketmode.Event) {
	if a.adminSocketEvent(ctx, evt) {
		return // acknowledged with the answer (admin.go)
	}
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		if err := a.socket.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
			a.log.Warn("could not acknowledge a slack envelope", "type", string(evt.Type), "err", err)
		}
		if evt.Request.RetryAttempt > 0 {
			a.log.Info("slack redelivered an envelope", "type", string(evt.Type), "retry", evt.Request.RetryAttempt, "reason", evt.Request.RetryReason)
		}
	}
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if in, ok := a.fromEventsAPI(ev); ok {
				a.queue.put(ctx, in)
			}
		}
	case socketmode.EventTypeSlashCommand:
		if cmd, ok := evt.Data.(slackapi.SlashCommand); ok {
			a.queue.put(ctx, fromSlashCommand(cmd))
		}
	case socketmode.EventTypeInteractive:
		if cb, ok := evt.Data.(slackapi.InteractionCallback); ok {
			a.queueInteraction(cb, func(in inbound) bool { return a.queue.put(ctx, in) })
		}
	default:
		a.logConnection(evt)
	}
}

// logConnection logs the connection's life: connecting, connected, errors.
func (a *Adapter) logConnection(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.log.Debug("connecting to slack socket mode")
	case socketmode.EventTypeConnected:
		a.log.Info("slack socket mode connected")
	case socketmode.EventTypeConnectionError:
		if e, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok {
			a.log.Warn("slack socket mode connection failed; retrying", "attempt", e.Attempt, "retry_in", e.Backoff, "err", e.ErrorObj)
		}
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack rejected the app token; check SLACK_APP_TOKEN")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack socket mode error", "type", string(evt.Type))
	}
}

// fromEventsAPI translates an Events API callback (from either transport)
// and reports whether it needs handling.
func (a *Adapter) fromEventsAPI(ev slackevents.EventsAPIEvent) (inbound, bool) {
	var eventID string
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		eventID = cb.EventID
	}
	if in, ok, staff := a.fromStaffChannel(ev.InnerEvent.Data, eventID); staff {
		return in, ok
	}
	var (
		in     inbound
		reason = ignoreUnknown
	)
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		in, reason = fromMention(e, eventID, a.botUserID())
	case *slackevents.MessageEvent:
		in, reason = fromMessage(e, eventID, a.botUserID())
	}
	if reason != "" {
		a.log.Debug("slack event ignored", "type", ev.InnerEvent.Type, "reason", reason, "event_id", eventID)
		return inbound{}, false
	}
	return in, true
}

// queueInteraction queues the button clicks in cb with enqueue and
// reports whether all were taken.
func (a *Adapter) queueInteraction(cb slackapi.InteractionCallback, enqueue func(inbound) bool) bool {
	if in, ok := a.fromStaffButton(cb); ok {
		return enqueue(in)
	}
	ins, reason := fromInteraction(cb)
	if reason != "" {
		a.log.Debug("slack interaction ignored", "type", string(cb.Type), "reason", reason)
	}
	for _, in := range ins {
		if !enqueue(in) {
			return false
		}
	}
	return true
}

package slack

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/faqbot/faqbot/bot"
)

// maxRateLimitRetries bounds how often one call is retried after Slack
// answers "rate limited".
const maxRateLimitRetries = 3

// process handles one inbound event: it asks the engine and sends the
// replies in order. Failures are logged; the next event is unaffected.
func (a *Adapter) process(ctx context.Context, in inbound) {
	if in.action != nil {
		in.action.run(ctx)
		return
	}
	log := a.log.With("channel", in.msg.Conversation, "user", in.msg.User, "direct", in.msg.Direct, "event_id", in.msg.EventID)
	if in.askText {
		if err := a.postAll(ctx, in.to, []outMessage{textMessage(askTextText)}); err != nil {
			log.Error("could not ask for a typed question", "err", err)
		}
		return
	}
	start := a.now()
	replies := a.engine.Handle(ctx, in.msg)
	for _, r := range replies {
		if err := a.deliver(ctx, in, r); err != nil {
			log.Error("could not send a reply to slack", "kind", string(r.Kind), "err", err)
		}
	}
	log.Info("slack message handled", "runes", utf8.RuneCountInString(in.msg.Text),
		"replies", len(replies), "elapsed", a.now().Sub(start))
}

// deliver sends one reply. A private reply asked in a public channel goes
// by direct message, with a public note that says only that; if the direct
// message fails it is shown to the patient alone (ephemeral) instead.
func (a *Adapter) deliver(ctx context.Context, in inbound, r bot.Reply) error {
	if !r.Private || !in.to.public {
		return a.postAll(ctx, in.to, render(r, in.msg.Thread))
	}
	dm, err := a.openDM(ctx, in.to.user)
	if err == nil {
		err = a.postAll(ctx, destination{channel: dm, user: in.to.user}, render(r, ""))
	}
	if err == nil {
		return a.postAll(ctx, in.to, []outMessage{textMessage(sentDMText)})
	}
	a.log.Warn("could not send a private reply by direct message; showing it to the patient only",
		"kind", string(r.Kind), "channel", in.to.channel, "err", err)
	to := in.to
	to.ephemeral = true
	return a.postAll(ctx, to, render(r, in.msg.Thread))
}

func (a *Adapter) openDM(ctx context.Context, user string) (string, error) {
	var id string
	err := a.withRateLimit(ctx, "conversations.open", func() error {
		ch, _, _, err := a.api.OpenConversationContext(ctx, &slackapi.OpenConversationParameters{Users: []string{user}})
		if err == nil {
			id = ch.ID
		}
		return err
	})
	return id, err
}

// postAll posts msgs in order, stopping at the first failure.
func (a *Adapter) postAll(ctx context.Context, to destination, msgs []outMessage) error {
	for _, m := range msgs {
		if err := a.post(ctx, to, m); err != nil {
			return err
		}
	}
	return nil
}

func (a *Adapter) post(ctx context.Context, to destination, m outMessage) error {
	opts := []slackapi.MsgOption{
		slackapi.MsgOptionText(m.text, false),
		slackapi.MsgOptionBlocks(m.blocks...),
		slackapi.MsgOptionDisableLinkUnfurl(),
	}
	if to.thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(to.thread))
	}
	switch {
	case to.responseURL != "":
		opts = append(opts, slackapi.MsgOptionResponseURL(to.responseURL, slackapi.ResponseTypeEphemeral))
		return a.withRateLimit(ctx, "response_url", func() error {
			_, _, err := a.api.PostMessageContext(ctx, to.channel, opts...)
			return err
		})
	case to.ephemeral:
		return a.withRateLimit(ctx, "chat.postEphemeral", func() error {
			_, err := a.api.PostEphemeralContext(ctx, to.channel, to.user, opts...)
			return err
		})
	}
	return a.withRateLimit(ctx, "chat.postMessage", func() error {
		_, _, err := a.api.PostMessageContext(ctx, to.channel, opts...)
		return err
	})
}

// withRateLimit runs call, and when Slack says it is rate limited waits
// the time Slack asks (at least a second) and tries again, a bounded
// number of times.
func (a *Adapter) withRateLimit(ctx context.Context, method string, call func() error) error {
	for attempt := 1; ; attempt++ {
		err := call()
		var limited *slackapi.RateLimitedError
		if !errors.As(err, &limited) || attempt > maxRateLimitRetries {
			if err != nil {
				return fmt.Errorf("slack %s: %w", method, err)
			}
			return nil
		}
		wait := max(limited.RetryAfter, time.Second)
		a.log.Warn("slack rate limit reached; waiting before retrying", "method", method, "retry_after", wait, "attempt", attempt)
		if err := a.wait(ctx, wait); err != nil {
			return fmt.Errorf("slack %s: rate limited: %w", method, err)
		}
	}
}

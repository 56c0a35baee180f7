package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	slackapi "github.com/slack-go/slack"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
)

var _ delivery.Transport = (*Desk)(nil)

// Deliver posts one desk outbox message (a bot.DeskPayload: a customer's
// message relayed into its hand-off's thread, or the notice that they left
// the queue) for the delivery worker, which keeps each thread's order and
// retries. Slack's rate limit, once the desk's own short waits are spent,
// is returned as a wait for this thread alone; a 429 without Retry-After
// and Slack's transient errors are retried; a thread or channel Slack no
// longer knows is final.
func (d *Desk) Deliver(ctx context.Context, m storage.OutboxMessage) error {
	var p bot.DeskPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return delivery.Permanent(fmt.Errorf("slack: outbox payload %d: %w", m.ID, err))
	}
	var err error
	switch p.Kind {
	case bot.DeskRelay:
		err = d.Relay(ctx, p.Ref, p.Message, p.Attachments)
	case bot.DeskClosed:
		err = d.Closed(ctx, p.Ref)
	case bot.DeskUndelivered:
		err = d.undelivered(ctx, p.Ref, p.Message.Text)
	default:
		return delivery.Permanent(fmt.Errorf("slack: outbox message %d: unknown kind %q", m.ID, p.Kind))
	}
	return d.deliveryOutcome(err)
}

// undelivered tells the thread that an agent's reply will not reach the
// customer.
func (d *Desk) undelivered(ctx context.Context, ref, text string) error {
	channel, ts, err := parseRef(ref)
	if err != nil {
		return fmt.Errorf("slack: undelivered: %w", err)
	}
	msg := d.t("desk_thread_undelivered", map[string]any{"Text": quoteBody(text, maxRelayRunes)})
	if _, err := d.post(ctx, channel, ts, msg, verbatim(msg)); err != nil {
		return fmt.Errorf("slack: undelivered: %w", err)
	}
	return nil
}

// transientErrors are Slack API errors worth trying again.
var transientErrors = map[string]bool{
	"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true,
}

func (d *Desk) deliveryOutcome(err error) error {
	if err == nil {
		return nil
	}
	if wait, ok := d.rateWait(err); ok {
		// With or without Retry-After, a rate limit only delays the
		// thread: never counted as an attempt, never a dead letter.
		return &delivery.RetryAfterError{Wait: wait, Err: err}
	}
	if se, ok := errors.AsType[slackapi.SlackErrorResponse](err); ok && !transientErrors[se.Err] {
		return delivery.Permanent(err)
	}
	if errors.Is(err, errBadRef) {
		return delivery.Permanent(err)
	}
	return err
}

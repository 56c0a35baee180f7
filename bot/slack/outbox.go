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

// Deliver posts one desk outbox message (a bot.DeskPayload: a new
// hand-off's root message, a customer's message relayed into its thread,
// the notice that they left the queue) for the delivery worker, which
// keeps each hand-off's order — the root message first — and retries. Slack's rate limit, once the desk's own short waits are spent,
// is returned as a wait for this thread alone; a 429 without Retry-After
// and Slack's transient errors are retried; a thread or channel Slack no
// longer knows is final.
func (d *Desk) Deliver(ctx context.Context, m storage.OutboxMessage) error {
	var p bot.DeskPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return delivery.Permanent(fmt.Errorf("slack: outbox payload %d: %w", m.ID, err))
	}
	if p.Kind == bot.DeskOpen {
		return d.deliveryOutcome(d.open(ctx, p))
	}
	if p.Ref == "" {
		// Written before the root message was posted: it is by now,
		// the worker keeping the hand-off's order.
		ref, err := d.engine.HandoffRef(ctx, p.HandoffID)
		if err != nil {
			return err
		}
		if ref == "" {
			return delivery.Permanent(fmt.Errorf("slack: outbox message %d: hand-off %d was never posted", m.ID, p.HandoffID))
		}
		p.Ref = ref
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

// open posts a new hand-off's root message and records where. A retry
// after the record is not posted again; a retry after a post whose record
// failed posts a second root message, as Slack has no idempotency key
// (the record is one local write right after the post).
func (d *Desk) open(ctx context.Context, p bot.DeskPayload) error {
	if p.Brief == nil || p.HandoffID == 0 {
		return delivery.Permanent(errors.New("slack: open hand-off: no brief"))
	}
	ref, err := d.engine.HandoffRef(ctx, p.HandoffID)
	if err != nil {
		return err
	}
	if ref != "" {
		return nil
	}
	if ref, err = d.Open(ctx, *p.Brief); err != nil {
		return err
	}
	return d.engine.DeskOpened(ctx, p.HandoffID, ref)
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

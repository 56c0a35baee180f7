package telegram

import (
	"context"
	"errors"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// pollLimit is the most updates one getUpdates call returns.
const pollLimit = 100

// pollGap is how long the poll waits for the oldest update in hand before
// it asks Telegram again: with updates unconfirmed, getUpdates returns at
// once, so the loop paces itself rather than spin.
const pollGap = 500 * time.Millisecond

// polled is an update taken in, confirmed once done is closed.
type polled struct {
	id   int
	done <-chan struct{}
}

// poll receives updates by long polling until ctx is done.
//
// Telegram holds an update until a getUpdates call's offset passes its
// update_id. The offset passes an update only once it is handled — its
// turn committed with its update_id, or recorded by the adapter — and
// every update before it too, so that an update is either handled by this
// process or redelivered to the next, where one already handled is
// skipped. Updates are confirmed as soon as they and those before them
// are handled, not a batch at a time: one slow update holds back the
// confirmation of those after it, never their handling, nor the intake of
// new ones (an update still in hand that Telegram returns again is not
// taken in twice). The offset follows each update's own ID rather than
// the highest seen, because Telegram may restart IDs at random after a
// quiet week.
func (b *Bot) poll(ctx context.Context) {
	b.deleteWebhook(ctx)
	var (
		offset, failures int
		inHand           []polled
		held             = map[int]bool{}
	)
	for ctx.Err() == nil {
		for len(inHand) > 0 && isClosed(inHand[0].done) {
			offset = inHand[0].id + 1
			delete(held, inHand[0].id)
			inHand = inHand[1:]
		}
		b.cfg.Metrics.InHand(source, len(inHand))
		updates, err := b.getUpdates(ctx, offset)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failures++
			b.cfg.OnHealth(fmt.Errorf("telegram: getUpdates: %w", err))
			if sleep(ctx, b.pollWait(ctx, err, failures)) != nil {
				return
			}
			continue
		}
		if failures > 0 || !b.polled {
			b.polled = true
			b.cfg.OnHealth(nil)
		}
		failures = 0
		for _, u := range updates {
			if held[u.UpdateID] {
				continue
			}
			done, err := b.accept(ctx, u, false)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				// The store failed: poll again from this update later.
				failures++
				b.log.ErrorContext(ctx, "telegram: update not taken in", "update", u.UpdateID, "err", err)
				sleep(ctx, backoff(b.cfg.Limits.Backoff, failures))
				break
			}
			inHand = append(inHand, polled{id: u.UpdateID, done: done})
			held[u.UpdateID] = true
		}
		if len(inHand) > 0 && !isClosed(inHand[0].done) {
			// Stopping returns with updates unconfirmed: they come back at
			// the next start, skipped there if handled meanwhile.
			t := time.NewTimer(pollGap)
			select {
			case <-inHand[0].done:
			case <-t.C:
			case <-ctx.Done():
			}
			t.Stop()
		}
	}
}

// isClosed reports whether a done channel is closed.
func isClosed(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// getUpdates makes one long-poll call.
func (b *Bot) getUpdates(ctx context.Context, offset int) ([]tgbotapi.Update, error) {
	secs := int(b.cfg.PollTimeout.Round(time.Second) / time.Second)
	ctx, cancel := context.WithTimeout(ctx, time.Duration(secs)*time.Second+30*time.Second)
	defer cancel()
	return b.api(ctx).GetUpdates(tgbotapi.UpdateConfig{
		Offset: offset, Limit: pollLimit, Timeout: max(secs, 1), AllowedUpdates: allowedUpdates,
	})
}

// pollWait logs a failed poll and says how long to wait before the next:
// Telegram's retry_after when it gives one, else a growing backoff.
func (b *Bot) pollWait(ctx context.Context, err error, failures int) time.Duration {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
		wait := time.Duration(apiErr.RetryAfter) * time.Second
		b.log.WarnContext(ctx, "telegram: getUpdates rate limited", "wait", wait)
		return wait
	}
	wait := backoff(b.cfg.Limits.Backoff, failures)
	switch {
	case errors.As(err, &apiErr) && apiErr.Code == 409:
		b.log.ErrorContext(ctx, "telegram: getUpdates conflict (409): another process is polling with this bot token, "+
			"or a webhook is set for it; run one instance per token, in one mode", "wait", wait, "err", err)
	case errors.As(err, &apiErr) && (apiErr.Code == 401 || apiErr.Code == 404):
		b.log.ErrorContext(ctx, "telegram: the bot token was refused; was it revoked in BotFather?", "wait", wait, "err", err)
	default:
		b.log.WarnContext(ctx, "telegram: getUpdates failed", "attempt", failures, "wait", wait, "err", err)
	}
	return wait
}

// deleteWebhook removes a webhook left by an earlier run in webhook mode,
// without which getUpdates answers 409. Pending updates are kept.
func (b *Bot) deleteWebhook(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := b.api(ctx).Request(tgbotapi.DeleteWebhookConfig{}); err != nil && ctx.Err() == nil {
		b.log.WarnContext(ctx, "telegram: deleteWebhook failed; polling may meet 409 conflicts", "err", err)
	}
}

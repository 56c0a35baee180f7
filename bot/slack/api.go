package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	slackapi "github.com/slack-go/slack"
)

// Slack's rate limits (429 with Retry-After) delay a call but must not lose
// it: the desk waits and tries again, a bounded number of times. Other
// failures, 5xx included, are not retried, since Slack may have posted the
// message before failing and a retry would post it twice.
const (
	maxRateRetries = 5
	minRateWait    = time.Second
	maxRateWait    = 30 * time.Second
	// defaultNoHeaderWait is the wait after a 429 without Retry-After (a
	// proxy's, or Slack's own on a bad day): slack-go reports it as a
	// bare StatusCodeError, still a rate limit.
	defaultNoHeaderWait = 5 * time.Second
)

// rateWait returns how long a rate-limited call asks to wait, and whether
// err is a rate limit at all: a 429 with Retry-After, or without.
func (d *Desk) rateWait(err error) (time.Duration, bool) {
	if rl, ok := errors.AsType[*slackapi.RateLimitedError](err); ok {
		return max(rl.RetryAfter, minRateWait), true
	}
	if sc, ok := errors.AsType[slackapi.StatusCodeError](err); ok && sc.Code == http.StatusTooManyRequests {
		return d.cfg.NoRetryAfterWait, true
	}
	return 0, false
}

// shortWaitsKey marks a context whose calls wait out only a short rate
// limit: the caller holds something others wait for.
type shortWaitsKey struct{}

// maxShortWait is the longest rate limit a call marked withShortWaits
// waits out: chat.postMessage's per-channel limit asks about a second.
const maxShortWait = 2 * time.Second

// withShortWaits returns ctx marked so that rateLimited gives up at a rate
// limit longer than maxShortWait.
func withShortWaits(ctx context.Context) context.Context {
	return context.WithValue(ctx, shortWaitsKey{}, true)
}

// rateLimited calls call again after each rate limit, waiting what Slack
// asks (only a short wait when ctx says so).
func (d *Desk) rateLimited(ctx context.Context, method string, call func() error) error {
	short, _ := ctx.Value(shortWaitsKey{}).(bool)
	for attempt := 0; ; attempt++ {
		err := call()
		wait, ok := d.rateWait(err)
		if !ok || attempt == maxRateRetries || (short && wait > maxShortWait) {
			return err
		}
		d.cfg.Metrics.RateLimited("slack", wait)
		wait = min(wait, maxRateWait)
		d.log.WarnContext(ctx, "slack rate limit", "method", method, "wait", wait, "attempt", attempt+1)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: waiting out a rate limit: %w", method, ctx.Err())
		case <-t.C:
		}
	}
}

// post posts a message to a channel, in the thread of root threadTS when
// set, and returns its ts. text is mrkdwn; blocks, when given, are what
// Slack shows and text becomes the notification's preview.
func (d *Desk) post(ctx context.Context, channel, threadTS, text string, blocks ...slackapi.Block) (string, error) {
	opts := []slackapi.MsgOption{
		slackapi.MsgOptionText(text, false),
		slackapi.MsgOptionDisableLinkUnfurl(),
		slackapi.MsgOptionDisableMediaUnfurl(),
	}
	if len(blocks) > 0 {
		opts = append(opts, slackapi.MsgOptionBlocks(blocks...))
	}
	if threadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(threadTS))
	}
	var ts string
	err := d.rateLimited(ctx, "chat.postMessage", func() error {
		var err error
		_, ts, err = d.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("chat.postMessage: %w", err)
	}
	return ts, nil
}

// update replaces the blocks of a message.
func (d *Desk) update(ctx context.Context, channel, ts string, blocks []slackapi.Block) error {
	err := d.rateLimited(ctx, "chat.update", func() error {
		_, _, _, err := d.api.UpdateMessageContext(ctx, channel, ts, slackapi.MsgOptionBlocks(blocks...))
		return err
	})
	if err != nil {
		return fmt.Errorf("chat.update: %w", err)
	}
	return nil
}

// ephemeral shows a message to one person only, in a thread when threadTS
// is set. Failures are logged: there is no one else to tell.
func (d *Desk) ephemeral(ctx context.Context, channel, user, threadTS, text string) {
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(text, false)}
	if threadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(threadTS))
	}
	err := d.rateLimited(ctx, "chat.postEphemeral", func() error {
		_, err := d.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
	if err != nil {
		d.log.ErrorContext(ctx, "slack ephemeral message", "user", user, "err", err)
	}
}

// rootOf reads the blocks of a hand-off's root message, to change its
// state after a restart as well as before.
func (d *Desk) rootOf(ctx context.Context, channel, ts string) ([]slackapi.Block, error) {
	var resp *slackapi.GetConversationHistoryResponse
	err := d.rateLimited(ctx, "conversations.history", func() error {
		var err error
		resp, err = d.api.GetConversationHistoryContext(ctx, &slackapi.GetConversationHistoryParameters{
			ChannelID: channel, Latest: ts, Inclusive: true, Limit: 1,
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("conversations.history: %w", err)
	}
	for _, m := range resp.Messages {
		if m.Timestamp == ts {
			return m.Blocks.BlockSet, nil
		}
	}
	return nil, fmt.Errorf("conversations.history: root message %s not found", ts)
}

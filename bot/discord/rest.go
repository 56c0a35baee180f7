package discord

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"
)

// minRateLimitWait is the wait after a 429 that names no delay.
const minRateLimitWait = 100 * time.Millisecond

// call makes one REST request with fn, under the global limiter when
// limited (interaction endpoints are exempt from Discord's global limit),
// and sends it again after a 429, waiting what Discord asks, as long as
// that is at most MaxRateLimitWait and retries remain. What it returns has
// no URL in its text: interaction URLs carry the interaction's token.
func (b *Bot) call(ctx context.Context, op string, limited bool, fn func(...discordgo.RequestOption) error) error {
	for attempt := 0; ; attempt++ {
		if limited {
			if err := b.limiter.Wait(ctx); err != nil {
				return fmt.Errorf("%s: %w", op, err)
			}
		}
		err := fn(discordgo.WithContext(ctx))
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			if err != nil {
				return fmt.Errorf("%s: %w", op, scrub(err))
			}
			return nil
		}
		wait := max(rl.RetryAfter, minRateLimitWait)
		if attempt >= b.cfg.MaxRetries || wait > b.cfg.MaxRateLimitWait {
			return fmt.Errorf("%s: %w", op, scrub(err))
		}
		b.log.WarnContext(ctx, "discord rate limit, waiting", "op", op, "wait", wait, "attempt", attempt+1)
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("%s: waiting out a rate limit: %w", op, err)
		}
	}
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ErrRateLimited is matched (errors.Is) by a request given up on a rate
// limit: too many retries, or a wait longer than Config.MaxRateLimitWait.
var ErrRateLimited = errors.New("rate limited by Discord")

// scrubbed is an error whose text leaves out the request URL, which may
// hold an interaction token. It unwraps to the original error.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// Is makes a rate limit error match ErrRateLimited.
func (e *scrubbed) Is(target error) bool {
	var rl *discordgo.RateLimitError
	return target == ErrRateLimited && errors.As(e.err, &rl)
}

// scrub returns err with a text that has no URL in it.
func scrub(err error) error {
	if err == nil {
		return nil
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return &scrubbed{msg: fmt.Sprintf("rate limited, retry after %s", rl.RetryAfter), err: err}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return &scrubbed{msg: fmt.Sprintf("%s request: %v", ue.Op, ue.Err), err: err}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		msg := "HTTP " + re.Response.Status
		if re.Message != nil && re.Message.Message != "" {
			msg += ": " + re.Message.Message
		}
		return &scrubbed{msg: msg, err: err}
	}
	return err
}

package telegram

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"supportbot/bot"
	"supportbot/storage"
)

// sendTimeout bounds one sendMessage call.
const sendTimeout = 30 * time.Second

// ErrNotTelegram is returned by Send for a conversation of another channel.
var ErrNotTelegram = errors.New("not a Telegram conversation")

// Send delivers replies to a Telegram conversation ("telegram:<chat id>"):
// the engine calls it for agents' messages, and the adapter for its answers
// to customers. A reply written by a person is marked with their name. It
// returns when every message is delivered, or with the error that stopped
// one after its retries; the replies after it are not sent, so that the
// customer never reads them out of order.
func (b *Bot) Send(ctx context.Context, conv storage.Conversation, replies []bot.Reply) error {
	chat, err := chatID(conv.ID)
	if err != nil {
		return fmt.Errorf("telegram: send: %w", err)
	}
	return b.deliver(ctx, chat, conv.Lang, replies)
}

// chatID reads the chat ID of a conversation ID.
func chatID(conversationID string) (int64, error) {
	rest, ok := strings.CutPrefix(conversationID, source+":")
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrNotTelegram, conversationID)
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrNotTelegram, conversationID)
	}
	return id, nil
}

func conversationID(chat int64) string { return source + ":" + strconv.FormatInt(chat, 10) }

// deliver sends replies in order, each split to Telegram's length limit
// with its buttons under the last part.
func (b *Bot) deliver(ctx context.Context, chat int64, lang string, replies []bot.Reply) error {
	unlock := b.locks.lock(chat)
	defer unlock()
	for i, r := range replies {
		parts := b.messages(chat, lang, r)
		for j, msg := range parts {
			if err := b.sendMessage(ctx, msg); err != nil {
				b.log.ErrorContext(ctx, "telegram: message dropped", "chat", chat,
					"reply", i+1, "replies", len(replies), "part", j+1, "parts", len(parts), "err", err)
				return fmt.Errorf("telegram: send to chat %d: %w", chat, err)
			}
		}
	}
	return nil
}

// sendMessage sends one message within the rate limits, waiting out 429s
// and retrying transient failures, up to Limits.SendAttempts tries.
func (b *Bot) sendMessage(ctx context.Context, msg tgbotapi.MessageConfig) error {
	for attempt := 1; ; attempt++ {
		if err := b.limits.wait(ctx, msg.ChatID); err != nil {
			return err
		}
		callCtx, cancel := context.WithTimeout(ctx, sendTimeout)
		_, err := b.api(callCtx).Send(msg)
		cancel()
		if err == nil {
			return nil
		}
		wait, retry := b.retryWait(err, attempt)
		if !retry || ctx.Err() != nil || attempt >= b.cfg.Limits.SendAttempts {
			return err
		}
		if apiErr := (*tgbotapi.Error)(nil); errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			b.limits.holdFor(msg.ChatID, wait)
			b.cfg.Metrics.RateLimited(source, wait)
		}
		b.log.WarnContext(ctx, "telegram: message delayed", "chat", msg.ChatID, "attempt", attempt, "wait", wait, "err", err)
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// retryWait says whether a failed call may be tried again, and after how
// long: retry_after when Telegram gives one, else a growing backoff for
// flood control without it, server errors and network failures. Other
// refusals (400 bad request, 403 blocked by the user) are final.
func (b *Bot) retryWait(err error, attempt int) (time.Duration, bool) {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		switch {
		case apiErr.RetryAfter > 0:
			return time.Duration(apiErr.RetryAfter) * time.Second, true
		case apiErr.Code == 429 || apiErr.Code >= 500:
			return backoff(b.cfg.Limits.Backoff, attempt), true
		}
		return 0, false
	}
	if errors.Is(err, context.Canceled) {
		return 0, false
	}
	// A network failure, a timeout or an answer that is not the API's
	// JSON (a proxy's error page).
	return backoff(b.cfg.Limits.Backoff, attempt), true
}

// backoff is base doubled for each attempt after the first, at most a
// minute, with jitter between half and all of it.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < time.Minute; i++ {
		d *= 2
	}
	d = min(d, time.Minute)
	return d/2 + rand.N(d/2+1)
}

// typing shows "typing…" in a chat until the returned stop is called,
// renewed every few seconds since the status lasts five at most. stop
// waits for a chat action in flight instead of cancelling it, so that it
// never lands after the answer and shows "typing…" under it. It is a
// courtesy: failures are only logged at debug level.
func (b *Bot) typing(ctx context.Context, chat int64) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			callCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := b.api(callCtx).Request(tgbotapi.NewChatAction(chat, tgbotapi.ChatTyping))
			cancel()
			if err != nil && ctx.Err() == nil {
				b.log.DebugContext(ctx, "telegram: typing", "chat", chat, "err", err)
			}
			t := time.NewTimer(4 * time.Second)
			select {
			case <-t.C:
			case <-quit:
				t.Stop()
				return
			case <-ctx.Done():
				t.Stop()
				return
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

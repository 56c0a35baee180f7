package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
)

var _ delivery.Transport = (*Bot)(nil)

// Deliver sends one outbox message (a bot.OutboxPayload) to its chat, once:
// the delivery worker retries. It waits for the chat's and the bot's pace,
// but a 429 is returned as a *delivery.RetryAfterError for this chat alone
// rather than held against every chat. Telegram has no idempotency key for
// sendMessage: a retry after a timeout may show a message twice, and a
// reply split in parts is sent again from its first part.
func (b *Bot) Deliver(ctx context.Context, m storage.OutboxMessage) error {
	chat, err := chatID(m.Recipient)
	if err != nil {
		return delivery.Permanent(fmt.Errorf("telegram: %w", err))
	}
	var p bot.OutboxPayload
	if err := json.Unmarshal([]byte(m.Payload), &p); err != nil {
		return delivery.Permanent(fmt.Errorf("telegram: outbox payload %d: %w", m.ID, err))
	}
	unlock := b.locks.lock(chat)
	defer unlock()
	for _, msg := range b.messages(chat, p.Lang, p.Reply) {
		if err := b.limits.wait(ctx, chat); err != nil {
			return err
		}
		callCtx, cancel := context.WithTimeout(ctx, sendTimeout)
		_, err := b.api(callCtx).Send(msg)
		cancel()
		if err != nil {
			return sendOutcome(err)
		}
	}
	return nil
}

// messages renders a reply as Telegram messages: a person's reply marked
// with their name, split at Telegram's length limit, buttons under the last
// part.
func (b *Bot) messages(chat int64, lang string, r bot.Reply) []tgbotapi.MessageConfig {
	text := r.Text
	if r.Agent != "" {
		text = b.texts.T(lang, "channel_agent_says", map[string]any{"Agent": r.Agent}) + "\n" + text
	}
	parts := splitText(text, maxMessageUnits)
	msgs := make([]tgbotapi.MessageConfig, len(parts))
	for j, part := range parts {
		msgs[j] = tgbotapi.NewMessage(chat, part)
		if j == len(parts)-1 {
			if kb := b.buttons.keyboard(r.Buttons); kb != nil {
				msgs[j].ReplyMarkup = kb
			}
		}
	}
	return msgs
}

// sendOutcome tells the delivery worker what a failed send means: wait as
// Telegram asked, retry later (flood control without retry_after, a server
// error, the network), or give up (400 bad request, 403 blocked by the
// user: Telegram will refuse the same message again).
func sendOutcome(err error) error {
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) {
		return err
	}
	switch {
	case apiErr.RetryAfter > 0:
		return &delivery.RetryAfterError{Wait: time.Duration(apiErr.RetryAfter) * time.Second, Err: err}
	case apiErr.Code == 429 || apiErr.Code >= 500:
		return err
	}
	return delivery.Permanent(err)
}

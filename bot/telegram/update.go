package telegram

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"supportbot/bot"
	"supportbot/storage"
)

// accept takes an update in: it reserves room for it (unless the caller
// did), skips it if a committed turn (or the adapter) already handled it,
// and queues it behind the chat's earlier updates. It returns a channel
// closed once the update is handled: the caller confirms the update to
// Telegram (the next getUpdates offset, the webhook's 200) only then, so
// that an update in hand when the process dies comes back, to be handled
// as new if its turn did not commit. The handling keeps ctx's values but
// not its cancellation: an update taken in is handled to the end, within
// Limits.HandleTimeout.
func (b *Bot) accept(ctx context.Context, u tgbotapi.Update, reserved bool) (<-chan struct{}, error) {
	if !reserved {
		if err := b.queue.reserve(ctx); err != nil {
			return nil, err
		}
	}
	chat, ok := chatOf(u)
	if !ok {
		b.queue.release()
		return closed, nil
	}
	key := strconv.Itoa(u.UpdateID)
	_, err := b.done.DeliveryResult(ctx, source, key)
	switch {
	case err == nil:
		b.queue.release()
		b.cfg.Metrics.Dedupe(source)
		b.log.DebugContext(ctx, "telegram: update already processed", "update", u.UpdateID)
		return closed, nil
	case !errors.Is(err, storage.ErrNotFound):
		b.queue.release()
		return nil, fmt.Errorf("update %d: %w", u.UpdateID, err)
	}
	done := make(chan struct{})
	base := context.WithoutCancel(ctx)
	b.queue.run(chat, func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(base, b.cfg.Limits.HandleTimeout)
		defer cancel()
		b.handle(ctx, u)
	})
	return done, nil
}

// closed is the done channel of an update there was nothing to do for.
var closed = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

// once records an update that does not go to the engine as a turn (a
// command, a message in a group, a photo refused) as processed, and
// reports whether it was not already: such an update is answered at most
// once. An update that is a turn is recorded by the engine, in the turn's
// transaction.
func (b *Bot) once(ctx context.Context, s sender) bool {
	if s.key == "" {
		return true
	}
	fresh, err := b.done.MarkProcessed(ctx, source, s.key)
	if err != nil {
		// Better answer twice than not at all.
		b.log.WarnContext(ctx, "telegram: update not recorded", "update", s.key, "err", err)
		return true
	}
	return fresh
}

// chatOf returns the chat an update belongs to, which orders its handling.
func chatOf(u tgbotapi.Update) (int64, bool) {
	switch {
	case u.Message != nil && u.Message.Chat != nil:
		return u.Message.Chat.ID, true
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil && u.CallbackQuery.Message.Chat != nil:
		return u.CallbackQuery.Message.Chat.ID, true
	case u.CallbackQuery != nil && u.CallbackQuery.From != nil:
		// A button under an inline message: no chat, but the query must
		// still be answered.
		return u.CallbackQuery.From.ID, true
	}
	return 0, false
}

// handle handles one update; a panic is logged, not fatal to the others.
func (b *Bot) handle(ctx context.Context, u tgbotapi.Update) {
	defer func() {
		if p := recover(); p != nil {
			b.log.ErrorContext(ctx, "telegram: update handling panicked", "update", u.UpdateID, "panic", fmt.Sprint(p))
		}
	}()
	key := strconv.Itoa(u.UpdateID)
	switch {
	case u.Message != nil:
		b.handleMessage(ctx, u.Message, key)
	case u.CallbackQuery != nil:
		b.handleCallback(ctx, u.CallbackQuery, key)
	}
}

// sender is who wrote, and where.
type sender struct {
	chat     int64
	userID   string
	langHint string
	key      string // the update_id, "" for a message the adapter made up
}

func (s sender) conv() string { return conversationID(s.chat) }

func (s sender) incoming() bot.Incoming {
	in := bot.Incoming{ConversationID: s.conv(), Channel: bot.ChannelTelegram, UserID: s.userID, LangHint: s.langHint}
	if s.key != "" {
		in.Delivery = bot.Delivery{Source: source, Key: s.key}
	}
	return in
}

func (b *Bot) handleMessage(ctx context.Context, m *tgbotapi.Message, key string) {
	if m.From == nil || m.From.IsBot || m.Chat == nil {
		return
	}
	s := sender{chat: m.Chat.ID, userID: strconv.FormatInt(m.From.ID, 10), langHint: m.From.LanguageCode, key: key}
	if !m.Chat.IsPrivate() {
		if b.once(ctx, s) {
			b.answerGroup(ctx, s, m)
		}
		return
	}
	if name, args, ok := command(m.Text, b.Username()); ok && b.runCommand(ctx, s, name, args) {
		return
	}
	stop := b.typing(ctx, s.chat) // also while a photo downloads
	in, reply := b.incoming(ctx, s, m)
	if reply != "" {
		stop()
		if b.once(ctx, s) {
			b.say(ctx, s, reply, map[string]any{"MaxMB": b.cfg.Limits.PhotoBytes >> 20})
		}
		return
	}
	b.converse(ctx, s, in, stop)
}

// incoming reads a customer's message for the engine, with its photo
// downloaded. When there is nothing the engine can read, it returns
// instead the ID of the adapter's message that says so.
func (b *Bot) incoming(ctx context.Context, s sender, m *tgbotapi.Message) (bot.Incoming, string) {
	in := s.incoming()
	in.Text = commandAsText(m.Text)
	if in.Text == "" {
		in.Text = m.Caption
	}
	if f, ok := imageOf(m); ok {
		a, err := b.fetchPhoto(ctx, f)
		if errors.Is(err, errTooLarge) {
			return in, "channel_photo_too_big"
		}
		if err != nil {
			b.log.WarnContext(ctx, "telegram: photo not fetched", "chat", s.chat, "err", err)
			return in, "channel_photo_failed"
		}
		in.Attachments = []storage.Attachment{a}
	}
	if strings.TrimSpace(in.Text) == "" && len(in.Attachments) == 0 {
		return in, "channel_unsupported"
	}
	return in, ""
}

// answerGroup answers, in a group, only what is addressed to the bot — a
// command or a mention — and only to say it serves customers in private:
// order details must not be read by a whole group.
func (b *Bot) answerGroup(ctx context.Context, s sender, m *tgbotapi.Message) {
	_, _, isCommand := command(m.Text, b.Username())
	mention := "@" + strings.ToLower(b.Username())
	if !isCommand && !strings.Contains(strings.ToLower(m.Text+" "+m.Caption), mention) {
		return
	}
	b.say(ctx, s, "telegram_private_only", map[string]any{"Bot": b.Username()})
}

func (b *Bot) handleCallback(ctx context.Context, q *tgbotapi.CallbackQuery, key string) {
	p := b.buttons.decode(q.Data)
	notice := ""
	if p.expired {
		notice = b.texts.T(b.hintLang(q.From), "channel_button_expired", nil)
	}
	// Always answered, first: the customer's app shows a spinner until then.
	callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	if _, err := b.api(callCtx).Request(tgbotapi.NewCallback(q.ID, notice)); err != nil {
		b.log.WarnContext(ctx, "telegram: callback not answered", "err", err)
	}
	cancel()
	if q.Message == nil || q.Message.Chat == nil || !q.Message.Chat.IsPrivate() || q.From == nil || p.expired {
		return
	}
	s := sender{chat: q.Message.Chat.ID, userID: strconv.FormatInt(q.From.ID, 10), langHint: q.From.LanguageCode, key: key}
	if p.lang != "" {
		if b.once(ctx, s) {
			b.setLanguage(ctx, s, p.lang)
		}
		return
	}
	in := s.incoming()
	in.Payload = p.payload
	b.converse(ctx, s, in, nil)
}

// converse passes a message to the engine, showing "typing…" meanwhile
// (stopTyping stops it when the caller started it). Its replies are in the
// outbox when the engine writes them there (Response.Queued), else the
// adapter sends them, a redelivery's included.
func (b *Bot) converse(ctx context.Context, s sender, in bot.Incoming, stopTyping func()) {
	if stopTyping == nil {
		stopTyping = b.typing(ctx, s.chat)
	}
	resp, err := b.engine.Handle(ctx, in)
	stopTyping()
	if err != nil {
		b.log.ErrorContext(ctx, "telegram: engine", "conversation", in.ConversationID, "err", err)
		b.say(ctx, s, "channel_error", nil)
		return
	}
	if resp.Queued || resp.Duplicate {
		// The outbox sends them; a duplicate's were sent the first time.
		return
	}
	// Errors are logged by deliver; there is no one else to tell.
	_ = b.deliver(ctx, s.chat, resp.Lang, resp.Replies)
}

// say sends one of the adapter's own messages, in the conversation's
// language.
func (b *Bot) say(ctx context.Context, s sender, id string, data map[string]any, buttons ...bot.Button) {
	lang := b.convLang(ctx, s)
	_ = b.deliver(ctx, s.chat, lang, []bot.Reply{{Text: b.texts.T(lang, id, data), Buttons: buttons}})
}

// convLang is the conversation's language when it is known, else the one
// the user's Telegram app reports, else the default.
func (b *Bot) convLang(ctx context.Context, s sender) string {
	if b.convs != nil {
		c, err := b.convs.Conversation(ctx, s.conv())
		if err == nil && c.Lang != "" {
			return c.Lang
		}
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			b.log.WarnContext(ctx, "telegram: conversation language", "conversation", s.conv(), "err", err)
		}
	}
	return b.language(s.langHint)
}

func (b *Bot) hintLang(u *tgbotapi.User) string {
	if u == nil {
		return b.language("")
	}
	return b.language(u.LanguageCode)
}

// language maps a language code ("en-GB") to a language the texts have,
// else the default.
func (b *Bot) language(code string) string {
	code = strings.ToLower(code)
	if len(code) >= 2 {
		for _, l := range b.texts.Languages() {
			if code[:2] == l {
				return l
			}
		}
	}
	return b.texts.Languages()[0]
}

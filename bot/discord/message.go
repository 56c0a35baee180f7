package discord

import (
	"context"
	"errors"
	"strings"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
	"supportbot/storage"
)

// onMessage queues a message from the gateway, if it is for the bot, behind
// the other messages of its conversation. The first message of a session
// in a DM that READY did not read back has the DM read back before it, in
// its lane: the messages sent before it, while the bot was away, are
// handled first, in the order they were sent, even when the bot did not
// know the channel or the message came before READY was handled.
func (b *Bot) onMessage(ctx context.Context, m *discordgo.Message) {
	p, ok := b.route(m)
	if !ok {
		return
	}
	if p.userID == "" {
		first := b.readBack.claim(m.ChannelID)
		b.lanes.do(p.conv, func() {
			b.rememberDM(ctx, m.ChannelID)
			if first {
				b.backfill(ctx, m.ChannelID, p.conv, m.ID)
			}
			b.handleMessage(ctx, m, p)
		})
		return
	}
	// (Held while the support channel's history is read back at READY.)
	b.supportGate.pass(func() { b.lanes.do(p.conv, func() { b.handleMessage(ctx, m, p) }) })
}

// route says which conversation a message belongs to, or that the bot
// should not answer it.
func (b *Bot) route(m *discordgo.Message) (place, bool) {
	switch {
	case m == nil || m.Author == nil || m.ID == "":
		return place{}, false
	case !isSnowflake(m.ChannelID) || !isSnowflake(m.Author.ID):
		// Not what the gateway sends: a conversation made of it could
		// never be answered, and all such messages would share one.
		return place{}, false
	case m.Author.ID == b.me || m.Author.Bot || m.WebhookID != "":
		// Never answer a bot, ourselves included: two bots would loop.
		return place{}, false
	case m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply:
		// Joins, pins, boosts and the like.
		return place{}, false
	case b.cfg.SupportChannel != "" && m.ChannelID == b.cfg.SupportChannel:
		// Tested first: messages read back over REST carry no guild_id.
		if !b.mentioned(m) {
			return place{}, false
		}
		p := supportPlace(m.ChannelID, m.Author.ID)
		p.replyTo = m.ID
		return p, true
	case m.GuildID == "":
		return dmPlace(m.ChannelID), true
	}
	return place{}, false
}

// mentioned reports whether m mentions the bot (a reply to the bot's
// message that pings it counts too).
func (b *Bot) mentioned(m *discordgo.Message) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == b.me {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+b.me+">") || strings.Contains(m.Content, "<@!"+b.me+">")
}

// stripMention removes the bot's mentions from a message's text.
func stripMention(text, botID string) string {
	text = strings.ReplaceAll(text, "<@"+botID+">", " ")
	text = strings.ReplaceAll(text, "<@!"+botID+">", " ")
	return strings.TrimSpace(text)
}

// handleMessage runs one customer message through the engine and posts the
// answer, or leaves it to the outbox. The message ID is the delivery the
// turn consumes, committed with it: a message handled before (redelivered
// after a resume, read back again by backfill) is skipped, one whose turn
// did not commit is handled as new.
func (b *Bot) handleMessage(ctx context.Context, m *discordgo.Message, p place) {
	log := b.log.With("conversation", p.conv, "message", m.ID)
	if b.handled(ctx, m.ID) {
		log.DebugContext(ctx, "discord: message already handled")
		return
	}
	text := stripMention(m.Content, b.me)
	hint := m.Author.Locale
	if cmd, ok := parseCommand(text); ok {
		if b.once(ctx, m.ID) {
			b.runCommand(ctx, p, m.Author.ID, hint, cmd)
		}
		return
	}
	stop := b.typing(ctx, p.channelID)
	got := b.images(ctx, m.Attachments)
	if len(m.StickerItems) > 0 && text == "" && len(got.notices) == 0 {
		got.notices = append(got.notices, msgUnsupported)
	}
	if text == "" && len(got.images) == 0 {
		stop()
		notices := got.notices
		if len(notices) == 0 && p.userID == "" {
			return // nothing to read in a DM, say nothing
		}
		if len(notices) == 0 {
			notices = []string{msgHelp} // a bare mention: say what the bot does
		}
		if !b.once(ctx, m.ID) {
			return
		}
		if err := b.post(ctx, p, b.notices(ctx, p, hint, notices)); err != nil {
			log.ErrorContext(ctx, "discord: post notice", "err", err)
		}
		return
	}
	in := bot.Incoming{
		ConversationID: p.conv, Channel: bot.ChannelDiscord, UserID: m.Author.ID,
		Text: text, LangHint: hint, Attachments: got.images,
		Public:   p.userID != "", // the support channel is read by everyone
		Delivery: bot.Delivery{Source: source, Key: m.ID},
	}
	b.answer(ctx, p, in, stop, got.notices...)
}

// handled reports whether a committed turn, or the adapter, already
// handled a delivery. A store that cannot tell lets the engine decide,
// which records the delivery in the turn.
func (b *Bot) handled(ctx context.Context, key string) bool {
	_, err := b.deliveries.DeliveryResult(ctx, source, key)
	switch {
	case err == nil:
		b.cfg.Metrics.Dedupe(source)
		return true
	case !errors.Is(err, storage.ErrNotFound):
		b.log.WarnContext(ctx, "discord: delivery record", "key", key, "err", err)
	}
	return false
}

// once records a delivery that is not a turn (a command, a notice) as
// handled, and reports whether it was not already: the adapter's own
// answers are given at most once. A turn's delivery is recorded by the
// engine, in the turn's transaction.
func (b *Bot) once(ctx context.Context, key string) bool {
	fresh, err := b.deliveries.MarkProcessed(ctx, source, key)
	if err != nil {
		// Better answer twice than not at all.
		b.log.WarnContext(ctx, "discord: delivery not recorded", "key", key, "err", err)
		return true
	}
	return fresh
}

// notices words the adapter's own messages to the customer.
func (b *Bot) notices(ctx context.Context, p place, hint string, ids []string) []bot.Reply {
	if len(ids) == 0 {
		return nil
	}
	lang := b.lang(ctx, p.conv, hint)
	data := map[string]any{"MaxMB": b.cfg.MaxAttachmentBytes >> 20}
	out := make([]bot.Reply, 0, len(ids))
	for _, id := range ids {
		if id == msgHelp {
			out = append(out, bot.Reply{Text: b.help(lang)})
			continue
		}
		out = append(out, bot.Reply{Text: b.texts.T(lang, id, data)})
	}
	return out
}

// answer posts the notices (the adapter's own messages, by ID), then hands
// in to the engine; stop ends the typing indicator. The engine's replies
// are in the outbox when it wrote them there (Response.Queued), else the
// adapter posts them. A redelivery's were sent the first time; only the
// move to a DM is made again, which its own delivery key keeps to once.
func (b *Bot) answer(ctx context.Context, p place, in bot.Incoming, stop func(), notices ...string) {
	log := b.log.With("conversation", p.conv)
	if len(notices) > 0 {
		if err := b.post(ctx, p, b.notices(ctx, p, in.LangHint, notices)); err != nil {
			log.ErrorContext(ctx, "discord: post notice", "err", err)
		}
	}
	resp, err := b.engine.Handle(ctx, in)
	stop()
	var replies []bot.Reply
	switch {
	case errors.Is(err, bot.ErrBadMessage):
		log.WarnContext(ctx, "discord: message refused by the engine", "err", err)
	case err != nil:
		log.ErrorContext(ctx, "discord: handle message", "err", err)
		replies = b.notices(ctx, p, in.LangHint, []string{msgError})
	case !resp.Queued && !resp.Duplicate:
		replies = resp.Replies
	}
	if len(replies) > 0 {
		if err := b.post(ctx, p, replies); err != nil {
			log.ErrorContext(ctx, "discord: post the answer", "err", err)
			return
		}
	}
	log.DebugContext(ctx, "discord: answered", "intent", resp.Intent, "replies", len(resp.Replies),
		"queued", resp.Queued, "duplicate", resp.Duplicate)
	if err == nil && resp.Private && p.userID != "" {
		b.continueInDM(ctx, p.userID, in)
	}
}

// continueInDM takes a question about an account, asked in the public
// support channel, to a direct message with the customer, where the same
// message is handled again: others must not read their details.
func (b *Bot) continueInDM(ctx context.Context, userID string, in bot.Incoming) {
	var ch *discordgo.Channel
	err := b.call(ctx, "open a direct message", true, func(opts ...discordgo.RequestOption) error {
		var err error
		ch, err = b.s.UserChannelCreate(userID, opts...)
		return err
	})
	if err != nil {
		b.log.ErrorContext(ctx, "discord: open a direct message", "err", err)
		return
	}
	dm := dmPlace(ch.ID)
	b.rememberDM(ctx, ch.ID)
	in.ConversationID, in.Public = dm.conv, false
	if in.Delivery.Key != "" {
		in.Delivery.Key += ":dm"
	}
	b.lanes.do(dm.conv, func() { b.answer(ctx, dm, in, func() {}) })
}

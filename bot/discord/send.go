package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
	"supportbot/storage"
)

// Send delivers replies the customer did not just ask for — an agent's
// message, the notice that the bot is back — to a Discord conversation.
// In the support channel the first message mentions the customer, so that
// they are notified. It implements bot.Sender.
func (b *Bot) Send(ctx context.Context, conv storage.Conversation, replies []bot.Reply) error {
	p, err := parsePlace(conv.ID)
	if err != nil {
		return fmt.Errorf("discord: send: %w", err)
	}
	if err := b.postLang(ctx, p, conv.Lang, replies); err != nil {
		return fmt.Errorf("discord: send to %s: %w", conv.ID, err)
	}
	return nil
}

// outgoing is one Discord message to post.
type outgoing struct {
	content    string
	components []discordgo.MessageComponent
}

// post posts replies in a conversation, in order, stopping at the first
// that can't be delivered.
func (b *Bot) post(ctx context.Context, p place, replies []bot.Reply) error {
	return b.postLang(ctx, p, "", replies)
}

// postLang is post with the conversation's language when the caller knows
// it; it words the line that introduces an agent's message.
func (b *Bot) postLang(ctx context.Context, p place, lang string, replies []bot.Reply) error {
	if lang == "" && hasAgent(replies) {
		lang = b.lang(ctx, p.conv, "")
	}
	msgs := b.messages(p, lang, replies)
	for i, m := range msgs {
		if err := b.deliver(ctx, &p, m, i == 0); err != nil {
			return fmt.Errorf("message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return nil
}

func hasAgent(replies []bot.Reply) bool {
	for _, r := range replies {
		if r.Agent != "" {
			return true
		}
	}
	return false
}

// messages turns replies into Discord messages: an agent's reply gets a
// line saying a person writes, long texts are split, a reply's buttons go
// with its last piece.
func (b *Bot) messages(p place, lang string, replies []bot.Reply) []outgoing {
	limit := maxContent
	if p.userID != "" {
		limit -= contentLen(mention(p.userID))
	}
	var out []outgoing
	for _, r := range replies {
		text := r.Text
		if r.Agent != "" {
			says := b.texts.T(lang, msgAgentSays, map[string]any{"Agent": escapeMarkdown(r.Agent)})
			text = "**" + says + "**\n" + text
		}
		pieces := split(text, limit)
		rows, dropped := components(r.Buttons)
		if dropped > 0 {
			b.log.Warn("discord: buttons left out", "conversation", p.conv, "dropped", dropped)
		}
		if len(pieces) == 0 && len(rows) > 0 {
			pieces = []string{""}
		}
		for i, piece := range pieces {
			m := outgoing{content: piece}
			if i == len(pieces)-1 {
				m.components = rows
			}
			out = append(out, m)
		}
	}
	return out
}

// mention is how a message addresses a user.
func mention(userID string) string { return "<@" + userID + "> " }

// deliver posts one message: as a follow-up of the button press being
// answered, else in the channel. If the follow-up is refused (the
// interaction's token lasts 15 minutes), this message and the next go to
// the channel instead.
func (b *Bot) deliver(ctx context.Context, p *place, m outgoing, first bool) error {
	allowed := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: true}
	if p.userID != "" {
		allowed.Users = []string{p.userID}
	}
	if p.interaction != nil {
		i := p.interaction
		err := b.call(ctx, "post follow-up", false, func(opts ...discordgo.RequestOption) error {
			_, err := b.s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
				Content: m.content, Components: m.components, AllowedMentions: allowed,
			}, opts...)
			return err
		})
		if err == nil || errors.Is(err, ErrRateLimited) || ctx.Err() != nil {
			return err
		}
		b.log.WarnContext(ctx, "discord: follow-up refused, posting in the channel", "conversation", p.conv, "err", err)
		p.interaction = nil
		first = true
	}
	send := &discordgo.MessageSend{Content: m.content, Components: m.components, AllowedMentions: allowed}
	switch {
	case first && p.replyTo != "":
		no := false
		send.Reference = &discordgo.MessageReference{MessageID: p.replyTo, ChannelID: p.channelID, FailIfNotExists: &no}
	case first && p.userID != "":
		send.Content = mention(p.userID) + send.Content
	}
	return b.call(ctx, "post message", true, func(opts ...discordgo.RequestOption) error {
		_, err := b.s.ChannelMessageSendComplex(p.channelID, send, opts...)
		return err
	})
}

// markdownEscaper escapes what Discord's markdown would read in a name.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`, `>`, `\>`, `#`, `\#`, `[`, `\[`, `]`, `\]`, `@`, "@\u200b",
)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

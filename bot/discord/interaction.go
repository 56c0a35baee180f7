package discord

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
)

// ackWithin bounds the acknowledgement of a button press: Discord
// invalidates the interaction after 3 seconds without one.
const ackWithin = 2500 * time.Millisecond

// onInteraction takes a button press: it is acknowledged at once, with a
// deferred update, before anything is written — Discord invalidates an
// interaction not answered within 3 seconds, and a write may wait for the
// database's writer (an import holds it) — then handled in its
// conversation's turn like a message, the interaction ID being the
// delivery the turn consumes.
func (b *Bot) onInteraction(ctx context.Context, i *discordgo.Interaction) {
	if i == nil || i.Type != discordgo.InteractionMessageComponent {
		return
	}
	data, ok := i.Data.(discordgo.MessageComponentInteractionData)
	if !ok {
		return
	}
	user := i.User
	if i.Member != nil && i.Member.User != nil {
		user = i.Member.User
	}
	if user == nil || user.Bot || user.ID == b.me {
		return
	}
	acked := make(chan struct{})
	b.lanes.spawn(func() {
		defer close(acked)
		b.acknowledge(ctx, i)
	})
	p, ok := b.interactionPlace(i, user.ID)
	if !ok || data.CustomID == "" {
		return
	}
	key := "interaction:" + i.ID
	// Queued here, in the gateway's order, behind the conversation's
	// earlier messages.
	b.lanes.do(p.conv, func() {
		<-acked
		if i.GuildID == "" {
			b.rememberDM(ctx, i.ChannelID)
		}
		if b.handled(ctx, key) {
			return
		}
		if cmd, ok := parseCommand(data.CustomID); ok {
			if b.once(ctx, key) {
				b.runCommand(ctx, p, user.ID, string(i.Locale), cmd)
			}
			return
		}
		stop := b.typing(ctx, p.channelID)
		b.answer(ctx, p, bot.Incoming{
			ConversationID: p.conv, Channel: bot.ChannelDiscord, UserID: user.ID,
			Payload: data.CustomID, LangHint: string(i.Locale), Public: p.userID != "",
			Delivery: bot.Delivery{Source: source, Key: key},
		}, stop)
	})
}

// interactionPlace is the conversation of a button press: the presser's
// own, whoever the button was shown to.
func (b *Bot) interactionPlace(i *discordgo.Interaction, userID string) (place, bool) {
	var p place
	switch {
	case !isSnowflake(i.ChannelID) || !isSnowflake(userID):
		return place{}, false
	case i.GuildID == "":
		p = dmPlace(i.ChannelID)
	case i.ChannelID == b.cfg.SupportChannel && b.cfg.SupportChannel != "":
		p = supportPlace(i.ChannelID, userID)
	default:
		return place{}, false
	}
	p.interaction = i
	return p, true
}

// acknowledge answers a button press with a deferred update, within
// ackWithin. A press redelivered after a resume was acknowledged the first
// time: Discord refuses the second, which is only logged.
func (b *Bot) acknowledge(ctx context.Context, i *discordgo.Interaction) {
	actx, cancel := context.WithTimeout(ctx, ackWithin)
	defer cancel()
	err := b.call(actx, "acknowledge button", false, func(opts ...discordgo.RequestOption) error {
		return b.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredMessageUpdate,
		}, opts...)
	})
	if err != nil {
		// Handle the press anyway: the answer goes to the channel if the
		// interaction's follow-ups are refused.
		b.log.WarnContext(ctx, "discord: acknowledge button", "interaction", i.ID, "err", err)
	}
}

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

// onInteraction takes a button press: it is acknowledged at once, then
// handled in its conversation's turn like a message.
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
	p, ok := b.interactionPlace(i, user.ID)
	b.lanes.spawn(func() {
		if !b.claim(ctx, i) {
			return
		}
		if !ok || data.CustomID == "" {
			return
		}
		if i.GuildID == "" {
			b.dms.add(i.ChannelID)
		}
		b.lanes.do(p.conv, func() {
			if cmd, ok := parseCommand(data.CustomID); ok {
				b.runCommand(ctx, p, user.ID, string(i.Locale), cmd)
				return
			}
			stop := b.typing(ctx, p.channelID)
			b.answer(ctx, p, bot.Incoming{
				ConversationID: p.conv, Channel: bot.ChannelDiscord, UserID: user.ID,
				Payload: data.CustomID, LangHint: string(i.Locale), Public: p.userID != "",
			}, stop)
		})
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

// claim marks the interaction processed and acknowledges it; it reports
// whether the press is new and should be handled. Every press gets its
// acknowledgement, or the customer's client shows an error.
func (b *Bot) claim(ctx context.Context, i *discordgo.Interaction) bool {
	log := b.log.With("interaction", i.ID)
	fresh, err := b.deliveries.MarkProcessed(ctx, source, "interaction:"+i.ID)
	if err != nil {
		log.ErrorContext(ctx, "discord: mark interaction processed", "err", err)
		return false
	}
	if !fresh {
		log.DebugContext(ctx, "discord: interaction already handled")
		return false
	}
	actx, cancel := context.WithTimeout(ctx, ackWithin)
	defer cancel()
	err = b.call(actx, "acknowledge button", false, func(opts ...discordgo.RequestOption) error {
		return b.s.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredMessageUpdate,
		}, opts...)
	})
	if err != nil {
		// Handle the press anyway: the answer goes to the channel if the
		// interaction's follow-ups are refused.
		log.WarnContext(ctx, "discord: acknowledge button", "err", err)
	}
	return true
}

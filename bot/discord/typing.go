package discord

import (
	"context"
	"time"

	"github.com/bwmarrin/discordgo"
)

// typing shows "Bot is typing…" in a channel until stop is called. Discord
// clears the indicator after about 10 seconds or at the bot's next message,
// so it is sent again every typingGap while the engine works. It is a nicety:
// it is skipped when the request budget is spent, never waits for it, and a
// failure is only logged.
func (b *Bot) typing(ctx context.Context, channelID string) (stop func()) {
	send := func(ctx context.Context) {
		if !b.limiter.Allow() {
			return // under load the answers get the request budget
		}
		err := b.s.ChannelTyping(channelID, discordgo.WithContext(ctx))
		if err != nil && ctx.Err() == nil {
			b.log.DebugContext(ctx, "discord: typing indicator", "err", scrub(err))
		}
	}
	send(ctx)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(b.typingGap)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				send(ctx)
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

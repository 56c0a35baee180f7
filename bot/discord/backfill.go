package discord

import (
	"context"
	"slices"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// maxKnownDMs caps the DM channels remembered for backfill.
const maxKnownDMs = 10000

// backfillLimit is how many recent messages of a channel are read back:
// Discord's maximum for one request.
const backfillLimit = 100

// onReady reads back what was said while the bot was away. The gateway
// replays missed events only when it resumes a session; a new session
// (READY: at start, or after the gateway refused to resume) starts from
// now. So on READY the bot reads the recent history of the support channel
// and of the DMs it talked in since it started, and handles the messages
// younger than BackfillWindow like new ones. Those already handled are
// skipped by Deliveries.
func (b *Bot) onReady(ctx context.Context, _ *discordgo.Ready) {
	channels := b.dms.list()
	if b.cfg.SupportChannel != "" {
		channels = append([]string{b.cfg.SupportChannel}, channels...)
	}
	b.lanes.spawn(func() {
		for _, ch := range channels {
			if ctx.Err() != nil {
				return
			}
			b.backfill(ctx, ch)
		}
	})
}

// backfill handles the recent messages of one channel, oldest first.
func (b *Bot) backfill(ctx context.Context, channelID string) {
	var msgs []*discordgo.Message
	err := b.call(ctx, "read channel history", true, func(opts ...discordgo.RequestOption) error {
		var err error
		msgs, err = b.s.ChannelMessages(channelID, backfillLimit, "", "", "", opts...)
		return err
	})
	if err != nil {
		b.log.WarnContext(ctx, "discord: backfill", "channel_id", channelID, "err", err)
		return
	}
	since := b.cfg.Now().Add(-b.cfg.BackfillWindow)
	slices.Reverse(msgs) // Discord lists the newest first
	n := 0
	for _, m := range msgs {
		if m == nil || m.Timestamp.Before(since) {
			continue
		}
		if m.ChannelID == "" {
			m.ChannelID = channelID
		}
		n++
		b.onMessage(ctx, m)
	}
	b.log.InfoContext(ctx, "discord: backfill", "channel_id", channelID, "recent", n)
}

// dmChannels is the set of DM channels the bot has talked in, bounded.
type dmChannels struct {
	mu  *sync.Mutex
	ids map[string]bool
	max int
}

func newDMChannels(max int) dmChannels {
	return dmChannels{mu: &sync.Mutex{}, ids: map[string]bool{}, max: max}
}

func (d dmChannels) add(id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.ids) < d.max {
		d.ids[id] = true
	}
}

func (d dmChannels) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.ids))
	for id := range d.ids {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

package discord

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
)

// maxKnownDMs caps the DM channels remembered, and read back, for backfill.
const maxKnownDMs = 10000

// backfillLimit is how many messages one history request reads: Discord's
// maximum. backfillPages bounds the requests for one channel.
const (
	backfillLimit = 100
	backfillPages = 50
)

// onReady reads back what was said while the bot was away. The gateway
// replays missed events only when it resumes a session; a new session
// (READY: at start, or after the gateway refused to resume) starts from
// now. So on READY the bot reads the history of the support channel and of
// the DMs of every open conversation — kept in the database (see
// OpenConversations), and those seen since start — from BackfillWindow
// ago, page after page, and handles the messages like new ones. Those
// already handled are skipped (Deliveries).
//
// A DM's backfill runs in its conversation's lane, queued now, before any
// message the gateway delivers after READY: the customer's messages sent
// while the bot was away are answered before the ones they send after, in
// the order they wrote them. A DM not read back here — not known at READY
// (its first message was in hand at a crash, before its channel was
// recorded), or written in before READY was handled — is read back when
// its first message of the session arrives (see onMessage), in the lane
// before that message.
func (b *Bot) onReady(ctx context.Context, _ *discordgo.Ready) {
	channels := b.backfillChannels(ctx)
	b.readBack.reset()
	for _, ch := range channels {
		if ch == b.cfg.SupportChannel {
			// The channel's live messages wait until its history is
			// queued: a customer's message sent while the bot was away
			// is answered before the one they send just after READY
			// (each customer's messages share a lane, and the history
			// is read over REST while the gateway already delivers).
			b.supportGate.shut()
			b.lanes.spawn(func() {
				defer b.supportGate.open()
				b.backfill(ctx, ch, "", "")
			})
			continue
		}
		b.readBack.claim(ch)
		lane := dmPlace(ch).conv
		b.lanes.do(lane, func() { b.backfill(ctx, ch, lane, "") })
	}
}

// backfillChannels lists the channels to read back: the support channel,
// then the DMs of open conversations, each once.
func (b *Bot) backfillChannels(ctx context.Context) []string {
	var channels []string
	if b.cfg.SupportChannel != "" {
		channels = append(channels, b.cfg.SupportChannel)
	}
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] && id != b.cfg.SupportChannel {
			seen[id] = true
			channels = append(channels, id)
		}
	}
	since := b.cfg.Now().Add(-b.cfg.BackfillConversations)
	if known, ok := b.deliveries.(DMChannels); ok {
		ids, err := known.DMChannels(ctx, source, since, maxKnownDMs)
		if err != nil {
			b.log.WarnContext(ctx, "discord: backfill: dm channels", "err", err)
		}
		for _, id := range ids {
			add(id)
		}
	}
	if open, ok := b.deliveries.(OpenConversations); ok {
		convs, err := open.OpenConversations(ctx, bot.ChannelDiscord, since, maxKnownDMs)
		if err != nil {
			b.log.WarnContext(ctx, "discord: backfill: open conversations", "err", err)
		}
		for _, c := range convs {
			if p, err := parsePlace(c); err == nil && p.userID == "" {
				add(p.channelID)
			}
		}
	}
	for _, id := range b.dms.list() {
		add(id)
	}
	return channels
}

// backfill handles the messages of one channel sent since BackfillWindow
// ago, oldest first, reading the history a page at a time after the last
// message read: a busy channel may hold more than one request's 100. Run
// in the lane of conversation lane, it handles that conversation's
// messages itself, in the lane; the others go to their own lanes. With
// until set, it stops at that message: the live one it is read back for,
// which its own job handles next.
func (b *Bot) backfill(ctx context.Context, channelID, lane, until string) {
	if ctx.Err() != nil {
		return
	}
	since := b.cfg.Now().Add(-b.cfg.BackfillWindow)
	after := snowflakeAt(since)
	n := 0
	for page := 0; page < backfillPages; page++ {
		var msgs []*discordgo.Message
		err := b.call(ctx, "read channel history", true, func(opts ...discordgo.RequestOption) error {
			var err error
			msgs, err = b.s.ChannelMessages(channelID, backfillLimit, "", after, "", opts...)
			return err
		})
		if err != nil {
			b.log.WarnContext(ctx, "discord: backfill", "channel_id", channelID, "err", err)
			return
		}
		// Discord lists a page newest first; handle it oldest first.
		slices.SortFunc(msgs, func(x, y *discordgo.Message) int { return compareSnowflakes(x.ID, y.ID) })
		for _, m := range msgs {
			if m == nil || !isSnowflake(m.ID) {
				continue
			}
			if until != "" && compareSnowflakes(m.ID, until) >= 0 {
				b.log.InfoContext(ctx, "discord: backfill", "channel_id", channelID, "recent", n)
				return
			}
			after = m.ID
			if m.Timestamp.Before(since) {
				continue
			}
			n++
			b.backfilled(ctx, m, channelID, lane)
		}
		if len(msgs) < backfillLimit {
			break
		}
	}
	b.log.InfoContext(ctx, "discord: backfill", "channel_id", channelID, "recent", n)
}

// backfilled handles a message read back from a channel's history: in
// place when it belongs to the conversation whose lane runs the backfill,
// else queued in its own lane.
func (b *Bot) backfilled(ctx context.Context, m *discordgo.Message, channelID, lane string) {
	if m.ChannelID == "" {
		m.ChannelID = channelID
	}
	p, ok := b.route(m)
	switch {
	case !ok:
	case lane != "" && p.conv == lane:
		b.handleMessage(ctx, m, p)
	case p.userID != "":
		// The support channel's history, queued past the gate that
		// holds its live messages.
		b.lanes.do(p.conv, func() { b.handleMessage(ctx, m, p) })
	default:
		b.onMessage(ctx, m)
	}
}

// gate holds jobs while it is shut and runs them, in the order they came,
// when it opens. Shut twice (a second READY while the first's history is
// still read), it opens when both are done.
type gate struct {
	mu       *sync.Mutex
	shuts    int
	flushing bool // the jobs held run: new ones wait behind them
	held     []func()
}

func newGate() *gate { return &gate{mu: &sync.Mutex{}} }

// shut holds the jobs passed from now on, until open.
func (g *gate) shut() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.shuts++
}

// open undoes one shut; the last runs the jobs held, then lets new ones
// through.
func (g *gate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.shuts > 0 {
		g.shuts--
	}
	if g.shuts > 0 || g.flushing {
		return
	}
	g.flushing = true
	for len(g.held) > 0 && g.shuts <= 0 {
		jobs := g.held
		g.held = nil
		g.mu.Unlock()
		for _, job := range jobs {
			job()
		}
		g.mu.Lock()
	}
	g.flushing = false
}

// pass runs job now if the gate is open, or holds it.
func (g *gate) pass(job func()) {
	g.mu.Lock()
	if g.shuts > 0 || g.flushing {
		g.held = append(g.held, job)
		g.mu.Unlock()
		return
	}
	g.mu.Unlock()
	job()
}

// discordEpoch is the time of snowflake 0, in Unix milliseconds.
const discordEpoch = 1420070400000

// snowflakeAt is the smallest snowflake of a time: "after" it lists the
// messages sent since.
func snowflakeAt(t time.Time) string {
	ms := max(t.UnixMilli()-discordEpoch, 0)
	return strconv.FormatInt(ms<<22, 10)
}

// compareSnowflakes orders two snowflakes as numbers.
func compareSnowflakes(x, y string) int {
	if len(x) != len(y) {
		return cmp.Compare(len(x), len(y))
	}
	return strings.Compare(x, y)
}

// dmRefresh is how often a DM channel's last sighting is written again.
const dmRefresh = time.Hour

// rememberDM records that a customer wrote in a DM channel: in memory, and
// in the database (at most once an hour per channel) when Deliveries can.
// A failure is logged: the channel is still read back while the process
// lives.
func (b *Bot) rememberDM(ctx context.Context, channelID string) {
	now := b.cfg.Now()
	if !b.dms.add(channelID, now, dmRefresh) {
		return
	}
	if known, ok := b.deliveries.(DMChannels); ok {
		if err := known.SeenDMChannel(ctx, source, channelID, now); err != nil {
			b.log.WarnContext(ctx, "discord: remember dm channel", "channel_id", channelID, "err", err)
		}
	}
}

// dmChannels is the set of DM channels the bot has talked in, bounded,
// with when each was last recorded in the database.
type dmChannels struct {
	mu  *sync.Mutex
	ids map[string]time.Time
	max int
}

func newDMChannels(max int) dmChannels {
	return dmChannels{mu: &sync.Mutex{}, ids: map[string]time.Time{}, max: max}
}

// add remembers a channel and reports whether its record is older than
// refresh (or missing), marking it recorded now.
func (d dmChannels) add(id string, now time.Time, refresh time.Duration) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	last, ok := d.ids[id]
	if ok && now.Sub(last) < refresh {
		return false
	}
	if ok || len(d.ids) < d.max {
		d.ids[id] = now
	}
	return true
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

// maxReadBack caps the DM channels remembered as read back in one
// session: above every channel READY reads back, with room for the new
// ones. Past it a new DM is no longer read back at its first message.
const maxReadBack = 4 * maxKnownDMs

// readBack is the set of DM channels whose history was queued to be read
// back in the current gateway session, so that each is read once per
// session, before the first message the bot handles in it.
type readBack struct {
	mu  *sync.Mutex
	ids map[string]bool
}

func newReadBack() readBack {
	return readBack{mu: &sync.Mutex{}, ids: map[string]bool{}}
}

// reset forgets the channels read back: a new session began, and the
// messages sent since the last one are to be read again.
func (r readBack) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	clear(r.ids)
}

// claim marks a channel read back and reports whether it was not already
// (and there was room to remember it).
func (r readBack) claim(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ids[id] || len(r.ids) >= maxReadBack {
		return false
	}
	r.ids[id] = true
	return true
}

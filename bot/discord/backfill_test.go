package discord

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot/discord/discordtest"
	"supportbot/storage"
)

// historyMessage is a message as GET channels/{id}/messages lists it: no
// guild_id.
func (f *fixture) historyMessage(channelID, userID, text string, age time.Duration, mention bool) *discordgo.Message {
	m := f.inChannel(channelID, userID, text, mention)
	m.GuildID = ""
	m.Timestamp = time.Now().Add(-age)
	return m
}

// TestBackfillOnReady: on a new gateway session the bot answers what was
// said to it while it was away — recent, for it, not answered yet — once.
func TestBackfillOnReady(t *testing.T) {
	f := newFixture(t)
	recent := f.historyMessage(supportChannel, customerID, "Bonjour", 2*time.Minute, true)
	old := f.historyMessage(supportChannel, otherCustomer, "Bonjour", 2*time.Hour, true)
	notForUs := f.historyMessage(supportChannel, otherCustomer, "Bonjour", time.Minute, false)
	ours := f.historyMessage(supportChannel, discordtest.BotID, "Bonjour", time.Minute, false)
	answered := f.historyMessage(supportChannel, otherCustomer, "Bonjour", 3*time.Minute, true)
	if fresh, err := f.db.MarkProcessed(context.Background(), source, answered.ID); err != nil || !fresh {
		t.Fatalf("mark processed: %v", err)
	}
	f.fake.SetHistory(supportChannel, ours, notForUs, recent, answered, old) // newest first

	f.bot.onReady(context.Background(), &discordgo.Ready{})
	f.bot.lanes.wait()
	posts := f.fake.Posts()
	if len(posts) == 0 {
		t.Fatal("the message sent while away was not answered")
	}
	for _, p := range posts {
		if p.Reference == nil || p.Reference.MessageID != recent.ID {
			t.Errorf("posted %+v, want only answers to message %s", p, recent.ID)
		}
	}

	f.bot.onReady(context.Background(), &discordgo.Ready{})
	f.bot.lanes.wait()
	if got := len(f.fake.Posts()); got != len(posts) {
		t.Errorf("a second READY answered again: %d messages, want %d", got, len(posts))
	}
}

// TestBackfillKnownDMs: the DMs the bot talked in are read back too.
func TestBackfillKnownDMs(t *testing.T) {
	f := newFixture(t)
	f.say(t, "Bonjour")
	missed := f.dm(customerID, dmChannel, "où en est ma commande ?")
	missed.Timestamp = time.Now().Add(-time.Minute)
	f.fake.SetHistory(dmChannel, missed)
	before := len(f.fake.Posts())

	f.bot.onReady(context.Background(), &discordgo.Ready{})
	f.bot.lanes.wait()
	mustContain(t, joined(f.fake.Posts()[before:]), "e-mail")
}

// customerSaid is what the customer said in a conversation, in the order
// the bot handled it.
func (f *fixture) customerSaid(tb testing.TB, conv string) []string {
	tb.Helper()
	lines, err := f.db.Transcript(context.Background(), conv, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var said []string
	for _, l := range lines {
		if l.From == storage.FromCustomer {
			said = append(said, l.Text)
		}
	}
	return said
}

// Issue 12: after a restart, the customer's messages in a DM are handled
// in the order they were sent, however the live message and READY's
// backfill meet: a live message the gateway delivers before READY was
// handled, or in a DM READY did not know (the first message was in hand
// at the crash, its channel not yet recorded), still comes after the
// messages sent while the bot was away.
func TestBackfillOrderWithALiveMessage(t *testing.T) {
	const newDM = "710000000000000078"
	tests := []struct {
		name    string
		channel string
		known   bool // the DM was written in before the restart
		live    func(b *Bot, live *discordgo.Message)
	}{
		{name: "message before READY", channel: dmChannel, known: true, live: func(b *Bot, live *discordgo.Message) {
			b.onMessage(context.Background(), live)
			b.onReady(context.Background(), &discordgo.Ready{})
		}},
		{name: "DM unknown at READY", channel: newDM, live: func(b *Bot, live *discordgo.Message) {
			b.onReady(context.Background(), &discordgo.Ready{})
			b.onMessage(context.Background(), live)
		}},
		{name: "DM unknown, message before READY", channel: newDM, live: func(b *Bot, live *discordgo.Message) {
			b.onMessage(context.Background(), live)
			b.onReady(context.Background(), &discordgo.Ready{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			var want []string
			if tt.known {
				f.deliver(t, f.dm(customerID, tt.channel, "Hello"))
				want = append(want, "Hello")
			}
			restarted := f.newBot(t)
			first := f.dm(customerID, tt.channel, "what are your delivery times?")
			first.Timestamp = time.Now().Add(-2 * time.Minute)
			second := f.dm(customerID, tt.channel, "how long do I have to return an item?")
			second.Timestamp = time.Now().Add(-time.Minute)
			live := f.dm(customerID, tt.channel, "thanks, bye")
			f.fake.SetHistory(tt.channel, live, second, first) // newest first, as Discord lists them

			tt.live(restarted, live)
			restarted.lanes.wait()
			want = append(want, first.Content, second.Content, live.Content)
			if got := f.customerSaid(t, dmPlace(tt.channel).conv); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("the customer's messages were handled as %q, want each once, in order: %q", got, want)
			}
		})
	}
}

// TestSupportBackfillBeforeLiveMessages: in the support channel, a
// customer's message sent just after READY waits until the messages they
// sent while the bot was away are queued: handled after them, in the
// order they were sent (it could overtake them while the history was read).
func TestSupportBackfillBeforeLiveMessages(t *testing.T) {
	f := newFixture(t)
	first := f.historyMessage(supportChannel, customerID, "what are your delivery times?", 2*time.Minute, true)
	second := f.historyMessage(supportChannel, customerID, "how long do I have to return an item?", time.Minute, true)
	live := f.inChannel(supportChannel, customerID, "thanks, bye", true)
	f.fake.SetHistory(supportChannel, second, first) // newest first

	f.bot.onReady(context.Background(), &discordgo.Ready{})
	f.bot.onMessage(context.Background(), live)
	f.bot.lanes.wait()
	want := []string{"what are your delivery times?", "how long do I have to return an item?", "thanks, bye"}
	got := f.customerSaid(t, supportPlace(supportChannel, customerID).conv)
	for i := range got {
		got[i] = strings.TrimSpace(strings.ReplaceAll(got[i], "<@"+discordtest.BotID+">", ""))
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the customer's messages were handled as %q, want each once, in order: %q", got, want)
	}
}

// TestGate: jobs passed while the gate is shut run when it opens, in
// order, and before any passed after; two shuts need two opens.
func TestGate(t *testing.T) {
	g := newGate()
	var ran []int
	g.pass(func() { ran = append(ran, 1) })
	g.shut()
	g.shut()
	g.pass(func() { ran = append(ran, 2) })
	g.pass(func() { ran = append(ran, 3) })
	g.open()
	if len(ran) != 1 {
		t.Fatalf("after one open of two shuts: ran %v, want [1]", ran)
	}
	g.open()
	g.pass(func() { ran = append(ran, 4) })
	g.open() // one open too many changes nothing
	g.shut()
	g.pass(func() { ran = append(ran, 5) })
	if want := []int{1, 2, 3, 4}; !slices.Equal(ran, want) {
		t.Errorf("ran %v, want %v", ran, want)
	}
	g.open()
	if want := []int{1, 2, 3, 4, 5}; !slices.Equal(ran, want) {
		t.Errorf("ran %v, want %v", ran, want)
	}
}

package discord

import (
	"context"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot/discord/discordtest"
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

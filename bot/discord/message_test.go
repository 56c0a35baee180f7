package discord

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot/discord/discordtest"
)

// TestDMVerificationAndTracking is a customer in a DM: greeted with
// buttons, then asking where their order is, with their e-mail and order
// number, and getting the carrier and tracking number.
func TestDMVerificationAndTracking(t *testing.T) {
	f := newFixture(t)

	posts := f.deliver(t, f.dm(customerID, dmChannel, "Bonjour"))
	if len(posts) == 0 {
		t.Fatal("no answer to Bonjour")
	}
	last := posts[len(posts)-1]
	mustContain(t, last.Content, "Opaline")
	if len(last.Buttons()) == 0 {
		t.Errorf("greeting has no buttons: %+v", last)
	}
	for _, p := range posts {
		if p.Via != "channel" || p.ChannelID != dmChannel {
			t.Errorf("posted via %s in %q, want the DM channel %q", p.Via, p.ChannelID, dmChannel)
		}
		if p.Reference != nil {
			t.Errorf("a DM answer quotes the message: %+v", p.Reference)
		}
	}
	if got := f.fake.Typing(); !slices.Contains(got, dmChannel) {
		t.Errorf("typing shown in %v, want in %s", got, dmChannel)
	}

	got := f.say(t, "où en est ma commande ?")
	mustContain(t, got, "adresse e-mail", "numéro de commande")
	got = f.say(t, "sophie.laurent@example.fr OP-100701")
	mustContain(t, got, "Chronopost", "XY250174011FR")

	conv, err := f.db.Conversation(context.Background(), "discord:dm:"+dmChannel)
	if err != nil {
		t.Fatalf("conversation: %v", err)
	}
	if conv.CustomerID == 0 || conv.Channel != "discord" {
		t.Errorf("conversation = %+v, want verified, on discord", conv)
	}
}

// TestSupportChannel checks which channel messages the bot answers: only
// those that mention it in the support channel, each customer in their own
// conversation, without the mention in what the engine reads. Everyone reads
// that channel, so a question about an account is answered in a direct
// message: the channel only learns that the answer went there.
func TestSupportChannel(t *testing.T) {
	f := newFixture(t)

	m := f.inChannel(supportChannel, customerID, "where is my order? sophie.laurent@example.fr OP-100701", true)
	posts := f.deliver(t, m)
	var public, private []discordtest.Post
	dm, _ := f.fake.DMChannel(customerID)
	for _, p := range posts {
		switch p.ChannelID {
		case supportChannel:
			public = append(public, p)
		case dm:
			private = append(private, p)
		default:
			t.Errorf("posted in %s, want the support channel or the customer's DM", p.ChannelID)
		}
	}
	if dm == "" || len(public) == 0 || len(private) == 0 {
		t.Fatalf("want a note in the channel and the answer in a DM, got %+v", posts)
	}
	mustContain(t, joined(public), "private message")
	for _, secret := range []string{"XY250174011FR", "Chronopost", "Sophie"} {
		if strings.Contains(joined(public), secret) {
			t.Errorf("the public channel shows %q: %s", secret, joined(public))
		}
	}
	mustContain(t, joined(private), "XY250174011FR")
	first := public[0]
	if first.Reference == nil || first.Reference.MessageID != m.ID {
		t.Errorf("first answer = %+v, want a reply to message %s in the support channel", first, m.ID)
	}
	for _, p := range public {
		if p.AllowedMentions == nil || !slices.Equal(p.AllowedMentions.Users, []string{customerID}) || len(p.AllowedMentions.Parse) != 0 {
			t.Errorf("allowed mentions = %+v, want only the customer", p.AllowedMentions)
		}
	}
	msgs, err := f.db.Transcript(context.Background(), "discord:"+supportChannel+":"+customerID, 10)
	if err != nil || len(msgs) == 0 {
		t.Fatalf("transcript: %v, %d lines", err, len(msgs))
	}
	if got := msgs[0].Text; strings.Contains(got, "<@") || !strings.HasPrefix(got, "where is my order?") {
		t.Errorf("the engine read %q, want the text without the mention", got)
	}

	// A verified customer asking again in public still gets nothing there.
	var inPublic, inDM []discordtest.Post
	for _, p := range f.deliver(t, f.inChannel(supportChannel, customerID, "and my points?", true)) {
		if p.ChannelID == supportChannel {
			inPublic = append(inPublic, p)
		} else {
			inDM = append(inDM, p)
		}
	}
	if strings.Contains(joined(inPublic), "points available") {
		t.Errorf("points shown in public: %q", joined(inPublic))
	}
	mustContain(t, joined(inDM), "points available")
	// General questions are answered in the channel itself.
	posts = f.deliver(t, f.inChannel(supportChannel, otherCustomer, "how long is the warranty?", true))
	if len(posts) == 0 || posts[0].ChannelID != supportChannel {
		t.Fatalf("FAQ answer = %+v, want it in the support channel", posts)
	}
	mustContain(t, joined(posts), "2 years")
}

func TestIgnoredMessages(t *testing.T) {
	f := newFixture(t)
	own := f.dm(discordtest.BotID, dmChannel, "Bonjour")
	otherBot := f.dm("810000000000000001", dmChannel, "Bonjour")
	otherBot.Author.Bot = true
	webhook := f.inChannel(supportChannel, customerID, "Bonjour", true)
	webhook.WebhookID = "820000000000000001"
	pinned := f.dm(customerID, dmChannel, "")
	pinned.Type = discordgo.MessageTypeChannelPinnedMessage
	tests := []struct {
		name string
		m    *discordgo.Message
	}{
		{name: "support channel without a mention", m: f.inChannel(supportChannel, customerID, "Bonjour", false)},
		{name: "another channel, with a mention", m: f.inChannel(otherChannel, customerID, "Bonjour", true)},
		{name: "the bot's own message", m: own},
		{name: "another bot", m: otherBot},
		{name: "a webhook", m: webhook},
		{name: "a system message", m: pinned},
		{name: "no author", m: &discordgo.Message{ID: f.fake.NewID(), ChannelID: dmChannel, Content: "Bonjour"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if posts := f.deliver(t, tt.m); len(posts) != 0 {
				t.Errorf("the bot answered: %+v", posts)
			}
			if tt.m.ID == "" {
				return
			}
			fresh, err := f.db.MarkProcessed(context.Background(), source, tt.m.ID)
			if err != nil || !fresh {
				t.Errorf("message marked processed (fresh = %v, err = %v): it should not have been looked at", fresh, err)
			}
		})
	}
	if got := f.fake.Typing(); len(got) != 0 {
		t.Errorf("typing shown for ignored messages: %v", got)
	}
}

// TestMessageOnce delivers the same message twice, then once more to a
// new bot on the same database, as after a restart: one answer.
func TestMessageOnce(t *testing.T) {
	f := newFixture(t)
	m := f.dm(customerID, dmChannel, "Bonjour")
	if posts := f.deliver(t, m); len(posts) == 0 {
		t.Fatal("no answer the first time")
	}
	if posts := f.deliver(t, m); len(posts) != 0 {
		t.Errorf("answered the same message again: %+v", posts)
	}
	restarted := f.newBot(t)
	if posts := f.deliverTo(t, restarted, m); len(posts) != 0 {
		t.Errorf("answered the same message again after a restart: %+v", posts)
	}
	msgs, err := f.db.Transcript(context.Background(), "discord:dm:"+dmChannel, 50)
	if err != nil {
		t.Fatal(err)
	}
	customer := 0
	for _, msg := range msgs {
		if msg.From == "customer" {
			customer++
		}
	}
	if customer != 1 {
		t.Errorf("the transcript has %d customer messages, want 1", customer)
	}
}

// TestOrderKept delivers a customer's messages back to back: the answers
// come in the order of the questions.
func TestOrderKept(t *testing.T) {
	f := newFixture(t)
	before := len(f.fake.Posts())
	for _, text := range []string{"où en est ma commande ?", "sophie.laurent@example.fr", "OP-100701"} {
		f.bot.onMessage(context.Background(), f.dm(customerID, dmChannel, text))
	}
	f.bot.lanes.wait()
	got := joined(f.fake.Posts()[before:])
	email, tracking := strings.Index(got, "adresse e-mail"), strings.Index(got, "XY250174011FR")
	if email < 0 || tracking < 0 || email > tracking {
		t.Errorf("answers out of order or missing:\n%s", got)
	}
}

func TestBareMentionGetsHelp(t *testing.T) {
	f := newFixture(t)
	got := joined(f.deliver(t, f.inChannel(supportChannel, customerID, "", true)))
	texts := mustKnowledge(t).Texts
	mustContain(t, got, texts.T("fr", msgHelp, nil), texts.T("fr", msgCommands, nil))
}

func TestStripMention(t *testing.T) {
	const id = "42"
	tests := []struct {
		name, in, want string
	}{
		{name: "leading", in: "<@42> hello", want: "hello"},
		{name: "nickname form", in: "<@!42> hello", want: "hello"},
		{name: "in the middle", in: "hi <@42> there", want: "hi   there"},
		{name: "someone else", in: "<@43> hello", want: "<@43> hello"},
		{name: "only the mention", in: "<@42>", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripMention(tt.in, id); got != tt.want {
				t.Errorf("stripMention(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

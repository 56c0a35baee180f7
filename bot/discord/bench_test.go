package discord

import (
	"context"
	"strings"
	"testing"

	"supportbot/bot"
)

// BenchmarkSplit cuts a 10,000-character reply into Discord messages.
func BenchmarkSplit(b *testing.B) {
	text := strings.Repeat("Votre colis est parti de notre entrepôt ce matin. ", 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if len(split(text, maxContent)) < 5 {
			b.Fatal("not split")
		}
	}
}

// BenchmarkMessages turns a turn's replies (text, buttons, an agent's
// reply) into Discord messages.
func BenchmarkMessages(b *testing.B) {
	f := newFixture(b)
	p := supportPlace(supportChannel, customerID)
	replies := []bot.Reply{
		{Text: "Merci Sophie, votre commande est en cours d'acheminement.", Buttons: buttonsN(6)},
		{Text: strings.Repeat("Suivi : XY250174011FR. ", 40), Agent: "Julie"},
	}
	for b.Loop() {
		if len(f.bot.messages(p, "fr", replies)) != 2 {
			b.Fatal("wrong number of messages")
		}
	}
}

// BenchmarkDMTurn is one customer message end to end: the real engine on
// SQLite, a typing indicator and the answer posted to the fake Discord
// over HTTP. Discord's 50 requests a second is lifted: with it, the figure
// would be the limiter's pace (a turn makes two or three requests).
func BenchmarkDMTurn(b *testing.B) {
	f := newFixture(b, func(c *Config) { c.RequestsPerSecond = 1e6 })
	f.say(b, "where is my order? sophie.laurent@example.fr OP-100701")
	ctx := context.Background()
	for b.Loop() {
		m := f.dm(customerID, dmChannel, "and my points?")
		f.bot.onMessage(ctx, m)
		f.bot.lanes.wait()
	}
}

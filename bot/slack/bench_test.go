package slack

import (
	"net/http/httptest"
	"testing"

	"supportbot/bot"
	"supportbot/bot/slack/slackfake"
	"supportbot/storage"
)

// BenchmarkEventAck measures what Slack waits for on every event: reading
// the body, checking its signature and parsing it (here a bot's message,
// which the desk then ignores).
func BenchmarkEventAck(b *testing.B) {
	r := newRig(b)
	cfg := r.slack.Config()
	ev := slackfake.Event{ID: "EvBench", Inner: slackfake.BotThreadReply(testChannel, "1700000000.000100", "1700000001.000100", cfg.BotUserID, cfg.BotID, "*Client* : bonjour")}
	h := r.desk.Handler()
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r.signer.EventRequest("/slack/events", ev))
		if w.Code != 200 {
			b.Fatalf("got %d", w.Code)
		}
	}
}

// BenchmarkOrderCommand measures an /order answer, which Slack wants
// within 3 seconds: signature, lookup in SQLite and wording.
func BenchmarkOrderCommand(b *testing.B) {
	r := newRig(b)
	h := r.desk.Handler()
	cmd := slackfake.Command{Command: "/order", Text: "OP-100101", User: agentID, Channel: testChannel}
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r.signer.CommandRequest("/slack/commands", cmd))
		if w.Code != 200 {
			b.Fatalf("got %d", w.Code)
		}
	}
}

// BenchmarkRootBlocks measures building a hand-off's root message.
func BenchmarkRootBlocks(b *testing.B) {
	r := newRig(b)
	r.say(customerTG, "Où est ma commande OP-100101 ? mon email est camille.durand@example.fr")
	r.handOff(customerTG)
	ctx := b.Context()
	h, err := r.db.OpenHandoff(ctx, customerTG)
	if err != nil {
		b.Fatal(err)
	}
	recent, err := r.db.Transcript(ctx, customerTG, 10)
	if err != nil {
		b.Fatal(err)
	}
	c, err := r.db.CustomerByEmail(ctx, "camille.durand@example.fr")
	if err != nil {
		b.Fatal(err)
	}
	o, err := r.db.OrderByNumber(ctx, "OP-100101")
	if err != nil {
		b.Fatal(err)
	}
	brief := bot.Brief{Handoff: h, Conversation: r.conversation(customerTG), Customer: &c, Order: &o,
		Ticket: storage.Ticket{Ref: "TK-BENCH1"}, Recent: recent, Reason: "asked"}
	b.ReportAllocs()
	for b.Loop() {
		if len(r.desk.rootBlocks(brief)) < 5 {
			b.Fatal("short root message")
		}
	}
}

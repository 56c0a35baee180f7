package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/bot/discord/discordtest"
	"supportbot/storage"
)

// withOutbox makes the fixture's engine write Discord replies to the
// outbox and runs the delivery worker that sends them through the bot,
// until the test ends.
func (f *fixture) withOutbox(tb testing.TB) {
	tb.Helper()
	w, err := delivery.New(delivery.Config{
		Channel: bot.ChannelDiscord, Store: f.db, Transport: f.bot,
		Poll: 20 * time.Millisecond, Backoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
	})
	if err != nil {
		tb.Fatal(err)
	}
	f.engine.SetOutbox(bot.ChannelDiscord, w.Wake)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = w.Run(ctx)
	}()
	tb.Cleanup(func() {
		cancel()
		<-done
	})
}

// outbox returns the Discord outbox, oldest first.
func (f *fixture) outbox(tb testing.TB) []storage.OutboxMessage {
	tb.Helper()
	ms, err := f.db.OutboxMessages(context.Background(), bot.ChannelDiscord)
	if err != nil {
		tb.Fatal(err)
	}
	return ms
}

// waitOutboxSent waits until every Discord outbox message is sent.
func (f *fixture) waitOutboxSent(tb testing.TB) []storage.OutboxMessage {
	tb.Helper()
	deadline := time.Now().Add(waitLong)
	for {
		ms := f.outbox(tb)
		sent := len(ms) > 0
		for _, m := range ms {
			sent = sent && m.State == storage.OutboxSent
		}
		if sent {
			return ms
		}
		if time.Now().After(deadline) {
			tb.Fatalf("outbox not sent after %s: %+v", waitLong, ms)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Issue 12: a DM's answer is written to the outbox in the turn's
// transaction, with the message ID the turn consumed, and sent by the
// worker; the same message delivered again (a resume's replay, a
// backfill) is not handled again.
func TestRepliesGoThroughTheOutbox(t *testing.T) {
	f := newFixture(t)
	f.withOutbox(t)
	m := f.dm(customerID, dmChannel, "where is my order?")
	// The worker may already have sent the answer when deliver looks:
	// only the outbox's posts carry a nonce.
	for _, p := range f.deliver(t, m) {
		if p.Nonce == "" {
			t.Fatalf("the adapter posted %q itself, want nothing: the outbox sends the answers", p.Content)
		}
	}
	ms := f.waitOutboxSent(t)
	posts := f.fake.WaitPosts(t, len(ms), waitLong)
	mustContain(t, joined(posts), "e-mail")
	for _, p := range posts {
		if p.ChannelID != dmChannel || p.Nonce == "" {
			t.Errorf("post %+v: want in the DM, with a nonce", p)
		}
	}
	if _, err := f.db.DeliveryResult(context.Background(), source, m.ID); err != nil {
		t.Errorf("message %s not recorded with its turn: %v", m.ID, err)
	}

	f.deliver(t, m)
	time.Sleep(100 * time.Millisecond)
	if got := f.outbox(t); len(got) != len(ms) {
		t.Errorf("a redelivered message queued %d more replies", len(got)-len(ms))
	}
	if got := f.fake.Posts(); len(got) != len(posts) {
		t.Errorf("a redelivered message was answered again: %d posts, want %d", len(got), len(posts))
	}
}

// Issue 12: a send whose outcome the bot did not learn (a timeout) is
// sent again with the same nonce, which Discord answers with the message
// it already created: the customer sees it once.
func TestOutboxRetryIsIdempotent(t *testing.T) {
	f := newFixture(t)
	m := storage.OutboxMessage{ID: 1, IdemKey: "ob-TEST0001", Payload: fmt.Sprintf(
		`{"conversation_id":"discord:dm:%s","lang":"en","reply":{"text":"Your parcel is on its way."}}`, dmChannel)}
	for range 2 {
		if err := f.bot.Deliver(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(f.fake.Posts()); got != 1 {
		t.Errorf("%d messages posted for one outbox message sent twice, want 1", got)
	}
	other := m
	other.IdemKey = "ob-TEST0002"
	if err := f.bot.Deliver(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	if got := len(f.fake.Posts()); got != 2 {
		t.Errorf("%d messages posted, want another message posted", got)
	}
}

// Issue 12: a 429, with retry_after or with nothing said (no body, no
// header), delays that conversation only, is not counted as an attempt,
// and never loses the reply.
func TestRateLimitDelaysOneConversation(t *testing.T) {
	for _, tt := range []struct {
		name  string
		limit func(*discordtest.Server)
	}{
		{"with retry_after", func(s *discordtest.Server) { s.RateLimit(1, 2*time.Second) }},
		{"without Retry-After", func(s *discordtest.Server) { s.RateLimitBare(1) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.withOutbox(t)
			tt.limit(f.fake)
			f.deliver(t, f.dm(customerID, dmChannel, "what are your delivery times?"))
			deadline := time.Now().Add(waitLong)
			for f.fake.RateLimited() == 0 {
				if time.Now().After(deadline) {
					t.Fatal("no 429 answered")
				}
				time.Sleep(5 * time.Millisecond)
			}
			held := f.outbox(t)
			if len(held) == 0 || held[0].State != storage.OutboxPending || held[0].Attempts != 0 {
				t.Fatalf("after the 429 the outbox holds %+v, want the reply pending, no attempt counted", held)
			}
			start := time.Now()
			otherDM := "710000000000000009"
			f.deliver(t, f.dm(otherCustomer, otherDM, "what are your delivery times?"))
			for {
				var toOther bool
				for _, p := range f.fake.Posts() {
					toOther = toOther || p.ChannelID == otherDM
				}
				if toOther {
					break
				}
				if time.Since(start) > waitLong {
					t.Fatal("the other conversation was not answered")
				}
				time.Sleep(5 * time.Millisecond)
			}
			if waited := time.Since(start); waited > 900*time.Millisecond {
				t.Errorf("the other conversation waited %v behind the rate limit", waited)
			}
			for _, m := range f.waitOutboxSent(t) {
				if m.Recipient == held[0].Recipient && m.Attempts != 1 {
					t.Errorf("message %d sent after %d attempts, want 1: the 429 is not an attempt", m.ID, m.Attempts)
				}
			}
			var inDM int
			for _, p := range f.fake.Posts() {
				if p.ChannelID == dmChannel {
					inDM++
				}
			}
			if inDM != len(held) {
				t.Errorf("%d messages reached the limited DM, want its %d replies once each", inDM, len(held))
			}
		})
	}
}

// Issue 12: a button press is acknowledged within Discord's 3 seconds
// even while another writer (an import) holds the database for longer;
// the answer follows through the outbox once the writer is free.
func TestButtonAcknowledgedWhileTheWriterIsHeld(t *testing.T) {
	f := newFixture(t)
	f.withOutbox(t)
	f.deliver(t, f.dm(customerID, dmChannel, "Bonjour"))
	f.waitOutboxSent(t)
	posts := f.fake.Posts()
	buttons := posts[len(posts)-1].Buttons()
	if len(buttons) == 0 {
		t.Fatal("the greeting has no buttons")
	}

	held, release := make(chan struct{}), make(chan struct{})
	go func() {
		_ = f.db.WithTx(context.Background(), func(ctx context.Context) error {
			if _, err := f.db.MarkProcessed(ctx, "test", "hold the writer"); err != nil {
				return err
			}
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	i := f.pressOf(dmChannel, customerID, buttons[0].CustomID, false)
	f.fake.PressedAt(i.Token, time.Now())
	f.bot.onInteraction(context.Background(), i)
	time.Sleep(discordtest.InteractionDeadline + 500*time.Millisecond)
	cbs := f.fake.Callbacks()
	if len(cbs) != 1 || cbs[0].Token != i.Token || cbs[0].Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Errorf("callbacks while the writer is held = %+v, want one deferred update", cbs)
	}
	if n := f.fake.LateAcks(); n != 0 {
		t.Errorf("%d acknowledgements came after Discord's deadline", n)
	}
	close(release)
	f.bot.lanes.wait()
	before := len(posts)
	f.waitOutboxSent(t)
	if got := f.fake.Posts(); len(got) <= before {
		t.Error("the press was never answered")
	}
	if _, err := f.db.DeliveryResult(context.Background(), source, "interaction:"+i.ID); err != nil {
		t.Errorf("the interaction was not recorded with its turn: %v", err)
	}
}

// Issue 12: after a restart, the DMs of every open conversation kept in
// the database are read back — not only those seen since the start — page
// after page past Discord's 100 messages a request.
func TestBackfillReadsOpenDMsPastOnePage(t *testing.T) {
	f := newFixture(t)
	f.say(t, "Bonjour") // the conversation is in the database
	restarted := f.newBot(t)
	const missed = 130
	var history []*discordgo.Message
	for n := range missed {
		m := f.dm(customerID, dmChannel, "!help")
		m.Timestamp = time.Now().Add(-time.Duration(missed-n) * time.Second)
		history = append([]*discordgo.Message{m}, history...) // newest first
	}
	f.fake.SetHistory(dmChannel, history...)
	before := len(f.fake.Posts())

	restarted.onReady(context.Background(), &discordgo.Ready{})
	restarted.lanes.wait()
	answered := 0
	for _, p := range f.fake.Posts()[before:] {
		if p.ChannelID == dmChannel && strings.Contains(p.Content, "!") {
			answered++
		}
	}
	if answered != missed {
		t.Errorf("%d of the %d messages sent while away answered", answered, missed)
	}
	for _, m := range history {
		if _, err := f.db.DeliveryResult(context.Background(), source, m.ID); err != nil {
			t.Fatalf("message %s not recorded: %v", m.ID, err)
		}
	}
}

// Issue 12: a message sent while the bot was away is answered before the
// one the customer sends right after the bot is back, in the order they
// were written.
func TestBackfillComesBeforeTheNextMessage(t *testing.T) {
	f := newFixture(t)
	f.say(t, "Hello")
	restarted := f.newBot(t)
	missed := f.dm(customerID, dmChannel, "what are your delivery times?")
	missed.Timestamp = time.Now().Add(-time.Minute)
	f.fake.SetHistory(dmChannel, missed)
	live := f.dm(customerID, dmChannel, "thanks, bye")

	restarted.onReady(context.Background(), &discordgo.Ready{})
	restarted.onMessage(context.Background(), live)
	restarted.lanes.wait()
	said := f.customerSaid(t, dmPlace(dmChannel).conv)
	if want := []string{"Hello", missed.Content, live.Content}; strings.Join(said, "|") != strings.Join(want, "|") {
		t.Errorf("the customer's messages were handled as %q, want %q", said, want)
	}
}

// Issue 12: a customer's first message, whose turn never committed (the
// process died), is read back after the restart: its DM channel was
// recorded when the message arrived, though no conversation was stored.
func TestBackfillReadsADMWithoutAConversation(t *testing.T) {
	f := newFixture(t)
	const newDM = "710000000000000077"
	first := f.dm(otherCustomer, newDM, "what are your delivery times?")
	first.Timestamp = time.Now().Add(-time.Minute)
	f.bot.rememberDM(context.Background(), newDM) // arrived; the process died before its turn committed
	if _, err := f.db.Conversation(context.Background(), dmPlace(newDM).conv); err == nil {
		t.Fatal("the conversation is stored: the test needs one that is not")
	}
	f.fake.SetHistory(newDM, first)
	restarted := f.newBot(t)
	restarted.onReady(context.Background(), &discordgo.Ready{})
	restarted.lanes.wait()
	if _, err := f.db.DeliveryResult(context.Background(), source, first.ID); err != nil {
		t.Errorf("the first message was not handled after the restart: %v", err)
	}
	var answered bool
	for _, p := range f.fake.Posts() {
		answered = answered || p.ChannelID == newDM
	}
	if !answered {
		t.Error("no answer in the DM")
	}
}

// Issue 12: in the support channel the outbox's replies mention the
// customer they answer, and only them.
func TestOutboxRepliesInTheSupportChannelMentionTheCustomer(t *testing.T) {
	f := newFixture(t)
	f.withOutbox(t)
	f.deliver(t, f.inChannel(supportChannel, customerID, "what are your delivery times?", true))
	ms := f.waitOutboxSent(t)
	posts := f.fake.WaitPosts(t, len(ms), waitLong)
	for _, p := range posts {
		if p.ChannelID != supportChannel || !strings.HasPrefix(p.Content, "<@"+customerID+">") ||
			p.AllowedMentions == nil || len(p.AllowedMentions.Users) != 1 || p.AllowedMentions.Users[0] != customerID {
			t.Errorf("post %+v: want in the support channel, mentioning the customer alone", p)
		}
	}
}

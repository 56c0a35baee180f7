package slack

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/bot/slack/slackfake"
	"supportbot/storage"
)

// holdWriter holds the database's writer, as an import does, until the
// returned release is called.
func holdWriter(t *testing.T, r *rig) (release func()) {
	t.Helper()
	held, done := make(chan struct{}), make(chan struct{})
	stop := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.db.WithTx(context.Background(), func(ctx context.Context) error {
			if _, err := r.db.MarkProcessed(ctx, "test", fmt.Sprint("hold ", time.Now().UnixNano())); err != nil {
				return err
			}
			close(held)
			<-stop
			return nil
		})
	}()
	<-held
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(stop)
			<-done
		})
	}
	t.Cleanup(release)
	return release
}

// Issue 12: Slack is told an agent's thread message was handled only once
// its turn committed with its event_id. While an import holds the writer
// past Slack's 3 seconds, the delivery fails and Slack retries (with
// X-Slack-Retry-Num); the retries join the turn under way rather than run
// it again, and the one after the commit is acknowledged: the customer
// gets the reply once.
func TestThreadMessageAckedOnceItsTurnCommitted(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	release := holdWriter(t, r)
	ts := r.slack.NewTS()
	ev := slackfake.Event{ID: "EvSlow0001", Inner: slackfake.ThreadReply(testChannel, root.TS, ts, agentID, "Je m'en occupe.")}
	time.AfterFunc(3500*time.Millisecond, release)

	d := r.signer.Deliver(r.url("/slack/events"), ev, 0, 2*time.Second, 2*time.Second)
	if !d.Acked {
		t.Fatalf("the event was never acknowledged: %v", d.Statuses)
	}
	if d.Statuses[0] == http.StatusOK {
		t.Errorf("acknowledged at once (%v) while its turn could not commit", d.Statuses)
	}
	for _, s := range d.Statuses[:len(d.Statuses)-1] {
		if s == http.StatusOK {
			t.Errorf("statuses %v: acknowledged before the last attempt", d.Statuses)
		}
	}
	got := r.waitSent(1)
	time.Sleep(200 * time.Millisecond)
	if got = r.sent.all(); len(got) != 1 || got[0].Reply.Text != "Je m'en occupe." {
		t.Errorf("customer got %+v, want the reply once", got)
	}
	if _, err := r.db.DeliveryResult(context.Background(), deliverySource, ev.ID); err != nil {
		t.Errorf("event_id not recorded with its turn: %v", err)
	}
}

// Issue 12: an agent's replies in one thread reach the customer in the
// order Slack delivered them, even when they pile up behind a busy writer.
func TestAgentRepliesOfOneThreadKeepTheirOrder(t *testing.T) {
	r := newRig(t, func(c *Config) { c.Workers = 4 })
	root := r.handOff(customerTG)
	release := holdWriter(t, r)
	want := []string{"un", "deux", "trois", "quatre", "cinq", "six"}
	var wg sync.WaitGroup
	for i, text := range want {
		ts := r.slack.NewTS()
		ev := slackfake.Event{ID: fmt.Sprintf("EvOrder%04d", i), Inner: slackfake.ThreadReply(testChannel, root.TS, ts, agentID, text)}
		wg.Go(func() { r.signer.Deliver(r.url("/slack/events"), ev, 100*time.Millisecond, time.Second, time.Second) })
		// The order is the order of arrival; the gap keeps it the order
		// sent, even on a busy machine (40 ms was seen to be too short).
		time.Sleep(150 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	release()
	wg.Wait()
	got := r.waitSent(len(want))
	var texts []string
	for _, s := range got {
		texts = append(texts, s.Reply.Text)
	}
	if strings.Join(texts, ",") != strings.Join(want, ",") {
		t.Errorf("customer got %q, want %q, once each and in order", texts, want)
	}
}

// Issue 12: a file shared in the thread (subtype file_share) reaches the
// customer with the text, as its public link, under the agent's name; one
// without a public link is not sent (the customer could not open it) and
// the agent is told.
func TestFileShareIsRelayed(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	ts := r.slack.NewTS()
	file := slackfake.File{ID: "F0001", Name: "etiquette-retour.pdf", Title: "Étiquette retour",
		Permalink:       "https://fake.slack.test/files/UAGENT01/F0001/etiquette-retour.pdf",
		PermalinkPublic: "https://slack-files.com/TFAKE001-F0001-abc123"}
	ev := slackfake.Event{ID: "EvFile0001", Inner: slackfake.FileShare(testChannel, root.TS, ts, agentID, "Voici votre étiquette.", file)}
	if d := r.signer.Deliver(r.url("/slack/events"), ev); !d.Acked {
		t.Fatalf("file_share event not acknowledged: %v", d.Statuses)
	}
	got := r.waitSent(1)
	if got[0].Reply.Agent != "Alice" || !strings.Contains(got[0].Reply.Text, "Voici votre étiquette.") ||
		!strings.Contains(got[0].Reply.Text, file.PermalinkPublic) || !strings.Contains(got[0].Reply.Text, "Étiquette retour") {
		t.Errorf("customer got %+v, want the text and the file's public link, from Alice", got[0])
	}

	// A file alone, no text.
	alone := slackfake.Event{ID: "EvFile0002", Inner: slackfake.FileShare(testChannel, root.TS, r.slack.NewTS(), agentID, "", file)}
	if d := r.signer.Deliver(r.url("/slack/events"), alone); !d.Acked {
		t.Fatalf("file_share event not acknowledged: %v", d.Statuses)
	}
	if got := r.waitSent(2); !strings.Contains(got[1].Reply.Text, file.PermalinkPublic) {
		t.Errorf("a file alone reached the customer as %+v", got[1])
	}

	// A file without a public link: the customer could not open it, so
	// the text goes alone and the agent is told.
	private := file
	private.PermalinkPublic = ""
	ev = slackfake.Event{ID: "EvFile0003", Inner: slackfake.FileShare(testChannel, root.TS, r.slack.NewTS(), agentID, "Et la facture.", private)}
	if d := r.signer.Deliver(r.url("/slack/events"), ev); !d.Acked {
		t.Fatalf("file_share event not acknowledged: %v", d.Statuses)
	}
	if got := r.waitSent(3); got[2].Reply.Text != "Et la facture." {
		t.Errorf("customer got %+v, want the text alone", got[2])
	}
	if !r.slack.Wait(5*time.Second, func() bool {
		for _, e := range r.slack.Ephemerals() {
			if e.User == agentID && strings.Contains(e.Text, "Étiquette retour") && strings.Contains(e.Text, "lien public") {
				return true
			}
		}
		return false
	}) {
		t.Errorf("the agent was not told the file did not go: %+v", r.slack.Ephemerals())
	}
}

// Issue 12: when Slack cannot tell an agent's name (users.info fails), the
// reply still goes out, under a label that says a person writes.
func TestAgentNameFallbackSaysAPersonWrites(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	r.slack.Inject("users.info", slackfake.Fault{Status: http.StatusOK, Error: "internal_error"})
	if code, body := r.reply(root, agent2ID, "Je regarde votre commande."); code != http.StatusOK {
		t.Fatalf("agent reply: %d %s", code, body)
	}
	got := r.waitSent(1)
	if got[0].Reply.Agent != "Votre conseiller" || got[0].Reply.Text != "Je regarde votre commande." {
		t.Errorf("customer got %+v, want the reply under the label of a person", got[0])
	}
}

// Issue 12: a relay Slack keeps refusing with 429 and no Retry-After is
// delayed, never counted as an attempt, never given up.
func TestRelayRateLimitedWithoutRetryAfterIsNeverLost(t *testing.T) {
	r := newRig(t, func(c *Config) { c.NoRetryAfterWait = 20 * time.Millisecond })
	w, err := delivery.New(delivery.Config{
		Channel: bot.OutboxDesk, Store: r.db, Transport: r.desk, MaxAttempts: 2,
		Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	r.engine.SetOutbox(bot.OutboxDesk, w.Wake)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })
	root := r.handOff(customerTG)
	// More 429s than MaxAttempts, none with Retry-After: each costs the
	// desk's own waits, then a wait of the worker.
	faults := make([]slackfake.Fault, 14)
	for i := range faults {
		faults[i] = slackfake.Fault{Status: http.StatusTooManyRequests}
	}
	r.slack.Inject("chat.postMessage", faults...)
	r.say(customerTG, "vous êtes là ?")
	if !r.slack.Wait(10*time.Second, func() bool { return len(r.slack.Thread(testChannel, root.TS)) >= 1 }) {
		ms, _ := r.db.OutboxMessages(context.Background(), bot.OutboxDesk)
		t.Fatalf("relay never posted; outbox %+v", ms)
	}
	ms, err := r.db.OutboxMessages(context.Background(), bot.OutboxDesk)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.State == storage.OutboxDead {
			t.Errorf("message %d became a dead letter after 429s: %s", m.ID, m.LastError)
		}
	}
}

// Issue 12: over Socket Mode too, an agent's thread message is acked only
// once its turn committed: while an import holds the writer the envelope
// stays unacked (Slack sends it again); the redelivery after the commit
// is acked and changes nothing.
func TestSocketModeAcksOnceTheTurnCommitted(t *testing.T) {
	r := newRig(t, func(c *Config) {
		c.AppToken = slackfake.DefaultAppToken
		c.SigningSecret = ""
	})
	if !r.slack.SocketConnected(5 * time.Second) {
		t.Fatal("the desk did not open a Socket Mode connection")
	}
	root := r.handOff(customerTG)
	release := holdWriter(t, r)
	ev := slackfake.Event{ID: "EvSocketSlow", Inner: slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), agentID, "Un instant.")}
	id, err := r.slack.SocketEvent(ev)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.slack.Ack(id, slackfake.AckDeadline); ok {
		t.Error("acked while the turn could not commit")
	}
	release()
	r.waitSent(1)
	ev.Retry = 1
	id, err = r.slack.SocketEvent(ev)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.slack.Ack(id, 5*time.Second); !ok {
		t.Error("the redelivery after the commit was not acked")
	}
	time.Sleep(200 * time.Millisecond)
	if got := r.sent.all(); len(got) != 1 {
		t.Errorf("customer got %d replies, want 1", len(got))
	}
}

// Issue 12: the hand-off's root message is posted during the customer's
// turn, whose transaction may hold the database's writer: a rate limit is
// not waited out there (the turn would hold every other one back); the
// hand-off is recorded as a ticket and the customer told the team writes
// back.
func TestOpenDoesNotWaitOutARateLimit(t *testing.T) {
	r := newRig(t)
	r.slack.RateLimit("chat.postMessage", 20, 1)
	start := time.Now()
	resp := r.say(customerTG, "je veux parler à un conseiller")
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the turn took %v behind Slack's rate limit", took)
	}
	if resp.Handoff || len(resp.Replies) == 0 || !strings.Contains(resp.Replies[len(resp.Replies)-1].Text, "e-mail") {
		t.Errorf("customer told %+v, want the request recorded and an answer by e-mail", resp.Replies)
	}
	if n := len(r.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("%d posts tried, want 1", n)
	}
}

package slack

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/bot/slack/slackfake"
	"supportbot/storage"
)

// withDeskOutbox sends the rig's relays through the outbox and its worker,
// as serve does.
func withDeskOutbox(t *testing.T, r *rig) {
	t.Helper()
	w, err := delivery.New(delivery.Config{
		Channel: bot.OutboxDesk, Store: r.db, Transport: r.desk,
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
}

// Issue 12: a customer's messages reach the thread through the outbox, in
// order, even when Slack answers 429 without Retry-After or fails for a
// moment: the relay is retried, not lost.
func TestRelaysThroughTheOutboxKeepOrderAndSurviveFailures(t *testing.T) {
	r := newRig(t)
	withDeskOutbox(t, r)
	root := r.handOff(customerTG)
	r.slack.Inject("chat.postMessage",
		slackfake.Fault{Status: http.StatusTooManyRequests},
		slackfake.Fault{Status: http.StatusInternalServerError})
	for _, text := range []string{"un", "deux", "trois"} {
		r.say(customerTG, text)
	}
	if !r.slack.Wait(10*time.Second, func() bool { return len(r.slack.Thread(testChannel, root.TS)) >= 3 }) {
		t.Fatalf("thread has %+v, want the three messages", r.slack.Thread(testChannel, root.TS))
	}
	var got []string
	for _, m := range r.slack.Thread(testChannel, root.TS) {
		got = append(got, m.Text)
	}
	want := []string{"*Client* : un", "*Client* : deux", "*Client* : trois"}
	if len(got) != len(want) {
		t.Fatalf("thread = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("thread message %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// refusingTransport is a customer's platform that refuses every message
// for good, as Telegram does once the customer blocked the bot.
type refusingTransport struct{}

func (refusingTransport) Deliver(context.Context, storage.OutboxMessage) error {
	return delivery.Permanent(errors.New("403 Forbidden: bot was blocked by the user"))
}

// Issue 12: an agent's reply that becomes a dead letter is reported in the
// hand-off's thread.
func TestUndeliveredAgentReplyIsToldInTheThread(t *testing.T) {
	r := newRig(t)
	withDeskOutbox(t, r)
	w, err := delivery.New(delivery.Config{
		Channel: bot.ChannelTelegram, Store: r.db, Transport: refusingTransport{},
		Poll: 10 * time.Millisecond, OnDead: r.engine.Undelivered,
	})
	if err != nil {
		t.Fatal(err)
	}
	r.engine.SetOutbox(bot.ChannelTelegram, w.Wake)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })

	root := r.handOff(customerTG)
	if code, body := r.reply(root, agentID, "Bonjour, je regarde."); code != http.StatusOK {
		t.Fatalf("agent reply: %d %s", code, body)
	}
	if !r.slack.Wait(10*time.Second, func() bool {
		for _, m := range r.slack.Thread(testChannel, root.TS) {
			if strings.Contains(m.Text, "Non remis au client") && strings.Contains(m.Text, "Bonjour, je regarde.") {
				return true
			}
		}
		return false
	}) {
		t.Errorf("thread = %+v, want the agent told the reply was not delivered", r.slack.Thread(testChannel, root.TS))
	}
}

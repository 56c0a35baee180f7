package slack

import (
	"context"
	"encoding/json"
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
		Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond, OnDead: r.engine.DeskUndelivered,
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

// A new hand-off's root message is posted by the desk's outbox worker, not
// by the customer's turn: the turn answers at once while Slack fails, the
// root message follows once Slack is back, and what the customer wrote
// meanwhile goes into its thread after it, in order.
func TestHandoffRootPostedFromTheOutbox(t *testing.T) {
	r := newRig(t)
	withDeskOutbox(t, r)
	r.slack.Inject("chat.postMessage",
		slackfake.Fault{Status: http.StatusInternalServerError},
		slackfake.Fault{Status: http.StatusOK, Error: "internal_error"})
	resp := r.say(customerTG, "je veux parler à un conseiller")
	if !resp.Handoff || len(resp.Replies) == 0 || !strings.Contains(resp.Replies[0].Text, "conseiller") {
		t.Fatalf("asking for a person: handoff %v, replies %+v", resp.Handoff, resp.Replies)
	}
	for _, text := range []string{"un", "deux"} {
		r.say(customerTG, text)
	}
	var root slackfake.Message
	if !r.slack.Wait(10*time.Second, func() bool {
		roots := r.slack.Roots(testChannel)
		if len(roots) != 1 {
			return false
		}
		root = roots[0]
		return len(r.slack.Thread(testChannel, root.TS)) >= 2
	}) {
		t.Fatalf("roots %+v, want one with the two messages in its thread", r.slack.Roots(testChannel))
	}
	var got []string
	for _, m := range r.slack.Thread(testChannel, root.TS) {
		got = append(got, m.Text)
	}
	if want := []string{"*Client* : un", "*Client* : deux"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("thread = %q, want %q", got, want)
	}
	h, err := r.db.OpenHandoff(context.Background(), customerTG)
	if err != nil || h.DeskRef != testChannel+"/"+root.TS {
		t.Errorf("hand-off = %+v, %v; want its desk reference recorded", h, err)
	}
	// The team works the thread as before.
	if code, body := r.reply(root, agentID, "Bonjour, je suis là."); code != http.StatusOK {
		t.Fatalf("agent reply: %d %s", code, body)
	}
	if !r.slack.Wait(5*time.Second, func() bool {
		for _, s := range r.sent.all() {
			if s.Reply.Text == "Bonjour, je suis là." {
				return true
			}
		}
		return false
	}) {
		t.Errorf("customer got %+v, want the agent's reply", r.sent.all())
	}
	// Delivered again (a retry after an unknown outcome), the root
	// message is not posted twice.
	m := storage.OutboxMessage{ID: 1, Channel: bot.OutboxDesk, Payload: mustJSON(t, bot.DeskPayload{
		Kind: bot.DeskOpen, HandoffID: h.ID, Brief: &bot.Brief{Handoff: h}})}
	if err := r.desk.Deliver(context.Background(), m); err != nil {
		t.Errorf("open delivered again: %v", err)
	}
	if roots := r.slack.Roots(testChannel); len(roots) != 1 {
		t.Errorf("%d root messages after a second delivery, want 1", len(roots))
	}
}

// A hand-off whose root message Slack refuses for good is handed back:
// the customer, told a person would answer, is told the team will write
// back instead, and the bot answers them again.
func TestHandoffNeverPostedIsHandedBack(t *testing.T) {
	r := newRig(t)
	withDeskOutbox(t, r)
	r.slack.Inject("chat.postMessage", slackfake.Fault{Status: http.StatusOK, Error: "channel_not_found"})
	if resp := r.say(customerTG, "je veux parler à un conseiller"); !resp.Handoff {
		t.Fatalf("asking for a person: no hand-off; replies %+v", resp.Replies)
	}
	if !r.slack.Wait(10*time.Second, func() bool {
		for _, s := range r.sent.all() {
			if s.Conversation == customerTG && strings.Contains(s.Reply.Text, "personne ne vous répondra donc ici") {
				return true
			}
		}
		return false
	}) {
		t.Fatalf("customer got %+v, want to be told the team will write back", r.sent.all())
	}
	if _, err := r.db.OpenHandoff(context.Background(), customerTG); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("open hand-off after the dead letter: %v, want none", err)
	}
	if len(r.slack.Roots(testChannel)) != 0 {
		t.Errorf("roots = %+v, want none", r.slack.Roots(testChannel))
	}
	if resp := r.say(customerTG, "quels sont vos horaires ?"); resp.Handoff || len(resp.Replies) == 0 {
		t.Errorf("after the hand-back: handoff %v, replies %+v; want the bot answering", resp.Handoff, resp.Replies)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
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

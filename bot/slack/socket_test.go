package slack

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"supportbot/bot/slack/slackfake"
)

func TestSocketMode(t *testing.T) {
	r := newRig(t, func(c *Config) {
		c.AppToken = slackfake.DefaultAppToken
		c.SigningSecret = ""
	})
	if !r.slack.SocketConnected(5 * time.Second) {
		t.Fatal("the desk did not open a Socket Mode connection")
	}
	root := r.handOff(customerTG)

	// An agent's reply, delivered twice: acked both times, sent once.
	ev := slackfake.Event{ID: "EvSocket01", Inner: slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), agentID, "Bonjour depuis Slack")}
	for retry := range 2 {
		ev.Retry = retry
		id, err := r.slack.SocketEvent(ev)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := r.slack.Ack(id, 5*time.Second); !ok {
			t.Fatalf("event delivery %d not acked", retry)
		}
	}
	if sent := r.waitSent(1); sent[0].Reply.Text != "Bonjour depuis Slack" || sent[0].Reply.Agent != "Alice" {
		t.Errorf("customer got %+v", sent)
	}

	// Take, pressed over the socket.
	take, err := r.slack.Button(testChannel, root.TS, ActionTake)
	if err != nil {
		t.Fatal(err)
	}
	take.User = agentID
	id, err := r.slack.SocketAction(take)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := r.slack.Ack(id, 5*time.Second); !ok {
		t.Fatal("button press not acked")
	}
	if text := blockText(t, r.waitRoot(root.TS, 1)); !strings.Contains(text, "Pris en charge par Alice Martin") {
		t.Errorf("root after Take:\n%s", text)
	}

	// A slash command is answered in the ack.
	id, err = r.slack.SocketCommand(slackfake.Command{Command: "/order", Text: "OP-100101", User: agentID, Channel: testChannel})
	if err != nil {
		t.Fatal(err)
	}
	payload, ok := r.slack.Ack(id, 5*time.Second)
	if !ok {
		t.Fatal("slash command not acked")
	}
	var a commandAnswer
	if err := json.Unmarshal(payload, &a); err != nil {
		t.Fatalf("ack payload %s: %v", payload, err)
	}
	if a.ResponseType != "ephemeral" || !strings.Contains(a.Text, "*Commande OP-100101*") {
		t.Errorf("slash command answered %+v", a)
	}

	// Without a signing secret, the HTTP endpoints take nothing.
	if code, _ := r.do(r.signer.EventRequest(r.url("/slack/events"), ev)); code != 401 {
		t.Errorf("HTTP event in Socket Mode: got %d, want 401", code)
	}
}

package slack

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"supportbot/bot/slack/slackfake"
	"supportbot/storage"
)

func TestTakeThenResolve(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)

	if code, _ := r.press(root, agentID, ActionTake); code != 200 {
		t.Fatalf("Take: got status %d, want 200", code)
	}
	joined := r.waitSent(1)[0]
	if joined.Reply.Agent != "" || !strings.Contains(joined.Reply.Text, "Alice") {
		t.Errorf("customer told %+v, want the bot saying Alice joined", joined.Reply)
	}
	taken := r.waitRoot(root.TS, 1)
	if text := blockText(t, taken); !strings.Contains(text, "Pris en charge par Alice Martin") {
		t.Errorf("root after Take:\n%s", text)
	}
	if got := buttons(t, taken); !slices.Equal(got, []string{ActionResolve}) {
		t.Errorf("buttons after Take: got %v, want only Resolve", got)
	}
	if c := r.conversation(customerTG); c.Handoff != storage.HandoffWithAgent {
		t.Errorf("state after Take: got %q, want %q", c.Handoff, storage.HandoffWithAgent)
	}

	// While the agent has it, the bot stays quiet and the customer's
	// words go to the thread.
	resp := r.say(customerTG, "merci, j'attends")
	if len(resp.Replies) != 0 {
		t.Errorf("the bot answered while an agent has the conversation: %+v", resp.Replies)
	}

	if code, _ := r.press(taken, agentID, ActionResolve); code != 200 {
		t.Fatalf("Resolve: got status %d, want 200", code)
	}
	resolved := r.waitSent(2)[1]
	if resolved.Reply.Agent != "" || resolved.Reply.Text == "" {
		t.Errorf("customer told %+v, want the bot's notice", resolved.Reply)
	}
	after := r.waitRoot(root.TS, 2)
	if text := blockText(t, after); !strings.Contains(text, "Résolu par Alice Martin") {
		t.Errorf("root after Resolve:\n%s", text)
	}
	if got := buttons(t, after); len(got) != 0 {
		t.Errorf("buttons after Resolve: %v", got)
	}
	if text := blockText(t, after); !strings.Contains(text, "*Client* : je veux parler à un conseiller") || !strings.Contains(text, "non vérifié") {
		t.Errorf("root lost its brief when updated:\n%s", text)
	}
	if c := r.conversation(customerTG); c.Handoff != storage.HandoffNone {
		t.Errorf("state after Resolve: got %q, want none", c.Handoff)
	}
	wantThread := []string{"Alice Martin prend la conversation", "merci, j'attends", "Alice Martin a résolu"}
	var threadTexts string
	r.slack.Wait(5*time.Second, func() bool {
		threadTexts = texts(r.slack.Thread(testChannel, root.TS))
		return strings.Contains(threadTexts, wantThread[2])
	})
	for _, want := range wantThread {
		if !strings.Contains(threadTexts, want) {
			t.Errorf("thread lacks %q:\n%s", want, threadTexts)
		}
	}

	// The bot answers again, and nothing more goes to Slack.
	posted := len(r.slack.Messages(""))
	resp = r.say(customerTG, "combien de points fidélité ai-je ?")
	if resp.Handoff || len(resp.Replies) == 0 {
		t.Errorf("after Resolve the bot did not answer: %+v", resp)
	}
	if n := len(r.slack.Messages("")); n != posted {
		t.Errorf("after Resolve %d messages went to Slack, want none", n-posted)
	}
}

func texts(msgs []slackfake.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(m.Text + "\n")
	}
	return b.String()
}

// waitRoot waits for a root message to have been updated n times.
func (r *rig) waitRoot(ts string, n int) slackfake.Message {
	r.tb.Helper()
	var m slackfake.Message
	ok := r.slack.Wait(5*time.Second, func() bool {
		m, _ = r.slack.Message(testChannel, ts)
		return m.Updates >= n
	})
	if !ok {
		r.tb.Fatalf("root %s updated %d times, want %d", ts, m.Updates, n)
	}
	return m
}

func TestActionsOnAResolvedHandoff(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	stale, err := r.slack.Button(testChannel, root.TS, ActionTake)
	if err != nil {
		t.Fatal(err)
	}
	r.press(root, agentID, ActionResolve)
	r.waitSent(1)
	r.waitRoot(root.TS, 1)

	// A second agent presses Take on a stale view of the message.
	stale.User = agent2ID
	if code, _ := r.do(r.signer.ActionRequest(r.url("/slack/interactivity"), stale)); code != 200 {
		t.Fatalf("Take: got %d, want 200", code)
	}
	// And writes in the thread.
	r.reply(root, agent2ID, "Bonjour, je prends")
	ok := r.slack.Wait(5*time.Second, func() bool { return len(r.slack.Ephemerals()) >= 2 })
	if !ok {
		t.Fatalf("ephemeral notes: got %+v, want 2", r.slack.Ephemerals())
	}
	for _, e := range r.slack.Ephemerals() {
		if e.User != agent2ID || e.ThreadTS != root.TS || !strings.Contains(e.Text, "déjà résolue") {
			t.Errorf("ephemeral note %+v, want one to %s in the thread saying it is resolved", e, agent2ID)
		}
	}
	if sent := r.sent.all(); len(sent) != 1 {
		t.Errorf("customer got %d messages, want only the resolve notice: %+v", len(sent), sent)
	}
	if c := r.conversation(customerTG); c.Handoff != storage.HandoffNone {
		t.Errorf("state: got %q, want none", c.Handoff)
	}
}

func TestReplyTakesAWaitingHandoff(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	r.reply(root, agentID, "Bonjour, c'est Alice")
	r.waitSent(1)
	h, err := r.db.HandoffByDeskRef(context.Background(), testChannel+"/"+root.TS)
	if err != nil {
		t.Fatal(err)
	}
	if h.State != storage.HandoffWithAgent || h.AgentID != agentID || h.AgentName != agentName {
		t.Errorf("hand-off after a reply: %+v, want taken by %s", h, agentName)
	}
}

// TestCaseStatusMenu: the agent sets the hand-off's case to "in progress"
// from the menu beside Take and Resolve (Slack's block_actions payload for
// a static select), the ticket follows and the thread says so; the menu
// stays once the hand-off is resolved, and an unknown status changes
// nothing.
func TestCaseStatusMenu(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	h, err := r.db.OpenHandoff(context.Background(), customerTG)
	if err != nil {
		t.Fatal(err)
	}
	choose := func(m slackfake.Message, value string) {
		t.Helper()
		a, err := r.slack.Select(testChannel, m.TS, ActionCaseStatus, value)
		if err != nil {
			t.Fatal(err)
		}
		a.User, a.UserName = agentID, "alice"
		if code, body := r.do(r.signer.ActionRequest(r.url("/slack/interactivity"), a)); code != 200 {
			t.Fatalf("choose %s: status %d (%s)", value, code, body)
		}
	}
	status := func() string {
		tk, err := r.db.TicketByID(context.Background(), h.TicketID)
		if err != nil {
			t.Fatal(err)
		}
		return tk.Status
	}
	choose(root, storage.TicketInProgress)
	if !r.slack.Wait(5*time.Second, func() bool { return status() == storage.TicketInProgress }) {
		t.Fatalf("ticket status = %q, want in_progress", status())
	}
	if !r.slack.Wait(5*time.Second, func() bool {
		return strings.Contains(texts(r.slack.Thread(testChannel, root.TS)), "Alice Martin passe le dossier à « en cours »")
	}) {
		t.Errorf("thread lacks the status note:\n%s", texts(r.slack.Thread(testChannel, root.TS)))
	}

	if code, _ := r.press(root, agentID, ActionResolve); code != 200 {
		t.Fatal("Resolve failed")
	}
	after := r.waitRoot(root.TS, 1)
	choose(after, storage.TicketRejected)
	if !r.slack.Wait(5*time.Second, func() bool { return status() == storage.TicketRejected }) {
		t.Errorf("after Resolve, ticket status = %q, want rejected", status())
	}
	if _, err := r.slack.Select(testChannel, after.TS, ActionCaseStatus, "lost"); err == nil {
		t.Error("the menu offers a status the store refuses")
	}
}

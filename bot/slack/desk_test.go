package slack

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"supportbot/bot"
	"supportbot/bot/slack/slackfake"
	"supportbot/storage"
)

// blockText is all the text of a message's blocks, for assertions on what
// a person sees.
func blockText(tb testing.TB, m slackfake.Message) string {
	tb.Helper()
	var texts []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				texts = append(texts, s)
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	var blocks any
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		tb.Fatalf("blocks of %s: %v", m.TS, err)
	}
	walk(blocks)
	return strings.Join(texts, "\n")
}

// buttons lists the action IDs of a message's buttons.
func buttons(tb testing.TB, m slackfake.Message) []string {
	tb.Helper()
	var blocks []struct {
		BlockID  string `json:"block_id"`
		Elements []struct {
			Type     string `json:"type"`
			ActionID string `json:"action_id"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		tb.Fatalf("blocks of %s: %v", m.TS, err)
	}
	var ids []string
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.Type == "button" && e.ActionID != "" {
				ids = append(ids, e.ActionID)
			}
		}
	}
	return ids
}

func TestOpenUnverifiedShowsNoName(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)

	text := blockText(t, root)
	for _, want := range []string{"non vérifié", "Telegram", "français", "le client a demandé un conseiller",
		"*Client* : je veux parler à un conseiller", "En attente d'un conseiller"} {
		if !strings.Contains(text, want) {
			t.Errorf("root message lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "vérifiée") && !strings.Contains(text, "non vérifiée") {
		t.Errorf("root message says verified:\n%s", text)
	}
	if got, want := buttons(t, root), []string{ActionTake, ActionResolve}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("buttons: got %v, want %v", got, want)
	}
	if n := utf8.RuneCountInString(root.Text); n == 0 || n >= 4000 {
		t.Errorf("root text has %d characters, want 1–3999", n)
	}
	if root.ThreadTS != "" || root.Channel != testChannel {
		t.Errorf("root posted in %s thread %q, want channel %s, no thread", root.Channel, root.ThreadTS, testChannel)
	}
	h, err := r.db.OpenHandoff(context.Background(), customerTG)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h.DeskRef, testChannel+"/"+root.TS; got != want {
		t.Errorf("hand-off reference: got %q, want %q", got, want)
	}
	tk := ticketOf(t, r, h)
	if !strings.Contains(text, tk.Ref) {
		t.Errorf("root message lacks the ticket %s:\n%s", tk.Ref, text)
	}
}

func ticketOf(t *testing.T, r *rig, h storage.Handoff) storage.Ticket {
	t.Helper()
	tk, err := r.db.TicketByID(context.Background(), h.TicketID)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestOpenVerifiedShowsNameAndOrder(t *testing.T) {
	r := newRig(t)
	r.say(customerTG, "Où est ma commande OP-100101 ? mon email est camille.durand@example.fr")
	root := r.handOff(customerTG)

	text := blockText(t, root)
	for _, want := range []string{"Camille Durand", "✅ vérifiée", "OP-100101 · livrée", "*Bot* : Merci Camille"} {
		if !strings.Contains(text, want) {
			t.Errorf("root message lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(root.Text, "Camille Durand") {
		t.Errorf("notification text lacks the verified name: %q", root.Text)
	}
}

func TestBriefEscapesAndTrims(t *testing.T) {
	r := newRig(t)
	long := strings.Repeat("très long message ", 400)
	b := bot.Brief{
		Conversation: storage.Conversation{Channel: "telegram", Lang: "fr"},
		Ticket:       storage.Ticket{Ref: "TK-TEST1"},
		Reason:       "asked",
		Recent: []storage.Message{
			{From: storage.FromCustomer, Text: "<!channel> regardez <https://evil.example|ici> & co"},
			{From: storage.FromBot, Text: long},
			{From: storage.FromCustomer, Text: long},
		},
	}
	ref, err := r.desk.Open(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	_, ts, _ := parseRef(ref)
	root, _ := r.slack.Message(testChannel, ts)
	text := blockText(t, root)
	if strings.Contains(text, "<!channel>") || strings.Contains(text, "<https://evil") {
		t.Errorf("customer's markup reached Slack unescaped:\n%s", text)
	}
	for _, block := range strings.Split(text, "\n*Derniers") {
		if n := utf8.RuneCountInString(block); n > 3000 {
			t.Errorf("a block has %d characters, over Slack's 3,000", n)
		}
	}
	if !strings.Contains(text, "…") {
		t.Errorf("long messages not trimmed:\n%.300s", text)
	}
}

func TestAgentReplyReachesCustomer(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)

	if code, _ := r.reply(root, agentID, "Bonjour, je regarde votre commande &amp; je reviens vers vous"); code != 200 {
		t.Fatalf("event: got status %d, want 200", code)
	}
	got := r.waitSent(1)[0]
	want := sentReply{Conversation: customerTG, Reply: bot.Reply{Text: "Bonjour, je regarde votre commande & je reviens vers vous", Agent: "Alice"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("customer got (-want +got):\n%s", diff)
	}
	if c := r.conversation(customerTG); c.Handoff != storage.HandoffWithAgent {
		t.Errorf("hand-off state after the first reply: got %q, want %q", c.Handoff, storage.HandoffWithAgent)
	}
}

func TestNoteStaysInSlack(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)

	r.reply(root, agentID, "note: client déjà venu la semaine dernière")
	hasNote := func() bool {
		msgs, err := r.db.Transcript(context.Background(), customerTG, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.From == storage.FromNote && m.Text == "client déjà venu la semaine dernière" && m.Author == agentName {
				return true
			}
		}
		return false
	}
	if !r.slack.Wait(5*time.Second, hasNote) {
		t.Fatal("the note is not in the transcript")
	}
	if sent := r.sent.all(); len(sent) != 0 {
		t.Errorf("customer got %+v after a note, want nothing", sent)
	}
	r.reply(root, agentID, "Bonjour !")
	if sent := r.waitSent(1); len(sent) != 1 || sent[0].Reply.Text != "Bonjour !" {
		t.Errorf("customer got %+v, want only the reply", sent)
	}
}

func TestRelayPostsInThread(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)

	r.say(customerTG, "j'ai reçu <b>une bague</b> au lieu d'un collier")
	thread := r.slack.Thread(testChannel, root.TS)
	if len(thread) != 1 {
		t.Fatalf("thread has %d messages, want 1: %+v", len(thread), thread)
	}
	if got, want := thread[0].Text, "*Client* : j'ai reçu &lt;b&gt;une bague&lt;/b&gt; au lieu d'un collier"; got != want {
		t.Errorf("relayed: got %q, want %q", got, want)
	}

	// A reply's ts is never used as thread_ts: the fake refuses it.
	err := r.desk.Relay(context.Background(), testChannel+"/"+root.TS, storage.Message{Text: "photo"},
		[]storage.Attachment{{Name: "bague.jpg", ContentType: "image/jpeg", Data: []byte{0xff, 0xd8}}})
	if err != nil {
		t.Fatal(err)
	}
	thread = r.slack.Thread(testChannel, root.TS)
	last := thread[len(thread)-1].Text
	if !strings.Contains(last, "*Client* : photo") || !strings.Contains(last, "📎") || !strings.Contains(last, "bague.jpg") {
		t.Errorf("photo relay: got %q", last)
	}
}

func TestClosedWhenCustomerLeaves(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)

	r.say(customerTG, "laisse tomber")
	thread := r.slack.Thread(testChannel, root.TS)
	if len(thread) != 1 || !strings.Contains(thread[0].Text, "quitté la file") {
		t.Fatalf("thread: got %+v, want the notice that the customer left", thread)
	}
	updated, _ := r.slack.Message(testChannel, root.TS)
	if updated.Updates != 1 {
		t.Errorf("root updated %d times, want 1", updated.Updates)
	}
	if text := blockText(t, updated); !strings.Contains(text, "Le client a quitté la file d'attente") || strings.Contains(text, "En attente d'un conseiller") {
		t.Errorf("root state after leaving:\n%s", text)
	}
	if got := buttons(t, updated); len(got) != 0 {
		t.Errorf("buttons left after the customer left: %v", got)
	}
	if !strings.Contains(blockText(t, updated), "*Client* : je veux parler") {
		t.Errorf("root lost its brief when updated")
	}
}

func TestNewFailsWithWrongToken(t *testing.T) {
	k := mustKnowledge(t)
	fake := slackfake.New(slackfake.Config{})
	defer fake.Close()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"wrong bot token", Config{BotToken: "xoxb-wrong", SigningSecret: testSecret, Channel: testChannel, APIURL: fake.URL}},
		{"wrong app token", Config{BotToken: fake.Config().BotToken, AppToken: "xapp-wrong", Channel: testChannel, APIURL: fake.URL}},
		{"no channel", Config{BotToken: fake.Config().BotToken, SigningSecret: testSecret, APIURL: fake.URL}},
		{"no signing secret", Config{BotToken: fake.Config().BotToken, Channel: testChannel, APIURL: fake.URL}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), tt.cfg, nopEngine{}, nopDeliveries{}, k.Texts)
			if err == nil || !strings.Contains(strings.ToLower(err.Error()), "slack") {
				t.Errorf("New: got error %v, want one naming slack", err)
			}
			if err != nil && (strings.Contains(err.Error(), "xoxb-wrong") || strings.Contains(err.Error(), "xapp-wrong")) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
}

// nopEngine and nopDeliveries stand for dependencies New does not call.
type nopEngine struct{ Engine }
type nopDeliveries struct{ Deliveries }

func TestRateLimitedPostIsDelayedNotLost(t *testing.T) {
	r := newRig(t)
	r.slack.RateLimit("chat.postMessage", 1, 1)
	root := r.handOff(customerTG)

	calls := r.slack.Calls("chat.postMessage")
	if len(calls) != 2 || !calls[0].Failed || calls[1].Failed {
		t.Fatalf("chat.postMessage calls: got %+v, want one 429 then one success", calls)
	}
	if wait := calls[1].At.Sub(calls[0].At); wait < time.Second {
		t.Errorf("retried after %v, want at least the Retry-After of 1s", wait)
	}
	if len(r.slack.Roots(testChannel)) != 1 || root.TS == "" {
		t.Errorf("root messages: got %d, want exactly 1", len(r.slack.Roots(testChannel)))
	}
}

func TestServerErrorIsNotRetried(t *testing.T) {
	r := newRig(t)
	r.slack.Inject("chat.postMessage", slackfake.Fault{Status: 500})
	_, err := r.desk.Open(context.Background(), bot.Brief{Ticket: storage.Ticket{Ref: "TK-1"}})
	if err == nil {
		t.Fatal("Open: no error after a 500")
	}
	if n := len(r.slack.Calls("chat.postMessage")); n != 1 {
		t.Errorf("chat.postMessage called %d times, want 1 (a retry could post twice)", n)
	}
}

func TestRateLimitGivesUpWithContext(t *testing.T) {
	r := newRig(t)
	r.slack.RateLimit("chat.postMessage", 30, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := r.desk.Open(ctx, bot.Brief{Ticket: storage.Ticket{Ref: "TK-1"}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Open: got %v, want the context's deadline", err)
	}
}

// TestBriefShowsAccount: a verified customer's hand-off shows their
// return, refund, usable vouchers and cases; an unverified one shows none.
func TestBriefShowsAccount(t *testing.T) {
	r := newRig(t)
	r.say(customerTG, "où en est mon remboursement ? margaux.chevalier@example.fr OP-102201")
	root := r.handOff(customerTG)
	text := blockText(t, root)
	for _, want := range []string{"*Espace client*", "Retour RA-7K2M9Q4B · remboursé", "Remboursement 79,00 € · carte bancaire",
		"Bon FIDELITE10", "demande de conseiller · ouvert"} {
		if !strings.Contains(text, want) {
			t.Errorf("root message lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "PRINTEMPS5") {
		t.Errorf("root message lists an expired voucher:\n%s", text)
	}

	other := newRig(t)
	if text := blockText(t, other.handOff(customerTG)); strings.Contains(text, "Espace client") {
		t.Errorf("unverified hand-off shows an account:\n%s", text)
	}
}

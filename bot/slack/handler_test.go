package slack

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/bot/slack/slackfake"
	"supportbot/storage"
)

// snapshot is what a request could have changed.
type snapshot struct {
	marked, posted, ephemeral, sent, updates int
}

func (r *rig) snapshot() snapshot {
	updates := 0
	for _, m := range r.slack.Messages("") {
		updates += m.Updates
	}
	return snapshot{
		marked: r.deliveries.count(), posted: len(r.slack.Messages("")), ephemeral: len(r.slack.Ephemerals()),
		sent: len(r.sent.all()), updates: updates,
	}
}

func TestUnsignedRequestsAreRejected(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	ts := r.slack.NewTS()
	event := slackfake.Event{ID: "EvForged1", Inner: slackfake.ThreadReply(testChannel, root.TS, ts, agentID, "Bonjour")}
	take, err := r.slack.Button(testChannel, root.TS, ActionTake)
	if err != nil {
		t.Fatal(err)
	}
	take.User = agentID
	command := slackfake.Command{Command: "/order", Text: "OP-100101", User: agentID, Channel: testChannel}

	requests := map[string]func(s slackfake.Signer) *http.Request{
		"event":       func(s slackfake.Signer) *http.Request { return s.EventRequest(r.url("/slack/events"), event) },
		"interaction": func(s slackfake.Signer) *http.Request { return s.ActionRequest(r.url("/slack/interactivity"), take) },
		"command":     func(s slackfake.Signer) *http.Request { return s.CommandRequest(r.url("/slack/commands"), command) },
	}
	tamper := []struct {
		name string
		make func(build func(slackfake.Signer) *http.Request) *http.Request
	}{
		{"wrong secret", func(b func(slackfake.Signer) *http.Request) *http.Request {
			return b(slackfake.Signer{Secret: "not-the-secret"})
		}},
		{"stale timestamp", func(b func(slackfake.Signer) *http.Request) *http.Request {
			return b(slackfake.Signer{Secret: testSecret, Now: func() time.Time { return time.Now().Add(-6 * time.Minute) }})
		}},
		{"timestamp from the future", func(b func(slackfake.Signer) *http.Request) *http.Request {
			return b(slackfake.Signer{Secret: testSecret, Now: func() time.Time { return time.Now().Add(6 * time.Minute) }})
		}},
		{"no signature header", func(b func(slackfake.Signer) *http.Request) *http.Request {
			req := b(r.signer)
			req.Header.Del("X-Slack-Signature")
			return req
		}},
		{"no timestamp header", func(b func(slackfake.Signer) *http.Request) *http.Request {
			req := b(r.signer)
			req.Header.Del("X-Slack-Request-Timestamp")
			return req
		}},
		{"signature without v0", func(b func(slackfake.Signer) *http.Request) *http.Request {
			req := b(r.signer)
			req.Header.Set("X-Slack-Signature", strings.TrimPrefix(req.Header.Get("X-Slack-Signature"), "v0="))
			return req
		}},
		{"body changed after signing", func(b func(slackfake.Signer) *http.Request) *http.Request {
			req := b(r.signer)
			body, _ := io.ReadAll(req.Body)
			body = bytes.Replace(body, []byte("Bonjour"), []byte("Bonsoir"), 1)
			body = bytes.Replace(body, []byte("OP-100101"), []byte("OP-100102"), 1)
			body = bytes.Replace(body, []byte("handoff_take"), []byte("handoff_resolve"), 1)
			req.Body = io.NopCloser(bytes.NewReader(body))
			req.ContentLength = int64(len(body))
			return req
		}},
	}
	before := r.snapshot()
	for _, tt := range tamper {
		for kind, build := range requests {
			t.Run(tt.name+"/"+kind, func(t *testing.T) {
				code, body := r.do(tt.make(build))
				if code != http.StatusUnauthorized {
					t.Errorf("got status %d, want 401", code)
				}
				if strings.Contains(body, "OP-100101") {
					t.Errorf("a rejected command was answered: %q", body)
				}
			})
		}
	}
	time.Sleep(100 * time.Millisecond) // anything wrongly queued would have run
	if after := r.snapshot(); after != before {
		t.Errorf("rejected requests changed something: before %+v, after %+v", before, after)
	}
	if c := r.conversation(customerTG); c.Handoff != "requested" {
		t.Errorf("hand-off state: got %q, want requested", c.Handoff)
	}

	// The same event, signed, was not marked processed: it goes through.
	if code, _ := r.do(r.signer.EventRequest(r.url("/slack/events"), event)); code != 200 {
		t.Fatalf("signed event: got status %d, want 200", code)
	}
	if sent := r.waitSent(1); sent[0].Reply.Text != "Bonjour" {
		t.Errorf("customer got %+v", sent)
	}
}

func TestURLVerification(t *testing.T) {
	r := newRig(t)
	code, body := r.do(r.signer.URLVerificationRequest(r.url("/slack/events"), "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))
	if code != 200 || body != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("got %d %q, want 200 and the challenge", code, body)
	}
	forged := slackfake.Signer{Secret: "guess"}.URLVerificationRequest(r.url("/slack/events"), "abc")
	if code, _ := r.do(forged); code != http.StatusUnauthorized {
		t.Errorf("forged challenge: got %d, want 401", code)
	}
}

func TestRetriedEventIsProcessedOnce(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	ts := r.slack.NewTS()
	ev := slackfake.Event{ID: "Ev0RETRY01", Inner: slackfake.ThreadReply(testChannel, root.TS, ts, agentID, "Je m'en occupe")}

	if code, _ := r.do(r.signer.EventRequest(r.url("/slack/events"), ev)); code != 200 {
		t.Fatalf("first delivery: got %d, want 200", code)
	}
	// Retries, as Slack sends them when it missed the first answer, some
	// at the same time.
	var wg sync.WaitGroup
	for retry := 1; retry <= 3; retry++ {
		wg.Go(func() {
			ev := ev
			ev.Retry = retry
			if code, _ := r.do(r.signer.EventRequest(r.url("/slack/events"), ev)); code != 200 {
				t.Errorf("retry %d: got %d, want 200", retry, code)
			}
		})
	}
	wg.Wait()
	r.waitSent(1)
	time.Sleep(100 * time.Millisecond) // a duplicate would have been delivered by now
	if sent := r.sent.all(); len(sent) != 1 {
		t.Errorf("customer got %d replies, want 1: %+v", len(sent), sent)
	}
}

func TestMessagesNotFromAPersonAreIgnored(t *testing.T) {
	r := newRig(t)
	root := r.handOff(customerTG)
	cfg := r.slack.Config()
	top := r.slack.NewTS()
	events := map[string]slackfake.MessageEvent{
		"the bot's own reply":   slackfake.BotThreadReply(testChannel, root.TS, r.slack.NewTS(), cfg.BotUserID, cfg.BotID, "*Client* : bonjour"),
		"the bot's user alone":  slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), cfg.BotUserID, "bonjour"),
		"another bot":           slackfake.BotThreadReply(testChannel, root.TS, r.slack.NewTS(), "UOTHERBOT", "BOTHER", "bip"),
		"a bot_message subtype": withSubtype(slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), "", "bip"), "bot_message"),
		"an edit":               withSubtype(slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), agentID, "corrigé"), "message_changed"),
		"a deletion":            withSubtype(slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), agentID, ""), "message_deleted"),
		"a top-level message":   slackfake.ThreadReply(testChannel, "", top, agentID, "bonjour l'équipe"),
		"another channel":       slackfake.ThreadReply("COTHER", root.TS, r.slack.NewTS(), agentID, "bonjour"),
		"an empty message":      slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), agentID, "  "),
	}
	before := r.snapshot()
	i := 0
	for name, m := range events {
		i++
		ev := slackfake.Event{ID: "EvIgnored" + string(rune('A'+i)), Inner: m}
		if code, _ := r.do(r.signer.EventRequest(r.url("/slack/events"), ev)); code != 200 {
			t.Errorf("%s: got %d, want 200", name, code)
		}
	}
	time.Sleep(100 * time.Millisecond)
	if after := r.snapshot(); after != before {
		t.Errorf("ignored messages changed something: before %+v, after %+v", before, after)
	}
}

func withSubtype(m slackfake.MessageEvent, subtype string) slackfake.MessageEvent {
	m.SubType = subtype
	return m
}

func TestThreadThatIsNotAHandoffIsIgnored(t *testing.T) {
	r := newRig(t)
	r.handOff(customerTG)
	// The team talking in the thread of some other message.
	other := slackfake.Message{TS: r.slack.NewTS()}
	if code, _ := r.reply(other, agentID, "quelqu'un a vu le planning ?"); code != 200 {
		t.Fatalf("got %d, want 200", code)
	}
	time.Sleep(100 * time.Millisecond)
	if len(r.sent.all()) != 0 || len(r.slack.Ephemerals()) != 0 {
		t.Errorf("a team thread reached someone: sent %+v, ephemeral %+v", r.sent.all(), r.slack.Ephemerals())
	}
}

func TestBusyQueueAsksSlackToRetry(t *testing.T) {
	r := newRig(t, func(c *Config) { c.QueueSize = 1; c.Workers = 1 })
	root := r.handOff(customerTG)
	// Fill the only slot of the thread messages in hand.
	r.desk.threads.slots <- struct{}{}
	ev := slackfake.Event{ID: "EvBusy0001", Inner: slackfake.ThreadReply(testChannel, root.TS, r.slack.NewTS(), agentID, "Bonjour")}
	code, _ := r.do(r.signer.EventRequest(r.url("/slack/events"), ev))
	if code != http.StatusServiceUnavailable {
		t.Errorf("got %d, want 503", code)
	}
	if _, err := r.db.DeliveryResult(context.Background(), deliverySource, ev.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("busy: the event was recorded (%v); Slack's retry would be dropped", err)
	}
	<-r.desk.threads.slots
	ev.Retry = 1
	if code, _ := r.do(r.signer.EventRequest(r.url("/slack/events"), ev)); code != 200 {
		t.Fatalf("retry: got %d, want 200", code)
	}
	r.waitSent(1)
}

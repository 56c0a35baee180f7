package telegram

import (
	"strings"
	"testing"
	"time"

	"supportbot/bot/telegram/telegramtest"
)

func TestConversationOverPolling(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	sophie := telegramtest.Customer{ID: 501, FirstName: "Sophie", LanguageCode: "en"}

	got := h.say(sophie, "where is my order?")
	mustContain(t, got, "e-mail")
	mustNotContain(t, got, "Chronopost")

	got = h.say(sophie, "sophie.laurent@example.fr OP-100701")
	mustContain(t, got, "verified", "OP-100701", "Chronopost", "XY250174011FR")

	if acts := h.srv.ChatActions(sophie.ID); len(acts) < 2 || acts[0] != "typing" {
		t.Errorf("chat actions = %q, want typing while the engine works on each message", acts)
	}
	if cmds := h.srv.Commands("en"); len(cmds) != 4 || cmds[0].Command != "start" {
		t.Errorf("English command menu = %+v, want start, help, language, logout", cmds)
	}
}

func TestUpdateDeliveredTwiceIsAnsweredOnce(t *testing.T) {
	h := newHarness(t)
	c := telegramtest.Customer{ID: 502, LanguageCode: "en"}
	id := h.srv.SendText(c, "hello")
	h.srv.Redeliver(id) // both copies come in the first batch
	h.start(Config{})
	h.settle()
	first := h.srv.Sent(c.ID)
	if len(first) == 0 {
		t.Fatal("no answer to hello")
	}
	mustContain(t, first[:1], "Hello")
	greetings := strings.Count(texts(first), "Hello and welcome")
	if greetings != 1 {
		t.Errorf("greeted %d times for one update delivered twice, want once", greetings)
	}

	// A new process on the same database: Telegram delivers the update
	// again, as it does when the old process died before confirming it.
	h.stop()
	h.srv.Redeliver(id)
	h.start(Config{})
	h.settle()
	if got, want := len(h.srv.Sent(c.ID)), len(first); got != want {
		t.Errorf("after a restart and a redelivery, %d messages in the chat, want still %d", got, want)
	}
	if got := h.say(c, "what are your delivery times?"); len(got) == 0 {
		t.Error("the restarted bot does not answer a new message")
	}
}

func TestPollHonoursRetryAfter(t *testing.T) {
	h := newHarness(t)
	h.srv.FailNext("getUpdates", 1, telegramtest.TooManyRequests(1))
	c := telegramtest.Customer{ID: 503, LanguageCode: "en"}
	h.srv.SendText(c, "hello")
	h.start(Config{})
	h.settle()
	mustContain(t, h.srv.Sent(c.ID), "Hello")
	calls := h.srv.Attempts("getUpdates")
	if len(calls) < 2 {
		t.Fatalf("%d getUpdates calls, want a retry", len(calls))
	}
	if gap := calls[1].Sub(calls[0]); gap < time.Second {
		t.Errorf("polled again %v after a 429 asking for 1s", gap)
	}
}

func TestPollConflictIsLogged(t *testing.T) {
	h := newHarness(t)
	logA, bufA := newTestLogger(t, testToken)
	logB, bufB := newTestLogger(t, testToken)
	h.start(Config{Logger: logA})
	h.start(Config{Logger: logB})
	deadline := time.Now().Add(telegramtest.Timeout)
	for !strings.Contains(bufA.String()+bufB.String(), "conflict (409)") {
		if time.Now().After(deadline) {
			t.Fatal("two pollers on one token, and no 409 conflict logged")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPollingRemovesAWebhookLeftBehind(t *testing.T) {
	h := newHarness(t)
	h.startWebhook(Config{})
	if _, ok := h.srv.Webhook(); !ok {
		t.Fatal("no webhook set in webhook mode")
	}
	h.stop()
	h.start(Config{})
	c := telegramtest.Customer{ID: 504, LanguageCode: "en"}
	if got := h.say(c, "hello"); len(got) == 0 {
		t.Error("no answer by polling after a webhook run")
	}
	if wh, ok := h.srv.Webhook(); ok {
		t.Errorf("webhook still set after polling started: %+v", wh)
	}
}

// Issue 12: an update handled is confirmed to Telegram as soon as it and
// the updates before it are, without waiting for the rest of its batch: a
// slow one (a photo still downloading) holds back only itself.
func TestPollConfirmsWhatIsDoneWithoutWaitingForTheBatch(t *testing.T) {
	h := newHarness(t)
	release := h.srv.HoldFiles()
	defer release()
	quick := telegramtest.Customer{ID: 511, LanguageCode: "en"}
	slow := telegramtest.Customer{ID: 512, LanguageCode: "en"}
	first := h.srv.SendText(quick, "what are your delivery times?")
	held := h.srv.SendPhoto(slow, "the wrong item", []byte("\xff\xd8\xff\xe0 a photo"))
	h.start(Config{})
	h.srv.WaitSent(quick.ID, 1)
	deadline := time.Now().Add(telegramtest.Timeout)
	for h.srv.IsPending(first) {
		if time.Now().After(deadline) {
			t.Fatal("the handled update was not confirmed while another of its batch was in hand")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !h.srv.IsPending(held) {
		t.Error("the update still in hand was confirmed")
	}
	later := h.srv.SendText(quick, "thanks")
	h.srv.WaitSent(quick.ID, 2)
	release()
	h.settle()
	if h.srv.IsPending(held) || h.srv.IsPending(later) {
		t.Error("updates left unconfirmed after they were handled")
	}
	if n := len(h.srv.Sent(slow.ID)); n == 0 {
		t.Error("the slow update was never answered")
	}
}

package telegram

import (
	"context"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/telegram/telegramtest"
	"supportbot/storage"
)

// Issue 12: replies committed with their turn, not sent when the process
// stopped, are sent after a restart, once each and in order, and the
// updates they answer are not handled again.
func TestRepliesInTheOutboxSurviveARestart(t *testing.T) {
	h := newHarness(t)
	c := telegramtest.Customer{ID: 1201, LanguageCode: "en"}
	h.noWorker = true
	h.start(Config{})
	h.srv.SendText(c, "where is my order?")
	h.srv.SendText(c, "sophie.laurent@example.fr OP-100701")
	h.srv.WaitConfirmed()
	deadline := time.Now().Add(telegramtest.Timeout)
	for h.pending() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the turns' replies never reached the outbox")
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.stop()
	if got := h.srv.Sent(c.ID); len(got) != 0 {
		t.Fatalf("%d messages sent without a worker", len(got))
	}
	queued := h.pending()

	h.noWorker = false
	h.start(Config{})
	h.settle()
	got := h.srv.Sent(c.ID)
	if len(got) != queued {
		t.Errorf("%d messages sent after the restart, want the %d queued, once each", len(got), queued)
	}
	mustContain(t, got[:1], "e-mail")
	mustContain(t, got[len(got)-1:], "Chronopost")
}

// Issue 12: a 429 with retry_after on one chat delays that chat only; the
// wait is not counted as an attempt, and the reply is kept.
func TestRetryAfterOnOneChatDoesNotBlockAnother(t *testing.T) {
	h := newHarness(t)
	limited := telegramtest.Customer{ID: 1202, LanguageCode: "en"}
	free := telegramtest.Customer{ID: 1203, LanguageCode: "en"}
	h.srv.FailChat(limited.ID, 1, telegramtest.TooManyRequests(60))
	h.start(Config{})
	h.srv.SendText(limited, "what are your delivery times?")
	deadline := time.Now().Add(telegramtest.Timeout)
	for len(h.srv.Attempts("sendMessage")) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no reply attempted to the limited chat")
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	h.srv.SendText(free, "what are your delivery times?")
	h.srv.WaitSent(free.ID, 1)
	if waited := time.Since(start); waited > 10*time.Second {
		t.Errorf("the free chat was answered after %v", waited)
	}
	if got := h.srv.Sent(limited.ID); len(got) != 0 {
		t.Errorf("the limited chat got %d messages before its retry_after", len(got))
	}
	ms, err := h.db.OutboxMessages(context.Background(), bot.ChannelTelegram)
	if err != nil {
		t.Fatal(err)
	}
	held := 0
	for _, m := range ms {
		if m.Recipient != conversationID(limited.ID) {
			continue
		}
		held++
		if m.State != storage.OutboxPending || m.Attempts != 0 {
			t.Errorf("limited chat's message: %s after %d attempts, want pending, the wait not counted", m.State, m.Attempts)
		}
	}
	if held == 0 {
		t.Error("the limited chat's reply is not in the outbox")
	}
}

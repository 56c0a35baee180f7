package telegram

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"supportbot/bot"
	"supportbot/bot/telegram/telegramtest"
	"supportbot/storage"
)

func TestFloodControlDelaysWithoutLoss(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 901, LanguageCode: "en"}
	h.srv.FailNext("sendMessage", 1, telegramtest.TooManyRequests(1))

	got := h.say(c, "where is my order? sophie.laurent@example.fr OP-100701")
	mustContain(t, got, "verified", "Chronopost", "XY250174011FR")
	calls := h.srv.Attempts("sendMessage")
	if len(calls) != len(got)+1 {
		t.Errorf("%d sendMessage calls for %d messages and one 429, want one retry", len(calls), len(got))
	}
	if len(calls) >= 2 {
		if gap := calls[1].Sub(calls[0]); gap < time.Second {
			t.Errorf("retried %v after a 429 asking for 1s", gap)
		}
	}
}

func TestSendGivesUpAfterBoundedAttempts(t *testing.T) {
	h := newHarness(t)
	b := h.start(Config{Limits: Limits{SendAttempts: 3}})
	conv := storage.Conversation{ID: "telegram:902", Lang: "en"}
	ctx := context.Background()

	h.srv.FailNext("sendMessage", 3, telegramtest.Failure{Code: 502, Description: "Bad Gateway"})
	err := b.Send(ctx, conv, []bot.Reply{{Text: "first"}, {Text: "second"}})
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) || apiErr.Code != 502 {
		t.Fatalf("Send = %v, want the 502 after 3 attempts", err)
	}
	if n := len(h.srv.Attempts("sendMessage")); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
	if sent := h.srv.Sent(902); len(sent) != 0 {
		t.Errorf("sent %q after the first reply failed; later replies must not overtake it", texts(sent))
	}
	if !strings.Contains(h.logs.String(), "message dropped") {
		t.Error("a dropped message was not logged")
	}

	// A refusal is final at once: no retry.
	h.srv.FailNext("sendMessage", 1, telegramtest.Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"})
	if err := b.Send(ctx, conv, []bot.Reply{{Text: "third"}}); err == nil {
		t.Error("Send to a user who blocked the bot succeeded")
	}
	if n := len(h.srv.Attempts("sendMessage")); n != 4 {
		t.Errorf("%d attempts in all, want 4: a 403 is not retried", n)
	}
}

func TestLongRepliesAreSplit(t *testing.T) {
	h := newHarness(t)
	b := h.start(Config{})
	var para strings.Builder
	for i := range 60 {
		para.WriteString("Les bijoux 💍 voyagent bien emballés, écrin compris. ")
		if i%10 == 9 {
			para.WriteString("\n\n")
		}
	}
	long := strings.Repeat(para.String(), 4) // about 13,000 UTF-16 units
	buttons := []bot.Button{{Label: "Oui", Payload: "/yes"}, {Label: "Non", Payload: "/no"}}
	if err := b.Send(context.Background(), storage.Conversation{ID: "telegram:903", Lang: "fr"},
		[]bot.Reply{{Text: long, Buttons: buttons}}); err != nil {
		t.Fatal(err)
	}
	sent := h.srv.Sent(903)
	if len(sent) < 4 {
		t.Fatalf("%d messages for %d UTF-16 units, want at least 4", len(sent), utf16Len(long))
	}
	for i, m := range sent {
		if n := utf16Len(m.Text); n > maxMessageUnits {
			t.Errorf("part %d has %d UTF-16 units", i, n)
		}
		if hasButtons, last := len(m.Buttons()) > 0, i == len(sent)-1; hasButtons != last {
			t.Errorf("part %d of %d: buttons %v, want them on the last part only", i+1, len(sent), hasButtons)
		}
		if i < len(sent)-1 && !strings.HasSuffix(m.Text, ".") {
			t.Errorf("part %d ends mid-sentence: …%q", i+1, m.Text[len(m.Text)-20:])
		}
	}
	if got, want := strings.Join(strings.Fields(texts(sent)), " "), strings.Join(strings.Fields(long), " "); got != want {
		t.Error("the parts put together differ from the text")
	}
}

func TestAgentRepliesAreMarked(t *testing.T) {
	h := newHarness(t)
	h.start(Config{})
	c := telegramtest.Customer{ID: 904, LanguageCode: "fr"}
	h.say(c, "je veux parler à un conseiller")
	briefs := h.desk.opened()
	if len(briefs) != 1 {
		t.Fatalf("%d hand-offs opened, want 1", len(briefs))
	}
	before := len(h.srv.Sent(c.ID))
	if err := h.engine.AgentReply(context.Background(), "desk-1", "U42", "Julie Martin", "Bonjour, je regarde votre commande."); err != nil {
		t.Fatal(err)
	}
	h.settle() // committed to the outbox, sent by its worker
	got := h.srv.Sent(c.ID)[before:]
	want := "👤 Julie (service client) :\nBonjour, je regarde votre commande."
	if len(got) != 1 || got[0].Text != want {
		t.Errorf("agent reply shown as %q, want %q", texts(got), want)
	}

	// While the agent has the conversation, the customer's words and
	// photos go to the desk, and the bot keeps quiet.
	before = len(h.srv.Sent(c.ID))
	h.srv.SendPhoto(c, "voici le colis reçu", mustJPEG(t))
	h.settle()
	if got := h.srv.Sent(c.ID)[before:]; len(got) != 0 {
		t.Errorf("the bot spoke while an agent had the conversation: %q", texts(got))
	}
	h.desk.mu.Lock()
	defer h.desk.mu.Unlock()
	if n := len(h.desk.relayed); n == 0 || h.desk.relayed[n-1].Text != "voici le colis reçu" {
		t.Errorf("desk got %+v, want the customer's caption", h.desk.relayed)
	}
	if len(h.desk.files) != 1 || h.desk.files[0].ContentType != "image/jpeg" {
		t.Errorf("desk got %d files, want the photo", len(h.desk.files))
	}
}

func TestSendRefusesOtherChannels(t *testing.T) {
	h := newHarness(t)
	b := h.start(Config{})
	for _, id := range []string{"web:abc", "telegram:", "telegram:12x", "discord:42"} {
		if err := b.Send(context.Background(), storage.Conversation{ID: id}, []bot.Reply{{Text: "hi"}}); !errors.Is(err, ErrNotTelegram) {
			t.Errorf("Send to %q = %v, want ErrNotTelegram", id, err)
		}
	}
}

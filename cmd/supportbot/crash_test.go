package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"supportbot/bot/telegram/telegramtest"
	"supportbot/storage"
	"supportbot/storage/backend"
)

// crashScript is what each customer writes, a step per round.
var crashScript = map[string][]string{
	"generic": {"hello", "what are your opening hours?", "how long do I have to return an item?",
		"do you deliver to Belgium?", "thanks, bye"},
	"return": {"I want to send back something I bought. amelia.brown@example.com OP-101001",
		"the silk scarf", "it is too short", "yes"},
	"cancel": {"can you cancel my order? lucas.bernard@example.fr OP-100401", "yes please"},
}

// Issue 12, "done means": the real binary on a fake Telegram, stopped at
// random points while 22 conversations run — killed with SIGKILL, or
// stopped gracefully with SIGTERM — and restarted each time. At the end
// every customer message was handled exactly once (once in the
// transcript, in order), every reply the transcript holds reached its
// chat, the return and the cancellation made were shown to their
// customers, and nothing is left in the outbox.
func TestTelegramKilledUnderLoad(t *testing.T) {
	for _, tt := range []struct {
		name     string
		sig      syscall.Signal
		graceful bool
	}{
		{"SIGKILL", syscall.SIGKILL, false},
		{"graceful SIGTERM", syscall.SIGTERM, true},
	} {
		t.Run(tt.name, func(t *testing.T) { stoppedUnderLoad(t, tt.sig, tt.graceful) })
	}
}

func stoppedUnderLoad(t *testing.T, sig syscall.Signal, graceful bool) {
	tg := telegramtest.NewServer(t, e2eTelegramToken)
	dbPath := t.TempDir() + "/crash.db"
	env := []string{"TELEGRAM_BOT_TOKEN=" + e2eTelegramToken, "TELEGRAM_API_ENDPOINT=" + tg.URL()}
	type customer struct {
		c      telegramtest.Customer
		script []string
	}
	var customers []customer
	for i := range 20 {
		customers = append(customers, customer{telegramtest.Customer{ID: int64(7000 + i), LanguageCode: "en"}, crashScript["generic"]})
	}
	customers = append(customers,
		customer{telegramtest.Customer{ID: 7100, LanguageCode: "en"}, crashScript["return"]},
		customer{telegramtest.Customer{ID: 7101, LanguageCode: "en"}, crashScript["cancel"]})

	rng := rand.New(rand.NewPCG(12, 2026))
	steps := 5
	kills := 0
	for step := range steps {
		p := startBinary(t, env, "--demo", "--db", dbPath)
		// Every other kill lands while the turns wait for the writer, which
		// the test holds as an import would: updates surely in hand.
		release := func() {}
		if !graceful && step%2 == 1 {
			release = holdSQLiteWriter(t, dbPath)
		}
		for _, c := range customers {
			if step < len(c.script) {
				tg.SendText(c.c, c.script[step])
			}
		}
		time.Sleep(time.Duration(20+rng.IntN(300)) * time.Millisecond)
		if graceful {
			p.stop(t, sig)
		} else {
			if err := p.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			<-p.done
		}
		release()
		kills++
	}

	// The last run finishes the work, then stops gracefully.
	p := startBinary(t, env, "--db", dbPath)
	waitFor(t, "every update confirmed", func() bool { return tg.Pending() == 0 })
	db, err := backend.Open(context.Background(), dbPath, backend.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	waitOutboxSent(t, db, "telegram")
	p.stop(t, os.Interrupt)

	duplicates := 0
	for _, c := range customers {
		conv := fmt.Sprintf("telegram:%d", c.c.ID)
		said, replies := transcriptSides(t, db, conv)
		if strings.Join(said, "\n") != strings.Join(c.script, "\n") {
			t.Errorf("%s: transcript holds the customer's messages\n%q\nwant each once, in order:\n%q", conv, said, c.script)
		}
		sent := map[string]int{}
		for _, m := range tg.Sent(c.c.ID) {
			sent[m.Text]++
		}
		for _, r := range replies {
			if sent[r] == 0 {
				t.Errorf("%s: reply never sent: %q", conv, r)
				continue
			}
			sent[r]--
		}
		for _, n := range sent {
			duplicates += n
		}
	}
	// A reply whose send was in flight at a kill may be sent again: Telegram
	// has no idempotency key. At most one per chat sent to at once (the
	// worker's 8); none after a graceful stop, which lets sends finish.
	if graceful && duplicates > 0 || duplicates > 8*kills {
		t.Errorf("%d replies sent twice over %d kills, want at most %d", duplicates, kills, 8*kills)
	}
	t.Logf("%d stops, %d replies sent twice", kills, duplicates)

	o, err := db.OrderByNumber(context.Background(), "OP-100401")
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != storage.StatusCancelled || !strings.Contains(sentText(tg, 7101), "is cancelled") {
		t.Errorf("cancellation: order %s, customer told %q", o.Status, sentText(tg, 7101))
	}
	amelia, err := db.CustomerByEmail(context.Background(), "amelia.brown@example.com")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := db.ReturnsByCustomer(context.Background(), amelia.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || !strings.Contains(sentText(tg, 7100), rs[0].RANumber) {
		t.Errorf("returns %+v; customer told %q", rs, sentText(tg, 7100))
	}
}

// waitOutboxSent waits until every outbox message of a channel is sent.
func waitOutboxSent(t *testing.T, db backend.Store, channel string) {
	t.Helper()
	waitFor(t, "the "+channel+" outbox sent", func() bool {
		ms, err := db.OutboxMessages(context.Background(), channel)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.State != storage.OutboxSent {
				return false
			}
		}
		return true
	})
}

// transcriptSides returns what the customer said and what the bot answered
// in a conversation, each in order.
func transcriptSides(t *testing.T, db backend.Store, conv string) (said, replies []string) {
	t.Helper()
	lines, err := db.Transcript(context.Background(), conv, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		switch l.From {
		case storage.FromCustomer:
			said = append(said, l.Text)
		case storage.FromBot:
			replies = append(replies, l.Text)
		}
	}
	return said, replies
}

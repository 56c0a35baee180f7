package telegram

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/bot/telegram/telegramtest"
	"supportbot/storage"
	"supportbot/storage/backend"
)

const testToken = "7000000001:AAH-test_token_never_logged"

// harness is a customer's Telegram app, the fake Bot API between, and the
// adapter on the real engine and store.
type harness struct {
	t      *testing.T
	srv    *telegramtest.Server
	db     backend.Store
	engine *bot.Engine
	texts  *bot.Texts
	desk   *recordingDesk
	logs   *logBuffer
	bot    *Bot
	stop   func()
	// noWorker leaves the outbox unsent, as a process that died after
	// its turns committed and before it sent their replies.
	noWorker bool
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	db := mustStore(t)
	h := &harness{
		t: t, srv: telegramtest.NewServer(t, testToken), db: db, engine: mustEngine(t, db),
		texts: mustKnowledge(t).Texts, desk: &recordingDesk{},
	}
	h.engine.SetDesk(h.desk)
	return h
}

// recordingDesk is an agent desk that keeps what it is given.
type recordingDesk struct {
	mu      sync.Mutex
	briefs  []bot.Brief
	relayed []storage.Message
	files   []storage.Attachment
}

func (d *recordingDesk) Open(_ context.Context, b bot.Brief) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.briefs = append(d.briefs, b)
	return "desk-" + strconv.Itoa(len(d.briefs)), nil
}

func (d *recordingDesk) Relay(_ context.Context, _ string, msg storage.Message, files []storage.Attachment) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.relayed = append(d.relayed, msg)
	d.files = append(d.files, files...)
	return nil
}

func (d *recordingDesk) Closed(context.Context, string) error { return nil }

func (d *recordingDesk) opened() []bot.Brief {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]bot.Brief(nil), d.briefs...)
}

// config is a fast configuration against the fake server.
func (h *harness) config(c Config) Config {
	c.Token, c.APIEndpoint = testToken, h.srv.URL()
	if c.Logger == nil {
		c.Logger, h.logs = newTestLogger(h.t, testToken, "sophie.laurent@example.fr")
	}
	if c.Conversations == nil {
		c.Conversations = h.db
	}
	c.PollTimeout = time.Second
	l := &c.Limits
	l.PerChat, l.PerChatBurst = orDefault(l.PerChat, 1000), orDefault(l.PerChatBurst, 100)
	l.Global, l.GlobalBurst = orDefault(l.Global, 1000), orDefault(l.GlobalBurst, 100)
	l.Backoff = orDefault(l.Backoff, 10*time.Millisecond)
	return c
}

// start builds the adapter and runs it until the test ends or stop.
func (h *harness) start(c Config) *Bot {
	h.t.Helper()
	b, err := New(context.Background(), h.config(c), h.engine, h.db, h.texts)
	if err != nil {
		h.t.Fatalf("New: %v", err)
	}
	h.engine.SetSender(bot.ChannelTelegram, b)
	// Replies go out as in production: through the outbox and its worker
	// (none while h.noWorker, to leave them in the outbox).
	w, err := delivery.New(delivery.Config{
		Channel: bot.ChannelTelegram, Store: h.db, Transport: b,
		Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.engine.SetOutbox(bot.ChannelTelegram, w.Wake)
	ctx, cancel := context.WithCancel(context.Background())
	done, sent := make(chan error, 1), make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	if h.noWorker {
		close(sent)
	} else {
		go func() { sent <- w.Run(ctx) }()
	}
	var once sync.Once
	h.bot = b
	h.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				h.t.Errorf("Run: %v", err)
			}
			<-sent
		})
	}
	h.t.Cleanup(h.stop)
	return b
}

// settle waits until every queued update is confirmed and handled, and
// the outbox sent.
func (h *harness) settle() {
	h.t.Helper()
	h.srv.WaitConfirmed()
	deadline := time.Now().Add(telegramtest.Timeout)
	for len(h.bot.queue.slots) > 0 || h.pending() > 0 {
		if time.Now().After(deadline) {
			h.t.Fatal("updates or replies still in hand after", telegramtest.Timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pending counts the outbox messages not yet sent nor given up.
func (h *harness) pending() int {
	h.t.Helper()
	ms, err := h.db.OutboxMessages(context.Background(), bot.ChannelTelegram)
	if err != nil {
		h.t.Fatal(err)
	}
	n := 0
	for _, m := range ms {
		if m.State == storage.OutboxPending {
			n++
		}
	}
	return n
}

// say sends a customer's text and returns the bot's messages in answer.
func (h *harness) say(c telegramtest.Customer, text string) []telegramtest.Message {
	h.t.Helper()
	before := len(h.srv.Sent(c.ID))
	h.srv.SendText(c, text)
	h.settle()
	return h.srv.Sent(c.ID)[before:]
}

// press presses a button under msg, checks the press was answered, and
// returns the bot's messages in answer.
func (h *harness) press(c telegramtest.Customer, msg telegramtest.Message, label string) []telegramtest.Message {
	h.t.Helper()
	btn, ok := msg.Button(label)
	if !ok {
		h.t.Fatalf("no button %q under %q; buttons: %+v", label, msg.Text, msg.Buttons())
	}
	before := len(h.srv.Sent(c.ID))
	_, query := h.srv.PressButton(c, msg, btn.CallbackData)
	h.srv.WaitCallbackAnswer(query)
	h.settle()
	return h.srv.Sent(c.ID)[before:]
}

// texts joins the texts of messages, for substring checks.
func texts(msgs []telegramtest.Message) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString(m.Text)
		b.WriteString("\n")
	}
	return b.String()
}

// withButtons returns the last message that has buttons.
func withButtons(t *testing.T, msgs []telegramtest.Message) telegramtest.Message {
	t.Helper()
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].Buttons()) > 0 {
			return msgs[i]
		}
	}
	t.Fatalf("no message with buttons in %q", texts(msgs))
	return telegramtest.Message{}
}

func mustContain(t *testing.T, msgs []telegramtest.Message, want ...string) {
	t.Helper()
	got := strings.ToLower(texts(msgs))
	for _, w := range want {
		if !strings.Contains(got, strings.ToLower(w)) {
			t.Errorf("the bot's answer lacks %q; got:\n%s", w, texts(msgs))
		}
	}
}

func mustNotContain(t *testing.T, msgs []telegramtest.Message, unwanted ...string) {
	t.Helper()
	got := strings.ToLower(texts(msgs))
	for _, w := range unwanted {
		if strings.Contains(got, strings.ToLower(w)) {
			t.Errorf("the bot's answer has %q; got:\n%s", w, texts(msgs))
		}
	}
}

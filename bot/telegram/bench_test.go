package telegram

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"supportbot/bot"
	"supportbot/bot/telegram/telegramtest"
)

func BenchmarkSplitText(b *testing.B) {
	text := strings.Repeat("Les bijoux 💍 voyagent bien emballés, écrin compris. ", 250) // about 13,000 units
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		splitText(text, maxMessageUnits)
	}
}

// quietEngine answers nothing, to measure the adapter alone.
type quietEngine struct{}

func (quietEngine) Handle(context.Context, bot.Incoming) (bot.Response, error) {
	return bot.Response{}, nil
}
func (quietEngine) Logout(context.Context, string, string, string) error      { return nil }
func (quietEngine) SetLanguage(context.Context, string, string, string) error { return nil }

// BenchmarkWebhookRequest measures a webhook delivery up to the 200: the
// secret check, decoding, recording the update_id in SQLite and queueing.
func BenchmarkWebhookRequest(b *testing.B) {
	srv := telegramtest.NewServer(b, testToken)
	db := mustStore(b)
	log, _ := newTestLogger(b, testToken)
	bt, err := New(context.Background(), Config{
		Token: testToken, APIEndpoint: srv.URL(), Logger: log,
		WebhookURL: "https://bot.example/telegram/webhook", WebhookSecret: testSecret,
		Limits: Limits{Queue: 1 << 20}, // measure the request, not the backpressure
	}, quietEngine{}, db, mustKnowledge(b).Texts)
	if err != nil {
		b.Fatal(err)
	}
	h := bt.WebhookHandler()
	i := 0
	for b.Loop() {
		i++
		body := `{"update_id": ` + strconv.Itoa(i) + `, "message": {"message_id": 1, "date": 1700000000,
			"chat": {"id": ` + strconv.Itoa(i%50+1) + `, "type": "private"}, "from": {"id": 1, "is_bot": false, "first_name": "A"},
			"text": "where is my order?"}}`
		req := httptest.NewRequest(http.MethodPost, "/telegram/webhook", strings.NewReader(body))
		req.Header.Set(secretHeader, testSecret)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	b.StopTimer()
	if err := bt.queue.wait(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkTurn measures a customer's message over long polling, through
// the fake Bot API, to the real engine and back: from the update queued
// to the answer sent.
func BenchmarkTurn(b *testing.B) {
	db := mustStore(b)
	srv := telegramtest.NewServer(b, testToken)
	e := mustEngine(b, db)
	log, _ := newTestLogger(b, testToken)
	bt, err := New(context.Background(), Config{
		Token: testToken, APIEndpoint: srv.URL(), Logger: log, Conversations: db,
		Limits: Limits{PerChat: 1e6, PerChatBurst: 1000, Global: 1e6, GlobalBurst: 1000},
	}, e, db, mustKnowledge(b).Texts)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	defer func() { cancel(); <-done }()
	c := telegramtest.Customer{ID: 42, LanguageCode: "en"}
	srv.SendText(c, "what are your delivery times?")
	per := len(srv.WaitSent(c.ID, 1)) // messages in one answer
	n := per
	for b.Loop() {
		srv.SendText(c, "what are your delivery times?")
		n += per
		srv.WaitSent(c.ID, n)
	}
}

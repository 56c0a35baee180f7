package telegram

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"supportbot/bot/telegram/telegramtest"
)

const testSecret = "s3cret_token-for-tests"

// startWebhook runs the adapter in webhook mode behind a local HTTP server
// serving POST /telegram/webhook, and returns that server's URL.
func (h *harness) startWebhook(c Config) string {
	h.t.Helper()
	var handler atomic.Pointer[http.Handler]
	mux := http.NewServeMux()
	mux.HandleFunc("POST /telegram/webhook", func(w http.ResponseWriter, r *http.Request) {
		(*handler.Load()).ServeHTTP(w, r)
	})
	web := httptest.NewServer(mux)
	h.t.Cleanup(web.Close)
	c.WebhookURL, c.WebhookSecret = web.URL+"/telegram/webhook", testSecret
	b := h.start(c)
	wh := b.WebhookHandler()
	handler.Store(&wh)
	h.srv.WaitWebhook()
	return web.URL
}

func TestWebhookDeliveries(t *testing.T) {
	h := newHarness(t)
	h.startWebhook(Config{})
	c := telegramtest.Customer{ID: 601, LanguageCode: "en"}

	// Run registers the webhook; the fake then POSTs queued updates to it.
	got := h.say(c, "hello")
	mustContain(t, got, "Hello and welcome")
	wh, ok := h.srv.Webhook()
	if !ok || wh.SecretToken != testSecret || !strings.HasSuffix(wh.URL, "/telegram/webhook") {
		t.Fatalf("webhook = %+v, want our URL with the secret", wh)
	}
	if strings.Join(wh.AllowedUpdates, ",") != "message,callback_query" {
		t.Errorf("allowed_updates = %q", wh.AllowedUpdates)
	}

	// A redelivery, as after a webhook timeout, is acknowledged and not
	// handled again.
	h.srv.Redeliver(h.srv.SendText(c, "where is my order?"))
	h.settle()
	if n := strings.Count(texts(h.srv.Sent(c.ID)), "check it's you"); n != 1 {
		t.Errorf("asked for proof %d times for one update delivered twice, want once", n)
	}
	for _, st := range h.srv.WebhookStatuses() {
		if st != http.StatusOK {
			t.Errorf("webhook answered %d to the fake, want 200 for every delivery", st)
		}
	}
}

func TestWebhookRefusesWhatTelegramDidNotSend(t *testing.T) {
	h := newHarness(t)
	url := h.startWebhook(Config{}) + "/telegram/webhook"
	h.settle()
	update := `{"update_id": 9001, "message": {"message_id": 1, "date": 1700000000,
		"chat": {"id": 602, "type": "private"}, "from": {"id": 602, "is_bot": false, "first_name": "Eve"},
		"text": "where is my order? sophie.laurent@example.fr OP-100701"}}`
	tests := []struct {
		name   string
		method string
		secret string // "" for no header
		body   string
		want   int
	}{
		{name: "no secret", method: "POST", body: update, want: 401},
		{name: "wrong secret", method: "POST", secret: "guess", body: update, want: 401},
		{name: "secret with a suffix", method: "POST", secret: testSecret + "x", body: update, want: 401},
		{name: "secret in other case", method: "POST", secret: strings.ToUpper(testSecret), body: update, want: 401},
		{name: "malformed JSON", method: "POST", secret: testSecret, body: `{"update_id": 9002, "message": `, want: 400},
		{name: "no update_id", method: "POST", secret: testSecret, body: `{"message": {}}`, want: 400},
		{name: "too large", method: "POST", secret: testSecret, body: `{"update_id": 9003, "pad": "` + strings.Repeat("x", 1<<20) + `"}`, want: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tt.secret != "" {
				req.Header.Set(secretHeader, tt.secret)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
	h.settle()
	if sent := h.srv.Sent(602); len(sent) != 0 {
		t.Errorf("the bot answered a refused request: %q", texts(sent))
	}
	for _, id := range []int{9001, 9002, 9003} {
		fresh, err := h.db.MarkProcessed(context.Background(), source, strconv.Itoa(id))
		if err != nil {
			t.Fatal(err)
		}
		if !fresh {
			t.Errorf("update %d was recorded as processed by a refused request", id)
		}
	}
	if _, err := h.db.Conversation(context.Background(), "telegram:602"); err == nil {
		t.Error("a refused request reached the engine: conversation telegram:602 exists")
	}
}

func TestWebhookHandlerWithoutSecretRefusesAll(t *testing.T) {
	h := newHarness(t)
	b := h.start(Config{}) // polling mode: no secret configured
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/telegram/webhook", strings.NewReader(`{"update_id": 1}`))
	req.Header.Set(secretHeader, "")
	b.WebhookHandler().ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401 when no secret is configured", rec.Code)
	}
}

func TestWebhookAnswersGetWith405(t *testing.T) {
	h := newHarness(t)
	b := h.start(Config{})
	rec := httptest.NewRecorder()
	b.WebhookHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/telegram/webhook", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("status = %d, want 405", rec.Code)
	}
}

func FuzzDecodeUpdate(f *testing.F) {
	f.Add([]byte(`{"update_id": 1, "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "text": "hi"}}`))
	f.Add([]byte(`{"update_id": 2, "callback_query": {"id": "x", "data": "/yes"}}`))
	f.Add([]byte(`{"update_id": -1}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"update_id": 3, "message": {"photo": [{"file_id": "a", "file_size": 99999999999}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		u, err := decodeUpdate(body)
		if err != nil {
			return
		}
		if u.UpdateID <= 0 {
			t.Errorf("accepted update_id %d", u.UpdateID)
		}
		chatOf(u) // must not panic on any accepted update
		if u.Message != nil {
			imageOf(u.Message)
		}
	})
}

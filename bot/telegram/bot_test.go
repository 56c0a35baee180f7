package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"supportbot/bot/telegram/telegramtest"
)

func TestNewFailsOnAWrongToken(t *testing.T) {
	srv := telegramtest.NewServer(t, testToken)
	db := mustStore(t)
	k := mustKnowledge(t)
	_, err := New(context.Background(), Config{Token: "7000000001:AAH-wrong", APIEndpoint: srv.URL()}, mustEngine(t, db), db, k.Texts)
	if err == nil {
		t.Fatal("New succeeded with a wrong token")
	}
	if got := err.Error(); !strings.HasPrefix(got, "telegram: getMe: ") || !strings.Contains(got, "Unauthorized") {
		t.Errorf("error %q, want one naming telegram, getMe and Unauthorized", got)
	}
}

func TestNewKeepsTheTokenOutOfErrors(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close() // nothing listens there any more
	db := mustStore(t)
	_, err := New(context.Background(), Config{Token: testToken, APIEndpoint: down.URL}, mustEngine(t, db), db, mustKnowledge(t).Texts)
	if err == nil {
		t.Fatal("New succeeded with the server down")
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error shows the token: %v", err)
	}
	if !strings.Contains(err.Error(), "telegram: getMe") || !strings.Contains(err.Error(), "<token>") {
		t.Errorf("error %q, want the call named and the token replaced", err)
	}
}

func TestNewChecksTheSettings(t *testing.T) {
	db := mustStore(t)
	e, texts := mustEngine(t, db), mustKnowledge(t).Texts
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{name: "no token", cfg: Config{}, want: "no bot token"},
		{name: "token with a slash", cfg: Config{Token: "1:a/b"}, want: "characters"},
		{name: "endpoint with a path", cfg: Config{Token: "1:a", APIEndpoint: "https://api.telegram.org/bot"}, want: "without a path"},
		{name: "endpoint without scheme", cfg: Config{Token: "1:a", APIEndpoint: "api.telegram.org"}, want: "without a path"},
		{name: "webhook without secret", cfg: Config{Token: "1:a", WebhookURL: "https://bot.example/telegram/webhook"}, want: "webhook secret"},
		{name: "secret with spaces", cfg: Config{Token: "1:a", WebhookURL: "https://bot.example/telegram/webhook", WebhookSecret: "a b"}, want: "webhook secret"},
		{name: "relative webhook URL", cfg: Config{Token: "1:a", WebhookURL: "/telegram/webhook", WebhookSecret: "abc"}, want: "webhook URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(context.Background(), tt.cfg, e, db, texts)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "telegram: ") {
				t.Errorf("New = %v, want an error about %q", err, tt.want)
			}
		})
	}
}

func TestConfigLogsNoSecret(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("starting", "telegram", Config{Token: testToken, WebhookURL: "https://x.example/telegram/webhook", WebhookSecret: testSecret})
	if out := buf.String(); strings.Contains(out, testToken) || strings.Contains(out, testSecret) {
		t.Errorf("logged config shows a secret: %s", out)
	}
}

func TestRunTwiceFails(t *testing.T) {
	h := newHarness(t)
	b := h.start(Config{})
	for len(h.srv.Attempts("getUpdates")) == 0 {
		time.Sleep(5 * time.Millisecond) // the first Run is polling
	}
	ctx, cancel := context.WithTimeout(context.Background(), telegramtest.Timeout)
	defer cancel()
	if err := b.Run(ctx); err == nil {
		t.Error("a second Run of the same bot started")
	}
}

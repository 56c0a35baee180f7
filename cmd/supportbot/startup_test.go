package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"supportbot/bot/slack/slackfake"
	"supportbot/bot/telegram/telegramtest"
)

// readiness is what /readyz answers.
type readiness struct {
	Status   string `json:"status"`
	Channels []struct {
		Name  string `json:"name"`
		State string `json:"state"`
		Error string `json:"error"`
	} `json:"channels"`
}

func readReady(t *testing.T, p *process) (int, readiness) {
	t.Helper()
	resp, err := http.Get(p.url("/readyz"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r readiness
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("/readyz body: %v", err)
	}
	return resp.StatusCode, r
}

func (r readiness) state(name string) string {
	for _, c := range r.Channels {
		if c.Name == name {
			return c.State
		}
	}
	return ""
}

// Issue 12: a platform unreachable at start (its API answering 502) does
// not stop serve: the web chat serves, /readyz reports the channel as
// retrying (200, status degraded), and once the platform is back the
// channel connects and answers, the other channels unaffected.
func TestServeRetriesAChannelUnreachableAtStart(t *testing.T) {
	tg := telegramtest.NewServer(t, e2eTelegramToken)
	sl := slackfake.New(slackfake.Config{})
	t.Cleanup(sl.Close)
	var down atomic.Bool
	down.Store(true)
	target, _ := url.Parse(tg.URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(gateway.Close)
	env := channelEnv(tg, sl)
	for i, kv := range env {
		if strings.HasPrefix(kv, "TELEGRAM_API_ENDPOINT=") {
			env[i] = "TELEGRAM_API_ENDPOINT=" + gateway.URL
		}
	}
	p := startBinary(t, env, "--demo", "--db", t.TempDir()+"/start.db")

	code, r := readReady(t, p)
	if code != http.StatusOK || r.Status != "degraded" || r.state("telegram") != stateRetrying || r.state("slack") != stateUp {
		t.Errorf("/readyz = %d %+v, want 200, degraded, telegram retrying, slack up", code, r)
	}
	answer := postChat(t, p, "0123456789abcdef-start", "what are your opening hours?")
	if !strings.Contains(answer, "replies") {
		t.Errorf("the web chat does not answer while Telegram is down: %s", answer)
	}

	down.Store(false)
	waitFor(t, "telegram connected", func() bool {
		_, r := readReady(t, p)
		return r.state("telegram") == stateUp && r.Status == "ready"
	})
	customer := telegramtest.Customer{ID: 4343, LanguageCode: "en"}
	tg.SendText(customer, "what are your delivery times?")
	waitFor(t, "the answer on Telegram", func() bool { return len(tg.Sent(customer.ID)) > 0 })
}

// postChat sends a message to the web chat's API and returns the body.
func postChat(t *testing.T, p *process, conv, text string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"conversation_id": conv, "text": text})
	resp, err := http.Post(p.url("/api/v1/chat"), "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	var raw json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err == nil {
		b.Write(raw)
	}
	return b.String()
}

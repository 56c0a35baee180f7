package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"supportbot/bot/web/limit"
)

const chatBody = `{"conversation_id": "0123456789abcdef0123456789abcdef", "text": "bonjour"}`

// Issue 11, finding 3: a page on another site can't drive the chat from a
// visitor's browser. Requests naming another origin are refused, a CORS
// preflight passes only for the shop's allowed origins, and a body not
// declared as JSON (a sendBeacon blob, a form) gets 415.
func TestCrossSiteRequestsAreRefused(t *testing.T) {
	srv := mustNew(t, Config{Engine: newStubEngine(), Texts: mustTexts(t), AllowedOrigins: []string{"https://www.shop.example"}})
	tests := []struct {
		name    string
		method  string
		headers map[string]string
		body    string
		status  int
		acao    string
	}{
		{"the page's own origin", "POST", map[string]string{"Origin": "http://example.com"}, chatBody, 200, "http://example.com"},
		{"no Origin: a program", "POST", nil, chatBody, 200, ""},
		{"an allowed origin", "POST", map[string]string{"Origin": "https://www.shop.example"}, chatBody, 200, "https://www.shop.example"},
		{"another site", "POST", map[string]string{"Origin": "https://evil.example"}, chatBody, 403, ""},
		{"a sandboxed frame", "POST", map[string]string{"Origin": "null"}, chatBody, 403, ""},
		{"cross-site without Origin", "POST", map[string]string{"Sec-Fetch-Site": "cross-site"}, chatBody, 403, ""},
		{"a beacon without type", "POST", map[string]string{"Content-Type": ""}, chatBody, 415, ""},
		{"a beacon as text", "POST", map[string]string{"Content-Type": "text/plain;charset=UTF-8"}, chatBody, 415, ""},
		{"reading another site's transcript", "GET", map[string]string{"Origin": "https://evil.example"}, "", 403, ""},
		{"preflight from an allowed origin", "OPTIONS", map[string]string{"Origin": "https://www.shop.example", "Access-Control-Request-Method": "POST"}, "", 204, "https://www.shop.example"},
		{"preflight from another site", "OPTIONS", map[string]string{"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, "", 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/api/v1/chat"
			if tt.method == "GET" {
				path = "/api/v1/conversations/0123456789abcdef0123456789abcdef/messages"
			}
			w := do(t, srv, request{method: tt.method, path: path, body: tt.body, headers: tt.headers})
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (%s)", w.Code, tt.status, w.Body.String())
			}
			if got := w.Header().Get("Access-Control-Allow-Origin"); got != tt.acao {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, tt.acao)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options")
			}
		})
	}
}

// The page may be framed by the allowed origins only.
func TestPageFrameAncestors(t *testing.T) {
	none := do(t, mustNew(t, Config{Engine: newStubEngine(), Texts: mustTexts(t)}), request{method: "GET", path: "/"})
	if csp := none.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || none.Header().Get("X-Frame-Options") != "DENY" {
		t.Errorf("no allowed origins: CSP %q, X-Frame-Options %q", csp, none.Header().Get("X-Frame-Options"))
	}
	srv := mustNew(t, Config{Engine: newStubEngine(), Texts: mustTexts(t), AllowedOrigins: []string{"https://WWW.Shop.example:443/", "http://localhost:3000"}})
	w := do(t, srv, request{method: "GET", path: "/"})
	want := "frame-ancestors 'self' http://localhost:3000 https://www.shop.example"
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, want) || w.Header().Get("X-Frame-Options") != "" {
		t.Errorf("CSP %q, want %q and no X-Frame-Options", csp, want)
	}
	if _, err := New(Config{Engine: newStubEngine(), AllowedOrigins: []string{"www.shop.example"}}); err == nil {
		t.Error("an origin without scheme was accepted")
	}
}

// settableClock is a test clock for the limits.
type settableClock struct{ t time.Time }

func (c *settableClock) now() time.Time { return c.t }

func chatFrom(t *testing.T, srv http.Handler, remote, conv, text string) int {
	t.Helper()
	w := do(t, remoteFromHeader{srv}, request{method: "POST", path: "/api/v1/chat",
		body:    fmt.Sprintf(`{"conversation_id": %q, "text": %q}`, conv, text),
		headers: map[string]string{"X-Test-Remote": remote}})
	if w.Code == http.StatusTooManyRequests {
		ra, err := strconv.Atoi(w.Header().Get("Retry-After"))
		if err != nil || ra < 1 {
			t.Errorf("429 with Retry-After %q", w.Header().Get("Retry-After"))
		}
	}
	return w.Code
}

// remoteFromHeader lets a test choose the client address of a request.
type remoteFromHeader struct{ h http.Handler }

func (r remoteFromHeader) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if a := req.Header.Get("X-Test-Remote"); a != "" {
		req.RemoteAddr = a
	}
	r.h.ServeHTTP(w, req)
}

// Issue 11, finding 1: requests per client address, turns per
// conversation and failed identity checks per client address are limited,
// with 429 and Retry-After.
func TestLimits(t *testing.T) {
	clock := &settableClock{t: time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)}
	t.Run("per client", func(t *testing.T) {
		srv := mustNew(t, Config{Engine: newStubEngine(), Texts: mustTexts(t), Now: clock.now, Limits: Limits{ClientPerMinute: 5}})
		for i := range 5 {
			if code := chatFrom(t, srv, "203.0.113.1:1", fmt.Sprintf("conversation-number-%02d", i), "bonjour"); code != 200 {
				t.Fatalf("request %d: %d", i, code)
			}
		}
		if code := chatFrom(t, srv, "203.0.113.1:2", "conversation-number-99", "bonjour"); code != 429 {
			t.Errorf("sixth request from one address: %d, want 429", code)
		}
		if code := chatFrom(t, srv, "203.0.113.2:1", "conversation-number-98", "bonjour"); code != 200 {
			t.Errorf("another address: %d, want 200", code)
		}
		clock.t = clock.t.Add(13 * time.Second)
		if code := chatFrom(t, srv, "203.0.113.1:3", "conversation-number-97", "bonjour"); code != 200 {
			t.Errorf("a fifth of a minute later: %d, want 200", code)
		}
	})
	t.Run("per conversation", func(t *testing.T) {
		srv := mustNew(t, Config{Engine: newStubEngine(), Texts: mustTexts(t), Now: clock.now, Limits: Limits{ConversationPerMinute: 3}})
		for i := range 3 {
			chatFrom(t, srv, fmt.Sprintf("203.0.113.%d:1", i), "one-conversation-000", "bonjour")
		}
		if code := chatFrom(t, srv, "203.0.113.9:1", "one-conversation-000", "bonjour"); code != 429 {
			t.Errorf("fourth turn in one conversation: %d, want 429", code)
		}
	})
	t.Run("failed identity checks per client", func(t *testing.T) {
		e := newRealEngine(t)
		srv := mustNew(t, Config{Engine: e, Texts: mustTexts(t), Now: clock.now, Limits: Limits{FailedChecksPerHour: 3}})
		h := remoteFromHeader{srv}
		for i := range 3 {
			w := do(t, h, request{method: "POST", path: "/api/v1/chat", headers: map[string]string{"X-Test-Remote": "198.51.100.7:1"},
				body: fmt.Sprintf(`{"conversation_id": "guess-conversation-%02d", "text": "où est ma commande OP-10000%d ? a%d@example.fr"}`, i, i, i)})
			if w.Code != 200 {
				t.Fatalf("guess %d: %d %s", i, w.Code, w.Body.String())
			}
		}
		w := do(t, h, request{method: "POST", path: "/api/v1/chat", headers: map[string]string{"X-Test-Remote": "198.51.100.7:2"},
			body: `{"conversation_id": "guess-conversation-99", "text": "bonjour"}`})
		if w.Code != 429 {
			t.Errorf("after 3 failed checks: %d, want 429", w.Code)
		}
		w = do(t, h, request{method: "POST", path: "/api/v1/chat", headers: map[string]string{"X-Test-Remote": "198.51.100.8:2"},
			body: `{"conversation_id": "guess-conversation-98", "text": "bonjour"}`})
		if w.Code != 200 {
			t.Errorf("another client: %d, want 200", w.Code)
		}
	})
	t.Run("behind a trusted proxy", func(t *testing.T) {
		clients, err := limit.NewClients("X-Forwarded-For", []string{"10.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		srv := mustNew(t, Config{Engine: newStubEngine(), Texts: mustTexts(t), Now: clock.now, Clients: clients, Limits: Limits{ClientPerMinute: 1}})
		h := remoteFromHeader{srv}
		send := func(xff string) int {
			return do(t, h, request{method: "POST", path: "/api/v1/chat", body: chatBody,
				headers: map[string]string{"X-Test-Remote": "10.0.0.1:5", "X-Forwarded-For": xff}}).Code
		}
		if send("198.51.100.1") != 200 || send("198.51.100.2") != 200 {
			t.Error("two clients behind the proxy share a limit")
		}
		if send("198.51.100.1") != 429 {
			t.Error("one client behind the proxy is not limited")
		}
	})
}

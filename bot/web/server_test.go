package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"supportbot/bot"
	"supportbot/storage"
)

// recordingEngine records what reaches the engine and hands it on, so that
// tests can check that a refused request reached nothing.
type recordingEngine struct {
	next Engine

	mu         sync.Mutex
	handled    []bot.Incoming
	understood []string
	listed     []string
}

func (r *recordingEngine) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	r.mu.Lock()
	r.handled = append(r.handled, in)
	r.mu.Unlock()
	return r.next.Handle(ctx, in)
}

func (r *recordingEngine) Understand(ctx context.Context, text, fallbackLang string) bot.Understanding {
	r.mu.Lock()
	r.understood = append(r.understood, text)
	r.mu.Unlock()
	return r.next.Understand(ctx, text, fallbackLang)
}

func (r *recordingEngine) Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	r.mu.Lock()
	r.listed = append(r.listed, conversationID)
	r.mu.Unlock()
	return r.next.Messages(ctx, conversationID, afterID)
}

// calls is how many times the engine was reached, all methods together.
func (r *recordingEngine) calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.handled) + len(r.understood) + len(r.listed)
}

// recordingReporter is a recordingEngine that keeps the engine's optional
// HandoffReporter ability.
type recordingReporter struct {
	*recordingEngine
	HandoffReporter
}

// testServer is a web server over a recorded engine, with its log kept.
type testServer struct {
	*Server
	engine *recordingEngine
	log    *bytes.Buffer
}

func newTestServer(tb testing.TB, e Engine) *testServer {
	tb.Helper()
	rec := &recordingEngine{next: e}
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&syncWriter{w: &buf}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var engine Engine = rec
	if hr, ok := e.(HandoffReporter); ok {
		engine = recordingReporter{rec, hr}
	}
	srv := mustNew(tb, Config{Engine: engine, Logger: logger, ShopName: "Maison Lumen", Texts: mustTexts(tb)})
	return &testServer{Server: srv, engine: rec, log: &buf}
}

// syncWriter serialises writes to a buffer shared with the test.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// request is one HTTP request to send in a test.
type request struct {
	method  string
	path    string
	body    string
	headers map[string]string
}

// do sends req to h and returns the recorded response.
func do(tb testing.TB, h http.Handler, req request) *httptest.ResponseRecorder {
	tb.Helper()
	var body io.Reader
	if req.body != "" {
		body = strings.NewReader(req.body)
	}
	r := httptest.NewRequest(req.method, req.path, body)
	if req.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range req.headers {
		if v == "" {
			r.Header.Del(k)
			continue
		}
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// mustDecode decodes a JSON response body strictly into v.
func mustDecode(tb testing.TB, w *httptest.ResponseRecorder, v any) {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		tb.Fatalf("decode response %q: %v", w.Body.String(), err)
	}
}

// checkAPIHeaders checks the headers every API answer carries.
func checkAPIHeaders(tb testing.TB, w *httptest.ResponseRecorder) {
	tb.Helper()
	for k, want := range map[string]string{
		"Content-Type":           "application/json; charset=utf-8",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := w.Header().Get(k); got != want {
			tb.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
}

// checkError checks an error answer: its status, the API headers, and an
// {"error": ...} body containing want.
func checkError(tb testing.TB, w *httptest.ResponseRecorder, status int, want string) {
	tb.Helper()
	if w.Code != status {
		tb.Errorf("status = %d, want %d (body %s)", w.Code, status, w.Body.String())
	}
	checkAPIHeaders(tb, w)
	var body errorBody
	mustDecode(tb, w, &body)
	if !strings.Contains(body.Error, want) {
		tb.Errorf("error = %q, want it to contain %q", body.Error, want)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	srv := newTestServer(t, newRealEngine(t))
	tests := []struct {
		name      string
		method    string
		path      string
		wantAllow string
	}{
		{name: "GET chat", method: http.MethodGet, path: "/api/v1/chat", wantAllow: "POST"},
		{name: "PUT chat", method: http.MethodPut, path: "/api/v1/chat", wantAllow: "POST"},
		{name: "GET parse", method: http.MethodGet, path: "/api/v1/parse", wantAllow: "POST"},
		{name: "DELETE parse", method: http.MethodDelete, path: "/api/v1/parse", wantAllow: "POST"},
		{name: "POST messages", method: http.MethodPost, path: "/api/v1/conversations/abc/messages", wantAllow: "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(t, srv, request{method: tt.method, path: tt.path})
			checkError(t, w, http.StatusMethodNotAllowed, "not allowed")
			if got := w.Header().Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
		})
	}
	if n := srv.engine.calls(); n != 0 {
		t.Errorf("engine reached %d times, want 0", n)
	}
}

func TestUnknownAPIPath(t *testing.T) {
	srv := newTestServer(t, newRealEngine(t))
	for _, path := range []string{"/api/v1/nothing", "/api/v2/chat", "/api/"} {
		w := do(t, srv, request{method: http.MethodPost, path: path, body: `{}`})
		checkError(t, w, http.StatusNotFound, "no such API endpoint")
	}
	if n := srv.engine.calls(); n != 0 {
		t.Errorf("engine reached %d times, want 0", n)
	}
}

// mustNew returns a server or fails the test.
func mustNew(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	s, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

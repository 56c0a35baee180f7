package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/bot"
	"supportbot/storage"
)

func TestChatRefusesBadRequests(t *testing.T) {
	long := func(n int, s string) string { return strings.Repeat(s, n) }
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		status  int
		want    string // part of the error message
	}{
		{name: "empty body", body: " ", status: 400, want: "request body is empty"},
		{name: "malformed JSON", body: `{"conversation_id": "a-0123456789abcdef", "text": }`, status: 400, want: "malformed JSON"},
		{name: "truncated JSON", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi"`, status: 400, want: "malformed JSON"},
		{name: "array", body: `["a", "hi"]`, status: 400, want: "must be a JSON object"},
		{name: "string", body: `"hi"`, status: 400, want: "must be a JSON object"},
		{name: "null", body: `null`, status: 400, want: "conversation_id is required"},
		{name: "trailing object", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi"} {}`, status: 400, want: "unexpected data after the JSON object"},
		{name: "trailing garbage", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi"}x`, status: 400, want: "unexpected data after the JSON object"},
		{name: "unknown field", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi", "lang": "fr"}`, status: 400, want: `unknown field "lang"`},
		{name: "misspelt payload", body: `{"conversation_id": "a-0123456789abcdef", "paylod": "/yes"}`, status: 400, want: `unknown field "paylod"`},
		{name: "conversation_id a number", body: `{"conversation_id": 42, "text": "hi"}`, status: 400, want: "conversation_id must be a string, not number"},
		{name: "text an object", body: `{"conversation_id": "a-0123456789abcdef", "text": {"x": 1}}`, status: 400, want: "text must be a string, not object"},
		{name: "payload a bool", body: `{"conversation_id": "a-0123456789abcdef", "payload": true}`, status: 400, want: "payload must be a string, not bool"},
		{name: "no conversation_id", body: `{"text": "hi"}`, status: 400, want: "conversation_id is required"},
		{name: "empty conversation_id", body: `{"conversation_id": "", "text": "hi"}`, status: 400, want: "conversation_id is required"},
		{name: "conversation_id over 128 bytes", body: `{"conversation_id": "` + long(129, "a") + `", "text": "hi"}`, status: 400, want: "conversation_id is over 128 bytes"},
		{name: "conversation_id over 128 bytes in accents", body: `{"conversation_id": "` + long(65, "é") + `", "text": "hi"}`, status: 400, want: "conversation_id is over 128 bytes"},
		{name: "conversation_id with a newline", body: `{"conversation_id": "a\nb", "text": "hi"}`, status: 400, want: "conversation_id contains a control or invisible character (U+000A)"},
		{name: "conversation_id with NUL", body: `{"conversation_id": "a\u0000", "text": "hi"}`, status: 400, want: "U+0000"},
		{name: "conversation_id with a bidi override", body: `{"conversation_id": "a\u202eb", "text": "hi"}`, status: 400, want: "U+202E"},
		{name: "neither text nor payload", body: `{"conversation_id": "a-0123456789abcdef"}`, status: 400, want: "text or payload is required"},
		{name: "null text", body: `{"conversation_id": "a-0123456789abcdef", "text": null}`, status: 400, want: "text or payload is required"},
		{name: "empty text", body: `{"conversation_id": "a-0123456789abcdef", "text": ""}`, status: 400, want: "text must not be empty"},
		{name: "blank text", body: `{"conversation_id": "a-0123456789abcdef", "text": " \n\t "}`, status: 400, want: "text must not be empty"},
		{name: "empty payload", body: `{"conversation_id": "a-0123456789abcdef", "payload": ""}`, status: 400, want: "payload must not be empty"},
		{name: "both text and payload", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi", "payload": "/yes"}`, status: 400, want: "either text or payload, not both"},
		{name: "text over 4096 characters", body: `{"conversation_id": "a-0123456789abcdef", "text": "` + long(4097, "é") + `"}`, status: 400, want: "text is over 4096 characters"},
		{name: "payload over 512 bytes", body: `{"conversation_id": "a-0123456789abcdef", "payload": "` + long(513, "p") + `"}`, status: 400, want: "payload is over 512 bytes"},
		{name: "payload with a control character", body: `{"conversation_id": "a-0123456789abcdef", "payload": "/yes\u001b"}`, status: 400, want: "payload contains a control"},
		{name: "invalid UTF-8", body: "{\"conversation_id\": \"a\", \"text\": \"caf\xe9\"}", status: 400, want: "not valid UTF-8"},
		{name: "conversation_id under 16 bytes", body: `{"conversation_id": "short-id-15byte", "text": "hi"}`, status: 400, want: "conversation_id is under 16 bytes"},
		{name: "no Content-Type", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi"}`, headers: map[string]string{"Content-Type": ""}, status: 415, want: "Content-Type must be application/json"},
		{name: "text/plain", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi"}`, headers: map[string]string{"Content-Type": "text/plain"}, status: 415, want: "Content-Type must be application/json"},
		{name: "form", body: `conversation_id=a&text=hi`, headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, status: 415, want: "Content-Type must be application/json"},
		{name: "latin-1", body: `{"conversation_id": "a-0123456789abcdef", "text": "hi"}`, headers: map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}, status: 415, want: "charset must be utf-8"},
		{name: "over the size limit", body: `{"conversation_id": "a-0123456789abcdef", "text": "` + long(70<<10, "a") + `"}`, status: 413, want: "request body over 65536 bytes"},
	}
	engine := newRealEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, engine)
			w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: tt.body, headers: tt.headers})
			checkError(t, w, tt.status, tt.want)
			if n := srv.engine.calls(); n != 0 {
				t.Errorf("engine reached %d times, want 0", n)
			}
		})
	}
}

func TestChatBodyLimitIsConfigurable(t *testing.T) {
	rec := &recordingEngine{next: newRealEngine(t)}
	srv := mustNew(t, Config{Engine: rec, MaxBodyBytes: 100, Texts: mustTexts(t)})
	body := `{"conversation_id": "a-0123456789abcdef", "text": "` + strings.Repeat("a", 100) + `"}`
	w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: body})
	checkError(t, w, http.StatusRequestEntityTooLarge, "over 100 bytes")
	if n := rec.calls(); n != 0 {
		t.Errorf("engine reached %d times, want 0", n)
	}
}

// TestChatPrefixesConversationID checks the security rule: whatever a web
// client sends, the engine sees a web conversation, and another channel's
// conversation stays untouched.
func TestChatPrefixesConversationID(t *testing.T) {
	tests := []struct {
		name     string
		clientID string
	}{
		{name: "plain", clientID: "4f2a9c0d1e2f3a4b5c6d"},
		{name: "a Telegram conversation", clientID: "telegram:1234567890"},
		{name: "a Discord conversation", clientID: "discord:99887766554433"},
		{name: "already prefixed", clientID: "web:abcdefghijklmn"},
		{name: "128 bytes", clientID: strings.Repeat("x", 128)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			engine := newRealEngine(t)
			// The conversation the client's ID names on its own channel, if
			// any, with one line said there.
			other := storage.Conversation{ID: tt.clientID, Channel: "telegram", Lang: "fr"}
			if _, err := engine.db.SaveTurn(ctx, other, []storage.Message{{ConversationID: tt.clientID, From: storage.FromCustomer, Text: "bonjour", At: time.Now()}}); err != nil {
				t.Fatal(err)
			}
			srv := newTestServer(t, engine)
			body := fmt.Sprintf(`{"conversation_id": %q, "text": "où en est ma commande ?"}`, tt.clientID)
			w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: body})
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200 (body %s)", w.Code, w.Body.String())
			}
			if len(srv.engine.handled) != 1 {
				t.Fatalf("engine handled %d messages, want 1", len(srv.engine.handled))
			}
			in := srv.engine.handled[0]
			want := "web:" + tt.clientID
			if in.ConversationID != want {
				t.Errorf("engine got conversation %q, want %q", in.ConversationID, want)
			}
			if in.Channel != bot.ChannelWeb {
				t.Errorf("engine got channel %q, want %q", in.Channel, bot.ChannelWeb)
			}
			var resp chatResponse
			mustDecode(t, w, &resp)
			if resp.ConversationID != tt.clientID {
				t.Errorf("response conversation_id = %q, want the client's %q", resp.ConversationID, tt.clientID)
			}
			lines, err := engine.db.Transcript(ctx, want, 0)
			if err != nil || len(lines) < 2 {
				t.Errorf("transcript of %s: %d lines, %v; want the turn", want, len(lines), err)
			}
			lines, err = engine.db.Transcript(ctx, tt.clientID, 0)
			if err != nil || len(lines) != 1 {
				t.Errorf("transcript of %s: %d lines, %v; want it untouched", tt.clientID, len(lines), err)
			}
		})
	}
}

func TestChatPassesTheTurn(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		headers map[string]string
		want    bot.Incoming
	}{
		{
			name: "text",
			body: `{"conversation_id": "c1-0123456789abcdef", "text": "où en est ma commande ?"}`,
			want: bot.Incoming{ConversationID: "web:c1-0123456789abcdef", Channel: "web", Text: "où en est ma commande ?"},
		},
		{
			name: "button",
			body: `{"conversation_id": "c1-0123456789abcdef", "payload": "/human"}`,
			want: bot.Incoming{ConversationID: "web:c1-0123456789abcdef", Channel: "web", Payload: "/human"},
		},
		{
			name:    "English browser",
			body:    `{"conversation_id": "c1-0123456789abcdef", "text": "where is my order"}`,
			headers: map[string]string{"Accept-Language": "en-GB,en;q=0.8"},
			want:    bot.Incoming{ConversationID: "web:c1-0123456789abcdef", Channel: "web", Text: "where is my order", LangHint: "en"},
		},
		{
			name:    "JSON with charset, French browser",
			body:    `{"conversation_id": "c1-0123456789abcdef", "text": "bonjour"}`,
			headers: map[string]string{"Content-Type": "application/json; charset=UTF-8", "Accept-Language": "fr-CA"},
			want:    bot.Incoming{ConversationID: "web:c1-0123456789abcdef", Channel: "web", Text: "bonjour", LangHint: "fr"},
		},
		{
			name:    "a browser speaking neither",
			body:    `{"conversation_id": "c1-0123456789abcdef", "text": "hallo"}`,
			headers: map[string]string{"Accept-Language": "de-DE"},
			want:    bot.Incoming{ConversationID: "web:c1-0123456789abcdef", Channel: "web", Text: "hallo"},
		},
		{
			name: "4096 characters",
			body: `{"conversation_id": "c1-0123456789abcdef", "text": "` + strings.Repeat("é", 4096) + `"}`,
			want: bot.Incoming{ConversationID: "web:c1-0123456789abcdef", Channel: "web", Text: strings.Repeat("é", 4096)},
		},
	}
	engine := newRealEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, engine)
			w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: tt.body, headers: tt.headers})
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200 (body %s)", w.Code, w.Body.String())
			}
			checkAPIHeaders(t, w)
			if diff := cmp.Diff([]bot.Incoming{tt.want}, srv.engine.handled); diff != "" {
				t.Errorf("engine got (-want +got):\n%s", diff)
			}
		})
	}
}

// TestChatRealTurn checks the answer of the real engine to a first
// message: in the customer's language, with replies whose buttons are
// always an array.
func TestChatRealTurn(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		wantIntent string
		wantLang   string
	}{
		{name: "French", text: "où en est ma commande ?", wantIntent: "track_order", wantLang: "fr"},
		{name: "English", text: "where is my order?", wantIntent: "track_order", wantLang: "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, newRealEngine(t))
			body := fmt.Sprintf(`{"conversation_id": "c1-0123456789abcdef", "text": %q}`, tt.text)
			w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: body})
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200 (body %s)", w.Code, w.Body.String())
			}
			var got chatResponse
			mustDecode(t, w, &got)
			if got.Intent != tt.wantIntent || got.Lang != tt.wantLang || got.Handoff {
				t.Errorf("intent, lang, handoff = %q, %q, %v; want %q, %q, false", got.Intent, got.Lang, got.Handoff, tt.wantIntent, tt.wantLang)
			}
			if len(got.Replies) == 0 {
				t.Fatalf("no reply")
			}
			var raw struct {
				Replies []map[string]any `json:"replies"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
				t.Fatal(err)
			}
			for i, r := range raw.Replies {
				if _, ok := r["buttons"].([]any); !ok {
					t.Errorf("reply %d: buttons = %#v, want an array", i, r["buttons"])
				}
				if text, _ := r["text"].(string); strings.TrimSpace(text) == "" {
					t.Errorf("reply %d has no text", i)
				}
			}
		})
	}
}

func TestChatResponseShape(t *testing.T) {
	srv := newTestServer(t, newStubEngine())
	w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: `{"conversation_id": "c1-0123456789abcdef", "text": "où en est ma commande ?"}`})
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200 (body %s)", w.Code, w.Body.String())
	}
	var got chatResponse
	mustDecode(t, w, &got)
	want := chatResponse{
		ConversationID: "c1-0123456789abcdef",
		Replies: []chatReply{
			{Text: "Pouvez-vous me donner votre adresse e-mail ?", Buttons: []bot.Button{{Label: "Parler à un conseiller", Payload: "/human"}}},
			{Text: "Merci.", Buttons: []bot.Button{}},
		},
		Intent: "track_order", Confidence: 0.93, Lang: "fr",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
	// A reply without buttons has an empty array, never null or nothing.
	if !strings.Contains(w.Body.String(), `"text":"Merci.","buttons":[]`) {
		t.Errorf("body %s: want buttons [] on a reply without buttons", w.Body.String())
	}
}

// agentEngine answers with a reply written by a person.
type agentEngine struct{ stubEngine }

func (e *agentEngine) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	return bot.Response{Replies: []bot.Reply{{Text: "Je regarde.", Agent: "Julie"}}, Lang: "fr", Handoff: true}, nil
}

func TestChatMarksAgentReplies(t *testing.T) {
	srv := newTestServer(t, &agentEngine{})
	w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: `{"conversation_id": "c1-0123456789abcdef", "text": "allô ?"}`})
	want := `{"conversation_id":"c1-0123456789abcdef","replies":[{"text":"Je regarde.","buttons":[],"agent":"Julie"}],"intent":"","confidence":0,"lang":"fr","handoff":true}` + "\n"
	if got := w.Body.String(); got != want {
		t.Errorf("body = %s, want %s", got, want)
	}
}

// failingEngine fails every call with an error whose text must stay
// inside.
type failingEngine struct {
	stubEngine
	err error
}

func (e *failingEngine) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	return bot.Response{}, e.err
}

func (e *failingEngine) Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	return nil, e.err
}

func TestChatEngineFailureIsHidden(t *testing.T) {
	secret := errors.New("sqlite: database is locked at /var/lib/supportbot.db")
	tests := []struct {
		name    string
		err     error
		status  int
		want    string
		wantLog string
	}{
		{name: "internal", err: fmt.Errorf("save turn: %w", secret), status: 500, want: "internal error", wantLog: "database is locked"},
		{name: "refused by the engine", err: fmt.Errorf("%w: conversation ID over 128 bytes", bot.ErrBadMessage), status: 400, want: "message refused", wantLog: "conversation ID over 128 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, &failingEngine{err: tt.err})
			w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: `{"conversation_id": "c1-0123456789abcdef", "text": "hi"}`})
			checkError(t, w, tt.status, tt.want)
			if strings.Contains(w.Body.String(), "sqlite") || strings.Contains(w.Body.String(), "128") {
				t.Errorf("body %s leaks the engine's error", w.Body.String())
			}
			if !strings.Contains(srv.log.String(), tt.wantLog) {
				t.Errorf("log %q: want the error's detail", srv.log.String())
			}
		})
	}
}

// panickingEngine panics on every turn.
type panickingEngine struct{ stubEngine }

func (e *panickingEngine) Handle(ctx context.Context, in bot.Incoming) (bot.Response, error) {
	panic("index out of range")
}

func TestChatEnginePanicIsAnInternalError(t *testing.T) {
	srv := newTestServer(t, &panickingEngine{})
	w := do(t, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: `{"conversation_id": "c1-0123456789abcdef", "text": "hi"}`})
	checkError(t, w, http.StatusInternalServerError, "internal error")
	if !strings.Contains(srv.log.String(), "index out of range") {
		t.Errorf("log %q: want the panic", srv.log.String())
	}
}

// BenchmarkChatDecode measures reading and checking one chat turn.
func BenchmarkChatDecode(b *testing.B) {
	body := []byte(`{"conversation_id": "4f2a9c0d5e6b7a8f9e0d1c2b3a4f5e6d", "text": "bonjour, où en est ma commande CL-482913 ? merci"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseChatRequest(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChatHandler measures the web layer around the engine: routing,
// decoding, encoding the answer.
func BenchmarkChatHandler(b *testing.B) {
	srv := mustNew(b, Config{Engine: newStubEngine(), Texts: mustTexts(b)})
	body := `{"conversation_id": "4f2a9c0d5e6b7a8f9e0d1c2b3a4f5e6d", "text": "où en est ma commande ?"}`
	b.ReportAllocs()
	for b.Loop() {
		w := do(b, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: body})
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkChatRealTurn measures a whole turn through the API: the real
// engine understanding the message and saving it to SQLite.
func BenchmarkChatRealTurn(b *testing.B) {
	srv := mustNew(b, Config{Engine: newRealEngine(b), Texts: mustTexts(b)})
	body := `{"conversation_id": "4f2a9c0d5e6b7a8f9e0d1c2b3a4f5e6d", "text": "quels sont les délais de livraison ?"}`
	b.ReportAllocs()
	for b.Loop() {
		w := do(b, srv, request{method: http.MethodPost, path: "/api/v1/chat", body: body})
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// chatSeeds are request bodies, good and bad, that start the fuzzers.
var chatSeeds = []string{
	`{"conversation_id": "a", "text": "où en est ma commande ?"}`,
	`{"conversation_id": "a", "payload": "/yes"}`,
	`{"conversation_id": "telegram:1", "text": "hi"}`,
	`{"conversation_id": "a", "text": "hi", "payload": "/yes"}`,
	`{"conversation_id": "a", "text": ""}`,
	`{"conversation_id": "a\u0000", "text": "x"}`,
	`{"conversation_id": 1, "text": []}`,
	`{"conversation_id": "a", "text": "\ud83d\ude00"}`,
	`{"conversation_id": "a", "text": "x"} {"b": 1}`,
	`{"conversation_id": "a", "conversation_id": "b", "text": "x"}`,
	`{"text": "x", "extra": null}`,
	`[]`, `null`, `"x"`, `{`, ``, "\xff",
}

// FuzzParseChatRequest checks that the chat decoder never panics, refuses
// only with a 400, and that whatever it accepts meets every rule.
func FuzzParseChatRequest(f *testing.F) {
	for _, s := range chatSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := parseChatRequest(data)
		if err != nil {
			var apiErr *apiError
			if !errors.As(err, &apiErr) || apiErr.status != http.StatusBadRequest {
				t.Fatalf("error %v: want a 400 apiError", err)
			}
			return
		}
		if !utf8.Valid(data) {
			t.Errorf("accepted invalid UTF-8 %q", data)
		}
		if err := checkConversationID("conversation_id", req.ConversationID); err != nil {
			t.Errorf("accepted conversation ID %q: %v", req.ConversationID, err)
		}
		if (req.Text == nil) == (req.Payload == nil) {
			t.Fatalf("accepted %q with text %v and payload %v: want exactly one", data, req.Text, req.Payload)
		}
		in := req.incoming("")
		if !strings.HasPrefix(in.ConversationID, "web:") {
			t.Errorf("engine would get conversation %q, want a web: one", in.ConversationID)
		}
		if in.Text != "" && (strings.TrimSpace(in.Text) == "" || utf8.RuneCountInString(in.Text) > maxTextRunes) {
			t.Errorf("accepted text %q", in.Text)
		}
		if in.Text == "" && strings.TrimSpace(in.Payload) == "" {
			t.Errorf("accepted an empty turn from %q", data)
		}
	})
}

// FuzzParseParseRequest does the same for the parse endpoint's decoder.
func FuzzParseParseRequest(f *testing.F) {
	for _, s := range append(chatSeeds, `{"text": "bonjour"}`, `{"text": null}`) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, err := parseParseRequest(data)
		if err != nil {
			var apiErr *apiError
			if !errors.As(err, &apiErr) || apiErr.status != http.StatusBadRequest {
				t.Fatalf("error %v: want a 400 apiError", err)
			}
			return
		}
		if strings.TrimSpace(text) == "" || !utf8.ValidString(text) || utf8.RuneCountInString(text) > maxTextRunes {
			t.Errorf("accepted text %q", text)
		}
	})
}

// FuzzChatHandler sends arbitrary bodies through the whole server: the
// answer is always JSON, a 200 or a 4xx, never a 500.
func FuzzChatHandler(f *testing.F) {
	for _, s := range chatSeeds {
		f.Add([]byte(s), "application/json")
	}
	f.Add([]byte(`{"conversation_id": "a", "text": "x"}`), "")
	f.Add([]byte(`{"conversation_id": "a", "text": "x"}`), "text/plain; charset=utf-8")
	f.Add([]byte(`{"conversation_id": "a", "text": "x"}`), "application/json; charset")
	srv := mustNew(f, Config{Engine: newRealEngine(f), MaxBodyBytes: 1 << 10, Texts: mustTexts(f)})
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/chat", bytes.NewReader(body))
		r.Header.Set("Content-Type", contentType)
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != http.StatusOK && (w.Code < 400 || w.Code >= 500) {
			t.Fatalf("status %d for %q (%s)", w.Code, body, w.Body.String())
		}
		if !json.Valid(w.Body.Bytes()) {
			t.Fatalf("body %q is not JSON", w.Body.String())
		}
	})
}

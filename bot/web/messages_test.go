package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"supportbot/storage"
)

// seedTranscript gives conversation web:c1 a transcript with every kind
// of line, and returns the engine.
func seedTranscript(e *stubEngine) {
	at := time.Date(2026, 3, 2, 14, 5, 0, 0, time.FixedZone("CET", 3600))
	e.lines["web:c1"] = []storage.Message{
		{ID: 1, ConversationID: "web:c1", From: storage.FromCustomer, Text: "je veux parler à quelqu'un", At: at},
		{ID: 2, ConversationID: "web:c1", From: storage.FromBot, Text: "Je transmets à l'équipe.", At: at},
		{ID: 3, ConversationID: "web:c1", From: storage.FromNote, Author: "Julie", Text: "client déjà venu hier, voir TK-88", At: at},
		{ID: 4, ConversationID: "web:c1", From: storage.FromAgent, Author: "Julie", Text: "Bonjour, je regarde votre commande.", At: at.Add(time.Minute)},
	}
	e.lines["telegram:c1"] = []storage.Message{
		{ID: 9, ConversationID: "telegram:c1", From: storage.FromAgent, Author: "Marc", Text: "secret", At: at},
	}
}

func TestMessages(t *testing.T) {
	tests := []struct {
		name string
		path string
		want []transcriptLine
	}{
		{
			name: "all, without notes",
			path: "/api/v1/conversations/c1/messages",
			want: []transcriptLine{
				{ID: 1, From: "customer", Text: "je veux parler à quelqu'un", At: "2026-03-02T13:05:00Z"},
				{ID: 2, From: "bot", Text: "Je transmets à l'équipe.", At: "2026-03-02T13:05:00Z"},
				{ID: 4, From: "agent", Author: "Julie", Text: "Bonjour, je regarde votre commande.", At: "2026-03-02T13:06:00Z"},
			},
		},
		{
			name: "after a line",
			path: "/api/v1/conversations/c1/messages?after=2",
			want: []transcriptLine{
				{ID: 4, From: "agent", Author: "Julie", Text: "Bonjour, je regarde votre commande.", At: "2026-03-02T13:06:00Z"},
			},
		},
		{name: "nothing new", path: "/api/v1/conversations/c1/messages?after=4", want: []transcriptLine{}},
		{name: "unknown conversation", path: "/api/v1/conversations/nope/messages", want: []transcriptLine{}},
		{name: "another channel's ID stays on the web", path: "/api/v1/conversations/telegram:c1/messages", want: []transcriptLine{}},
		{name: "escaped prefix stays on the web", path: "/api/v1/conversations/telegram%3Ac1/messages", want: []transcriptLine{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newStubEngine()
			seedTranscript(e)
			srv := newTestServer(t, e)
			w := do(t, srv, request{method: http.MethodGet, path: tt.path})
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200 (body %s)", w.Code, w.Body.String())
			}
			checkAPIHeaders(t, w)
			var got messagesResponse
			mustDecode(t, w, &got)
			if diff := cmp.Diff(tt.want, got.Messages); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
			if strings.Contains(w.Body.String(), "TK-88") {
				t.Errorf("body %s shows an internal note", w.Body.String())
			}
			for _, id := range srv.engine.listed {
				if !strings.HasPrefix(id, "web:") {
					t.Errorf("engine asked for conversation %q, want a web: one", id)
				}
			}
		})
	}
}

func TestMessagesRefusesBadRequests(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		status int
		want   string
	}{
		{name: "after not a number", path: "/api/v1/conversations/c1/messages?after=abc", status: 400, want: "after must be a non-negative integer"},
		{name: "after negative", path: "/api/v1/conversations/c1/messages?after=-1", status: 400, want: "after must be a non-negative integer"},
		{name: "after too large", path: "/api/v1/conversations/c1/messages?after=99999999999999999999", status: 400, want: "after must be a non-negative integer"},
		{name: "ID over 128 bytes", path: "/api/v1/conversations/" + strings.Repeat("a", 129) + "/messages", status: 400, want: "conversation ID is over 128 bytes"},
		{name: "ID with a control character", path: "/api/v1/conversations/a%07b/messages", status: 400, want: "conversation ID contains a control"},
		{name: "ID not UTF-8", path: "/api/v1/conversations/a%ffb/messages", status: 400, want: "conversation ID is not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, newStubEngine())
			w := do(t, srv, request{method: http.MethodGet, path: tt.path})
			checkError(t, w, tt.status, tt.want)
			if n := srv.engine.calls(); n != 0 {
				t.Errorf("engine reached %d times, want 0", n)
			}
		})
	}
}

func TestMessagesEngineFailureIsHidden(t *testing.T) {
	srv := newTestServer(t, &failingEngine{err: fmt.Errorf("messages of web:c1: %w", errors.New("disk I/O error"))})
	w := do(t, srv, request{method: http.MethodGet, path: "/api/v1/conversations/c1/messages"})
	checkError(t, w, http.StatusInternalServerError, "internal error")
	if strings.Contains(w.Body.String(), "disk") {
		t.Errorf("body %s leaks the engine's error", w.Body.String())
	}
}

// handoffEngine can tell whether a conversation is with an agent.
type handoffEngine struct {
	stubEngine
	with map[string]bool
}

func (e *handoffEngine) InHandoff(ctx context.Context, conversationID string) (bool, error) {
	return e.with[conversationID], nil
}

func TestMessagesReportsHandoff(t *testing.T) {
	e := &handoffEngine{stubEngine: *newStubEngine(), with: map[string]bool{"web:c1": true}}
	srv := newTestServer(t, e)
	for id, want := range map[string]string{"c1": `"handoff":true`, "c2": `"handoff":false`} {
		w := do(t, srv, request{method: http.MethodGet, path: "/api/v1/conversations/" + id + "/messages"})
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("conversation %s: body %s, want %s", id, w.Body.String(), want)
		}
	}
	// Without the ability, the field is absent rather than a guess.
	w := do(t, newTestServer(t, newStubEngine()), request{method: http.MethodGet, path: "/api/v1/conversations/c1/messages"})
	if strings.Contains(w.Body.String(), "handoff") {
		t.Errorf("body %s: want no handoff field from an engine that cannot tell", w.Body.String())
	}
}

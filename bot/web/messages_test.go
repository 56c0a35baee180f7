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
	"supportbot/storage/sqlite"
)

// seedTranscript writes a transcript with every kind of line for
// conversation web:c1-0123456789abcdef (lines 1 to 4), and an agent's line in telegram:c1-0123456789abcdef.
func seedTranscript(tb testing.TB, db *sqlite.DB) {
	tb.Helper()
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 14, 5, 0, 0, time.FixedZone("CET", 3600))
	web := storage.Conversation{ID: "web:c1-0123456789abcdef", Channel: "web", Lang: "fr", Handoff: storage.HandoffWithAgent}
	_, err := db.SaveTurn(ctx, web, []storage.Message{
		{ConversationID: "web:c1-0123456789abcdef", From: storage.FromCustomer, Text: "je veux parler à quelqu'un", At: at},
		{ConversationID: "web:c1-0123456789abcdef", From: storage.FromBot, Text: "Je transmets à l'équipe.", At: at},
		{ConversationID: "web:c1-0123456789abcdef", From: storage.FromNote, Author: "Julie", Text: "client déjà venu hier, voir TK-88", At: at},
		{ConversationID: "web:c1-0123456789abcdef", From: storage.FromAgent, Author: "Julie Martin", Text: "Bonjour, je regarde votre commande.", At: at.Add(time.Minute)},
	})
	if err != nil {
		tb.Fatal(err)
	}
	tg := storage.Conversation{ID: "telegram:c1-0123456789abcdef", Channel: "telegram", Lang: "fr"}
	_, err = db.SaveTurn(ctx, tg, []storage.Message{
		{ConversationID: "telegram:c1-0123456789abcdef", From: storage.FromAgent, Author: "Marc", Text: "secret", At: at},
	})
	if err != nil {
		tb.Fatal(err)
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
			path: "/api/v1/conversations/c1-0123456789abcdef/messages",
			want: []transcriptLine{
				{ID: 1, From: "customer", Text: "je veux parler à quelqu'un", At: "2026-03-02T13:05:00Z"},
				{ID: 2, From: "bot", Text: "Je transmets à l'équipe.", At: "2026-03-02T13:05:00Z"},
				{ID: 4, From: "agent", Author: "Julie", Text: "Bonjour, je regarde votre commande.", At: "2026-03-02T13:06:00Z"},
			},
		},
		{
			name: "after a line",
			path: "/api/v1/conversations/c1-0123456789abcdef/messages?after=2",
			want: []transcriptLine{
				{ID: 4, From: "agent", Author: "Julie", Text: "Bonjour, je regarde votre commande.", At: "2026-03-02T13:06:00Z"},
			},
		},
		{name: "nothing new", path: "/api/v1/conversations/c1-0123456789abcdef/messages?after=4", want: []transcriptLine{}},
		{name: "unknown conversation", path: "/api/v1/conversations/nope-0123456789abcdef/messages", want: []transcriptLine{}},
		{name: "another channel's ID stays on the web", path: "/api/v1/conversations/telegram:c1-0123456789abcdef/messages", want: []transcriptLine{}},
		{name: "escaped prefix stays on the web", path: "/api/v1/conversations/telegram%3Ac1-0123456789abcdef/messages", want: []transcriptLine{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newRealEngine(t)
			seedTranscript(t, e.db)
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
		{name: "after not a number", path: "/api/v1/conversations/c1-0123456789abcdef/messages?after=abc", status: 400, want: "after must be a non-negative integer"},
		{name: "after negative", path: "/api/v1/conversations/c1-0123456789abcdef/messages?after=-1", status: 400, want: "after must be a non-negative integer"},
		{name: "after too large", path: "/api/v1/conversations/c1-0123456789abcdef/messages?after=99999999999999999999", status: 400, want: "after must be a non-negative integer"},
		{name: "ID over 128 bytes", path: "/api/v1/conversations/" + strings.Repeat("a", 129) + "/messages", status: 400, want: "conversation ID is over 128 bytes"},
		{name: "ID with a control character", path: "/api/v1/conversations/a%07b/messages", status: 400, want: "conversation ID contains a control"},
		{name: "ID not UTF-8", path: "/api/v1/conversations/a%ffb/messages", status: 400, want: "conversation ID is not valid UTF-8"},
	}
	engine := newRealEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, engine)
			w := do(t, srv, request{method: http.MethodGet, path: tt.path})
			checkError(t, w, tt.status, tt.want)
			if n := srv.engine.calls(); n != 0 {
				t.Errorf("engine reached %d times, want 0", n)
			}
		})
	}
}

func TestMessagesEngineFailureIsHidden(t *testing.T) {
	srv := newTestServer(t, &failingEngine{err: fmt.Errorf("messages of web:c1-0123456789abcdef: %w", errors.New("disk I/O error"))})
	w := do(t, srv, request{method: http.MethodGet, path: "/api/v1/conversations/c1-0123456789abcdef/messages"})
	checkError(t, w, http.StatusInternalServerError, "internal error")
	if strings.Contains(w.Body.String(), "disk") {
		t.Errorf("body %s leaks the engine's error", w.Body.String())
	}
}

func TestMessagesReportsHandoff(t *testing.T) {
	e := newRealEngine(t)
	seedTranscript(t, e.db)
	srv := newTestServer(t, e)
	for id, want := range map[string]string{"c1-0123456789abcdef": `"handoff":true`, "c2-0123456789abcdef": `"handoff":false`} {
		w := do(t, srv, request{method: http.MethodGet, path: "/api/v1/conversations/" + id + "/messages"})
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("conversation %s: body %s, want %s", id, w.Body.String(), want)
		}
	}
	// Without the ability, the field is absent rather than a guess.
	w := do(t, newTestServer(t, newStubEngine()), request{method: http.MethodGet, path: "/api/v1/conversations/c1-0123456789abcdef/messages"})
	if strings.Contains(w.Body.String(), "handoff") {
		t.Errorf("body %s: want no handoff field from an engine that cannot tell", w.Body.String())
	}
}

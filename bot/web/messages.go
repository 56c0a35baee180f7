package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"supportbot/bot/redact"
	"supportbot/storage"
)

// messagesResponse is the answer to GET /api/v1/conversations/{id}/messages.
// Handoff is present only when the engine can tell (see HandoffReporter).
type messagesResponse struct {
	Messages []transcriptLine `json:"messages"`
	Handoff  *bool            `json:"handoff,omitempty"`
}

// transcriptLine is one customer-visible line of a conversation.
type transcriptLine struct {
	ID     int64  `json:"id"`
	From   string `json:"from"`             // "customer", "bot" or "agent"
	Author string `json:"author,omitempty"` // an agent's first name
	Text   string `json:"text"`
	At     string `json:"at"` // RFC 3339, UTC
}

// parseAfter reads the "after" query parameter: a transcript line ID, 0 when
// absent.
func parseAfter(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("after")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, badRequest("after must be a non-negative integer")
	}
	return n, nil
}

func (s *Server) handleMessages(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := checkConversationID("conversation ID", id); err != nil {
		return err
	}
	after, err := parseAfter(r)
	if err != nil {
		return err
	}
	convID := webConversationID(id)
	msgs, err := s.engine.Messages(r.Context(), convID, after)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return redact.Error(err, convID, id)
	}
	out := messagesResponse{Messages: visibleLines(msgs)}
	if out.Handoff, err = s.inHandoff(r.Context(), convID); err != nil {
		return redact.Error(err, convID, id)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// visibleLines keeps the lines a customer may see: internal notes never
// leave the agent desk.
func visibleLines(msgs []storage.Message) []transcriptLine {
	lines := make([]transcriptLine, 0, len(msgs))
	for _, m := range msgs {
		switch m.From {
		case storage.FromCustomer, storage.FromBot, storage.FromAgent:
		default:
			continue
		}
		author := ""
		if m.From == storage.FromAgent {
			author = firstName(m.Author)
		}
		lines = append(lines, transcriptLine{
			ID:     m.ID,
			From:   m.From,
			Author: author,
			Text:   m.Text,
			At:     m.At.UTC().Format(time.RFC3339),
		})
	}
	return lines
}

// firstName is the part of an agent's name the customer sees: the team's
// full names stay inside (SPEC §8: "their first name").
func firstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return ""
}

// inHandoff asks the engine whether the conversation is with an agent, if
// it can tell; nil otherwise.
func (s *Server) inHandoff(ctx context.Context, conversationID string) (*bool, error) {
	hr, ok := s.engine.(HandoffReporter)
	if !ok {
		return nil, nil
	}
	in, err := hr.InHandoff(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		in, err = false, nil
	}
	if err != nil {
		return nil, err
	}
	return &in, nil
}

package web

import (
	"net/http"

	"supportbot/bot"
	"supportbot/bot/redact"
)

// chatRequest is the body of POST /api/v1/chat. Text and Payload are
// pointers so that an error can tell a missing field from an empty one.
type chatRequest struct {
	ConversationID string  `json:"conversation_id"`
	Text           *string `json:"text"`
	Payload        *string `json:"payload"`
}

// parseChatRequest decodes and validates a chat turn: a conversation ID and
// exactly one of text and payload.
func parseChatRequest(data []byte) (chatRequest, error) {
	var req chatRequest
	if err := decodeStrict(data, &req); err != nil {
		return chatRequest{}, err
	}
	if err := checkConversationID("conversation_id", req.ConversationID); err != nil {
		return chatRequest{}, err
	}
	switch {
	case req.Text != nil && req.Payload != nil:
		return chatRequest{}, badRequest("give either text or payload, not both")
	case req.Text != nil:
		return req, checkText(*req.Text)
	case req.Payload != nil:
		return req, checkPayload(*req.Payload)
	default:
		return chatRequest{}, badRequest("text or payload is required")
	}
}

// incoming is the engine's view of the turn. The client's ID is prefixed
// with the channel so that a web client can only ever reach web
// conversations.
func (req chatRequest) incoming(langHint string) bot.Incoming {
	in := bot.Incoming{
		ConversationID: webConversationID(req.ConversationID),
		Channel:        bot.ChannelWeb,
		LangHint:       langHint,
	}
	if req.Text != nil {
		in.Text = *req.Text
	}
	if req.Payload != nil {
		in.Payload = *req.Payload
	}
	return in
}

// webConversationID is the engine's ID of a web client's conversation.
func webConversationID(clientID string) string {
	return bot.ChannelWeb + ":" + clientID
}

// chatResponse is the answer to POST /api/v1/chat. Replies and each reply's
// buttons are always arrays, never null.
type chatResponse struct {
	ConversationID string      `json:"conversation_id"`
	Replies        []chatReply `json:"replies"`
	Intent         string      `json:"intent"`
	Confidence     float64     `json:"confidence"`
	Lang           string      `json:"lang"`
	Handoff        bool        `json:"handoff"`
}

// chatReply is one message to show. Agent is the first name of the person
// who wrote it, absent when the bot did.
type chatReply struct {
	Text    string       `json:"text"`
	Buttons []bot.Button `json:"buttons"`
	Agent   string       `json:"agent,omitempty"`
}

func (s *Server) handleChat(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, s.maxBody)
	if err != nil {
		return err
	}
	req, err := parseChatRequest(body)
	if err != nil {
		return err
	}
	in := req.incoming(s.page.langHint(r))
	if err := s.guard.admitTurn(r, in.ConversationID); err != nil {
		return err
	}
	resp, err := s.engine.Handle(r.Context(), in)
	if err != nil {
		return redact.Error(err, in.ConversationID, req.ConversationID)
	}
	s.guard.afterTurn(r, resp)
	out := chatResponse{
		ConversationID: req.ConversationID,
		Replies:        make([]chatReply, 0, len(resp.Replies)),
		Intent:         resp.Intent,
		Confidence:     resp.Confidence,
		Lang:           resp.Lang,
		Handoff:        resp.Handoff,
	}
	for _, rep := range resp.Replies {
		buttons := rep.Buttons
		if buttons == nil {
			buttons = []bot.Button{}
		}
		out.Replies = append(out.Replies, chatReply{Text: rep.Text, Buttons: buttons, Agent: rep.Agent})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

package web

import (
	"net/http"

	"supportbot/intents"
)

// parseRequest is the body of POST /api/v1/parse.
type parseRequest struct {
	Text *string `json:"text"`
}

// parseParseRequest decodes and validates a parse request.
func parseParseRequest(data []byte) (string, error) {
	var req parseRequest
	if err := decodeStrict(data, &req); err != nil {
		return "", err
	}
	if req.Text == nil {
		return "", badRequest("text is required")
	}
	if err := checkText(*req.Text); err != nil {
		return "", err
	}
	return *req.Text, nil
}

// parseResponse is the answer to POST /api/v1/parse. FAQID is always
// present: the matched FAQ entry when Intent is "faq", "" otherwise.
// Entities and Ranking are always arrays.
type parseResponse struct {
	Intent     string           `json:"intent"`
	Confidence float64          `json:"confidence"`
	Lang       string           `json:"lang"`
	FAQID      string           `json:"faq_id"`
	Entities   []intents.Entity `json:"entities"`
	Ranking    []intents.Ranked `json:"ranking"`
}

func (s *Server) handleParse(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r, s.maxBody)
	if err != nil {
		return err
	}
	text, err := parseParseRequest(body)
	if err != nil {
		return err
	}
	u := s.engine.Understand(r.Context(), text, s.page.langHint(r))
	out := parseResponse{
		Intent:     u.Intent,
		Confidence: u.Confidence,
		Lang:       u.Lang,
		FAQID:      u.FAQID,
		Entities:   u.Entities,
		Ranking:    u.Ranking,
	}
	if out.Intent != intents.FAQ {
		out.FAQID = ""
	}
	if out.Entities == nil {
		out.Entities = []intents.Entity{}
	}
	if out.Ranking == nil {
		out.Ranking = []intents.Ranked{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

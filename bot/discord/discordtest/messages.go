package discordtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Post is a message the bot posted, in a channel or as an interaction
// follow-up.
type Post struct {
	// Via is "channel" or "followup".
	Via              string
	ChannelID        string // channel posts
	ApplicationID    string // follow-ups
	InteractionToken string // follow-ups
	ID               string // the ID the fake gave the message
	Content          string
	Components       []discordgo.MessageComponent
	AllowedMentions  *discordgo.MessageAllowedMentions
	Reference        *discordgo.MessageReference
	// Nonce is the nonce sent with enforce_nonce: a second post with the
	// same one in the channel returns the first message, not a new one.
	Nonce string
}

// Buttons returns the post's buttons, row after row.
func (p Post) Buttons() []discordgo.Button {
	var out []discordgo.Button
	for _, c := range p.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, cc := range row.Components {
			if b, ok := cc.(*discordgo.Button); ok {
				out = append(out, *b)
			}
		}
	}
	return out
}

// messageBody is what a bot sends to create a message.
type messageBody struct {
	Nonce           string                            `json:"nonce"`
	EnforceNonce    bool                              `json:"enforce_nonce"`
	Content         string                            `json:"content"`
	Components      []json.RawMessage                 `json:"components"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Reference       *discordgo.MessageReference       `json:"message_reference"`
}

func (s *Server) postMessage(w http.ResponseWriter, r *http.Request) {
	if s.takeRateLimit(w) {
		return
	}
	p, ok := readPost(w, r)
	if !ok {
		return
	}
	p.Via, p.ChannelID = "channel", r.PathValue("id")
	if p.Nonce != "" {
		s.mu.Lock()
		m, seen := s.nonces[p.ChannelID+"/"+p.Nonce]
		s.mu.Unlock()
		if seen {
			writeJSON(w, http.StatusOK, m)
			return
		}
	}
	m := s.record(p)
	if p.Nonce != "" {
		s.mu.Lock()
		s.nonces[p.ChannelID+"/"+p.Nonce] = m
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, m)
	s.gateway.dispatch("MESSAGE_CREATE", m)
}

func (s *Server) followup(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("token") == ExpiredToken {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "Invalid Webhook Token", "code": 50027})
		return
	}
	if s.takeRateLimit(w) {
		return
	}
	p, ok := readPost(w, r)
	if !ok {
		return
	}
	p.Via, p.ApplicationID, p.InteractionToken = "followup", r.PathValue("app"), r.PathValue("token")
	m := s.record(p)
	if r.URL.Query().Get("wait") == "true" {
		writeJSON(w, http.StatusOK, m)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// readPost decodes a message body as Discord would, refusing what Discord
// refuses: no content and no components, content over 2000 characters, more
// than 5 rows of components.
func readPost(w http.ResponseWriter, r *http.Request) (Post, bool) {
	var body messageBody
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "400: Bad Request", "code": 50109})
		return Post{}, false
	}
	p := Post{Content: body.Content, AllowedMentions: body.AllowedMentions, Reference: body.Reference}
	if body.EnforceNonce {
		p.Nonce = body.Nonce
	}
	for _, raw := range body.Components {
		c, err := discordgo.MessageComponentFromJSON(raw)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
			return Post{}, false
		}
		p.Components = append(p.Components, c)
	}
	if problem := checkPost(p); problem != "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body: " + problem, "code": 50035})
		return Post{}, false
	}
	return p, true
}

// checkPost returns what Discord would refuse in a message, or "".
func checkPost(p Post) string {
	switch {
	case p.Content == "" && len(p.Components) == 0:
		return "cannot send an empty message"
	case len([]rune(p.Content)) > 2000:
		return "content: must be 2000 or fewer in length"
	case len(p.Components) > 5:
		return "components: must be 5 or fewer in length"
	}
	seen := map[string]bool{}
	for _, c := range p.Components {
		row, ok := c.(*discordgo.ActionsRow)
		if !ok || len(row.Components) == 0 || len(row.Components) > 5 {
			return "components: an action row holds 1 to 5 buttons"
		}
	}
	for _, b := range p.Buttons() {
		switch {
		case b.Label == "" || len([]rune(b.Label)) > 80:
			return "label: must be 1 to 80 in length"
		case b.CustomID == "" || len([]rune(b.CustomID)) > 100:
			return "custom_id: must be 1 to 100 in length"
		case seen[b.CustomID]:
			return "custom_id: component custom id cannot be duplicated"
		}
		seen[b.CustomID] = true
	}
	return ""
}

// record stores a post and returns the message Discord would return.
func (s *Server) record(p Post) *discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.ID = strconv.FormatInt(s.newID(), 10)
	s.posts = append(s.posts, p)
	s.changed.Broadcast()
	user := s.user
	return &discordgo.Message{
		ID: p.ID, ChannelID: p.ChannelID, Content: p.Content, Components: p.Components,
		Author: &user, Timestamp: time.Now().UTC(), Type: discordgo.MessageTypeDefault,
	}
}

// channelMessages lists a channel's history as Discord does: newest first,
// at most limit (default 50, at most 100); with after, the oldest limit
// messages after that ID (still listed newest first), with before, the
// newest limit before it.
func (s *Server) channelMessages(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	all := append([]*discordgo.Message(nil), s.history[r.PathValue("id")]...)
	s.mu.Unlock()
	q := r.URL.Query()
	limit := 50
	if n, err := strconv.Atoi(q.Get("limit")); err == nil && n >= 1 && n <= 100 {
		limit = n
	}
	var msgs []*discordgo.Message
	switch after, before := q.Get("after"), q.Get("before"); {
	case after != "":
		for i := len(all) - 1; i >= 0 && len(msgs) < limit; i-- { // oldest first
			if snowflakeLess(after, all[i].ID) {
				msgs = append([]*discordgo.Message{all[i]}, msgs...)
			}
		}
	case before != "":
		for _, m := range all {
			if len(msgs) < limit && snowflakeLess(m.ID, before) {
				msgs = append(msgs, m)
			}
		}
	default:
		msgs = all[:min(limit, len(all))]
	}
	if msgs == nil {
		msgs = []*discordgo.Message{}
	}
	writeJSON(w, http.StatusOK, msgs)
}

// snowflakeLess orders two snowflakes as numbers.
func snowflakeLess(x, y string) bool {
	if len(x) != len(y) {
		return len(x) < len(y)
	}
	return x < y
}

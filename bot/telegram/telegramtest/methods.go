package telegramtest

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

type methodFunc func(w http.ResponseWriter, r *http.Request, p url.Values)

// methods maps lower-case method names, as Telegram matches them without
// regard to case, to their handlers.
func (s *Server) methods() map[string]methodFunc {
	return map[string]methodFunc{
		"getme":               s.getMe,
		"getupdates":          s.getUpdates,
		"sendmessage":         s.sendMessage,
		"answercallbackquery": s.answerCallbackQuery,
		"sendchataction":      s.sendChatAction,
		"getfile":             s.getFile,
		"setwebhook":          s.setWebhook,
		"deletewebhook":       s.deleteWebhook,
		"getwebhookinfo":      s.getWebhookInfo,
		"setmycommands":       s.setMyCommands,
	}
}

// params reads a call's parameters the ways Telegram accepts them: query
// string, URL-encoded or multipart form, or a JSON object.
func params(r *http.Request) (url.Values, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var obj map[string]json.RawMessage
		if err := json.NewDecoder(r.Body).Decode(&obj); err != nil {
			return nil, errors.New("can't parse JSON object")
		}
		p := r.URL.Query()
		for k, raw := range obj {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				p.Set(k, s)
			} else {
				p.Set(k, string(raw))
			}
		}
		return p, nil
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, errors.New("can't parse multipart form")
		}
		return r.Form, nil
	default:
		if err := r.ParseForm(); err != nil {
			return nil, errors.New("can't parse form")
		}
		return r.Form, nil
	}
}

func (s *Server) getMe(w http.ResponseWriter, _ *http.Request, _ url.Values) {
	writeResult(w, map[string]any{
		"id": BotID, "is_bot": true, "first_name": "Opaline Support", "username": BotUsername,
		"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
	})
}

// getUpdates confirms the updates below offset, then returns the queued
// ones, waiting up to timeout seconds for one to arrive. A newer call ends
// a waiting one with 409, as on the real server.
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p url.Values) {
	offset, _ := strconv.Atoi(p.Get("offset"))
	limit, _ := strconv.Atoi(p.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p.Get("timeout"))
	deadline := time.NewTimer(time.Duration(max(timeout, 0)) * time.Second)
	defer deadline.Stop()

	s.mu.Lock()
	if s.webhook != nil {
		s.mu.Unlock()
		writeError(w, Failure{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
		return
	}
	if v := p.Get("allowed_updates"); v != "" {
		s.allowed = nil
		_ = json.Unmarshal([]byte(v), &s.allowed)
	}
	if s.poll != nil {
		close(s.poll)
	}
	mine := make(chan struct{})
	s.poll = mine
	// Tests wait for a poll to be waiting (Server.waitFor): tell them.
	s.notify()
	if offset > 0 {
		s.confirm(offset)
	}
	defer func() {
		s.mu.Lock()
		if s.poll == mine {
			s.poll = nil
			s.notify()
		}
		s.mu.Unlock()
	}()
	for {
		if ups := s.available(limit); len(ups) > 0 || timeout <= 0 {
			s.mu.Unlock()
			writeResult(w, ups)
			return
		}
		wake := s.changed
		s.mu.Unlock()
		select {
		case <-wake:
		case <-deadline.C:
			timeout = 0
		case <-mine:
			s.mu.Lock()
			s.ousted++
			s.mu.Unlock()
			writeError(w, Failure{Code: 409, Description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"})
			return
		case <-r.Context().Done():
			return
		case <-s.closed:
			writeResult(w, []json.RawMessage{})
			return
		}
		s.mu.Lock()
	}
}

// confirm forgets the updates below offset; the caller holds s.mu.
func (s *Server) confirm(offset int) {
	kept := s.pending[:0]
	for _, q := range s.pending {
		if q.id >= offset {
			kept = append(kept, q)
		}
	}
	s.pending = kept
	s.notify()
}

// available returns the first queued updates of an allowed type; the
// caller holds s.mu.
func (s *Server) available(limit int) []json.RawMessage {
	ups := []json.RawMessage{}
	for _, q := range s.pending {
		if len(ups) == limit {
			break
		}
		if len(s.allowed) == 0 || slices.Contains(s.allowed, q.kind) {
			ups = append(ups, q.body)
		}
	}
	return ups
}

func (s *Server) sendMessage(w http.ResponseWriter, _ *http.Request, p url.Values) {
	chatID, err := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	if err != nil {
		writeError(w, Failure{Code: 400, Description: "Bad Request: chat not found"})
		return
	}
	if f, ok := s.takeChatFailure(chatID); ok {
		writeError(w, f)
		return
	}
	text := p.Get("text")
	switch {
	case strings.TrimSpace(text) == "":
		writeError(w, Failure{Code: 400, Description: "Bad Request: message text is empty"})
		return
	case len(utf16.Encode([]rune(text))) > 4096:
		writeError(w, Failure{Code: 400, Description: "Bad Request: message is too long"})
		return
	}
	m := Message{Text: text, Chat: Chat{ID: chatID, Type: "private"}, Date: time.Now().Unix(),
		From: &User{ID: BotID, IsBot: true, FirstName: "Opaline Support", Username: BotUsername}}
	if v := p.Get("reply_markup"); v != "" {
		var kb InlineKeyboard
		if err := json.Unmarshal([]byte(v), &kb); err != nil {
			writeError(w, Failure{Code: 400, Description: "Bad Request: can't parse reply keyboard markup JSON object"})
			return
		}
		for _, b := range slices.Concat(kb.InlineKeyboard...) {
			if b.URL == "" && (b.CallbackData == "" || len(b.CallbackData) > 64) {
				writeError(w, Failure{Code: 400, Description: "Bad Request: BUTTON_DATA_INVALID"})
				return
			}
		}
		m.ReplyMarkup = &kb
	}
	s.mu.Lock()
	m.MessageID = s.nextMessage
	s.nextMessage++
	s.sent[chatID] = append(s.sent[chatID], m)
	s.notify()
	s.mu.Unlock()
	writeResult(w, m)
}

func (s *Server) answerCallbackQuery(w http.ResponseWriter, _ *http.Request, p url.Values) {
	id, text := p.Get("callback_query_id"), p.Get("text")
	if len(utf16.Encode([]rune(text))) > 200 {
		writeError(w, Failure{Code: 400, Description: "Bad Request: MESSAGE_TOO_LONG"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	answered, issued := s.callbacks[id]
	if !issued || answered {
		writeError(w, Failure{Code: 400, Description: "Bad Request: query is too old and response timeout expired or query ID is invalid"})
		return
	}
	s.callbacks[id] = true
	s.answers = append(s.answers, CallbackAnswer{CallbackQueryID: id, Text: text, ShowAlert: p.Get("show_alert") == "true"})
	s.notify()
	writeResult(w, true)
}

func (s *Server) sendChatAction(w http.ResponseWriter, _ *http.Request, p url.Values) {
	chatID, err := strconv.ParseInt(p.Get("chat_id"), 10, 64)
	if err != nil {
		writeError(w, Failure{Code: 400, Description: "Bad Request: chat not found"})
		return
	}
	s.mu.Lock()
	s.actions[chatID] = append(s.actions[chatID], p.Get("action"))
	s.notify()
	s.mu.Unlock()
	writeResult(w, true)
}

func (s *Server) getFile(w http.ResponseWriter, _ *http.Request, p url.Values) {
	s.mu.Lock()
	f, ok := s.files[p.Get("file_id")]
	s.mu.Unlock()
	if !ok {
		writeError(w, Failure{Code: 400, Description: "Bad Request: invalid file_id"})
		return
	}
	writeResult(w, f.File)
}

// serveFile serves /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	if token != s.token {
		writeError(w, Failure{Code: 401, Description: "Unauthorized"})
		return
	}
	s.mu.Lock()
	f, ok := s.paths[path]
	hold := s.holdFiles
	s.mu.Unlock()
	if !ok {
		writeError(w, Failure{Code: 404, Description: "Not Found"})
		return
	}
	if hold != nil {
		select {
		case <-hold:
		case <-s.closed:
			return
		}
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Content-Length", itoa(len(f.data)))
	_, _ = w.Write(f.data)
}

// secretToken is the format setWebhook accepts for secret_token.
var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(w http.ResponseWriter, _ *http.Request, p url.Values) {
	u := p.Get("url")
	if u == "" {
		s.removeWebhook(false)
		writeResult(w, true)
		return
	}
	if parsed, err := url.Parse(u); err != nil || parsed.Host == "" {
		writeError(w, Failure{Code: 400, Description: "Bad Request: bad webhook: invalid webhook URL specified"})
		return
	}
	wh := Webhook{URL: u, SecretToken: p.Get("secret_token")}
	if wh.SecretToken != "" && !secretToken.MatchString(wh.SecretToken) {
		writeError(w, Failure{Code: 400, Description: "Bad Request: secret token contains unallowed characters"})
		return
	}
	if v := p.Get("allowed_updates"); v != "" {
		if err := json.Unmarshal([]byte(v), &wh.AllowedUpdates); err != nil {
			writeError(w, Failure{Code: 400, Description: "Bad Request: can't parse allowed updates"})
			return
		}
	}
	wh.MaxConnections, _ = strconv.Atoi(p.Get("max_connections"))
	s.mu.Lock()
	s.webhook = &wh
	s.allowed = wh.AllowedUpdates
	if p.Get("drop_pending_updates") == "true" {
		s.pending = nil
	}
	if s.poll != nil {
		close(s.poll)
		s.poll = nil
	}
	s.notify()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, apiResponse{OK: true, Result: true, Description: "Webhook was set"})
}

func (s *Server) deleteWebhook(w http.ResponseWriter, _ *http.Request, p url.Values) {
	had := s.removeWebhook(p.Get("drop_pending_updates") == "true")
	desc := "Webhook is already deleted"
	if had {
		desc = "Webhook was deleted"
	}
	writeJSON(w, http.StatusOK, apiResponse{OK: true, Result: true, Description: desc})
}

func (s *Server) removeWebhook(dropPending bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	had := s.webhook != nil
	s.webhook = nil
	if dropPending {
		s.pending = nil
	}
	s.notify()
	return had
}

func (s *Server) getWebhookInfo(w http.ResponseWriter, _ *http.Request, _ url.Values) {
	s.mu.Lock()
	info := map[string]any{"url": "", "has_custom_certificate": false, "pending_update_count": len(s.pending)}
	if s.webhook != nil {
		info["url"] = s.webhook.URL
		info["max_connections"] = s.webhook.MaxConnections
		info["allowed_updates"] = s.webhook.AllowedUpdates
	}
	s.mu.Unlock()
	writeResult(w, info)
}

func (s *Server) setMyCommands(w http.ResponseWriter, _ *http.Request, p url.Values) {
	var cmds []BotCommand
	if err := json.Unmarshal([]byte(p.Get("commands")), &cmds); err != nil {
		writeError(w, Failure{Code: 400, Description: "Bad Request: can't parse commands JSON object"})
		return
	}
	for _, c := range cmds {
		if !regexp.MustCompile(`^[a-z0-9_]{1,32}$`).MatchString(c.Command) || c.Description == "" || len([]rune(c.Description)) > 256 {
			writeError(w, Failure{Code: 400, Description: "Bad Request: BOT_COMMAND_INVALID"})
			return
		}
	}
	s.mu.Lock()
	s.commands[p.Get("language_code")] = cmds
	s.notify()
	s.mu.Unlock()
	writeResult(w, true)
}

func itoa(n int) string { return strconv.Itoa(n) }

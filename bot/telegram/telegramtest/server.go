// Package telegramtest is a fake Telegram Bot API server for tests. It
// speaks the real wire format at the real paths, so a bot built on any
// client library can be pointed at it:
//
//	srv := telegramtest.NewServer(t, "123:abc")
//	// give the bot srv.URL() as its API endpoint, start it, then:
//	srv.SendText(telegramtest.Customer{ID: 42, LanguageCode: "en"}, "hello")
//	msgs := srv.WaitSent(42, 1) // what the bot answered in chat 42
//
// It serves /bot<token>/<method> for getMe, getUpdates (long polling with
// offset confirmation: an update stays queued until a later call's offset
// passes it), sendMessage, answerCallbackQuery, sendChatAction, getFile,
// setWebhook, deleteWebhook, getWebhookInfo and setMyCommands, and
// /file/bot<token>/<path> for downloads. A wrong token gets 401
// Unauthorized, an unknown method 404, as on the real server. While a
// webhook is set, getUpdates answers 409 and queued updates are POSTed to
// the webhook with the X-Telegram-Bot-Api-Secret-Token header, each retried
// until the webhook answers 2xx. FailNext makes calls fail, for example with
// TooManyRequests, to test flood control.
//
// Private chats have the user's ID as chat ID, as on Telegram. The Wait
// methods fail the test after Timeout.
package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Timeout is how long the Wait methods wait before failing the test.
const Timeout = 15 * time.Second

// The bot the server pretends to be.
const (
	BotID       = 7000000001
	BotUsername = "opaline_support_bot"
)

// Customer is a Telegram user writing to the bot in a private chat, whose ID
// is also the chat's.
type Customer struct {
	ID           int64
	FirstName    string
	LanguageCode string // "fr", "en-GB"…; empty when the client sends none
}

// Server is a fake Bot API server. Its methods are safe for concurrent use.
type Server struct {
	tb     testing.TB
	token  string
	http   *httptest.Server
	closed chan struct{}
	once   sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every change, to wake waiters

	nextUpdate, nextMessage, nextFile, nextCallback int

	history map[int][]byte // every update ever queued, by update_id
	pending []queued       // unconfirmed updates, by update_id
	allowed []string       // allowed_updates of the last getUpdates or setWebhook
	poll    chan struct{}  // closed when a newer getUpdates ends the waiting one
	ousted  int            // long polls ended by a newer one (409 Conflict)

	sent      map[int64][]Message
	actions   map[int64][]string
	answers   []CallbackAnswer
	callbacks map[string]bool // callback query IDs issued, true once answered
	files     map[string]storedFile
	paths     map[string]storedFile
	failures  map[string][]Failure
	// chatFailures are sendMessage failures planned for one chat, as
	// Telegram's flood control answers a chat written to too fast.
	chatFailures map[int64][]Failure
	attempts     map[string][]time.Time
	webhook      *Webhook
	delivered    []int         // HTTP statuses the webhook answered
	holdFiles    chan struct{} // downloads wait until it is closed
	commands     map[string][]BotCommand
}

type queued struct {
	id   int
	kind string // "message", "callback_query"…
	body []byte
}

type storedFile struct {
	File
	data        []byte
	contentType string
}

// NewServer starts a fake server for the bot with this token. It stops when
// the test ends.
func NewServer(tb testing.TB, token string) *Server {
	tb.Helper()
	s := &Server{
		tb: tb, token: token, closed: make(chan struct{}), changed: make(chan struct{}),
		nextUpdate: 100000, nextMessage: 1, nextFile: 1, nextCallback: 1,
		history: map[int][]byte{}, sent: map[int64][]Message{}, actions: map[int64][]string{},
		callbacks: map[string]bool{}, files: map[string]storedFile{}, paths: map[string]storedFile{},
		failures: map[string][]Failure{}, chatFailures: map[int64][]Failure{}, attempts: map[string][]time.Time{}, commands: map[string][]BotCommand{},
	}
	s.http = httptest.NewServer(s)
	go s.deliverLoop()
	tb.Cleanup(s.Close)
	return s
}

// URL is the server's base URL, without a path: the bot calls
// URL()+"/bot<token>/<method>".
func (s *Server) URL() string { return s.http.URL }

// Close stops the server, ending long polls at once.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closed)
		s.http.Close()
	})
}

// notify wakes every waiter; the caller holds s.mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ServeHTTP routes the Bot API's paths.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/file/bot"):
		s.serveFile(w, strings.TrimPrefix(p, "/file/bot"))
	case strings.HasPrefix(p, "/bot"):
		s.serveMethod(w, r, strings.TrimPrefix(p, "/bot"))
	default:
		writeError(w, Failure{Code: 404, Description: "Not Found"})
	}
}

func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request, rest string) {
	token, method, _ := strings.Cut(rest, "/")
	if token != s.token {
		writeError(w, Failure{Code: 401, Description: "Unauthorized"})
		return
	}
	p, err := params(r)
	if err != nil {
		writeError(w, Failure{Code: 400, Description: "Bad Request: " + err.Error()})
		return
	}
	method = strings.ToLower(method)
	if f, ok := s.takeFailure(method); ok {
		writeError(w, f)
		return
	}
	h, ok := s.methods()[method]
	if !ok {
		writeError(w, Failure{Code: 404, Description: "Not Found"})
		return
	}
	h(w, r, p)
}

// takeFailure records the call and returns the failure planned for it.
func (s *Server) takeFailure(method string) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.attempts[method] = append(s.attempts[method], time.Now())
	defer s.notify()
	fs := s.failures[method]
	if len(fs) == 0 {
		return Failure{}, false
	}
	s.failures[method] = fs[1:]
	return fs[0], true
}

// FailNext makes the next n calls of method ("sendMessage", "getUpdates"…)
// fail with f instead of being served.
func (s *Server) FailNext(method string, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := strings.ToLower(method)
	for range n {
		s.failures[m] = append(s.failures[m], f)
	}
}

// FailChat makes the next n sendMessage calls to one chat fail with f,
// while other chats are served.
func (s *Server) FailChat(chatID int64, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.chatFailures[chatID] = append(s.chatFailures[chatID], f)
	}
}

// takeChatFailure returns the failure planned for a sendMessage to chat.
func (s *Server) takeChatFailure(chatID int64) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fs := s.chatFailures[chatID]
	if len(fs) == 0 {
		return Failure{}, false
	}
	s.chatFailures[chatID] = fs[1:]
	return fs[0], true
}

// Attempts returns when method was called, failed calls included.
func (s *Server) Attempts(method string) []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.attempts[strings.ToLower(method)])
}

// Sent returns the messages the bot sent to a chat, oldest first.
func (s *Server) Sent(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent[chatID])
}

// WaitSent waits until the bot has sent at least n messages to a chat in
// all, and returns them all.
func (s *Server) WaitSent(chatID int64, n int) []Message {
	s.tb.Helper()
	s.waitFor("message(s) in chat", func() bool { return len(s.sent[chatID]) >= n })
	return s.Sent(chatID)
}

// ChatActions returns the chat actions ("typing") the bot sent to a chat.
func (s *Server) ChatActions(chatID int64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.actions[chatID])
}

// CallbackAnswers returns the answerCallbackQuery calls that succeeded.
func (s *Server) CallbackAnswers() []CallbackAnswer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.answers)
}

// WaitCallbackAnswer waits until the bot answers a callback query.
func (s *Server) WaitCallbackAnswer(queryID string) CallbackAnswer {
	s.tb.Helper()
	s.waitFor("callback answer", func() bool { return s.callbacks[queryID] })
	for _, a := range s.CallbackAnswers() {
		if a.CallbackQueryID == queryID {
			return a
		}
	}
	return CallbackAnswer{}
}

// Pending returns how many updates are queued and not yet confirmed.
// Conflicts counts the long polls ended by another getUpdates request, as
// Telegram ends them when two processes poll with one token (409).
func (s *Server) Conflicts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ousted
}

func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.pending)
}

// HoldFiles makes file downloads wait until release is called, as a slow
// download does: the update it belongs to stays in hand meanwhile.
func (s *Server) HoldFiles() (release func()) {
	hold := make(chan struct{})
	s.mu.Lock()
	s.holdFiles = hold
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.holdFiles = nil
			s.mu.Unlock()
			close(hold)
		})
	}
}

// IsPending reports whether an update is still unconfirmed: no getUpdates
// call has passed its ID as offset.
func (s *Server) IsPending(updateID int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.pending {
		if q.id == updateID {
			return true
		}
	}
	return false
}

// WaitConfirmed waits until every queued update is confirmed: by a
// getUpdates offset past it, or by a 2xx from the webhook.
func (s *Server) WaitConfirmed() {
	s.tb.Helper()
	s.waitFor("confirmation of every update", func() bool { return len(s.pending) == 0 })
}

// Webhook returns the webhook set, if any.
func (s *Server) Webhook() (Webhook, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhook == nil {
		return Webhook{}, false
	}
	return *s.webhook, true
}

// WaitWebhook waits until the bot sets a webhook, and returns it.
func (s *Server) WaitWebhook() Webhook {
	s.tb.Helper()
	s.waitFor("webhook set", func() bool { return s.webhook != nil })
	wh, _ := s.Webhook()
	return wh
}

// WebhookStatuses returns the HTTP statuses the webhook answered, in order.
func (s *Server) WebhookStatuses() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.delivered)
}

// Commands returns the command menu set for a language code ("" for the
// default menu).
func (s *Server) Commands(languageCode string) []BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.commands[languageCode])
}

// waitFor waits until cond, evaluated under s.mu, holds.
func (s *Server) waitFor(what string, cond func() bool) {
	s.tb.Helper()
	deadline := time.NewTimer(Timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok, wake := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			s.tb.Fatalf("telegramtest: no %s after %v", what, Timeout)
		}
	}
}

// apiResponse is the envelope of every Bot API answer.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      any             `json:"result,omitempty"`
	ErrorCode   int             `json:"error_code,omitempty"`
	Description string          `json:"description,omitempty"`
	Parameters  *responseParams `json:"parameters,omitempty"`
}

type responseParams struct {
	RetryAfter int `json:"retry_after,omitempty"`
}

func writeResult(w http.ResponseWriter, result any) {
	writeJSON(w, http.StatusOK, apiResponse{OK: true, Result: result})
}

func writeError(w http.ResponseWriter, f Failure) {
	resp := apiResponse{ErrorCode: f.Code, Description: f.Description}
	if f.RetryAfter > 0 {
		resp.Parameters = &responseParams{RetryAfter: f.RetryAfter}
		w.Header().Set("Retry-After", itoa(f.RetryAfter))
	}
	writeJSON(w, f.Code, resp)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// Package slackfake is a stand-in for Slack in tests: a local Web API that
// answers the methods the agent desk calls with Slack's own JSON, and
// helpers that sign and send what Slack sends an app — Events API
// callbacks, button presses and slash commands — over HTTP or a Socket Mode
// connection.
//
// The desk under test uses the real slack-go client pointed at Server.URL,
// so what the fake records (messages, updates, ephemeral notes) is what the
// real Slack would have received.
package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Config is the workspace the fake pretends to be.
type Config struct {
	// BotToken is the only bot token the Web API accepts ("xoxb-…").
	BotToken string
	// AppToken is the app-level token apps.connections.open accepts
	// ("xapp-…"); Socket Mode is refused when it is empty.
	AppToken string
	// BotUserID and BotID are what auth.test returns for the bot, and what
	// its own messages carry.
	BotUserID string
	BotID     string
	TeamID    string
}

// Defaults for the fields of Config left empty.
const (
	DefaultBotToken  = "xoxb-fake-bot-token"
	DefaultAppToken  = "xapp-fake-app-token"
	DefaultBotUserID = "UBOT0001"
	DefaultBotID     = "BBOT0001"
	DefaultTeamID    = "TFAKE001"
)

// Message is a message the app posted, as Slack stores it.
type Message struct {
	Channel  string
	TS       string
	ThreadTS string // empty for a message at the top of the channel
	Text     string
	Blocks   json.RawMessage // as posted: a JSON array, or nil
	// User is the recipient of an ephemeral message; empty otherwise.
	User      string
	Ephemeral bool
	// Updates counts the chat.update calls that changed this message.
	Updates int
}

// Fault is an error the fake answers one call with instead of doing it.
type Fault struct {
	// Status is the HTTP status; 200 with Error set makes an {"ok":false}
	// answer.
	Status int
	// RetryAfter is the Retry-After header, in seconds, for a 429.
	RetryAfter string
	// Error is the error code of an {"ok":false} answer.
	Error string
}

// Call is one Web API request the fake received.
type Call struct {
	Method string
	At     time.Time
	// Failed is true when the call got an injected fault.
	Failed bool
}

// Server is a fake Slack Web API on a local port.
type Server struct {
	// URL is the Web API base, with its trailing slash, for
	// slack.OptionAPIURL and the desk's APIURL setting.
	URL string

	cfg    Config
	srv    *httptest.Server
	socket *socketHub

	mu         sync.Mutex
	messages   []*Message
	ephemerals []Message
	users      map[string]User
	channels   map[string][]string // channel ID -> member user IDs
	groups     map[string][]string // user group ID -> member user IDs
	faults     map[string][]Fault
	calls      []Call
	seq        int
	base       int64
}

// User is a member of the fake workspace.
type User struct {
	ID          string
	Name        string // the handle
	RealName    string
	DisplayName string
	IsBot       bool
}

// New starts a fake Slack. Close it when done.
func New(cfg Config) *Server {
	if cfg.BotToken == "" {
		cfg.BotToken = DefaultBotToken
	}
	if cfg.AppToken == "" {
		cfg.AppToken = DefaultAppToken
	}
	if cfg.BotUserID == "" {
		cfg.BotUserID = DefaultBotUserID
	}
	if cfg.BotID == "" {
		cfg.BotID = DefaultBotID
	}
	if cfg.TeamID == "" {
		cfg.TeamID = DefaultTeamID
	}
	s := &Server{
		cfg: cfg, users: map[string]User{}, faults: map[string][]Fault{},
		channels: map[string][]string{}, groups: map[string][]string{},
		base: time.Now().Unix(),
	}
	s.socket = newSocketHub()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/{method}", s.serveMethod)
	mux.HandleFunc("GET /socket", s.socket.serve)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL + "/api/"
	return s
}

// Close stops the server and any Socket Mode connection.
func (s *Server) Close() {
	s.socket.close()
	s.srv.Close()
}

// Config returns the workspace settings, defaults filled in.
func (s *Server) Config() Config { return s.cfg }

// AddUser adds a member whom users.info knows.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// Join makes users members of a channel, as conversations.members lists
// them; the channel exists from its first join.
func (s *Server) Join(channel string, users ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range users {
		if !slices.Contains(s.channels[channel], u) {
			s.channels[channel] = append(s.channels[channel], u)
		}
	}
	if s.channels[channel] == nil {
		s.channels[channel] = []string{}
	}
}

// AddGroup sets the members of a user group, as usergroups.users.list
// lists them.
func (s *Server) AddGroup(group string, users ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups[group] = append([]string{}, users...)
}

// Inject makes the next calls of a Web API method fail, one fault per call,
// in order.
func (s *Server) Inject(method string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], faults...)
}

// RateLimit makes the next n calls of a method answer 429 with
// Retry-After: seconds, as Slack does past a method's rate limit.
func (s *Server) RateLimit(method string, seconds, n int) {
	for range n {
		s.Inject(method, Fault{Status: http.StatusTooManyRequests, RetryAfter: strconv.Itoa(seconds)})
	}
}

// Calls returns the requests received for a method ("" for all), oldest
// first.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Messages returns the messages posted in a channel ("" for every
// channel), in the order they were posted, ephemeral ones excluded.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if channel == "" || m.Channel == channel {
			out = append(out, *m)
		}
	}
	return out
}

// Roots returns the messages at the top of a channel, not in a thread.
func (s *Server) Roots(channel string) []Message {
	return slices.DeleteFunc(s.Messages(channel), func(m Message) bool { return m.ThreadTS != "" })
}

// Thread returns the replies in the thread of root message ts.
func (s *Server) Thread(channel, ts string) []Message {
	return slices.DeleteFunc(s.Messages(channel), func(m Message) bool { return m.ThreadTS != ts })
}

// Message returns the message posted at ts in a channel.
func (s *Server) Message(channel, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.find(channel, ts); m != nil {
		return *m, true
	}
	return Message{}, false
}

// Ephemerals returns the ephemeral messages shown to users, oldest first.
func (s *Server) Ephemerals() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ephemerals)
}

// Wait polls cond until it holds or the timeout passes, and reports
// whether it held: the desk works asynchronously after acking Slack.
func (s *Server) Wait(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// NewTS returns a fresh message timestamp, later than every earlier one,
// for events the test makes up (a person's message in a thread).
func (s *Server) NewTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextTS()
}

func (s *Server) nextTS() string {
	s.seq++
	return fmt.Sprintf("%d.%06d", s.base+int64(s.seq/1_000_000), s.seq%1_000_000)
}

func (s *Server) find(channel, ts string) *Message {
	for _, m := range s.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

// serveMethod answers one Web API method.
func (s *Server) serveMethod(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"ok": false, "error": "invalid_form_data"})
		return
	}
	token := r.PostForm.Get("token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = bearer
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	call := Call{Method: method, At: time.Now()}
	if fs := s.faults[method]; len(fs) > 0 {
		s.faults[method] = fs[1:]
		call.Failed = true
		s.calls = append(s.calls, call)
		writeFault(w, fs[0])
		return
	}
	s.calls = append(s.calls, call)
	want := s.cfg.BotToken
	if method == "apps.connections.open" {
		want = s.cfg.AppToken
	}
	if token == "" {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "not_authed"})
		return
	}
	if token != want {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	h, ok := s.methods()[method]
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"ok": false, "error": "unknown_method"})
		return
	}
	writeJSON(w, http.StatusOK, h(r.PostForm, r))
}

func writeFault(w http.ResponseWriter, f Fault) {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	status := f.Status
	if status == 0 {
		status = http.StatusOK
	}
	code := f.Error
	if code == "" && status == http.StatusTooManyRequests {
		code = "ratelimited"
	}
	if status >= 500 {
		w.WriteHeader(status)
		fmt.Fprintln(w, "<html><body>Slack is having trouble</body></html>")
		return
	}
	writeJSON(w, status, map[string]any{"ok": false, "error": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

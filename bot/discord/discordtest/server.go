// Package discordtest is a fake Discord for tests: an httptest server that
// answers the REST paths a bot uses with the JSON Discord sends, records
// what the bot posts, can answer 429 like Discord does, serves attachment
// files as the CDN would, and runs a small gateway (hello, identify, ready,
// heartbeats, dispatched events).
//
// Point a discordgo session at it with Server.Client: that client sends
// every request, whatever its host (discord.com, cdn.discordapp.com), to the
// fake, so discordgo's endpoint variables stay untouched and tests may run
// in parallel, each with its own server.
//
// Routes, under /api/v{n}/:
//
//	GET  users/@me                       the bot user (401 for another token)
//	POST channels/{id}/messages          a message: recorded, echoed on the gateway
//	GET  channels/{id}/messages          the channel's history (SetHistory)
//	POST channels/{id}/typing            recorded
//	POST interactions/{id}/{token}/callback   an interaction response: recorded
//	POST webhooks/{app}/{token}          an interaction follow-up: recorded
//	GET  gateway, gateway/bot            the fake gateway's URL
//
// and GET /attachments/{path...} for files added with AddFile, GET /gateway
// for the websocket.
package discordtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Defaults of a new Server.
const (
	Token   = "fake-bot-token"
	BotID   = "900000000000000001"
	BotName = "Support"
)

// ExpiredToken is an interaction token the fake treats as expired, as
// Discord does 3 seconds after an interaction without a response (the
// callback gets 404 Unknown interaction) or 15 minutes after it (follow-ups
// get 401 Invalid Webhook Token).
const ExpiredToken = "expired-interaction-token"

// discordEpoch is the time of snowflake 0, in Unix milliseconds.
const discordEpoch = 1420070400000

// InteractionDeadline is how long Discord waits for the first response to
// an interaction before it invalidates the interaction's token.
const InteractionDeadline = 3 * time.Second

// Callback is an interaction response the bot sent.
type Callback struct {
	InteractionID string
	Token         string
	Type          discordgo.InteractionResponseType
}

// Server is the fake Discord. Its methods are safe for concurrent use.
type Server struct {
	srv   *httptest.Server
	token string
	user  discordgo.User

	mu         sync.Mutex
	changed    *sync.Cond
	nextID     int64
	posts      []Post
	typing     []string
	callbacks  []Callback
	history    map[string][]*discordgo.Message
	dms        map[string]string // recipient user ID -> DM channel ID
	files      map[string]file
	limitNext  int
	retryAfter time.Duration
	limitBare  bool // 429s without retry_after and Retry-After
	limited    int
	nonces     map[string]*discordgo.Message // enforce_nonce: channel+nonce -> message created
	pressed    map[string]time.Time          // interaction token -> when it was dispatched
	acked      map[string]bool               // interaction tokens answered
	lateAcks   int
	gateway    gateway
}

type file struct {
	contentType string
	data        []byte
}

// NewServer starts a fake Discord for the bot user BotID with token Token;
// it stops when the test ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{
		token:   Token,
		user:    discordgo.User{ID: BotID, Username: BotName, Bot: true},
		nextID:  0,
		history: map[string][]*discordgo.Message{},
		dms:     map[string]string{},
		files:   map[string]file{},
		nonces:  map[string]*discordgo.Message{},
		pressed: map[string]time.Time{},
		acked:   map[string]bool{},
		gateway: newGateway(),
	}
	s.changed = sync.NewCond(&s.mu)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/{v}/users/@me", s.authed(s.me))
	mux.HandleFunc("POST /api/{v}/users/@me/channels", s.authed(s.createDM))
	mux.HandleFunc("POST /api/{v}/channels/{id}/messages", s.authed(s.postMessage))
	mux.HandleFunc("GET /api/{v}/channels/{id}/messages", s.authed(s.channelMessages))
	mux.HandleFunc("POST /api/{v}/channels/{id}/typing", s.authed(s.postTyping))
	mux.HandleFunc("POST /api/{v}/interactions/{id}/{token}/callback", s.interactionCallback)
	mux.HandleFunc("POST /api/{v}/webhooks/{app}/{token}", s.followup)
	mux.HandleFunc("GET /api/{v}/gateway", s.gatewayURL)
	mux.HandleFunc("GET /api/{v}/gateway/bot", s.authed(s.gatewayURL))
	mux.HandleFunc("GET /attachments/{path...}", s.attachment)
	mux.HandleFunc("GET /gateway", s.serveGateway)
	mux.HandleFunc("GET /gateway/", s.serveGateway) // discordgo adds the slash
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "404: Not Found", "code": 0})
	})
	s.srv = httptest.NewServer(mux)
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server and drops the gateway connections.
func (s *Server) Close() {
	s.gateway.closeAll()
	s.srv.Close()
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.srv.URL }

// Token is the bot token the fake accepts, without "Bot ".
func (s *Server) Token() string { return s.token }

// BotUser is the bot's user.
func (s *Server) BotUser() discordgo.User { return s.user }

// Client returns an HTTP client that sends every request to the fake,
// whatever host its URL names.
func (s *Server) Client() *http.Client {
	base, _ := url.Parse(s.srv.URL)
	return &http.Client{Transport: rewrite{base: base, next: s.srv.Client().Transport}, Timeout: 10 * time.Second}
}

// rewrite sends requests to base, keeping their path and query.
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, ""
	return t.next.RoundTrip(r)
}

// RateLimit makes the next n message posts (channel or follow-up) answer
// 429 with retry_after, as Discord does when a route's bucket is empty.
func (s *Server) RateLimit(n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limitNext, s.retryAfter = n, retryAfter
}

// RateLimitBare makes the next n message posts answer 429 with neither
// retry_after in the body nor a Retry-After header, as a proxy in front of
// Discord may.
func (s *Server) RateLimitBare(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limitNext, s.retryAfter, s.limitBare = n, 0, true
}

// RateLimited returns how many 429s the fake has answered.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// Posts returns the messages posted so far, in order.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// WaitPosts waits until at least n messages were posted, and returns them;
// it fails the test after timeout.
func (s *Server) WaitPosts(tb testing.TB, n int, timeout time.Duration) []Post {
	tb.Helper()
	if !s.waitFor(timeout, func() bool { return len(s.posts) >= n }) {
		tb.Fatalf("discordtest: %d messages posted after %s, want %d: %+v", len(s.Posts()), timeout, n, s.Posts())
	}
	return s.Posts()
}

// waitFor waits until cond, called with s.mu held, is true.
func (s *Server) waitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	t := time.AfterFunc(timeout, func() {
		s.mu.Lock()
		s.changed.Broadcast()
		s.mu.Unlock()
	})
	defer t.Stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for !cond() {
		if !time.Now().Before(deadline) {
			return false
		}
		s.changed.Wait()
	}
	return true
}

// Typing returns the channels where the bot showed it was typing, in order.
func (s *Server) Typing() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.typing...)
}

// Callbacks returns the interaction responses, in order.
func (s *Server) Callbacks() []Callback {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Callback(nil), s.callbacks...)
}

// AddFile serves data as an attachment and returns its URL, on the CDN's
// host as Discord gives it (Client routes it to the fake).
func (s *Server) AddFile(name, contentType string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newID()
	s.files[fmt.Sprintf("%d/%s", id, name)] = file{contentType: contentType, data: data}
	return fmt.Sprintf("https://cdn.discordapp.com/attachments/%d/%s", id, url.PathEscape(name))
}

// SetHistory sets what GET channels/{id}/messages returns, newest first as
// Discord lists it.
func (s *Server) SetHistory(channelID string, msgs ...*discordgo.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history[channelID] = msgs
}

// NewID returns a fresh snowflake.
func (s *Server) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strconv.FormatInt(s.newID(), 10)
}

// newID hands out snowflakes as Discord makes them, from the current time
// (so that "after" a time's snowflake lists what was sent since), strictly
// increasing.
func (s *Server) newID() int64 {
	s.nextID = max(s.nextID+1, (time.Now().UnixMilli()-discordEpoch)<<22)
	return s.nextID
}

// SnowflakeAt is the first snowflake of a time.
func SnowflakeAt(t time.Time) string {
	return strconv.FormatInt((t.UnixMilli()-discordEpoch)<<22, 10)
}

// authed refuses requests without the bot's token, as Discord does.
func (s *Server) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bot "+s.token {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"message": "401: Unauthorized", "code": 0})
			return
		}
		h(w, r)
	}
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.user)
}

// createDM opens (or finds) the private channel with a user, as
// POST /users/@me/channels does.
func (s *Server) createDM(w http.ResponseWriter, r *http.Request) {
	var body struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.RecipientID == "" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return
	}
	s.mu.Lock()
	id, ok := s.dms[body.RecipientID]
	if !ok {
		s.nextID++
		id = strconv.FormatInt(s.nextID, 10)
		s.dms[body.RecipientID] = id
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, discordgo.Channel{
		ID: id, Type: discordgo.ChannelTypeDM,
		Recipients: []*discordgo.User{{ID: body.RecipientID}},
	})
}

// DMChannel returns the private channel opened with a user, if any.
func (s *Server) DMChannel(userID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.dms[userID]
	return id, ok
}

// takeRateLimit reports whether this post is to be answered 429.
func (s *Server) takeRateLimit(w http.ResponseWriter) bool {
	s.mu.Lock()
	if s.limitNext == 0 {
		s.mu.Unlock()
		return false
	}
	s.limitNext--
	s.limited++
	after := s.retryAfter.Seconds()
	bare := s.limitBare
	if s.limitNext == 0 {
		s.limitBare = false
	}
	s.changed.Broadcast()
	s.mu.Unlock()
	h := w.Header()
	if bare {
		h.Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte("429 Too Many Requests"))
		return true
	}
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(after))))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(after, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-bucket")
	h.Set("X-RateLimit-Scope", "user")
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": after, "global": false,
	})
	return true
}

func (s *Server) postTyping(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.typing = append(s.typing, r.PathValue("id"))
	s.changed.Broadcast()
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// DispatchInteraction sends an INTERACTION_CREATE to the connected bots
// and starts the interaction's clock: a first response later than
// InteractionDeadline gets 404 Unknown interaction, as on Discord.
func (s *Server) DispatchInteraction(i *discordgo.Interaction) {
	s.PressedAt(i.Token, time.Now())
	s.Dispatch("INTERACTION_CREATE", i)
}

// PressedAt starts an interaction's clock (DispatchInteraction does it for
// interactions sent over the gateway).
func (s *Server) PressedAt(token string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pressed[token] = at
}

// LateAcks returns how many interaction responses came after the
// deadline, and were refused.
func (s *Server) LateAcks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lateAcks
}

func (s *Server) interactionCallback(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if token == ExpiredToken {
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown interaction", "code": 10062})
		return
	}
	s.mu.Lock()
	at, timed := s.pressed[token]
	late := timed && time.Since(at) > InteractionDeadline
	if late {
		s.lateAcks++
	}
	again := s.acked[token]
	s.acked[token] = true
	s.changed.Broadcast()
	s.mu.Unlock()
	switch {
	case late:
		writeJSON(w, http.StatusNotFound, map[string]any{"message": "Unknown interaction", "code": 10062})
		return
	case again:
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Interaction has already been acknowledged.", "code": 40060})
		return
	}
	var body struct {
		Type discordgo.InteractionResponseType `json:"type"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Type == 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035})
		return
	}
	s.mu.Lock()
	s.callbacks = append(s.callbacks, Callback{
		InteractionID: r.PathValue("id"), Token: r.PathValue("token"), Type: body.Type,
	})
	s.changed.Broadcast()
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) gatewayURL(w http.ResponseWriter, r *http.Request) {
	u := "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway"
	writeJSON(w, http.StatusOK, map[string]any{
		"url": u, "shards": 1,
		"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
	})
}

func (s *Server) attachment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f, ok := s.files[r.PathValue("path")]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	_, _ = w.Write(f.data)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

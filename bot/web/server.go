// Package web serves the shop's web chat: the page customers talk to the bot
// on, and the JSON API behind it (SPEC §4), which other front ends may use
// too.
//
// Routes:
//
//	POST /api/v1/chat                              one customer turn → the bot's replies
//	POST /api/v1/parse                             what the bot understands of a text
//	GET  /api/v1/conversations/{id}/messages?after=N  transcript lines after N
//	GET  /                                         the chat page
//	GET  /static/…                                 its style sheet and script
//
// Every API answer is JSON, errors included ({"error": "..."}). Requests are
// read strictly: the body must be one JSON object sent as application/json,
// with no unknown field and no trailing data, in valid UTF-8, at most
// Config.MaxBodyBytes long (413 beyond). Anything else is a 400 whose
// message names the field at fault; a body of any other media type, or
// none, gets 415 — which also means a page elsewhere cannot post to the
// API without a CORS preflight, which only Config.AllowedOrigins pass.
//
// A request a browser sends from a page elsewhere (its Origin header names
// another site) gets 403. Too many requests from one client address, too
// many turns in one conversation, or too many failed identity checks from
// one client get 429 with Retry-After (Config.Limits).
//
// Answers always have the same shape: "replies", each reply's "buttons",
// and the parse answer's "entities" and "ranking" are arrays, empty rather
// than absent; "faq_id" is always present, "" unless the intent is "faq";
// a reply written by a person carries "agent", their first name.
//
// Conversation IDs sent by a web client are prefixed with "web:" before they
// reach the engine, so a client can never address a Telegram or Discord
// conversation. A conversation ID is also the only key to its transcript:
// the page draws 128 random bits for it, and the API refuses IDs under 16
// bytes. Logs name a conversation by a hash of its ID.
package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"supportbot/bot"
	"supportbot/bot/web/limit"
	"supportbot/storage"
)

// Engine is what the web chat needs from the conversation engine.
type Engine interface {
	// Handle runs one customer turn.
	Handle(ctx context.Context, in bot.Incoming) (bot.Response, error)
	// Understand classifies a text without acting on it.
	Understand(ctx context.Context, text, fallbackLang string) bot.Understanding
	// Messages returns the transcript lines with an ID above afterID,
	// oldest first: agent replies reach the page this way.
	Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error)
}

// HandoffReporter is an optional ability of an Engine: telling whether a
// conversation is with the support team right now. With it, the messages
// endpoint reports "handoff" so that the page knows when to stop polling.
type HandoffReporter interface {
	InHandoff(ctx context.Context, conversationID string) (bool, error)
}

// DefaultMaxBodyBytes is the request body limit when Config leaves it zero.
const DefaultMaxBodyBytes = 64 << 10

// Limits on request fields (SPEC §4).
const (
	maxConversationIDBytes = 128
	minConversationIDBytes = 16
	maxTextRunes           = 4096
	maxPayloadBytes        = 512
)

// Config holds the server's dependencies and settings.
type Config struct {
	Engine Engine
	Logger *slog.Logger // nil: discard
	// MaxBodyBytes caps a request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// ShopName is shown in the page title and header.
	ShopName string
	// Texts words the page (message IDs web_*, in locales/<lang>/web.toml);
	// pass the engine's. Missing texts show as their IDs.
	Texts Texts
	// DefaultLang is the page's language when the browser asks for none
	// of ours; "" means the first of Texts.Languages().
	DefaultLang string
	// AllowedOrigins are the origins (https://www.shop.example) besides the
	// page's own that may call the API from a browser and embed the page.
	AllowedOrigins []string
	// Clients tells a request's client address, for Limits; the
	// connection's remote address when nil.
	Clients *limit.Clients
	// Limits bound what one client may ask; the zero value limits nothing.
	Limits Limits
	// Now is the clock of the limits; time.Now when nil.
	Now func() time.Time
}

// Server is the web chat's http.Handler.
type Server struct {
	engine  Engine
	logger  *slog.Logger
	maxBody int64
	page    *page
	guard   *guard
	mux     *http.ServeMux
}

// New returns a server ready to serve. Page texts missing from the bundle
// are logged and shown as their message ID, so that a broken locale file
// shows on the page rather than stopping the whole server. An allowed
// origin that is not scheme://host[:port] is an error.
func New(cfg Config) (*Server, error) {
	g, err := newGuard(cfg)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s := &Server{
		guard:   g,
		engine:  cfg.Engine,
		logger:  cfg.Logger,
		maxBody: cfg.MaxBodyBytes,
		mux:     http.NewServeMux(),
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	s.page = newPage(cfg, s.logger)
	s.page.frameAncestors = g.frameAncestors()
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.Handle("POST /api/v1/chat", s.api(s.handleChat))
	s.mux.Handle("POST /api/v1/parse", s.api(s.handleParse))
	s.mux.Handle("GET /api/v1/conversations/{id}/messages", s.api(s.handleMessages))
	// The same paths without a method answer 405 in JSON, where the bare
	// mux would answer in plain text.
	s.mux.Handle("/api/v1/chat", methodNotAllowed("POST"))
	s.mux.Handle("/api/v1/parse", methodNotAllowed("POST"))
	s.mux.Handle("/api/v1/conversations/{id}/messages", methodNotAllowed("GET, HEAD"))
	s.mux.Handle("/api/", s.api(func(http.ResponseWriter, *http.Request) error {
		return &apiError{status: http.StatusNotFound, msg: "no such API endpoint"}
	}))

	s.mux.HandleFunc("GET /{$}", s.page.serveIndex)
	s.mux.HandleFunc("GET /static/{file}", s.page.serveAsset)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if r.Method == http.MethodOptions && strings.HasPrefix(r.URL.Path, "/api/") {
		s.guard.preflight(w, r)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// apiFunc is an API handler: it writes its own success response, and
// returns any error for writeError to turn into output.
type apiFunc func(w http.ResponseWriter, r *http.Request) error

// api wraps an API handler with the headers every API answer carries and the
// single path from error to response. A panic below becomes a logged 500
// instead of a dropped connection.
func (s *Server) api(h apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.writeError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		if err := s.guard.admit(w, r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// methodNotAllowed answers 405 in JSON with the Allow header.
func methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: fmt.Sprintf("method %s not allowed, use %s", r.Method, allow)})
	})
}

// writeJSON writes v as the response body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// An encoding error here means the client hung up: nothing to tell.
	_ = json.NewEncoder(w).Encode(v)
}

package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"supportbot/bot"
	"supportbot/bot/web/limit"
)

// Limits are how much one client may ask of the API. A zero count is no
// limit. Each allows its whole count at once, then refills evenly.
type Limits struct {
	// ClientPerMinute bounds API requests per client address.
	ClientPerMinute int
	// ConversationPerMinute bounds chat turns per conversation.
	ConversationPerMinute int
	// FailedChecksPerHour bounds the identity checks per client address
	// that fail or are refused by a lock-out; past it, the client's chat
	// turns wait.
	FailedChecksPerHour int
}

// guard holds the server's defences against other sites and greedy
// clients.
type guard struct {
	clients      *limit.Clients
	origins      map[string]bool // allowed origins besides the page's own, "scheme://host[:port]"
	perClient    *limit.Keyed
	perConv      *limit.Keyed
	failedChecks *limit.Keyed
	now          func() time.Time
}

func newGuard(cfg Config) (*guard, error) {
	g := &guard{
		clients:      cfg.Clients,
		origins:      map[string]bool{},
		perClient:    limit.NewKeyed(cfg.Limits.ClientPerMinute, time.Minute),
		perConv:      limit.NewKeyed(cfg.Limits.ConversationPerMinute, time.Minute),
		failedChecks: limit.NewKeyed(cfg.Limits.FailedChecksPerHour, time.Hour),
		now:          cfg.Now,
	}
	if g.clients == nil {
		g.clients, _ = limit.NewClients("", nil)
	}
	if g.now == nil {
		g.now = time.Now
	}
	for _, o := range cfg.AllowedOrigins {
		norm, err := NormalizeOrigin(o)
		if err != nil {
			return nil, err
		}
		g.origins[norm] = true
	}
	return g, nil
}

// NormalizeOrigin returns an origin as browsers send it in the Origin
// header: lower-case scheme and host, the port only when not the default.
func NormalizeOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("origin %q: want scheme://host[:port], such as https://www.shop.example", s)
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	if strings.Contains(u.Hostname(), ":") && port == "" {
		host = "[" + host + "]"
	}
	return strings.ToLower(u.Scheme) + "://" + host, nil
}

// originAllowed tells whether a request may act from the page that sent
// it. Requests without an Origin header come from programs, not from a
// page elsewhere driving a visitor's browser: they are let through (and
// limited like any client). A browser sends Origin with every POST and
// every cross-site fetch.
func (g *guard) originAllowed(r *http.Request) (origin string, ok bool) {
	origin = r.Header.Get("Origin")
	if origin == "" {
		return "", r.Header.Get("Sec-Fetch-Site") != "cross-site"
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return origin, false // "null": a sandboxed frame or a file
	}
	if strings.EqualFold(u.Host, r.Host) {
		return origin, true
	}
	// Behind a reverse proxy that rewrites Host, the one the browser used.
	if fh := r.Header.Get("X-Forwarded-Host"); fh != "" && g.clients.Trusted(r.RemoteAddr) && strings.EqualFold(u.Host, fh) {
		return origin, true
	}
	norm, err := NormalizeOrigin(origin)
	return origin, err == nil && g.origins[norm]
}

// frameAncestors is the page's frame-ancestors directive: the allowed
// origins may embed the chat, no one else.
func (g *guard) frameAncestors() string {
	if len(g.origins) == 0 {
		return "frame-ancestors 'none'"
	}
	parts := []string{"frame-ancestors 'self'"}
	for o := range g.origins {
		parts = append(parts, o)
	}
	slices.Sort(parts[1:])
	return strings.Join(parts, " ")
}

// preflight answers a CORS preflight: allowed origins may post JSON.
func (g *guard) preflight(w http.ResponseWriter, r *http.Request) {
	origin, ok := g.originAllowed(r)
	if !ok || origin == "" {
		writeJSON(w, http.StatusForbidden, errorBody{Error: "origin not allowed"})
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	h.Set("Access-Control-Allow-Headers", "Content-Type")
	h.Set("Access-Control-Max-Age", "600")
	h.Add("Vary", "Origin")
	w.WriteHeader(http.StatusNoContent)
}

// admit checks an API request's origin and its client's request budget.
func (g *guard) admit(w http.ResponseWriter, r *http.Request) error {
	origin, ok := g.originAllowed(r)
	if !ok {
		return &apiError{status: http.StatusForbidden, msg: "origin not allowed"}
	}
	if origin != "" {
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Add("Vary", "Origin")
	}
	if ok, wait := g.perClient.Take(g.clients.Of(r), g.now()); !ok {
		return tooMany(wait)
	}
	return nil
}

// admitTurn checks a chat turn against its conversation's budget and its
// client's failed identity checks.
func (g *guard) admitTurn(r *http.Request, conversationID string) error {
	now := g.now()
	if ok, wait := g.failedChecks.Check(g.clients.Of(r), now); !ok {
		return tooMany(wait)
	}
	if ok, wait := g.perConv.Take(conversationID, now); !ok {
		return tooMany(wait)
	}
	return nil
}

// afterTurn charges the client for an identity check that did not succeed.
func (g *guard) afterTurn(r *http.Request, resp bot.Response) {
	switch resp.Verification {
	case bot.VerificationFailed, bot.VerificationLocked, bot.VerificationBusy:
		g.failedChecks.Spend(g.clients.Of(r), g.now())
	}
}

// tooManyError is a 429 with the seconds to wait.
type tooManyError struct{ wait time.Duration }

func (e *tooManyError) Error() string { return "too many requests, slow down" }

func tooMany(wait time.Duration) error { return &tooManyError{wait: wait} }

// retryAfter is the Retry-After value of a wait: whole seconds, at least 1.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}

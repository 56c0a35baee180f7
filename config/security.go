package config

import (
	"fmt"
	"strings"
	"time"

	"supportbot/bot/web"
	"supportbot/bot/web/limit"
)

// VerificationConfig is the lock-out of identity checks: after MaxAttempts
// failures within Window, a conversation (and separately an order number,
// and an e-mail) is locked for Lockout. Past ShopFailuresPerMinute failures
// shop-wide in a minute, every check waits; a web conversation stays
// verified WebIdle without a message.
type VerificationConfig struct {
	MaxAttempts           int
	Window                time.Duration
	Lockout               time.Duration
	ShopFailuresPerMinute int
	WebIdle               time.Duration
}

func defaultVerification() VerificationConfig {
	return VerificationConfig{MaxAttempts: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute,
		ShopFailuresPerMinute: 100, WebIdle: 30 * time.Minute}
}

type verificationFile struct {
	MaxAttempts           *int    `toml:"max_attempts"`
	Window                *string `toml:"window"`
	Lockout               *string `toml:"lockout"`
	ShopFailuresPerMinute *int    `toml:"shop_failures_per_minute"`
	WebIdle               *string `toml:"web_idle"`
}

func (f verificationFile) apply(c *Config) error {
	v := &c.Verification
	set(&v.MaxAttempts, f.MaxAttempts)
	if v.MaxAttempts < 1 || v.MaxAttempts > 100 {
		return fmt.Errorf("verification.max_attempts: must be between 1 and 100, got %d", v.MaxAttempts)
	}
	set(&v.ShopFailuresPerMinute, f.ShopFailuresPerMinute)
	if n := v.ShopFailuresPerMinute; n < 0 || n > 1_000_000 {
		return fmt.Errorf("verification.shop_failures_per_minute: must be between 0 (no ceiling) and 1000000, got %d", n)
	}
	return applyDurations([]duration{
		{"verification.window", f.Window, &v.Window, time.Second, 24 * time.Hour},
		{"verification.lockout", f.Lockout, &v.Lockout, time.Second, 24 * time.Hour},
		{"verification.web_idle", f.WebIdle, &v.WebIdle, time.Minute, 30 * 24 * time.Hour},
	})
}

// duration is a duration key of the file, with its bounds.
type duration struct {
	key      string
	src      *string
	dst      *time.Duration
	min, max time.Duration
}

func applyDurations(ds []duration) error {
	for _, d := range ds {
		if d.src == nil {
			continue
		}
		x, err := time.ParseDuration(*d.src)
		if err != nil || x < d.min || x > d.max {
			return fmt.Errorf("%s: want a duration between %s and %s such as \"15m\", got %q", d.key, short(d.min), short(d.max), *d.src)
		}
		*d.dst = x
	}
	return nil
}

// short writes a duration as the file would: "24h", not "24h0m0s".
func short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// HTTPConfig tunes the HTTP server.
type HTTPConfig struct {
	MaxBodyBytes int64 // larger request bodies get 413
	// AllowedOrigins may call the API from a browser and embed the page,
	// besides the page's own origin.
	AllowedOrigins []string
	// ClientIPHeader names the header a reverse proxy puts the client's
	// address in; it is believed from TrustedProxies only.
	ClientIPHeader string
	TrustedProxies []string
	// Timeouts: reading a whole request, writing an answer, and keeping an
	// idle connection open.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes                         int
}

func defaultHTTP() HTTPConfig {
	return HTTPConfig{MaxBodyBytes: 64 << 10, ReadTimeout: 15 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 30 * time.Second, MaxHeaderBytes: 16 << 10}
}

type httpFile struct {
	MaxBodyBytes   *int64   `toml:"max_body_bytes"`
	AllowedOrigins []string `toml:"allowed_origins"`
	ClientIPHeader *string  `toml:"client_ip_header"`
	TrustedProxies []string `toml:"trusted_proxies"`
	ReadTimeout    *string  `toml:"read_timeout"`
	WriteTimeout   *string  `toml:"write_timeout"`
	IdleTimeout    *string  `toml:"idle_timeout"`
	MaxHeaderBytes *int     `toml:"max_header_bytes"`
}

func (f httpFile) apply(c *Config) error {
	h := &c.HTTP
	set(&h.MaxBodyBytes, f.MaxBodyBytes)
	if b := h.MaxBodyBytes; b < 1<<10 || b > 64<<20 {
		return fmt.Errorf("http.max_body_bytes: must be between 1024 and %d, got %d", 64<<20, b)
	}
	for i, o := range f.AllowedOrigins {
		norm, err := web.NormalizeOrigin(o)
		if err != nil {
			return fmt.Errorf("http.allowed_origins[%d]: %w", i, err)
		}
		h.AllowedOrigins = append(h.AllowedOrigins, norm)
	}
	set(&h.ClientIPHeader, f.ClientIPHeader)
	if len(f.TrustedProxies) > 0 {
		h.TrustedProxies = f.TrustedProxies
	}
	switch h.ClientIPHeader {
	case "", "X-Forwarded-For", "X-Real-IP", "CF-Connecting-IP", "True-Client-IP", "Fly-Client-IP":
	default:
		return fmt.Errorf("http.client_ip_header: want X-Forwarded-For, X-Real-IP, CF-Connecting-IP, True-Client-IP, Fly-Client-IP or \"\", got %q", h.ClientIPHeader)
	}
	if _, err := limit.NewClients(h.ClientIPHeader, h.TrustedProxies); err != nil {
		return fmt.Errorf("http.trusted_proxies: %w", err)
	}
	set(&h.MaxHeaderBytes, f.MaxHeaderBytes)
	if n := h.MaxHeaderBytes; n < 4<<10 || n > 1<<20 {
		return fmt.Errorf("http.max_header_bytes: must be between 4096 and %d, got %d", 1<<20, n)
	}
	return applyDurations([]duration{
		{"http.read_timeout", f.ReadTimeout, &h.ReadTimeout, time.Second, 10 * time.Minute},
		{"http.write_timeout", f.WriteTimeout, &h.WriteTimeout, time.Second, 10 * time.Minute},
		{"http.idle_timeout", f.IdleTimeout, &h.IdleTimeout, time.Second, time.Hour},
	})
}

// RateLimitConfig is what one client may ask of the public server. A zero
// is no limit. SUPPORTBOT_RATE_LIMIT=off lifts them all (the lock-outs of
// [verification] stay).
type RateLimitConfig struct {
	ClientRequestsPerMinute    int // API requests per client address
	ConversationTurnsPerMinute int // chat turns per web conversation
	ClientFailedChecksPerHour  int // failed or refused identity checks per client address
	ConnectionsPerClient       int // open connections per client address
}

func defaultRateLimit() RateLimitConfig {
	return RateLimitConfig{ClientRequestsPerMinute: 240, ConversationTurnsPerMinute: 30,
		ClientFailedChecksPerHour: 20, ConnectionsPerClient: 64}
}

type rateLimitFile struct {
	ClientRequestsPerMinute    *int `toml:"client_requests_per_minute"`
	ConversationTurnsPerMinute *int `toml:"conversation_turns_per_minute"`
	ClientFailedChecksPerHour  *int `toml:"client_failed_checks_per_hour"`
	ConnectionsPerClient       *int `toml:"connections_per_client"`
}

func (f rateLimitFile) apply(c *Config) error {
	r := &c.RateLimit
	for _, k := range []struct {
		key string
		src *int
		dst *int
	}{
		{"rate_limit.client_requests_per_minute", f.ClientRequestsPerMinute, &r.ClientRequestsPerMinute},
		{"rate_limit.conversation_turns_per_minute", f.ConversationTurnsPerMinute, &r.ConversationTurnsPerMinute},
		{"rate_limit.client_failed_checks_per_hour", f.ClientFailedChecksPerHour, &r.ClientFailedChecksPerHour},
		{"rate_limit.connections_per_client", f.ConnectionsPerClient, &r.ConnectionsPerClient},
	} {
		set(k.dst, k.src)
		if *k.dst < 0 || *k.dst > 1_000_000 {
			return fmt.Errorf("%s: must be between 0 (no limit) and 1000000, got %d", k.key, *k.dst)
		}
	}
	return nil
}

// RateLimitSwitch reads SUPPORTBOT_RATE_LIMIT: "off" lifts the per-client
// and per-conversation limits, for load tests driven from one address.
func RateLimitSwitch(getenv func(string) string) (on bool, err error) {
	switch v := getenv("SUPPORTBOT_RATE_LIMIT"); v {
	case "", "on":
		return true, nil
	case "off":
		return false, nil
	default:
		return false, fmt.Errorf("SUPPORTBOT_RATE_LIMIT: want on or off, got %q", v)
	}
}

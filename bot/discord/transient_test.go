package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Issue 12: what at start is worth trying again (Discord's API or gateway
// unreachable or failing for a moment) and what stops serve (a rejected
// token, refused intents).
func TestTransient(t *testing.T) {
	rest := func(code int) error {
		return &discordgo.RESTError{Response: &http.Response{StatusCode: code, Status: http.StatusText(code)}}
	}
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"unreachable", fmt.Errorf("discord: %w", &url.Error{Op: "Get", URL: "x", Err: errors.New("connection refused")}), true},
		{"timeout", context.DeadlineExceeded, true},
		{"server error", rest(502), true},
		{"rate limited", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{}}}, true},
		{"gateway closed for another reason", &websocket.CloseError{Code: 4000}, true},
		{"gateway handshake failed", websocket.ErrBadHandshake, true},
		{"token rejected", fmt.Errorf("discord: check the bot token: %w", rest(401)), false},
		{"gateway: authentication failed", fmt.Errorf("discord: open the gateway: %w", &websocket.CloseError{Code: 4004}), false},
		{"gateway: intents refused", &websocket.CloseError{Code: 4014}, false},
		{"bad setting", errors.New("discord: no bot token"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Transient(tt.err); got != tt.want {
				t.Errorf("Transient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

package slack

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
)

// Issue 12: what at start is worth trying again (Slack unreachable or
// failing for a moment) and what stops serve (a token Slack rejects).
func TestTransient(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"unreachable", fmt.Errorf("slack: auth.test: %w", &url.Error{Op: "Post", URL: "x", Err: errors.New("no such host")}), true},
		{"timeout", context.DeadlineExceeded, true},
		{"server error", slackapi.StatusCodeError{Code: 503, Status: "503 Service Unavailable"}, true},
		{"429 without Retry-After", slackapi.StatusCodeError{Code: 429}, true},
		{"rate limited", &slackapi.RateLimitedError{RetryAfter: time.Second}, true},
		{"slack's own trouble", slackapi.SlackErrorResponse{Err: "internal_error"}, true},
		{"token rejected", fmt.Errorf("slack: auth.test: %w", slackapi.SlackErrorResponse{Err: "invalid_auth"}), false},
		{"token revoked", slackapi.SlackErrorResponse{Err: "token_revoked"}, false},
		{"bad setting", errors.New("slack: no support channel"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Transient(tt.err); got != tt.want {
				t.Errorf("Transient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

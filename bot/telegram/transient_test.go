package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Issue 12: what at start is worth trying again (the API unreachable or
// failing for a moment) and what stops serve (a rejected token).
func TestTransient(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want bool
	}{
		{"unreachable", fmt.Errorf("telegram: getMe: %w", &url.Error{Op: "Post", URL: "x", Err: errors.New("connection refused")}), true},
		{"timeout", fmt.Errorf("telegram: getMe: %w", context.DeadlineExceeded), true},
		{"a proxy's error page", fmt.Errorf("telegram: getMe: %w", &json.SyntaxError{}), true},
		{"server error", &tgbotapi.Error{Code: 502, Message: "Bad Gateway"}, true},
		{"flood control", &tgbotapi.Error{Code: 429, Message: "Too Many Requests"}, true},
		{"token rejected", fmt.Errorf("telegram: getMe: %w", &tgbotapi.Error{Code: 401, Message: "Unauthorized"}), false},
		{"token of the wrong shape", &tgbotapi.Error{Code: 404, Message: "Not Found"}, false},
		{"bad setting", errors.New("telegram: no bot token"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := Transient(tt.err); got != tt.want {
				t.Errorf("Transient(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

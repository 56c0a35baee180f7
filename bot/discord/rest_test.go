package discord

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestScrubHidesURLs(t *testing.T) {
	const secret = "aW50ZXJhY3Rpb24tdG9rZW4"
	u := "https://discord.com/api/v9/webhooks/1/" + secret
	rl := &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{
		TooManyRequests: &discordgo.TooManyRequests{RetryAfter: time.Second}, URL: u,
	}}
	tests := []struct {
		name string
		err  error
		is   error
	}{
		{name: "transport error", err: &url.Error{Op: "Post", URL: u, Err: errors.New("connection refused")}},
		{name: "rate limit", err: rl, is: ErrRateLimited},
		{name: "REST error", err: &discordgo.RESTError{
			Request: &http.Request{URL: &url.URL{Path: "/webhooks/1/" + secret}}, Response: &http.Response{Status: "401 Unauthorized"},
			ResponseBody: []byte(`{"message": "Invalid Webhook Token", "code": 50027}`),
			Message:      &discordgo.APIErrorMessage{Code: 50027, Message: "Invalid Webhook Token"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scrub(tt.err)
			if strings.Contains(got.Error(), secret) {
				t.Errorf("scrub(err) = %q shows the token", got)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("scrub(err) does not unwrap to the original error")
			}
			if tt.is != nil && !errors.Is(got, tt.is) {
				t.Errorf("scrub(err) is not %v", tt.is)
			}
		})
	}
}

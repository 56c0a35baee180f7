package discord

import (
	"context"
	"errors"
	"net"
	"net/url"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Transient reports whether an error of New or Run may go away by itself —
// Discord's API or gateway unreachable, a timeout, a 5xx, a rate limit, a
// gateway closed for another reason — rather than a refusal to retry in
// vain: a rejected token (401, gateway close 4004) or intents the
// application may not use (close 4014), a bad setting.
func Transient(err error) bool {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code != closeAuthenticationFailed && ce.Code != closeDisallowedIntents
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return true
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode == 429 || re.Response.StatusCode >= 500
	}
	var (
		ue *url.Error
		ne net.Error
	)
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, websocket.ErrBadHandshake)
}

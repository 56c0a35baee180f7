package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/url"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Transient reports whether an error of New (or of a call to the Bot API)
// may go away by itself — the API unreachable, a timeout, a 5xx or a 429,
// an answer that is not the API's JSON (a proxy's error page) — rather
// than a refusal to retry in vain: a rejected token (401, or 404 for a
// token of the wrong shape), a bad setting.
func Transient(err error) bool {
	var apiErr *tgbotapi.Error
	if errors.As(err, &apiErr) {
		return apiErr.Code == 429 || apiErr.Code >= 500
	}
	var (
		ue  *url.Error
		ne  net.Error
		syn *json.SyntaxError
	)
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.As(err, &syn) ||
		errors.Is(err, context.DeadlineExceeded)
}

package slack

import (
	"context"
	"errors"
	"net"
	"net/url"

	slackapi "github.com/slack-go/slack"
)

// Transient reports whether an error of New may go away by itself — Slack
// unreachable, a timeout, a 5xx, a rate limit, Slack's own transient
// errors — rather than a refusal to retry in vain: a token Slack rejects
// (invalid_auth, token_revoked…), a bad setting.
func Transient(err error) bool {
	if _, ok := errors.AsType[*slackapi.RateLimitedError](err); ok {
		return true
	}
	if sc, ok := errors.AsType[slackapi.StatusCodeError](err); ok {
		return sc.Code == 429 || sc.Code >= 500
	}
	if se, ok := errors.AsType[slackapi.SlackErrorResponse](err); ok {
		return transientErrors[se.Err]
	}
	var (
		ue *url.Error
		ne net.Error
	)
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded)
}

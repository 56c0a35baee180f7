package discord

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"supportbot/bot"
	"supportbot/bot/delivery"
	"supportbot/storage"
)

var _ delivery.Transport = (*Bot)(nil)

// defaultRetryAfter is the wait after a 429 that names none (no
// retry_after in the body, no Retry-After header): a rate limit is never a
// reason to give a message up.
const defaultRetryAfter = time.Second

// Deliver posts one outbox message (a bot.OutboxPayload) in its
// conversation's channel, once: the delivery worker retries. A 429 comes
// back as a *delivery.RetryAfterError for this conversation alone, so that
// the worker waits what Discord asked (or a second when it said nothing)
// without counting an attempt; a refusal Discord will repeat (the channel
// is gone, the customer blocks DMs) is permanent.
//
// Each piece is posted with a nonce made from the message's idempotency
// key and enforce_nonce, so that Discord answers a retry after an unknown
// outcome with the message already created instead of a second one. A
// reply split in pieces is sent again from its first piece; the pieces
// already posted are the ones Discord finds by their nonce.
func (b *Bot) Deliver(ctx context.Context, m storage.OutboxMessage) error {
	var pl bot.OutboxPayload
	if err := json.Unmarshal([]byte(m.Payload), &pl); err != nil {
		return delivery.Permanent(fmt.Errorf("discord: outbox payload %d: %w", m.ID, err))
	}
	p, err := parsePlace(pl.ConversationID)
	if err != nil {
		return delivery.Permanent(fmt.Errorf("discord: outbox message %d: %w", m.ID, err))
	}
	for i, out := range b.messages(p, pl.Lang, []bot.Reply{pl.Reply}) {
		if err := b.postOnce(ctx, p, out, i == 0, nonce(m.IdemKey, i)); err != nil {
			return deliverOutcome(err)
		}
	}
	return nil
}

// messageCreate is a message to create with the nonce Discord dedupes on,
// which discordgo v0.28.1's MessageSend does not carry.
type messageCreate struct {
	*discordgo.MessageSend
	Nonce        string `json:"nonce,omitempty"`
	EnforceNonce bool   `json:"enforce_nonce,omitempty"`
}

// postOnce posts one message in the place's channel, without waiting on a
// 429: the worker does. In the support channel the first piece of each
// reply mentions the customer, who is notified.
func (b *Bot) postOnce(ctx context.Context, p place, m outgoing, first bool, nonce string) error {
	allowed := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	send := &discordgo.MessageSend{Content: m.content, Components: m.components, AllowedMentions: allowed}
	if p.userID != "" {
		allowed.Users = []string{p.userID}
		if first {
			send.Content = mention(p.userID) + send.Content
		}
	}
	if err := b.limiter.Wait(ctx); err != nil {
		return err
	}
	endpoint := discordgo.EndpointChannelMessages(p.channelID)
	_, err := b.s.RequestWithBucketID(http.MethodPost, endpoint,
		messageCreate{MessageSend: send, Nonce: nonce, EnforceNonce: nonce != ""}, endpoint, discordgo.WithContext(ctx))
	return err
}

// nonce is the nonce of piece i of an outbox message: at most 25
// characters, as Discord allows, the same on every retry.
func nonce(idemKey string, i int) string {
	if idemKey == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(idemKey))
	return base64.RawURLEncoding.EncodeToString(sum[:15]) + "." + strconv.Itoa(i%100)
}

// deliverOutcome tells the delivery worker what a failed post means.
func deliverOutcome(err error) error {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		wait := rl.RetryAfter
		if wait <= 0 {
			wait = defaultRetryAfter
		}
		return &delivery.RetryAfterError{Wait: wait, Err: scrub(err)}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		switch code := re.Response.StatusCode; {
		case code == http.StatusTooManyRequests:
			return &delivery.RetryAfterError{Wait: defaultRetryAfter, Err: scrub(err)}
		case code == http.StatusBadRequest, code == http.StatusForbidden, code == http.StatusNotFound:
			// A message Discord refuses as written, a channel gone, a
			// customer who closed their DMs: sending again changes nothing.
			return delivery.Permanent(fmt.Errorf("discord: %w", scrub(err)))
		}
	}
	return fmt.Errorf("discord: %w", scrub(err))
}

// rateLimitBody makes every 429 reach discordgo as Discord's own JSON,
// with retry_after: a 429 whose body is not that JSON (a proxy's page)
// would otherwise fail to decode and count as a failure, and one whose
// body names no delay gets the Retry-After header's.
type rateLimitBody struct{ next http.RoundTripper }

func (t rateLimitBody) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests {
		return resp, err
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	var body struct {
		Message    string  `json:"message"`
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	if json.Unmarshal(raw, &body) != nil || body.RetryAfter <= 0 {
		if s, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil && s > 0 {
			body.RetryAfter = s
		}
		if body.Message == "" {
			body.Message = "You are being rate limited."
		}
		raw, _ = json.Marshal(body)
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	resp.ContentLength = int64(len(raw))
	resp.Header.Set("Content-Type", "application/json")
	return resp, nil
}

// withRateLimitBody returns a copy of c whose transport goes through
// rateLimitBody.
func withRateLimitBody(c *http.Client) *http.Client {
	cc := *c
	next := cc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cc.Transport = rateLimitBody{next: next}
	return &cc
}

package telegram

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// secretHeader carries the webhook's secret_token on every delivery.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler receives updates in webhook mode; serve it at
// POST /telegram/webhook, the path of WebhookURL.
//
// A request without the configured secret in X-Telegram-Bot-Api-Secret-Token
// gets 401 and changes nothing. A valid update is recorded as processed
// and queued behind its chat's earlier updates, and the request answered
// 200 at once: Telegram waits for the answer before sending the chat's next
// update, and retries one answered late. A redelivered update is answered
// 200 and not handled again. When the queue is full or the bot is stopping
// it answers 503 with Retry-After, before recording anything, so Telegram
// delivers the update again later.
func (b *Bot) WebhookHandler() http.Handler { return http.HandlerFunc(b.serveWebhook) }

func (b *Bot) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !b.secretMatches(r.Header.Get(secretHeader)) {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if b.stopping.Load() {
		retryLater(w)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, b.cfg.Limits.WebhookBytes))
	if err != nil {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "could not read the update", http.StatusBadRequest)
		return
	}
	u, err := decodeUpdate(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !b.queue.tryReserve() {
		b.log.WarnContext(r.Context(), "telegram: webhook update deferred, queue full", "update", u.UpdateID)
		retryLater(w)
		return
	}
	done, err := b.accept(r.Context(), u, true)
	if err != nil {
		b.log.ErrorContext(r.Context(), "telegram: webhook update not taken in", "update", u.UpdateID, "err", err)
		http.Error(w, "try again later", http.StatusInternalServerError)
		return
	}
	// Confirmed once handled: an update whose turn did not commit before
	// the process died is sent again by Telegram.
	select {
	case <-done:
		w.WriteHeader(http.StatusOK)
	case <-r.Context().Done():
	}
}

// secretMatches compares in constant time, hashing first so that not
// even the secret's length shows in the timing.
func (b *Bot) secretMatches(got string) bool {
	if b.cfg.WebhookSecret == "" {
		return false
	}
	want := sha256.Sum256([]byte(b.cfg.WebhookSecret))
	have := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(want[:], have[:]) == 1
}

func retryLater(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "5")
	http.Error(w, "busy, try again later", http.StatusServiceUnavailable)
}

// decodeUpdate parses a webhook request's body.
func decodeUpdate(body []byte) (tgbotapi.Update, error) {
	var u tgbotapi.Update
	if err := json.Unmarshal(body, &u); err != nil {
		return tgbotapi.Update{}, errors.New("malformed update JSON")
	}
	if u.UpdateID <= 0 {
		return tgbotapi.Update{}, errors.New("update without update_id")
	}
	return u, nil
}

// setWebhook registers the webhook with its secret. v5.5.1's WebhookConfig
// has no secret_token field, so the call is made with MakeRequest. Network
// failures, server errors and 429s are retried until ctx is done; a refusal
// (a bad URL) is returned.
func (b *Bot) setWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{
		"url":             b.cfg.WebhookURL,
		"secret_token":    b.cfg.WebhookSecret,
		"allowed_updates": string(allowed),
	}
	for attempt := 1; ; attempt++ {
		callCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
		_, err := b.api(callCtx).MakeRequest("setWebhook", params)
		cancel()
		if err == nil {
			b.cfg.OnHealth(nil)
			b.log.InfoContext(ctx, "telegram: webhook set")
			return nil
		}
		if ctx.Err() != nil {
			return nil // stopped before the webhook was set
		}
		wait, retry := b.retryWait(err, attempt)
		if !retry {
			return fmt.Errorf("telegram: setWebhook: %w", err)
		}
		b.cfg.OnHealth(fmt.Errorf("telegram: setWebhook: %w", err))
		b.log.WarnContext(ctx, "telegram: setWebhook failed, retrying", "wait", wait, "err", err)
		if sleep(ctx, wait) != nil {
			return nil
		}
	}
}

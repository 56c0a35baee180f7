package bot

import (
	"context"
	"errors"
	"fmt"
	"supportbot/storage"
)

// Messages returns the transcript lines of a conversation after afterID, for
// the web page to pick up an agent's replies.
func (e *Engine) Messages(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	msgs, err := e.store.MessagesAfter(ctx, conversationID, afterID)
	if err != nil {
		return nil, fmt.Errorf("messages of %s: %w", conversationID, err)
	}
	return msgs, nil
}

// Logout unlinks a platform user from their customer record (Telegram's
// /logout): the next conversation asks for proof again. The conversation
// itself forgets the customer too.
func (e *Engine) Logout(ctx context.Context, conversationID, channel, userID string) error {
	unlock := e.locks.lock(conversationID)
	defer unlock()
	// The link and the conversation's customer go together, or a crash
	// between them would leave the conversation verified without a link.
	err := e.store.WithTx(ctx, func(ctx context.Context) error {
		if err := e.lockAcross(ctx, conversationID); err != nil {
			return err
		}
		return e.logout(ctx, conversationID, channel, userID)
	})
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

func (e *Engine) logout(ctx context.Context, conversationID, channel, userID string) error {
	if err := e.store.UnlinkIdentity(ctx, channel, userID); err != nil {
		return err
	}
	conv, err := e.store.Conversation(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	conv.CustomerID = 0
	d, _ := decodeDialogue(conv.State)
	d.forget()
	d.forgetProof()
	conv.State = d.encode()
	conv.UpdatedAt = e.now()
	_, err = e.store.SaveTurn(ctx, conv, nil)
	return err
}

// SetLanguage sets the language the bot speaks in a conversation, as a
// channel's /language command asks; the customer's own words may change it
// again later.
func (e *Engine) SetLanguage(ctx context.Context, conversationID, channel, lang string) error {
	if !e.texts.Speaks(lang) {
		return fmt.Errorf("set language: %w: unknown language %q", ErrBadMessage, lang)
	}
	unlock := e.locks.lock(conversationID)
	defer unlock()
	conv, err := e.store.Conversation(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		conv = storage.Conversation{ID: conversationID, Channel: channel, CreatedAt: e.now()}
	} else if err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	conv.Lang, conv.UpdatedAt = lang, e.now()
	if _, err := e.store.SaveTurn(ctx, conv, nil); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	return nil
}

// InHandoff reports whether a person has the conversation (or it waits for
// one), for a web page that polls for the agent's replies.
func (e *Engine) InHandoff(ctx context.Context, conversationID string) (bool, error) {
	conv, err := e.store.Conversation(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("hand-off state of %s: %w", conversationID, err)
	}
	return conv.Handoff == storage.HandoffRequested || conv.Handoff == storage.HandoffWithAgent, nil
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// Conversation returns the stored conversation, or storage.ErrNotFound.
func (db *DB) Conversation(ctx context.Context, id string) (storage.Conversation, error) {
	var c storage.Conversation
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT id, channel, lang, customer_id, handoff, state, created_at, updated_at
			FROM conversations WHERE id = $1`, id).Scan(&c.ID, &c.Channel, &c.Lang, optionalID(&c.CustomerID),
			&c.Handoff, &c.State, at(&c.CreatedAt), at(&c.UpdatedAt))
	})
	if err != nil {
		return storage.Conversation{}, fmt.Errorf("conversation: %w", notFound(err))
	}
	return c, nil
}

// SaveTurn writes the conversation, creating it if new (its CreatedAt then
// defaults to now; an existing conversation keeps its own), and appends
// the turn's messages to the transcript, all in one transaction. UpdatedAt
// and each message's At default to now; a message's ConversationID to the
// conversation's. It returns the messages with their IDs set.
func (db *DB) SaveTurn(ctx context.Context, c storage.Conversation, msgs []storage.Message) ([]storage.Message, error) {
	if c.ID == "" {
		return nil, fmt.Errorf("save turn: empty conversation ID")
	}
	now := db.now()
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = now
	}
	out, err := turnMessages(c.ID, msgs, now)
	if err != nil {
		return nil, fmt.Errorf("save turn: %w", err)
	}
	// The statements go in one round trip. The first locks the
	// conversation's row until the commit, before the messages draw their
	// IDs: the messages of a conversation are numbered in the order they
	// commit, so that a reader of MessagesAfter — the web chat polling any
	// replica — never sees message n+1 before message n.
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO conversations (id, channel, lang, customer_id, handoff, state,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, lang = excluded.lang,
			customer_id = excluded.customer_id, handoff = excluded.handoff, state = excluded.state,
			updated_at = excluded.updated_at`,
		c.ID, c.Channel, c.Lang, nullID(c.CustomerID), c.Handoff, c.State, stamp(c.CreatedAt), stamp(c.UpdatedAt))
	for i := range out {
		m := &out[i]
		b.Queue(`INSERT INTO messages (conversation_id, sender, author, text, intent, confidence, at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			m.ConversationID, m.From, m.Author, m.Text, m.Intent, m.Confidence, m.At).
			QueryRow(func(row pgx.Row) error { return row.Scan(&m.ID) })
	}
	if err := db.sendBatch(ctx, b); err != nil {
		return nil, fmt.Errorf("save turn: %w", err)
	}
	return out, nil
}

// turnMessages copies a turn's messages with their defaults applied.
func turnMessages(conversationID string, msgs []storage.Message, now time.Time) ([]storage.Message, error) {
	out := make([]storage.Message, len(msgs))
	copy(out, msgs)
	for i := range out {
		if out[i].ConversationID == "" {
			out[i].ConversationID = conversationID
		}
		if out[i].ConversationID != conversationID {
			return nil, fmt.Errorf("message %d belongs to another conversation", i)
		}
		if out[i].At.IsZero() {
			out[i].At = now
		}
		out[i].At = stamp(out[i].At)
	}
	return out, nil
}

const messageColumns = `id, conversation_id, sender, author, text, intent, confidence, at`

// Transcript returns the conversation's last limit messages, oldest first;
// a limit of 0 or less returns them all.
func (db *DB) Transcript(ctx context.Context, conversationID string, limit int) ([]storage.Message, error) {
	query := `SELECT ` + messageColumns + ` FROM messages WHERE conversation_id = $1 ORDER BY id`
	args := []any{conversationID}
	if limit > 0 {
		query = `SELECT ` + messageColumns + ` FROM (SELECT ` + messageColumns + ` FROM messages
			WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2) AS last ORDER BY id`
		args = append(args, limit)
	}
	msgs, err := db.messages(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return msgs, nil
}

// MessagesAfter returns the conversation's messages with an ID above
// afterID, oldest first: what an agent desk has not relayed yet, or what
// the web chat has not shown, whichever replica it asks.
func (db *DB) MessagesAfter(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	msgs, err := db.messages(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = $1 AND id > $2 ORDER BY id`, conversationID, afterID)
	if err != nil {
		return nil, fmt.Errorf("messages after %d: %w", afterID, err)
	}
	return msgs, nil
}

func (db *DB) messages(ctx context.Context, query string, args ...any) ([]storage.Message, error) {
	var msgs []storage.Message
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		msgs, err = collect(rows, scanMessage)
		return err
	})
	return msgs, err
}

func scanMessage(row pgx.CollectableRow) (storage.Message, error) {
	var m storage.Message
	err := row.Scan(&m.ID, &m.ConversationID, &m.From, &m.Author, &m.Text, &m.Intent, &m.Confidence, at(&m.At))
	return m, err
}

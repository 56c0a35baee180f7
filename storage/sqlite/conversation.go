package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"supportbot/storage"
)

// Conversation returns the stored conversation, or storage.ErrNotFound.
func (db *DB) Conversation(ctx context.Context, id string) (storage.Conversation, error) {
	var c storage.Conversation
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT id, channel, lang, customer_id, handoff, state, created_at, updated_at
		FROM conversations WHERE id = ?`, id).Scan(&c.ID, &c.Channel, &c.Lang, optionalID(&c.CustomerID),
		&c.Handoff, &c.State, at(&c.CreatedAt), at(&c.UpdatedAt))
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
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// Most turns change neither the channel nor the customer: updating
		// only what changes spares the index on the customer, which SQLite
		// rewrites whenever its column is set, even to the same value.
		res, err := tx.ExecContext(ctx, `UPDATE conversations SET lang = ?, handoff = ?, state = ?, updated_at = ?
			WHERE id = ? AND channel = ? AND customer_id IS ?`,
			c.Lang, c.Handoff, c.State, encodeTime(c.UpdatedAt), c.ID, c.Channel, nullID(c.CustomerID))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO conversations (id, channel, lang, customer_id, handoff, state,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, lang = excluded.lang,
				customer_id = excluded.customer_id, handoff = excluded.handoff, state = excluded.state,
				updated_at = excluded.updated_at`,
				c.ID, c.Channel, c.Lang, nullID(c.CustomerID), c.Handoff, c.State,
				encodeTime(c.CreatedAt), encodeTime(c.UpdatedAt))
			if err != nil {
				return err
			}
		}
		return insertMessages(ctx, tx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("save turn: %w", err)
	}
	return out, nil
}

// insertMessages inserts a turn's messages and sets their IDs.
//
// A turn's messages (the customer's and the replies, two to four) go in as
// one multi-row INSERT: each statement costs a call into SQLite, its
// binding and database/sql's bookkeeping, more than the row it adds. The
// IDs follow from the last one: messages.id is the table's rowid, which
// SQLite gives as one more than the largest so far, row after row, and the
// unit of work holds the only writer, so one statement's rows take
// consecutive IDs.
func insertMessages(ctx context.Context, tx *sql.Tx, out []storage.Message) error {
	for len(out) > 0 {
		n := min(len(out), maxMessagesPerInsert)
		if err := insertMessageRows(ctx, tx, out[:n]); err != nil {
			return err
		}
		out = out[n:]
	}
	return nil
}

// maxMessagesPerInsert keeps a statement's parameters (7 a message) well
// under SQLite's limit, and the statements few: one for each count of rows.
const maxMessagesPerInsert = 16

// insertMessagesSQL[n] is the statement inserting n messages.
var insertMessagesSQL = func() (q [maxMessagesPerInsert + 1]string) {
	const row = `(?, ?, ?, ?, ?, ?, ?)`
	for n := 1; n <= maxMessagesPerInsert; n++ {
		q[n] = `INSERT INTO messages (conversation_id, sender, author, text, intent, confidence, at) VALUES ` +
			strings.Repeat(row+", ", n-1) + row
	}
	return q
}()

func insertMessageRows(ctx context.Context, tx *sql.Tx, rows []storage.Message) error {
	args := make([]any, 0, 7*len(rows))
	for i := range rows {
		m := &rows[i]
		args = append(args, m.ConversationID, m.From, m.Author, m.Text, m.Intent, m.Confidence, encodeTime(m.At))
	}
	res, err := tx.ExecContext(ctx, insertMessagesSQL[len(rows)], args...)
	if err != nil {
		return err
	}
	last, err := res.LastInsertId()
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].ID = last - int64(len(rows)-1-i)
	}
	return nil
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
		out[i].At = out[i].At.UTC()
	}
	return out, nil
}

const messageColumns = `id, conversation_id, sender, author, text, intent, confidence, at`

// Transcript returns the conversation's last limit messages, oldest first;
// a limit of 0 or less returns them all.
func (db *DB) Transcript(ctx context.Context, conversationID string, limit int) ([]storage.Message, error) {
	query := `SELECT ` + messageColumns + ` FROM messages WHERE conversation_id = +? ORDER BY id`
	args := []any{conversationID}
	if limit > 0 {
		query = `SELECT ` + messageColumns + ` FROM (SELECT ` + messageColumns + ` FROM messages
			WHERE conversation_id = +? ORDER BY id DESC LIMIT ?) AS last ORDER BY id`
		args = append(args, limit)
	}
	msgs, err := db.messages(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("transcript: %w", err)
	}
	return msgs, nil
}

// MessagesAfter returns the conversation's messages with an ID above
// afterID, oldest first: what an agent desk has not relayed yet.
func (db *DB) MessagesAfter(ctx context.Context, conversationID string, afterID int64) ([]storage.Message, error) {
	msgs, err := db.messages(ctx, `SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = +? AND id > ? ORDER BY id`, conversationID, afterID)
	if err != nil {
		return nil, fmt.Errorf("messages after %d: %w", afterID, err)
	}
	return msgs, nil
}

func (db *DB) messages(ctx context.Context, query string, args ...any) ([]storage.Message, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var msgs []storage.Message
	for rows.Next() {
		var m storage.Message
		if err := rows.Scan(&m.ID, &m.ConversationID, &m.From, &m.Author, &m.Text, &m.Intent,
			&m.Confidence, at(&m.At)); err != nil {
			return nil, err
		}
		msgs = append(msgs, m)
	}
	return msgs, rows.Err()
}

// OpenConversations returns the IDs of a channel's conversations that are
// still open — written in at or after since, or with a hand-off not yet
// resolved — newest first, at most limit. A channel adapter reads back
// what was said in them while it was away (Discord's DMs).
func (db *DB) OpenConversations(ctx context.Context, channel string, since time.Time, limit int) ([]string, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT id FROM (
			SELECT id, updated_at FROM conversations WHERE channel = +? AND updated_at >= ?
			UNION
			SELECT id, updated_at FROM conversations WHERE channel = +? AND handoff IN (?, ?))
		ORDER BY updated_at DESC LIMIT ?`,
		channel, sinceTime(since), channel, storage.HandoffRequested, storage.HandoffWithAgent, limit)
	if err != nil {
		return nil, fmt.Errorf("open conversations: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("open conversations: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("open conversations: %w", err)
	}
	return ids, nil
}

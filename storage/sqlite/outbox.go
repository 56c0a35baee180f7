package sqlite

import (
	"context"
	"fmt"
	"time"

	"supportbot/storage"
)

// Enqueue adds messages to the outbox, in order, where ctx writes: within
// a unit of work (WithTx) they are committed with it, or not at all.
// CreatedAt and NextAt default to now, IdemKey to a random reference.
func (db *DB) Enqueue(ctx context.Context, msgs []storage.OutboxMessage) error {
	now := db.now()
	for _, m := range msgs {
		if m.CreatedAt.IsZero() {
			m.CreatedAt = now
		}
		if m.NextAt.IsZero() {
			m.NextAt = m.CreatedAt
		}
		if m.IdemKey == "" {
			m.IdemKey = newRef("ob-")
		}
		_, err := db.exec(ctx, `INSERT INTO outbox (channel, recipient, kind, payload, idem_key, state,
			attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
			m.Channel, m.Recipient, m.Kind, m.Payload, m.IdemKey, encodeTime(m.NextAt), encodeTime(m.CreatedAt))
		if err != nil {
			return fmt.Errorf("enqueue: %w", err)
		}
	}
	return nil
}

const outboxColumns = `id, channel, recipient, kind, payload, idem_key, state, attempts, next_at,
	last_error, created_at, done_at`

// DueOutbox returns, for each recipient of a channel with pending
// messages, its oldest pending message, when that one is due by now:
// later messages of a recipient wait for the ones before them, so order
// is kept per recipient while recipients go on independently.
func (db *DB) DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]storage.OutboxMessage, error) {
	out, err := db.queryOutbox(ctx, `WHERE state = 'pending' AND channel = +? AND next_at <= ?
		AND id = (SELECT MIN(id) FROM outbox AS h WHERE h.state = 'pending' AND h.channel = o.channel
			AND h.recipient = o.recipient)
		ORDER BY id LIMIT ?`, channel, encodeTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	return out, nil
}

// OutboxMessages returns a channel's messages in any state, oldest first:
// for tests and operators.
func (db *DB) OutboxMessages(ctx context.Context, channel string) ([]storage.OutboxMessage, error) {
	out, err := db.queryOutbox(ctx, `WHERE channel = +? ORDER BY id`, channel)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// queryOutbox reads the outbox rows (table alias o) that the rest of the
// query (where, order, limit) selects.
func (db *DB) queryOutbox(ctx context.Context, rest string, args ...any) ([]storage.OutboxMessage, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox AS o `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []storage.OutboxMessage
	for rows.Next() {
		var m storage.OutboxMessage
		if err := rows.Scan(&m.ID, &m.Channel, &m.Recipient, &m.Kind, &m.Payload, &m.IdemKey, &m.State,
			&m.Attempts, at(&m.NextAt), &m.LastError, at(&m.CreatedAt), at(&m.DoneAt)); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// OutboxSent records that a message was delivered.
func (db *DB) OutboxSent(ctx context.Context, id int64, at time.Time) error {
	return db.outboxUpdate(ctx, `UPDATE outbox SET state = 'sent', attempts = attempts + 1, done_at = ?
		WHERE id = ? AND state = 'pending'`, encodeTime(at), id)
}

// OutboxRetry records a failed attempt; the message is tried again from
// next. A wait the platform asked for (429) is not an attempt: count it
// false.
func (db *DB) OutboxRetry(ctx context.Context, id int64, next time.Time, count bool, reason string) error {
	inc := 0
	if count {
		inc = 1
	}
	return db.outboxUpdate(ctx, `UPDATE outbox SET attempts = attempts + ?, next_at = ?, last_error = ?
		WHERE id = ? AND state = 'pending'`, inc, encodeTime(next), reason, id)
}

// OutboxDead gives a message up after its last attempt: a dead letter,
// kept for operators, no longer holding back its recipient's later ones.
func (db *DB) OutboxDead(ctx context.Context, id int64, at time.Time, reason string) error {
	return db.outboxUpdate(ctx, `UPDATE outbox SET state = 'dead', attempts = attempts + 1, done_at = ?,
		last_error = ? WHERE id = ? AND state = 'pending'`, encodeTime(at), reason, id)
}

func (db *DB) outboxUpdate(ctx context.Context, query string, args ...any) error {
	if _, err := db.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return nil
}

// PruneOutbox forgets messages sent before a time, returning how many.
// Dead letters are kept for operators.
func (db *DB) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	res, err := db.exec(ctx, `DELETE FROM outbox WHERE state = 'sent' AND done_at < ?`, encodeTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return n, nil
}

// PendingOutbox counts a channel's messages not yet sent nor given up:
// the depth of its queue.
func (db *DB) PendingOutbox(ctx context.Context, channel string) (int, error) {
	var n int
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND channel = ?`,
		channel).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pending outbox: %w", err)
	}
	return n, nil
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// Enqueue adds messages to the outbox, in order, where ctx writes: within
// a unit of work (WithTx) they are committed with it, or not at all.
// CreatedAt and NextAt default to now, IdemKey to a random reference.
func (db *DB) Enqueue(ctx context.Context, msgs []storage.OutboxMessage) error {
	if len(msgs) == 0 {
		return nil
	}
	now := db.now()
	b := &pgx.Batch{}
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
		b.Queue(`INSERT INTO outbox (channel, recipient, kind, payload, idem_key, state, attempts, next_at, created_at)
			VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7)`,
			m.Channel, m.Recipient, m.Kind, m.Payload, m.IdemKey, stamp(m.NextAt), stamp(m.CreatedAt))
	}
	if err := db.sendBatch(ctx, b); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	return nil
}

const outboxColumns = `id, channel, recipient, kind, payload, idem_key, state, attempts, next_at,
	last_error, created_at, done_at`

// DueOutbox returns, for each recipient of a channel with pending
// messages, its oldest pending message, when that one is due by now:
// later messages of a recipient wait for the ones before them, so order
// is kept per recipient while recipients go on independently.
//
// It claims what it returns, for this DB (this replica) until now plus
// OutboxLease: another replica's DueOutbox skips a recipient whose oldest
// message is claimed, so that no two replicas send the same message nor
// two messages of one recipient at once. Rows being claimed by another
// replica at this very moment are skipped (FOR UPDATE SKIP LOCKED) rather
// than waited for. A claim ends with OutboxSent, OutboxRetry or
// OutboxDead, or lapses at its lease: the message of a replica that died
// mid-send is then sent by another (the platform's dedupe by IdemKey
// covers a send that did happen). This replica's own claims do not hide
// its messages from itself: its worker knows what it is sending, and a
// message it read but left for later is returned again.
func (db *DB) DueOutbox(ctx context.Context, channel string, now time.Time, limit int) ([]storage.OutboxMessage, error) {
	lease := db.OutboxLease
	if lease <= 0 {
		lease = DefaultOutboxLease
	}
	now = stamp(now)
	var lim any = limit
	if limit < 0 {
		lim = nil // no limit, as SQLite reads LIMIT -1
	}
	var out []storage.OutboxMessage
	err := db.statement(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `UPDATE outbox AS o SET claimed_by = $2, claimed_until = $4
			WHERE o.id IN (SELECT c.id FROM outbox AS c
				WHERE c.state = 'pending' AND c.channel = $1 AND c.next_at <= $3
				AND (c.claimed_by = '' OR c.claimed_by = $2 OR c.claimed_until <= $3)
				AND c.id = (SELECT MIN(h.id) FROM outbox AS h WHERE h.state = 'pending' AND h.channel = c.channel
					AND h.recipient = c.recipient)
				ORDER BY c.id LIMIT $5 FOR UPDATE SKIP LOCKED)
			AND o.state = 'pending'
			RETURNING `+prefixed("o.", outboxColumns), channel, db.replica, now, now.Add(lease), lim)
		if err != nil {
			return err
		}
		out, err = collect(rows, scanOutbox)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	sortByID(out)
	return out, nil
}

// sortByID puts messages in ID order: RETURNING keeps none.
func sortByID(msgs []storage.OutboxMessage) {
	for i := 1; i < len(msgs); i++ {
		for j := i; j > 0 && msgs[j].ID < msgs[j-1].ID; j-- {
			msgs[j], msgs[j-1] = msgs[j-1], msgs[j]
		}
	}
}

func scanOutbox(row pgx.CollectableRow) (storage.OutboxMessage, error) {
	var m storage.OutboxMessage
	err := row.Scan(&m.ID, &m.Channel, &m.Recipient, &m.Kind, &m.Payload, &m.IdemKey, &m.State,
		&m.Attempts, at(&m.NextAt), &m.LastError, at(&m.CreatedAt), at(&m.DoneAt))
	return m, err
}

// OutboxMessages returns a channel's messages in any state, oldest first:
// for tests and operators.
func (db *DB) OutboxMessages(ctx context.Context, channel string) ([]storage.OutboxMessage, error) {
	var out []storage.OutboxMessage
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE channel = $1 ORDER BY id`, channel)
		if err != nil {
			return err
		}
		out, err = collect(rows, scanOutbox)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	return out, nil
}

// OutboxSent records that a message was delivered, ending its claim.
func (db *DB) OutboxSent(ctx context.Context, id int64, at time.Time) error {
	return db.outboxUpdate(ctx, `UPDATE outbox SET state = 'sent', attempts = attempts + 1, done_at = $1,
		claimed_by = '', claimed_until = NULL WHERE id = $2 AND state = 'pending'`, stamp(at), id)
}

// OutboxRetry records a failed attempt and ends its claim; the message is
// tried again from next, by whichever replica reads it first. A wait the
// platform asked for (429) is not an attempt: count it false.
func (db *DB) OutboxRetry(ctx context.Context, id int64, next time.Time, count bool, reason string) error {
	inc := 0
	if count {
		inc = 1
	}
	return db.outboxUpdate(ctx, `UPDATE outbox SET attempts = attempts + $1, next_at = $2, last_error = $3,
		claimed_by = '', claimed_until = NULL WHERE id = $4 AND state = 'pending'`, inc, stamp(next), reason, id)
}

// OutboxDead gives a message up after its last attempt: a dead letter,
// kept for operators, no longer holding back its recipient's later ones.
func (db *DB) OutboxDead(ctx context.Context, id int64, at time.Time, reason string) error {
	return db.outboxUpdate(ctx, `UPDATE outbox SET state = 'dead', attempts = attempts + 1, done_at = $1,
		last_error = $2, claimed_by = '', claimed_until = NULL WHERE id = $3 AND state = 'pending'`, stamp(at), reason, id)
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
	tag, err := db.exec(ctx, `DELETE FROM outbox WHERE state = 'sent' AND done_at < $1`, stamp(before))
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return tag.RowsAffected(), nil
}

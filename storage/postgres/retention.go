package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// purgeBatch bounds the rows one transaction deletes, so that a large
// purge never holds locks for long.
const purgeBatch = 500

// Purge deletes the records older than the cutoffs, a batch per
// transaction, until none is left or ctx ends. Replicas purging at once
// share the work: each batch skips the rows another is deleting.
func (db *DB) Purge(ctx context.Context, c storage.Cutoffs) (storage.Purged, error) {
	var p storage.Purged
	steps := []struct {
		cutoff time.Time
		run    func(tx pgx.Tx, before time.Time) (int64, error)
	}{
		{c.Attempts, func(tx pgx.Tx, before time.Time) (int64, error) {
			tag, err := tx.Exec(ctx, `DELETE FROM verification_attempts WHERE id IN
				(SELECT id FROM verification_attempts WHERE at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`, before, purgeBatch)
			p.Attempts += tag.RowsAffected()
			return tag.RowsAffected(), err
		}},
		{c.Tickets, func(tx pgx.Tx, before time.Time) (int64, error) { return purgeTickets(ctx, tx, before, &p) }},
		{c.Transcripts, func(tx pgx.Tx, before time.Time) (int64, error) { return purgeConversations(ctx, tx, before, &p) }},
	}
	for _, st := range steps {
		if st.cutoff.IsZero() {
			continue
		}
		before := stamp(st.cutoff)
		for {
			var n int64
			err := db.write(ctx, func(tx pgx.Tx) error {
				var err error
				n, err = st.run(tx, before)
				return err
			})
			if err != nil {
				return p, fmt.Errorf("purge: %w", err)
			}
			if n < purgeBatch {
				break
			}
		}
	}
	return p, nil
}

// purgeTickets deletes a batch of tickets closed (resolved or rejected)
// before a time, with their attachments; hand-offs that pointed at them
// keep no reference.
func purgeTickets(ctx context.Context, tx pgx.Tx, before time.Time, p *storage.Purged) (int64, error) {
	ids, err := ids(ctx, tx, closedTicketsQuery, before, purgeBatch)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	n, err := deleteTickets(ctx, tx, ids)
	if err != nil {
		return 0, err
	}
	p.Attachments += n
	p.Tickets += int64(len(ids))
	return int64(len(ids)), nil
}

// closedTicketsQuery selects a batch ($2) of the tickets closed before $1.
// The statuses are written out, not passed, so that the planner can use the
// partial index of the closed tickets (tickets_closed).
const closedTicketsQuery = `SELECT id FROM tickets WHERE status IN ('resolved', 'rejected') AND updated_at < $1
	ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`

// deleteTickets deletes tickets and their attachments, returning how many
// attachments went.
func deleteTickets(ctx context.Context, tx pgx.Tx, ids []int64) (int64, error) {
	tag, err := tx.Exec(ctx, `DELETE FROM attachments WHERE ticket_id = ANY($1)`, ids)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `UPDATE handoffs SET ticket_id = NULL WHERE ticket_id = ANY($1)`, ids); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `DELETE FROM tickets WHERE id = ANY($1)`, ids)
	return tag.RowsAffected(), err
}

// purgeConversations deletes a batch of conversations quiet since a time,
// with their messages and hand-offs, leaving those a person still has or
// whose ticket is open or in progress.
func purgeConversations(ctx context.Context, tx pgx.Tx, before time.Time, p *storage.Purged) (int64, error) {
	convs, err := strs(ctx, tx, `SELECT c.id FROM conversations c WHERE c.updated_at < $1
		AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id AND h.state <> 'resolved')
		AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.conversation_id = c.id AND t.status IN ('open', 'in_progress'))
		ORDER BY c.id LIMIT $2 FOR UPDATE SKIP LOCKED`, before, purgeBatch)
	if err != nil || len(convs) == 0 {
		return 0, err
	}
	n, err := deleteConversations(ctx, tx, convs)
	if err != nil {
		return 0, err
	}
	p.Messages += n
	p.Conversations += int64(len(convs))
	return int64(len(convs)), nil
}

// deleteConversations deletes conversations, their transcripts and their
// hand-offs, returning how many messages went.
func deleteConversations(ctx context.Context, tx pgx.Tx, ids []string) (int64, error) {
	tag, err := tx.Exec(ctx, `DELETE FROM messages WHERE conversation_id = ANY($1)`, ids)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM handoffs WHERE conversation_id = ANY($1)`, ids); err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `DELETE FROM conversations WHERE id = ANY($1)`, ids)
	return tag.RowsAffected(), err
}

func ids(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row pgx.CollectableRow) (int64, error) {
		var id int64
		err := row.Scan(&id)
		return id, err
	})
}

func strs(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row pgx.CollectableRow) (string, error) {
		var s string
		err := row.Scan(&s)
		return s, err
	})
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"supportbot/storage"
	"time"
)

// purgeBatch bounds the rows one write transaction deletes, so that a
// large purge never holds the writer for long.
const purgeBatch = 500

// Purge deletes the records older than the cutoffs, a batch per write
// transaction, until none is left or ctx ends.
func (db *DB) Purge(ctx context.Context, c storage.Cutoffs) (storage.Purged, error) {
	var p storage.Purged
	steps := []struct {
		cutoff time.Time
		run    func(tx *sql.Tx, before string) (int64, error)
	}{
		{c.Attempts, func(tx *sql.Tx, before string) (int64, error) {
			n, err := rowsDeleted(tx.ExecContext(ctx, `DELETE FROM verification_attempts WHERE id IN
				(SELECT id FROM verification_attempts WHERE at < ? LIMIT ?)`, before, purgeBatch))
			p.Attempts += n
			return n, err
		}},
		{c.Tickets, func(tx *sql.Tx, before string) (int64, error) { return purgeTickets(ctx, tx, before, &p) }},
		{c.Transcripts, func(tx *sql.Tx, before string) (int64, error) { return purgeConversations(ctx, tx, before, &p) }},
	}
	for _, st := range steps {
		if st.cutoff.IsZero() {
			continue
		}
		before := encodeTime(st.cutoff).(string)
		for {
			var n int64
			err := db.inTx(ctx, func(tx *sql.Tx) error {
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

// purgeTickets deletes a batch of tickets resolved before a time, with
// their attachments; hand-offs that pointed at them keep no reference.
func purgeTickets(ctx context.Context, tx *sql.Tx, before string, p *storage.Purged) (int64, error) {
	ids, err := ids(ctx, tx, `SELECT id FROM tickets WHERE status IN ('resolved', 'rejected') AND updated_at < ? LIMIT ?`, before, purgeBatch)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	for _, id := range ids {
		n, err := deleteTicket(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		p.Attachments += n
	}
	p.Tickets += int64(len(ids))
	return int64(len(ids)), nil
}

// deleteTicket deletes a ticket and its attachments, returning how many
// attachments went.
func deleteTicket(ctx context.Context, tx *sql.Tx, id int64) (int64, error) {
	n, err := rowsDeleted(tx.ExecContext(ctx, `DELETE FROM attachments WHERE ticket_id = ?`, id))
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE handoffs SET ticket_id = NULL WHERE ticket_id = ?`, id); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM tickets WHERE id = ?`, id)
	return n, err
}

// purgeConversations deletes a batch of conversations quiet since a time,
// with their messages and hand-offs, leaving those a person still has or
// whose ticket is open.
func purgeConversations(ctx context.Context, tx *sql.Tx, before string, p *storage.Purged) (int64, error) {
	convs, err := strs(ctx, tx, `SELECT c.id FROM conversations c WHERE c.updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id AND h.state <> 'resolved')
		AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.conversation_id = c.id AND t.status IN ('open', 'in_progress'))
		LIMIT ?`, before, purgeBatch)
	if err != nil || len(convs) == 0 {
		return 0, err
	}
	for _, id := range convs {
		n, err := deleteConversation(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		p.Messages += n
	}
	p.Conversations += int64(len(convs))
	return int64(len(convs)), nil
}

// deleteConversation deletes a conversation, its transcript and its
// hand-offs, returning how many messages went.
func deleteConversation(ctx context.Context, tx *sql.Tx, id string) (int64, error) {
	n, err := rowsDeleted(tx.ExecContext(ctx, `DELETE FROM messages WHERE conversation_id = ?`, id))
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM handoffs WHERE conversation_id = ?`, id); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM conversations WHERE id = ?`, id)
	return n, err
}

func rowsDeleted(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func ids(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func strs(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

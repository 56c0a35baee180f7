package sqlite

import (
	"context"
	"fmt"

	"supportbot/storage"
)

// The queries on open hand-offs spell out state <> 'resolved' (the value
// of storage.HandoffResolved) so that they match the partial indexes.

const handoffColumns = `id, conversation_id, ticket_id, state, agent_id, agent_name, desk_ref, reason,
	created_at, taken_at, resolved_at`

func scanHandoff(row interface{ Scan(...any) error }) (storage.Handoff, error) {
	var h storage.Handoff
	err := row.Scan(&h.ID, &h.ConversationID, optionalID(&h.TicketID), &h.State, &h.AgentID, &h.AgentName,
		&h.DeskRef, &h.Reason, at(&h.CreatedAt), at(&h.TakenAt), at(&h.ResolvedAt))
	return h, err
}

// CreateHandoff stores a new hand-off and returns it with its ID. State
// defaults to requested and CreatedAt to now. A conversation has at most
// one hand-off not resolved: creating a second fails with
// storage.ErrConflict.
func (db *DB) CreateHandoff(ctx context.Context, h storage.Handoff) (storage.Handoff, error) {
	if h.State == "" {
		h.State = storage.HandoffRequested
	}
	if h.CreatedAt.IsZero() {
		h.CreatedAt = db.now()
	}
	h.CreatedAt = h.CreatedAt.UTC()
	res, err := db.exec(ctx, `INSERT INTO handoffs (conversation_id, ticket_id, state, agent_id,
		agent_name, desk_ref, reason, created_at, taken_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.ConversationID, nullID(h.TicketID), h.State, h.AgentID, h.AgentName, h.DeskRef, h.Reason,
		encodeTime(h.CreatedAt), encodeTime(h.TakenAt), encodeTime(h.ResolvedAt))
	if isUniqueViolation(err) {
		return storage.Handoff{}, fmt.Errorf("create handoff: conversation already handed off: %w", storage.ErrConflict)
	}
	if err != nil {
		return storage.Handoff{}, fmt.Errorf("create handoff: %w", err)
	}
	if h.ID, err = res.LastInsertId(); err != nil {
		return storage.Handoff{}, fmt.Errorf("create handoff: %w", err)
	}
	return h, nil
}

// UpdateHandoff writes the hand-off's state, agent, desk reference, reason,
// ticket and times, found by ID (storage.ErrNotFound otherwise). Reopening
// a resolved hand-off while the conversation has another open one fails
// with storage.ErrConflict.
func (db *DB) UpdateHandoff(ctx context.Context, h storage.Handoff) error {
	res, err := db.exec(ctx, `UPDATE handoffs SET ticket_id = ?, state = ?, agent_id = ?,
		agent_name = ?, desk_ref = ?, reason = ?, taken_at = ?, resolved_at = ? WHERE id = ?`,
		nullID(h.TicketID), h.State, h.AgentID, h.AgentName, h.DeskRef, h.Reason,
		encodeTime(h.TakenAt), encodeTime(h.ResolvedAt), h.ID)
	if isUniqueViolation(err) {
		return fmt.Errorf("update handoff %d: %w", h.ID, storage.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("update handoff %d: %w", h.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("update handoff %d: %w", h.ID, err)
	} else if n == 0 {
		return fmt.Errorf("update handoff %d: %w", h.ID, storage.ErrNotFound)
	}
	return nil
}

// OpenHandoff returns the conversation's hand-off that is not resolved, or
// storage.ErrNotFound.
func (db *DB) OpenHandoff(ctx context.Context, conversationID string) (storage.Handoff, error) {
	h, err := scanHandoff(db.reader(ctx).QueryRowContext(ctx, `SELECT `+handoffColumns+` FROM handoffs
		WHERE conversation_id = ? AND state <> 'resolved'`, conversationID))
	if err != nil {
		return storage.Handoff{}, fmt.Errorf("open handoff: %w", notFound(err))
	}
	return h, nil
}

// HandoffByDeskRef returns the hand-off posted at this agent desk reference
// (the newest if several), or storage.ErrNotFound.
func (db *DB) HandoffByDeskRef(ctx context.Context, deskRef string) (storage.Handoff, error) {
	if deskRef == "" {
		return storage.Handoff{}, fmt.Errorf("handoff by desk reference: %w", storage.ErrNotFound)
	}
	h, err := scanHandoff(db.reader(ctx).QueryRowContext(ctx, `SELECT `+handoffColumns+` FROM handoffs
		WHERE desk_ref = +? ORDER BY id DESC LIMIT 1`, deskRef))
	if err != nil {
		return storage.Handoff{}, fmt.Errorf("handoff by desk reference: %w", notFound(err))
	}
	return h, nil
}

// HandoffByID returns the hand-off, or storage.ErrNotFound.
func (db *DB) HandoffByID(ctx context.Context, id int64) (storage.Handoff, error) {
	h, err := scanHandoff(db.reader(ctx).QueryRowContext(ctx, `SELECT `+handoffColumns+` FROM handoffs
		WHERE id = ?`, id))
	if err != nil {
		return storage.Handoff{}, fmt.Errorf("handoff %d: %w", id, notFound(err))
	}
	return h, nil
}

// OpenHandoffs lists the hand-offs not resolved, oldest first: the agents'
// queue.
func (db *DB) OpenHandoffs(ctx context.Context) ([]storage.Handoff, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT `+handoffColumns+` FROM handoffs
		WHERE state <> 'resolved' ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("open handoffs: %w", err)
	}
	defer rows.Close()
	var list []storage.Handoff
	for rows.Next() {
		h, err := scanHandoff(rows)
		if err != nil {
			return nil, fmt.Errorf("open handoffs: %w", err)
		}
		list = append(list, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("open handoffs: %w", err)
	}
	return list, nil
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// SeenDMChannel records that a message arrived in a platform's
// direct-message channel at a time (the latest time is kept).
func (db *DB) SeenDMChannel(ctx context.Context, channel, id string, at time.Time) error {
	_, err := db.exec(ctx, `INSERT INTO dm_channels (channel, id, seen_at) VALUES ($1, $2, $3)
		ON CONFLICT (channel, id) DO UPDATE SET seen_at = excluded.seen_at WHERE excluded.seen_at > dm_channels.seen_at`,
		channel, id, stamp(at))
	if err != nil {
		return fmt.Errorf("seen dm channel: %w", err)
	}
	return nil
}

// DMChannels returns the IDs of a platform's direct-message channels seen
// at or after since, most recently seen first, at most limit.
func (db *DB) DMChannels(ctx context.Context, channel string, since time.Time, limit int) ([]string, error) {
	ids, err := db.ids(ctx, `SELECT id FROM dm_channels WHERE channel = $1 AND seen_at >= $2
		ORDER BY seen_at DESC LIMIT $3`, channel, stamp(since), limit)
	if err != nil {
		return nil, fmt.Errorf("dm channels: %w", err)
	}
	return ids, nil
}

// PruneDMChannels forgets the channels not seen since a time, returning
// how many.
func (db *DB) PruneDMChannels(ctx context.Context, before time.Time) (int64, error) {
	tag, err := db.exec(ctx, `DELETE FROM dm_channels WHERE seen_at < $1`, stamp(before))
	if err != nil {
		return 0, fmt.Errorf("prune dm channels: %w", err)
	}
	return tag.RowsAffected(), nil
}

// OpenConversations returns the IDs of a channel's conversations that are
// still open — written in at or after since, or with a hand-off not yet
// resolved — newest first, at most limit. A channel adapter reads back
// what was said in them while it was away (Discord's DMs).
func (db *DB) OpenConversations(ctx context.Context, channel string, since time.Time, limit int) ([]string, error) {
	ids, err := db.ids(ctx, `SELECT id FROM conversations
		WHERE channel = $1 AND (updated_at >= $2 OR handoff IN ($3, $4))
		ORDER BY updated_at DESC LIMIT $5`,
		channel, stamp(since), storage.HandoffRequested, storage.HandoffWithAgent, limit)
	if err != nil {
		return nil, fmt.Errorf("open conversations: %w", err)
	}
	return ids, nil
}

// PendingOutbox counts a channel's messages not yet sent nor given up:
// the depth of its queue.
func (db *DB) PendingOutbox(ctx context.Context, channel string) (int, error) {
	var n int
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND channel = $1`, channel).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("pending outbox: %w", err)
	}
	return n, nil
}

// ids runs a query whose rows are one text column.
func (db *DB) ids(ctx context.Context, query string, args ...any) ([]string, error) {
	var ids []string
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		ids, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	return ids, err
}

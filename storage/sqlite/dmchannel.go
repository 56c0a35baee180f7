package sqlite

import (
	"context"
	"fmt"
	"time"
)

// SeenDMChannel records that a message arrived in a platform's
// direct-message channel at a time (the latest time is kept).
func (db *DB) SeenDMChannel(ctx context.Context, channel, id string, at time.Time) error {
	_, err := db.exec(ctx, `INSERT INTO dm_channels (channel, id, seen_at) VALUES (?, ?, ?)
		ON CONFLICT (channel, id) DO UPDATE SET seen_at = excluded.seen_at WHERE excluded.seen_at > seen_at`,
		channel, id, encodeTime(at))
	if err != nil {
		return fmt.Errorf("seen dm channel: %w", err)
	}
	return nil
}

// DMChannels returns the IDs of a platform's direct-message channels seen
// at or after since, most recently seen first, at most limit.
func (db *DB) DMChannels(ctx context.Context, channel string, since time.Time, limit int) ([]string, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT id FROM dm_channels WHERE channel = +? AND seen_at >= ?
		ORDER BY seen_at DESC LIMIT ?`, channel, sinceTime(since), limit)
	if err != nil {
		return nil, fmt.Errorf("dm channels: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("dm channels: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dm channels: %w", err)
	}
	return ids, nil
}

// PruneDMChannels forgets the channels not seen since a time, returning
// how many.
func (db *DB) PruneDMChannels(ctx context.Context, before time.Time) (int64, error) {
	res, err := db.exec(ctx, `DELETE FROM dm_channels WHERE seen_at < ?`, encodeTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune dm channels: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune dm channels: %w", err)
	}
	return n, nil
}

// sinceTime encodes a lower bound on a time column: the zero time, stored
// as NULL elsewhere, bounds nothing.
func sinceTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

package sqlite

import (
	"context"
	"fmt"
	"time"
)

// MarkProcessed records that a delivery from a source ("telegram",
// "slack", "discord") with this key was handled. It returns true the first
// time and false for a redelivery, even after a restart.
func (db *DB) MarkProcessed(ctx context.Context, source, key string) (bool, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO processed (source, key, at) VALUES (?, ?, ?)
		ON CONFLICT (source, key) DO NOTHING`, source, key, encodeTime(db.now()))
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	return n == 1, nil
}

// PruneProcessed forgets deliveries recorded before a time, returning how
// many. Platforms stop redelivering after minutes or hours, so a few days
// of history is plenty.
func (db *DB) PruneProcessed(ctx context.Context, before time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM processed WHERE at < ?`, encodeTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	return n, nil
}

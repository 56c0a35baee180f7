package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// MarkProcessed records that a delivery from a source ("telegram",
// "slack", "discord") with this key was handled. It returns true the first
// time and false for a redelivery, even after a restart.
func (db *DB) MarkProcessed(ctx context.Context, source, key string) (bool, error) {
	res, err := db.exec(ctx, `INSERT INTO processed (source, key, at) VALUES (?, ?, ?)
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
	res, err := db.exec(ctx, `DELETE FROM processed WHERE at < ?`, encodeTime(before))
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	return n, nil
}

// ClaimDelivery records, where ctx writes, that a delivery was consumed by
// a turn that answered result. Within the turn's unit of work (WithTx) the
// claim is committed with the turn, so a turn that did not commit leaves
// the delivery unclaimed, to be handled as new when redelivered. It returns
// false if the delivery was already claimed.
func (db *DB) ClaimDelivery(ctx context.Context, source, key, result string) (bool, error) {
	res, err := db.exec(ctx, `INSERT INTO processed (source, key, at, result) VALUES (?, ?, ?, ?)
		ON CONFLICT (source, key) DO NOTHING`, source, key, encodeTime(db.now()), result)
	if err != nil {
		return false, fmt.Errorf("claim delivery: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim delivery: %w", err)
	}
	return n == 1, nil
}

// DeliveryResult returns what the turn that consumed a delivery answered,
// or storage.ErrNotFound if no committed turn consumed it. A delivery
// recorded by MarkProcessed alone has an empty result.
func (db *DB) DeliveryResult(ctx context.Context, source, key string) (string, error) {
	var result sql.NullString
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT result FROM processed WHERE source = ? AND key = ?`,
		source, key).Scan(&result)
	if err != nil {
		return "", fmt.Errorf("delivery result: %w", notFound(err))
	}
	return result.String, nil
}

package postgres

import (
	"context"
	"fmt"
	"time"
)

// MarkProcessed records that a delivery from a source ("telegram",
// "slack", "discord") with this key was handled. It returns true the first
// time and false for a redelivery, whichever replica handled it first.
func (db *DB) MarkProcessed(ctx context.Context, source, key string) (bool, error) {
	tag, err := db.exec(ctx, `INSERT INTO processed (source, key, at) VALUES ($1, $2, $3)
		ON CONFLICT (source, key) DO NOTHING`, source, key, db.now())
	if err != nil {
		return false, fmt.Errorf("mark processed: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// PruneProcessed forgets deliveries recorded before a time, returning how
// many. Platforms stop redelivering after minutes or hours, so a few days
// of history is plenty.
func (db *DB) PruneProcessed(ctx context.Context, before time.Time) (int64, error) {
	tag, err := db.exec(ctx, `DELETE FROM processed WHERE at < $1`, stamp(before))
	if err != nil {
		return 0, fmt.Errorf("prune processed: %w", err)
	}
	return tag.RowsAffected(), nil
}

// ClaimDelivery records, where ctx writes, that a delivery was consumed by
// a turn that answered result. Within the turn's unit of work (WithTx) the
// claim is committed with the turn, so a turn that did not commit leaves
// the delivery unclaimed, to be handled as new when redelivered. It returns
// false if the delivery was already claimed. Two replicas claiming one
// delivery at once: the primary key makes the second wait for the first's
// commit, then find the row.
func (db *DB) ClaimDelivery(ctx context.Context, source, key, result string) (bool, error) {
	tag, err := db.exec(ctx, `INSERT INTO processed (source, key, at, result) VALUES ($1, $2, $3, $4)
		ON CONFLICT (source, key) DO NOTHING`, source, key, db.now(), result)
	if err != nil {
		return false, fmt.Errorf("claim delivery: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// DeliveryResult returns what the turn that consumed a delivery answered,
// or storage.ErrNotFound if no committed turn consumed it. A delivery
// recorded by MarkProcessed alone has an empty result.
func (db *DB) DeliveryResult(ctx context.Context, source, key string) (string, error) {
	var result *string
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT result FROM processed WHERE source = $1 AND key = $2`, source, key).Scan(&result)
	})
	if err != nil {
		return "", fmt.Errorf("delivery result: %w", notFound(err))
	}
	if result == nil {
		return "", nil
	}
	return *result, nil
}

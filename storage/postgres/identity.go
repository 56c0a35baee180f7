package postgres

import (
	"context"
	"fmt"

	"supportbot/storage"
)

// LinkIdentity links a chat platform user to a verified customer, replacing
// any previous link of that user. LinkedAt defaults to now.
func (db *DB) LinkIdentity(ctx context.Context, id storage.Identity) error {
	if id.LinkedAt.IsZero() {
		id.LinkedAt = db.now()
	}
	_, err := db.exec(ctx, `INSERT INTO identities (channel, user_id, customer_id, linked_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (channel, user_id) DO UPDATE SET
		customer_id = excluded.customer_id, linked_at = excluded.linked_at`,
		id.Channel, id.UserID, id.CustomerID, stamp(id.LinkedAt))
	if err != nil {
		return fmt.Errorf("link identity: %w", err)
	}
	return nil
}

// IdentityCustomer returns the customer linked to a platform user, or
// storage.ErrNotFound.
func (db *DB) IdentityCustomer(ctx context.Context, channel, userID string) (int64, error) {
	var id int64
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT customer_id FROM identities WHERE channel = $1 AND user_id = $2`,
			channel, userID).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("identity: %w", notFound(err))
	}
	return id, nil
}

// UnlinkIdentity removes a platform user's link ("/logout"). Unlinking a
// user who is not linked is not an error.
func (db *DB) UnlinkIdentity(ctx context.Context, channel, userID string) error {
	if _, err := db.exec(ctx, `DELETE FROM identities WHERE channel = $1 AND user_id = $2`,
		channel, userID); err != nil {
		return fmt.Errorf("unlink identity: %w", err)
	}
	return nil
}

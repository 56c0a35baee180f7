package sqlite

import (
	"context"
	"fmt"
	"time"

	"supportbot/storage"
)

// RecordVerification stores one attempt at proving who the customer is.
// At defaults to now.
func (db *DB) RecordVerification(ctx context.Context, a storage.VerificationAttempt) error {
	if a.At.IsZero() {
		a.At = db.now()
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO verification_attempts (conversation_id, order_key, success, at)
		VALUES (?, ?, ?, ?)`, a.ConversationID, a.OrderKey, a.Success, encodeTime(a.At))
	if err != nil {
		return fmt.Errorf("record verification: %w", err)
	}
	return nil
}

// FailedVerifications counts the failed attempts made since a time, by the
// conversation and, separately, on the order key from any conversation. An
// empty order key counts nothing.
func (db *DB) FailedVerifications(ctx context.Context, conversationID, orderKey string, since time.Time) (byConversation, byOrder int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM verification_attempts WHERE conversation_id = ? AND success = 0 AND at >= ?),
		(SELECT COUNT(*) FROM verification_attempts WHERE order_key = ? AND order_key <> '' AND success = 0 AND at >= ?)`,
		conversationID, encodeTime(since), orderKey, encodeTime(since)).Scan(&byConversation, &byOrder)
	if err != nil {
		return 0, 0, fmt.Errorf("failed verifications: %w", err)
	}
	return byConversation, byOrder, nil
}

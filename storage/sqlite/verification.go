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

// FailedVerifications returns the times of the failed attempts made since
// a time, oldest first: by the conversation and, separately, on the order
// key from any conversation. An empty order key matches nothing. Times
// rather than counts let the caller run a lock-out from the attempt that
// triggered it.
func (db *DB) FailedVerifications(ctx context.Context, conversationID, orderKey string, since time.Time) (byConversation, byOrder []time.Time, err error) {
	byConversation, err = db.failedTimes(ctx, `conversation_id = ?`, conversationID, since)
	if err != nil {
		return nil, nil, err
	}
	if orderKey == "" {
		return byConversation, nil, nil
	}
	byOrder, err = db.failedTimes(ctx, `order_key = ?`, orderKey, since)
	if err != nil {
		return nil, nil, err
	}
	return byConversation, byOrder, nil
}

func (db *DB) failedTimes(ctx context.Context, where string, arg string, since time.Time) ([]time.Time, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT at FROM verification_attempts
		WHERE `+where+` AND success = 0 AND at >= ? ORDER BY at, id`, arg, encodeTime(since))
	if err != nil {
		return nil, fmt.Errorf("failed verifications: %w", err)
	}
	defer rows.Close()
	var times []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(at(&t)); err != nil {
			return nil, fmt.Errorf("failed verifications: %w", err)
		}
		times = append(times, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("failed verifications: %w", err)
	}
	return times, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"supportbot/storage"
)

// RecordVerification stores one attempt at proving who the customer is.
// At defaults to now.
func (db *DB) RecordVerification(ctx context.Context, a storage.VerificationAttempt) error {
	if a.At.IsZero() {
		a.At = db.now()
	}
	w, err := db.writer(ctx)
	if err != nil {
		return fmt.Errorf("record verification: %w", err)
	}
	if err := insertAttempt(ctx, w, a); err != nil {
		return fmt.Errorf("record verification: %w", err)
	}
	return nil
}

// execer is what both *sql.DB and *sql.Tx offer for writes.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insertAttempt(ctx context.Context, x execer, a storage.VerificationAttempt) error {
	_, err := x.ExecContext(ctx, `INSERT INTO verification_attempts (conversation_id, order_key, email_key, success, at)
		VALUES (?, ?, ?, ?, ?)`, a.ConversationID, a.OrderKey, a.EmailKey, a.Success, encodeTime(a.At))
	return err
}

// AttemptVerification checks a claimed identity and records the attempt,
// in one write transaction: it counts the recent failures of the claim's
// conversation, order or card number and e-mail, asks allow whether the
// attempt may go on, and if so judges and records it. Write transactions
// run one at a time, so simultaneous attempts are each counted after the
// ones before them: with a limit of five, a hundred attempts at once are
// judged five times, never more.
//
// The work does not depend on what exists: the e-mail and the number are
// looked up in one query that reads indexes only, whatever they hold, so
// that the time taken tells nothing about whether either is known.
func (db *DB) AttemptVerification(ctx context.Context, c storage.IdentityClaim, allow func(storage.RecentFailures) bool) (storage.Verification, error) {
	if st := db.txOf(ctx); st != nil && !st.begun() {
		// Recorded apart, in a unit of its own committed at once, rather
		// than in the turn's: otherwise the turn, whose first write this
		// usually is, would hold the writer (and every other turn behind
		// it) from its identity check to its end. The lock-out loses
		// nothing by it: a guess counts even if its turn then fails. A
		// unit that has written already holds the one transaction: the
		// attempt joins it.
		ctx = context.WithValue(ctx, txKey{}, (*txState)(nil))
		var v storage.Verification
		var judged error
		err := db.WithTx(ctx, func(ctx context.Context) error {
			v, judged = db.attemptVerification(ctx, c, allow)
			return judged
		})
		switch {
		case judged != nil:
			return storage.Verification{}, judged
		case err != nil:
			return storage.Verification{}, fmt.Errorf("attempt verification: %w", err)
		}
		return v, nil
	}
	return db.attemptVerification(ctx, c, allow)
}

// attemptVerification is AttemptVerification where ctx writes.
func (db *DB) attemptVerification(ctx context.Context, c storage.IdentityClaim, allow func(storage.RecentFailures) bool) (storage.Verification, error) {
	if c.At.IsZero() {
		c.At = db.now()
	}
	a := storage.VerificationAttempt{
		ConversationID: c.ConversationID,
		OrderKey:       storage.VerificationKey(c.OrderNumber, c.LoyaltyCard),
		EmailKey:       storage.EmailKey(c.Email),
		At:             c.At,
	}
	var v storage.Verification
	// Who owns what changes only with an import: the match is read before
	// the write transaction (outside a unit of work that began one),
	// which then holds the writer only for the failures counted and the
	// attempt recorded, the part that must be atomic.
	custID, ownerID, err := matchClaim(ctx, db.reader(ctx), c)
	if err != nil {
		return storage.Verification{}, fmt.Errorf("attempt verification: %w", err)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if v.Failures, err = recentFailures(ctx, tx, a, c.Since, c.CountLastMinute); err != nil {
			return err
		}
		if !allow(v.Failures) {
			v.Refused = true
			return nil
		}
		v.Matched = custID.Valid && ownerID.Valid && custID.Int64 == ownerID.Int64
		a.Success = v.Matched
		if v.Matched {
			v.CustomerID = custID.Int64
		}
		return insertAttempt(ctx, tx, a)
	})
	if err != nil {
		return storage.Verification{}, fmt.Errorf("attempt verification: %w", err)
	}
	return v, nil
}

// matchQuery is the one query of an identity check: the customer with the
// e-mail, and the owners of the reference given as an order number, as a
// loyalty card number, and as the digits of an order number (when only one
// order has them), each NULL if none. Every lookup reads an index alone
// and every one runs whatever was given (an empty key finds nothing), so a
// check costs the same whether the e-mail, the order or the card exist.
// (The planner would take the order number's unique index and then read
// the row, but only for an order that exists: hence INDEXED BY.)
const matchQuery = `SELECT (SELECT id FROM customers WHERE email = ?),
	(SELECT customer_id FROM orders INDEXED BY orders_number_customer WHERE number_key = ?),
	(SELECT id FROM customers WHERE loyalty_card_key = ?),
	(SELECT CASE WHEN count(*) = 1 THEN min(customer_id) END FROM orders INDEXED BY orders_digits_customer
		WHERE ltrim(number_key, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = ?)`

// matchClaim returns the customer with the claim's e-mail and the owner of
// its reference, NULL if none. A reference given as an order number that
// is not one is tried as a loyalty card, and the other way round, in the
// same query: customers can't tell the two apart, and it stays one
// attempt. Digits alone find the one order whose number ends with them.
func matchClaim(ctx context.Context, q queryer, c storage.IdentityClaim) (customer, owner sql.NullInt64, err error) {
	ref := c.OrderNumber
	if ref == "" {
		ref = c.LoyaltyCard
	}
	orderKey, cardKey := storage.NormalizeOrderNumber(ref), storage.NormalizeCard(ref)
	digits := ""
	if isDigits(orderKey) {
		digits = orderKey
	}
	var byOrder, byCard, byDigits sql.NullInt64
	err = q.QueryRowContext(ctx, matchQuery, storage.NormalizeEmail(c.Email), orderKey, cardKey, digits).
		Scan(&customer, &byOrder, &byCard, &byDigits)
	if err != nil {
		return customer, owner, fmt.Errorf("match claim: %w", err)
	}
	for _, o := range []sql.NullInt64{byOrder, byCard, byDigits} {
		if o.Valid && customer.Valid && o.Int64 == customer.Int64 {
			return customer, o, nil
		}
	}
	return customer, byOrder, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// recentFailures counts the failures bearing on an attempt: the same
// queries for every attempt. The failures by conversation, number and
// e-mail are read in one statement, each part on its own partial index,
// as it runs while the writer is held.
func recentFailures(ctx context.Context, q queryer, a storage.VerificationAttempt, since time.Time, upTo int) (storage.RecentFailures, error) {
	var f storage.RecentFailures
	rows, err := q.QueryContext(ctx, `
		SELECT at, id, 'c' FROM verification_attempts WHERE conversation_id = +?1 AND success = 0 AND at >= ?4
		UNION ALL
		SELECT at, id, 'o' FROM verification_attempts WHERE order_key = +?2 AND success = 0 AND at >= ?4
		UNION ALL
		SELECT at, id, 'e' FROM verification_attempts WHERE email_key = +?3 AND success = 0 AND at >= ?4
		ORDER BY 1, 2`, nullString(a.ConversationID), nullString(a.OrderKey), nullString(a.EmailKey), encodeTime(since))
	if err != nil {
		return f, fmt.Errorf("failed verifications: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t time.Time
		var id int64
		var by string
		if err := rows.Scan(at(&t), &id, &by); err != nil {
			return f, fmt.Errorf("failed verifications: %w", err)
		}
		switch by {
		case "c":
			f.Conversation = append(f.Conversation, t)
		case "o":
			f.Order = append(f.Order, t)
		case "e":
			f.Email = append(f.Email, t)
		}
	}
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("failed verifications: %w", err)
	}
	if upTo <= 0 {
		return f, nil
	}
	// The cap is written into the SQL, not bound: with a bound LIMIT in
	// the subquery SQLite prepared the statement again at every run
	// (parsing and planning it), its cached form never reused. upTo is the
	// shop's setting, so the statement is always the same one.
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM verification_attempts
		WHERE success = 0 AND at >= ? LIMIT `+strconv.Itoa(upTo)+`)`, encodeTime(a.At.Add(-time.Minute))).Scan(&f.LastMinute)
	if err != nil {
		return f, fmt.Errorf("failed verifications in the last minute: %w", err)
	}
	return f, nil
}

// FailedVerifications returns the times of the failed attempts made since
// a time, oldest first: by the conversation and, separately, on the order
// key from any conversation. An empty order key matches nothing.
func (db *DB) FailedVerifications(ctx context.Context, conversationID, orderKey string, since time.Time) (byConversation, byOrder []time.Time, err error) {
	byConversation, err = failedTimes(ctx, db.reader(ctx), `conversation_id = +?`, conversationID, since)
	if err != nil {
		return nil, nil, err
	}
	if orderKey == "" {
		return byConversation, nil, nil
	}
	byOrder, err = failedTimes(ctx, db.reader(ctx), `order_key = +?`, orderKey, since)
	if err != nil {
		return nil, nil, err
	}
	return byConversation, byOrder, nil
}

// failedTimes lists the failures matching where since a time. An empty
// key matches nothing: attempts without an order or e-mail count for
// neither.
func failedTimes(ctx context.Context, q queryer, where string, arg string, since time.Time) ([]time.Time, error) {
	if arg == "" {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT at FROM verification_attempts
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

package postgres

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// RecordVerification stores one attempt at proving who the customer is.
// At defaults to now.
func (db *DB) RecordVerification(ctx context.Context, a storage.VerificationAttempt) error {
	if a.At.IsZero() {
		a.At = db.now()
	}
	if _, err := db.exec(ctx, insertAttempt, attemptArgs(a)...); err != nil {
		return fmt.Errorf("record verification: %w", err)
	}
	return nil
}

const insertAttempt = `INSERT INTO verification_attempts (conversation_id, order_key, email_key, success, at)
	VALUES ($1, $2, $3, $4, $5)`

func attemptArgs(a storage.VerificationAttempt) []any {
	return []any{a.ConversationID, a.OrderKey, a.EmailKey, a.Success, stamp(a.At)}
}

// shopWideLock is the advisory lock an identity check holds when it counts
// the shop-wide failures of the last minute: that count, like the others,
// must include every attempt before this one.
const shopWideLock = "verify:shop"

// AttemptVerification checks a claimed identity and records the attempt,
// in one transaction: it counts the recent failures of the claim's
// conversation, order or card number and e-mail, asks allow whether the
// attempt may go on, and if so judges and records it.
//
// Simultaneous attempts, from this process or another replica, are each
// counted after the ones before them: the transaction first takes
// transaction-scoped advisory locks on the keys it counts (the
// conversation, the number, the e-mail's hash, and the whole shop when
// claim.CountLastMinute asks for the shop-wide count), always in the same
// order, so that with a limit of five, a hundred attempts at once are
// judged five times, never more. Inside a unit of work the locks are held
// until the unit commits, as its recorded attempt is only visible then:
// with the shop-wide count asked for, identity checks run one at a time
// across the shop, each until the end of its turn — still no more
// serialised than on SQLite, where every write transaction is. (A turn
// that locked order lines with a return and then checked an identity
// could meet another doing the reverse; PostgreSQL would detect that
// deadlock and fail one of the two turns. The bot checks first.)
//
// The work does not depend on what exists: the e-mail and the number are
// looked up in one query that reads indexes only, whatever they hold, so
// that the time taken tells nothing about whether either is known.
func (db *DB) AttemptVerification(ctx context.Context, c storage.IdentityClaim, allow func(storage.RecentFailures) bool) (storage.Verification, error) {
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
	err := db.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k ORDER BY k`,
			verificationLocks(a, c.CountLastMinute > 0)); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		custID, ownerID, err := matchClaim(ctx, tx, c)
		if err != nil {
			return err
		}
		if v.Failures, err = recentFailures(ctx, tx, a, c.Since, c.CountLastMinute); err != nil {
			return err
		}
		if !allow(v.Failures) {
			v.Refused = true
			return nil
		}
		v.Matched = custID != nil && ownerID != nil && *custID == *ownerID
		a.Success = v.Matched
		if v.Matched {
			v.CustomerID = *custID
		}
		_, err = tx.Exec(ctx, insertAttempt, attemptArgs(a)...)
		return err
	})
	if err != nil {
		return storage.Verification{}, fmt.Errorf("attempt verification: %w", err)
	}
	return v, nil
}

// verificationLocks returns the advisory lock keys of an attempt, sorted,
// so that two attempts sharing keys take them in the same order.
func verificationLocks(a storage.VerificationAttempt, shopWide bool) []int64 {
	keys := []int64{lockKey("verify:conversation:" + a.ConversationID), lockKey("verify:" + a.EmailKey)}
	if a.OrderKey != "" {
		keys = append(keys, lockKey("verify:"+a.OrderKey))
	}
	if shopWide {
		keys = append(keys, lockKey(shopWideLock))
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// matchQuery is the one query of an identity check: the customer with the
// e-mail, and the owners of the reference given as an order number, as a
// loyalty card number, and as the digits of an order number (when only one
// order has them), each NULL if none. Every lookup runs whatever was given
// (an empty key finds nothing) on an index holding the owner, so a check
// costs the same whether the e-mail, the order or the card exist.
const matchQuery = `SELECT (SELECT id FROM customers WHERE email = $1),
	(SELECT customer_id FROM orders WHERE number_key = $2),
	(SELECT id FROM customers WHERE loyalty_card_key = $3),
	(SELECT CASE WHEN count(*) = 1 THEN min(customer_id) END FROM orders
		WHERE ltrim(number_key, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = $4)`

// matchClaim returns the customer with the claim's e-mail and the owner of
// its reference, nil if none. A reference given as an order number that
// is not one is tried as a loyalty card, and the other way round, in the
// same query: customers can't tell the two apart, and it stays one
// attempt. Digits alone find the one order whose number ends with them.
func matchClaim(ctx context.Context, q querier, c storage.IdentityClaim) (customer, owner *int64, err error) {
	ref := c.OrderNumber
	if ref == "" {
		ref = c.LoyaltyCard
	}
	orderKey, cardKey := storage.NormalizeOrderNumber(ref), storage.NormalizeCard(ref)
	digits := ""
	if isDigits(orderKey) {
		digits = orderKey
	}
	var byOrder, byCard, byDigits *int64
	err = q.QueryRow(ctx, matchQuery, storage.NormalizeEmail(c.Email), orderKey, cardKey, digits).
		Scan(&customer, &byOrder, &byCard, &byDigits)
	if err != nil {
		return nil, nil, fmt.Errorf("match claim: %w", err)
	}
	for _, o := range []*int64{byOrder, byCard, byDigits} {
		if o != nil && customer != nil && *o == *customer {
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
// queries for every attempt, each on its own partial index, sent in one
// round trip.
func recentFailures(ctx context.Context, tx pgx.Tx, a storage.VerificationAttempt, since time.Time, upTo int) (storage.RecentFailures, error) {
	var f storage.RecentFailures
	b := &pgx.Batch{}
	for _, s := range []struct {
		column, arg string
		dst         *[]time.Time
	}{
		{"conversation_id", a.ConversationID, &f.Conversation},
		{"order_key", a.OrderKey, &f.Order},
		{"email_key", a.EmailKey, &f.Email},
	} {
		if s.arg == "" {
			continue
		}
		b.Queue(failedQuery(s.column), s.arg, stamp(since)).Query(func(rows pgx.Rows) error {
			var err error
			*s.dst, err = scanTimes(rows)
			return err
		})
	}
	if upTo > 0 {
		b.Queue(`SELECT COUNT(*) FROM (SELECT 1 FROM verification_attempts
			WHERE NOT success AND at >= $1 LIMIT $2) AS recent`, stamp(a.At.Add(-time.Minute)), upTo).
			QueryRow(func(row pgx.Row) error { return row.Scan(&f.LastMinute) })
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return f, fmt.Errorf("failed verifications: %w", err)
	}
	return f, nil
}

func failedQuery(column string) string {
	return `SELECT at FROM verification_attempts WHERE ` + column + ` = $1 AND NOT success AND at >= $2 ORDER BY at, id`
}

func scanTimes(rows pgx.Rows) ([]time.Time, error) {
	return collect(rows, func(row pgx.CollectableRow) (time.Time, error) {
		var t time.Time
		err := row.Scan(at(&t))
		return t, err
	})
}

// FailedVerifications returns the times of the failed attempts made since
// a time, oldest first: by the conversation and, separately, on the order
// key from any conversation. An empty order key matches nothing.
func (db *DB) FailedVerifications(ctx context.Context, conversationID, orderKey string, since time.Time) (byConversation, byOrder []time.Time, err error) {
	err = db.read(ctx, func(q querier) error {
		if conversationID != "" {
			rows, err := q.Query(ctx, failedQuery("conversation_id"), conversationID, stamp(since))
			if err != nil {
				return err
			}
			if byConversation, err = scanTimes(rows); err != nil {
				return err
			}
		}
		if orderKey == "" {
			return nil
		}
		rows, err := q.Query(ctx, failedQuery("order_key"), orderKey, stamp(since))
		if err != nil {
			return err
		}
		byOrder, err = scanTimes(rows)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("failed verifications: %w", err)
	}
	return byConversation, byOrder, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// ErrOpenHandoff is storage.ErrOpenHandoff, which EraseCustomer returns
// while a person has one of the customer's conversations.
var ErrOpenHandoff = storage.ErrOpenHandoff

// ExportCustomer returns everything held about the customer with this
// e-mail, or storage.ErrNotFound. Outside a unit of work it reads one
// consistent snapshot (a read-only REPEATABLE READ transaction).
func (db *DB) ExportCustomer(ctx context.Context, email string) (storage.CustomerData, error) {
	var d storage.CustomerData
	var err error
	if db.txOf(ctx) != nil {
		err = db.exportCustomer(ctx, email, &d)
	} else {
		err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
			func(tx pgx.Tx) error {
				// The methods below read through the context's unit of
				// work: this snapshot.
				st := &txState{db: db, tx: tx}
				defer func() {
					st.mu.Lock()
					st.done = true
					st.mu.Unlock()
				}()
				return db.exportCustomer(context.WithValue(ctx, txKey{}, st), email, &d)
			})
	}
	if err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	return d, nil
}

func (db *DB) exportCustomer(ctx context.Context, email string, d *storage.CustomerData) error {
	var err error
	if d.Customer, err = db.CustomerByEmail(ctx, email); err != nil {
		return err
	}
	id := d.Customer.ID
	steps := []func() error{
		func() (err error) { d.Orders, err = db.OrdersByCustomer(ctx, id); return err },
		func() (err error) { d.PointsAdjustments, err = db.PointsAdjustments(ctx, id); return err },
		func() (err error) { d.Returns, err = db.ReturnsByCustomer(ctx, id); return err },
		func() (err error) { d.Refunds, err = db.RefundsByCustomer(ctx, id); return err },
		func() (err error) { d.Vouchers, err = db.VouchersByCustomer(ctx, id); return err },
		func() (err error) { d.Addresses, err = db.AddressesByCustomer(ctx, id); return err },
		func() error { return db.exportConversations(ctx, d) },
		func() error { return db.read(ctx, func(q querier) error { return exportTickets(ctx, q, d) }) },
		func() error { return db.read(ctx, func(q querier) error { return exportIdentities(ctx, q, d) }) },
		func() error {
			return db.read(ctx, func(q querier) (err error) {
				d.VerificationAttempts, err = attemptsOf(ctx, q, storage.EmailKey(email))
				return err
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) exportConversations(ctx context.Context, d *storage.CustomerData) error {
	var convs []string
	err := db.read(ctx, func(q querier) (err error) {
		convs, err = strs(ctx, q, `SELECT id FROM conversations WHERE customer_id = $1 ORDER BY created_at, id`, d.Customer.ID)
		return err
	})
	if err != nil {
		return err
	}
	for _, id := range convs {
		var cd storage.ConversationData
		if cd.Conversation, err = db.Conversation(ctx, id); err != nil {
			return err
		}
		if cd.Messages, err = db.Transcript(ctx, id, 0); err != nil {
			return err
		}
		err := db.read(ctx, func(q querier) error {
			rows, err := q.Query(ctx, `SELECT `+handoffColumns+` FROM handoffs WHERE conversation_id = $1 ORDER BY id`, id)
			if err != nil {
				return err
			}
			cd.Handoffs, err = collect(rows, scanHandoffRow)
			return err
		})
		if err != nil {
			return err
		}
		d.Conversations = append(d.Conversations, cd)
	}
	return nil
}

func exportTickets(ctx context.Context, q querier, d *storage.CustomerData) error {
	ticketIDs, err := ids(ctx, q, `SELECT id FROM tickets WHERE customer_id = $1 OR conversation_id IN
		(SELECT id FROM conversations WHERE customer_id = $1) ORDER BY id`, d.Customer.ID)
	if err != nil {
		return err
	}
	for _, id := range ticketIDs {
		t, err := ticketByID(ctx, q, id)
		if err != nil {
			return err
		}
		d.Tickets = append(d.Tickets, t)
	}
	return nil
}

func exportIdentities(ctx context.Context, q querier, d *storage.CustomerData) error {
	rows, err := q.Query(ctx, `SELECT channel, user_id, customer_id, linked_at FROM identities
		WHERE customer_id = $1 ORDER BY linked_at`, d.Customer.ID)
	if err != nil {
		return err
	}
	d.Identities, err = collect(rows, func(row pgx.CollectableRow) (storage.Identity, error) {
		var i storage.Identity
		err := row.Scan(&i.Channel, &i.UserID, &i.CustomerID, at(&i.LinkedAt))
		return i, err
	})
	return err
}

func attemptsOf(ctx context.Context, q querier, emailKey string) ([]storage.VerificationAttempt, error) {
	rows, err := q.Query(ctx, `SELECT conversation_id, order_key, email_key, success, at
		FROM verification_attempts WHERE email_key = $1 ORDER BY at, id`, emailKey)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(row pgx.CollectableRow) (storage.VerificationAttempt, error) {
		var a storage.VerificationAttempt
		err := row.Scan(&a.ConversationID, &a.OrderKey, &a.EmailKey, &a.Success, at(&a.At))
		return a, err
	})
}

// EraseCustomer removes what the store holds about the customer with this
// e-mail, in one transaction: conversations with their transcripts and
// hand-offs, tickets with their attachments, chat identities, loyalty
// adjustments, delivery addresses and identity check attempts are deleted;
// the customer's name, phone, loyalty card, newsletter consent and e-mail
// are blanked (the e-mail becomes erased-ID@erased.invalid); orders and
// returns stay, with their totals, items and dates, as the shop's accounts
// must, without the e-mail, the tracking number, the shipping address (but
// its country) or the return reasons. An unknown e-mail gives
// storage.ErrNotFound, after its attempts are deleted all the same.
func (db *DB) EraseCustomer(ctx context.Context, email string) (storage.Erased, error) {
	var e storage.Erased
	err := db.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM verification_attempts WHERE email_key = $1`, storage.EmailKey(email))
		if err != nil {
			return err
		}
		e.Attempts = int(tag.RowsAffected())
		if err := tx.QueryRow(ctx, `SELECT id FROM customers WHERE email = $1 FOR UPDATE`,
			storage.NormalizeEmail(email)).Scan(&e.CustomerID); err != nil {
			return notFound(err)
		}
		return eraseCustomer(ctx, tx, &e, db.now())
	})
	if errors.Is(err, storage.ErrNotFound) {
		// The attempts are gone; nothing else was held.
		if _, err2 := db.exec(ctx, `DELETE FROM verification_attempts WHERE email_key = $1`, storage.EmailKey(email)); err2 != nil {
			return e, fmt.Errorf("erase customer: %w", err2)
		}
	}
	if err != nil {
		return e, fmt.Errorf("erase customer: %w", err)
	}
	return e, nil
}

func eraseCustomer(ctx context.Context, tx pgx.Tx, e *storage.Erased, now time.Time) error {
	id := e.CustomerID
	var open int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
		WHERE c.customer_id = $1 AND h.state <> 'resolved'`, id).Scan(&open); err != nil {
		return err
	}
	if open > 0 {
		return ErrOpenHandoff
	}
	tickets, err := ids(ctx, tx, `SELECT id FROM tickets WHERE customer_id = $1 OR conversation_id IN
		(SELECT id FROM conversations WHERE customer_id = $1)`, id)
	if err != nil {
		return err
	}
	n, err := deleteTickets(ctx, tx, tickets)
	if err != nil {
		return err
	}
	e.Attachments, e.Tickets = int(n), len(tickets)
	convs, err := strs(ctx, tx, `SELECT id FROM conversations WHERE customer_id = $1`, id)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM verification_attempts WHERE conversation_id = ANY($1)`, convs); err != nil {
		return err
	}
	if n, err = deleteConversations(ctx, tx, convs); err != nil {
		return err
	}
	e.Messages, e.Conversations = int(n), len(convs)
	counts := []struct {
		dst   *int
		query string
	}{
		{&e.Identities, `DELETE FROM identities WHERE customer_id = $1`},
		{&e.PointsAdjustments, `DELETE FROM points_adjustments WHERE customer_id = $1`},
		{&e.Vouchers, `DELETE FROM vouchers WHERE customer_id = $1`},
		{&e.Addresses, `DELETE FROM customer_addresses WHERE customer_id = $1`},
		{&e.ReturnsKept, `UPDATE returns SET reason = '', rejection_reason = '' WHERE customer_id = $1`},
	}
	for _, c := range counts {
		tag, err := tx.Exec(ctx, c.query, id)
		if err != nil {
			return err
		}
		*c.dst = int(tag.RowsAffected())
	}
	erased := fmt.Sprintf("erased-%d@erased.invalid", id)
	tag, err := tx.Exec(ctx, `UPDATE orders SET email = $1, tracking_number = '', ship_name = '', ship_line1 = '',
		ship_line2 = '', ship_postal_code = '', ship_city = '', updated_at = $2 WHERE customer_id = $3`, erased, now, id)
	if err != nil {
		return err
	}
	e.OrdersKept = int(tag.RowsAffected())
	_, err = tx.Exec(ctx, `UPDATE customers SET email = $1, name = '', phone = '', language = '', loyalty_card = '',
		loyalty_card_key = NULL, newsletter = false, updated_at = $2 WHERE id = $3`, erased, now, id)
	return err
}

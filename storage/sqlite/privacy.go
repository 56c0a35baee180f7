package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"supportbot/storage"
)

// ErrOpenHandoff is storage.ErrOpenHandoff, kept under its old name for
// callers that still use it; every backend returns the storage one.
var ErrOpenHandoff = storage.ErrOpenHandoff

// ExportCustomer returns everything held about the customer with this
// e-mail, or storage.ErrNotFound.
func (db *DB) ExportCustomer(ctx context.Context, email string) (storage.CustomerData, error) {
	var d storage.CustomerData
	var err error
	if d.Customer, err = db.CustomerByEmail(ctx, email); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	id := d.Customer.ID
	if d.Orders, err = db.OrdersByCustomer(ctx, id); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	if d.PointsAdjustments, err = db.PointsAdjustments(ctx, id); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	if d.Returns, err = db.ReturnsByCustomer(ctx, id); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	if d.Refunds, err = db.RefundsByCustomer(ctx, id); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	if d.Vouchers, err = db.VouchersByCustomer(ctx, id); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	if d.Addresses, err = db.AddressesByCustomer(ctx, id); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	if err := db.exportConversations(ctx, &d); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	if err := db.exportTickets(ctx, &d); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT channel, user_id, customer_id, linked_at FROM identities
		WHERE customer_id = +? ORDER BY linked_at`, id)
	if err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i storage.Identity
		if err := rows.Scan(&i.Channel, &i.UserID, &i.CustomerID, at(&i.LinkedAt)); err != nil {
			return d, fmt.Errorf("export customer: %w", err)
		}
		d.Identities = append(d.Identities, i)
	}
	if err := rows.Err(); err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	d.VerificationAttempts, err = db.attemptsOf(ctx, storage.EmailKey(email))
	if err != nil {
		return d, fmt.Errorf("export customer: %w", err)
	}
	return d, nil
}

func (db *DB) exportConversations(ctx context.Context, d *storage.CustomerData) error {
	convs, err := strs(ctx, db.reader(ctx), `SELECT id FROM conversations WHERE customer_id = +? ORDER BY created_at, id`, d.Customer.ID)
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
		rows, err := db.reader(ctx).QueryContext(ctx, `SELECT `+handoffColumns+` FROM handoffs WHERE conversation_id = +? ORDER BY id`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			h, err := scanHandoff(rows)
			if err != nil {
				rows.Close()
				return err
			}
			cd.Handoffs = append(cd.Handoffs, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		d.Conversations = append(d.Conversations, cd)
	}
	return nil
}

func (db *DB) exportTickets(ctx context.Context, d *storage.CustomerData) error {
	ticketIDs, err := ids(ctx, db.reader(ctx), `SELECT id FROM tickets WHERE customer_id = +? OR conversation_id IN
		(SELECT id FROM conversations WHERE customer_id = +?) ORDER BY id`, d.Customer.ID, d.Customer.ID)
	if err != nil {
		return err
	}
	for _, id := range ticketIDs {
		t, err := db.TicketByID(ctx, id)
		if err != nil {
			return err
		}
		d.Tickets = append(d.Tickets, t)
	}
	return nil
}

func (db *DB) attemptsOf(ctx context.Context, emailKey string) ([]storage.VerificationAttempt, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT conversation_id, order_key, email_key, success, at
		FROM verification_attempts WHERE email_key = +? ORDER BY at, id`, emailKey)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []storage.VerificationAttempt
	for rows.Next() {
		var a storage.VerificationAttempt
		if err := rows.Scan(&a.ConversationID, &a.OrderKey, &a.EmailKey, &a.Success, at(&a.At)); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// EraseCustomer removes what the store holds about the customer with this
// e-mail, in one transaction: conversations with their transcripts and
// hand-offs, tickets with their attachments, chat identities, loyalty
// adjustments and identity check attempts are deleted; the customer's name,
// phone, loyalty card and e-mail are blanked (the e-mail becomes
// erased-ID@erased.invalid); orders and returns stay, with their totals,
// items and dates, as the shop's accounts must, without the e-mail, the
// tracking number or the return reasons. An unknown e-mail gives
// storage.ErrNotFound, after its attempts are deleted all the same.
func (db *DB) EraseCustomer(ctx context.Context, email string) (storage.Erased, error) {
	var e storage.Erased
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		n, err := rowsDeleted(tx.ExecContext(ctx, `DELETE FROM verification_attempts WHERE email_key = ?`, storage.EmailKey(email)))
		if err != nil {
			return err
		}
		e.Attempts = int(n)
		if err := tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE email = ?`, storage.NormalizeEmail(email)).Scan(&e.CustomerID); err != nil {
			return notFound(err)
		}
		return eraseCustomer(ctx, tx, &e, encodeTime(db.now()))
	})
	if errors.Is(err, storage.ErrNotFound) {
		// The attempts are gone; nothing else was held.
		if _, err2 := db.exec(ctx, `DELETE FROM verification_attempts WHERE email_key = ?`, storage.EmailKey(email)); err2 != nil {
			return e, fmt.Errorf("erase customer: %w", err2)
		}
	}
	if err != nil {
		return e, fmt.Errorf("erase customer: %w", err)
	}
	return e, nil
}

func eraseCustomer(ctx context.Context, tx *sql.Tx, e *storage.Erased, now any) error {
	id := e.CustomerID
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
		WHERE c.customer_id = ? AND h.state <> 'resolved'`, id).Scan(&open); err != nil {
		return err
	}
	if open > 0 {
		return ErrOpenHandoff
	}
	tickets, err := ids(ctx, tx, `SELECT id FROM tickets WHERE customer_id = ? OR conversation_id IN
		(SELECT id FROM conversations WHERE customer_id = ?)`, id, id)
	if err != nil {
		return err
	}
	for _, t := range tickets {
		n, err := deleteTicket(ctx, tx, t)
		if err != nil {
			return err
		}
		e.Attachments += int(n)
	}
	e.Tickets = len(tickets)
	convs, err := strs(ctx, tx, `SELECT id FROM conversations WHERE customer_id = ?`, id)
	if err != nil {
		return err
	}
	for _, c := range convs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM verification_attempts WHERE conversation_id = ?`, c); err != nil {
			return err
		}
		n, err := deleteConversation(ctx, tx, c)
		if err != nil {
			return err
		}
		e.Messages += int(n)
	}
	e.Conversations = len(convs)
	counts := []struct {
		dst   *int
		query string
	}{
		{&e.Identities, `DELETE FROM identities WHERE customer_id = ?`},
		{&e.PointsAdjustments, `DELETE FROM points_adjustments WHERE customer_id = ?`},
		{&e.Vouchers, `DELETE FROM vouchers WHERE customer_id = ?`},
		{&e.Addresses, `DELETE FROM customer_addresses WHERE customer_id = ?`},
		{&e.ReturnsKept, `UPDATE returns SET reason = '', rejection_reason = '' WHERE customer_id = ?`},
	}
	for _, c := range counts {
		n, err := rowsDeleted(tx.ExecContext(ctx, c.query, id))
		if err != nil {
			return err
		}
		*c.dst = int(n)
	}
	erased := fmt.Sprintf("erased-%d@erased.invalid", id)
	n, err := rowsDeleted(tx.ExecContext(ctx, `UPDATE orders SET email = ?, tracking_number = '', ship_name = '', ship_line1 = '',
		ship_line2 = '', ship_postal_code = '', ship_city = '', updated_at = ?
		WHERE customer_id = ?`, erased, now, id))
	if err != nil {
		return err
	}
	e.OrdersKept = int(n)
	_, err = tx.ExecContext(ctx, `UPDATE customers SET email = ?, name = '', phone = '', language = '', loyalty_card = '',
		loyalty_card_key = NULL, newsletter = 0, updated_at = ? WHERE id = ?`, erased, now, id)
	return err
}

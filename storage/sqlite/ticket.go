package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"supportbot/storage"
)

// CreateTicket stores a ticket with a new random reference ("TK-" and 8
// letters or digits) and its attachments, in one transaction, and returns
// it with its ID, reference and attachment IDs set. Status defaults to open
// and CreatedAt to now. Details are stored as a JSON object.
func (db *DB) CreateTicket(ctx context.Context, t storage.Ticket) (storage.Ticket, error) {
	if t.Status == "" {
		t.Status = storage.TicketOpen
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = db.now()
	}
	t.CreatedAt = t.CreatedAt.UTC()
	t.UpdatedAt = t.CreatedAt
	details, err := encodeDetails(t.Details)
	if err != nil {
		return storage.Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	t.Attachments = append([]storage.Attachment(nil), t.Attachments...)
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		ref, err := unusedRef(ctx, tx, "TK-", `SELECT COUNT(*) FROM tickets WHERE ref = ?`)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO tickets (ref, kind, status, conversation_id, customer_id, order_id,
			summary, details, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ref, t.Kind, t.Status, t.ConversationID, nullID(t.CustomerID), nullID(t.OrderID), t.Summary, details,
			encodeTime(t.CreatedAt), encodeTime(t.CreatedAt))
		if err != nil {
			return err
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		t.Ref = ref
		for i := range t.Attachments {
			t.Attachments[i].TicketID = t.ID
			if t.Attachments[i], err = db.insertAttachment(ctx, tx, t.Attachments[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return storage.Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	return t, nil
}

func encodeDetails(d map[string]string) (string, error) {
	if len(d) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encode details: %w", err)
	}
	return string(b), nil
}

// AddAttachment adds a file to an existing ticket, such as a photo sent
// after the ticket was opened. An unknown ticket gives storage.ErrNotFound.
func (db *DB) AddAttachment(ctx context.Context, a storage.Attachment) (storage.Attachment, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM tickets WHERE id = ?`, a.TicketID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return storage.ErrNotFound
		}
		var err error
		a, err = db.insertAttachment(ctx, tx, a)
		return err
	})
	if err != nil {
		return storage.Attachment{}, fmt.Errorf("add attachment to ticket %d: %w", a.TicketID, err)
	}
	return a, nil
}

func (db *DB) insertAttachment(ctx context.Context, tx *sql.Tx, a storage.Attachment) (storage.Attachment, error) {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = db.now()
	}
	a.CreatedAt = a.CreatedAt.UTC()
	data := a.Data
	if data == nil {
		data = []byte{}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO attachments (ticket_id, name, content_type, data, created_at)
		VALUES (?, ?, ?, ?, ?)`, a.TicketID, a.Name, a.ContentType, data, encodeTime(a.CreatedAt))
	if err != nil {
		return storage.Attachment{}, fmt.Errorf("attachment %q: %w", a.Name, err)
	}
	a.ID, err = res.LastInsertId()
	return a, err
}

// SetTicketStatus sets a ticket's status, one of storage.TicketStatuses
// (the outcome stays). An unknown ticket gives
// storage.ErrNotFound.
func (db *DB) SetTicketStatus(ctx context.Context, ticketID int64, status string) error {
	if !slices.Contains(storage.TicketStatuses, status) {
		return fmt.Errorf("set ticket %d status: unknown status %q", ticketID, status)
	}
	if err := db.updateTicket(ctx, `UPDATE tickets SET status = ?, updated_at = ? WHERE id = ?`,
		status, encodeTime(db.now()), ticketID); err != nil {
		return fmt.Errorf("set ticket %d status: %w", ticketID, err)
	}
	return nil
}

// SetTicketDetail sets one entry of a ticket's details, a key of
// lower-case letters, digits and underscores. An unknown ticket gives
// storage.ErrNotFound.
func (db *DB) SetTicketDetail(ctx context.Context, ticketID int64, key, value string) error {
	if !storage.ValidDetailKey(key) {
		return fmt.Errorf("set ticket %d detail: invalid key %q", ticketID, key)
	}
	if err := db.updateTicket(ctx, `UPDATE tickets SET details = json_set(details, ?, ?), updated_at = ? WHERE id = ?`,
		"$."+key, value, encodeTime(db.now()), ticketID); err != nil {
		return fmt.Errorf("set ticket %d detail: %w", ticketID, err)
	}
	return nil
}

// updateTicket runs one UPDATE of a single ticket, the ticket's ID its
// last argument, as its own transaction or in the unit of work of ctx:
// storage.ErrNotFound when no ticket has that ID.
func (db *DB) updateTicket(ctx context.Context, query string, args ...any) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err == nil && n == 0 {
			err = storage.ErrNotFound
		}
		return err
	})
}

// TicketByID returns a ticket with its attachments, or storage.ErrNotFound.
func (db *DB) TicketByID(ctx context.Context, id int64) (storage.Ticket, error) {
	var t storage.Ticket
	err := db.inReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanTicket(tx.QueryRowContext(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE id = ?`, id))
		if err != nil {
			return notFound(err)
		}
		t.Attachments, err = attachmentsOf(ctx, tx, id)
		return err
	})
	if err != nil {
		return storage.Ticket{}, fmt.Errorf("ticket %d: %w", id, err)
	}
	return t, nil
}

func attachmentsOf(ctx context.Context, tx *sql.Tx, ticketID int64) ([]storage.Attachment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, ticket_id, name, content_type, data, created_at
		FROM attachments WHERE ticket_id = +? ORDER BY id`, ticketID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []storage.Attachment
	for rows.Next() {
		var a storage.Attachment
		if err := rows.Scan(&a.ID, &a.TicketID, &a.Name, &a.ContentType, &a.Data, at(&a.CreatedAt)); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

const ticketColumns = `id, ref, kind, status, conversation_id, customer_id, order_id, summary, details, created_at,
	outcome, updated_at`

func scanTicket(row interface{ Scan(...any) error }) (storage.Ticket, error) {
	var t storage.Ticket
	var details string
	err := row.Scan(&t.ID, &t.Ref, &t.Kind, &t.Status, &t.ConversationID, optionalID(&t.CustomerID),
		optionalID(&t.OrderID), &t.Summary, &details, at(&t.CreatedAt), &t.Outcome, at(&t.UpdatedAt))
	if err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(details), &t.Details); err != nil {
		return t, fmt.Errorf("decode details: %w", err)
	}
	return t, nil
}

// TicketsByCustomer returns the customer's tickets, newest first, without
// their attachments.
func (db *DB) TicketsByCustomer(ctx context.Context, customerID int64) ([]storage.Ticket, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT `+ticketColumns+` FROM tickets
		WHERE customer_id = +? ORDER BY created_at DESC, id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("tickets of customer %d: %w", customerID, err)
	}
	defer rows.Close()
	var list []storage.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("tickets of customer %d: %w", customerID, err)
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tickets of customer %d: %w", customerID, err)
	}
	return list, nil
}

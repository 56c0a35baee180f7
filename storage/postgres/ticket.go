package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

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
	t.CreatedAt = stamp(t.CreatedAt)
	t.UpdatedAt = t.CreatedAt
	details, err := encodeDetails(t.Details)
	if err != nil {
		return storage.Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	t.Attachments = append([]storage.Attachment(nil), t.Attachments...)
	err = db.write(ctx, func(tx pgx.Tx) error {
		ref, err := insertWithRef(ctx, tx, "TK-", func(ref string) (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO tickets (ref, kind, status, conversation_id, customer_id, order_id,
				summary, details, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
				ON CONFLICT (ref) DO NOTHING RETURNING id`,
				ref, t.Kind, t.Status, t.ConversationID, nullID(t.CustomerID), nullID(t.OrderID), t.Summary, details,
				t.CreatedAt).Scan(&id)
			return id, err
		}, &t.ID)
		if err != nil {
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

// insertWithRef draws references until insert, whose INSERT ... ON
// CONFLICT (ref) DO NOTHING RETURNING id finds no row when the reference
// is taken, stores one; it sets *id and returns the reference. Unlike a
// check then an insert, this holds when another replica draws the same
// reference at the same moment.
func insertWithRef(ctx context.Context, tx pgx.Tx, prefix string, insert func(ref string) (int64, error), id *int64) (string, error) {
	for range maxRefTries {
		ref := newRef(prefix)
		n, err := insert(ref)
		switch {
		case err == nil:
			*id = n
			return ref, nil
		case !errors.Is(err, pgx.ErrNoRows):
			return "", err
		}
	}
	return "", fmt.Errorf("no free %s reference after %d tries", prefix, maxRefTries)
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
	err := db.write(ctx, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM tickets WHERE id = $1`, a.TicketID).Scan(&n); err != nil {
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

func (db *DB) insertAttachment(ctx context.Context, tx pgx.Tx, a storage.Attachment) (storage.Attachment, error) {
	if a.CreatedAt.IsZero() {
		a.CreatedAt = db.now()
	}
	a.CreatedAt = stamp(a.CreatedAt)
	data := a.Data
	if data == nil {
		data = []byte{}
	}
	err := tx.QueryRow(ctx, `INSERT INTO attachments (ticket_id, name, content_type, data, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, a.TicketID, a.Name, a.ContentType, data, a.CreatedAt).Scan(&a.ID)
	if err != nil {
		return storage.Attachment{}, fmt.Errorf("attachment %q: %w", a.Name, err)
	}
	return a, nil
}

// SetTicketStatus sets a ticket's status, one of storage.TicketStatuses
// (the outcome stays). An unknown ticket gives storage.ErrNotFound.
func (db *DB) SetTicketStatus(ctx context.Context, ticketID int64, status string) error {
	if !slices.Contains(storage.TicketStatuses, status) {
		return fmt.Errorf("set ticket %d status: unknown status %q", ticketID, status)
	}
	tag, err := db.exec(ctx, `UPDATE tickets SET status = $1, updated_at = $2 WHERE id = $3`, status, db.now(), ticketID)
	if err == nil && tag.RowsAffected() == 0 {
		err = storage.ErrNotFound
	}
	if err != nil {
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
	tag, err := db.exec(ctx, `UPDATE tickets SET details = details || jsonb_build_object($1::text, $2::text), updated_at = $3 WHERE id = $4`,
		key, value, db.now(), ticketID)
	if err == nil && tag.RowsAffected() == 0 {
		err = storage.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("set ticket %d detail: %w", ticketID, err)
	}
	return nil
}

// TicketByID returns a ticket with its attachments, or storage.ErrNotFound.
func (db *DB) TicketByID(ctx context.Context, id int64) (storage.Ticket, error) {
	var t storage.Ticket
	err := db.snapshot(ctx, func(q querier) error {
		var err error
		t, err = ticketByID(ctx, q, id)
		return err
	})
	if err != nil {
		return storage.Ticket{}, fmt.Errorf("ticket %d: %w", id, err)
	}
	return t, nil
}

func ticketByID(ctx context.Context, q querier, id int64) (storage.Ticket, error) {
	t, err := scanTicket(q.QueryRow(ctx, `SELECT `+ticketColumns+` FROM tickets WHERE id = $1`, id))
	if err != nil {
		return t, notFound(err)
	}
	rows, err := q.Query(ctx, `SELECT id, ticket_id, name, content_type, data, created_at
		FROM attachments WHERE ticket_id = $1 ORDER BY id`, id)
	if err != nil {
		return t, err
	}
	t.Attachments, err = collect(rows, func(row pgx.CollectableRow) (storage.Attachment, error) {
		var a storage.Attachment
		err := row.Scan(&a.ID, &a.TicketID, &a.Name, &a.ContentType, &a.Data, at(&a.CreatedAt))
		return a, err
	})
	return t, err
}

// ticketColumns are what scanTicket reads: a ticket without its
// attachments.
const ticketColumns = `id, ref, kind, status, conversation_id, customer_id, order_id, summary, details::text,
	created_at, outcome, updated_at`

func scanTicket(row pgx.Row) (storage.Ticket, error) {
	var t storage.Ticket
	var details []byte
	err := row.Scan(&t.ID, &t.Ref, &t.Kind, &t.Status, &t.ConversationID, optionalID(&t.CustomerID),
		optionalID(&t.OrderID), &t.Summary, &details, at(&t.CreatedAt), &t.Outcome, at(&t.UpdatedAt))
	if err != nil {
		return t, err
	}
	if err := json.Unmarshal(details, &t.Details); err != nil {
		return t, fmt.Errorf("decode details: %w", err)
	}
	return t, nil
}

// ticketsWhere reads tickets without their attachments.
func (db *DB) ticketsWhere(ctx context.Context, query string, args ...any) ([]storage.Ticket, error) {
	var list []storage.Ticket
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		list, err = collect(rows, func(row pgx.CollectableRow) (storage.Ticket, error) { return scanTicket(row) })
		return err
	})
	return list, err
}

// TicketsByCustomer returns the customer's tickets, newest first, without
// their attachments.
func (db *DB) TicketsByCustomer(ctx context.Context, customerID int64) ([]storage.Ticket, error) {
	list, err := db.ticketsWhere(ctx, `SELECT `+ticketColumns+` FROM tickets
		WHERE customer_id = $1 ORDER BY created_at DESC, id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("tickets of customer %d: %w", customerID, err)
	}
	return list, nil
}

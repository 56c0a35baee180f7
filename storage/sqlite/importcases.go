package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"supportbot/storage"
)

// setAddresses replaces a customer's delivery addresses with the file's;
// nil leaves them. It reports whether they changed.
func (im *importer) setAddresses(ctx context.Context, rec string, customerID int64, list []storage.Address) (bool, error) {
	if list == nil {
		return false, nil
	}
	rows, err := im.tx.QueryContext(ctx, `SELECT label, name, line1, line2, postal_code, city, country, is_default
		FROM customer_addresses WHERE customer_id = +? ORDER BY position`, customerID)
	if err != nil {
		return false, fmt.Errorf("%s: addresses: %w", rec, err)
	}
	var old []storage.Address
	for rows.Next() {
		var a storage.Address
		if err := rows.Scan(&a.Label, &a.Name, &a.Line1, &a.Line2, &a.PostalCode, &a.City, &a.Country, &a.Default); err != nil {
			rows.Close()
			return false, fmt.Errorf("%s: addresses: %w", rec, err)
		}
		old = append(old, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("%s: addresses: %w", rec, err)
	}
	if slices.Equal(old, list) {
		return false, nil
	}
	if _, err := im.tx.ExecContext(ctx, `DELETE FROM customer_addresses WHERE customer_id = ?`, customerID); err != nil {
		return false, fmt.Errorf("%s: addresses: %w", rec, err)
	}
	for i, a := range list {
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO customer_addresses (customer_id, position, label, name, line1, line2,
			postal_code, city, country, is_default) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, customerID, i, a.Label, a.Name,
			a.Line1, a.Line2, a.PostalCode, a.City, a.Country, a.Default); err != nil {
			return false, fmt.Errorf("%s: addresses[%d]: %w", rec, i, err)
		}
	}
	return true, nil
}

// ticket updates the status and outcome of a case matched by reference,
// or creates it for the order named. A kind or an order given for a
// stored case must be its own: the file cannot move a case.
func (im *importer) ticket(ctx context.Context, rec string, t storage.ImportTicket) error {
	var id, orderID int64
	var kind string
	err := im.tx.QueryRowContext(ctx, `SELECT id, kind, COALESCE(order_id, 0) FROM tickets WHERE ref = ?`, t.Ref).
		Scan(&id, &kind, &orderID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return im.newTicket(ctx, rec, t)
	case err != nil:
		return fmt.Errorf("%s: %w", rec, err)
	}
	if t.Kind != "" && t.Kind != kind {
		im.problem(rec, "kind", "this case is of kind %s, got %s", kind, t.Kind)
		return nil
	}
	if t.Order != "" {
		o, ok, err := im.importedOrder(ctx, rec, t.Order)
		if !ok || err != nil {
			return err
		}
		if o.ID != orderID {
			im.problem(rec, "order", "this case is not about order %s", o.Number)
			return nil
		}
	}
	if _, err := im.tx.ExecContext(ctx, `UPDATE tickets SET status = ?, outcome = ?, updated_at = ? WHERE id = ?`,
		t.Status, t.Outcome, im.now, id); err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	im.stats.TicketsMatched++
	return nil
}

// newTicket creates a case the shop opened itself, for its order's customer.
func (im *importer) newTicket(ctx context.Context, rec string, t storage.ImportTicket) error {
	if missing := t.MissingForNew(); len(missing) > 0 {
		for _, field := range missing {
			im.problem(rec, field, "required for a case the store does not hold yet")
		}
		return nil
	}
	o, ok, err := im.importedOrder(ctx, rec, t.Order)
	if !ok || err != nil {
		return err
	}
	if _, err := im.tx.ExecContext(ctx, `INSERT INTO tickets (ref, kind, status, conversation_id, customer_id, order_id,
		summary, details, outcome, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?, ?, '{}', ?, ?, ?)`,
		t.Ref, t.Kind, t.Status, o.CustomerID, o.ID, t.Summary, t.Outcome, encodeTime(t.CreatedAt), im.now); err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	im.stats.TicketsNew++
	return nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// ticket updates the status and outcome of a case matched by reference,
// or creates it for the order named. A kind or an order given for a
// stored case must be its own: the file cannot move a case. The case is
// locked as it is read, so that an agent changing its status meanwhile
// waits for the import rather than being overwritten unseen.
func (im *importer) ticket(ctx context.Context, rec string, t storage.ImportTicket) error {
	var id, orderID int64
	var kind string
	err := im.tx.QueryRow(ctx, `SELECT id, kind, COALESCE(order_id, 0) FROM tickets WHERE ref = $1 FOR UPDATE`, t.Ref).
		Scan(&id, &kind, &orderID)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
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
	if _, err := im.tx.Exec(ctx, `UPDATE tickets SET status = $1, outcome = $2, updated_at = $3 WHERE id = $4`,
		t.Status, t.Outcome, im.now, id); err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	im.stats.TicketsMatched++
	return nil
}

// newTicket creates a case the shop opened itself, for its order's
// customer.
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
	if _, err := im.tx.Exec(ctx, `INSERT INTO tickets (ref, kind, status, conversation_id, customer_id, order_id,
		summary, details, outcome, created_at, updated_at) VALUES ($1, $2, $3, '', $4, $5, $6, '{}', $7, $8, $9)`,
		t.Ref, t.Kind, t.Status, o.CustomerID, o.ID, t.Summary, t.Outcome, stamp(t.CreatedAt), im.now); err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	im.stats.TicketsNew++
	return nil
}

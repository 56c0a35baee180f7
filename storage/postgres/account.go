package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

// RefundsByCustomer returns the refunds of the customer's orders, newest
// first, with the RA number of the return each one is for.
func (db *DB) RefundsByCustomer(ctx context.Context, customerID int64) ([]storage.Refund, error) {
	var list []storage.Refund
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT f.id, f.order_id, COALESCE(f.return_id, 0), COALESCE(r.ra_number, ''),
			f.amount_cents, f.currency, f.method, f.refunded_at
			FROM refunds f JOIN orders o ON o.id = f.order_id LEFT JOIN returns r ON r.id = f.return_id
			WHERE o.customer_id = $1 ORDER BY f.refunded_at DESC, f.id DESC`, customerID)
		if err != nil {
			return err
		}
		list, err = collect(rows, func(row pgx.CollectableRow) (storage.Refund, error) {
			var f storage.Refund
			err := row.Scan(&f.ID, &f.OrderID, &f.ReturnID, &f.RANumber, &f.AmountCents, &f.Currency, &f.Method,
				at(&f.RefundedAt))
			return f, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("refunds of customer %d: %w", customerID, err)
	}
	return list, nil
}

// VouchersByCustomer returns the customer's vouchers, those ending soonest
// first and those without an end last.
func (db *DB) VouchersByCustomer(ctx context.Context, customerID int64) ([]storage.Voucher, error) {
	var list []storage.Voucher
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT id, customer_id, code, amount_cents, percent, currency,
			minimum_order_cents, valid_from, valid_until, used, origin
			FROM vouchers WHERE customer_id = $1 ORDER BY valid_until IS NULL, valid_until, id`, customerID)
		if err != nil {
			return err
		}
		list, err = collect(rows, func(row pgx.CollectableRow) (storage.Voucher, error) {
			var v storage.Voucher
			err := row.Scan(&v.ID, &v.CustomerID, &v.Code, &v.AmountCents, &v.Percent, &v.Currency, &v.MinimumOrderCents,
				at(&v.ValidFrom), at(&v.ValidUntil), &v.Used, &v.Origin)
			return v, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("vouchers of customer %d: %w", customerID, err)
	}
	return list, nil
}

// AddressesByCustomer returns the customer's delivery addresses in the
// shop's order (the default among them).
func (db *DB) AddressesByCustomer(ctx context.Context, customerID int64) ([]storage.Address, error) {
	var list []storage.Address
	err := db.read(ctx, func(q querier) (err error) {
		list, err = addressesOf(ctx, q, customerID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("addresses of customer %d: %w", customerID, err)
	}
	return list, nil
}

func addressesOf(ctx context.Context, q querier, customerID int64) ([]storage.Address, error) {
	rows, err := q.Query(ctx, `SELECT label, name, line1, line2, postal_code, city, country, is_default
		FROM customer_addresses WHERE customer_id = $1 ORDER BY position`, customerID)
	if err != nil {
		return nil, err
	}
	return collect(rows, scanAddress)
}

func scanAddress(row pgx.CollectableRow) (storage.Address, error) {
	var a storage.Address
	err := row.Scan(&a.Label, &a.Name, &a.Line1, &a.Line2, &a.PostalCode, &a.City, &a.Country, &a.Default)
	return a, err
}

// RefundsWaiting lists the refunds the shop owes and has not recorded,
// oldest first: returns received before the time given (and not refunded,
// rejected or cancelled) with no refund, and cancelled orders with a total
// cancelled before it, with no refund. A return counts the price of its
// items; a cancelled order its total. Order numbers of the same time sort
// byte by byte (COLLATE "C"), as SQLite sorts them, whatever the
// database's locale.
func (db *DB) RefundsWaiting(ctx context.Context, before time.Time) ([]storage.WaitingRefund, error) {
	var list []storage.WaitingRefund
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT * FROM (
			SELECT o.id, o.number, o.customer_id, o.email, r.ra_number, r.received_at AS since,
				COALESCE((SELECT SUM(ri.quantity * i.unit_price_cents) FROM return_items ri
					JOIN order_items i ON i.id = ri.item_id WHERE ri.return_id = r.id), 0)::bigint,
				o.currency
			FROM returns r JOIN orders o ON o.id = r.order_id
			WHERE r.status = $1 AND r.received_at < $2
				AND NOT EXISTS (SELECT 1 FROM refunds f WHERE f.return_id = r.id)
			UNION ALL
			SELECT o.id, o.number, o.customer_id, o.email, '', o.cancelled_at, o.total_cents, o.currency
			FROM orders o
			WHERE o.status = $3 AND o.total_cents > 0 AND o.cancelled_at < $2
				AND NOT EXISTS (SELECT 1 FROM refunds f WHERE f.order_id = o.id AND f.return_id IS NULL)
			) w ORDER BY since, number COLLATE "C"`, storage.ReturnReceived, stamp(before), storage.StatusCancelled)
		if err != nil {
			return err
		}
		list, err = collect(rows, func(row pgx.CollectableRow) (storage.WaitingRefund, error) {
			var w storage.WaitingRefund
			err := row.Scan(&w.OrderID, &w.OrderNumber, &w.CustomerID, &w.Email, &w.RANumber, at(&w.Since),
				&w.AmountCents, &w.Currency)
			return w, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("refunds waiting: %w", err)
	}
	return list, nil
}

// OpenTickets lists the tickets of the kinds given that are not closed
// (open or in progress), oldest first, without their attachments.
func (db *DB) OpenTickets(ctx context.Context, kinds ...string) ([]storage.Ticket, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	list, err := db.ticketsWhere(ctx, openTicketsQuery, kinds)
	if err != nil {
		return nil, fmt.Errorf("open tickets: %w", err)
	}
	return list, nil
}

// openTicketsQuery reads the tickets not closed of the kinds $1. The
// statuses are written out, not passed, so that the planner can use the
// partial index of the tickets not closed (tickets_not_closed).
const openTicketsQuery = `SELECT ` + ticketColumns + ` FROM tickets
	WHERE status IN ('open', 'in_progress') AND kind = ANY($1) ORDER BY created_at, id`

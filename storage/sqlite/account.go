package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"supportbot/storage"
)

// RefundsByCustomer returns the refunds of the customer's orders, newest
// first, with the RA number of the return each one is for.
func (db *DB) RefundsByCustomer(ctx context.Context, customerID int64) ([]storage.Refund, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT f.id, f.order_id, COALESCE(f.return_id, 0), COALESCE(r.ra_number, ''),
		f.amount_cents, f.currency, f.method, f.refunded_at
		FROM refunds f JOIN orders o ON o.id = f.order_id LEFT JOIN returns r ON r.id = f.return_id
		WHERE o.customer_id = +? ORDER BY f.refunded_at DESC, f.id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("refunds of customer %d: %w", customerID, err)
	}
	defer rows.Close()
	var list []storage.Refund
	for rows.Next() {
		var f storage.Refund
		if err := rows.Scan(&f.ID, &f.OrderID, &f.ReturnID, &f.RANumber, &f.AmountCents, &f.Currency, &f.Method,
			at(&f.RefundedAt)); err != nil {
			return nil, fmt.Errorf("refunds of customer %d: %w", customerID, err)
		}
		list = append(list, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("refunds of customer %d: %w", customerID, err)
	}
	return list, nil
}

// VouchersByCustomer returns the customer's vouchers, those ending soonest
// first and those without an end last.
func (db *DB) VouchersByCustomer(ctx context.Context, customerID int64) ([]storage.Voucher, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT id, customer_id, code, amount_cents, percent, currency,
		minimum_order_cents, valid_from, valid_until, used, origin
		FROM vouchers WHERE customer_id = +? ORDER BY valid_until IS NULL, valid_until, id`, customerID)
	if err != nil {
		return nil, fmt.Errorf("vouchers of customer %d: %w", customerID, err)
	}
	defer rows.Close()
	var list []storage.Voucher
	for rows.Next() {
		var v storage.Voucher
		if err := rows.Scan(&v.ID, &v.CustomerID, &v.Code, &v.AmountCents, &v.Percent, &v.Currency, &v.MinimumOrderCents,
			at(&v.ValidFrom), at(&v.ValidUntil), &v.Used, &v.Origin); err != nil {
			return nil, fmt.Errorf("vouchers of customer %d: %w", customerID, err)
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("vouchers of customer %d: %w", customerID, err)
	}
	return list, nil
}

// AddressesByCustomer returns the customer's delivery addresses in the
// shop's order (the default among them).
func (db *DB) AddressesByCustomer(ctx context.Context, customerID int64) ([]storage.Address, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT label, name, line1, line2, postal_code, city, country, is_default
		FROM customer_addresses WHERE customer_id = +? ORDER BY position`, customerID)
	if err != nil {
		return nil, fmt.Errorf("addresses of customer %d: %w", customerID, err)
	}
	defer rows.Close()
	var list []storage.Address
	for rows.Next() {
		var a storage.Address
		if err := rows.Scan(&a.Label, &a.Name, &a.Line1, &a.Line2, &a.PostalCode, &a.City, &a.Country, &a.Default); err != nil {
			return nil, fmt.Errorf("addresses of customer %d: %w", customerID, err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("addresses of customer %d: %w", customerID, err)
	}
	return list, nil
}

// RefundsWaiting lists the refunds the shop owes and has not recorded,
// oldest first: returns received before the time given (and not refunded,
// rejected or cancelled) with no refund, and cancelled orders with a total
// cancelled before it, with no refund. A return counts the price of its
// items; a cancelled order its total.
func (db *DB) RefundsWaiting(ctx context.Context, before time.Time) ([]storage.WaitingRefund, error) {
	b := encodeTime(before)
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT o.id, o.number, o.customer_id, o.email, r.ra_number, r.received_at,
			COALESCE((SELECT SUM(ri.quantity * i.unit_price_cents) FROM return_items ri JOIN order_items i ON i.id = ri.item_id
				WHERE ri.return_id = r.id), 0), o.currency
		FROM returns r JOIN orders o ON o.id = r.order_id
		WHERE r.status = +? AND r.received_at IS NOT NULL AND r.received_at < ?
			AND NOT EXISTS (SELECT 1 FROM refunds f WHERE f.return_id = r.id)
		UNION ALL
		SELECT o.id, o.number, o.customer_id, o.email, '', o.cancelled_at, o.total_cents, o.currency
		FROM orders o
		WHERE o.status = +? AND o.total_cents > 0 AND o.cancelled_at IS NOT NULL AND o.cancelled_at < ?
			AND NOT EXISTS (SELECT 1 FROM refunds f WHERE f.order_id = o.id AND f.return_id IS NULL)
		ORDER BY 6, 2`, storage.ReturnReceived, b, storage.StatusCancelled, b)
	if err != nil {
		return nil, fmt.Errorf("refunds waiting: %w", err)
	}
	defer rows.Close()
	var list []storage.WaitingRefund
	for rows.Next() {
		var w storage.WaitingRefund
		if err := rows.Scan(&w.OrderID, &w.OrderNumber, &w.CustomerID, &w.Email, &w.RANumber, at(&w.Since),
			&w.AmountCents, &w.Currency); err != nil {
			return nil, fmt.Errorf("refunds waiting: %w", err)
		}
		list = append(list, w)
	}
	if err := rows.Err(); err != nil {
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
	args := []any{storage.TicketOpen, storage.TicketInProgress}
	marks := make([]string, len(kinds))
	for i, k := range kinds {
		marks[i] = "?"
		args = append(args, k)
	}
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT `+ticketColumns+` FROM tickets
		WHERE status IN (?, ?) AND kind IN (`+strings.Join(marks, ", ")+`) ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("open tickets: %w", err)
	}
	defer rows.Close()
	var list []storage.Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, fmt.Errorf("open tickets: %w", err)
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("open tickets: %w", err)
	}
	return list, nil
}

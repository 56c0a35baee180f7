package postgres

import (
	"context"
	"fmt"

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

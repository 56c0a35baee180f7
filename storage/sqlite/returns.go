package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"supportbot/storage"
)

// CreateReturn stores a return authorisation with a new random RA number
// ("RA-" and 8 letters or digits) and returns it. Status defaults to open
// and CreatedAt to now; CustomerID, if zero, is the order's customer.
//
// In the same transaction it checks that the order exists and belongs to
// the customer and that every item is a line of that order (otherwise
// storage.ErrNotFound), and that no item is returned more times than it was
// bought, counting the returns not cancelled (otherwise storage.ErrConflict).
// Which items may be returned at all is the caller's policy.
func (db *DB) CreateReturn(ctx context.Context, r storage.Return) (storage.Return, error) {
	if err := checkReturnItems(r.Items); err != nil {
		return storage.Return{}, fmt.Errorf("create return: %w", err)
	}
	if r.Status == "" {
		r.Status = storage.ReturnOpen
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = db.now()
	}
	r.CreatedAt = r.CreatedAt.UTC()
	r.Items = append([]storage.ReturnItem(nil), r.Items...)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var owner int64
		if err := tx.QueryRowContext(ctx, `SELECT customer_id FROM orders WHERE id = ?`, r.OrderID).Scan(&owner); err != nil {
			return fmt.Errorf("order %d: %w", r.OrderID, notFound(err))
		}
		if r.CustomerID == 0 {
			r.CustomerID = owner
		} else if r.CustomerID != owner {
			return fmt.Errorf("order %d of customer %d: %w", r.OrderID, r.CustomerID, storage.ErrNotFound)
		}
		for _, it := range r.Items {
			if err := checkReturnable(ctx, tx, r.OrderID, it); err != nil {
				return err
			}
		}
		ra, err := unusedRef(ctx, tx, "RA-", `SELECT COUNT(*) FROM returns WHERE ra_number = ?`)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO returns (ra_number, order_id, customer_id, reason, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, ra, r.OrderID, r.CustomerID, r.Reason, r.Status, encodeTime(r.CreatedAt))
		if err != nil {
			return err
		}
		if r.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		r.RANumber = ra
		for _, it := range r.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO return_items (return_id, item_id, quantity) VALUES (?, ?, ?)`,
				r.ID, it.ItemID, it.Quantity); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return storage.Return{}, fmt.Errorf("create return: %w", err)
	}
	return r, nil
}

func checkReturnItems(items []storage.ReturnItem) error {
	if len(items) == 0 {
		return errors.New("no items")
	}
	seen := make(map[int64]bool, len(items))
	for _, it := range items {
		if it.Quantity < 1 {
			return fmt.Errorf("item %d: quantity %d", it.ItemID, it.Quantity)
		}
		if seen[it.ItemID] {
			return fmt.Errorf("item %d listed twice", it.ItemID)
		}
		seen[it.ItemID] = true
	}
	return nil
}

// checkReturnable checks that the item is a line of the order and that
// enough units remain to be returned.
func checkReturnable(ctx context.Context, tx *sql.Tx, orderID int64, it storage.ReturnItem) error {
	var bought, returned int
	err := tx.QueryRowContext(ctx, `SELECT quantity FROM order_items WHERE id = ? AND order_id = ?`,
		it.ItemID, orderID).Scan(&bought)
	if err != nil {
		return fmt.Errorf("item %d of order %d: %w", it.ItemID, orderID, notFound(err))
	}
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(ri.quantity), 0) FROM return_items ri
		JOIN returns r ON r.id = ri.return_id WHERE ri.item_id = ? AND r.status <> ?`,
		it.ItemID, storage.ReturnCancelled).Scan(&returned)
	if err != nil {
		return fmt.Errorf("item %d: %w", it.ItemID, err)
	}
	if returned+it.Quantity > bought {
		return fmt.Errorf("item %d: %d bought, %d already returned, %d more asked: %w",
			it.ItemID, bought, returned, it.Quantity, storage.ErrConflict)
	}
	return nil
}

// unusedRef draws references until one is not taken. Inside a write
// transaction nobody else can take it before the insert.
func unusedRef(ctx context.Context, tx *sql.Tx, prefix, countQuery string) (string, error) {
	for range maxRefTries {
		ref := newRef(prefix)
		var n int
		if err := tx.QueryRowContext(ctx, countQuery, ref).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return ref, nil
		}
	}
	return "", fmt.Errorf("no free %s reference after %d tries", prefix, maxRefTries)
}

// ReturnsByCustomer returns the customer's returns with their items, newest
// first. One statement, like OrdersByCustomer: one consistent snapshot
// without a read transaction's BEGIN and ROLLBACK, which a customer
// without returns (most of them, and every points balance reads them)
// paid for a single query.
func (db *DB) ReturnsByCustomer(ctx context.Context, customerID int64) ([]storage.Return, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT r.id, r.ra_number, r.order_id, r.customer_id, r.reason,
		r.status, r.created_at, r.received_at, r.rejection_reason, ri.item_id, ri.quantity
		FROM returns r LEFT JOIN return_items ri ON ri.return_id = r.id
		WHERE r.customer_id = +? ORDER BY r.created_at DESC, r.id DESC, ri.item_id`, customerID)
	if err != nil {
		return nil, fmt.Errorf("returns of customer %d: %w", customerID, err)
	}
	list, err := scanReturnsWithItems(rows)
	if err != nil {
		return nil, fmt.Errorf("returns of customer %d: %w", customerID, err)
	}
	return list, nil
}

// scanReturnsWithItems reads the rows of returns LEFT JOIN return_items,
// one row per item (or one with NULL item columns for a return without
// items), a return's rows together; it closes rows.
func scanReturnsWithItems(rows *sql.Rows) ([]storage.Return, error) {
	defer rows.Close()
	var list []storage.Return
	for rows.Next() {
		var r storage.Return
		var itemID, quantity sql.NullInt64
		if err := rows.Scan(&r.ID, &r.RANumber, &r.OrderID, &r.CustomerID, &r.Reason, &r.Status, at(&r.CreatedAt),
			at(&r.ReceivedAt), &r.RejectionReason, &itemID, &quantity); err != nil {
			return nil, err
		}
		if n := len(list); n == 0 || list[n-1].ID != r.ID {
			list = append(list, r)
		}
		if itemID.Valid {
			last := &list[len(list)-1]
			last.Items = append(last.Items, storage.ReturnItem{ItemID: itemID.Int64, Quantity: int(quantity.Int64)})
		}
	}
	return list, rows.Err()
}

// SetReturnStatus moves a return along (received, refunded) or cancels it;
// a cancelled return frees its units to be returned again, and is final:
// changing it again fails with storage.ErrConflict.
func (db *DB) SetReturnStatus(ctx context.Context, returnID int64, status string) error {
	switch status {
	case storage.ReturnOpen, storage.ReturnReceived, storage.ReturnRefunded, storage.ReturnCancelled:
	default:
		return fmt.Errorf("set return %d status: unknown status %q", returnID, status)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM returns WHERE id = ?`, returnID).Scan(&current); err != nil {
			return notFound(err)
		}
		if current == storage.ReturnCancelled && status != current {
			return fmt.Errorf("return is cancelled: %w", storage.ErrConflict)
		}
		_, err := tx.ExecContext(ctx, `UPDATE returns SET status = ? WHERE id = ?`, status, returnID)
		return err
	})
	if err != nil {
		return fmt.Errorf("set return %d status: %w", returnID, err)
	}
	return nil
}

// WithdrawReturn cancels a return the customer gave up before sending it:
// only an open return, checked and changed in one statement, so that a
// parcel received meanwhile is never cancelled (storage.ErrConflict).
func (db *DB) WithdrawReturn(ctx context.Context, returnID int64) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE returns SET status = ? WHERE id = ? AND status = ?`,
			storage.ReturnCancelled, returnID, storage.ReturnOpen)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM returns WHERE id = ?`, returnID).Scan(&status); err != nil {
			return notFound(err)
		}
		return fmt.Errorf("return is %s: %w", status, storage.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("withdraw return %d: %w", returnID, err)
	}
	return nil
}

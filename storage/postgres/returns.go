package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

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
//
// The order lines are locked (FOR UPDATE, in ID order so that two returns
// never wait for each other) before the units already returned are
// counted: a second return of the same line, from this process or another,
// waits for the first to commit, then counts it.
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
	r.CreatedAt = stamp(r.CreatedAt)
	r.Items = append([]storage.ReturnItem(nil), r.Items...)
	err := db.write(ctx, func(tx pgx.Tx) error {
		var owner int64
		if err := tx.QueryRow(ctx, `SELECT customer_id FROM orders WHERE id = $1`, r.OrderID).Scan(&owner); err != nil {
			return fmt.Errorf("order %d: %w", r.OrderID, notFound(err))
		}
		if r.CustomerID == 0 {
			r.CustomerID = owner
		} else if r.CustomerID != owner {
			return fmt.Errorf("order %d of customer %d: %w", r.OrderID, r.CustomerID, storage.ErrNotFound)
		}
		if err := checkReturnable(ctx, tx, r.OrderID, r.Items); err != nil {
			return err
		}
		ra, err := insertWithRef(ctx, tx, "RA-", func(ra string) (int64, error) {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO returns (ra_number, order_id, customer_id, reason, status, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ra_number) DO NOTHING RETURNING id`,
				ra, r.OrderID, r.CustomerID, r.Reason, r.Status, r.CreatedAt).Scan(&id)
			return id, err
		}, &r.ID)
		if err != nil {
			return err
		}
		r.RANumber = ra
		b := &pgx.Batch{}
		for _, it := range r.Items {
			b.Queue(`INSERT INTO return_items (return_id, item_id, quantity) VALUES ($1, $2, $3)`, r.ID, it.ItemID, it.Quantity)
		}
		return tx.SendBatch(ctx, b).Close()
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

// checkReturnable locks the order lines the return takes back, checks that
// each is a line of the order and that enough units remain to be returned.
// The items are checked in the caller's order, so that the error names the
// first one at fault, as in the SQLite store.
func checkReturnable(ctx context.Context, tx pgx.Tx, orderID int64, items []storage.ReturnItem) error {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ItemID
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	rows, err := tx.Query(ctx, `SELECT i.id, i.quantity FROM order_items i WHERE i.id = ANY($1) AND i.order_id = $2
		ORDER BY i.id FOR UPDATE`, ids, orderID)
	if err != nil {
		return err
	}
	bought := make(map[int64]int, len(ids))
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return err
		}
		bought[id] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// Counted after the locks are held: a statement of its own sees the
	// returns committed while this one waited.
	returned := make(map[int64]int, len(ids))
	rows, err = tx.Query(ctx, `SELECT ri.item_id, SUM(ri.quantity) FROM return_items ri
		JOIN returns r ON r.id = ri.return_id WHERE ri.item_id = ANY($1) AND r.status <> $2 GROUP BY ri.item_id`,
		ids, storage.ReturnCancelled)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return err
		}
		returned[id] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, it := range items {
		n, ok := bought[it.ItemID]
		if !ok {
			return fmt.Errorf("item %d of order %d: %w", it.ItemID, orderID, storage.ErrNotFound)
		}
		if returned[it.ItemID]+it.Quantity > n {
			return fmt.Errorf("item %d: %d bought, %d already returned, %d more asked: %w",
				it.ItemID, n, returned[it.ItemID], it.Quantity, storage.ErrConflict)
		}
	}
	return nil
}

// ReturnsByCustomer returns the customer's returns with their items, newest
// first.
func (db *DB) ReturnsByCustomer(ctx context.Context, customerID int64) ([]storage.Return, error) {
	var list []storage.Return
	err := db.read(ctx, func(q querier) error {
		var err error
		list, err = returnsWhere(ctx, q, `r.customer_id = $1`, customerID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("returns of customer %d: %w", customerID, err)
	}
	return list, nil
}

// returnsWhere reads returns with their items in one statement, newest
// first, each one's items by item ID.
func returnsWhere(ctx context.Context, q querier, where string, arg any) ([]storage.Return, error) {
	rows, err := q.Query(ctx, `SELECT r.id, r.ra_number, r.order_id, r.customer_id, r.reason, r.status, r.created_at,
		r.received_at, r.rejection_reason, ri.item_id, ri.quantity
		FROM returns r LEFT JOIN return_items ri ON ri.return_id = r.id
		WHERE `+where+` ORDER BY r.created_at DESC, r.id DESC, ri.item_id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []storage.Return
	for rows.Next() {
		var r storage.Return
		var itemID *int64
		var quantity *int
		if err := rows.Scan(&r.ID, &r.RANumber, &r.OrderID, &r.CustomerID, &r.Reason, &r.Status, at(&r.CreatedAt),
			at(&r.ReceivedAt), &r.RejectionReason, &itemID, &quantity); err != nil {
			return nil, err
		}
		if n := len(list); n == 0 || list[n-1].ID != r.ID {
			list = append(list, r)
		}
		if itemID != nil {
			last := &list[len(list)-1]
			last.Items = append(last.Items, storage.ReturnItem{ItemID: *itemID, Quantity: *quantity})
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
	err := db.write(ctx, func(tx pgx.Tx) error {
		var current string
		if err := tx.QueryRow(ctx, `SELECT status FROM returns WHERE id = $1 FOR UPDATE`, returnID).Scan(&current); err != nil {
			return notFound(err)
		}
		if current == storage.ReturnCancelled && status != current {
			return fmt.Errorf("return is cancelled: %w", storage.ErrConflict)
		}
		_, err := tx.Exec(ctx, `UPDATE returns SET status = $1 WHERE id = $2`, status, returnID)
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
	err := db.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE returns SET status = $1 WHERE id = $2 AND status = $3`,
			storage.ReturnCancelled, returnID, storage.ReturnOpen)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 1 {
			return nil
		}
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM returns WHERE id = $1`, returnID).Scan(&status); err != nil {
			return notFound(err)
		}
		return fmt.Errorf("return is %s: %w", status, storage.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("withdraw return %d: %w", returnID, err)
	}
	return nil
}

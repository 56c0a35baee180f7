package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"supportbot/storage"
)

const orderColumns = `id, number, customer_id, email, placed_at, channel, status, carrier,
	tracking_number, shipped_at, delivered_at, cancelled_at, total_cents, currency, paid_with_gift_card,
	invoice_number, invoice_date, invoice_url, ship_name, ship_line1, ship_line2, ship_postal_code, ship_city, ship_country`

func scanOrder(row interface{ Scan(...any) error }) (storage.Order, error) {
	var o storage.Order
	err := row.Scan(&o.ID, &o.Number, &o.CustomerID, &o.Email, at(&o.PlacedAt), &o.Channel, &o.Status,
		&o.Carrier, &o.TrackingNumber, at(&o.ShippedAt), at(&o.DeliveredAt), at(&o.CancelledAt),
		&o.TotalCents, &o.Currency, &o.PaidWithGiftCard, &o.Invoice.Number, at(&o.Invoice.Date), &o.Invoice.URL,
		&o.ShippingAddress.Name, &o.ShippingAddress.Line1, &o.ShippingAddress.Line2, &o.ShippingAddress.PostalCode,
		&o.ShippingAddress.City, &o.ShippingAddress.Country)
	return o, err
}

// OrderByNumber returns the order with its items, matching the number after
// storage.NormalizeOrderNumber ("cl 482913" finds "CL-482913"), or
// storage.ErrNotFound.
func (db *DB) OrderByNumber(ctx context.Context, number string) (storage.Order, error) {
	key := storage.NormalizeOrderNumber(number)
	if key == "" {
		return storage.Order{}, fmt.Errorf("order by number: %w", storage.ErrNotFound)
	}
	return db.orderWhere(ctx, "order by number", `number_key = +?`, key)
}

// OrderByID returns the order with its items, or storage.ErrNotFound.
func (db *DB) OrderByID(ctx context.Context, id int64) (storage.Order, error) {
	return db.orderWhere(ctx, fmt.Sprintf("order %d", id), `id = +?`, id)
}

// orderWhere reads an order and its items in one statement, which is one
// consistent snapshot without the cost of a transaction.
func (db *DB) orderWhere(ctx context.Context, what, where string, arg any) (storage.Order, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, ordersWithItems+`
		WHERE o.`+where+` ORDER BY i.line`, arg)
	if err != nil {
		return storage.Order{}, fmt.Errorf("%s: %w", what, err)
	}
	orders, err := scanOrdersWithItems(rows)
	if err != nil {
		return storage.Order{}, fmt.Errorf("%s: %w", what, err)
	}
	if len(orders) == 0 {
		return storage.Order{}, fmt.Errorf("%s: %w", what, storage.ErrNotFound)
	}
	return orders[0], nil
}

// prefixed qualifies each column of a list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// OrdersByCustomer returns the customer's orders with their items, newest
// first. A customer without orders gets an empty list.
func (db *DB) OrdersByCustomer(ctx context.Context, customerID int64) ([]storage.Order, error) {
	// One statement, like orderWhere: one consistent snapshot without a
	// transaction's BEGIN and COMMIT, and one query instead of two.
	rows, err := db.reader(ctx).QueryContext(ctx, ordersWithItems+`
		WHERE o.customer_id = +? ORDER BY o.placed_at DESC, o.id DESC, i.line`, customerID)
	if err != nil {
		return nil, fmt.Errorf("orders of customer %d: %w", customerID, err)
	}
	orders, err := scanOrdersWithItems(rows)
	if err != nil {
		return nil, fmt.Errorf("orders of customer %d: %w", customerID, err)
	}
	return orders, nil
}

// ordersWithItems selects orders with their items, one row per item, for
// scanOrdersWithItems; callers add the WHERE and the ORDER BY.
var ordersWithItems = `SELECT ` + prefixed("o.", orderColumns) + `,
	i.id, i.sku, i.name, i.quantity, i.unit_price_cents, i.personalized, i.kind
	FROM orders o LEFT JOIN order_items i ON i.order_id = o.id`

// scanOrdersWithItems reads the rows of orders LEFT JOIN order_items, one
// row per item (or one with NULL item columns for an order without
// items), an order's rows together; it closes rows.
func scanOrdersWithItems(rows *sql.Rows) ([]storage.Order, error) {
	defer rows.Close()
	var orders []storage.Order
	for rows.Next() {
		var o storage.Order
		var itemID sql.NullInt64
		var sku, name, kind sql.NullString
		var quantity, price sql.NullInt64
		var personalized sql.NullBool
		err := rows.Scan(&o.ID, &o.Number, &o.CustomerID, &o.Email, at(&o.PlacedAt), &o.Channel, &o.Status,
			&o.Carrier, &o.TrackingNumber, at(&o.ShippedAt), at(&o.DeliveredAt), at(&o.CancelledAt),
			&o.TotalCents, &o.Currency, &o.PaidWithGiftCard, &o.Invoice.Number, at(&o.Invoice.Date), &o.Invoice.URL,
			&o.ShippingAddress.Name, &o.ShippingAddress.Line1, &o.ShippingAddress.Line2, &o.ShippingAddress.PostalCode,
			&o.ShippingAddress.City, &o.ShippingAddress.Country,
			&itemID, &sku, &name, &quantity, &price, &personalized, &kind)
		if err != nil {
			return nil, err
		}
		if n := len(orders); n == 0 || orders[n-1].ID != o.ID {
			orders = append(orders, o)
		}
		if itemID.Valid {
			last := &orders[len(orders)-1]
			last.Items = append(last.Items, storage.Item{ID: itemID.Int64, OrderID: o.ID, SKU: sku.String, Name: name.String,
				Quantity: int(quantity.Int64), UnitPriceCents: price.Int64, Personalized: personalized.Bool, Kind: kind.String})
		}
	}
	return orders, rows.Err()
}

// scanItems reads order item rows and closes them.
func scanItems(rows *sql.Rows) (map[int64][]storage.Item, error) {
	defer rows.Close()
	items := make(map[int64][]storage.Item)
	for rows.Next() {
		var it storage.Item
		if err := rows.Scan(&it.ID, &it.OrderID, &it.SKU, &it.Name, &it.Quantity, &it.UnitPriceCents, &it.Personalized, &it.Kind); err != nil {
			return nil, err
		}
		items[it.OrderID] = append(items[it.OrderID], it)
	}
	return items, rows.Err()
}

// CancelOrder marks a pending (or preparing) order cancelled at the given time. The update
// is conditional, so an order that shipped in the meantime is not
// cancelled: that fails with storage.ErrConflict. An unknown order gives
// storage.ErrNotFound. Whether cancelling is allowed (24 hours, no
// personalised item) is the caller's policy.
func (db *DB) CancelOrder(ctx context.Context, orderID int64, when time.Time) error {
	if when.IsZero() {
		when = db.now()
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE orders SET status = ?, cancelled_at = ?, updated_at = ?
			WHERE id = ? AND status IN (?, ?)`,
			storage.StatusCancelled, encodeTime(when), encodeTime(db.now()), orderID, storage.StatusPending,
			storage.StatusPreparing)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM orders WHERE id = ?`, orderID).Scan(&status); err != nil {
			return notFound(err)
		}
		return fmt.Errorf("order is %s: %w", status, storage.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("cancel order %d: %w", orderID, err)
	}
	return nil
}

// CountOrders returns how many orders the store holds; serve --demo loads
// the demo shop only into an empty store.
func (db *DB) CountOrders(ctx context.Context) (int, error) {
	var n int
	if err := db.reader(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count orders: %w", err)
	}
	return n, nil
}

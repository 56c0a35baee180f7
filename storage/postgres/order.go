package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

const orderColumns = `id, number, customer_id, email, placed_at, channel, status, carrier,
	tracking_number, shipped_at, delivered_at, cancelled_at, total_cents, currency, paid_with_gift_card,
	invoice_number, invoice_date, invoice_url, ship_name, ship_line1, ship_line2, ship_postal_code, ship_city, ship_country`

// orderFields returns the scan targets of orderColumns.
func orderFields(o *storage.Order) []any {
	return []any{&o.ID, &o.Number, &o.CustomerID, &o.Email, at(&o.PlacedAt), &o.Channel, &o.Status,
		&o.Carrier, &o.TrackingNumber, at(&o.ShippedAt), at(&o.DeliveredAt), at(&o.CancelledAt),
		&o.TotalCents, &o.Currency, &o.PaidWithGiftCard, &o.Invoice.Number, at(&o.Invoice.Date), &o.Invoice.URL,
		&o.ShippingAddress.Name, &o.ShippingAddress.Line1, &o.ShippingAddress.Line2, &o.ShippingAddress.PostalCode,
		&o.ShippingAddress.City, &o.ShippingAddress.Country}
}

// itemColumns are an order line's columns, NULL for an order without
// lines in the LEFT JOIN of ordersWhere.
const itemColumns = `i.id, i.sku, i.name, i.quantity, i.unit_price_cents, i.personalized, i.kind`

// OrderByNumber returns the order with its items, matching the number after
// storage.NormalizeOrderNumber ("cl 482913" finds "CL-482913"), or
// storage.ErrNotFound.
func (db *DB) OrderByNumber(ctx context.Context, number string) (storage.Order, error) {
	key := storage.NormalizeOrderNumber(number)
	if key == "" {
		return storage.Order{}, fmt.Errorf("order by number: %w", storage.ErrNotFound)
	}
	return db.orderWhere(ctx, "order by number", `o.number_key = $1`, key)
}

// OrderByID returns the order with its items, or storage.ErrNotFound.
func (db *DB) OrderByID(ctx context.Context, id int64) (storage.Order, error) {
	return db.orderWhere(ctx, fmt.Sprintf("order %d", id), `o.id = $1`, id)
}

func (db *DB) orderWhere(ctx context.Context, what, where string, arg any) (storage.Order, error) {
	orders, err := db.ordersWhere(ctx, where, `o.id`, arg)
	if err != nil {
		return storage.Order{}, fmt.Errorf("%s: %w", what, err)
	}
	if len(orders) == 0 {
		return storage.Order{}, fmt.Errorf("%s: %w", what, storage.ErrNotFound)
	}
	return orders[0], nil
}

// ordersWhere reads orders and their items in one statement, which is one
// consistent snapshot without the cost of a transaction.
func (db *DB) ordersWhere(ctx context.Context, where, order string, arg any) ([]storage.Order, error) {
	var orders []storage.Order
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT `+prefixed("o.", orderColumns)+`, `+itemColumns+`
			FROM orders o LEFT JOIN order_items i ON i.order_id = o.id
			WHERE `+where+` ORDER BY `+order+`, i.line`, arg)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o storage.Order
			var it struct {
				id, price       *int64
				sku, name, kind *string
				quantity        *int
				personalized    *bool
			}
			dst := append(orderFields(&o), &it.id, &it.sku, &it.name, &it.quantity, &it.price, &it.personalized, &it.kind)
			if err := rows.Scan(dst...); err != nil {
				return err
			}
			if n := len(orders); n == 0 || orders[n-1].ID != o.ID {
				orders = append(orders, o)
			}
			if it.id != nil {
				last := &orders[len(orders)-1]
				last.Items = append(last.Items, storage.Item{ID: *it.id, OrderID: o.ID, SKU: *it.sku, Name: *it.name,
					Quantity: *it.quantity, UnitPriceCents: *it.price, Personalized: *it.personalized, Kind: *it.kind})
			}
		}
		return rows.Err()
	})
	return orders, err
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
	orders, err := db.ordersWhere(ctx, `o.customer_id = $1`, `o.placed_at DESC, o.id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("orders of customer %d: %w", customerID, err)
	}
	return orders, nil
}

// scanItems reads order item rows (itemRowColumns) by order ID and closes
// them.
func scanItems(rows pgx.Rows) (map[int64][]storage.Item, error) {
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

// itemRowColumns are what scanItems reads.
const itemRowColumns = `id, order_id, sku, name, quantity, unit_price_cents, personalized, kind`

// CancelOrder marks a pending (or preparing) order cancelled at the given
// time. The update is conditional, so an order that shipped in the
// meantime is not cancelled: that fails with storage.ErrConflict. An
// unknown order gives storage.ErrNotFound. Whether cancelling is allowed
// (24 hours, no personalised item) is the caller's policy.
func (db *DB) CancelOrder(ctx context.Context, orderID int64, when time.Time) error {
	if when.IsZero() {
		when = db.now()
	}
	err := db.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE orders SET status = $1, cancelled_at = $2, updated_at = $3
			WHERE id = $4 AND status IN ($5, $6)`,
			storage.StatusCancelled, stamp(when), db.now(), orderID, storage.StatusPending, storage.StatusPreparing)
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var status string
		if err := tx.QueryRow(ctx, `SELECT status FROM orders WHERE id = $1`, orderID).Scan(&status); err != nil {
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
	err := db.read(ctx, func(q querier) error { return q.QueryRow(ctx, `SELECT COUNT(*) FROM orders`).Scan(&n) })
	if err != nil {
		return 0, fmt.Errorf("count orders: %w", err)
	}
	return n, nil
}

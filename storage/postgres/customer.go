package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"supportbot/storage"
)

const customerColumns = `id, email, name, phone, language, loyalty_card, newsletter`

// customerWhere reads one customer.
func (db *DB) customerWhere(ctx context.Context, where string, arg any) (storage.Customer, error) {
	var c storage.Customer
	err := db.read(ctx, func(q querier) error {
		return q.QueryRow(ctx, `SELECT `+customerColumns+` FROM customers WHERE `+where, arg).
			Scan(&c.ID, &c.Email, &c.Name, &c.Phone, &c.Language, &c.LoyaltyCard, &c.Newsletter)
	})
	return c, notFound(err)
}

// CustomerByEmail returns the customer with this e-mail, compared after
// trimming and lower-casing, or storage.ErrNotFound.
func (db *DB) CustomerByEmail(ctx context.Context, email string) (storage.Customer, error) {
	c, err := db.customerWhere(ctx, `email = $1`, storage.NormalizeEmail(email))
	if err != nil {
		return storage.Customer{}, fmt.Errorf("customer by e-mail: %w", err)
	}
	return c, nil
}

// CustomerByLoyaltyCard returns the holder of a loyalty card, matched after
// storage.NormalizeCard, or storage.ErrNotFound.
func (db *DB) CustomerByLoyaltyCard(ctx context.Context, card string) (storage.Customer, error) {
	key := storage.NormalizeCard(card)
	if key == "" {
		return storage.Customer{}, fmt.Errorf("customer by loyalty card: %w", storage.ErrNotFound)
	}
	c, err := db.customerWhere(ctx, `loyalty_card_key = $1`, key)
	if err != nil {
		return storage.Customer{}, fmt.Errorf("customer by loyalty card: %w", err)
	}
	return c, nil
}

// CustomerByID returns a customer, or storage.ErrNotFound.
func (db *DB) CustomerByID(ctx context.Context, id int64) (storage.Customer, error) {
	c, err := db.customerWhere(ctx, `id = $1`, id)
	if err != nil {
		return storage.Customer{}, fmt.Errorf("customer %d: %w", id, err)
	}
	return c, nil
}

// PointsAdjustments returns the customer's manual loyalty entries, oldest
// first. A customer without any gets an empty list, not an error.
func (db *DB) PointsAdjustments(ctx context.Context, customerID int64) ([]storage.PointsAdjustment, error) {
	var list []storage.PointsAdjustment
	err := db.read(ctx, func(q querier) error {
		rows, err := q.Query(ctx, `SELECT id, customer_id, points, reason, at
			FROM points_adjustments WHERE customer_id = $1 ORDER BY at, id`, customerID)
		if err != nil {
			return err
		}
		list, err = collect(rows, func(row pgx.CollectableRow) (storage.PointsAdjustment, error) {
			var a storage.PointsAdjustment
			err := row.Scan(&a.ID, &a.CustomerID, &a.Points, &a.Reason, at(&a.At))
			return a, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("points adjustments: %w", err)
	}
	return list, nil
}

// collect reads every row with scan and closes the rows. No rows give a
// nil slice, as the SQLite store returns.
func collect[T any](rows pgx.Rows, scan func(pgx.CollectableRow) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

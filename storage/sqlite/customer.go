package sqlite

import (
	"context"
	"fmt"

	"supportbot/storage"
)

const customerColumns = `id, email, name, phone, language, loyalty_card, newsletter`

func scanCustomer(row interface{ Scan(...any) error }) (storage.Customer, error) {
	var c storage.Customer
	err := row.Scan(&c.ID, &c.Email, &c.Name, &c.Phone, &c.Language, &c.LoyaltyCard, &c.Newsletter)
	return c, err
}

// CustomerByEmail returns the customer with this e-mail, compared after
// trimming and lower-casing, or storage.ErrNotFound.
func (db *DB) CustomerByEmail(ctx context.Context, email string) (storage.Customer, error) {
	c, err := scanCustomer(db.reader(ctx).QueryRowContext(ctx,
		`SELECT `+customerColumns+` FROM customers WHERE email = ?`, storage.NormalizeEmail(email)))
	if err != nil {
		return storage.Customer{}, fmt.Errorf("customer by e-mail: %w", notFound(err))
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
	c, err := scanCustomer(db.reader(ctx).QueryRowContext(ctx,
		`SELECT `+customerColumns+` FROM customers WHERE loyalty_card_key = ?`, key))
	if err != nil {
		return storage.Customer{}, fmt.Errorf("customer by loyalty card: %w", notFound(err))
	}
	return c, nil
}

// CustomerByID returns a customer, or storage.ErrNotFound.
func (db *DB) CustomerByID(ctx context.Context, id int64) (storage.Customer, error) {
	c, err := scanCustomer(db.reader(ctx).QueryRowContext(ctx,
		`SELECT `+customerColumns+` FROM customers WHERE id = ?`, id))
	if err != nil {
		return storage.Customer{}, fmt.Errorf("customer %d: %w", id, notFound(err))
	}
	return c, nil
}

// PointsAdjustments returns the customer's manual loyalty entries, oldest
// first. A customer without any gets an empty list, not an error.
func (db *DB) PointsAdjustments(ctx context.Context, customerID int64) ([]storage.PointsAdjustment, error) {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT id, customer_id, points, reason, at
		FROM points_adjustments WHERE customer_id = +? ORDER BY at, id`, customerID)
	if err != nil {
		return nil, fmt.Errorf("points adjustments: %w", err)
	}
	defer rows.Close()
	var list []storage.PointsAdjustment
	for rows.Next() {
		var a storage.PointsAdjustment
		if err := rows.Scan(&a.ID, &a.CustomerID, &a.Points, &a.Reason, at(&a.At)); err != nil {
			return nil, fmt.Errorf("points adjustments: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("points adjustments: %w", err)
	}
	return list, nil
}

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"supportbot/storage"
)

// Import writes the file's records in one transaction: on any error,
// nothing is written. Customers are matched by e-mail and orders by their
// normalised number; matched records are overwritten with the file's
// values, and an order's items are replaced line by line (keeping the IDs of
// lines that stay, which returns refer to). Points adjustments already in
// the ledger, by (customer, time, points, reason), are not added again. So
// importing the same file twice changes nothing.
//
// An order whose e-mail matches no customer, in the file or the store,
// creates that customer with only an e-mail. A points adjustment for an
// unknown customer, a loyalty card held by another customer, or an item
// line removed or reduced below what is being returned are refused.
//
// Returns are matched by RA number, refunds by (order, return, time) and
// vouchers by code. A return for an order or an SKU the order does not
// have, a refund of an order neither cancelled nor returned or above the
// order's total, and a voucher code held by another customer are refused. Problems
// are returned as a *storage.ImportError.
func (db *DB) Import(ctx context.Context, f *storage.ImportFile) (storage.ImportStats, error) {
	if err := f.Validate(); err != nil {
		return storage.ImportStats{}, err
	}
	var stats storage.ImportStats
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		im, err := newImporter(ctx, tx, db.now())
		if err != nil {
			return err
		}
		defer im.close()
		stats, err = im.run(ctx, f)
		return err
	})
	if err != nil {
		var ie *storage.ImportError
		if errors.As(err, &ie) {
			return storage.ImportStats{}, err
		}
		return storage.ImportStats{}, fmt.Errorf("import: %w", err)
	}
	return stats, nil
}

// importer holds one import's prepared statements and what it has learnt:
// which customer each e-mail is.
type importer struct {
	tx        *sql.Tx
	nowTime   time.Time
	now       any // nowTime, encoded
	stmts     []*sql.Stmt
	customers map[string]int64
	stats     storage.ImportStats
	problems  []storage.Problem
	omitted   int

	customerByEmail, insertCustomer, updateCustomer, cardHolder *sql.Stmt
	orderByKey, insertOrder, updateOrder                        *sql.Stmt
	itemsOf, insertItem, updateItem, deleteItem, returnedOf     *sql.Stmt
	insertAdjustment                                            *sql.Stmt
}

func newImporter(ctx context.Context, tx *sql.Tx, now time.Time) (*importer, error) {
	im := &importer{tx: tx, nowTime: now, now: encodeTime(now), customers: make(map[string]int64)}
	for _, s := range []struct {
		dst   **sql.Stmt
		query string
	}{
		{&im.customerByEmail, `SELECT id, name, phone, language, loyalty_card, newsletter FROM customers WHERE email = ?`},
		{&im.insertCustomer, `INSERT INTO customers (email, name, phone, language, loyalty_card, loyalty_card_key, newsletter,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&im.updateCustomer, `UPDATE customers SET name = ?, phone = ?, language = ?, loyalty_card = ?, loyalty_card_key = ?,
			newsletter = ?, updated_at = ? WHERE id = ?`},
		{&im.cardHolder, `SELECT email FROM customers WHERE loyalty_card_key = ? AND email <> ?`},
		{&im.orderByKey, `SELECT ` + orderColumns + ` FROM orders WHERE number_key = ?`},
		{&im.insertOrder, `INSERT INTO orders (number, number_key, customer_id, email, placed_at, channel, status, carrier,
			tracking_number, shipped_at, delivered_at, cancelled_at, total_cents, currency, paid_with_gift_card,
			invoice_number, invoice_date, invoice_url, ship_name, ship_line1, ship_line2, ship_postal_code, ship_city,
			ship_country, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&im.updateOrder, `UPDATE orders SET number = ?, customer_id = ?, email = ?, placed_at = ?, channel = ?, status = ?,
			carrier = ?, tracking_number = ?, shipped_at = ?, delivered_at = ?, cancelled_at = ?, total_cents = ?,
			currency = ?, paid_with_gift_card = ?, invoice_number = ?, invoice_date = ?, invoice_url = ?,
			ship_name = ?, ship_line1 = ?, ship_line2 = ?, ship_postal_code = ?, ship_city = ?, ship_country = ?,
			updated_at = ? WHERE id = ?`},
		{&im.itemsOf, `SELECT id, order_id, sku, name, quantity, unit_price_cents, personalized, kind
			FROM order_items WHERE order_id = +? ORDER BY line`},
		{&im.insertItem, `INSERT INTO order_items (order_id, line, sku, name, quantity, unit_price_cents, personalized, kind)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`},
		{&im.updateItem, `UPDATE order_items SET sku = ?, name = ?, quantity = ?, unit_price_cents = ?, personalized = ?,
			kind = ? WHERE id = ?`},
		{&im.deleteItem, `DELETE FROM order_items WHERE id = ?`},
		{&im.returnedOf, `SELECT COALESCE(SUM(ri.quantity), 0) FROM return_items ri JOIN returns r ON r.id = ri.return_id
			WHERE ri.item_id = ? AND r.status <> '` + storage.ReturnCancelled + `'`},
		{&im.insertAdjustment, `INSERT INTO points_adjustments (customer_id, points, reason, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (customer_id, at, points, reason) DO NOTHING`},
	} {
		stmt, err := tx.PrepareContext(ctx, s.query)
		if err != nil {
			im.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*s.dst = stmt
		im.stmts = append(im.stmts, stmt)
	}
	return im, nil
}

func (im *importer) close() {
	for _, s := range im.stmts {
		s.Close()
	}
}

// problem records a refusal found against the stored data.
func (im *importer) problem(record, field, format string, args ...any) {
	if len(im.problems) >= 20 {
		im.omitted++
		return
	}
	im.problems = append(im.problems, storage.Problem{Record: record, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (im *importer) run(ctx context.Context, f *storage.ImportFile) (storage.ImportStats, error) {
	for i, c := range f.Customers {
		if err := im.customer(ctx, fmt.Sprintf("customers[%d] (%s)", i, c.Email), c); err != nil {
			return storage.ImportStats{}, err
		}
	}
	for i, o := range f.Orders {
		if err := im.order(ctx, fmt.Sprintf("orders[%d] (%s)", i, o.Number), o); err != nil {
			return storage.ImportStats{}, err
		}
	}
	for i, a := range f.PointsAdjustments {
		if err := im.adjustment(ctx, fmt.Sprintf("points_adjustments[%d] (%s)", i, a.Email), a); err != nil {
			return storage.ImportStats{}, err
		}
	}
	if err := im.account(ctx, f); err != nil {
		return storage.ImportStats{}, err
	}
	if len(im.problems) > 0 {
		return storage.ImportStats{}, &storage.ImportError{Problems: im.problems, Omitted: im.omitted}
	}
	return im.stats, nil
}

func (im *importer) customer(ctx context.Context, rec string, c storage.ImportCustomer) error {
	email := storage.NormalizeEmail(c.Email)
	c.Language = strings.ToLower(c.Language)
	key := storage.NormalizeCard(c.LoyaltyCard)
	if key != "" {
		var holder string
		err := im.cardHolder.QueryRowContext(ctx, key, email).Scan(&holder)
		switch {
		case err == nil:
			im.problem(rec, "loyalty_card", "already held by another customer")
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("%s: %w", rec, err)
		}
	}
	var old storage.Customer
	err := im.customerByEmail.QueryRowContext(ctx, email).Scan(&old.ID, &old.Name, &old.Phone, &old.Language, &old.LoyaltyCard,
		&old.Newsletter)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		newsletter := c.Newsletter != nil && *c.Newsletter
		res, err := im.insertCustomer.ExecContext(ctx, email, c.Name, c.Phone, c.Language, c.LoyaltyCard, nullString(key),
			newsletter, im.now, im.now)
		if err != nil {
			return fmt.Errorf("%s: %w", rec, err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			return fmt.Errorf("%s: %w", rec, err)
		}
		im.customers[email] = id
		im.stats.CustomersNew++
		_, err = im.setAddresses(ctx, rec, id, c.Addresses)
		return err
	case err != nil:
		return fmt.Errorf("%s: %w", rec, err)
	}
	im.customers[email] = old.ID
	newsletter := old.Newsletter
	if c.Newsletter != nil {
		newsletter = *c.Newsletter
	}
	moved, err := im.setAddresses(ctx, rec, old.ID, c.Addresses)
	if err != nil {
		return err
	}
	if !moved && old.Name == c.Name && old.Phone == c.Phone && old.Language == c.Language && old.LoyaltyCard == c.LoyaltyCard &&
		old.Newsletter == newsletter {
		im.stats.CustomersUnchanged++
		return nil
	}
	if _, err := im.updateCustomer.ExecContext(ctx, c.Name, c.Phone, c.Language, c.LoyaltyCard, nullString(key), newsletter,
		im.now, old.ID); err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	im.stats.CustomersUpdated++
	return nil
}

// customerID finds the customer an order or an adjustment belongs to. With
// create set, an unknown e-mail creates the customer.
func (im *importer) customerID(ctx context.Context, email string, create bool) (int64, error) {
	if id, ok := im.customers[email]; ok {
		return id, nil
	}
	var id int64
	var ignore string
	var ignoreBool bool
	err := im.customerByEmail.QueryRowContext(ctx, email).Scan(&id, &ignore, &ignore, &ignore, &ignore, &ignoreBool)
	switch {
	case err == nil:
	case errors.Is(err, sql.ErrNoRows) && create:
		res, err := im.insertCustomer.ExecContext(ctx, email, "", "", "", "", nil, false, im.now, im.now)
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
		im.stats.CustomersFromOrders++
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	default:
		return 0, err
	}
	im.customers[email] = id
	return id, nil
}

func (im *importer) adjustment(ctx context.Context, rec string, a storage.ImportPointsAdjustment) error {
	id, err := im.customerID(ctx, storage.NormalizeEmail(a.Email), false)
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	if id == 0 {
		im.problem(rec, "email", "no customer with this e-mail in the file or the store")
		return nil
	}
	res, err := im.insertAdjustment.ExecContext(ctx, id, a.Points, a.Reason, encodeTime(a.At))
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	if n == 1 {
		im.stats.AdjustmentsNew++
	} else {
		im.stats.AdjustmentsPresent++
	}
	return nil
}

// nullString is s, or NULL for an empty s: stored as no value, and in an
// equality test matching nothing (NULL = NULL is not true).
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

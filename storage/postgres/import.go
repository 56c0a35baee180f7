package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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
// A customer's delivery addresses, when the file gives them, replace the
// stored ones; its newsletter consent, when given, replaces the stored one;
// an order's shipping address, when given, replaces the stored one.
//
// Returns are matched by RA number, refunds by (order, return, time),
// vouchers by code and cases (tickets) by reference: a case the store
// holds gets the file's status and outcome, a new one is created for its
// order's customer. A return for an order or an SKU the order does not
// have, a refund of an order neither cancelled nor returned or above the
// order's total, a voucher code held by another customer, a case the store
// holds given another kind or order, a new case without its kind, order or
// creation time, and a case for an unknown order are refused.
// Problems are returned as a *storage.ImportError.
//
// The rules are those of storage/sqlite. What differs is how the rows
// travel: the customers and orders the store holds are read up front in a
// few queries, new customers, orders and lines go in by COPY with IDs
// drawn ahead from their sequences, and the updates of matched records in
// pipelined batches, so that a large file costs a handful of round trips
// rather than several per record. The order lines of matched orders are
// locked (FOR UPDATE) as they are read, so that a return opened meanwhile
// by the bot waits for the import and is counted against its quantities.
func (db *DB) Import(ctx context.Context, f *storage.ImportFile) (storage.ImportStats, error) {
	if err := f.Validate(); err != nil {
		return storage.ImportStats{}, err
	}
	var stats storage.ImportStats
	err := db.write(ctx, func(tx pgx.Tx) error {
		im := newImporter(tx, db.now())
		var err error
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

// importer holds one import's state: what it has learnt of the store and
// the writes it has yet to send.
type importer struct {
	tx       pgx.Tx
	now      time.Time
	stats    storage.ImportStats
	problems []storage.Problem
	omitted  int

	// customers maps each e-mail of the file to its customer, loaded up
	// front, then kept as the import changes them.
	customers map[string]*storedCustomer
	// cardHolders maps the loyalty card keys of the file to the e-mail
	// holding each, kept as the import changes them.
	cardHolders map[string]string
	// orders maps the number keys of the file to the stored orders, with
	// their items.
	orders map[string]*storage.Order
	// customerIDs and orderIDs are drawn ahead from the sequences, one for
	// each customer or order the file may create, used in file order.
	customerIDs, orderIDs []int64

	w writes
}

// storedCustomer is what the import compares of a customer.
type storedCustomer struct {
	id                          int64
	name, phone, language, card string
	newsletter                  bool
	// addresses are the stored delivery addresses, loaded for the
	// customers whose record in the file gives addresses.
	addresses []storage.Address
}

// writes are the writes of the customers and orders, sent by flush in an
// order that keeps every constraint: updates of stored customers (which
// may free loyalty cards, and delete the addresses they replace), new
// customers, their new addresses, new orders and their lines, then the
// changes to stored orders, each list in file order.
type writes struct {
	customerUpdates     pgx.Batch
	newCustomers        [][]any
	newAddresses        [][]any
	newOrders, newItems [][]any
	orderChanges        pgx.Batch
}

func newImporter(tx pgx.Tx, now time.Time) *importer {
	return &importer{tx: tx, now: now, customers: make(map[string]*storedCustomer),
		cardHolders: make(map[string]string), orders: make(map[string]*storage.Order)}
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
	if err := im.load(ctx, f); err != nil {
		return storage.ImportStats{}, fmt.Errorf("load: %w", err)
	}
	for i, c := range f.Customers {
		im.customer(fmt.Sprintf("customers[%d] (%s)", i, c.Email), c)
	}
	for i, o := range f.Orders {
		if err := im.order(ctx, fmt.Sprintf("orders[%d] (%s)", i, o.Number), o); err != nil {
			return storage.ImportStats{}, err
		}
	}
	// What follows reads the store as the customers and orders left it.
	if err := im.flush(ctx); err != nil {
		return storage.ImportStats{}, err
	}
	if err := im.adjustments(ctx, f.PointsAdjustments); err != nil {
		return storage.ImportStats{}, err
	}
	if err := im.account(ctx, f); err != nil {
		return storage.ImportStats{}, err
	}
	if len(im.problems) > 0 {
		return storage.ImportStats{}, &storage.ImportError{Problems: im.problems, Omitted: im.omitted}
	}
	return im.stats, nil
}

// load reads the customers, card holders and orders the file names, and
// draws the IDs of the customers and orders it may create.
func (im *importer) load(ctx context.Context, f *storage.ImportFile) error {
	var emails, cards, numbers []string
	creators := make(map[string]bool) // e-mails of customers and orders, which create customers
	for _, c := range f.Customers {
		email := storage.NormalizeEmail(c.Email)
		emails, creators[email] = append(emails, email), true
		if key := storage.NormalizeCard(c.LoyaltyCard); key != "" {
			cards = append(cards, key)
		}
	}
	for _, o := range f.Orders {
		email := storage.NormalizeEmail(o.Email)
		emails, creators[email] = append(emails, email), true
		numbers = append(numbers, storage.NormalizeOrderNumber(o.Number))
	}
	for _, a := range f.PointsAdjustments {
		emails = append(emails, storage.NormalizeEmail(a.Email))
	}
	for _, v := range f.Vouchers {
		emails = append(emails, storage.NormalizeEmail(v.Email))
	}
	rows, err := im.tx.Query(ctx, `SELECT id, email, name, phone, language, loyalty_card, newsletter FROM customers
		WHERE email = ANY($1)`, emails)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c storedCustomer
		var email string
		if err := rows.Scan(&c.id, &email, &c.name, &c.phone, &c.language, &c.card, &c.newsletter); err != nil {
			rows.Close()
			return err
		}
		im.customers[email] = &c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = im.tx.Query(ctx, `SELECT loyalty_card_key, email FROM customers WHERE loyalty_card_key = ANY($1)`, cards)
	if err != nil {
		return err
	}
	for rows.Next() {
		var key, email string
		if err := rows.Scan(&key, &email); err != nil {
			rows.Close()
			return err
		}
		im.cardHolders[key] = email
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := im.loadAddresses(ctx, f.Customers); err != nil {
		return err
	}
	if err := im.loadOrders(ctx, numbers); err != nil {
		return err
	}
	newCustomers := 0
	for email := range creators {
		if im.customers[email] == nil {
			newCustomers++
		}
	}
	if im.customerIDs, err = drawIDs(ctx, im.tx, "customers", newCustomers); err != nil {
		return err
	}
	im.orderIDs, err = drawIDs(ctx, im.tx, "orders", len(numbers)-len(im.orders))
	return err
}

// loadAddresses reads the delivery addresses of the stored customers
// whose record in the file gives addresses, to compare them.
func (im *importer) loadAddresses(ctx context.Context, list []storage.ImportCustomer) error {
	byID := make(map[int64]*storedCustomer)
	var ids []int64
	for _, c := range list {
		if old := im.customers[storage.NormalizeEmail(c.Email)]; old != nil && c.Addresses != nil {
			byID[old.id] = old
			ids = append(ids, old.id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := im.tx.Query(ctx, `SELECT customer_id, label, name, line1, line2, postal_code, city, country, is_default
		FROM customer_addresses WHERE customer_id = ANY($1) ORDER BY customer_id, position`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var a storage.Address
		if err := rows.Scan(&id, &a.Label, &a.Name, &a.Line1, &a.Line2, &a.PostalCode, &a.City, &a.Country, &a.Default); err != nil {
			return err
		}
		byID[id].addresses = append(byID[id].addresses, a)
	}
	return rows.Err()
}

// loadOrders reads the stored orders with these number keys and their
// lines, locking the lines.
func (im *importer) loadOrders(ctx context.Context, numbers []string) error {
	rows, err := im.tx.Query(ctx, `SELECT number_key, `+orderColumns+` FROM orders WHERE number_key = ANY($1)`, numbers)
	if err != nil {
		return err
	}
	byID := make(map[int64]*storage.Order)
	for rows.Next() {
		o := new(storage.Order)
		var key string
		if err := rows.Scan(append([]any{&key}, orderFields(o)...)...); err != nil {
			rows.Close()
			return err
		}
		im.orders[key], byID[o.ID] = o, o
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(byID) == 0 {
		return err
	}
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	rows, err = im.tx.Query(ctx, `SELECT `+itemRowColumns+` FROM order_items WHERE order_id = ANY($1)
		ORDER BY order_id, line FOR UPDATE`, ids)
	if err != nil {
		return err
	}
	items, err := scanItems(rows)
	if err != nil {
		return err
	}
	for id, o := range byID {
		o.Items = items[id]
	}
	return nil
}

// drawIDs takes n values of a table's ID sequence, in increasing order.
func drawIDs(ctx context.Context, tx pgx.Tx, table string, n int) ([]int64, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `WITH seq AS (SELECT pg_get_serial_sequence($1, 'id')::regclass AS s)
		SELECT nextval(seq.s) AS id FROM seq, generate_series(1, $2) ORDER BY id`, table, n)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func (im *importer) customer(rec string, c storage.ImportCustomer) {
	email := storage.NormalizeEmail(c.Email)
	c.Language = strings.ToLower(c.Language)
	key := storage.NormalizeCard(c.LoyaltyCard)
	if holder, ok := im.cardHolders[key]; key != "" && ok && holder != email {
		im.problem(rec, "loyalty_card", "already held by another customer")
		return
	}
	old := im.customers[email]
	if old == nil {
		id := im.customerIDs[0]
		im.customerIDs = im.customerIDs[1:]
		newsletter := c.Newsletter != nil && *c.Newsletter
		im.customers[email] = &storedCustomer{id: id, name: c.Name, phone: c.Phone, language: c.Language, card: c.LoyaltyCard,
			newsletter: newsletter, addresses: c.Addresses}
		im.w.newCustomers = append(im.w.newCustomers, []any{id, email, c.Name, c.Phone, c.Language, c.LoyaltyCard,
			nullString(key), newsletter, im.now, im.now})
		im.addAddresses(id, c.Addresses)
		if key != "" {
			im.cardHolders[key] = email
		}
		im.stats.CustomersNew++
		return
	}
	newsletter := old.newsletter
	if c.Newsletter != nil {
		newsletter = *c.Newsletter
	}
	// Addresses absent from the file stay; given, they replace the stored
	// ones if they differ, and the customer counts as updated.
	moved := c.Addresses != nil && !slices.Equal(old.addresses, c.Addresses)
	if moved {
		im.w.customerUpdates.Queue(`DELETE FROM customer_addresses WHERE customer_id = $1`, old.id)
		im.addAddresses(old.id, c.Addresses)
		old.addresses = c.Addresses
	}
	if !moved && old.name == c.Name && old.phone == c.Phone && old.language == c.Language && old.card == c.LoyaltyCard &&
		old.newsletter == newsletter {
		im.stats.CustomersUnchanged++
		return
	}
	im.w.customerUpdates.Queue(`UPDATE customers SET name = $1, phone = $2, language = $3, loyalty_card = $4,
		loyalty_card_key = $5, newsletter = $6, updated_at = $7 WHERE id = $8`, c.Name, c.Phone, c.Language, c.LoyaltyCard,
		nullString(key), newsletter, im.now, old.id)
	if oldKey := storage.NormalizeCard(old.card); im.cardHolders[oldKey] == email {
		delete(im.cardHolders, oldKey)
	}
	if key != "" {
		im.cardHolders[key] = email
	}
	old.name, old.phone, old.language, old.card, old.newsletter = c.Name, c.Phone, c.Language, c.LoyaltyCard, newsletter
	im.stats.CustomersUpdated++
}

// addAddresses queues a customer's delivery addresses for the COPY, in the
// file's order.
func (im *importer) addAddresses(customerID int64, list []storage.Address) {
	for i, a := range list {
		im.w.newAddresses = append(im.w.newAddresses, []any{customerID, int32(i), a.Label, a.Name, a.Line1, a.Line2,
			a.PostalCode, a.City, a.Country, a.Default})
	}
}

// customerID finds the customer an order or an adjustment belongs to. With
// create set, an unknown e-mail creates the customer; without, it gives 0.
func (im *importer) customerID(email string, create bool) int64 {
	if c := im.customers[email]; c != nil {
		return c.id
	}
	if !create {
		return 0
	}
	id := im.customerIDs[0]
	im.customerIDs = im.customerIDs[1:]
	im.customers[email] = &storedCustomer{id: id}
	im.w.newCustomers = append(im.w.newCustomers, []any{id, email, "", "", "", "", nil, false, im.now, im.now})
	im.stats.CustomersFromOrders++
	return id
}

// flush sends the customers' and orders' writes.
func (im *importer) flush(ctx context.Context) error {
	if err := im.tx.SendBatch(ctx, &im.w.customerUpdates).Close(); err != nil {
		return fmt.Errorf("update customers: %w", err)
	}
	copies := []struct {
		table   string
		columns []string
		rows    [][]any
	}{
		{"customers", []string{"id", "email", "name", "phone", "language", "loyalty_card", "loyalty_card_key",
			"newsletter", "created_at", "updated_at"}, im.w.newCustomers},
		{"customer_addresses", []string{"customer_id", "position", "label", "name", "line1", "line2", "postal_code",
			"city", "country", "is_default"}, im.w.newAddresses},
		{"orders", []string{"id", "number", "number_key", "customer_id", "email", "placed_at", "channel", "status",
			"carrier", "tracking_number", "shipped_at", "delivered_at", "cancelled_at", "total_cents", "currency",
			"paid_with_gift_card", "invoice_number", "invoice_date", "invoice_url", "ship_name", "ship_line1", "ship_line2",
			"ship_postal_code", "ship_city", "ship_country", "created_at", "updated_at"}, im.w.newOrders},
		{"order_items", []string{"order_id", "line", "sku", "name", "quantity", "unit_price_cents", "personalized", "kind"},
			im.w.newItems},
	}
	for _, c := range copies {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := im.tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.columns, pgx.CopyFromRows(c.rows)); err != nil {
			return fmt.Errorf("insert %s: %w", c.table, err)
		}
	}
	if err := im.tx.SendBatch(ctx, &im.w.orderChanges).Close(); err != nil {
		return fmt.Errorf("update orders: %w", err)
	}
	im.w = writes{}
	return nil
}

// adjustments adds the points adjustments not yet in the ledger, in one
// round trip.
func (im *importer) adjustments(ctx context.Context, list []storage.ImportPointsAdjustment) error {
	b := &pgx.Batch{}
	for i, a := range list {
		rec := fmt.Sprintf("points_adjustments[%d] (%s)", i, a.Email)
		id := im.customerID(storage.NormalizeEmail(a.Email), false)
		if id == 0 {
			im.problem(rec, "email", "no customer with this e-mail in the file or the store")
			continue
		}
		b.Queue(`INSERT INTO points_adjustments (customer_id, points, reason, at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (customer_id, at, points, reason) DO NOTHING`, id, a.Points, a.Reason, stamp(a.At)).
			Exec(func(tag pgconn.CommandTag) error {
				if tag.RowsAffected() == 1 {
					im.stats.AdjustmentsNew++
				} else {
					im.stats.AdjustmentsPresent++
				}
				return nil
			})
	}
	if err := im.tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("points adjustments: %w", err)
	}
	return nil
}

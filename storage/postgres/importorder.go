package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"supportbot/storage"
)

// order inserts or updates one order and its items.
func (im *importer) order(ctx context.Context, rec string, o storage.ImportOrder) error {
	key := storage.NormalizeOrderNumber(o.Number)
	next := orderFromImport(o, im.customerID(storage.NormalizeEmail(o.Email), true))
	old := im.orders[key]
	if old == nil {
		im.insertNewOrder(key, next)
		return nil
	}
	next.ID = old.ID
	if old.CustomerID != next.CustomerID {
		if err := im.moveOrder(ctx, rec, old.ID, next.CustomerID); err != nil {
			return err
		}
	}
	// Without a shipping address in the file, keep the one we know.
	if o.ShippingAddress == nil {
		next.ShippingAddress = old.ShippingAddress
	}
	// Without a cancellation time in the file, keep the one we know, or
	// stamp the import time on an order newly cancelled.
	if next.Status == storage.StatusCancelled && next.CancelledAt.IsZero() {
		next.CancelledAt = old.CancelledAt
		if next.CancelledAt.IsZero() {
			next.CancelledAt = im.now
		}
	}
	itemsChanged, err := im.replaceItems(ctx, rec, old.ID, old.Items, next.Items)
	if err != nil {
		return err
	}
	if !itemsChanged && sameOrder(*old, next) {
		im.stats.OrdersUnchanged++
		return nil
	}
	im.w.orderChanges.Queue(`UPDATE orders SET number = $1, customer_id = $2, email = $3, placed_at = $4, channel = $5,
		status = $6, carrier = $7, tracking_number = $8, shipped_at = $9, delivered_at = $10, cancelled_at = $11,
		total_cents = $12, currency = $13, paid_with_gift_card = $14, invoice_number = $15, invoice_date = $16,
		invoice_url = $17, ship_name = $18, ship_line1 = $19, ship_line2 = $20, ship_postal_code = $21, ship_city = $22,
		ship_country = $23, updated_at = $24 WHERE id = $25`,
		next.Number, next.CustomerID, next.Email, stamp(next.PlacedAt), next.Channel, next.Status, next.Carrier,
		next.TrackingNumber, nullTime(next.ShippedAt), nullTime(next.DeliveredAt), nullTime(next.CancelledAt),
		next.TotalCents, next.Currency, next.PaidWithGiftCard, next.Invoice.Number, nullTime(next.Invoice.Date),
		next.Invoice.URL, next.ShippingAddress.Name, next.ShippingAddress.Line1, next.ShippingAddress.Line2,
		next.ShippingAddress.PostalCode, next.ShippingAddress.City, next.ShippingAddress.Country, im.now, old.ID)
	im.stats.OrdersUpdated++
	return nil
}

func (im *importer) insertNewOrder(key string, o storage.Order) {
	if o.Status == storage.StatusCancelled && o.CancelledAt.IsZero() {
		o.CancelledAt = im.now
	}
	id := im.orderIDs[0]
	im.orderIDs = im.orderIDs[1:]
	im.w.newOrders = append(im.w.newOrders, []any{id, o.Number, key, o.CustomerID, o.Email, stamp(o.PlacedAt),
		o.Channel, o.Status, o.Carrier, o.TrackingNumber, nullTime(o.ShippedAt), nullTime(o.DeliveredAt),
		nullTime(o.CancelledAt), o.TotalCents, o.Currency, o.PaidWithGiftCard, o.Invoice.Number,
		nullTime(o.Invoice.Date), o.Invoice.URL, o.ShippingAddress.Name, o.ShippingAddress.Line1, o.ShippingAddress.Line2,
		o.ShippingAddress.PostalCode, o.ShippingAddress.City, o.ShippingAddress.Country, im.now, im.now})
	for line, it := range o.Items {
		im.w.newItems = append(im.w.newItems, []any{id, int32(line), it.SKU, it.Name, int32(it.Quantity),
			it.UnitPriceCents, it.Personalized, it.Kind})
	}
	im.stats.OrdersNew++
}

const insertItem = `INSERT INTO order_items (order_id, line, sku, name, quantity, unit_price_cents, personalized, kind)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`

// replaceItems makes the stored lines of an order those of the file, line
// by line, and reports whether anything changed. A line that returns refer
// to cannot be removed, nor its quantity brought below what is returned.
func (im *importer) replaceItems(ctx context.Context, rec string, orderID int64, old, items []storage.Item) (bool, error) {
	changed := len(old) != len(items)
	for line, it := range items {
		if line >= len(old) {
			im.w.orderChanges.Queue(insertItem, orderID, line, it.SKU, it.Name, it.Quantity, it.UnitPriceCents,
				it.Personalized, it.Kind)
			continue
		}
		prev := old[line]
		it.ID, it.OrderID = prev.ID, prev.OrderID
		if it == prev {
			continue
		}
		changed = true
		if it.Quantity < prev.Quantity {
			returned, err := im.returned(ctx, prev.ID)
			if err != nil {
				return false, fmt.Errorf("%s: items[%d]: %w", rec, line, err)
			}
			if returned > it.Quantity {
				im.problem(rec, fmt.Sprintf("items[%d].quantity", line),
					"%d units of this line are being returned, got %d", returned, it.Quantity)
				continue
			}
		}
		im.w.orderChanges.Queue(`UPDATE order_items SET sku = $1, name = $2, quantity = $3, unit_price_cents = $4,
			personalized = $5, kind = $6 WHERE id = $7`, it.SKU, it.Name, it.Quantity, it.UnitPriceCents,
			it.Personalized, it.Kind, prev.ID)
	}
	if len(old) > len(items) {
		if err := im.removeLines(ctx, rec, old[len(items):], len(items)); err != nil {
			return false, err
		}
	}
	return changed, nil
}

// moveOrder gives an order's returns to the order's new customer, so that
// a return and its points follow the order. While a return is in progress
// (open, or received and under inspection) the move is refused: the
// customer who asked for it would lose sight of it, and the one it moves
// to could act on it.
func (im *importer) moveOrder(ctx context.Context, rec string, orderID, customerID int64) error {
	open, err := strs(ctx, im.tx, `SELECT ra_number FROM returns WHERE order_id = $1 AND status IN ($2, $3) ORDER BY id`,
		orderID, storage.ReturnOpen, storage.ReturnReceived)
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	if len(open) > 0 {
		im.problem(rec, "email", "the order cannot move to another customer while its return %s is in progress",
			strings.Join(open, ", "))
		return nil
	}
	im.w.orderChanges.Queue(`UPDATE returns SET customer_id = $1 WHERE order_id = $2`, customerID, orderID)
	return nil
}

// removeLines deletes the lines an order no longer has, refusing those that
// returns refer to. first is the line number of lines[0].
func (im *importer) removeLines(ctx context.Context, rec string, lines []storage.Item, first int) error {
	for i, it := range lines {
		returned, err := im.returned(ctx, it.ID)
		if err != nil {
			return fmt.Errorf("%s: items: %w", rec, err)
		}
		if returned > 0 {
			im.problem(rec, "items", "line %d (%s) cannot be removed: it is being returned", first+i, it.Name)
			continue
		}
		im.w.orderChanges.Queue(`DELETE FROM order_items WHERE id = $1`, it.ID)
	}
	return nil
}

// returned counts the units of an item in returns that are not cancelled.
func (im *importer) returned(ctx context.Context, itemID int64) (int, error) {
	var n int
	err := im.tx.QueryRow(ctx, `SELECT COALESCE(SUM(ri.quantity), 0) FROM return_items ri JOIN returns r ON r.id = ri.return_id
		WHERE ri.item_id = $1 AND r.status <> $2`, itemID, storage.ReturnCancelled).Scan(&n)
	return n, err
}

// orderFromImport builds the stored form of an imported order, with the
// defaults of empty fields applied.
func orderFromImport(o storage.ImportOrder, customerID int64) storage.Order {
	next := storage.Order{
		Number:           storage.DisplayOrderNumber(o.Number),
		CustomerID:       customerID,
		Email:            storage.NormalizeEmail(o.Email),
		PlacedAt:         stampOrZero(o.PlacedAt),
		Channel:          orDefault(o.Channel, storage.ChannelWeb),
		Status:           o.Status,
		Carrier:          o.Carrier,
		TrackingNumber:   o.TrackingNumber,
		ShippedAt:        stampOrZero(o.ShippedAt),
		DeliveredAt:      stampOrZero(o.DeliveredAt),
		CancelledAt:      stampOrZero(o.CancelledAt),
		TotalCents:       o.TotalCents,
		Currency:         orDefault(strings.ToUpper(o.Currency), "EUR"),
		PaidWithGiftCard: o.PaidWithGiftCard,
		Items:            make([]storage.Item, len(o.Items)),
	}
	if a := o.ShippingAddress; a != nil {
		// An order's address has no label and is no default: those are a
		// customer's (the file's check refuses them here).
		next.ShippingAddress = storage.Address{Name: a.Name, Line1: a.Line1, Line2: a.Line2, PostalCode: a.PostalCode,
			City: a.City, Country: a.Country}
	}
	if inv := o.Invoice; inv != nil {
		next.Invoice = storage.Invoice{Number: inv.Number, Date: stampOrZero(inv.Date), URL: inv.URL}
	}
	for i, it := range o.Items {
		next.Items[i] = storage.Item{
			SKU:            it.SKU,
			Name:           it.Name,
			Quantity:       it.Quantity,
			UnitPriceCents: it.UnitPriceCents,
			Personalized:   it.Personalized,
			Kind:           orDefault(it.Kind, storage.KindProduct),
		}
	}
	return next
}

// stampOrZero is stamp, keeping the zero time zero.
func stampOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return stamp(t)
}

// sameOrder compares the order fields an import can change.
func sameOrder(a, b storage.Order) bool {
	return a.Number == b.Number && a.CustomerID == b.CustomerID && a.Email == b.Email &&
		a.PlacedAt.Equal(b.PlacedAt) && a.Channel == b.Channel && a.Status == b.Status &&
		a.Carrier == b.Carrier && a.TrackingNumber == b.TrackingNumber && a.ShippedAt.Equal(b.ShippedAt) &&
		a.DeliveredAt.Equal(b.DeliveredAt) && a.CancelledAt.Equal(b.CancelledAt) &&
		a.TotalCents == b.TotalCents && a.Currency == b.Currency && a.PaidWithGiftCard == b.PaidWithGiftCard &&
		a.Invoice.Number == b.Invoice.Number && a.Invoice.Date.Equal(b.Invoice.Date) && a.Invoice.URL == b.Invoice.URL &&
		a.ShippingAddress == b.ShippingAddress
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

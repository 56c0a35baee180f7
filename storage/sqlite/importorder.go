package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"supportbot/storage"
)

// order inserts or updates one order and its items.
func (im *importer) order(ctx context.Context, rec string, o storage.ImportOrder) error {
	customerID, err := im.customerID(ctx, storage.NormalizeEmail(o.Email), true)
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	next := orderFromImport(o, customerID)
	old, err := scanOrder(im.orderByKey.QueryRowContext(ctx, storage.NormalizeOrderNumber(o.Number)))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return im.insertNewOrder(ctx, rec, next)
	case err != nil:
		return fmt.Errorf("%s: %w", rec, err)
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
			next.CancelledAt = im.nowTime
		}
	}
	itemsChanged, err := im.replaceItems(ctx, rec, old.ID, next.Items)
	if err != nil {
		return err
	}
	if !itemsChanged && sameOrder(old, next) {
		im.stats.OrdersUnchanged++
		return nil
	}
	_, err = im.updateOrder.ExecContext(ctx, next.Number, next.CustomerID, next.Email, encodeTime(next.PlacedAt),
		next.Channel, next.Status, next.Carrier, next.TrackingNumber, encodeTime(next.ShippedAt),
		encodeTime(next.DeliveredAt), encodeTime(next.CancelledAt), next.TotalCents, next.Currency,
		next.PaidWithGiftCard, next.Invoice.Number, encodeTime(next.Invoice.Date), next.Invoice.URL,
		next.ShippingAddress.Name, next.ShippingAddress.Line1, next.ShippingAddress.Line2, next.ShippingAddress.PostalCode,
		next.ShippingAddress.City, next.ShippingAddress.Country, im.now, old.ID)
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	im.stats.OrdersUpdated++
	return nil
}

func (im *importer) insertNewOrder(ctx context.Context, rec string, o storage.Order) error {
	if o.Status == storage.StatusCancelled && o.CancelledAt.IsZero() {
		o.CancelledAt = im.nowTime
	}
	res, err := im.insertOrder.ExecContext(ctx, o.Number, storage.NormalizeOrderNumber(o.Number), o.CustomerID,
		o.Email, encodeTime(o.PlacedAt), o.Channel, o.Status, o.Carrier, o.TrackingNumber, encodeTime(o.ShippedAt),
		encodeTime(o.DeliveredAt), encodeTime(o.CancelledAt), o.TotalCents, o.Currency, o.PaidWithGiftCard,
		o.Invoice.Number, encodeTime(o.Invoice.Date), o.Invoice.URL,
		o.ShippingAddress.Name, o.ShippingAddress.Line1, o.ShippingAddress.Line2, o.ShippingAddress.PostalCode,
		o.ShippingAddress.City, o.ShippingAddress.Country, im.now, im.now)
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	for line, it := range o.Items {
		if _, err := im.insertItem.ExecContext(ctx, id, line, it.SKU, it.Name, it.Quantity, it.UnitPriceCents,
			it.Personalized, it.Kind); err != nil {
			return fmt.Errorf("%s: items[%d]: %w", rec, line, err)
		}
	}
	im.stats.OrdersNew++
	return nil
}

// replaceItems makes the stored lines of an order those of the file, line
// by line, and reports whether anything changed. A line that returns refer
// to cannot be removed, nor its quantity brought below what is returned.
func (im *importer) replaceItems(ctx context.Context, rec string, orderID int64, items []storage.Item) (bool, error) {
	rows, err := im.itemsOf.QueryContext(ctx, orderID)
	if err != nil {
		return false, fmt.Errorf("%s: items: %w", rec, err)
	}
	byOrder, err := scanItems(rows)
	if err != nil {
		return false, fmt.Errorf("%s: items: %w", rec, err)
	}
	old := byOrder[orderID]
	changed := len(old) != len(items)
	for line, it := range items {
		if line >= len(old) {
			if _, err := im.insertItem.ExecContext(ctx, orderID, line, it.SKU, it.Name, it.Quantity,
				it.UnitPriceCents, it.Personalized, it.Kind); err != nil {
				return false, fmt.Errorf("%s: items[%d]: %w", rec, line, err)
			}
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
		if _, err := im.updateItem.ExecContext(ctx, it.SKU, it.Name, it.Quantity, it.UnitPriceCents,
			it.Personalized, it.Kind, prev.ID); err != nil {
			return false, fmt.Errorf("%s: items[%d]: %w", rec, line, err)
		}
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
	open, err := strs(ctx, im.tx, `SELECT ra_number FROM returns WHERE order_id = +? AND status IN (?, ?) ORDER BY id`,
		orderID, storage.ReturnOpen, storage.ReturnReceived)
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	if len(open) > 0 {
		im.problem(rec, "email", "the order cannot move to another customer while its return %s is in progress",
			strings.Join(open, ", "))
		return nil
	}
	if _, err := im.tx.ExecContext(ctx, `UPDATE returns SET customer_id = ? WHERE order_id = ?`, customerID, orderID); err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
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
		if _, err := im.deleteItem.ExecContext(ctx, it.ID); err != nil {
			return fmt.Errorf("%s: items: %w", rec, err)
		}
	}
	return nil
}

// returned counts the units of an item in returns that are not cancelled.
func (im *importer) returned(ctx context.Context, itemID int64) (int, error) {
	var n int
	err := im.returnedOf.QueryRowContext(ctx, itemID).Scan(&n)
	return n, err
}

// orderFromImport builds the stored form of an imported order, with the
// defaults of empty fields applied.
func orderFromImport(o storage.ImportOrder, customerID int64) storage.Order {
	next := storage.Order{
		Number:           storage.DisplayOrderNumber(o.Number),
		CustomerID:       customerID,
		Email:            storage.NormalizeEmail(o.Email),
		PlacedAt:         o.PlacedAt.UTC(),
		Channel:          orDefault(o.Channel, storage.ChannelWeb),
		Status:           o.Status,
		Carrier:          o.Carrier,
		TrackingNumber:   o.TrackingNumber,
		ShippedAt:        o.ShippedAt.UTC(),
		DeliveredAt:      o.DeliveredAt.UTC(),
		CancelledAt:      o.CancelledAt.UTC(),
		TotalCents:       o.TotalCents,
		Currency:         orDefault(strings.ToUpper(o.Currency), "EUR"),
		PaidWithGiftCard: o.PaidWithGiftCard,
		Items:            make([]storage.Item, len(o.Items)),
	}
	if a := o.ShippingAddress; a != nil {
		next.ShippingAddress = storage.Address{Name: a.Name, Line1: a.Line1, Line2: a.Line2, PostalCode: a.PostalCode,
			City: a.City, Country: a.Country}
	}
	if inv := o.Invoice; inv != nil {
		next.Invoice = storage.Invoice{Number: inv.Number, Date: inv.Date.UTC(), URL: inv.URL}
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

package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"supportbot/storage"
)

// account imports the returns, refunds and vouchers, after the orders and
// customers they refer to.
func (im *importer) account(ctx context.Context, f *storage.ImportFile) error {
	for i, r := range f.Returns {
		if err := im.ret(ctx, fmt.Sprintf("returns[%d] (%s)", i, r.RANumber), r); err != nil {
			return err
		}
	}
	for i, r := range f.Refunds {
		if err := im.refund(ctx, fmt.Sprintf("refunds[%d] (%s)", i, r.Order), r); err != nil {
			return err
		}
	}
	for i, v := range f.Vouchers {
		if err := im.voucher(ctx, fmt.Sprintf("vouchers[%d] (%s)", i, v.Code), v); err != nil {
			return err
		}
	}
	for i, t := range f.Tickets {
		if err := im.ticket(ctx, fmt.Sprintf("tickets[%d] (%s)", i, t.Ref), t); err != nil {
			return err
		}
	}
	return nil
}

// importedOrder finds the order a return or a refund names, in the store
// (the file's orders are written by then).
func (im *importer) importedOrder(ctx context.Context, rec, number string) (storage.Order, bool, error) {
	o, err := scanOrder(im.orderByKey.QueryRowContext(ctx, storage.NormalizeOrderNumber(number)))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		im.problem(rec, "order", "no order with this number in the file or the store")
		return o, false, nil
	case err != nil:
		return o, false, fmt.Errorf("%s: %w", rec, err)
	}
	return o, true, nil
}

// ret inserts or updates one return, matched by RA number. Items given
// replace the return's items, each checked against what the order line
// still has to return.
func (im *importer) ret(ctx context.Context, rec string, r storage.ImportReturn) error {
	o, ok, err := im.importedOrder(ctx, rec, r.Order)
	if !ok || err != nil {
		return err
	}
	if o.Status == storage.StatusCancelled {
		im.problem(rec, "order", "order %s is cancelled: record its refund in refunds instead", o.Number)
		return nil
	}
	var id, orderID int64
	err = im.tx.QueryRowContext(ctx, `SELECT id, order_id FROM returns WHERE ra_number = ?`, r.RANumber).Scan(&id, &orderID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if len(r.Items) == 0 {
			im.problem(rec, "items", "required for a return the store does not hold yet")
			return nil
		}
	case err != nil:
		return fmt.Errorf("%s: %w", rec, err)
	case orderID != o.ID:
		im.problem(rec, "order", "this RA number belongs to another order")
		return nil
	}
	items, ok, err := im.returnLines(ctx, rec, o, r.Items)
	if !ok || err != nil {
		return err
	}
	status := storage.StoredReturnStatus(r.Status)
	if id == 0 {
		res, err := im.tx.ExecContext(ctx, `INSERT INTO returns (ra_number, order_id, customer_id, reason, status, created_at,
			received_at, rejection_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.RANumber, o.ID, o.CustomerID, r.Reason, status,
			encodeTime(r.CreatedAt), encodeTime(r.ReceivedAt), r.RejectionReason)
		if err != nil {
			return fmt.Errorf("%s: %w", rec, err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("%s: %w", rec, err)
		}
		im.stats.ReturnsNew++
	} else {
		if _, err := im.tx.ExecContext(ctx, `UPDATE returns SET reason = ?, status = ?, created_at = ?, received_at = ?,
			rejection_reason = ? WHERE id = ?`, r.Reason, status, encodeTime(r.CreatedAt), encodeTime(r.ReceivedAt),
			r.RejectionReason, id); err != nil {
			return fmt.Errorf("%s: %w", rec, err)
		}
		im.stats.ReturnsMatched++
	}
	if len(items) == 0 {
		return nil
	}
	return im.setReturnItems(ctx, rec, id, status, items, r.Items)
}

// returnLines finds the order line of each returned SKU.
func (im *importer) returnLines(ctx context.Context, rec string, o storage.Order, items []storage.ImportReturnItem) ([]storage.Item, bool, error) {
	if len(items) == 0 {
		return nil, true, nil
	}
	rows, err := im.itemsOf.QueryContext(ctx, o.ID)
	if err != nil {
		return nil, false, fmt.Errorf("%s: items: %w", rec, err)
	}
	byOrder, err := scanItems(rows)
	if err != nil {
		return nil, false, fmt.Errorf("%s: items: %w", rec, err)
	}
	bySKU := make(map[string]storage.Item)
	for _, it := range byOrder[o.ID] {
		if _, seen := bySKU[it.SKU]; !seen && it.SKU != "" {
			bySKU[it.SKU] = it
		}
	}
	lines := make([]storage.Item, 0, len(items))
	ok := true
	for j, it := range items {
		line, found := bySKU[it.SKU]
		if !found {
			im.problem(rec, fmt.Sprintf("items[%d].sku", j), "order %s has no line with this SKU", o.Number)
			ok = false
			continue
		}
		lines = append(lines, line)
	}
	return lines, ok, nil
}

// setReturnItems replaces a return's items. Unless the return is
// cancelled, no line may be returned more times than it was bought,
// counting the other returns.
func (im *importer) setReturnItems(ctx context.Context, rec string, returnID int64, status string, lines []storage.Item, items []storage.ImportReturnItem) error {
	if _, err := im.tx.ExecContext(ctx, `DELETE FROM return_items WHERE return_id = ?`, returnID); err != nil {
		return fmt.Errorf("%s: items: %w", rec, err)
	}
	for j, line := range lines {
		qty := items[j].Quantity
		if status != storage.ReturnCancelled {
			returned, err := im.returned(ctx, line.ID)
			if err != nil {
				return fmt.Errorf("%s: items: %w", rec, err)
			}
			if returned+qty > line.Quantity {
				im.problem(rec, fmt.Sprintf("items[%d].quantity", j),
					"%d bought, %d already being returned, got %d more", line.Quantity, returned, qty)
				continue
			}
		}
		if _, err := im.tx.ExecContext(ctx, `INSERT INTO return_items (return_id, item_id, quantity) VALUES (?, ?, ?)`,
			returnID, line.ID, qty); err != nil {
			return fmt.Errorf("%s: items: %w", rec, err)
		}
	}
	return nil
}

// refund inserts or updates one refund, matched by (order, return, time).
// A refund names a return of its order, or its order is cancelled; the
// refunds of one order never add up to more than the order's total.
func (im *importer) refund(ctx context.Context, rec string, r storage.ImportRefund) error {
	o, ok, err := im.importedOrder(ctx, rec, r.Order)
	if !ok || err != nil {
		return err
	}
	var returnID int64
	if r.RANumber != "" {
		var orderID int64
		err := im.tx.QueryRowContext(ctx, `SELECT id, order_id FROM returns WHERE ra_number = ?`, r.RANumber).Scan(&returnID, &orderID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			im.problem(rec, "ra_number", "no return with this RA number in the file or the store")
			return nil
		case err != nil:
			return fmt.Errorf("%s: %w", rec, err)
		case orderID != o.ID:
			im.problem(rec, "ra_number", "this return is not of order %s", o.Number)
			return nil
		}
	} else if o.Status != storage.StatusCancelled {
		im.problem(rec, "ra_number", "required: order %s is not cancelled, so a refund is for one of its returns", o.Number)
		return nil
	}
	var id int64
	err = im.tx.QueryRowContext(ctx, `SELECT id FROM refunds WHERE order_id = ? AND return_key = ? AND refunded_at = ?`,
		o.ID, returnID, encodeTime(r.RefundedAt)).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = im.tx.ExecContext(ctx, `INSERT INTO refunds (order_id, return_id, return_key, amount_cents, currency, method,
			refunded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			o.ID, nullID(returnID), returnID, r.AmountCents, o.Currency, r.Method, encodeTime(r.RefundedAt))
		im.stats.RefundsNew++
	case err == nil:
		_, err = im.tx.ExecContext(ctx, `UPDATE refunds SET amount_cents = ?, method = ? WHERE id = ?`, r.AmountCents, r.Method, id)
		im.stats.RefundsMatched++
	}
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	var sum int64
	if err := im.tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE order_id = ?`, o.ID).Scan(&sum); err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	if sum > o.TotalCents {
		im.problem(rec, "amount", "the refunds of order %s would add up to %s, more than its total %s",
			o.Number, storage.FormatCents(sum), storage.FormatCents(o.TotalCents))
	}
	return nil
}

// voucher inserts or updates one voucher, matched by code. A code belongs
// to one customer.
func (im *importer) voucher(ctx context.Context, rec string, v storage.ImportVoucher) error {
	customerID, err := im.customerID(ctx, storage.NormalizeEmail(v.Email), false)
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	if customerID == 0 {
		im.problem(rec, "email", "no customer with this e-mail in the file or the store")
		return nil
	}
	code := storage.NormalizeVoucherCode(v.Code)
	var id, holder int64
	err = im.tx.QueryRowContext(ctx, `SELECT id, customer_id FROM vouchers WHERE code = ?`, code).Scan(&id, &holder)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = im.tx.ExecContext(ctx, `INSERT INTO vouchers (customer_id, code, amount_cents, percent, currency,
			minimum_order_cents, valid_from, valid_until, used, origin, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, customerID, code, v.AmountCents, v.Percent, orDefault(v.Currency, "EUR"),
			v.MinimumOrderCents, encodeTime(v.ValidFrom), encodeTime(v.ValidUntil), v.Used, v.Origin, im.now, im.now)
		im.stats.VouchersNew++
	case err != nil:
	case holder != customerID:
		im.problem(rec, "code", "already held by another customer")
		return nil
	default:
		_, err = im.tx.ExecContext(ctx, `UPDATE vouchers SET amount_cents = ?, percent = ?, currency = ?, minimum_order_cents = ?,
			valid_from = ?, valid_until = ?, used = ?, origin = ?, updated_at = ? WHERE id = ?`, v.AmountCents, v.Percent,
			orDefault(v.Currency, "EUR"), v.MinimumOrderCents, encodeTime(v.ValidFrom), encodeTime(v.ValidUntil), v.Used,
			v.Origin, im.now, id)
		im.stats.VouchersMatched++
	}
	if err != nil {
		return fmt.Errorf("%s: %w", rec, err)
	}
	return nil
}

package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"supportbot/storage"
)

// The account area: refunds, returns followed by the shop, vouchers and
// invoices (refund_status.go, return_status.go, vouchers.go, invoice.go).
// What they share is here.

// maxAccountLines is how many returns, refunds or vouchers one answer
// lists, newest (or soonest ending) first.
const maxAccountLines = 5

// raPattern finds an RA number as customers type it: "RA-7K2M9Q4B",
// "ra 7k2m9q4b", "RA7K2M9Q4B". The part after RA must hold a digit, so
// that words starting with "ra" ("rapide", "rappel") are not taken.
var raPattern = regexp.MustCompile(`(?i)\bRA[- ]?([A-Z0-9]{4,16})\b`)

// raNumberIn returns the first RA number written in one of texts, in the
// stored form ("RA-7K2M9Q4B"), or "".
func raNumberIn(texts ...string) string {
	for _, s := range texts {
		for _, m := range raPattern.FindAllStringSubmatch(s, -1) {
			if strings.ContainsAny(m[1], "0123456789") {
				return "RA-" + strings.ToUpper(m[1])
			}
		}
	}
	return ""
}

// customerRefunds reads the verified customer's refunds.
func (e *Engine) customerRefunds(t *turn) ([]storage.Refund, error) {
	fs, err := e.store.RefundsByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return nil, fmt.Errorf("refunds: %w", err)
	}
	return fs, nil
}

// orderByID finds an order among the customer's.
func orderByID(orders []storage.Order, id int64) (storage.Order, bool) {
	for _, o := range orders {
		if o.ID == id {
			return o, true
		}
	}
	return storage.Order{}, false
}

// returnedItems lists the order lines a return takes back, with the
// quantities returned.
func returnedItems(o storage.Order, r storage.Return) []storage.Item {
	var out []storage.Item
	for _, ri := range r.Items {
		for _, it := range o.Items {
			if it.ID == ri.ItemID {
				it.Quantity = ri.Quantity
				out = append(out, it)
			}
		}
	}
	return out
}

// returnValue is what the items of a return cost: the refund due for it
// when the shop has not recorded the refund itself.
func returnValue(o storage.Order, r storage.Return) int64 {
	var sum int64
	for _, it := range returnedItems(o, r) {
		sum += it.UnitPriceCents * int64(it.Quantity)
	}
	return sum
}

// refundsFor sums the refunds of one return (returnID) or of a cancelled
// order (returnID 0), and returns the latest of them.
func refundsFor(refunds []storage.Refund, orderID, returnID int64) (int64, storage.Refund, bool) {
	var sum int64
	var last storage.Refund
	found := false
	for _, f := range refunds {
		if f.OrderID != orderID || f.ReturnID != returnID {
			continue
		}
		sum += f.AmountCents
		if !found || f.RefundedAt.After(last.RefundedAt) {
			last = f
		}
		found = true
	}
	return sum, last, found
}

// refundDue is the last day a refund is promised: the configured number
// of days after the return arrived or the order was cancelled.
func (e *Engine) refundDue(from time.Time) time.Time {
	return from.AddDate(0, 0, e.policy.Refunds.Days)
}

// refundMethod words how a refund was paid ("to your bank card").
func (e *Engine) refundMethod(t *turn, method string) string {
	id := "refund_method_" + method
	if !e.texts.Has(t.lang(), id) {
		return ""
	}
	return e.text(t, id, nil)
}

// returnData is the template data of a message about a return.
func (e *Engine) returnData(t *turn, o storage.Order, r storage.Return) map[string]any {
	lang := t.lang()
	data := e.orderData(t, o)
	data["RA"] = r.RANumber
	data["Items"] = itemNames(returnedItems(o, r))
	data["Created"] = e.fmt.date(lang, r.CreatedAt, t.now)
	data["Amount"] = e.fmt.money(lang, returnValue(o, r), o.Currency)
	data["Days"] = e.policy.Refunds.Days
	data["Reason"] = r.RejectionReason
	if !r.ReceivedAt.IsZero() {
		data["Received"] = e.fmt.date(lang, r.ReceivedAt, t.now)
		data["Due"] = e.fmt.date(lang, e.refundDue(r.ReceivedAt), t.now)
	}
	return data
}

// activeReturns returns the customer's returns that are not
// cancelled, newest first, each with its order.
func (e *Engine) activeReturns(t *turn) ([]storage.Return, []storage.Order, error) {
	orders, err := e.customerOrders(t)
	if err != nil {
		return nil, nil, err
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		return nil, nil, err
	}
	active := slices.DeleteFunc(slices.Clone(returns), func(r storage.Return) bool {
		return r.Status == storage.ReturnCancelled
	})
	slices.SortStableFunc(active, func(a, b storage.Return) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return active, orders, nil
}

package storage

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// ImportInvoice is an order's "invoice" object in the import file.
type ImportInvoice struct {
	Number string
	Date   time.Time
	URL    string // empty: the bot builds the link from its template, if any
}

// ImportReturn is one entry of the file's "returns" list: a return as the
// shop moves it along. Returns are matched by RA number, so the shop can
// update the ones the bot opened. Items name order lines by SKU; they are
// required for a return the store does not hold yet and, when given for
// one it holds, replace its items.
type ImportReturn struct {
	RANumber        string // upper-cased
	Order           string
	Status          string // ReturnRequested, ReturnReceived, ReturnRefunded, ReturnRejected or ReturnCancelled
	Reason          string
	RejectionReason string // required when rejected, and only then
	CreatedAt       time.Time
	ReceivedAt      time.Time // required once received or refunded
	Items           []ImportReturnItem
}

// ImportReturnItem is how many units of an order line, by SKU, a return
// takes back.
type ImportReturnItem struct {
	SKU      string
	Quantity int
}

// ImportRefund is one entry of the file's "refunds" list: money sent back
// for a return (RANumber set) or for a cancelled order. Refunds are matched
// by (order, RA number, refunded_at); the refunds of one order never add
// up to more than its total. The currency is the order's.
type ImportRefund struct {
	Order       string
	RANumber    string
	AmountCents int64
	Method      string // one of RefundMethods
	RefundedAt  time.Time
}

// ImportVoucher is one entry of the file's "vouchers" list, matched by
// code (case-insensitive). Exactly one of AmountCents and Percent is set.
type ImportVoucher struct {
	Code              string // upper-cased
	Email             string
	AmountCents       int64
	Percent           int
	Currency          string // "EUR" by default
	MinimumOrderCents int64
	ValidFrom         time.Time
	ValidUntil        time.Time
	Used              bool
	Origin            string
}

// NormalizeVoucherCode returns the form a voucher code is stored and
// matched in: trimmed and upper-cased.
func NormalizeVoucherCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// StoredReturnStatus maps a return status of the import file to the
// stored one: "requested" is an open return.
func StoredReturnStatus(s string) string {
	if s == ReturnRequested {
		return ReturnOpen
	}
	return s
}

func returnLabel(i int, ra string) string {
	return fmt.Sprintf("returns[%d] (%s)", i, labelText(ra))
}

func refundLabel(i int, order string) string {
	return fmt.Sprintf("refunds[%d] (%s)", i, labelText(order))
}

func voucherLabel(i int, code string) string {
	return fmt.Sprintf("vouchers[%d] (%s)", i, labelText(code))
}

func validateInvoice(ps *problems, rec string, o ImportOrder) {
	inv := o.Invoice
	if inv == nil {
		return
	}
	if msg := checkReference(inv.Number, 64); msg != "" {
		ps.add(rec, "invoice.number", "%s", msg)
	}
	if inv.Date.IsZero() {
		ps.add(rec, "invoice.date", "required")
	}
	checkYear(ps, rec, "invoice.date", inv.Date)
	if !inv.Date.IsZero() && !o.PlacedAt.IsZero() && inv.Date.Before(o.PlacedAt) {
		ps.add(rec, "invoice.date", "must not be before placed_at (%s), got %s", rfc3339(o.PlacedAt), rfc3339(inv.Date))
	}
	if inv.URL != "" {
		if msg := checkLink(inv.URL); msg != "" {
			ps.add(rec, "invoice.url", "%s", msg)
		}
	}
	if o.Status == StatusCancelled {
		ps.add(rec, "invoice", "a cancelled order has no invoice")
	}
}

// checkLink accepts an absolute http or https URL: the link is given to
// customers as it is.
func checkLink(s string) string {
	if len(s) > 500 {
		return fmt.Sprintf("at most 500 characters, got %d", len(s))
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t\r\n") {
		return fmt.Sprintf("must be a link starting with https://, got %q", labelText(s))
	}
	return ""
}

// checkReference accepts a shop's reference (an invoice number, a voucher
// code): letters, digits, dashes, dots, slashes and underscores.
func checkReference(s string, maxLen int) string {
	if s == "" {
		return "required"
	}
	if len(s) > maxLen {
		return fmt.Sprintf("at most %d characters, got %d", maxLen, len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isUpper(c) && !isDigit(c) && !(c >= 'a' && c <= 'z') && strings.IndexByte("-./_", c) < 0 {
			return fmt.Sprintf("must be letters, digits and - . / _, got %q", labelText(s))
		}
	}
	return ""
}

func validateReturn(ps *problems, rec string, r ImportReturn) {
	if msg := checkRA(r.RANumber); msg != "" {
		ps.add(rec, "ra_number", "%s", msg)
	}
	if msg := checkIdentifier(r.Order); msg != "" {
		ps.add(rec, "order", "%s", msg)
	}
	if r.Status == "" {
		ps.add(rec, "status", "required")
	} else if !oneOf(r.Status, ReturnRequested, ReturnReceived, ReturnRefunded, ReturnRejected, ReturnCancelled) {
		ps.add(rec, "status", "must be requested, received, refunded, rejected or cancelled, got %q", labelText(r.Status))
	}
	checkText(ps, rec, "reason", r.Reason, false)
	checkText(ps, rec, "rejection_reason", r.RejectionReason, r.Status == ReturnRejected)
	if r.RejectionReason != "" && r.Status != ReturnRejected {
		ps.add(rec, "rejection_reason", "only for a rejected return, got status %s", labelText(r.Status))
	}
	if r.CreatedAt.IsZero() {
		ps.add(rec, "created_at", "required")
	}
	checkYear(ps, rec, "created_at", r.CreatedAt)
	checkYear(ps, rec, "received_at", r.ReceivedAt)
	switch r.Status {
	case ReturnReceived, ReturnRefunded:
		if r.ReceivedAt.IsZero() {
			ps.add(rec, "received_at", "required when status is %s", r.Status)
		}
	case ReturnRequested:
		if !r.ReceivedAt.IsZero() {
			ps.add(rec, "received_at", "must be empty while the return is requested")
		}
	}
	if !r.CreatedAt.IsZero() && !r.ReceivedAt.IsZero() && r.ReceivedAt.Before(r.CreatedAt) {
		ps.add(rec, "received_at", "must not be before created_at (%s), got %s", rfc3339(r.CreatedAt), rfc3339(r.ReceivedAt))
	}
	if len(r.Items) > maxItemsPerRow {
		ps.add(rec, "items", "at most %d items, got %d", maxItemsPerRow, len(r.Items))
	}
	seen := make(map[string]bool, len(r.Items))
	for j, it := range r.Items {
		prefix := fmt.Sprintf("items[%d].", j)
		switch {
		case it.SKU == "":
			ps.add(rec, prefix+"sku", "required")
		case len(it.SKU) > 64:
			ps.add(rec, prefix+"sku", "at most 64 characters")
		case seen[it.SKU]:
			ps.add(rec, prefix+"sku", "listed twice in this return")
		}
		seen[it.SKU] = true
		if it.Quantity < 1 || it.Quantity > maxQuantity {
			ps.add(rec, prefix+"quantity", "must be between 1 and %d, got %d", maxQuantity, it.Quantity)
		}
	}
}

// checkRA accepts an RA number: "RA-" then upper-case letters and digits.
func checkRA(s string) string {
	if s == "" {
		return "required"
	}
	rest, ok := strings.CutPrefix(s, "RA-")
	if !ok || rest == "" || len(s) > maxNumberLen {
		return fmt.Sprintf("must be RA- followed by letters and digits, got %q", labelText(s))
	}
	for i := 0; i < len(rest); i++ {
		if !isUpper(rest[i]) && !isDigit(rest[i]) {
			return fmt.Sprintf("must be RA- followed by letters and digits, got %q", labelText(s))
		}
	}
	return ""
}

func validateRefund(ps *problems, rec string, r ImportRefund) {
	if msg := checkIdentifier(r.Order); msg != "" {
		ps.add(rec, "order", "%s", msg)
	}
	if r.RANumber != "" {
		if msg := checkRA(r.RANumber); msg != "" {
			ps.add(rec, "ra_number", "%s", msg)
		}
	}
	if r.AmountCents <= 0 {
		ps.add(rec, "amount", "must be above zero, got %s", FormatCents(r.AmountCents))
	}
	if !oneOf(r.Method, RefundMethods...) {
		ps.add(rec, "method", "must be one of %s, got %q", strings.Join(RefundMethods, ", "), labelText(r.Method))
	}
	if r.RefundedAt.IsZero() {
		ps.add(rec, "refunded_at", "required")
	}
	checkYear(ps, rec, "refunded_at", r.RefundedAt)
}

func validateVoucher(ps *problems, rec string, v ImportVoucher) {
	if msg := checkReference(v.Code, 32); msg != "" {
		ps.add(rec, "code", "%s", msg)
	} else if len(v.Code) < minNumberKey {
		ps.add(rec, "code", "at least %d characters, got %d", minNumberKey, len(v.Code))
	}
	if msg := checkEmail(v.Email); msg != "" {
		ps.add(rec, "email", "%s", msg)
	}
	switch {
	case v.AmountCents != 0 && v.Percent != 0:
		ps.add(rec, "percent", "give amount or percent, not both")
	case v.AmountCents == 0 && v.Percent == 0:
		ps.add(rec, "amount", "amount or percent is required")
	case v.AmountCents < 0:
		ps.add(rec, "amount", "must be above zero, got %s", FormatCents(v.AmountCents))
	case v.Percent < 0 || v.Percent > 100:
		ps.add(rec, "percent", "must be between 1 and 100, got %d", v.Percent)
	}
	if v.MinimumOrderCents < 0 {
		ps.add(rec, "minimum_order", "must not be negative, got %s", FormatCents(v.MinimumOrderCents))
	}
	if v.Currency != "" && (len(v.Currency) != 3 || strings.ToUpper(v.Currency) != v.Currency || !isLetters(v.Currency)) {
		ps.add(rec, "currency", "must be a three-letter code such as EUR, got %q", labelText(v.Currency))
	}
	checkYear(ps, rec, "valid_from", v.ValidFrom)
	checkYear(ps, rec, "valid_until", v.ValidUntil)
	if !v.ValidFrom.IsZero() && !v.ValidUntil.IsZero() && v.ValidUntil.Before(v.ValidFrom) {
		ps.add(rec, "valid_until", "must not be before valid_from (%s), got %s", rfc3339(v.ValidFrom), rfc3339(v.ValidUntil))
	}
	if !oneOf(v.Origin, VoucherLoyalty, VoucherGoodwill, VoucherGift) {
		ps.add(rec, "origin", "must be loyalty_reward, goodwill or gift, got %q", labelText(v.Origin))
	}
}

package storage

import (
	"fmt"
	"strings"
)

// ImportStats counts what an import did. Records that matched stored ones
// are "updated" when a field changed and "unchanged" otherwise, so that
// re-importing a file shows at a glance that nothing moved.
type ImportStats struct {
	CustomersNew        int
	CustomersUpdated    int
	CustomersUnchanged  int
	CustomersFromOrders int // created from an order's e-mail, not listed in the file
	OrdersNew           int
	OrdersUpdated       int
	OrdersUnchanged     int
	AdjustmentsNew      int
	AdjustmentsPresent  int // already in the ledger, not added again
	ReturnsNew          int
	ReturnsMatched      int // found by RA number and set to the file's values
	RefundsNew          int
	RefundsMatched      int
	VouchersNew         int
	VouchersMatched     int
	TicketsNew          int
	TicketsMatched      int // found by reference: status and outcome set
}

// String is the one-line summary "supportbot import" prints, e.g.
// "imported 3 customers (2 new, 1 updated), 5 orders (5 new), 2 points adjustments (2 new)".
func (s ImportStats) String() string {
	customers := s.CustomersNew + s.CustomersUpdated + s.CustomersUnchanged + s.CustomersFromOrders
	orders := s.OrdersNew + s.OrdersUpdated + s.OrdersUnchanged
	adjustments := s.AdjustmentsNew + s.AdjustmentsPresent
	return fmt.Sprintf("imported %s%s, %s%s, %s%s",
		plural(customers, "customer"), breakdown(
			part{s.CustomersNew, "new"}, part{s.CustomersUpdated, "updated"},
			part{s.CustomersUnchanged, "unchanged"}, part{s.CustomersFromOrders, "created from orders"}),
		plural(orders, "order"), breakdown(
			part{s.OrdersNew, "new"}, part{s.OrdersUpdated, "updated"}, part{s.OrdersUnchanged, "unchanged"}),
		plural(adjustments, "points adjustment"), breakdown(
			part{s.AdjustmentsNew, "new"}, part{s.AdjustmentsPresent, "already present"})) + s.accountString()
}

// accountString is the summary's part about the account area, left out
// when the file had none of it (the summary of older files is unchanged).
func (s ImportStats) accountString() string {
	var out string
	for _, r := range []struct {
		n, matched int
		noun       string
	}{
		{s.ReturnsNew, s.ReturnsMatched, "return"},
		{s.RefundsNew, s.RefundsMatched, "refund"},
		{s.VouchersNew, s.VouchersMatched, "voucher"},
		{s.TicketsNew, s.TicketsMatched, "ticket"},
	} {
		if r.n+r.matched > 0 {
			out += ", " + plural(r.n+r.matched, r.noun) + breakdown(part{r.n, "new"}, part{r.matched, "updated"})
		}
	}
	return out
}

type part struct {
	n    int
	what string
}

// breakdown writes " (2 new, 1 updated)", leaving out zeros.
func breakdown(parts ...part) string {
	var out []string
	for _, p := range parts {
		if p.n > 0 {
			out = append(out, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if len(out) == 0 {
		return ""
	}
	return " (" + strings.Join(out, ", ") + ")"
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"supportbot/storage"
)

// AccountView is the account area as the team sees it: what a customer
// returned, was refunded, can still spend, and the cases they follow.
type AccountView struct {
	Returns  []storage.Return  // newest first
	Refunds  []storage.Refund  // newest first
	Vouchers []storage.Voucher // usable now, ending soonest first
	Cases    []storage.Ticket  // open ones, then those closed lately
}

// accountView reads a customer's account area; orderID, when not 0,
// keeps only what concerns that order (vouchers are the customer's: none
// then).
func (e *Engine) accountView(ctx context.Context, customerID, orderID int64) (AccountView, error) {
	var v AccountView
	var err error
	if v.Returns, err = e.store.ReturnsByCustomer(ctx, customerID); err != nil {
		return v, fmt.Errorf("returns: %w", err)
	}
	if v.Refunds, err = e.store.RefundsByCustomer(ctx, customerID); err != nil {
		return v, fmt.Errorf("refunds: %w", err)
	}
	tickets, err := e.store.TicketsByCustomer(ctx, customerID)
	if err != nil {
		return v, fmt.Errorf("cases: %w", err)
	}
	v.Cases = followedCases(tickets, e.now())
	if orderID != 0 {
		v.Returns = slices.DeleteFunc(v.Returns, func(r storage.Return) bool { return r.OrderID != orderID })
		v.Refunds = slices.DeleteFunc(v.Refunds, func(f storage.Refund) bool { return f.OrderID != orderID })
		v.Cases = slices.DeleteFunc(v.Cases, func(t storage.Ticket) bool { return t.OrderID != orderID })
		return v, nil
	}
	vouchers, err := e.store.VouchersByCustomer(ctx, customerID)
	if err != nil {
		return v, fmt.Errorf("vouchers: %w", err)
	}
	now := e.now()
	v.Vouchers = slices.DeleteFunc(vouchers, func(vo storage.Voucher) bool { return !vo.Usable(now) })
	return v, nil
}

// LateRefunds lists the refunds waiting longer than the configured delay
// (refunds.days after a return arrived or an order was cancelled), oldest
// first: the /refunds command.
func (e *Engine) LateRefunds(ctx context.Context) ([]storage.WaitingRefund, error) {
	list, err := e.store.RefundsWaiting(ctx, e.now().AddDate(0, 0, -e.policy.Refunds.Days))
	if err != nil {
		return nil, fmt.Errorf("late refunds: %w", err)
	}
	return list, nil
}

// RefundDays is the configured refund delay, for the team's wording.
func (e *Engine) RefundDays() int { return e.policy.Refunds.Days }

// AgentSetCaseStatus sets the status of the case a hand-off is about (its
// ticket), as an agent chose it on the desk. It works on a resolved
// hand-off too: a claim goes on after the chat ends. An unknown hand-off
// or status gives an error wrapping storage.ErrNotFound or
// ErrUnknownStatus.
func (e *Engine) AgentSetCaseStatus(ctx context.Context, ref, agentID, agentName, status string) error {
	if !slices.Contains(storage.TicketStatuses, status) {
		return fmt.Errorf("case status %q: %w", status, ErrUnknownStatus)
	}
	h, err := e.store.HandoffByDeskRef(ctx, ref)
	if err != nil {
		return fmt.Errorf("case status of %s: %w", ref, err)
	}
	if h.TicketID == 0 {
		return fmt.Errorf("case status of %s: no ticket: %w", ref, storage.ErrNotFound)
	}
	unlock := e.locks.lock(h.ConversationID)
	defer unlock()
	if err := e.store.SetTicketStatus(ctx, h.TicketID, status); err != nil {
		return fmt.Errorf("case status of %s: %w", ref, err)
	}
	e.log.InfoContext(ctx, "case status set", "ref", ref, "ticket", h.TicketID, "status", status, "agent", agentID)
	return nil
}

// ErrUnknownStatus is a case status that is none of storage.TicketStatuses.
var ErrUnknownStatus = errors.New("unknown case status")

// RequestView is a request the team carries out, with its customer and
// order.
type RequestView struct {
	Ticket   storage.Ticket
	Customer storage.Customer
	Order    string // the order's number; "" when none
}

// OpenRequests lists the exchanges, address changes and account requests
// not done yet, oldest first: the /requests command.
func (e *Engine) OpenRequests(ctx context.Context) ([]RequestView, error) {
	tickets, err := e.store.OpenTickets(ctx, storage.RequestKinds...)
	if err != nil {
		return nil, fmt.Errorf("open requests: %w", err)
	}
	out := make([]RequestView, 0, len(tickets))
	for _, tk := range tickets {
		v := RequestView{Ticket: tk}
		if tk.CustomerID != 0 {
			if v.Customer, err = e.store.CustomerByID(ctx, tk.CustomerID); err != nil && !errors.Is(err, storage.ErrNotFound) {
				return nil, fmt.Errorf("open requests: %w", err)
			}
		}
		if tk.OrderID != 0 && tk.CustomerID != 0 {
			orders, err := e.store.OrdersByCustomer(ctx, tk.CustomerID)
			if err != nil {
				return nil, fmt.Errorf("open requests: %w", err)
			}
			if o, ok := orderByID(orders, tk.OrderID); ok {
				v.Order = o.Number
			}
		}
		out = append(out, v)
	}
	return out, nil
}

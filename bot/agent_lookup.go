package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"supportbot/bot/policy"
	"supportbot/storage"
)

// OrderView is what an agent sees of an order.
type OrderView struct {
	Order       storage.Order
	Customer    storage.Customer
	Estimate    policy.Estimate
	TrackingURL string
	Carrier     string
	Returns     []storage.Return // this order's returns
	// Account is this order's returns, refunds and cases.
	Account AccountView
}

// LookupOrder finds an order for an agent (the /order command).
func (e *Engine) LookupOrder(ctx context.Context, number string) (OrderView, error) {
	o, err := e.store.OrderByNumber(ctx, number)
	if err != nil {
		return OrderView{}, fmt.Errorf("order %s: %w", number, err)
	}
	c, err := e.store.CustomerByID(ctx, o.CustomerID)
	if err != nil {
		return OrderView{}, fmt.Errorf("order %s: customer: %w", number, err)
	}
	rs, err := e.store.ReturnsByCustomer(ctx, c.ID)
	if err != nil {
		return OrderView{}, fmt.Errorf("order %s: returns: %w", number, err)
	}
	v := OrderView{Order: o, Customer: c, Estimate: policy.Expected(e.policy, o, e.now()),
		Carrier: policy.CarrierName(e.policy, o.Carrier)}
	v.TrackingURL, _ = policy.TrackingURL(e.policy, o.Carrier, o.TrackingNumber)
	for _, r := range rs {
		if r.OrderID == o.ID {
			v.Returns = append(v.Returns, r)
		}
	}
	if v.Account, err = e.accountView(ctx, c.ID, o.ID); err != nil {
		return OrderView{}, fmt.Errorf("order %s: %w", number, err)
	}
	return v, nil
}

// CustomerView is what an agent sees of a customer.
type CustomerView struct {
	Customer storage.Customer
	Orders   []storage.Order // newest first
	Balance  policy.Balance
	Account  AccountView
}

// LookupCustomer finds a customer by e-mail for an agent (the /customer
// and /points commands).
func (e *Engine) LookupCustomer(ctx context.Context, email string) (CustomerView, error) {
	c, err := e.store.CustomerByEmail(ctx, strings.TrimSpace(email))
	if err != nil {
		return CustomerView{}, fmt.Errorf("customer %s: %w", email, err)
	}
	orders, b, err := e.loyalty(ctx, c.ID, e.now())
	if err != nil {
		return CustomerView{}, fmt.Errorf("customer %s: %w", email, err)
	}
	acct, err := e.accountView(ctx, c.ID, 0)
	if err != nil {
		return CustomerView{}, fmt.Errorf("customer %s: %w", email, err)
	}
	return CustomerView{Customer: c, Orders: orders, Balance: b, Account: acct}, nil
}

// QueueEntry is one open hand-off in the team's queue.
type QueueEntry struct {
	Handoff  storage.Handoff
	Channel  string
	Customer string // name once verified, else empty
	Waiting  time.Duration
}

// Queue lists the open hand-offs, oldest first, with how long each customer
// has been waiting (the /handoffs command).
func (e *Engine) Queue(ctx context.Context) ([]QueueEntry, error) {
	hs, err := e.store.OpenHandoffs(ctx)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	now := e.now()
	out := make([]QueueEntry, 0, len(hs))
	for _, h := range hs {
		q := QueueEntry{Handoff: h, Waiting: now.Sub(h.CreatedAt)}
		conv, err := e.store.Conversation(ctx, h.ConversationID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return nil, fmt.Errorf("queue: %w", err)
		}
		q.Channel = conv.Channel
		if conv.CustomerID != 0 {
			if c, err := e.store.CustomerByID(ctx, conv.CustomerID); err == nil {
				q.Customer = c.Name
			}
		}
		out = append(out, q)
	}
	return out, nil
}

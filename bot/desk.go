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

// cutNote reports whether an agent's message is an internal note
// ("note: …"), and returns its text.
func cutNote(text string) (string, bool) {
	s := strings.TrimSpace(text)
	if len(s) >= 5 && strings.EqualFold(s[:5], "note:") {
		return strings.TrimSpace(s[5:]), true
	}
	return "", false
}

// OrderView is what an agent sees of an order.
type OrderView struct {
	Order       storage.Order
	Customer    storage.Customer
	Estimate    policy.Estimate
	TrackingURL string
	Carrier     string
	Returns     []storage.Return // this order's returns
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
	return v, nil
}

// CustomerView is what an agent sees of a customer.
type CustomerView struct {
	Customer storage.Customer
	Orders   []storage.Order // newest first
	Balance  policy.Balance
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
	return CustomerView{Customer: c, Orders: orders, Balance: b}, nil
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

// Logout unlinks a platform user from their customer record (Telegram's
// /logout): the next conversation asks for proof again. The conversation
// itself forgets the customer too.
func (e *Engine) Logout(ctx context.Context, conversationID, channel, userID string) error {
	unlock := e.locks.lock(conversationID)
	defer unlock()
	if err := e.store.UnlinkIdentity(ctx, channel, userID); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	conv, err := e.store.Conversation(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	conv.CustomerID = 0
	d, _ := decodeDialogue(conv.State)
	d.forget()
	d.Order, d.Email, d.OrderRef, d.Card = "", "", "", ""
	conv.State = d.encode()
	conv.UpdatedAt = e.now()
	if _, err := e.store.SaveTurn(ctx, conv, nil); err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

// SetLanguage sets the language the bot speaks in a conversation, as a
// channel's /language command asks; the customer's own words may change it
// again later.
func (e *Engine) SetLanguage(ctx context.Context, conversationID, channel, lang string) error {
	if !e.texts.Speaks(lang) {
		return fmt.Errorf("set language: %w: unknown language %q", ErrBadMessage, lang)
	}
	unlock := e.locks.lock(conversationID)
	defer unlock()
	conv, err := e.store.Conversation(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		conv = storage.Conversation{ID: conversationID, Channel: channel, CreatedAt: e.now()}
	} else if err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	conv.Lang, conv.UpdatedAt = lang, e.now()
	if _, err := e.store.SaveTurn(ctx, conv, nil); err != nil {
		return fmt.Errorf("set language: %w", err)
	}
	return nil
}

// InHandoff reports whether a person has the conversation (or it waits for
// one), for a web page that polls for the agent's replies.
func (e *Engine) InHandoff(ctx context.Context, conversationID string) (bool, error) {
	conv, err := e.store.Conversation(ctx, conversationID)
	if errors.Is(err, storage.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("hand-off state of %s: %w", conversationID, err)
	}
	return conv.Handoff == storage.HandoffRequested || conv.Handoff == storage.HandoffWithAgent, nil
}

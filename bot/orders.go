package bot

import (
	"errors"
	"strings"

	"supportbot/intents"
	"supportbot/storage"
)

// maxOrderButtons is how many orders the bot offers to choose from.
const maxOrderButtons = 5

// orderFilter says which of a customer's orders a task is likely about.
type orderFilter func(o storage.Order) bool

// pickOrder returns the order the task is about: the one the customer names
// (it must be theirs), the one already in the conversation, or their only
// likely one; otherwise it asks which, with buttons. It reports false when it
// has asked something or ended the task.
func (e *Engine) pickOrder(t *turn, cust storage.Customer, likely orderFilter) (storage.Order, bool) {
	tk := t.d.Task
	if number := e.namedOrder(t); number != "" {
		o, err := e.store.OrderByNumber(t.ctx, number)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			e.fail(t, "load order", err)
			return storage.Order{}, false
		}
		if err != nil || o.CustomerID != cust.ID {
			tk.Step = stepOrder
			e.say(t, "order_not_in_account", map[string]any{"Number": storage.DisplayOrderNumber(number)})
			return storage.Order{}, false
		}
		tk.Order, t.d.Order = o.Number, o.Number
		return o, true
	}
	for _, number := range []string{tk.Order, t.d.Order} {
		if number == "" {
			continue
		}
		if o, ok := e.ownOrder(t, cust, number); ok {
			tk.Order, t.d.Order = o.Number, o.Number
			return o, true
		}
	}
	orders, err := e.store.OrdersByCustomer(t.ctx, cust.ID)
	if err != nil {
		e.fail(t, "list orders", err)
		return storage.Order{}, false
	}
	if len(orders) == 0 {
		t.d.Task = nil
		e.say(t, "order_none", nil, e.button(t, "button_human", payloadHuman))
		return storage.Order{}, false
	}
	candidates := filterOrders(orders, likely)
	switch {
	case len(candidates) == 1:
		tk.Order, t.d.Order = candidates[0].Number, candidates[0].Number
		return candidates[0], true
	case len(candidates) == 0 && len(orders) == 1:
		tk.Order, t.d.Order = orders[0].Number, orders[0].Number
		return orders[0], true
	case len(candidates) == 0:
		candidates = orders
	}
	tk.Step = stepOrder
	e.say(t, "order_which", nil, e.orderButtons(t, candidates)...)
	return storage.Order{}, false
}

// namedOrder is the order number the customer gives in this message, by
// text or button.
func (e *Engine) namedOrder(t *turn) string {
	if n, ok := strings.CutPrefix(t.input.payload, prefixOrder); ok {
		return n
	}
	n, _ := e.entity(t, intents.EntityOrderNumber)
	return n
}

// ownOrder loads an order by number, checking it is the customer's.
func (e *Engine) ownOrder(t *turn, cust storage.Customer, number string) (storage.Order, bool) {
	o, err := e.store.OrderByNumber(t.ctx, number)
	if err != nil {
		if !errors.Is(err, storage.ErrNotFound) {
			e.fail(t, "load order", err)
		}
		return storage.Order{}, false
	}
	return o, o.CustomerID == cust.ID
}

func filterOrders(orders []storage.Order, keep orderFilter) []storage.Order {
	var out []storage.Order
	for _, o := range orders {
		if keep == nil || keep(o) {
			out = append(out, o)
		}
	}
	return out
}

// orderButtons offers the newest orders, each labelled with its number, date
// and amount.
func (e *Engine) orderButtons(t *turn, orders []storage.Order) []Button {
	var bs []Button
	for i, o := range orders {
		if i == maxOrderButtons {
			break
		}
		label := e.text(t, "order_button", map[string]any{
			"Number": o.Number,
			"Date":   e.fmt.date(t.lang(), o.PlacedAt, t.now),
			"Total":  e.fmt.money(t.lang(), o.TotalCents, o.Currency),
		})
		bs = append(bs, Button{Label: label, Payload: prefixOrder + o.Number})
	}
	return bs
}

// Order filters of the tasks.
func isActive(o storage.Order) bool {
	return o.Status != storage.StatusDelivered && o.Status != storage.StatusCancelled
}

func isShippedOrDelivered(o storage.Order) bool {
	return o.Channel != storage.ChannelStore && o.Status != storage.StatusPending && o.Status != storage.StatusCancelled
}

func isDelivered(o storage.Order) bool { return o.Status == storage.StatusDelivered }

func isPending(o storage.Order) bool { return o.Status == storage.StatusPending }

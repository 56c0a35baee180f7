package bot

import (
	"cmp"
	"slices"
	"time"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// refundCase is one thing a refund is due for: a return, or a cancelled
// order (ret nil).
type refundCase struct {
	order storage.Order
	ret   *storage.Return
	at    time.Time // when it was asked for: newest first
}

// refundStatus tells where the refunds of the customer stand: for each
// return and each cancelled order (or those of the order or RA number
// named), the amount, whether it was paid, how and when, or when it is
// due, from the configured refund delay.
func (e *Engine) refundStatus(t *turn) {
	proof := t.d.Task.Step == stepIdentity
	if _, ok := e.identify(t); !ok {
		return
	}
	said := t.d.Task.Said
	t.d.Task = nil
	cases, refunds, err := e.refundCases(t)
	if err != nil {
		e.fail(t, "refund status", err)
		return
	}
	if ra := raNumberIn(t.input.text, said); ra != "" {
		cases = slices.DeleteFunc(cases, func(c refundCase) bool { return c.ret == nil || c.ret.RANumber != ra })
		if len(cases) == 0 {
			e.say(t, "ra_not_found", map[string]any{"RA": ra})
			return
		}
	} else if number := e.refundOrderNamed(t); number != "" && !proof {
		// An order number given as proof of identity, when asked for,
		// names no order in particular.
		if !e.knownOrder(t, number) {
			return
		}
		mine := slices.DeleteFunc(slices.Clone(cases), func(c refundCase) bool { return !sameOrder(c.order, number) })
		if len(mine) == 0 {
			if e.lateParcelRefund(t, number) {
				return
			}
			if o, ok := e.orderSaidCancelled(t, said); ok {
				e.sayNotCancelled(t, o) // (see below)
				return
			}
			e.say(t, "refund_order_none", map[string]any{"Number": storage.DisplayOrderNumber(number)})
			if len(cases) == 0 {
				return // (no refund anywhere else either: said once)
			}
		} else {
			cases = mine
		}
	}
	if len(cases) == 0 {
		if e.lateParcelRefund(t, t.d.Order) {
			return
		}
		if o, ok := e.orderSaidCancelled(t, said); ok {
			// "I cancelled OP-100401 yesterday, where's my refund?": no
			// refund is due because no cancellation is on it, which
			// "no refund under way" left unsaid.
			e.sayNotCancelled(t, o)
			return
		}
		e.say(t, "refund_none", nil, e.button(t, "button_return", prefixIntent+intents.StartReturn))
		return
	}
	help, bank := false, false
	for i, c := range cases {
		if i == maxAccountLines {
			break
		}
		h, b := e.sayRefundCase(t, c, refunds)
		help, bank = help || h, bank || b
	}
	if norm := intents.Normalize(said); len(cases) == 1 && cases[0].ret == nil && e.texts.Mentions(t.lang(), keywordWhy, norm) &&
		e.texts.Mentions(t.lang(), keywordCancelledWord, norm) {
		// « pourquoi ma commande a été annulée ??? j'ai rien demandé
		// moi », asked before the proof: the refund, and why it was
		// cancelled, which only the team can tell (the refund alone
		// came, then its delay explained; round 113b).
		e.say(t, "fu_why_track_cancelled", map[string]any{"Number": cases[0].order.Number}, e.button(t, "button_human", payloadHuman))
		return
	}
	if bank {
		e.say(t, "refund_bank_delay", nil)
	}
	if help {
		e.say(t, "refund_help", nil, e.button(t, "button_human", payloadHuman))
	}
}

// refundCases lists the customer's returns that are not cancelled and
// their cancelled orders with something to refund, newest first.
func (e *Engine) refundCases(t *turn) ([]refundCase, []storage.Refund, error) {
	returns, orders, err := e.activeReturns(t)
	if err != nil {
		return nil, nil, err
	}
	refunds, err := e.customerRefunds(t)
	if err != nil {
		return nil, nil, err
	}
	var cases []refundCase
	for i, r := range returns {
		if o, ok := orderByID(orders, r.OrderID); ok {
			cases = append(cases, refundCase{order: o, ret: &returns[i], at: r.CreatedAt})
		}
	}
	for _, o := range orders {
		if o.Status == storage.StatusCancelled && o.TotalCents > 0 {
			cases = append(cases, refundCase{order: o, at: o.CancelledAt})
		}
	}
	slices.SortStableFunc(cases, func(a, b refundCase) int { return b.at.Compare(a.at) })
	return cases, refunds, nil
}

// sayRefundCase tells where one refund stands. It reports whether a
// person could help (a refund late or refused) and whether a refund was
// paid (the bank may take a few days to show it).
func (e *Engine) sayRefundCase(t *turn, c refundCase, refunds []storage.Refund) (help, paid bool) {
	lang := t.lang()
	var data map[string]any
	var returnID int64
	var from time.Time
	prefix := "refund_cancel_"
	if c.ret != nil {
		data, returnID, from, prefix = e.returnData(t, c.order, *c.ret), c.ret.ID, c.ret.ReceivedAt, "refund_return_"
	} else {
		// Cancelled orders always carry their date; an order stored
		// without one counts from its placing rather than from year 1.
		data, from = e.orderData(t, c.order), cmp.Or(c.order.CancelledAt, c.order.PlacedAt)
		data["Amount"] = e.fmt.money(lang, c.order.TotalCents, c.order.Currency)
		data["Days"] = e.policy.Refunds.Days
	}
	if sum, last, ok := refundsFor(refunds, c.order.ID, returnID); ok {
		data["Amount"] = e.fmt.money(lang, sum, last.Currency)
		data["Date"] = e.fmt.date(lang, last.RefundedAt, t.now)
		data["Method"] = e.refundMethod(t, last.Method)
		e.say(t, prefix+"done", data)
		return false, true
	}
	switch {
	case c.ret != nil && c.ret.Status == storage.ReturnRejected:
		e.say(t, "refund_return_rejected", data)
		return true, false
	case c.ret != nil && c.ret.Status == storage.ReturnRefunded:
		e.say(t, "refund_return_done_undated", data)
		return false, true
	case c.ret != nil && from.IsZero():
		// A return not received yet: the delay starts when it arrives.
		e.say(t, "refund_return_open", data)
		return false, false
	}
	data["Due"] = e.fmt.date(lang, e.refundDue(from), t.now)
	if t.now.After(e.refundDue(from).Add(24 * time.Hour)) {
		e.say(t, prefix+"late", data)
		return true, false
	}
	e.say(t, prefix+"pending", data)
	return false, false
}

// knownOrder checks that the order named is the customer's, and says so
// when it is not; it reports whether it is.
func (e *Engine) knownOrder(t *turn, number string) bool {
	orders, err := e.customerOrders(t)
	if err != nil {
		e.fail(t, "list orders", err)
		return false
	}
	if _, ok := findOrder(orders, number); !ok {
		e.say(t, "order_not_in_account", map[string]any{"Number": storage.DisplayOrderNumber(number)})
		return false
	}
	return true
}

// sameOrder reports whether number (as the customer typed it) names o.
func sameOrder(o storage.Order, number string) bool {
	_, ok := findOrder([]storage.Order{o}, number)
	return ok
}

// lateParcelRefund answers a refund asked for an order whose parcel is
// late in transit ("I want my money back, I've been waiting for weeks"):
// no return or cancellation is due, the carrier's investigation is the way
// to a refund. It offers that investigation, or says the one open stands;
// it reports false when the order is no such parcel.
func (e *Engine) lateParcelRefund(t *turn, number string) bool {
	if number == "" {
		return false
	}
	if t.saidLate == number {
		return true // asked twice in one message ("cancel it and refund me")
	}
	o, ok := e.customerOrder(t, number)
	if !ok {
		return false
	}
	if c, open := e.openParcelCase(t, o); open {
		// A claim or an investigation open on the parcel ("STOP!!! i
		// want my money back" after the claim): it leads to the refund;
		// no return of what never came.
		t.saidLate = o.Number
		data := e.orderData(t, o)
		data["Ticket"] = c.Ref
		e.say(t, "refund_late_case", data, e.button(t, "button_human", payloadHuman))
		return true
	}
	if o.Status != storage.StatusShipped && o.Status != storage.StatusInTransit {
		return false
	}
	est := policy.Expected(e.policy, o, t.now)
	if est.DeliveryDue.IsZero() || !t.now.After(est.DeliveryDue) {
		return false
	}
	t.saidLate = o.Number
	data := e.orderData(t, o)
	data["Due"] = e.fmt.date(t.lang(), est.DeliveryDue, t.now)
	e.say(t, "refund_late_parcel", data, e.button(t, "button_missing", prefixIntent+intents.MissingParcel))
	t.d.Offered = &task{Intent: intents.MissingParcel, Order: o.Number}
	return true
}

// refundOrderNamed returns the order the refund asked about is of: its
// own clause's when the message makes several requests ("où en est le
// remboursement de ma commande OP-102504 …, et aussi changer l'adresse de
// OP-102501", given with OP-102501 as proof: the refund of OP-102504; it
// answered on OP-102501 and offered to cancel it; round 96a), else the
// order named.
func (e *Engine) refundOrderNamed(t *turn) string {
	if t.input.payload == "" && t.u.ClauseOrder != "" {
		return t.u.ClauseOrder
	}
	return e.namedOrder(t)
}

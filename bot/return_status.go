package bot

import (
	"slices"

	"supportbot/intents"
	"supportbot/storage"
)

// returnStatus tells where the customer's returns stand: the one whose RA
// number they give, those of the order they name, or all of them, newest
// first. An RA number that is not on the customer's account gets the same
// answer whether it exists or not.
func (e *Engine) returnStatus(t *turn) {
	proof := t.d.Task.Step == stepIdentity
	if _, ok := e.identify(t); !ok {
		return
	}
	said := t.d.Task.Said
	t.d.Task = nil
	returns, orders, err := e.activeReturns(t)
	if err != nil {
		e.fail(t, "return status", err)
		return
	}
	if ra := raNumberIn(t.input.text, said); ra != "" {
		returns = slices.DeleteFunc(returns, func(r storage.Return) bool { return r.RANumber != ra })
		if len(returns) == 0 {
			e.say(t, "ra_not_found", map[string]any{"RA": ra})
			return
		}
	} else if number := e.namedOrder(t); number != "" && !proof {
		// An order number given as proof of identity names no order.
		o, ok := findOrder(orders, number)
		if !ok {
			e.say(t, "order_not_in_account", map[string]any{"Number": storage.DisplayOrderNumber(number)})
			return
		}
		mine := slices.DeleteFunc(slices.Clone(returns), func(r storage.Return) bool { return r.OrderID != o.ID })
		if len(mine) == 0 && len(returns) == 0 {
			e.say(t, "return_status_order_none", e.orderData(t, o), e.button(t, "button_return", prefixIntent+intents.StartReturn))
			return
		}
		if len(mine) == 0 {
			e.say(t, "return_status_order_none", e.orderData(t, o))
		} else {
			returns = mine
		}
	}
	if len(returns) == 0 {
		e.say(t, "return_status_none", nil, e.button(t, "button_return", prefixIntent+intents.StartReturn))
		return
	}
	if len(returns) == 1 && e.asksReturnWithdrawn(t, said) {
		if o, ok := orderByID(orders, returns[0].OrderID); ok && e.offerReturnWithdrawal(t, o, returns[0]) {
			return
		}
	}
	help := false
	for i, r := range returns {
		if i == maxAccountLines {
			break
		}
		o, ok := orderByID(orders, r.OrderID)
		if !ok {
			continue
		}
		help = e.sayReturnStatus(t, o, r) || help
	}
	if help {
		e.say(t, "refund_help", nil, e.button(t, "button_human", payloadHuman))
	}
}

// sayReturnStatus tells where one return stands; it reports whether a
// person could help (a return refused, a refund late).
func (e *Engine) sayReturnStatus(t *turn, o storage.Order, r storage.Return) bool {
	data := e.returnData(t, o, r)
	data["Address"] = e.shop.ReturnAddress
	switch r.Status {
	case storage.ReturnOpen:
		e.say(t, "return_status_open", data)
	case storage.ReturnReceived:
		if t.now.After(e.refundDue(r.ReceivedAt).AddDate(0, 0, 1)) {
			e.say(t, "return_status_received_late", data)
			return true
		}
		e.say(t, "return_status_received", data)
	case storage.ReturnRefunded:
		e.say(t, "return_status_refunded", data)
	case storage.ReturnRejected:
		e.say(t, "return_status_rejected", data)
		return true
	}
	return false
}

// asksReturnWithdrawn reports whether a message about a return asks for
// it to be taken back: "please withdraw return RA-…, I'd rather keep the
// item", « je veux annuler mon retour ».
func (e *Engine) asksReturnWithdrawn(t *turn, said string) bool {
	lang := t.lang()
	for _, norm := range []string{t.input.norm, intents.Normalize(said)} {
		if e.texts.Mentions(lang, keywordWithdrawReturn, norm) ||
			e.texts.Mentions(lang, keywordWithdraw, norm) && e.texts.Mentions(lang, keywordReturnWord, norm) {
			return true
		}
	}
	return false
}

// offerReturnWithdrawal answers a request to take back a return named
// by its number or the only one: one not yet received is offered for
// withdrawal, with the button that does it; one the shop has is a
// person's to look at (the status came alone, and "can you withdraw it?"
// next began a return of the order's other item; round 137a). It
// reports whether it answered: not when the message names another item.
func (e *Engine) offerReturnWithdrawal(t *turn, o storage.Order, r storage.Return) bool {
	ids := make([]int64, 0, len(r.Items))
	for _, ri := range r.Items {
		ids = append(ids, ri.ItemID)
	}
	items := selected(o.Items, ids)
	last := done{Kind: didReturn, Order: o.Number, RA: r.RANumber, Items: itemNamesOf(items)}
	if e.namesOtherItem(t, last.Items) {
		return false // « annulez le retour des boucles d'oreilles » when the scarf goes back
	}
	if r.Status != storage.ReturnOpen {
		e.sayReturnStatus(t, o, r)
		e.say(t, "return_withdraw_too_late", map[string]any{"RA": r.RANumber}, e.button(t, "button_human", payloadHuman))
		return true
	}
	last.What = e.text(t, "what_return", map[string]any{"Item": itemNames(items)})
	t.d.Last = &last
	e.askWithdraw(t, last)
	return true
}

package bot

import (
	"supportbot/bot/policy"
	"supportbot/storage"
)

// invoice gives the link of an order's invoice, or the honest reason there
// is none: the order is not invoiced yet, was cancelled, or the shop has no
// link to give here.
func (e *Engine) invoice(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.pickOrder(t, hasInvoice)
	if !ok {
		return
	}
	said := t.d.Task.Said
	t.d.Task = nil
	e.sayInvoice(t, o)
	// "les factures de OP-102401 et de OP-102402": each (only the first
	// was given).
	for _, other := range e.otherOrdersNamed(t, o, said) {
		e.sayInvoice(t, other)
	}
}

// sayInvoice gives one order's invoice, or why there is none.
func (e *Engine) sayInvoice(t *turn, o storage.Order) {
	data := e.orderData(t, o)
	inv := o.Invoice
	if inv.Number != "" {
		data["Invoice"] = inv.Number
		data["Date"] = e.fmt.date(t.lang(), inv.Date, t.now)
		if link, ok := policy.InvoiceURL(e.policy, o.Number, inv); ok {
			data["Link"] = link
			e.say(t, "invoice_link", data)
			return
		}
		e.say(t, "invoice_no_link", data, e.button(t, "button_human", payloadHuman))
		return
	}
	switch {
	case o.Status == storage.StatusCancelled:
		e.say(t, "invoice_none_cancelled", data)
	case isPending(o):
		if est := policy.Expected(e.policy, o, t.now); !est.Late && !est.Due.IsZero() {
			data["Due"] = e.fmt.dateTime(t.lang(), est.Due, t.now) // for "and when will I get it?"
		}
		e.say(t, "invoice_none_yet", data)
	default:
		e.say(t, "invoice_none", data, e.button(t, "button_human", payloadHuman))
	}
}

func hasInvoice(o storage.Order) bool { return o.Invoice.Number != "" }

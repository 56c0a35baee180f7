package bot

import (
	"strings"
	"unicode"

	"supportbot/storage"
)

// deliveryAddress shows where an order will be delivered (its street
// masked) and, while it has not left, takes the new address for the team
// to change. Once shipped, only the carrier can redirect the parcel: the
// customer is told how.
func (e *Engine) deliveryAddress(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.requestedOrder(t, isActive)
	if !ok {
		return
	}
	tk := t.d.Task
	data := e.orderData(t, o)
	switch {
	case o.Channel == storage.ChannelStore:
		t.d.Task = nil
		e.say(t, "address_store", data)
	case o.Status == storage.StatusCancelled:
		t.d.Task = nil
		e.say(t, "address_cancelled", data)
	case o.Status == storage.StatusDelivered:
		t.d.Task = nil
		e.say(t, "address_delivered", data)
	case !isPending(o):
		t.d.Task = nil
		e.say(t, "address_shipped", data)
		e.sayTracking(t, o)
	case tk.Step == stepText && t.input.free:
		e.changeAddress(t, o, data)
	default:
		if o.ShippingAddress.IsZero() {
			e.say(t, "address_pending_unknown", data)
		} else {
			data["Address"] = maskedAddress(o.ShippingAddress)
			e.say(t, "address_pending", data)
		}
		tk.Step = stepText
		e.say(t, "address_ask_new", data)
	}
}

// changeAddress records the new address the customer wrote for the team,
// or asks again when it can't be an address (no postal code or number).
func (e *Engine) changeAddress(t *turn, o storage.Order, data map[string]any) {
	text := strings.TrimSpace(t.input.text)
	if !hasDigit(text) || len([]rune(text)) < 10 {
		if e.yesNo(t) != 0 {
			// "non", "ok": nothing to change.
			t.d.Task = nil
			e.say(t, "address_kept", data)
			return
		}
		e.say(t, "address_ask_full", data)
		return
	}
	ticket, err := e.openRequest(t, storage.TicketAddressChange, o, "new delivery address before shipping",
		map[string]string{"new_address": text, "old_address": fullAddress(o.ShippingAddress)})
	if err != nil {
		e.fail(t, "address change", err)
		return
	}
	t.d.Task = nil
	data["Ticket"], data["Address"] = ticket.Ref, text
	e.say(t, "address_change_recorded", data)
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

package bot

import (
	"cmp"
	"regexp"
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
		e.changeAddress(t, o, data, strings.TrimSpace(t.input.text))
	case newAddressIn(t.input.text) != "" || newAddressIn(tk.Said) != "":
		// "Livrez-la plutôt au 3 rue Victor Hugo, 69002 Lyon": the new
		// address came with the request.
		e.changeAddress(t, o, data, cmp.Or(newAddressIn(t.input.text), newAddressIn(tk.Said)))
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
func (e *Engine) changeAddress(t *turn, o storage.Order, data map[string]any, text string) {
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

// addressPattern finds a postal address written in a sentence: a house
// number, the street, a French or British postcode and the town after it
// (a few words).
var addressPattern = regexp.MustCompile(`(?i)\b\d{1,4}(?:\s*(?:bis|ter))?,?\s+\pL[^\n]*?\b(?:\d{5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b(?:\s+[\pL'-]+){0,3}`)

// addressIn returns the postal address written in text, or "".
func addressIn(text string) string {
	return strings.TrimSpace(addressPattern.FindString(text))
}

// newAddressIn returns the address a request gives, or "": an address in
// a question ("does it go to 12 rue des Lilas, 69003 Lyon?") is checked,
// not given.
func newAddressIn(text string) string {
	if strings.HasSuffix(strings.TrimSpace(text), "?") {
		return ""
	}
	return addressIn(text)
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

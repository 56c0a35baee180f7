package bot

import (
	"cmp"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// track tells where an order is: its status in plain words, the carrier,
// tracking number and link, and what to expect next.
func (e *Engine) track(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	if e.asksAllOrders(t) {
		e.listOrders(t)
		return
	}
	o, ok := e.pickOrder(t, isActive)
	if !ok {
		return
	}
	said := t.d.Task.Said
	// The request's own clause says whether this order was cancelled:
	// "I cancelled this one [OP-102402], has the money come back yet?
	// and when will OP-102403 ship?" offered OP-102403 for cancelling
	// (round 132a, a near miss).
	var cancelledSaid bool
	if c := cmp.Or(t.d.Task.Clause, orderSentence(said, o.Number)); c != "" {
		norm := intents.Normalize(c)
		cancelledSaid = e.texts.Mentions(t.lang(), keywordDoneAlready, norm) && e.texts.Mentions(t.lang(), keywordCancelledWord, norm) &&
			!e.doneSupposed(t.lang(), norm)
	} else {
		cancelledSaid = e.saysCancelled(t, said)
	}
	t.d.Task = nil
	e.sayOrderStatus(t, o)
	for _, text := range []string{t.input.text, said} {
		// "will my order arrive before Christmas?": that day, compared.
		if day, ok := e.arrivalAsked(t, text, false); ok {
			e.sayArrivalBy(t, o, day)
			break
		}
	}
	if e.requestMentions(t, said, keywordOrderContents) {
		// "what did I order?": its items, which the status doesn't list.
		names := make([]string, len(o.Items))
		for i, it := range o.Items {
			names[i] = it.Name
			if it.Quantity > 1 {
				names[i] = e.text(t, "item_quantity", map[string]any{"Count": it.Quantity, "Item": it.Name})
			}
		}
		e.say(t, "order_contents", map[string]any{"Number": o.Number, "Items": strings.Join(names, ", ")})
	}
	if o.Status != storage.StatusCancelled && cancelledSaid {
		// "I cancelled my order yesterday, when do I get my money?": the
		// status alone left them thinking it was cancelled.
		e.sayNotCancelled(t, o)
	}
	for _, other := range e.otherOrdersNamed(t, o, said) {
		// "where are OP-102601 and OP-102603?": each.
		e.sayOrderStatus(t, other)
	}
}

// orderSentence returns the one sentence of text that names order number,
// when text has several and another names another order; "" otherwise.
func orderSentence(text, number string) string {
	parts := sentences(text)
	if len(parts) < 2 || number == "" {
		return ""
	}
	found := ""
	for _, p := range parts {
		if strings.Contains(strings.ToUpper(p), number) {
			if found != "" {
				return ""
			}
			found = p
		}
	}
	return found
}

// sayNotCancelled tells a customer who says they cancelled order o that
// no cancellation is on it, and offers it while it can still be made.
func (e *Engine) sayNotCancelled(t *turn, o storage.Order) {
	data := map[string]any{"Number": o.Number}
	if b, ok := e.actionButton(t, intents.CancelOrder); ok && policy.CanCancel(e.policy, o, t.now).OK {
		e.say(t, "track_not_cancelled_offer", data, b)
	} else {
		e.say(t, "track_not_cancelled", data)
	}
}

// orderSaidCancelled returns the order, named in the request or the
// conversation's, that the customer says they cancelled while it is not.
func (e *Engine) orderSaidCancelled(t *turn, said string) (storage.Order, bool) {
	if !e.saysCancelled(t, said) {
		return storage.Order{}, false
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return storage.Order{}, false
	}
	for _, n := range []string{orderNumberIn(t.input.entities), orderNumberIn(e.entitiesOf(said, t.lang())), t.d.Order} {
		if o, ok := findOrder(orders, n); ok && n != "" {
			return o, o.Status != storage.StatusCancelled
		}
	}
	return storage.Order{}, false
}

// saysCancelled reports whether the request, in this message or in said,
// where it began, says the customer cancelled the order ("I cancelled my
// order yesterday", "j'ai annulé ma commande").
func (e *Engine) saysCancelled(t *turn, said string) bool {
	if !e.requestMentions(t, said, keywordDoneAlready, keywordCancelledWord) {
		return false
	}
	for _, text := range []string{t.input.text, said} {
		if e.doneSupposed(t.lang(), intents.Normalize(text)) {
			// "and if i cancelled would i lose anything?": a supposition,
			// no cancellation told (none was found, one was offered,
			// and two yes cancelled the order; round 71b).
			return false
		}
	}
	return true
}

// doneSupposed reports whether what norm tells as done is supposed: a
// word of supposition in the two words before it ("if i cancelled", "si
// j'avais annulé").
func (e *Engine) doneSupposed(lang, norm string) bool {
	_, at, ok := e.texts.findAt(lang, keywordDoneAlready, norm)
	if !ok {
		return false
	}
	before := strings.Fields(norm[:at])
	for _, w := range before[max(0, len(before)-2):] {
		if e.texts.IsKeyword(lang, keywordHypothesis, w) {
			return true
		}
	}
	return false
}

// asksAllOrders reports whether the request is about every order of the
// account ("what orders do I have?", "où en sont mes commandes ?"), in
// the message that started it or this one, and names none other than the
// one given to prove who the customer is.
func (e *Engine) asksAllOrders(t *turn) bool {
	lang := t.lang()
	if e.hasEntity(t, intents.EntityOrderNumber) && e.texts.Mentions(lang, keywordOrderContents, t.input.norm) {
		return false // "what did I order in OP-100101 again?": that order's items (the list came; round 86b)
	}
	for _, norm := range []string{t.input.norm, intents.Normalize(t.d.Task.Said)} {
		if norm != "" && (e.texts.Mentions(lang, keywordAllOrders, norm) || e.texts.Mentions(lang, keywordListOrders, norm)) {
			return true // ("my order history", then the details: the list)
		}
	}
	return false
}

// listedTurns is for how many messages after it a list of orders is what
// a place in a list refers to ("cancel the second one").
const listedTurns = 5

// listOrders lists the verified customer's orders, newest first, each with
// its state in a word, and a button for each to see its details. With a
// single order, that order's status is the answer.
func (e *Engine) listOrders(t *turn) {
	orders, err := e.customerOrders(t)
	if err != nil {
		e.fail(t, "list orders", err)
		return
	}
	t.d.Task = nil
	switch len(orders) {
	case 0:
		e.say(t, "order_none", nil, e.button(t, "button_human", payloadHuman))
		return
	case 1:
		t.d.Order = orders[0].Number
		e.sayOrderStatus(t, orders[0])
		return
	}
	lang := t.lang()
	lines := []string{e.text(t, "orders_list", nil)}
	t.d.Listed, t.d.ListedFor = t.d.Listed[:0], listedTurns
	t.d.Shown, t.d.ShownKind = nil, ""
	for i, o := range orders {
		if i == maxOrderButtons {
			break
		}
		t.d.Listed = append(t.d.Listed, o.Number)
		state := "order_state_" + o.Status
		if o.Channel == storage.ChannelStore {
			state = "order_state_store"
		}
		lines = append(lines, e.text(t, "order_line", map[string]any{
			"Number": o.Number,
			"Date":   e.fmt.date(lang, o.PlacedAt, t.now),
			"Total":  e.fmt.money(lang, o.TotalCents, o.Currency),
			"State":  e.text(t, state, nil),
		}))
	}
	if more := len(orders) - maxOrderButtons; more > 0 {
		lines = append(lines, e.text(t, "orders_list_more", map[string]any{"Count": more}))
	} else {
		lines = append(lines, e.text(t, "orders_list_end", nil))
	}
	// The buttons run the tracking on the order pressed.
	t.d.Offered = &task{Intent: intents.TrackOrder}
	t.replies = append(t.replies, Reply{Text: strings.Join(lines, "\n"), Buttons: e.orderButtons(t, orders)})
}

// sayOrderStatus describes an order's status and what comes next.
func (e *Engine) sayOrderStatus(t *turn, o storage.Order) {
	lang := t.lang()
	est := policy.Expected(e.policy, o, t.now)
	data := e.orderData(t, o)
	switch {
	case o.Channel == storage.ChannelStore:
		e.say(t, "track_store", data)
	case policy.SentByEmail(o.Items):
		e.sayEmailStatus(t, o, data)
	case isPending(o):
		data["Delay"] = e.delay(t, est.Window)
		data["Due"] = e.fmt.dateTime(lang, est.Due, t.now)
		if from, due, ok := policy.Arrival(e.policy, o, t.now); ok {
			// For "and when will it arrive?" after it.
			data["ArrivalDue"] = e.fmt.date(lang, due.End(e.policy.Location), t.now)
			if from.Before(due) {
				data["ArrivalFrom"] = e.fmt.date(lang, from.End(e.policy.Location), t.now)
			}
		}
		if est.Late {
			e.say(t, "track_"+o.Status+"_late", data, e.button(t, "button_human", payloadHuman))
			break
		}
		e.say(t, "track_"+o.Status, data)
	case o.Status == storage.StatusShipped || o.Status == storage.StatusInTransit:
		e.deliveryWindow(t, est, data)
		if !est.Late {
			// The status's usual delay, only while it is still ahead.
			data["Delay"] = e.delay(t, est.Window)
		}
		if !est.DeliveryDue.IsZero() && t.now.After(est.DeliveryDue) {
			// A late parcel needs its tracking link most: no early return.
			if c, open := e.openParcelCase(t, o); open {
				e.say(t, "track_"+o.Status+"_late_case", data)
				e.sayCase(t, c)
				break
			}
			e.say(t, "track_"+o.Status+"_late", data,
				e.button(t, "button_missing", prefixIntent+intents.MissingParcel),
				e.button(t, "button_human", payloadHuman))
			// "oui, ouvrez une enquête": the investigation offered.
			t.d.Offered = &task{Intent: intents.MissingParcel, Order: o.Number}
			break
		}
		e.say(t, "track_"+o.Status, data)
	case o.Status == storage.StatusReadyForPickup:
		e.say(t, "track_ready_for_pickup", data)
		if e.texts.Mentions(t.lang(), keywordPickupDetails, intents.Normalize(t.input.text)) {
			// « c'est quoi l'adresse du point relais et jusqu'à quand je
			// peux récupérer mon colis ? »: where those are told (the
			// status came alone, twice; round 137a).
			if answer, err := e.faq.Answer(t.lang(), readyForPickupEntry, true); err == nil {
				t.replies = append(t.replies, Reply{Text: strings.TrimSpace(answer)})
			}
		}
	case o.Status == storage.StatusDelivered:
		e.say(t, "track_delivered", data,
			e.button(t, "button_missing", prefixIntent+intents.MissingParcel),
			e.button(t, "button_return", prefixIntent+intents.StartReturn))
	case o.Status == storage.StatusCancelled:
		e.say(t, "track_cancelled", data)
	}
	if o.TrackingNumber != "" && o.Channel != storage.ChannelStore {
		e.sayTracking(t, o)
	}
}

// deliveryWindow sets the days a parcel should arrive: From and Due while
// the window is ahead ("between Thursday and Monday"), Due alone once it
// has opened ("by Monday"), so that no estimate starts in the past.
func (e *Engine) deliveryWindow(t *turn, est policy.Estimate, data map[string]any) {
	loc := e.policy.Location
	data["Due"] = e.fmt.date(t.lang(), est.DeliveryDue, t.now)
	from := policy.DateOf(est.DeliveryFrom, loc)
	if policy.DateOf(t.now, loc).Before(from) && from.Before(policy.DateOf(est.DeliveryDue, loc)) {
		data["From"] = e.fmt.date(t.lang(), est.DeliveryFrom, t.now)
	}
}

// sayEmailStatus describes an order of e-gift cards, which goes out by
// e-mail: no carrier, no parcel, nothing to return.
func (e *Engine) sayEmailStatus(t *turn, o storage.Order, data map[string]any) {
	switch o.Status {
	case storage.StatusCancelled:
		e.say(t, "track_cancelled", data)
	case storage.StatusPending, storage.StatusPreparing:
		e.say(t, "track_email_pending", data)
	default:
		e.say(t, "track_email_sent", data)
	}
}

// sayTracking gives the tracking number and the carrier's link.
func (e *Engine) sayTracking(t *turn, o storage.Order) {
	data := e.orderData(t, o)
	if link, ok := policy.TrackingURL(e.policy, o.Carrier, o.TrackingNumber); ok {
		data["Link"] = link
		e.say(t, "tracking_link", data)
		return
	}
	e.say(t, "tracking_number", data)
}

// orderData is the template data every message about an order may use.
func (e *Engine) orderData(t *turn, o storage.Order) map[string]any {
	lang := t.lang()
	data := map[string]any{
		"Number":   o.Number,
		"Placed":   e.fmt.date(lang, o.PlacedAt, t.now),
		"Total":    e.fmt.money(lang, o.TotalCents, o.Currency),
		"Carrier":  policy.CarrierName(e.policy, o.Carrier),
		"Tracking": o.TrackingNumber,
		"Items":    len(o.Items),
	}
	if !o.ShippedAt.IsZero() {
		data["Shipped"] = e.fmt.date(lang, o.ShippedAt, t.now)
	}
	if !o.DeliveredAt.IsZero() {
		data["Delivered"] = e.fmt.date(lang, o.DeliveredAt, t.now)
	}
	if !o.CancelledAt.IsZero() {
		data["Cancelled"] = e.fmt.date(lang, o.CancelledAt, t.now)
	}
	return data
}

// delay words a delay window in the conversation's language.
func (e *Engine) delay(t *turn, d policy.Delay) string { return e.fmt.delay(t.lang(), d) }

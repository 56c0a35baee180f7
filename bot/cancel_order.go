package bot

import (
	"cmp"
	"errors"
	"regexp"
	"slices"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// asksIfCancellable reports whether the request, in this message or in
// said, where it began, asks whether the order can still be cancelled
// rather than asks to cancel it.
func (e *Engine) asksIfCancellable(t *turn, said string) bool {
	// (Not with "if so, cancel it": the cancellation, asked first; the
	// status alone was given.)
	// "comment on fait pour annuler une commande ?" with the proof: how,
	// asked in this message, is whether it can be, and the offer (it
	// asked to confirm, and a yes cancelled; round 73a).
	return (e.requestMentions(t, said, keywordAsksCanCancel) || e.texts.Mentions(t.lang(), keywordAsksHowCancel, t.input.norm)) &&
		!e.requestMentions(t, said, keywordIfSo)
}

// cancelIfNamed reports whether the request of tk, in this message or in
// the one where it began, names order o and cancels it only on a condition ("if
// it hasn't shipped", "unless it's on its way"). A request that came
// beside another, in a clause of its own, names by "it" the order the
// other clause named ("where is OP-102603? cancel it if it's not
// shipped").
func (e *Engine) cancelIfNamed(t *turn, tk *task, o storage.Order) bool {
	said := tk.Said
	for _, text := range []string{t.input.text, said} {
		named := orderNumberIn(e.entitiesOf(text, t.lang()))
		if slices.ContainsFunc(e.entitiesOf(text, t.lang()), func(en intents.Entity) bool {
			return en.Type == intents.EntityOrderNumber && sameOrder(o, en.Value)
		}) {
			// "henry@… OP-102601 has OP-102603 left yet? if it hasn't,
			// cancel it": the order refused is named, after the proof's.
			named = o.Number
		}
		if text == said && named == "" && tk.Beside && sameOrder(o, t.d.Order) {
			named = o.Number
		}
		if text != "" && named == o.Number && (e.texts.Mentions(t.lang(), keywordIfNotShipped, intents.Normalize(text)) ||
			e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(intents.Normalize(text))) &&
				!e.texts.Mentions(t.lang(), keywordIfSo, intents.Normalize(text))) {
			return true
		}
	}
	return false
}

// cancelOrder cancels an order after a yes, when the policy allows it;
// otherwise it says why and offers a return or a person.
func (e *Engine) cancelOrder(t *turn) {
	c, ok := e.identify(t)
	if !ok {
		return
	}
	o, ok := e.pickOrder(t, isPending)
	if !ok {
		return
	}
	tk := t.d.Task
	if (tk.Step == "" || tk.Step == stepIdentity) && t.u.ClauseOrder == "" {
		if other, ok := e.otherOrderNamed(t, o, nil); ok {
			// "cancel the watch order please", proved with another
			// order: the watch's order (the other was refused, and the
			// watch's offered); "the order with the earrings", delivered,
			// refused (the order of the proof was cancelled). A clause naming its order keeps it
			// ("cancel OP-101402 and return the ring from OP-101401").
			o, tk.Order, t.d.Order = other, other.Number, other.Number
		}
	}
	if (tk.Step == "" || tk.Step == stepIdentity) && t.input.payload == "" {
		if named := e.ordersToCancel(t, tk.Said); len(named) > 0 && !slices.ContainsFunc(named, func(n string) bool { return sameOrder(o, n) }) {
			// "cancel my neighbour's order OP-102403 and tell me my
			// points", "changez l'adresse de OP-102601 et annulez
			// OP-100401 (celle de mon frère)": the order named for the
			// cancellation, never another in its place; one not on the
			// account is its holder's to cancel (the order of the proof
			// was offered, and a bare yes cancelled it: 4 wrong actions,
			// round 70b).
			if other, ok := e.customerOrder(t, named[0]); ok {
				o, tk.Order, t.d.Order = other, other.Number, other.Number
			} else {
				t.d.Task = nil
				e.say(t, "identity_other_account", map[string]any{"Name": c.Name})
				return
			}
		}
	}
	if tk.Step == "" && t.u.ClauseOrder == "" {
		// "annule OP-102501 et OP-102503": each in its turn (the second
		// was not heard).
		others := e.otherOrdersNamed(t, o, tk.Said)
		for i := len(others) - 1; i >= 0; i-- {
			t.d.Paused = append(t.d.Paused, task{Intent: intents.CancelOrder, Order: others[i].Number})
		}
	}
	data := e.orderData(t, o)
	dec := policy.CanCancel(e.policy, o, t.now)
	if !dec.OK {
		t.d.Task = nil
		if dec.Reason == policy.ReasonAlreadyCancelled && e.requestMentions(t, tk.Said, keywordRefundWords, keywordWhen) && !e.requestMentions(t, tk.Said, keywordPleaseDo) {
			// "Hi there, <details>. I'd like to know when the refund for
			// the cancellation will land", read as a cancellation: the
			// refund of the one made (another order was offered for
			// cancelling; round 133b, a near miss).
			t.d.Task = &task{Intent: intents.RefundStatus, Order: o.Number, Said: tk.Said}
			e.runTask(t)
			return
		}
		if dec.Reason == policy.ReasonShipped && e.lateParcelRefund(t, o.Number) {
			// "it still hasn't come, cancel it and refund me": too late
			// to cancel, and late: the investigation leads to the refund.
			return
		}
		e.refuseCancel(t, dec, data)
		if e.cancelIfNamed(t, tk, o) {
			// "where is OP-102603? cancel it if it's not shipped": that
			// order, on a condition; another one is not the one meant.
			return
		}
		// An item the request named in the order refused: that order was
		// meant, and no other is offered ("cancel my order, the one with
		// the ring": the ring's order was delivered, a pouch's offered
		// instead, and cancelled after two "yes"; round 68a).
		// So is an order named by its number after the word of
		// cancelling ("henry@… OP-102601 - please cancel OP-102603": the
		// proof's order was offered in its place, and two yes cancelled
		// it; round 73a).
		namedHere := e.texts.Mentions(t.lang(), keywordProductKind, intents.Normalize(tk.Said)) &&
			len(e.pickItemsIn(t, tk.Said, intents.Normalize(tk.Said), o.Items)) > 0 ||
			slices.ContainsFunc(e.ordersToCancel(t, tk.Said), func(n string) bool { return sameOrder(o, n) })
		if others := e.otherOrders(t, o, func(other storage.Order) bool {
			return policy.CanCancel(e.policy, other, t.now).OK && !slices.ContainsFunc(t.takenBack, func(n string) bool {
				return storage.NormalizeOrderNumber(n) == storage.NormalizeOrderNumber(other.Number)
			})
		}); len(others) > 0 && !namedHere && !e.texts.Mentions(t.lang(), keywordNeverCancelled, intents.Normalize(tk.Said)) {
			// (Not to someone who says they cancelled nothing: « j'ai reçu
			// un mail comme quoi ma commande est annulée … je n'ai rien
			// annulé ! » was offered another order to cancel; round 116a,
			// a near miss.)
			// "cancel my order" answered on the order used to verify
			// (delivered months ago) while yesterday's can still be
			// cancelled: say so, and let the customer pick it.
			t.d.Offered = &task{Intent: intents.CancelOrder}
			e.sayN(t, "cancel_other_orders", len(others), nil, e.orderButtons(t, others)...)
		}
		return
	}
	data["ItemNames"] = itemNames(o.Items)
	if tk.Step == "" || tk.Step == stepIdentity || tk.Step == stepOrder {
		if e.asksIfCancellable(t, tk.Said) {
			// "is it too late to cancel OP-100401?", "je me demandais si
			// je pouvais encore annuler, au cas où": answered, and the
			// cancellation offered, not put to a yes (one cancelled it).
			t.d.Task = nil
			data["Deadline"] = e.fmt.dateTime(t.lang(), dec.Deadline, t.now)
			if t.cancelInfo {
				e.say(t, "cancel_until", data)
				return
			}
			b, _ := e.actionButton(t, intents.CancelOrder)
			e.say(t, "cancel_until_offer", data, b)
			return
		}
	}
	if tk.Step != stepConfirm {
		tk.Step = stepConfirm
		if e.namesPartOf(t, o) {
			// "je voudrais annuler le foulard, je garde juste la
			// barrette": the whole order, asked with buttons that say so
			// (a plain "do you confirm the cancellation?" came; round
			// 85a).
			e.say(t, "cancel_whole_only", data)
			e.askWholeOrder(t, data)
			return
		} else if said := intents.Normalize(tk.Said); e.texts.Mentions(t.lang(), keywordProductKind, said) &&
			len(e.pickItemsIn(t, tk.Said, said, o.Items)) == 0 && namedItems(tk.Said, o.Items) == 0 {
			// (Its name said anywhere counts: "… but keep my points, is
			// that possible? and cancel only the necklace?" was told the
			// necklace is not in it; round 137c.)
			// "cancel the watch", the order holding a necklace: said
			// before the question (the necklace's order was cancelled
			// on a yes; round 52b).
			e.say(t, "cancel_item_not_in_order", data)
			if e.texts.Mentions(t.lang(), keywordAllItems, said) && !e.mentionsUnnegated(t.lang(), keywordAllItems, said) {
				// "… the velvet pouch, not the whole order": nothing
				// left to cancel, the whole order refused beforehand
				// (it was asked; round 117b, a near miss).
				t.d.Task = nil
				return
			}
		}
		if e.texts.Mentions(t.lang(), keywordWhen, intents.Normalize(tk.Said)) || e.texts.Mentions(t.lang(), keywordWhen, t.input.norm) {
			// "jusqu'à quand je peux annuler ? je dois vérifier ce
			// soir": the deadline, before the question.
			data["Deadline"] = e.fmt.dateTime(t.lang(), dec.Deadline, t.now)
			e.say(t, "cancel_until", data)
		}
		e.say(t, "cancel_confirm", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	}
	if t.input.payload == "" && (e.yesNo(t) >= 0 || e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm)) && len(o.Items) > 1 &&
		namedItems(t.input.text, o.Items) > 0 && !e.mentionsUnnegated(t.lang(), keywordAll, t.input.norm) {
		// "just the scarf, keep the hair clip": a yes next would cancel
		// both, so say it before asking again. (Also after a no: « pas
		// tout, juste le foulard, je garde la barrette » was asked "yes
		// or no?", and "oui" cancelled both; round 88b.) The request now
		// names part of the order: a bare yes next is no answer, only
		// the button or the whole order named.
		tk.Said = strings.TrimSpace(tk.Said + " " + t.input.text)
		e.say(t, "cancel_whole_only", data)
		e.askWholeOrder(t, data)
		return
	}
	if other := cmp.Or(otherOrderIn(t.input.entities, o.Number), e.otherOrderDigits(t, o.Number)); t.input.payload == "" && other != "" && tk.Order != other {
		// "yes for OP-100501 not this one", "oui c'est bien la 102504 que
		// je veux annuler": the order named, asked about in its turn,
		// never the one on the table (it was cancelled).
		tk.Order, tk.Step = other, ""
		t.d.Order = ""
		e.cancelOrder(t)
		return
	}
	if t.input.payload == "" && e.yesNo(t) > 0 && e.namesCancelling(t.lang(), t.input.norm) && !e.texts.Mentions(t.lang(), keywordOrderWord, t.input.norm) &&
		(e.cancelsPart(t.lang(), t.input.norm) || e.texts.Mentions(t.lang(), keywordNamesRequest, t.input.norm) || e.texts.Mentions(t.lang(), aboutAddress, t.input.norm)) {
		// "yes, cancel the change" at "do you confirm the cancellation of
		// the order?": the change named, not the order (the €129 watch
		// was cancelled; round 114b, a wrong action). Asked again, the
		// whole order named.
		e.say(t, "cancel_confirm_whole", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	}
	if t.cancelRefund {
		e.say(t, "cancel_refund_info", data)
		e.say(t, "cancel_confirm_again", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	}
	answer := e.yesNo(t)
	if answer > 0 && t.input.payload != payloadYes && (tk.Whole || e.namesPartOf(t, o)) && !e.mentionsInEither(t, keywordAll) &&
		!e.mentionsInEither(t, keywordWholeOrder) {
		// "please cancel only the scarf … and keep the hair clip", then
		// "yes": the whole order would go, the clip with it (it did);
		// the button, or the whole order named, says so.
		// (Not "please answer yes or no", after which "oui" did nothing,
		// three times; round 84b.)
		e.say(t, "cancel_whole_only", data)
		e.askWholeOrder(t, data)
		return
	}
	// "annulez tout", "cancel everything": the whole order, as the
	// question asks when part of it was named.
	cancelsAll := t.input.payload == "" && e.saysCancel(t) &&
		(e.texts.Mentions(t.lang(), keywordAll, t.input.norm) || e.texts.Mentions(t.lang(), keywordWholeOrder, t.input.norm))
	if answer == 0 && t.input.payload == "" && !e.hesitates(t) && !e.asksWhy(t) && !e.changesAsked(t) &&
		!e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm)) &&
		(e.saysWord(t, keywordConfirmWords) &&
			(!e.texts.MadeOf(t.lang(), t.input.norm, keywordStop, keywordStopObject, keywordWithdraw) || e.texts.Mentions(t.lang(), keywordAccept, t.input.norm)) ||
			cancelsAll && !e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm)) {
		// "please cancel it", "just cancel it already!!!", "annulez-la
		// svp": the cancellation asked for in so many words is a yes
		// ("cancel it" alone may cancel the cancellation: asked again).
		answer = 1
	}
	goAhead := answer == 0 && t.input.payload == "" && e.mentionsUnnegated(t.lang(), keywordGoAhead, t.input.norm) && !e.asksWhy(t) &&
		!e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm))
	if goAhead {
		answer = 1 // "c'est bon vous pouvez annuler" (it stopped the cancellation)
	}
	if answer > 0 && t.input.payload == "" && !goAhead && !cancelsAll && !e.okAfterAsking(t) && !e.cancelsAnyway(t) &&
		(!e.saysWord(t, keywordAccept) && !e.saysWord(t, keywordConfirmWords) || e.texts.Mentions(t.lang(), keywordNoted, t.input.norm)) {
		// "ok", "parfait", "great", "oui merci pour l'info": a
		// cancellation can't be undone, and these also say "noted". Only
		// a yes, the button, or a cancellation asked again in so many
		// words ("ok non annule quand même"), cancels.
		answer = 0
	}
	if answer > 0 && t.input.payload == "" && (e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm) ||
		e.mentionsUnnegated(t.lang(), keywordKeepOrder, t.input.norm) || e.texts.Mentions(t.lang(), keywordMixedAnswer, t.input.norm)) {
		// "yes, I'm sure I don't want to cancel", "yes I'm sure I want
		// to keep it", "yes and no": the yes says the opposite of a
		// cancellation, or nothing; asked again (they were cancelled).
		answer = 0
	}
	if answer == 0 && e.keepsOrder(t) {
		// "Yes - no wait, don't! my wife says she wants it", "non non, je
		// voulais dire : est-ce qu'elle est déjà partie ?", "c'était juste
		// pour savoir, je ne veux pas annuler": a no (each was asked
		// again, and the next "yes" cancelled; round 68a).
		answer = -1
	}
	switch answer {
	case 1:
		t.d.Task = nil
		err := e.store.CancelOrder(t.ctx, o.ID, t.now)
		t.accountChanged()
		if errors.Is(err, storage.ErrConflict) {
			// It left the warehouse while the customer was deciding.
			e.refuseCancel(t, policy.CancelDecision{Reason: policy.ReasonShipped}, data)
			return
		}
		if err != nil {
			e.fail(t, "cancel order", err)
			return
		}
		t.doneNow = true
		t.d.Last = &done{Kind: didCancel, Order: o.Number}
		e.say(t, "cancel_done", data)
	case -1:
		t.d.Task = nil
		t.d.Declined = &task{Intent: intents.CancelOrder, Order: o.Number}
		e.say(t, "cancel_kept", data)
		// The message's own "cancel it" is what was kept from, not a
		// request to come ("yes cancel it. actually no wait, I keep it,
		// just tell me when it will ship" was asked to confirm again
		// right after "your order stands"; round 75b).
		t.u.More = slices.DeleteFunc(t.u.More, func(u Understanding) bool { return u.Intent == intents.CancelOrder })
		t.d.Paused = slices.DeleteFunc(t.d.Paused, func(p task) bool { return p.Intent == intents.CancelOrder && (p.Order == "" || p.Order == o.Number) })
		if t.input.payload == "" && (strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm) ||
			e.texts.Mentions(t.lang(), keywordAsksStatus, t.input.norm)) {
			// "… est-ce qu'elle est déjà partie ?": where it stands.
			t.d.Task = &task{Intent: intents.TrackOrder, Order: o.Number}
			t.input = input{}
			e.runTask(t)
		}
	default:
		e.say(t, "cancel_confirm_again", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
	}
}

// askWholeOrder asks whether to cancel the whole order when part of it was
// named, with buttons that say so; from then on only the button or the
// whole order named cancels it.
func (e *Engine) askWholeOrder(t *turn, data map[string]any) {
	t.d.Task.Whole = true
	e.say(t, "cancel_whole_confirm", data, e.button(t, "button_cancel_all", payloadYes), e.button(t, "button_keep_order", payloadNo))
}

// saysWord reports whether the message says one of the words of a list:
// is or holds it when short; holds it anywhere when too long for the
// lists alone, since yesNo then read a yes only where the answer model
// is sure of one ("… so yes please cancel mine").
func (e *Engine) saysWord(t *turn, list string) bool {
	if strings.Count(t.input.norm, " ") >= maxKeywordWords {
		return e.texts.Mentions(t.lang(), list, t.input.norm)
	}
	return e.texts.HasKeyword(t.lang(), list, t.input.norm)
}

// otherOrders returns the customer's orders other than the one refused
// that keep says can still take the request, newest first: a cancellation
// or a return asked on the order given to verify may be meant for them.
func (e *Engine) otherOrders(t *turn, refused storage.Order, keep orderFilter) []storage.Order {
	orders, err := e.customerOrders(t)
	if err != nil {
		e.log.WarnContext(t.ctx, "other orders", "conversation", t.conv.ID, "err", err)
		return nil
	}
	return filterOrders(orders, func(o storage.Order) bool { return o.Number != refused.Number && keep(o) })
}

// returnInstead are the refusals after which a return is what the customer
// can do: the order is on its way, arrived, or bought.
var returnInstead = map[string]bool{
	policy.ReasonShipped: true, policy.ReasonTooLate: true, policy.ReasonDelivered: true,
	policy.ReasonAtPickupPoint: true, policy.ReasonInStore: true,
}

// refuseCancel says why an order can't be cancelled and what is possible
// instead.
func (e *Engine) refuseCancel(t *turn, dec policy.CancelDecision, data map[string]any) {
	data["Hours"] = e.policy.Cancellation.Hours
	if !dec.Deadline.IsZero() {
		data["Deadline"] = e.fmt.dateTime(t.lang(), dec.Deadline, t.now)
	}
	buttons := []Button{e.button(t, "button_human", payloadHuman)}
	if returnInstead[dec.Reason] {
		buttons = append([]Button{e.button(t, "button_return", prefixIntent+intents.StartReturn)}, buttons...)
	}
	e.say(t, "cancel_refused_"+dec.Reason, data, buttons...)
}

// namesPartOf reports whether the message that started the flow names
// some of the order's items but not all: the customer means to cancel
// part of it, which only a whole cancellation can do.
func (e *Engine) namesPartOf(t *turn, o storage.Order) bool {
	said := intents.Normalize(t.d.Task.Said)
	n := namedItems(t.d.Task.Said, o.Items)
	if n > 0 && len(o.Items) > 1 && e.texts.Mentions(t.lang(), keywordKeepWords, said) {
		return true // "cancel the scarf, I'll keep the barrette" names both
	}
	return n > 0 && n < len(o.Items) && !e.texts.Mentions(t.lang(), keywordAll, said)
}

// otherOrderIn returns an order number of the message other than
// current, or "".
func otherOrderIn(entities []intents.Entity, current string) string {
	for _, en := range entities {
		if en.Type == intents.EntityOrderNumber && !strings.EqualFold(en.Value, current) {
			return en.Value
		}
	}
	return ""
}

// bareNumber is a number of five or six digits on its own.
var bareNumber = regexp.MustCompile(`\b\d{5,6}\b`)

// otherOrderDigits returns the verified customer's order, other than
// current, whose digits the message gives without the order's prefix
// ("oui c'est bien la 102504 que je veux annuler"), or "".
func (e *Engine) otherOrderDigits(t *turn, current string) string {
	if t.conv.CustomerID == 0 {
		return ""
	}
	numbers := bareNumber.FindAllString(t.input.text, -1)
	if len(numbers) == 0 {
		return ""
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return ""
	}
	for _, o := range orders {
		if o.Number != current && slices.ContainsFunc(numbers, func(n string) bool { return strings.HasSuffix(o.Number, n) }) {
			return o.Number
		}
	}
	return ""
}

// namesOrderItems counts the items of the task's order that text names.
func (e *Engine) namesOrderItems(t *turn, text string) int {
	orders, err := e.customerOrders(t)
	if err != nil {
		return 0
	}
	o, ok := findOrder(orders, t.d.Task.Order)
	if !ok || len(o.Items) < 2 {
		return 0
	}
	return namedItems(text, o.Items)
}

// namedItems counts the items text names, each on its own ("just the
// scarf, keep the hair clip" names both).
func namedItems(text string, items []storage.Item) int {
	n := 0
	for _, it := range items {
		if i, _ := intents.MatchItem(text, []string{it.Name}); i == 0 {
			n++
		}
	}
	return n
}

// keepsOrder reports whether a message typed at "do you confirm the
// cancellation?" says in words not to cancel, its words of cancelling, if
// any, negated: "Yes - no wait, don't! my wife says she wants it", "no
// wait, don't cancel it, I changed my mind" (each was asked again, and the
// next "yes" cancelled; rounds 68a, 69a).
func (e *Engine) keepsOrder(t *turn) bool {
	if t.input.payload != "" {
		return false
	}
	if e.texts.Mentions(t.lang(), "side_points", t.input.norm) && e.asksWhy(t) {
		// « si j'annule, je garde mes points ? »: the points kept, asked
		// about, not the order (it was kept; round 76b).
		return false
	}
	if e.withdrawnAfter(t.lang(), keywordCancelNow, t.input.norm) && e.texts.Mentions(t.lang(), keywordKeepVerbs, t.input.norm) {
		// "yes cancel it. actually no wait, I keep it", « oui annulez-la.
		// Ah non en fait je la garde »: kept (asked again, and the next
		// yes cancelled; round 75b).
		return true
	}
	if !e.saysWord(t, keywordYes) && e.mentionsUnnegated(t.lang(), keywordKeepOrder, t.input.norm) && !e.cancelsAnyway(t) && !e.keepsAnotherItem(t) {
		// « attend en fait non je vais la garder, ma copine la veut
		// finalement »: kept (asked again twice; round 75a).
		return true
	}
	if strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm)) {
		// "what happens to my points if I cancel?": what cancelling would
		// do, asked, no "don't cancel" (the order was kept; round 137c).
		return false
	}
	return e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm) &&
		(!e.saysWord(t, keywordConfirmWords) || !e.mentionsUnnegated(t.lang(), keywordConfirmWords, t.input.norm))
}

// ordersToCancel returns the order numbers a request names after its
// word of cancelling, in the same sentence ("cancel my neighbour's order
// OP-102403 and tell me my points" names OP-102403; "changez l'adresse de
// OP-102601 et annulez OP-100401" names OP-100401 only).
func (e *Engine) ordersToCancel(t *turn, text string) []string {
	words := strings.Fields(text)
	for i, w := range words {
		if !e.namesCancelling(t.lang(), intents.Normalize(w)) {
			continue
		}
		rest := strings.Join(words[i+1:], " ")
		if end := strings.IndexAny(rest, ".?!;"); end >= 0 {
			rest = rest[:end]
		}
		var numbers []string
		for _, en := range e.entitiesOf(rest, t.lang()) {
			if en.Type == intents.EntityOrderNumber {
				numbers = append(numbers, en.Value)
			}
		}
		return numbers
	}
	return nil
}

// tellsCancelDeadline answers, at "do you confirm the cancellation?", a
// question about how long the customer has to decide ("you didn't answer,
// how many hours do I have to cancel?" was read as a no, and the order
// kept; round 118b), and asks again. It reports whether it did.
func (e *Engine) tellsCancelDeadline(t *turn) bool {
	tk := t.d.Task
	lang, norm := t.lang(), t.input.norm
	if tk == nil || tk.Intent != intents.CancelOrder || tk.Step != stepConfirm || t.input.payload != "" || !strings.Contains(t.input.text, "?") ||
		!(e.texts.Mentions(lang, "followup_deadline", norm) || e.texts.Mentions(lang, keywordWhen, norm) && e.texts.Mentions(lang, keywordCancelWords, norm)) ||
		e.texts.Mentions(lang, keywordKeepWords, norm) {
		// (Not « oui annulez-la. Ah non en fait je la garde, elle part
		// quand ? », kept, then when it ships.)
		return false
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	dec := policy.CanCancel(e.policy, o, t.now)
	if !dec.OK {
		return false
	}
	data := e.orderData(t, o)
	data["Deadline"] = e.fmt.dateTime(lang, dec.Deadline, t.now)
	t.d.Fallbacks = 0
	e.say(t, "cancel_until", data)
	if e.leadsWithNo(t) || e.saysNo(t) || e.texts.Mentions(lang, keywordOnlyImagined, norm) {
		// « non pas tout de suite, je voulais juste savoir. jusqu'a quand
		// je peux le faire ? »: until when, and the order kept for now;
		// the question came again, then again after « ok merci c'est
		// tout » (round 129a).
		t.d.Task = nil
		t.d.Declined = tk
		return true
	}
	e.say(t, "cancel_confirm_again", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
	return true
}

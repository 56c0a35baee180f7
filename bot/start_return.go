package bot

import (
	"cmp"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// Return reasons offered as buttons. A defective item ships back at the
// shop's cost; a wrong item has its own flow.
var returnReasons = []string{"size", "changed_mind", "defective", "wrong_item", "not_as_described", "other"}

const reasonDefective = "defective"

// reasonNotOrdered is the return reason for an item other than the one
// ordered.
const reasonNotOrdered = "wrong_item"

// startReturn lists the order's returnable items, asks which and why,
// confirms, and creates the return with its RA number. Items outside the
// window or never returnable are refused with the reason and the date.
func (e *Engine) startReturn(t *turn) {
	if tk := t.d.Task; (tk.Step == "" || tk.Step == stepItem || tk.Step == stepQuantity) && tk.Reason == "" {
		// The first message may say why already: "arrivé cassé"; so may
		// the answer to "which item?" or "how many?" ("too small"),
		// which is then asked again.
		tk.Reason = e.describedReason(t)
	}
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.pickOrder(t, isDelivered)
	if !ok {
		return
	}
	tk := t.d.Task
	if len(tk.ItemIDs) == 0 {
		if other, ok := e.otherOrderNamed(t, o, isDelivered); ok {
			o, tk.Order, t.d.Order = other, other.Number, other.Number
		}
	}
	if c, open := e.openParcelCase(t, o); open && c.Kind == storage.TicketClaim {
		// The parcel was claimed as never received: nothing to send back;
		// the claim leads to the refund.
		t.d.Task = nil
		e.lateParcelRefund(t, o.Number)
		return
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		e.fail(t, "list returns", err)
		return
	}
	open, refused := e.returnable(t, o, returns)
	data := e.orderData(t, o)
	if (tk.Step == "" || tk.Step == stepIdentity) && len(open) > 0 && (e.requestMentions(t, tk.Said, keywordReturnSupposed) ||
		e.requestMentions(t, tk.Said, keywordTimeLeft) && !e.requestMentions(t, tk.Said, keywordRefundWords)) &&
		!e.requestMentions(t, tk.Said, keywordWantsReturn) ||
		(tk.Step == stepItem || tk.Step == stepQuantity || tk.Step == stepReason) && t.input.payload == "" && len(open) > 0 &&
			e.texts.Mentions(t.lang(), keywordOnlyImagined, t.input.norm) {
		// (Or "how long have I got to send back the scarf?": the same
		// day; its reason was asked; round 85b.)
		// "If my niece doesn't like the scarf, could she still return it
		// in January?": until when, and no return begun (it asked which
		// item, then how many; round 82a).
		// So at the return's questions: "I said I'm not starting
		// anything, just tell me if it's possible please" at "why are
		// you returning it?" became its reason, one yes from made (round
		// 131a, a near miss).
		it := open[0]
		if sel := selected(open, tk.ItemIDs); len(sel) > 0 {
			it = sel[0]
		}
		dec := policy.ReturnEligibility(e.policy, o, it, policy.Returned(returns, it.ID), t.now)
		if !dec.Deadline.IsZero() {
			t.d.Task = nil
			data["Until"] = e.fmt.date(t.lang(), dec.Deadline, t.now)
			data["Extended"] = dec.Extended
			b, _ := e.actionButton(t, intents.StartReturn)
			e.say(t, "return_until", data, b)
			return
		}
	}
	if e.disputesRefusal(t, o, refused) {
		// "même pas un avoir ? c'est vraiment pas commercial" at "which
		// item?", once the item the request named was refused: no
		// exception here, a person can look (the question came back,
		// after "back to your return"; round 69a).
		t.d.Task = nil
		t.d.Fallbacks = 0
		e.say(t, "pushback", nil, e.button(t, "button_human", payloadHuman))
		return
	}
	if len(open) == 0 {
		windowClosed := slices.ContainsFunc(refused, func(r refusal) bool { return r.decision.Reason == policy.ReasonWindowClosed })
		if tk.Reason == reasonDefective && windowClosed && e.offerWarranty(t, o) {
			// (Only past the window: an engraved bracelet damaged on
			// arrival, the order's ring already going back, was told
			// the window had passed six days after delivery; round
			// 72a.)
			return
		}
		if e.lateParcelRefund(t, o.Number) {
			// "I want my money back, my order never came": nothing to
			// return from a parcel late in transit; the investigation.
			t.d.Task = nil
			return
		}
		if o.Status == storage.StatusCancelled && e.requestMentions(t, tk.Said, keywordRefundWords) {
			// "remboursement commande 102402 svp", read as a return, on
			// an order cancelled: its refund (nothing could be returned,
			// and another order's return was offered; round 90a).
			t.d.Task = &task{Intent: intents.RefundStatus, Order: o.Number, Said: tk.Said}
			t.u.Intent = intents.RefundStatus
			e.runTask(t)
			return
		}
		t.d.Task = nil
		e.say(t, "return_none", data)
		e.sayRefusals(t, refused)
		e.say(t, "return_none_help", nil, e.button(t, "button_human", payloadHuman))
		others := e.otherOrders(t, o, func(other storage.Order) bool {
			can, _ := e.returnable(t, other, returns)
			return len(can) > 0
		})
		if len(others) > 0 {
			// Asked on the order given to verify; another one has items
			// that can still go back: say so, and let the customer pick.
			t.d.Offered = &task{Intent: intents.StartReturn}
			e.sayN(t, "return_other_orders", len(others), nil, e.orderButtons(t, others)...)
		}
		return
	}
	if tk.Step == stepReason && t.input.free && t.input.payload == "" {
		e.splitReasons(t, o, selected(o.Items, tk.ItemIDs))
	}
	if (tk.Step == stepReason || tk.Step == stepConfirm || tk.Step == stepQuantity) && t.input.payload == "" && len(tk.ItemIDs) == 1 {
		if cur := selected(o.Items, tk.ItemIDs); len(cur) == 1 {
			if other, ok := e.itemInstead(t, o.Items, cur[0]); ok {
				// "no sorry, not the earrings, the scarf. it arrived
				// torn": the scarf, with the reason said (the earrings
				// went back); one that can't go back is said so, and
				// the return is dropped ("not the ring, I meant the
				// engraved bracelet" asked why the bracelet went back).
				for _, r := range refused {
					if r.item.ID == other.ID {
						t.d.Task = nil
						e.say(t, "return_aborted", nil)
						e.sayRefusals(t, []refusal{r})
						return
					}
				}
				tk.ItemIDs, tk.Quantities, tk.Reason, tk.Step = []int64{other.ID}, nil, "", ""
				if r := e.reasonNamed(t); r != "" {
					tk.Reason = r
				}
				t.input.free = false
			}
		}
	}
	// "almost - make it both pairs of earrings actually" at the summary
	// of the scarf and one pair: how many of the earrings, the scarf
	// kept in (it was dropped, and one pair summed up; round 123b, a near
	// miss).
	allOfOne := e.texts.Mentions(t.lang(), keywordQuantityAll, t.input.norm) && !e.texts.Mentions(t.lang(), keywordOneOnly, t.input.norm) &&
		!e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm) // (not "I'll keep both of them")
	if (tk.Step == stepConfirm || tk.Step == stepQuantity) && t.input.payload == "" && !allOfOne && len(e.itemsLeftIn(t, o, tk.ItemIDs)) == 0 && e.switchesReturnItem(t) {
		// (At "how many?" too: "en fait non, plutôt le foulard" was not
		// understood, then "too long" said goodbye.)
		// Another item named instead at the summary: that one, and its
		// reason asked (the reason given was the first item's).
		tk.ItemIDs, tk.Quantities, tk.Reason, tk.Step = nil, nil, "", stepItem
		for _, it := range e.pickItems(t, open) {
			tk.ItemIDs = append(tk.ItemIDs, it.ID)
		}
		t.input.free = false
	}
	narrowed := false
	if (tk.Step == stepConfirm || tk.Step == stepReason) && t.input.payload == "" && !allOfOne {
		if kept := e.itemsLeftIn(t, o, tk.ItemIDs); len(kept) > 0 {
			narrowed = true
			// "actually keep the scarf out of it, just the earrings" at
			// the summary of both: the scarf stays (the whole return
			// was dropped).
			tk.ItemIDs = kept
			if tk.Quantities == nil {
				tk.Quantities = map[int64]int{}
			}
			for _, it := range selected(o.Items, kept) {
				if _, ok := tk.Quantities[it.ID]; !ok {
					tk.Quantities[it.ID] = it.Quantity - policy.Returned(returns, it.ID) // as summed up
				}
			}
			t.input.free = false
		}
	}
	added, queued := false, []int64(nil)
	if (tk.Step == stepConfirm || tk.Step == stepQuantity) && t.input.payload == "" && t.input.text != "" && e.texts.Mentions(t.lang(), keywordAlso, t.input.norm) {
		// "yes and the scarf too" at the summary: the scarf joins the
		// return, which is summed up again (neither was done); with a
		// reason of its own ("yes and the earrings are too small"), a
		// return of its own after this one (it took this one's reason).
		// The same at "how many?": "2 et aussi le foulard" (the scarf
		// was dropped).
		if tk.Step == stepQuantity && len(tk.ItemIDs) == 1 {
			if n := quantityIn(t.input.norm); n > 0 {
				tk.Quantities = map[int64]int{tk.ItemIDs[0]: n}
			}
		}
		var more []int64
		for _, it := range e.pickItemsIn(t, t.input.text, t.input.norm, open) {
			if !slices.Contains(tk.ItemIDs, it.ID) {
				more = append(more, it.ID)
			}
		}
		switch r := e.longestReason(t, t.input.norm, returnReasons); {
		case len(more) == 0:
		case tk.Step == stepQuantity && len(tk.ItemIDs) == 1 && tk.Quantities == nil:
			// "oui, et le foulard aussi" to "how many of the 2 pairs?":
			// how many is still to say, and the scarf's return follows
			// this one (both pairs went in with the scarf, and a yes
			// sent them; round 75b).
			t.d.Paused = append(t.d.Paused, task{Intent: intents.StartReturn, Order: o.Number, ItemIDs: more, Reason: tk.Reason, Said: t.input.text})
			queued = more
			e.say(t, "return_next", map[string]any{"Item": itemNames(selected(o.Items, more))})
		case r != "" && r != tk.Reason:
			t.d.Paused = append(t.d.Paused, task{Intent: intents.StartReturn, Order: o.Number, ItemIDs: more, Reason: r, Said: t.input.text})
			queued = more
		case severalLeftUnsaid(t.input.text, selected(o.Items, more), returns):
			// "and can I return the earrings too?" of two pairs: a return
			// of its own next, which asks how many and why (both pairs
			// were added to the summary, with the scarf's reason).
			t.d.Paused = append(t.d.Paused, task{Intent: intents.StartReturn, Order: o.Number, ItemIDs: more, Said: t.input.text})
			queued = more
		default:
			// (How many of the first go back stays as said.)
			tk.ItemIDs, added = append(tk.ItemIDs, more...), true
		}
	}
	if tk.Step == stepReason && t.input.free && t.input.payload == "" && e.reasonNamed(t) == "" && !e.picksPlace(t) {
		// (Not "the first one" at the reason buttons: a reason.)
		if named := e.pickItemsIn(t, t.input.text, t.input.norm, open); len(named) > 0 && !sameItems(named, tk.ItemIDs) {
			// "actually I'd rather return the earrings" to "why are you
			// returning the scarf?": the item put right, not the reason;
			// "et les boucles aussi": one more (the scarf was dropped).
			if !e.texts.Mentions(t.lang(), keywordAlso, t.input.norm) {
				tk.ItemIDs = nil
			}
			tk.Quantities = nil
			for _, it := range named {
				if !slices.Contains(tk.ItemIDs, it.ID) {
					tk.ItemIDs = append(tk.ItemIDs, it.ID)
				}
			}
			t.input.free = false
		} else if named := e.pickItemsIn(t, t.input.text, t.input.norm, o.Items); len(named) > 0 && len(named) < len(o.Items) && !sameItems(named, tk.ItemIDs) {
			// "actually no, the bracelet", which can't go back: said
			// why, and the question about the item in hand asked again
			// (the words became the ring's reason, and it was returned).
			var these []refusal
			for _, r := range refused {
				if len(selected(named, []int64{r.item.ID})) > 0 {
					these = append(these, r)
				}
			}
			if len(these) > 0 {
				e.sayRefusals(t, these)
				t.input.free = false
			}
		}
	}
	// The items narrowed are summed up again, whatever no the words that
	// keep the others hold (« finalement je garde les boucles, je ne
	// renvoie que le foulard » dropped the whole return; round 103b).
	recount := narrowed && tk.Step == stepConfirm
	if (tk.Step == stepReason || tk.Step == stepConfirm) && t.input.payload == "" && len(tk.Quantities) == 1 {
		if n := e.quantityPutRight(t); n > 0 {
			recount = true
			// "actually just one" after "both": how many, put right, not
			// the reason (two were returned, the summary not saying how
			// many).
			for id := range tk.Quantities {
				if it := selected(o.Items, []int64{id}); len(it) == 1 {
					tk.Quantities[id] = min(n, it[0].Quantity-policy.Returned(returns, id))
				}
			}
			t.input.free = false
		}
	}
	if len(tk.ItemIDs) == 0 && tk.Step == "" && t.input.payload == "" {
		if groups := e.problemsByItem(t, o.Items); len(groups) > 0 {
			if slices.ContainsFunc(groups, func(g itemReason) bool { return g.reason != problemDefect }) {
				// "le bracelet est cassé et les boucles manquent": the
				// wrong-item flow takes each item with its problem (the
				// missing earrings went back as faulty).
				t.d.Task = &task{Intent: intents.WrongItem, Order: o.Number, Said: tk.Said}
				e.runTask(t)
				return
			}
			// "the earrings are lovely and the scarf is damaged": the
			// faulty ones only (both went back).
			for _, g := range groups {
				tk.ItemIDs = append(tk.ItemIDs, g.items...)
			}
			tk.Reason = reasonDefective
		}
	}
	if gone := refusedAmong(refused, tk.ItemIDs); len(gone) > 0 {
		// An item brought from another flow that can't go back (a
		// wrong-item report on a bracelet whose return was refused):
		// said why, not summed up ("oui" then failed on it, a technical
		// problem; round 67b).
		tk.ItemIDs = slices.DeleteFunc(tk.ItemIDs, func(id int64) bool {
			return slices.ContainsFunc(gone, func(r refusal) bool { return r.item.ID == id })
		})
		tk.Quantities = nil
		e.sayRefusals(t, gone)
		if len(tk.ItemIDs) == 0 {
			t.d.Task = nil
			e.say(t, "return_none_help", nil, e.button(t, "button_human", payloadHuman))
			return
		}
	}
	if len(tk.ItemIDs) == 0 && !e.splitReasons(t, o, open) {
		if !e.chooseReturnItems(t, o, open, refused) {
			return
		}
		fine := e.itemsSaidFine(t, o.Items)
		if len(fine) == 0 && t.input.payload == "" {
			// Kept in a sentence of their own, now or with the request
			// before the proof of identity: "… send the scarf back… The
			// earrings I'm keeping, they're lovely" (both went back;
			// round 67b).
			fine = e.itemsKept(t, o.Items, t.input.text, tk.Said)
		}
		if len(fine) > 0 && len(fine) < len(tk.ItemIDs) {
			// "I want to return the scarf, the earrings are fine": not
			// the earrings (both went back).
			tk.ItemIDs = slices.DeleteFunc(tk.ItemIDs, func(id int64) bool { return slices.Contains(fine, id) })
			tk.Quantities = nil
		}
		e.splitReasons(t, o, selected(o.Items, tk.ItemIDs))
		e.queueMissing(t, o)
	}
	items := selected(o.Items, tk.ItemIDs)
	data["Item"] = itemNames(items)
	if !e.chooseQuantity(t, items, returns, data) {
		return
	}
	data["Item"] = e.quantityNames(t, items, tk.Quantities, returns)
	if t.input.payload == "" && (tk.Step == stepConfirm || tk.Step == stepReason) && e.answersAboutReturn(t, o, items, returns, data) {
		return
	}
	if tk.Step != stepConfirm {
		e.askReturnReason(t, data)
		return
	}
	answer := 0
	if queued != nil && leadingYes.MatchString(t.input.text) {
		answer = 1 // the yes to this return; the other follows
	} else if recount || added || queued != nil {
		// "non, pas les deux": the summary again, with the number put
		// right; no "no". Another item with a reason of its own ("and
		// the earrings too, they're damaged"): its return is next, and
		// this one is summed up again as it was (the scarf, "too short",
		// became faulty).
		if queued != nil {
			e.say(t, "return_next", map[string]any{"Item": itemNames(selected(o.Items, queued))})
		}
		answer = 0
	} else if e.refundNotExchange(t) {
		// "non je veux pas d'échange, juste le remboursement": no
		// exchange was offered; the return is the refund, asked again
		// (it was dropped as a no; round 59b).
		answer = 0
	} else if tk.Reason == reasonDefective && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordWantsReplacement, t.input.norm) {
		// "I don't want a refund, I want a new one that isn't bent" at a
		// faulty item's summary: a replacement is one of the outcomes of
		// that return, said, and the summary asked again (its reason
		// became "I don't like it", postage on the customer; round 77b).
		e.say(t, "return_replacement_wish", data)
		answer = 0
	} else if t.input.payload == "" && e.texts.Mentions(t.lang(), keywordRetractReturn, t.input.norm) {
		// "no, I don't want to return it after all": a no, not "I don't
		// like it" restated as the reason.
		answer = -1
	} else if r := e.restatedReason(t); r != "" {
		// "elles ne me vont pas" at the summary gives the reason again
		// (or another): no "no", whatever its negation reads as.
		tk.Reason = r
		e.askReturnReason(t, data)
		return
	} else {
		answer = e.yesNo(t)
	}
	switch answer {
	case 1:
		e.createReturn(t, o, items, returns)
	case -1:
		e.keepDeclined(t)
		e.say(t, "return_aborted", nil)
	default:
		e.confirmReturn(t, data)
	}
}

// itemsKept returns the items that a sentence of texts keeps ("The
// earrings I'm keeping"), one that asks for nothing back.
func (e *Engine) itemsKept(t *turn, items []storage.Item, texts ...string) []int64 {
	lang := t.lang()
	var kept []int64
	for _, text := range texts {
		for _, s := range sentences(text) {
			norm := intents.Normalize(s)
			if !e.texts.Mentions(lang, keywordKeepWords, norm) || e.namesReturnVerb(lang, norm) ||
				e.texts.Mentions(lang, keywordSendBack, norm) || e.texts.Mentions(lang, keywordRefundWords, norm) {
				continue
			}
			for _, it := range e.pickItemsIn(t, norm, norm, items) {
				if !slices.Contains(kept, it.ID) {
					kept = append(kept, it.ID)
				}
			}
		}
	}
	return kept
}

// refusedAmong returns the refusals of the items ids names.
func refusedAmong(refused []refusal, ids []int64) []refusal {
	var among []refusal
	for _, r := range refused {
		if slices.Contains(ids, r.item.ID) {
			among = append(among, r)
		}
	}
	return among
}

// onlyItemMeant reports whether the message, or the request it answers,
// means the one item of an order that can be returned: naming it, or, at
// "which item?" with it alone offered, a reason.
func (e *Engine) onlyItemMeant(t *turn, only storage.Item) bool {
	tk := t.d.Task
	for _, text := range []string{t.input.text, tk.Said} {
		if k, _ := intents.MatchItem(text, []string{only.Name}); text != "" && k >= 0 {
			return true
		}
	}
	// (Not a bare yes: "oui" to "which item? [the ring]" meant the
	// engraved bracelet refused beside it; round 85a.)
	return tk.Step == stepItem && e.reasonNamed(t) != "" && !strings.Contains(t.input.text, "?")
}

// oneReturnable reports whether exactly one item of the task's order can
// be returned.
func (e *Engine) oneReturnable(t *turn) bool {
	o, ok := e.customerOrder(t, t.d.Task.Order)
	if !ok {
		return false
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		return false
	}
	open, _ := e.returnable(t, o, returns)
	return len(open) == 1
}

// refusal is an item that can't be returned, and why.
type refusal struct {
	item     storage.Item
	decision policy.ReturnDecision
}

// returnable splits an order's items into those that can be returned now
// and those that can't.
func (e *Engine) returnable(t *turn, o storage.Order, returns []storage.Return) ([]storage.Item, []refusal) {
	var open []storage.Item
	var refused []refusal
	for _, it := range o.Items {
		dec := policy.ReturnEligibility(e.policy, o, it, policy.Returned(returns, it.ID), t.now)
		if dec.OK {
			open = append(open, it)
			continue
		}
		refused = append(refused, refusal{it, dec})
	}
	return open, refused
}

// chooseReturnItems settles which items to return; it reports false when it
// asked.
func (e *Engine) chooseReturnItems(t *turn, o storage.Order, open []storage.Item, refused []refusal) bool {
	tk := t.d.Task
	picked := e.pickItems(t, o.Items)
	// An item named that can't go back: said why; the others named go
	// on ("les deux articles", one of them engraved, asked which item
	// again and again), or, none left, the others are offered.
	var named []refusal
	picked = slices.DeleteFunc(picked, func(it storage.Item) bool {
		for _, r := range refused {
			if r.item.ID == it.ID {
				named = append(named, r)
				return true
			}
		}
		return false
	})
	told := len(named) > 0
	if told {
		e.sayRefusals(t, named)
	}
	if len(picked) == 0 && len(open) == 1 && len(o.Items) == 1 {
		if e.namesKindNotIn(t, o) {
			// "I purchased a necklace … and would like to return it"
			// with the order of a watch: not that one (the watch's return
			// was summed up, the correction taken for the reason; round
			// 118b).
			t.d.Task = nil
			data := e.orderData(t, o)
			data["ItemNames"] = itemNames(o.Items)
			e.say(t, "return_item_not_in_order", data)
			return false
		}
		picked = open
	}
	if len(picked) == 0 && len(open) == 1 && t.input.payload == "" {
		// The one item that can go back, named beside one that can't
		// ("un bracelet gravé … une bague, mais la bague est trop grande,
		// je voudrais la renvoyer"), or answered with a yes or a reason
		// at "which item?" with it alone offered: that one (the question
		// came four times; round 84a).
		if e.onlyItemMeant(t, open[0]) && !e.returnAskedOfOther(t, open[0], refused) {
			picked = open
		}
	}
	if len(picked) == 0 && t.input.payload == "" && len(open) > 1 && e.texts.Mentions(t.lang(), keywordAll, t.input.norm) &&
		e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm) {
		// "everything except the scarf": the others (the list came
		// again; round 49b).
		for _, it := range open {
			if i, _ := intents.MatchItem(t.input.text, []string{it.Name}); i < 0 {
				picked = append(picked, it)
			}
		}
		if len(picked) == len(open) {
			picked = nil // nothing set aside that can go back: asked
		}
	}
	if len(picked) == 0 && told && tk.Reason == reasonDefective {
		// "ma gourmette gravée est cassée": the faulty item can't come
		// back as a return, but the warranty covers it; no other item
		// offered in its place (the ring went back "faulty"; round 50a).
		t.d.Task = nil
		e.say(t, "exchange_refused_help", nil, e.button(t, "button_human", payloadHuman))
		return false
	}
	if len(picked) == 0 {
		if told {
			// The reason was the item refused's, not the others'.
			tk.Reason = ""
		}
		tk.Step = stepItem
		e.say(t, "return_which_item", e.orderData(t, o), itemButtons(open)...)
		if len(refused) > 0 && t.input.payload == "" && !(told && len(refused) == len(named)) {
			// (Not the one refusal just said again.)
			e.sayRefusals(t, refused)
		}
		return false
	}
	for _, it := range picked {
		tk.ItemIDs = append(tk.ItemIDs, it.ID)
	}
	t.input.free = false
	return true
}

// sameItems reports whether items are exactly those of ids.
func sameItems(items []storage.Item, ids []int64) bool {
	if len(items) != len(ids) {
		return false
	}
	for _, it := range items {
		if !slices.Contains(ids, it.ID) {
			return false
		}
	}
	return true
}

// askReturnReason takes the reason from this message or asks for it, then
// asks to confirm the return (or hands a wrong item to its own flow).
func (e *Engine) askReturnReason(t *turn, data map[string]any) {
	tk := t.d.Task
	invalid := false
	if r, ok := strings.CutPrefix(t.input.payload, prefixReason); ok {
		if r == "other" {
			// "Another reason": which one, in their words.
			tk.Step = stepReason
			e.say(t, "return_ask_other_reason", data)
			return
		}
		tk.Reason = r
	} else if i, ok := intents.ListPosition(t.input.text, len(returnReasons)); tk.Step == stepReason && t.input.free && ok {
		// "the third one" at the reason buttons: that reason (it was
		// taken as the reason's words).
		if returnReasons[i] == "other" {
			e.say(t, "return_ask_other_reason", data)
			return
		}
		tk.Reason = returnReasons[i]
	} else if tk.Step == stepReason && t.input.free {
		if e.texts.Mentions(t.lang(), keywordReasonOtherAsked, t.input.norm) {
			// "pour une autre raison", typed: which one, then.
			e.say(t, "return_ask_other_reason", data)
			return
		}
		if strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordReasonQuestion, t.input.norm) {
			// "do you need the exact reason? is 'changed my mind' ok or
			// will that get refused?": answered, and asked again (the
			// reason it named was recorded; round 113a, a near miss).
			e.say(t, "return_reason_any", map[string]any{"Days": e.policy.Returns.Days})
		} else if e.texts.Mentions(t.lang(), keywordReasonAllergy, t.input.norm) {
			// "They make my ears red and itchy, I think I'm allergic to
			// the metal": in their words, for the team (it was recorded
			// as "I don't like it", postage on the customer; round 113b).
			tk.Reason = "other: " + strings.TrimSpace(t.input.text)
		} else {
			tk.Reason, invalid = e.reasonIn(t)
		}
	}
	if tk.Reason == "" {
		tk.Step = stepReason
		bs := make([]Button, 0, len(returnReasons))
		for _, r := range returnReasons {
			bs = append(bs, e.button(t, "return_reason_"+r, prefixReason+r))
		}
		id := "return_ask_reason"
		if invalid {
			id = "return_reason_unclear"
		}
		e.say(t, id, data, bs...)
		return
	}
	if tk.Reason == "wrong_item" {
		// A wrong item is the shop's mistake: its own flow, free return.
		t.d.Task = &task{Intent: intents.WrongItem, Order: tk.Order, ItemIDs: tk.ItemIDs, Step: stepReceived, FromReturn: true}
		t.input.free = false // the reason is not the description of what came
		e.runTask(t)
		return
	}
	e.confirmReturn(t, data)
}

// confirmReturn asks for a yes before creating the return.
func (e *Engine) confirmReturn(t *turn, data map[string]any) {
	tk := t.d.Task
	if said := cmp.Or(t.input.text, tk.Said); tk.Reason == reasonDefective && tk.Step != stepConfirm && t.input.payload == "" && strings.Contains(said, "?") &&
		e.texts.Mentions(t.lang(), keywordWantsReplacement, intents.Normalize(said)) {
		// "one pair is faulty … Can I get a replacement instead of a
		// refund?": yes, said before the summary (the summary came alone;
		// round 137a).
		e.say(t, "return_replacement_wish", nil)
	}
	tk.Step = stepConfirm
	data["Reason"] = e.reasonText(t, tk.Reason)
	id := "return_confirm"
	if tk.Reason == reasonDefective {
		id = "return_confirm_defective"
	}
	e.say(t, id, data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
}

func (e *Engine) reasonText(t *turn, reason string) string {
	if free, ok := strings.CutPrefix(reason, "other: "); ok {
		// The sentence it goes into ends with its own full stop ("It's
		// smaller than I expected." gave "…expected..").
		return strings.TrimRight(free, ". ")
	}
	return e.text(t, "return_reason_"+reason, nil)
}

// createReturn stores the return and gives the RA number and instructions.
func (e *Engine) createReturn(t *turn, o storage.Order, items []storage.Item, returns []storage.Return) {
	tk := t.d.Task
	r := storage.Return{OrderID: o.ID, CustomerID: o.CustomerID, Reason: tk.Reason, Status: storage.ReturnOpen, CreatedAt: t.now}
	for _, it := range items {
		q := it.Quantity - policy.Returned(returns, it.ID)
		if n, ok := tk.Quantities[it.ID]; ok {
			q = min(q, n)
		}
		r.Items = append(r.Items, storage.ReturnItem{ItemID: it.ID, Quantity: q})
	}
	created, err := e.store.CreateReturn(t.ctx, r)
	t.d.Task = nil
	t.accountChanged()
	if errors.Is(err, storage.ErrConflict) {
		e.say(t, "return_conflict", nil)
		return
	}
	if err != nil {
		e.fail(t, "create return", err)
		return
	}
	t.doneNow = true
	t.d.Last = &done{Kind: didReturn, Order: o.Number, RA: created.RANumber, Defective: tk.Reason == reasonDefective,
		What: e.text(t, "what_return", map[string]any{"Item": itemNames(items)})}
	for _, it := range items {
		t.d.Last.Items = append(t.d.Last.Items, it.Name)
	}
	t.returned = &returnedNow{order: o.Number}
	for _, it := range items {
		t.returned.items = append(t.returned.items, it.ID)
	}
	data := e.orderData(t, o)
	data["RA"] = created.RANumber
	data["Item"] = e.quantityNames(t, items, tk.Quantities, returns)
	// What comes back, for "how much will I get back?" next.
	data["Amount"] = e.fmt.money(t.lang(), returnValue(o, created), o.Currency)
	e.say(t, "return_created", data)
	data["Address"] = e.shop.ReturnAddress
	id := "return_instructions"
	if tk.Reason == reasonDefective {
		id = "return_instructions_defective"
	}
	e.say(t, id, data)
}

// splitReasons gives each item going back, among candidates, the reason
// this message gives it, when its clauses give different ones ("the earrings are too small
// and the scarf is the wrong colour"): this return takes the first
// reason's items, and a return for each other reason follows (both went
// to a wrong-item case).
func (e *Engine) splitReasons(t *turn, o storage.Order, candidates []storage.Item) bool {
	tk := t.d.Task
	if len(candidates) < 2 || t.input.payload != "" {
		return false
	}
	groups := e.reasonsByItem(t, candidates)
	if len(groups) < 2 {
		return false
	}
	for i := len(groups) - 1; i >= 1; i-- {
		g := groups[i]
		t.d.Paused = append(t.d.Paused, task{Intent: intents.StartReturn, Order: o.Number, ItemIDs: g.items, Reason: g.reason, Said: g.clause})
	}
	tk.ItemIDs, tk.Quantities, tk.Reason = groups[0].items, nil, groups[0].reason
	t.input.free = false
	return true
}

// itemReason is the reason a clause gives for some of the items going
// back.
type itemReason struct {
	items  []int64
	reason string
	clause string
}

// reasonOfTaskItems returns the reason the message gives the items going
// back when it gives items of the order each their own reason: "the ring
// is too small, bracelet i just dont like anymore" for the ring alone
// (the bracelet, engraved, cannot go back) is a size (it took the
// bracelet's reason, the longer; round 76b). "" when it does not.
func (e *Engine) reasonOfTaskItems(t *turn) string {
	tk := t.d.Task
	if tk == nil || len(tk.ItemIDs) == 0 {
		return ""
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok || len(o.Items) < 2 {
		return ""
	}
	groups, _, ok := e.itemGroups(t, o.Items, func(norm string) (string, bool) {
		return e.longestReason(t, norm, returnReasons), false
	})
	if !ok || len(groups) < 2 {
		return ""
	}
	for _, g := range groups {
		if g.reason != "" && !slices.ContainsFunc(tk.ItemIDs, func(id int64) bool { return !slices.Contains(g.items, id) }) {
			return g.reason
		}
	}
	return ""
}

// reasonsByItem returns the reasons a message gives item by item, one
// per clause ("the earrings are too small and the scarf is the wrong
// colour"), when its clauses give different reasons for different items
// of those going back; nil otherwise.
func (e *Engine) reasonsByItem(t *turn, items []storage.Item) []itemReason {
	groups, _, ok := e.itemGroups(t, items, func(norm string) (string, bool) {
		if e.texts.Mentions(t.lang(), keywordNoReturn, norm) {
			// "I do NOT want to return the earrings, I love them": kept,
			// whatever reason the words seem to give (they went back
			// first, for "I don't like it"; round 131a, a near miss).
			return "", true
		}
		return e.longestReason(t, norm, returnReasons), false
	})
	reasons := map[string]bool{}
	for _, g := range groups {
		reasons[g.reason] = true
	}
	if !ok || len(groups) < 2 || len(reasons) < 2 {
		return nil
	}
	return groups
}

// itemGroups reads a message part by part (itemClauses) and groups the
// items each part names with what judge says the part tells of them: a
// label ("size", "missing"), or none and whether the part says they are
// fine. A part telling a label without naming an item gives it to the
// items named just before ("return the scarf, it's faulty, and…"). It
// also returns the items said to be fine, and false when an item is named
// in two groups.
func (e *Engine) itemGroups(t *turn, items []storage.Item, judge func(norm string) (label string, fine bool)) (groups []itemReason, fine []int64, ok bool) {
	seen := map[int64]bool{}
	ok = true
	var pending []storage.Item // named in a part that told no label yet
	for _, c := range itemClauses(t.requestText()) {
		norm := intents.Normalize(c)
		named := e.pickItemsIn(t, c, norm, items)
		label, isFine := judge(norm)
		if len(named) == 0 {
			if label == "" || len(pending) == 0 {
				continue
			}
			named = pending
		}
		pending = nil
		if label == "" {
			if isFine {
				for _, it := range named {
					fine = append(fine, it.ID)
				}
			} else {
				pending = named
			}
			continue
		}
		g := itemReason{reason: label, clause: c}
		for _, it := range named {
			ok = ok && !seen[it.ID]
			seen[it.ID] = true
			g.items = append(g.items, it.ID)
		}
		groups = append(groups, g)
	}
	if len(fine) == 0 {
		return groups, fine, ok
	}
	// An item said to be fine in so many words has no problem another
	// part seemed to give it: "I got the wrong earrings, not the bangle,
	// the bangle is perfect" filed the bangle missing ("not the").
	kept := groups[:0]
	for _, g := range groups {
		g.items = slices.DeleteFunc(g.items, func(id int64) bool { return slices.Contains(fine, id) })
		if len(g.items) > 0 {
			kept = append(kept, g)
		}
	}
	return kept, fine, ok
}

// queueMissing puts an item the message says is missing, beside the ones
// going back, after the return: "le bracelet est cassé et les boucles
// manquent" returns the bracelet, then files the earrings missing (they
// were forgotten).
func (e *Engine) queueMissing(t *turn, o storage.Order) {
	tk := t.d.Task
	if t.input.payload != "" {
		return
	}
	for _, c := range itemClauses(t.requestText()) {
		norm := intents.Normalize(c)
		if e.problemIn(t.lang(), norm) != problemMissing || e.setsItemAside(t.lang(), c) {
			// ("I want to return the scarf, not the earrings": the
			// earrings stay; they were filed missing; round 57b.)
			continue
		}
		for _, it := range e.pickItemsIn(t, c, norm, o.Items) {
			if !slices.Contains(tk.ItemIDs, it.ID) {
				t.d.Paused = append(t.d.Paused, task{Intent: intents.WrongItem, Order: o.Number, Said: c, Apart: true})
				return
			}
		}
	}
}

// itemsSaidFine returns the items the message names in a part saying
// nothing is the matter with them ("the earrings are fine", "boucles ok").
func (e *Engine) itemsSaidFine(t *turn, items []storage.Item) []int64 {
	_, fine, _ := e.itemGroups(t, items, e.problemJudge(t.lang()))
	return fine
}

// switchesReturnItem reports whether a message at a return's summary or
// reason names another item of the order in place of the one in hand
// ("no wait, the earrings instead", "sorry I meant the earrings"), without
// saying something else arrived or adding it.
func (e *Engine) switchesReturnItem(t *turn) bool {
	tk := t.d.Task
	if tk != nil && tk.Order != "" && t.input.payload == "" {
		if o, ok := e.customerOrder(t, tk.Order); ok {
			if e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm) {
				// "… so I'll keep both of them. It's actually the silk scarf I
				// want to return" at "how many?": the item of the sentence that
				// sends back (both earrings were summed up; round 120b, a near
				// miss).
				if named := e.pickItems(t, o.Items); len(named) > 0 && !sameItems(named, tk.ItemIDs) && len(named) < len(o.Items) {
					return true
				}
			}
		}
	}
	if tk == nil || tk.Order == "" || e.texts.Mentions(t.lang(), keywordAlso, t.input.norm) ||
		e.texts.Mentions(t.lang(), keywordReceivedSaid, t.input.norm) || e.reasonNamed(t) != "" {
		return false
	}
	if !e.texts.Mentions(t.lang(), keywordChangesAsked, t.input.norm) && !e.texts.Mentions(t.lang(), keywordCorrection, t.input.norm) &&
		!e.texts.StartsWith(t.lang(), keywordNo, t.input.norm) && !e.texts.Mentions(t.lang(), keywordItemCorrection, t.input.norm) {
		return false
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	if tk.Step == stepQuantity && namedItems(t.input.text, o.Items) != 1 {
		return false // "both" to "how many?" is how many
	}
	named := e.pickItemsIn(t, t.input.text, t.input.norm, o.Items)
	return len(named) > 0 && !sameItems(named, tk.ItemIDs)
}

// maxItemAgainWords is the longest message that only names a summary's
// item again and sets another aside.
const maxItemAgainWords = 10

// namesTaskItemAgain reports whether a message at an item's summary names
// the summary's items again and sets another one aside, and says nothing
// else: "la bague pas le pendentif", "the ring, not the pendant".
func (e *Engine) namesTaskItemAgain(t *turn) bool {
	tk := t.d.Task
	lang, norm := t.lang(), t.input.norm
	if tk == nil || len(tk.ItemIDs) == 0 || t.input.payload != "" || len(strings.Fields(norm)) > maxItemAgainWords {
		return false
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	if cs := itemClauses(t.input.text); len(cs) == 2 {
		// "la bague oui, le bracelet gravé je le garde évidemment": the
		// item, with a yes, and the other kept (the return was stopped;
		// round 97a).
		first, second := intents.Normalize(cs[0]), intents.Normalize(cs[1])
		if sameItems(e.pickItemsIn(t, cs[0], first, o.Items), tk.ItemIDs) &&
			e.texts.MadeOf(lang, first, keywordProductKind, keywordItemPhraseWords, keywordYes, keywordPolite, keywordFiller, keywordJoiner) &&
			e.texts.Mentions(lang, keywordProductKind, second) && e.texts.Mentions(lang, keywordKeepVerb, second) &&
			!sameItems(e.pickItemsIn(t, cs[1], second, o.Items), tk.ItemIDs) {
			return true
		}
	}
	phrase, at, ok := e.texts.findAt(lang, keywordItemAside, norm)
	if !ok || at == 0 {
		return false
	}
	before, after := strings.TrimSpace(norm[:at]), strings.TrimSpace(norm[at+len(phrase):])
	if !e.onlyNamesItems(lang, before) || !e.texts.Mentions(lang, keywordProductKind, after) {
		return false
	}
	return sameItems(e.pickItemsIn(t, before, before, o.Items), tk.ItemIDs)
}

// itemClauses cuts a message at its sentences, punctuation, the words
// that join requests and "but": the parts that may each name an item and
// say what is wrong with it.
func itemClauses(text string) []string {
	var out []string
	for _, c := range splitClauses(text) {
		for _, part := range clauseBreaks.Split(c, -1) {
			out = appendClause(out, part)
		}
	}
	return out
}

// whyRefused returns the message that says why an item can't go back,
// when the message asks why of an item of the return's or exchange's
// order that can't ("Why can't the bracelet go back?", « pourquoi je ne
// peux pas renvoyer la gourmette ? »), or "".
func (e *Engine) whyRefused(t *turn) string {
	tk := t.d.Task
	if tk == nil || tk.Intent != intents.StartReturn && tk.Intent != intents.Exchange || tk.Order == "" || t.input.payload != "" ||
		!e.texts.StartsWith(t.lang(), keywordWhy, t.input.norm) && !(strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordWhy, t.input.norm)) {
		return ""
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return ""
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		return ""
	}
	_, refused := e.returnable(t, o, returns)
	named := e.pickItemsIn(t, t.input.text, t.input.norm, o.Items)
	for _, r := range refused {
		id := "return_why_" + r.decision.Reason
		// (Or the one item refused, named by a pronoun: « Pourquoi ? Il
		// n'a jamais été porté ! » after "engraved items can't be
		// returned"; a parcel's claim began; round 114a, a near miss.)
		if (slices.ContainsFunc(named, func(it storage.Item) bool { return it.ID == r.item.ID }) || len(named) == 0 && len(refused) == 1) && e.texts.Has(t.lang(), id) {
			return id
		}
	}
	return ""
}

// sayRefusals tells why items can't be returned, one line each.
func (e *Engine) sayRefusals(t *turn, refused []refusal) { e.sayRefused(t, refused, false) }

// sayExchangeRefusals says why each item refused cannot be exchanged.
func (e *Engine) sayExchangeRefusals(t *turn, refused []refusal) { e.sayRefused(t, refused, true) }

// sayRefused says why each item refused cannot go back, or be exchanged.
func (e *Engine) sayRefused(t *turn, refused []refusal, exchange bool) {
	var lines []string
	for _, r := range refused {
		data := map[string]any{"Item": r.item.Name}
		if !r.decision.Deadline.IsZero() {
			data["Deadline"] = e.fmt.date(t.lang(), r.decision.Deadline, t.now)
		}
		id := "return_refused_" + r.decision.Reason
		if exchange && e.texts.Has(t.lang(), "exchange_refused_"+r.decision.Reason) {
			// An exchange refused says so ("can't be exchanged"), not
			// "returned" (rounds 137a, 137c).
			id = "exchange_refused_" + r.decision.Reason
		}
		lines = append(lines, e.text(t, id, data))
	}
	if len(lines) > 0 {
		t.replies = append(t.replies, Reply{Text: strings.Join(lines, "\n")})
	}
}

// reasonIn reads a return reason written in words: a button's label typed
// by hand, or words that say the item is faulty, wrong, the wrong size,
// not as described, or no longer wanted ("arrivé cassé", "it's faulty").
// Other words of substance are kept as the customer's own reason; a yes,
// an ok or a thanks says nothing, and invalid is set.
func (e *Engine) reasonIn(t *turn) (reason string, invalid bool) {
	if r := e.reasonOfTaskItems(t); r != "" {
		return r, false
	}
	if r := e.reasonNamed(t); r != "" {
		return r, false
	}
	if e.texts.MadeOf(t.lang(), t.input.norm, keywordYes, keywordNo, keywordAccept, keywordAck, keywordPolite, keywordWait) ||
		e.hesitates(t) || len(e.words.Analyze(t.lang(), t.input.text)) == 0 || !hasLetter(t.input.text) {
		// "yes", "ok thanks", "I guess", "9" (a button that isn't
		// there): no reason ("they're not really my style" is one).
		return "", true
	}
	if e.hasEntity(t, intents.EntityOrderNumber) && e.texts.Mentions(t.lang(), keywordCorrection, t.input.norm) {
		return "", true // "sorry I meant OP-102602", the order already chosen
	}
	if e.notAnAnswer(t) {
		return "", true // "bon, on reprend le retour", "haha no I was kidding"
	}
	if leadingYes.MatchString(t.input.text) && len(strings.Fields(t.input.norm)) <= shortYesWords {
		return "", true // "yes is correct", "oui c'est ça": a yes to no question
	}
	if tk := t.d.Task; tk != nil && len(strings.Fields(t.input.norm)) <= shortYesWords && e.namesItemOfOrder(t, tk.Order) {
		// "le foulard" to "why are you returning the scarf?", the one
		// item taken without asking: the item, no reason (it was
		// recorded as one).
		return "", true
	}
	switch t.u.Intent {
	case intents.Greet, intents.Thanks, intents.Goodbye:
		return "", true
	}
	return "other: " + strings.TrimSpace(t.input.text), false
}

// shortYesWords is the most words of a message that opens with a yes and
// says no reason ("yes is correct").
const shortYesWords = 4

// reasonInstead is the return reason, other than "not what I ordered",
// that a message answering a wrong item's report begun by that reason
// says instead, with words that put it right ("oops wrong button, I meant
// I just don't like it", "I want to change the reason to 'I don't like
// it'"); "" otherwise (it was asked again, then filed as what came instead;
// round 137a).
func (e *Engine) reasonInstead(t *turn) string {
	tk := t.d.Task
	if tk == nil || !tk.FromReturn || t.input.payload != "" || len(t.input.photos) > 0 {
		return ""
	}
	lang, norm := t.lang(), t.input.norm
	if !e.texts.Mentions(lang, keywordCorrection, norm) && !e.texts.Mentions(lang, keywordItemCorrection, norm) && !e.texts.Mentions(lang, keywordReasonIs, norm) {
		return ""
	}
	return e.longestReason(t, norm, []string{"size", "changed_mind", reasonDefective, "not_as_described"})
}

// reasonNamed is the return reason the message names: a reason button's
// label typed by hand, or words of one of the reasons; "" if none.
func (e *Engine) reasonNamed(t *turn) string {
	norm := t.input.norm
	for _, r := range returnReasons {
		if norm == intents.Normalize(e.text(t, "return_reason_"+r, nil)) {
			return r
		}
	}
	if e.texts.Mentions(t.lang(), keywordPastTime, norm) && !e.texts.Mentions(t.lang(), keywordHappeningAgain, norm) {
		// "last time your earrings were faulty so I'm wary": what
		// happened once, not why this one goes back (the return became
		// a faulty item's, postage on the shop; round 51b).
		return ""
	}
	if phrase, at, ok := e.texts.findAt(t.lang(), keywordItemCorrection, norm); ok && at > 0 {
		// "it's too short, well actually no, it arrived torn": the
		// reason after the correction (the size was recorded).
		if r := e.longestReason(t, norm[min(len(norm), at+len(phrase)):], returnReasons); r != "" {
			return r
		}
	}
	return e.longestReason(t, norm, returnReasons)
}

// notThatSpan is how far before a reason's words a denial of them is
// looked for, in bytes of the normalised text.
const notThatSpan = 24

// longestReason is the reason among reasons whose words the normalised
// text holds, the longest phrase winning: "la couleur ne me va pas" is a
// change of mind, though "me va pas" alone says the size (it was
// recorded as the size).
func (e *Engine) longestReason(t *turn, norm string, reasons []string) string {
	best, length := "", 0
	for _, r := range reasons {
		if r == "other" {
			continue
		}
		phrase, at, ok := e.texts.findAt(t.lang(), "reason_"+r, norm)
		if !ok || len(phrase) <= length || e.texts.Mentions(t.lang(), keywordNotThat, norm[max(0, at-notThatSpan):at+len(phrase)]) {
			// (The reason's own words count: "not the size, it came with a
			// pulled thread", "pas une question de taille"; round 55b.)
			// ("it's not that I don't like it, they sent me the wrong
			// scarf": not a change of mind, which was recorded; round
			// 53c.)
			continue
		}
		best, length = r, len(phrase)
	}
	if best == "changed_mind" && slices.Contains(reasons, "not_as_described") && e.texts.Mentions(t.lang(), "reason_not_as_described", norm) {
		// "it's not what I expected, the colour is different from the
		// pictures": the photo's word says how, which a change of mind's
		// longer words only sum up (it was recorded as a change of mind,
		// its postage the customer's; round 101a).
		best = "not_as_described"
	}
	return best
}

// restatedReason is the reason a message typed at the return's summary
// names without a word of yes or no, or "".
func (e *Engine) restatedReason(t *turn) string {
	lang, norm := t.lang(), t.input.norm
	if t.input.payload != "" || t.input.text == "" ||
		e.saysWord(t, keywordYes) && !e.texts.Mentions(lang, keywordYesBut, norm) {
		return "" // "oui mais la raison c'est qu'elles sont cassées" restates it
	}
	r := e.reasonNamed(t)
	if r == "" || !e.texts.HasKeyword(lang, keywordNo, norm) {
		return r
	}
	if tk := t.d.Task; tk != nil && r != tk.Reason &&
		(e.texts.Mentions(lang, keywordItemCorrection, norm) || e.texts.Mentions(lang, keywordReasonIs, norm)) {
		// « ah non pardon, pas défectueux, c'est plutôt la taille qui va
		// pas », « non, le motif c'est la taille, pas défectueux »: the no
		// puts the reason right (the faulty item's summary came again,
		// twice; round 137a).
		return r
	}
	// A no, unless it is the reason's own ("they dont suit me", which
	// normalises to "do not suit": the return was dropped; round 102b).
	if phrase, at, ok := e.texts.findAt(lang, "reason_"+r, norm); ok && !e.texts.HasKeyword(lang, keywordNo, norm[:at]+norm[min(len(norm), at+len(phrase)):]) {
		return r
	}
	return ""
}

// describedReason is the reason a message that starts a return gives
// already ("ma bague est arrivée cassée, je veux la renvoyer"), or "".
func (e *Engine) describedReason(t *turn) string {
	// The words said at greatest length: "it doesn't fit, I don't want
	// it" is a size; "je voudrais la renvoyer car le foulard ne me plaît
	// pas" a change of mind (it was asked why).
	reasons := []string{reasonDefective, "wrong_item", "size", "not_as_described", "changed_mind"}
	if e.hasEntity(t, intents.EntityOrderNumber) || e.texts.Mentions(t.lang(), keywordOtherOrder, t.input.norm) {
		// "non pas celle-là, l'autre, OP-101401": not the order, not
		// the item received.
		reasons = slices.DeleteFunc(reasons, func(r string) bool { return r == "wrong_item" })
	}
	// (Not the exchange refused: "I'd like to return the ring for a
	// refund, I don't want an exchange" became a change of mind; round
	// 138a.)
	r := e.longestReason(t, e.without(t.lang(), keywordNoExchange, t.input.norm), reasons)
	if tk := t.d.Task; r == "wrong_item" && tk != nil && tk.Clause != "" && strings.Contains(t.input.norm, tk.Clause) {
		// A wrong item said in another clause of a message that asks for
		// the return too is that clause's request, not the return's
		// reason: "j'ai reçu le mauvais article et je veux aussi
		// retourner le foulard" (the scarf became the wrong item, and the
		// return was never started; round 66a).
		r = e.longestReason(t, tk.Clause, reasons)
	}
	if r == "wrong_item" && !e.saysWrongItem(t.lang(), t.input.norm) {
		// « j'avais commandé pour ma maman une gourmette et une bague … la
		// bague est trop petite »: a story of the order, and the size
		// (it became a wrong-item case; round 80b).
		r = e.longestReason(t, t.input.norm, slices.DeleteFunc(reasons, func(r string) bool { return r == "wrong_item" }))
	}
	return r
}

// offerWarranty answers a faulty item that can no longer be returned: it
// is still under the manufacturer's warranty until a date, which a person
// handles. It reports false when the warranty is over (or there is none).
func (e *Engine) offerWarranty(t *turn, o storage.Order) bool {
	until := policy.WarrantyUntil(e.policy, o)
	if until.IsZero() || t.now.After(until) {
		return false
	}
	said := t.d.Task.Said
	t.d.Task = nil
	data := e.orderData(t, o)
	data["Until"] = e.fmt.date(t.lang(), until, t.now)
	data["Years"] = e.policy.Warranty.Years
	id := "return_warranty"
	if e.describesWear(t, said) {
		// "the necklace has tarnished already": normal wear, which the
		// warranty leaves out; a person can still judge a defect.
		id = "return_warranty_wear"
	}
	e.say(t, id, data, e.button(t, "button_human", payloadHuman))
	return true
}

// describesWear reports whether the request or this message speaks of
// wear (tarnish, scratches) and of no breakage.
func (e *Engine) describesWear(t *turn, said string) bool {
	lang := t.lang()
	for _, text := range []string{said, t.input.text} {
		norm := intents.Normalize(text)
		if text != "" && e.texts.Mentions(lang, keywordWear, norm) && !e.texts.Mentions(lang, keywordBreakage, norm) {
			return true
		}
	}
	return false
}

// severalLeftUnsaid reports whether one of items has more than one left
// to send back and text does not say how many of it.
func severalLeftUnsaid(text string, items []storage.Item, returns []storage.Return) bool {
	for _, it := range items {
		left := it.Quantity - policy.Returned(returns, it.ID)
		if left > 1 && cmp.Or(quantitySaid(text, left), quantityBeforeName(text, it.Name)) == 0 {
			return true
		}
	}
	return false
}

// chooseQuantity settles how many of a chosen item go back when the
// customer bought several of it and may return only some ("one of the two
// rings"); it reports false when it asked.
func (e *Engine) chooseQuantity(t *turn, items []storage.Item, returns []storage.Return, data map[string]any) bool {
	tk := t.d.Task
	if len(items) > 1 && tk.Quantities == nil && t.input.payload == "" {
		// "one pair of the earrings and the scarf": how many of each,
		// said in the part naming it (both pairs went back).
		for _, text := range []string{t.input.text, tk.Said} {
			for _, part := range strings.Split(itemSeparators.Replace(strings.ToLower(text)), ",") {
				for _, it := range items {
					left := it.Quantity - policy.Returned(returns, it.ID)
					if left <= 1 {
						continue
					}
					if k, _ := intents.MatchItem(part, []string{it.Name}); k != 0 {
						continue
					}
					if q := cmp.Or(quantitySaid(part, left), quantityBeforeName(part, it.Name)); q > 0 {
						if tk.Quantities == nil {
							tk.Quantities = map[int64]int{}
						}
						tk.Quantities[it.ID] = min(q, left)
					}
				}
			}
		}
		return true
	}
	if len(items) != 1 || tk.Quantities != nil {
		return true
	}
	it := items[0]
	left := it.Quantity - policy.Returned(returns, it.ID)
	if left <= 1 {
		return true
	}
	n := 0
	switch {
	case tk.Step != stepQuantity && e.saysJustOne(t, tk.Said):
		// "je voudrais retourner une seule paire de boucles sur les
		// deux", "one of the two pairs": one, as said (it was asked,
		// and asked again).
		n = 1
	case tk.Step != stepQuantity && t.input.payload == "":
		// "les deux paires de boucles", "1 pair of earrings", "the 2 of
		// them": how many, said with the request (it was asked).
		for _, text := range []string{t.input.text, tk.Said} {
			norm := intents.Normalize(text)
			if phrase, at, ok := e.texts.findAt(t.lang(), keywordNumberCorrection, norm); ok && at > 0 {
				// "2 pairs of earrings, no actually just 1": the number
				// put right (two went back; round 51b).
				after := norm[at+len(phrase):]
				if q := cmp.Or(quantitySaid(after, left), quantityIn(after)); q > 0 {
					n = q
					break
				}
			}
			if q := cmp.Or(quantitySaid(text, left), quantityBeforeName(text, it.Name)); q > 0 {
				n = q
				break
			}
		}
	case tk.Step != stepQuantity:
	case strings.HasPrefix(t.input.payload, prefixQuantity):
		n, _ = strconv.Atoi(strings.TrimPrefix(t.input.payload, prefixQuantity))
	case e.texts.IsKeyword(t.lang(), keywordAll, t.input.norm):
		n = left
	default:
		n = e.quantityAnswer(t, left)
	}
	if n >= 1 {
		if n > left {
			// "return 3 pairs" of two: said, not put right silently.
			e.sayN(t, "return_quantity_capped", left, map[string]any{"Count": left, "Item": it.Name})
		}
		tk.Quantities = map[int64]int{it.ID: min(n, left)}
		t.input.free = false
		return true
	}
	tk.Step = stepQuantity
	bs := make([]Button, 0, min(left, 5))
	for q := 1; q <= left && q <= 5; q++ {
		bs = append(bs, Button{Label: strconv.Itoa(q), Payload: prefixQuantity + strconv.Itoa(q)})
	}
	data["Count"] = left
	e.say(t, "return_how_many", data, bs...)
	return false
}

// quantityAnswer reads how many go back in an answer to "how many?", of
// left that can: the number put right last ("2 pairs... no sorry, just
// 1", "deux... non une seule", "one, no, two": the first went back); none
// for two numbers left open ("1 or 2, not sure yet": one went back), a
// price, a date or more than can go back ("24.90", "30/11" were counted
// as all of them, and the next answer, to the reason, as a quantity).
func (e *Engine) quantityAnswer(t *turn, left int) int {
	if priceOrDate.MatchString(t.input.text) {
		return 0
	}
	said := quantitiesIn(t.input.norm)
	if len(said) == 0 {
		// "just one pair actually, I'll keep the other one": said with
		// the item (asked again, and the return dropped; round 68a).
		return quantitySaid(t.input.text, left)
	}
	n := said[len(said)-1]
	if len(said) > 1 && !e.texts.Mentions(t.lang(), keywordNumberCorrection, t.input.norm) {
		return 0 // two numbers left open ("1 or 2, not sure yet")
	}
	if n > left && quantityPhrase.FindString(t.input.text) == "" {
		return 0
	}
	return n
}

// priceOrDate is an amount or a date: "24.90", "24,90 €", "30/11".
var priceOrDate = regexp.MustCompile(`\d[.,]\d|\d\s*[/-]\s*\d|[€$£]`)

// quantityPhrase is a number of an item said with the item: "les deux
// paires", "1 pair", "both pairs", "the 2 of them", "mes 2 paires".
var quantityPhrase = regexp.MustCompile(`(?i)\b(\d{1,2}|one|two|three|four|un|une|deux|trois|quatre|both|les deux)\s+(?:paires?|pairs?|of them|exemplaires?|copies|d'entre (?:elles|eux))\b|\bthe\s+(\d|two|three|four)\s+of them\b`)

// oneOfSeveral is a number of items out of a larger one: "1 des 2
// paires", "one of the two pairs", "one of the earrings" (its "2 pairs"
// after, "i got 2 pairs and only need one", returned both; round 71b).
var oneOfSeveral = regexp.MustCompile(`(?i)\b(\d{1,2}|one|two|un|une|deux)\s+(?:des|sur les|parmi les|of the|out of the|of my|de mes)\s+(?:\d{1,2}\b|two\b|three\b|deux\b|trois\b|\pL)`)

// quantitySaid returns how many of an item, of left that can go back, a
// request says with it; 0 when it says none.
func quantitySaid(text string, left int) int {
	if m := oneOfSeveral.FindStringSubmatch(text); m != nil {
		// "1 des 2 paires", "one of the two pairs": the first number.
		if n, err := strconv.Atoi(m[1]); err == nil {
			return n
		}
		return quantityWords[intents.Normalize(m[1])]
	}
	m := quantityPhrase.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	w := strings.ToLower(cmp.Or(m[1], m[2]))
	if w == "both" || w == "les deux" {
		return left
	}
	if n, err := strconv.Atoi(w); err == nil {
		return n
	}
	return quantityWords[intents.Normalize(w)]
}

// quantityBeforeName returns a number said right before the item's name
// ("2 boucles d'oreilles Lune", "1 x moon earrings"), or 0.
func quantityBeforeName(text, name string) int {
	words := strings.Fields(intents.Normalize(text))
	first := strings.Fields(intents.Normalize(name))
	if len(first) == 0 {
		return 0
	}
	for i := 0; i+1 < len(words); i++ {
		n, err := strconv.Atoi(words[i])
		if err != nil || n < 1 || n > 20 {
			continue
		}
		next := words[i+1]
		if (next == "x" || next == "×") && i+2 < len(words) {
			next = words[i+2]
		}
		if next == first[0] {
			return n
		}
		// The name in other words, or the other language's: "2 boucles
		// d'oreilles Lune" for "Moon earrings" (it asked how many, again
		// and again).
		j := i + 1
		if words[j] == "x" || words[j] == "×" {
			j++
		}
		if window := words[j:min(len(words), j+4)]; len(window) > 0 {
			if k, _ := intents.MatchItem(strings.Join(window, " "), []string{name}); k == 0 {
				return n
			}
		}
	}
	return 0
}

// saysJustOne reports whether the request, in this message or in said,
// where it began, returns one of several of an item.
func (e *Engine) saysJustOne(t *turn, said string) bool {
	return t.input.payload == "" && e.requestMentions(t, said, keywordJustOne)
}

// maxQuantity is more of an item than any order holds: all of them,
// capped to what can go back.
const maxQuantity = 1 << 20

// quantityPutRight returns how many of the item going back the message
// says, when it puts the number right ("wait no, only one of them", "pas
// les deux"); 0 when it says none.
func (e *Engine) quantityPutRight(t *turn) int {
	if parts := sentences(t.input.text); len(parts) > 1 && e.texts.Mentions(t.lang(), keywordCorrection, t.input.norm) {
		// "send back both pairs? no wait, my mum wants hers. just one":
		// the last sentence that says how many (both went back; round
		// 99a).
		said := t.input
		defer func() { t.input = said }()
		for i := len(parts) - 1; i >= 0; i-- {
			t.input = input{text: parts[i], norm: intents.Normalize(parts[i]), payload: said.payload}
			if n := e.quantityPutRightIn(t); n > 0 {
				return n
			}
		}
		return 0
	}
	return e.quantityPutRightIn(t)
}

// quantityPutRightIn is quantityPutRight for the message as a whole.
func (e *Engine) quantityPutRightIn(t *turn) int {
	lang, norm := t.lang(), t.input.norm
	if m := noThenNumber.FindStringSubmatch(t.input.text); m != nil {
		// "no wait, 2" after "1": how many, put right (it became the
		// reason; round 49b).
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n <= maxQuantity {
			return n
		}
	}
	if e.texts.Mentions(lang, keywordNotBoth, norm) ||
		e.texts.Mentions(lang, keywordOneOnly, norm) && !e.texts.Mentions(lang, keywordBothItems, norm) && e.reasonNamed(t) == "" {
		// (Or "sorry, one only, I'm keeping the other pair for my
		// sister" at the reason: it became the reason, of both; round
		// 115b, a near miss.)
		return 1
	}
	if e.texts.Mentions(lang, keywordQuantityAll, norm) {
		// "actually both pairs please" after one: all of them (the
		// summary of one was shown again, and one went back).
		return maxQuantity
	}
	if n := e.bareQuantity(t); n > 0 {
		return n
	}
	if !e.texts.Mentions(lang, keywordQuantityOnly, norm) {
		return 0
	}
	// (Said with the item, in a longer message: "just one pair
	// actually, I'll keep the other" was not understood.)
	return cmp.Or(quantityIn(norm), quantitySaid(t.input.text, maxQuantity))
}

// bareQuantity returns the one number of a message made of it and words
// that put it right or agree ("yes, 2 pairs please", "yes x2", "make it
// 2", "actually 2 not 1"), or 0. (At a summary of one pair, "yes, 2
// pairs" returned one; at the reason's question, "actually 2 not 1"
// became the reason.) A number alone is none: at the reason's question
// it picks a reason.
func (e *Engine) bareQuantity(t *turn) int {
	text := numberRefused.ReplaceAllString(t.input.text, " ")
	if priceOrDate.MatchString(text) {
		return 0
	}
	n := 0
	for _, m := range numberSaid.FindAllStringSubmatch(text, -1) {
		q, err := strconv.Atoi(m[1])
		if err != nil || q <= 0 || n != 0 && q != n {
			return 0
		}
		n = q
	}
	rest := intents.Normalize(numberSaid.ReplaceAllString(text, " "))
	if n == 0 || rest == "" || !e.texts.MadeOf(t.lang(), rest, keywordNumberCorrection, keywordYes, keywordAck, keywordPolite, keywordFiller) {
		return 0
	}
	return n
}

// numberSaid is a number of items with its unit, if any: "2", "x2", "2
// pairs", "deux paires" is not (words are read by quantityIn).
var numberSaid = regexp.MustCompile(`(?i)(?:\bx\s*|\b)(\d{1,2})\b(?:\s*x\b|\s+(?:pairs?|paires?|pieces?|pièces?|of them))?`)

// numberRefused is a number said not to be the one: "not 1", "pas 1",
// "instead of 1", "au lieu de 1".
var numberRefused = regexp.MustCompile(`(?i)\b(?:not|pas|instead of|au lieu de)\s+\d{1,2}\b`)

// noThenNumber is a no, perhaps a pause, then a number and nothing else.
var noThenNumber = regexp.MustCompile(`(?i)^\s*(?:no|nope|non|nan)\b[\s,.!]*(?:(?:wait|sorry|actually|attendez|pardon|en fait)\b[\s,.!]*)?(\d{1,2})\s*[.!]*\s*$`)

// quantityNames names the chosen items with how many go back when the
// order holds several of one: "2 × Bague" (the name alone hid that two
// went back).
func (e *Engine) quantityNames(t *turn, items []storage.Item, quantities map[int64]int, returns []storage.Return) string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Name
		if it.Quantity <= 1 {
			continue
		}
		n := it.Quantity - policy.Returned(returns, it.ID)
		if q, ok := quantities[it.ID]; ok {
			n = min(n, q)
		}
		names[i] = e.text(t, "item_quantity", map[string]any{"Count": n, "Item": it.Name})
	}
	return strings.Join(names, ", ")
}

// answersAboutReturn answers a question about the return in hand asked at
// its reason or its summary ("how much will I get back?", "why do you
// need to know the reason?"), then asks the question again. It reports
// whether the message was one.
func (e *Engine) answersAboutReturn(t *turn, o storage.Order, items []storage.Item, returns []storage.Return, data map[string]any) bool {
	tk := t.d.Task
	switch {
	case e.texts.Mentions(t.lang(), keywordRefundAmountAsked, t.input.norm):
		var cents int64
		for _, it := range items {
			n := it.Quantity - policy.Returned(returns, it.ID)
			if q, ok := tk.Quantities[it.ID]; ok {
				n = min(n, q)
			}
			cents += int64(n) * it.UnitPriceCents
		}
		e.say(t, "return_refund_amount", map[string]any{"Amount": e.fmt.money(t.lang(), cents, o.Currency), "Item": data["Item"]})
	case e.texts.Mentions(t.lang(), keywordReasonWhyAsked, t.input.norm):
		e.say(t, "return_reason_why", nil)
	default:
		return false
	}
	t.input = input{}
	if tk.Step == stepConfirm {
		e.confirmReturn(t, data)
	} else {
		e.askReturnReason(t, data)
	}
	return true
}

// clauseOpeners are the words of no, apology or hesitation that open a
// normalised clause before what it says of an item.
var clauseOpeners = regexp.MustCompile(`^(?:(?:non|no|nope|nan|en fait|actually|ah|oh|wait|attendez|attends|euh|hmm|sorry|pardon|desole|desolee|finalement|well)\s+)+`)

// itemsLeftIn returns the items of ids that stay in a return when the
// message keeps or sets aside some of them, in a clause of its own ("keep
// the scarf out of it", "laissez tomber le foulard"); nil when it sets
// aside none, or all.
func (e *Engine) itemsLeftIn(t *turn, o storage.Order, ids []int64) []int64 {
	if len(ids) < 2 {
		return nil
	}
	lang := t.lang()
	var out []int64
	for _, c := range clauseBreaks.Split(t.input.text, -1) {
		norm := intents.Normalize(c)
		// (After a no and a filler too: « non en fait pas l'écharpe,
		// seulement les boucles d'oreilles » kept the scarf; round 127a.)
		norm = strings.TrimPrefix(clauseOpeners.ReplaceAllString(norm, ""), " ")
		// (Or a clause that opens on a negation, as the one after "mais"
		// does: "oui mais pas le foulard" returned both.)
		// "hmm maybe not the scarf" too (the scarf stayed in, or the
		// return went to the scarf alone; round 63a).
		negated := strings.HasPrefix(norm, "pas ") || strings.HasPrefix(norm, "sans ") || strings.HasPrefix(norm, "not ") || strings.HasPrefix(norm, "without ") ||
			e.setsItemAside(lang, c)
		names := make([]string, 0, len(ids))
		items := selected(o.Items, ids)
		for _, it := range items {
			names = append(names, it.Name)
		}
		if _, at, ok := e.texts.findAt(lang, keywordNotThisItem, norm); ok && at > 0 && !negated {
			// "c juste la bague que je veux rendre pas la barrette": the
			// item after "pas la" set aside, the one before kept (both
			// were summed up again; round 77b).
			before, after := norm[:at], norm[at:]
			if k, _ := intents.MatchItem(after, names); k >= 0 {
				if j, _ := intents.MatchItem(before, names); j >= 0 && j != k {
					out = append(out, items[k].ID)
					continue
				}
			}
		}
		if norm == "" || !negated && !e.texts.Mentions(lang, keywordKeepWords, norm) && !e.texts.Mentions(lang, keywordItemDropped, norm) {
			continue
		}
		if k, _ := intents.MatchItem(c, names); k >= 0 {
			out = append(out, items[k].ID)
		}
	}
	if len(out) == 0 || len(out) >= len(ids) {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return slices.Contains(out, id) })
}

// disputesRefusal reports whether, asked which item goes back after the
// item the request named was refused, the customer disputes the refusal
// and names no item.
func (e *Engine) disputesRefusal(t *turn, o storage.Order, refused []refusal) bool {
	tk := t.d.Task
	if tk == nil || tk.Intent != intents.StartReturn || tk.Step != stepItem || t.input.payload != "" || tk.Said == "" ||
		!e.texts.Mentions(t.lang(), keywordPushback, t.input.norm) || len(e.pickItemsIn(t, t.input.text, t.input.norm, o.Items)) > 0 {
		return false
	}
	for _, it := range e.pickItemsIn(t, tk.Said, intents.Normalize(tk.Said), o.Items) {
		for _, r := range refused {
			if r.item.ID == it.ID {
				return true
			}
		}
	}
	return false
}

// disputesReturnRefusal is disputesRefusal for the return in progress,
// before its flow reads the message.
func (e *Engine) disputesReturnRefusal(t *turn) bool {
	tk := t.d.Task
	if tk == nil || tk.Intent != intents.StartReturn || tk.Step != stepItem || t.input.payload != "" ||
		!e.texts.Mentions(t.lang(), keywordPushback, t.input.norm) {
		return false
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		return false
	}
	_, refused := e.returnable(t, o, returns)
	return e.disputesRefusal(t, o, refused)
}

// returnAskedOfOther reports whether the message asks, in its own words
// of returning, for an item refused rather than item: "J'ai une bague et un
// bracelet gravé…, je voudrais retourner le bracelet" asks for the
// bracelet only (the ring's return was summed up and made on "oui";
// round 105a).
func (e *Engine) returnAskedOfOther(t *turn, item storage.Item, refused []refusal) bool {
	if len(refused) == 0 {
		return false
	}
	text := t.input.text
	if tk := t.d.Task; tk != nil && tk.Said != "" && tk.Said != text {
		text += ". " + tk.Said // (and the request it answers: "il ne me plait pas" next)
	}
	for _, c := range clauseBreaks.Split(text, -1) {
		norm := intents.Normalize(c)
		if !e.namesReturnVerb(t.lang(), norm) {
			continue
		}
		if i, _ := intents.MatchItem(c, []string{item.Name}); i >= 0 {
			return false
		}
		for _, r := range refused {
			if i, _ := intents.MatchItem(c, []string{r.item.Name}); i >= 0 {
				return true
			}
		}
	}
	return false
}

// namesKindNotIn reports whether the message or the request it answers
// names a kind of item (a necklace, a ring) that none of the order's
// items is.
func (e *Engine) namesKindNotIn(t *turn, o storage.Order) bool {
	for _, text := range []string{t.input.text, t.d.Task.Said} {
		norm := intents.Normalize(text)
		if text != "" && e.texts.Mentions(t.lang(), keywordProductKind, norm) && len(e.pickItemsIn(t, text, norm, o.Items)) == 0 {
			return true
		}
	}
	return false
}

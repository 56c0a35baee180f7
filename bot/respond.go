package bot

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"supportbot/intents"
	"supportbot/storage"
)

// refusedBy maps the actions a customer may name only to refuse them to
// the words of that refusal (cancellation has its own rule below).
var refusedBy = map[string]string{
	intents.HumanAgent:  keywordNoHuman,
	intents.StartReturn: keywordNoReturn,
	intents.Exchange:    keywordNoExchange,
}

// faqNarrowed are, for a FAQ entry, the entries that a short question
// right after its answer reads as but means about it: the shops' opening
// days asked after the shops are the shops' hours, not the team's.
var faqNarrowed = map[string][]string{
	"store_locator": {"opening_hours", "contact_phone_when"},
}

// faqAfter are the entries that answer, right after an entry (the map's
// key), a question read as another one: "and if I don't like it after,
// can I return it?" after personalisation is whether a personalised item
// can go back, not the 30 days of any return (which contradicted the
// answer just given; round 84a).
var faqAfter = map[string]map[string]string{
	"engraving": {
		"return_window": "return_non_returnable", "return_conditions": "return_non_returnable",
		"exchange_policy": "return_non_returnable", "return_how_to": "return_non_returnable",
	},
	// "how do I claim it once I've got enough?" after the rewards' tiers:
	// how a reward is had, not the customer's cases (round 96b).
	"loyalty_rewards": {intents.ClaimStatus: "loyalty_reward_notification", "warranty_claim": "loyalty_reward_notification"},
}

// readingKey names what a message was read as, for faqAfter: its FAQ
// entry, or its intent; a message rejected, by its first reading.
func readingKey(u Understanding) string {
	if u.Intent == intents.OOS {
		r := firstReading(u)
		return cmp.Or(r.FAQID, r.Intent)
	}
	return cmp.Or(u.FAQID, u.Intent)
}

// cancelPolicyEntry is the FAQ entry on the cancellation rules, the answer
// to a question about cancelling that names no order.
const cancelPolicyEntry = "cancel_order_policy"

// orderModifyEntry is the FAQ entry on changing an order's items.
const orderModifyEntry = "order_modify"

// readyForPickupEntry is the FAQ entry on collecting a parcel at a pickup
// point.
const readyForPickupEntry = "status_ready_for_pickup"

// giftReceivedEntry is the FAQ entry on returning a present received.
const giftReceivedEntry = "gift_received_return"

// refundTimingEntry is the FAQ entry on when a refund arrives.
const refundTimingEntry = "refund_timing"

// parcelLateEntry is the FAQ entry on a parcel later than announced.
const parcelLateEntry = "parcel_late"

// exchangePolicyEntry is the FAQ entry on the exchange rules.
const exchangePolicyEntry = "exchange_policy"

// interruptConfidence is how sure the classifier must be before a message
// typed while the bot waits for a free-text answer (a reason, a
// description) counts as a new question instead.
const interruptConfidence = 0.7

// startsAfterFillers reports whether norm begins with a phrase of a
// keyword list once a word or two of filler, thanks or ok are set aside
// ("ok, back to my return"; not "I'll send it back to you").
func (e *Engine) startsAfterFillers(lang, list, norm string) bool {
	words := strings.Fields(norm)
	i := 0
	for i < len(words) && i < 2 && (e.texts.IsKeyword(lang, keywordFiller, words[i]) || e.texts.IsKeyword(lang, keywordAck, words[i]) ||
		e.texts.IsKeyword(lang, keywordPolite, words[i]) || e.texts.IsKeyword(lang, keywordYes, words[i])) {
		i++
	}
	return e.texts.StartsWith(lang, list, strings.Join(words[i:], " "))
}

// maxBackToWords is the longest message that only goes back to the
// request put aside.
const maxBackToWords = 7

// switchConfidence is how sure the classifier must be of another flow,
// said instead of the details a flow asked for, for it to replace that
// flow.
const switchConfidence = 0.9

// respond decides what to do with a message while the bot has the
// conversation, by the dialogue rules of doc.go: leave the flow in
// progress, go on with it, answer an interruption and come back to it,
// switch to another flow, or start something new; then the other requests
// of the same message, in order.
func (e *Engine) respond(t *turn) {
	d := &t.d
	offeredBefore := d.Offered // (what an answer of this turn offers is not it)
	declined := d.Declined
	d.Declined = nil
	t.redo, d.Redo = d.Redo, nil
	e.noteForOther(t)
	if t.input.payload == "" && e.namesSomeone(t.lang(), t.input.norm) {
		defer func() { t.d.NamedSomeone = true }() // (this message reads its own words)
	}
	if tk := t.d.Task; (tk == nil || (tk.Intent == intents.StartReturn || tk.Intent == intents.Exchange) && tk.Step != stepConfirm) && t.input.payload == "" &&
		e.texts.Mentions(t.lang(), keywordEngravingWrong, t.input.norm) {
		// "the engraving is WRONG, it says Lea instead of Léa", « le
		// prénom est mal gravé »: the shop's mistake, put right at its
		// cost, not a return of an engraved item refused (the refusal
		// came twice, and the protest stopped the return; rounds 116b,
		// 119b).
		order := ""
		if tk != nil {
			order = tk.Order
		}
		t.d.Task = nil
		t.u.Intent, t.u.FAQID, t.u.Alternatives, t.u.More = intents.WrongItem, "", nil, nil
		if o, ok := e.customerOrder(t, cmp.Or(order, t.d.Order)); ok && t.conv.CustomerID != 0 {
			// The personalised item is the one meant, whatever else the
			// message names ("no i dont want to return the ring. the
			// engraving is WRONG": the ring's case was summed up).
			var ids []int64
			for _, it := range o.Items {
				if it.Personalized {
					ids = append(ids, it.ID)
				}
			}
			if len(ids) == 1 {
				t.d.Task = &task{Intent: intents.WrongItem, Order: o.Number, ItemIDs: ids, Step: stepReceived}
				t.input.free = true
			}
		}
	}
	if dc := declined; d.Task == nil && dc != nil && dc.Intent == intents.MissingParcel && dc.Step == stepChecks && t.input.payload == "" &&
		e.saysNotFound(t) {
		// "what? no, I did NOT find it. nothing at the neighbours
		// either" right after "glad you found it!": the bare "no" put
		// right, the parcel still missing (nothing was opened; round
		// 118b).
		resumed := *dc
		d.Task = &resumed
		e.runTask(t)
		return
	}
	t.othersOrder, d.OthersOrder = d.OthersOrder, ""
	if tk := t.d.Task; tk != nil && (tk.Intent == intents.WrongItem || tk.Intent == intents.MissingParcel) && tk.Step != stepConfirm &&
		t.input.payload == "" && e.texts.Mentions(t.lang(), keywordAlreadyReported, intents.Normalize(t.in.Text)) {
		// (The whole message: its "no …" opening may have been taken off
		// as an answer to the question before.)
		// "no I already reported it, I just want to know where it's at"
		// in a new report: the cases open, not another report (it asked
		// which item again, and a duplicate was one yes away; round
		// 113a, a near miss).
		t.u.Intent, t.u.FAQID, t.u.Alternatives, t.u.More = intents.ClaimStatus, "", nil, nil
		t.u.Confidence = max(t.u.Confidence, interruptConfidence)
		t.d.Task = nil // (nor asked again after them)
	}
	if tk := d.Task; tk != nil && tk.Intent == intents.StartReturn && tk.Step == stepItem && t.input.payload == "" &&
		e.texts.StartsWith(t.lang(), keywordWhy, t.input.norm) &&
		t.u.Intent != intents.StartReturn && !(e.isFlow(t.u.Intent) && t.u.Confidence >= sureClause) && len(t.input.entities) == 0 {
		// « Pourquoi ? Il n'a jamais été porté ! » at "which item?" after
		// a refusal: why, about the return (read unsure as a parcel
		// missing, whose claim began; round 114a, a near miss).
		t.u.Intent, t.u.FAQID, t.u.Alternatives, t.u.More = intents.OOS, "", nil, nil
	}
	if tk := d.Task; tk != nil && (tk.Intent == intents.Exchange || tk.Intent == intents.StartReturn) && t.input.payload == "" &&
		t.u.Intent == intents.WrongItem && strings.Contains(t.input.text, "?") && !e.texts.Mentions(t.lang(), "reason_wrong_item", t.input.norm) &&
		!e.texts.Mentions(t.lang(), keywordInsteadOf, t.input.norm) {
		// "which one? there were two things in that parcel, the ring and
		// the pendant" at an exchange's question: which item, asked, not
		// a wrong item (a case was filed for both, as sent by mistake;
		// round 115b, a wrong action).
		t.u.Intent, t.u.FAQID, t.u.Alternatives, t.u.More = tk.Intent, "", nil, nil
		if tk.Step == stepText && tk.Intent == intents.Exchange {
			tk.ItemIDs, tk.Step = nil, stepItem
		}
	}
	if d.Task == nil && t.input.payload == "" && e.writesForOther(t) &&
		e.hasEntity(t, intents.EntityEmail, intents.EntityOrderNumber, intents.EntityLoyaltyCard) {
		// The holder's details, given by someone already refused as
		// writing for them ("The email is henry.clarke@…" after "I'm his
		// secretary"): the refusal again, whatever the words around them
		// read as (once the refusal came at once, they got "noted your
		// e-mail" or "which do you mean?"; round 113a).
		d.Fallbacks = 0
		e.refuseForOther(t)
		return
	}
	if t.input.payload == "" && e.asksRefundElsewhere(t) {
		// "can you refund it to my PayPal instead? it's …@gmail.com",
		// "remboursez sur le compte de mon mari, IBAN FR76…": refunds go
		// back to the payment method used; a person if it no longer
		// works (the e-mail read as another account's, or nothing was
		// understood; round 69b). The question in hand, if any, again.
		d.Fallbacks = 0
		if d.Task == nil && actionFlows[t.u.Intent] {
			// "cancel my order and refund me to paypal": where the refund
			// goes, then the request (the cancellation was dropped).
			e.say(t, "refund_elsewhere", nil)
		} else {
			e.say(t, "refund_elsewhere", nil, e.button(t, "button_human", payloadHuman))
			if d.Task != nil {
				t.input = input{}
				e.runTask(t)
			}
			return
		}
	}
	if t.withdrawAsked != "" && d.Last != nil {
		d.Fallbacks = 0
		e.say(t, "withdraw_not_yet", nil)
		e.askWithdraw(t, *d.Last)
		return
	}
	if t.withdrawMeans != "" && d.Last != nil {
		d.Fallbacks = 0
		id := "withdraw_means_request"
		if d.Last.Kind == didReturn {
			id = "withdraw_means_return"
		}
		e.say(t, id, nil)
		e.askWithdraw(t, *d.Last)
		return
	}
	if joined, ok := e.addressPieceGiven(t); ok {
		// "75002", "à Villeurbanne", "Belgique" after a street: the next
		// piece of the new address, not an order number or a goodbye.
		d.Fallbacks = 0
		d.Task.Step, d.Task.Note = stepText, ""
		t.input.text, t.input.norm = joined, intents.Normalize(joined)
		t.input.entities, t.u.Entities = nil, nil
		t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Alternatives, t.u.More = intents.DeliveryAddress, "", 1, nil, nil
		t.input.free = true
		e.runTask(t)
		return
	}
	if e.asksOthersAccount(t) {
		// "My wife Camille also shops with you, camille.durand@…, how
		// many has she got?": another person's account, which only they
		// may ask about (the customer's own details came, and what
		// followed went to the team as a correction; round 78b).
		d.Fallbacks = 0
		c, err := e.customer(t)
		if err != nil {
			e.fail(t, "customer", err)
			return
		}
		e.say(t, "identity_other_account", map[string]any{"Name": c.Name})
		if n, ok := e.entity(t, intents.EntityOrderNumber); ok {
			// "yes cancel it" next is about that order, never one of the
			// customer's own in its place (theirs was offered, and
			// cancelled on "yes"; round 87a).
			d.OthersOrder = n
		}
		if d.Task != nil && d.Task.Intent == intents.AccountDetails {
			d.Task = nil // not the own details shown again
		}
		if d.Task != nil {
			t.input = input{}
			e.runTask(t)
		}
		return
	}
	if e.asksIfContacted(t) {
		// "will someone email me about it?": who writes back, not a
		// person asked for (a hand-off was opened; round 76).
		e.answerContacted(t)
		return
	}
	if declined != nil && d.Task == nil && t.input.payload == "" &&
		(e.yesNo(t) > 0 && e.texts.Mentions(t.lang(), keywordYesAfterAll, t.input.norm) ||
			e.texts.MadeOf(t.lang(), t.input.norm, keywordYesAgain, keywordWait, keywordFiller, keywordPolite) && e.texts.Mentions(t.lang(), keywordYesAgain, t.input.norm) ||
			declined.Intent == intents.CancelOrder && e.cancelsAgain(t)) {
		// (Or « bon tant pis, annulez » once the cancellation was set
		// aside for a question: "nothing to stop" came; round 101a.)
		// (Or "hmm actually yes", whose "hmm" hesitates: the menu came.)
		// "non attendez", then "ok en fait oui": the action declined,
		// asked for again, and confirmed again (it got the menu).
		d.Fallbacks = 0
		d.Task = &task{Intent: declined.Intent, Order: declined.Order}
		if declined.Step == stepConfirm {
			// Its summary again, to confirm ("actually yes, please create
			// the return" got the menu).
			d.Task = declined
			t.input = input{}
		}
		t.u.Intent = declined.Intent
		e.runTask(t)
		return
	}
	if declined != nil && declined.Intent == intents.Exchange && len(declined.ItemIDs) == 0 && d.Task == nil && t.input.payload == "" &&
		(t.u.Intent == intents.Exchange || t.u.Intent == intents.FAQ || t.u.Intent == intents.OOS) && e.namesItemOfOrder(t, declined.Order) &&
		(e.wishIn(t.lang(), t.input.text) != "" || sizeGiven.MatchString(t.input.text) || e.texts.Mentions(t.lang(), keywordExchangeWords, t.input.norm)) {
		// "ah dommage. et la bague alors, en taille 56" once the pendant
		// could not be exchanged: the ring's exchange (it got the size
		// guide).
		d.Fallbacks = 0
		t.u.Intent = intents.Exchange
		// ("size 54" alone is the wish here: the size of the item asked
		// for instead.)
		d.Task = &task{Intent: intents.Exchange, Order: declined.Order, Said: t.input.text, Wish: sizeGiven.FindString(t.input.text)}
		e.runTask(t)
		return
	}
	if declined != nil && declined.Intent == intents.Exchange && len(declined.ItemIDs) > 0 && d.Task == nil && t.input.payload == "" &&
		t.u.Intent == intents.StartReturn && !e.namesItemOfOrder(t, declined.Order) {
		// "ok then just return it" once the scarf's exchange was
		// declined: the scarf's return (it asked which item, again and
		// again).
		d.Fallbacks = 0
		d.Task = &task{Intent: intents.StartReturn, Order: declined.Order, ItemIDs: declined.ItemIDs, Said: t.input.text}
		e.runTask(t)
		return
	}
	if d.Task == nil && t.input.payload == "" && e.startsOnOtherItem(t) {
		return
	}
	if tk := d.Task; tk != nil && tk.Step == stepConfirm && complaintFlows[tk.Intent] && (e.namesTaskItemAgain(t) ||
		tk.Intent == intents.WrongItem && tk.Missing && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordNothingInstead, t.input.norm)) {
		// (Or "non il n'y avait rien à la place, juste le bracelet dans le
		// colis" at a missing item's summary: the item missing, said
		// again; it was read as a parcel never received, whose claim a
		// yes then opened; round 98a.)
		// "la bague pas le pendentif" at the ring's return summary: that
		// item, said again; the question again (read as the ring missing
		// from the parcel, whose case a yes then opened; round 94b).
		d.Fallbacks = 0
		if o, ok := e.customerOrder(t, tk.Order); ok {
			e.say(t, "item_said_again", map[string]any{"Item": itemNames(selected(o.Items, tk.ItemIDs))})
		}
		t.input = input{}
		e.runTask(t)
		return
	}
	if tk := d.Task; tk != nil && tk.Step == stepConfirm && actionFlows[tk.Intent] && t.input.payload == "" &&
		!(tk.Intent == intents.WrongItem && e.wantsRefundInstead(t)) && !e.texts.Mentions(t.lang(), "side_credit", t.input.norm) &&
		!(e.saysWord(t, keywordYes) && (e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm)) || e.texts.Mentions(t.lang(), keywordYesBut, t.input.norm))) &&
		!(tk.Intent == intents.Exchange && leadingYes.MatchString(t.input.text) && e.texts.addressIn(t.input.text) != "") {
		// (Nor "Yes please, but could the new pair be sent to my office,
		// 5 Rue de la Paix 75002 Paris, rather than home?": the exchange,
		// and where the new pair goes; it was dropped; round 132a.)
		// (Nor "yes, but only if you have it in stock - otherwise I'd
		// rather have a refund" at an exchange's summary: a yes on a
		// condition, whose other way is only if not; the exchange was
		// put aside and a return begun; round 128a, a near miss.)
		// (Nor « non, je préférerais un avoir plutôt qu'un remboursement,
		// c'est possible ? » at a return's summary: how the refund comes,
		// asked; the return was dropped; round 126a.)
		// (Not "Sure, but I'd rather have a refund than the exchange" at
		// a wrong item's summary: the report, with the money back; it was
		// dropped, and a return of the item never received began; round
		// 118b.)
		if other, ok := e.declinesInstead(t, tk.Intent); ok {
			// "can I just change the delivery address instead of
			// cancelling?", "plutôt que d'annuler je préfère la garder",
			// "ok, no need then": the action turned down, and the other
			// way taken (the question came again, and the next "yes"
			// cancelled).
			d.Fallbacks = 0
			said := t.input
			t.input = input{payload: payloadNo}
			e.runTask(t)
			t.input = said
			asked := false
			if other == "" && d.Task == nil {
				if q, ok := e.questionAfter(t); ok {
					// "je vais plutôt la garder. par contre elle part
					// quand ?": kept, then the question (it was lost;
					// round 90b).
					t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Alternatives, t.u.More = q.Intent, q.FAQID, q.Confidence, nil, nil
					asked = true
				}
			}
			if other != "" && d.Task == nil {
				t.u.Intent = other
				d.Task = e.newTask(t, other)
				// The same order, and for an exchange in place of a
				// return the same items ("non attendez, je préfère
				// l'échanger contre un plus long" asked which item).
				d.Task.Order = tk.Order
				if complaintFlows[other] && complaintFlows[tk.Intent] {
					d.Task.ItemIDs = tk.ItemIDs
				}
				e.runTask(t)
			}
			if !asked {
				return
			}
		}
	}
	if id := e.whyRefused(t); id != "" {
		// "Why can't the bracelet go back?" in the middle of a return
		// that said it can't: why, then the question again ("I can't
		// answer that question here"; round 94a).
		d.Fallbacks = 0
		e.say(t, id, nil)
		t.input = input{}
		e.runTask(t)
		return
	}
	if id, at := e.sideAnswer(t); id != "" {
		// "is there a fee for cancelling?" at the cancellation's
		// summary, "what if the one I want costs more?" at an
		// exchange's wish: the answer, then the question again (the
		// general answer that asks for the order again, or an entry
		// beside the point; round 51c). With a yes before a question
		// that cannot change it, the yes goes on (round 74).
		d.Fallbacks = 0
		yes := e.yesBeforeSide(t, id, at)
		e.say(t, id, map[string]any{"Days": e.policy.Refunds.Days})
		t.input = input{}
		if yes {
			t.input = input{payload: payloadYes}
		}
		e.runTask(t)
		return
	}
	if e.tellsCancelDeadline(t) {
		return
	}
	if e.asksClarification(t) {
		// "what do you mean?", "describe what?", "quelles vérifications
		// ?" at a question: what it asks, and the question again (they
		// got an FAQ answer, "I didn't understand that answer", or became
		// a return's reason; round 50c).
		d.Fallbacks = 0
		e.say(t, e.clarification(t, *d.Task), nil)
		t.input = input{}
		e.runTask(t)
		return
	}
	if tk := d.Task; tk != nil && (tk.Step == stepConfirm || tk.Step == stepChecks) && t.input.payload == "" && e.refusesAndAsks(t, tk) {
		// "no I'll keep it. when will it ship?", "I found it. how many
		// points do I have?": the no first, then the question (the
		// question was answered, the confirmation asked again, and the
		// polite "yes thanks" that followed cancelled, or opened a claim
		// for a parcel found: 13 wrong actions, round 44b).
		said := t.input
		t.input = input{payload: payloadNo}
		e.runTask(t)
		t.input = said
		if d.Task != nil {
			return
		}
		d.Fallbacks = 0
	}
	taskBefore := d.Task
	angryOffer := func() bool {
		// (Not when the action in hand was just turned down, loudly: "NO
		// DON'T CANCEL IT!!!" kept the order, and the "yes" to the person
		// offered after it opened a hand-off; round 50b.)
		return t.u.Angry && t.conv.Handoff == "" && t.u.Intent != intents.HumanAgent && d.Case == "" && (d.Offered == nil || d.Offered == offeredBefore) &&
			(d.Task == nil || !buttonSteps[d.Task.Step]) && !e.bareAnswer(t) &&
			!(taskBefore != nil && taskBefore.Step == stepConfirm && d.Task == nil && e.saysNo(t))
	}
	if t.shown != "" {
		d.Fallbacks = 0
		e.sayShown(t)
		return
	}
	if t.askPerson {
		d.Fallbacks = 0
		e.say(t, "person_ask", nil, e.button(t, "button_human", payloadHuman), e.button(t, "button_no", payloadNo))
		return
	}
	if e.stops(t) {
		if tk := d.Task; tk != nil && tk.Intent == intents.CancelOrder && tk.Step == stepConfirm {
			// "laisse tomber" at "do you confirm the cancellation?": the
			// order is kept, in so many words.
			d.forget()
			d.Declined = &task{Intent: intents.CancelOrder, Order: tk.Order}
			d.Fallbacks = 0
			e.say(t, "cancel_kept", map[string]any{"Number": tk.Order})
			return
		}
		id, data := "flow_stopped", map[string]any(nil)
		if t.input.payload != payloadStop && !e.saysStop(t) && d.Task != nil {
			// "my mistake, it's the right one": nothing is sent.
			id, data = "flow_retracted", map[string]any{"Flow": e.flowName(t, *d.Task)}
		}
		var declined *task
		if tk := d.Task; tk != nil && tk.Step == stepConfirm && e.texts.IsKeyword(t.lang(), keywordNo, t.input.norm) {
			kept := *tk
			declined = &kept // "no", then "actually yes, please do"
		}
		d.forget()
		d.Declined = declined
		d.Fallbacks = 0
		if q := e.questionAfterTakeBack(t); q != "" && t.input.payload == "" {
			// "no, not now. how long would the refund take though?" at a
			// return's question: stopped, and the question after it
			// answered (it was lost; round 138a).
			if u := e.understandOne(q, t.lang(), intents.Normalize(q)); (u.Intent == intents.FAQ || e.flows[u.Intent].query) && u.Confidence >= moreClauseConfidence {
				e.say(t, id, data)
				u.Text = q
				e.handleMore(t, u)
				return
			}
		}
		e.say(t, id, data, e.menu(t)...)
		return
	}
	if e.stopsNothing(t) && !e.texts.Mentions(t.lang(), keywordCancelWords, t.input.norm) {
		// "ok never mind then", "forget it" with nothing in progress:
		// taken note of, nothing that could mean a cancellation (a
		// button to cancel an order was offered; round 68b).
		d.Fallbacks = 0
		e.say(t, "deny_nothing", nil)
		return
	}
	if e.stopsNothing(t) {
		// A lost customer typing "stop" or "cancel" to get out: there is
		// nothing to get out of; what the bot can do, a person among it,
		// and the cancellation in case that was what "annuler" meant.
		// The order given next answers "tell me which one": its
		// cancellation, summed up and asked (it gave the order's status,
		// and "y" then did nothing; round 62b).
		d.Offered, d.Fallbacks = &task{Intent: intents.CancelOrder, Which: true}, 0
		cancel, _ := e.actionButton(t, intents.CancelOrder)
		e.say(t, "nothing_to_stop", nil, append(e.menu(t), cancel)...)
		return
	}
	if t.in.Public && e.needsPrivacy(t) {
		// Others read this conversation: nothing about an account here.
		d.forget()
		t.private = true
		e.say(t, "private_only", nil)
		return
	}
	if t.u.LangAsked {
		// "In English please": nothing else to do than to say so.
		e.say(t, "language_switched", nil)
		e.reprompt(t)
		return
	}
	e.collectIdentity(t)
	if t.identityFixed && d.Task != nil {
		// "ah non .fr pardon": the check again with the address put
		// right, and the request it was for (read as a no, it stopped).
		d.Fallbacks = 0
		e.runTask(t)
		return
	}
	if e.putsOff(t) {
		// "je vais y réfléchir", "je vais demander au gardien demain",
		// read as goodbyes, with a question pending: it waits (they got
		// "belle journée à vous !").
		d.Fallbacks = 0
		d.Task.Waited, d.Task.Fresh = true, false
		e.say(t, "flow_later", map[string]any{"Flow": e.flowName(t, *d.Task)})
		return
	}
	e.leavesWithRequest(t)
	if e.leaves(t) {
		e.leave(t)
		return
	}
	if e.leavesFor(t) {
		// The flow left is dropped, not put aside to come back to.
		if d.Task != nil {
			e.say(t, "flow_switched", map[string]any{"Flow": e.flowName(t, *d.Task)})
		}
		d.forget()
	}
	if list, ok := refusedBy[t.u.Intent]; ok && t.input.payload == "" &&
		(e.texts.Mentions(t.lang(), list, t.input.norm) || t.u.Intent == intents.HumanAgent && e.refusesPerson(t.lang(), t.input.text)) {
		// "no human please, just tell me where it is", "I don't want to
		// return it, I just…": the next reading, not what was refused.
		refused := t.u.Intent
		t.u.Intent = intents.OOS
		for _, r := range t.u.Ranking {
			if r.Intent != refused && r.Intent != intents.OOS && r.Confidence >= 0.1 {
				t.u.Intent, t.u.FAQID = r.Intent, r.FAQID
				break
			}
		}
		if t.u.Intent == intents.OOS && d.Task == nil && refused != intents.HumanAgent &&
			e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm) && !strings.Contains(t.input.text, "?") {
			// "I don't want to return it anymore, I'll keep the scarf":
			// taken note of (it asked who they were, for a return).
			t.u.Intent = intents.Affirm
		}
		if t.u.Intent == intents.OOS {
			// "please don't transfer me to a human, just tell me when my
			// watch ships": the request of the part that refuses nothing,
			// which the whole message's readings hardly show (it was not
			// understood). (Not the details: the dots of an e-mail address cut
			// the message as a full stop would, and "fr OP-101401" read as
			// tracking; round 85b.)
			for _, part := range strings.FieldsFunc(withoutEntities(t.input.text, t.input.entities), func(r rune) bool { return r == ',' || r == ';' || r == '.' }) {
				norm := intents.Normalize(part)
				if e.texts.Mentions(t.lang(), list, norm) {
					continue
				}
				// (A request: "Bonjour, je ne veux pas renvoyer ma bague, je
				// voudrais juste savoir jusqu'à quand…" was read as its
				// greeting, and the order's tracking came; round 85b.)
				if pu := e.understandOne(part, t.lang(), norm); pu.Intent != refused && (pu.Intent == intents.FAQ || e.isFlow(pu.Intent)) && pu.Confidence >= e.thresh {
					t.u.Intent, t.u.FAQID, t.u.Confidence = pu.Intent, pu.FAQID, pu.Confidence
					break
				}
			}
		}
		if t.u.Intent == intents.OOS && d.Task == nil && refused != intents.HumanAgent && !e.asksQuestion(t) {
			// "I don't need to return the scarf anymore", and nothing
			// else: taken note of (it was not understood). Not a question asked
			// without its mark ("je voudrais juste savoir jusqu'à quand…").
			t.u.Intent = intents.Affirm
		}
	}
	if len(t.u.Alternatives) > 1 && t.input.payload == "" {
		// "don't return anything, i just want to know the return policy":
		// an action refused is no choice to offer (a return was, a press
		// away; round 62a).
		kept := slices.DeleteFunc(slices.Clone(t.u.Alternatives), func(r intents.Ranked) bool {
			list, ok := refusedBy[r.Intent]
			return ok && e.texts.Mentions(t.lang(), list, t.input.norm)
		})
		switch {
		case len(kept) == 1:
			t.u.Intent, t.u.FAQID, t.u.Alternatives = kept[0].Intent, kept[0].FAQID, nil
		case len(kept) > 1:
			t.u.Alternatives = kept
		}
	}
	e.reread(t)
	if e.refusesOthers(t) {
		return
	}
	if t.putOff != "" {
		d.Fallbacks = 0
		e.say(t, "flow_put_off", map[string]any{"Flow": t.putOff})
		if !e.isFlow(t.u.Intent) && t.u.Intent != intents.FAQ || len(t.u.Alternatives) > 1 {
			return // nothing else asked
		}
	}
	if (t.u.Intent == intents.OOS || readsAs(t, intents.CancelOrder)) && t.input.payload == "" && len(t.u.Ranking) > 1 &&
		e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm) &&
		slices.ContainsFunc(t.u.Ranking[:2], func(r intents.Ranked) bool { return r.Intent == intents.CancelOrder }) {
		// "je n'ai pas besoin d'annuler, je voulais juste savoir quand
		// part ma commande", its probability split between the two, or
		// a cancellation offered beside the reading: no cancellation,
		// below (it asked what they meant).
		t.u.Intent, t.u.Alternatives = intents.CancelOrder, nil
	}
	if n := e.cancelledOtherOrder(t); t.u.Intent == intents.CancelOrder && t.input.payload == "" && n != "" {
		// "don't cancel OP-102603, cancel OP-102601", "n'annulez surtout
		// pas la 102503, c'est la 102501 que je veux annuler": the
		// cancellation of the order asked for (statuses came).
		t.u.ClauseOrder = n
	} else if asked := e.beforeOtherwise(t.lang(), t.input.norm); t.u.Intent == intents.CancelOrder && t.input.payload == "" &&
		(e.texts.Mentions(t.lang(), keywordNoCancel, asked) && !e.keepsItem(t.lang(), asked) ||
			e.mentionsUnnegated(t.lang(), keywordKeepOrder, asked) && !e.keepsAnotherItem(t)) &&
		!(d.Task != nil && d.Task.Intent == intents.CancelOrder && d.Task.Step == stepConfirm && !e.asksWhy(t)) {
		// (Not at "do you confirm the cancellation?", where "non ne
		// l'annulez pas svp, j'ai changé d'avis" is the no: the order's
		// status came, then the question again, one yes from the
		// cancellation; round 60a.)
		// (What follows "otherwise" is no answer: "cancel it if it
		// hasn't shipped, otherwise I'll keep it" kept it. Nor is one
		// item kept beside another cancelled: « je voudrais annuler la
		// bague, la barrette je la garde » got the order's status.)
		// "don't cancel my order, when does it ship?", "si j'annule, je
		// perds mes points ?": no cancellation; the order's status, or
		// the answer about cancelling.
		t.u.Intent = intents.TrackOrder
		switch {
		case e.asksIfCancellable(t, "") && (e.hasEntity(t, intents.EntityOrderNumber) || t.d.Order != ""):
			// "DON'T cancel anything!! I just want to know whether
			// OP-102601 could still be cancelled in theory": whether it
			// can, and until when, with nothing offered (its status came;
			// round 81b).
			t.u.Intent, t.cancelInfo = intents.CancelOrder, true
		case !e.hasEntity(t, intents.EntityOrderNumber) && t.d.Order == "" && strings.Contains(t.input.text, "?") &&
			e.texts.Mentions(t.lang(), keywordRefundWords, t.input.norm) && e.hasEntry(t.lang(), refundTimingEntry):
			// "If I cancel my order now, would I get my money back
			// straight away?": when the refund comes (it got the
			// cancellation rules).
			t.u.Intent, t.u.FAQID = intents.FAQ, refundTimingEntry
		case !e.hasEntity(t, intents.EntityOrderNumber) && t.d.Order == "" && strings.Contains(t.input.text, "?") &&
			e.hasEntry(t.lang(), cancelPolicyEntry):
			t.u.Intent, t.u.FAQID = intents.FAQ, cancelPolicyEntry
		case !strings.Contains(t.input.text, "?") && e.mentionsUnnegated(t.lang(), keywordKeepOrder, t.input.norm) &&
			!e.texts.Mentions(t.lang(), keywordWhen, t.input.norm) && !e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm)) &&
			!e.keepsAnotherItem(t):
			// (Nor one item kept beside another cancelled: « annuler juste
			// l'écharpe, la barrette je la garde » got "Très bien !";
			// round 108b.)
			// (Not kept on a condition: "cancel OP-100501 but only if it
			// hasn't shipped yet, if it's on its way just leave it" got
			// "Great!"; round 84b.)
			// "mon mari voulait annuler la commande mais finalement on la
			// garde", "j'avais pensé annuler mais finalement non je garde
			// ma commande OP-100401": nothing to do but take note (it
			// asked who they were to give the order's status, or to
			// confirm the cancellation).
			t.u.Intent = intents.Affirm
		}
	}
	if d.Task == nil && d.Offered != nil && d.Offered.Intent == intents.MissingParcel && d.Offered.Order != "" && t.input.payload == "" &&
		t.u.Intent == intents.FAQ && t.u.FAQID == parcelLateEntry && !e.hasEntity(t, intents.EntityOrderNumber) &&
		!e.asksWhy(t) && !e.texts.Mentions(t.lang(), keywordNoInvestigation, t.input.norm) {
		// "my parcel is very late" to the status that says so and offers
		// an investigation: the investigation, asked first (the status
		// was given again).
		d.Fallbacks = 0
		t.u.Intent = d.Offered.Intent
		d.Task, d.Offered, d.Retry = d.Offered, nil, ""
		e.runTask(t)
		return
	}
	if d.Task == nil && t.input.payload == "" && e.asksWhatInvestigation(t) {
		// "what's a carrier investigation exactly?", "qu'est-ce qui se
		// passe si j'ouvre une réclamation ?": what one is, and the
		// offer kept (each got "you have no open case").
		d.Fallbacks = 0
		var buttons []Button
		if d.Offered != nil && d.Offered.Intent == intents.MissingParcel && d.Offered.Order != "" {
			buttons = append(buttons, e.button(t, "button_missing", prefixIntent+intents.MissingParcel))
		} else {
			d.Offered = nil
		}
		e.say(t, "investigation_what", nil, buttons...)
		return
	}
	if d.Task == nil && e.answerAboutOutcome(t) {
		// "why?", "so what are my options?", "can you e-mail it to
		// me?" right after an outcome: about it (they got the flow run
		// again, an FAQ entry beside it, or "not understood"; round 51c).
		d.Fallbacks = 0
		return
	}
	if d.Task == nil && d.ForOther && t.conv.CustomerID == 0 && t.input.payload == "" &&
		(e.texts.Mentions(t.lang(), keywordHolderCannot, t.input.norm) || e.texts.Mentions(t.lang(), keywordHolderDied, t.input.norm)) {
		// "Elle a 92 ans et n'a pas internet, comment on fait alors ?"
		// after the refusal: the team, who can help (not understood;
		// round 108a).
		d.Fallbacks = 0
		e.sayForOther(t, "identity_for_other")
		return
	}
	if d.Task == nil && d.ForOther && t.conv.CustomerID == 0 && t.input.payload == "" && len(t.input.entities) == 0 &&
		(e.texts.Mentions(t.lang(), keywordHolderAgrees, t.input.norm) || e.texts.Mentions(t.lang(), keywordHolderHow, t.input.norm)) {
		// "but she is right next to me, she's fine with it", "ok so what
		// should she do then?" after the refusal: the holder's agreement
		// changes nothing, and how the holder asks themselves ("Great!"
		// and "I can't answer that precisely here" came; round 111a).
		d.Fallbacks = 0
		e.say(t, "for_other_how", nil)
		return
	}
	if d.Task == nil && d.ShownKind == shownCase && len(d.Shown) > 1 && t.input.payload == "" && len(t.input.entities) == 0 &&
		shortQuestions(t.input.text, t.input.norm) && e.texts.Mentions(t.lang(), "followup_mean", t.input.norm) {
		// "what does that mean?" after the list of the customer's cases:
		// what their statuses mean (the stages of an order came, and
		// the order number was asked for; round 107a).
		d.Fallbacks = 0
		e.say(t, "cases_mean", nil)
		return
	}
	if e.answerCaseWhen(t) {
		return
	}
	if d.Task == nil && e.returnInstructionsAgain(t) {
		// "ok. where do I send my parcel again?" a few answers after a
		// return was made: where, with its number (the order's tracking
		// came; round 94b).
		d.Fallbacks = 0
		e.say(t, "fu_send_back_return_created", map[string]any{"RA": d.Last.RA, "Address": e.shop.ReturnAddress, "Defective": d.Last.Defective})
		return
	}
	retry := d.Retry
	d.Retry = ""
	if d.Task == nil && retry != "" && (e.correctsOrderOf(t, d.Order) || e.asksWhenAgain(t, retry) || e.asksAboutAnswer(t, retry) || e.sameForOther(t, retry) ||
		e.sameForItem(t, retry) || e.namesOrderState(t) && e.texts.MadeOf(t.lang(), t.input.norm, keywordSameFor, keywordOrderCancelled,
		keywordOrderShipped, keywordOrderPreparing, keywordOrderDelivered)) {
		// (Or "et celle de la commande annulée ?" after an invoice: the
		// same question about the order in that state.)
		// The flow that just ended on the wrong order, on the one meant
		// (never the one put right: "c'est pas ma commande OP-102503
		// c'est OP-102501").
		d.Fallbacks, d.Offered = 0, nil
		var made *done
		if e.correctsOrderOf(t, d.Order) {
			t.input.entities = withoutOrder(t.input.entities, d.Order)
			if last := d.Last; last != nil && last.Kind == didRequest && last.Ticket != "" && storage.NormalizeOrderNumber(last.Order) == storage.NormalizeOrderNumber(d.Order) {
				made = last
			}
		}
		d.Task = &task{Intent: retry}
		e.runTask(t)
		if made != nil {
			// « ah non pardon, c'était pour la commande OP-102503 » right
			// after an address change was sent: the request made on the
			// wrong order, withdrawn if they want (it stayed with the
			// team; round 81b).
			e.askWithdraw(t, *made)
		}
		return
	}
	if d.Task == nil && (retry == intents.Vouchers || d.ShownKind == shownVoucher && codePattern.MatchString(t.input.text)) && e.asksAboutVouchers(t) {
		// "et il se termine quand ?", "et BIENVENUE10 il est passé où ?"
		// right after the vouchers: about them (an order's status came;
		// round 57a). A code named a few answers later too (« et
		// BIENVENUE10 ? » after the rule on using several got the rule
		// again; round 107a).
		d.Fallbacks, d.Offered = 0, nil
		d.Task = &task{Intent: intents.Vouchers, Again: true, Said: t.input.text}
		e.runTask(t)
		return
	}
	if d.Task == nil && retry == intents.CheckPoints && e.asksNextReward(t) {
		// "how many more for the reward?" right after the balance: what
		// the next reward still needs, not where the points come from.
		d.Fallbacks, d.Offered = 0, nil
		d.Task = &task{Intent: intents.CheckPoints, NextReward: true}
		e.runTask(t)
		return
	}
	if d.Task == nil && retry == intents.CheckPoints && len(e.policy.Loyalty.Tiers) > 0 && e.asksRewardAt(t) {
		// "what do I get at 300?", "et à 500 j'ai quoi ?" right after the
		// balance: the reward of that tier (not understood; round 62b).
		d.Fallbacks, d.Offered = 0, nil
		e.sayRewardAt(t)
		d.Retry = intents.CheckPoints
		return
	}
	if d.Task == nil && retry == intents.CheckPoints && t.input.payload == "" && t.conv.CustomerID != 0 && len(t.input.entities) == 0 &&
		e.texts.Mentions(t.lang(), keywordPointsNotShown, t.input.norm) && !e.texts.Mentions(t.lang(), keywordParcelNotReceived, t.input.norm) &&
		!e.texts.Mentions(t.lang(), keywordPointsToNext, t.input.norm) {
		// "It's not there, I gave my email at the till I think" right
		// after the balance: a purchase missing from the points, shown
		// with where each point comes from and what to do (read as a
		// parcel missing, whose checks came next; round 111a).
		d.Fallbacks, d.Offered = 0, nil
		d.Task = &task{Intent: intents.CheckPoints, Explain: true}
		e.runTask(t)
		return
	}
	if d.Task == nil && retry == intents.CheckPoints && e.asksAboutPoints(t) {
		// "why?", "how many exactly?", "where do the extra 30 come
		// from?" right after the balance: where the points come from.
		d.Fallbacks, d.Offered = 0, nil
		d.Task = &task{Intent: intents.CheckPoints, Explain: true}
		e.runTask(t)
		return
	}
	if d.Task == nil && d.Case != "" && t.conv.Handoff == "" && t.input.payload == "" && len(t.input.entities) == 0 &&
		e.stillMissing(t) && !e.texts.Mentions(t.lang(), keywordItemLeftOut, t.input.norm) {
		// "il manque toujours" right after the claim went to the team:
		// the claim is there (it asked which item was missing from the
		// parcel).
		e.casePending(t)
		return
	}
	if d.Task == nil && d.Case != "" && t.conv.Handoff == "" && t.input.payload == "" && len(t.input.entities) == 0 &&
		!actionFlows[t.u.Intent] && e.asksWhy(t) && e.texts.Mentions(t.lang(), keywordWhen, t.input.norm) {
		// "c'est pour quand la réponse ?" once the request went to the
		// team: when the team answers.
		e.casePending(t)
		return
	}
	if d.Task == nil {
		e.readWithLastQuestion(t)
	}
	if d.Task == nil && t.lastFAQ != "" && e.followsOnAnswer(t) && e.hasEntry(t.lang(), t.lastFAQ) {
		// "et pour une commande de 3 articles ?" right after the answer
		// on gift wrapping: the same question for another case, not a
		// wrong item (read at 0.84).
		t.u.Intent, t.u.FAQID, t.u.Alternatives = intents.FAQ, t.lastFAQ, nil
	}
	if d.Task == nil && t.lastFAQ != "" && e.shortQuestion(t) && e.hasEntry(t.lang(), t.lastFAQ) {
		// "how much?" right after the answer on gift wrapping: that
		// answer, which says it, not another entry or "not understood".
		t.u.Intent, t.u.FAQID, t.u.Alternatives = intents.FAQ, t.lastFAQ, nil
	}
	if after := faqAfter[t.lastFAQ][readingKey(t.u)]; d.Task == nil && t.input.payload == "" && after != "" &&
		(t.u.Intent == intents.FAQ || t.u.Intent == intents.OOS || e.flows[t.u.Intent].query) &&
		len(strings.Fields(t.input.norm)) <= maxFollowUpWords && e.hasEntry(t.lang(), after) {
		t.u.Intent, t.u.FAQID, t.u.Alternatives = intents.FAQ, after, nil
	}
	if d.Task == nil && t.input.payload == "" && t.u.Intent == intents.FAQ && slices.Contains(faqNarrowed[t.lastFAQ], t.u.FAQID) &&
		len(strings.Fields(t.input.norm)) <= recallWords && e.hasEntry(t.lang(), t.lastFAQ) {
		// "c'est ouvert le dimanche ?" right after the shops: their
		// hours, which the shops' page gives, not the team's (round
		// 67b).
		t.u.FAQID, t.u.Alternatives = t.lastFAQ, nil
	}
	if d.Task == nil && t.input.payload == "" && e.followUp(t) {
		d.Fallbacks, d.Offered = 0, nil
		return
	}
	if e.answerCountry(t) {
		d.Fallbacks, d.Offered = 0, nil
		return
	}
	if d.Task == nil && t.input.payload == "" && e.recallPlain(t) {
		d.Offered = nil
		return
	}
	if d.Task == nil && t.input.payload == "" && t.conv.CustomerID != 0 && readsAs(t, intents.MissingParcel) && e.saysReceived(t) {
		// « Comment cela, pas encore ? Elle m'a été livrée il y a trois
		// semaines. » after "no invoice yet": the answer disputed with
		// the parcel received, no parcel missing (a lost parcel's checks
		// came, and « oui » opened a claim; round 81a).
		d.Offered, d.Fallbacks = nil, 0
		e.say(t, "pushback", nil, e.button(t, "button_human", payloadHuman))
		return
	}
	if d.Task == nil && t.input.payload == "" && e.asksException(t) {
		// "C'était pourtant un cadeau… Une exception n'est-elle vraiment
		// pas envisageable ?" after "no item can be returned": the team's
		// to grant, offered (a lost parcel's checks came, one press from
		// a claim; round 72b).
		d.Offered, d.Fallbacks = nil, 0
		e.say(t, "pushback", nil, e.button(t, "button_human", payloadHuman))
		return
	}
	if d.Task == nil && t.input.payload == "" && e.onlyDisputes(t) && e.disputed(t) {
		if o := t.answered; o != nil && d.Answered == nil {
			// The refusal stays the answer in question: « une exception
			// n'est pas envisageable ? » after « c'est pas juste… » was
			// not understood (round 101a).
			d.Answered = o
		}
		// "c'est injuste, je l'avais à peine mis ce bracelet" after a
		// return refused: the answer disputed, whatever else it reads as
		// (a wrong item at 0.8 asked what came instead; round 67b).
		d.Offered = nil
		return
	}
	if d.Task == nil && len(t.u.Alternatives) > 1 && t.input.payload == "" && e.correctsContact(t) {
		// "please write to me at amelia.work@… instead" right after a
		// request was passed to the team: the address put right, not
		// "which do you mean? [Talk to a person] [Delivery address]".
		d.Fallbacks, d.Offered = 0, nil
		e.correctContact(t)
		return
	}
	if d.Task == nil && len(t.u.Alternatives) > 1 && t.input.payload == "" && !(t.u.Angry && t.u.Intent == intents.OOS) &&
		!(t.u.DetailsOnly && d.Offered != nil && d.Offered.Intent != intents.CancelOrder) {
		// (Not the details for the flow the last answer offered: "I've
		// just given them to you! OP-… and …@…" after the answer on
		// returns and its button; round 81a.)
		// Two readings are about as likely: ask rather than guess. (Not
		// an angry customer understood as nothing else, who gets the
		// apology and a person: "vous êtes nuls, personne ne répond" was
		// asked what they meant.)
		d.Fallbacks = 0
		e.askWhichMeant(t)
		return
	}
	if tk := d.Task; tk != nil && tk.Intent == intents.HumanAgent && tk.Step == stepContact && t.input.payload == "" &&
		e.isFlow(t.u.Intent) && t.u.Intent != intents.HumanAgent && t.u.Confidence >= interruptConfidence && !t.u.DetailsOnly &&
		!(e.hasEntity(t, intents.EntityEmail) && e.texts.Mentions(t.lang(), keywordAboutOrder, t.input.norm)) && !e.tellsSubject(t) {
		// (Not "c'est pour ma commande OP-101201, <e-mail>": what the
		// request is about, and where to write; the tracking came and
		// nobody was asked. Nor "it's about my refund that never
		// arrived": what it is about, the address still wanted.)
		// "forget it. how many points do I have? camille@… OP-100101" to
		// "which address can we write to?": another request, which the
		// bot can answer, instead of the person; the e-mail in it is
		// for that request, not for a case (one was opened, and the
		// question dropped).
		d.Task = nil
	}
	if tk := d.Task; tk != nil && tk.Intent == intents.HumanAgent && tk.Step == stepContact && t.input.payload == "" &&
		!e.hasEntity(t, intents.EntityEmail) && e.asksWhy(t) && e.texts.Mentions(t.lang(), keywordWhen, t.input.norm) {
		// "c'est dans combien de temps ?" while the bot asks where the
		// team can write: when the team answers (it got delivery times).
		e.say(t, e.byHours(t, "handoff_when"), map[string]any{"When": e.nextOpening(t)})
		e.reprompt(t)
		return
	}
	if tk := d.Task; tk != nil && tk.Step == stepIdentity && t.input.payload == "" && len(t.input.entities) == 0 &&
		e.asksWhy(t) && e.texts.Mentions(t.lang(), keywordIdentityQuestion, t.input.norm) {
		// "c'est obligatoire de donner mon mail ?", "can't you just look
		// it up with my email?", "why do you need that?": why the two
		// pieces, then the question again (it got "I didn't understand
		// that answer", or a FAQ answer about confirmation e-mails).
		d.Fallbacks = 0
		e.say(t, "identity_why", map[string]any{"Example": e.shop.OrderExample})
		e.reprompt(t)
		return
	}
	if tk := d.Task; tk != nil && tk.Step == stepIdentity && t.input.payload == "" && e.isFlow(t.u.Intent) && t.u.Intent != tk.Intent &&
		t.u.Confidence >= switchConfidence &&
		(e.texts.Mentions(t.lang(), keywordInsteadWord, t.input.norm) || e.texts.StartsWith(t.lang(), keywordNo, t.input.norm)) {
		// "non en fait dites-moi plutôt combien j'ai de points,
		// camille@… OP-100101" to a return's "who are you?": the points
		// instead, with the proof given (it listed what could be
		// returned; round 51c).
		d.Task = nil
	}
	if (d.Task != nil || len(d.Paused) > 0) && t.input.payload == "" && len(t.input.entities) == 0 &&
		len(strings.Fields(t.input.norm)) <= maxBackToWords && e.startsAfterFillers(t.lang(), keywordBackTo, t.input.norm) {
		// "ok, back to my return" after a question in between: the
		// return's question (it also got "you have no return in
		// progress", read as the status of one; round 51c).
		d.Fallbacks = 0
		if d.Task == nil {
			e.resumePaused(t)
			return
		}
		e.say(t, e.resumeID(t, *d.Task), nil)
		t.input = input{}
		e.runTask(t)
		return
	}
	if d.Task == nil && t.input.payload == "" && (t.u.Intent == intents.StartReturn || t.u.Intent == intents.Exchange) &&
		e.texts.Mentions(t.lang(), keywordRetractReturn, e.without(t.lang(), keywordNoExchange, t.input.norm)) && !e.keepsAnotherItem(t) &&
		// (Not the exchange refused beside a return: « je voudrais
		// renvoyer la bague … et être remboursée, pas d'échange svp » got
		// "no return then"; round 138a.)
		!(e.texts.Mentions(t.lang(), keywordTheOther, t.input.norm) && e.namesReturnVerb(t.lang(), t.input.norm)) {
		// (Not "je renvoie une des deux paires, l'autre je la garde":
		// the other kept, one sent back; round 71b.)
		// "Ok je ne le retourne pas alors" after what a return would
		// cost: no return (it asked which item to return; round 57a).
		d.Fallbacks = 0
		e.say(t, "return_aborted", nil)
		return
	}
	if tk := d.Task; tk != nil && tk.Step == stepConfirm && e.yesAndAlso(t) {
		// "yes please and I also want to return the earrings" at the
		// exchange's summary: the exchange sent, then the return (the
		// yes was lost, the exchange put aside; round 62a).
		d.Fallbacks = 0
		in, u := t.input, t.u
		t.input, t.u = input{payload: payloadYes}, Understanding{Intent: tk.Intent, Lang: u.Lang, Confidence: 1}
		e.runTask(t)
		t.input, t.u = in, u
		if d.Task == nil {
			e.startFlow(t, u.Intent)
			e.runTask(t)
		}
		return
	}
	if tk := d.Task; tk != nil && tk.Step == stepConfirm && t.thenAsked.Intent != "" {
		// « oui c'est bon. alors je le renvoie maintenant ou j'attends ? »
		// at a wrong item's summary: the yes, then the question, which
		// what was done answers (its « c'est bon » dropped the report, and
		// "je le renvoie" began a return; round 136a).
		d.Fallbacks = 0
		in, u, q := t.input, t.u, t.thenAsked
		t.input, t.u, t.thenAsked = input{payload: payloadYes}, Understanding{Intent: tk.Intent, Lang: u.Lang, Confidence: 1}, Understanding{}
		e.runTask(t)
		t.input, t.u = in, u
		if actionFlows[q.Intent] {
			// A question after the yes begins no other action: "yes. can
			// both go in the same parcel?" at a return's summary began a
			// missing parcel's checks (round 138a, a near miss). What was
			// just done may answer it; or it is not understood.
			q.Intent, q.FAQID = intents.OOS, ""
		}
		if t.conv.Handoff == "" {
			e.handleMore(t, q) // (with a person now in the conversation, theirs to answer)
		}
		return
	}
	if tk := d.Task; tk != nil && tk.Order != "" && len(tk.ItemIDs) > 0 && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordWhichOrderItem, t.input.norm) {
		// "isn't that the order with the watch? Which order is the scarf
		// in then?" at a return's reason: that order, then the question
		// again (read as a wrong item, and a yes filed a case; round 81b).
		if o, ok := e.customerOrder(t, tk.Order); ok {
			for _, it := range selected(o.Items, tk.ItemIDs) {
				e.say(t, "item_in_order", map[string]any{"Item": it.Name, "Number": o.Number, "Placed": e.fmt.date(t.lang(), o.PlacedAt, t.now)})
			}
			d.Fallbacks = 0
			t.input = input{}
			e.runTask(t)
			return
		}
	}
	if d.Task != nil && e.continuesTask(t) {
		if t.u.Intent == "" {
			t.u.Intent = d.Task.Intent
		}
		d.Fallbacks = 0
		e.runTask(t)
		e.resumePaused(t)
	} else {
		if d.Task != nil && d.Task.Step == stepChoice {
			// A menu the customer did not pick from is not put aside to
			// come back after the next answer: it is done.
			d.Task = nil
		}
		if !(t.u.Angry && t.u.Intent == intents.OOS && d.Task == nil && len(t.u.More) == 0 && !t.thirdParty && !t.humanInfo && !t.cannotWithdraw && !t.sorted &&
			angryOffer()) {
			// (Anger understood as nothing else gets the apology and the
			// person below, not "I'm not sure I understood" first; when
			// no person can be offered, what anything else gets.)
			e.handle(t, t.u.Intent)
		}
	}
	for _, more := range t.u.More {
		if t.conv.Handoff != "" {
			break
		}
		e.handleMore(t, more)
	}
	if angryOffer() {
		// (Not "OUI !!!": a keen yes, which got an apology.)
		// (An answer of this turn that offers what would help — the
		// investigation of a late parcel — or asks yes or no is not
		// followed by a person offered as well: a "yes" would press the
		// wrong one. One offered before is: "this is so frustrating"
		// after it got no answer at all.)
		id := "offer_human_angry"
		if e.desk == nil {
			id = "offer_human_angry_email" // nobody can take over "right away" here
		}
		e.say(t, id, nil, e.button(t, "button_human", payloadHuman))
	}
}

// buttonSteps are the steps whose question comes with buttons to answer
// it: a person offered after it would come last, and a number typed for
// one of its answers would press another (at "how many?", "2" after "this
// bot is useless" returned one pair of earrings).
var buttonSteps = map[string]bool{
	stepConfirm: true, stepChecks: true, stepQuantity: true, stepItem: true, stepReason: true, stepOrder: true, stepChoice: true,
}

// handle acts on an intent that does not continue the flow in progress.
func (e *Engine) handle(t *turn, intent string) {
	d := &t.d
	offered := d.Offered
	d.Offered = nil
	if offered != nil && t.input.payload != "" && slices.ContainsFunc(offered.Choices, func(b Button) bool { return b.Payload == t.input.payload }) {
		// "Cancel my order" pressed among the readings of « je voudrais
		// enlever seulement la barrette, je garde le foulard »: the flow
		// knows what that message said (the whole order was cancelled
		// without a word that the scarf went too; round 80a).
		t.choiceSaid = offered.Said
	}
	if e.followUp(t) {
		d.Fallbacks = 0
		return
	}
	switch {
	case d.Task == nil && offered != nil && strings.HasPrefix(t.input.payload, prefixOrder):
		// An order button of the answer that offered the flow ("these
		// orders can still be cancelled"): that flow, on that order.
		d.Fallbacks = 0
		t.u.Intent = offered.Intent
		d.Task = offered
		e.runTask(t)
	case d.Task == nil && offered != nil && offered.Intent == intents.StartReturn && offered.Order == "" && t.input.payload == "" &&
		(intent == intents.WrongItem || intent == intents.OOS || intent == intents.StartReturn || intent == intents.FAQ) &&
		!e.mentionsInEither(t, keywordDefect) && !e.mentionsInEither(t, keywordWhatCame) && e.namesReturnableItem(t):
		// "What about the jewellery box from my other order then?" to
		// "this other order of yours has items that can still be
		// returned": its return (read as a wrong item at 0.9, and "yes"
		// filed a case at the shop's cost for an item not used; round
		// 96a).
		d.Fallbacks = 0
		t.u.Intent = offered.Intent
		offered.Said = t.input.text
		d.Task = offered
		e.runTask(t)
	case d.Task == nil && offered != nil && offered.Intent == intents.MissingParcel && offered.Order != "" && t.input.payload == "" &&
		(e.texts.Mentions(t.lang(), keywordNoInvestigation, t.input.norm) || e.texts.Mentions(t.lang(), keywordWillWait, t.input.norm)) &&
		(intent == intents.Deny || intent == intents.OOS):
		// "une enquête ? non je préfère attendre encore quelques jours"
		// to the late parcel's status and its offer: no investigation
		// for now, said by the flow, with the tracking link (read as a
		// bare no, it got "all right"; round 62a).
		d.Fallbacks = 0
		t.u.Intent = offered.Intent
		d.Task = offered
		e.runTask(t)
	case d.Task == nil && offered != nil && offered.Intent == intents.DeliveryAddress && t.input.payload == "" &&
		e.texts.newAddressIn(t.input.text) != "" && !t.u.DetailsOnly:
		// "5 avenue Jean Jaurès, 31000 Toulouse" after the answer that
		// offered the address change: the new address, for that change
		// (not understood; round 69a). Kept as what was said, for after
		// the proof of identity.
		d.Fallbacks = 0
		t.u.Intent = offered.Intent
		offered.Said = t.input.text
		d.Task = offered
		e.runTask(t)
	case d.Task == nil && offered != nil && t.u.DetailsOnly && (offered.Intent != intents.CancelOrder || offered.Which || e.cancelAskedIn(t, offered.Said)):
		// The details asked for by the flow the last answer offered;
		// never a cancellation nobody asked for ("can you list all my
		// orders" got the entry on changing an order and its button to
		// cancel, then the e-mail ran the cancellation, and "yes"
		// cancelled), unless the bot asked which order to cancel, or
		// the message the offer answered asked for it ("si la commande
		// n'est pas encore partie, vous pouvez l'annuler s'il vous
		// plaît ?" got the rules, then the e-mail "noted", and the
		// request was lost; round 72b).
		d.Fallbacks = 0
		t.u.Intent = offered.Intent
		d.Task = offered
		e.runTask(t)
	case d.Task == nil && offered != nil && offered.Order == "" && t.input.payload == "" && e.hasEntity(t, intents.EntityOrderNumber) &&
		e.texts.StartsWith(t.lang(), keywordAccept, t.input.norm) && !e.yesThenNo(t) && !e.doubtsYes(t) &&
		!e.texts.Mentions(t.lang(), keywordYesBut, t.input.norm):
		// "ok do it for OP-100401 please" after the cancellation rules
		// and their button: the action offered, on the order named (its
		// status came, and the yes after it did nothing; round 62b).
		d.Fallbacks = 0
		t.u.Intent = offered.Intent
		d.Task = offered
		e.runTask(t)
	case d.Task == nil && offered != nil && offered.Order != "" &&
		((intent == intents.Affirm || intent == offered.Intent) && e.yesNo(t) > 0 ||
			offered.Intent == intents.MissingParcel && intent != intents.Deny && e.texts.Mentions(t.lang(), keywordInvestigate, t.input.norm) && e.yesNo(t) >= 0 &&
				!e.startsQuestion(t) && !e.texts.Mentions(t.lang(), keywordAsksWhat, t.input.norm)) &&
		!(offered.Intent == intents.MissingParcel && (e.texts.Mentions(t.lang(), keywordNoInvestigation, t.input.norm) ||
			e.toldNotAsked(t.lang(), t.input.text, keywordInvestigate))):
		// ("ouin, vous pouvez faire une enquête?" asks for it; "what is an
		// investigation?" only asks what it is; "mais je ne veux pas
		// d'enquête", "if it's not here by Monday, then open an
		// investigation", "my colleague had to open an investigation"
		// ask for none now: each opened one.)
		// "oui, ouvrez une enquête" to "I can open an investigation":
		// the action offered, on the order it was offered for.
		d.Fallbacks = 0
		t.u.Intent = offered.Intent
		// (Put off or hedged, it is asked first: "I'll give DHL until
		// Friday before asking for an investigation" opened one.)
		// So is a thanks for the news ("ah oui d'accord merci", "yes
		// thank you" after "I can open an investigation": it opened one;
		// round 58b).
		// And so is a bare yes: "I can open an investigation" tells what
		// can be done, it asks nothing ("yes", "sure", "oui c'est ça"
		// after the status opened one; round 60a). An investigation
		// asked for in words is opened.
		offered.Accepted = offered.Intent != intents.MissingParcel || !e.hedges(t.lang(), t.input.text, t.input.norm) && !e.thanksOnly(t) &&
			e.texts.Mentions(t.lang(), keywordInvestigate, t.input.norm)
		if !offered.Accepted {
			offered.Step = "" // the question first
		}
		d.Task = offered
		e.runTask(t)
	case e.isFlow(intent):
		d.Fallbacks = 0
		if t.ruleFirst != "" {
			if answer, err := e.faq.Answer(t.lang(), t.ruleFirst, t.conv.CustomerID != 0); err == nil {
				t.replies = append(t.replies, Reply{Text: strings.TrimSpace(answer)})
			}
		}
		e.startFlow(t, intent)
		e.runTask(t)
		e.resumePaused(t)
	case intent == intents.FAQ && d.Task == nil && e.ownCaseOf(t) != "":
		// "changer l'adresse de livraison de OP-102501, elise@…": a
		// general question does not come with an order number; the
		// action the entry is about, on that order.
		d.Fallbacks = 0
		e.startFlow(t, e.ownCaseOf(t))
		e.runTask(t)
		e.resumePaused(t)
	case intent == intents.FAQ:
		d.Fallbacks = 0
		e.answerFAQ(t)
		e.reprompt(t)
	case d.Task == nil && !e.isFlow(intent) && intent != intents.FAQ && e.lacksDetails(t):
		// "I don't have my order number" before anything was asked:
		// where to find it, and a person otherwise (it got "All right").
		d.Fallbacks = 0
		e.say(t, "identity_help", map[string]any{"Example": e.shop.OrderExample}, e.button(t, "button_human", payloadHuman))
	case (intent == intents.Affirm || intent == intents.Deny) && d.Task != nil && d.Task.Step == stepIdentity && !e.saysBye(t):
		// A yes or a no to "give me your e-mail and order number": the
		// question again, without "back to your return" (they never
		// left it), or, to a no, the request dropped (it looped).
		d.Fallbacks = 0
		if intent == intents.Deny {
			d.forget()
			e.say(t, "flow_stopped", nil, e.menu(t)...)
			return
		}
		t.input = input{}
		e.runTask(t)
	case intent == intents.Deny && d.Task != nil && d.Task.Intent == intents.HumanAgent && d.Task.Step == stepContact:
		// "not now, maybe later" to "which address can we write to?": a
		// no to the person, for the request to settle (it was small talk,
		// and the address asked again).
		d.Fallbacks = 0
		e.runTask(t)
	case intent == intents.Deny && d.Task != nil && d.Task.Step == stepOrder && t.input.payload == "" && !e.hasEntity(t, intents.EntityOrderNumber) && !e.saysBye(t):
		// "non c'est pas ça" to "which order is it, one of these?" after an
		// order number not found: none of them, the request dropped (it
		// was asked again, and "oui" then offered the one order shown
		// for cancelling; round 86b).
		d.Fallbacks = 0
		name := e.flowName(t, *d.Task)
		d.forget()
		e.say(t, "flow_left", map[string]any{"Flow": name})
	case intent == intents.Greet && !e.greetsWithDetails(t), intent == intents.Thanks, intent == intents.Goodbye,
		intent == intents.Affirm, intent == intents.Deny:
		d.Fallbacks = 0
		e.smallTalk(t, intent)
		e.reprompt(t)
	case d.Task == nil && e.correctsContact(t):
		// "oops oliver.smith@example.com" right after the team was told
		// to write to "oliver.smith@exmaple.com": the case's address put
		// right ("noted", and the team wrote to the typo; round 67a).
		d.Fallbacks = 0
		e.correctContact(t)
	case d.Task == nil && t.cancelsPart:
		// "annulez l'emballage cadeau de ma commande <details>": what can
		// be done, not the order's status or "noted your e-mail".
		e.fallback(t)
	case d.Task == nil && t.thirdParty && !e.namesOrderNotTheirs(t) && !e.saysOwn(t):
		// "<details> my sister has the same scarf … she wants to send it
		// back": hers to ask, with her own details, whatever proof the
		// message gives (the status of the order given came, or its
		// return was begun; round 101b).
		d.Fallbacks = 0
		e.keepNoProofForOther(t)
		e.sayForOther(t, "third_party")
	case d.Task == nil && e.hasEntity(t, intents.EntityOrderNumber, intents.EntityLoyaltyCard) && !t.u.OtherBusiness:
		// An order number on its own: the customer most often wants to
		// know where that order is; a loyalty card on its own, their
		// points (a card names no order to track). The same after a
		// greeting ("hi amelia.brown@example.com OP-101001"). Not the
		// number of another business's parcel ("where's my Amazon
		// package, tracking TBA123456789" asked for the e-mail of the
		// order).
		d.Fallbacks = 0
		if t.notAsked {
			// (A quoted message disowned: nothing done, and where the
			// order stands.)
			e.say(t, "not_asked", nil)
		}
		if t.humanInfo {
			// "Is there a real person there? <details>": what it is,
			// then the order's status (only the status came); or what
			// else it asks ("bot or human? lol. my points please <details>"
			// got the status too).
			e.sayHumanInfo(t)
			if len(t.u.More) > 0 {
				return
			}
		}
		t.u.Intent = intents.TrackOrder
		if !e.hasEntity(t, intents.EntityOrderNumber) {
			t.u.Intent = intents.CheckPoints
		}
		d.Task = e.newTask(t, t.u.Intent)
		e.runTask(t)
	case d.Task == nil && e.hasEntity(t, intents.EntityEmail) && t.conv.CustomerID != 0:
		// A verified customer giving an e-mail address is not proving
		// who they are ("noted your e-mail" would read as if it were
		// changed): their account's details, where it can be corrected.
		d.Fallbacks = 0
		t.u.Intent = intents.AccountDetails
		d.Task = e.newTask(t, intents.AccountDetails)
		e.runTask(t)
	case d.Task == nil && e.hasEntity(t, intents.EntityEmail):
		e.say(t, "identity_email_noted", nil, e.menu(t)...)
	default:
		e.fallback(t)
		if d.Offered == nil && offered != nil && offered.Order != "" && t.conv.Handoff == "" {
			// "that's way too late" to "I can open an investigation":
			// not understood, and the offer still stands ("yes please
			// open an investigation" next found nothing to say yes to;
			// round 62b).
			d.Offered = offered
		}
	}
}

// asksException reports whether a message asks for an exception to the
// refusal the last answer told (a return or a cancellation refused).
func (e *Engine) asksException(t *turn) bool {
	o := t.answered
	return o != nil && (o.ID == "return_none" || strings.HasPrefix(o.ID, "cancel_refused") || strings.HasSuffix(o.ID, "_rejected")) &&
		e.texts.Mentions(t.lang(), keywordAsksException, t.input.norm)
}

// cancelAskedIn reports whether said, the message an answer offering the
// cancellation answered, asked for one in its own words, perhaps on a
// condition ("si elle n'est pas encore partie, vous pouvez l'annuler ?"):
// a word of cancelling, neither only thought of ("je vais peut-être
// annuler"), nor the customer's own to make ("si j'annule…"), nor told as
// done ("j'ai annulé"), nor refused.
func (e *Engine) cancelAskedIn(t *turn, said string) bool {
	lang, norm := t.lang(), intents.Normalize(said)
	return norm != "" && e.namesCancelling(lang, norm) && !e.texts.Mentions(lang, keywordMaybeCancel, norm) &&
		!e.texts.Mentions(lang, keywordCancelMyself, norm) && !e.texts.Mentions(lang, keywordDoneAlready, norm) &&
		!e.texts.Mentions(lang, keywordNoCancel, norm)
}

// greetsWithDetails reports whether a greeting comes with an e-mail and an
// order or card number from a customer not verified yet: details to use,
// not only a greeting.
func (e *Engine) greetsWithDetails(t *turn) bool {
	return t.d.Task == nil && t.conv.CustomerID == 0 &&
		e.hasEntity(t, intents.EntityEmail) && e.hasEntity(t, intents.EntityOrderNumber, intents.EntityLoyaltyCard)
}

// startFlow makes intent's flow the one in progress. A question about the
// account (a query flow) puts the flow in progress aside, to come back to
// it; another action replaces it, and the customer is told.
func (e *Engine) startFlow(t *turn, intent string) {
	d := &t.d
	if d.Task != nil && d.Task.Intent == intent {
		return
	}
	var carried *task
	unfound := d.Task != nil && d.Task.Unfound
	if d.Task != nil {
		if e.flows[intent].query {
			d.pause()
		} else {
			e.say(t, "flow_switched", map[string]any{"Flow": e.flowName(t, *d.Task)})
			if e.switchesReturnExchange(t) {
				carried = d.Task
			}
			if d.Task.Intent == intents.CancelOrder && d.Task.Step == stepConfirm {
				// Set aside at its question: « bon tant pis, annulez »
				// next asks for it again (round 101a).
				d.Declined = d.Task
			}
			d.Task = nil
		}
	}
	d.Task = e.newTask(t, intent)
	if unfound && !e.hasEntity(t, intents.EntityOrderNumber) {
		// "and what about OP-100401?" — not on your account — "cancel
		// it": "it" is that order, not the one of the conversation; the
		// customer picks among theirs.
		d.Task.Unfound = true
	}
	if carried != nil && carried.Order != "" {
		// An exchange instead of a return, or the other way round: of
		// the same order, and of the same item when there was one.
		d.Task.Order = carried.Order
		if len(carried.ItemIDs) == 1 && !e.namesOtherItemOf(t, carried) {
			// (Not when the message names another: "actually no forget
			// the earrings, I want to return the scarf" returned the
			// earrings.)
			d.Task.ItemIDs = carried.ItemIDs
		}
		if intent == intents.Exchange && carried.Reason == reasonDefective {
			// A faulty item's return become an exchange stays a faulty
			// item's: the postage is the shop's, and the team told so
			// (it became an ordinary exchange, postage on the customer,
			// who had been told "the return is at our cost"; round 112b).
			d.Task.Reason = reasonDefective
		}
	}
}

// newTask starts intent's flow from this message.
func (e *Engine) newTask(t *turn, intent string) *task {
	tk := &task{Intent: intent, Said: cmp.Or(t.choiceSaid, t.ownWords()), Explain: e.texts.Mentions(t.lang(), keywordWhy, t.input.norm)}
	if t.u.Intent == intent {
		tk.Clause = t.u.Clause
	}
	if t.otherOrderMeant && t.u.Intent == intent {
		// "non je voulais dire l'autre": which order, asked; not the
		// conversation's one again.
		tk.Step, tk.Unfound = stepOrder, true
	}
	return tk
}

// handleMore acts on another request of the same message ("cancel it and
// tell me my points"): a question is answered now; an action waits its turn
// behind the flow in progress.
func (e *Engine) handleMore(t *turn, more Understanding) {
	d := &t.d
	if mn := intents.Normalize(cmp.Or(more.Text, more.Norm)); more.Intent == intents.FAQ && more.FAQID == newsletterEntry &&
		e.texts.Mentions(t.lang(), keywordUnsubscribe, mn) && !e.texts.Mentions(t.lang(), keywordStaySubscribed, mn) &&
		!strings.Contains(more.Text, "?") {
		// "…, et désabonnez-moi de la newsletter svp" beside another
		// request: the unsubscription asked, not how to do it (the
		// how-to came, twice; round 123b).
		more.Intent, more.FAQID = intents.AccountDetails, ""
	}
	if d.Task != nil && d.Task.Intent == more.Intent && !more.Apart {
		return
	}
	if more.Intent == t.u.Intent && more.FAQID == t.u.FAQID && !more.Apart && e.isFlow(more.Intent) &&
		(clauseOrder(more) == "" || clauseOrder(more) == d.Order) {
		// The main request again, become it when a person refused was
		// taken out ("stop trying to transfer me to a human! where is my
		// parcel OP-…": the status came twice).
		return
	}
	if more.Intent == intents.FAQ && personalFAQ[more.FAQID] != "" && personalFAQ[more.FAQID] == t.u.Intent && t.conv.CustomerID != 0 {
		// "where is my parcel? it's late": the late parcel's entry is
		// answered from the account by the tracking just given (it came
		// twice).
		return
	}
	if more.Intent == intents.TrackOrder && (t.u.Intent == intents.MissingParcel || d.Task != nil && d.Task.Intent == intents.MissingParcel) {
		// "… the tracking has not been updated for a week": the missing
		// parcel's answer gives the status and the tracking already (it
		// came twice, the investigation question with it).
		return
	}
	t.u.FAQID, t.u.Text = more.FAQID, more.Text
	t.u.Clause, t.u.ClauseOrder = "", "" // the main request's words, not this one's
	if (actionFlows[more.Intent] || more.Intent == intents.OOS) && t.doneNow && d.Task == nil && d.Answered != nil && strings.Contains(more.Text, "?") {
		// « oui merci. et je renvoie la bague comment ? » at an exchange's
		// summary: a question about what was just done, which its
		// follow-up answers (a return of the ring began; round 133a, a
		// near miss). So « Oui c'est bon. Je serai prévenue quand ce sera
		// modifié ? » at an address's (its withdrawal was offered, and
		// "oui merci" withdrew it; round 136a, a wrong action).
		whole, before := t.input, t.answered
		t.input, t.answered = input{text: more.Text, norm: intents.Normalize(more.Text)}, d.Answered
		answered := e.answerAboutOutcome(t)
		t.input, t.answered = whole, before
		if answered {
			return
		}
	}
	switch {
	case e.isFlow(more.Intent) && d.Task != nil && (!e.flows[more.Intent].query || d.Task.Step == stepIdentity):
		// An action waits its turn; so does any request while the first
		// waits for the customer's identity, which it would only ask for
		// again.
		d.Paused = append([]task{{Intent: more.Intent, Said: cmp.Or(more.Text, more.Norm), Order: clauseOrder(more), Apart: more.Apart, Beside: true}}, d.Paused...)
	case e.isFlow(more.Intent):
		d.pause()
		d.Task = e.newTask(t, more.Intent)
		d.Task.Order = clauseOrder(more)
		if more.Apart {
			d.Task.Said, d.Task.Apart = cmp.Or(more.Text, more.Norm), true // this problem, not the main request's
		}
		if d.Task.Order != "" || more.Apart || !strings.Contains(t.input.norm, more.Norm) {
			// The clause's order, not the first one of the message; the
			// clause's problem, not the main request's; the words after
			// a yes, which answered the question before.
			whole := t.input
			t.input = input{text: cmp.Or(more.Text, more.Norm), norm: more.Norm, entities: more.Entities}
			defer func() { t.input = whole }()
		}
		e.runTask(t)
		e.resumePaused(t)
	default:
		e.handle(t, more.Intent)
	}
}

// clauseOrder is the order number a request's own clause names, or "":
// "cancel OP-101402 and return the ring from OP-101401" returns from the
// second (it looked in the first, the conversation's order by then).
func clauseOrder(u Understanding) string { return orderNumberIn(u.Entities) }

// orderNumberIn returns the first order number of entities, or "".
func orderNumberIn(entities []intents.Entity) string {
	for _, en := range entities {
		if en.Type == intents.EntityOrderNumber {
			return en.Value
		}
	}
	return ""
}

// leaves reports whether the customer ends the flow in progress without
// finishing it: a goodbye, thanks, or "forget it" that answers nothing the
// flow waits for.
func (e *Engine) leaves(t *turn) bool {
	d := &t.d
	if d.Task == nil && len(d.Paused) == 0 || t.input.payload != "" || len(t.input.entities) > 0 || len(t.input.photos) > 0 {
		return false
	}
	if last, ok := lastPart(t.input.text); ok && e.texts.IsKeyword(t.lang(), keywordLeaveStrong, intents.Normalize(last)) {
		// "Actually hang on, my daughter says she wants them. Forget
		// it": the last word is to leave, however long what came before
		// ("I didn't understand that answer", and the question again;
		// round 97a). After a comma too, and whatever hesitation came
		// before it: « non attendez, en fait je vais d'abord essayer de
		// la faire ajuster, laissez tomber » ("take your time" came;
		// round 106b).
		return true
	}
	if (d.Task != nil && (d.Task.Step == stepConfirm || d.Task.Step == stepChecks)) && (e.yesNo(t) != 0 || e.hesitates(t) ||
		e.texts.Mentions(t.lang(), keywordAsksNext, t.input.norm) && !e.saysBye(t)) ||
		e.detailAtAddressSummary(t) || d.Task != nil && d.Task.Step == stepIdentity && e.lacksDetailsVaguely(t) {
		return false // "non finalement" answers the question, "attends" puts it off
	}
	if d.Task != nil && d.Task.Step == stepReason && e.reasonNamed(t) != "" && !e.saysBye(t) {
		return false // "too long" to "why are you returning it?" is the reason, no "so long"
	}
	if d.Task != nil && d.Task.Intent == intents.CancelOrder && d.Task.Step == stepConfirm &&
		e.mentionsUnnegated(t.lang(), keywordGoAhead, t.input.norm) {
		return false // "c'est bon vous pouvez annuler": a yes, whose "c'est bon" is no leave-taking
	}
	if d.Task != nil && d.Task.Intent == intents.AccountDetails && d.Task.Reason == requestUnsubscribe && d.Task.Step == stepConfirm &&
		e.restatesUnsubscribe(t) {
		// « je ne veux plus la recevoir, c'est tout » at the
		// unsubscription's question: the wish said again, whose "c'est
		// tout" is no leave-taking (nothing was sent; round 116b).
		return false
	}
	if d.Task != nil && d.Task.Intent == intents.Exchange && d.Task.Step == stepText && hasDigit(t.input.text) &&
		len(strings.Fields(t.input.norm)) <= 3 {
		return false // "T54" to "what would you like instead?" is the wish (it said goodbye)
	}
	if d.Task != nil && d.Task.Intent == intents.AccountDetails && (d.Task.Step == stepChoice || d.Task.Step == stepText) &&
		hasDigit(t.input.text) && !e.saysBye(t) {
		return false // "it ends in 456 now" under the details: a new number (round 67a)
	}
	if d.Task != nil && d.Task.Step == stepItem && d.Task.Order != "" && !e.saysBye(t) {
		// "bon ok la bague alors" to "which item?", once the bracelet was
		// refused: the item, whose "bon ok" is no leave-taking (read as
		// a goodbye at 0.67, the return was dropped; round 69a).
		if o, ok := e.customerOrder(t, d.Task.Order); ok && len(e.pickItemsIn(t, t.input.text, t.input.norm, o.Items)) > 0 {
			return false
		}
	}
	if e.texts.HasKeyword(t.lang(), keywordLeave, t.input.norm) {
		return !e.leavesFor(t)
	}
	if (d.Task != nil || len(d.Paused) > 0) && !e.saysBye(t) && e.startsAfterFillers(t.lang(), keywordBackTo, t.input.norm) {
		// « Bon, revenons au bracelet » after a question in between: back
		// to it, not a goodbye (read so at 0.91, the wrong item was
		// dropped; round 122a).
		return false
	}
	if t.u.Intent == intents.Thanks && d.Task != nil && d.Task.Step != "" && !e.saysBye(t) && !t.thanked {
		// "merci" while the bot waits for an answer (yes or no, an item,
		// a reason) is politeness: the question stays, asked again after
		// the answer to it. "merci, au revoir" leaves.
		return false
	}
	if e.saysBye(t) && len(t.u.More) == 0 && !e.isFlow(t.u.Intent) {
		return true // "ok, bonne journée"
	}
	if d.Task != nil && d.Task.Step == stepContact {
		// "now" to "which address can we write to?" is impatience, not
		// a goodbye: only words of leave-taking end a request for a
		// person.
		return false
	}
	if strings.Contains(t.input.text, "?") && !e.saysBye(t) {
		// "ok bon à savoir. et ça coûte plus cher ?": a question after the
		// thanks, read as a goodbye at 0.84 (« belle journée à vous »
		// came; round 130a).
		return false
	}
	return (t.u.Intent == intents.Goodbye || t.u.Intent == intents.Thanks) && t.u.Confidence >= e.thresh && len(t.u.More) == 0
}

// putsOff reports whether a message the classifier reads as a goodbye
// puts the flow's question off for later, without a word of goodbye:
// thinking it over, going to look, a later time.
func (e *Engine) putsOff(t *turn) bool {
	d := &t.d
	if d.Task == nil || t.input.payload != "" || e.saysBye(t) {
		return false
	}
	if d.Task.Step == stepIdentity && e.lacksDetailsVaguely(t) {
		return false // "je sais plus" to "your order number?": where to find it
	}
	lang, norm := t.lang(), t.input.norm
	if d.Task.Intent == intents.MissingParcel && d.Task.Step == stepConfirm && e.texts.Mentions(lang, keywordWillWait, norm) {
		return false // "I'll wait a few more days": no investigation now, which the flow says
	}
	if t.u.Intent != intents.Goodbye {
		// Whatever else it reads as, a message that says the customer
		// will come back to it and asks nothing: "je dois retrouver
		// l'emballage…, je reviendrai plus tard", "wait I will come back
		// later with photo" (the question came again, and again after
		// each answer in between; round 67a). Not at a summary, where
		// such words come with the answer, nor at a missing parcel's
		// checks, which have their own answer.
		return d.Task.Step != stepConfirm && d.Task.Step != stepChecks && !strings.Contains(t.input.text, "?") && len(t.u.More) == 0 &&
			e.texts.Mentions(lang, keywordComeBackLater, norm) && !e.texts.Mentions(lang, keywordTakeBack, norm)
	}
	return e.texts.HasKeyword(lang, keywordWait, norm) || e.texts.Mentions(lang, keywordWillLook, norm) ||
		e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm))
}

// leavesFor reports whether a message leaves the flow in progress for
// another request it makes: "laissez tomber je veux parler à un
// conseiller", "forget it, where is my order?" (they only got "I'll stop
// there").
func (e *Engine) leavesFor(t *turn) bool {
	d := &t.d
	return (d.Task != nil || len(d.Paused) > 0) && t.input.payload == "" &&
		e.texts.HasKeyword(t.lang(), keywordLeave, t.input.norm) &&
		(e.isFlow(t.u.Intent) || t.u.Intent == intents.HumanAgent) && t.u.Confidence >= interruptConfidence &&
		(d.Task == nil || t.u.Intent != d.Task.Intent)
}

// leavesWithRequest drops the flow in progress when a long message leaves
// it and asks something else in a clause of its own ("non en fait
// laissez tomber, je veux juste suivre ma commande": read as a no, the
// request for a person stayed, and the details given next opened it), and
// takes that clause's request as the message's.
func (e *Engine) leavesWithRequest(t *turn) {
	d := &t.d
	if d.Task == nil || t.input.payload != "" || t.thenAsked.Intent != "" || e.texts.HasKeyword(t.lang(), keywordLeave, t.input.norm) ||
		!e.texts.Mentions(t.lang(), keywordLeave, t.input.norm) ||
		t.u.Intent != intents.Deny && t.u.Intent != intents.OOS && t.u.Intent != intents.Affirm {
		return
	}
	for _, c := range strings.FieldsFunc(t.input.text, func(r rune) bool { return strings.ContainsRune(",.;!?", r) }) {
		norm := intents.Normalize(c)
		if e.texts.Mentions(t.lang(), keywordLeave, norm) || tooShortForRequest(norm) {
			continue
		}
		if cu := e.understandOne(c, t.lang(), norm); e.isFlow(cu.Intent) && cu.Intent != d.Task.Intent && cu.Confidence >= interruptConfidence {
			d.forget()
			t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Alternatives = cu.Intent, cu.FAQID, cu.Confidence, nil
			return
		}
	}
}

// lastPart returns the last sentence of a text, or the last clause after
// a comma of its only sentence, and whether there was something before it.
func lastPart(text string) (string, bool) {
	parts := sentences(text)
	if len(parts) == 0 {
		return "", false
	}
	last := parts[len(parts)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		return last[i+1:], true
	}
	return last, len(parts) > 1
}

// sayGoodbye says goodbye; when it leaves a request summed up and not yet
// confirmed, it says nothing was done ("merci beaucoup", then "à
// bientôt" at a return's summary: the customer left believing it made;
// round 106b).
func (e *Engine) sayGoodbye(t *turn, pending *task) {
	if pending != nil && pending.Step == stepConfirm {
		e.say(t, "goodbye_undone", map[string]any{"Shop": e.shop.Name, "Flow": e.flowName(t, *pending)})
		return
	}
	e.say(t, "goodbye", map[string]any{"Shop": e.shop.Name})
}

// leave ends every flow in progress and answers the goodbye or thanks.
func (e *Engine) leave(t *turn) {
	name := ""
	pending := t.d.Task
	if pending != nil {
		name = e.flowName(t, *pending)
	}
	t.d.forget()
	t.d.Fallbacks = 0
	switch {
	case t.u.Intent == intents.Goodbye, e.saysBye(t):
		e.sayGoodbye(t, pending)
	case t.u.Intent == intents.Thanks:
		e.say(t, "thanks", nil)
	default:
		e.say(t, "flow_left", map[string]any{"Flow": name})
	}
}

// focusOrderNamed makes an order of the verified customer's named in the
// message the one the conversation is about, even when the message is not
// acted on yet: after "and what's up with OP-102403?" — "which do you
// mean?", "cancel it" is about OP-102403, not the order before.
func (e *Engine) focusOrderNamed(t *turn) {
	number, ok := e.entity(t, intents.EntityOrderNumber)
	if !ok || t.conv.CustomerID == 0 {
		return
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		e.log.WarnContext(t.ctx, "orders for the order named", "conversation", t.conv.ID, "err", err)
		return
	}
	if o, ok := findOrder(orders, number); ok {
		t.d.Order = o.Number
	}
}

// needsPrivacy reports whether a message is about the customer's account,
// or carries their details, and so can't be answered where others read.
func (e *Engine) needsPrivacy(t *turn) bool {
	return e.isFlow(t.u.Intent) || t.u.Intent == intents.HumanAgent || t.d.Task != nil ||
		e.hasEntity(t, intents.EntityEmail, intents.EntityOrderNumber, intents.EntityLoyaltyCard, intents.EntityTrackingNumber)
}

// cancelledOtherOrder returns the order a message asks to cancel beside
// another it says not to cancel ("don't cancel OP-102603, cancel
// OP-102601"): the order number of a part that cancels and refuses
// nothing, when another part refuses; "" otherwise.
func (e *Engine) cancelledOtherOrder(t *turn) string {
	if len(t.input.entities) < 2 || !e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm) {
		return ""
	}
	refused, asked := false, ""
	for _, p := range takeBackParts(t.input.text) {
		norm := intents.Normalize(p)
		n := orderNumberIn(e.entitiesOf(p, t.lang()))
		switch {
		case n == "":
		case e.texts.Mentions(t.lang(), keywordNoCancel, norm) || e.texts.Mentions(t.lang(), keywordNegatedVerb, norm):
			refused = true
		case e.texts.Mentions(t.lang(), keywordWithdraw, norm) && asked == "":
			asked = n
		}
	}
	if !refused {
		return ""
	}
	return asked
}

// answerAfterNeverMind returns what a message typed at a free-text
// question says after a first sentence that only lets something go ("ok
// never mind."), when that is an answer of a few words; ok is false
// otherwise.
func (e *Engine) answerAfterNeverMind(t *turn) (string, bool) {
	tk := t.d.Task
	if tk == nil || !freeTextSteps[tk.Step] || t.input.payload != "" {
		return "", false
	}
	sents := sentences(t.input.text)
	if len(sents) < 2 {
		return "", false
	}
	lang, first := t.lang(), intents.Normalize(sents[0])
	if !e.texts.Mentions(lang, keywordNeverMind, first) ||
		!e.texts.MadeOf(lang, first, keywordNeverMind, keywordAck, keywordPolite, keywordFiller, keywordNo) {
		return "", false
	}
	rest := strings.TrimSpace(strings.Join(sents[1:], " "))
	norm := intents.Normalize(rest)
	if len(strings.Fields(norm)) < 3 || e.texts.Mentions(lang, keywordNeverMind, norm) || e.texts.Mentions(lang, keywordLeave, norm) ||
		e.texts.Mentions(lang, keywordStop, norm) {
		return "", false
	}
	return rest, true
}

// stops reports whether the customer asks to leave the task in progress:
// "annuler", "stop", "cancel" alone or with no more than a change of mind
// ("non finalement, annuler", "changed my mind, cancel"), or the stop
// button. With no task in progress these words are left to the
// classifier: "annuler" may then mean cancelling an order.
func (e *Engine) stops(t *turn) bool {
	if t.input.payload == payloadStop {
		return true
	}
	if e.detailAtAddressSummary(t) {
		return false // "j'ai oublié : appartement 12": forgotten, not "oubliez"
	}
	if t.d.Task == nil && len(t.d.Paused) == 0 {
		return false
	}
	if e.givesItemsAndReasons(t) {
		return false
	}
	if tk := t.d.Task; tk != nil && (tk.Intent == intents.StartReturn || tk.Intent == intents.Exchange) && t.input.payload == "" &&
		e.texts.Mentions(t.lang(), keywordEngravingWrong, t.input.norm) {
		return false // "no i dont want to return the ring. the engraving is WRONG…": the shop's mistake (see reread)
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.WrongItem && (tk.Step == stepConfirm || tk.Step == stepReceived || tk.Step == stepItem) &&
		e.wantsRefundInstead(t) {
		// "Sure, but I'd rather have a refund than the exchange" at a
		// wrong or missing item's summary: the report, with the money
		// back (it stopped, and a return of the item never received
		// began; round 118b).
		return false
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.WrongItem && (tk.Step == stepReceived || tk.Step == stepConfirm) && t.input.payload == "" {
		if o, ok := e.customerOrder(t, tk.Order); ok && len(e.otherItemsWrong(t, o.Items, tk.ItemIDs)) > 0 {
			return false // the other item is the wrong one: the flow moves to it
		}
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.Exchange && t.input.payload == "" &&
		(e.refundNotExchange(t) || e.texts.Mentions(t.lang(), keywordNoExchange, t.input.norm) && e.texts.Mentions(t.lang(), keywordSendBack, t.input.norm)) {
		// "en fait non pas d'échange, je préfère juste la renvoyer et être
		// remboursée": the return instead, not a stop (the exchange was
		// dropped, and the return never begun; round 96a).
		return false
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.DeliveryAddress && tk.Step == stepText && t.input.payload == "" {
		if parts := sentences(t.input.text); len(parts) > 1 && e.texts.addressIn(parts[len(parts)-1]) != "" {
			// "Non finalement c'est bon. En fait si, changez-la pour le
			// 40 rue Lepic, 75018 Paris": the address said last stands
			// (the change was stopped; round 76b).
			return false
		}
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.AccountDetails && tk.Step == stepConfirm && tk.Reason != requestErase && tk.Reason != requestUnsubscribe && t.input.payload == "" &&
		e.correctsWhichDetail(t) {
		return false // "pardon je voulais dire mon email pas mon tel": another detail, not a stop
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.AccountDetails && t.input.payload == "" &&
		(tk.Reason == requestErase && e.unsubscribeIn(t, t.input.norm) || tk.Reason == requestUnsubscribe && tk.Step == stepConfirm && e.restatesUnsubscribe(t)) {
		// (Or the wish said again at the unsubscription's question: « je
		// ne veux plus la recevoir, c'est tout » stopped it; round 116b.)
		return false // "… c'est juste la newsletter que je veux arrêter": the newsletter, not "arrêter" to stop
	}
	if tk := t.d.Task; tk != nil && tk.Step == stepConfirm && (e.yesAfterNo(t) || e.cancelsAnyway(t)) {
		// "no wait, actually yes, unsubscribe me", "non en fait
		// annulez": a yes
		return false
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.CancelOrder && tk.Step == stepConfirm &&
		e.texts.Mentions(t.lang(), keywordGoAhead, t.input.norm) {
		return false // "c'est bon vous pouvez annuler": the yes, not "annuler" to stop
	}
	if tk := t.d.Task; tk != nil && tk.Step == stepConfirm && t.input.payload == "" && e.texts.StartsWith(t.lang(), keywordYes, t.input.norm) &&
		e.texts.MadeOf(t.lang(), t.input.norm, keywordYes, keywordAck, keywordPolite, keywordFiller, keywordYesFine) {
		// "oui c bon, transmettez", "oui c'est bon" at a wrong item's
		// summary: a yes, not « c'est bon » that lets it go (nothing was
		// sent; round 111b).
		return false
	}
	if tk := t.d.Task; tk != nil && tk.Step == stepConfirm && t.thenAsked.Intent != "" {
		return false // « oui c'est bon. alors je le renvoie maintenant ou j'attends ? »
	}
	if tk := t.d.Task; tk != nil && (tk.Step == stepQuantity || tk.Step == stepItem) && t.input.payload == "" &&
		e.texts.MadeOf(t.lang(), t.input.norm, keywordNoneWords, keywordMindChanged, keywordFiller, keywordPolite) &&
		e.texts.Mentions(t.lang(), keywordNoneWords, t.input.norm) {
		// "none actually" to "how many?" or "which item?": nothing goes
		// back (the question came again; round 49b).
		return true
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.HumanAgent && tk.Step == stepContact && t.input.payload == "" &&
		len(t.input.entities) == 0 && e.texts.Mentions(t.lang(), keywordNoLongerNeeded, t.input.norm) {
		// "never mind, I found what I needed on your website, thanks"
		// while the address is asked: nobody needed (the thanks got
		// "you're welcome", and the address was asked again; round 90b).
		return true
	}
	return e.saysStop(t) || e.retracts(t)
}

// keepsSomeItems reports whether, in a return of several items, the
// message keeps some of them and not all ("Finalement je garde les boucles
// d'oreilles, je ne renvoie que le bracelet": the whole return was
// dropped; round 67a).
func (e *Engine) keepsSomeItems(t *turn) bool {
	tk := t.d.Task
	if tk == nil || tk.Intent != intents.StartReturn || len(tk.ItemIDs) < 2 {
		return false
	}
	o, ok := e.customerOrder(t, tk.Order)
	return ok && len(e.itemsLeftIn(t, o, tk.ItemIDs)) > 0
}

// freeTextSteps wait for words the flow takes as they are: a description,
// a reason, a correction, a wish.
var freeTextSteps = map[string]bool{stepReceived: true, stepText: true, stepReason: true}

// retracts reports whether the answer to a question that takes free text
// takes back what started the flow ("sorry my mistake, it's actually the
// right one", "non finalement c'est le bon", "nothing actually, it's all
// fine"): taken as the description, it opened a case for the team.
func (e *Engine) retracts(t *turn) bool {
	tk := t.d.Task
	if tk == nil || t.input.payload != "" || len(t.input.photos) > 0 || e.correctsOrderOf(t, tk.Order) {
		// ("pardon je me suis trompée, c'est pour la commande OP-102503":
		// the order put right, not the request taken back.)
		return false
	}
	if e.keepsSomeItems(t) {
		return false // some items kept, the others still go back
	}
	if tk.Intent == intents.StartReturn && t.input.payload == "" && e.returnItemInstead(t) {
		// "no wait sorry, not the scarf, I meant the earrings. keep the
		// scarf": the earrings go back instead (the return was dropped
		// for "keep"; round 68a).
		return false
	}
	lang, norm := t.lang(), t.input.norm
	if (tk.Intent == intents.StartReturn || tk.Intent == intents.Exchange) && e.texts.Mentions(lang, keywordRetractReturn, norm) &&
		!(tk.Intent == intents.StartReturn && e.refundNotExchange(t)) {
		return true // "I don't want to return it anymore", at any step
	}
	if tk.Intent == intents.AccountDetails && (tk.Step == stepText || tk.Step == stepChoice || tk.Step == stepConfirm) && e.texts.Mentions(lang, keywordTakeBack, norm) &&
		!(tk.Step == stepConfirm && e.texts.newDetailIn(t.input.text)) && !(tk.Reason == requestErase && e.unsubscribeIn(t, norm)) {
		// "my phone is 07700 900111 — no wait, I don't want to give you
		// my number": nothing to send (the number taken back was).
		return true
	}
	summary := tk.Step == stepConfirm && (tk.Intent == intents.WrongItem || tk.Intent == intents.AccountDetails)
	if tk.Step == stepItem && tk.Order != "" && e.texts.Mentions(lang, keywordRetract, norm) {
		// "Non pardon, je me suis trompée : la bague, pas le bracelet" to
		// "which item?": the item named, not the return dropped (it was;
		// round 87b).
		// (By its name: "on second thought, no thanks" names no second
		// item.)
		if o, ok := e.customerOrder(t, tk.Order); ok && namesOneOf(t.input.text, itemNamesOf(o.Items)) {
			return false
		}
	}
	if (tk.Step == stepItem || tk.Step == stepQuantity || tk.Step == stepOrder) && actionFlows[tk.Intent] &&
		(e.texts.Mentions(lang, keywordRetract, norm) ||
			e.texts.Mentions(lang, keywordNo, norm) && e.texts.MadeOf(lang, norm, keywordNo, keywordMindChanged, keywordPolite, keywordAck)) {
		// "sorry, false alarm", "on second thought, no thanks" to "which
		// item?" or "how many?": nothing to pick (it asked again, or
		// "didn't understand").
		return true
	}
	if !freeTextSteps[tk.Step] && !summary {
		return false
	}
	if summary && tk.Missing && e.texts.Mentions(lang, keywordFound, norm) {
		return true // "actually it was in the box": nothing missing
	}
	if tk.Intent == intents.WrongItem && !tk.Missing && (summary || tk.Step == stepReceived) && e.saysOrderedAfterAll(t) {
		// "ah non pardon, c'est bien de l'argent" about the silver bangle:
		// the right one came (it was filed as what arrived instead).
		return true
	}
	if tk.Step == stepText && e.texts.IsKeyword(lang, keywordRetractAlone, norm) {
		return true // "rien" to "what needs correcting?"
	}
	keeps := e.noThenKeep(t) && e.texts.Mentions(lang, keywordKeepVerb, norm)
	if tk.Step == stepReason && e.reasonNamed(t) != "" && !keeps {
		return false // "I changed my mind" is a reason to return
	}
	// "bon ben non alors", "no no I keep the ring, I just asked": a no,
	// and nothing else said (each became a return's reason, one yes from
	// the return; round 57b).
	return e.texts.Mentions(lang, keywordRetract, norm) || e.texts.IsKeyword(lang, keywordNo, norm) || keeps ||
		e.texts.Mentions(lang, keywordNo, norm) && e.texts.MadeOf(lang, norm, keywordNo, keywordFiller, keywordPolite, keywordJoiner, keywordQuestionFiller)
}

// saysStop reports whether the message is a stop word, alone or with a
// no or a thanks around it, or — in a flow, where there is something to
// take back — a change of mind ("changed my mind, cancel").
func (e *Engine) saysStop(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if len(t.input.entities) > 0 {
		return false
	}
	if tk := t.d.Task; tk != nil && tk.Intent == intents.CancelOrder && tk.Step == stepConfirm && e.texts.IsKeyword(lang, keywordConfirmWords, norm) {
		return false // "annulez" to "do you confirm the cancellation?" answers it
	}
	if e.texts.IsKeyword(lang, keywordStop, norm) {
		return true
	}
	if t.d.Task != nil {
		// "je voudrais plutôt parler d'autre chose" in a flow: leaving it
		// (it became an exchange's wish, which a yes sent; round 51c).
		// The whole text: the understanding read past the clause, so
		// t.input.norm is what follows it.
		if turns, rest := e.newTopic(t.input.text, intents.Normalize(t.input.text), lang); turns && rest == "" {
			return true
		}
	}
	lists := []string{keywordStop, keywordNo, keywordPolite}
	if t.d.Task != nil || len(t.d.Paused) > 0 {
		lists = append(lists, keywordMindChanged)
	}
	if tk := t.d.Task; tk != nil && tk.Intent != intents.CancelOrder && !e.flows[tk.Intent].query {
		// "cancel that", "annulez le changement", "stop please i dont want
		// this": the request in progress, not the order (a "yes" to the
		// cancellation offered instead cancelled it). In a cancellation,
		// or a question about an order, "cancel it" is the order.
		lists = append(lists, keywordStopObject)
	}
	if e.texts.Mentions(lang, keywordLeave, norm) {
		// "ok then forget it", "ok alors laissez tomber", "c'est bon,
		// oubliez": leaving, said with an ok (each was taken for a
		// hesitation, and the next "yes" acted).
		lists = append(lists, keywordLeaveWords, keywordLeave)
	}
	if e.texts.Mentions(lang, keywordStop, norm) && e.texts.MadeOf(lang, norm, lists...) {
		return true
	}
	// A stop at a summary, with why after it: "nan en fait laisse tomber
	// jvais la faire mettre a ma taille chez un bijoutier" (the summary
	// came again; round 111b). Not another item, a yes, a question or
	// what is wanted instead; nor a word of stopping that is the
	// cancellation's own ("annulez-la svp").
	tk := t.d.Task
	phrase, at, ok := e.texts.findAt(lang, keywordNeverMind, norm)
	if !ok || tk == nil || tk.Step != stepConfirm || t.input.payload != "" || strings.Contains(t.input.text, "?") || e.yesNo(t) != 0 {
		// (A no the flow reads is its own: "no need to open an
		// investigation yet, I'll wait until Monday" says for how long.)
		return false
	}
	head, rest := strings.TrimSpace(norm[:at+len(phrase)]), strings.TrimSpace(norm[at+len(phrase):])
	return rest != "" && len(strings.Fields(head)) <= 5 && e.texts.MadeOf(lang, head, keywordNo, keywordFiller, keywordMindChanged, keywordNeverMind, keywordStop) &&
		!e.texts.Mentions(lang, keywordYes, rest) && !e.texts.Mentions(lang, keywordWillWait, rest) &&
		!e.texts.StartsWith(lang, keywordOnlyLead, rest) && !e.texts.Mentions(lang, keywordAlso, rest) &&
		!e.texts.Mentions(lang, keywordInsteadWord, rest) && !e.namesItemsOf(t, tk.Order)
}

// stopsNothing reports whether a stop word comes with nothing in progress
// to stop ("stop", "cancel" to get out of a list of choices): no flow,
// and no cancellation button offered alone by the last answer, which
// "annuler" would press.
func (e *Engine) stopsNothing(t *turn) bool {
	d := t.d
	if t.input.payload != "" || d.Task != nil || len(d.Paused) > 0 || !e.saysStop(t) {
		return false
	}
	if d.Last != nil && (d.Last.Kind == didRequest || d.Last.Kind == didReturn) {
		return false // "scrap that" takes back what was just sent
	}
	if d.Retry == intents.CancelOrder && d.Order != "" {
		// « annulez !!! » right after a cancellation was refused:
		// insisting, answered again with why (it got "nothing to stop").
		return false
	}
	return t.offered != prefixIntent+intents.CancelOrder
}

// givesItemsAndReasons reports whether the message answers a return's
// "which item?" or "why?" with items of the order and reasons: "both,
// earrings are faulty (one stone fell out) and the scarf I just changed
// my mind" is the answer, a change of mind among the reasons (the whole
// return was stopped, then it was read as an exchange; round 76b).
func (e *Engine) givesItemsAndReasons(t *turn) bool {
	tk := t.d.Task
	return tk != nil && tk.Intent == intents.StartReturn && (tk.Step == stepItem || tk.Step == stepReason) &&
		t.input.payload == "" && e.namesItemsOf(t, cmp.Or(tk.Order, t.d.Order)) && e.longestReason(t, t.input.norm, returnReasons) != "" &&
		!e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm) && !e.texts.Mentions(t.lang(), keywordExchangeWords, t.input.norm)
}

// continuesTask reports whether the message answers the task in progress
// rather than asking something new.
func (e *Engine) continuesTask(t *turn) bool {
	tk := t.d.Task
	in := t.input
	if tk.Step == stepItem && e.givesItemsAndReasons(t) {
		return true
	}
	if tk.Step == stepConfirm && in.payload == "" && actionFlows[tk.Intent] && leadingYes.MatchString(in.text) &&
		actionFlows[t.u.Intent] && t.u.Intent != tk.Intent && e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(in.norm)) {
		// "yes, but only if you have it in stock - otherwise I'd rather
		// have a refund" at an exchange's summary: a yes on a condition,
		// which the flow answers; the other way is only if not (the
		// exchange was put aside and a return begun; round 128a, a near
		// miss).
		return true
	}
	if tk.Intent == intents.StartReturn && tk.Step == stepConfirm && in.payload == "" && e.switchesReturnItem(t) &&
		!e.texts.Mentions(t.lang(), keywordWishAttribute, in.norm) && !hasDigit(in.text) {
		// "hmm actually, can we make it the earrings instead? i'll keep
		// the scarf" at the scarf's return summary: the return's item
		// put right, which the flow does (an exchange of the earrings
		// was begun, and sent on "yes"; round 100a). Only at the
		// summary: at the reason's question the same words tell why.
		return true
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepText && in.payload == "" && e.texts.Mentions(t.lang(), keywordIAsked, in.norm) &&
		!e.texts.newDetailIn(in.text) {
		// "no I asked how long I have to return the scarf" at "what needs
		// correcting?": the question misread, asked again, not a
		// correction (it was summed up for the team; round 85b).
		t.d.Task = nil
		return false
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepText && in.payload == "" && e.texts.newDetailIn(in.text) {
		// "it's now 07700 900456" to "what needs correcting?": the new
		// number (its last digits read as an order, whose status came;
		// round 84a).
		t.input.free = true
		return true
	}
	if tk.Intent == intents.StartReturn && tk.Step == stepItem && in.payload == "" && e.reasonNamed(t) != "" && !strings.Contains(in.text, "?") {
		if e.oneReturnable(t) {
			// "elle est trop grande" at "which item?" with one item
			// offered: that one (the question came back; round 84a).
			return true
		}
	}
	if tk.Intent == intents.DeliveryAddress && tk.Step == stepConfirm && in.payload == "" && e.namesSavedAddress(t, in.text) {
		// « non en fait plutôt à la maison finalement, laissez comme
		// c'était » at the office address's summary: the flow reads the
		// address named (the summary came again; round 78a).
		return true
	}
	if tk.Intent == intents.MissingParcel && tk.Step == stepChecks && e.stillMissing(t) && !e.foundParcel(t) &&
		len(strings.Fields(in.norm)) <= 6 {
		// "still not found" to "is the parcel still missing?": the yes
		// (read as the cases' status: "you have no open case", and the
		// claim never opened; round 76a).
		return true
	}
	if e.tellsSubject(t) {
		// "it's about my refund that never arrived" to "which address
		// can we write to?": what the request for a person is about,
		// for the team; the address is still wanted (the refund's status
		// came instead, and no one was reached; round 57a).
		return true
	}
	if tk.Intent == intents.CancelOrder && tk.Step == stepConfirm && in.payload == "" && e.texts.Mentions(t.lang(), keywordOnlyMine, in.norm) {
		// "hm ok, the second one is my girlfriend's actually. just do
		// mine then" at the cancellation of the customer's own: about
		// this one (it was read as another order, then a wrong item).
		return true
	}
	if tk.Intent == intents.CancelOrder && tk.Step == stepConfirm && in.payload == "" && e.keepsOrder(t) {
		// « attend en fait non je vais la garder, ma copine la veut
		// finalement »: the order kept, whatever else it reads as (it was
		// taken for small talk, and the question asked again; round 75a).
		return true
	}
	if tk.Step == stepConfirm && in.payload == "" && e.leadsWithNo(t) {
		// "ok keep it. when does it ship?" at a cancellation's question:
		// the answer first (the shipping time came, then the question
		// again; round 122a).
		return true
	}
	if e.onlyTheOther(t) {
		// "just the points actually" at a cancellation asked beside the
		// points: a no to it, not a side request after which it is asked
		// again (a "yes thanks" next cancelled the order; round 66a).
		return true
	}
	if e.asksWhatEraseLoses(t) {
		// "je vais perdre mes points ?" at the summary of an erasure: what
		// it says, again (the points' expiry came: "they never expire";
		// round 66b).
		return true
	}
	if tk.Intent == intents.MissingParcel && tk.Step == stepConfirm && in.payload == "" && t.u.Intent == intents.ClaimStatus &&
		e.texts.Mentions(t.lang(), keywordInvestigate, in.norm) && !e.texts.Mentions(t.lang(), keywordNoInvestigation, in.norm) {
		// "yes please open an investigation" to "shall I open an
		// investigation?": the answer, though the words read as a
		// claim's status (the cases open came instead).
		return true
	}
	if tk.Step == stepConfirm && in.payload == "" && e.texts.Mentions(t.lang(), keywordUnsure, in.norm) {
		// "pas sûre mais bon... ok" to "shall I create the return?":
		// nothing decided, whatever else it reads as (a wrong item, at
		// 0.75, put the return aside and asked which item was wrong;
		// round 62a).
		return true
	}
	if tk.Intent == intents.StartReturn && (tk.Step == stepConfirm || tk.Step == stepQuantity || tk.Step == stepReason) && in.payload == "" &&
		e.addsItemToReturn(t) {
		// "and one pair of the earrings too" at a return's summary: one
		// more item to send back (read as a wrong item at 0.90, it put the
		// return aside and summed up the earrings as missing).
		t.input.free = true
		return true
	}
	if tk.Intent == intents.WrongItem && (tk.Step == stepReceived || tk.Step == stepConfirm) && in.payload == "" && len(tk.ItemIDs) > 0 &&
		!tk.Missing && !e.texts.Mentions(t.lang(), keywordMissingSaid, in.norm) {
		if o, ok := e.customerOrder(t, tk.Order); ok {
			if named := e.itemMeantInstead(t, o.Items); len(named) > 0 && !sameItems(named, tk.ItemIDs) {
				// "Non pardon, le foulard est bon, ce sont les boucles
				// d'oreilles qui ne correspondent pas" at "what came
				// instead of the scarf?": the item put right (read as
				// something else, it was put aside, then the scarf's
				// case filed; round 67a).
				return true
			}
		}
	}
	if tk.Step == stepChecks && in.payload == "" && (e.texts.Mentions(t.lang(), keywordNotChecked, in.norm) ||
		e.texts.Mentions(t.lang(), keywordWillLook, in.norm)) {
		// "j'ai fait le 1 et le 2 mais pas encore les autres": the
		// checks, not all made, whatever else they read as (an item
		// missing at 0.91, whose case was one yes away; round 57b).
		return true
	}
	if e.disputesReturnRefusal(t) {
		return true // the refusal disputed, which the return's flow answers
	}
	if tk.Step == stepItem && in.payload == "" && strings.Contains(in.text, "?") && t.u.Intent == intents.FAQ &&
		t.u.Confidence >= interruptConfidence && len(strings.Fields(in.norm)) >= 4 &&
		!e.texts.Mentions(t.lang(), keywordReturnWord, in.norm) && !e.texts.Mentions(t.lang(), keywordExchangeWords, in.norm) {
		// "is the scarf silk or polyester?" at "which item?": a question
		// about it, answered, then the question again (it picked the
		// scarf, and a return was made; round 52b).
		return false
	}
	if tk.Intent == intents.WrongItem && in.payload == "" && !tk.Missing && e.switchesToReturn(t) &&
		(e.saysRightItem(t.lang(), in.norm) || e.saysRightItem(t.lang(), intents.Normalize(in.text))) {
		// (The whole message: "no no, they're the right earrings,
		// nothing is wrong with them. I just want to send one pair back"
		// is read as its last sentence, the one request it makes.)
		// "it IS the one I ordered… can I return it instead?": no wrong
		// item after all, so nothing to come back to; a return of the
		// same item in its place (it was put aside, to come back after).
		t.d.Task = &task{Intent: intents.StartReturn, Order: tk.Order, ItemIDs: tk.ItemIDs, Said: in.text}
		t.u.Intent, t.u.FAQID, t.u.Alternatives = intents.StartReturn, "", nil
		return true
	}
	if tk.Intent == intents.WrongItem && in.payload == "" && e.switchesToReturn(t) {
		// "actually I think I just return it, I don't like it anyway",
		// "en fait je préfère juste le renvoyer", "no wait, I mean I
		// want to return it" at a wrong or missing item's summary: a
		// return instead (the summary came again, and a yes filed the
		// case; round 63a).
		t.u.Intent, t.u.FAQID, t.u.Alternatives = intents.StartReturn, "", nil
		t.u.Confidence = max(t.u.Confidence, interruptConfidence)
		return false
	}
	if tk.Intent == intents.WrongItem && in.payload == "" && t.u.Intent == intents.StartReturn && t.u.Confidence >= interruptConfidence &&
		e.texts.Mentions(t.lang(), keywordNotWrong, in.norm) {
		// "en fait non c'est pas une erreur, je veux juste retourner le
		// bracelet": a return, not a wrong item (its case was filed with
		// these words as what came; round 51c).
		return false
	}
	if e.switchesReturnExchange(t) {
		// "actually, can I exchange it for a bigger size instead?" names
		// a size, but asks for the other flow; asked as a question of
		// the rules, the flow all the same.
		if t.u.Intent == intents.FAQ {
			t.u.Intent, t.u.FAQID, t.u.Alternatives = intents.Exchange, "", nil
		}
		return false
	}
	if (tk.Step == stepReason || tk.Intent == intents.StartReturn && tk.Step == stepConfirm) && in.payload == "" && e.reasonNamed(t) != "" &&
		!(tk.Step == stepConfirm && e.refundNotExchange(t)) {
		// "Taille ou longueur", "arrivé cassé": the answer, even when it
		// also reads as a question of its own.
		t.input.free = true
		return true
	}
	if tk.Step == stepConfirm && in.payload == "" && e.yesNo(t) == 0 && e.texts.Mentions(t.lang(), keywordAsksNext, in.norm) {
		// "So what happens now?" at "Shall I open an investigation with
		// DHL?": the flow's to answer, the question kept (read as a
		// goodbye, it dropped the investigation; round 83a).
		return true
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepConfirm && tk.Reason == requestErase && in.payload == "" && e.unsubscribeIn(t, in.norm) {
		// "lol jk, just stop the marketing emails pls" at "shall I ask
		// our team to delete your account?": the newsletter instead, which
		// the flow asks (the entry on the newsletter came, then the
		// erasure again, and "yes" sent it; round 82b).
		return true
	}
	if tk.Intent == intents.StartReturn && tk.Step == stepConfirm && in.payload == "" && len(e.returnItemsLeft(t)) > 0 {
		return true // "actually keep the scarf out of it, just the earrings"
	}
	if tk.Intent == intents.StartReturn && (tk.Step == stepReason || tk.Step == stepConfirm || tk.Step == stepQuantity) && in.payload == "" &&
		e.returnItemInstead(t) {
		return true // "no sorry, not the earrings, the scarf"
	}
	if tk.Intent == intents.StartReturn && (tk.Step == stepConfirm || tk.Step == stepQuantity) && in.payload == "" && e.switchesReturnItem(t) {
		// "no wait, the earrings instead", "sorry I meant the earrings"
		// at the return's summary: that item returned instead (a
		// wrong-item report started, and filed what came as "the same
		// earrings, I just want to send them back").
		return true
	}
	if tk.Intent == intents.StartReturn && tk.Step == stepQuantity && in.payload == "" && quantityPhrase.MatchString(in.text) {
		// "just one pair actually, I'll keep the other one" at "how many
		// are you returning?": how many (its "other one" read as another
		// order: "OP-101001 is the only order on your account", and the
		// return dropped; round 68a).
		t.input.free = true
		return true
	}
	if tk.Intent == intents.CancelOrder && tk.Step == stepConfirm && in.payload == "" && e.texts.Mentions(t.lang(), keywordNoCancel, in.norm) {
		// "non non, je voulais dire : est-ce qu'elle est déjà partie ?"
		// at "do you confirm the cancellation?": a no, then where the
		// order stands (not understood, asked again, and the next "oui"
		// cancelled; round 68a).
		return true
	}
	if tk.Intent == intents.Exchange && tk.Step == stepText && in.payload == "" && !strings.Contains(in.text, "?") &&
		e.wishIn(t.lang(), in.text) != "" && (t.u.Intent == intents.Exchange || t.u.Intent == intents.OOS) {
		// "Bon, on reprend l'échange : je voudrais la taille 52", "Back
		// to the exchange then: I'd like the gold ones instead of
		// silver" at "what would you like instead?": the wish, said
		// with the request again (asked again and again; round 67a).
		if _, after, ok := strings.Cut(in.text, ":"); ok && e.wishIn(t.lang(), after) != "" {
			t.input.text, t.input.norm = strings.TrimSpace(after), intents.Normalize(after)
		}
		t.input.free = true
		return true
	}
	if tk.Intent == intents.AccountDetails && (tk.Step == stepChoice || tk.Step == stepText) && in.payload == "" &&
		t.u.Intent == intents.Goodbye && !e.saysBye(t) && strings.ContainsAny(in.text, "0123456789") {
		// "it ends in 456 now" under the details: part of a new phone
		// number, not a goodbye (it got "have a lovely day", and the
		// whole number next "not understood"; round 67a).
		t.input.free = true
		return true
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepChoice && in.payload == "" && !strings.Contains(t.input.text, "?") &&
		e.texts.Mentions(t.lang(), keywordSpellingFix, t.input.norm) {
		// "my surname is spelled Clark without the e" under the details:
		// the correction itself ("I'm not sure I understood").
		t.input.free = true
		return true
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepChoice && in.payload == "" &&
		e.texts.Mentions(t.lang(), keywordDetailWrong, t.input.norm) && !strings.Contains(t.input.text, "?") {
		// "l'adresse du bureau n'est plus bonne" under the account's
		// details: a saved detail to correct (the order was sent to the
		// very address said to be wrong).
		return true
	}
	if tk.Intent == intents.StartReturn && (tk.Step == stepConfirm || tk.Step == stepReason) && in.payload == "" &&
		(e.texts.Mentions(t.lang(), keywordRefundAmountAsked, in.norm) || e.texts.Mentions(t.lang(), keywordReasonWhyAsked, in.norm)) {
		// "how much will I get back?", "why do you need to know the
		// reason?": questions about the return in hand, which it answers
		// ("I didn't understand that answer").
		return true
	}
	if tk.Intent == intents.StartReturn && (tk.Step == stepConfirm || tk.Step == stepReason) && in.payload == "" &&
		len(tk.Quantities) == 1 && e.quantityPutRight(t) > 0 {
		// "en fait les deux paires", "sorry, make that both pairs": how
		// many, put right (not understood, then one went back).
		return true
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepChoice && in.payload == "" && e.bareAnswer(t) && e.yesNo(t) > 0 {
		// "yes" to "would you like to correct something?": what to
		// correct, asked (it got the menu).
		return true
	}
	if tk.Intent == intents.MissingParcel && tk.Step == stepConfirm && in.payload == "" &&
		(e.texts.Mentions(t.lang(), keywordWillWait, in.norm) || e.texts.Mentions(t.lang(), keywordNoInvestigation, in.norm)) {
		// "I'll wait until Monday", "no need to open an investigation
		// yet" to "shall I open an investigation?": the answer (the
		// first read as tracking, the second not understood).
		return true
	}
	if (tk.Step == stepItem || tk.Step == stepQuantity) && in.payload == "" && e.waitsToAnswer(t) {
		return true // "hmm actually let me check the box again first": it waits
	}
	if e.detailAtAddressSummary(t) {
		// "il faut ajouter bâtiment B", "actually it's flat 4B, door code
		// 1234": a detail of the new address (not an order "CODE-1234").
		t.input.free = true
		t.input.entities = slices.DeleteFunc(slices.Clone(t.input.entities), func(en intents.Entity) bool {
			return en.Type == intents.EntityOrderNumber
		})
		return true
	}
	if e.correctsOrder(t) {
		// "sorry wrong order, OP-102602": the same flow, on the order
		// the customer meant (not a wrong item because of "wrong"),
		// never the one put right ("c'est pas ma commande OP-101001
		// c'est OP-100301" went on with the first).
		t.input.entities = withoutOrder(t.input.entities, tk.Order)
		tk.ItemIDs, tk.Quantities, tk.Step, tk.Said = nil, nil, stepOrder, ""
		return true
	}
	if (tk.Intent == intents.CancelOrder || tk.Intent == intents.DeliveryAddress) && tk.Step == stepConfirm && tk.Order != "" &&
		in.payload == "" && !(tk.Intent == intents.DeliveryAddress && e.fixesAddress(t, tk.Note)) && e.movesToItemOrder(t) {
		// (Not the address put right: « c'est au 5e pas au 3e » went to
		// another order, delivered; round 106b.)
		// "no not this one, the one with the ring" at a cancellation's
		// question: the order with the ring (the same order was asked
		// again, and "yes" cancelled it; round 50b).
		return true
	}
	if tk.Order != "" && in.payload == "" && e.movesToMonthOrder(t) {
		// "non attendez, je parlais de ma commande d'octobre": the same
		// request on that order (the summary came again, and "oui"
		// returned the wrong item).
		return true
	}
	if tk.Order != "" && in.payload == "" && e.asksOtherOrder(t) && !((tk.Step == stepItem || tk.Step == stepQuantity || tk.Step == stepReason) && e.picksPlace(t)) &&
		!(t.u.Intent != tk.Intent && e.flows[t.u.Intent].query && (t.u.Confidence >= interruptConfidence || e.namesFlowOf(t, t.u.Intent)) &&
			!e.texts.MadeOf(t.lang(), t.input.norm, keywordOtherOrder, keywordSameFor, keywordAlso)) {
		// (Not "the second one" at the item buttons: that item; nor a
		// question of its own about the other order, "et mon autre
		// commande elle est où ?" at a cancellation.)
		// "Et mon autre commande ?": the same flow, on another order.
		if tk.Step == stepConfirm && actionFlows[tk.Intent] && e.addsOtherOrder(t) {
			// At an action's summary, the summary waits its turn behind
			// the other order ("and my other order?" at the summary of
			// an address change dropped the change).
			intent, said := tk.Intent, tk.Said
			t.d.pause()
			t.d.Task = &task{Intent: intent, Said: said, Step: stepOrder}
			return true
		}
		tk.ItemIDs, tk.Quantities, tk.Step = nil, nil, stepOrder
		return true
	}
	if tk.Intent == intents.DeliveryAddress && tk.Step == stepConfirm && in.payload == "" {
		if _, ok := e.addressPutRight(t, tk.Note); ok {
			// "c'est pas rue Victor Hugo c'est rue Victor Basch": a part
			// of the address put right ("not understood", then the old
			// street was sent).
			t.input.free = true
			return true
		}
	}
	if tk.Intent == intents.DeliveryAddress && tk.Step == stepConfirm && in.payload == "" && hasDigit(in.text) && !e.interrupts(t) {
		// "non attendez, c'est 41 avenue Foch": the address put right.
		t.input.free = true
		return true
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepConfirm && in.payload == "" && e.texts.newDetailIn(in.text) &&
		!e.hasEntity(t, intents.EntityOrderNumber, intents.EntityTrackingNumber) {
		// "no wait, my new number is 07700 900456" at a correction's
		// summary: the correction put right (read as tracking at 0.75,
		// the correction was dropped).
		t.input.free = true
		return true
	}
	if (tk.Intent == intents.Exchange || tk.Intent == intents.WrongItem || tk.Intent == intents.AccountDetails) &&
		tk.Step == stepConfirm && in.payload == "" && !e.interrupts(t) {
		// At the exchange's summary, anything but another request is a
		// yes, a no, or what they want instead put right.
		t.input.free = true
		return true
	}
	if (tk.Step == stepReason || tk.Step == stepReceived || tk.Step == stepText) && in.payload == "" && len(in.photos) == 0 && !e.interrupts(t) {
		// The answer to "why?" or "what arrived?" is free text, whatever
		// the classifier makes of it.
		t.input.free = true
		return true
	}
	if tk.Intent == intents.AccountDetails && tk.Step == stepChoice && in.payload == "" &&
		(e.texts.newDetailIn(in.text) || e.texts.Mentions(t.lang(), keywordDetailWrong, in.norm) && !e.interrupts(t)) {
		// "06 12 34 56 78" under the details and "correct something?":
		// the correction itself. (Or "mon numéro de téléphone est
		// faux", whatever the classifier makes of it: what is right,
		// to be asked.)
		t.input.free = e.texts.newDetailIn(in.text)
		return true
	}
	if t.u.Intent == tk.Intent {
		return true
	}
	if tk.Step == stepOrder && tk.Unfound && in.payload == "" && e.yesNo(t) > 0 && !e.changesAsked(t) {
		return true // "oui" to "is it one of these?": the flow picks, or asks which
	}
	if in.payload != "" {
		// Order, item and reason buttons belong to the task; yes and no
		// too when it waits for them.
		return t.u.Intent == "" || (tk.Step == stepConfirm || tk.Step == stepChecks) && e.yesNo(t) != 0
	}
	switch tk.Step {
	case stepConfirm, stepChecks:
		if tk.Intent == intents.CancelOrder && e.namesOrderItems(t, t.input.text) > 0 {
			return true // "just the scarf": which the flow answers
		}
		if tk.Intent == intents.CancelOrder && strings.Contains(in.text, "?") && !e.hasEntity(t, intents.EntityOrderNumber) &&
			(e.texts.Mentions(t.lang(), keywordCancelledAsked, in.norm) || e.texts.Mentions(t.lang(), keywordCancelledWord, in.norm)) {
			// "est-ce qu'elle est annulée ?" at the question: not yet,
			// asked again (it got another order's cancellation).
			return true
		}
		if (e.yesNo(t) != 0 || e.hesitates(t) || tk.Step == stepChecks && (e.stillMissing(t) || e.foundParcel(t))) && !e.asksAnother(t) {
			return true
		}
		// Another action, or a person, replaces the one waiting for its
		// yes: the classifier must be sure of it. "pour vrai ?" (Québec
		// for "really?") read as a request for a person at 0.62 put the
		// cancellation aside and opened a case; unsure, the question is
		// asked again. A question about the account still pauses it.
		return (e.isFlow(t.u.Intent) && !e.flows[t.u.Intent].query || t.u.Intent == intents.HumanAgent) &&
			t.u.Confidence < interruptConfidence
	case stepIdentity:
		return e.hasEntity(t, intents.EntityEmail, intents.EntityOrderNumber, intents.EntityLoyaltyCard) || e.bareReference(t) != "" ||
			e.lacksDetails(t) || e.lacksDetailsVaguely(t)
	case stepContact:
		return e.hasEntity(t, intents.EntityEmail) || e.yesNo(t) < 0 && !e.asksAnother(t)
	case stepOrder:
		return e.hasEntity(t, intents.EntityOrderNumber)
	case stepItem:
		// (Or "everything except the scarf", whose items are named as
		// set aside: the list came again.)
		return len(e.itemsNamed(t)) > 0 || e.namesOtherOrderItem(t) ||
			e.texts.Mentions(t.lang(), keywordAll, t.input.norm) && e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm)
	case stepQuantity:
		// "too small" to "how many are you returning?", which the
		// classifier reads as an exchange: why, before how many.
		return quantityIn(t.input.norm) > 0 || e.texts.IsKeyword(t.lang(), keywordAll, t.input.norm) ||
			tk.Intent == intents.StartReturn && e.describedReason(t) != "" && (!e.namesOtherAction(t, "") ||
				t.u.Intent == intents.Exchange && !e.texts.Mentions(t.lang(), keywordExchangeWords, t.input.norm) ||
				// (« elles sont pas à la bonne taille », read as a wrong
				// item at 0.93: they don't fit; a wrong item's case was
				// opened; round 134a, a wrong action.)
				t.u.Intent == intents.WrongItem && e.describedReason(t) != reasonNotOrdered)
	case stepReason, stepReceived:
		return len(in.photos) > 0
	case stepChoice:
		// The account details' menu, answered in words: "désabonnez-moi".
		return e.texts.Mentions(t.lang(), keywordUnsubscribe, in.norm)
	}
	return false
}

// plainYes reports whether a message at a summary is a yes and nothing
// else: words of yes, of politeness and fillers, one of them a yes that
// is more than an "ok" (which, before an action, only takes note).
func (e *Engine) plainYes(t *turn) (string, bool) {
	tk := t.d.Task
	lang, norm := t.lang(), t.input.norm
	if tk == nil || tk.Step != stepConfirm || t.input.payload != "" || len(t.input.entities) > 0 || len(t.input.photos) > 0 ||
		strings.Contains(t.input.text, "?") || !strings.Contains(norm, " ") ||
		!e.texts.MadeOf(lang, norm, keywordYes, keywordPolite, keywordFiller) || e.texts.MadeOf(lang, norm, keywordAck, keywordPolite, keywordFiller) ||
		e.texts.Mentions(lang, keywordSarcasm, norm) || intents.Doubts(t.input.text) || e.yesNo(t) <= 0 {
		return "", false
	}
	// Its first word that says yes and not only "noted" ("ok go ahead"
	// is no "ok").
	for _, w := range strings.Fields(norm) {
		if e.texts.IsKeyword(lang, keywordYes, w) && !e.texts.IsKeyword(lang, keywordAck, w) {
			return w, true
		}
	}
	return "", false
}

// yesJoiner is the word that joins a yes to another request after it
// ("yes and please also cancel OP-102601"), as typed or normalised.
var yesPolite = regexp.MustCompile(`(?i)^(?:please|pls|plz|thanks|thank you|svp|stp|s'il vous pla[iî]t|s'il te pla[iî]t|merci|perfect|great|parfait|c'est parfait|c'est bon|c'est tout bon|ça marche|ca marche|d'accord|ok|okay|that's fine|sounds good|looks good|all good|super|tr[eè]s bien|go ahead|do it|cancel it|send it|that's right|that is right|that's correct|correct|exactly|c'est [çc]a|c'est bien [çc]a|exact|vas-y|allez-y|annulez(?:-la|-le)?|envoyez(?:-la|-le)?|faites-le)\b[\s,.:;!-]*`)

var yesJoiner = regexp.MustCompile(`(?i)^[\s,.;:!-]*(?:(?:oh|ah|euh|well|alors)[\s,]+)?(?:and also|and then|and|then|also|et aussi|et puis|et|puis|aussi|ensuite)\b[\s,]*`)

// splitYes reads "yes, and please also cancel my order OP-102601" at a
// confirmation as two answers: the yes to the question, then another
// request, handled after it as another request of the message (the
// return waiting for its yes was put aside for the cancellation, and
// never made). The other request must be joined by "and" or "also", or
// name its own order, and be clear on its own: "yes, I ordered the wrong
// one" is a yes and its reason.
func (e *Engine) splitYes(t *turn) {
	tk := t.d.Task
	if tk == nil || tk.Step != stepConfirm || t.input.payload != "" {
		return
	}
	if t.conv.CustomerID != 0 && (e.othersWriteNow(t) || e.speaksOfHolder(t)) {
		// "oui. Mon copain sera content, c'est lui qui voulait annuler":
		// whoever writes says it is for the holder; the whole message is
		// read, not its yes alone.
		return
	}
	m, answer := leadingYes.FindStringIndex(t.input.text), 1
	if m == nil {
		// "no and also what are my points?": the no, then the question
		// (the points came, the no was lost).
		m, answer = leadingNo.FindStringIndex(t.input.text), -1
	}
	if m == nil || m[1] == len(t.input.text) {
		return
	}
	for range 3 {
		// "yes please. oh and could you also tell me…": the please with
		// the yes (the yes was lost to the question; round 77a); « oui
		// parfait. », "yes cancel it." too (round 126a).
		p := yesPolite.FindStringIndex(t.input.text[m[1]:])
		if p == nil {
			break
		}
		m[1] += p[1]
	}
	yes, rest := t.input.text[:m[1]], t.input.text[m[1]:]
	// A yes closed by its full stop, the rest a sentence of its own: « oui
	// parfait. et le pendentif je peux l'échanger aussi ? », "yes. will it
	// delay the delivery?" (the yes was lost, the summary asked again;
	// round 126a). Not a question whose answer may change the yes (what
	// it costs, whether it can be undone).
	ownSentence := strings.ContainsAny(strings.TrimRight(yes, " "), ".!") && answer > 0
	unsettled := e.asksUnsettled(t.lang(), intents.Normalize(rest))
	if answer > 0 && strings.Contains(rest, "?") && e.texts.MadeOf(t.lang(), intents.Normalize(yes), keywordAck, keywordPolite, keywordFiller) {
		// "Ok. Et est-ce que ça coûte plus cher, vu que c'est en Belgique
		// ?" at a summary: an "ok" that takes note, then a question
		// before deciding (the request was sent, then the question
		// answered; round 111b, a wrong action). A yes in words ("oui, et
		// …?") still says yes.
		return
	}
	norm := intents.Normalize(rest)
	joined := false
	if m := yesJoiner.FindStringIndex(norm); m != nil {
		norm, joined = norm[m[1]:], true
	}
	if answer > 0 && unsettled && strings.Contains(rest, "?") {
		return
	}
	if ownSentence && !strings.Contains(rest, "?") && !joined {
		if more := e.understandOne(rest, t.lang(), norm); e.restSaysNothing(t, norm, more) {
			// "yes cancel it. sorry the other one was my brother's order,
			// ignore that": the yes, and words that ask nothing of it (the
			// other order was read as the one meant, and the cancellation
			// dropped; round 126a).
			if e.answerAlone(t, yes, answer) {
				t.u.More = nil
			}
			return
		}
	}
	if answer > 0 && (e.texts.Mentions(t.lang(), keywordTakeBack, norm) || e.texts.Mentions(t.lang(), keywordItemCorrection, norm) ||
		e.texts.Mentions(t.lang(), keywordNo, norm) && e.texts.Mentions(t.lang(), keywordMindChanged, norm)) {
		// (Or "yes cancel it. actually no wait, I keep it, just tell me
		// when it will ship": cancelled at once; round 75b.)
		// "oui. Ah et en fait non pas le foulard, les boucles d'oreilles":
		// the yes taken back, the item put right; read whole by the flow
		// (the scarf's return was made, then the earrings' begun).
		return
	}
	if e.onlyNamesItems(t.lang(), norm) {
		// "yes and the scarf too" at a return's summary: the flow adds
		// the scarf ("the scarf too" read as an exchange, and the return
		// was made without it).
		return
	}
	more := e.understandOne(rest, t.lang(), norm)
	more.Text = strings.TrimSpace(yesJoiner.ReplaceAllString(rest, ""))
	ownOrder := clauseOrder(more) != "" && clauseOrder(more) != tk.Order ||
		tk.Intent == intents.CancelOrder && e.otherOrderDigits(t, tk.Order) != ""
	if ownOrder && answer > 0 && !joined && !e.texts.Mentions(t.lang(), keywordAlso, norm) {
		// "yes for OP-100501 not this one", "oui c'est bien la 102504 que
		// je veux annuler": the yes is for another order, not this one
		// (this one was cancelled); the flow asks about the one named.
		return
	}
	if !joined && !ownOrder && !(ownSentence && strings.Contains(rest, "?") && !actionFlows[more.Intent]) || tk.Intent == intents.CancelOrder && more.Intent == intents.StartReturn && !ownOrder {
		// (Nor an action read in a question after the yes: "yes. do I
		// need to send the bracelet back first…?" at a wrong item's
		// summary began a return of the earrings; round 128a, a near
		// miss. The flow's side answer has it.)
		// ("oui et remboursez-moi en bon d'achat": how the cancellation
		// refunds, no return.)
		return
	}
	otherItem := e.namesOtherTaskItem(t)
	sameForOther := (ownOrder || e.texts.Mentions(t.lang(), keywordOtherOrder, norm)) &&
		(joined || e.texts.Mentions(t.lang(), keywordAlso, norm)) && !e.texts.Mentions(t.lang(), keywordChangesAsked, t.input.norm)
	if answer > 0 && sameForOther && (more.Intent == tk.Intent || more.Confidence < interruptConfidence || !e.isFlow(more.Intent)) {
		// "yes and cancel OP-102603 too", "yes and also cancel my other
		// order", "oui et aussi pour la OP-102503": the same request for
		// another order, after this one (the yes was lost, and the
		// other orders listed).
		more.Intent, more.FAQID, more.Confidence, more.Apart = tk.Intent, "", 1, true
	} else if answer > 0 && otherItem && e.problemIn(t.lang(), norm) != "" {
		// "yes and the bangle is broken" at the earrings' summary: that
		// case, then the bangle's own (the earrings went back as faulty).
		more.Intent, more.FAQID, more.Confidence, more.Apart = intents.WrongItem, "", 1, true
	} else if more.Intent == tk.Intent && otherItem {
		// "yes and the scarf is the wrong colour" at the summary of the
		// earrings missing, "yes and also exchange the earrings" at the
		// scarf's: that one, then the other item's own (the other item
		// took the first one's place).
		more.Apart = true
	} else if more.Intent == tk.Intent || more.Confidence < interruptConfidence ||
		!(e.isFlow(more.Intent) || more.Intent == intents.HumanAgent || more.Intent == intents.FAQ) {
		if !ownSentence || !strings.Contains(rest, "?") || more.Intent == tk.Intent || actionFlows[more.Intent] {
			return
		}
		// « oui annulez. au fait, mon adresse email va changer bientôt,
		// c'est un souci ? »: the yes stands, the question not understood
		// comes after it (the yes was held; round 126a).
		more.Intent, more.FAQID, more.Confidence = intents.OOS, "", 1
	}
	if answer < 0 && (more.Intent == tk.Intent || actionFlows[more.Intent]) {
		return // "no, cancel the other one": a correction, read whole
	}
	if !e.answerAlone(t, yes, answer) {
		return
	}
	t.u.More = append([]Understanding{more}, t.u.More...)
}

// answerAlone makes the message its leading yes (or no) alone when that
// part, read by itself, gives answer; it reports whether it did, the
// message left whole when not.
func (e *Engine) answerAlone(t *turn, yes string, answer int) bool {
	yesNorm := intents.Normalize(yes)
	t.input = input{text: yes, norm: yesNorm, photos: t.input.photos}
	if e.yesNo(t) != answer {
		t.input = input{text: t.in.Text, norm: t.u.Norm, entities: t.u.Entities, photos: t.in.Attachments}
		return false
	}
	t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Norm = intents.Affirm, "", 1, yesNorm
	if answer < 0 {
		t.u.Intent = intents.Deny
	}
	t.u.Entities, t.u.Alternatives, t.u.Clause = nil, nil, ""
	return true
}

// asksUnsettled reports whether a normalised text asks a side question
// whose answer may change a yes said beside it: what it costs, whether a
// photo is needed, whether it can be undone (settledSides are the others).
func (e *Engine) asksUnsettled(lang, norm string) bool {
	for _, kind := range sideQuestions {
		if !slices.Contains(settledSides, kind) && e.texts.Mentions(lang, "side_"+kind, norm) {
			return true
		}
	}
	return false
}

// restSaysNothing reports whether what follows a yes, read alone (more),
// asks for nothing and takes nothing back: no request, no correction of
// the summary, no wait, no other order but one let go ("sorry the other
// one was my brother's order, ignore that").
func (e *Engine) restSaysNothing(t *turn, norm string, more Understanding) bool {
	lang := t.lang()
	if more.Intent != intents.OOS && more.Intent != intents.Thanks && more.Intent != intents.Goodbye && more.Intent != intents.Affirm &&
		more.Confidence >= interruptConfidence {
		return false
	}
	if e.mentionsAny(lang, norm, keywordTakeBack, keywordNo, keywordHoldYes, keywordWait, keywordYesBut) ||
		// (A correction or another order is let go by "ignore that".)
		!e.texts.Mentions(lang, keywordNeverMind, norm) && e.mentionsAny(lang, norm, keywordItemCorrection, keywordCorrection, keywordMindChanged, keywordOtherOrder) {
		return false
	}
	return !e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)) && !hasDigit(norm) && !e.onlyNamesItems(lang, norm)
}

// mentionsAny reports whether a normalised text holds a phrase of any of
// the keyword lists.
func (e *Engine) mentionsAny(lang, norm string, lists ...string) bool {
	return slices.ContainsFunc(lists, func(list string) bool { return e.texts.Mentions(lang, list, norm) })
}

// beforeOtherwise returns norm cut before the words that open what
// happens if not ("…, otherwise I'll keep it", "…, sinon je la garde").
func (e *Engine) beforeOtherwise(lang, norm string) string {
	if phrase, at, ok := e.texts.findAt(lang, keywordIfNotShipped, norm); ok {
		// "if it hasn't, cancel it": the condition's own "not" does not
		// turn the cancellation down (the order's status came; round
		// 101b).
		// (Its "if" kept: a second condition after it is the other case.)
		first, _, _ := strings.Cut(phrase, " ")
		norm = strings.TrimSpace(norm[:at] + first + norm[min(len(norm), at+len(phrase)):])
	}
	if _, at, ok := e.texts.findAt(lang, keywordOtherwise, norm); ok && at > 0 {
		return norm[:at]
	}
	// A second condition is the other case too: "cancel it but only if it
	// hasn't shipped yet, if it's on its way just leave it" (it was kept).
	words := strings.Fields(norm)
	conditions := 0
	for i, w := range words {
		if !e.texts.InAnyLanguage(keywordConditionStart, w) {
			continue
		}
		if conditions++; conditions == 2 {
			return strings.Join(words[:i], " ")
		}
	}
	return norm
}

// addsOtherOrder reports whether a message naming another order asks
// about it besides the one discussed ("and my other order?", "et pour
// l'autre commande aussi ?"), not instead of it ("en fait non, plutôt le
// collier de mon ancienne commande").
func (e *Engine) addsOtherOrder(t *turn) bool {
	norm := t.input.norm
	asks := strings.HasSuffix(strings.TrimSpace(t.input.text), "?") || strings.HasPrefix(norm, "and ") ||
		strings.HasPrefix(norm, "et ") || strings.HasPrefix(norm, "what about") || strings.HasPrefix(norm, "how about") ||
		e.texts.Mentions(t.lang(), keywordAlso, norm)
	return asks && e.yesNo(t) == 0 && !correctionCue.MatchString(t.input.text) &&
		!e.texts.Mentions(t.lang(), keywordMindChanged, norm)
}

// picksPlace reports whether the message names a place in a list and
// nothing else ("the second one", "la 2e").
func (e *Engine) picksPlace(t *turn) bool {
	_, ok := intents.ListPosition(t.input.text, maxOrderButtons)
	return ok
}

// namesOtherTaskItem reports whether the message names another item than
// those of the complaint in progress (a return, an exchange, a wrong or
// missing item): "yes and the scarf too".
func (e *Engine) namesOtherTaskItem(t *turn) bool {
	return t.d.Task != nil && complaintFlows[t.d.Task.Intent] && e.namesOtherItem(t, e.taskItemNames(t))
}

// taskItemNames are the names of the items the task in progress is about.
func (e *Engine) taskItemNames(t *turn) []string {
	tk := t.d.Task
	orders, err := e.customerOrders(t)
	if err != nil || tk == nil {
		return nil
	}
	o, ok := findOrder(orders, tk.Order)
	if !ok {
		return nil
	}
	var names []string
	for _, it := range selected(o.Items, tk.ItemIDs) {
		names = append(names, it.Name)
	}
	return names
}

// asksAnother reports whether a message that holds a yes or a no word is
// first a request for another flow or a person: "my parcel never arrived"
// while the bot asks for an e-mail address is not a "no".
func (e *Engine) asksAnother(t *turn) bool {
	if t.u.Confidence < interruptConfidence || t.u.Intent == t.d.Task.Intent ||
		!e.isFlow(t.u.Intent) && t.u.Intent != intents.HumanAgent {
		return false
	}
	// "don't cancel it", "ne l'annulez pas", "oui svp c'est la deuxième
	// fois, ouvrez le dossier", which the classifier reads as tracking
	// or a case's status: a no or a yes the answer model is sure of
	// answers the question rather than asks for information. Another
	// action stays a switch ("non je veux plutôt retourner un article").
	a := e.readAnswer(t)
	if a != nil && leadingYes.MatchString(t.input.text) && e.yesNo(t) > 0 {
		// "yes, I ordered the wrong one" to "do you confirm the
		// cancellation?": a yes and its reason, not a wrong item (the
		// cancellation was put aside, then lost).
		return false
	}
	if t.u.Intent == intents.HumanAgent && e.texts.Mentions(t.lang(), keywordAdvice, t.input.norm) {
		// "je sais pas, vous me conseillez quoi ?", read as a person at
		// 0.96: the customer hesitates (a case was opened).
		return false
	}
	if actionFlows[t.u.Intent] || t.u.Intent == intents.HumanAgent {
		return true
	}
	if !strings.Contains(t.input.text, "?") && e.hesitates(t) {
		// "je ne suis pas sûre, je demande à mon mari", read as the
		// points at 0.72: a hesitation, no question (it gave the
		// balance).
		return false
	}
	switch {
	case a == nil:
		return true
	case a.no >= answerSure && e.saysNo(t):
		return false
	case a.yes >= answerSure && e.yesNo(t) > 0:
		return false
	}
	return true
}

// ownCaseOf returns the flow a FAQ answer offers when the message gives an
// order number with the question: the customer's own case, not the rule.
func (e *Engine) ownCaseOf(t *turn) string {
	// Or, from a verified customer with an order in the conversation,
	// said as a request rather than asked: "change the delivery address"
	// (it got how addresses are changed, and the address given next was
	// not understood).
	asked := t.conv.CustomerID != 0 && t.d.Order != "" && !strings.Contains(t.input.text, "?") && !e.startsQuestion(t) &&
		!e.texts.Mentions(t.lang(), keywordHypothetical, t.input.norm)
	// (A loyalty card with the e-mail is a proof too: "my email address
	// has changed, can you update it? <e-mail>, card OPL-1002-02" got how
	// contact details are changed; round 89a.)
	proof := e.hasEntity(t, intents.EntityOrderNumber) || e.hasEntity(t, intents.EntityLoyaltyCard) && e.hasEntity(t, intents.EntityEmail)
	if t.input.payload != "" || t.rulesOnly || !proof && !asked {
		return ""
	}
	if t.u.FAQID == newsletterEntry && strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordAsksAbout, t.input.norm) {
		// « Est-ce que c'est possible de se désinscrire de la newsletter
		// tout en gardant les offres fidélité ? » with the proof: asked,
		// which the entry answers (the unsubscription was summed up;
		// round 132a, a near miss).
		return ""
	}
	if t.u.FAQID == personalDataEntry && e.mentionsErase(t.lang(), t.input.norm) {
		// "supprimez mon compte", "erase all my personal data please":
		// how that is done, which the entry says, not the account's
		// details shown (deletion was never mentioned). So too when the
		// deletion is only asked about: "please DON'T delete my account,
		// I just want to know what would happen to my points" (the
		// details came, and "yes" opened a correction; round 85b).
		return ""
	}
	if cancelEntries[t.u.FAQID] && e.hasEntity(t, intents.EntityOrderNumber) && e.saysCancel(t) {
		// "where is OP-100401 and cancel it if not shipped", "cancel
		// OP-102601 unless it's already on its way": the cancellation,
		// which says whether the order has left and offers a return if
		// it has (a return was started on an order not yet delivered).
		return intents.CancelOrder
	}
	if list, ok := refusedBy[e.faq.Offer(t.lang(), t.u.FAQID)]; ok && e.texts.Mentions(t.lang(), list, t.input.norm) {
		// "I don't want to return anything, I just need the address where
		// returns go", with the proof: the answer, not the return it
		// offers (a return was begun; round 85b).
		return ""
	}
	if offer := e.faq.Offer(t.lang(), t.u.FAQID); e.isFlow(offer) && offer != intents.HumanAgent &&
		(offer != intents.CancelOrder || e.hasEntity(t, intents.EntityOrderNumber) && e.saysCancel(t)) && e.offerFits(t, offer) {
		// (Nor an offer that does not fit the question: "just ordered a
		// ring for my girlfriend (<details>). Can I add gift wrapping?"
		// began an address change; round 102b.)
		// (A person is offered, never asked for on the customer's
		// behalf: "do you sell earrings?" beside an order number
		// opened a hand-off. Nor a cancellation for an entry that only
		// offers one: "change the items of my order", "c'est possible
		// de modifier ma commande pour ajouter un article ? OP-100401",
		// where a "oui" cancelled the order.)
		return offer
	}
	return ""
}

// correctsOrder reports whether the message puts right the order of the
// task in progress: another order number, given as a correction ("sorry",
// "en fait") or on its own.
func (e *Engine) correctsOrder(t *turn) bool {
	return e.correctsOrderOf(t, t.d.Task.Order)
}

// otherOrderEntity reports whether en is an order number other than
// current.
func otherOrderEntity(en intents.Entity, current string) bool {
	return en.Type == intents.EntityOrderNumber && storage.NormalizeOrderNumber(en.Value) != storage.NormalizeOrderNumber(current)
}

// withoutOrder returns entities without the order number current, which
// a correction puts right.
func withoutOrder(entities []intents.Entity, current string) []intents.Entity {
	return slices.DeleteFunc(slices.Clone(entities), func(en intents.Entity) bool {
		return en.Type == intents.EntityOrderNumber && !otherOrderEntity(en, current)
	})
}

// correctsOrderOf reports whether the message gives another order number
// than current as a correction ("sorry", "en fait") or on its own.
func (e *Engine) correctsOrderOf(t *turn, current string) bool {
	if current == "" || t.input.payload != "" || t.conv.CustomerID == 0 {
		return false
	}
	if !slices.ContainsFunc(t.input.entities, func(en intents.Entity) bool { return otherOrderEntity(en, current) }) {
		return false
	}
	lang, norm := t.lang(), t.input.norm
	if e.texts.Mentions(lang, keywordCorrectionStrong, norm) {
		return true
	}
	if rest := e.besidesEntities(t.input.text, t.input.entities); rest == "" || e.texts.MadeOf(lang, rest, keywordSameFor) {
		// "et celle de OP-102401 ?", "what about OP-102603?": the same
		// question about another order, whatever the classifier makes of
		// it ("et celle de la commande OP-102403 ?" after an invoice
		// read as tracking, and gave the order's status).
		return true
	}
	if e.isFlow(t.u.Intent) && t.u.Confidence >= interruptConfidence && (t.d.Task == nil || t.u.Intent != t.d.Task.Intent) {
		// "actually, forget the return, cancel OP-102603 instead":
		// another request, on that order.
		return false
	}
	for _, en := range t.input.entities {
		if otherOrderEntity(en, current) && strings.Contains(t.input.text, "?") && len(strings.Fields(norm)) <= maxSameForWords &&
			e.texts.Mentions(lang, keywordSameFor, norm) && e.namesItemOfOrder(t, en.Value) {
			// « Et celle de l'écharpe, la commande OP-102402 ? » after an
			// invoice: the order named by its item too (a choice of
			// readings came; round 106a).
			return true
		}
	}
	if e.texts.Mentions(lang, keywordCorrection, norm) {
		return true
	}
	// The number on its own ("OP-102602", "c'est la OP-102602").
	return !strings.Contains(t.input.text, "?") && len(strings.Fields(t.input.text)) <= 3
}

// maxSameForWords is the longest question read as the same about another
// order named with its item.
const maxSameForWords = 10

// sameForItem reports whether, right after a return or an exchange was
// answered on one item ("the pendant can't be exchanged"), a short message
// names another item of the customer's ("et la bague alors ?"): the same
// request for that item (it started a wrong-item report on the ring).
func (e *Engine) sameForItem(t *turn, retry string) bool {
	if retry != intents.StartReturn && retry != intents.Exchange || t.input.payload != "" || t.conv.CustomerID == 0 ||
		len(strings.Fields(t.input.norm)) > 6 || e.isFlow(t.u.Intent) && t.u.Intent != intents.WrongItem && t.u.Intent != retry ||
		!hasLetter(t.input.text) {
		// (A number alone names no item once the list is gone: "1" typed
		// after a return was registered started another; round 53c.)
		return false
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return false
	}
	for _, o := range orders {
		if len(e.pickItemsIn(t, t.input.text, t.input.norm, o.Items)) > 0 {
			return true
		}
	}
	return false
}

// asksWhenAgain reports whether, right after the refund of an order was
// given, the customer asks when it comes ("et il arrive quand ?"): about
// the refund, not the parcel the classifier reads.
func (e *Engine) asksWhenAgain(t *turn, retry string) bool {
	return retry == intents.RefundStatus && t.input.payload == "" && t.conv.CustomerID != 0 &&
		(t.u.Intent == intents.TrackOrder || t.u.Intent == intents.OOS || t.u.Intent == intents.FAQ) &&
		!e.hasEntity(t, intents.EntityOrderNumber, intents.EntityTrackingNumber) &&
		e.texts.Mentions(t.lang(), keywordWhen, t.input.norm) && len(strings.Fields(t.input.norm)) <= 8
}

// readWithLastQuestion reads a message that goes on from a general
// answer and makes sense only with the question before it together with
// that question: "et en express ?" after the delivery costs, "and for a
// cancelled order?" after how long a refund takes, "et c'est combien ?"
// after gift wrapping (it asked what they meant, started a cancellation,
// or did not understand). Only a general question the model is sure of,
// read that way, replaces the message's own reading; a message that
// starts with a bare "and" does so only when its own reading is unsure
// ("and cancel my order" is a request of its own).
func (e *Engine) readWithLastQuestion(t *turn) {
	lang, norm := t.lang(), t.input.norm
	if t.lastFAQ == "" || t.lastAsked == "" || t.input.payload != "" || len(t.input.entities) > 0 ||
		len(strings.Fields(norm)) > followUpWords {
		return
	}
	if e.isFlow(t.u.Intent) && t.u.Confidence >= interruptConfidence && e.texts.Mentions(lang, keywordOwnItem, norm) {
		return // "what about my order?": theirs, not the answer's
	}
	about := e.texts.StartsWith(lang, keywordFollowAbout, norm)
	// ("elle est valable combien de temps ?" after the gift cards: "elle"
	// is the card; it got the points' expiry.)
	back := e.texts.Mentions(lang, keywordFollowPronoun, norm)
	unsure := t.u.Intent == intents.OOS || len(t.u.Alternatives) > 1 || t.u.Confidence < interruptConfidence
	otherEntry := false // the two read together must give another answer than the last
	switch {
	case unsure && (about || back || e.texts.StartsWith(lang, keywordFollowOpener, norm)):
	case about && t.u.Intent != intents.FAQ:
		// "and for a cancelled order?", "et pour les retours ?": a
		// question about the answer's subject, not a cancellation or a
		// return asked for.
	case (about || back && t.u.Intent == intents.FAQ) && t.u.Confidence < sureFollowUp:
		// "what about returns?" after the delivery costs: a question of
		// its own, unless the last one read with it asks something else
		// again. A pronoun alone names the answer's subject: "how much
		// does it cost?", "c'est payant ?" after gift wrapping may get
		// the same entry again, which says it (they got the delivery
		// costs and the ways to pay).
		otherEntry = about
	default:
		return
	}
	// (One question read whole: split into its clauses, the follow-up
	// would be read alone again.)
	both := t.lastAsked + " " + t.input.text
	u := e.understandOne(both, lang, intents.Normalize(both))
	if u.Intent != intents.FAQ || u.Confidence < interruptConfidence || len(u.Alternatives) > 1 || otherEntry && u.FAQID == t.lastFAQ {
		return
	}
	if kind := e.answerLacksAsked(t, lang, norm); u.FAQID == t.lastFAQ && kind != "" {
		if entry := kindAfter[t.lastFAQ][kind]; entry != "" && e.hasEntry(lang, entry) {
			// "et ça coûte combien ?" after "yes, we deliver there": the
			// entry that says it (the countries came again, which give no
			// price; round 96b).
			t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Alternatives, t.u.More = intents.FAQ, entry, u.Confidence, nil, nil
			t.withLastAsked = true
			return
		}
		if t.u.Intent == intents.FAQ && t.u.FAQID != t.lastFAQ && t.u.Confidence >= interruptConfidence {
			// "ok et ça coûte cb la livraison ?" after the countries
			// delivered to, which give no price: the delivery's price,
			// its own reading (the countries came again). ("How much is
			// it?" after gift wrapping, whose answer says, is read with
			// it.)
			return
		}
	}
	t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Alternatives, t.u.More = u.Intent, u.FAQID, u.Confidence, nil, nil
	t.withLastAsked = true
}

// kindAfter are, for an FAQ entry whose answer says no price or no time,
// the entries that say it, by the kind asked: "et ça coûte combien ?"
// after the countries delivered to is the delivery's price.
var kindAfter = map[string]map[string]string{
	deliveryCountriesEntry: {keywordSaysAmount: shippingCostEntry, keywordSaysTime: deliveryTimeEntry},
	shippingCostEntry:      {keywordSaysTime: deliveryTimeEntry},
	deliveryTimeEntry:      {keywordSaysAmount: shippingCostEntry},
}

// answerLacksAsked returns what the message asks, how much
// (keywordSaysAmount) or how long (keywordSaysTime), when the answer of the
// last FAQ entry does not say it; "" otherwise.
func (e *Engine) answerLacksAsked(t *turn, lang, norm string) string {
	kind := ""
	switch {
	case e.texts.Mentions(lang, keywordAsksDuration, norm):
		kind = keywordSaysTime
	case e.texts.Mentions(lang, keywordAsksAmount, norm):
		kind = keywordSaysAmount
	default:
		return ""
	}
	answer, err := e.faq.Answer(lang, t.lastFAQ, t.conv.CustomerID != 0)
	if err != nil || e.texts.Mentions(lang, kind, intents.Normalize(answer)) {
		return ""
	}
	return kind
}

// followUpWords is the most words a follow-up of an answer has ("et pour
// une commande de trois articles ?").
const followUpWords = 8

// sureFollowUp is the confidence from which a follow-up's own reading as a
// general question stands ("et en Suisse ?" is where the shop delivers).
const sureFollowUp = 0.9

// askedInContext returns the question an answer answers, as a follow-up
// reads it: the customer's words, or the question they follow when they
// are a follow-up ("et pour la Belgique ?", then "et en express ?" is
// about the delivery costs asked first, not about Belgium).
func (e *Engine) askedInContext(t *turn) string {
	if t.input.payload != "" {
		return ""
	}
	if t.lastAsked != "" && (t.withLastAsked || e.texts.StartsWith(t.lang(), keywordFollowAbout, t.input.norm) ||
		e.texts.StartsWith(t.lang(), keywordFollowOpener, t.input.norm)) {
		return t.lastAsked
	}
	if utf8.RuneCountInString(t.input.text) > maxAskedRunes {
		return ""
	}
	return t.input.text
}

// maxAskedRunes bounds the question kept for follow-ups: a follow-up
// follows a question, not a letter.
const maxAskedRunes = 300

// asksAboutAnswer reports whether, right after a status was given (an
// order's, a refund's, a return's, the cases'), the customer asks a short
// question about it made only of question words: "when?", "why so
// long?", "combien ?", "what carrier?" (they got the opening hours, or
// were not understood). The status is given again, its reasons with it.
func (e *Engine) asksAboutAnswer(t *turn, retry string) bool {
	switch retry {
	case intents.TrackOrder, intents.RefundStatus, intents.ReturnStatus, intents.ClaimStatus:
	default:
		return false
	}
	return t.conv.CustomerID != 0 && e.shortQuestion(t)
}

// followsOnAnswer reports whether a short question opens with the words
// that ask the last answer's question again for another case ("et pour
// …", "what about …") and the classifier reads it, unsure, as an action
// (a question on another topic it reads as one is left to it).
func (e *Engine) followsOnAnswer(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && len(t.input.entities) == 0 && strings.Contains(t.input.text, "?") &&
		len(strings.Fields(norm)) <= 8 && e.texts.StartsWith(lang, keywordFollowOn, norm) &&
		(actionFlows[t.u.Intent] && t.u.Confidence < sureClause || t.u.Intent == intents.FAQ && t.u.Confidence < e.thresh ||
			actionFlows[firstReading(t.u).Intent] && firstReading(t.u).Confidence < sureClause && t.u.Intent == intents.FAQ)
}

// shortQuestion reports whether the message is a short question made only
// of question words, asking about the answer just given: "when?", "why
// so long?", "combien ?", "how much?".
func (e *Engine) shortQuestion(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if t.input.payload != "" || len(t.input.entities) > 0 || len(strings.Fields(norm)) > 7 ||
		actionFlows[t.u.Intent] || t.u.Intent == intents.HumanAgent {
		return false
	}
	return e.texts.MadeOf(lang, norm, keywordWhen, keywordWhy, keywordQuestionWord, keywordFollowWords, keywordPolite) &&
		(e.texts.Mentions(lang, keywordWhen, norm) || e.texts.Mentions(lang, keywordWhy, norm) || strings.Contains(t.input.text, "?"))
}

// sameForOther reports whether, right after an answer about one order
// (an invoice, a refund, a return), the customer asks the same about
// their other order ("and the other order's?"): the classifier read it as
// tracking or a wrong item.
func (e *Engine) sameForOther(t *turn, retry string) bool {
	switch retry {
	case intents.Invoice, intents.RefundStatus, intents.ReturnStatus, intents.TrackOrder:
	case intents.CancelOrder, intents.StartReturn, intents.Exchange, intents.DeliveryAddress:
		// "pareil pour l'autre commande", "same for the other one" after
		// an action, and nothing else: the same request on another order,
		// which asks its own confirmation ("not understood").
		if !e.texts.MadeOf(t.lang(), t.input.norm, keywordOtherOrder, keywordSameFor, keywordPolite, keywordAlso) ||
			(retry == intents.StartReturn || retry == intents.Exchange) && !e.texts.Mentions(t.lang(), keywordOrderWord, t.input.norm) {
			// ("the other one" after a return or an exchange may be the
			// order's other item.)
			return false
		}
	default:
		return false
	}
	if t.input.payload != "" || t.conv.CustomerID == 0 || e.hasEntity(t, intents.EntityOrderNumber) ||
		len(strings.Fields(t.input.norm)) > 8 || !e.texts.Mentions(t.lang(), keywordOtherOrder, t.input.norm) {
		return false
	}
	switch t.u.Intent {
	case intents.CancelOrder, intents.StartReturn, intents.Exchange, intents.DeliveryAddress, intents.HumanAgent:
		return false // "and cancel the other order": another request
	}
	return true
}

// asksAboutPoints reports whether a question right after the balance asks
// about it rather than something new: a question the classifier reads as
// nothing in particular (a yes, a no, out of scope) or as the points again.
func (e *Engine) asksAboutPoints(t *turn) bool {
	if t.input.payload != "" || t.conv.CustomerID == 0 || len(t.input.entities) > 0 || !e.asksWhy(t) ||
		!e.texts.Mentions(t.lang(), keywordWhy, t.input.norm) && !e.texts.Mentions(t.lang(), keywordAboutPoints, t.input.norm) {
		return false // "how much was it in total?" is about something else
	}
	switch t.u.Intent {
	case intents.Affirm, intents.Deny, intents.OOS, intents.CheckPoints:
		return true
	case intents.FAQ:
		return personalFAQ[t.u.FAQID] == intents.CheckPoints // "d'où ils viennent ces points ?"
	}
	return false
}

// namesReturnableItem reports whether the message names an item of the
// verified customer's that can still be returned.
func (e *Engine) namesReturnableItem(t *turn) bool {
	if t.conv.CustomerID == 0 {
		return false
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return false
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		return false
	}
	for _, o := range orders {
		open, _ := e.returnable(t, o, returns)
		if len(e.pickItemsIn(t, t.input.text, t.input.norm, open)) > 0 {
			return true
		}
	}
	return false
}

// returnInstructionsAgain reports whether a short question asks how or
// where to send back the parcel of the return the conversation made last,
// after other answers: the customer has its number, and no other order or
// request is named.
func (e *Engine) returnInstructionsAgain(t *turn) bool {
	last := t.d.Last
	if last == nil || last.Kind != didReturn || last.RA == "" || t.input.payload != "" || len(t.input.entities) > 0 ||
		!shortQuestions(t.input.text, t.input.norm) || !e.asksWhy(t) || !(e.texts.Mentions(t.lang(), "followup_send_back", t.input.norm) || e.texts.Mentions(t.lang(), keywordWhereSend, t.input.norm)) ||
		e.isFlow(t.u.Intent) && t.u.Intent != intents.StartReturn && t.u.Intent != intents.TrackOrder && t.u.Intent != intents.ReturnStatus ||
		e.texts.Mentions(t.lang(), keywordWithdrawReturn, t.input.norm) || e.texts.Mentions(t.lang(), keywordKeepWords, t.input.norm) {
		// (Not « finalement je la garde, vous pouvez annuler ce retour
		// ? »: the return taken back, asked first; the instructions came
		// again; round 127a.)
		return false
	}
	return !e.namesOtherItem(t, last.Items)
}

// asksAboutVouchers reports whether a short question right after the
// vouchers is about them: it names a code, or asks when one ends, what it
// needs or where it went.
func (e *Engine) asksAboutVouchers(t *turn) bool {
	lang := t.lang()
	words := len(strings.Fields(t.input.norm))
	if t.input.payload != "" || t.conv.CustomerID == 0 || e.hasEntity(t, intents.EntityOrderNumber) || words > 12 {
		return false
	}
	if words <= 2 && codePattern.MatchString(t.input.text) {
		return true // "PRINTEMPS5" after "my voucher doesn't work" and the list (not understood; round 64b)
	}
	return e.asksWhy(t) && (codePattern.MatchString(t.input.text) || e.texts.Mentions(lang, keywordAboutVoucher, t.input.norm))
}

// asksNextReward reports whether a question right after the balance asks
// what the next reward still needs, and not why the balance is what it is.
func (e *Engine) asksNextReward(t *turn) bool {
	lang := t.lang()
	return t.input.payload == "" && t.conv.CustomerID != 0 && len(t.input.entities) == 0 && e.asksWhy(t) &&
		len(strings.Fields(t.input.norm)) <= 12 && e.texts.Mentions(lang, keywordPointsToNext, t.input.norm) &&
		!e.texts.Mentions(lang, keywordWhy, t.input.norm)
}

// asksRewardAt reports whether a short question right after the balance
// asks what a number of points gives: a number and words that ask what
// it gives, not why.
func (e *Engine) asksRewardAt(t *turn) bool {
	return t.input.payload == "" && t.conv.CustomerID != 0 && len(t.input.entities) == 0 && e.asksWhy(t) && hasDigit(t.input.text) &&
		len(strings.Fields(t.input.norm)) <= 10 && e.texts.Mentions(t.lang(), keywordRewardAsk, t.input.norm) &&
		!e.texts.Mentions(t.lang(), keywordWhy, t.input.norm)
}

// refundNotExchange reports whether a message turns an exchange down for a
// refund ("non je veux pas d'échange, juste le remboursement"): at a
// return's summary, no answer yet, and no reason.
func (e *Engine) refundNotExchange(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && e.texts.Mentions(lang, keywordNoExchange, norm) && e.texts.Mentions(lang, keywordRefundWords, norm)
}

// tellsSubject reports whether a message typed where the address for a
// person's answer is asked says what the request is about, and no more:
// no address, no leaving it.
func (e *Engine) tellsSubject(t *turn) bool {
	tk, in, lang := t.d.Task, t.input, t.lang()
	return tk != nil && tk.Intent == intents.HumanAgent && tk.Step == stepContact && in.payload == "" && t.conv.CustomerID == 0 &&
		e.texts.Mentions(lang, keywordSubjectIs, in.norm) && !e.hasEntity(t, intents.EntityEmail) &&
		!e.texts.Mentions(lang, keywordNoHuman, in.norm) && !e.texts.Mentions(lang, keywordLeave, in.norm)
}

// besidesEntities is text without its entities, normalised.
func (e *Engine) besidesEntities(text string, entities []intents.Entity) string {
	return intents.Normalize(withoutEntities(text, entities))
}

// entityText returns an entity as typed in text (the entities' offsets
// count runes), or "" if they fall outside it.
func entityText(text string, en intents.Entity) string {
	runes := []rune(text)
	if en.Start < 0 || en.Start > en.End || en.End > len(runes) {
		return ""
	}
	return string(runes[en.Start:en.End])
}

// textBefore returns text up to an entity, as typed.
func textBefore(text string, en intents.Entity) string {
	runes := []rune(text)
	return string(runes[:min(max(en.Start, 0), len(runes))])
}

// withoutEntities returns text without the entities found in it, as
// typed.
func withoutEntities(text string, entities []intents.Entity) string {
	runes := []rune(text)
	var rest strings.Builder
	at := 0
	for _, en := range entities {
		if en.Start < at || en.End > len(runes) {
			continue
		}
		rest.WriteString(string(runes[at:en.Start]))
		rest.WriteByte(' ')
		at = en.End
	}
	rest.WriteString(string(runes[at:]))
	return rest.String()
}

// bareAnswer reports whether the whole message is a yes, a no, a
// hesitation or an acknowledgement, with nothing more.
func (e *Engine) bareAnswer(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	for _, list := range []string{keywordYes, keywordNo, keywordWait, keywordAck, keywordAccept} {
		if e.texts.IsKeyword(lang, list, norm) {
			return true
		}
	}
	// "ok good", "oui d'accord merci": nothing but words of yes and
	// thanks (it became an exchange's wish; round 63a).
	return e.texts.MadeOf(lang, norm, keywordYes, keywordAck, keywordAccept, keywordPolite, keywordNoted)
}

// putsRight reports whether a message typed at the summary of a text for
// the team (what arrived, what to exchange for, a correction) is that
// text put right ("non, c'est un bonnet rouge", "plutôt en taille 54"),
// rather than an answer around the question: a yes with more ("yes!!!
// finally someone who listens"), a hedge or a condition ("I reckon so",
// "yes unless my husband ordered the blue one"), a question, a
// hesitation. The text sent is then kept as it was.
func (e *Engine) putsRight(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	// "oh wait sorry, looking again it's actually a necklace, not a
	// bracelet": its "wait" puts the description right, not the answer
	// off (the summary came again unchanged; round 127a).
	// So for a wish: "oh wait, sorry, make that the silver version, not
	// rose gold" at an exchange's summary (the rose gold was sent on the
	// yes after it; round 134a, a wrong action).
	corrects := e.texts.Mentions(lang, keywordCorrection, norm) &&
		(e.texts.Mentions(lang, keywordProductKind, norm) || e.texts.Mentions(lang, keywordWishAttribute, norm))
	if !t.input.free || e.asksWhy(t) || e.bareAnswer(t) || e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)) ||
		(e.hesitates(t) || e.texts.Mentions(lang, keywordWait, norm)) && !corrects {
		return false
	}
	if a := e.readAnswer(t); a != nil && a.yes >= answerDoubt {
		return false
	}
	return !e.saysWord(t, keywordYes) || e.texts.Mentions(lang, keywordYesBut, norm)
}

// notAnAnswer reports whether a message typed at a free-text question
// (a reason, a wish, a description) answers nothing: the identity
// details given again ("oui, c'est bien OP-102502", the e-mail), a joke
// taken back, the flow resumed ("bon, on reprend le retour"), or a
// condition or a question put first ("yes but only if it's the same
// price", "d'acc mais avant dites-moi si c'est gratuit"). Each was
// recorded as the reason, the wish or what came.
func (e *Engine) notAnAnswer(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if e.texts.Mentions(lang, keywordNotAnAnswer, norm) {
		return true
	}
	for _, en := range t.input.entities {
		if en.Type == intents.EntityOrderNumber || en.Type == intents.EntityEmail {
			return true
		}
	}
	rest := intents.Normalize(afterBut(t.input.text))
	return rest != "" && (e.texts.StartsWith(lang, keywordCondition, politeIf.Replace(rest)) ||
		e.texts.StartsWith(lang, keywordOnlyIf, rest))
}

// switchesReturnExchange reports whether the customer, in the middle of a
// return, asks for an exchange instead, or the other way round.
func (e *Engine) switchesReturnExchange(t *turn) bool {
	if t.refundInstead {
		return true
	}
	if t.input.payload != "" || t.u.Confidence < interruptConfidence {
		return false
	}
	from, to := t.d.Task.Intent, t.u.Intent
	if from == intents.StartReturn && to == intents.FAQ && t.u.FAQID == exchangePolicyEntry && e.texts.Mentions(t.lang(), keywordInsteadWord, t.input.norm) {
		// "what about exchanging it for another colour instead? Is that
		// possible?" at a return's reason: the exchange, in its place
		// (read as "what do you mean?", the colour then became the
		// return's reason, and a yes made the return; round 79a).
		to = intents.Exchange
	}
	if from == intents.StartReturn && to == intents.Exchange {
		// "it's too small" reads as an exchange, but is a reason; "no I
		// don't want an exchange, just the money" turns one down (the
		// return became an exchange; round 59b).
		return e.texts.Mentions(t.lang(), keywordExchangeWords, t.input.norm) && !e.texts.Mentions(t.lang(), keywordNoExchange, t.input.norm)
	}
	return from == intents.Exchange && to == intents.StartReturn
}

// interrupts reports whether a message typed while the bot waits for free
// text is clearly a new question.
func (e *Engine) interrupts(t *turn) bool {
	if t.humanInfo {
		return true // "vos conseillers sont disponibles ?" is no wish
	}
	if tk := t.d.Task; tk.Intent == intents.Exchange && tk.Step == stepText && hasDigit(t.input.text) &&
		len(strings.Fields(t.input.norm)) <= 3 && !strings.Contains(t.input.text, "?") {
		return false // "T54": a size, read as a goodbye (the exchange ended)
	}
	if tk := t.d.Task; (tk.Step == stepReceived || tk.Step == stepText && (tk.Intent == intents.Exchange || tk.Intent == intents.AccountDetails)) &&
		(e.bareAnswer(t) || e.startsQuestion(t)) {
		// (Nor "why do you need that?" a correction of the account.)
		// "oui", "ok", "I guess": no description of what arrived, no
		// wish for an exchange.
		return true
	}
	if tk := t.d.Task; (tk.Step == stepReceived || tk.Step == stepText) && t.input.payload == "" && len(t.input.photos) == 0 &&
		!hasLetter(t.input.text) && !hasDigit(t.input.text) {
		// "😡" at "what did you receive instead?": no description (a yes
		// would have filed it; round 59a).
		return true
	}
	if tk := t.d.Task; tk.Intent == intents.AccountDetails && tk.Step == stepText && strings.Contains(t.input.text, "?") &&
		!hasDigit(t.input.text) && !strings.Contains(t.input.text, "@") {
		// "c'est quoi mon numéro de téléphone enregistré ?", "mon nom est
		// bien écrit ?" at "what needs correcting?": a question, no
		// correction (each was summed up for the team; round 58b).
		return true
	}
	if tk := t.d.Task; tk.Intent == intents.Exchange && tk.Step == stepText && strings.Contains(t.input.text, "?") &&
		e.wishIn(t.lang(), t.input.text) == "" && !hasDigit(t.input.text) && !e.texts.Mentions(t.lang(), keywordWishAttribute, t.input.norm) {
		// "l'échange est gratuit ou je dois payer le port ?", "what if
		// the one I want costs more?" at "what would you like instead?":
		// a question, no wish (it was sent as the wish; round 51c).
		return true
	}
	if tk := t.d.Task; (tk.Step == stepText || tk.Step == stepReceived || tk.Step == stepReason) && t.input.payload == "" &&
		(e.startsAfterFillers(t.lang(), keywordDontKnowYet, t.input.norm) ||
			tk.Step == stepReceived && !hasDigit(t.input.text) && e.startsAfterFillers(t.lang(), keywordNo, t.input.norm)) {
		// "je sais pas encore quelle taille, je dois mesurer" at "what
		// would you like instead?", "non attendez c'est pas ça, elle me
		// plaît pas c'est tout" at "what did you receive instead?": no
		// wish, no description (each was sent as one on a yes; round
		// 55b).
		return true
	}
	if tk := t.d.Task; tk.Intent != intents.AccountDetails && (tk.Step == stepText || tk.Step == stepReceived || tk.Step == stepReason) &&
		(e.texts.Mentions(t.lang(), keywordUnsubscribe, t.input.norm) || e.texts.Mentions(t.lang(), keywordNewsletterWord, t.input.norm)) {
		// "au fait je veux aussi me désinscrire de la newsletter", "oh
		// and also please take me off your mailing list" at "what would
		// you like instead?": another request (it became the exchange's
		// wish, which a yes sent; round 53c).
		return true
	}
	if step := t.d.Task.Step; (step == stepReason || step == stepReceived) && strings.Contains(t.input.text, "?") {
		// "c'est grave ?" is no description of what arrived, "et la
		// bague alors ?" no reason for a return: they are questions.
		return true
	}
	if t.u.Confidence < interruptConfidence {
		return false
	}
	switch t.u.Intent {
	case intents.OOS, intents.Affirm, intents.Deny, intents.WrongItem, intents.StartReturn:
		// "it's the wrong size", "it broke": answers, not new questions;
		// but in an exchange, "I'd rather return it" is another request.
		return e.switchesReturnExchange(t)
	case intents.Exchange, intents.DeliveryAddress, intents.AccountDetails:
		// "the same in red", "to my office, 3 place Bellecour", "my new
		// number is …": the words of the request the flow asked for;
		// but an exchange named in so many words in another flow is
		// another request ("attendez, avant ça, je peux échanger ma
		// bague de la commande OP-102502 ?" was taken for a bad address).
		return t.u.Intent == intents.Exchange && t.d.Task.Intent != intents.Exchange &&
			e.texts.Mentions(t.lang(), keywordExchangeVerb, t.input.norm)
	case intents.CheckPoints, intents.Vouchers:
		if tk := t.d.Task; tk.Intent == intents.Exchange && tk.Step == stepText && !e.asksWhy(t) {
			// "in gold please" reads as the gold tier of the loyalty
			// programme: a wish, unless asked as a question.
			return false
		}
	case intents.FAQ:
		if step := t.d.Task.Step; (step == stepText || step == stepReceived || step == stepReason ||
			step == stepConfirm && t.d.Task.Intent == intents.Exchange) && !strings.Contains(t.input.text, "?") {
			// "taille 56" read as the size guide: what the request asked
			// for, unless it is asked as a question (at the exchange's
			// summary too: it answered the guide, then sent the wish
			// before).
			return false
		}
	}
	return true
}

// answerFAQ answers a general question from the FAQ, and offers the
// action the answer is about ("how do returns work?" gets the answer and a
// button to start a return), unless that action is already in progress.
func (e *Engine) answerFAQ(t *turn) {
	if e.answerCountryAsked(t, cmp.Or(intents.Normalize(t.u.Text), t.input.norm)) {
		return
	}
	t.d.LastFAQ, t.d.LastAsked = t.u.FAQID, e.askedInContext(t)
	// (The form that asks no details when the message gave them: « je
	// peux retourner le collier ? … OP-101201, thomas@… » was asked for
	// its order number and e-mail; round 126a.)
	detailsGiven := t.input.payload == "" && e.hasEntity(t, intents.EntityOrderNumber) && e.hasEntity(t, intents.EntityEmail)
	answer, err := e.faq.Answer(t.lang(), t.u.FAQID, t.conv.CustomerID != 0 || detailsGiven)
	if err != nil {
		e.fail(t, "render faq "+t.u.FAQID, err)
		return
	}
	r := Reply{Text: strings.TrimSpace(answer)}
	if t.input.payload == "" && (e.texts.Mentions(t.lang(), "side_fee", t.input.norm) || e.texts.Mentions(t.lang(), keywordAsksBotTo, t.input.norm)) {
		// « C'est payant ? » answered by the gift wrapping's entry,
		// whose answer begins « Oui : … elle est gratuite », and
		// « L'échange est gratuit ? » by the exchanges' « Oui, dans les
		// 30 jours… le renvoi est à vos frais »: the entry's yes answers
		// its own question, not whether it costs (round 109b). Nor
		// whether the bot does it now: "can you send another one by
		// express then?", after an investigation opened, got "Yes:
		// express delivery can be chosen at checkout…" (round 109b).
		r.Text = withoutLeadingYes(r.Text)
	}
	if offer := e.faq.Offer(t.lang(), t.u.FAQID); offer != "" && (t.d.Task == nil || t.d.Task.Intent != offer) && e.offerFits(t, offer) {
		if b, ok := e.actionButton(t, offer); ok {
			r.Buttons = []Button{b}
			if offer != intents.HumanAgent {
				// Details given next are for this action; never for a
				// person, whom the customer asks for in words or with
				// the button ("talk to someone later, not now").
				t.d.Offered = e.newTask(t, offer)
			}
		}
	}
	t.replies = append(t.replies, r)
	if asked := e.ownWordsOf(t); len(r.Buttons) == 0 && t.input.payload == "" &&
		e.texts.Mentions(t.lang(), keywordAsksDuration, asked) && e.texts.Mentions(t.lang(), keywordDurationWords, asked) && !e.texts.Mentions(t.lang(), keywordSaysTime, intents.Normalize(r.Text)) {
		// "how long does engraving take?" answered by an entry that says
		// no time: said honestly, with a person (the entry alone came,
		// as if it answered; round 90b).
		e.say(t, "question_person", nil, e.button(t, "button_human", payloadHuman))
	}
	e.sayNewOrderArrival(t)
}

// faqYes is a yes that opens an answer: "Yes: ", "Oui, ".
var faqYes = regexp.MustCompile(`^(?i:yes|oui)[\s\x{00a0}]*[:,.!][\s\x{00a0}]*`)

// withoutLeadingYes returns an answer without the yes that opens it, its
// next word capitalised.
func withoutLeadingYes(text string) string {
	loc := faqYes.FindStringIndex(text)
	if loc == nil {
		return text
	}
	rest := text[loc[1]:]
	r, size := utf8.DecodeRuneInString(rest)
	return string(unicode.ToUpper(r)) + rest[size:]
}

// ownWordsOf returns the words of the request being answered, normalised:
// its own clause when the message made several ("… combien de temps ça
// prend ? Et c'est combien les frais de port ?" asked how long of the
// delivery, not of its price: the price's answer was said not to tell
// how long; round 92a), the whole message when it made one.
func (e *Engine) ownWordsOf(t *turn) string {
	if t.u.Text != "" {
		return intents.Normalize(t.u.Text)
	}
	if len(t.u.More) > 0 {
		return ""
	}
	return t.input.norm
}

// freeTextFirst are the action flows whose first question, once the
// customer is verified, takes free text or a yes that acts: a choice
// between readings is asked again rather than one of them begun.
var freeTextFirst = map[string]bool{intents.WrongItem: true, intents.MissingParcel: true, intents.DeliveryAddress: true}

// offerFits reports whether the action an FAQ entry offers fits the
// question: the delivery address beside the answer on gifts only when the
// gift goes to someone else ("can u ship it to my aunt's house? its a
// gift"), not for gift wrapping alone (the proof given next started an
// address change; round 80a).
func (e *Engine) offerFits(t *turn, offer string) bool {
	if offer != intents.DeliveryAddress || t.u.FAQID == changeAddressEntry {
		return true
	}
	lang, norm := t.lang(), t.input.norm
	// (Someone else named only with a word of sending: "just ordered a
	// ring for my girlfriend. Can I add gift wrapping?" is a gift, no
	// other address; the proof beside it began an address change;
	// round 102b.)
	return (e.texts.Mentions(lang, keywordSomeoneElse, norm) || e.texts.Mentions(lang, keywordThirdParty, norm)) && e.texts.Mentions(lang, keywordDeliverVerb, norm) ||
		e.texts.Mentions(lang, keywordDestinationOther, norm) || e.texts.Mentions(lang, keywordDeliverElsewhere, norm) ||
		e.texts.addressIn(t.input.text) != ""
}

// askWhichMeant offers the close readings of a message as buttons.
func (e *Engine) askWhichMeant(t *turn) {
	if t.d.Task == nil && e.recall(t) {
		// "ils seront disponibles quand ?" after the points' history:
		// about that answer, not one of the FAQ entries it was close to.
		return
	}
	e.focusOrderNamed(t)
	if d := &t.d; t.conv.CustomerID == 0 && e.hasEntity(t, intents.EntityEmail) && d.Email != "" && orderKey(d.OrderRef, d.Card) != "" &&
		slices.ContainsFunc(t.u.Alternatives, func(a intents.Ranked) bool { return e.isFlow(a.Intent) }) {
		// The proof given with a request read two ways ("henry@…,
		// OP-102601. Quick one about addresses"): checked now, before
		// the choice (it waited, and the order number of the next
		// message, the partner's, made the check fail).
		if e.writesForOther(t) {
			// (Not for someone who said they write for the holder: "I'm
			// helping my elderly neighbour … Her details: …" was verified
			// here; round 105a.)
			e.refuseForOther(t)
			return
		}
		if _, ok := e.checkIdentity(t, orderKey(d.OrderRef, d.Card)); !ok {
			return
		}
	}
	var bs []Button
	for _, alt := range t.u.Alternatives {
		if alt.Intent == intents.FAQ {
			bs = append(bs, Button{Label: e.faq.Title(t.lang(), alt.FAQID), Payload: prefixFAQ + alt.FAQID})
			continue
		}
		if b, ok := e.actionButton(t, alt.Intent); ok {
			bs = append(bs, b)
		}
	}
	e.say(t, "did_you_mean", nil, bs...)
	t.choiceAsked = true
	alts := t.u.Alternatives
	if !slices.ContainsFunc(alts, func(a intents.Ranked) bool { return e.isFlow(a.Intent) }) {
		// Entries only: one that offers an action stands for it ("est-ce
		// possible de modifier mon adresse ?" offered two entries, and
		// the details given next got the order's status; the address
		// entry offers the address change; round 69a).
		alts = slices.Clone(alts)
		for i, alt := range alts {
			if alt.Intent == intents.FAQ {
				alts[i].Intent = e.faq.Offer(t.lang(), alt.FAQID)
			}
		}
	}
	if i := slices.IndexFunc(alts, func(a intents.Ranked) bool { return a.Intent == intents.TrackOrder }); i > 0 &&
		(e.texts.Mentions(t.lang(), keywordWhereIsOrder, t.input.norm) || e.texts.StartsWith(t.lang(), keywordAsksWhere, t.input.norm)) {
		// "Where's my jewellery box order", offered a wrong item or its
		// tracking: where it is, for the details given next (a wrong
		// item's description was asked; round 70a).
		alts = toFront(alts, i)
	}
	if i := slices.IndexFunc(alts, func(a intents.Ranked) bool { return a.Intent == intents.CheckPoints }); i > 0 &&
		e.texts.Mentions(t.lang(), keywordPointsWords, t.input.norm) && !e.texts.Mentions(t.lang(), "object_parcel", t.input.norm) {
		// "my points never showed up", offered a lost parcel or the
		// points: the points, which it names, for the details given next
		// (a lost parcel's checks came, and a yes opened a claim; round
		// 81a).
		alts = toFront(alts, i)
	}
	asksCancellable := e.asksIfCancellable(t, "")
	for _, alt := range alts {
		if e.isFlow(alt.Intent) && alt.Intent != intents.HumanAgent && (alt.Intent != intents.CancelOrder || asksCancellable) {
			// (A cancellation when the message asks whether one can still
			// be made: the answer to that, and the offer, which cancels
			// nothing by itself: "is it still possible to cancel?" then
			// the proof.)
			// Identity details given instead of a choice ("which do you
			// mean?" — "alice.martin@example.fr") are for the likeliest
			// action offered, not a tracking answer by default. Never a
			// cancellation the customer did not pick: "I want to cancel
			// my newsletter subscription", offered "Cancel my order" or
			// the newsletter, then the e-mail, led to the order used to
			// verify being offered for cancelling, and cancelled. A
			// choice between two actions is asked again once they are
			// verified ("changed my mind, don't want the necklace
			// anymore" offered an exchange or a cancellation, and the
			// e-mail started the exchange).
			t.d.Offered = e.newTask(t, alt.Intent)
			if actions := slices.DeleteFunc(slices.Clone(t.u.Alternatives), func(a intents.Ranked) bool {
				return !actionFlows[a.Intent]
			}); actionFlows[alt.Intent] && (len(actions) > 1 || freeTextFirst[alt.Intent]) {
				// (Nor a flow whose first question takes free text or a
				// yes that acts: « est-ce que je suis encore dans les
				// temps pour le renvoyer ? », offered a wrong item or the
				// refunds, then the proof, asked what came instead, and
				// "bon je le renvoie alors, il est trop court" was filed
				// as that; round 91a.)
				// (Between two actions only: a question beside one still
				// defaults to the action, the points beside a FAQ entry
				// to the points. Nor when the likeliest reading only
				// reads: "ma commande", offered tracking, a cancellation
				// or the address, then the proof, shows the order's
				// status; the actions can still be asked.)
				t.d.Offered.Choices = bs
			}
			break
		}
	}
}

// saysOrderedAfterAll reports whether a message says that the item of a
// wrong-item report is what was ordered after all: a word of its name
// after "it is" ("c'est bien de l'argent", "it's actually silver" about
// the "Bracelet jonc argent"), with nothing said to be wrong.
func (e *Engine) saysOrderedAfterAll(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	phrase, at, ok := e.texts.findAt(lang, keywordIndeedIs, norm)
	if !ok || e.texts.Mentions(lang, "reason_wrong_item", norm) || e.texts.Mentions(lang, keywordInsteadOf, norm) {
		return false
	}
	after := strings.Fields(norm[min(len(norm), at+len(phrase)):])
	orders, err := e.customerOrders(t)
	if err != nil {
		return false
	}
	for _, o := range orders {
		if o.Number != t.d.Task.Order {
			continue
		}
		for _, it := range selected(o.Items, t.d.Task.ItemIDs) {
			window := after[:min(len(after), 4)]
			for _, w := range strings.Fields(intents.Normalize(it.Name)) {
				if len(w) > 3 && slices.Contains(window, w) {
					return true
				}
			}
			// (Or the name in other words: "it's actually the silver
			// bangle" of the "Bracelet jonc argent".)
			if i, _ := intents.MatchItem(strings.Join(window, " "), []string{it.Name}); i == 0 {
				return true
			}
		}
	}
	return false
}

// asksWhatInvestigation reports whether a message asks what a carrier
// investigation is or how it goes, rather than about the customer's own
// case or for one.
func (e *Engine) asksWhatInvestigation(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	switch t.u.Intent {
	case intents.ClaimStatus, intents.MissingParcel, intents.FAQ, intents.OOS:
		// (Or nothing understood: "qu'est-ce qui se passe si j'ouvre une
		// réclamation ?" read as a case's status below the threshold.)
	case intents.Affirm, intents.Deny:
		// "oui enfin non, je sais pas, ça coûte combien une enquête ?":
		// the question, not the yes or the no (round 74b).
		if !strings.Contains(t.input.text, "?") {
			return false
		}
	default:
		return false
	}
	// ("une enquête c'est payant ?", "how long does an investigation
	// take?": how one works; one was opened at once; round 62a.)
	if o := t.answered; o != nil && (o.ID == "missing_claim" || o.ID == "missing_investigation") && e.texts.Mentions(lang, "followup_how_long", norm) {
		// "et ça prend combien de temps votre enquête ?" right after the
		// customer's own case was opened: how long theirs takes, below
		// (what an investigation is came; round 111a).
		return false
	}
	return e.texts.Mentions(lang, keywordInvestigate, norm) && (e.texts.Mentions(lang, keywordAsksWhat, norm) || e.asksAboutService(t)) &&
		!e.texts.Mentions(lang, keywordOwnCaseNamed, norm) && !e.hasEntity(t, intents.EntityOrderNumber)
}

// addsItemToReturn reports whether the message, in a return, adds an item
// of its order to it ("and both pairs of earrings too") and says nothing
// wrong with it: no reason, nothing missing or received instead.
func (e *Engine) addsItemToReturn(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return e.texts.Mentions(lang, keywordAlso, norm) && e.namesItemOfOrder(t, t.d.Task.Order) &&
		e.longestReason(t, norm, returnReasons) == "" && !e.texts.Mentions(lang, keywordMissingSaid, norm) &&
		!e.texts.Mentions(lang, keywordNotReceived, norm) && !e.texts.Mentions(lang, keywordReceivedSaid, norm)
}

// correctsContact reports whether the message gives another e-mail
// address right after a request was passed to the team with one to write
// to, and little else: the address put right.
func (e *Engine) correctsContact(t *turn) bool {
	last := t.d.Last
	if last == nil || last.Kind != didRequest || last.TicketID == 0 || last.Contact == "" || t.input.payload != "" {
		return false
	}
	var email string
	for _, en := range t.input.entities {
		switch {
		case en.Type != intents.EntityEmail:
			return false // an order number too: a proof, or another request
		case email != "":
			return false // two addresses
		}
		email = en.Value
	}
	rest := withoutEntities(t.input.text, t.input.entities)
	// A typo put right (an address a few letters off), or another
	// address given in so many words ("please write to me at …
	// instead"); not another address alone, which may be someone
	// else's given for another reason (a bare "james.wilson@example.com"
	// became the contact of Amelia's request).
	return email != "" && !strings.EqualFold(email, last.Contact) && storage.ValidEmail(email) &&
		len(strings.Fields(intents.Normalize(rest))) <= 8 &&
		(intents.EditDistance(strings.ToLower(email), strings.ToLower(last.Contact)) <= 3 || e.texts.Mentions(t.lang(), keywordContactGiven, t.input.norm))
}

// correctContact writes the address the message gives on the request just
// passed to the team, and says so.
func (e *Engine) correctContact(t *turn) {
	last := t.d.Last
	var email string
	for _, en := range t.input.entities {
		email = en.Value
	}
	if err := e.store.SetTicketDetail(t.ctx, last.TicketID, "contact_email", email); err != nil {
		e.fail(t, "correct the contact address", err)
		return
	}
	last.Contact = email
	e.say(t, "contact_corrected", map[string]any{"Ticket": last.Ticket, "Contact": email})
}

// toFront returns the readings with the i-th moved first, the others in
// their order.
func toFront(alts []intents.Ranked, i int) []intents.Ranked {
	return append([]intents.Ranked{alts[i]}, slices.Delete(slices.Clone(alts), i, i+1)...)
}

// saysReceived reports whether a message says the parcel came to the
// customer and nothing of one missing or not received.
func (e *Engine) saysReceived(t *turn) bool {
	lang := t.lang()
	if !e.texts.Mentions(lang, keywordDeliveredToMe, t.input.norm) {
		return false
	}
	for _, kw := range []string{keywordMissingSaid, keywordNotReceived, keywordParcelNotReceived} {
		if e.texts.Mentions(lang, kw, t.input.norm) {
			return false
		}
	}
	// (Nothing still missing in the sentence that says it came: « pas
	// encore ? » before it quotes the answer disputed.)
	for _, s := range sentences(t.input.text) {
		if norm := intents.Normalize(s); e.texts.Mentions(lang, keywordDeliveredToMe, norm) && e.texts.Mentions(lang, keywordStillMissing, norm) {
			return false
		}
	}
	return true
}

// onlyDisputes reports whether a message read as a request disputes the
// answer just given and asks nothing: a word of disagreement, no question,
// and no request or problem named (not "c'est pas normal, j'ai reçu le
// mauvais bracelet", "that's not fair, I want to speak to someone").
func (e *Engine) onlyDisputes(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if !e.isFlow(t.u.Intent) || strings.Contains(t.input.text, "?") || len(t.input.entities) > 0 ||
		!e.texts.Mentions(lang, keywordPushback, norm) {
		return false
	}
	if o := t.answered; o != nil && strings.HasSuffix(o.ID, "_rejected") && !e.texts.Mentions(lang, keywordPersonWord, norm) &&
		!e.namesCancelling(lang, norm) {
		// Right after a return refused on inspection, its story told
		// angrily ("C'est inadmissible, il était déjà rayé quand je l'ai
		// reçu"): the refusal disputed, which only the team can look at
		// again (a return of the order's other item started; round 68b).
		return true
	}
	for _, kw := range []string{keywordReturnWord, keywordSendBack, keywordExchangeWords, keywordPersonWord, keywordReceivedSaid,
		keywordMissingSaid, keywordNotReceived, keywordParcelNotReceived} {
		if e.texts.Mentions(lang, kw, norm) {
			return false
		}
	}
	if e.namesCancelling(lang, norm) || e.longestReason(t, norm, returnReasons) != "" {
		return false
	}
	// And only an answer that refused or ruled something: a status or
	// the shop's rules (not anger at a late parcel, "C'EST INADMISSIBLE
	// !!! ça fait 3 semaines que j'attends mon colis", which is a request).
	if o := t.answered; o != nil && !strings.HasPrefix(o.ID, "track_") {
		return true // a refusal, a status told
	}
	_, asked, err := e.lastAnswers(t, 1)
	if err != nil {
		return false
	}
	switch asked {
	case intents.ReturnStatus, intents.RefundStatus, intents.ClaimStatus, intents.FAQ, intents.CheckPoints, intents.Vouchers:
		return true
	}
	return false
}

// namesItemOfOrder reports whether the message names an item of the
// customer's order with that number.
// namesItemsOf reports whether the message names items of the order by
// their names, whatever it says of them ("the scarf I just changed my
// mind" sets nothing aside here).
func (e *Engine) namesItemsOf(t *turn, number string) bool {
	o, ok := e.customerOrder(t, number)
	return ok && namedItems(t.input.text, o.Items) > 0
}

func (e *Engine) namesItemOfOrder(t *turn, number string) bool {
	o, ok := e.customerOrder(t, number)
	return ok && len(e.pickItemsIn(t, t.input.text, t.input.norm, o.Items)) > 0
}

// startsOnOtherItem starts a return or an exchange of "the other one"
// right after one item of an order was returned or exchanged: the order's
// one other item ("and I want to return the other one" asked which
// order). "And the other one too" alone, right after a return, returns it
// too (it got "OP-101001 is the only order on your account"). It reports
// whether it did.
func (e *Engine) startsOnOtherItem(t *turn) bool {
	last := t.d.Last
	lang, norm := t.lang(), t.input.norm
	if last == nil || len(last.Items) == 0 || last.Order == "" || !e.texts.Mentions(lang, keywordOtherItemRef, norm) ||
		e.texts.Mentions(lang, keywordOrderWord, norm) || e.hasEntity(t, intents.EntityOrderNumber) {
		return false
	}
	intent := t.u.Intent
	// "and the other item? the engraved bracelet?" right after a return,
	// read as a wrong item ("the other item" is also what came instead):
	// a return of it, if the message names it.
	misread := false
	if intent != intents.StartReturn && intent != intents.Exchange {
		switch {
		case last.Kind == didReturn && e.texts.MadeOf(lang, norm, keywordOtherItemRef, keywordSameFor, keywordAlso, keywordPolite, keywordJoiner):
			intent = intents.StartReturn
		case last.Kind == didReturn && intent == intents.WrongItem:
			misread = true
		default:
			return false
		}
	}
	o, ok := e.customerOrder(t, last.Order)
	if !ok {
		return false
	}
	var others []int64
	var names []string
	for _, it := range o.Items {
		if !slices.Contains(last.Items, it.Name) {
			others, names = append(others, it.ID), append(names, it.Name)
		}
	}
	if len(others) != 1 || misread && !e.namesItemOf(t, names) {
		return false
	}
	if misread {
		intent = intents.StartReturn
	}
	t.d.Fallbacks = 0
	t.d.Task = &task{Intent: intent, Order: o.Number, ItemIDs: others, Said: t.input.text}
	e.runTask(t)
	return true
}

// declinesInstead reports whether a message at the confirmation of an
// action turns it down for another way, and which flow that way is (""
// when it names none): "instead of cancelling", "rather than a return",
// "no need then", or "instead" with another request ("et si plutôt je
// changeais l'adresse de livraison ?").
func (e *Engine) declinesInstead(t *turn, current string) (string, bool) {
	lang, norm := t.lang(), t.input.norm
	other := ""
	// (Another action the classifier reads is a switch, which puts the
	// action in hand aside and says so: not this.)
	switch {
	case e.texts.Mentions(lang, keywordAddressChange, norm) || e.texts.Mentions(lang, keywordDeliverTo, norm):
		other = intents.DeliveryAddress
	case e.texts.Mentions(lang, keywordExchangeVerb, norm), current == intents.StartReturn && e.texts.Mentions(lang, keywordWantsOther, norm):
		// ("is it possible to get a shorter one instead?" at a return's
		// summary: an exchange; "yes" made the return.)
		other = intents.Exchange
	}
	if other == current {
		other = ""
	}
	if e.texts.Mentions(lang, keywordInsteadOfAction, norm) {
		return other, true
	}
	return other, other != "" && e.texts.Mentions(lang, keywordInsteadWord, norm)
}

// movesToMonthOrder puts the task in hand on the customer's order of a
// month the message names, when that is another order, and reports
// whether it did.
func (e *Engine) movesToMonthOrder(t *turn) bool {
	tk := t.d.Task
	orders, err := e.customerOrders(t)
	if err != nil {
		return false
	}
	o, ok := e.orderOfMonth(t, orders, tk.Order)
	if !ok {
		return false
	}
	tk.Order, t.d.Order = o.Number, o.Number
	tk.ItemIDs, tk.Quantities, tk.Step = nil, nil, ""
	t.input.free = false
	return true
}

// asksClarification reports whether a message at a task's question only
// asks what the question means: short, with nothing given besides.
func (e *Engine) asksClarification(t *turn) bool {
	tk := t.d.Task
	if tk == nil || tk.Step == "" || t.input.payload != "" || len(t.input.entities) > 0 {
		return false
	}
	lang, norm := t.lang(), t.input.norm
	if tk.Step == stepItem && strings.Contains(t.input.text, "?") && tk.Order != "" {
		if o, ok := e.customerOrder(t, tk.Order); ok && namedItems(t.input.text, o.Items) > 1 {
			// "which one do you mean, the bangle or the earrings?": which
			// item is theirs to say (the bot picked one, and the case was
			// filed on it; round 51c).
			return true
		}
	}
	if tk.Step == stepReason && strings.Contains(t.input.text, "?") && e.texts.Mentions(lang, keywordAsksClarification, norm) &&
		len(strings.Fields(norm)) <= 14 && !e.texts.Mentions(lang, keywordExchangeWords, norm) {
		// (Not "what about exchanging it for another colour instead?":
		// an exchange asked for; round 79a.)
		// "what's the difference between not as described and not what i
		// ordered?": what the reasons mean (a wrong item's case was
		// started, and filed instead of the return; round 51c).
		return true
	}
	if e.texts.Mentions(lang, keywordAsksAnswer, norm) && !e.texts.Mentions(lang, keywordWantsPerson, norm) &&
		len(strings.Fields(e.without(lang, keywordAsksAnswer, norm))) <= maxAsksAnswerRest {
		// (Not with the question asked again beside it: "you didn't
		// answer, how many hours do I have to cancel?" is that question.)
		// « Vous pouvez répondre à ma question svp ? » at "shall I open
		// an investigation?": the question explained, not a person (a
		// hand-off was opened, the investigation dropped; round 118b).
		return true
	}
	if tk.Step == stepConfirm && tk.Intent == intents.MissingParcel && strings.Contains(t.input.text, "?") &&
		e.texts.Mentions(lang, keywordAsksWhatToDo, norm) {
		// « Si vous ouvrez une enquête, est-ce que je dois faire quelque
		// chose de mon côté ? »: what the investigation means (the
		// question came again, unanswered; round 118b).
		return true
	}
	words := len(strings.Fields(norm))
	if words <= maxWhatMeantWords && (strings.Contains(t.input.text, "?") || e.texts.StartsWith(lang, keywordAsksWhatMeant, norm)) &&
		e.texts.Mentions(lang, keywordAsksWhatMeant, norm) && !e.saysYesOrNo(lang, e.without(lang, keywordAsksWhatMeant, norm)) {
		// "what do you mean describe it? like what", "sorry I don't get
		// it, what should I put here?", "i dont understand, what am I
		// supposed to do" (an FAQ answer, the question again, "take your
		// time"; round 51c).
		return true
	}
	if words > 7 {
		return false
	}
	return e.texts.Mentions(lang, keywordAsksClarification, norm) &&
		e.texts.MadeOf(lang, norm, keywordAsksClarification, keywordFiller, keywordPolite, keywordJoiner, keywordWait)
}

// without returns norm with the phrases of a keyword list it holds taken
// out (the first few).
func (e *Engine) without(lang, list, norm string) string {
	for range 4 {
		phrase, at, ok := e.texts.findAt(lang, list, norm)
		if !ok {
			break
		}
		norm = norm[:at] + norm[at+len(phrase):]
	}
	return norm
}

// saysYesOrNo reports whether a normalised text holds a yes or a no.
func (e *Engine) saysYesOrNo(lang, norm string) bool {
	return e.texts.Mentions(lang, keywordYes, norm) || e.texts.Mentions(lang, keywordNo, norm)
}

// maxAsksAnswerRest is how many words besides "answer my question" leave
// it a bare request to answer.
const maxAsksAnswerRest = 6

// maxWhatMeantWords is the longest message that asks what a question
// means rather than answering it, when it says so in words.
const maxWhatMeantWords = 12

// clarification names the message that says what a task's question asks
// for: its step's, the flow's own for a free text, or a general one.
func (e *Engine) clarification(t *turn, tk task) string {
	for _, id := range []string{"clarify_" + tk.Step + "_" + tk.Intent, "clarify_" + tk.Step} {
		if e.texts.Has(t.lang(), id) {
			return id
		}
	}
	return "clarify_question"
}

// movesToItemOrder puts the task in hand on the customer's other order
// whose items the message names, and reports whether it did.
func (e *Engine) movesToItemOrder(t *turn) bool {
	tk := t.d.Task
	current, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	o, ok := e.otherOrderNamed(t, current, nil)
	if !ok {
		return false
	}
	tk.Order, t.d.Order = o.Number, o.Number
	tk.ItemIDs, tk.Quantities, tk.Step, tk.Said = nil, nil, "", ""
	t.input.free = false
	// (The order in hand named in a question beside it is not the one
	// meant: "which one is OP-102601? I wanted to cancel the one with the
	// scarf" went back to it, and "yes" cancelled it; round 102a.)
	t.input.entities = withoutOrder(t.input.entities, current.Number)
	// Nor offered again in its place ("no wait, I meant the order with
	// the scarf, not this one" got this one offered back; round 102a).
	t.takenBack = append(t.takenBack, current.Number)
	return true
}

// returnItemsLeft is itemsLeftIn for the return in hand.
func (e *Engine) returnItemsLeft(t *turn) []int64 {
	tk := t.d.Task
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return nil
	}
	return e.itemsLeftIn(t, o, tk.ItemIDs)
}

// refusesAndAsks reports whether a message at a confirmation (or at "is
// the parcel still missing?") says no, or that the parcel was found, and
// asks something else besides.
func (e *Engine) refusesAndAsks(t *turn, tk *task) bool {
	lang, norm := t.lang(), t.input.norm
	no := leadingNo.MatchString(t.input.text) || e.texts.StartsWith(lang, keywordNo, norm) ||
		tk.Intent == intents.CancelOrder && e.mentionsUnnegated(lang, keywordKeepOrder, norm) ||
		tk.Step == stepChecks && e.foundParcel(t) && !e.stillMissing(t)
	rest := ""
	if parts := sentences(t.input.text); len(parts) > 1 {
		rest = parts[len(parts)-1]
	}
	if m := leadingNo.FindStringIndex(t.input.text); m != nil && m[1] < len(t.input.text) {
		rest = strings.TrimSpace(t.input.text[m[1]:])
	}
	if no && rest != "" && strings.Contains(t.input.text, "?") && (t.u.Intent == intents.Deny || t.u.Intent == intents.OOS || t.u.Intent == tk.Intent) {
		// "no wait actually, can you tell me when it ships instead?",
		// « ah si le voisin l'avait ! merci. Par contre combien j'ai de
		// points ? »: the no read whole, what it asks is read apart ("I
		// didn't understand", and the yes after it cancelled; the
		// points were lost; round 77a).
		for prev := ""; prev != rest; {
			prev = rest
			rest = strings.TrimSpace(e.withoutLeading(t, rest, keywordWait, keywordMindChanged, keywordFiller))
		}
		if more := e.understandOne(rest, lang, intents.Normalize(rest)); more.Intent != tk.Intent &&
			(more.Intent == intents.FAQ || e.flows[more.Intent].query) && more.Confidence >= moreClauseConfidence {
			t.u.Intent, t.u.FAQID, t.u.Confidence, t.u.Alternatives = more.Intent, more.FAQID, more.Confidence, nil
		}
	}
	if !no || t.u.Intent == tk.Intent || t.u.Intent == intents.Affirm || t.u.Intent == intents.Deny || t.u.Intent == intents.Thanks ||
		tk.Intent == intents.StartReturn && len(tk.Quantities) == 1 && e.quantityPutRight(t) > 0 ||
		tk.Intent == intents.Exchange && !strings.Contains(t.input.text, "?") && e.saysNewWish(t, tk.Note) ||
		(tk.Intent == intents.AccountDetails || tk.Intent == intents.DeliveryAddress) && e.texts.newDetailIn(t.input.text) {
		// (Not "no, one pair is enough. where is my order?": how many,
		// put right; nor "well no, size 58" at an exchange's summary, the
		// wish put right, read as a question on sizes: the exchange was
		// dropped; nor "no wait, my new number is …" at a correction's
		// summary, read as the account's details again.)
		return false
	}
	return (t.u.Intent == intents.FAQ || e.flows[t.u.Intent].query) && t.u.Confidence >= moreClauseConfidence
}

// returnItemInstead reports whether the message puts another item in
// place of the one item of the return in hand ("not the earrings, the
// scarf").
func (e *Engine) returnItemInstead(t *turn) bool {
	tk := t.d.Task
	if len(tk.ItemIDs) != 1 {
		return false
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	cur := selected(o.Items, tk.ItemIDs)
	if len(cur) != 1 {
		return false
	}
	_, ok = e.itemInstead(t, o.Items, cur[0])
	return ok
}

// namesOtherItemOf reports whether the message names an item of the
// task's order other than the task's.
func (e *Engine) namesOtherItemOf(t *turn, tk *task) bool {
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	for _, c := range clauseBreaks.Split(t.input.text, -1) {
		norm := intents.Normalize(c)
		if norm == "" || e.texts.Mentions(t.lang(), keywordItemDropped, norm) || e.texts.Mentions(t.lang(), keywordNotThisItem, norm) {
			continue // "forget the earrings", "not the earrings"
		}
		for _, it := range e.pickItemsIn(t, c, norm, o.Items) {
			if !slices.Contains(tk.ItemIDs, it.ID) {
				return true
			}
		}
	}
	return false
}

// keepsAnotherItem reports whether the words that would give a return up
// keep an item named in their own sentence, beside another sentence that
// asks for the return: "so I'd like to return it. The moon earrings are
// lovely and I'm keeping them" (no return was made; round 62b).
func (e *Engine) keepsAnotherItem(t *turn) bool {
	if e.keepsAndReturns(t.lang(), sentences(t.input.text), false) {
		return true
	}
	// By clause too, naming the item kept in the clause that keeps it: «
	// annuler juste l'écharpe de ma commande, la barrette je la garde »
	// keeps one item and cancels the other in one sentence (read as the
	// cancellation taken back; round 108b); "…, so I'll keep it" names
	// none.
	var parts []string
	for _, c := range splitClauses(t.input.text) {
		parts = append(parts, strings.FieldsFunc(c, func(r rune) bool { return r == ',' || r == ';' })...)
	}
	return e.keepsAndReturns(t.lang(), parts, true)
}

// keepsAndReturns reports whether among parts one keeps an item (one of
// the parts that keep names an item) and another sends one back or
// cancels; cancelling counts only when byClause.
func (e *Engine) keepsAndReturns(lang string, parts []string, byClause bool) bool {
	keeps, returns := false, false
	for _, s := range parts {
		norm := intents.Normalize(s)
		cancels := byClause && e.texts.Mentions(lang, keywordCancelWords, norm)
		switch {
		case e.texts.Mentions(lang, keywordRetractReturn, norm) && !byClause ||
			e.texts.Mentions(lang, keywordKeepWords, norm) && !e.namesReturnVerb(lang, norm) && !cancels:
			// (Or "The earrings I'm keeping, they're lovely" after "I'd
			// like to send the scarf back": the return was taken as
			// given up; round 67b.)
			keeps = keeps || e.texts.Mentions(lang, keywordProductKind, norm)
		case e.namesReturnVerb(lang, norm) || e.texts.Mentions(lang, keywordSendBack, norm) || e.texts.Mentions(lang, keywordRefundWords, norm) || cancels:
			returns = true
		}
	}
	return keeps && returns
}

// yesAndAlso reports whether a message says yes to the summary in hand and
// asks for another action besides ("oui et je voudrais aussi retourner les
// boucles"): the yes first, then the other request.
func (e *Engine) yesAndAlso(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	// (Or joined by ", and": « oui pour la newsletter, et oui je veux un
	// conseiller pour le remboursement » put the unsubscription aside;
	// round 138a.)
	return t.input.payload == "" && (e.texts.StartsWith(lang, keywordYes, norm) || leadingYes.MatchString(t.input.text)) &&
		(e.texts.Mentions(lang, keywordAlso, norm) || commaAnd.MatchString(t.input.text)) &&
		e.isFlow(t.u.Intent) && t.u.Intent != t.d.Task.Intent && t.u.Confidence >= interruptConfidence &&
		!e.yesThenNo(t) && !e.hesitates(t) && !e.reportsYes(t)
}

// switchesToReturn reports whether a message, during a wrong or missing
// item's case, asks for a return instead: a return named with a word that
// prefers it or puts the request right, or read as a return for sure; not
// a question about sending the item back.
func (e *Engine) switchesToReturn(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if !e.namesReturnVerb(lang, norm) || e.texts.Mentions(lang, keywordExchangeVerb, norm) || e.texts.Mentions(lang, keywordNoReturn, norm) {
		return false
	}
	if e.saysRightItem(lang, norm) {
		// The item is the right one after all, and goes back: "it IS
		// the one I ordered, it just looks different. Can I return it
		// instead?" (the return rules, then the wrong item's question
		// again; round 67a).
		return true
	}
	if strings.Contains(t.input.text, "?") || e.startsQuestion(t) {
		return false
	}
	return t.u.Intent == intents.StartReturn && t.u.Confidence >= interruptConfidence &&
		(e.texts.Mentions(lang, keywordNotWrong, norm) || e.texts.Mentions(lang, keywordPrefers, norm) || e.texts.Mentions(lang, keywordCorrection, norm) ||
			e.texts.Mentions(lang, keywordItemCorrection, norm)) ||
		e.texts.Mentions(lang, keywordPrefers, norm) || e.texts.Mentions(lang, keywordCorrection, norm)
}

// namesFlowOf reports whether the message names what a status question is
// about, in so many words: "et mon retour sur l'autre commande il en est
// où ?" asks about a return (at 0.65, it moved a cancellation to the other
// order; round 84b).
func (e *Engine) namesFlowOf(t *turn, intent string) bool {
	lang, norm := t.lang(), t.input.norm
	switch intent {
	case intents.ReturnStatus:
		return e.texts.Mentions(lang, keywordReturnWord, norm)
	case intents.RefundStatus:
		return e.texts.Mentions(lang, keywordRefundWords, norm)
	}
	return false
}

// asksRefundElsewhere reports whether the message asks for a refund to go
// somewhere else than the payment method used: a word of refund and a
// destination ("to my PayPal", "par virement").
func (e *Engine) asksRefundElsewhere(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	// Right after a refund was told of, "it" is the refund ("can you
	// send it to my paypal instead, my card expired" got the payment
	// methods; round 73a).
	refundTold := t.answered != nil && strings.Contains(t.answered.ID, "refund") || t.d.Retry == intents.RefundStatus
	// A card that no longer works says what "it" is too: "can it go to
	// my paypal instead, my card was cancelled" (not understood, a
	// question after the refund's answer; round 90a); and, with a refund
	// named, asks where it goes: « j'ai fait opposition sur ma carte…, le
	// remboursement il va aller où ? ».
	cardGone := e.texts.Mentions(lang, keywordCardGone, norm)
	refund := e.texts.Mentions(lang, keywordRefundWords, norm)
	return e.texts.Mentions(lang, keywordRefundElsewhere, norm) && (refund || refundTold || cardGone) ||
		cardGone && refund && strings.Contains(t.input.text, "?")
}

// questionAfter returns the reading of the question a message ends with,
// in a sentence of its own after what it says first ("je vais plutôt la
// garder. par contre elle part quand ?"), when it is sure and is a
// question or one that reads the account.
func (e *Engine) questionAfter(t *turn) (Understanding, bool) {
	parts := sentences(t.input.text)
	if len(parts) < 2 || !strings.HasSuffix(strings.TrimSpace(t.input.text), "?") {
		return Understanding{}, false
	}
	last := parts[len(parts)-1]
	q := e.understandOne(last, t.lang(), intents.Normalize(last))
	return q, (q.Intent == intents.FAQ || e.flows[q.Intent].query) && q.Confidence >= moreClauseConfidence
}

// cancelsAgain reports whether a short message right after a cancellation
// was set aside asks for it after all: « bon tant pis, annulez », "fine,
// cancel it then". A question, another order or a no is not that.
func (e *Engine) cancelsAgain(t *turn) bool {
	if strings.Contains(t.input.text, "?") || len(t.input.entities) > 0 {
		return false
	}
	if e.cancelsAgainIn(t.lang(), t.input.norm) {
		return true
	}
	// « bon non laissez tomber, annulez-la finalement », « Mais je veux
	// annuler ! Je posais juste une question sur le remboursement. »: the
	// clause that says it, last or first (they got "all right, I'm here
	// if you need anything" and the refunds; round 113a).
	clauses := slices.DeleteFunc(clauseBreaks.Split(t.input.text, -1), func(c string) bool { return strings.TrimSpace(c) == "" })
	if len(clauses) < 2 || e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm) {
		return false
	}
	return e.cancelsAgainIn(t.lang(), intents.Normalize(clauses[len(clauses)-1])) || e.cancelsAgainIn(t.lang(), intents.Normalize(clauses[0]))
}

// cancelsAgainIn is cancelsAgain on one normalised clause.
func (e *Engine) cancelsAgainIn(lang, norm string) bool {
	return len(strings.Fields(norm)) <= 6 &&
		(e.texts.Mentions(lang, keywordCancelWords, norm) || e.texts.HasKeyword(lang, keywordStop, norm)) &&
		!e.texts.Mentions(lang, keywordNoCancel, norm) && !e.texts.StartsWith(lang, keywordNo, norm) &&
		// (« tant pis » keeps an order, except beside the word that
		// cancels it.)
		(!e.texts.Mentions(lang, keywordKeepOrder, norm) || e.texts.Mentions(lang, keywordCancelWords, norm) && !e.texts.Mentions(lang, keywordKeepWords, norm))
}

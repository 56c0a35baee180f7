package bot

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"supportbot/intents"
	"supportbot/storage"
)

// Follow-ups: a customer who has just had an order cancelled, a return
// opened or their order tracked goes on about it ("when will I be
// refunded?", "where do I send it?") without naming it again. The engine
// keeps what the last flow did (dialogue.Last) and answers such questions
// about that order, from the account, instead of with the general FAQ
// answer or a new flow.

// Kinds of what a flow did, for dialogue.Last.
const (
	didCancel = "cancelled" // an order was cancelled
	didReturn = "return"    // a return was opened, with an RA number
	// didRequest: a request went to the team (an address change, an
	// exchange, a correction, a person to write back).
	didRequest = "request"
)

// done is what the last flow did, and on which order.
type done struct {
	Kind      string `json:"kind"`
	Order     string `json:"order"`
	RA        string `json:"ra,omitempty"`
	Defective bool   `json:"defective,omitempty"` // a return of a faulty item: postage on the shop
	// Ticket and TicketID are the request's case, for didRequest, and
	// Contact the address the team was told to write to.
	Ticket   string `json:"ticket,omitempty"`
	TicketID int64  `json:"ticket_id,omitempty"`
	Contact  string `json:"contact,omitempty"`
	// About is what was made, by the keyword list that names it
	// ("about_address", "about_return"…), and What says it to the customer
	// ("the return of the Silk scarf"): a customer who takes back
	// something else is not taken to mean this.
	About string `json:"about,omitempty"`
	What  string `json:"what,omitempty"`
	// Items are the names of the items of a return just opened.
	Items []string `json:"items,omitempty"`
	// Request is an account request's kind (an unsubscription, a
	// correction), which "annulez ma demande de désinscription" names.
	Request string `json:"request,omitempty"`
}

// followUps answers, by what was just done, the FAQ entries that then
// have a personal answer: the message ID said instead of the entry.
var followUps = map[string]map[string]string{
	didCancel: {
		"refund_timing":         "after_cancel_refund",
		"cancel_order_policy":   "after_cancel_done",
		"cancel_after_shipping": "after_cancel_done",
	},
	didReturn: {
		"return_how_to":        "after_return_send",
		"return_ra_number":     "after_return_send",
		"return_shipping_cost": "after_return_postage",
		"refund_timing":        "after_return_refund",
	},
}

// personalFAQ are the FAQ entries that a verified customer asks about
// their own account: the flow answers them from the account.
var personalFAQ = map[string]string{
	"loyalty_points_missing": intents.CheckPoints,
	"loyalty_pending_points": intents.CheckPoints,
	"loyalty_check_balance":  intents.CheckPoints,
	"loyalty_return_points":  intents.CheckPoints,
	"track_with_account":     intents.TrackOrder,
	"tracking_number":        intents.TrackOrder,
	"order_not_shipped":      intents.TrackOrder,
	"parcel_late":            intents.TrackOrder, // which offers the investigation when it is
	"refund_timing":          intents.RefundStatus,
	"invoice":                intents.Invoice,
}

// followUp answers a message about what the conversation just did, or a
// personal question a verified customer asked as a general one. It reports
// false when the message is not one.
func (e *Engine) followUp(t *turn) bool {
	if e.takesBackListedCase(t) {
		return true
	}
	last := t.d.Last
	if last != nil && last.Kind == didCancel && t.input.payload == "" &&
		(e.texts.Mentions(t.lang(), keywordNoCancel, t.input.norm) || e.texts.Mentions(t.lang(), keywordWithdrawReturn, t.input.norm) ||
			e.texts.IsKeyword(t.lang(), keywordNo, t.input.norm)) {
		// "wait no, keep it" after the cancellation: it can't be undone,
		// and saying "all right" would read as if it were.
		e.say(t, "cancel_already_done", map[string]any{"Number": last.Order})
		return true
	}
	if ref, ok := strings.CutPrefix(t.input.payload, prefixWithdraw); ok {
		// The button of "shall I withdraw it?".
		switch {
		case last != nil && last.Kind == didRequest && last.Ticket == ref:
			e.withdrawRequest(t, *last)
		case last != nil && last.Kind == didReturn && last.RA == ref:
			e.withdrawReturn(t, *last)
		default:
			e.say(t, "withdraw_gone", nil)
		}
		if q := t.thenAsked; q.Intent != "" {
			// The question after the yes (it was lost; round 131a), read
			// without the button.
			t.thenAsked, t.input.payload = Understanding{}, ""
			e.handleMore(t, q)
		}
		return true
	}
	if last != nil && (last.Kind == didRequest || last.Kind == didReturn) && e.takesBack(t, *last) && !e.wantsRefundInstead(t) {
		// (Not "can I just get a refund instead of the right ones?" after
		// a wrong item's case: a refund wished for, which its withdrawal,
		// offered, would have lost; round 110b, a wrong action.)
		// Asked first: "annuler" alone, "non annule pas" or a question
		// about cancelling a return took back what was just made.
		e.askWithdraw(t, *last)
		if o := t.answered; o != nil {
			// "ah non une seule paire pardon, je garde l'autre": what to
			// make in its place, once withdrawn.
			t.d.Redo = e.putRight(t, o)
		}
		return true
	}
	if last != nil && last.Kind == didRequest && t.input.payload == "" && e.foundParcel(t) && !e.asksWhy(t) {
		// "ah non attendez, elles étaient dans le papier de soie": the
		// case for what was missing may close, asked first.
		e.say(t, "withdraw_found_ask", map[string]any{"Ticket": last.Ticket},
			Button{Label: e.text(t, "button_withdraw", nil), Payload: prefixWithdraw + last.Ticket})
		return true
	}
	if last != nil && t.input.payload == "" && len(t.input.entities) == 0 && (last.RA != "" || last.Ticket != "") &&
		e.texts.Mentions(t.lang(), keywordNumberAgain, t.input.norm) && !e.texts.Mentions(t.lang(), keywordTrackingAsked, t.input.norm) {
		// (Not "whats the DHL number again?": the parcel's, which got the
		// case number; round 122a.)
		// "sorry what was the case number again?", "c'était quoi le
		// numéro déjà ?": the number just given (they got where to find
		// an order number, or their open cases to choose from; round
		// 50c).
		e.say(t, "number_again", map[string]any{"RA": last.RA, "Ticket": last.Ticket, "Number": last.Order})
		return true
	}
	if last != nil && last.Kind == didCancel && t.input.payload == "" && len(t.input.entities) == 0 &&
		e.texts.Mentions(t.lang(), keywordAmountAgain, t.input.norm) {
		// "sorry how much was it again?", "c'était combien déjà ?" right
		// after a cancellation: its refund (not understood; round 51c).
		e.sayDone(t, *last, "after_cancel_refund")
		return true
	}
	if last != nil {
		id := ""
		if t.u.Intent == intents.FAQ {
			id = followUps[last.Kind][t.u.FAQID]
		}
		if id == "" && last.Kind == didReturn && e.texts.Mentions(t.lang(), keywordWhereSend, t.input.norm) &&
			(t.u.Intent == intents.FAQ || t.u.Intent == intents.StartReturn || t.u.Intent == intents.OOS) {
			id = "after_return_send"
		}
		if id != "" {
			e.sayDone(t, *last, id)
			return true
		}
		if last.Kind == didRequest && last.About == aboutExchange && t.d.Task == nil && e.texts.Mentions(t.lang(), keywordNewItem, t.input.norm) &&
			(e.texts.Mentions(t.lang(), keywordWhen, t.input.norm) || e.texts.Mentions(t.lang(), "followup_when", t.input.norm)) {
			// « bon. la nouvelle bague arrivera quand ? » after an
			// exchange, another answer in between: when the exchange's new
			// item leaves (the old order's status came; round 82a).
			e.say(t, "after_exchange_when", map[string]any{"Ticket": last.Ticket})
			return true
		}
		if last.Kind == didRequest && last.About == aboutExchange && t.d.Task == nil && e.asksWhy(t) &&
			(e.texts.Mentions(t.lang(), "followup_send_back", t.input.norm) || e.texts.Mentions(t.lang(), keywordWhereSend, t.input.norm)) &&
			(t.u.Intent == intents.StartReturn || t.u.Intent == intents.FAQ || t.u.Intent == intents.OOS || t.u.Intent == intents.Exchange) {
			// "Je dois renvoyer la première bague comment ?" after an
			// exchange, a thanks in between: the exchange's label (a
			// return of the same ring was begun, one yes from being made;
			// round 76a).
			e.say(t, "after_exchange_send", map[string]any{"Ticket": last.Ticket})
			return true
		}
	}
	if t.u.Intent == intents.FAQ && t.u.FAQID == "return_ra_number" && t.d.Task == nil && raNumberIn(t.input.text) != "" {
		// "And RA-7K2M9Q4B?": a number, not a question about numbers.
		t.d.Task = e.newTask(t, intents.ReturnStatus)
		e.runTask(t)
		return true
	}
	if flow, ok := personalFAQ[t.u.FAQID]; ok && t.u.Intent == intents.FAQ && t.conv.CustomerID != 0 && t.d.Task == nil && !t.rulesOnly {
		t.d.Task = e.newTask(t, flow)
		e.runTask(t)
		return true
	}
	return false
}

// whatDone says what was just made in the language the conversation
// speaks now: the words kept from then may be another's ("Voulez-vous que
// j'annule the return of …").
func (e *Engine) whatDone(t *turn, last done) string {
	switch {
	case last.Kind == didReturn && len(last.Items) > 0:
		return e.text(t, "what_return", map[string]any{"Item": strings.Join(last.Items, ", ")})
	case last.About != "":
		return e.text(t, "what_"+last.About, map[string]any{"Number": last.Order})
	}
	return last.What
}

// askWithdraw asks whether to withdraw what was just made, with the
// button that does it.
func (e *Engine) askWithdraw(t *turn, last done) {
	ref, id := last.Ticket, "withdraw_request_ask"
	if last.Kind == didReturn {
		ref, id = last.RA, "withdraw_return_ask"
	}
	e.say(t, id, map[string]any{"Ticket": ref, "What": e.whatDone(t, last)}, Button{Label: e.text(t, "button_withdraw", nil), Payload: prefixWithdraw + ref})
}

// sayDone answers a follow-up about what was done, with the order's
// figures and, for a return, the address and the RA number.
func (e *Engine) sayDone(t *turn, last done, id string) {
	orders, err := e.customerOrders(t)
	if err != nil {
		e.fail(t, "follow-up", err)
		return
	}
	o, ok := findOrder(orders, last.Order)
	if !ok {
		t.d.Last = nil
		e.answerFAQ(t)
		return
	}
	data := e.orderData(t, o)
	data["RA"] = last.RA
	data["Days"] = e.policy.Refunds.Days
	data["Address"] = e.shop.ReturnAddress
	data["Defective"] = last.Defective
	e.say(t, id, data)
}

// withdrawReturn cancels the return the conversation just opened, when
// the customer gives it up before sending the parcel; once the shop has
// received it, a person decides.
func (e *Engine) withdrawReturn(t *turn, last done) {
	returns, err := e.customerReturns(t)
	if err != nil {
		e.fail(t, "withdraw return", err)
		return
	}
	data := map[string]any{"RA": last.RA}
	for _, r := range returns {
		if r.RANumber != last.RA {
			continue
		}
		err := e.store.WithdrawReturn(t.ctx, r.ID)
		switch {
		case errors.Is(err, storage.ErrConflict):
			e.say(t, "return_withdraw_too_late", data, e.button(t, "button_human", payloadHuman))
			return
		case err != nil:
			e.fail(t, "withdraw return", err)
			return
		}
		t.accountChanged()
		t.d.Last = nil
		e.say(t, "return_withdrawn", data)
		e.redoWithdrawn(t, last)
		return
	}
	t.d.Last = nil
	e.say(t, "return_withdraw_too_late", data, e.button(t, "button_human", payloadHuman))
}

// takesBack reports whether the message asks to take back the request or
// the return just made: words of withdrawal ("oops cancel that", "scrap
// that", "annulez ma demande", "I'll keep it" after a return), and
// nothing else; not a question about what may happen ("si je veux
// annuler mon retour, je fais comment ?"), not a refusal to cancel ("non
// annule pas"), not a mere goodbye ("never mind", "forget it").
func (e *Engine) takesBack(t *turn, last done) bool {
	lang, norm := t.lang(), t.input.norm
	if strings.Contains(t.input.text, "?") && e.texts.Mentions(lang, keywordPointsWords, norm) && !e.texts.Mentions(lang, keywordWithdraw, norm) {
		// « Et pour mes points, je les garde ? » after a correction of
		// the e-mail address: the points kept, asked, not the request
		// (its withdrawal was offered; round 137c, a near miss).
		return false
	}
	newsletter := e.texts.Mentions(lang, keywordUnsubscribe, norm) || strings.Contains(norm, "newsletter")
	if last.Kind == didRequest && last.Request == requestUnsubscribe && !newsletter && e.texts.Mentions(lang, keywordAccountItself, norm) {
		// "ah non attendez, si je perds mes points non, je garde mon
		// compte" after asking how to delete it: the account kept, not
		// the newsletter (its unsubscription was offered for
		// withdrawing; round 84a).
		return false
	}
	if last.Kind == didRequest && last.About == aboutAccount && t.input.payload == "" &&
		(e.texts.Mentions(lang, keywordStaySubscribed, norm) || e.texts.Mentions(lang, keywordNo, norm) && e.texts.Mentions(lang, keywordKeepWords, norm)) {
		// "non attendez je veux la garder" after an unsubscription: the
		// newsletter kept, so the request withdrawn (asked first).
		return true
	}
	if last.Kind == didRequest && last.Request != "" {
		// "annulez ma demande de désinscription" after a correction was
		// sent (it withdrew the correction), and the other way round.
		if newsletter && last.Request != requestUnsubscribe || !newsletter && last.Request == requestUnsubscribe &&
			e.texts.Mentions(lang, aboutAccount, norm) {
			return false
		}
	}
	if last.Kind == didRequest && last.Order != "" && t.input.payload == "" && e.texts.Mentions(lang, keywordWrongOrder, norm) &&
		otherOrderIn(t.input.entities, last.Order) != "" {
		// « ah non pardon, c'était pour la commande OP-102503, pas
		// celle-là » right after an address change: the request made on
		// the wrong order, withdrawn if they want (the other order's
		// address was looked at, and the request stayed; round 81b).
		return true
	}
	if last.Kind == didRequest && t.input.payload == "" && e.texts.Mentions(lang, keywordWrongOrder, norm) &&
		(e.texts.Mentions(lang, keywordWithdraw, norm) || e.texts.Mentions(lang, keywordStop, norm) || e.readsCancel(t)) {
		// "ah zut non, c'est pas pour cette commande, annulez", "oops
		// wrong order, cancel that please" after an address change:
		// the request made on the wrong order (the order itself was
		// offered for cancelling, and a yes cancelled it; round 61a).
		return true
	}
	if last.Kind == didRequest && e.texts.Mentions(lang, keywordOrderWord, norm) && e.texts.Mentions(lang, keywordNotRequest, norm) {
		// "can you cancel that? I mean the order, not the address
		// request": the order (the request was withdrawn).
		return false
	}
	if last.Kind == didRequest && last.About == aboutHandoff && t.input.payload == "" &&
		(e.mentionsUnnegated(lang, keywordKeepOrder, norm) || e.texts.Mentions(lang, keywordKeepWords, norm)) && (e.texts.Mentions(lang, keywordNeverMind, norm) || e.texts.Mentions(lang, keywordStop, norm)) {
		// "hmm nope, forget it, i will just keep it" after a person was
		// asked to see whether the order could still be cancelled: that
		// request, withdrawn if they want (it stayed open, its team asked
		// to cancel an order kept; round 111b).
		return true
	}
	keepsItem := last.Kind == didReturn && e.keepsItemOf(t, last.Items)
	keepsReturned := last.Kind == didReturn && e.texts.Mentions(lang, keywordWithdrawReturn, norm) || keepsItem
	// ("can you undo the change?" after an address change: "undo" takes
	// the request named back; it kept it, and a button cancelling the
	// order came; round 114b, a wrong action.)
	undoesIt := last.About != "" && e.texts.Mentions(lang, keywordWithdraw, norm) && (e.texts.Mentions(lang, last.About, norm) ||
		e.texts.MadeOf(lang, norm, keywordWithdraw, keywordPolite, keywordStopObject, keywordFiller, keywordAck, keywordNo, keywordMindChanged))
	if t.input.payload != "" || e.hasEntity(t, intents.EntityOrderNumber, intents.EntityEmail, intents.EntityLoyaltyCard) ||
		e.texts.Mentions(lang, keywordNoCancel, norm) && !keepsReturned && !undoesIt || e.supposes(t) ||
		e.texts.Mentions(lang, keywordHypothetical, norm) || e.texts.Mentions(lang, keywordKeepOpen, norm) {
		// (Nor "ne retirez pas ma réclamation", "please do not close my
		// case": the case kept, in so many words; asked, "d'accord"
		// withdrew it. But "finalement je la garde" after a return keeps
		// the item, not an order: it was not understood; round 50c.)
		return false
	}
	if e.withdrawsOther(t, last) {
		return false
	}
	if strings.Contains(t.input.text, "?") && e.texts.Mentions(lang, "followup_send_back", norm) && !e.texts.Mentions(lang, keywordWithdraw, norm) {
		// « Je dois vous renvoyer le collier ou je le garde ? » after a
		// wrong item's case: what to do with the item, not the case
		// taken back (its withdrawal was offered, one press away; round
		// 113b, a near miss).
		return false
	}
	if strings.Contains(t.input.text, "?") && e.texts.Mentions(lang, "followup_confirmed", norm) && !e.texts.Mentions(lang, keywordWithdraw, norm) {
		// « c'est bon c'est pris en compte ? » after an address change:
		// whether it went through, not "never mind" (its withdrawal was
		// offered, one press away; round 101a).
		return false
	}
	if last.Kind == didRequest && last.About == aboutItem && t.input.payload == "" && !e.foundParcel(t) &&
		e.texts.Mentions(lang, keywordRetract, norm) && e.texts.Mentions(lang, keywordNo, norm) {
		// "ah mince non, en fait c'est ma fille qui a échangé les boîtes,
		// c'est bon" after a wrong item's case: the case, withdrawn if
		// they want (it got "your request is with the team"; round 61a).
		// (A parcel found is closed by its own answer.)
		return true
	}
	if last.Kind == didRequest && last.About == aboutItem && t.input.payload == "" && !e.foundParcel(t) &&
		e.saysRightItem(lang, norm) && (e.texts.Mentions(lang, keywordWithdraw, norm) || e.readsCancel(t)) {
		// « ma femme vient de me dire que c'est elle qui a échangé les
		// boîtes, c'est bien les bonnes boucles. annulez svp »: the item
		// was the right one, so the case, withdrawn if they want (the
		// story's "échangé" took it for another request, and it could
		// not be withdrawn).
		return true
	}
	if last.Kind == didRequest && last.About == aboutHandoff && t.input.payload == "" && e.texts.Mentions(lang, keywordNoHuman, norm) {
		// "not now, maybe later", "no need for a person after all" once
		// the request for a person went to the team: that request,
		// withdrawn if they want (it got "All right", and stayed open).
		return true
	}
	if len(last.Items) > 0 && e.texts.Mentions(lang, keywordItemCorrection, norm) && e.namesOtherItem(t, last.Items) &&
		!e.texts.Mentions(lang, keywordAlso, norm) {
		// "sorry, I meant the scarf, not the earrings" once the earrings'
		// exchange or return went through: what was made on the wrong
		// item, withdrawn if they want (a missing-item case was offered
		// for the scarf).
		return true
	}
	namesReturn, namesCase := e.texts.Mentions(lang, keywordNamesReturn, norm), e.texts.Mentions(lang, keywordNamesCase, norm)
	if last.Kind == didRequest && namesReturn && !namesCase ||
		last.Kind == didReturn && namesCase && !namesReturn && !e.texts.Mentions(lang, keywordNamesRequest, norm) {
		return false // "cancel the return" after a case was opened: not that case
	}
	for _, about := range aboutLists {
		if about != last.About && e.texts.Mentions(lang, about, norm) && !e.texts.Mentions(lang, last.About, norm) &&
			!(last.Kind == didReturn && namesReturn) {
			// (But "oops wrong item, cancel that return please" names
			// the return: it was given its status.)
			return false // "retirez ma demande de changement d'adresse" after an unsubscription
		}
	}
	if keepsItem {
		// "no wait sorry I said the earrings, not the scarf! I want to
		// keep the scarf": the scarf's return, withdrawn if they want,
		// though another item is named (an exchange of the earrings
		// started; round 81b).
		return true
	}
	if last.Kind == didReturn && e.namesOtherItem(t, last.Items) {
		return false // "annulez le retour des boucles" when the scarf's was just opened
	}
	if last.Kind == didReturn && e.texts.Mentions(lang, keywordWithdrawReturn, norm) {
		return true
	}
	if last.Kind == didReturn && t.input.payload == "" && e.texts.Mentions(lang, keywordItemFine, norm) && e.namesItemOf(t, last.Items) {
		// "no wait, the scarf is fine, it's the earrings that are
		// broken" just after the scarf's return: that return, withdrawn
		// if they want (it was kept, and the earrings' started; round
		// 61a).
		return true
	}
	if last.Kind == didReturn && e.texts.Mentions(lang, keywordKeepWords, norm) && e.namesItemOf(t, last.Items) {
		return true // "I've changed my mind, I'll keep the scarf": its return, asked first
	}
	if last.Kind == didRequest && last.About == aboutAddress && e.texts.Mentions(lang, keywordKeepOldAddress, norm) {
		// « ah non zut, en fait gardez l'ancienne adresse »: the change,
		// taken back, asked first (not understood; round 80b).
		return true
	}
	if last.Kind == didRequest && !e.foundParcel(t) && (e.texts.Mentions(lang, keywordRetract, norm) ||
		e.texts.StartsWith(lang, keywordNo, norm) && (e.texts.Mentions(lang, keywordKeepWords, norm) || e.texts.Mentions(lang, keywordMindChanged, norm))) {
		// (The no first: "thanks, I'll wait. no need for anything else"
		// withdraws nothing, nor "I don't want a refund, I just want my
		// watch".)
		// "no sorry, it was the right one after all" after a wrong item's
		// case, "no wait, I've changed my mind" after an exchange:
		// withdrawing it, asked first (they got "All right").
		return true
	}
	if !e.texts.Mentions(lang, keywordWithdraw, norm) {
		return false
	}
	// Nothing but the withdrawal ("oops cancel that"), or the withdrawal
	// of what was made, named ("annulez le changement d'adresse, je garde
	// Lyon").
	return e.texts.MadeOf(lang, norm, keywordStop, keywordNo, keywordPolite, keywordMindChanged, keywordStopObject, keywordLeave, keywordAck, keywordWithdraw) ||
		last.About != "" && e.texts.Mentions(lang, last.About, norm) ||
		last.Kind == didReturn && namesReturn
}

// withdrawsOther reports whether the words that would take back what was
// just made are about something else: "pas besoin d'un conseiller, je veux
// juste que vous ouvriez la réclamation", "you don't need to escalate to a
// human, the investigation is enough", "I don't need a refund of the
// difference" (each withdrew the case, asked first, on a yes).
func (e *Engine) withdrawsOther(t *turn, last done) bool {
	lang, norm := t.lang(), t.input.norm
	phrase, at, ok := e.texts.findAt(lang, keywordWithdraw, norm)
	if !ok {
		return false
	}
	after := strings.Fields(norm[min(len(norm), at+len(phrase)):])
	object := strings.Join(after[:min(len(after), 6)], " ")
	if object == "" || last.About != "" && e.texts.Mentions(lang, last.About, object) {
		return false
	}
	if e.texts.Mentions(lang, keywordRefundWords, object) {
		return true
	}
	for _, about := range aboutLists {
		if about != last.About && e.texts.Mentions(lang, about, object) {
			return true
		}
	}
	return false
}

// withdrawRequest closes the case of the request just sent: nobody on the
// team acts on it.
func (e *Engine) withdrawRequest(t *turn, last done) {
	if err := e.store.SetTicketStatus(t.ctx, last.TicketID, storage.TicketResolved); err != nil {
		e.fail(t, "withdraw request", err)
		return
	}
	t.d.Last = nil
	if t.d.Case == last.Ticket {
		t.d.Case = ""
	}
	e.say(t, "request_withdrawn", map[string]any{"Ticket": last.Ticket})
	e.redoWithdrawn(t, last)
}

// redoWithdrawn sums up, once what was just made is withdrawn, the same
// request put right that the message before kept (dialogue.Redo): the
// exchange in the right size, the return of one pair.
func (e *Engine) redoWithdrawn(t *turn, last done) {
	if r := t.redo; r != nil && r.Order == last.Order && t.d.Task == nil {
		t.d.Task = r
		e.runTask(t)
	}
}

// aboutLists are the keyword lists that name what a request is about.
var aboutLists = []string{aboutAddress, aboutExchange, aboutAccount, aboutHandoff, aboutItem}

// Keyword lists naming what a request is about.
const (
	aboutAddress  = "about_address"
	aboutExchange = "about_exchange"
	aboutAccount  = "about_account"
	aboutHandoff  = "about_handoff"
	aboutItem     = "about_item"
)

// namesItemOf reports whether the message names one of the items given,
// by name.
// keepsItemOf reports whether the message says to keep one of the given
// items, named within a few words after the words of keeping ("I want to
// keep the scarf", « je garde le foulard »), not another one ("I'll keep
// the earrings and return the scarf too").
func (e *Engine) keepsItemOf(t *turn, given []string) bool {
	lang, norm := t.lang(), t.input.norm
	phrase, at, ok := e.texts.findAt(lang, keywordKeepWords, norm)
	if !ok {
		return false
	}
	after := strings.Fields(norm[min(len(norm), at+len(phrase)):])
	return namesOneOf(strings.Join(after[:min(len(after), keptItemWords)], " "), given)
}

// keptItemWords is how many words after the words of keeping name the
// item kept ("keep the silk scarf").
const keptItemWords = 4

func (e *Engine) namesItemOf(t *turn, given []string) bool { return namesOneOf(t.input.text, given) }

// namesOneOf reports whether text names one of the items named given.
func namesOneOf(text string, given []string) bool {
	for _, name := range given {
		if i, _ := intents.MatchItem(text, []string{name}); i == 0 {
			return true
		}
	}
	return false
}

// namesOtherItem reports whether the message names an item of the
// customer's orders other than those given.
func (e *Engine) namesOtherItem(t *turn, given []string) bool {
	orders, err := e.customerOrders(t)
	if err != nil {
		return false
	}
	for _, o := range orders {
		if namedItems(t.input.text, o.Items) == 0 && !e.texts.Mentions(t.lang(), keywordProductKind, t.input.norm) {
			// Only "all of it" words ("how long will the whole thing
			// take?" after an exchange got delivery times): no item of
			// its own named.
			continue
		}
		for _, it := range e.pickItemsIn(t, t.input.text, t.input.norm, o.Items) {
			if !slices.Contains(given, it.Name) {
				return true
			}
		}
	}
	return false
}

// takesBackListedCase offers to withdraw one of the open cases just
// listed that the message takes back ("Oh, about the wrong item one: my
// bad, the right bracelet was hidden under the tissue paper … You can
// cancel that case"; the order's cancellation was offered, one yes
// away; round 120b, a near miss): the case named by its number, by what it
// is about, or the only open one. It reports whether it did.
func (e *Engine) takesBackListedCase(t *turn) bool {
	d := &t.d
	lang, norm := t.lang(), t.input.norm
	// A case named by its number needs no list before it: "please
	// withdraw TK-9N5R2W7C" was offered a choice with "Cancel my order",
	// whose press summed up a cancellation (round 123b, a near miss).
	upper := strings.ToUpper(t.input.text)
	refs := caseRef.FindAllString(upper, -1)
	// (Or the verb right before the number: "can you close TK-9N5R2W7C
	// please" showed the account's details, read as closing the account;
	// round 133a.)
	refNamed := len(refs) > 0 && (e.texts.Mentions(lang, keywordWithdraw, norm) || e.texts.Mentions(lang, keywordCloseCase, norm) ||
		closeBeforeRef.MatchString(t.input.text))
	if refNamed && (e.texts.Mentions(lang, keywordRefundWanted, norm) || e.texts.Mentions(lang, keywordRefundWords, norm)) {
		// "Can you close TK-7D2E5M1A and refund me?": a refund wanted,
		// which withdrawing the investigation would not bring (its
		// withdrawal was offered; round 138a, a near miss). The case
		// stays, and the refund is for a person to look at.
		return false
	}
	if !refNamed && (d.ShownKind != shownCase || len(d.Shown) == 0) || d.Task != nil || t.input.payload != "" || t.conv.CustomerID == 0 ||
		!(e.texts.Mentions(lang, keywordWithdraw, norm) && e.texts.Mentions(lang, keywordNamesCase, norm)) && !e.texts.Mentions(lang, keywordCloseCase, norm) && !refNamed {
		// (Closing needs no case named: the cases were just listed, « oui
		// mais je l'ai reçu, vous pouvez le clôturer ? » was not
		// understood; round 122a.)
		return false
	}
	tickets, err := e.store.TicketsByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return false
	}
	var open []storage.Ticket
	for _, tk := range tickets {
		if (slices.Contains(d.Shown, tk.Ref) || refNamed) && !storage.TicketClosed(tk.Status) {
			open = append(open, tk)
		}
	}
	// "the other one" beside a case named by what it is about is the
	// case not named: "for the wrong item one, how long …? And could you
	// close the other one" (the wrong item's case was offered; round 126a,
	// a near miss).
	other := e.texts.Mentions(lang, keywordTheOther, norm)
	names := func(tk storage.Ticket) bool { return e.namesCase(t, tk, refs, other) }
	var picked []storage.Ticket
	for _, tk := range open {
		if names(tk) {
			picked = append(picked, tk)
		}
	}
	if len(picked) == 0 {
		// A case named that is closed already: said so, never the one
		// open in its place ("please close TK-3H8K4P6B", resolved, offered
		// to withdraw the only open case, which a press withdrew; round
		// 126a, a wrong action).
		for _, tk := range tickets {
			if storage.TicketClosed(tk.Status) && (slices.Contains(refs, tk.Ref) || other && slices.Contains(d.Shown, tk.Ref) && !names(tk) && len(refs) == 0) {
				d.Fallbacks = 0
				e.say(t, "withdraw_case_closed", map[string]any{"Ticket": tk.Ref, "Kind": e.word(t, "case_kind_", tk.Kind),
					"Status": e.word(t, "case_status_", tk.Status)})
				if len(open) == 1 && e.texts.Mentions(lang, "followup_how_long", norm) {
					e.sayCaseWhen(t, open[0]) // and "how long until someone gets back to me?" of the other
				}
				return true
			}
		}
	}
	if len(picked) == 0 && len(open) == 1 && len(refs) == 0 && !other {
		picked = open
	}
	if len(picked) != 1 {
		return false
	}
	c := picked[0]
	// (What it is, for asking again: "Do you want me to withdraw
	// (TK-9N5R2W7C)?" came after a question about it; round 134a.)
	d.Last = &done{Kind: didRequest, Ticket: c.Ref, TicketID: c.ID, About: requestAbout[c.Kind],
		What: e.text(t, "what_case", map[string]any{"Kind": e.word(t, "case_kind_", c.Kind)})}
	d.Fallbacks = 0
	e.say(t, "withdraw_case_ask", map[string]any{"Ticket": c.Ref, "Kind": e.word(t, "case_kind_", c.Kind)},
		Button{Label: e.text(t, "button_withdraw", nil), Payload: prefixWithdraw + c.Ref})
	return true
}

// answerCaseWhen tells, after the customer's cases were listed, when the
// team answers the open case the message asks about ("for the wrong item
// one, how long until someone gets back to me?", "when will your team
// answer about TK-9N5R2W7C?"; the list came again; round 126a): the one
// named by its number or by what it is about, or the only open one. It
// reports whether it did.
func (e *Engine) answerCaseWhen(t *turn) bool {
	d := &t.d
	lang, norm := t.lang(), t.input.norm
	if d.Task != nil || t.input.payload != "" || t.conv.CustomerID == 0 || d.ShownKind != shownCase || len(d.Shown) == 0 ||
		e.texts.Mentions(lang, keywordCloseCase, norm) || e.texts.Mentions(lang, keywordWithdraw, norm) ||
		!e.texts.Mentions(lang, "followup_how_long", norm) && !(e.texts.Mentions(lang, keywordWhen, norm) && strings.Contains(t.input.text, "?")) {
		return false
	}
	tickets, err := e.store.TicketsByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return false
	}
	refs := caseRef.FindAllString(strings.ToUpper(t.input.text), -1)
	var open, named []storage.Ticket
	for _, tk := range tickets {
		if !slices.Contains(d.Shown, tk.Ref) && !slices.Contains(refs, tk.Ref) || storage.TicketClosed(tk.Status) {
			continue
		}
		open = append(open, tk)
		if e.namesCase(t, tk, refs, false) {
			named = append(named, tk)
		}
	}
	if len(named) == 0 && len(refs) == 0 && len(open) == 1 {
		named = open
	}
	if len(named) != 1 {
		return false
	}
	e.sayCaseWhen(t, named[0])
	return true
}

// namesCase reports whether a message names case c: by its number among
// refs, the case numbers it gives, or, with none given, by what it is
// about; with other set ("the other one"), the case whose subject it does
// not name.
func (e *Engine) namesCase(t *turn, c storage.Ticket, refs []string, other bool) bool {
	if len(refs) > 0 {
		return slices.Contains(refs, c.Ref)
	}
	about := caseAbout[c.Kind]
	return about != "" && e.texts.Mentions(t.lang(), about, t.input.norm) != other
}

// sayCaseWhen tells when the team answers an open case.
func (e *Engine) sayCaseWhen(t *turn, c storage.Ticket) {
	t.d.Fallbacks = 0
	e.say(t, e.byHours(t, "case_when"), map[string]any{"Ticket": c.Ref, "Kind": e.word(t, "case_kind_", c.Kind),
		"Status": e.word(t, "case_status_", c.Status), "When": e.nextOpening(t)})
}

// caseRef is a case's number as the store makes them, in upper case.
var caseRef = regexp.MustCompile(`\bTK-[0-9A-Z]{8}\b`)

// closeBeforeRef is a verb that closes, right before a case's number, in
// the raw text.
var closeBeforeRef = regexp.MustCompile(`(?i)\b(?:close|shut|withdraw|cancel|drop|fermer|fermez|clôturer|clôturez|cloturer|cloturez|clore|retirer|retirez|annuler|annulez)\s+(?:(?:the|my|this|case|ticket|claim|request|le|mon|ce|dossier|ma|la|réclamation|demande)\s+){0,2}TK-`)

// caseAbout names the keyword list that names a case of each kind.
var caseAbout = map[string]string{
	storage.TicketWrongItem:      aboutItem,
	storage.TicketExchange:       aboutExchange,
	storage.TicketAddressChange:  aboutAddress,
	storage.TicketAccountRequest: aboutAccount,
	storage.TicketHandoff:        aboutHandoff,
}

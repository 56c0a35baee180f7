package bot

import (
	"regexp"
	"slices"
	"strings"

	"supportbot/intents"
	"supportbot/storage"
)

// flow is what the engine knows of an intent that works on the customer's
// account: how to move it one step on, and how to offer it. Every such
// intent has one entry in flows, and nothing else registers it.
type flow struct {
	// run moves the flow one step on: it asks for what is missing, or
	// carries the flow out and ends it (t.d.Task = nil).
	run func(e *Engine, t *turn)
	// button is the message ID of the label of the button that starts it.
	button string
	// identity is set when the flow shows or changes the customer's
	// account, so it needs a verified customer.
	identity bool
	// resume is the message ID said when the flow comes back after an
	// interruption.
	resume string
	// name is the message ID of how the flow is named in a sentence
	// ("votre retour"): "I've left {{.Flow}} aside".
	name string
	// query is set for a flow that only tells (where is my order, my
	// points): asked in the middle of another flow, it is answered and
	// the other flow resumes. Any other flow asked then replaces it.
	query bool
}

// flowTable returns the table of the account flows, by intent; the engine
// keeps one, read-only. (A function rather than a package variable: the
// flows themselves look the table up.)
func flowTable() map[string]flow {
	return map[string]flow{
		intents.TrackOrder:      {run: (*Engine).track, button: "button_track", identity: true, resume: "resume_track_order", name: "flow_track_order", query: true},
		intents.CheckPoints:     {run: (*Engine).points, button: "button_points", identity: true, resume: "resume_check_points", name: "flow_check_points", query: true},
		intents.MissingParcel:   {run: (*Engine).missingParcel, button: "button_missing", identity: true, resume: "resume_missing_parcel", name: "flow_missing_parcel"},
		intents.WrongItem:       {run: (*Engine).wrongItem, button: "button_wrong_item", identity: true, resume: "resume_wrong_item", name: "flow_wrong_item"},
		intents.StartReturn:     {run: (*Engine).startReturn, button: "button_return", identity: true, resume: "resume_start_return", name: "flow_start_return"},
		intents.CancelOrder:     {run: (*Engine).cancelOrder, button: "button_cancel", identity: true, resume: "resume_cancel_order", name: "flow_cancel_order"},
		intents.HumanAgent:      {run: (*Engine).askForPerson, button: "button_human", resume: "resume_human_agent", name: "flow_human_agent"},
		intents.RefundStatus:    {run: (*Engine).refundStatus, button: "button_refund", identity: true, resume: "resume_refund_status", name: "flow_refund_status", query: true},
		intents.ReturnStatus:    {run: (*Engine).returnStatus, button: "button_return_status", identity: true, resume: "resume_return_status", name: "flow_return_status", query: true},
		intents.Vouchers:        {run: (*Engine).vouchers, button: "button_vouchers", identity: true, resume: "resume_vouchers", name: "flow_vouchers", query: true},
		intents.Invoice:         {run: (*Engine).invoice, button: "button_invoice", identity: true, resume: "resume_invoice", name: "flow_invoice", query: true},
		intents.ClaimStatus:     {run: (*Engine).claimStatus, button: "button_claim_status", identity: true, resume: "resume_claim_status", name: "flow_claim_status", query: true},
		intents.Exchange:        {run: (*Engine).exchange, button: "button_exchange", identity: true, resume: "resume_exchange", name: "flow_exchange"},
		intents.DeliveryAddress: {run: (*Engine).deliveryAddress, button: "button_delivery_address", identity: true, resume: "resume_delivery_address", name: "flow_delivery_address"},
		intents.AccountDetails:  {run: (*Engine).accountDetails, button: "button_account_details", identity: true, resume: "resume_account_details", name: "flow_account_details"},
	}
}

// isFlow reports whether intent has an account flow.
func (e *Engine) isFlow(intent string) bool {
	_, ok := e.flows[intent]
	return ok
}

// leavesUndecided reports whether a typed message at a confirmation takes
// leave without a yes in words for doing it: a goodbye, and no "go
// ahead", "please do".
func (e *Engine) leavesUndecided(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && e.texts.Mentions(lang, keywordBye, norm) &&
		!e.texts.Mentions(lang, keywordAcceptDo, norm) && !e.texts.Mentions(lang, keywordGoAhead, norm)
}

// runTask moves the task in progress one step on.
func (e *Engine) runTask(t *turn) {
	f, ok := e.flows[t.d.Task.Intent]
	if !ok {
		t.d.Task = nil
		return
	}
	if tk := t.d.Task; len(tk.Choices) > 1 && t.input.payload == "" {
		// Identity details given instead of an answer to "which do you
		// mean?": verified, then the choice asked again.
		if _, ok := e.identify(t); !ok {
			return
		}
		choices := tk.Choices
		t.d.Task = nil
		e.say(t, "did_you_mean", nil, choices...)
		return
	}
	waited := false
	if tk := t.d.Task; (tk.Step == stepConfirm || tk.Step == stepChecks) && !t.cancelRefund && e.hesitates(t) &&
		!(tk.Step == stepChecks && (e.stillMissing(t) || e.foundParcel(t) ||
			e.texts.Mentions(t.lang(), keywordCheckedDone, t.input.norm) && !e.texts.Mentions(t.lang(), keywordWillLook, t.input.norm) ||
			e.texts.Mentions(t.lang(), keywordWillLook, t.input.norm) || e.texts.Mentions(t.lang(), keywordNotChecked, t.input.norm))) &&
		!(e.texts.Mentions(t.lang(), keywordAlso, t.input.norm) && e.namesOtherTaskItem(t)) &&
		!(tk.Intent == intents.StartReturn && (e.quantityPutRight(t) > 0 || e.switchesReturnItem(t))) &&
		!(tk.Intent == intents.CancelOrder && (e.keepsOrder(t) || e.cancelsAnyway(t))) && !(tk.Step == stepConfirm && e.onlyAskedFirst(t) && !strings.Contains(t.input.text, "?")) &&
		!(tk.Intent == intents.Exchange && tk.Step == stepConfirm && e.wishPutAtSummary(t, tk.Note)) {
		// (Nor « non pas tout de suite, je voulais juste savoir si c'était
		// possible »: a no, not "take your time" and the question again;
		// round 137a.)
		// (Nor "ok it's 51", "ok but maybe 54, I'll measure" at an
		// exchange's summary: the wish, which the flow reads.)
		// (Nor "yes I checked with neighbours and the mailbox", "je vais
		// d'abord demander aux voisins": the checks done or to make,
		// which the flow reads; "take your time" came before its
		// answer.)
		// (Nor "yes... actually no, keep it" at a cancellation: the flow
		// reads the no; "take your time" came before "your order stands".
		// Nor "ok non annule quand même": a yes.)
		// (Nor "actually both pairs please" or "yes but it's the
		// earrings I meant": how many, or the item, put right.)
		// (Not "yes and the earrings too": another item, which the flow
		// takes; "take your time" came before the return was made.)
		// The flow asks its question again; nothing is done meanwhile.
		if id := e.conditionAnswer(t); id != "" {
			e.say(t, id, map[string]any{"Days": e.policy.Refunds.Days})
		} else {
			e.say(t, "confirm_wait", nil)
		}
		waited = true
		if tk.Step == stepConfirm && tk.Intent == intents.MissingParcel && !e.texts.Mentions(t.lang(), keywordNoInvestigation, t.input.norm) {
			// Nor does the investigation's flow read the message after
			// it, whose words may name the investigation: « vous
			// pourriez pas attendre encore deux jours avant d'ouvrir
			// l'enquête ? » got "take your time" and the investigation
			// (round 115b, a wrong action). (Not "no need to open an
			// investigation yet, I'll wait until Monday", which it reads as
			// the no; other flows read a detail put right beside a "wait":
			// "oh wait, flat 4".)
			t.input = input{}
		}
	}
	if tk := t.d.Task; tk.Step == stepConfirm && tk.Waited && e.leavesUndecided(t) {
		// "Yes thank you, have a lovely evening", « Oui merci, ce sera
		// tout » after "let me think it over", « laissez-moi inscrite pour
		// l'instant »: thanks for the time given, and goodbye; not the
		// yes the question waits for (the return, the unsubscription,
		// the address change were sent; round 113a, six wrong actions).
		e.say(t, "confirm_left_undecided", nil)
		t.d.Task = nil
		return
	}
	if tk := t.d.Task; tk.Step == stepConfirm && t.input.payload == "" && tk.Waited && (e.speaksAside(t) ||
		tk.Intent != intents.MissingParcel && e.texts.Mentions(t.lang(), keywordFound, t.input.norm) && !e.texts.Mentions(t.lang(), keywordAcceptDo, t.input.norm)) {
		// "Oui c'est bon je l'ai retrouvée, merci" after "Maman tu peux
		// me passer ma carte bleue": still to the room, no yes (the
		// return was created; round 92b).
		e.say(t, "confirm_wait", nil)
		t.input = input{}
		waited = true
	}
	if tk := t.d.Task; tk.Step == stepConfirm && t.input.payload == "" && tk.Waited && !e.texts.Mentions(t.lang(), keywordYesAfterWait, t.input.norm) {
		// "ok", then "ok" again (or "👍", "d'accord") after "take your
		// time": still thinking, until a yes in words; the second "ok"
		// cancelled the order (round 73a).
		waited = true
	}
	if tk := t.d.Task; tk.Step == stepChecks && t.input.payload == "" && tk.Waited && !e.stillMissing(t) && !e.foundParcel(t) &&
		!e.texts.Mentions(t.lang(), keywordCheckedDone, t.input.norm) {
		// "ok" after "will check tonight": still no news of the parcel,
		// and a yes after it none either (it opened a claim; round 71b).
		waited = true
	}
	if tk := t.d.Task; tk.Step == stepChecks && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordWillLook, t.input.norm) &&
		!e.stillMissing(t) && !e.foundParcel(t) {
		// "je vais d'abord demander aux voisins": they will look; a
		// "oui" next is no news of the parcel (it opened the claim;
		// round 55b).
		waited = true
	}
	if tk := t.d.Task; (freeTextSteps[tk.Step] && t.input.free || (tk.Step == stepItem || tk.Step == stepQuantity) && t.input.payload == "") &&
		(e.waitsToAnswer(t) || e.putsOffAfterCorrection(t) || e.onlyAskedFirst(t) ||
			tk.Step != stepReason && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordUndecided, t.input.norm)) {
		// "wait let me check the label", "euh je sais pas trop": no
		// description yet; the question stays. So for an answer not
		// decided ("taille 54 ou 56, je sais pas trop, je vais mesurer",
		// "bigger probably, but I haven't tried it yet", "hmm let me
		// check my passport first": each was summed up, and an "ok" or a
		// 👍 sent it; round 58b).
		e.say(t, "text_wait", nil)
		t.input = input{}
	}
	tk := t.d.Task
	confirming, checking := tk.Step == stepConfirm, tk.Step == stepChecks
	before := len(t.replies)
	f.run(e, t)
	if t.d.Task == tk {
		// "ok" after "take your time" is "ok, I'll think": no yes for
		// the next message (10 cancellations, returns and requests,
		// round 50b).
		tk.Waited = waited || t.checkFirst
	}
	said := intents.Normalize(tk.Said + " " + t.input.text)
	if t.d.Task == tk && tk.Step == stepChecks && !checking && t.input.payload == "" && !e.foundParcel(t) &&
		(!e.stillMissing(t) || e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm))) &&
		(e.texts.Mentions(t.lang(), keywordWillLook, said) || e.texts.Mentions(t.lang(), keywordNotChecked, said)) {
		// (Said in the first message too: "…je vais quand même demander
		// au gardien ce soir", then the proof; "oui" later opened a
		// claim; round 79b.)
		// "my parcel says delivered but i havent looked in the mailbox
		// yet, will check tonight", "je vais attendre à demain, si y'est
		// pas là demain vous ouvrirez une plainte": the checks just
		// given are still to make, and a yes next is no news of the
		// parcel (it opened a claim; round 71b).
		tk.Waited = true
	}
	if t.d.Task == tk && tk.Step == stepConfirm && !confirming && t.input.payload == "" &&
		e.texts.Mentions(t.lang(), keywordUndecided, intents.Normalize(tk.Said+" "+t.input.text)) {
		// "jvoudrais savoir si c encore possible d'annuler, jai pas
		// encore decidé": asked undecided, an "ok" next is no yes (it
		// cancelled; round 78b).
		tk.Waited = true
	}
	if t.d.Task == tk && tk.Step == stepConfirm && confirming && t.input.payload == "" && (e.asksWhy(t) || t.input.text == "" && before > 0) {
		// A question answered at the question, or beside it before it
		// comes back ("how long does an exchange take? i need it for
		// the 20th", then "Back to your exchange"): an "ok" next is to
		// the answer, however often the question was asked before (the
		// exchange was sent; round 79b).
		tk.Asked = 0
	}
	if t.d.Task == tk && tk.Step == stepConfirm {
		// The summary asked in answer to the customer's own words, with
		// nothing else said before it in the turn: an "ok" next is its
		// yes (it got "Back to your return" and the summary again).
		tk.Fresh = !confirming && before == 0 && (t.input.text != "" || t.input.payload != "")
	}
	if confirming && t.d.Task == tk && tk.Step == stepConfirm && !(t.input.payload == "" && e.asksWhy(t)) &&
		(t.input.text != "" || t.input.payload != "" || e.texts.IsKeyword(t.lang(), keywordAck, t.u.Norm)) {
		// (Nor after a question the flow answered itself: "et si
		// j'annule, je suis remboursé quand ?", "will I lose my points?",
		// then "ok" cancelled or sent an erasure; round 78b.)
		// Nothing decided: the question was asked again. (Not when it
		// comes back after a side question was answered: the "ok" to
		// that answer then counted as a yes, and cancelled or returned:
		// 11 wrong actions, round 47b.)
		tk.Asked++
	}
	if t.d.Task == nil && (tk.Order != "" || tk.Intent == intents.RefundStatus || tk.Intent == intents.CheckPoints ||
		tk.Intent == intents.ClaimStatus || tk.Intent == intents.ReturnStatus || tk.Intent == intents.Vouchers) {
		// The flow just ended: on an order, for a correction of it or
		// the same question about another; a refund, for "and when?";
		// the points, for "why?"; the cases and the returns, for "cancel
		// it"; the vouchers, for "and when does it end?".
		t.d.Retry = tk.Intent
	}
}

// flowName names a task for the customer: an item missing from the
// parcel is no "wrong item received", though the same flow files it.
func (e *Engine) flowName(t *turn, tk task) string {
	if tk.Intent == intents.WrongItem && tk.Missing {
		return e.text(t, "flow_missing_item", nil)
	}
	return e.text(t, e.flows[tk.Intent].name, nil)
}

// resumeID is the message that comes back to a task after an
// interruption.
func (e *Engine) resumeID(t *turn, tk task) string {
	if tk.Intent == intents.WrongItem && (tk.Missing || tk.Said != "" && e.problemIn(t.lang(), intents.Normalize(tk.Said)) == problemMissing) {
		// (An item told missing beside another problem, waiting its
		// turn: not "back to the wrong item you received".)
		return "resume_missing_item"
	}
	return e.flows[tk.Intent].resume
}

// actionButton returns the button that starts intent: a flow's, or the
// one that asks for a person.
func (e *Engine) actionButton(t *turn, intent string) (Button, bool) {
	if intent == intents.HumanAgent {
		// The one button that works even while a person has the
		// conversation: its own payload.
		return e.button(t, "button_human", payloadHuman), true
	}
	f, ok := e.flows[intent]
	if !ok {
		return Button{}, false
	}
	return e.button(t, f.button, prefixIntent+intent), true
}

// resumePaused comes back to an interrupted task once the current one is
// done, asking again for what it was waiting for.
func (e *Engine) resumePaused(t *turn) {
	if t.conv.Handoff != "" || !t.d.resume() {
		return
	}
	if e.sameComplaint(t, *t.d.Task) {
		// "le foulard ne correspond pas à la couleur… je souhaiterais le
		// retourner": the return just opened answers the wrong item read
		// in the same message; nothing to come back to.
		t.d.Task = nil
		e.resumePaused(t)
		return
	}
	if tk := t.d.Task; t.doneNow && e.texts.Mentions(t.lang(), keywordIfNotPossible, intents.Normalize(tk.Said)) {
		// "I need it delivered to my office. If that's not possible just
		// cancel the order": the change was sent, so no cancellation (it
		// was asked to confirm, twice; round 80b).
		e.say(t, "fallback_not_needed", map[string]any{"Flow": e.flowName(t, *tk)})
		t.d.Task = nil
		e.resumePaused(t)
		return
	}
	if tk := t.d.Task; tk.Waited && tk.Step != stepConfirm {
		// Put off by the customer ("je reviendrai plus tard", "I will
		// come back later with photo"): kept for when they come back,
		// not asked again after each answer in between (round 67a).
		e.say(t, "flow_still_later", map[string]any{"Flow": e.flowName(t, *tk)})
		return
	}
	e.say(t, e.resumeID(t, *t.d.Task), nil)
	t.input = input{}
	e.runTask(t)
}

// onlyAskedFirst reports whether a free-text answer says no, the customer
// only wanted to know, or will decide later: « non en fait je voulais
// juste savoir si c possible, je décide ce soir » at "why are you
// returning it?" became the return's reason, one yes from made (round
// 97b).
func (e *Engine) onlyAskedFirst(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && e.texts.StartsWith(lang, keywordNo, norm) &&
		(e.texts.Mentions(lang, keywordOnlyWant, norm) || e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)))
}

// waitsToAnswer reports whether a free-text answer only puts the answer
// off, with nothing else in it.
func (e *Engine) waitsToAnswer(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return e.texts.Mentions(lang, keywordWait, norm) &&
		e.texts.MadeOf(lang, norm, keywordWait, keywordWaitObject, keywordMindChanged, keywordPolite, keywordAck) ||
		e.speaksAside(t)
}

// speaksAside reports whether a message is said to someone in the room
// rather than to the shop: a word for them ("Maman tu peux me passer ma
// carte bleue", "oui c'est bon je l'ai retrouvé le ticket, merci chéri"),
// or a name called out first ("Léo, lâche le chat !"). At a question the
// bot asked, it answers nothing: each became a return's yes, a wrong
// item's description or an exchange's wish, sent on the "oui voilà" said
// next to the room (round 92b).
func (e *Engine) speaksAside(t *turn) bool {
	if t.input.payload != "" || t.input.text == "" || len(t.input.entities) > 0 {
		return false
	}
	lang, norm := t.lang(), t.input.norm
	if e.texts.Mentions(lang, keywordAside, norm) || e.texts.StartsWith(lang, keywordRoomNames, norm) {
		return true
	}
	if i := strings.LastIndexAny(t.input.text, ",;"); i >= 0 && e.texts.IsKeyword(lang, keywordRoomNames, intents.Normalize(t.input.text[i+1:])) {
		return true // "…, merci chéri", "ok, mum"
	}
	m := nameCalled.FindStringSubmatch(t.input.text)
	if m == nil {
		return false
	}
	w := intents.Normalize(m[1])
	return w != "" && !e.texts.IsKeyword(lang, keywordGreeting, w) && !e.texts.IsKeyword(lang, keywordPolite, w) &&
		!e.texts.IsKeyword(lang, keywordYes, w) && !e.texts.IsKeyword(lang, keywordNo, w) && !e.texts.IsKeyword(lang, keywordAck, w) &&
		!e.texts.IsKeyword(lang, keywordFiller, w) && !e.texts.IsKeyword(lang, keywordWait, w) && !e.texts.IsKeyword(lang, keywordQuestionFiller, w) &&
		t.u.Intent == intents.OOS // (and the rest means nothing to the shop)
}

// nameCalled is a message opening on a capitalised name called out: "Léo,
// lâche le chat !", "Kevin! arrête".
var nameCalled = regexp.MustCompile(`^\s*(\p{Lu}\p{Ll}{1,15})\s*[,!]`)

// putsOffAfterCorrection reports whether an answer is taken back by what
// follows the words that put it right, to wait: « Trop fin. Enfin non, ne
// faites rien, je réfléchis encore » to "why are you returning it?" (the
// reason was taken, and the return summed up for a yes; round 83b).
func (e *Engine) putsOffAfterCorrection(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	rest := e.afterCorrection(lang, norm)
	return t.input.payload == "" && rest != norm && (e.texts.Mentions(lang, keywordWait, rest) || e.texts.Mentions(lang, keywordDoNothing, rest))
}

// complaintFlows are the flows about an item received that a return
// settles.
var complaintFlows = map[string]bool{intents.WrongItem: true, intents.StartReturn: true, intents.Exchange: true}

// sameComplaint reports whether a task queued behind a return opened in
// this turn is about the same items of the same order: one complaint read
// twice in one message, not a second request. A queued request that names
// another item of the order is one. So is one queued behind an exchange
// sent in this turn, on its order.
func (e *Engine) sameComplaint(t *turn, next task) bool {
	if last := t.d.Last; t.doneNow && last != nil && last.Kind == didRequest && last.About == aboutExchange &&
		complaintFlows[next.Intent] && next.Intent != intents.Exchange && (next.Order == "" || next.Order == last.Order) {
		// "la bague reçue est trop petite… je voudrais l'échanger": the
		// exchange just sent answers the wrong item read in the same
		// message (it was asked next, and "oui" filed a second case for
		// the same ring; round 86a). Not a request about another item,
		// nor the next exchange of "exchange both items".
		o, ok := e.customerOrder(t, last.Order)
		if !ok {
			return false
		}
		for _, it := range e.pickItemsIn(t, next.Said, intents.Normalize(next.Said), o.Items) {
			if !slices.Contains(last.Items, it.Name) {
				return false
			}
		}
		return true
	}
	r := t.returned
	if r == nil || !complaintFlows[next.Intent] || next.Order != "" && next.Order != r.order {
		return false
	}
	o, ok := e.customerOrder(t, r.order)
	if !ok {
		return false
	}
	for _, it := range e.pickItemsIn(t, next.Said, intents.Normalize(next.Said), o.Items) {
		if len(selected([]storage.Item{it}, r.items)) == 0 {
			return false
		}
	}
	return true
}

// reprompt asks again what the task in progress waits for, after an
// interruption was answered.
func (e *Engine) reprompt(t *turn) {
	if t.d.Task == nil || t.conv.Handoff != "" {
		e.resumePaused(t)
		return
	}
	if e.leavesAfterQuestion(t) {
		name := e.flowName(t, *t.d.Task)
		t.d.forget()
		e.say(t, "flow_left", map[string]any{"Flow": name})
		return
	}
	e.say(t, e.resumeID(t, *t.d.Task), nil)
	t.input = input{}
	e.runTask(t)
}

// leavesAfterQuestion reports whether a message asks something and, after
// its question, gives up the request in hand in words of nothing else:
// "ah c'est à mes frais ? bon ben tant pis alors" (the fees were answered
// and the return's reason asked again, after "merci quand même" too;
// round 85b).
func (e *Engine) leavesAfterQuestion(t *turn) bool {
	i := strings.LastIndexByte(t.input.text, '?')
	if i < 0 || t.input.payload != "" {
		return false
	}
	lang, rest := t.lang(), intents.Normalize(t.input.text[i+1:])
	return e.texts.Mentions(lang, keywordLeave, rest) &&
		e.texts.MadeOf(lang, rest, keywordLeave, keywordFiller, keywordPolite, keywordAck, keywordNo, keywordMindChanged)
}

// keepDeclined drops the task in hand, kept for the next message as the
// one declined: "actually yes, please create the return" asks for it
// again, at its summary.
func (e *Engine) keepDeclined(t *turn) {
	if tk := t.d.Task; tk != nil {
		kept := *tk
		t.d.Declined = &kept
	}
	t.d.Task = nil
}

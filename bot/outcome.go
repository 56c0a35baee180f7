package bot

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"supportbot/intents"
)

// Questions about an outcome: right after a flow tells its outcome ("that
// order can no longer be cancelled", "your return is registered", "the
// refund should have been made by…"), customers ask about it in a few
// words without naming it: "why?", "so what are my options?", "can you
// e-mail it to me?", "and if they don't find it?". Each kind of question
// has a keyword list (followup_<kind>), and the answer to a kind about an
// outcome is the message fu_<kind>_<outcome message ID>: an outcome has
// follow-ups where the locale files give them, and a question with no
// answer there goes on to be read as any other message.

// outcome is what the last answer told, with the data it was told with.
type outcome struct {
	ID   string            `json:"id"`
	Data map[string]string `json:"data,omitempty"`
	// Kept counts the turns it was kept past, by keepOutcome.
	Kept int `json:"kept,omitempty"`
}

// maxOutcomeKept is how many answers beside it an outcome outlives.
const maxOutcomeKept = 2

// keepOutcome keeps the outcome the last answer told for the next
// message when this turn only answered beside it: a general question
// ("how long does an investigation take?") or a thanks. "what if they
// don't find it?" after those is still about the investigation opened
// (it got the FAQ on parcels delivered when nobody is home; round 76a).
func (e *Engine) keepOutcome(t *turn) {
	o := t.answered
	if o == nil || t.d.Answered != nil || t.d.Task != nil || o.Kept >= maxOutcomeKept || t.input.payload != "" || t.conv.CustomerID == 0 {
		return
	}
	switch t.u.Intent {
	case intents.FAQ, intents.Thanks, intents.Affirm, intents.Deny, intents.ClaimStatus, intents.OOS:
		// (A case's status too: "how long does the investigation take?"
		// reads as one; and a no to what it offered: « ne l'annulez pas
		// pour le moment », then "jusqu'à quand j'ai le temps ?".)
		kept := *o
		kept.Kept++
		t.d.Answered = &kept
	}
}

// followUpKinds are the kinds of questions about an outcome, in the order
// they are looked for: "what if they refuse?" asks what happens then, not
// why; "why so long" after the others; the price before a correction
// (« c'est le même prix ? » put nothing right), and a credit instead of
// the money (« et si je veux plutôt un avoir ? » offered to withdraw the
// return, which « oui » did; round 101a); nobody home before what
// if (« et si elle n'est pas là à la livraison ? » after an address change
// is not about the order leaving before the change); late before nobody
// home ("what if it doesn't arrive in time?" is not about being out); what
// it means after the more precise kinds ("does that mean I get my money
// back?" asks for the amount); a refund instead before a credit or a
// correction ("can I just get a refund instead?" after a wrong item's
// case offered to withdraw it; round 110b); a dispute early ("mais j'ai
// jamais rien retourné moi" says what it disputes).
var followUpKinds = []string{"nothing_opened", "resend", "email", "undo", "price", "refund_instead", "credit", "correction", "dispute", "lost", "is_late", "late", "absent", "what_if", "which_card", "points", "deadline", "where_pickup", "collector", "bring", "send_back", "where_item", "photo", "carrier", "order_mails", "amount",
	"link", "pay", "not_seen", "faster", "use", "when", "how_long", "how_know", "confirmed", "sure", "mean", "options", "why"}

// arrivalKinds are the kinds of follow-up question that may ask whether
// an order arrives by a day, when they name one: answered with the day
// compared first (answerArrivalAbout).
// ("can you speed it up? I need it by Tuesday" gets the answer about
// speeding it up, which gives the last day expected.)
var arrivalKinds = map[string]bool{"when": true, "how_long": true, "sure": true, "confirmed": true}

// followUpHuman are the answers that offer a person: what is left to do
// is for the team.
var followUpHuman = map[string]bool{
	"fu_resend_missing_email":                 true,
	"fu_credit_return_created":                true,
	"fu_faster_track_pending_late":            true,
	"fu_when_track_pending_late":              true,
	"fu_credit_cancel_done":                   true,
	"fu_options_cancel_refused_too_late":      true,
	"fu_why_cancel_refused_personalized":      true,
	"fu_options_cancel_refused_in_store":      true,
	"fu_options_refund_return_late":           true,
	"fu_options_refund_cancel_late":           true,
	"fu_why_refund_return_late":               true,
	"fu_why_refund_cancel_late":               true,
	"fu_options_invoice_no_link":              true,
	"fu_email_invoice_no_link":                true,
	"fu_email_invoice_none":                   true,
	"fu_options_cancel_refused_gift_card":     true,
	"fu_options_cancel_refused_not_allowed":   true,
	"fu_options_return_status_rejected":       true,
	"fu_why_return_status_rejected":           true,
	"fu_options_refund_return_rejected":       true,
	"fu_why_refund_return_rejected":           true,
	"fu_sure_cancel_refused_too_late":         true,
	"fu_why_return_none":                      true,
	"fu_options_return_none":                  true,
	"fu_sure_return_none":                     true,
	"fu_not_seen_refund_return_done":          true,
	"fu_not_seen_refund_cancel_done":          true,
	"fu_why_invoice_no_link":                  true,
	"fu_link_invoice_link":                    true,
	"fu_mean_cancel_refused_gift_card":        true,
	"fu_mean_cancel_refused_in_store":         true,
	"fu_mean_cancel_refused_not_allowed":      true,
	"fu_mean_cancel_refused_too_late":         true,
	"fu_mean_invoice_no_link":                 true,
	"fu_mean_invoice_none":                    true,
	"fu_mean_refund_return_rejected":          true,
	"fu_mean_return_status_rejected":          true,
	"fu_mean_return_none":                     true,
	"fu_mean_track_pending_late":              true,
	"fu_dispute_points_why_intro":             true,
	"fu_refund_instead_case_line":             true,
	"fu_refund_instead_case_line_outcome":     true,
	"fu_refund_instead_missing_investigation": true,
	"fu_how_long_invoice_no_link":             true,
	"fu_refund_instead_wrong_filed":           true,
	"fu_dispute_cancel_refused_too_late":      true,
	"fu_dispute_cancel_refused_shipped":       true,
	"fu_dispute_cancel_refused_personalized":  true,
	"fu_why_track_cancelled":                  true,
	"fu_dispute_track_cancelled":              true,
	"fu_where_item_return_status_rejected":    true,
	"fu_where_item_refund_return_rejected":    true,
	"fu_dispute_points_available":             true,
}

// followUpInvestigation are the answers that offer the investigation the
// outcome offered, while it is still on offer.
var followUpInvestigation = map[string]bool{"fu_options_track_shipped_late": true, "fu_options_track_in_transit_late": true,
	"fu_what_if_track_shipped_late": true, "fu_what_if_track_in_transit_late": true,
	"fu_mean_track_shipped_late": true, "fu_mean_track_in_transit_late": true,
	"fu_why_track_shipped_late": true, "fu_why_track_in_transit_late": true}

// followUpObjects are the things a follow-up question may name, by the
// outcomes (their message IDs' first word) that are about them: a
// question that names anything else ("why is my refund late?" after a
// parcel's status, "can you e-mail me my invoice?" after a cancellation)
// asks about that.
var followUpObjects = map[string][]string{
	"cancel":   {"refund", "points", "parcel", "return"},
	"return":   {"return", "refund", "parcel", "points"},
	"refund":   {"refund", "return", "parcel", "points"},
	"track":    {"parcel", "address"},
	"missing":  {"parcel", "refund", "exchange"},
	"invoice":  {"invoice", "parcel"},
	"exchange": {"exchange", "return", "parcel"},
	"address":  {"address", "parcel"},
	"wrong":    {"return", "parcel", "exchange", "refund"},
	"account":  {"parcel"}, // "will I still get my order e-mails?"
	"handoff":  {"parcel"},
	"case":     {"parcel", "refund"},
	"points":   {"points", "voucher", "return"}, // "but I never returned anything" disputes a line
	"other":    nil,                             // the proof ended: « c'est fait ? »
}

// outcomeFlows are the flows that tell the outcomes, by their message IDs'
// first word, or whose words follow-ups about them use: a follow-up read
// as one of them ("ok how do I actually send it back?" read as a return,
// after a return; "et je dois renvoyer l'ancienne bague comment ?" after
// an exchange, which started a return of the ring; round 54) is still
// about the outcome.
var outcomeFlows = map[string][]string{
	"cancel":   {intents.CancelOrder},
	"return":   {intents.StartReturn, intents.ReturnStatus, intents.MissingParcel},
	"refund":   {intents.RefundStatus, intents.MissingParcel},
	"track":    {intents.TrackOrder},
	"missing":  {intents.MissingParcel, intents.StartReturn}, // "will you send them or refund me?" reads as a return
	"invoice":  {intents.Invoice},
	"exchange": {intents.Exchange, intents.StartReturn},
	"address":  {intents.DeliveryAddress},
	"wrong":    {intents.WrongItem, intents.StartReturn},
	"account":  {intents.AccountDetails},
	"handoff":  {intents.HumanAgent},
	"case":     {intents.ClaimStatus, intents.MissingParcel, intents.TrackOrder},
	"points":   {intents.CheckPoints, intents.Vouchers},
	"other":    nil,
}

// objects are the things follow-up questions name, each a keyword list
// (object_<thing>).
var objects = []string{"refund", "points", "invoice", "return", "exchange", "voucher", "address", "parcel"}

// maxFollowUpWords is the longest follow-up question: a longer message
// says more than a question about the answer just given.
const maxFollowUpWords = 14

// shortQuestions reports whether a message is short enough to be
// questions about the answer just given: one of at most
// maxFollowUpWords words, or two sentences of at most that many each
// ("and what happens if they don't find it? do I get my money back?",
// which was read as the FAQ on parcels nobody is home for; round 76a).
func shortQuestions(text, norm string) bool {
	n := len(strings.Fields(norm))
	if n <= maxFollowUpWords {
		return true
	}
	parts := sentences(text)
	if len(parts) == 1 {
		// A condition and its question in one sentence: "and if they
		// can't find it, do I get my money back or a new one?" (16
		// words once "can't" is spelt out; it got the general answer on
		// refunds; round 84a).
		parts = strings.SplitN(text, ",", 2)
	}
	if n > 2*maxFollowUpWords || len(parts) != 2 {
		return false
	}
	for _, p := range parts {
		if len(strings.Fields(intents.Normalize(p))) > maxFollowUpWords {
			return false
		}
	}
	return true
}

// opensWithWhy reports whether a message opens with a sentence that only
// asks why, whatever follows it: « Pourquoi ? Je l'ai reçu il y a à peine
// plus d'un mois, c'est pas beaucoup » after the return refused (its
// story read as a wrong item, whose flow began; round 122a).
func (e *Engine) opensWithWhy(t *turn) bool {
	parts := sentences(t.input.text)
	if len(parts) < 2 {
		return false
	}
	first := intents.Normalize(parts[0])
	return e.texts.Mentions(t.lang(), "followup_why", first) && e.texts.MadeOf(t.lang(), first, "followup_why", keywordFiller, keywordJoiner, keywordPolite)
}

// wishPutRightAt reports whether a message puts right, in so many
// words, the wish of the exchange o tells, however long it is: "oh hang
// on, I just checked my other rings and I'm actually a 52. can you change
// the request to 52?" (a second exchange began; round 115b).
func (e *Engine) wishPutRightAt(t *turn, o *outcome) bool {
	return o != nil && o.ID == "exchange_recorded" && e.texts.Mentions(t.lang(), "followup_correction", t.input.norm) &&
		e.exchangePutRight(t, o) != nil
}

// otherFlowConfidence is how sure the classifier must be that a message
// asks another flow than the one that told the outcome for it not to be a
// question about the outcome.
const otherFlowConfidence = 0.7

// outcomesAnswered returns the message IDs of the outcomes the locale
// files answer follow-up questions about, in any language.
func outcomesAnswered(texts *Texts) map[string]bool {
	out := map[string]bool{}
	for _, lang := range texts.Languages() {
		for _, kind := range followUpKinds {
			for _, id := range texts.IDs(lang, "fu_"+kind+"_") {
				out[strings.TrimPrefix(id, "fu_"+kind+"_")] = true
			}
		}
	}
	return out
}

// newOutcome keeps what an outcome was told with: its words, numbers and
// the flags that are set (what the answers about it may say again); a
// flag not set stays out, as "false" would read as true in a template.
func newOutcome(id string, data map[string]any) *outcome {
	o := &outcome{ID: id, Data: map[string]string{}}
	for k, v := range data {
		switch v := v.(type) {
		case string:
			o.Data[k] = v
		case int, int64, float64:
			o.Data[k] = fmt.Sprint(v)
		case bool:
			if v {
				o.Data[k] = "true" // (false stays out: "" reads as false)
			}
		case fmt.Stringer:
			o.Data[k] = v.String()
		}
	}
	return o
}

// answerAboutOutcome answers a short question about the outcome the last
// answer told, when the locale files have an answer to that kind of
// question about it. It reports whether it did.
func (e *Engine) answerAboutOutcome(t *turn) bool {
	o := t.answered
	lang, norm := t.lang(), t.input.norm
	if o == nil || t.d.Task != nil || t.input.payload != "" || !shortQuestions(t.input.text, norm) && !e.wishPutRightAt(t, o) && !e.opensWithWhy(t) ||
		e.hasEntity(t, intents.EntityOrderNumber, intents.EntityLoyaltyCard, intents.EntityTrackingNumber) ||
		e.hasEntity(t, intents.EntityEmail) && !e.texts.Mentions(lang, "followup_email", norm) {
		// (A date or an amount may be part of the question: "ce
		// jour-là", "14 days??". An e-mail address only as where to
		// send it: "can you send it to my other address, …@gmail.com?"
		// after the invoice was read as the order's address; round 69b.)
		return false
	}
	if last := t.d.Last; last != nil && last.Kind == didReturn && last.Defective && e.texts.Mentions(lang, keywordWantsReplacement, norm) &&
		!e.texts.Mentions(lang, keywordWithdrawReturn, norm) {
		// "Could I get a replacement scarf instead of a refund?" after a
		// faulty item's return: yes, the team replaces it (its withdrawal
		// was offered, twice; round 137c, a near miss).
		e.say(t, "return_replacement_wish", nil)
		return true
	}
	if last := t.d.Last; last != nil && (last.Kind == didRequest || last.Kind == didReturn) && e.takesBack(t, *last) && !e.wantsRefundInstead(t) {
		// "I pressed yes by mistake, I don't actually want to send it
		// back": what was just made, taken back, not how to send it (the
		// instructions came and the return stayed open; round 89a).
		return false
	}
	about, _, _ := strings.Cut(o.ID, "_")
	kind, id := e.followUpAsked(lang, o.ID, norm)
	if (strings.HasPrefix(o.ID, "refund_cancel_") || o.ID == "cancel_refused_already_cancelled") && e.texts.Mentions(lang, keywordCancelledWord, norm) {
		// « oui mais POURQUOI elle a été annulée ? » after the refund of a
		// cancelled order: why it was cancelled, not why the refund takes
		// 14 days (round 113b); after its refund done, or "already
		// cancelled", too (it got the refund again; round 116a).
		for _, k := range []string{"why", "dispute"} {
			if (kind == k || e.texts.Mentions(lang, "followup_"+k, norm)) && e.texts.Has(lang, "fu_"+k+"_track_cancelled") {
				kind, id = k, "fu_"+k+"_track_cancelled"
				break
			}
		}
	}
	if kind == "correction" && t.u.Intent == intents.FAQ && t.u.Confidence >= interruptConfidence && strings.Contains(t.input.text, "?") {
		// "ok but can i bring to the shop instead of post?" after a return:
		// a question the FAQ answers surely, no correction of the return
		// (its withdrawal was offered; round 87b).
		return false
	}
	// "will it be there by Friday?" after an order's status: a "when"
	// with a day to compare, or a day alone (« et pour vendredi ? »).
	byDay := id == "" || arrivalKinds[kind]
	if id == "" && !byDay {
		return false
	}
	sendTo := kind == "email" && e.texts.addressIn(t.input.text) == ""
	fixesAddress := kind == "correction" && about == "address" && (hasDigit(t.input.text) || t.u.Intent == intents.AccountDetails)
	if actionFlows[t.u.Intent] && !slices.Contains(outcomeFlows[about], t.u.Intent) && t.u.Confidence >= otherFlowConfidence && !sendTo && !fixesAddress && kind != "dispute" && kind != "resend" &&
		!(kind == "why" && e.opensWithWhy(t)) {
		// (Not a bare "why?" first, whatever the story after it reads as:
		// « Pourquoi ? Je l'ai reçu il y a à peine plus d'un mois » read
		// as a wrong item at 0.74; round 122a.)
		// (Nor an e-gift card asked again, « vous pouvez la renvoyer ? »,
		// read as a return, which it can't be; round 111a.)
		// (Nor what the answer told, disputed: « mais j'ai jamais rien
		// retourné moi » after points taken off for a return, read as a
		// parcel missing at 0.83, whose checks began; round 106a.)
		// (Nor the address just sent, put right: "oops sorry the number
		// is 46 not 44" reads as the account's details, which came;
		// round 80b.)
		// (Not an e-mail address to send it to, read as the order's
		// new address.)
		// "why can't I return the earrings?" after a refund's status: that
		// flow. (Not the account's other answers: short follow-ups read
		// as them, "quelles options ?" as the vouchers, at 0.8.)
		return false
	}
	if t.u.Intent == intents.HumanAgent && e.texts.Mentions(lang, keywordWantsPerson, norm) {
		// "mais je ne l'ai jamais porté ! je veux parler à quelqu'un"
		// after a refused return: the person asked for in so many words
		// (the reason came again with the person's button; round 61b).
		return false
	}
	for _, obj := range objects {
		if obj == "address" && sendTo {
			continue // the e-mail address to send it to
		}
		if !slices.Contains(followUpObjects[about], obj) && kind != "resend" && e.texts.Mentions(lang, "object_"+obj, norm) {
			return false
		}
	}
	if t.d.Last != nil && len(t.d.Last.Items) > 0 && e.namesOtherItem(t, t.d.Last.Items) {
		// "et le foulard je le renvoie comment ?" after the earrings'
		// return: about the scarf.
		return false
	}
	if byDay && e.answerArrivalAbout(t, o) {
		return true
	}
	if id == "" {
		return false
	}
	data := map[string]any{
		"Days":       e.policy.Refunds.Days,
		"ReturnDays": e.policy.Returns.Days,
		"Hours":      e.policy.Cancellation.Hours,
		"Address":    e.shop.ReturnAddress,
		// A return's postage depends on whether the item was faulty.
		"Defective": t.d.Last != nil && t.d.Last.Kind == didReturn && t.d.Last.RA == o.Data["RA"] && t.d.Last.Defective,
	}
	for k, v := range o.Data {
		data[k] = v
	}
	var buttons []Button
	switch {
	case followUpHuman[id]:
		buttons = append(buttons, e.button(t, "button_human", payloadHuman))
	case followUpInvestigation[id] && t.d.Offered != nil && t.d.Offered.Intent == intents.MissingParcel:
		buttons = append(buttons, e.button(t, "button_missing", prefixIntent+intents.MissingParcel))
	case kind == "correction" && (o.Data["Ticket"] != "" || o.Data["RA"] != ""):
		// The request or the return just made, withdrawn on a press (as
		// "cancel that request" offers it).
		buttons = append(buttons, e.button(t, "button_withdraw", prefixWithdraw+cmp.Or(o.Data["Ticket"], o.Data["RA"])))
		t.d.Redo = e.putRight(t, o)
	}
	e.say(t, id, data, buttons...)
	t.d.Answered = o // "why?" then "so what now?"
	if next := followUpBecomes[id]; next != "" {
		t.d.Answered = &outcome{ID: next, Data: o.Data}
	}
	return true
}

// followUpBecomes are the answers after which the outcome asked about is
// another: once the customer said the invoice's link doesn't work, « vous
// pouvez me l'envoyer par mail alors ? » is about an invoice without a
// link (the link came again; round 106a).
var followUpBecomes = map[string]string{"fu_link_invoice_link": "invoice_no_link"}

// followUpAsked returns the first kind of follow-up question (in
// followUpKinds' order) that a message asks about an outcome and that the
// locale files answer, with the answer's message ID; "" when none.
func (e *Engine) followUpAsked(lang, outcomeID, norm string) (kind, id string) {
	for _, kind := range followUpKinds {
		id := "fu_" + kind + "_" + outcomeID
		if !e.texts.Has(lang, id) && followUpAlso[kind] != "" && !e.namesMoneyOrPoints(lang, norm) {
			// (Not a question that names what it asks about: "so when do I
			// get my money?" after an investigation is the refund's.)
			// "How long will that take?" after a refund's date: when it
			// comes says it (not understood; round 98b).
			id = "fu_" + followUpAlso[kind] + "_" + outcomeID
		}
		if e.texts.Has(lang, id) && (e.texts.Mentions(lang, "followup_"+kind, norm) || kind == "mean" && meanQuestion.MatchString(norm)) {
			return kind, id
		}
	}
	return "", ""
}

// namesMoneyOrPoints reports whether a message names money or points, which a
// follow-up question may ask about beside what was done.
func (e *Engine) namesMoneyOrPoints(lang, norm string) bool {
	return e.texts.Mentions(lang, "object_refund", norm) || e.texts.Mentions(lang, "object_points", norm)
}

// meanQuestion asks what a word of the answer means, the word between:
// "what does 'being checked' mean?", « ça veut dire quoi "en cours" ? ».
var meanQuestion = regexp.MustCompile(`\bwhat does (?:\S+ ){1,4}mean\b|\bwhat do you mean by\b|\bveut dire quoi\b|\bque veut dire\b|\bça veut dire\b`)

// followUpAlso are the kinds of follow-up question whose answer, where the
// locale files have none for an outcome, is another kind's ("ce sera fait
// quand ?" after an address change, which says how long it takes: not
// understood; round 106a); "what happens now?" asks for what comes next,
// which how it will be known says where nothing else does.
var followUpAlso = map[string]string{"how_long": "when", "when": "how_long", "options": "how_know"}

// putRight returns the request or the return just made, put right by the
// message, to sum up in its place once it is withdrawn; nil when the
// message puts nothing right that can be made again.
func (e *Engine) putRight(t *turn, o *outcome) *task {
	return cmp.Or(e.exchangePutRight(t, o), e.returnPutRight(t, o), e.addressChangePutRight(t, o))
}

// addressChangePutRight returns the address change just sent with the
// part the message puts right ("ah non pardon, le code postal c'est
// 69002, pas 69001"), to sum up once the one sent is withdrawn; nil
// otherwise (the change was withdrawn, and the address typed again at
// "anything else?" went nowhere; round 115b).
func (e *Engine) addressChangePutRight(t *turn, o *outcome) *task {
	if o.ID != "address_change_recorded" || o.Data["Ticket"] == "" || o.Data["Address"] == "" {
		return nil
	}
	fixed, ok := e.addressPutRight(t, o.Data["Address"])
	if !ok || fixed == o.Data["Address"] {
		return nil
	}
	return &task{Intent: intents.DeliveryAddress, Order: o.Data["Number"], Note: fixed, Step: stepConfirm}
}

// exchangePutRight returns the exchange just sent with its wish put right
// by the message ("ah non c'était 54 que je voulais"), to sum up once the
// one sent is withdrawn; nil for any other outcome, or when the message
// names no new wish (the customer withdrew the 56, and the 54 they had
// said was never sent; round 103b).
func (e *Engine) exchangePutRight(t *turn, o *outcome) *task {
	if o.ID != "exchange_recorded" || o.Data["Ticket"] == "" || !hasDigit(t.input.text) && !e.texts.Mentions(t.lang(), keywordWishAttribute, t.input.norm) {
		return nil
	}
	order, ok := e.customerOrder(t, o.Data["Number"])
	if !ok {
		return nil
	}
	for _, it := range order.Items {
		if it.Name != o.Data["Item"] {
			continue
		}
		wanted := wishCorrected(o.Data["Wanted"], e.wishPutRight(t, t.input.text))
		if wanted == "" || wanted == o.Data["Wanted"] {
			return nil
		}
		return &task{Intent: intents.Exchange, Order: order.Number, ItemIDs: []int64{it.ID}, Note: wanted, Step: stepConfirm}
	}
	return nil
}

// returnPutRight returns the return just made with how many it takes back
// put right by the message ("ah non une seule paire pardon" after both
// pairs), to sum up once the one made is withdrawn; nil otherwise (the
// return was withdrawn and none made in its place; round 103b).
func (e *Engine) returnPutRight(t *turn, o *outcome) *task {
	if o.ID != "return_created" || o.Data["RA"] == "" {
		return nil
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		return nil
	}
	for _, r := range returns {
		if r.RANumber != o.Data["RA"] || len(r.Items) != 1 {
			continue
		}
		it := r.Items[0]
		n := e.quantityPutRight(t)
		if n == 0 {
			n = quantityIn(t.input.norm)
		}
		if lang, norm := t.lang(), t.input.norm; n == 0 && it.Quantity == 2 && (e.texts.Mentions(lang, keywordOneOnly, norm) || e.texts.Mentions(lang, keywordNotBoth, norm) ||
			e.texts.Mentions(lang, keywordQuantityOnly, norm) && e.texts.Mentions(lang, keywordTheOther, norm)) {
			// "ah non une seule paire pardon", "I'll keep the other one";
			// not the "just" of "can you cancel the return I just made?"
			// (one pair was returned again once both were withdrawn; round
			// 137a, a wrong action).
			n = 1
		}
		if n > 0 && n < it.Quantity {
			return &task{Intent: intents.StartReturn, Order: o.Data["Number"], ItemIDs: []int64{it.ItemID},
				Quantities: map[int64]int{it.ItemID: n}, Reason: r.Reason, Step: stepConfirm}
		}
	}
	return nil
}

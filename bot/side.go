package bot

import (
	"regexp"
	"slices"
	"strings"

	"supportbot/intents"
)

// Side questions: in the middle of a flow, customers ask about what the
// flow is doing before they answer ("is there a fee for cancelling?",
// "what if the one I want costs more?", "do you need a photo?", "why are
// there dots in my address?"). Each kind has a keyword list
// (side_<kind>), and its answer in a flow is the message
// side_<kind>_<flow>, or a message the flow already says; the flow's
// question comes again after it.

// sideQuestions are the kinds of side questions, in the order they are
// looked for.
var sideQuestions = []string{"price_difference", "not_found", "fee", "photo", "stock", "hidden", "change_mind", "final", "points", "reason", "expense", "send_back",
	"refund_instead", "credit", "delivery_notice", "return_label", "label", "team", "how_long", "still", "options"}

// sideAnswers are the side questions a flow answers with one of its own
// messages rather than side_<kind>_<flow>.
var sideAnswers = map[string]string{
	"price_difference_exchange": "exchange_price_note",
}

// maxSideWords is the longest side question: a longer message is more
// likely the flow's answer with a question beside it.
const maxSideWords = 20

// sideAnswer returns the message that answers a side question about the
// flow in hand, or "", and where in the normalised message the question
// begins.
func (e *Engine) sideAnswer(t *turn) (string, int) {
	tk := t.d.Task
	lang, norm := t.lang(), t.input.norm
	question := questionSentence(t.input.text, norm)
	// The questions after the first too: "will you re-engrave it or make
	// a new one? and do I pay the postage?" at a wrong item's summary got
	// the summary again (round 111a).
	questions := append([]string{question}, laterQuestions(t.input.text)...)
	if tk == nil || tk.Step == "" || tk.Step == stepIdentity || t.input.payload != "" || len(t.input.entities) > 0 ||
		len(strings.Fields(question)) > maxSideWords || !e.asksWhy(t) && !e.texts.Mentions(lang, "side_credit", norm) {
		// (A credit note wished needs no question mark: « oui, mais je
		// préférerais un avoir plutôt qu'un remboursement si possible »
		// dropped the return; round 128a.)
		return "", 0
	}
	if tk.Intent == intents.WrongItem && (tk.Step == stepConfirm || tk.Step == stepReceived) && e.wantsRefundInstead(t) {
		// « finalement je peux la garder et être remboursée de la
		// différence ? »: a wish for the report, which it reads, not
		// whether to keep the item meanwhile (round 137c).
		return "", 0
	}
	if tk.Intent == intents.CancelOrder && e.texts.Mentions(lang, "object_return", norm) {
		// « et si je garde tout, le retour de l'écharpe est gratuit ? »:
		// a return's postage, asked as a question of its own (what a
		// cancellation costs came; round 106a).
		return "", 0
	}
	if tk.Intent == intents.CancelOrder && e.keepsOrder(t) && !(strings.Contains(t.input.text, "?") && !e.saysWord(t, keywordNo)) {
		// "no dont cancel it anyway, how long until it ships?": the
		// order kept first, not the refund's delay (round 75b). Not « est-
		// ce qu'il y a des frais si j'annule ? », a question with no no
		// in it (the order was kept; round 78b).
		return "", 0
	}
	for _, kind := range sideQuestions {
		id := e.sideMessage(lang, kind, tk.Intent)
		if id == "" {
			continue
		}
		if (kind == "how_long" && (tk.Intent == intents.StartReturn || tk.Intent == intents.Exchange) || kind == "credit") &&
			(tk.Step != stepConfirm || e.texts.Mentions(lang, keywordWarranty, norm)) {
			// How long the return or the exchange takes, or how its refund
			// comes, once summed up; not « la garantie dure combien de
			// temps ? » at its item, nor « même pas un avoir ? » at an
			// item refused.
			continue
		}
		if _, at, ok := e.texts.findAt(lang, "side_"+kind, norm); ok && slices.ContainsFunc(questions, func(q string) bool { return e.texts.Mentions(lang, "side_"+kind, q) }) {
			if faulty := id + "_faulty"; tk.Intent == intents.StartReturn && tk.Reason == reasonDefective && e.texts.Has(lang, faulty) {
				// "do I have to pay the postage to send it back?" about a
				// broken item: ours ("the postage is yours" came first;
				// round 106a).
				id = faulty
			}
			return id, at
		}
	}
	return "", 0
}

// sideMessage returns the message that answers a side question of kind in
// intent's flow, or "" when the locale files have none.
func (e *Engine) sideMessage(lang, kind, intent string) string {
	id := sideAnswers[kind+"_"+intent]
	if id == "" {
		id = "side_" + kind + "_" + intent
	}
	if !e.texts.Has(lang, id) {
		return ""
	}
	return id
}

// conditionAnswer returns the side answer that the condition put on a yes
// asks for ("oui si c'est gratuit", "yes if I get the whole amount back"
// at a cancellation), or "": the condition is answered before the
// question is asked again ("take your time" alone left it unanswered).
func (e *Engine) conditionAnswer(t *turn) string {
	tk := t.d.Task
	lang, norm := t.lang(), t.input.norm
	if tk == nil || t.input.payload != "" || !e.saysWord(t, keywordYes) {
		return ""
	}
	_, at, ok := e.texts.findAt(lang, keywordConditionStart, norm)
	if !ok {
		return ""
	}
	condition := norm[at:]
	for _, kind := range sideQuestions {
		if id := e.sideMessage(lang, kind, tk.Intent); id != "" && e.texts.Mentions(lang, "side_"+kind, condition) {
			return id
		}
	}
	return ""
}

// questionSentence returns the normalised question of a message: its
// first sentence that ends with a question mark, when it has one ("ça va
// prendre combien de temps ? c'est nul si c'est long" asks in its first
// sentence; it was too long to be a side question, and the delivery times
// came; round 84b), else the whole message.
func questionSentence(text, norm string) string {
	if q, _, ok := strings.Cut(text, "?"); ok {
		if ss := sentences(q); len(ss) > 0 {
			return intents.Normalize(ss[len(ss)-1])
		}
	}
	return norm
}

// laterQuestions returns the questions of text after its first, each
// normalised, short enough to be a side question.
func laterQuestions(text string) []string {
	parts := strings.Split(text, "?")
	if len(parts) < 3 {
		return nil
	}
	var qs []string
	for _, p := range parts[1 : len(parts)-1] {
		if ss := sentences(p); len(ss) > 0 {
			if q := intents.Normalize(ss[len(ss)-1]); q != "" && len(strings.Fields(q)) <= maxSideWords {
				qs = append(qs, q)
			}
		}
	}
	return qs
}

// settledSides are the side questions whose answer cannot change the
// customer's mind: a yes said before one of them stands. What it costs,
// whether a photo is needed or whether they can change their mind later
// may decide the answer, so a yes beside those waits for the question
// again.
var settledSides = []string{"how_long", "delivery_notice", "label", "send_back", "team"}

// yesBeforeSide reports whether the words before a side question, which
// begins at byte at of the normalised message, say yes to the flow's
// question: "oui allez-y, et ça prend combien de temps une enquête ?" is
// the yes, then a question about what follows (it was answered and the
// question asked again). A bare "ok", or a yes with a "but", is not.
func (e *Engine) yesBeforeSide(t *turn, id string, at int) bool {
	tk := t.d.Task
	if tk == nil || tk.Step != stepConfirm && tk.Step != stepChecks || at <= 0 {
		return false
	}
	settled := false
	for _, kind := range settledSides {
		settled = settled || strings.HasPrefix(id, "side_"+kind+"_")
	}
	lang := t.lang()
	before := strings.TrimSpace(yesTail.ReplaceAllString(t.input.norm[:at], ""))
	if !settled || before == "" || e.texts.Mentions(lang, keywordHoldYes, before) || e.texts.MadeOf(lang, before, keywordAck, keywordFiller) {
		return false
	}
	said := t.input
	t.input = input{text: before, norm: before}
	yes := e.yesNo(t) > 0
	t.input = said
	return yes
}

// yesTail matches the words that join a yes to the question after it
// ("oui allez-y, et …", "yes please, and …").
var yesTail = regexp.MustCompile(`(?:[\s,.;:!-]*\b(?:and also|and then|and|also|et aussi|et puis|et|puis|aussi|so|alors|donc))*[\s,.;:!-]*$`)

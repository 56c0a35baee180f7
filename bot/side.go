package bot

import (
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
var sideQuestions = []string{"price_difference", "fee", "photo", "hidden", "change_mind", "reason", "expense", "send_back",
	"refund_instead", "delivery_notice", "label", "team", "how_long"}

// sideAnswers are the side questions a flow answers with one of its own
// messages rather than side_<kind>_<flow>.
var sideAnswers = map[string]string{
	"price_difference_exchange": "exchange_price_note",
}

// maxSideWords is the longest side question: a longer message is more
// likely the flow's answer with a question beside it.
const maxSideWords = 16

// sideAnswer returns the message that answers a side question about the
// flow in hand, or "".
func (e *Engine) sideAnswer(t *turn) string {
	tk := t.d.Task
	lang, norm := t.lang(), t.input.norm
	if tk == nil || tk.Step == "" || tk.Step == stepIdentity || t.input.payload != "" || len(t.input.entities) > 0 ||
		len(strings.Fields(norm)) > maxSideWords || !e.asksWhy(t) {
		return ""
	}
	if tk.Intent == intents.CancelOrder && e.keepsOrder(t) {
		// "no dont cancel it anyway, how long until it ships?": the
		// order kept first, not the refund's delay (round 75b).
		return ""
	}
	for _, kind := range sideQuestions {
		id := sideAnswers[kind+"_"+tk.Intent]
		if id == "" {
			id = "side_" + kind + "_" + tk.Intent
		}
		if e.texts.Has(lang, id) && e.texts.Mentions(lang, "side_"+kind, norm) {
			return id
		}
	}
	return ""
}

package bot

import (
	"slices"
	"strings"

	"supportbot/storage"
)

// Questions about being contacted: "will someone email me about it?",
// « on va me recontacter ? ». They ask what happens next, not for a
// person: read as a request for one, they opened a hand-off nobody asked
// for, or dropped the investigation being offered for it (three wrong
// actions, round 76). The answer depends on where the conversation is: a
// request in hand, what the last flow did, or nothing yet.

// asksIfContacted reports whether the message only asks whether someone
// will write back.
func (e *Engine) asksIfContacted(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && len(t.input.entities) == 0 && len(strings.Fields(norm)) <= maxFollowUpWords &&
		e.texts.Mentions(lang, keywordAsksContacted, norm) && !e.texts.Mentions(lang, keywordWantsPerson, norm)
}

// answerContacted says who writes to the customer about the request in
// hand, or about what was just done, and offers a person when nothing
// was.
func (e *Engine) answerContacted(t *turn) {
	d := &t.d
	d.Fallbacks = 0
	if tk := d.Task; tk != nil && tk.Step != "" && tk.Step != stepIdentity {
		// At the request's question: the answer, then the question again.
		id := "contacted_task_" + tk.Intent
		if !e.texts.Has(t.lang(), id) {
			id = "contacted_task"
		}
		e.say(t, id, nil)
		t.input = input{}
		e.runTask(t)
		return
	}
	if d.Task == nil && e.answerAboutOutcome(t) {
		return // the answer just given says best what follows
	}
	if last := d.Last; last != nil && d.Task == nil {
		switch last.Kind {
		case didCancel:
			e.sayDone(t, *last, "fu_email_cancel_done")
			return
		case didReturn:
			e.sayDone(t, *last, "fu_email_return_created")
			return
		case didRequest:
			e.say(t, "contacted_request", map[string]any{"Ticket": last.Ticket, "Contact": last.Contact})
			return
		}
	}
	listed := d.ShownKind == shownCase && len(d.Shown) > 0
	if d.Task == nil && t.conv.CustomerID != 0 && (listed || e.texts.Mentions(t.lang(), keywordNamesCase, t.input.norm)) {
		// (Only about the cases: just listed, or named. A refund's
		// question with another case open elsewhere is not about it;
		// round 77a's step.)
		if tickets, _, ok := e.ticketsAndOrders(t, "cases"); ok {
			var open []string
			for _, c := range followedCases(tickets, t.now) {
				if !storage.TicketClosed(c.Status) && (!listed || slices.Contains(d.Shown, c.Ref)) {
					open = append(open, c.Ref)
				}
			}
			if len(open) > 0 {
				// "the wrong item one, when will I hear back?" after the
				// cases: the team writes about those open (it said
				// nobody was due to write; rounds 95b, 97a, 98b).
				e.sayN(t, "contacted_cases", len(open), map[string]any{"Tickets": strings.Join(open, ", ")})
				return
			}
		}
	}
	e.say(t, "contacted_none", nil, e.button(t, "button_human", payloadHuman))
	if d.Task != nil {
		t.input = input{}
		e.runTask(t)
	}
}

package bot

import (
	"cmp"
	"fmt"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// missingParcel handles a parcel that has not arrived. Marked delivered:
// the usual checks first, then a claim and a person. Still in transit past
// its due date: a carrier investigation. Not yet due: when it is.
func (e *Engine) missingParcel(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.pickOrder(t, isParcel)
	if !ok {
		return
	}
	data := e.orderData(t, o)
	est := policy.Expected(e.policy, o, t.now)
	switch {
	case o.Channel == storage.ChannelStore:
		t.d.Task = nil
		e.say(t, "track_store", data)
	case policy.SentByEmail(o.Items):
		t.d.Task = nil
		e.missingEmail(t, o, data)
	case o.Status == storage.StatusDelivered:
		e.missingDelivered(t, o, data)
	case (o.Status == storage.StatusShipped || o.Status == storage.StatusInTransit) && t.input.payload == "" &&
		e.requestMentions(t, t.d.Task.Said, keywordRefundWish) && e.lateParcelRefund(t, o.Number):
		// "I want my money back, my order never came": how a parcel
		// lost in transit is refunded, from the investigation (read as a
		// return or a cancellation it said so; read as the missing
		// parcel, the open case alone came).
		t.d.Task = nil
	case o.Status == storage.StatusShipped || o.Status == storage.StatusInTransit:
		tk := t.d.Task
		asked := e.investigationAsked(t)
		t.d.Task = nil
		if est.DeliveryDue.IsZero() || !t.now.After(est.DeliveryDue) {
			data["Due"] = e.fmt.date(t.lang(), est.DeliveryDue, t.now)
			e.say(t, "missing_not_due", data)
			e.sayTracking(t, o)
			return
		}
		if e.sayOpenCase(t, o) {
			e.sayTracking(t, o)
			return
		}
		data["Due"] = e.fmt.date(t.lang(), est.DeliveryDue, t.now)
		if !asked {
			// "mon colis est en retard, dites-moi juste où il est": the
			// case is the customer's to open, asked first. Only a no in
			// words or the button declines: "je veux être remboursé",
			// read as a no by the classifier, is not one.
			answer, first := e.yesNo(t), tk.Step != stepConfirm
			if answer > 0 && t.input.payload == "" && first && e.thanksOnly(t) {
				// "ah oui d'accord merci", "yes thank you" to "I can open
				// an investigation": thanks for the news, the question
				// to come (it opened one; round 58b). Once "shall I open
				// one?" is asked, "yes thanks" answers it (it was asked
				// again; round 95a).
				answer = 0
			}
			switch {
			case !first && answer < 0 && (t.input.payload == payloadNo || e.saysNo(t)) ||
				t.input.payload == "" && (e.texts.Mentions(t.lang(), keywordWillWait, t.input.norm) ||
					e.texts.Mentions(t.lang(), keywordNoInvestigation, t.input.norm)) &&
					!e.texts.Mentions(t.lang(), keywordUnsure, t.input.norm) && !e.texts.Mentions(t.lang(), keywordAdvice, t.input.norm):
				// ("I'll wait a few more days", "je vais patienter": no
				// investigation now; it was "not understood". Said first,
				// after the status: "une enquête ? non je préfère attendre
				// encore quelques jours" was asked "shall I open one?";
				// round 62a. Not waiting weighed against the investigation,
				// undecided: "not sure yet whether I want you to start an
				// investigation or just wait a few more days"; round 111b.)
				e.say(t, "missing_late_kept", data)
				if first {
					e.sayTracking(t, o) // the link the answer speaks of
				}
				return
			case first || answer <= 0:
				if !first && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordAsksNext, t.input.norm) {
					// "So what happens now?": what an investigation is,
					// then the question again.
					e.say(t, "investigation_what", nil)
				}
				tk.Step = stepConfirm
				t.d.Task = tk
				e.say(t, "missing_late_ask", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
				if first {
					e.sayTracking(t, o)
				}
				return
			}
		}
		// A request like the others: taken back when asked ("oh I found
		// it, it was with my neighbour" offers to close it).
		ticket, err := e.openRequest(t, storage.TicketInvestigation, o, "carrier investigation: parcel late in transit", nil)
		if e.sayAlreadyOpen(t, err, ticket) {
			return
		}
		if err != nil {
			e.fail(t, "open investigation", err)
			return
		}
		data["Ticket"] = ticket.Ref
		e.say(t, "missing_investigation", data)
		e.sayTracking(t, o)
	case isPending(o):
		t.d.Task = nil
		data["Due"] = e.fmt.dateTime(t.lang(), est.Due, t.now)
		data["Delay"] = e.delay(t, est.Window)
		if est.Late {
			e.say(t, "missing_not_shipped_late", data, e.button(t, "button_human", payloadHuman))
			return
		}
		e.say(t, "missing_not_shipped", data)
	case o.Status == storage.StatusReadyForPickup:
		t.d.Task = nil
		e.say(t, "missing_pickup", data)
	default:
		t.d.Task = nil
		e.say(t, "track_cancelled", data)
	}
}

// isParcel is an order that went out as a parcel: the orders a missing
// parcel is likely about.
func isParcel(o storage.Order) bool {
	return isShippedOrDelivered(o) && !policy.SentByEmail(o.Items)
}

// missingEmail answers an e-gift card that did not arrive: it went by
// e-mail, so the checks are the inbox's, and a person can send it again.
func (e *Engine) missingEmail(t *turn, o storage.Order, data map[string]any) {
	if o.Status != storage.StatusDelivered {
		e.sayEmailStatus(t, o, data) // not sent yet, or cancelled
		return
	}
	e.say(t, "missing_email", data, e.button(t, "button_human", payloadHuman))
}

// missingDelivered walks the customer through the checks before opening a
// claim for a parcel marked delivered.
func (e *Engine) missingDelivered(t *turn, o storage.Order, data map[string]any) {
	tk := t.d.Task
	if c, open := e.openParcelCase(t, o); tk.Step != stepChecks && open && c.ConversationID == t.conv.ID {
		// A claim opened on the parcel earlier in this conversation: how
		// it stands, not the checks again and a second claim. (In a
		// later conversation the checks come again: the parcel may have
		// turned up, and "found it" offers to close the claim.)
		t.d.Task = nil
		e.sayCase(t, c)
		return
	}
	if tk.Step != stepChecks {
		tk.Step = stepChecks
		if said := cmp.Or(t.input.text, tk.Said); strings.Contains(said, "?") && e.texts.Mentions(t.lang(), "side_not_found", intents.Normalize(said)) {
			// « Avant d'ouvrir quoi que ce soit : est-ce que je serai
			// remboursé s'il est perdu ? »: yes, said before the checks
			// (the checks came alone; round 137a).
			e.say(t, "side_not_found_missing_parcel", nil)
		}
		e.say(t, "missing_checks", data)
		e.say(t, "missing_still", nil,
			e.button(t, "button_still_missing", payloadYes),
			e.button(t, "button_found_it", payloadNo))
		return
	}
	answer := e.yesNo(t)
	if t.input.payload == "" && answer > 0 && !hasLetter(t.input.text) && !hasDigit(t.input.text) {
		// "👍", "👌" to "still missing?": "all good" as much as "yes, still
		// missing" (each opened a claim; round 50b). The buttons say it.
		e.say(t, "missing_still", nil,
			e.button(t, "button_still_missing", payloadYes),
			e.button(t, "button_found_it", payloadNo))
		return
	}
	if t.input.payload == "" && (e.texts.IsKeyword(t.lang(), keywordNotYetAlone, t.input.norm) ||
		strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordWhatMean, t.input.norm)) {
		// "not yet", "still missing? what do you mean?": the checks are
		// still to make, or the question not understood (each opened a
		// claim): the checks, and the question, again.
		e.say(t, "missing_checks", data)
		e.say(t, "missing_still", nil,
			e.button(t, "button_still_missing", payloadYes),
			e.button(t, "button_found_it", payloadNo))
		return
	}
	if t.input.payload == "" && e.texts.Mentions(t.lang(), keywordNothingMissing, t.input.norm) && !e.saysNotFound(t) {
		// « hein ? mais j'ai rien perdu moi, je parle du code » at the
		// checks: nothing to look for (its "rien" read as still missing,
		// and a claim was opened; round 119b, a wrong action).
		t.d.Task = nil
		e.say(t, "nothing_missing_noted", nil, e.menu(t)...)
		return
	}
	if t.input.payload == "" && (answer == 0 && e.asksWhatNextMissing(t) ||
		strings.Contains(t.input.text, "?") && e.texts.Mentions(t.lang(), keywordBeforeActing, t.input.norm) && !e.foundParcel(t)) {
		// (Or a yes with what comes first asked: "Still missing, yes. But
		// before you open anything: who contacts Colissimo, you or me?"
		// opened the claim; round 132a, a wrong action.)
		// « C'est quoi la suite ? Vous allez me le renvoyer ? » at the
		// checks: what comes next (it began a return; round 117b).
		e.say(t, "missing_next", nil)
		e.say(t, "missing_still", nil,
			e.button(t, "button_still_missing", payloadYes),
			e.button(t, "button_found_it", payloadNo))
		return
	}
	if t.input.payload == "" && e.texts.Mentions(t.lang(), keywordNoInvestigation, t.input.norm) &&
		e.texts.Mentions(t.lang(), keywordWantsPerson, t.input.norm) {
		// "non n'ouvrez pas d'enquête, je préfère parler à quelqu'un": a
		// person instead of the claim (nobody was reached; round 57a).
		t.d.Task = &task{Intent: intents.HumanAgent}
		e.runTask(t)
		return
	}
	if t.input.payload == "" && e.texts.Mentions(t.lang(), keywordNoInvestigation, statementsNorm(t.input.text)) {
		// (Not said in a question: « Ah donc il n'y a pas de réclamation
		// ? Alors ouvrez-en une svp, toujours introuvable » was told none
		// would be opened; round 137c.)
		// (Whatever else it says: "I'd rather not open a claim yet" was
		// taken for a parcel found.)
		// "il est toujours introuvable, mais je ne veux pas de
		// réclamation pour l'instant": no claim (one was opened).
		t.d.Task = nil
		e.say(t, "missing_claim_kept", nil, e.button(t, "button_missing", prefixIntent+intents.MissingParcel))
		return
	}
	if t.input.payload == "" && (e.texts.Mentions(t.lang(), keywordNotChecked, t.input.norm) ||
		e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm)) && !e.foundParcel(t) ||
		e.texts.Mentions(t.lang(), keywordWillLook, t.input.norm) && !e.foundParcel(t) ||
		e.texts.Mentions(t.lang(), keywordTakeBack, t.input.norm) && !e.foundParcel(t)) {
		// (Not "nah forget it, just found it at the neighbours lol": the
		// parcel found; the question came again, and "yes" opened a
		// claim; round 86b.)
		// "not yet checked", "yes I'll do that", "oui merci pour les
		// conseils" (a yes to the checks, which are still to make), "I
		// wouldn't say it's still missing": the question stays (a claim
		// was opened), said to wait for the checks; "non merci, je
		// reviens vers vous plus tard" ends it (the question came back).
		if e.texts.Mentions(t.lang(), keywordComeBackLater, t.input.norm) && !e.texts.Mentions(t.lang(), keywordTakeBack, t.input.norm) {
			t.d.Task = nil
			e.say(t, "missing_later", nil)
			return
		}
		id := "missing_check_first"
		if e.texts.Mentions(t.lang(), keywordTakeBack, t.input.norm) {
			id = "missing_still"
		} else {
			// Checks to make first: a bare "oui" or "ok" next is no news
			// of the parcel ("la voisine a un colis pour moi, elle rentre
			// ce soir", then "oui", opened a claim; round 75b).
			t.checkFirst = true
		}
		e.say(t, id, nil,
			e.button(t, "button_still_missing", payloadYes),
			e.button(t, "button_found_it", payloadNo))
		return
	}
	still, found := e.stillMissing(t), e.foundParcel(t)
	if t.input.payload == "" && (leadingYes.MatchString(t.input.text) || still) && e.texts.Mentions(t.lang(), keywordCheckedDone, t.input.norm) &&
		!e.texts.Mentions(t.lang(), keywordFoundStrong, t.input.norm) {
		// (Or with nothing found said: "j'ai regardé chez les voisins et
		// dans la boîte aux lettres, rien" got the question again; round
		// 58a.)
		// (Unless where it was is said: "yes I asked the neighbours and
		// they had it" opened a claim.)
		// "oui j'ai vérifié chez les voisins et la boîte aux lettres",
		// "yes I've asked the neighbours": the checks made, the parcel
		// still missing (the neighbours read as where it was found).
		still, found = true, false
	}
	switch {
	case still && found:
		// "still missing? no! it is here": both, so ask again.
		answer = 0
	case still:
		answer = 1
	case found:
		answer = -1
	}
	switch answer {
	case -1:
		// Kept declined: "what? no, I did NOT find it" next puts the
		// bare "no" right (the parcel was left with no claim; round
		// 118b).
		e.keepDeclined(t)
		e.say(t, "missing_found", nil)
	case 1:
		t.d.Task = nil
		ticket, err := e.openTicket(t, storage.TicketClaim, o, "parcel marked delivered, not received", nil)
		if err != nil {
			e.fail(t, "open claim", err)
			return
		}
		data["Ticket"] = ticket.Ref
		e.say(t, "missing_claim", data)
		e.startHandoff(t, reasonMissingParcel, &ticket, e.contact(t))
	default:
		e.say(t, "missing_still", nil,
			e.button(t, "button_still_missing", payloadYes),
			e.button(t, "button_found_it", payloadNo))
	}
}

// openTicket records a case for the support team about an order.
func (e *Engine) openTicket(t *turn, kind string, o storage.Order, summary string, details map[string]string) (storage.Ticket, error) {
	return e.store.CreateTicket(t.ctx, storage.Ticket{
		Kind: kind, Status: storage.TicketOpen, ConversationID: t.conv.ID,
		CustomerID: t.conv.CustomerID, OrderID: o.ID, Summary: summary,
		Details: details, CreatedAt: t.now,
	})
}

// stillMissing reports whether the message says in words that the parcel
// is still missing: "non, je l'ai toujours pas" answers "is it still
// missing?" with a no that means yes.
func (e *Engine) stillMissing(t *turn) bool {
	return t.input.payload == "" && t.input.text != "" && e.texts.Mentions(t.lang(), keywordStillMissing, t.input.norm)
}

// foundParcel reports whether the message says in words, however long,
// that the parcel turned up.
func (e *Engine) foundParcel(t *turn) bool {
	// (Without the words that leave: the "never" of "never mind, found it
	// in the recycling bin" negated nothing; the question came again, and
	// "yes" opened a claim; round 86b.)
	norm := e.without(t.lang(), keywordLeave, t.input.norm)
	if t.input.payload != "" || t.input.text == "" || !e.mentionsUnnegated(t.lang(), keywordFound, norm) ||
		e.negatedAfter(t.lang(), keywordFound, norm) {
		// ("j'ai pas eu mon colis", "mon colis est marqué livré mais je
		// le trouve pas": not found; both got "glad it's sorted"; round
		// 62a.)
		return false
	}
	// "attendez je vais voir chez le voisin": where it may be, not found;
	// "oui si je le retrouve ce soir": it may be found, not yet.
	return !e.texts.Mentions(t.lang(), keywordWillLook, t.input.norm) && !e.supposes(t)
}

// parcelCase returns the open claim or carrier investigation about an
// order's parcel, if there is one.
func (e *Engine) parcelCase(t *turn, o storage.Order) (storage.Ticket, bool, error) {
	tickets, err := e.store.TicketsByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return storage.Ticket{}, false, fmt.Errorf("tickets: %w", err)
	}
	for _, tk := range tickets {
		if tk.OrderID == o.ID && !storage.TicketClosed(tk.Status) &&
			(tk.Kind == storage.TicketInvestigation || tk.Kind == storage.TicketClaim) {
			return tk, true, nil
		}
	}
	return storage.Ticket{}, false, nil
}

// sayOpenCase tells the customer about the case already open on the
// order's parcel, instead of opening a second one, and reports whether
// there was one. A failed lookup is logged and counts as none: the new
// case it lets through is the lesser harm.
func (e *Engine) sayOpenCase(t *turn, o storage.Order) bool {
	c, ok := e.openParcelCase(t, o)
	if ok {
		e.sayCase(t, c)
	}
	return ok
}

// openParcelCase is parcelCase with a failed lookup logged and counted as
// no case.
func (e *Engine) openParcelCase(t *turn, o storage.Order) (storage.Ticket, bool) {
	c, ok, err := e.parcelCase(t, o)
	if err != nil {
		e.log.ErrorContext(t.ctx, "parcel case", "conversation", t.conv.ID, "err", err)
		return storage.Ticket{}, false
	}
	return c, ok
}

// sayCase says a case about the parcel is open, and how it stands.
func (e *Engine) sayCase(t *turn, c storage.Ticket) {
	orders, err := e.customerOrders(t)
	if err != nil {
		orders = nil // the case without its order number
	}
	e.say(t, "missing_case_open", nil)
	e.say(t, caseMessage(c), e.caseData(t, c, orders))
	t.caseTold = c.Ref
}

// investigationAsked reports whether the customer asked for the carrier
// investigation: the button, a yes to the bot's offer, or in words.
func (e *Engine) investigationAsked(t *turn) bool {
	tk := t.d.Task
	if tk.Accepted || t.input.payload == prefixIntent+intents.MissingParcel {
		return true
	}
	for _, text := range []string{t.input.text, tk.Said} {
		norm := intents.Normalize(text)
		if text != "" && e.texts.Mentions(t.lang(), keywordInvestigate, norm) && !e.texts.Mentions(t.lang(), keywordNoInvestigation, norm) &&
			!e.toldNotAsked(t.lang(), text, keywordInvestigate) && !e.hedges(t.lang(), text, norm) &&
			!e.questionNotRequest(t.lang(), text, norm) {
			// (Not a question about it: "Is an investigation free?" at
			// "shall I open one?" opened it; round 88b.)
			return true
		}
	}
	return false
}

// thanksOnly reports whether a message is a thanks with at most a yes or
// an ok around it ("ah oui d'accord merci", "yes thank you").
func (e *Engine) thanksOnly(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return e.texts.Mentions(lang, keywordPolite, norm) && e.texts.MadeOf(lang, norm, keywordYes, keywordAck, keywordPolite, keywordFiller)
}

// hedges reports whether a message that names an action asks advice
// about it or puts it off rather than asking for it: "should I open an
// investigation?", "is it possible to open one?", a condition or a time
// ("I'll give DHL until Friday before asking for an investigation"), a
// preference ("je préfère attendre lundi avant de demander une enquête").
// Each opened an investigation at once; the action is then asked "shall
// I?" first. A request put as a question ("can you investigate with the
// carrier?") asks for it.
func (e *Engine) hedges(lang, text, norm string) bool {
	// (Or doubt and advice asked: "I'm not sure yet whether I want you to
	// start an investigation or just wait a few more days, what would you
	// suggest?" opened one; round 111b, a wrong action.)
	return e.texts.Mentions(lang, keywordActionHedged, norm) || e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)) ||
		e.texts.Mentions(lang, keywordRatherNot, norm) || e.texts.Mentions(lang, keywordUnsure, norm) || e.texts.Mentions(lang, keywordAdvice, norm)
}

// asksWhatNextMissing reports whether a message at a lost parcel's checks
// asks what comes next, or whether the parcel is sent again: « c'est quoi
// la suite ? vous allez me le renvoyer ? », "will you send another one?".
func (e *Engine) asksWhatNextMissing(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return strings.Contains(t.input.text, "?") && !e.foundParcel(t) &&
		(e.texts.Mentions(lang, keywordAsksNext, norm) || e.texts.Mentions(lang, "followup_resend", norm))
}

// saysNotFound reports whether a message says in so many words that the
// parcel was not found ("I did NOT find it", « je l'ai pas retrouvé »):
// « du coup vous n'ouvrez rien hein ? » once it was found is no "nothing
// found" (round 111a's test).
func (e *Engine) saysNotFound(t *turn) bool {
	if !e.stillMissing(t) || e.foundParcel(t) {
		return false
	}
	// (A phrase of its own, not a bare "nothing", « rien ».)
	phrase, _ := e.texts.findIn(t.lang(), keywordStillMissing, t.input.norm)
	return len(strings.Fields(phrase)) > 1
}

// statementsNorm is text without its questions, normalised: what it says
// rather than asks. The last sentence before each question mark is a
// question.
func statementsNorm(text string) string {
	parts := strings.Split(text, "?")
	var kept []string
	for i, p := range parts {
		ss := sentences(p)
		if i < len(parts)-1 && len(ss) > 0 {
			ss = ss[:len(ss)-1]
		}
		kept = append(kept, ss...)
	}
	return intents.Normalize(strings.Join(kept, " "))
}

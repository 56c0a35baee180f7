package bot

import (
	"strings"

	"supportbot/intents"
)

// menu is the buttons of the main actions.
func (e *Engine) menu(t *turn) []Button {
	return []Button{
		e.button(t, "button_track", prefixIntent+intents.TrackOrder),
		e.button(t, "button_points", prefixIntent+intents.CheckPoints),
		e.button(t, "button_return", prefixIntent+intents.StartReturn),
		e.button(t, "button_human", payloadHuman),
	}
}

// sayHumanInfo tells what the bot is and how a person is reached.
func (e *Engine) sayHumanInfo(t *turn) {
	e.say(t, "human_info", map[string]any{"Hours": hoursText(e.texts, e.fmt, e.policy.Hours, t.lang()), "Shop": e.shop.Name,
		"Phone": e.shop.Phone, "Desk": e.desk != nil})
}

// fallback answers a message the bot did not understand. Two in a row offer
// a person.
func (e *Engine) fallback(t *turn) {
	switch {
	case t.humanInfo:
		// No button: a "yes" next would press it, and nobody asked.
		e.sayHumanInfo(t)
		if t.d.Task != nil {
			e.reprompt(t) // the question in hand, again
		}
		return
	case t.notAsked:
		e.say(t, "not_asked", nil, e.button(t, "button_human", payloadHuman))
		t.d.ButtonUntold = true
		return
	case t.thirdParty:
		e.keepNoProofForOther(t)
		e.sayForOther(t, "third_party")
		e.reprompt(t)
		return
	case t.nothingMissing:
		t.d.Fallbacks = 0
		e.say(t, "nothing_missing_noted", nil, e.menu(t)...)
		return
	case t.otherHolder:
		// Told why, and what the holder can do: "the check no longer
		// counts. How can I help you?" read as if the bot would go on
		// with the other account's details (round 115a).
		t.d.Fallbacks = 0
		e.sayForOther(t, "other_holder")
		return
	case t.joke, t.pastStory, t.otherPerson:
		// Understood, and not counted as not understood: what it was
		// taken for, and what the bot can do.
		id := "other_person"
		switch {
		case t.joke:
			id = "joke"
		case t.pastStory:
			id = "past_story"
		}
		t.d.Fallbacks = 0
		e.say(t, id, nil, e.menu(t)...)
		return
	case t.cancelsPart:
		e.say(t, "cancel_part", nil, e.button(t, "button_human", payloadHuman))
		t.d.ButtonUntold = true
		return
	case t.sorted:
		t.d.Fallbacks = 0
		e.say(t, "problem_sorted", nil)
		return
	case t.cannotWithdraw:
		e.say(t, "withdraw_gone", nil, e.button(t, "button_human", payloadHuman))
		return
	case e.writesForOther(t) && t.d.Task == nil && t.d.HandedOver == 0:
		// « Mon chum … m'a demandé de checker sa commande », nothing else
		// understood: who may ask, and how (it got "I'm not sure I
		// understood"; round 131b).
		t.d.Fallbacks = 0
		e.sayForOther(t, "identity_for_other")
		return
	}
	if t.d.Task == nil && (e.recall(t) || e.disputed(t)) {
		return
	}
	if t.u.OtherBusiness && t.d.Task == nil {
		// Understood, only not the shop's business: say what the bot
		// can help with, without counting it as not understood.
		e.say(t, "fallback_other_business", map[string]any{"Shop": e.shop.Name}, e.menu(t)...)
		return
	}
	if t.d.Task == nil && e.saysBye(t) {
		// "en fait c'est bon, bonne journée": understood enough.
		t.d.Fallbacks = 0
		e.say(t, "goodbye", map[string]any{"Shop": e.shop.Name})
		return
	}
	if t.d.Task == nil && e.takesNoteOfAnswer(t) {
		// "ok je vais regarder sur le site du transporteur, merci", "you
		// guys are great": understood enough (not understood; rounds
		// 63b, 64b).
		t.d.Fallbacks = 0
		e.say(t, "thanks", nil)
		return
	}
	if t.d.Task == nil && t.d.Case != "" && t.conv.Handoff == "" {
		// "are you there?", "allô ?" after the request went to the team
		// by e-mail: the customer waits for a person; say where the
		// request is, not "I didn't understand".
		e.casePending(t)
		return
	}
	t.d.Fallbacks++
	if tk := t.d.Task; tk != nil && tk.Intent == intents.HumanAgent && tk.Step == stepContact {
		// "are you there?", "why is nobody answering" while the bot asks
		// where the team can write: nobody is live here; the address
		// again, not a person offered inside the request for one.
		e.say(t, e.byHours(t, "handoff_ask_email_again"), map[string]any{"When": e.nextOpening(t)})
		return
	}
	if t.d.Task != nil {
		id := "fallback_in_task"
		if t.input.payload == "" && strings.Contains(t.input.text, "?") && len(t.input.entities) == 0 {
			// "do I need to file a police report?" at the parcel's
			// checks: a question, not an answer misread (it got "I
			// didn't understand that answer"; round 90b).
			id = "fallback_question_in_task"
		}
		e.say(t, id, nil)
		if t.d.Fallbacks >= 2 {
			e.say(t, "offer_human", nil, e.button(t, "button_human", payloadHuman), e.button(t, "button_stop", payloadStop))
			return
		}
		t.input = input{}
		e.runTask(t)
		return
	}
	if t.d.Fallbacks >= 2 {
		e.say(t, "fallback_twice", nil, append([]Button{e.button(t, "button_human", payloadHuman)}, e.menu(t)[:3]...)...)
		return
	}
	e.say(t, "fallback", nil, e.menu(t)...)
}

// smallTalk answers greetings, thanks, goodbyes, and a yes or no that
// answers nothing.
func (e *Engine) smallTalk(t *turn, intent string) {
	if intent == intents.Goodbye && !e.saysBye(t) && t.d.Task != nil && t.d.Task.Step == stepContact {
		if e.asksWhy(t) {
			// "how long will that take?": when the team answers; the
			// address is asked again next.
			e.say(t, e.byHours(t, "handoff_when"), map[string]any{"When": e.nextOpening(t)})
			return
		}
		// "now" to "which address can we write to?": impatience, not a
		// goodbye; the quickest way to a person is the phone.
		e.noContact(t)
		return
	}
	if intent == intents.Goodbye && !e.saysBye(t) && e.asksWhy(t) {
		// "how long will that take?" read as a goodbye is a question.
		e.fallback(t)
		return
	}
	if intent == intents.Goodbye || intent != intents.Greet && e.saysBye(t) {
		// "merci, au revoir", "c'est bon, bonne journée": leave-taking,
		// whichever of thanks, yes or no the classifier reads first. The
		// flow in progress ends with it: no "back to your return" after
		// a goodbye.
		pending := t.d.Task
		t.d.forget()
		e.sayGoodbye(t, pending)
		return
	}
	switch intent {
	case intents.Greet:
		if t.d.Task != nil {
			return // the task's question follows
		}
		if t.d.Case != "" && t.conv.Handoff == "" {
			e.casePending(t) // "hello??" to a person who is to write back
			return
		}
		e.say(t, "greet", map[string]any{"Shop": e.shop.Name}, e.menu(t)...)
	case intents.Thanks:
		if t.d.Task == nil && t.offered == payloadHuman && t.offerAsked && t.conv.Handoff == "" && t.d.Case == "" && !e.saysNo(t) {
			// "thanks a lot" to "shall I put you through?": nothing is
			// passed on yet, said, and asked again (the thanks got
			// "you're welcome", and the customer left thinking the team
			// had the request; round 95b).
			e.say(t, "thanks_person_not_yet", nil, e.button(t, "button_human", payloadHuman), e.button(t, "button_no", payloadNo))
			return
		}
		if t.d.Task != nil {
			e.say(t, "thanks_in_task", nil) // the task's question follows
			t.d.Thanked = true
			return
		}
		e.say(t, "thanks", nil)
	case intents.Affirm:
		if t.d.Task == nil && e.asksWhy(t) && e.recall(t) {
			// "ça couvre quoi exactement ?" after the warranty, read as a
			// yes: what the answer says of it (they got "I can't answer
			// that precisely here"; round 65a).
			return
		}
		if t.d.Task == nil && e.asksWhy(t) {
			// "why not??" after a refusal: no "Great!"; the reason was
			// given, a person can go further. Another question ("how
			// much was it in total?") gets no word about reasons.
			id := "question_person"
			if e.texts.Mentions(t.lang(), keywordWhy, t.input.norm) {
				id = "why_person"
			}
			e.say(t, id, nil, e.button(t, "button_human", payloadHuman))
			return
		}
		if t.d.Task == nil {
			e.say(t, "affirm_nothing", nil, e.menu(t)...)
		}
	case intents.Deny:
		if t.d.Task == nil && e.disputed(t) {
			// "not fair" after a refusal, read as a no: the answer
			// disputed, a person offered (it got "all right"; round 67a).
			return
		}
		if t.d.Task == nil {
			e.say(t, "deny_nothing", nil)
		}
	}
}

// takesNoteOfAnswer reports whether a short message that asks nothing
// takes note of the answer or thanks for it in words the classifier did
// not read as thanks.
func (e *Engine) takesNoteOfAnswer(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && len(t.input.entities) == 0 && !strings.Contains(t.input.text, "?") &&
		len(strings.Fields(norm)) <= takeNoteWords && !e.texts.Mentions(lang, keywordPushback, norm) &&
		(e.texts.Mentions(lang, keywordNoted, norm) || e.texts.Mentions(lang, keywordAcknowledge, norm))
}

// takeNoteWords is the most words a message that only takes note has.
const takeNoteWords = 12

// saysBye reports whether a short message takes leave ("thanks bye",
// "merci, à tantôt").
func (e *Engine) saysBye(t *turn) bool {
	return t.input.payload == "" && e.texts.HasKeyword(t.lang(), keywordBye, t.input.norm)
}

// casePending tells a customer whose request went to the team by e-mail
// that it is there and who answers, and that the bot still helps
// meanwhile.
func (e *Engine) casePending(t *turn) {
	t.d.Fallbacks = 0
	e.say(t, e.byHours(t, "handoff_pending"), map[string]any{"Ticket": t.d.Case, "When": e.nextOpening(t)}, e.menu(t)[:3]...)
}

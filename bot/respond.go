package bot

import (
	"strings"

	"supportbot/intents"
)

// taskIntents are the intents that work on the customer's account and may
// take several messages.
var taskIntents = map[string]bool{
	intents.TrackOrder: true, intents.CheckPoints: true, intents.MissingParcel: true,
	intents.WrongItem: true, intents.StartReturn: true, intents.CancelOrder: true,
}

// interruptConfidence is how sure the classifier must be before a message
// typed while the bot waits for a free-text answer (a reason, a
// description) counts as a new question instead.
const interruptConfidence = 0.7

// respond decides what to do with a message while the bot has the
// conversation: go on with the task in progress, answer an interruption and
// come back to the task, or start something new.
func (e *Engine) respond(t *turn) {
	d := &t.d
	if e.stops(t) {
		d.forget()
		d.Fallbacks = 0
		e.say(t, "flow_stopped", nil, e.menu(t)...)
		return
	}
	if t.in.Public && e.needsPrivacy(t) {
		// Others read this conversation: nothing about an account here.
		d.forget()
		t.private = true
		e.say(t, "private_only", nil)
		return
	}
	e.collectIdentity(t)
	if d.Task != nil && e.continuesTask(t) {
		if t.u.Intent == "" {
			t.u.Intent = d.Task.Intent
		}
		d.Fallbacks = 0
		e.runTask(t)
		e.resumePaused(t)
		return
	}
	intent := t.u.Intent
	switch {
	case taskIntents[intent]:
		d.Fallbacks = 0
		if d.Task == nil || d.Task.Intent != intent {
			d.pause()
			d.Task = &task{Intent: intent}
		}
		e.runTask(t)
		e.resumePaused(t)
	case intent == intents.HumanAgent:
		d.Fallbacks = 0
		e.startHandoff(t, reasonAsked, nil)
	case intent == intents.FAQ:
		d.Fallbacks = 0
		e.answerFAQ(t)
		e.reprompt(t)
	case intent == intents.Greet, intent == intents.Thanks, intent == intents.Goodbye,
		intent == intents.Affirm, intent == intents.Deny:
		d.Fallbacks = 0
		e.smallTalk(t, intent)
		e.reprompt(t)
	case d.Task == nil && e.hasEntity(t, intents.EntityOrderNumber, intents.EntityLoyaltyCard):
		// An order number on its own: the customer most often wants to
		// know where that order is.
		d.Fallbacks = 0
		t.u.Intent = intents.TrackOrder
		d.Task = &task{Intent: intents.TrackOrder}
		e.runTask(t)
	case d.Task == nil && e.hasEntity(t, intents.EntityEmail):
		e.say(t, "identity_email_noted", nil, e.menu(t)...)
	default:
		e.fallback(t)
	}
	if intents.Angry(t.input.text) && t.conv.Handoff == "" && intent != intents.HumanAgent {
		e.say(t, "offer_human_angry", nil, e.button(t, "button_human", payloadHuman))
	}
}

// needsPrivacy reports whether a message is about the customer's account,
// or carries their details, and so can't be answered where others read.
func (e *Engine) needsPrivacy(t *turn) bool {
	return taskIntents[t.u.Intent] || t.u.Intent == intents.HumanAgent || t.d.Task != nil ||
		e.hasEntity(t, intents.EntityEmail, intents.EntityOrderNumber, intents.EntityLoyaltyCard, intents.EntityTrackingNumber)
}

// stops reports whether the customer asks to leave the task in progress:
// "annuler", "stop", "cancel" alone, or the stop button. With no task in
// progress these words are left to the classifier: "annuler" may then mean
// cancelling an order.
func (e *Engine) stops(t *turn) bool {
	if t.input.payload == payloadStop {
		return true
	}
	if t.d.Task == nil && len(t.d.Paused) == 0 {
		return false
	}
	return e.texts.IsKeyword(t.lang(), keywordStop, t.input.norm)
}

// continuesTask reports whether the message answers the task in progress
// rather than asking something new.
func (e *Engine) continuesTask(t *turn) bool {
	tk := t.d.Task
	in := t.input
	if (tk.Step == stepReason || tk.Step == stepReceived) && in.payload == "" && len(in.photos) == 0 && !e.interrupts(t) {
		// The answer to "why?" or "what arrived?" is free text, whatever
		// the classifier makes of it.
		t.input.free = true
		return true
	}
	if t.u.Intent == tk.Intent {
		return true
	}
	if in.payload != "" {
		// Order, item and reason buttons belong to the task; yes and no
		// too when it waits for them.
		return t.u.Intent == "" || (tk.Step == stepConfirm || tk.Step == stepChecks) && e.yesNo(t) != 0
	}
	switch tk.Step {
	case stepConfirm, stepChecks:
		return e.yesNo(t) != 0
	case stepIdentity:
		return e.hasEntity(t, intents.EntityEmail, intents.EntityOrderNumber, intents.EntityLoyaltyCard)
	case stepOrder:
		return e.hasEntity(t, intents.EntityOrderNumber)
	case stepItem:
		return len(e.itemsNamed(t)) > 0
	case stepReason, stepReceived:
		return len(in.photos) > 0
	}
	return false
}

// interrupts reports whether a message typed while the bot waits for free
// text is clearly a new question.
func (e *Engine) interrupts(t *turn) bool {
	if t.u.Confidence < interruptConfidence {
		return false
	}
	switch t.u.Intent {
	case intents.OOS, intents.Affirm, intents.Deny, intents.WrongItem, intents.StartReturn:
		// "it's the wrong size", "it broke": answers, not new questions.
		return false
	}
	return true
}

// yesNo reads a yes (1) or a no (-1) in the message; 0 if neither.
func (e *Engine) yesNo(t *turn) int {
	switch {
	case t.input.payload == payloadYes:
		return 1
	case t.input.payload == payloadNo:
		return -1
	case e.texts.HasKeyword(t.lang(), keywordNo, t.input.norm):
		// No first: "no, I found it" says no, "not yet" is not a yes.
		return -1
	case e.texts.HasKeyword(t.lang(), keywordYes, t.input.norm):
		return 1
	case t.u.Intent == intents.Affirm && t.u.Confidence >= e.thresh:
		return 1
	case t.u.Intent == intents.Deny && t.u.Confidence >= e.thresh:
		return -1
	}
	return 0
}

func (e *Engine) hasEntity(t *turn, types ...string) bool {
	for _, en := range t.input.entities {
		for _, typ := range types {
			if en.Type == typ {
				return true
			}
		}
	}
	return false
}

// entity returns the first entity of a type in the message.
func (e *Engine) entity(t *turn, typ string) (string, bool) {
	for _, en := range t.input.entities {
		if en.Type == typ {
			return en.Value, true
		}
	}
	return "", false
}

// runTask moves the task in progress one step on.
func (e *Engine) runTask(t *turn) {
	switch t.d.Task.Intent {
	case intents.TrackOrder:
		e.track(t)
	case intents.CheckPoints:
		e.points(t)
	case intents.MissingParcel:
		e.missingParcel(t)
	case intents.WrongItem:
		e.wrongItem(t)
	case intents.StartReturn:
		e.startReturn(t)
	case intents.CancelOrder:
		e.cancelOrder(t)
	default:
		t.d.Task = nil
	}
}

// resumePaused comes back to an interrupted task once the current one is
// done, asking again for what it was waiting for.
func (e *Engine) resumePaused(t *turn) {
	if t.conv.Handoff != "" || !t.d.resume() {
		return
	}
	e.say(t, "resume_"+t.d.Task.Intent, nil)
	t.input = input{}
	e.runTask(t)
}

// reprompt asks again what the task in progress waits for, after an
// interruption was answered.
func (e *Engine) reprompt(t *turn) {
	if t.d.Task == nil || t.conv.Handoff != "" {
		e.resumePaused(t)
		return
	}
	e.say(t, "resume_"+t.d.Task.Intent, nil)
	t.input = input{}
	e.runTask(t)
}

// menu is the buttons of the main actions.
func (e *Engine) menu(t *turn) []Button {
	return []Button{
		e.button(t, "button_track", prefixIntent+intents.TrackOrder),
		e.button(t, "button_points", prefixIntent+intents.CheckPoints),
		e.button(t, "button_return", prefixIntent+intents.StartReturn),
		e.button(t, "button_human", payloadHuman),
	}
}

// fallback answers a message the bot did not understand. Two in a row offer
// a person.
func (e *Engine) fallback(t *turn) {
	t.d.Fallbacks++
	if t.d.Task != nil {
		e.say(t, "fallback_in_task", nil)
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

// answerFAQ answers a general question from the FAQ.
func (e *Engine) answerFAQ(t *turn) {
	answer, err := e.faq.Answer(t.lang(), t.u.FAQID)
	if err != nil {
		e.fail(t, "render faq "+t.u.FAQID, err)
		return
	}
	t.replies = append(t.replies, Reply{Text: strings.TrimSpace(answer)})
}

// smallTalk answers greetings, thanks, goodbyes, and a yes or no that
// answers nothing.
func (e *Engine) smallTalk(t *turn, intent string) {
	switch intent {
	case intents.Greet:
		if t.d.Task != nil {
			return // the task's question follows
		}
		e.say(t, "greet", map[string]any{"Shop": e.shop.Name}, e.menu(t)...)
	case intents.Thanks:
		e.say(t, "thanks", nil)
	case intents.Goodbye:
		e.say(t, "goodbye", map[string]any{"Shop": e.shop.Name})
	case intents.Affirm:
		if t.d.Task == nil {
			e.say(t, "affirm_nothing", nil, e.menu(t)...)
		}
	case intents.Deny:
		if t.d.Task == nil {
			e.say(t, "deny_nothing", nil)
		}
	}
}

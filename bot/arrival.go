package bot

import (
	"strings"
	"time"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// Whether an order arrives by a day: "will it be here before Christmas?",
// « et pour vendredi ? ». The customer needs a yes or a no for that day,
// not the delivery window again to compare themselves.

// arrivalAsked returns the day a message asks an order to arrive by: a
// day named ahead of today beside the words of arriving or of a deadline
// (keywordArriveBy). A day alone ("friday", "le 20") is asked only as a
// short question after the order's status.
func (e *Engine) arrivalAsked(t *turn, text string, dayAlone bool) (policy.Date, bool) {
	if text == "" {
		return policy.Date{}, false
	}
	norm := intents.Normalize(text)
	if !e.texts.Mentions(t.lang(), keywordArriveBy, norm) && !(dayAlone && len(strings.Fields(norm)) <= maxDayAloneWords) {
		return policy.Date{}, false
	}
	day, ok := e.days.DayAsked(text, t.now.In(e.policy.Location))
	if !ok {
		return policy.Date{}, false
	}
	return policy.DateOf(day, e.policy.Location), true
}

// maxDayAloneWords is the longest question about the status just told
// that asks for a day without the words of arriving: "and friday?",
// "what about tonight, any chance?".
const maxDayAloneWords = 6

// sayArrivalBy tells whether order o should arrive by day: yes when the
// last day it is expected is no later, maybe when day falls inside the
// days it is expected, no when it comes before them (with a person
// offered, who may see what can be done). It reports whether it said
// anything: nothing for an order with nothing due, or already late,
// whose status says what there is to say.
func (e *Engine) sayArrivalBy(t *turn, o storage.Order, day policy.Date) bool {
	from, due, ok := policy.Arrival(e.policy, o, t.now)
	if !ok || policy.Expected(e.policy, o, t.now).Late {
		return false
	}
	lang, loc := t.lang(), e.policy.Location
	date := func(d policy.Date) string { return e.fmt.date(lang, d.End(loc), t.now) }
	data := map[string]any{
		"Number":     o.Number,
		"Due":        date(due),
		"Target":     date(day),
		"Carrier":    policy.CarrierName(e.policy, o.Carrier),
		"NotShipped": isPending(o),
	}
	if from.Before(due) {
		data["From"] = date(from)
	}
	switch {
	case !day.Before(due):
		e.say(t, "arrival_by_yes", data)
	case !day.Before(from):
		if isPending(o) {
			data["Carrier"] = "" // no tracking before it leaves
		}
		e.say(t, "arrival_by_maybe", data)
	default:
		e.say(t, "arrival_by_no", data, e.button(t, "button_human", payloadHuman))
	}
	return true
}

// answerArrivalAbout answers "and by Friday?" after an order's status was
// told (outcome o, an order not delivered yet): whether it arrives by the
// day named. It reports whether it did.
func (e *Engine) answerArrivalAbout(t *turn, o *outcome) bool {
	if !strings.HasPrefix(o.ID, "track_") || o.Data["Number"] == "" || t.conv.CustomerID == 0 {
		return false
	}
	day, ok := e.arrivalAsked(t, t.input.text, true)
	if !ok {
		return false
	}
	order, ok := e.customerOrder(t, o.Data["Number"])
	if !ok {
		return false
	}
	if !e.sayArrivalBy(t, order, day) {
		return false
	}
	t.d.Answered = o // "and if it doesn't?" is still about the order
	return true
}

// arrivalFAQs are the FAQ entries on delivery times, beside which a day
// named gets the days an order placed today should arrive.
var arrivalFAQs = map[string]bool{"delivery_time": true, "order_not_shipped": true}

// sayNewOrderArrival tells, beside the answer on delivery times, whether
// an order placed now should arrive by the day the question names ("if I
// order today, will it be there for Christmas?"), and until which day an
// order still should. It reports whether it said anything.
func (e *Engine) sayNewOrderArrival(t *turn) bool {
	if !arrivalFAQs[t.u.FAQID] {
		return false
	}
	day, ok := e.arrivalAsked(t, t.input.text, false)
	if !ok || !policy.DateOf(t.now, e.policy.Location).Before(day) {
		// (Today is the day the order is placed, not the one it is
		// needed by: "if I order today, it arrives before 24?" was told
		// it comes after today; round 82a.)
		return false
	}
	arrival := func(placed time.Time) (from, due policy.Date) {
		from, due, _ = policy.Arrival(e.policy, storage.Order{Status: storage.StatusPending, PlacedAt: placed}, placed)
		return from, due
	}
	lang, loc := t.lang(), e.policy.Location
	date := func(d policy.Date) string { return e.fmt.date(lang, d.End(loc), t.now) }
	from, due := arrival(t.now)
	data := map[string]any{"From": date(from), "Due": date(due), "Target": date(day)}
	switch {
	case !day.Before(due):
		// The last day an order placed at noon still arrives in time,
		// each day up to the one named looked at (a few hundred at most,
		// each a little date arithmetic).
		last := policy.DateOf(t.now, loc)
		for next := last.AddDays(1); next.Before(day); next = next.AddDays(1) {
			if _, d := arrival(next.Start(loc).Add(12 * time.Hour)); day.Before(d) {
				break
			}
			last = next
		}
		if last != policy.DateOf(t.now, loc) {
			data["LastDay"] = date(last)
		}
		e.say(t, "arrival_new_yes", data)
	case !day.Before(from):
		e.say(t, "arrival_new_maybe", data)
	default:
		e.say(t, "arrival_new_no", data)
	}
	return true
}

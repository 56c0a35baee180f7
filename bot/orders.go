package bot

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// maxOrderButtons is how many orders the bot offers to choose from.
const maxOrderButtons = 5

// orderFilter says which of a customer's orders a task is likely about.
type orderFilter func(o storage.Order) bool

// pickOrder returns the order the task is about: the one the customer names
// (it must be theirs), the one already in the conversation, or their only
// likely one; otherwise it asks which, with buttons. It reports false when it
// has asked something or ended the task.
func (e *Engine) pickOrder(t *turn, likely orderFilter) (storage.Order, bool) {
	tk := t.d.Task
	orders, err := e.customerOrders(t)
	if err != nil {
		e.fail(t, "list orders", err)
		return storage.Order{}, false
	}
	own := ""
	if t.input.payload == "" && tk.Order == "" {
		own = t.u.ClauseOrder
	}
	withProof := e.ordersNamedWithProof(t, orders)
	if len(withProof) == 2 && own == "" && !e.flows[tk.Intent].query {
		// "hi henry@… OP-102601, please change the delivery address of
		// OP-102603 to …": the number given with the e-mail proves who
		// they are, the other is the order meant (it asked which, again
		// and again; round 71b).
		own = otherThanProof(t.input.text, t.input.entities)
	}
	if both := withProof; len(both) > 1 && own == "" && !e.flows[tk.Intent].query {
		// "henry@… OP-102601 change the address of OP-102603 to …": one
		// number proves who they are, the other may be the order meant;
		// asked, not guessed (the first was changed). A question is
		// answered for each ("two orders: OP-102601 and OP-102602,
		// where are they?"), and a request whose own clause names its
		// order is about that one.
		tk.Step, tk.Unfound = stepOrder, true
		e.say(t, "order_which", nil, e.orderButtons(t, both)...)
		return storage.Order{}, false
	}
	if own == "" && tk.Order == "" && t.input.payload == "" && t.u.DetailsOnly && tk.Step != stepOrder && tk.Said != "" && tk.Said != t.input.text &&
		e.hasEntity(t, intents.EntityEmail) {
		// (With the e-mail: a number alone answers "which order?" or
		// puts a number right.)
		// "annulez la commande OP-102502", then "elise@… OP-102501": the
		// second number proves who they are, the request named the
		// first (the second was cancelled, never mentioned before).
		// Of the request's own clause when the message asked for others
		// too: « annuler ma commande OP-101402, et renvoyer la bague de ma
		// commande OP-101401 », then the e-mail (the ring's order was the
		// one offered for cancelling; round 123b).
		if said := orderNumberIn(e.entitiesOf(cmp.Or(tk.Clause, tk.Said), t.lang())); said != "" && !strings.EqualFold(said, e.namedOrder(t)) {
			own = said
		}
	}
	if own == "" && t.input.payload == "" && (t.u.DetailsOnly || !e.hasEntity(t, intents.EntityOrderNumber)) {
		// "la facture de ma commande annulée", then the details: the
		// cancelled order, not the one given to verify (it answered
		// that one).
		if o, several := e.stateNamed(t, orders); len(several) > 1 {
			tk.Step, tk.Unfound = stepOrder, true
			e.say(t, "order_which", nil, e.orderButtons(t, several)...)
			return storage.Order{}, false
		} else if o.ID != 0 {
			tk.Order, t.d.Order = o.Number, o.Number
			return o, true
		}
	}
	if own == "" && tk.Order == "" && t.input.payload == "" && len(t.d.Listed) > 1 && !e.hasEntity(t, intents.EntityOrderNumber) {
		// "change the address of the third one", "annule la première"
		// after the list of orders: that order (the first was changed).
		if i, ok := intents.Ordinal(t.input.text, len(t.d.Listed)); ok {
			own = t.d.Listed[i]
		}
	}
	if own == "" && len(withProof) == 1 {
		// "je suis amelia.brown@… OP-101001, et où en est la commande
		// OP-100701 ?": one number proves who they are, the other is the
		// one asked about, and it is not theirs: said so (it answered
		// about the first).
		own = foreignOrder(t.input.entities, orders)
	}
	if len(withProof) == 1 && own != "" && t.input.payload == "" && itemFlows[tk.Intent] {
		if _, mine := findOrder(orders, own); !mine && e.itemApartFrom(t, t.input.text, own, withProof[0]) {
			// "amelia@… OP-101001. I want to return the scarf, and also
			// what's the status of OP-100801 for my friend James?": the
			// scarf is named apart from the other number, in the order
			// given with the proof; the number is the other request's
			// (the return was looked for in OP-100801, "not on your
			// account" said twice, and the return dropped; round 69b).
			own = withProof[0].Number
		}
	}
	if own == "" && tk.Order == "" && t.input.payload == "" && t.othersOrder != "" && !e.hasEntity(t, intents.EntityOrderNumber) && !e.flows[tk.Intent].query {
		// "ok so change the delivery address please" right after the
		// partner's order was refused: which of their own, asked (the
		// customer's own order was changed; round 81b).
		tk.Step, tk.Unfound = stepOrder, true
		e.say(t, "order_which_own", map[string]any{"Number": storage.DisplayOrderNumber(t.othersOrder)}, e.orderButtons(t, orders)...)
		return storage.Order{}, false
	}
	if own == "" && tk.Order == "" && t.input.payload == "" && t.othersOrder != "" && !e.hasEntity(t, intents.EntityOrderNumber) &&
		e.flows[tk.Intent].query && e.texts.Mentions(t.lang(), keywordThirdPossessive, t.input.norm) {
		// "Bon ben et sa facture alors ?" right after the cousin's order
		// was refused: hers again, not the customer's own (whose invoice
		// came; round 84b).
		t.d.Task = nil
		t.d.OthersOrder = t.othersOrder
		e.say(t, "order_of_someone_else", map[string]any{"Number": storage.DisplayOrderNumber(t.othersOrder)})
		return storage.Order{}, false
	}
	if number := cmp.Or(own, e.namedOrder(t)); number != "" {
		o, ok := findOrder(orders, number)
		if !ok && t.input.payload == "" && e.namesOthersOrder(t, tk.Said) {
			// "Pouvez-vous annuler la commande OP-100401 ? C'est celle de
			// mon compagnon": another person's order, which only they
			// can act on; not the customer's own orders to pick from (one
			// was picked, and cancelled on "oui"; round 78b).
			t.d.Task = nil
			t.d.OthersOrder = number
			e.say(t, "order_of_someone_else", map[string]any{"Number": storage.DisplayOrderNumber(number)})
			return storage.Order{}, false
		}
		if !ok {
			tk.Step, tk.Unfound = stepOrder, true
			// The customer's orders to pick from, at once.
			candidates := filterOrders(orders, likely)
			if len(candidates) == 0 {
				candidates = orders
			}
			// Not an order the same words name for another request:
			// "changez l'adresse de OP-102501 et annulez OP-102601"
			// offered OP-102501 for cancelling, and "oui" cancelled it
			// (round 84b). One the request itself names beside it is the
			// request's next order: "please cancel OP-100401 and
			// OP-100501, both mine".
			// (Not the order given with the e-mail as the proof: "bonjour
			// maxime@… OP-102127 je veux annuler OP-100401" offered
			// OP-102127 for cancelling in the same answer, and "oui"
			// cancelled it; round 87a.)
			proof := proofNumber(t.input.text, t.input.entities, number)
			mine := slices.DeleteFunc(ordersIn(e.entitiesOf(tk.Said, t.lang()), orders), func(o storage.Order) bool {
				return storage.NormalizeOrderNumber(o.Number) == storage.NormalizeOrderNumber(proof)
			})
			candidates = slices.DeleteFunc(slices.Clone(candidates), func(o storage.Order) bool {
				return slices.ContainsFunc(mine, func(m storage.Order) bool { return m.ID == o.ID })
			})
			if tk.Clause == "" && len(mine) == 1 {
				e.say(t, "order_not_in_account_only", map[string]any{"Number": storage.DisplayOrderNumber(number)})
				tk.Order, t.d.Order, tk.Unfound = mine[0].Number, mine[0].Number, false
				return mine[0], true
			}
			if proof != "" {
				// The proof given with it names the customer's own order:
				// the other number is refused, none of theirs offered in
				// its place (a bare "oui" to "is it one of these?" went on
				// to cancel the proof's order; round 87a).
				candidates = nil
			}
			if len(candidates) == 0 {
				t.d.Task = nil
				e.say(t, "order_not_in_account_only", map[string]any{"Number": storage.DisplayOrderNumber(number)})
				return storage.Order{}, false
			}
			e.say(t, "order_not_in_account", map[string]any{"Number": storage.DisplayOrderNumber(number)}, e.orderButtons(t, candidates)...)
			return storage.Order{}, false
		}
		tk.Order, t.d.Order, tk.Unfound = o.Number, o.Number, false
		return o, true
	}
	if tk.Unfound {
		// Not the order of the conversation in its place, unasked.
		if len(orders) == 0 {
			t.d.Task = nil
			e.say(t, "order_none", nil, e.button(t, "button_human", payloadHuman))
			return storage.Order{}, false
		}
		candidates := filterOrders(orders, likely)
		if len(candidates) == 0 {
			candidates = orders
		}
		if len(candidates) == 1 && tk.Which && t.input.payload == "" && e.yesNo(t) > 0 && !e.changesAsked(t) {
			// "oui" to "which order is it about? [OP-102501]": that one
			// (the question came back for ever).
			tk.Order, t.d.Order, tk.Unfound, tk.Which = candidates[0].Number, candidates[0].Number, false, false
			return candidates[0], true
		}
		tk.Which = true
		e.say(t, "order_which", nil, e.orderButtons(t, candidates)...)
		return storage.Order{}, false
	}
	if latest, ok := e.latestNamed(t, orders); ok && (tk.Order == "" || tk.Step == "" || tk.Step == stepIdentity || tk.Step == stepOrder) {
		// (Not once the flow is past choosing its order: "my recent
		// order" read again at the exchange's yes moved it to another
		// order, not delivered, and nothing was sent; round 60b.)
		// "ma commande d'hier", "my last order": the newest, not the
		// one given to verify (delivered months ago).
		tk.Order, t.d.Order = latest.Number, latest.Number
		return latest, true
	}
	if e.asksOtherOrder(t) && (tk.Order != "" || t.d.Order != "") && len(tk.ItemIDs) == 0 && !((tk.Step == stepItem || tk.Step == stepQuantity || tk.Step == stepReason) && e.picksPlace(t)) {
		// "Et mon autre commande ?": any order but the one discussed
		// (not when its item is chosen: "the other one" of an order's
		// two items).
		current := cmp.Or(tk.Order, t.d.Order)
		if found := ordersWithItemIn(t.input.text, orders); len(found) == 1 && found[0].Number == current && t.input.payload == "" {
			o := found[0]
			// "I meant I want to return the scarf from the other order",
			// the scarf only in the order discussed: that one (the
			// others were offered).
			tk.Order, t.d.Order = o.Number, o.Number
			return o, true
		}
		others := slices.DeleteFunc(slices.Clone(orders), func(o storage.Order) bool { return o.Number == current })
		if len(others) == 0 && len(orders) > 0 {
			// "what about my other order?" with one order: say so, not
			// "I can't find any order on your account".
			t.d.Task = nil
			e.say(t, "order_only_one", map[string]any{"Number": current})
			return storage.Order{}, false
		}
		tk.Order, t.d.Order = "", ""
		orders = others
	}
	for _, number := range []string{tk.Order, t.d.Order} {
		if o, ok := findOrder(orders, number); ok && number != "" {
			tk.Order, t.d.Order = o.Number, o.Number
			return o, true
		}
	}
	if len(orders) == 0 {
		t.d.Task = nil
		e.say(t, "order_none", nil, e.button(t, "button_human", payloadHuman))
		return storage.Order{}, false
	}
	candidates := filterOrders(orders, likely)
	switch {
	case len(candidates) == 1:
		tk.Order, t.d.Order = candidates[0].Number, candidates[0].Number
		return candidates[0], true
	case len(candidates) == 0 && len(orders) == 1:
		tk.Order, t.d.Order = orders[0].Number, orders[0].Number
		return orders[0], true
	case len(candidates) == 0:
		candidates = orders
	}
	if o, ok := e.onlyOrderWithItem(t, candidates); ok {
		// "I'd like to return the scarf", one order holding a scarf: that
		// one (it asked which order).
		tk.Order, t.d.Order = o.Number, o.Number
		return o, true
	}
	tk.Step = stepOrder
	e.say(t, "order_which", nil, e.orderButtons(t, candidates)...)
	return storage.Order{}, false
}

// onlyOrderWithItem returns the one order of candidates holding an item
// the request names, in this message or the one that started it.
func (e *Engine) onlyOrderWithItem(t *turn, candidates []storage.Order) (storage.Order, bool) {
	if t.input.payload != "" || len(candidates) < 2 {
		return storage.Order{}, false
	}
	for _, text := range []string{t.input.text, t.d.Task.Said} {
		if text == "" {
			continue
		}
		if found := ordersWithItemIn(text, candidates); len(found) > 0 {
			return found[0], len(found) == 1
		}
	}
	return storage.Order{}, false
}

// ordersWithItemIn returns the orders among candidates holding an item
// text names.
func ordersWithItemIn(text string, candidates []storage.Order) []storage.Order {
	var found []storage.Order
	for _, o := range candidates {
		names := make([]string, len(o.Items))
		for i, it := range o.Items {
			names[i] = it.Name
		}
		if k, score := intents.MatchItem(text, names); k >= 0 && score >= 1 {
			found = append(found, o)
		}
	}
	return found
}

// latestNamed returns the customer's newest order when the message, or
// the one that started the flow, asks about their latest one, and their
// oldest when it asks about that one.
func (e *Engine) latestNamed(t *turn, orders []storage.Order) (storage.Order, bool) {
	if len(orders) == 0 || t.input.payload != "" {
		return storage.Order{}, false
	}
	latest, oldest := false, false
	for _, text := range []string{t.input.text, t.d.Task.Said} {
		if text != "" {
			norm := intents.Normalize(text)
			latest = latest || e.texts.Mentions(t.lang(), keywordLatestOrder, norm)
			oldest = oldest || e.texts.Mentions(t.lang(), keywordOldestOrder, norm)
		}
	}
	if latest == oldest {
		return storage.Order{}, false
	}
	// (Or "the older one", "ma première commande": the oldest; the
	// one given to verify was cancelled.)
	pick := orders[0]
	for _, o := range orders[1:] {
		if latest && o.PlacedAt.After(pick.PlacedAt) || oldest && o.PlacedAt.Before(pick.PlacedAt) {
			pick = o
		}
	}
	return pick, true
}

// orderOfMonth returns the one order among orders, other than current,
// placed in a month the message names ("je parlais de ma commande
// d'octobre", "my order from October"); false when it names none, or
// several orders fit.
func (e *Engine) orderOfMonth(t *turn, orders []storage.Order, current string) (storage.Order, bool) {
	if t.input.payload != "" || t.input.text == "" {
		return storage.Order{}, false
	}
	text := " " + strings.ToLower(t.input.text) + " "
	var found []storage.Order
	for m := time.January; m <= time.December; m++ {
		named := false
		for _, lang := range e.texts.Languages() {
			name := strings.ToLower(e.texts.T(lang, "month_"+strconv.Itoa(int(m)), nil))
			for _, before := range []string{" ", "'", "’"} {
				if i := strings.Index(text, before+name); i >= 0 && !isLetter(text[i+len(before)+len(name):]) {
					named = true
				}
			}
		}
		if !named {
			continue
		}
		for _, o := range orders {
			if o.PlacedAt.Month() == m && o.Number != current && t.now.Sub(o.PlacedAt) < 365*24*time.Hour {
				found = append(found, o)
			}
		}
	}
	if len(found) != 1 {
		return storage.Order{}, false
	}
	return found[0], true
}

// isLetter reports whether s starts with a letter.
func isLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// orderStates are the keyword lists that name an order by its state, and
// the orders each names.
var orderStates = []struct {
	list string
	keep orderFilter
}{
	{keywordOrderCancelled, func(o storage.Order) bool { return o.Status == storage.StatusCancelled }},
	{keywordOrderShipped, func(o storage.Order) bool {
		return o.Status == storage.StatusShipped || o.Status == storage.StatusInTransit
	}},
	{keywordOrderPreparing, isPending},
	{keywordOrderDelivered, isDelivered},
}

// stateNamed returns the customer's order the request names by its state,
// in this message or the one that started it: the one order in that state,
// or the several to choose from; neither when no state is named or no
// order is in it.
func (e *Engine) stateNamed(t *turn, orders []storage.Order) (storage.Order, []storage.Order) {
	said := ""
	if t.d.Task != nil {
		said = t.d.Task.Said
	}
	for _, norm := range []string{t.input.norm, intents.Normalize(said)} {
		for _, s := range orderStates {
			if norm == "" || !e.texts.Mentions(t.lang(), s.list, norm) {
				continue
			}
			switch in := filterOrders(orders, s.keep); len(in) {
			case 0:
			case 1:
				return in[0], nil
			default:
				return storage.Order{}, in
			}
		}
	}
	return storage.Order{}, nil
}

// otherOrdersNamed returns the customer's orders the message names by
// number besides o, for a question asked of several at once.
func (e *Engine) otherOrdersNamed(t *turn, o storage.Order, said string) []storage.Order {
	if t.input.payload != "" || t.u.ClauseOrder != "" {
		// (A request whose own clause names its order leaves the others
		// to the other requests: "where is OP-102603 and cancel
		// OP-102601" gave the status of both.)
		return nil
	}
	entities := t.input.entities
	if t.u.DetailsOnly {
		// Numbers given to prove who they are ask nothing; those of the
		// request, before the proof, do ("les factures de OP-102401 et
		// OP-102402", then the e-mail: one invoice was given).
		if said == "" {
			return nil
		}
		entities = e.entitiesOf(said, t.lang())
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return nil
	}
	return slices.DeleteFunc(ordersIn(entities, orders), func(x storage.Order) bool { return x.ID == o.ID })
}

// entityFinder is a Parser that can find a message's entities alone
// (*intents.Parser): a message already answered needs no classifying again.
type entityFinder interface {
	Entities(text string) []intents.Entity
}

// entitiesOf returns the entities Parse would find in text.
func (e *Engine) entitiesOf(text, lang string) []intents.Entity {
	if f, ok := e.parser.(entityFinder); ok {
		return f.Entities(text)
	}
	return e.parser.Parse(text, lang).Entities
}

// namesOrderState reports whether the message names an order by its state.
func (e *Engine) namesOrderState(t *turn) bool {
	for _, s := range orderStates {
		if e.texts.Mentions(t.lang(), s.list, t.input.norm) {
			return true
		}
	}
	return false
}

// namedOrder is the order number the customer gives in this message, by
// text or button.
func (e *Engine) namedOrder(t *turn) string {
	if n, ok := strings.CutPrefix(t.input.payload, prefixOrder); ok {
		return n
	}
	n, _ := e.entity(t, intents.EntityOrderNumber)
	return n
}

// ordersNamedWithProof returns the customer's orders a message names when
// it also gives an e-mail address, so that one of them may only be there
// to prove who the customer is; nil unless two differ.
func (e *Engine) ordersNamedWithProof(t *turn, orders []storage.Order) []storage.Order {
	if t.input.payload != "" || !e.hasEntity(t, intents.EntityEmail) {
		return nil
	}
	return ordersIn(t.input.entities, orders)
}

// otherThanProof returns, of a message's two order numbers, the one not
// given with its e-mail address ("henry@… OP-102601, change the address
// of OP-102603": OP-102603), when one alone is: nothing but spaces,
// punctuation or a word for "order" between it and the address. "" when
// neither or both are.
func otherThanProof(text string, entities []intents.Entity) string {
	var email *intents.Entity
	var numbers []intents.Entity
	for i, en := range entities {
		switch en.Type {
		case intents.EntityEmail:
			email = &entities[i]
		case intents.EntityOrderNumber:
			numbers = append(numbers, en)
		}
	}
	if email == nil || len(numbers) != 2 || numbers[0].Value == numbers[1].Value {
		return ""
	}
	// onlyJoiners reports whether text[from:to], leaving out skip, holds
	// nothing but spaces, punctuation and proofJoiners.
	onlyJoiners := func(from, to int, skip *intents.Entity) bool {
		if from > to || from < 0 || to > len(text) {
			return false
		}
		gap := text[from:to]
		if skip != nil && skip.Start >= from && skip.End <= to {
			gap = text[from:skip.Start] + " " + text[skip.End:to]
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(gap), func(r rune) bool { return strings.ContainsRune(" ,;:/-()#°.", r) }) {
			if !proofJoiners[w] {
				return false
			}
		}
		return true
	}
	gap := func(n intents.Entity) (int, int) {
		if n.End <= email.Start {
			return n.End, email.Start
		}
		return email.End, n.Start
	}
	beside := func(n intents.Entity) bool { from, to := gap(n); return onlyJoiners(from, to, nil) }
	// behind reports whether n is given with the address, but behind the
	// other number ("henry@… OP-102601 OP-102603": which is meant is not
	// said).
	behind := func(n, other intents.Entity) bool { from, to := gap(n); return onlyJoiners(from, to, &other) }
	a, b := beside(numbers[0]), beside(numbers[1])
	switch {
	case a && !b && !behind(numbers[1], numbers[0]):
		return numbers[1].Value
	case b && !a && !behind(numbers[0], numbers[1]):
		return numbers[0].Value
	}
	return ""
}

// proofNumber returns, of a message's two order numbers, the one given
// with its e-mail address as the proof, when the other is named: "" when
// neither or both are given with it, or named is not the other.
func proofNumber(text string, entities []intents.Entity, named string) string {
	other := otherThanProof(text, entities)
	if other == "" || storage.NormalizeOrderNumber(other) != storage.NormalizeOrderNumber(named) {
		return ""
	}
	for _, en := range entities {
		if en.Type == intents.EntityOrderNumber && en.Value != other {
			return en.Value
		}
	}
	return ""
}

// proofJoiners are the words that may stand between an e-mail address and
// the order number given with it.
var proofJoiners = map[string]bool{"order": true, "commande": true, "cmd": true, "cde": true, "n": true, "no": true,
	"number": true, "numéro": true, "numero": true, "num": true, "and": true, "et": true, "my": true, "ma": true}

// listedNamed returns the order of the last list of orders that a short
// message names by its place ("and the second one?", "et la première ?",
// "le 2"), when no flow waits for an answer; "" otherwise.
func (e *Engine) listedNamed(t *turn) string {
	if t.d.Task != nil || len(t.d.Listed) < 2 || t.input.payload != "" || len(t.input.entities) > 0 {
		return ""
	}
	if i, ok := intents.ListPosition(t.input.text, len(t.d.Listed)); ok {
		return t.d.Listed[i]
	}
	if n := e.listedInState(t); n != "" {
		return n
	}
	return e.listedOnDay(t)
}

// listedInState returns the order of the last list that a short question
// names by its state ("et celle qui est en retard ?", "the delivered
// one?"), when one alone of the list is in it; "" otherwise (the first
// was given).
func (e *Engine) listedInState(t *turn) string {
	if len(strings.Fields(t.input.norm)) > 7 || actionFlows[t.u.Intent] {
		return ""
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return ""
	}
	var listed []storage.Order
	for _, n := range t.d.Listed {
		if o, ok := findOrder(orders, n); ok {
			listed = append(listed, o)
		}
	}
	states := append(slices.Clone(orderStates), struct {
		list string
		keep orderFilter
	}{keywordOrderLate, func(o storage.Order) bool { return policy.Expected(e.policy, o, t.now).Late }})
	for _, s := range states {
		if !e.texts.Mentions(t.lang(), s.list, t.input.norm) {
			continue
		}
		if in := filterOrders(listed, s.keep); len(in) == 1 {
			return in[0].Number
		}
		return ""
	}
	return ""
}

// The kinds of things a list other than the orders' shows.
const (
	shownCase    = "case"
	shownVoucher = "voucher"
)

// show keeps the cases or vouchers just listed, when there are several to
// pick among, in place of the last list of orders.
func (d *dialogue) show(kind string, refs []string) {
	if len(refs) < 2 {
		return
	}
	d.Shown, d.ShownKind, d.Listed, d.ListedFor = refs, kind, nil, listedTurns
}

// shownNamed returns the case or voucher of the last list of them that a
// short message names by its place ("and the second one?", "le
// deuxième"), or "".
func (e *Engine) shownNamed(t *turn) string {
	if t.d.Task != nil || len(t.d.Shown) < 2 || t.input.payload != "" || len(t.input.entities) > 0 || t.conv.CustomerID == 0 {
		return ""
	}
	if i, ok := intents.ListPosition(t.input.text, len(t.d.Shown)); ok {
		return t.d.Shown[i]
	}
	if actionFlows[t.u.Intent] && len(strings.Fields(t.input.norm)) <= 16 {
		// "and the other one, the wrong item one?" after the cases: the
		// case of that kind (it started a report of a wrong item). Also
		// in a longer question: "so the wrong item one is still open?
		// when will someone look at it?" (round 67b).
		return e.shownCaseOfKind(t)
	}
	if len(strings.Fields(t.input.norm)) > 8 {
		return ""
	}
	// "when does the second one expire?" after the vouchers: that one
	// (it got the points' expiry).
	if i, ok := intents.Ordinal(t.input.text, len(t.d.Shown)); ok {
		return t.d.Shown[i]
	}
	return ""
}

// caseKinds are the kinds of case each flow opens.
var caseKinds = map[string][]string{
	intents.WrongItem:       {storage.TicketWrongItem},
	intents.MissingParcel:   {storage.TicketClaim, storage.TicketInvestigation},
	intents.Exchange:        {storage.TicketExchange},
	intents.DeliveryAddress: {storage.TicketAddressChange},
}

// shownCaseOfKind returns the case of the last list of cases that a
// question read as the flow opening such cases names by its kind, when
// one alone is of that kind; "" otherwise.
func (e *Engine) shownCaseOfKind(t *turn) string {
	kinds := caseKinds[t.u.Intent]
	if t.d.ShownKind != shownCase || len(kinds) == 0 ||
		!strings.Contains(t.input.text, "?") && !e.texts.Mentions(t.lang(), keywordOtherItemRef, t.input.norm) {
		return ""
	}
	tickets, err := e.store.TicketsByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return "" // read as the flow it reads as
	}
	found := ""
	for _, tk := range tickets {
		if slices.Contains(t.d.Shown, tk.Ref) && slices.Contains(kinds, tk.Kind) {
			if found != "" {
				return ""
			}
			found = tk.Ref
		}
	}
	return found
}

// sayShown tells about the case or voucher the message named by its
// place in the last list.
func (e *Engine) sayShown(t *turn) {
	switch t.d.ShownKind {
	case shownCase:
		e.sayCaseRef(t, t.shown)
	case shownVoucher:
		all, err := e.store.VouchersByCustomer(t.ctx, t.conv.CustomerID)
		if err != nil {
			e.fail(t, "voucher", fmt.Errorf("vouchers: %w", err))
			return
		}
		for _, v := range all {
			switch {
			case v.Code != t.shown:
				continue
			case v.Expired(t.now) && !v.Used:
				// (As the list said it: "…named_expired" says why a
				// code was refused, which nobody said it was.)
				e.say(t, "voucher_expired", e.voucherData(t, v))
			case v.Used || v.NotYet(t.now):
				e.sayNamedVoucher(t, v.Code, all)
			default:
				e.say(t, "voucher_line", e.voucherData(t, v))
			}
			return
		}
		e.sayNamedVoucher(t, t.shown, all)
	}
}

// listedOnDay returns the order of the last list placed on the day of the
// week a short message names ("the one from thursday?", "celle de
// mardi"), when one alone was; "" otherwise.
func (e *Engine) listedOnDay(t *turn) string {
	words := strings.Fields(t.input.norm)
	if len(words) > 6 {
		return ""
	}
	orders, err := e.customerOrders(t)
	if err != nil {
		return ""
	}
	found := ""
	for _, n := range t.d.Listed {
		o, ok := findOrder(orders, n)
		if !ok {
			continue
		}
		day := intents.Normalize(e.texts.T(t.lang(), weekdayIDs[o.PlacedAt.In(e.fmt.loc).Weekday()], nil))
		if !slices.Contains(words, day) {
			continue
		}
		if found != "" {
			return "" // two that day: which is not said
		}
		found = o.Number
	}
	return found
}

// foreignOrder returns the first order number entities name that is not
// among orders, or "".
func foreignOrder(entities []intents.Entity, orders []storage.Order) string {
	for _, en := range entities {
		if _, ok := findOrder(orders, en.Value); en.Type == intents.EntityOrderNumber && !ok {
			return en.Value
		}
	}
	return ""
}

// ordersIn returns the orders among orders that entities name by number,
// each once, in the order named.
func ordersIn(entities []intents.Entity, orders []storage.Order) []storage.Order {
	var named []storage.Order
	for _, en := range entities {
		if en.Type != intents.EntityOrderNumber {
			continue
		}
		if o, ok := findOrder(orders, en.Value); ok && !slices.ContainsFunc(named, func(n storage.Order) bool { return n.ID == o.ID }) {
			named = append(named, o)
		}
	}
	return named
}

// asksOtherOrder reports whether the message asks about another order
// than the one discussed ("et mon autre commande ?"); not a yes to a
// summary that says "deuxième" or "other" ("oui svp c'est la deuxième
// fois que ça arrive, ouvrez le dossier").
func (e *Engine) asksOtherOrder(t *turn) bool {
	tk := t.d.Task
	// (Nor "the second one is my girlfriend's actually, just do mine
	// then": this one, the customer's own; round 84b.)
	return e.texts.Mentions(t.lang(), keywordOtherOrder, t.input.norm) && (tk == nil || tk.Step != stepConfirm || e.yesNo(t) <= 0) &&
		!e.texts.Mentions(t.lang(), keywordOnlyMine, t.input.norm)
}

// findOrder finds an order among a customer's by its number, in any of the
// forms customers type it ("OP-100401", "op100401"), or by its digits
// alone ("100401") when only one of the orders has them.
func findOrder(orders []storage.Order, number string) (storage.Order, bool) {
	key := storage.NormalizeOrderNumber(number)
	if key == "" {
		return storage.Order{}, false
	}
	var byDigits []storage.Order
	for _, o := range orders {
		k := storage.NormalizeOrderNumber(o.Number)
		if k == key {
			return o, true
		}
		if allDigits(key) && strings.HasSuffix(k, key) && !isDigit(k[len(k)-len(key)-1]) {
			byDigits = append(byDigits, o)
		}
	}
	if len(byDigits) == 1 {
		return byDigits[0], true
	}
	return storage.Order{}, false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func filterOrders(orders []storage.Order, keep orderFilter) []storage.Order {
	var out []storage.Order
	for _, o := range orders {
		if keep == nil || keep(o) {
			out = append(out, o)
		}
	}
	return out
}

// orderButtons offers the newest orders, each labelled with its number, date
// and amount.
func (e *Engine) orderButtons(t *turn, orders []storage.Order) []Button {
	var bs []Button
	for i, o := range orders {
		if i == maxOrderButtons {
			break
		}
		label := e.text(t, "order_button", map[string]any{
			"Number": o.Number,
			"Date":   e.fmt.date(t.lang(), o.PlacedAt, t.now),
			"Total":  e.fmt.money(t.lang(), o.TotalCents, o.Currency),
		})
		bs = append(bs, Button{Label: label, Payload: prefixOrder + o.Number})
	}
	return bs
}

// Order filters of the tasks.
func isActive(o storage.Order) bool {
	return o.Status != storage.StatusDelivered && o.Status != storage.StatusCancelled
}

func isShippedOrDelivered(o storage.Order) bool {
	return o.Channel != storage.ChannelStore && !isPending(o) && o.Status != storage.StatusCancelled
}

func isDelivered(o storage.Order) bool { return o.Status == storage.StatusDelivered }

// isPending reports whether an order has not left yet: waiting for
// preparation or being prepared.
func isPending(o storage.Order) bool {
	return o.Status == storage.StatusPending || o.Status == storage.StatusPreparing
}

// itemFlows are the flows about an item of an order.
var itemFlows = map[string]bool{intents.StartReturn: true, intents.Exchange: true, intents.WrongItem: true}

// itemApartFrom reports whether text names an item of o in a clause that
// does not name the order number other.
func (e *Engine) itemApartFrom(t *turn, text, other string, o storage.Order) bool {
	for _, c := range clauseBreaks.Split(text, -1) {
		if slices.ContainsFunc(e.entitiesOf(c, t.lang()), func(en intents.Entity) bool {
			return en.Type == intents.EntityOrderNumber && storage.NormalizeOrderNumber(en.Value) == storage.NormalizeOrderNumber(other)
		}) {
			continue
		}
		if len(e.pickItemsIn(t, c, intents.Normalize(c), o.Items)) > 0 {
			return true
		}
	}
	return false
}

// namesOthersOrder reports whether the message, or the one the request
// began with, says the order is another person's ("c'est celle de mon
// compagnon", "it's my husband's order").
func (e *Engine) namesOthersOrder(t *turn, said string) bool {
	lang := t.lang()
	for _, text := range []string{t.input.text, said} {
		norm := intents.Normalize(text)
		if norm != "" && e.namesOtherPerson(lang, norm) {
			return true
		}
	}
	return false
}

// namesOtherPerson reports whether a normalised text names someone other
// than the writer, or what is theirs ("mon compagnon", "her order").
func (e *Engine) namesOtherPerson(lang, norm string) bool {
	return e.texts.Mentions(lang, keywordSomeoneElse, norm) || e.texts.Mentions(lang, keywordThirdParty, norm)
}

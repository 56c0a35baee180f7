package bot

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// photoChannels carry pictures from the customer.
var photoChannels = map[string]bool{ChannelTelegram: true, ChannelDiscord: true}

// wrongItem handles a wrong item received: which item was wrong, what
// arrived instead (a photo where the channel carries them), a ticket, and a
// person to arrange the exchange. Return shipping is on the shop.
func (e *Engine) wrongItem(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.pickOrder(t, isDelivered)
	if !ok {
		return
	}
	tk := t.d.Task
	if len(tk.ItemIDs) == 0 {
		if other, ok := e.otherOrderNamed(t, o, isDelivered); ok {
			// "I received the wrong earrings", verified with an order
			// not delivered yet: the order the earrings came in.
			o, tk.Order, t.d.Order = other, other.Number, other.Number
		}
	}
	data := e.orderData(t, o)
	if (o.Status == storage.StatusShipped || o.Status == storage.StatusInTransit) && t.input.payload == "" &&
		e.texts.Mentions(t.lang(), keywordMissingSaid, intents.Normalize(tk.Said+" "+t.input.text)) {
		// "my bracelet never arrived" about an order still on its way:
		// the parcel's case, where it is and whether it is late (it got
		// "once it arrives, if an item isn't right…" for a parcel past
		// its date).
		t.d.Task = &task{Intent: intents.MissingParcel, Order: o.Number, Said: tk.Said}
		e.runTask(t)
		return
	}
	if o.Status != storage.StatusDelivered {
		t.d.Task = nil
		e.sayNotDelivered(t, o, data)
		return
	}
	if r := e.reasonInstead(t); r != "" && (tk.Step == stepReceived || tk.Step == stepConfirm) {
		// "oops sorry wrong button, I meant I just don't like it": the
		// return, with that reason.
		t.d.Task = &task{Intent: intents.StartReturn, Order: tk.Order, ItemIDs: tk.ItemIDs, Reason: r}
		t.input = input{}
		e.runTask(t)
		return
	}
	if (tk.Step == stepConfirm || tk.Step == stepReceived) && t.input.payload == "" && len(tk.ItemIDs) > 0 && !tk.Missing &&
		!e.texts.Mentions(t.lang(), keywordMissingSaid, t.input.norm) {
		// (An item said missing instead is the missing item's case, below.)
		named := e.itemMeantInstead(t, o.Items)
		if len(named) == 0 {
			named = e.otherItemsWrong(t, o.Items, tk.ItemIDs)
		}
		if kind, ok := e.texts.findIn(t.lang(), keywordProductKind, t.input.norm); ok && len(named) > 0 &&
			len(e.pickItemsIn(t, kind, kind, o.Items)) == 0 {
			// "sorry, it's actually a silver necklace, not gold": what came,
			// put right, of a kind no item of the order is (its "silver"
			// named the silver bangle, which took the earrings' place, and a
			// missing item's case followed; round 124b).
			named = nil
			if tk.Step == stepConfirm {
				tk.Note = strings.TrimSpace(noAndApology.ReplaceAllString(t.input.text, ""))
				e.confirmWrongItem(t, o, selected(o.Items, tk.ItemIDs))
				return
			}
		}
		if len(named) > 0 && !sameItems(named, tk.ItemIDs) {
			// "sorry, it's the earrings that are wrong, not the bangle"
			// at the summary: those items, and what came instead of them
			// asked (the bangle's case went through, or a missing
			// bangle's).
			tk.ItemIDs, tk.Note, tk.Step, tk.Said = nil, "", "", ""
			for _, it := range named {
				tk.ItemIDs = append(tk.ItemIDs, it.ID)
			}
			t.input = input{}
		}
	}
	grouped := false
	if len(tk.ItemIDs) == 0 && !tk.Missing && t.input.payload == "" {
		if groups := e.problemsByItem(t, o.Items); len(groups) > 0 {
			grouped = true
			// "le bracelet est cassé et les boucles manquent", "the
			// earrings are lovely and the scarf is the wrong colour":
			// each item named with what is the matter with it; this task
			// takes the first, the others follow, an item named with no
			// problem is left alone (the problem of one was filed for
			// the other, or for both).
			for i := len(groups) - 1; i >= 1; i-- {
				t.d.Paused = append(t.d.Paused, task{Intent: intents.WrongItem, Order: o.Number, Said: groups[i].clause, Apart: true})
			}
			g := groups[0]
			tk.ItemIDs, tk.Said = g.items, g.clause
			switch g.reason {
			case problemMissing:
				tk.Missing = true
				e.missingItem(t, o)
				return
			case problemDefect:
				t.d.Task = &task{Intent: intents.StartReturn, Order: o.Number, ItemIDs: tk.ItemIDs, Said: tk.Said, Reason: reasonDefective}
				e.runTask(t)
				return
			}
			t.input.free = false
		}
	}
	if !grouped && e.describesDefect(t) {
		// "la chaîne de mon collier est cassée": not another item than
		// the one ordered, a faulty one — a return for a defect, or the
		// warranty once the return period is over.
		t.d.Task = &task{Intent: intents.StartReturn, Order: o.Number, ItemIDs: tk.ItemIDs, Said: tk.Said, Reason: reasonDefective}
		e.runTask(t)
		return
	}
	refundAsked := (tk.Step == stepConfirm || tk.Step == stepReceived) && !tk.Missing && e.wantsRefundInstead(t) &&
		!e.texts.Mentions(t.lang(), keywordMissingSaid, t.input.norm)
	if tk.Missing && tk.Step == stepConfirm && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordNotMissing, t.input.norm) &&
		e.texts.Mentions(t.lang(), "reason_wrong_item", t.input.norm) && !e.namesOtherItem(t, itemNamesOf(selected(o.Items, tk.ItemIDs))) {
		// (Not "oh and the scarf is the wrong colour": another item's
		// problem, which follows.)
		// "no its not missing, there was something in the box but the
		// wrong thing" at a missing item's summary: a wrong item after
		// all, what came asked (the summary came again; round 122b).
		tk.Missing, tk.Step = false, stepReceived
		data["Item"] = itemNames(selected(o.Items, tk.ItemIDs))
		e.say(t, "wrong_ask_received", data)
		return
	}
	if tk.Missing || !grouped && !refundAsked && !e.texts.Mentions(t.lang(), keywordNothingMissing, t.input.norm) && e.describesMissing(t) {
		// (Not « je préfère être remboursée plutôt qu'un échange, je n'en
		// ai plus besoin » at a wrong item's summary, nor « il ne
		// manquait rien ! »: the report stays, with the refund (a
		// missing item's case was summed up; round 120b, a near miss).)
		e.missingItem(t, o)
		return
	}
	if len(tk.ItemIDs) == 0 {
		items := e.pickItems(t, o.Items)
		if ordered := e.orderedInstead(t, o.Items); len(ordered) > 0 {
			items = ordered
		}
		if len(items) == 0 && len(o.Items) == 1 || len(items) == 0 && e.requestMentions(t, tk.Said, keywordWholeParcelWrong) {
			// (Or "I got someone else's order in my parcel": all of it;
			// "which item?" came again and again.)
			items = o.Items
		}
		if fine := e.itemsSaidFine(t, o.Items); len(fine) > 0 && len(fine) < len(items) {
			// "I got the wrong earrings, the bangle is perfect": not the
			// bangle (it asked what came instead of both).
			items = slices.DeleteFunc(items, func(it storage.Item) bool { return slices.Contains(fine, it.ID) })
		}
		if len(items) == 0 {
			if tk.Step == stepItem && t.input.payload == "" && t.input.text != "" && e.describesReceived(t.lang(), t.input.norm) {
				// "a leather watch, not mine" to "which item is wrong?":
				// what came, kept; which item it replaced, asked again
				// in other words (the same question came three times).
				tk.Note = strings.TrimSpace(t.input.text)
				data["Note"] = tk.Note
				e.say(t, "wrong_which_item_noted", data, itemButtons(o.Items)...)
				return
			}
			tk.Step = stepItem
			e.say(t, "wrong_which_item", data, itemButtons(o.Items)...)
			return
		}
		for _, it := range items {
			tk.ItemIDs = append(tk.ItemIDs, it.ID)
		}
		t.input.free = false // the item's name is not the description
		if tk.Note != "" && tk.Step == stepItem {
			// What came was said at "which item?".
			e.confirmWrongItem(t, o, selected(o.Items, tk.ItemIDs))
			return
		}
		if note := e.receivedInstead(t, selected(o.Items, tk.ItemIDs)); note != "" {
			// "instead of the bangle I got a gold ring": what came is
			// said already, and summed up (it was asked for).
			tk.Note = note
			e.confirmWrongItem(t, o, selected(o.Items, tk.ItemIDs))
			return
		}
	}
	items := selected(o.Items, tk.ItemIDs)
	if (tk.Step == stepReceived || tk.Step == stepConfirm) && len(t.input.photos) > 0 {
		// A photo of what arrived says it: the case, at once.
		if t.input.free {
			tk.Note = strings.TrimSpace(tk.Note + "\n" + t.input.text)
		}
		e.fileWrongItem(t, o, items)
		return
	}
	if tk.Step == stepReceived && t.input.free && (e.notAnAnswer(t) || e.noWishOrDescription(t) || bareDigit.MatchString(t.input.text) || e.yesNo(t) < 0 && !e.describesReceived(t.lang(), t.input.norm) || e.onlyNamesOrdered(t, items)) {
		// "no it's fine", "rien, je voulais juste savoir si vous l'aviez
		// reçue", the order number again, "yes the scarf": no
		// description (each was summed up, and a yes filed it).
		data["Item"] = itemNames(items)
		e.say(t, "wrong_ask_received", data)
		return
	}
	if tk.Step == stepReceived && t.input.free {
		// Words are summed up first: "wait let me check", "actually
		// they look right" taken as the description opened cases.
		tk.Note = strings.TrimSpace(t.input.text)
		e.confirmWrongItem(t, o, items)
		return
	}
	if (tk.Step == stepConfirm || tk.Step == stepReceived) && e.wantsRefundInstead(t) && !policy.SentByEmail(items) {
		// "can I just get a refund instead of the right earrings?": the
		// report keeps its course, with the money back wished for (a
		// return of the item never received was begun, at the customer's
		// expense; round 107a, a near miss).
		tk.Refund = true
		// "can I just keep the anklet and get a refund for the
		// difference?": what came kept, not taken back (the summary said
		// it would be; round 137c).
		tk.KeepReceived = e.texts.Mentions(t.lang(), keywordKeepVerb, t.input.norm)
		if tk.Step == stepConfirm {
			e.confirmWrongItem(t, o, items)
			return
		}
		data["Item"] = itemNames(items)
		e.say(t, "wrong_ask_received", data)
		return
	}
	if tk.Step == stepConfirm {
		answer := e.yesNo(t)
		if answer < 0 && e.describesAfterNo(t) {
			// "no sorry, it was a gold bangle not a necklace": what came,
			// put right (the report was dropped).
			tk.Note = strings.TrimSpace(noAndApology.ReplaceAllString(t.input.text, ""))
			e.confirmWrongItem(t, o, items)
			return
		}
		switch answer {
		case 1:
			e.fileWrongItem(t, o, items)
		case -1:
			e.keepDeclined(t)
			e.say(t, "flow_retracted", map[string]any{"Flow": e.flowName(t, *tk)}, e.menu(t)...)
		default:
			if named := e.pickItems(t, o.Items); len(named) > 0 && t.input.payload == "" &&
				len(strings.Fields(t.input.norm)) <= 6 && !e.texts.Mentions(t.lang(), keywordWhatCame, t.input.norm) {
				// "les boucles d'oreilles Lune" at the summary: the item of
				// the order meant, not what came (it became the
				// description).
				tk.ItemIDs = tk.ItemIDs[:0]
				for _, it := range named {
					tk.ItemIDs = append(tk.ItemIDs, it.ID)
				}
				items = named
			} else if e.putsRight(t) && !e.notAnAnswer(t) && !e.noWishOrDescription(t) {
				tk.Note = strings.TrimSpace(t.input.text) // the description put right
			}
			e.confirmWrongItem(t, o, items)
		}
		return
	}
	if policy.SentByEmail(items) && tk.Step != stepReceived && e.resendsTo(t, tk.Said) {
		// "can you resend it to tom.taylor@example.net?": what is wrong
		// with the card is said, and summed up (it was asked again).
		tk.Note = strings.TrimSpace(tk.Said)
		e.confirmWrongItem(t, o, items)
		return
	}
	tk.Step = stepReceived
	data["Item"] = itemNames(items)
	if policy.SentByEmail(items) {
		e.say(t, "wrong_ask_received_email", data)
		return
	}
	if photoChannels[t.conv.Channel] {
		e.say(t, "wrong_ask_received_photo", data)
		return
	}
	e.say(t, "wrong_ask_received", data)
}

// wantsRefundInstead reports whether a message in a wrong item's report
// asks for the money back rather than the right item.
func (e *Engine) wantsRefundInstead(t *turn) bool {
	return t.input.payload == "" && e.texts.Mentions(t.lang(), keywordRefundWanted, t.input.norm)
}

// yesWithWish reports whether a message at a case's summary says yes and
// how the customer would like it settled ("oui mais je préfère un avoir",
// "yes, I'd rather have store credit"): the team, who settle it, read the
// wish in the case.
func (e *Engine) yesWithWish(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && !strings.Contains(t.input.text, "?") && e.saysWord(t, keywordYes) &&
		e.texts.Mentions(lang, keywordPrefers, norm) && !e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)) &&
		!e.texts.Mentions(lang, keywordTakeBack, norm)
}

// resendsTo reports whether the request's words ask for an e-gift card to
// be sent again to an address they give.
func (e *Engine) resendsTo(t *turn, said string) bool {
	if said == "" || !e.texts.Mentions(t.lang(), keywordResend, intents.Normalize(said)) {
		return false
	}
	return slices.ContainsFunc(e.entitiesOf(said, t.lang()), func(en intents.Entity) bool { return en.Type == intents.EntityEmail })
}

// saysRightItem reports whether a normalised text says the item received
// is the one ordered: in so many words, or naming it ("it IS the bangle I
// ordered", « c'est bien le bracelet que j'ai commandé »).
func (e *Engine) saysRightItem(lang, norm string) bool {
	if e.mentionsUnnegated(lang, keywordRightItem, norm) {
		return true
	}
	// (Not "the scarf is the wrong one, I ordered the grey one": its
	// comma gone, "is the wrong one i ordered" read as the right one, and
	// got "good to hear it's sorted"; round 95b.)
	m := rightItemNamed.FindString(norm)
	return m != "" && !slices.ContainsFunc(strings.Fields(m), func(w string) bool { return notTheOrdered[w] })
}

// notTheOrdered are the words that, between "is the" and "I ordered",
// say the item is not the one ordered.
var notTheOrdered = map[string]bool{"wrong": true, "not": true, "different": true, "incorrect": true, "mauvais": true, "mauvaise": true,
	"pas": true, "différent": true, "différente": true, "autre": true, "other": true}

// rightItemNamed is an item called the one ordered, in either language.
var rightItemNamed = regexp.MustCompile(`\b(?:is|are|was|were|it's|its|they're|theyre|that's|thats)\s+(?:really\s+|actually\s+|indeed\s+)?(?:the|my)\s+(?:[\p{L}'-]+\s+){0,3}(?:i|we|she|he)\s+(?:ordered|bought|chose|picked)\b|` +
	`\b(?:c'est|ce sont|c'était|c'etait)\s+(?:bien\s+)?(?:le|la|les|mon|ma|mes)\s+(?:[\p{L}'-]+\s+){0,3}que\s+j'ai\s+(?:commandée?s?|commande|acheté|achetée?s?|choisie?s?)`)

// describesAfterNo reports whether a no at the wrong-item summary goes on
// to say what came instead ("no sorry, it was a gold bangle not a
// necklace"), rather than taking the report back ("no sorry, it was the
// right one after all").
func (e *Engine) describesAfterNo(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if !t.input.free || e.notAnAnswer(t) || e.asksWhy(t) || len(strings.Fields(norm)) < 5 ||
		e.texts.Mentions(lang, keywordRetract, norm) || e.texts.Mentions(lang, keywordTakeBack, norm) ||
		e.texts.Mentions(lang, keywordNeverMind, norm) || e.saysRightItem(lang, norm) {
		return false
	}
	return e.texts.Mentions(lang, keywordWhatCame, norm) && e.texts.Mentions(lang, keywordWishAttribute, norm)
}

// noAndApology is the no, and the apology or the pause, that open a
// description put right ("no sorry, it was…", "non pardon, c'était…").
var noAndApology = regexp.MustCompile(`(?i)^\s*(?:no|nope|non|nan)\b[\s,.!]*(?:(?:sorry|wait|pardon|désolée?|attendez)\b[\s,.!]*)?`)

// confirmWrongItem sums up the wrong-item report, in the customer's words,
// and asks before the team gets it.
func (e *Engine) confirmWrongItem(t *turn, o storage.Order, items []storage.Item) {
	t.d.Task.Step = stepConfirm
	data := e.orderData(t, o)
	data["Item"] = itemNames(items)
	data["Note"] = t.d.Task.Note
	data["Refund"] = t.d.Task.Refund
	data["Keep"] = t.d.Task.KeepReceived
	id := "wrong_confirm"
	switch {
	case policy.SentByEmail(items) && e.resendsTo(t, t.d.Task.Note):
		// "can you resend it to tom.taylor@…?": nothing wrong with the
		// card, it goes again (summed up as what was wrong; round 85a).
		id = "wrong_confirm_resend"
	case policy.SentByEmail(items):
		id = "wrong_confirm_email"
	}
	e.say(t, id, data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
}

// receivedInstead returns the words of the request that say what came
// instead of the item ordered ("I received a gold ring instead of the
// bangle", "j'ai reçu une bague à la place du bracelet"), without the
// details given with them; "" when they say no such thing.
func (e *Engine) receivedInstead(t *turn, wrong []storage.Item) string {
	text := t.requestText()
	entities := t.input.entities
	if text != t.input.text {
		entities = e.entitiesOf(text, t.lang())
	}
	if policy.SentByEmail(wrong) {
		// The address an e-gift card goes to again is what the team
		// needs: "Could it be resent to his other address,
		// max.taylor@example.net" lost it (round 120b, a wrong action).
		entities = slices.DeleteFunc(slices.Clone(entities), func(en intents.Entity) bool { return en.Type == intents.EntityEmail })
	}
	plain := withoutEntities(text, entities)
	if !e.texts.Mentions(t.lang(), keywordInsteadOf, intents.Normalize(text)) && !e.describesReceived(t.lang(), withoutItemWords(intents.Normalize(plain), wrong)) {
		// (The item that is wrong describes nothing that came: "I think
		// you sent me the wrong scarf" was summed up as what came
		// instead of the scarf; round 67a.)
		return ""
	}
	if parts := sentences(plain); len(parts) > 1 {
		// Only the sentences that say what came: "…the bracelet isn't
		// the right one, it's a gold one instead of silver. And the
		// earrings are fine." was summed up whole as what came (round
		// 76b).
		var kept []string
		for _, p := range parts {
			norm := intents.Normalize(p)
			if e.texts.Mentions(t.lang(), keywordInsteadOf, norm) || e.describesReceived(t.lang(), withoutItemWords(norm, wrong)) {
				kept = append(kept, strings.Trim(p, " ,;."))
			}
		}
		if len(kept) > 0 {
			plain = strings.Join(kept, ". ")
		}
	}
	plain = strings.Trim(strings.Join(strings.Fields(plain), " "), " ,;.")
	if rest := afterLastReceived(plain); len(strings.Fields(rest)) >= 2 && !wrongSaid.MatchString(rest) {
		// "Hi, I received the wrong item, I ordered moon earrings and got
		// a star necklace": what came is what the last verb of receiving
		// names (the whole letter was summed up as what came; round
		// 107a).
		return rest
	}
	return plain
}

// receivedVerb is a verb of receiving, which what came follows ("got a
// star necklace", « j'ai reçu une bague »), and wrongSaid words that say
// only that it is wrong.
var (
	receivedVerb = regexp.MustCompile(`(?i)\b(?:got|received|receive|sent me|reçu|recu|j'ai eu|eu)\s+`)
	wrongSaid    = regexp.MustCompile(`(?i)\b(?:wrong|mauvais|mauvaise|right|bons?|bonnes?|error|erreur)\b`)
)

// afterLastReceived returns what follows the last verb of receiving in
// text, or "".
func afterLastReceived(text string) string {
	at := receivedVerb.FindAllStringIndex(text, -1)
	if len(at) == 0 {
		return ""
	}
	return strings.Trim(text[at[len(at)-1][1]:], " ,;.")
}

// withoutItemWords returns norm without the words of the items' names.
func withoutItemWords(norm string, items []storage.Item) string {
	var names []string
	for _, it := range items {
		names = append(names, strings.Fields(intents.Normalize(it.Name))...)
	}
	var kept []string
	for w := range strings.FieldsSeq(norm) {
		if !slices.Contains(names, w) {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// returnsReportedItem reports whether a message in a wrong-item report,
// once its item is known, asks to return that item without a word of
// what came in its place: "the scarf, I'd like to return it" is a return,
// not the description of another item received.
func (e *Engine) returnsReportedItem(t *turn) bool {
	tk := t.d.Task
	if tk.Intent != intents.WrongItem || len(tk.ItemIDs) == 0 || tk.Step != stepReceived && tk.Step != stepConfirm || t.input.payload != "" || tk.Missing {
		return false
	}
	lang, norm := t.lang(), t.input.norm
	if !e.texts.Mentions(lang, keywordObjectReturn, norm) || e.texts.Mentions(lang, keywordInsteadOf, norm) ||
		e.texts.Mentions(lang, "reason_wrong_item", norm) || strings.Contains(t.input.text, "?") {
		return false
	}
	o, ok := e.customerOrder(t, tk.Order)
	if !ok {
		return false
	}
	items := slices.DeleteFunc(slices.Clone(o.Items), func(it storage.Item) bool { return !slices.Contains(tk.ItemIDs, it.ID) })
	return !e.describesReceived(lang, withoutItemWords(norm, items))
}

// onlyNamesOrdered reports whether the answer to "what did you receive
// instead?" is a yes naming only the items ordered ("yes the scarf", for
// a scarf with a pulled thread): it says which item, not what came.
func (e *Engine) onlyNamesOrdered(t *turn, ordered []storage.Item) bool {
	if e.yesNo(t) <= 0 || len(strings.Fields(t.input.norm)) > 5 || e.describesReceived(t.lang(), t.input.norm) {
		return false
	}
	return len(e.pickItems(t, ordered)) > 0
}

// describesReceived reports whether a normalised message says what came
// after words that introduce it ("these are star shaped not moon", "c'est
// une bague"), in the same clause, with a word that describes more than
// "wrong" or "not what I ordered" does.
func (e *Engine) describesReceived(lang, norm string) bool {
	phrase, i, ok := e.texts.findAt(lang, keywordReceivedSaid, norm)
	if !ok {
		return false
	}
	rest := norm[min(len(norm), i+len(phrase)):]
	if end := strings.IndexAny(rest, ",.;!?"); end >= 0 {
		rest = rest[:end]
	}
	for w := range strings.FieldsSeq(rest) {
		if w == "but" || w == "mais" {
			break
		}
		if !e.texts.IsKeyword(lang, keywordReceivedVague, w) {
			return true
		}
	}
	return false
}

// sayNotDelivered answers a wrong-item report about an order that has not
// reached the customer, in the words of where it is.
func (e *Engine) sayNotDelivered(t *turn, o storage.Order, data map[string]any) {
	switch o.Status {
	case storage.StatusCancelled:
		e.say(t, "track_cancelled", data)
	case storage.StatusReadyForPickup:
		e.say(t, "wrong_at_pickup_point", data)
	default:
		e.say(t, "wrong_not_delivered", data)
	}
}

// saysEmptyParcel reports whether this message, or the one that began the
// request, says the parcel came empty.
func (e *Engine) saysEmptyParcel(t *turn) bool {
	for _, text := range []string{t.input.text, t.d.Task.Said} {
		if text != "" && e.texts.Mentions(t.lang(), keywordEmptyParcel, intents.Normalize(text)) {
			return true
		}
	}
	return false
}

// fileWrongItem opens the ticket, with the photos, and hands the
// conversation to a person.
func (e *Engine) fileWrongItem(t *turn, o storage.Order, items []storage.Item) {
	message := "wrong_filed"
	switch {
	case policy.SentByEmail(items) && e.resendsTo(t, t.d.Task.Note):
		message = "wrong_filed_resend"
	case policy.SentByEmail(items):
		message = "wrong_filed_email"
	}
	e.fileItemCase(t, o, items, itemCase{
		summary: "wrong item received: ", message: message, reason: reasonWrongItem,
		details: wrongItemDetails(t.d.Task, items, len(t.input.photos)),
	})
}

// wrongItemDetails are what a wrong item's case tells the team: the
// items, what came instead, the photos, and whether the customer wants
// the money back rather than the right item.
func wrongItemDetails(tk *task, items []storage.Item, photos int) map[string]string {
	details := map[string]string{
		"items":    itemNames(items),
		"received": tk.Note,
		"photos":   fmt.Sprint(photos),
	}
	switch {
	case tk.KeepReceived:
		details["wants"] = "to keep the item received, with the difference refunded"
	case tk.Refund:
		details["wants"] = "refund instead of the right item"
	}
	return details
}

// itemCase is what a case about the items of a parcel that came carries:
// the summary the team reads (the items' names follow it), its details,
// the message that tells the customer, and the hand-off's reason.
type itemCase struct {
	summary, message, reason string
	details                  map[string]string
	counted                  bool // the message has a form for one item and for several
}

// fileItemCase opens a case about items of a delivered order, with the
// message's photos, tells the customer, and hands the case to the team.
func (e *Engine) fileItemCase(t *turn, o storage.Order, items []storage.Item, c itemCase) {
	if same, ok, err := e.sameOpenRequest(t, storage.TicketWrongItem, o, map[string]string{"items": itemNames(items)}, "items"); err == nil && ok &&
		same.ConversationID == t.conv.ID {
		// The same items of the same parcel already reported in this
		// conversation: that case (a second one was opened).
		e.sayAlreadyOpen(t, errAlreadyOpen, same)
		return
	}
	wish := ""
	if t.d.Task != nil && t.d.Task.Step == stepConfirm && e.yesWithWish(t) {
		wish = strings.TrimSpace(t.input.text)
		details := make(map[string]string, len(c.details)+1)
		maps.Copy(details, c.details)
		details["wish"] = wish
		c.details = details
	}
	ticket, err := e.store.CreateTicket(t.ctx, storage.Ticket{
		Kind: storage.TicketWrongItem, Status: storage.TicketOpen, ConversationID: t.conv.ID,
		CustomerID: t.conv.CustomerID, OrderID: o.ID, Summary: c.summary + itemNames(items),
		Details: c.details, CreatedAt: t.now, Attachments: t.input.photos,
	})
	if err != nil {
		e.fail(t, "open "+c.reason+" ticket", err)
		return
	}
	refund, keep := t.d.Task != nil && t.d.Task.Refund, t.d.Task != nil && t.d.Task.KeepReceived
	t.d.Task = nil
	data := e.orderData(t, o)
	data["Ticket"] = ticket.Ref
	data["Refund"], data["Keep"] = refund, keep
	data["Item"] = itemNames(items)
	if c.counted {
		e.sayN(t, c.message, len(items), data)
	} else {
		e.say(t, c.message, data)
	}
	if wish != "" {
		e.say(t, "case_wish_noted", map[string]any{"Wish": wish})
	}
	e.startHandoff(t, c.reason, &ticket, e.contact(t))
}

// missingItem handles an item missing from a delivered parcel ("il manque
// le foulard, il n'y avait que les boucles d'oreilles"): which item, then
// a case for the team, who check the packing and send it or refund it.
// It is not a wrong item: nothing came in its place to describe, and the
// item that did arrive is not the one to ask about.
func (e *Engine) missingItem(t *turn, o storage.Order) {
	tk := t.d.Task
	if !tk.Missing {
		// A wrong-item report put right ("en fait non, il manque le
		// foulard"): the item picked as wrong is not the one missing.
		tk.ItemIDs, tk.Step = nil, ""
	}
	tk.Missing = true
	if len(tk.ItemIDs) == 0 {
		var items []storage.Item
		if tk.Step == stepItem {
			items = e.pickItems(t, o.Items)
		} else {
			items = e.missingNamed(t, o.Items)
		}
		if len(items) == 0 && tk.Step != stepItem && (len(o.Items) == 1 || e.saysEmptyParcel(t)) {
			// "the box was empty", or one item only: every item of the
			// parcel is missing (a choice of one item was asked).
			items = o.Items
		}
		if len(items) == 0 {
			tk.Step = stepItem
			e.say(t, "missing_item_which", e.orderData(t, o), itemButtons(o.Items)...)
			return
		}
		for _, it := range items {
			tk.ItemIDs = append(tk.ItemIDs, it.ID)
		}
	}
	refundWished := ((tk.Step == stepConfirm || tk.Step == stepItem) && e.wantsRefundInstead(t) ||
		// Or said with the request: "the earrings were missing from my
		// parcel. I'd prefer my money back rather than waiting for them"
		// (the case asked the team to send them; round 123b, a wrong
		// action).
		tk.Said != "" && e.texts.Mentions(t.lang(), keywordRefundWanted, intents.Normalize(tk.Said))) && !policy.SentByEmail(o.Items)
	if refundWished {
		// « Je préférerais être remboursée plutôt que renvoi, vous pouvez
		// le noter ? » at the summary: the case keeps its course, the
		// refund wished for noted (the report was dropped and a return
		// made of the bracelet never received; round 118b, a wrong
		// action).
		tk.Refund = true
	}
	if tk.Step == stepConfirm {
		answer := e.yesNo(t)
		if answer <= 0 && refundWished && e.wantsRefundInstead(t) && e.saysWord(t, keywordYes) {
			answer = 1 // "yes, refund please, not a resend": its "not" is the resend's
		}
		switch {
		case answer > 0:
			items := selected(o.Items, tk.ItemIDs)
			details := map[string]string{"items": itemNames(items), "missing": "true", "said": tk.Said}
			if tk.Refund {
				details["wants"] = "refund instead of the missing item"
			}
			e.fileItemCase(t, o, items, itemCase{
				summary: "item missing from the parcel: ", message: "missing_item_filed", reason: reasonMissingItem, counted: true,
				details: details,
			})
			return
		case answer < 0 && !refundWished:
			t.d.Task = nil
			e.say(t, "flow_retracted", map[string]any{"Flow": e.flowName(t, *tk)}, e.menu(t)...)
			return
		}
		if named := e.pickItems(t, o.Items); len(named) > 0 && t.input.text != "" && e.texts.Mentions(t.lang(), keywordAlso, t.input.norm) &&
			e.problemIn(t.lang(), t.input.norm) != problemMissing {
			// "oh and the scarf is the wrong colour": another problem,
			// which comes after this one; the question stays (the scarf
			// took the earrings' place in the case).
			t.d.Paused = append(t.d.Paused, task{Intent: intents.WrongItem, Order: o.Number, Said: t.input.text, Apart: true})
			t.input = input{}
		} else if len(named) > 0 && t.input.text != "" && namedItems(t.input.text, o.Items) > 0 {
			// (Items this message names: "what you do now for me?" put
			// both items in the case's summary; round 83a.)
			// "non, c'est le foulard qui manque": the item put right.
			if missing := e.missingNamed(t, o.Items); len(missing) > 0 {
				// Less what it says came: « il manque la barrette nacre,
				// j'ai reçu que le collier » filed both (round 104a).
				named = missing
			}
			tk.ItemIDs = nil
			for _, it := range named {
				tk.ItemIDs = append(tk.ItemIDs, it.ID)
			}
		}
	}
	// Summed up first: a question ("il manque peut-être un 2e paquet ?")
	// or a hesitation once opened a case at once.
	tk.Step = stepConfirm
	data := e.orderData(t, o)
	items := selected(o.Items, tk.ItemIDs)
	data["Item"] = itemNames(items)
	data["Refund"] = tk.Refund
	e.sayN(t, "missing_item_confirm", len(items), data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
}

// describesMissing reports whether the report, or this message, says an
// item was missing from the parcel rather than another item sent in its
// place.
func (e *Engine) describesMissing(t *turn) bool {
	if t.d.Task.Step == stepReceived && e.texts.IsKeyword(t.lang(), keywordRetractAlone, t.input.norm) {
		return true // "rien" to "what did you receive instead?"
	}
	texts := []string{t.d.Task.Said, t.ownWords()}
	if t.d.Task.Step == stepReceived && !e.texts.Mentions(t.lang(), keywordMissingSaid, t.input.norm) {
		// "I got hoop earrings, not the moon ones" to "what did you
		// receive instead?": what came, the answer asked for, unless it
		// says in so many words that something is missing (its "not
		// the" filed a missing item; round 50a).
		texts = texts[:1]
	}
	for _, text := range texts {
		if text != "" && e.saysItemMissing(t.lang(), intents.Normalize(text), keywordMissingItem) {
			return true
		}
	}
	return false
}

// saysItemMissing reports whether a normalised text says an item was left
// out of a parcel, in the words of list or the stronger ones, and not that
// another item came in its place.
func (e *Engine) saysItemMissing(lang, norm, list string) bool {
	if e.texts.Mentions(lang, keywordSendBack, norm) {
		// "the earrings are not for me so I want to send those back
		// but only one pair": a return of one, nothing missing (a
		// case was filed for a missing item).
		return false
	}
	// "one pair instead of two": fewer than ordered, nothing else in its
	// place. (Not "one pair came bent": there, and faulty; a missing
	// item's case was offered; round 71b.)
	if e.texts.Mentions(lang, keywordFewer, norm) && !e.saysDefect(lang, norm) {
		return true
	}
	// ("actually sorry, it's not wrong, it's missing": the wrong said is
	// taken back.)
	taken := e.texts.Mentions(lang, keywordNotWrong, norm)
	return (e.texts.Mentions(lang, list, norm) || e.texts.Mentions(lang, keywordItemLeftOut, norm) ||
		e.onlyReceived(lang, norm)) &&
		(taken || !e.texts.Mentions(lang, "reason_wrong_item", norm) && !e.texts.Mentions(lang, keywordNotMissing, norm))
}

// onlyReceived reports whether a message says only part of an order came
// ("il n'y avait que les boucles", "j'ai reçu qu'un bracelet"), and not
// only when ("je l'ai eue que le 25 décembre" after a return refused as
// too late: a case for an item missing was offered, and two presses
// opened it; round 65a).
func (e *Engine) onlyReceived(lang, norm string) bool {
	phrase, at, ok := e.texts.findAt(lang, keywordOnlyReceived, norm)
	if !ok {
		return false
	}
	if strings.HasSuffix(strings.TrimSpace(norm[:at]), " ainsi") || strings.HasSuffix(strings.TrimSpace(norm[:at]), " de meme") {
		// « j'ai bien reçu les boucles d'oreilles ainsi que le foulard »:
		// both came, the "que le" of "ainsi que" is no "only" (the
		// earrings were asked for as missing after the scarf's return;
		// round 91a).
		return false
	}
	if !e.texts.Mentions(lang, keywordReceiveVerb, phrase) && !e.texts.Mentions(lang, keywordReceiveVerb, norm[:at]) {
		// "que le", "only the" with nothing received before them: « je
		// crois que le colis est perdu » is no item alone in a parcel
		// (a late parcel got "once it arrives, if an item isn't right";
		// round 78b).
		return false
	}
	next, _, _ := strings.Cut(strings.TrimSpace(norm[min(len(norm), at+len(phrase)):]), " ")
	return next == "" || !strings.ContainsAny(next[:1], "0123456789") && !e.texts.IsKeyword(lang, keywordSaysTime, next)
}

// orderedInstead returns the items of the order named after "instead
// of" in this message or the one that started the flow: "j'ai reçu des
// boucles d'oreilles au lieu du bracelet" is about the bracelet (it asked
// what came instead of the earrings).
func (e *Engine) orderedInstead(t *turn, candidates []storage.Item) []storage.Item {
	for _, text := range []string{t.ownWords(), t.d.Task.Said} {
		norm := intents.Normalize(text)
		phrase, i, ok := e.texts.findAt(t.lang(), keywordInsteadOf, norm)
		if text == "" || !ok {
			continue
		}
		after := strings.TrimSpace(norm[min(len(norm), i+len(phrase)):])
		if items := e.pickItemsIn(t, after, after, candidates); len(items) > 0 {
			return items
		}
	}
	return nil
}

// clauseBreaks split a message into the clauses an item can be named in.
var clauseBreaks = regexp.MustCompile(`[.,;:!?\n()]+|\s(?:but|mais|however|though|cependant|par contre|alors que|whereas|while)\s`)

// missingNamed returns the items named in the clause that says something
// is missing: "il manque le foulard, il n'y avait que les boucles
// d'oreilles" names both items, and only the first is missing. A clause
// that names what did arrive ("I only got the earrings") leaves the rest.
// maxNoItemWords is the longest clause that names an item as not there
// ("no silk scarf").
const maxNoItemWords = 4

func (e *Engine) missingNamed(t *turn, items []storage.Item) []storage.Item {
	lang := t.lang()
	var arrived []storage.Item
	for _, text := range []string{t.ownWords(), t.d.Task.Said} {
		for _, clause := range clauseBreaks.Split(text, -1) {
			norm := intents.Normalize(clause)
			if norm == "" {
				continue
			}
			if e.onlyReceived(lang, norm) || e.texts.Mentions(lang, keywordFewer, norm) {
				named := e.pickItemsIn(t, clause, norm, items)
				if len(named) == 1 && named[0].Quantity > 1 && e.texts.Mentions(lang, keywordFewer, norm) {
					// "qu'une paire de boucles au lieu de deux": one
					// of that item is missing, not the rest.
					return named
				}
				if arrived == nil && e.onlyReceived(lang, norm) {
					arrived = named
				}
				continue
			}
			if len(strings.Fields(norm)) <= maxNoItemWords && e.texts.StartsWith(lang, keywordNoItem, norm) {
				// "only earrings, no scarf": the scarf (which item was
				// asked, again and again; round 83a).
				if found := e.pickItemsIn(t, clause, norm, items); len(found) > 0 {
					return found
				}
			}
			if !e.texts.Mentions(lang, keywordMissingItem, norm) && !e.texts.Mentions(lang, keywordItemLeftOut, norm) {
				continue
			}
			if found := e.pickItemsIn(t, clause, norm, items); len(found) > 0 {
				return found
			}
		}
	}
	if len(arrived) == 0 || len(arrived) >= len(items) {
		return nil
	}
	var rest []storage.Item
	for _, it := range items {
		if len(selected(arrived, []int64{it.ID})) == 0 {
			rest = append(rest, it)
		}
	}
	return rest
}

// selected returns the items whose IDs are in ids, in order.
func selected(items []storage.Item, ids []int64) []storage.Item {
	var out []storage.Item
	for _, it := range items {
		for _, id := range ids {
			if it.ID == id {
				out = append(out, it)
				break
			}
		}
	}
	return out
}

// Kinds of problem with an item received, as problemIn tells them.
const (
	problemWrong   = "wrong"
	problemMissing = "missing"
	problemDefect  = "defect"
)

// problemsByItem returns what each part of the message says is the
// matter with the items it names, when it names items with a problem
// apart from others ("le bracelet est cassé et les boucles manquent"):
// one group per part naming items and a problem, in order; nil when the
// message names its items with one problem, or none. An item named
// without a problem ("the earrings are lovely") is in no group.
func (e *Engine) problemsByItem(t *turn, items []storage.Item) []itemReason {
	groups, fine, ok := e.itemGroups(t, items, e.problemJudge(t.lang()))
	kinds := map[string]bool{}
	for _, g := range groups {
		kinds[g.reason] = true
	}
	if !ok || len(groups) == 0 || len(kinds) < 2 && !(len(fine) > 0 && len(groups) == 1) {
		return nil
	}
	return groups
}

// problemJudge tells, for itemGroups, what a part of a message says is
// the matter with the items it names, or that they are fine.
func (e *Engine) problemJudge(lang string) func(norm string) (string, bool) {
	return func(norm string) (string, bool) {
		problem := e.problemIn(lang, norm)
		return problem, problem == "" && e.texts.Mentions(lang, keywordNoProblem, norm)
	}
}

// problemIn tells what a part of a message says is the matter with an
// item: missing, faulty, or another item than ordered; "" when it says
// nothing is ("the earrings are lovely", "the scarf is not the wrong
// colour").
func (e *Engine) problemIn(lang, norm string) string {
	switch {
	case e.texts.Mentions(lang, keywordProblemDenied, norm) || e.texts.Mentions(lang, keywordNotWrong, norm) && !e.saysItemMissing(lang, norm, keywordMissingItem):
		return ""
	case e.texts.Mentions(lang, keywordPartMissing, norm):
		// "one of the earring pairs is missing a butterfly back": a part
		// of the item, which came faulty (a case for the earrings missing
		// from the parcel was opened; round 100a).
		return problemDefect
	case e.saysItemMissing(lang, norm, keywordMissingItem) || e.texts.Mentions(lang, keywordItemLeftOut, norm):
		return problemMissing
	case e.saysDefect(lang, norm):
		return problemDefect
	case e.texts.Mentions(lang, keywordInsteadOf, norm) || e.saysWrongItem(lang, norm):
		return problemWrong // ("j'ai reçu un collier à la place du bracelet")
	}
	return ""
}

// saysWrongItem reports whether a part of a message says another item
// came than the one ordered: "I had ordered…" only beside what came
// (« j'avais commandé pour ma maman une gourmette et une bague, … la
// bague est trop petite » became a wrong-item case; round 80b).
func (e *Engine) saysWrongItem(lang, norm string) bool {
	if !e.texts.Mentions(lang, "reason_wrong_item", norm) {
		return false
	}
	if !e.texts.Mentions(lang, keywordOrderedSaid, norm) || e.texts.Mentions(lang, keywordReceiveVerb, norm) {
		return true
	}
	return e.texts.Mentions(lang, "reason_wrong_item", e.without(lang, keywordOrderedSaid, norm))
}

// describesDefect reports whether the request, or this message, says the
// item is faulty rather than another item than the one ordered.
func (e *Engine) describesDefect(t *turn) bool {
	lang := t.lang()
	for _, text := range []string{t.d.Task.Said, t.ownWords()} {
		if text != "" && e.saysDefect(lang, intents.Normalize(text)) {
			return true
		}
	}
	return false
}

// saysDefect reports whether a normalised text says an item is faulty,
// and not that another item came instead.
func (e *Engine) saysDefect(lang, norm string) bool {
	defect := e.texts.Mentions(lang, "reason_"+reasonDefective, norm) || e.texts.Mentions(lang, keywordDefect, norm)
	return defect && !e.texts.Mentions(lang, "reason_wrong_item", norm)
}

// itemMeantInstead returns the items a message puts in place of the ones
// in hand, before the ones it sets aside: "sorry, it's the earrings that
// are wrong, not the bangle", "en fait c'est les boucles d'oreilles qui
// sont fausses, pas le bracelet"; nil when it says no such thing.
func (e *Engine) itemMeantInstead(t *turn, items []storage.Item) []storage.Item {
	lang, norm := t.lang(), t.input.norm
	// A colour or a metal names no item here: "I got silver hoops, no
	// wait, they are gold hoops" moved the report to the silver bangle.
	var kept []string
	for _, w := range strings.Fields(norm) {
		if !e.texts.IsKeyword(lang, keywordWishAttribute, w) {
			kept = append(kept, w)
		}
	}
	norm = strings.Join(kept, " ")
	if phrase, at, ok := e.texts.findAt(lang, keywordInsteadOf, norm); ok {
		// « des boucles d'oreilles dorées au lieu du bracelet »: what came
		// instead of the item named after it, which is the one meant (the
		// earrings took the bracelet's place; round 128b, a near miss).
		after := norm[at+len(phrase):]
		if named := e.pickItemsIn(t, after, after, items); len(named) > 0 {
			return named
		}
	}
	if _, at, ok := e.texts.findAt(lang, keywordNotThisItem, norm); ok && at > 0 {
		before := norm[:at]
		// (Not an item said to be fine before it: « non pardon, le
		// foulard est bon, ce sont les boucles qui sont pas les bonnes »
		// moved the report to the scarf; round 103b.)
		fine := e.itemsSaidFine(t, items)
		if named := slices.DeleteFunc(e.pickItemsIn(t, before, before, items), func(it storage.Item) bool { return slices.Contains(fine, it.ID) }); len(named) > 0 {
			return named
		}
		if len(fine) > 0 {
			return nil
		}
		// "sorry not the earrings, the bracelet is wrong": the items of
		// the clauses that set none aside (it became the description of
		// what came instead of the earrings; round 63a).
		var rest []string
		for _, c := range clauseBreaks.Split(t.input.text, -1) {
			if cn := intents.Normalize(c); cn != "" && !e.texts.Mentions(lang, keywordNotThisItem, cn) {
				rest = append(rest, cn)
			}
		}
		other := strings.Join(rest, " ")
		return e.pickItemsIn(t, other, other, items)
	}
	if e.texts.Mentions(lang, keywordItemCorrection, norm) {
		// Not those said to be fine: "non pardon, le foulard est bon, ce
		// sont les boucles d'oreilles qui ne correspondent pas" (the
		// scarf's case went through; round 67a).
		fine := e.itemsSaidFine(t, items)
		named := e.pickItemsIn(t, norm, norm, items)
		saysFine := slices.ContainsFunc(clauseBreaks.Split(t.input.text, -1), func(c string) bool {
			return e.texts.Mentions(lang, keywordItemFine, intents.Normalize(c))
		})
		if len(named) == 0 && len(fine) > 0 || saysFine {
			// ("ah non pardon, c'est le bracelet qui est faux, les boucles
			// sont bonnes" named the earrings as one run of words, and
			// became what came instead of them; round 70a.)
			named = nil
			// Read by clauses, those that say an item is fine left out:
			// "sorry no, the scarf is fine, it's the earrings that are
			// wrong" named none as one run of words.
			for _, c := range clauseBreaks.Split(t.input.text, -1) {
				if cn := intents.Normalize(c); cn != "" && !e.texts.Mentions(lang, keywordItemFine, cn) {
					for _, it := range e.pickItemsIn(t, cn, cn, items) {
						if !slices.ContainsFunc(named, func(n storage.Item) bool { return n.ID == it.ID }) {
							named = append(named, it)
						}
					}
				}
			}
		}
		return slices.DeleteFunc(named, func(it storage.Item) bool { return slices.Contains(fine, it.ID) })
	}
	return nil
}

// otherItemsWrong returns the items the message says are wrong when it
// says the ones in hand are fine: "actually it's the earrings that are
// wrong, the bangle is fine" about the bangle (it was summed up as what
// came; round 77a), « le bracelet c'est bon, c'est les boucles qui sont
// pas les bonnes » (the report was stopped). Nil when it does not.
func (e *Engine) otherItemsWrong(t *turn, items []storage.Item, current []int64) []storage.Item {
	fine := e.itemsSaidFine(t, items)
	if len(fine) == 0 || len(current) == 0 || slices.ContainsFunc(current, func(id int64) bool { return !slices.Contains(fine, id) }) {
		return nil
	}
	var out []storage.Item
	for _, it := range e.pickItemsIn(t, t.input.text, t.input.norm, items) {
		if !slices.Contains(fine, it.ID) {
			out = append(out, it)
		}
	}
	return out
}

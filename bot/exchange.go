package bot

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// exchange takes a request to exchange an item for another size or
// colour. An item can be exchanged when it could be returned (inside the
// window, never a personalised item or an e-gift card); the customer says
// what they want instead, and the team gets the request as a ticket and
// confirms stock and any price difference.
func (e *Engine) exchange(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.requestedOrder(t, isDelivered)
	if !ok {
		return
	}
	tk := t.d.Task
	if tk.Step == stepText && t.input.free && len(tk.ItemIDs) > 0 && !hasDigit(t.input.text) && !sizeLetter.MatchString(t.input.text) &&
		!e.texts.Mentions(t.lang(), keywordWishAttribute, t.input.norm) &&
		(e.texts.Mentions(t.lang(), keywordCorrection, t.input.norm) || e.texts.Mentions(t.lang(), keywordItemCorrection, t.input.norm)) &&
		e.namesOtherItemOf(t, tk) {
		// "c'est pour le pendentif en fait" at "what would you like
		// instead of the ring?": the pendant is the item to exchange,
		// chosen again below (it was sent as the ring's wish; round 55b).
		tk.ItemIDs, tk.Step = nil, ""
	}
	if len(tk.ItemIDs) == 0 {
		if other, ok := e.otherOrderNamed(t, o, isDelivered); ok {
			// "exchange my ring for a size 52", verified with an order
			// not delivered yet: the order the ring came in.
			o, tk.Order, t.d.Order = other, other.Number, other.Number
		}
	}
	data := e.orderData(t, o)
	if o.Status != storage.StatusDelivered {
		t.d.Task = nil
		e.say(t, "exchange_not_delivered", data)
		return
	}
	returns, err := e.customerReturns(t)
	if err != nil {
		e.fail(t, "list returns", err)
		return
	}
	if e.policy.Returns.ExchangeDays == 0 {
		// The shop makes no exchanges: a return and a new order do.
		t.d.Task = nil
		e.say(t, "exchange_not_offered", data, e.button(t, "button_return", prefixIntent+intents.StartReturn))
		return
	}
	open, refused := e.exchangeable(t, o, returns)
	if len(tk.ItemIDs) == 1 && !slices.ContainsFunc(open, func(it storage.Item) bool { return it.ID == tk.ItemIDs[0] }) {
		if tk.Step != "" {
			// Its wish already asked: that item's refusal, not another
			// item summed up with the wish ("navy blue" for the scarf
			// went to the earrings).
			if e.refuseExchange(t, data, refused, tk.ItemIDs[0]) {
				return
			}
		}
		// Carried over from a return: chosen again below, where a
		// refusal says why.
		tk.ItemIDs = nil
	}
	if len(tk.ItemIDs) == 0 {
		picked := e.pickItems(t, o.Items)
		if w := e.wishIn(t.lang(), t.input.text); w != "" && t.input.payload == "" && len(e.pickItemsIn(t, w, intents.Normalize(w), o.Items)) > 0 {
			// « je voudrais échanger le pendentif gravé …, je préfère la
			// version or »: the item named outside what is wished for, when
			// the wish's words name one too (the gold-plated ring was taken
			// for the item; round 137c, a near miss).
			if i := strings.Index(t.input.text, w); i >= 0 {
				rest := t.input.text[:i] + t.input.text[i+len(w):]
				if p := e.pickItemsIn(t, rest, intents.Normalize(rest), o.Items); len(p) > 0 {
					picked = p
				}
			}
		}
		if len(picked) == 0 && len(o.Items) == 1 {
			picked = o.Items
		}
		forItem := false
		if t.input.payload == "" {
			if back, wanted, ok := e.itemForItem(t, o.Items); ok {
				forItem = true
				// "can I exchange my scarf for the moon earrings?": the
				// scarf goes back, the earrings are wanted (the earrings
				// went to the team as the item to exchange; "mon
				// pendentif contre une bague", both named, exchanged the
				// ring, the one item that can be).
				picked, tk.Wish = back, wanted
			}
		}
		if last := t.d.Last; (len(picked) == 0 || !forItem && allNamed(picked, last)) && last != nil && last.Kind == didReturn &&
			last.Order == o.Number && last.RA != "" && t.input.payload == "" {
			// (Or that item named: « je préfère un échange contre un
			// foulard neuf » right after the scarf's return was told it
			// is already being returned; round 90b.)
			// "can I swap it for a blue one instead?" right after the
			// scarf's return: the scarf, which is going back; its return
			// withdrawn first, if the customer wants (the earrings, the
			// one item left, were exchanged).
			t.d.Task = nil
			e.say(t, "exchange_item_in_return", map[string]any{"What": e.whatDone(t, *last), "Ticket": last.RA},
				Button{Label: e.text(t, "button_withdraw", nil), Payload: prefixWithdraw + last.RA})
			return
		}
		if len(picked) == 0 && len(open) == 1 {
			// One item can be exchanged: no list of one to pick from
			// ("size 54" to it showed the size guide, and the list again).
			picked = open
		}
		if len(picked) == 0 {
			if len(open) == 0 {
				t.d.Task = nil
				e.say(t, "exchange_none", data)
				e.sayExchangeRefusals(t, refused)
				e.say(t, "exchange_refused_help", nil, e.button(t, "button_human", payloadHuman))
				return
			}
			tk.Step = stepItem
			e.say(t, "exchange_which_item", data, itemButtons(open)...)
			return
		}
		isOpen := func(it storage.Item) bool {
			return slices.ContainsFunc(open, func(o storage.Item) bool { return o.ID == it.ID })
		}
		if !forItem && !slices.ContainsFunc(picked, isOpen) && namedItems(t.input.text, o.Items) == 0 {
			// "j'ai reçu un bracelet gravé et une bague, la bague est trop
			// petite, je peux l'échanger ?": an item that can be
			// exchanged, named beside the one that can't (the engraved
			// bracelet, named first, was refused and the ring's exchange
			// lost; round 77b). Not the item wanted in exchange ("mon
			// pendentif contre une bague"), nor when this message names
			// the item ("c'est pour le pendentif en fait").
			for _, it := range open {
				if namedItems(tk.Said, []storage.Item{it}) > 0 {
					picked = []storage.Item{it}
					break
				}
			}
		}
		if e.refuseExchange(t, data, refused, picked[0].ID) {
			// "et la bague alors, en taille 56" next is the exchange of
			// another item (it got the size guide).
			t.d.Declined = &task{Intent: intents.Exchange, Order: o.Number}
			return
		}
		tk.ItemIDs = []int64{picked[0].ID}
		t.input.free = false // the item's name is not what they want instead
		// "I'd like to exchange both items": the others in their turn,
		// each with its own wish (only the first was exchanged).
		for i := len(picked) - 1; i > 0; i-- {
			if slices.ContainsFunc(open, func(it storage.Item) bool { return it.ID == picked[i].ID }) {
				t.d.Paused = append(t.d.Paused, task{Intent: intents.Exchange, Order: o.Number, ItemIDs: []int64{picked[i].ID}, Apart: true})
			}
		}
	}
	items := selected(o.Items, tk.ItemIDs)
	if len(items) == 0 {
		t.d.Task = nil
		return
	}
	item := items[0]
	data["Item"] = item.Name
	if (tk.Step == stepConfirm || tk.Step == stepText && (!e.otherItemWanted(t) || e.texts.Mentions(t.lang(), keywordAlso, t.input.norm))) &&
		t.input.free && !e.asksWhy(t) &&
		e.namesOtherItem(t, []string{item.Name}) && namedItems(t.input.text, o.Items) > 0 {
		if e.texts.Mentions(t.lang(), keywordAlso, t.input.norm) {
			// "et le pendentif aussi" at the ring's summary: one at a
			// time (the ring's exchange was dropped for the pendant's
			// refusal). So at the question of what is wanted: "yes and
			// the scarf too, for a blue one" became the earrings' wish
			// (round 74b).
			e.say(t, "exchange_one_at_a_time", data)
			if tk.Step == stepConfirm {
				e.confirmExchange(t, data)
			} else {
				e.say(t, "exchange_ask_wanted", data)
			}
			return
		}
		// "non c'est le pendentif que je veux échanger" at the ring's
		// summary: that item, asked again (it became the ring's wish).
		tk.ItemIDs, tk.Note, tk.Step = nil, "", ""
		e.exchange(t)
		return
	}
	if (tk.Step == stepText || tk.Step == stepConfirm) && t.input.payload == "" {
		if other, ok := e.itemInstead(t, o.Items, item); ok {
			// "actually no, not the earrings, the scarf, I want it in
			// blue": the scarf, with its wish if said (the earrings were
			// sent with the whole sentence as the wish).
			tk.ItemIDs, tk.Note = []int64{other.ID}, ""
			data["Item"] = other.Name
			if wish := e.wishIn(t.lang(), t.input.text); wish != "" {
				tk.Note = wish
				e.confirmExchange(t, data)
				return
			}
			tk.Step = stepText
			e.say(t, "exchange_ask_wanted", data)
			return
		}
	}
	if tk.Step == stepText && t.input.free {
		for _, lang := range []string{t.lang(), t.u.Lang} {
			phrase, at, ok := e.texts.findAt(lang, keywordItemCorrection, t.input.norm)
			if !ok || at == 0 {
				continue
			}
			after := e.wishPutRight(t, strings.TrimSpace(t.input.norm[min(len(t.input.norm), at+len(phrase)):]))
			if hasDigit(after) || sizeLetter.MatchString(after) || e.texts.Mentions(lang, keywordWishAttribute, after) {
				// "taille 54, non attendez, plutôt 56", "size 54, no
				// wait, 56": the wish put right in the same answer (the
				// exchange was dropped).
				tk.Note = after
				e.confirmExchange(t, data)
				return
			}
		}
	}
	switch {
	case tk.Step == stepText && t.input.free:
		rest := e.wishPutRight(t, t.input.text)
		wish := hasDigit(rest) || sizeLetter.MatchString(rest) || e.texts.Mentions(t.lang(), keywordWishAttribute, intents.Normalize(rest))
		switch {
		case e.yesNo(t) < 0 && !(leadingNo.MatchString(t.input.text) && wish):
			// "non laisse", "no wait": nothing is wanted instead ("no
			// wait, in green" wants green).
			e.declineExchange(t)
		case e.hesitates(t) && !e.okThenValue(t, tk.Note), e.texts.IsKeyword(t.lang(), keywordYes, t.input.norm), e.notAnAnswer(t):
			// "sure", "ok": no wish yet; nor the e-mail given again. (But
			// « ok ben taille 56 » is the wish: it was asked again;
			// round 109b.)
			e.say(t, "exchange_ask_wanted", data)
		case !hasLetter(t.input.text) && !hasDigit(t.input.text),
			e.texts.MadeOf(t.lang(), t.input.norm, keywordWishCategory, keywordFiller, keywordPolite):
			// "?", "the size", "la taille": no wish yet (each was summed
			// up as the wish, and sent after "yes").
			e.say(t, "exchange_ask_wanted", data)
		case e.noWishOrDescription(t), bareDigit.MatchString(t.input.text):
			// "call me first", "I'll come back later", "1" (a button
			// number, not a size): no wish yet.
			e.say(t, "exchange_ask_wanted", data)
		case e.namesOnlyItem(t.lang(), t.input.norm, item.Name):
			// "la bague" for the ring: the item again, not what is wanted
			// instead (« contre « la bague » » was summed up to be sent;
			// round 122b).
			e.say(t, "exchange_ask_wanted", data)
		case e.sizeComplaintOnly(t.lang(), t.input.norm):
			// "it's too small": what is wrong, not what is wanted (an
			// exchange went to the team for "it's too small").
			e.say(t, "exchange_ask_size", data)
		default:
			tk.Note = wishTyped(t.input.text)
			if size := e.wantedSizeIn(t, t.input.text); size != "" {
				// « elle fait du 54 et j'ai pris du 52 »: the size
				// wanted, not the sentence (round 122b).
				tk.Note = size
			}
			if leadingNo.MatchString(tk.Note) {
				tk.Note = e.wishPutRight(t, tk.Note) // "no wait, in green"
			}
			if rest := strings.Trim(numberRefused.ReplaceAllString(tk.Note, ""), " ,;:"); rest != tk.Note && hasDigit(rest) {
				tk.Note = rest // "non pas 54, 52" wants 52 (round 55b)
			}
			if m := wishWords[0].FindStringIndex(tk.Note); m != nil && m[0] == 0 {
				tk.Note = tk.Note[m[1]:] // "contre le foulard en soie"
			}
			e.confirmExchange(t, data)
		}
		return
	case tk.Step == stepConfirm && t.input.free && leadingNo.MatchString(t.input.text) && !e.asksWhy(t) &&
		(e.texts.Mentions(t.lang(), keywordWishAttribute, t.input.norm) || hasDigit(t.input.text) || sizeLetter.MatchString(t.input.text)):
		// (Or a size: "non attendez, en 56", "non, taille 56 plutôt"
		// dropped the exchange.)
		// "non en fait je préfère rouge", "no actually red": the wish
		// put right, not the exchange refused (it was dropped).
		tk.Note = e.wishPutRight(t, t.input.text)
		e.confirmExchange(t, data)
		return
	case tk.Step == stepConfirm && e.wishPutAtSummary(t, tk.Note) && !e.okThenValue(t, tk.Note):
		// "ok but maybe 54, I'll measure" at the summary: the wish is to
		// be found out again (it became the wish, sent on a yes).
		tk.Step = stepText
		e.say(t, "exchange_wish_undecided", data)
		return
	case tk.Step == stepConfirm && t.input.free && !e.saysNo(t) && (!e.hesitates(t) && !e.asksWhy(t) || e.okThenValue(t, tk.Note) || e.wantedSizeIn(t, t.input.text) != "") && !e.noWishOrDescription(t) && !e.wishUndecided(t) &&
		(hasDigit(t.input.text) || e.texts.Mentions(t.lang(), keywordExchangeWords, t.input.norm)) &&
		!(leadingYes.MatchString(t.input.text) && e.texts.Mentions(t.lang(), keywordAlso, t.input.norm)) && !e.saysHowManyOnly(t):
		// (Not "yes. also my address changed to 8 Baker Street…": another
		// matter beside the yes, which became the wish.)
		// "plutôt taille 54", "yes, in a 54": the wish put right,
		// confirmed again; "oups je voulais dire 56 pas 54", the value
		// named put right in it (the whole sentence went to the team;
		// round 101b).
		tk.Note = wishCorrected(tk.Note, e.wishPutRight(t, t.input.text))
		switch {
		case !strings.Contains(t.input.text, "?"):
		case e.texts.Mentions(t.lang(), "followup_pay", t.input.norm):
			// « … il me faudrait du 54. Et l'échange est gratuit ? »: who
			// pays the postage too (the question was lost; round 119b).
			e.say(t, "fu_pay_exchange_recorded", data)
		case e.texts.Mentions(t.lang(), "followup_price", t.input.norm):
			e.say(t, "exchange_price", nil)
		}
		e.confirmExchange(t, data)
		return
	case tk.Step == stepConfirm:
		if addr := e.texts.addressIn(t.input.text); t.input.payload == "" && addr != "" && leadingYes.MatchString(t.input.text) &&
			!e.texts.Mentions(t.lang(), keywordCondition, politeIf.Replace(t.input.norm)) {
			// "Yes please, but could the new pair be sent to my office, 5
			// Rue de la Paix 75002 Paris, rather than home?": yes, with
			// where the new one goes for the team (read as a no, and the
			// exchange dropped; round 132a).
			e.recordExchange(t, o, item, data, addr)
			return
		}
		switch e.yesNo(t) {
		case 1:
			e.recordExchange(t, o, item, data, "")
		case -1:
			e.declineExchange(t)
		default:
			if t.input.payload == "" && e.texts.Mentions(t.lang(), "followup_price", t.input.norm) && !e.saysNewWish(t, tk.Note) {
				// « ben oui mais pas si j'dois payer une différence »: the
				// price, answered; the wish stays (it became the wish;
				// round 80b).
				e.say(t, "exchange_price", nil)
			} else if t.input.payload == "" && strings.Contains(t.input.text, "?") &&
				(e.texts.Mentions(t.lang(), keywordOneOnly, t.input.norm) || e.texts.Mentions(t.lang(), keywordBothItems, t.input.norm)) {
				// « Attendez, c'est pour les deux paires ou une seule ? J'en
				// ai deux »: how many, asked back, before it is sent (« une
				// seule » went into the request; round 114a, a near miss).
				e.say(t, "exchange_how_many", data)
			} else if both, _ := e.texts.findIn(t.lang(), keywordBothItems, t.input.norm); t.input.payload == "" && both != "" &&
				!e.texts.Mentions(t.lang(), keywordOneOnly, t.input.norm) && !strings.Contains(tk.Note, both) {
				// "Les deux paires, s'il vous plaît": how many, beside the
				// wish, in place of "one only" said before.
				if m := oneOnlyNote.FindString(tk.Note); m != "" && e.texts.Mentions(t.lang(), keywordOneOnly, intents.Normalize(m)) {
					tk.Note = strings.TrimSuffix(tk.Note, m)
				}
				tk.Note = strings.TrimSpace(tk.Note) + " (" + both + ")"
			} else if one, _ := e.texts.findIn(t.lang(), keywordOneOnly, t.input.norm); e.saysHowManyOnly(t) && !strings.Contains(tk.Note, one) {
				// "they're both earrings I got, I want to exchange one pair
				// only": how many, beside the wish (it replaced the wish,
				// and the team got neither; round 111a, a wrong action).
				tk.Note = tk.Note + " (" + one + ")"
			} else if e.putsRight(t) && !e.notAnAnswer(t) && !e.wishUndecided(t) && e.saysNewWish(t, tk.Note) {
				// (Not "euh attendez, 54 ou 56... je vais plutôt mesurer
				// ce soir": not decided; it became the wish, and "ok" sent
				// it; round 99a.)
				// "plutôt en taille 54": what they want instead, put
				// right before it is sent.
				tk.Note = wishCorrected(tk.Note, e.wishPutRight(t, t.input.text))
			} else if t.input.free && refinesWish(t.input.norm, tk.Note) {
				// "un bleu marine" to the summary of "contre « un bleu »":
				// the wish said more precisely (the summary came again
				// unchanged and a yes sent "un bleu"; round 65a).
				tk.Note = strings.TrimSpace(t.input.text)
			} else if rest := afterBut(t.input.text); t.input.free && rest != "" && !e.asksWhy(t) && !e.notAnAnswer(t) &&
				e.texts.Mentions(t.lang(), keywordYesBut, t.input.norm) {
				// "yes but silver, not gold, sorry": the wish put right
				// (it was asked again with the old one); "yes but make it
				// red instead" wants "red" (it was the whole of it).
				tk.Note = cmp.Or(e.wishPutRight(t, rest), rest)
			}
			e.confirmExchange(t, data)
		}
		return
	}
	said := tk.Said
	if otherVariant.MatchString(t.input.text) {
		// "I mean the scarf, I'd like it in another colour": what the
		// first message wanted is not wanted (its "larger size" went to
		// the team; round 114a, a near miss); which colour is asked.
		said, tk.Wish = "", ""
	}
	if wish := cmp.Or(e.wishIn(t.lang(), t.input.text), e.wishIn(t.lang(), said), tk.Wish); tk.Step != stepText && t.input.payload == "" && wish != "" {
		if e.wishPending(t.lang(), t.input.text) || tk.Said != "" && e.wishPending(t.lang(), tk.Said) {
			// « la taille au-dessus, mais je ne sais pas si c'est 54 ou
			// 56, je vais mesurer ce soir »: nothing to send yet (the
			// summary came, one "ok" from the team; round 102a).
			tk.Step = stepText
			e.say(t, "exchange_wish_undecided", data)
			return
		}
		// "non en fait je préfère l'échanger contre une taille 54": the
		// wish came with the request (it was asked for).
		tk.Note = wish
		e.confirmExchange(t, data)
		return
	}
	tk.Step = stepText
	e.say(t, "exchange_ask_wanted", data)
}

// wishWords introduce what is wanted instead in a request for an exchange,
// strongest first: "contre une taille 54", "for silver ones", then "in
// rose gold", "en taille M".
var wishWords = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(?:contre|for|into)\s+`),
	regexp.MustCompile(`(?i)\b(?:in|en)\s+`),
}

// leadingNo is a word of no that starts a message, perhaps after a yes
// taken back at once ("oui, enfin non, taille 56", "yes, well no"), with
// what follows it up to the next word.
var leadingNo = regexp.MustCompile(`(?i)^\s*(?:(?:oui|ouais|yes|yeah|yep)[\s,.]+)?(?:(?:enfin|well|euh|heu|hmm+|ah|oh|en fait|actually)[\s,.]+)?(?:no|nope|nah|non|nan)\b[\s,.:;!-]*`)

// wishPutRight returns the wish a message puts right, without the no and
// the words before it: "non attendez, en 56" wants "en 56".
func (e *Engine) wishPutRight(t *turn, text string) string {
	if size := e.wantedSizeIn(t, text); size != "" {
		// "elle est en taille 52 actuellement, donc il me faudrait du
		// 54": the size wanted, not the sentence (it went to the team
		// as typed; round 119b).
		return size
	}
	if rest := afterBut(text); rest != "" && leadingYes.MatchString(text) {
		text = rest // "yes but make it red": red
	}
	wish := strings.TrimSpace(leadingNo.ReplaceAllString(text, ""))
	for prev := ""; prev != wish; {
		prev, wish = wish, strings.Trim(wishPreface.ReplaceAllString(wish, ""), " ,;:")
	}
	return wishAfter.ReplaceAllString(wish, "")
}

// wantedSizeIn returns the size a sentence says is wanted (sizeWanted:
// "il me faudrait du 54", "I need a size 56"), in its own words or, for
// « du 54 », as the locale files name a size (wish_size); "" when it says
// none that way.
func (e *Engine) wantedSizeIn(t *turn, text string) string {
	m := sizeWanted.FindStringSubmatch(text)
	if m == nil {
		if n := makeItSize.FindStringSubmatch(text); n != nil {
			// "hmm actually make it 52" at the summary of a 54 (the 54
			// was asked again; round 127a).
			return e.text(t, "wish_size", map[string]any{"Size": n[1]})
		}
		return ""
	}
	if n, ok := strings.CutPrefix(strings.ToLower(m[1]), "du "); ok {
		return e.text(t, "wish_size", map[string]any{"Size": strings.TrimSpace(n)})
	}
	return m[1]
}

// makeItSize is a size given as a number alone after the words that put
// the wish right: "make it 52", « mettez du 56 plutôt ».
var makeItSize = regexp.MustCompile(`(?i)\b(?:make it|make that|mettez|mets|mettez-moi|plutôt|plutot)\s+(?:a\s+|une\s+|du\s+|en\s+)?(?:size\s+|taille\s+)?(\d{2}(?:[.,]5)?)\b`)

// wishPreface are the words that put a wish right before it: "en fait je
// préfère rouge" wants "rouge".
var wishPreface = regexp.MustCompile(`(?i)^(?:oh|ah|hmm|um|wait|attendez|attends|sorry|pardon|oops|oups|désolé|désolée|actually|in fact|rather|instead|i'd prefer|i would prefer|i prefer|i'd rather have|i want|make it|make that|change it to|change that to|en fait|finalement|plutôt|plutot|je préfère|je prefere|je voudrais plutôt|je veux plutôt|je veux|mettez)\b[\s,:.!]*`)

// wishEnds end the wish of an exchange request: what follows is another
// part of the message ("for a silver pair, OP-102602").
var wishEnds = regexp.MustCompile(`(?i)[,;:!?\n]|\.\s|\.$|\s(?:and|et|but|mais|please|svp|stp|merci|thanks)\b|\b[A-Z]{2,4}-?\d{4,}|\s[^\s@]+@`)

// wishArticle and wishAfter are the words around a wish that are not
// part of it: "a size 52 instead" is "size 52" (French keeps its
// article: « contre une taille 54 »).
var (
	wishArticle = regexp.MustCompile(`(?i)^(?:an?|the)\s+`)
	wishAfter   = regexp.MustCompile(`(?i)\s+(?:instead|à la place|plutôt|svp|stp|please)$`)
	// wishAround are the words of courtesy or agreement around a wish
	// typed as the answer: "in navy then", « bon ben taille 56 alors »
	// were sent as they were typed (round 106a).
	wishLead  = regexp.MustCompile(`(?i)^(?:ok|okay|alright|right|fine|bon|ben|bah|d'accord|dac|ok then|so)\b[\s,.:!]*`)
	wishTrail = regexp.MustCompile(`(?i)[\s,.!]+(?:then|alors|please|svp|stp|thanks|thank you|merci|instead|à la place|plutôt)[\s.!]*$`)
)

// wishTyped returns a wish typed as the answer without the words of
// courtesy or agreement around it.
func wishTyped(text string) string {
	wish := strings.TrimSpace(text)
	for prev := ""; prev != wish; {
		prev = wish
		wish = strings.TrimSpace(wishTrail.ReplaceAllString(wishLead.ReplaceAllString(wish, ""), ""))
	}
	if wish == "" {
		return strings.TrimSpace(text)
	}
	return wish
}

// sizeLetter is a clothing size given by its letters ("size M", "taille
// XL").
var sizeLetter = regexp.MustCompile(`(?i)\b(?:size|taille)\s+(?:xxs|xs|s|m|l|xl|xxl|xxxl)\b`)

// sizeWanted is a size said after a verb of wanting, without a wish
// word: "it's too small, I need a size 56", "il me faudrait une taille
// 54". A size said alone is not taken: "the ring is a size 54 and too
// small" names the one that came.
var sizeWanted = regexp.MustCompile(`(?i)\b(?:need|needs|want|wanted|like|prefer|take|get|have|wear|faut|faudrait|besoin|voudrais|voudrait|veux|veut|aimerais|prendrais|prends|préfère|prefere|fais|fait|porte)\b[^,.;!?]{0,12}?\b((?:size|taille)\s+(?:\d+(?:[.,]\d+)?|xxs|xs|s|m|l|xl|xxl|xxxl)|du\s+\d{2}(?:[.,]5)?)\b`)

// itemForItem reads an exchange of one item of the order for another
// of it ("exchange my scarf for the moon earrings", "échanger les boucles
// contre le foulard"): the item named before "for" goes back, and the one
// named after it is the wish.
func (e *Engine) itemForItem(t *turn, items []storage.Item) ([]storage.Item, string, bool) {
	texts := []string{t.input.text}
	if tk := t.d.Task; tk != nil && tk.Said != "" && tk.Said != t.input.text {
		texts = append(texts, tk.Said)
	}
	for _, text := range texts {
		m := wishWords[0].FindStringIndex(text)
		if m == nil {
			continue
		}
		before, after := text[:m[0]], text[m[1]:]
		back := e.pickItemsIn(t, before, intents.Normalize(before), items)
		wanted := e.pickItemsIn(t, after, intents.Normalize(after), items)
		if len(back) == 1 && len(wanted) == 1 && back[0].ID != wanted[0].ID {
			return back, wanted[0].Name, true
		}
	}
	return nil, "", false
}

// wishIn returns what an exchange request asks for instead, when it says
// it after a wish word with a number, a size, a colour or a metal (or,
// after "for" or "contre", a kind of product), or a size after a verb of
// wanting; "" otherwise ("for a refund" is no wish,
// nor "for another size", which says no size).
func (e *Engine) wishIn(lang, text string) string {
	for i, re := range wishWords {
		for _, m := range re.FindAllStringIndex(text, -1) {
			wish := text[m[1]:]
			if end := wishEnds.FindStringIndex(wish); end != nil {
				// A size or a model said right after, in its own words,
				// goes with it: "contre une plus petite, taille 50", "for a
				// bigger one, the 90x90 model" (the size was lost).
				next := strings.TrimLeft(wish[end[0]:], ", ")
				if stop := wishEnds.FindStringIndex(next); stop != nil {
					next = next[:stop[0]]
				}
				if strings.HasPrefix(wish[end[0]:], ",") && (hasDigit(next) || sizeGiven.MatchString(next)) && len(next) < 30 {
					wish = wish[:end[0]] + ", " + strings.TrimSpace(next)
				} else {
					wish = wish[:end[0]]
				}
			}
			wish = wishArticle.ReplaceAllString(wishAfter.ReplaceAllString(strings.Trim(wish, " ,;:.!?"), ""), "")
			if hasDigit(wish) || sizeLetter.MatchString(wish) || e.texts.Mentions(lang, keywordWishAttribute, intents.Normalize(wish)) ||
				i == 0 && (e.texts.Mentions(lang, keywordProductKind, intents.Normalize(wish)) || e.texts.Mentions(lang, keywordSameAgain, intents.Normalize(wish))) {
				// (Or the same again, new: "could I exchange them for a
				// new pair instead?" was asked what was wanted, and "yes
				// please" next went round; round 90b.)
				// (Or another kind of product: "ma bague contre un
				// collier" asked what was wanted, again and again.)
				return wish
			}
		}
	}
	if m := sizeWanted.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	if m := wantedInstead.FindStringSubmatch(text); m != nil {
		// "the scarf, I'd like the red one instead", "le foulard, je
		// voudrais le rouge à la place": a colour or a metal wanted in
		// place of the one that came (it was lost, and asked for).
		// Without "instead", "I'd like the gold ring" names the item.
		wish := wishArticle.ReplaceAllString(m[1], "")
		if e.texts.Mentions(lang, keywordWishAttribute, intents.Normalize(wish)) && !e.texts.Mentions(lang, keywordExchangeWords, intents.Normalize(wish)) {
			return wish
		}
	}
	if m := versionWanted.FindStringSubmatch(text); m != nil && e.texts.Mentions(lang, keywordWishAttribute, intents.Normalize(m[2]+" "+m[3])) {
		// « je préfère la version or », "I'd prefer the silver version":
		// the version wanted (the gold-plated ring was taken for the item,
		// and the wish asked for; round 137c).
		return m[1]
	}
	// "je voudrais la taille en dessous", "one size up": a size said by
	// the one that came (it was asked for).
	return relativeSize.FindString(text)
}

// versionWanted is a version, model or colour wanted after a verb of
// preference: the first group is what is wanted, the second or third its
// attribute ("la version or", "the silver one").
var versionWanted = regexp.MustCompile(`(?i)\b(?:préfère|prefere|préférerais|prefererais|prefer|rather have|voudrais|aimerais|would like|'d like)\s+(?:la|le|l'|the|a|an)?\s*((?:version|modèle|modele|model|coloris|colour|color|finish)\s+((?:en\s+|in\s+)?[^\s,.;!?]+)|([^\s,.;!?]+)\s+(?:version|one|ones|model|finish))\b`)

// sizeGiven is a size said with its number or letter: "size 54",
// "taille M".
var sizeGiven = regexp.MustCompile(`(?i)\b(?:size|taille)\s+(?:\d{1,3}|xxs|xs|s|m|l|xl|xxl)\b`)

// wantedInstead is a short wish after a verb of wanting, said to be in
// place of what came.
var wantedInstead = regexp.MustCompile(`(?i)\b(?:want|like|prefer|need|take|get|have|voudrais|voudrait|veux|aimerais|prendrais|préfère|prefere|faudrait)\s+((?:[^\s,.;!?]+\s+){0,2}[^\s,.;!?]+)\s+(?:instead|à la place|plutôt|plutot)\b`)

// relativeSize is a size wanted next to the one that came.
var relativeSize = regexp.MustCompile(`(?i)\b(?:(?:la|une)\s+taille\s+(?:au[- ]dessus|en[- ]dessous|plus\s+(?:grande|petite)|supérieure|inférieure)|(?:one|a)\s+size\s+(?:up|down|bigger|smaller|larger)|(?:a|the)\s+(?:bigger|smaller|larger|next)\s+size(?:\s+(?:up|down))?|(?:the\s+)?next\s+size\s+(?:up|down))`)

// confirmExchange sums the exchange up and asks before the team gets it:
// what the customer typed is shown as they typed it.
func (e *Engine) confirmExchange(t *turn, data map[string]any) {
	t.d.Task.Step = stepConfirm
	data["Wanted"] = t.d.Task.Note
	data["Defective"] = e.exchangesFaulty(t)
	e.say(t, "exchange_confirm", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
}

// recordExchange sends the confirmed exchange to the team as a ticket,
// with where the new item goes when the customer named another address
// with their yes ("" otherwise).
func (e *Engine) recordExchange(t *turn, o storage.Order, item storage.Item, data map[string]any, deliverTo string) {
	wanted := t.d.Task.Note
	faulty := e.exchangesFaulty(t)
	details := map[string]string{"item": item.Name, "sku": item.SKU, "wanted": wanted}
	summary := "exchange: " + item.Name + " → " + wanted
	if deliverTo != "" {
		details["deliver_to"] = deliverTo
		summary += " (deliver to " + deliverTo + ")"
	}
	if faulty {
		details["reason"] = reasonDefective
		summary += " (faulty item)"
	}
	ticket, err := e.openRequest(t, storage.TicketExchange, o, summary, details)
	if e.sayAlreadyOpen(t, err, ticket) {
		return
	}
	if err != nil {
		e.fail(t, "exchange", err)
		return
	}
	t.d.Task = nil
	if t.d.Last != nil {
		t.d.Last.Items = []string{item.Name} // "sorry, I meant the scarf" takes it back
	}
	data["Ticket"], data["Wanted"] = ticket.Ref, wanted
	data["Address"] = e.shop.ReturnAddress
	data["Defective"] = faulty
	e.say(t, "exchange_recorded", data)
	if deliverTo != "" {
		e.say(t, "exchange_deliver_to", map[string]any{"Address": deliverTo})
	}
	if !faulty {
		e.say(t, "exchange_price_note", data)
	}
}

// exchangesFaulty reports whether the exchange in hand replaces a faulty
// item: its return was a faulty item's before it became an exchange, or
// the message that asked for it says the item is faulty (« le bracelet
// est arrivé tordu, je veux le même neuf »).
func (e *Engine) exchangesFaulty(t *turn) bool {
	tk := t.d.Task
	if tk == nil {
		return false
	}
	if tk.Reason == reasonDefective {
		return true
	}
	norm := intents.Normalize(tk.Said)
	return norm != "" && (e.texts.Mentions(t.lang(), "reason_"+reasonDefective, norm) || e.texts.Mentions(t.lang(), keywordDefect, norm))
}

// exchangeable splits an order's items into those that can be exchanged
// now and those that can't: an exchange follows the return rules, and
// must also be asked within the exchange window counted from the
// purchase.
func (e *Engine) exchangeable(t *turn, o storage.Order, returns []storage.Return) ([]storage.Item, []refusal) {
	open, refused := e.returnable(t, o, returns)
	deadline := o.PlacedAt.AddDate(0, 0, e.policy.Returns.ExchangeDays)
	if !t.now.After(deadline) {
		return open, refused
	}
	for _, it := range open {
		refused = append(refused, refusal{it, policy.ReturnDecision{Reason: policy.ReasonWindowClosed, Deadline: deadline}})
	}
	return nil, refused
}

// butWord finds the first "but" or "mais" of a message.
var butWord = regexp.MustCompile(`(?i)\b(?:but|mais)\b`)

// afterBut returns what follows the first "but" or "mais" of text ("yes
// but silver, not gold" gives "silver, not gold"), or "".
func afterBut(text string) string {
	m := butWord.FindStringIndex(text)
	if m == nil {
		return ""
	}
	return strings.Trim(text[m[1]:], " ,;:.")
}

// sizeComplaintOnly reports whether norm, a normalised answer to "what
// would you like instead?", says only that the size is wrong ("it's too
// small", "trop grand") and names no size, colour or model wanted.
func (e *Engine) sizeComplaintOnly(lang, norm string) bool {
	phrase, at, ok := e.texts.findAt(lang, keywordSizeComplaint, norm)
	if !ok {
		return false
	}
	rest := norm[:at] + " " + norm[min(len(norm), at+len(phrase)):]
	return !hasDigit(rest) && !sizeLetter.MatchString(rest) && !e.texts.Mentions(lang, keywordWishAttribute, rest)
}

// declineExchange drops the exchange in hand, kept for the next message
// as the one declined: "ok then just return it" is about its item.
func (e *Engine) declineExchange(t *turn) {
	e.keepDeclined(t)
	e.say(t, "exchange_aborted", nil)
}

// otherItemWanted reports whether another item of the order, named in
// answer to "what would you like instead?", is what is wanted, not the
// item to exchange put right: "le foulard en soie", "contre le foulard"
// (the earrings' exchange became the scarf's, which asked the question
// again), unlike "non c'est le pendentif que je veux échanger".
func (e *Engine) otherItemWanted(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if m := wishWords[0].FindStringIndex(t.input.text); m != nil && strings.TrimSpace(t.input.text[:m[0]]) == "" {
		return true
	}
	return !leadingNo.MatchString(t.input.text) && !e.texts.Mentions(lang, keywordExchangeWords, norm) &&
		!e.texts.Mentions(lang, keywordItemCorrection, norm) && !e.texts.Mentions(lang, keywordNotThisItem, norm)
}

// itemInstead returns the one item of the order a message names in place
// of current, which it sets aside ("not the earrings, the scarf").
func (e *Engine) itemInstead(t *turn, items []storage.Item, current storage.Item) (storage.Item, bool) {
	lang := t.lang()
	setAside, insteadNamed, other := false, false, []storage.Item(nil)
	for _, c := range clauseBreaks.Split(t.input.text, -1) {
		norm := intents.Normalize(c)
		if norm == "" {
			continue
		}
		named := e.pickItemsIn(t, c, norm, items)
		head := norm
	strip:
		for range 6 {
			// "non pas le bracelet, les boucles" (both went back; round
			// 70b), "non attends pas la bague, le bracelet" (the
			// correction became the ring's reason; round 73a), "oui. Ah
			// et en fait non pas le foulard, les boucles d'oreilles" (the
			// scarf's return was made; round 74b).
			words := strings.Fields(head)
			for _, list := range []string{keywordNo, keywordFiller, keywordMindChanged, keywordJoiner, keywordItemCorrection} {
				if n := e.texts.leadingWords(lang, list, head); n > 0 && n < len(words) {
					head = strings.Join(words[n:], " ")
					continue strip
				}
			}
			break
		}
		// ("non en fait c le foulard que je veux renvoyer pas les
		// boucles": a no, the item meant, then the one set aside; "not
		// understood", and the yes after it returned the earrings; round
		// 77a.)
		if e.texts.StartsWith(lang, keywordNotThisItem, head) ||
			(e.texts.StartsWith(lang, keywordItemCorrection, norm) || e.texts.StartsWith(lang, keywordNo, norm) || e.setsAsideAfter(t, norm, items, current)) &&
				e.texts.Mentions(lang, keywordNotThisItem, norm) {
			if _, at, ok := e.texts.findAt(lang, keywordNotThisItem, norm); ok && at > 0 {
				// "non pardon les boucles d'oreilles pas le foulard": the
				// item before "pas le …" is the one meant, the one after
				// it is set aside (it became the scarf's reason; round
				// 64a).
				before, after := norm[:at], norm[at:]
				aside := e.pickItemsIn(t, after, after, items)
				if !slices.ContainsFunc(aside, func(it storage.Item) bool { return it.ID == current.ID }) {
					continue
				}
				setAside = true
				named = e.pickItemsIn(t, before, before, items)
			} else {
				setAside = setAside || slices.ContainsFunc(named, func(it storage.Item) bool { return it.ID == current.ID })
				continue
			}
		}
		namesCurrent := slices.ContainsFunc(named, func(it storage.Item) bool { return it.ID == current.ID })
		if namesCurrent && len(named) == 1 && (e.texts.Mentions(lang, keywordKeepWords, norm) || e.texts.Mentions(lang, keywordTryAgain, norm) || tryItemAgain.MatchString(norm)) {
			// "make it the scarf instead, I'll try the earrings again":
			// the earrings kept (the scarf was added to them; round 111b,
			// a near miss).
			setAside = true
			continue
		}
		if !namesCurrent && len(named) == 1 && e.texts.Mentions(lang, keywordInsteadWord, norm) {
			insteadNamed = true // "make it the scarf instead"
		}
		for _, it := range named {
			if it.ID != current.ID && !slices.ContainsFunc(other, func(o storage.Item) bool { return o.ID == it.ID }) {
				other = append(other, it)
			}
		}
	}
	if !setAside && !insteadNamed || len(other) != 1 {
		return storage.Item{}, false
	}
	return other[0], true
}

// setsAsideAfter reports whether a clause names another item, then sets
// the current one aside after it: "its the scarf i want to send back not
// the earrings", its correction said in the clause before ("oh sorry my
// mistake, …"; the return was dropped; round 116b).
func (e *Engine) setsAsideAfter(t *turn, norm string, items []storage.Item, current storage.Item) bool {
	_, at, ok := e.texts.findAt(t.lang(), keywordNotThisItem, norm)
	if !ok || at == 0 {
		return false
	}
	before, after := norm[:at], norm[at:]
	return slices.ContainsFunc(e.pickItemsIn(t, before, before, items), func(it storage.Item) bool { return it.ID != current.ID }) &&
		slices.ContainsFunc(e.pickItemsIn(t, after, after, items), func(it storage.Item) bool { return it.ID == current.ID })
}

// saysHowManyOnly reports whether a message at an exchange's summary
// says how many of the item, one, and no new wish ("I want to exchange
// one pair only").
func (e *Engine) saysHowManyOnly(t *turn) bool {
	return t.input.payload == "" && e.texts.Mentions(t.lang(), keywordOneOnly, t.input.norm) && !hasDigit(t.input.text) &&
		!e.texts.Mentions(t.lang(), keywordWishAttribute, t.input.norm)
}

// otherVariant is another colour or model wanted, without saying which
// yet: the wish is still to be asked.
var otherVariant = regexp.MustCompile(`(?i)\b(?:another|a different|an other) (?:colou?r|model|finish|metal|style)\b|\b(?:une|dans une|en une) autre couleur\b|\bun autre (?:coloris|modèle|modele)\b`)

// oneOnlyNote is a bracket at the end of an exchange's wish, where how
// many is told ("… (one pair only)").
var oneOnlyNote = regexp.MustCompile(`\s*\([^()]*\)$`)

// tryItemAgain gives a named item another try: "I'll try the earrings
// again".
var tryItemAgain = regexp.MustCompile(`\b(?:try|wear) (?:the|my|those|these) (?:\S+ ){0,4}again\b`)

// noWishOrDescription reports whether a message typed where a wish or a
// description of what came is put right says something else, whatever
// numbers or colours it holds: a phone number or how to reach the
// customer ("call me at 06 12 34 56 78 first"), a price ("elle m'a coûté
// 34,50 €"), a story of long ago or a joke ("lol my wife picked the red
// one last year"), a promise to come back or the flow resumed ("I'll
// come back later with the reference", "ok on reprend l'échange"). Each
// replaced the wish or the description, and a yes sent it (round 51b,
// 51c).
func (e *Engine) noWishOrDescription(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return phoneLike.MatchString(t.input.text) || priceOrDate.MatchString(t.input.text) && !sizeGiven.MatchString(t.input.text) ||
		e.texts.Mentions(lang, keywordContactMe, norm) || e.texts.Mentions(lang, keywordPastTime, norm) ||
		e.texts.Mentions(lang, keywordLaughter, norm) || e.texts.Mentions(lang, keywordComeBackLater, norm) ||
		e.texts.Mentions(lang, keywordNotAnAnswer, norm)
}

// namesOnlyItem reports whether a normalised answer is nothing but words
// of the item's own name, with an article or a possessive: "la bague",
// "the ring", "my gold ring" for "Bague fine plaqué or".
func (e *Engine) namesOnlyItem(lang, norm, item string) bool {
	own := strings.Fields(intents.Normalize(item))
	named := false
	for w := range strings.FieldsSeq(norm) {
		switch {
		case slices.Contains(own, w):
			named = true
		case !e.texts.IsKeyword(lang, keywordItemDeterminer, w):
			return false
		}
	}
	return named
}

// bareDigit is one digit alone: a button's number, no size or model.
var bareDigit = regexp.MustCompile(`^\s*\d\s*[.!]?\s*$`)

// phoneLike is a phone number: eight digits or more, spaced or not.
var phoneLike = regexp.MustCompile(`(?:\+?\d[\s.-]?){8,}`)

// saysNewWish reports whether a message at the exchange's summary says a
// wish other than the one summed up: a size, a colour, a metal or a model
// not in it. "my husband says green suits me", "it's for my daughter's
// birthday" replaced "in green".
func (e *Engine) saysNewWish(t *turn, current string) bool {
	lang, norm := t.lang(), t.input.norm
	if e.noWishOrDescription(t) {
		return false
	}
	cur := " " + intents.Normalize(current) + " "
	for _, w := range strings.Fields(norm) {
		if (e.texts.IsKeyword(lang, keywordWishAttribute, w) || hasDigit(w)) && !strings.Contains(cur, " "+w+" ") {
			return true
		}
	}
	return sizeLetter.MatchString(t.input.text) || relativeSize.MatchString(t.input.text) ||
		e.texts.Mentions(lang, keywordWantsOther, norm) || e.texts.Mentions(lang, keywordExchangeWords, norm)
}

// okThenValue reports whether a short message at an exchange's summary
// gives a new value for the wish after an "ok" ("ok it's 51", « ok c'est
// 54 plutôt »): the wish put right, which the "ok" beside it made read as
// a yes put off ("take your time" came, the old wish kept).
func (e *Engine) okThenValue(t *turn, wish string) bool {
	lang, norm := t.lang(), t.input.norm
	return len(strings.Fields(norm)) <= maxOKValueWords && (hasDigit(t.input.text) || sizeLetter.MatchString(t.input.text)) &&
		e.saysNewWish(t, wish) && !e.texts.HasKeyword(lang, keywordWait, norm) && !e.texts.Mentions(lang, keywordUnsure, norm) &&
		!e.texts.Mentions(lang, keywordWillLook, norm) && !e.texts.Mentions(lang, keywordCondition, norm)
}

// wishPutAtSummary reports whether a message at an exchange's summary
// puts its wish right or says it is to be found out again, which the flow
// reads rather than a yes put off.
func (e *Engine) wishPutAtSummary(t *turn, wish string) bool {
	return t.input.free && !e.saysNo(t) && (e.okThenValue(t, wish) || e.wishPending(t.lang(), t.input.text) && e.saysNewWish(t, wish))
}

// maxOKValueWords is the longest message okThenValue reads.
const maxOKValueWords = 6

// refinesWish reports whether a message says an exchange's wish again with
// a few words more ("un bleu marine" after "un bleu", "size 54 please"
// is not: it drops the wish's words).
func refinesWish(norm, wish string) bool {
	had := strings.Fields(intents.Normalize(wish))
	words := strings.Fields(norm)
	return len(had) > 0 && len(words) > len(had) && len(words) <= len(had)+maxWishExtra && namesOnlyFrom(had, words)
}

// maxWishExtra is the most words a wish said more precisely adds.
const maxWishExtra = 3

// refuseExchange says why the item of id cannot be exchanged, when it is
// among the refused, and drops the task; it reports whether it did.
func (e *Engine) refuseExchange(t *turn, data map[string]any, refused []refusal, id int64) bool {
	for _, r := range refused {
		if r.item.ID == id {
			t.d.Task = nil
			e.say(t, "exchange_refused", data)
			e.sayExchangeRefusals(t, []refusal{r})
			e.say(t, "exchange_refused_help", nil, e.button(t, "button_human", payloadHuman))
			return true
		}
	}
	return false
}

// allNamed reports whether every item picked is one of those the return
// just opened took back.
func allNamed(picked []storage.Item, last *done) bool {
	if last == nil || len(picked) == 0 {
		return false
	}
	for _, it := range picked {
		if !slices.Contains(last.Items, it.Name) {
			return false
		}
	}
	return true
}

// eitherSize is two sizes weighed one against the other: "54 ou 56".
var eitherSize = regexp.MustCompile(`\b\d{1,3}\s+(?:ou|or)\s+\d{1,3}\b`)

// wishUndecided reports whether a message at an exchange's summary puts
// the wish off rather than putting it right: "euh attendez, 54 ou 56...
// je vais plutôt mesurer ce soir" became the wish, and "ok" sent it
// (round 99a).
func (e *Engine) wishUndecided(t *turn) bool {
	return e.undecidedIn(t.lang(), t.input.text)
}

// wishPending reports whether a request says its wish is still to be
// found out: two sizes, "not sure yet", "I'll measure" (not a wish said
// tentatively: "maybe the same earrings in gold if you have them").
func (e *Engine) wishPending(lang, text string) bool {
	norm := intents.Normalize(text)
	return eitherSize.MatchString(text) || e.texts.Mentions(lang, keywordUndecided, norm) || e.texts.Mentions(lang, keywordWillLook, norm)
}

// undecidedIn reports whether a text says the wish is not decided yet.
func (e *Engine) undecidedIn(lang, text string) bool {
	norm := intents.Normalize(text)
	return eitherSize.MatchString(text) || e.texts.Mentions(lang, keywordUndecided, norm) ||
		e.texts.Mentions(lang, keywordWait, norm) && (e.texts.Mentions(lang, keywordWillLook, norm) || e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)))
}

// wishCorrection is a wish put right in so many words: "oups je voulais
// dire 56 pas 54", "I meant a 7, not a 6".
var wishCorrection = regexp.MustCompile(`(?i)(?:je voulais dire|je veux dire|i meant|i mean|sorry,? it'?s|pardon,? c'est)\s+(.{1,30}?)\s*,?\s+(?:pas|not|et non|et pas|instead of|au lieu de|plutôt que)\s+(.{1,30}?)[\s.!]*$`)

// numberIn is a number in a wish (a size).
var numberIn = regexp.MustCompile(`\d+(?:[.,]\d+)?`)

// wishCorrected returns the wish an exchange's summary holds once a
// message puts it right: the old wish with the value named replaced ("une
// taille 54" and "je voulais dire 56 pas 54" make "une taille 56"), or
// the message itself (« plutôt en taille 54 »).
func wishCorrected(old, msg string) string {
	m := wishCorrection.FindStringSubmatch(msg)
	if m == nil {
		// « ah non c'était 54 » for « taille 56 »: the one number put
		// right in the wish.
		// (Named twice the same: "I'm actually a 52. can you change the
		// request to 52?")
		if was, now := numberIn.FindAllString(old, -1), slices.Compact(numberIn.FindAllString(msg, -1)); len(was) == 1 && len(now) == 1 && was[0] != now[0] {
			return numberIn.ReplaceAllString(old, now[0])
		}
		return msg
	}
	wanted, was := strings.TrimSpace(m[1]), strings.TrimSpace(m[2])
	if i := strings.Index(" "+strings.ToLower(old)+" ", " "+strings.ToLower(was)+" "); i >= 0 && was != "" {
		return old[:i] + wanted + old[i+len(was):]
	}
	return wanted
}

package bot

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"supportbot/intents"
	"supportbot/storage"
)

// deliveryAddress shows where an order will be delivered (its street
// masked) and, while it has not left, takes the new address for the team
// to change. Once shipped, only the carrier can redirect the parcel: the
// customer is told how.
func (e *Engine) deliveryAddress(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	o, ok := e.requestedOrder(t, isActive)
	if !ok {
		return
	}
	tk := t.d.Task
	if (tk.Step == "" || tk.Step == stepIdentity) && t.u.ClauseOrder == "" {
		if other, ok := e.otherOrderNamed(t, o, nil); ok {
			// "l'adresse de la commande de la boîte à bijoux", proved
			// with another order: the jewellery box's order, where it
			// can still go (the order of the proof was changed).
			o, tk.Order, t.d.Order = other, other.Number, other.Number
		}
	}
	if t.input.payload == "" && (tk.Step == stepText && e.texts.Mentions(t.lang(), keywordAccountAddress, t.input.norm) &&
		!(e.namesSavedAddress(t, t.input.text) && e.texts.addressIn(t.input.text) == "") && !e.texts.Mentions(t.lang(), keywordForOrder, t.input.norm) &&
		// (Nor one said to be saved, to use for this order: "the
		// office address is saved in my account, just use that one";
		// round 119b.)
		!(e.texts.Mentions(t.lang(), keywordSavedAddressRef, t.input.norm) && e.texts.addressIn(t.input.text) == "") ||
		tk.Step == "" && e.texts.addressIn(t.input.text) != "" &&
			((e.namesSavedAddress(t, t.input.text) || e.mentionsInEither(t, keywordAccountAddress)) &&
				e.mentionsInEither(t, keywordChangeDetail) && !e.mentionsInEither(t, keywordForOrder) || e.mentionsInEither(t, keywordAccountPlace))) {
		// (Not « j'ai déménagé, il faudrait l'envoyer au nouvel
		// appartement » when asked where the order goes: this order's new
		// place (the account's details came, and the new address went to
		// the team as a correction of the account; round 106a).)
		// (Or "changez mon adresse bureau pour 5 rue Mercière…": the
		// saved address changed, not where the order goes; but "à mon
		// adresse Bureau enregistrée", asked where the order goes, is
		// there.)
		// "ajoutez une adresse : 10 rue de Rivoli…" when asked where the
		// order should go: the account's addresses, not this order's
		// (the pending order was sent elsewhere).
		t.d.Task = &task{Intent: intents.AccountDetails, Step: stepChoice, Said: t.input.text}
		t.input.free = e.texts.newDetailIn(t.input.text)
		e.runTask(t)
		return
	}
	data := e.orderData(t, o)
	checked := "" // the message that gives an address to check it, this one or the request's
	if tk.Step == "" || tk.Step == stepIdentity {
		checked = e.addressCheckedIn(t, tk)
	}
	if t.input.payload == "" && (tk.Step == "" || tk.Step == stepIdentity) && o.Channel != storage.ChannelStore &&
		(o.Status == storage.StatusDelivered || o.Status != storage.StatusCancelled && !isPending(o)) &&
		e.asksWhichAddress(t, tk.Said) {
		// "à quelle adresse est partie sa dernière commande ?": where it
		// went, hidden in part as everywhere, and nothing to change ("its
		// address can no longer change" answered a question nobody
		// asked; round 94b).
		t.d.Task = nil
		if o.ShippingAddress.IsZero() {
			e.say(t, "address_went_unknown", data)
			return
		}
		data["Address"] = maskedAddress(o.ShippingAddress)
		if o.Status == storage.StatusDelivered {
			e.say(t, "address_went_delivered", data)
			return
		}
		e.say(t, "address_went_shipped", data)
		e.sayTracking(t, o)
		return
	}
	switch {
	case o.Channel == storage.ChannelStore:
		t.d.Task = nil
		e.say(t, "address_store", data)
	case o.Status == storage.StatusCancelled:
		t.d.Task = nil
		e.say(t, "address_cancelled", data)
	case o.Status == storage.StatusDelivered:
		t.d.Task = nil
		e.say(t, "address_delivered", data)
	case !isPending(o):
		t.d.Task = nil
		e.say(t, "address_shipped", data)
		e.sayTracking(t, o)
	case tk.Step == stepConfirm:
		e.confirmAddress(t, o, data)
	case tk.Step == stepText && t.input.free && e.checksAddress(t) && !o.ShippingAddress.IsZero():
		// « c'est bien le 14 rue des Lilas 69003 Lyon ? je veux juste
		// vérifier »: whether it is, not a change (it was summed up as
		// one, and "oui" sent it; round 91b).
		e.checkAddress(t, o, data, t.input.text, t.input.entities)
	case (tk.Step == "" || tk.Step == stepIdentity) && t.input.payload == "" && !o.ShippingAddress.IsZero() && checked != "" &&
		!(t.d.Last != nil && t.d.Last.About == aboutAddress && t.d.Last.Order == o.Number):
		// (Not once a change was sent for it: the address held is no
		// longer the answer.)
		// The same asked with the request, before the proof or with it
		// ("c bien au 12 rue des lilas que part ma commande ? jverifie
		// juste"): whether it is (the address, hidden in part, came with
		// "write me the new address"; rounds 94b, 96a, 96b).
		tk.Step = stepText
		e.checkAddress(t, o, data, checked, e.entitiesOf(checked, t.lang()))
	case tk.Step == stepText && t.input.free && tk.Note != "" && e.texts.addressIn(t.input.text) == "" && e.yesNo(t) != 0:
		// A yes or a no to delivering to the address just checked.
		if e.yesNo(t) > 0 && e.texts.Mentions(t.lang(), keywordCheckRequest, t.input.norm) {
			// "yes please check": the check asked again, not the change
			// (it was summed up, and a yes sent it; round 98a).
			e.say(t, "address_check_differs", data)
			return
		}
		if e.yesNo(t) > 0 {
			e.changeAddress(t, o, data, tk.Note)
			return
		}
		t.d.Task = nil
		e.say(t, "address_kept", data)
	case tk.Step == stepText && t.input.free:
		e.changeAddress(t, o, data, strings.TrimSpace(t.input.text))
	case e.texts.newAddressIn(t.input.text) != "" || e.texts.newAddressIn(tk.Said) != "":
		// "Livrez-la plutôt au 3 rue Victor Hugo, 69002 Lyon": the new
		// address came with the request, with the flat, floor or door
		// code around it ("…, 75011 Paris, 2nd floor, buzzer …" lost
		// them; round 78a).
		said := t.input.text
		a := e.texts.newAddressIn(said)
		if a == "" {
			said = tk.Said
			a = e.texts.newAddressIn(said)
		}
		e.changeAddress(t, o, data, e.detailBefore(t, said, a)+a+e.detailAfter(t, said, a))
	case t.input.payload == "" && e.namesUsableAddress(t, t.input.text):
		// "c'est possible de la faire livrer à mon bureau plutôt ?": the
		// address saved as "Bureau", summed up (the whole address was
		// asked for).
		e.changeAddress(t, o, data, t.input.text)
	case t.input.payload == "" && e.namesUsableAddress(t, tk.Said):
		e.changeAddress(t, o, data, tk.Said) // (named before the details)
	default:
		if o.ShippingAddress.IsZero() {
			e.say(t, "address_pending_unknown", data)
		} else {
			data["Address"] = maskedAddress(o.ShippingAddress)
			e.say(t, "address_pending", data)
		}
		tk.Step = stepText
		e.say(t, "address_ask_new", data)
	}
}

// asksWhichAddress reports whether the request (the message, or what was
// said before the proof) asks which address an order went to, with no
// new address and no change asked.
func (e *Engine) asksWhichAddress(t *turn, said string) bool {
	for _, text := range []string{t.input.text, said} {
		norm := intents.Normalize(text)
		if text != "" && e.texts.Mentions(t.lang(), keywordAsksWhichAddress, norm) && e.texts.addressIn(text) == "" &&
			!e.texts.Mentions(t.lang(), keywordChangeDetail, norm) && !e.texts.Mentions(t.lang(), keywordDeliverTo, norm) &&
			!e.texts.Mentions(t.lang(), keywordAddressChange, norm) {
			return true
		}
	}
	return false
}

// changeAddress takes the new address the customer wrote and asks them to
// confirm it, or asks again when it can't be an address the shop delivers
// to (no house number, no postcode of a country it delivers to: "5 Baker
// Street, London").
func (e *Engine) changeAddress(t *turn, o storage.Order, data map[string]any, text string) {
	if a, ok := e.savedAddressNamed(t, text); ok && t.input.payload == "" && (strings.Contains(text, "?") || e.startsQuestion(t)) &&
		!e.texts.Mentions(t.lang(), keywordDeliverTo, t.input.norm) && !e.texts.Mentions(t.lang(), keywordInsteadWord, t.input.norm) {
		// (Not "c'est possible de la faire livrer à mon bureau plutôt ?",
		// a request.)
		// "et mon adresse du bureau, c'est laquelle chez vous ?": that
		// address told, and the new one still asked for (it was summed
		// up as the new one, and an "ok" sent it; round 66a).
		data["Label"], data["Saved"] = a.Label, fullAddress(a)
		e.say(t, "address_saved_is", data)
		return
	}
	if _, ok := e.savedAddressNamed(t, text); !ok && t.input.payload == "" && e.texts.addressIn(text) == "" &&
		e.texts.Mentions(t.lang(), keywordSavedAddressRef, intents.Normalize(text)) {
		// "the office address is saved in my account, just use that
		// one", none saved by that name: said, and the address asked
		// (the account's details came, and the address typed next went
		// to the team as a correction of the account; round 119b).
		e.say(t, "address_saved_none", data)
		return
	}
	if a, ok := e.savedAddressNamed(t, text); ok {
		// "envoyez-la plutôt à mon bureau", "à mon adresse bureau que
		// vous avez déjà": the address saved under that name (it asked
		// for the full address, and "oui" then kept the old one).
		said := text
		text = fullAddress(a)
		if fixed, ok := floorPutRight(said, text); ok {
			// "à mon bureau, 3 place Bellecour, mais au 4e étage et pas
			// au 2e": the saved address with its floor put right (it was
			// sent with the old floor; round 76b).
			text = fixed
		}
	}
	if a := e.texts.addressIn(text); a != "" {
		if at := strings.Index(text, a); at >= 0 {
			if rest := text[at+len(a):]; e.texts.Mentions(t.lang(), keywordItemCorrection, intents.Normalize(rest)) ||
				lastCorrection(rest) >= 0 || correctionCue.MatchString(rest) {
				// "8 avenue Foch 69006 Lyon, non attendez, plutôt au
				// bureau, 3 place Bellecour 69002 Lyon", "12 rue de
				// Charonne 75011 Paris, sorry I mean 21 rue de Charonne":
				// the address put right after the first (the first was
				// sent).
				if b := e.texts.addressIn(rest); b != "" {
					text, a = b, b
				} else if merged, ok := e.streetPutRight(rest, a); ok {
					text, a = merged, merged
				} else if fixed, ok := e.putRightIn(rest, a); ok {
					// "… 69007 Lyon. Enfin non attendez c'est le 14, pas
					// le 12": the number swapped (it was sent with 12;
					// round 79b).
					text, a = fixed, fixed
				} else if fixed, ok := numberPutRight(rest, a); ok {
					// "… 69002 Lyon... actually make that 69001", "22 rue
					// de la République 69002 Lyon, ah non pardon c'est au
					// 24": the postcode or the house number put right.
					text, a = fixed, fixed
				}
			}
		}
		if i := lastCorrection(a); i > 0 {
			// "c'est pas le 10 c'est le 11 rue de la Paix, 75002
			// Paris": the address after the correction (it was sent
			// with "10 c'est le" in it).
			if b := e.texts.addressIn(a[i:]); b != "" {
				text, a = b, b
			}
		}
		// "no, 7 Baker Street, 75008 Paris": the address, not the "no";
		// with what follows the town when it is a flat, a floor, a door
		// code ("…, 75002 Paris, flat 4B, door code 1234" lost them).
		text = e.detailBefore(t, text, a) + a + e.detailAfter(t, text, a)
	} else if e.texts.Mentions(t.lang(), keywordYesBut, t.input.norm) {
		// "yes but the postcode is 69008": a part put right, no address
		// to send; the whole of it is asked for.
		data["Countries"] = e.deliveryCountries(t.lang())
		t.d.Task.Step = stepText
		e.say(t, "address_ask_full", data)
		return
	}
	if merged, ok := e.streetPutRight(text, t.d.Task.Note); ok {
		// "ah non pardon c'est 18 rue Victor Hugo" at the summary of "8
		// rue Victor Hugo 69002 Lyon": the street put right, the town
		// kept (the whole address was asked for again, and "oui" then
		// kept the old one).
		text = merged
	}
	pieces := ""
	if prev := t.d.Task.Note; e.texts.addressIn(text) == "" && t.d.Task.Step == stepText && prev != "" && e.texts.addressIn(prev) == "" {
		// "18 rue Victor Hugo", then "69002 Lyon"; "12 rue de la Paix",
		// "75002", "Paris"; "Rue de la Loi 42", "1040 Etterbeek",
		// "Belgique": one address, in pieces (the street was dropped and
		// "69002 Lyon" sent, or a postcode alone read as an order number;
		// round 76b).
		if joined, ok := e.joinPieces(t.lang(), prev, text); ok {
			text, pieces = joined, joined
		}
	} else if joined, ok := e.joinPieces(t.lang(), "", text); ok && hasDigit(text) {
		pieces = joined
	}
	if pieces != "" && e.missingPieces(t.lang(), pieces) != "" || !hasDigit(text) || len([]rune(text)) < 10 || !e.hasPostcode(text) || e.texts.addressIn(text) == "" {
		// (A street alone, or its postcode and town alone, waits for the
		// other: "22 Rue de Rivoli" then "2nd floor, door code 1234" is
		// no address yet; "12 rue de la Paix" then "75002" waits for
		// the town.)
		if pieces != "" && e.missingPieces(t.lang(), pieces) != "" && !e.abroad(t, text) {
			// The rest may come next: what is missing is asked for (not
			// for an address where the shop does not deliver: "5 Baker
			// Street, London" is told so).
			t.d.Task.Note, t.d.Task.Step = pieces, stepText
			data["Pieces"] = pieces
			e.say(t, "address_ask_rest_"+e.missingPieces(t.lang(), pieces), data)
			return
		}
		sendsElsewhere := e.texts.Mentions(t.lang(), keywordDeliverTo, t.input.norm) || e.texts.Mentions(t.lang(), keywordAddressChange, t.input.norm) ||
			e.texts.Mentions(t.lang(), keywordDeliverElsewhere, t.input.norm)
		if (e.yesNo(t) > 0 || e.yesNo(t) < 0 && sendsElsewhere) && !hasDigit(text) && !e.texts.IsKeyword(t.lang(), keywordAck, t.input.norm) {
			// (Or a no to where it goes: « Ah non, j'ai déménagé, il
			// faudrait l'envoyer au nouvel appartement » kept the address;
			// round 106a.)
			// "oui je veux la changer", "oui svp": the address is still
			// to come (it said the address would not change, and the
			// address given next, line by line, was not understood;
			// round 84a).
			t.d.Task.Step = stepText
			e.say(t, "address_ask_yes", data)
			return
		}
		if (e.yesNo(t) != 0 || e.texts.IsKeyword(t.lang(), keywordAck, t.input.norm)) && !hasDigit(text) {
			// "non", "ok": nothing to change.
			t.d.Task = nil
			e.say(t, "address_kept", data)
			return
		}
		data["Countries"] = e.deliveryCountries(t.lang())
		t.d.Task.Step = stepText
		if e.abroad(t, text) {
			// "10 Baker Street, London NW1 6XE" is a full address, only
			// not one the shop delivers to: say that, not "I need the
			// full address".
			e.say(t, "address_abroad", data)
			return
		}
		e.say(t, "address_ask_full", data)
		return
	}
	if e.sameAddress(t.lang(), text, o.ShippingAddress) {
		// "où en est ma commande ? je suis au 12 rue des Lilas": where it
		// goes already, nothing to change.
		t.d.Task = nil
		data["Address"] = maskedAddress(o.ShippingAddress)
		e.say(t, "address_same", data)
		return
	}
	t.d.Task.Step = stepConfirm
	e.askAddress(t, data, text)
}

// confirmAddress sends the confirmed address to the team; a new address
// typed instead is confirmed in its turn.
func (e *Engine) confirmAddress(t *turn, o storage.Order, data map[string]any) {
	text := t.d.Task.Note
	if t.input.payload == "" && t.input.text != "" {
		if fixed, ok := e.addressPutRight(t, text); ok {
			// "c'est pas rue Victor Hugo c'est rue Victor Basch", "non
			// le code postal c'est 69006": the part put right in the
			// address summed up (the old one was sent, or the words
			// added to it).
			e.askAddress(t, data, fixed)
			return
		}
	}
	if a, ok := e.savedAddressNamed(t, t.input.text); ok && t.input.payload == "" && !strings.Contains(t.input.text, "?") &&
		fullAddress(a) != text {
		// "send it to my office address instead", "non, au bureau
		// finalement" at the summary: the address saved under that name
		// (the summary came again, or the address was kept).
		e.changeAddress(t, o, data, t.input.text)
		return
	}
	answer := e.yesNo(t)
	if answer < 0 && t.input.free && hasDigit(t.input.text) {
		// "no wait, it's 41 avenue Foch": another address, not a no.
		answer = 0
	}
	if m := floorSwap.FindStringSubmatch(t.input.text); m != nil && t.input.payload == "" {
		// "euh en fait c'est 5e étage pas 3e" about an address that does
		// not name the old floor: the new floor added, not the sentence
		// (it was pasted after the town; round 78a).
		e.askAddress(t, data, e.withDetail(text, floorIn.FindString(t.input.text[strings.Index(t.input.text, m[0]):])))
		return
	}
	if answer >= 0 && e.addsDetail(t) {
		// "it's flat 4B", "the door code is 1234", "j'ai oublié :
		// appartement 12, 3e étage": added to the address, asked again
		// (they were taken for a whole new address, or dropped).
		detail := strings.TrimSpace(t.input.text)
		if rest, ok := afterYes(detail); ok {
			detail = rest
		}
		if parts := sentences(detail); len(parts) > 1 {
			// "wait, will the courier be able to get in? there's a door
			// code, 4512B": the detail, not the question beside it (both
			// were pasted after the town; round 112b, a near miss).
			var kept []string
			for _, p := range parts {
				if !strings.Contains(p, "?") && e.texts.Mentions(t.lang(), keywordAddressDetail, intents.Normalize(p)) {
					kept = append(kept, strings.TrimSpace(p))
				}
			}
			if len(kept) > 0 {
				detail = strings.Join(kept, ", ")
			}
		}
		e.askAddress(t, data, text+", "+e.withoutLeading(t, detail, keywordYesBut, keywordAddDetail, keywordYes, keywordThereIs))
		return
	}
	if answer >= 0 && t.input.payload == "" && newDigits(t.input.text, text) {
		// "yes, flat 4", "oui, bâtiment B, 3e étage": a detail the
		// address lacked (it was sent without it, or taken for a whole
		// new address). Added, and asked again; without a word of yes to
		// cut it from, it may be another address; "yes but the postcode
		// is 69008" is a correction, for which the full address is asked.
		if rest, ok := afterYes(t.input.text); ok && rest != "" && !e.texts.Mentions(t.lang(), keywordYesBut, t.input.norm) {
			if e.texts.addressIn(rest) != "" {
				// "yes, 5 avenue Foch 75017 Paris": a whole address, the
				// one meant (it was added to the one summed up).
				e.changeAddress(t, o, data, rest)
				return
			}
			e.askAddress(t, data, text+", "+rest)
			return
		}
		answer = 0
	}
	switch answer {
	case -1:
		e.keepDeclined(t)
		e.say(t, "address_kept", data)
		return
	case 0:
		if t.input.free && hasDigit(t.input.text) {
			e.changeAddress(t, o, data, strings.TrimSpace(t.input.text))
			return
		}
		e.askAddress(t, data, text)
		return
	}
	ticket, err := e.openRequest(t, storage.TicketAddressChange, o, "new delivery address before shipping",
		map[string]string{"new_address": text, "old_address": fullAddress(o.ShippingAddress)})
	if e.sayAlreadyOpen(t, err, ticket) {
		return
	}
	if err != nil {
		e.fail(t, "address change", err)
		return
	}
	t.d.Task = nil
	data["Ticket"], data["Address"] = ticket.Ref, text
	e.say(t, "address_change_recorded", data)
}

// savedAddressNamed returns the verified customer's saved address whose
// name ("Bureau", "Maison", "Home") the text gives without giving an
// address of its own.
func (e *Engine) savedAddressNamed(t *turn, text string) (storage.Address, bool) {
	if e.texts.addressIn(text) != "" {
		return storage.Address{}, false
	}
	return e.labelledAddress(t, text, true)
}

// labelledAddress returns the verified customer's saved address whose
// label the text names; with usable, only one that holds an address.
func (e *Engine) labelledAddress(t *turn, text string, usable bool) (storage.Address, bool) {
	if t.conv.CustomerID == 0 {
		return storage.Address{}, false
	}
	saved, err := e.store.AddressesByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return storage.Address{}, false
	}
	norm := intents.Normalize(text)
	if phrase, ok := e.texts.findIn(t.lang(), keywordInsteadOf, norm); ok {
		// "to my office address instead of home": not the one it
		// replaces.
		norm, _, _ = strings.Cut(norm, phrase)
	}
	// Being at home names no address: "She'll be home to sign for it"
	// was read as the "Home" address (round 132b).
	words := " " + atHome.ReplaceAllString(norm, "") + " "
	for _, a := range saved {
		label := intents.Normalize(a.Label)
		if label != "" && (strings.Contains(words, " "+label+" ") || e.sameKindOfPlace(label, words)) && (!usable || !a.IsZero()) {
			return a, true
		}
	}
	return storage.Address{}, false
}

// atHome is someone being at home, normalised: a time, not a place to
// deliver to.
var atHome = regexp.MustCompile(`\b(?:be|is|s|are|am|m|get|gets|come|comes|stay|stays|from) home\b|\b(?:sera|serai|serons|seront|est|suis|sommes|sont|etre|reste|restera) (?:a la maison|chez moi|chez elle|chez lui)\b`)

// placeKinds are the keyword lists of the words for one kind of place a
// customer saves an address under, in every language: "my office" is the
// address saved as "Bureau".
var placeKinds = []string{keywordPlaceHome, keywordPlaceWork}

// sameKindOfPlace reports whether a saved address's label and a message
// name the same kind of place in any language ("Bureau", "my office").
func (e *Engine) sameKindOfPlace(label, norm string) bool {
	for _, kind := range placeKinds {
		for _, lang := range e.texts.Languages() {
			if e.texts.IsKeyword(lang, kind, label) && slices.ContainsFunc(e.texts.Languages(), func(l string) bool { return e.texts.Mentions(l, kind, norm) }) {
				return true
			}
		}
	}
	return false
}

// namesUsableAddress reports whether text names, without an address of its
// own, a saved address of the verified customer that holds one.
func (e *Engine) namesUsableAddress(t *turn, text string) bool {
	_, ok := e.savedAddressNamed(t, text)
	return text != "" && ok
}

// namesSavedAddress reports whether text names one of the verified
// customer's saved addresses by its label ("mon adresse bureau").
func (e *Engine) namesSavedAddress(t *turn, text string) bool {
	_, ok := e.labelledAddress(t, text, false)
	return ok
}

// replacements are the ways a part of an address is put right: the old
// part, then the new one, or the other way round.
var replacements = []struct {
	re       *regexp.Regexp
	old, new int
}{
	{regexp.MustCompile(`(?i)\bpas\s+(.+?)\s*[,;]?\s*(?:c'est|c’est|c est|mais)\s+(.+)`), 1, 2},
	{regexp.MustCompile(`(?i)\b(?:it's|its|it is)\s+(.+?)\s*,?\s+not\s+(.+)`), 2, 1},
	{regexp.MustCompile(`(?i)\b(?:c'est|c’est|c est)\s+(.+?)\s*,?\s+(?:et\s+)?pas\s+(.+)`), 2, 1},
	{regexp.MustCompile(`(?i)\bnot\s+(.+?)\s*[,;]?\s*(?:it's|its|it is|but)\s+(.+)`), 1, 2},
	{regexp.MustCompile(`(?i)\b(.+?)\s+au lieu de\s+(.+)`), 2, 1},
}

// leadingNumber is the house number an address starts with;
// houseNumberFix a new one named as such ("the house number is 18", "le
// numéro c'est 15"); numberSwap one put in another's place ("12 not 8",
// "15 pas 5").
var (
	leadingNumber  = regexp.MustCompile(`^\d{1,4}`)
	houseNumberFix = regexp.MustCompile(`(?i)\b(?:house number|street number|number|numéro|numero|n°)\b\D{0,15}?(\d{1,4})\b`)
	numberSwap     = regexp.MustCompile(`(?i)\b(\d{1,4})\s*,?\s+(?:not|pas|et non|au lieu de|instead of)\s+(?:(?:le|du|the)\s+)?(\d{1,4})\b`)
)

// floorSwap is a floor put in another's place ("au 4e étage et pas au
// 2e", "3rd floor not 2nd"), and floorIn a floor of an address to put
// right.
var (
	floorSwap = regexp.MustCompile(`(?i)\b(\d{1,2})\s*(?:e|è|ème|eme|er|ère|ere|th|st|nd|rd)\s+(?:étage|etage|floor)\s*,?\s+(?:et\s+)?(?:pas|non|not)\s+(?:au\s+|le\s+|the\s+|on\s+the\s+)?(\d{1,2})\s*(?:e|è|ème|eme|er|ère|ere|th|st|nd|rd)?\b`)
	floorIn   = regexp.MustCompile(`(?i)\b(\d{1,2})(\s*(?:e|è|ème|eme|er|ère|ere|th|st|nd|rd)\s+(?:étage|etage|floor))\b`)
)

// floorSaid is a floor said with its ordinal's ending, "étage" or not:
// "au 5e", "3rd".
var floorSaid = regexp.MustCompile(`(?i)\b(\d{1,2})\s*(?:e|è|ème|eme|er|ère|ere|th|st|nd|rd)\b`)

// floorPutRight returns address with the floor text puts right, and
// whether it does: a floor put in another's place, or two floors said,
// one the address's and the other not ("c'est au 5e pas au 3e", "vous
// avez laissé 3e étage, c'est le 5e étage": the floor was left, or the
// address was read as another order's; round 106b).
func floorPutRight(text, address string) (string, bool) {
	old, repl := "", ""
	if m := floorSwap.FindStringSubmatch(text); m != nil {
		old, repl = m[2], m[1]
	} else if said := floorSaid.FindAllStringSubmatch(text, -1); len(said) == 2 && said[0][1] != said[1][1] {
		for _, at := range floorIn.FindAllStringSubmatch(address, -1) {
			switch at[1] {
			case said[0][1]:
				old, repl = said[0][1], said[1][1]
			case said[1][1]:
				old, repl = said[1][1], said[0][1]
			}
		}
	}
	if old == "" {
		return "", false
	}
	for _, at := range floorIn.FindAllStringSubmatchIndex(address, -1) {
		if address[at[2]:at[3]] == old {
			return address[:at[2]] + repl + address[at[3]:], true
		}
	}
	return "", false
}

// postcodeFix is a new postcode given alone ("non le code postal c'est
// 69006", "the postcode is 75011").
var postcodeFix = regexp.MustCompile(`(?i)\b(?:code postal|cp|postcode|post code|zip code|zip)\b\D{0,20}?(\d{4,5})\b|\b(\d{4,5})\s+(?:(?:le|pour le|comme|as the|for the|is the)\s+)?(?:code postal|cp|postcode|post code|zip code|zip)\b`)

// houseAt is a house number put right with "au" ("c'est au 27 bis", "non
// plutôt au 14").
var houseAt = regexp.MustCompile(`(?i)\b(?:c'est|c’est|c est|plutôt|plutot|non|mais)\s+au\s+(\d{1,4}(?:\s*(?:bis|ter))?)\b`)

// clauseJoin joins two parts put right in one sentence ("non c'est 75008
// le code postal, et c'est au 27 bis").
var clauseJoin = regexp.MustCompile(`(?i),?\s+(?:et|and)\s+`)

// addressPutRight returns the address being confirmed with the part the
// message puts right replaced, and whether it puts one right.
func (e *Engine) addressPutRight(t *turn, address string) (string, bool) {
	if fixed, named, ok := e.newStreetPutRight(t.input.text, address); named {
		return fixed, ok
	}
	var pieces []string
	for _, p := range sentences(t.input.text) {
		pieces = append(pieces, clauseJoin.Split(p, -1)...)
	}
	if len(pieces) > 1 {
		// "no wait, the postcode is wrong, it's 75003 not 75011. and it's
		// 14 rue de Bretagne actually": each sentence's part put right in
		// turn (the street was dropped, and a yes sent the address with
		// the old one; round 74a). A street alone counts after another
		// part was put right.
		fixed, any := address, false
		for _, p := range pieces {
			if f, ok := e.putRightIn(p, fixed); ok {
				fixed, any = f, true
			} else if f, ok := e.streetPutRight(e.withoutAround(p, keywordStreetAround), fixed); ok && any {
				fixed = f
			} else if kind, detail := e.addressPiece(t.lang(), e.withoutAround(p, keywordStreetAround)); kind == pieceDetail && any &&
				!strings.Contains(strings.ToLower(fixed), strings.ToLower(detail)) {
				// "wait no, 42 not 40. and it's 2nd floor": the floor
				// added after the street (it was dropped; round 77a).
				fixed = e.withDetail(fixed, detail)
			}
		}
		if any {
			return fixed, true
		}
	}
	return e.putRightIn(t.input.text, address)
}

// fixesAddress reports whether the message puts a part of the address
// being confirmed right.
func (e *Engine) fixesAddress(t *turn, address string) bool {
	_, ok := e.addressPutRight(t, address)
	return ok
}

// withoutAround returns text without the phrases of a keyword list, in
// either language, that open or close it ("and it's 14 rue de Bretagne
// actually"): the address of a French conversation is put right in
// English too.
func (e *Engine) withoutAround(text, list string) string {
	words := strings.Fields(text)
	phrase := func(ws []string) bool {
		return e.texts.InAnyLanguage(list, intents.Normalize(strings.Join(ws, " ")))
	}
	for trimmed := true; trimmed && len(words) > 0; {
		trimmed = false
		for k := min(len(words), 3); k >= 1; k-- {
			if phrase(words[:k]) {
				words, trimmed = words[k:], true
				break
			}
			if phrase(words[len(words)-k:]) {
				words, trimmed = words[:len(words)-k], true
				break
			}
		}
	}
	return strings.Join(words, " ")
}

// putRightIn returns address with the part text puts right replaced, and
// whether text puts one right.
func (e *Engine) putRightIn(text, address string) (string, bool) {
	text = strings.TrimRight(strings.TrimSpace(text), ".!")
	if m := postcodeFix.FindStringSubmatch(text); m != nil {
		if at := e.postcodeAt(address); at >= 0 {
			end := at + len(anyPostcode.FindString(address[at:]))
			return address[:at] + cmp.Or(m[1], m[2]) + address[end:], true
		}
	}
	if fixed, ok := floorPutRight(text, address); ok {
		return fixed, true
	}
	house := leadingNumber.FindString(address)
	if m := houseAt.FindStringSubmatch(text); m != nil && house != "" {
		// "c'est au 27 bis": the number that starts the address, with
		// its "bis" (round 77a).
		rest := strings.TrimLeft(address[len(house):], " ")
		if f := strings.Fields(rest); len(f) > 0 && (strings.EqualFold(f[0], "bis") || strings.EqualFold(f[0], "ter")) {
			rest = strings.TrimLeft(rest[len(f[0]):], " ")
		}
		return m[1] + " " + rest, true
	}
	if m := houseNumberFix.FindStringSubmatch(text); m != nil && house != "" {
		// "no the house number is 18", "le numéro est 15": the number
		// that starts the address.
		return m[1] + address[len(house):], true
	}
	if m := numberSwap.FindStringSubmatch(text); m != nil && house == m[2] {
		// "sorry, 12 not 8", "15 pas 5": the house number put right (a
		// postcode holding the same digits is left alone).
		return m[1] + address[len(house):], true
	}
	for _, r := range replacements {
		m := r.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		old, repl := strings.Trim(m[r.old], " ,;"), strings.Trim(m[r.new], " ,;")
		// ("c'est plutôt 7 rue du Marché, pas 5": the street without
		// "plutôt", which was kept, and the street then said twice;
		// round 76b.)
		repl = e.withoutAround(repl, keywordStreetAround)
		i := strings.Index(strings.ToLower(address), strings.ToLower(old))
		if old == "" || repl == "" || i < 0 {
			continue
		}
		if kind, name, ok := strings.Cut(repl, " "); ok && strings.HasSuffix(strings.ToLower(strings.TrimRight(address[:i], " ")), strings.ToLower(kind)) {
			// "c'est cours Lafayette, pas Gambetta" in "25 cours
			// Gambetta": the kind of street once (round 78a).
			repl = name
		}
		after := address[i+len(old):]
		if n := leadingNumber.FindString(repl); n != "" && strings.TrimSpace(repl[len(n):]) != "" {
			// "it's 18 avenue Jean Jaures, not 8": the number put right
			// with the street said again; the street is not added twice.
			rest := strings.TrimSpace(repl[len(n):])
			if trimmed := strings.TrimLeft(after, " ,"); strings.HasPrefix(strings.ToLower(trimmed), strings.ToLower(rest)) {
				after = trimmed[len(rest):]
				repl = strings.TrimSpace(repl)
				if after != "" && !strings.HasPrefix(after, " ") && !strings.HasPrefix(after, ",") {
					after = " " + after
				}
			}
		}
		return address[:i] + repl + after, true
	}
	return "", false
}

// askAddress asks the customer to confirm the new address text, which
// the task keeps until then.
func (e *Engine) askAddress(t *turn, data map[string]any, text string) {
	t.d.Task.Note = text
	data["Address"] = text
	e.say(t, "address_confirm", data, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
}

// afterYes returns what follows a word of yes that starts text ("yes,
// flat 4" gives "flat 4"), and whether one does.
func afterYes(text string) (string, bool) {
	m := leadingYes.FindStringIndex(text)
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(text[m[1]:]), true
}

// detailAfter returns what follows the address a in text when it is a
// detail of it (a flat, a floor, a door code), to the end of the
// sentence; "" otherwise.
func (e *Engine) detailAfter(t *turn, text, a string) string {
	i := strings.Index(text, a)
	if i < 0 {
		return ""
	}
	rest := text[i+len(a):]
	if j := strings.IndexAny(rest, ".!?\n"); j >= 0 {
		rest = rest[:j]
	}
	if strings.TrimSpace(strings.Trim(rest, " ,;")) == "" || !e.texts.Mentions(t.lang(), keywordAddressDetail, intents.Normalize(rest)) {
		return ""
	}
	// "… 69003 Lyon mais au 4e étage, porte gauche": the detail, not the
	// words that lead to it (they went to the team with it).
	if lead := detailLead.FindString(rest); lead != "" {
		rest = ", " + rest[len(lead):]
	}
	return strings.TrimRight(rest, " ,;")
}

// detailLead are the words between an address and a detail after it:
// "mais au", "but on the".
var detailLead = regexp.MustCompile(`(?i)^[\s,;]*(?:(?:mais|et|but|and)\s+)?(?:au|à l'|à la|on the|at the)\s+`)

// detailBefore returns what comes before the address a in text when it is
// a detail of it ("Flat 2B, 5 rue de la Paix…", "Résidence Les Pins,
// Esc. C, 25 avenue…"), with a comma after it; "" otherwise (it was
// dropped).
func (e *Engine) detailBefore(t *turn, text, a string) string {
	i := strings.Index(text, a)
	if i <= 0 {
		return ""
	}
	before := text[:i]
	if j := strings.LastIndexAny(before, "!?:\n"); j >= 0 { // (not "Esc. C")
		before = before[j+1:]
	}
	before = strings.Trim(before, " ,;")
	if before == "" || !e.texts.Mentions(t.lang(), keywordAddressDetail, intents.Normalize(before)) {
		return ""
	}
	return before + ", "
}

// addsDetail reports whether a message typed at a new address's summary
// adds a detail to it ("it's flat 4B", "le digicode est 4521", "yes,
// flat 4") rather than gives another address.
func (e *Engine) addsDetail(t *turn) bool {
	// ("yes but add 3rd floor" adds one too: it asked for the whole
	// address again.)
	return t.input.payload == "" && t.input.text != "" && e.texts.addressIn(t.input.text) == "" &&
		e.texts.Mentions(t.lang(), keywordAddressDetail, t.input.norm) &&
		(!e.texts.Mentions(t.lang(), keywordYesBut, t.input.norm) || e.texts.Mentions(t.lang(), keywordAddDetail, t.input.norm))
}

// withoutLeading drops from text the words at its start that are phrases
// of the given keyword lists ("but add 3rd floor" → "3rd floor").
func (e *Engine) withoutLeading(t *turn, text string, lists ...string) string {
	words := strings.Fields(text)
	for len(words) > 0 {
		k := e.leadingPhrase(t.lang(), words, lists)
		if k == 0 {
			break
		}
		words = words[k:]
	}
	if len(words) == 0 {
		return text
	}
	return strings.Join(words, " ")
}

// leadingPhrase returns how many of the first words, three at most, make
// a phrase of one of the keyword lists, or nothing but punctuation, the
// longest first; 0 when they make none.
func (e *Engine) leadingPhrase(lang string, words, lists []string) int {
	for k := min(len(words), 3); k >= 1; k-- {
		norm := intents.Normalize(strings.Join(words[:k], " "))
		if norm == "" || slices.ContainsFunc(lists, func(l string) bool { return e.texts.IsKeyword(lang, l, norm) }) {
			return k
		}
	}
	return 0
}

// detailAtAddressSummary reports whether the message adds a detail to
// the new address the bot is asking to confirm.
func (e *Engine) detailAtAddressSummary(t *turn) bool {
	tk := t.d.Task
	return tk != nil && tk.Intent == intents.DeliveryAddress && tk.Step == stepConfirm && e.addsDetail(t)
}

// leadingYes is a word of yes that starts a message, with what follows
// it up to the next word.
var leadingYes = regexp.MustCompile(`(?i)^\s*(yes|yeah|yep|ok|okay|sure|correct|oui|ouais|d'accord|c'est bon|exact)\b[\s,.:;!-]*`)

// newDigits reports whether text has a number that address does not:
// a detail added, not the address said again ("yes 5 rue de la Paix").
func newDigits(text, address string) bool {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r < '0' || r > '9' }) {
		if !strings.Contains(address, f) {
			return true
		}
	}
	return false
}

// britishPostcode is a postcode of the United Kingdom ("NW1 6XE").
var britishPostcode = regexp.MustCompile(`\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b`)

// abroad reports whether an address is in a country the shop does not
// deliver to: it names one (keywords.toml lists "country_GB" and the like,
// with their main towns), or has a British postcode.
func (e *Engine) abroad(t *turn, text string) bool {
	delivered := map[string]bool{}
	for _, c := range e.shop.DeliveryCountries {
		delivered[strings.ToUpper(c)] = true
	}
	if len(delivered) == 0 {
		return false
	}
	if !delivered["GB"] && britishPostcode.MatchString(text) {
		return true
	}
	norm := intents.Normalize(text)
	for _, list := range e.texts.ListsNamed(t.lang(), keywordCountryPrefix) {
		if !delivered[strings.TrimPrefix(list, keywordCountryPrefix)] && e.texts.Mentions(t.lang(), list, norm) {
			return true
		}
	}
	return false
}

// addressPattern finds a postal address written in a sentence: a house
// number, the street, a postcode and the town after it (a few words). The
// postcode is French (five digits), British, or of four digits before a
// town written with a capital (Belgium, Switzerland, Luxembourg: "1050
// Bruxelles"; "3 commandes en 2024" is no address).
var addressPattern = regexp.MustCompile(`(?i)\b\d{1,4}(?:\s*(?:bis|ter))?,?\s+\pL[^\n]*?\b(?:\d{5}\b|(?-i:\d{4}\s+\p{Lu}\pL*)|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b)(?:\s+[\pL'-]+){0,3}(?:,\s*(?:` + countryWords + `)\b)?`)

// addressBreak is what an address does not hold: a colon that opens
// another part of the message, a sentence's end (« c'est le 41 et pas le
// 14, j'ai inversé les chiffres. Donc 41 avenue Louise, 1050 Ixelles »
// sent the whole of it; round 120b), an order number.
var addressBreak = regexp.MustCompile(`:\s|\.\s|\b[A-Za-z]{2,4}-\d{4,}\b`)

// orderPrefix is an order number, or what is left of it once cut.
var orderPrefix = regexp.MustCompile(`^[A-Za-z]{2,4}-\d*[.,;!?]*$`)

// numberAfterStreet is an address whose house number follows the street's
// name: a kind of street, its name, the number, a postcode and a town;
// or a street whose kind ends its name ("Bahnhofstrasse 10, 8001
// Zürich").
var numberAfterStreet = regexp.MustCompile(`(?i)\b(?:(?:rue|avenue|av\.?|boulevard|bd|chaussée|chaussee|chemin|place|allée|allee|impasse|quai|route|square|straat|laan|weg|strasse|straße)\s+[^\n,;]{1,40}?|\pL{2,}(?:strasse|straße|gasse|platz|weg|straat|laan))\s\d{1,4}[a-z]?(?:,?\s*(?:boîte|boite|bte|bus|box)\.?\s*\d{1,4})?,?\s+\d{4,5}\s+\p{Lu}\pL*(?:[\s-]+\pL+){0,2}(?:,\s*(?:` + countryWords + `)\b)?`)

// countryWords are the countries a customer writes after the town (",
// Belgique"), kept with the address the team receives (it was cut).
const countryWords = `(?i:France|Belgique|Belgium|Suisse|Switzerland|Luxembourg|Monaco|Deutschland|Germany|Allemagne|Espagne|Spain|Italie|Italy|United Kingdom|UK|Royaume-Uni)`

// postcodeTown is a postcode and the town after it ("69002 Lyon", "1000
// Bruxelles").
var postcodeTown = regexp.MustCompile(`\b\d{4,5}\s+\p{Lu}\pL+`)

// houseNumber is a number of one to four digits before a word: a street's
// house number ("18 rue", "5 Baker"), which a postcode and town alone
// ("69002 Lyon") lack.
var houseNumber = regexp.MustCompile(`(?i)\b\d{1,4}(?:\s*(?:bis|ter))?,?\s+\pL`)

// streetPattern is a house number and its street, ending the text: "c'est
// 18 rue Victor Hugo".
var streetPattern = regexp.MustCompile(`(?i)\b\d{1,4}(?:\s*(?:bis|ter))?,?\s+\pL[\pL'’.-]*(?:\s+[\pL'’.-]+){1,6}\s*$`)

// streetPutRight returns the address prev with its street replaced by the
// one text gives without a postcode or town ("non, c'est 18 rue Victor
// Hugo"), and whether text gives one and prev has a postcode to keep.
func (e *Engine) streetPutRight(text, prev string) (string, bool) {
	if prev == "" || e.hasPostcode(text) {
		return "", false
	}
	street := streetPattern.FindString(strings.TrimRight(text, " .!"))
	at := e.postcodeAt(prev)
	if street == "" || at <= 0 {
		return "", false
	}
	return strings.TrimSpace(street) + " " + prev[at:], true
}

// numberPutRight returns address with its postcode, or its house number,
// replaced by the one number a correction after it gives.
func numberPutRight(rest, address string) (string, bool) {
	nums := correctedNumber.FindAllString(rest, -1)
	if len(nums) != 1 || addressDetailWord.MatchString(rest) {
		// (A door code or a floor after the town puts nothing right.)
		return "", false
	}
	n := nums[0]
	switch {
	case len(n) == 5 || len(n) == 4 && !houseNumber.MatchString(address[:min(len(address), 5)]):
		if m := lastPostcode.FindStringSubmatchIndex(address); m != nil {
			return address[:m[2]] + n + address[m[3]:], true
		}
	case len(n) <= 4:
		if m := firstNumber.FindStringIndex(address); m != nil {
			return n + address[m[1]:], true
		}
	}
	return "", false
}

var (
	// correctionCue puts right what came before it, in either language
	// (the address of a French conversation is put right in English).
	correctionCue     = regexp.MustCompile(`(?i)\b(?:actually|make (?:that|it)|i mean|sorry|no wait|pardon|enfin|plutôt|plutot|je veux dire)\b`)
	addressDetailWord = regexp.MustCompile(`(?i)\b(?:code|digicode|étage|etage|floor|apt|appartement|apartment|bâtiment|batiment|bat|flat|porte|door|interphone|boîte|boite)\b`)
	correctedNumber   = regexp.MustCompile(`\b\d{1,5}\b`)
	lastPostcode      = regexp.MustCompile(`\b(\d{4,5})\b[^\d]*$`)
	firstNumber       = regexp.MustCompile(`^\s*\d{1,4}`)
)

// postcodeAt returns where the last postcode of a delivery country starts
// in address, or -1.
func (e *Engine) postcodeAt(address string) int {
	at := -1
	res := []*regexp.Regexp{anyPostcode}
	if len(e.shop.DeliveryCountries) > 0 {
		res = res[:0]
		for _, c := range e.shop.DeliveryCountries {
			res = append(res, cmp.Or(postcodes[strings.ToUpper(c)], anyPostcode))
		}
	}
	for _, re := range res {
		for _, m := range re.FindAllStringIndex(address, -1) {
			if m[0] > 0 {
				at = max(at, m[0])
			}
		}
	}
	return at
}

// addressIn returns the postal address written in text, or "".
func (t *Texts) addressIn(text string) string {
	if strings.IndexAny(text, "0123456789") < 0 {
		return "" // both shapes hold a number (read for most messages)
	}
	// An e-mail address after the town ends the address: "… 69007 Lyon
	// elise.marchand@example.fr" took "elise" for part of the town.
	text = emailPattern.ReplaceAllString(text, ";")
	found := ""
	m, b := addressPattern.FindStringIndex(text), numberAfterStreet.FindStringIndex(text)
	switch {
	case b != nil && (m == nil || b[0] < m[0]):
		// "Rue Neuve 12, 1000 Bruxelles", "Rue de la Loi 16, boîte 3,
		// 1000 Bruxelles": the house number after the street, as in
		// Belgium and Switzerland (it was not seen, and "yes" then kept
		// the old address; or the street was cut off before the number).
		found = text[b[0]:b[1]]
	case m != nil:
		found = text[m[0]:m[1]]
		// A number before the address that is not its own: "2 choses :
		// arrêtez vos pubs, et ma commande OP-102501 doit partir au 3
		// place Bellecour 69002 Lyon" sent the whole sentence (round
		// 116b). The address starts after the last colon or order
		// number inside what was found.
		for {
			cut := addressBreak.FindAllStringIndex(found, -1)
			if len(cut) == 0 {
				break
			}
			inner := addressPattern.FindStringIndex(found[cut[len(cut)-1][1]:])
			if inner == nil {
				break
			}
			found = found[cut[len(cut)-1][1]:][inner[0]:inner[1]]
		}
	}
	pickup := ""
	if start := strings.Index(text, found); found != "" && start > 0 {
		pickup = t.pickupPointBefore(text[:start])
		if pickup == "" {
			// "chez M. et Mme Martin, 5 chemin des Vignes…", "Société
			// Dumas, 5 boulevard Haussmann…": who receives it, kept (the
			// line was dropped, and the parcel sent to a letterbox that
			// bears another name; rounds 111a, 112b).
			pickup = t.wordsBefore(text[:start], keywordAddressRecipient)
		}
	}
	a := strings.Fields(found)
	for len(a) > 0 && orderPrefix.MatchString(a[len(a)-1]) {
		a = a[:len(a)-1] // "…, 69002 Lyon pour OP-102501"
	}
	// The town's words stop before what joins another request: "…,
	// 69002 Lyon and also exchange the ring" sent "Lyon and also", and
	// "…, 75011 Paris and unsubscribe me" sent "Paris and unsubscribe".
	// The town's first word is always kept.
	if p := slices.IndexFunc(a, isPostcodeWord); p >= 0 {
		for i := p + 2; i < len(a); i++ {
			if t.InAnyLanguage(keywordAddressEnd, intents.Normalize(strings.Trim(a[i], ",.;!"))) {
				a = a[:i]
				break
			}
		}
	}
	for len(a) > 0 && t.InAnyLanguage(keywordAddressEnd, intents.Normalize(strings.Trim(a[len(a)-1], ",.;!"))) {
		a = a[:len(a)-1]
	}
	// … and before what says which address it replaces: "…, 75004 Paris
	// instead of home" sent "Paris instead of".
	for i, w := range a {
		w = intents.Normalize(strings.Trim(w, ",.;!?"))
		if t.InAnyLanguage(keywordAddressInstead, w) || w == "lieu" && i > 0 && strings.EqualFold(a[i-1], "au") {
			if w == "lieu" {
				i--
			}
			a = a[:i]
			break
		}
	}
	// … and before when: "…, 69006 Lyon le mois prochain" sent "Lyon le
	// mois" (round 57b). Only after the postcode: a street may be named
	// after a day.
	for i := slices.IndexFunc(a, isPostcodeWord) + 1; i > 0 && i < len(a); i++ {
		if t.InAnyLanguage(keywordTimeWord, intents.Normalize(strings.Trim(a[i], ",.;!?"))) {
			for i > 0 && t.InAnyLanguage(keywordTimeLead, intents.Normalize(a[i-1])) {
				i--
			}
			a = a[:i]
			break
		}
	}
	address := strings.TrimRight(strings.Join(a, " "), ",;")
	if pickup != "" && address != "" {
		return pickup + ", " + address
	}
	return address
}

// pickupPointBefore returns the words right before an address that say it
// is a pickup point ("Mondial Relay at the Carrefour" before "120 Rue de
// Rivoli, 75001 Paris"), or "": the team would otherwise ship to a shop's
// street address as to a home (round 86a).
func (t *Texts) pickupPointBefore(before string) string {
	return t.wordsBefore(before, keywordPickupPoint)
}

// wordsBefore returns the words at the end of before, at most
// maxPickupWords, that begin with a phrase of a keyword list, or "".
func (t *Texts) wordsBefore(before, list string) string {
	words := strings.Fields(before)
	for i := max(0, len(words)-maxPickupWords); i < len(words); i++ {
		rest := strings.Join(words[i:], " ")
		norm := intents.Normalize(rest)
		for lang := range t.keywords {
			if t.StartsWith(lang, list, norm) {
				return strings.Trim(rest, ",;:- ")
			}
		}
	}
	return ""
}

// maxPickupWords is how far before an address a pickup point's name is
// looked for.
const maxPickupWords = 8

// isPostcodeWord reports whether a word of an address is a postcode of
// four or five digits.
func isPostcodeWord(w string) bool {
	w = strings.Trim(w, ",.;")
	if len(w) < 4 || len(w) > 5 {
		return false
	}
	return strings.Trim(w, "0123456789") == ""
}

// addressCorrections put right a number inside an address as it is
// typed: "pas le 10 c'est le 11 rue…", "not 10, it's 11 rue…".
var addressCorrections = regexp.MustCompile(`(?i)\b(?:c'est|c’est|it's|it is|its|plutôt|rather|i mean|i meant|je veux dire|je voulais dire|sorry|pardon|oops|oups|no wait|non attendez|actually|en fait)[,:!.]*\s+(?:le\s+|au\s+|the\s+)?`)

// lastCorrection returns where the part of an address after its last
// correction starts, or -1.
func lastCorrection(a string) int {
	m := addressCorrections.FindAllStringIndex(a, -1)
	if len(m) == 0 {
		return -1
	}
	return m[len(m)-1][1]
}

// emailPattern finds what looks like an e-mail address.
var emailPattern = regexp.MustCompile(`[^\s@]+@[^\s@]+`)

// newAddressIn returns the address a request gives, or "": an address in
// a question ("does it go to 12 rue des Lilas, 69003 Lyon?") is checked,
// not given, unless the question asks to send it there ("Pouvez-vous
// l'envoyer au 8 avenue Jean Jaurès, 69007 Lyon ?" was dropped, and "oui"
// then kept the old address; round 63b).
func (t *Texts) newAddressIn(text string) string {
	if strings.HasSuffix(strings.TrimSpace(text), "?") && !t.MentionsInAnyLanguage(keywordSendRequest, intents.Normalize(text)) {
		return ""
	}
	return t.addressIn(text)
}

// postcodes are the postal codes of the countries a shop may deliver to,
// by ISO code; a country not listed takes any code of 3 to 6 digits.
var postcodes = map[string]*regexp.Regexp{
	"FR": regexp.MustCompile(`\b\d{5}\b`),
	"MC": regexp.MustCompile(`\b980\d\d\b`),
	"DE": regexp.MustCompile(`\b\d{5}\b`),
	"ES": regexp.MustCompile(`\b\d{5}\b`),
	"IT": regexp.MustCompile(`\b\d{5}\b`),
	"BE": regexp.MustCompile(`\b\d{4}\b`),
	"CH": regexp.MustCompile(`\b\d{4}\b`),
	"LU": regexp.MustCompile(`(?i)\b(?:L-?)?\d{4}\b`),
	"NL": regexp.MustCompile(`(?i)\b\d{4}\s?[A-Z]{2}\b`),
	"GB": regexp.MustCompile(`(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b`),
}

var anyPostcode = regexp.MustCompile(`\b\d{3,6}\b`)

// hasPostcode reports whether text holds a postcode of a country the shop
// delivers to (of any country when it names none).
func (e *Engine) hasPostcode(text string) bool {
	if len(e.shop.DeliveryCountries) == 0 {
		return anyPostcode.MatchString(text)
	}
	for _, c := range e.shop.DeliveryCountries {
		re := postcodes[strings.ToUpper(c)]
		if re == nil {
			re = anyPostcode
		}
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// deliveryCountries names the countries the shop delivers to, in lang.
func (e *Engine) deliveryCountries(lang string) string {
	return countryNames(e.shop.DeliveryCountries, lang, e.texts.T(lang, "list_and", nil))
}

// countryNames names ISO 3166 countries in lang, as a list ending with
// and ("France, Belgique et Suisse").
func countryNames(codes []string, lang, and string) string {
	regions := display.Regions(language.Make(lang))
	var names []string
	for _, code := range codes {
		if r, err := language.ParseRegion(code); err == nil {
			names = append(names, regions.Name(r))
		}
	}
	return joinList(names, and)
}

// sameAddress reports whether text gives the address a already is: its
// postcode, its house number and the words of its street, and no detail
// it lacks ("12 rue des Lilas, 2e étage gauche, 69003 Lyon" adds the floor
// to "12 rue des Lilas": a change, it was "nothing to change").
func (e *Engine) sameAddress(lang, text string, a storage.Address) bool {
	if a.IsZero() || a.PostalCode == "" || !strings.Contains(text, a.PostalCode) {
		return false
	}
	norm := intents.Normalize(text)
	words := strings.Fields(norm)
	for _, w := range strings.Fields(intents.Normalize(a.Line1)) {
		if !slices.Contains(words, w) {
			return false
		}
	}
	if !e.texts.Mentions(lang, keywordAddressDetail, norm) {
		return true
	}
	// A detail given is the same only if it is the one recorded.
	details := strings.Fields(intents.Normalize(a.Line2))
	return len(details) > 0 && !slices.ContainsFunc(details, func(w string) bool { return !slices.Contains(words, w) })
}

// hasLetter reports whether s holds a letter, of any script.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0
}

// checksAddress reports whether a message gives an address to check it
// against the one held, asking, rather than to give a new one.
func (e *Engine) checksAddress(t *turn) bool {
	return t.input.payload == "" && e.checksAddressIn(t.lang(), t.input.text)
}

// checksAddressIn reports whether text gives an address to check it.
func (e *Engine) checksAddressIn(lang, text string) bool {
	return (e.texts.addressIn(text) != "" || streetNamed.MatchString(text)) && e.texts.Mentions(lang, keywordChecksDetail, intents.Normalize(text))
}

// addressCheckedIn returns the message, this one or the request's, that
// gives an address to check it, or "".
func (e *Engine) addressCheckedIn(t *turn, tk *task) string {
	for _, text := range []string{t.input.text, tk.Said} {
		if text != "" && e.checksAddressIn(t.lang(), text) {
			return text
		}
	}
	return ""
}

// checkAddress says whether text, an address given to check it, is the one
// order o goes to; another is said to differ and offered, not summed up as
// a change ("Is that 24 Rue Oberkampf? Just checking, I'm not changing
// anything" got "Shall I send this to the team?"; round 92b).
func (e *Engine) checkAddress(t *turn, o storage.Order, data map[string]any, text string, entities []intents.Entity) {
	a := cmp.Or(e.texts.addressIn(text), withoutEntities(text, entities))
	if sameAddress(o.ShippingAddress, a) {
		t.d.Task = nil
		e.say(t, "address_check_same", data)
		return
	}
	t.d.Task.Note = e.texts.addressIn(text)
	e.say(t, "address_check_differs", data)
}

// sameAddress reports whether text, an address as typed, is a: the same
// numbers (house, postcode) and every word of its street.
func sameAddress(a storage.Address, text string) bool {
	// (With or without its second line: "3 place Bellecour 69002 Lyon"
	// is the address saved with "2e étage".)
	// (Or the street alone: "is the street still 27 Rue Oberkampf?".)
	digits := digitRuns(text)
	if !slices.Equal(digitRuns(strings.Join([]string{a.Line1, a.Line2, a.PostalCode, a.City}, " ")), digits) &&
		!slices.Equal(digitRuns(strings.Join([]string{a.Line1, a.PostalCode, a.City}, " ")), digits) &&
		!slices.Equal(digitRuns(a.Line1), digits) {
		return false
	}
	norm := " " + intents.Normalize(text) + " "
	held := a.Line1
	if slices.Equal(digitRuns(strings.Join([]string{a.Line1, a.PostalCode}, " ")), digits) || slices.Equal(digitRuns(strings.Join([]string{a.Line1, a.Line2, a.PostalCode}, " ")), digits) {
		held += " " + a.City // the town too, when the postcode is given
	}
	for _, w := range strings.Fields(intents.Normalize(held)) {
		if !strings.Contains(norm, " "+w+" ") {
			return false
		}
	}
	return true
}

// digitRuns returns the runs of digits of s, sorted.
func digitRuns(s string) []string {
	runs := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	slices.Sort(runs)
	return runs
}

// savedAddressAs returns the customer's saved address that text, an
// address as typed, is.
func (e *Engine) savedAddressAs(t *turn, text string) (storage.Address, bool) {
	if text == "" || t.conv.CustomerID == 0 {
		return storage.Address{}, false
	}
	saved, err := e.store.AddressesByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		return storage.Address{}, false
	}
	for _, a := range saved {
		if sameAddress(a, text) {
			return a, true
		}
	}
	return storage.Address{}, false
}

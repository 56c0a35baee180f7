package bot

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"supportbot/intents"
	"supportbot/storage"
)

// Requests about the account, as the team sees them.
const (
	requestUnsubscribe = "unsubscribe"
	requestCorrection  = "correction"
	requestErase       = "erase"
)

// accountDetails shows what the shop holds about the customer (contact
// details masked, delivery addresses, newsletter consent) and records for
// the team a request to unsubscribe from the newsletter or to correct a
// detail. "Unsubscribe me" goes straight to the request.
func (e *Engine) accountDetails(t *turn) {
	c, ok := e.identify(t)
	if !ok {
		return
	}
	tk := t.d.Task
	switch {
	case tk.Step == stepChoice && t.input.free && e.detailsOnly(t.input.text, Understanding{Lang: t.lang(), Entities: t.input.entities}) &&
		e.hasEntity(t, intents.EntityOrderNumber):
		// "henry.clarke@example.com OP-102601" under the details: no
		// correction (another customer's proof went to the team as one).
		if e.namesOtherAccount(t, c) {
			t.d.Task = nil
			e.say(t, "identity_other_account", map[string]any{"Name": c.Name})
			return
		}
	case tk.Step == stepText && t.input.text == "" && t.input.payload == "":
		// "my phone number is wrong but I don't remember the new one",
		// answered "take your time": the question again, not the whole
		// account (an empty correction was summed up; round 62a).
		e.say(t, "account_correction_ask", nil)
		return
	case tk.Step == stepText && t.input.free && !e.texts.newDetailIn(t.input.text) &&
		(e.texts.MadeOf(t.lang(), t.input.norm, keywordYes, keywordAccept, keywordPolite, keywordAck, keywordFiller) || e.speaksAside(t)):
		// "yes thanks mate" to "what needs correcting?", or words said to
		// someone else: no detail yet (it was summed up as the
		// correction; round 92b).
		e.say(t, "account_correction_ask", nil)
		return
	case tk.Step == stepText && t.input.free && bareDigit.MatchString(t.input.text):
		// "1" (a button pressed by its number once the buttons are
		// gone): no detail to correct (it was summed up as the
		// correction; round 55b).
		e.say(t, "account_correction_ask", nil)
		return
	case tk.Step == stepText && t.input.free && e.texts.Mentions(t.lang(), keywordAllCorrect, t.input.norm) && !e.texts.newDetailIn(t.input.text):
		// "looks right", "tout a l'air juste" to "what needs correcting?":
		// nothing to correct (it went to the team as the correction;
		// round 66a).
		t.d.Task = nil
		e.say(t, "flow_retracted", map[string]any{"Flow": e.text(t, e.flows[intents.AccountDetails].name, nil)}, e.menu(t)...)
		return
	case (tk.Step == stepText || tk.Step == stepChoice) && t.input.free:
		note := strings.TrimSpace(t.input.text)
		if tk.Step == stepText && tk.Note != "" {
			// "my phone number is wrong", then "07700 900456": both,
			// for the team to know which detail the number is.
			note = tk.Note + " — " + note
		}
		e.confirmCorrection(t, note)
		return
	case e.asksWhatEraseLoses(t):
		e.say(t, "account_erase_loses", nil)
		e.say(t, "account_erase_confirm", nil, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	case tk.Step == stepConfirm && tk.Reason == requestErase && t.input.payload == "" && e.unsubscribeIn(t, t.input.norm) &&
		!e.texts.Mentions(t.lang(), keywordEraseData, t.input.norm):
		// "Non attendez, je ne veux pas tout perdre, c'est juste la
		// newsletter que je veux arrêter": no erasure, the newsletter
		// (both were dropped; round 67a).
		tk.Reason = requestUnsubscribe
		e.say(t, "account_erase_kept", nil)
		e.say(t, "account_unsubscribe_confirm", nil, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	case e.onlyDetailAtErase(t):
		// "not the whole account, just my old address": that detail, for
		// the team, not the erasure (the same question came, and "yes"
		// sent the whole account's erasure; round 88b).
		tk.Reason = requestCorrection
		e.say(t, "account_erase_kept", nil)
		e.confirmCorrection(t, strings.TrimSpace(t.input.text))
		return
	case tk.Step == stepConfirm && tk.Reason == requestErase:
		switch answer := e.yesNo(t); {
		case answer > 0 && !e.hesitates(t):
			e.recordAccountRequest(t, requestErase, "")
		case answer < 0:
			e.keepDeclined(t)
			e.say(t, "account_erase_kept", nil)
		default:
			e.say(t, "account_erase_confirm", nil, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		}
		return
	case t.input.payload == "" && tk.Step != stepConfirm && e.asksErase(t):
		// "je veux que vous supprimiez mon compte et toutes mes données",
		// "please delete all my personal data, GDPR request": for the
		// team, asked first (the details came, with an offer to correct
		// them; round 63b).
		tk.Step, tk.Reason = stepConfirm, requestErase
		e.say(t, "account_erase_confirm", nil, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	case tk.Step == stepConfirm && tk.Reason != requestUnsubscribe:
		answer := e.yesNo(t)
		if answer < 0 && t.input.free && !e.asksWhy(t) && e.texts.newDetailIn(t.input.text) {
			// "no wait, it's 07700 900465": the correction put right, not
			// dropped.
			e.confirmCorrection(t, strings.TrimSpace(t.input.text))
			return
		}
		if answer <= 0 && t.input.free && !e.asksWhy(t) && e.correctsWhichDetail(t) {
			if addr := e.texts.addressIn(tk.Note); addr != "" && e.texts.Mentions(t.lang(), keywordDetailNamed, t.input.norm) &&
				!e.texts.Mentions(t.lang(), keywordEmailWords, t.input.norm) && !e.texts.Mentions(t.lang(), keywordPhoneWords, t.input.norm) {
				// "ah non pardon, c'est l'adresse Maison qui change, pas
				// le bureau": the new address stands, for the other saved
				// one; both said to the team (the correction was dropped;
				// round 90a).
				e.confirmCorrection(t, tk.Note+" — "+strings.TrimSpace(t.input.text))
				return
			}
			// "pardon je voulais dire mon email pas mon tel": another
			// detail than the one summed up, not given yet; asked for
			// (the correction was dropped, and the e-mail given next
			// showed the account again; round 90a).
			tk.Step, tk.Note = stepText, ""
			e.say(t, "account_correction_ask", nil)
			return
		}
		switch answer {
		case 1:
			e.recordAccountRequest(t, requestCorrection, tk.Note)
		case -1:
			t.d.Task = nil
			e.say(t, "flow_retracted", map[string]any{"Flow": e.text(t, e.flows[intents.AccountDetails].name, nil)}, e.menu(t)...)
		default:
			note := tk.Note
			if t.input.free && e.texts.addressIn(note) != "" && e.texts.addressIn(t.input.text) == "" &&
				e.texts.Mentions(t.lang(), keywordAddressDetail, t.input.norm) {
				// "flat 3" after "my address is 14 rue de la République,
				// 69002 Lyon": added to it (it replaced it).
				note = note + ", " + strings.TrimSpace(t.input.text)
			} else if t.input.free && leadingYes.MatchString(t.input.text) && !e.asksWhy(t) && e.texts.newDetailIn(t.input.text) &&
				e.texts.Mentions(t.lang(), keywordAlso, t.input.norm) {
				// "yes and also my phone is 0612345678": one more for the
				// team (it replaced the surname's correction).
				note = note + " — " + strings.TrimSpace(t.input.text)
			} else if e.putsRight(t) || t.input.free && !e.asksWhy(t) && !e.bareAnswer(t) && e.texts.newDetailIn(t.input.text) {
				note = strings.TrimSpace(t.input.text) // the correction put right ("oui mais c'est 06 12 34 56 79")
				if bareDetail(note) && tk.Note != "" {
					// "oops, 07700 900132": the new value alone; the team
					// is told which detail it puts right (the ticket said
					// "oops, 07700 900132" and nothing else; round 49b).
					note = tk.Note + " — " + note
				}
			}
			e.confirmCorrection(t, note)
		}
		return
	case tk.Step == stepConfirm && tk.Reason == requestUnsubscribe:
		switch {
		case e.yesNo(t) > 0 && !e.texts.Mentions(t.lang(), keywordStaySubscribed, t.input.norm),
			t.input.payload == "" && e.restatesUnsubscribe(t):
			// (Or the wish said again, whatever its "no": « je ne veux
			// plus la recevoir, c'est tout », "no more newsletters
			// please"; round 116b.)
			e.recordAccountRequest(t, requestUnsubscribe, "")
		case e.yesNo(t) < 0 || e.texts.Mentions(t.lang(), keywordStaySubscribed, t.input.norm):
			e.keepDeclined(t)
			e.say(t, "account_stay_subscribed", nil)
		case t.input.free && e.texts.Mentions(t.lang(), keywordSomeoneElse, t.input.norm) && e.texts.Mentions(t.lang(), keywordNotMe, t.input.norm):
			// "en fait c'est pour mon mari, pas moi": another person's
			// newsletter, which only they can stop (the question came
			// again, and the "oui" next unsubscribed the customer; round
			// 66a).
			t.d.Task = nil
			e.say(t, "third_party_newsletter", nil)
		default:
			e.say(t, "account_unsubscribe_confirm", nil, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		}
		return
	case tk.Step == "" && tk.Reason == requestCorrection && tk.Note != "":
		// The correction asked beside an unsubscription, its turn come.
		e.confirmCorrection(t, tk.Note)
		return
	case t.input.payload == "" && e.asksUnsubscribe(t, tk.Step != stepChoice) && e.unsubscribesOther(t, c.Email):
		// "ma sœur voudrait se désinscrire de la newsletter", "my husband
		// wants to unsubscribe": another person's newsletter, which only
		// they can stop (the customer's own unsubscription was sent).
		t.d.Task = nil
		e.say(t, "third_party_newsletter", nil)
		return
	case t.input.payload == payloadUnsubscribe || e.asksUnsubscribe(t, tk.Step != stepChoice):
		correction := ""
		if t.input.payload == "" {
			// "mon numéro a changé c'est le 06 … et je veux plus recevoir
			// la newsletter": both (the correction was lost).
			correction = e.correctionIn(t, c.Email)
		}
		if !c.Newsletter {
			e.say(t, "account_not_subscribed", nil)
			if correction != "" {
				e.confirmCorrection(t, correction)
				return
			}
			t.d.Task = nil
			return
		}
		if correction != "" {
			t.d.Paused = append(t.d.Paused, task{Intent: intents.AccountDetails, Reason: requestCorrection, Note: correction})
		}
		if t.input.payload == payloadUnsubscribe {
			e.recordAccountRequest(t, requestUnsubscribe, "") // the button says it
			return
		}
		// Asked in words, perhaps with the details in between: asked
		// once more before the team gets it.
		tk.Step, tk.Reason = stepConfirm, requestUnsubscribe
		e.say(t, "account_unsubscribe_confirm", nil, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
		return
	case tk.Step == stepChoice && c.Phone != "" && e.checksPhone(t):
		// « mon numéro c'est toujours bien le 06 12 34 56 90 ? juste pour
		// être sûre »: whether it is (the details came again, twice;
		// round 91b).
		if samePhone(c.Phone, t.input.text) {
			t.d.Task = nil
			e.say(t, "account_phone_saved", nil)
			return
		}
		tk.Step, tk.Note = stepText, ""
		e.say(t, "account_phone_not_saved", nil)
		return
	case tk.Step == stepChoice && e.checksAddress(t):
		// "is the street still 24 Rue Oberkampf? just checking": whether
		// it is, not the details again (and the "yep" next sent the
		// address as a correction; round 91b).
		if a, ok := e.savedAddressAs(t, cmp.Or(e.texts.addressIn(t.input.text), withoutEntities(t.input.text, t.input.entities))); ok {
			t.d.Task = nil
			e.say(t, "account_address_saved", map[string]any{"Label": a.Label})
			return
		}
		tk.Step, tk.Note = stepText, ""
		e.say(t, "account_address_not_saved", nil)
		return
	case tk.Step == stepChoice && t.input.payload == "" && e.bareAnswer(t) && e.yesNo(t) > 0 && c.Newsletter:
		// "yes" to "correct something or unsubscribe?": which, asked
		// again.
		e.say(t, "account_what_next", nil, e.button(t, "button_unsubscribe", payloadUnsubscribe), e.button(t, "button_correct_details", payloadCorrect))
		return
	case tk.Step == stepChoice && t.input.payload == "" && e.bareAnswer(t) && e.yesNo(t) > 0:
		// "yes" to "would you like to correct something?", the one thing
		// offered: what is right, asked.
		tk.Step, tk.Note = stepText, ""
		e.say(t, "account_correction_ask", nil)
		return
	case t.input.payload == payloadCorrect ||
		tk.Step == stepChoice && t.input.payload == "" && (e.texts.Mentions(t.lang(), keywordDetailWrong, t.input.norm) || removesSavedAddress.MatchString(t.input.norm)):
		// (Or "my phone number is wrong" under the details: what is
		// right, asked; the details were shown again.)
		if t.input.payload == "" && (e.texts.Mentions(t.lang(), keywordDetailRemoved, t.input.norm) || removesSavedAddress.MatchString(t.input.norm)) {
			// (Or « je voudrais supprimer l'adresse Bureau »: a saved
			// address to take off; it was summed up as the order's new
			// address; round 116a, a near miss.)
			// "mon adresse Bureau n'existe plus": nothing more to ask, the
			// detail goes (it asked what was right).
			e.confirmCorrection(t, strings.TrimSpace(t.input.text))
			return
		}
		if t.input.payload == "" && !e.asksWhy(t) && e.texts.newDetailIn(e.withoutProof(t, t.input.text, c.Email)) {
			// "ah non pardon c'est mon numéro de tel que je veux changer,
			// le nouveau c'est 06 99 88 77 66": the new one given with it
			// (it asked what was right, twice; round 90a).
			e.confirmCorrection(t, e.withoutProof(t, t.input.text, c.Email))
			return
		}
		tk.Step, tk.Note = stepText, ""
		if t.input.payload == "" {
			tk.Note = strings.TrimSpace(t.input.text)
		}
		e.say(t, "account_correction_ask", nil)
		return
	case tk.Step != stepChoice && t.input.payload == "" && e.requestMentions(t, tk.Said, keywordSubscribe) && !e.unsubscribeIn(t, t.input.norm) &&
		!e.unsubscribeIn(t, intents.Normalize(tk.Said)):
		// (Or asked before the details: "I'd like to sign up for your
		// newsletter", then the e-mail and order number, got the details.)
		// "j'aimerais recevoir votre newsletter, vous pouvez m'inscrire ?":
		// how (the customer confirms it themselves), or that they are
		// subscribed (it showed the details, and "would you like to
		// unsubscribe?").
		t.d.Task = nil
		if c.Newsletter {
			e.say(t, "account_newsletter_on", nil)
			return
		}
		e.say(t, "account_newsletter_off", nil)
		if answer, err := e.faq.Answer(t.lang(), newsletterEntry, t.conv.CustomerID != 0); err == nil {
			t.replies = append(t.replies, Reply{Text: strings.TrimSpace(answer)})
		}
		return
	case t.input.payload == "" && c.Newsletter && !strings.Contains(t.input.text, "?") &&
		e.texts.Mentions(t.lang(), keywordStaySubscribed, t.input.norm) && !e.unsubscribeIn(t, t.input.norm) &&
		!e.texts.Mentions(t.lang(), keywordChangeAccountDetail, t.input.norm):
		// (Not "je ne veux pas me désinscrire, je veux juste changer mon
		// numéro": the correction; round 57b.)
		// "je ne veux surtout pas me désinscrire", "I want to stay
		// subscribed": nothing changes, and no button to unsubscribe
		// offered for the next "1" to press (it was; round 50b).
		t.d.Task = nil
		e.say(t, "account_newsletter_on", nil)
		return
	case tk.Step != stepChoice && t.input.payload == "" && e.texts.Mentions(t.lang(), keywordDetailRemoved, t.input.norm) &&
		!strings.Contains(t.input.text, "?"):
		// "please remove my office address from my account": the
		// correction for the team (it showed the details).
		e.confirmCorrection(t, e.withoutProof(t, t.input.text, c.Email))
		return
	case tk.Step != stepChoice && e.correctionIn(t, c.Email) != "":
		// "change my phone number to 06 12 34 56 78": the correction,
		// given at once, goes to the team (it showed the details, and
		// the new number was lost).
		e.confirmCorrection(t, e.correctionIn(t, c.Email))
		return
	}
	addresses, err := e.store.AddressesByCustomer(t.ctx, c.ID)
	if err != nil {
		e.fail(t, "addresses", err)
		return
	}
	data := map[string]any{"Name": c.Name, "Email": maskedEmail(c.Email), "Card": c.LoyaltyCard}
	if c.Phone != "" {
		data["Phone"] = maskedPhone(c.Phone)
	}
	e.say(t, "account_details", data)
	if len(addresses) == 0 {
		e.say(t, "account_no_address", nil)
	}
	for i, a := range addresses {
		if i == maxAccountLines {
			break
		}
		id := "account_address"
		if a.Default {
			id = "account_address_default"
		}
		e.say(t, id, map[string]any{"Label": a.Label, "Address": maskedAddress(a)})
	}
	buttons := []Button{e.button(t, "button_correct_details", payloadCorrect)}
	if c.Newsletter {
		e.say(t, "account_newsletter_on", nil)
		buttons = append([]Button{e.button(t, "button_unsubscribe", payloadUnsubscribe)}, buttons...)
	} else {
		e.say(t, "account_newsletter_off", nil)
	}
	tk.Step = stepChoice
	id := "account_what_next"
	if !c.Newsletter {
		id = "account_what_next_correct" // nothing to unsubscribe from
	}
	e.say(t, id, nil, buttons...)
}

// confirmCorrection repeats the correction, in the customer's words, and
// asks before the team gets it ("ignore me" and questions were sent as
// corrections).
func (e *Engine) confirmCorrection(t *turn, note string) {
	tk := t.d.Task
	if addr := e.texts.addressIn(note); addr != "" && !e.texts.Mentions(t.lang(), keywordDetailRemoved, intents.Normalize(note)) &&
		!e.texts.newDetailIn(strings.Replace(note, addr, "", 1)) {
		if a, ok := e.savedAddressAs(t, addr); ok {
			// « Au fait mon adresse du bureau c'est 3 place Bellecour 69002
			// Lyon si jamais »: the address saved already; nothing for the
			// team (an "ok" sent it as a correction; round 91b).
			t.d.Task = nil
			e.say(t, "account_address_saved", map[string]any{"Label": a.Label})
			return
		}
	}
	tk.Note, tk.Step = note, stepConfirm
	e.say(t, "account_correction_confirm", map[string]any{"Note": note}, e.button(t, "button_yes", payloadYes), e.button(t, "button_no", payloadNo))
}

// correctionIn returns the message, or the one that started the flow,
// when it asks to change a detail and gives the new one (a phone number,
// an e-mail address other than the account's own); "" otherwise.
func (e *Engine) correctionIn(t *turn, own string) string {
	for _, text := range []string{t.input.text, t.d.Task.Said} {
		// (Or an address given for the account: "modifier l'adresse de
		// mon bureau dans mon compte : maintenant c'est 40 rue …". A
		// question that gives the new detail asks for the change:
		// "pouvez-vous modifier mon numéro ? c'est maintenant le 06 …".)
		norm := intents.Normalize(text)
		// What follows the last question gives the detail, if anything
		// does.
		given := strings.ReplaceAll(strings.ToLower(text[strings.LastIndex(text, "?")+1:]), strings.ToLower(own), "")
		if whole := strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(text), "?", " "), strings.ToLower(own), ""); !e.texts.newDetailIn(given) &&
			e.texts.Mentions(t.lang(), keywordPolite, norm) && e.texts.newDetailIn(whole) {
			// Or a polite request that gives it before its question
			// mark: "could you update my email address to
			// h.clarke@example.org instead?" (round 67a).
			given = whole
		}
		asked := strings.Contains(text, "?") && !e.texts.newDetailIn(given) && !streetNamed.MatchString(text) &&
			!e.texts.Mentions(t.lang(), keywordSpellingFix, norm) // (nor "can you update my surname to Brown-Taylor?")
		if text == "" || asked ||
			!e.texts.Mentions(t.lang(), keywordChangeDetail, norm) && !e.texts.Mentions(t.lang(), keywordNewPhone, norm) &&
				!(e.texts.Mentions(t.lang(), keywordAccountPlace, norm) && e.texts.addressIn(text) != "") ||
			e.texts.Mentions(t.lang(), keywordTakeBack, intents.Normalize(text)) {
			// (Nor one taken back in the same words: "my phone is … —
			// no wait, I don't want to give you my number".)
			continue
		}
		if e.texts.newDetailIn(given) || streetNamed.MatchString(text) ||
			e.texts.Mentions(t.lang(), keywordSpellingFix, intents.Normalize(text)) && spellingGiven(text) {
			// (A spelling said wrong without the right one, "my name is
			// misspelled on my account", is asked for: the team got the
			// complaint alone; round 50a.)
			return e.withoutProof(t, text, own)
		}
	}
	return ""
}

// spellingGiven reports whether a message about a misspelt detail gives
// the right spelling: a capitalised word after the first ("it's Clark
// without the e", "c'est Dubois pas Dubos") or a quoted one.
func spellingGiven(text string) bool {
	if strings.ContainsAny(text, "\"«“") {
		return true
	}
	for i, w := range strings.Fields(text) {
		r, _ := utf8.DecodeRuneInString(w)
		if i > 0 && w != "I" && !strings.HasPrefix(w, "I'") && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// streetNamed is a house number and a street, without the postcode: "29
// Rue Oberkampf", "12 Baker Street".
var streetNamed = regexp.MustCompile(`(?i)\b\d{1,4}(?:\s*(?:bis|ter))?,?\s+(?:rue|avenue|av|boulevard|bd|place|allée|allee|chemin|impasse|quai|route|cours|street|st|road|rd|lane|avenue|drive|close|way|square)\b`)

// withoutProof returns a correction without the proof of identity given
// with it, the order numbers and the account's own e-mail ("mon nouveau
// numéro c'est le 06 12 34 56 78. elise@… OP-102501" went to the team
// whole).
func (e *Engine) withoutProof(t *turn, text, own string) string {
	var proof []intents.Entity
	for _, en := range e.entitiesOf(text, t.lang()) {
		if en.Type == intents.EntityOrderNumber || en.Type == intents.EntityEmail && strings.EqualFold(en.Value, own) {
			proof = append(proof, en)
		}
	}
	if len(proof) == 0 || e.texts.Mentions(t.lang(), keywordEmailWords, intents.Normalize(text)) {
		// (A change of e-mail address keeps both, for the team to see
		// which is which.)
		return strings.TrimSpace(text)
	}
	rest := strings.Trim(strings.Join(strings.Fields(withoutEntities(text, proof)), " "), " ,;.:")
	if rest == "" {
		return strings.TrimSpace(text)
	}
	return rest
}

// newDetailIn reports whether text gives a contact detail, not as a
// question: a phone number (eight digits or more), an e-mail address, or
// a street address.
func (t *Texts) newDetailIn(text string) bool {
	if strings.Contains(text, "?") {
		return false
	}
	if t.addressIn(text) != "" {
		return true
	}
	digits := 0
	for _, r := range text {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= 8 || strings.Contains(text, "@")
}

// asksUnsubscribe reports whether the message (or, with started, the one
// that started the flow) asks to stop the newsletter.
func (e *Engine) asksUnsubscribe(t *turn, started bool) bool {
	if strings.Contains(t.input.text, "?") && e.supposes(t) {
		// "Si je me désinscris de la newsletter, je perds mes points ?":
		// what would happen, no request (the unsubscription was offered
		// for a yes; left from round 55).
		return false
	}
	if e.unsubscribeIn(t, t.input.norm) {
		return true
	}
	if !started {
		return false
	}
	// The message that started the flow, unless it was a question ("how
	// do I unsubscribe?" answered from the FAQ, then the details given):
	// a question is no request to act on.
	said := t.d.Task.Said
	return said != "" && !strings.Contains(said, "?") && e.unsubscribeIn(t, intents.Normalize(said))
}

// bareDetail reports whether a correction is a value with at most two
// words around it ("oops, 07700 900132", "pardon, elise@…"), which says
// nothing of which detail it is.
func bareDetail(text string) bool {
	words := 0
	for _, w := range strings.Fields(emailPattern.ReplaceAllString(text, "")) {
		if !hasDigit(w) {
			words++
		}
	}
	return words <= 2
}

// unsubscribesOther reports whether the unsubscription asked, in this
// message or the one that started the flow, is someone else's and not
// the customer's own too.
func (e *Engine) unsubscribesOther(t *turn, own string) bool {
	lang := t.lang()
	entities := t.input.entities
	if said := t.d.Task.Said; said != "" && said != t.input.text {
		// "please unsubscribe elise.m@gmail.com from your newsletter",
		// then the proof with another address: the one named first
		// (the proof's was unsubscribed; round 51b).
		entities = append(slices.Clone(entities), e.entitiesOf(said, t.lang())...)
	}
	for _, en := range entities {
		if en.Type == intents.EntityEmail && !strings.EqualFold(en.Value, own) {
			// "pouvez-vous désinscrire henry.clarke@example.com de la
			// newsletter ?": that address's, not the customer's (theirs
			// was sent; round 50b).
			return true
		}
	}
	for _, text := range []string{t.input.text, t.d.Task.Said} {
		norm := intents.Normalize(text)
		if text != "" && e.unsubscribeIn(t, norm) {
			return e.texts.Mentions(lang, keywordSomeoneElse, norm) && !e.texts.Mentions(lang, keywordUnsubscribeMe, norm)
		}
	}
	return false
}

// asksErase reports whether this message, or the one that started the
// flow, asks for the account and its data deleted, and not as a question
// of how ("how do I delete my account?" gets the FAQ's answer).
func (e *Engine) asksErase(t *turn) bool {
	for _, text := range []string{t.input.text, t.d.Task.Said} {
		norm := e.afterCorrection(t.lang(), intents.Normalize(text))
		if text != "" && e.requestsEraseIn(t.lang(), norm) && !e.supposes(t) {
			return true
		}
	}
	return false
}

// afterCorrection returns what a normalised text says after the last
// words that put right what came before ("supprimez mon compte... enfin
// non pardon, je voulais dire juste de la newsletter", "please delete my
// account. No sorry, scratch that, I meant the marketing emails": each
// was asked to confirm an erasure, and a yes sent it; round 81b), or the
// whole text when it puts nothing right.
func (e *Engine) afterCorrection(lang, norm string) string {
	rest := norm
	for range 4 {
		phrase, at, ok := e.texts.findAt(lang, keywordItemCorrection, rest)
		if !ok || at == 0 && len(phrase) == len(rest) {
			break
		}
		rest = strings.TrimSpace(rest[min(len(rest), at+len(phrase)):])
	}
	if rest == "" {
		return norm
	}
	return rest
}

// asksEraseIn reports whether norm names the account closed or its data
// erased.
func (e *Engine) asksEraseIn(lang, norm string) bool {
	norm = e.without(lang, keywordPrivacyLaw, norm) // "GDPR" alone asks nothing
	// Not negated: "I don't want to delete my account, I just want to
	// change my phone number", "I'm not asking you to delete my account
	// or anything" (each was asked to confirm an erasure, and "yes" sent
	// it; round 68a).
	return e.mentionsUnnegatedWithin(lang, keywordEraseData, norm, 5) || e.mentionsUnnegatedWithin(lang, keywordCloseAccount, norm, 5)
}

// onlyDetailAtErase reports whether the answer to an erasure's question
// names only a detail of the account ("not the whole account, just my old
// address", "just delete my phone number, not everything").
func (e *Engine) onlyDetailAtErase(t *turn) bool {
	tk := t.d.Task
	return tk != nil && tk.Intent == intents.AccountDetails && tk.Step == stepConfirm && tk.Reason == requestErase && t.input.payload == "" &&
		e.texts.Mentions(t.lang(), keywordDetailNamed, t.input.norm) && e.texts.Mentions(t.lang(), keywordOnlyPart, t.input.norm)
}

// mentionsErase reports whether a message speaks of deleting the account
// or its data at all, asked for or not.
func (e *Engine) mentionsErase(lang, norm string) bool {
	norm = e.without(lang, keywordPrivacyLaw, norm)
	return e.texts.Mentions(lang, keywordEraseData, norm) || e.texts.Mentions(lang, keywordCloseAccount, norm)
}

// questionNotRequest reports whether text asks a question rather than for
// something done: "vous pouvez aussi supprimer toutes mes données ?" is a
// request put as a question (it got the FAQ's "write to us").
func (e *Engine) questionNotRequest(lang, text, norm string) bool {
	return strings.Contains(text, "?") && !e.texts.Mentions(lang, keywordYouDo, norm)
}

// requestsEraseIn reports whether norm asks for the account closed or its
// data erased, and not how to do it oneself ("how do I delete my
// account?" gets the FAQ's answer).
func (e *Engine) requestsEraseIn(lang, norm string) bool {
	return e.asksEraseIn(lang, norm) && !e.texts.Mentions(lang, keywordHowToSelf, norm)
}

// unsubscribeIn reports whether a normalised text asks to stop the
// newsletter, and not to stay on it ("please do NOT unsubscribe me").
func (e *Engine) unsubscribeIn(t *turn, norm string) bool {
	return e.texts.Mentions(t.lang(), keywordUnsubscribe, norm) && !e.texts.Mentions(t.lang(), keywordStaySubscribed, norm)
}

// recordAccountRequest files the request for the team and confirms it.
func (e *Engine) recordAccountRequest(t *turn, request, text string) {
	details := map[string]string{"request": request}
	if text != "" {
		details["text"] = text
	}
	ticket, err := e.openRequest(t, storage.TicketAccountRequest, storage.Order{}, "account: "+request, details)
	if e.sayAlreadyOpen(t, err, ticket) {
		return
	}
	if err != nil {
		e.fail(t, "account request", err)
		return
	}
	t.d.Task = nil
	if t.d.Last != nil {
		t.d.Last.Request = request
	}
	e.say(t, "account_"+request+"_recorded", map[string]any{"Ticket": ticket.Ref})
}

// asksWhatEraseLoses reports whether, at the summary of an erasure, the
// customer asks about their points or vouchers ("je vais perdre mes points
// ?", "what happens to my points?"): what the erasure loses, said again.
func (e *Engine) asksWhatEraseLoses(t *turn) bool {
	tk := t.d.Task
	lang, norm := t.lang(), t.input.norm
	return tk != nil && tk.Intent == intents.AccountDetails && tk.Step == stepConfirm && tk.Reason == requestErase &&
		t.input.payload == "" && e.yesNo(t) == 0 && (strings.Contains(t.input.text, "?") || e.startsQuestion(t)) &&
		(e.texts.Mentions(lang, keywordPointsWords, norm) || e.texts.Mentions(lang, keywordPromoWords, norm))
}

// asksOthersAccount reports whether a verified customer asks about another
// person's account, naming that person and their e-mail address ("my
// wife also shops with you, camille@…, how many points has she got?",
// « et mon épouse, elle est inscrite à la newsletter ? son mail c'est
// … »). A request about the customer's own account that names someone
// else ("my husband says my address is wrong") gives no other address.
func (e *Engine) asksOthersAccount(t *turn) bool {
	if t.conv.CustomerID == 0 || t.input.payload != "" {
		return false
	}
	lang, norm := t.lang(), t.input.norm
	if !e.namesOtherPerson(lang, norm) || e.resendsEGiftCard(t) || e.othersWriteNow(t) {
		// (Not "resend my niece's e-gift card to nina@…": the address
		// the card goes to. Nor "ma femme prend le relais : elise@…
		// OP-102501": she writes now, with her own proof, and the
		// husband's no longer counts; it did, and she cancelled his
		// order, saw another account's points; round 86b.)
		return false
	}
	v, ok := e.entity(t, intents.EntityEmail)
	if !ok {
		return false
	}
	c, err := e.customer(t)
	return err == nil && !strings.EqualFold(v, c.Email)
}

// correctsWhichDetail reports whether a message at a correction's summary
// says it is another detail that changes, without giving it: "pardon je
// voulais dire mon email pas mon tel", "no sorry, it's my home address,
// not the work one".
func (e *Engine) correctsWhichDetail(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return !e.texts.newDetailIn(t.input.text) && e.texts.Mentions(lang, keywordDetailNamed, norm) &&
		(e.texts.Mentions(lang, keywordItemCorrection, norm) || e.texts.Mentions(lang, keywordFollowupCorrection, norm))
}

// checksPhone reports whether a message gives a phone number to check it
// against the one held, asking.
func (e *Engine) checksPhone(t *turn) bool {
	return t.input.payload == "" && slices.ContainsFunc(phoneNumbersIn(t.input.text), func(n string) bool { return len(n) >= samePhoneDigits }) &&
		e.texts.Mentions(t.lang(), keywordChecksDetail, t.input.norm) && e.texts.Mentions(t.lang(), keywordPhoneWords, t.input.norm)
}

// samePhone reports whether text gives the phone number held: the same
// last samePhoneDigits digits, whatever the country code or spacing ("06
// 72 18 45 90" is "+33 6 72 18 45 90").
func samePhone(held, text string) bool {
	tail := func(n string) string { return n[len(n)-samePhoneDigits:] }
	for _, h := range phoneNumbersIn(held) {
		for _, n := range phoneNumbersIn(text) {
			if len(h) >= samePhoneDigits && len(n) >= samePhoneDigits && tail(h) == tail(n) {
				return true
			}
		}
	}
	return false
}

// samePhoneDigits is how many last digits of two phone numbers must agree:
// a French number's nine after its 0 or +33.
const samePhoneDigits = 9

// restatesUnsubscribe reports whether a message at the unsubscription's
// question says the wish again, in words that are no question about it:
// « je ne veux plus la recevoir, c'est tout », not "Before I say yes -
// will I lose my loyalty points if I unsubscribe?" (that sent the request;
// round 118b, a wrong action).
func (e *Engine) restatesUnsubscribe(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return e.unsubscribeIn(t, norm) && !strings.Contains(t.input.text, "?") && !e.hesitates(t) &&
		!e.texts.Mentions(lang, keywordCondition, politeIf.Replace(norm)) && !e.asksWhy(t)
}

package bot

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"supportbot/intents"
	"supportbot/storage"
)

// collectIdentity keeps the identity pieces a not-yet-verified customer
// gives, in any order and over several messages.
func (e *Engine) collectIdentity(t *turn) {
	if t.conv.CustomerID != 0 {
		return
	}
	if v, ok := e.entity(t, intents.EntityEmail); ok {
		t.d.Email = strings.ToLower(v)
		if last := e.lastEntity(t, intents.EntityEmail); last != v && (e.texts.Mentions(t.lang(), keywordChangesAsked, t.input.norm) || e.correctedBetween(t, v, last)) {
			// "my email is henry@… but please don't use it, use
			// h.clarke@work.example instead": the one to use (the first
			// was given to the team). So "sophie.laurent@example.com...
			// no sorry, sophie.laurent@example.fr" (the first was checked,
			// and failed; round 122a).
			t.d.Email = strings.ToLower(last)
		} else if current := e.currentEmail(t); current != "" {
			// "update my email address to henry.c@example.org, current
			// one henry.clarke@example.com": the account's is the one
			// not said to be new (the new one was checked, and failed).
			t.d.Email = strings.ToLower(current)
		}
	}
	if v, ok := e.entity(t, intents.EntityOrderNumber); ok && !e.notAnOrderNumber(t, v) {
		t.d.OrderRef, t.d.Card = v, ""
	}
	if v, ok := e.entity(t, intents.EntityLoyaltyCard); ok {
		t.d.Card, t.d.OrderRef = v, ""
	}
	if ref := e.bareReference(t); ref != "" {
		t.d.OrderRef, t.d.Card = ref, ""
	}
	if d := &t.d; d.Tried != nil && d.OrderRef == "" && d.Card == "" && e.correctsIdentity(t) {
		// "oops I swapped the digits, 100701": after a failed check, the
		// one number of an order's length in the message is its number.
		if n := loneNumber(t.input.text); n != "" {
			d.OrderRef = n
		}
	}
	if d := &t.d; d.Tried != nil && d.Tried.Email != "" && d.Email == "" && e.correctsIdentity(t) {
		// "ah non .fr pardon" after a check with margaux@example.com
		// failed: the same address with that ending (it was read as a
		// no, and the invoice dropped; round 86b).
		if email, ok := withDomainEnding(d.Tried.Email, t.input.text); ok {
			d.Email = email
			t.identityFixed = true
		}
	}
	if d := &t.d; d.Tried != nil && e.correctsIdentity(t) {
		// One piece corrected after a failed check: tried with the other
		// piece of that check. Each try still counts towards a lock-out.
		switch {
		case d.Email != "" && d.OrderRef == "" && d.Card == "":
			d.OrderRef, d.Card = d.Tried.OrderRef, d.Tried.Card
			t.triedBefore, d.Tried = d.Tried, nil
		case d.Email == "" && (d.OrderRef != "" || d.Card != ""):
			d.Email = d.Tried.Email
			t.triedBefore, d.Tried = d.Tried, nil
		}
	}
}

// correctedBetween reports whether the words between two details of a
// message put the first right ("… no sorry, …", « ah non pardon »).
func (e *Engine) correctedBetween(t *turn, first, last string) bool {
	i, j := strings.Index(t.input.text, first), strings.LastIndex(t.input.text, last)
	if i < 0 || j < i+len(first) {
		return false
	}
	return e.texts.Mentions(t.lang(), keywordItemCorrection, intents.Normalize(t.input.text[i+len(first):j]))
}

// lacksDetails reports whether the message says the customer does not
// have an identity piece, and gives none.
func (e *Engine) lacksDetails(t *turn) bool {
	return t.input.payload == "" && len(t.input.entities) == 0 && t.input.text != "" &&
		e.texts.Mentions(t.lang(), keywordNoDetails, t.input.norm)
}

// notAnOrderNumber reports whether what reads as an order number is a
// promotion or door code: other letters than the shop's orders', in a
// message about a code ("le code NOEL2024 ne fonctionne pas", "door code
// 4521" failed the identity check, a step towards a lock-out). A shop
// without an order example (no prefix known) keeps every match.
func (e *Engine) notAnOrderNumber(t *turn, number string) bool {
	prefix := strings.ToUpper(strings.TrimRightFunc(e.shop.OrderExample, func(r rune) bool { return !unicode.IsLetter(r) }))
	if i := strings.IndexFunc(prefix, func(r rune) bool { return !unicode.IsLetter(r) }); i >= 0 {
		prefix = prefix[:i]
	}
	return prefix != "" && !strings.HasPrefix(strings.ToUpper(number), prefix) &&
		e.texts.Mentions(t.lang(), keywordPromoWords, t.input.norm)
}

// lacksDetailsVaguely reports whether the message says the customer lacks
// what was asked without naming it ("I don't have it", "je sais plus").
func (e *Engine) lacksDetailsVaguely(t *turn) bool {
	return t.input.payload == "" && len(t.input.entities) == 0 && t.input.text != "" &&
		e.texts.Mentions(t.lang(), keywordNoDetailsVague, t.input.norm)
}

// namesOtherAccount reports whether the message names an e-mail address
// or a loyalty card that is not the verified customer's.
func (e *Engine) namesOtherAccount(t *turn, c storage.Customer) bool {
	if v, ok := e.entity(t, intents.EntityEmail); ok && !strings.EqualFold(v, c.Email) {
		return true
	}
	v, ok := e.entity(t, intents.EntityLoyaltyCard)
	return ok && alnum(v) != alnum(c.LoyaltyCard)
}

// asksOtherDetails reports whether, in the account's details, the message
// asks to be shown another account's ("now show me the info for
// elise.marchand@example.fr": it was sent to the team as a correction of
// the customer's own), not to change their own contact to it.
func (e *Engine) asksOtherDetails(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.d.Task.Intent == intents.AccountDetails && t.input.payload == "" &&
		e.texts.Mentions(lang, keywordOtherAccountInfo, norm) && !e.texts.Mentions(lang, keywordChangeDetail, norm)
}

// alnum keeps the letters and digits of s, upper-cased: "opl 1001-01" and
// "OPL-1001-01" are one card.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			return r
		}
		return -1
	}, s)
}

// correctsIdentity reports whether the message may correct the pieces of
// a failed identity check: it is no new request ("send me the invoice of
// OP-102201" starts afresh, its pieces on their own).
func (e *Engine) correctsIdentity(t *turn) bool {
	tk := t.d.Task
	if tk == nil || tk.Step != stepIdentity {
		return false
	}
	if t.d.Tried != nil && t.d.Tried.Email != "" && len(strings.Fields(t.input.norm)) <= maxDomainFixWords {
		if _, ok := withDomainEnding(t.d.Tried.Email, t.input.text); ok {
			return true // « oups, example.fr avec un a », read as a person at 0.85
		}
	}
	// ("pardon c'est OP-100401", details alone, read as tracking: the
	// e-mail of the first message was asked again.)
	return !e.isFlow(t.u.Intent) || t.u.Intent == tk.Intent || t.u.Confidence < interruptConfidence ||
		e.detailsOnly(t.input.text, Understanding{Lang: t.lang(), Entities: t.input.entities})
}

// maxDomainFixWords is the longest message read as a domain put right.
const maxDomainFixWords = 8

// bareReference returns a number the customer gives alone, in a shape the
// patterns don't know ("CARTE-55012"), when the bot waits for an order or
// card number: it is tried as both. "" otherwise.
func (e *Engine) bareReference(t *turn) string {
	tk := t.d.Task
	if tk == nil || tk.Step != stepIdentity || e.hasEntity(t, intents.EntityOrderNumber, intents.EntityLoyaltyCard) {
		return ""
	}
	if _, ok := e.entity(t, intents.EntityEmail); !ok && t.d.Email == "" {
		return ""
	}
	ref := ""
	for _, f := range strings.Fields(t.input.text) {
		f = strings.Trim(f, ".,;:!?#()")
		switch {
		case strings.Contains(f, "@") || f == "":
		case isReference(f):
			if ref != "" {
				return "" // two candidates: don't guess
			}
			ref = f
		case !e.texts.IsKeyword(t.lang(), keywordDetails, intents.Normalize(f)) && !e.texts.InAnyLanguage(keywordCourtesyWord, intents.Normalize(f)):
			return "" // the message says more than a number
		}
	}
	return ref
}

// isReference reports whether s looks like an order or card number: 4 to
// 32 letters, digits and dashes, with at least one digit.
func isReference(s string) bool {
	if len(s) < 4 || len(s) > 32 || strings.IndexFunc(s, isDigitRune) < 0 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || isDigitRune(r) || r == '-' || r == '_' || r == '/') {
			return false
		}
	}
	return true
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// currentEmail returns, of two e-mail addresses in a message, the one not
// said to be new when the other is ("change my email to X, the current
// one is Y", "je voudrais la remplacer par X"); "" otherwise.
func (e *Engine) currentEmail(t *turn) string {
	var emails []intents.Entity
	for _, en := range t.input.entities {
		if en.Type == intents.EntityEmail {
			emails = append(emails, en)
		}
	}
	if len(emails) != 2 {
		return ""
	}
	isNew := func(en intents.Entity) bool {
		before := strings.Fields(intents.Normalize(textBefore(t.input.text, en)))
		for _, w := range before[max(0, len(before)-3):] {
			if e.texts.IsKeyword(t.lang(), keywordNewDetailBefore, w) {
				return true
			}
		}
		return false
	}
	switch first, second := isNew(emails[0]), isNew(emails[1]); {
	case first && !second:
		return emails[1].Value
	case second && !first:
		return emails[0].Value
	}
	return ""
}

// identify returns the verified customer of the conversation. When the
// conversation is not verified yet it asks for what is missing, or checks
// the pieces given; it reports false until the check succeeds.
//
// Nothing said before success depends on whether the e-mail or the order
// exists: a mismatch, an unknown e-mail and an unknown order all get the
// same answer.
func (e *Engine) identify(t *turn) (storage.Customer, bool) {
	if t.conv.CustomerID != 0 {
		c, err := e.customer(t)
		if err != nil {
			e.fail(t, "load verified customer", err)
			t.d.Task = nil
			return storage.Customer{}, false
		}
		if (e.flows[t.d.Task.Intent].query || e.asksOtherDetails(t)) && e.namesOtherAccount(t, c) {
			// "how many points does camille.durand@example.fr have?":
			// answering with the customer's own figures would read as
			// hers.
			t.d.Task = nil
			e.say(t, "identity_other_account", map[string]any{"Name": c.Name})
			return storage.Customer{}, false
		}
		return c, true
	}
	asked := t.d.Task.Step == stepIdentity
	t.d.Task.Step = stepIdentity
	d := &t.d
	if e.writesForOther(t) {
		// "I'm writing on behalf of my husband James … his email is …",
		// « ma femme m'a demandé de regarder ses points, son mail c'est
		// … »: whoever writes has said they are not the account holder,
		// so the holder's details prove nothing about them (the
		// husband's account was shown, and its deletion one yes away;
		// rounds 94b to 102a). No attempt is counted. Nor are they asked
		// for the holder's details ("He's on a plane, can't you just open
		// the investigation for him?" got "please give me the e-mail
		// address used for the order"; round 112b).
		e.refuseForOther(t)
		return storage.Customer{}, false
	}
	if e.lacksDetails(t) || asked && e.lacksDetailsVaguely(t) {
		// "I don't have the order number": where to find it, and a
		// person otherwise; asking again would not help. "I don't have
		// it" only as the answer to the question: "my parcel says
		// delivered but I don't have it", which starts the flow, is
		// about the parcel.
		e.say(t, "identity_help", map[string]any{"Example": e.shop.OrderExample}, e.button(t, "button_human", payloadHuman))
		return storage.Customer{}, false
	}
	key := orderKey(d.OrderRef, d.Card)
	switch {
	case d.Email == "" && key == "":
		e.say(t, "identity_ask", nil)
		return storage.Customer{}, false
	case d.Email == "":
		e.say(t, "identity_ask_email", nil)
		return storage.Customer{}, false
	case key == "":
		e.say(t, "identity_ask_order", map[string]any{"Example": e.shop.OrderExample})
		return storage.Customer{}, false
	}
	// Both pieces are here: an attempt, unless a lock-out refuses it.
	return e.checkIdentity(t, key)
}

// writesForOther reports whether whoever writes, not yet verified, has
// said in this message or before that they write for the account holder
// (noteForOther, run on every message, keeps it).
func (e *Engine) writesForOther(t *turn) bool {
	return t.conv.CustomerID == 0 && t.d.ForOther
}

// refuseForOther says that only the account holder can ask, and drops the
// holder's details given and the request they were for.
func (e *Engine) refuseForOther(t *turn) {
	e.noteRefusedEmail(t)
	t.d.Email, t.d.OrderRef, t.d.Card = "", "", ""
	t.d.Task = nil
	e.sayForOther(t, "identity_for_other")
}

// keepNoProofForOther, for a message refused as a request for someone
// else, keeps none of the identity details it gave, and takes whoever
// writes, not yet verified, as writing for the holder, whose details they
// may give next: « je travaille avec Amelia Brown, elle m'a demandé
// de lancer le retour de son foulard. amelia.brown@… OP-101001 » was
// refused, then verified as Amelia with those details at "passez-moi un
// conseiller" or « sa commande a bien été livrée ? », and a return made
// (round 111a, leaks and a wrong action).
//
// Details given before any word of the other person are the writer's own
// introduction ("lucas.bernard@… OP-100401. Mon pote Hugo a commandé le
// même collier…"), and stay (round 101b).
func (e *Engine) keepNoProofForOther(t *turn) {
	if t.conv.CustomerID != 0 {
		return
	}
	if len(t.input.entities) > 0 {
		lang, before := t.lang(), e.beforeDetails(t)
		if !e.texts.Mentions(lang, keywordThirdParty, before) && !e.texts.Mentions(lang, keywordRelative, before) &&
			!e.texts.Mentions(lang, keywordOtherPeople, before) && !e.texts.Mentions(lang, keywordWritesForOther, before) {
			return
		}
	}
	// Said with no details too: "Hello, I am the carer of Mrs Amelia
	// Brown. She would like to return the earrings…", then her details,
	// which were verified and a return made (round 112a).
	t.d.ForOther = true
	e.noteRefusedEmail(t)
	t.d.Email, t.d.OrderRef, t.d.Card = "", "", ""
}

// noteRefusedEmail keeps the e-mail address, order number and loyalty
// card of details refused as another person's: the ones this message
// gives, else the ones given before it. Those refused earlier stay when
// none is given now.
func (e *Engine) noteRefusedEmail(t *turn) {
	if v, ok := e.entity(t, intents.EntityOrderNumber); ok {
		// The order named for someone else, too: "pour mon amie Sophie :
		// sa commande OP-100701", then « oubliez mon amie : c'est ma
		// commande, sophie@… OP-100701 » was served (round 120a, a leak).
		t.d.RefusedOrder = storage.NormalizeOrderNumber(v)
	} else if t.d.OrderRef != "" {
		t.d.RefusedOrder = storage.NormalizeOrderNumber(t.d.OrderRef)
	}
	if v, ok := e.entity(t, intents.EntityLoyaltyCard); ok {
		t.d.RefusedCard = storage.NormalizeCard(v)
	} else if t.d.Card != "" {
		t.d.RefusedCard = storage.NormalizeCard(t.d.Card)
	}
	if at := theirEmailGiven.FindStringIndex(t.input.text); at != nil {
		// "… Her email is amelia@…": hers, not the writer's own given
		// before it (the writer was then refused their own; round 117a).
		if v := emailPattern.FindString(t.input.text[at[0]:]); v != "" {
			t.d.RefusedEmail = strings.ToLower(strings.TrimRight(v, ".,;!?"))
			return
		}
	}
	if v, ok := e.entity(t, intents.EntityEmail); ok {
		t.d.RefusedEmail = strings.ToLower(v)
	} else if t.d.Email != "" {
		t.d.RefusedEmail = strings.ToLower(t.d.Email)
	}
}

// writesForOtherSaid reports whether a normalised message says its
// writer writes for someone else, in the words of writes_for_other; not
// "je suis la maman de" someone unnamed (« … d'une petite fille de 3 ans
// », who wrote for herself and was refused; round 112a).
func (e *Engine) writesForOtherSaid(lang, norm string) bool {
	phrase, at, ok := e.texts.findAt(lang, keywordWritesForOther, norm)
	for other := range e.texts.keywords {
		if ok {
			break
		}
		if other == lang {
			continue
		}
		// In the other language too: « Bonjour, asking for a friend:
		// combien de points … » (verified, and the points shown; round
		// 131b, a leak).
		phrase, at, ok = e.texts.findAt(other, keywordWritesForOther, norm)
	}
	if !ok {
		return false
	}
	if parentIntro.MatchString(phrase) && e.texts.Mentions(lang, keywordOwnPurchase, norm) {
		// « je suis la maman de Léo et j'ai commandé un pendentif … »: a
		// parent's own order for a child (refused twice; round 119a).
		return false
	}
	if strings.HasSuffix(phrase, " de") || strings.HasSuffix(phrase, " of") {
		return !ofSomeone.MatchString(strings.Join(strings.Fields(phrase[len(phrase)-2:]+" "+norm[min(len(norm), at+len(phrase)):]), " "))
	}
	if toldMeICould.MatchString(phrase) && (ownThing.MatchString(norm) || e.texts.Mentions(lang, keywordOwnPurchase, norm)) {
		// « ma mère m'a dit que je pouvais faire une réclamation, mon
		// colis est marqué livré mais je l'ai pas »: advice about the
		// writer's own parcel (refused; round 138b).
		return false
	}
	if relayPhrase.MatchString(phrase) {
		// What the writer will pass on says so only when it is what the
		// relative may do ("I'll let my boyfriend know he can still
		// cancel"), not news of the writer's own ("Thanks, I'll tell my
		// husband it's sorted", refused; round 132b).
		return theyMayAfter.MatchString(norm[min(len(norm), at+len(phrase)):])
	}
	return true
}

// toldMeICould is a phrase of writes_for_other by which someone told the
// writer what they could do, normalised.
var toldMeICould = regexp.MustCompile(toldMeICouldRE + `$`)

// toldMeICouldIn is toldMeICould anywhere in a normalised text.
var toldMeICouldIn = regexp.MustCompile(toldMeICouldRE)

// toldMeICouldRE is someone telling the writer what they could do.
const toldMeICouldRE = `\b(?:me a dit que je (?:pouvais|peux|pourrais)|told me i (?:could|can))`

// relayPhrase is a phrase of writes_for_other by which the writer says
// they will pass the answer on, normalised.
var relayPhrase = regexp.MustCompile(`\b(?:tell|let|pass it on to) my$|\bdirais? a (?:mon|ma)$`)

// theyMayAfter is, within a few words, what someone else may do or has,
// normalised: "… boyfriend know he can", « … fils qu'il peut »; not what
// they did ("I'll tell my wife, she's been nagging me to use them" ended
// the holder's proof; round 139b).
var theyMayAfter = regexp.MustCompile(`^(?: \S+){0,4}? (?:(?:he|she|they|il|elle|qu il|qu elle) (?:can|could|may|might|will be able|is able|peut|pourra|pourrait|a le droit)|his|her|sa|son|ses)\b`)

// parentIntro is a phrase of writes_for_other by which a parent
// introduces themselves, normalised.
var parentIntro = regexp.MustCompile(`\b(?:je suis (?:la|le) (?:maman|papa|mere|pere)|i am (?:the )?(?:mum|mom|mother|dad|father))\b`)

// beforeDetails returns the message before its first detail (an e-mail,
// an order number), normalised; the whole message when it gives none.
func (e *Engine) beforeDetails(t *turn) string {
	if len(t.input.entities) == 0 {
		return t.input.norm
	}
	first := slices.MinFunc(t.input.entities, func(a, b intents.Entity) int { return a.Start - b.Start })
	runes := []rune(t.input.text)
	return intents.Normalize(string(runes[:min(max(first.Start, 0), len(runes))]))
}

// othersStoryBeforeDetails reports whether a message tells of someone
// else's order or parcel before any details it gives: « Mon chum Thomas a
// pas reçu son colis pis c'est marqué livré », "My mother Emma Johnson has
// been waiting 2 days and her order is STILL pending" (each was answered,
// and the holder's details in the next message verified; round 112a).
// Details given first are the writer's own introduction, and the
// writer's own said beside keeps it theirs.
func (e *Engine) othersStoryBeforeDetails(t *turn) bool {
	lang, before := t.lang(), e.beforeDetails(t)
	if m := relativeWhoOrdered.FindStringSubmatchIndex(before); m != nil && e.relativeAt(lang, before[m[2]:]) && !forWriter.MatchString(before[m[1]:]) &&
		// (Not the noun: « un pendentif gravé pour les 70 ans de ma
		// maman, commande OP-101402 »; refused; round 133a.)
		!(strings.HasSuffix(before[m[0]:m[1]], " commande") && !auxBefore.MatchString(before[m[0]:m[1]]) &&
			(strings.TrimSpace(before[m[1]:]) == "" || orderNounAfter.MatchString(before[m[1]:]))) &&
		// (Not the writer ordering after the relative is named: "It's for
		// my mum - I ordered a necklace for her birthday"; refused,
		// round 128b.)
		!(m[4] >= 0 && writerWord[before[m[4]:m[5]]]) &&
		!e.texts.Mentions(lang, keywordSameAsMine, t.input.norm) && !e.ownSaid(lang, t.input.norm) {
		// (Not the holder's account said to be hers: "the account is
		// mine but my husband placed the last order from my laptop" was
		// refused; round 117a.)
		// « c ma meuf ki a commandé OP-100701 » (round 112a); "My son
		// placed order OP-100601"; whoever paid (« … mais c moi qui ai
		// payé » was verified as the girlfriend; round 114b).
		return true
	}
	return e.texts.Mentions(lang, keywordThirdParty, before) &&
		(e.texts.Mentions(lang, keywordRelative, before) || e.texts.Mentions(lang, keywordOtherPeople, before)) &&
		!e.saysOwn(t) && !e.texts.Mentions(lang, keywordSameAsMine, t.input.norm) &&
		// (Nor the writer's own beside it: « Ma soeur a pu retourner le
		// sien sans souci, alors pourquoi mon retour a été refusé ??? »
		// was refused; round 131b.)
		!ownThing.MatchString(t.input.norm) &&
		// (Nor delivering to someone: « je voudrais faire livrer chez ma
		// mère, avec son adresse » is the holder's own request.)
		!e.texts.Mentions(lang, keywordDeliverVerb, before) && !e.texts.Mentions(lang, keywordDestinationOther, before)
}

// relativesOrderAsked reports whether a message asks about a relative's
// order, parcel or points, named as theirs: « où en est la commande de mon
// grand-père ? », "where's my granddad's parcel?" (the details given next
// were verified as his; round 115a, leaks).
func (e *Engine) relativesOrderAsked(t *turn) bool {
	return e.relativesOrderNamed(t.lang(), t.input.norm) && !e.saysOwn(t)
}

// relativesOrderNamed reports whether a normalised message names an
// order, a parcel or points as a relative's.
func (e *Engine) relativesOrderNamed(lang, norm string) bool {
	return e.relativeInGroups(lang, norm, relativesThing)
}

// relativeInGroups reports whether a match of re in a normalised text
// has a group that starts at someone of the writer's (relativeAt).
func (e *Engine) relativeInGroups(lang, norm string, re *regexp.Regexp) bool {
	if !e.namesSomeone(lang, norm) {
		return false
	}
	for _, m := range re.FindAllStringSubmatchIndex(norm, -1) {
		for g := 2; g+1 < len(m); g += 2 {
			if m[g] >= 0 && e.relativeAt(lang, norm[m[g]:]) {
				return true
			}
		}
	}
	return false
}

// relativesThing is an order, a parcel or points said to be someone's of
// the writer's, normalised: « la commande de ma … », "my …'s order" (whose
// "'s" normalises to " is"); the group starts at whose. (« la demande de ma
// sœur », not « j'ai demandé à ma voisine », a holder refused; round
// 123a.)
var relativesThing = regexp.MustCompile(`\b(?:commande|commandes|achat|achats|colis|points|compte|bons|bon|codes|code|facture|dossier|reclamation|echange|retour|remboursement|avoirs|avoir|fidelite|newsletter|courriel|mail|email)(?: \S+){0,2} (?:de|d|a|par) (?:ma|mon|notre|nos) (\S)|\bdemande(?: \S+){0,2} (?:de|d|par) (?:ma|mon|notre|nos) (\S)|\b(?:my|our) ((?:\S+ )?\S+?)(?: is| s|s)? (?:order|orders|purchase|purchases|parcel|package|points|account|vouchers|voucher|codes|code|invoice|claim|case|request|exchange|return|refund|loyalty|newsletter|details)\b|\bpoints(?: \S+){0,2} (?:ma|mon) (\S+) (?:a|possede)\b`)

// cardWords are the account objects that may be a bank card too.
var cardWords = map[string]bool{"card": true, "carte": true}

// relativesAccount is an account said to be someone's of the writer's,
// normalised: "It's on my girlfriend's account" (whoever paid: "I paid for
// this order with my own card … It's on my girlfriend's account" was
// verified as her; round 124a, a leak); the group at whose.
var relativesAccount = regexp.MustCompile(`\bmy ((?:\S+ )?\S+?)(?: is| s|s)? (?:account|login)\b|\b(?:le |sur le )?compte (?:de|d) (?:ma|mon) (\S+)|\b(?:the|this|that) (?:account|login) is (?:in )?my (\S+)|\ble compte (?:est|c est) (?:a|celui de|celui d|au nom de) (?:ma|mon) (\S+)`)

// theirAccountUsed reports whether a normalised message says an order
// was placed with someone else's account ("I bought the scarf for my
// mother-in-law using her account"), not the writer's own points moved
// to it, nor beside the writer's own account or order.
func (e *Engine) theirAccountUsed(lang, norm string) bool {
	if e.texts.Mentions(lang, keywordOwnAccount, norm) {
		return false // "our joint account"
	}
	if m := inTheirName.FindStringSubmatch(norm); m != nil && (m[1] == "" || e.relativeAt(lang, m[1])) && !e.ownSaid(lang, norm) {
		// "the order OP-100701 is in her name but I'm the one asking",
		// "the order OP-100401 is in my wife's name" (verified, and the
		// order cancelled; round 133b, a leak and a wrong action).
		return true
	}
	// (Not a relative's own order beside the writer's: "my wife ordered
	// the same necklace on her own account, so I'd like to cancel mine";
	// round 108a's test.)
	// (Nor the other order said to be on a relative's account, beside
	// the writer's own: "my wife must have ordered the other one on her
	// account. leave mine as it is then" ended the holder's proof; round
	// 138a.)
	return e.texts.Mentions(lang, keywordTheirAccountUsed, norm) && !e.texts.Mentions(lang, keywordMovesOwnPoints, norm) &&
		!e.ownSaid(lang, norm) && !e.texts.Mentions(lang, keywordSameAsMine, norm) &&
		!e.ownBesideOther(lang, norm)
}

// ownBesideOther reports whether a normalised message sets the writer's
// own order beside another one it speaks of ("… the other one on her
// account. leave mine as it is").
func (e *Engine) ownBesideOther(lang, norm string) bool {
	return e.texts.Mentions(lang, keywordOtherOrder, norm) && mineWord.MatchString(norm)
}

// mineWord is the writer's own order said beside another, normalised.
var mineWord = regexp.MustCompile(`\b(?:mine|my own|my order|la mienne|le mien|ma commande|ma propre)\b`)

// inTheirName is an order or account said to be in someone else's name,
// normalised ("'s" is " is"); the group is whose, after "my".
var inTheirName = regexp.MustCompile(`\b(?:order|account|it|commande|compte)(?: \S+){0,2} (?:is|was|est|etait) (?:in|au|a) (?:my (\S+?)(?: is| s|s)?|her|his|son|sa) (?:name|nom)\b`)

// asksForRelative reports whether a normalised message says its writer
// asks for a relative or a colleague: "Asking for my brother: can he
// still cancel OP-100401?", « une question pour ma femme », or « c'est
// pour ma sœur, elle voudrait savoir combien elle a de points » with the
// other's account said beside (each was verified with the holder's
// details and served; round 116b, leaks and a wrong action). Not "it's
// for my sister" alone: a present the customer bought.
func (e *Engine) asksForRelative(lang, norm string) bool {
	if !e.namesSomeone(lang, norm) {
		return false
	}
	for _, m := range askingForWhom.FindAllStringSubmatchIndex(norm, -1) {
		whom := norm[m[6]:]
		if !e.relativeAt(lang, whom) || !possessives[norm[m[4]:m[5]]] && ownerAfter.MatchString(whom) {
			// ("a question for a friend's present": whose present, not
			// for whom the question; "my friend's" is the friend's
			// account and asks for them.)
			continue
		}
		present := forPresent[norm[m[2]:m[3]]]
		if present && e.texts.Mentions(lang, keywordOwnPurchase, norm) {
			// « c'est pour ma compagne, elle fait du 54 et j'ai pris du
			// 52, elle m'a demandé de l'échanger »: a present the writer
			// bought (refused; round 122b).
			continue
		}
		if after := norm[m[1]:]; !present || e.texts.Mentions(lang, keywordTheirAccount, after) || e.texts.Mentions(lang, keywordRelativeWants, after) ||
			e.texts.Mentions(lang, keywordPointsWords, norm) {
			// (Nor points, which no present holds: « combien de points sur
			// ce compte ? …, c'est pour une copine » showed them; round
			// 131b, a leak.)
			return true
		}
	}
	return false
}

// askingForWhom is a question asked for someone of the writer's,
// normalised ("hi, checking an order for my mum": her details were then
// verified as the writer's; round 122a, a leak); the first group is how,
// the second is the possessive or article before whom, the third starts
// at whom.
var askingForWhom = regexp.MustCompile(`\b(asking|enquiring|inquiring|question|questions|demande|renseigne|write|writing|ecris|ecrit|ecrire|doing this|doing it|doing|it is|its|this is|ce est|c est|cest|ce|checking(?: on| up on)?(?: (?:an|the|a|this) (?:order|parcel|package))?|looking into (?:an|the|a) (?:order|parcel)|(?:verifie|regarde|suis) (?:une|la) commande)(?: in| to you| you| vous)? (?:for|on behalf of|pour|pr|de la part de|au nom de) (my|ma|mon|a|une|un) (\S)`)

// ownerAfter is a word followed by its possessive, normalised ("friend
// is", "friend s" of "friend's").
var ownerAfter = regexp.MustCompile(`^\S+ (?:is|s) `)

// possessives are the writer's possessive words before a relative.
var possessives = map[string]bool{"my": true, "ma": true, "mon": true}

// forPresent are the words of askingForWhom that also say whom a present
// is for ("it's for my sister"): asking for them only with their account
// said after.
var forPresent = map[string]bool{"it is": true, "its": true, "this is": true, "ce est": true, "c est": true, "cest": true, "ce": true}

// relativeAt reports whether a normalised text starts with a word for
// someone of the writer's, as said after "my": a relative, someone else
// ("boss", « coloc »), or a word that says so only after a possessive
// ("my other half", « mon homme »).
func (e *Engine) relativeAt(lang, norm string) bool {
	return e.texts.StartsWith(lang, keywordRelative, norm) || e.texts.StartsWith(lang, keywordOtherPeople, norm) ||
		e.texts.StartsWith(lang, keywordRelativeAfterMy, norm)
}

// namesSomeone reports whether a normalised text holds a word that
// relativeAt reads, anywhere: a shape whose match counts only where such
// a word starts it cannot match without one. Run on every message of a
// verified customer, those shapes' regular expressions took a tenth of a
// turn's CPU; the keyword lookups that rule most messages out first cost
// a fraction of that.
func (e *Engine) namesSomeone(lang, norm string) bool {
	return e.texts.Mentions(lang, keywordRelative, norm) || e.texts.Mentions(lang, keywordOtherPeople, norm) ||
		e.texts.Mentions(lang, keywordRelativeAfterMy, norm)
}

// relativeAsks reports whether a message, before any proof, says someone
// of the writer's wants something of the shop or got something: "my
// husband wants to return the scarf, amelia@… OP-101001", « Mon gamin de
// 15 ans a commandé avec ma CB … annulez-moi ça », "bf ordered sth 4 me,
// is it shipped yet??", « Mémé veut renvoyer la bague » (each was served
// as the holder; round 118a, leaks and wrong actions). The writer's own
// order said beside keeps it theirs ("my wife wants the ring by
// Christmas, where is the one I ordered?").
func (e *Engine) relativeAsks(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if e.texts.Mentions(lang, keywordOwnOrderSaid, norm) || e.texts.Mentions(lang, keywordOwnPurchase, norm) || e.ownSaid(lang, norm) ||
		e.texts.Mentions(lang, keywordSameAsMine, norm) || ownThing.MatchString(norm) || droppedI.MatchString(norm) ||
		// (Nor what a relative did for the holder's own order: "My
		// husband paid with his card and wants to file it with his
		// expenses" beside the invoice asked; refused; round 133b.)
		e.texts.Mentions(lang, keywordRelativeDidForMe, norm) && !e.texts.Mentions(lang, keywordTheirAccount, norm) {
		// (Nor "My wife asked me whether the claim on my missing parcel
		// got sorted": the writer's own; refused; round 121a.)
		return false
	}
	// Details that open the message are the writer's own introduction
	// ("lucas@… OP-100401. Mon pote Hugo a commandé le même collier…"),
	// not a card asked about (« Combien de points sur la carte OPL-… ?
	// C'est celle de ma moitié »).
	if before := e.beforeDetails(t); len(strings.Fields(before)) <= maxIntroLead {
		norm = before
	}
	if e.relativeNotReceivedSaid(lang, norm) {
		return true // « mon époux n'a jamais reçu ce colis » (round 130b, a claim opened for him)
	}
	if m := forMineOpening.FindStringSubmatch(t.input.text); m != nil && e.relativeAt(lang, intents.Normalize(m[1])) {
		return true // "for my wife. OP-100501 emma@… status?", « c pr mon homme hugo@… » (round 128b, leaks)
	}
	if e.relativeWantsOrHas(lang, norm) {
		return true
	}
	for _, m := range bareWhoOrdered.FindAllStringSubmatch(norm, -1) {
		if e.texts.IsKeyword(lang, keywordRelativeBare, m[1]) {
			return true
		}
	}
	if saysTheirPoints(norm) {
		return true // "my boyfriend wants to know how many points he has"
	}
	if m := forBare.FindStringSubmatch(norm); m != nil && e.texts.IsKeyword(lang, keywordRelativeBare, m[1]) {
		return true // « pour maman : camille@… OP-100101 »
	}
	for _, m := range pointsForWhom.FindAllStringSubmatchIndex(norm, -1) {
		if e.relativeAt(lang, norm[m[2]:]) || e.texts.StartsWith(lang, keywordRelativeBare, norm[m[2]:]) {
			// "points for my mum? OPL-1002-02", « combien de points pour
			// maman ? »: no present holds points (they were shown once
			// the e-mail came; round 132b, leaks).
			return true
		}
	}
	if theyWant.MatchString(norm) && theirPronoun.MatchString(norm[theyWant.FindStringIndex(norm)[1]:]) {
		return true // "She wants to know if her earrings can still be returned. amelia@…"
	}
	if m := nameAskedMe.FindStringIndex(t.input.text); m != nil && theirPronoun.MatchString(norm) {
		return true // "Charlotte asked me to find out why she got no points"
	}
	if m := itsRelatives.FindStringSubmatch(t.input.text); m != nil && e.relativeAt(lang, intents.Normalize(m[1])) {
		return true // "it's my mum's actually - lea@…"
	}
	// « Mémé », « pépé »: folded, they read as « même » (the raw text).
	return elderWord.MatchString(t.input.text) &&
		(relativeWantsBare.MatchString(norm) || e.texts.Mentions(lang, keywordTheirAccount, norm) || e.texts.Mentions(lang, keywordRelativeWants, norm))
}

// relativeWantsOrHas reports whether a normalised text says someone of
// the writer's wants or got something (relativeWantsRe), has codes or
// points (relativeHasCodes: "does my mum still have any discount codes
// she can use?"), or is someone the shop is asked to act on
// (actsOnRelative: « Désabonnez ma femme de votre newsletter »).
func (e *Engine) relativeWantsOrHas(lang, norm string) bool {
	if !e.namesSomeone(lang, norm) {
		return false
	}
	for _, re := range []*regexp.Regexp{relativeWantsRe, relativeHasCodes, actsOnRelative} {
		for _, m := range re.FindAllStringSubmatchIndex(norm, -1) {
			if e.relativeAt(lang, norm[m[2]:]) && !slices.ContainsFunc(strings.Fields(norm[m[3]:m[1]]), func(w string) bool { return writerWord[w] }) {
				// (Not what the relative says the writer has: "my
				// boyfriend reckons I've got some vouchers left" was
				// refused; round 131b.)
				return true
			}
		}
	}
	return false
}

// pointsForWhom is points, vouchers or a balance asked for someone,
// normalised; the group starts at whom.
var pointsForWhom = regexp.MustCompile(`\b(?:points?|pts|vouchers?|discount codes?|balance|solde|bons? d achat|cagnotte) (?:for|pour|pr|de) (?:my |ma |mon )?(\S)`)

// maxIntroLead is how many words ("Bonjour", "Hello there") may come
// before details that open a message as the writer's introduction.
const maxIntroLead = 3

// relativeWantsRe is someone of the writer's who wants something of the
// shop or got something, normalised; the group at whom.
var relativeWantsRe = regexp.MustCompile(`\b(?:my|our|ma|mon|mes|notre) (\S+)(?: \S+){0,3} (?:wants|wanted|would like|needs|asked|got|received|has got|veut|voulait|voudrait|aimerait|souhaite|souhaiterait|demande|a recu|a eu|a commande|a passe)\b`)

// relativeHasCodes is someone of the writer's said to have codes or
// points, normalised ("does my mum still have any discount codes"); the
// group at whom.
var relativeHasCodes = regexp.MustCompile(`\b(?:my|ma|mon) (\S+)(?: \S+){0,2} (?:(?:have|has|had|a|avait) (?:any |still |encore |des |de |d )?(?:\S+ )?(?:codes?|vouchers?|points|bons?|credit|avoirs?|reductions?)|(?:still )?(?:subscribed|inscrit|inscrite|abonne|abonnee))\b`)

// theirPointsWords are the pronouns one of which every shape of
// theirPoints holds, normalised: a message with none is not looked at.
var theirPointsWords = map[string]bool{"elle": true, "il": true, "she": true, "he": true, "his": true, "her": true, "him": true, "sa": true, "son": true, "ses": true}

// saysTheirPoints reports whether a normalised message asks about someone
// else's points, vouchers, card or orders by a pronoun (theirPoints).
func saysTheirPoints(norm string) bool {
	return hasWordOf(norm, theirPointsWords) && theirPoints.MatchString(norm)
}

// hasWordOf reports whether a normalised text has a word of set.
func hasWordOf(norm string, set map[string]bool) bool {
	for w := range strings.FieldsSeq(norm) {
		if set[w] {
			return true
		}
	}
	return false
}

// theirPoints asks about someone else's points, vouchers or account by a
// pronoun, normalised: « elle a combien de points du coup ? » (the
// account's points were shown to someone who had said they would pass
// the answer on to his wife; round 122b), "how many points does she have",
// "his account". Nobody speaks so of their own.
var theirPoints = regexp.MustCompile(`\b(?:elle|il) a (?:combien de |encore |des |plus de |toujours |assez de )?(?:points|bons|codes|avoirs)\b|\bcombien de (?:points|bons|codes) (?:elle|il) a\b|\bhow many points (?:does|has|did|do|would|will) (?:she|he)\b|\bhow many points (?:she|he) (?:has|have|got|still has)\b|\b(?:his|her) (?:\S+ )?(?:points|account|vouchers|codes|loyalty)\b|\b(?:she|he) (?:has|have|got|still has|still have) (?:any |still )?(?:\S+ )?(?:points|vouchers|codes)\b|\bgot (?:him|her) (?:the )?(?:most |more |any |those )?points\b|\b(?:elle|il) a \d+ points\b|\b(?:sa carte|son compte|sa commande|ses points|ses commandes) a (?:lui|elle)\b|\b(?:his|her) card\b|\bwhat did (?:she|he) (?:order|buy)\b|\b(?:elle|il) a commande quoi\b|\bqu est ce qu (?:elle|il) a commande\b`)

// bareWhoOrdered is someone named with no "my" who ordered or wants,
// normalised ("bf ordered sth 4 me"); the group at whom.
var bareWhoOrdered = regexp.MustCompile(`(?:^|\s)(\S+)(?: is| has)? (?:ordered|bought|wants|commande|a commande|veut|voudrait)\b`)

// actsOnRelative asks the shop to act on someone of the writer's,
// normalised: « désabonnez ma femme », "unsubscribe my husband"; the
// group at whom.
var actsOnRelative = regexp.MustCompile(`\b(?:desabonnez|desabonner|desinscrivez|desinscrire|unsubscribe|annulez|cancel|retirez|supprimez|delete|remove) (?:ma|mon|my) (\S+)`)

// nameAskedMe is someone named who asked the writer to act, in the raw
// text (a capital starts the name): "Charlotte asked me to find out…".
var nameAskedMe = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_])\p{Lu}\p{Ll}+ (?:asked me|has asked me|wants me|told me|needs me|m'a demandé|m’a demandé|veut que je|voudrait que je)(?:[^\p{L}]|$)`)

// theirPronoun is a pronoun for someone else, normalised.
var theirPronoun = regexp.MustCompile(`\b(?:she|he|her|his|him|elle|lui|sa|son|ses)\b`)

// itsRelatives is the thing in hand said to be a relative's in a
// possessive of its own, in the raw text: "it's my mum's actually - …",
// "OP-100901 / chloe@… — my gf's, she's asleep lol" (round 122b, a leak).
var itsRelatives = regexp.MustCompile(`(?i)(?:\bit'?s (?:actually )?|(?:^|[-–—:,.!/]\s*))my (\w+)['’]s(?: actually| in fact)?\s*(?:[-–—:,.!;)]|$)`)

// introducesAsRelative reports whether the writer introduces themselves
// as someone's relative: "hey it's me, James's flatmate", "it's me his
// wife", « c'est moi, le chéri de Camille » (each was verified as the
// holder, its "it's me" read as the holder's own; round 119a, leaks and
// wrong actions).
func (e *Engine) introducesAsRelative(t *turn) bool {
	if !e.namesSomeone(t.lang(), t.input.norm) {
		return false
	}
	for _, m := range introducedAsRelative.FindAllStringSubmatch(t.input.text, -1) {
		for _, g := range m[1:] {
			if g != "" && e.relativeAt(t.lang(), intents.Normalize(g)) {
				return true
			}
		}
	}
	return false
}

// relativeNotReceivedSaid reports whether a normalised text says someone
// of the writer's has not received a parcel.
func (e *Engine) relativeNotReceivedSaid(lang, norm string) bool {
	if !e.namesSomeone(lang, norm) {
		return false
	}
	for _, m := range relativeNotReceived.FindAllStringSubmatch(norm, -1) {
		if e.relativeAt(lang, m[1]) {
			return true
		}
	}
	return false
}

// relativeNotReceived is someone of the writer's who has not received a
// parcel, normalised: « mon époux n'a jamais reçu ce colis », "my wife
// never got it"; the group at whom.
var relativeNotReceived = regexp.MustCompile(`\b(?:my|mon|ma) (\S+) (?:has not|hasn t|has never|never|didn t|did not|still hasn t|ne a jamais|ne a pas|na jamais|na pas|a jamais|a pas|ne a toujours pas) (?:received|got|gotten|had|recu|recue|eu)\b`)

// forMineOpening is a message that opens for someone of the writer's,
// right before a stop or the details themselves: "for my wife. OP-…",
// « c'est pour ma copine: amelia@… », « c pr mon homme hugo@… », or
// before why they can't write (« c pr mon pote il a pas de forfait »,
// verified and a case opened; round 133b); the group at whom.
var forMineOpening = regexp.MustCompile(`(?i)^\W*(?:(?:hi|hello|hey|bonjour|salut|coucou|yo|slt)\W+)?(?:(?:this is|it'?s|it is|c'?est|c)\s+)?(?:for|pour|pr)\s+(?:my|mon|ma)\s+(\p{L}+)(?:\s*[:.,;\-–—]|\s+\S+@|\s+[A-Z]{2,3}-\d|\s+(?:il|elle|he|she)\s+(?:a pas|n'a pas|n’a pas|has no|hasn't|hasnt|doesn't have|doesnt have|does not have|can't|cant|cannot|peut pas|ne peut pas|sait pas|ne sait pas)\b)`)

// forBare is a message that opens for someone named with no "my",
// normalised: « pour maman : … »; the group at whom.
var forBare = regexp.MustCompile(`^(?:\S+ )?(?:pour|for|pr) (\S+)`)

// theyWant opens a message with what someone else wants, normalised:
// "she wants to know if her earrings…".
var theyWant = regexp.MustCompile(`^(?:\S+ )?(?:she|he|elle|il) (?:wants|would like|wanted|needs|asked|veut|voudrait|aimerait|voulait)\b`)

// introducedAsRelative is the writer introduced as someone's relative, in
// the raw text: "it's me, James's flatmate", "it's me, Tom, Oliver's
// brother-in-law", "it's me his wife", « c'est moi, le chéri de Camille »;
// the groups at the relative's word.
var introducedAsRelative = regexp.MustCompile(`(?i)\b(?:it'?s me|it is me|this is|i'?m|i am|here'?s|c'est moi|c’est moi|ici|moi c'est)\b[\s,:-]*(?:\p{Lu}\p{Ll}+[\s,]+)?(?:\p{Lu}\p{Ll}+['’]s\s+(\p{L}[\p{L}-]*)|(?:his|her|their)\s+(\p{L}[\p{L}-]*)|(?:le|la)\s+(\p{L}[\p{L}-]*)\s+(?:de|d')\s*\p{Lu}|l['’](\p{L}[\p{L}-]*)\s+(?:de|d')\s*\p{Lu})`)

// elderWord is « mémé », « pépé » in the raw text (normalised, « même »).
var elderWord = regexp.MustCompile(`(?i)(?:^|[^\p{L}])(?:mémé|pépé|mémère|pépère)(?:[^\p{L}]|$)`)

// relativeWantsBare is a want with no one named before it, normalised.
var relativeWantsBare = regexp.MustCompile(`\b(?:veut|voudrait|aimerait|a commande|a recu)\b`)

// actsForRelative reports whether a normalised message says its writer
// acts for a relative or someone they look after, in the shapes the
// keyword lists cannot hold: "my husband asked me to cancel this one for
// him", « c'est mon père qui m'a demandé de le faire pour lui », "I take
// care of my dad's online shopping", "on my wife's behalf", « je gère le
// compte de ma mère », « je suis la colocataire de Thomas » (each was
// served as the holder; round 117a, leaks and wrong actions).
func (e *Engine) actsForRelative(lang, norm string) bool {
	whose := func(m []int) bool {
		if len(m) < 4 || m[2] < 0 {
			return true // "she asked me to … for her": no one named
		}
		return e.relativeAt(lang, norm[m[2]:])
	}
	someone, pronoun := e.namesSomeone(lang, norm), hasWordOf(norm, forThemWords)
	for _, re := range actsFor {
		if !someone && re.NumSubexp() > 0 || re.NumSubexp() == 0 && !pronoun {
			continue // its match counts only at someone of the writer's, or "for him"
		}
		for _, m := range re.FindAllStringSubmatchIndex(norm, -1) {
			if whose(m) {
				return true
			}
		}
	}
	if !someone {
		// Only someone who asked the writer with no one named ("she asked
		// me to … for her") is left to look for.
		return askedForThem(norm, whose)
	}
	for _, m := range relativeOf.FindAllStringSubmatchIndex(norm, -1) {
		if parentIntro.MatchString(norm[m[0]:m[1]]) && e.texts.Mentions(lang, keywordOwnPurchase, norm) {
			continue // « je suis la maman de Léo et j'ai commandé … »
		}
		if next := norm[m[4]:m[5]]; next != "un" && next != "une" && whose(m) {
			return true
		}
	}
	return askedForThem(norm, whose)
}

// askedForThem reports whether a normalised message says someone asked
// its writer to act for them (askedMe, then forThem), whose telling
// whether the one who asked counts.
func askedForThem(norm string, whose func(m []int) bool) bool {
	for _, m := range askedMe.FindAllStringSubmatchIndex(norm, -1) {
		// (Not "for her present": whose present, the writer's own
		// purchase; "my niece told me I have a voucher - can I use it
		// for her present?" was refused; round 134b.)
		if whose(m) && slices.ContainsFunc(forThem.FindAllString(norm[m[1]:], -1), func(f string) bool { return !giftAfter.MatchString(f) }) {
			return true
		}
	}
	return false
}

// actsFor are the shapes in which a writer says they act for someone, the
// group at whom (normalised: "dad's" is "dad is").
var actsFor = []*regexp.Regexp{
	regexp.MustCompile(`\b(?:take care of|taking care of|look after|looking after|handle|handling|manage|managing|sort out|sorting out|do) (?:all )?my (\S+?)(?: is|s)? (?:online )?(?:shopping|orders|order|account|purchases|affairs|emails|paperwork)\b`),
	regexp.MustCompile(`\bon my (\S+?)(?: is|s)? behalf\b`),
	// "I handle all her returns for her", « je m'occupe de ses retours »
	// (round 121a; no one to name: the group is absent).
	regexp.MustCompile(`\b(?:i handle|i manage|i do|i take care of|i look after|je gere|je m occupe de|je me occupe de)(?: all)? (?:her|his|their|ses|son|sa)(?: \S+)? (?:returns|orders|shopping|account|accounts|retours|commandes|achats|compte)\b`),
	regexp.MustCompile(`\b(?:je gere|je m occupe|je me occupe|j administre) (?:de |des |du )?(?:le |la |les )?(?:compte|commandes|commande|achats|affaires|papiers|colis) (?:de|d|a) (?:ma|mon) (\S+)`),
	regexp.MustCompile(`\bje (?:m occupe|me occupe|gere) (?:de )?(?:ses|son|sa) (?:commandes|achats|compte|affaires) pour (?:ma|mon) (\S+)`),
	// « c'est lui qui voulait annuler », "she's the one who wanted to
	// return it" (the order was cancelled; round 122b; no one named).
	regexp.MustCompile(`\b(?:ce est|c est|cest) (?:lui|elle) qui (?:veut|voulait|voudrait|souhaite|souhaitait|a voulu|tenait a) (?:annuler|retourner|renvoyer|rendre|echanger|changer|se desabonner|savoir|verifier)\b|\b(?:he|she) (?:is|was) the one who (?:wants|wanted|would like|asked) to (?:cancel|return|send|exchange|swap|change|unsubscribe|know|check)\b|\bit (?:is|was) (?:him|her) who wanted to\b`),
	// "he'll be relieved I handled it for him", "I'm chasing it for him",
	// « je m'en occupe pour lui », « que je m'en sois occupée à sa
	// place », « c'est elle qui m'a demandé de faire le changement » (an
	// order cancelled, a claim opened, an address change sent; round
	// 124a; no one named).
	regexp.MustCompile(`\b(?:handled|handle|handling|chasing|sorting|sorted|doing|did|dealing with|taking care of|looking into) (?:it|this|that|things)(?: \S+)? for (?:him|her|them)\b|\b(?:je (?:me en |m en )?occupe|me en (?:sois |suis )?occupee?|m en (?:sois |suis )?occupee?|je gere|je le fais|je la fais)(?: \S+)? (?:pour (?:lui|elle|eux)|a sa place|a leur place)\b|\b(?:ce est|c est) (?:lui|elle) qui (?:me a|m a) (?:demande|charge|chargee) de\b`),
}

// forThemWords are the words one of which every shape of actsFor that
// names no one holds ("for him", « à sa place », « c'est elle qui »).
var forThemWords = map[string]bool{"he": true, "she": true, "him": true, "her": true, "them": true, "his": true, "their": true, "lui": true, "elle": true, "eux": true, "ses": true, "son": true, "sa": true, "place": true}

// relativeOf is the writer said to be someone's relative, the groups at
// whom and at the word after: « je suis la colocataire de Thomas », not
// « la maman d'une petite fille » (the writer's own child, unnamed).
var relativeOf = regexp.MustCompile(`\bje suis (?:la|le|l|sa|son) (\S+) (?:de|d) (\S+)`)

// askedMe is someone of the writer's who asked them to act, the group at
// whom (absent for "she", "il"): asking for them only with "for him",
// « pour elle » after (forThem), as "my husband asked me to check when
// my parcel comes" is the holder's own.
var askedMe = regexp.MustCompile(`\b(?:(?:my|ma|mon) (\S+)(?: \S+)?|she|he|elle|il) (?:qui )?(?:asked me|has asked me|wants me|wanted me|told me|needs me|m a demande|me a demande|ma demande|veut que je|voudrait que je|m a charge|me a charge)\b`)

// forThem says the writer acts for someone else: "for him", « pour elle ».
var forThem = regexp.MustCompile(`\b(?:for (?:him|her|them)|pour (?:lui|elle|eux)|a sa place|in (?:his|her) place|on (?:his|her) behalf)\b(?: (?:present|gift|birthday|bday|christmas|wedding))?`)

// giftAfter is a match of forThem that names what is for them: "for her
// present".
var giftAfter = regexp.MustCompile(` (?:present|gift|birthday|bday|christmas|wedding)$`)

// ownSaid reports whether a normalised message says the writer's own
// beside someone else's (own_said), but not a pronoun that names an
// address ("changer l'adresse de livraison de sa commande … pour la
// mienne" is the writer's address; the mother's account was served on
// it; round 117a).
func (e *Engine) ownSaid(lang, norm string) bool {
	phrase, at, ok := e.texts.findAt(lang, keywordOwnSaid, norm)
	if !ok {
		return false
	}
	if !ownPronouns[phrase] {
		return true
	}
	before := strings.Fields(norm[:max(0, at-1)])
	for _, w := range before[max(0, len(before)-maxOwnAddressGap):] {
		if placeWords[w] {
			return false
		}
	}
	return true
}

// ownPronouns are the words of own_said that stand for a thing named
// before them; placeWords name a place to deliver to, within
// maxOwnAddressGap words before such a pronoun.
var (
	ownPronouns = map[string]bool{"la mienne": true, "le mien": true, "mine": true}
	placeWords  = map[string]bool{"adresse": true, "address": true, "livrer": true, "deliver": true, "delivered": true, "livree": true, "envoyer": true, "send": true}
)

const maxOwnAddressGap = 12

// forWriter follows a relative's purchase made for the writer: "my
// sister bought me the same necklace" (the writer then cancels their own
// order; refused; round 121a).
var forWriter = regexp.MustCompile(`^ (?:me|for me|pour moi)\b`)

// droppedI is a message that opens with what the writer bought, the
// "I" left out, normalised: "hiya, bought a silver bangle for my niece's
// birthday and got some earrings instead??" (refused as the niece's;
// round 126b).
var droppedI = regexp.MustCompile(`^(?:(?:hi|hiya|hello|hey|so|ok|okay|well|um|erm|right) )*(?:bought|ordered|purchased|got|picked up) (?:a|an|the|some|this|these|two|2|\pL+ (?:for|as))\b`)

// ownThing is the writer's own order, parcel, return or claim named,
// normalised: "the claim on my missing parcel".
var ownThing = regexp.MustCompile(`\b(?:my|mon|ma|mes) (?:\S+ )?(?:order|parcel|package|return|refund|claim|commande|colis|retour|remboursement|dossier)\b`)

// orderNounAfter is an order's number or mark right after the word
// "commande", normalised: the noun, not the verb.
var orderNounAfter = regexp.MustCompile(`^(?: (?:n|no|numero|num))? ?(?:[a-z]{2,4} )?\d`)

// auxBefore is an auxiliary or a relative pronoun before the verb of
// ordering, normalised: the verb, not the noun.
var auxBefore = regexp.MustCompile(`\b(?:a|has|had|qui|ki|who|that)\b`)

// writerWord are the words for the writer that can stand between a
// relative and the verb of ordering.
var writerWord = map[string]bool{"i": true, "je": true, "j": true, "we": true, "nous": true, "on": true}

// relativeWhoOrdered is someone of the writer's who placed the order,
// normalised: "my wife who ordered", « ma meuf ki a commandé ».
var relativeWhoOrdered = regexp.MustCompile(`\b(?:ma|mon|my) (\S+)(?: (\S+))? (?:(?:qui|ki|who|that) )?(?:a |has |had )?(?:commande|commandee|passe|ordered|placed|bought|achete|achetee)\b`)

// namedHolderIsOther reports whether a message names, as someone other
// than its writer, the person whose e-mail address it gives: "Henry
// Clarke is my business partner… henry.clarke@…", "I'm Elise Marchand's
// PA … elise.marchand@…", "I'm Oliver Smith's husband … oliver.smith@…"
// (each was verified as the holder, and an address changed or a
// newsletter stopped; round 112a). A name the writer gives as their own
// ("I'm Henry Clarke", « ici Thomas ») is theirs.
func (e *Engine) namedHolderIsOther(t *turn) bool {
	if !e.hasEntity(t, intents.EntityEmail) {
		return false // (no name to compare: spared on every message)
	}
	lang := t.lang()
	// (The words of the message, not of the address itself.)
	text := withoutEntities(t.input.text, t.input.entities)
	norm := intents.Normalize(text)
	lower := " " + strings.ToLower(text)
	var names []string
	other := false // a name of the address said to be someone else's
	for _, en := range t.input.entities {
		if en.Type != intents.EntityEmail {
			continue
		}
		local, _, _ := strings.Cut(strings.ToLower(en.Value), "@")
		for i, part := range emailNameParts.Split(local, -1) {
			name := intents.Normalize(part)
			if len([]rune(name)) < 3 {
				continue
			}
			if strings.Contains(" "+norm+" ", " "+name+" ") {
				// "I'm Elise Marchand's PA": someone's, before any "I'm
				// Elise" is read as the writer's name.
				other = other || strings.Contains(lower, part+"'s ") || strings.Contains(lower, part+"’s ")
				names = append(names, name)
			}
			// The first name as a relative's, the surname as someone's.
			other = other || i == 0 && e.namesHolderAsOther(t, name) || i > 0 && e.namesSurnameAsOther(t, name)
		}
	}
	if m := theirSignOff.FindStringSubmatch(norm); other || m != nil && e.relativeAt(lang, m[1]) {
		return !e.texts.Mentions(lang, keywordOwnSaid, norm) // (or "… Thanks, his wife")
	}
	if len(names) == 0 {
		return false
	}
	if m := nameThenVerb.FindString(strings.TrimSpace(text)); m != "" && slices.Contains(names, intents.Normalize(strings.Fields(m)[0])) {
		// "Jade wants to return the ring from OP-101401, jade@…": the
		// holder named first, as someone else (a return was made; round
		// 130b, a wrong action).
		return !e.texts.Mentions(lang, keywordOwnSaid, norm)
	}
	for _, name := range names {
		if e.introducesAsSelf(norm, name) {
			return false // "I'm Henry Clarke, … my wife's birthday"
		}
	}
	return (e.texts.Mentions(lang, keywordRelative, norm) || e.texts.Mentions(lang, keywordOtherPeople, norm) ||
		e.texts.Mentions(lang, keywordThirdParty, norm) || e.texts.Mentions(lang, keywordWritesForOther, norm)) && !e.saysOwn(t)
}

// introducesAsEmailName reports whether the writer introduces themselves
// by a name of the e-mail address they give, lower-case too ("hi its
// george, a colleague recommended you … george.taylor@…" was refused as
// writing for a colleague; round 121a).
func (e *Engine) introducesAsEmailName(t *turn) bool {
	for _, en := range t.input.entities {
		if en.Type != intents.EntityEmail {
			continue
		}
		local, _, _ := strings.Cut(strings.ToLower(en.Value), "@")
		for _, part := range emailNameParts.Split(local, -1) {
			if name := intents.Normalize(part); len([]rune(name)) >= 3 && e.introducesAsSelf(t.input.norm, name) {
				return true
			}
		}
	}
	return false
}

// emailNameParts cuts an e-mail address's local part into the names it
// may hold: "henry.clarke", "zoe_lambert", "jade-mercier2".
var emailNameParts = regexp.MustCompile(`[._+\-0-9]+`)

// introducesAsSelf reports whether a normalised message gives name as its
// writer's own: "i am henry", « ici thomas », "henry here", "my name is
// henry" (keyword lists introduces_name and name_here, read in either
// language), or the message begins with it.
func (e *Engine) introducesAsSelf(norm, name string) bool {
	words := strings.Fields(norm)
	for i, w := range words {
		if w != name {
			continue
		}
		if i == 0 && len(words) > 1 {
			return true // "henry, …"
		}
		lead := i
		if lead > 0 && words[lead-1] == "mr" {
			lead-- // "this is mr henry"
		}
		for k := 1; k <= min(lead, maxIntroWords); k++ {
			if e.texts.InAnyLanguage(keywordIntroducesName, strings.Join(words[lead-k:lead], " ")) {
				return true
			}
		}
		if i+1 < len(words) && e.texts.InAnyLanguage(keywordNameHere, words[i+1]) {
			return true
		}
		if i > 0 && (e.texts.InAnyLanguage(keywordSignOff, words[i-1]) || e.texts.InAnyLanguage(keywordPolite, words[i-1])) {
			// "Thanks, James (Lily's dad - she's the one waiting for
			// it!)": signed with the name (refused; round 123a).
			return true
		}
	}
	return false
}

// maxIntroWords is the longest phrase that introduces a name ("je m'appelle"
// normalised is three words).
const maxIntroWords = 3

// sayForOther tells someone who asks about another person's account or
// order that the holder must ask, with the message of id; when the
// message says the holder cannot write ("my mother passed away", « elle
// n'a pas internet »), the team is who helps, and a person is offered
// (they were only told to have the holder write).
func (e *Engine) sayForOther(t *turn, id string) {
	if id == "third_party" && t.conv.CustomerID == 0 {
		// No account is checked yet: not "the account checked in this
		// conversation" (round 131b).
		id = "third_party_unchecked"
	}
	switch {
	case e.texts.Mentions(t.lang(), keywordHolderDied, t.input.norm):
		id = "holder_died"
	case e.texts.Mentions(t.lang(), keywordHolderCannot, t.input.norm):
		id = "holder_cannot_write"
	default:
		// No button otherwise: "ok so change the delivery address" next
		// would read as a yes to it (round 81's test).
		e.say(t, id, nil)
		return
	}
	e.say(t, id, nil, e.button(t, "button_human", payloadHuman))
}

// speaksOfTheirAccount reports whether a message speaks of someone else
// (a relative, a colleague, the guy next door, "Mr Smith") and of that
// person's account, order or details as theirs ("my girlfriend … is
// asking how many points she has left", "his card is …", « c pr ma
// copine … son mail c … », "my father passed away … he had an account"):
// whoever writes does so for them (each was verified with the holder's
// details and served; round 107b). The customer's own purchase said
// beside it ("I bought it for my mum, her order …") keeps it theirs.
func (e *Engine) speaksOfTheirAccount(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	if !e.texts.Mentions(lang, keywordTheirAccount, norm) || e.texts.Mentions(lang, keywordOwnPurchase, norm) {
		return false
	}
	if distinctEntities(t.input.entities, intents.EntityOrderNumber, storage.NormalizeOrderNumber) > 1 ||
		distinctEntities(t.input.entities, intents.EntityEmail, strings.ToLower) > 1 {
		// (Or two e-mails: "mes points, ines@… ; on peut regrouper avec
		// ceux de mon mari ? Son compte c'est antoine@…", the writer's own
		// beside the other's; round 110a.)
		// "henry@…, OP-102601. my partner Elise ordered OP-102501 on her
		// account…": the writer's own proof beside the other's order
		// (Henry was refused; round 81's test).
		return false
	}
	if !e.proofKnown(t) {
		// Only beside details, given now or before ("camille@…", then
		// « ah oui pardon c'est pour ma sœur, elle voulait savoir ses
		// points »): a question about a relative's order asked in general
		// says nothing yet of whose details come next.
		return false
	}
	// (Or the order said to be theirs in so many words, with no one
	// named: "can you check where her order is? OP-100701, sophie@…",
	// « où en est sa commande ? OP-100601, hugo@… » were verified;
	// round 115a, leaks.)
	return e.texts.Mentions(lang, keywordRelative, norm) || e.texts.Mentions(lang, keywordOtherPeople, norm) ||
		e.texts.Mentions(lang, keywordHolderDied, norm) || e.texts.Mentions(lang, keywordTheirOrder, norm)
}

// namesOthersAccount reports whether a message names someone else's
// order or account by its owner ("my bfs parcel", "my wife's order", « la
// commande de ma mère »), or its writer as someone's ("I'm his
// colleague", « je suis sa secrétaire »), beside details given now or
// before (each was verified with the holder's details; round 108a).
func (e *Engine) namesOthersAccount(t *turn) bool {
	if !e.proofKnown(t) && len(t.input.entities) > 0 {
		// (Said with no details at all, it waits for the details: "trying
		// to track my nan's order for her", then her e-mail and order
		// number (round 110a). An order number alone may be the other's
		// named beside the writer's own proof to come: "cancel my
		// neighbour's order OP-102403", then the writer's own details.)
		return false
	}
	lang := t.lang()
	words := strings.Fields(t.input.norm)
	other := func(w string) bool {
		w = strings.TrimSuffix(w, "s") // "my bfs parcel", "my mums order"
		return e.texts.IsKeyword(lang, keywordRelative, w) || e.texts.IsKeyword(lang, keywordRelative, w+"s") ||
			e.texts.IsKeyword(lang, keywordOtherPeople, w) || e.texts.IsKeyword(lang, keywordOtherPeople, w+"s") ||
			e.texts.IsKeyword(lang, keywordRelativeAfterMy, w) || e.texts.IsKeyword(lang, keywordRelativeAfterMy, w+"s")
	}
	for i, w := range words {
		switch {
		case (w == "my" || w == "our" || w == "the") && i+2 < len(words) && other(words[i+1]):
			// ("the hubs card": his; round 119a.)
			// "my wife's order" (normalised "my wife is order"), "my bfs
			// parcel".
			next := words[i+2]
			if next == "is" && i+3 < len(words) {
				next = words[i+3]
			}
			if accountObjects[next] && !(cardWords[next] && e.texts.Mentions(lang, keywordPaidWith, t.input.norm)) {
				// (Not "I paid with my wife's card": her bank card, for
				// the holder's own order; refused.)
				return true
			}
		case i+2 < len(words) && words[i+1] == "is" && accountObjects[words[i+2]] && e.texts.IsKeyword(lang, keywordRelative, w) && (i == 0 || words[i-1] != "my" && words[i-1] != "our"):
			return true // "cancel hubby's order" (normalised "hubby is order")
		case accountObjects[w] && i+3 < len(words) && (words[i+1] == "de" || words[i+1] == "a") && (words[i+2] == "ma" || words[i+2] == "mon") && other(words[i+3]) &&
			(i == 0 || !possessives[words[i-1]]):
			// « la commande de ma mère », « la commande a ma daronne »;
			// not « j'ai offert le bracelet de ma commande à ma femme »
			// (refused; round 131b).
			return true
		case (w == "his" || w == "her" || w == "sa" || w == "son") && i >= 2 && i+1 < len(words) &&
			(words[i-2] == "i" && (words[i-1] == "am" || words[i-1] == "m") || words[i-2] == "je" && words[i-1] == "suis") && other(words[i+1]):
			return true // "I'm his colleague", « je suis sa secrétaire »
		}
	}
	return false
}

// accountObjects are the words for what an account holds, in either
// language, that someone else's name may own.
var accountObjects = map[string]bool{"order": true, "orders": true, "acc": true, "acct": true, "pts": true, "parcel": true, "package": true, "account": true, "points": true, "card": true,
	"refund": true, "return": true, "delivery": true, "details": true, "email": true, "commande": true, "commandes": true, "colis": true,
	"compte": true, "carte": true, "remboursement": true, "retour": true, "livraison": true, "mail": true}

// detailsKnown reports whether the message or the conversation gives
// identity details.
func (e *Engine) detailsKnown(t *turn) bool {
	return len(t.input.entities) > 0 || t.d.Email != "" || t.d.OrderRef != "" || t.d.Card != ""
}

// proofKnown reports whether the message or the conversation gives the
// piece of a proof that names a person, an e-mail or a loyalty card: an
// order number alone may be someone else's order named beside the
// writer's own proof to come ("cancel my neighbour's order OP-102403",
// then the writer's own details; round 69's test).
func (e *Engine) proofKnown(t *turn) bool {
	return e.hasEntity(t, intents.EntityEmail, intents.EntityLoyaltyCard) || t.d.Email != "" || t.d.Card != ""
}

// distinctEntities counts the different values of one type among
// entities, each put in the form key gives it.
func distinctEntities(entities []intents.Entity, typ string, key func(string) string) int {
	seen := map[string]bool{}
	for _, en := range entities {
		if en.Type == typ {
			seen[key(en.Value)] = true
		}
	}
	return len(seen)
}

// relativesName returns the first name of someone a message names as the
// writer's ("C'est pour faire une surprise à mon ami Thomas", "I'm asking
// for my daughter Sophie"), normalised; "" when it names none.
func (e *Engine) relativesName(t *turn) string {
	if !e.namesSomeone(t.lang(), t.input.norm) {
		return ""
	}
	for _, m := range relativeThenName.FindAllStringSubmatch(t.input.text, -1) {
		if e.relativeAt(t.lang(), intents.Normalize(m[1])) {
			return intents.Normalize(m[2])
		}
	}
	return ""
}

// namesHolderAsOther reports whether a message names someone whose first
// name is own (normalised) as someone else of the writer's: "Ma fille
// Élise sera soulagée" (her address change was sent), "my daughter Amelia
// told me she's fine with it" (her return was made), "Thanks, Jim's
// wife" (James's order was shown), « Merci, Léa (pour Camille) » (her
// points were shown; round 123a, wrong actions and leaks).
func (e *Engine) namesHolderAsOther(t *turn, own string) bool {
	return e.namesAsOther(t, func(name string) bool { return sameFirstName(name, own) })
}

// namesSurnameAsOther is namesHolderAsOther for a surname, matched whole
// ("Mr Wilson's personal assistant"): a first name shortened from it
// ("Marc" of Marchand) is someone else.
func (e *Engine) namesSurnameAsOther(t *turn, surname string) bool {
	return e.namesAsOther(t, func(name string) bool { return name == surname })
}

// namesAsOther reports whether a message names someone whose name holder
// accepts as someone else of the writer's (namesHolderAsOther).
func (e *Engine) namesAsOther(t *turn, holder func(name string) bool) bool {
	lang, text := t.lang(), t.input.text
	for _, m := range relativeThenName.FindAllStringSubmatch(text, -1) {
		if holder(intents.Normalize(m[2])) && e.relativeAt(lang, intents.Normalize(m[1])) {
			return true
		}
	}
	for _, m := range namesRelative.FindAllStringSubmatch(text, -1) {
		// ("Mr Wilson's personal assistant": the word after the next.)
		if holder(intents.Normalize(m[1])) && (e.relativeAt(lang, intents.Normalize(m[2])) || m[3] != "" && e.relativeAt(lang, intents.Normalize(m[3]))) {
			return true
		}
	}
	for _, m := range forNamed.FindAllStringSubmatch(text, -1) {
		if holder(intents.Normalize(m[1])) {
			return true
		}
	}
	for _, m := range nameAsThird.FindAllStringSubmatch(text, -1) {
		// "the order Lucas placed an hour ago", "How many points does
		// Oliver have?", « combien de points a Inès », « désinscrire Élise
		// de votre newsletter »: the holder spoken of in the third person
		// (verified, and an order cancelled, points shown, an address
		// changed; round 139b, leaks). Not "Amelia is my name".
		if name := cmp.Or(m[1], m[2]); holder(intents.Normalize(name)) && !strings.HasPrefix(strings.ToLower(m[3]), " is my name") {
			return true
		}
	}
	for _, m := range actsForNamed.FindAllStringSubmatch(text, -1) {
		// « je contacte le service à la place de Lucas qui est en
		// déplacement », "Doing this for Amelia, she's swamped", « c'est
		// celle de Sophie »: the holder named as someone the writer acts
		// for (verified, and an order cancelled, a return made, an
		// address sent; round 135b, leaks and wrong actions).
		if holder(intents.Normalize(cmp.Or(m[1], m[2]))) {
			return true
		}
	}
	return false
}

// nameAsThird is a first name spoken of in the third person, in the raw
// text: after a word that asks about or acts on someone ("does Oliver
// have", « a Inès », « désinscrire Élise », "the parcel Sophie", « la
// commande d'Henry », « le foulard qu'a acheté Amelia ») or before
// what they did ("Lucas placed", "Elise ordered"); the groups at the name,
// and what follows it.
var nameAsThird = regexp.MustCompile(`(?:(?:(?i:\b(?:does|did|has|have|will|can|could|should|a|désinscrire|désabonner|desinscrire|unsubscribe|the parcel|the order|the package|le colis|la commande|qu['’]a acheté|qu['’]a commandé|qu['’]a passé))\s+|(?i:\b(?:la commande|le colis|le compte|celle|celui|les commandes)) d['’])(\p{Lu}\p{Ll}+)|(\p{Lu}\p{Ll}+)\s+(?:placed|ordered|bought|has|had|wants|needs|changed|veut|voulait|a commandé|a passé|a acheté|a changé|n['’]a))(\s+is my name)?`)

// actsForNamed is someone named, for or instead of whom the writer acts,
// whose order it is ("it's Sophie's") or who placed it (« le pendentif
// commandé par Jade »; verified, and a return made; round 139b), in the
// raw text; the groups at the name.
var actsForNamed = regexp.MustCompile(`(?:^|[^\p{L}])(?:(?i:for|pour|on behalf of|de la part de|au nom de|à la place de|a la place de|in place of|instead of|celle de|celui de|la commande de|le colis de|le compte de|the order of|the account of|commandé par|commandée par|commandés par|commandées par|acheté par|achetée par|ordered by|bought by|placed by)\s+(\p{Lu}\p{Ll}+)(?:[^\p{L}]|$)|(?i:it['’]s|it is|that['’]s|this is)\s+(\p{Lu}\p{Ll}+)['’]s(?:[^\p{L}]|$))`)

// namesRelative is someone's relative named by their possessive, in the
// raw text ("Jim's wife"); the groups at the name and the relative.
var namesRelative = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_])(\p{Lu}\p{Ll}+)['’]s\s+(\p{L}[\p{L}-]*)(?:\s+(\p{L}[\p{L}-]*))?`)

// forNamed is a signature or an aside for someone named, in the raw text:
// "(pour Camille)", "- for Oliver"; the group at the name.
var forNamed = regexp.MustCompile(`(?i:[(\-–—,]\s*(?:pour|for|on behalf of|de la part de|au nom de))\s+(\p{Lu}\p{Ll}+)\s*\)?\s*[.!]*\s*$`)

// theirSignOff is a message signed as someone's relative by a pronoun,
// normalised: "Thanks, his wife"; the group at the relative.
var theirSignOff = regexp.MustCompile(`\b(?:thanks|thank you|cheers|regards|merci|cordialement|bises|bisous)(?: \S+)? (?:his|her|their|sa|son) (\S+)$`)

// relativeThenName is a word for someone of the writer's and a first
// name after it, in the raw text; the groups at the word and the name.
var relativeThenName = regexp.MustCompile(`(?i:\b(?:my|our|ma|mon|notre))\s+(\p{L}[\p{L}-]*)\s+(\p{Lu}\p{Ll}+)(?:[^\p{L}]|$)`)

// emailLocalPart returns an e-mail address's part before the @, lower
// case: two addresses with the same one are one person's, one of them
// mistyped.
func emailLocalPart(email string) string {
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	return local
}

// noteForOther keeps, for a conversation not yet verified, whether its
// message says whoever writes does so for the account holder, and lifts
// it when they give details said to be their own; it runs on every
// message, so that the holder's details given in a later one are
// refused too ("this is Sophie's husband … her email is …", then
// "OP-100701": the order was shown; round 103a).
func (e *Engine) noteForOther(t *turn) {
	lang, norm := t.lang(), t.input.norm
	if t.conv.CustomerID != 0 || t.input.payload != "" {
		return
	}
	if name := e.relativesName(t); name != "" {
		t.d.OtherName = name
	}
	own := e.ownDetailsFirst(t)
	switch {
	case e.introducesAsRelative(t) && e.detailsKnown(t):
		// (Whatever "it's me" says beside it. Without details, "hi,
		// different person now, I'm her husband" then asks about his
		// own account.)
		t.d.ForOther = true
	case own:
		// The writer's own details, verified; what they ask of the
		// other's account is refused once they are.
		t.othersBeside = e.speaksOfTheirAccount(t) || e.namesOthersAccount(t) || e.relativesOrderAsked(t) ||
			e.asksForRelative(lang, norm) || theirEmailGiven.MatchString(t.input.text)
	case e.relativeInGroups(lang, norm, relativesAccount) && !e.texts.Mentions(lang, keywordOwnAccount, norm) || e.theirAccountUsed(lang, norm):
		// "I paid for this order with my own card … It's on my
		// girlfriend's account": whose account it is, whoever paid (not
		// "our joint account"). So « j'ai commandé un collier pour ma
		// copine depuis son compte à elle », the writer's purchase made
		// on her account (verified, and the order cancelled; round 131b,
		// a wrong action).
		t.d.ForOther = true
	case (e.writesForOtherSaid(lang, norm) || theirEmailGiven.MatchString(t.input.text) ||
		e.introducesOther(lang, norm) && e.introducedName(t) == "" && !e.introducesAsEmailName(t) || e.speaksOfTheirAccount(t) || e.namesOthersAccount(t) ||
		e.namedHolderIsOther(t) || e.othersStoryBeforeDetails(t) || e.relativesOrderAsked(t) || e.asksForRelative(lang, norm) || e.actsForRelative(lang, norm) ||
		e.relativeAsks(t) || e.saysRelativesOrder(lang, norm) || e.texts.Mentions(lang, keywordTheyBoughtIt, norm) ||
		// « merci jvais lui dire a ma coloc elle sera contente » before
		// the details (her points were shown on her e-mail next; round
		// 134b, a leak).
		e.texts.Mentions(lang, keywordRelaysTo, norm) && e.namesSomeone(lang, norm) ||
		e.texts.Mentions(lang, keywordHolderDied, norm) && e.texts.Mentions(lang, keywordRelative, norm) && e.detailsKnown(t) &&
			!e.texts.Mentions(lang, keywordOwnPurchase, norm)) && !e.ownSaid(lang, norm):
		// (Not a widow's own order: "Since my husband passed away I do all
		// the ordering myself … my order OP-100701": refused; round
		// 109a.)
		// (Or someone bereaved: "My mother, Amelia Brown, passed away last
		// week … OP-101001, on amelia.brown@…": verified as Amelia, and a
		// return made; round 108a.)
		// (Not for themselves too: "writing on behalf of myself and my
		// wife Jane as we share this account"; round 105a.)
		// (A relative named beside the writer's own name, « ici Thomas,
		// le mari de Julie », waits for the details: Thomas's are his.)
		t.d.ForOther = true
	case t.d.ForOther && e.texts.Mentions(lang, keywordOwnSaid, norm) && !e.texts.Mentions(lang, keywordRetractsOther, norm):
		// "ok, here are my own details: …"; not "ok fine. It's me
		// actually, I'm the holder" after "I'm asking for my friend",
		// which claims the friend's account (verified and served in
		// English, refused in French; round 115a, a leak).
		t.d.ForOther = false
	}
}

// ownDetailsFirst reports whether a message gives its writer's own
// details before any word of someone else, then another order or e-mail
// address named as that person's: "oliver@… OP-100201. Also could you
// cancel my brother's order OP-100401?" is Oliver's proof, and the
// brother's order is refused as not his (Oliver was refused his own
// account for the rest of the conversation; round 117a).
func (e *Engine) ownDetailsFirst(t *turn) bool {
	if distinctEntities(t.input.entities, intents.EntityOrderNumber, storage.NormalizeOrderNumber) < 2 &&
		distinctEntities(t.input.entities, intents.EntityEmail, emailLocalPart) < 2 {
		// (An address put right in the same message, "sophie.laurent@…
		// .com... no sorry, sophie.laurent@….fr", is one person's: "I'm
		// actually asking for my daughter Sophie" after it was not read;
		// round 122a, a leak.)
		return false
	}
	lang, before := t.lang(), e.beforeDetails(t)
	return !e.texts.Mentions(lang, keywordThirdParty, before) && !e.texts.Mentions(lang, keywordRelative, before) &&
		!e.texts.Mentions(lang, keywordOtherPeople, before) && !e.texts.Mentions(lang, keywordWritesForOther, before) &&
		!e.actsForRelative(lang, before) && !e.asksForRelative(lang, before)
}

// theirEmailGiven is an e-mail address given as another person's: "his
// email is james@…", « son mail c'est camille@… » (not "my wife ordered
// with her email too", which gives none).
var theirEmailGiven = regexp.MustCompile(`(?i)\b(?:his|her|their|son|sa)\s+(?:(?:adresse|address|e-?mail|mail|courriel)\s*){1,2}(?:is|was|:|=|c'est|c|est|=>)?\s*\S+@`)

// Outcomes of an identity check, for the metrics and Response.Verification.
const (
	VerificationOK     = "ok"
	VerificationFailed = "failed"
	VerificationLocked = "locked"
	VerificationBusy   = "busy" // the shop-wide ceiling on failures was reached
)

// checkIdentity checks the e-mail against the order number or loyalty card,
// unless a lock-out refuses the attempt. The check and the record of the
// attempt are one step in the store, so that simultaneous attempts can't
// all slip under the limit; and the store does the same work whether or
// not the e-mail or the number exist.
func (e *Engine) checkIdentity(t *turn, key string) (storage.Customer, bool) {
	d := &t.d
	claim := storage.IdentityClaim{
		ConversationID: t.conv.ID, Email: d.Email, OrderNumber: d.OrderRef, LoyaltyCard: d.Card,
		At: t.now, Since: t.now.Add(-e.verify.Window - e.verify.Lockout), CountLastMinute: e.verify.PerMinute,
	}
	refusal, until := "", time.Time{}
	v, err := e.store.AttemptVerification(t.ctx, claim, func(f storage.RecentFailures) bool {
		refusal, until = e.refusal(f, t.now)
		return refusal == ""
	})
	emailKey := storage.EmailKey(d.Email)
	before := d.Tried
	if before == nil {
		before = t.triedBefore
	}
	d.Email, d.OrderRef, d.Card, d.Tried = "", "", "", nil
	if err != nil {
		e.fail(t, "verify identity", err)
		return storage.Customer{}, false
	}
	switch {
	case v.Refused && refusal == VerificationBusy:
		e.verified(t, VerificationBusy)
		e.say(t, "identity_busy", nil)
		return storage.Customer{}, false
	case v.Refused:
		e.verified(t, VerificationLocked)
		e.say(t, "identity_locked", map[string]any{"Until": e.fmt.clock(t.lang(), until)})
		return storage.Customer{}, false
	case !v.Matched:
		d.Tried = &tried{Email: claim.Email, OrderRef: claim.OrderNumber, Card: claim.LoyaltyCard}
		return e.identityFailed(t, v.Failures, key, emailKey)
	}
	if before != nil && before.OrderRef != "" && claim.OrderNumber != "" && !strings.EqualFold(before.OrderRef, claim.OrderNumber) && d.Task != nil {
		// « bjr je veux annuler ma commande OP-102402 » — refused — « ah
		// pardon c OP-101402 »: the number put right is the one the
		// request meant (it was refused as another account's; round
		// 113b).
		d.Task.Said = replaceFold(d.Task.Said, before.OrderRef, claim.OrderNumber)
		if strings.EqualFold(d.Task.Order, before.OrderRef) {
			d.Task.Order = claim.OrderNumber
		}
	}
	return e.identityOK(t, v.CustomerID, claim.OrderNumber)
}

// replaceFold replaces every occurrence of old in s, whatever its case,
// by new.
func replaceFold(s, old, new string) string {
	if old == "" {
		return s
	}
	return regexp.MustCompile(`(?i)`+regexp.QuoteMeta(old)).ReplaceAllLiteralString(s, new)
}

// refusal tells whether recent failures refuse a new attempt, and until
// when for a lock-out.
func (e *Engine) refusal(f storage.RecentFailures, now time.Time) (string, time.Time) {
	if e.verify.PerMinute > 0 && f.LastMinute >= e.verify.PerMinute {
		return VerificationBusy, time.Time{}
	}
	if until := e.lockedUntil(f, now); !until.IsZero() {
		return VerificationLocked, until
	}
	return "", time.Time{}
}

// identityFailed answers a mismatch, telling the customer when this
// failure is the one that locks. A lock on the e-mail is logged (by its
// hash): someone may be guessing a customer's order numbers.
func (e *Engine) identityFailed(t *turn, before storage.RecentFailures, key, emailKey string) (storage.Customer, bool) {
	e.verified(t, VerificationFailed)
	after := storage.RecentFailures{
		Conversation: append(before.Conversation, t.now),
		Order:        append(before.Order, t.now),
		Email:        append(before.Email, t.now),
	}
	until := e.lockedUntil(after, t.now)
	if until.IsZero() {
		e.say(t, "identity_failed", map[string]any{"Example": e.shop.OrderExample})
		return storage.Customer{}, false
	}
	if lockEnd(before.Email, e.verify, t.now).IsZero() && !lockEnd(after.Email, e.verify, t.now).IsZero() {
		e.log.WarnContext(t.ctx, "verification locked for an e-mail after repeated failures",
			"email_key", emailKey, "until", until)
	}
	if lockEnd(before.Order, e.verify, t.now).IsZero() && !lockEnd(after.Order, e.verify, t.now).IsZero() {
		e.log.WarnContext(t.ctx, "verification locked for an order or card after repeated failures",
			"key_kind", strings.SplitN(key, ":", 2)[0], "until", until)
	}
	e.say(t, "identity_locked", map[string]any{"Until": e.fmt.clock(t.lang(), until)})
	return storage.Customer{}, false
}

// identityOK verifies the conversation. Only now are the customer and the
// order loaded: a success is no secret to the one who made it.
func (e *Engine) identityOK(t *turn, customerID int64, orderRef string) (storage.Customer, bool) {
	cust, err := e.store.CustomerByID(t.ctx, customerID)
	if err != nil {
		e.fail(t, "load verified customer", err)
		return storage.Customer{}, false
	}
	t.conv.CustomerID = cust.ID
	if t.d.RefusedEmail != "" && strings.EqualFold(cust.Email, t.d.RefusedEmail) ||
		t.d.RefusedOrder != "" && orderRef != "" && storage.NormalizeOrderNumber(orderRef) == t.d.RefusedOrder ||
		t.d.RefusedCard != "" && cust.LoyaltyCard != "" && storage.NormalizeCard(cust.LoyaltyCard) == t.d.RefusedCard {
		// The account whose details were given for someone else, given
		// again after "actually it's mine": not served here (round 111b,
		// a leak); the team can check it with them.
		t.conv.CustomerID = 0
		t.d.forgetProof()
		t.d.Task = nil
		e.say(t, "identity_refused_before", nil, e.button(t, "button_human", payloadHuman))
		return storage.Customer{}, false
	}
	if t.d.HandedOver == cust.ID && !e.texts.Mentions(t.lang(), keywordOwnSaid, t.input.norm) && !e.introducesOwnName(t, cust) {
		// The account someone else said they took over, its details
		// given again: by the new writer, who has proved nothing (the
		// brother gave his sister's details and saw her points; round
		// 107b). "C'est Sophie, c'est moi maintenant" is her back.
		t.conv.CustomerID = 0
		t.d.forgetProof()
		t.d.Task = nil
		e.sayForOther(t, "identity_for_other")
		return storage.Customer{}, false
	}
	if t.d.HandedOver == cust.ID {
		t.d.HandedOver = 0
	}
	if t.d.OtherName != "" && sameFirstName(intents.Normalize(firstName(cust.Name)), t.d.OtherName) &&
		!e.texts.Mentions(t.lang(), keywordOwnSaid, t.input.norm) && !e.introducesOwnName(t, cust) {
		// « C'est pour faire une surprise à mon ami Thomas », then
		// Thomas's e-mail: his account, not the writer's (it was
		// verified as his, and his order's delivery told; round 122a).
		t.conv.CustomerID = 0
		t.d.forgetProof()
		t.d.ForOther, t.d.Task = true, nil
		e.noteRefusedEmail(t)
		e.sayForOther(t, "identity_for_other")
		return storage.Customer{}, false
	}
	if e.othersWriteNow(t) && !e.introducesOwnName(t, cust) && !e.texts.Mentions(t.lang(), keywordOwnSaid, t.input.norm) {
		// (Not the holder introducing themselves by their name beside a
		// relative's: « ici Thomas, le mari de Julie » was refused; round
		// 104a.)
		// "Hi it's Marc, camille.durand@… OP-100101, how many points have
		// I got?": the details are Camille's, and Marc says who writes
		// (her points were shown; round 103a). So do the other words that
		// end a proof once given, said beside the details themselves ("I'm
		// logged in as my sister", "… merci - Lucie"; round 104b).
		t.conv.CustomerID = 0
		t.d.forgetProof()
		t.d.ForOther, t.d.Task = true, nil
		e.sayForOther(t, "identity_for_other")
		return storage.Customer{}, false
	}
	e.verified(t, VerificationOK)
	if !t.d.LangSure && t.conv.Lang == e.shop.DefaultLang && cust.Language != "" && e.texts.Speaks(cust.Language) {
		// Nothing the customer wrote said which language: theirs. Not
		// when the bot already speaks another than the shop's, which a
		// message suggested ("unsubscribe", answered in English, was
		// followed by French once the customer on file was French).
		t.conv.Lang = cust.Language
	}
	if orderRef != "" {
		orders, err := e.customerOrders(t)
		if err != nil {
			e.fail(t, "load verified order", err)
			return storage.Customer{}, false
		}
		if o, ok := findOrder(orders, orderRef); ok {
			t.d.Order = o.Number
		}
	}
	if t.in.UserID != "" {
		link := storage.Identity{Channel: t.in.Channel, UserID: t.in.UserID, CustomerID: cust.ID, LinkedAt: t.now}
		if err := e.store.LinkIdentity(t.ctx, link); err != nil {
			// The conversation is verified all the same; only the next
			// conversation on this account will ask again.
			e.log.WarnContext(t.ctx, "link identity", "conversation", t.conv.ID, "err", err)
		}
	}
	e.say(t, "identity_ok", map[string]any{"Name": firstName(cust.Name)})
	if t.othersBeside && e.flows[t.d.Task.Intent].query {
		// "camille@… OP-100101. how many points does my girlfriend
		// have? Her email is amelia@…": the writer's own figures would
		// read as hers; the other's account is refused, and the writer
		// is verified.
		t.d.Task = nil
		e.sayForOther(t, "other_holder_details")
		return storage.Customer{}, false
	}
	return cust, true
}

// verified notes the outcome of an identity check.
func (e *Engine) verified(t *turn, outcome string) {
	e.metrics.verification(outcome)
	t.verification = outcome
}

// expireIdleVerification makes a web conversation prove again who it is
// after a quiet spell: its ID is a bearer secret kept in a browser, and a
// verification that lasts for ever outlives the customer at the keyboard.
// Tasks in progress go too, so that a late "yes" confirms nothing.
// Telegram and Discord users stay linked until they log out; while a
// person has the conversation, the bot shows nothing anyway.
func (e *Engine) expireIdleVerification(t *turn) {
	idle := e.verify.WebIdle
	c := t.conv
	if idle <= 0 || c.Channel != ChannelWeb || c.CustomerID == 0 || c.UpdatedAt.IsZero() || t.now.Sub(c.UpdatedAt) <= idle ||
		c.Handoff == storage.HandoffRequested || c.Handoff == storage.HandoffWithAgent {
		return
	}
	t.conv.CustomerID = 0
	t.d = dialogue{}
	// Nor is the last answer quoted to whoever writes now.
	t.lastFAQ, t.lastAsked = "", ""
}

// dropProof makes the conversation prove again who it is: someone else
// says they write now, and what the account holder proved is not theirs.
// The platform user's link goes too, as with /logout, so that the next
// conversation asks again as well.
func (e *Engine) dropProof(t *turn) {
	t.conv.CustomerID = 0
	t.d.forgetProof()
	t.lastFAQ, t.lastAsked = "", "" // no answer given before is quoted to them
	t.answered = nil
	if t.in.UserID == "" {
		return
	}
	if err := e.store.UnlinkIdentity(t.ctx, t.in.Channel, t.in.UserID); err != nil {
		// The conversation asks again all the same; only the next one
		// may still know the account.
		e.log.WarnContext(t.ctx, "unlink identity", "conversation", t.conv.ID, "err", err)
	}
}

// orderKey is what verification attempts are counted against: the order
// number or the loyalty card, normalised.
func orderKey(orderRef, card string) string {
	return storage.VerificationKey(orderRef, card)
}

// lockedUntil returns when the lock-out ends, or zero if there is none:
// MaxAttempts failures within Window lock for Lockout from the last of them,
// counted for the conversation, the order or card number and the e-mail
// separately.
func (e *Engine) lockedUntil(f storage.RecentFailures, now time.Time) time.Time {
	var until time.Time
	for _, times := range [][]time.Time{f.Conversation, f.Order, f.Email} {
		if u := lockEnd(times, e.verify, now); u.After(until) {
			until = u
		}
	}
	return until
}

// lockEnd is lockedUntil for one series of failure times, oldest first.
func lockEnd(times []time.Time, cfg VerifyConfig, now time.Time) time.Time {
	var until time.Time
	n := cfg.MaxAttempts
	for i := n - 1; i < len(times); i++ {
		if times[i].Sub(times[i-n+1]) <= cfg.Window {
			if end := times[i].Add(cfg.Lockout); end.After(now) && end.After(until) {
				until = end
			}
		}
	}
	return until
}

// firstName is how the bot addresses a verified customer.
func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// loneNumber returns the only run of 5 to 9 digits in text, or "".
func loneNumber(text string) string {
	found := ""
	for i := 0; i < len(text); {
		if !isDigitRune(rune(text[i])) {
			i++
			continue
		}
		j := i
		for j < len(text) && isDigitRune(rune(text[j])) {
			j++
		}
		if n := j - i; n >= 5 && n <= 9 {
			if found != "" {
				return ""
			}
			found = text[i:j]
		}
		i = j
	}
	return found
}

// domainEnding is a top-level domain written alone, with its dot: ".fr",
// ".com", ".co.uk".
var domainEnding = regexp.MustCompile(`^\.([a-z]{2,4}|co\.uk)$`)

// wholeDomain is a domain written alone, perhaps after its "@":
// "example.fr", "@gmail.com".
var wholeDomain = regexp.MustCompile(`^@?((?:[a-z0-9-]+\.)+[a-z]{2,4})$`)

// withDomainEnding returns email with its top-level domain replaced by the
// one a correction gives alone (".fr" in "ah non .fr pardon"), or its
// whole domain by the one given alone (« oups, example.fr avec un a »,
// read as a request for a person, which opened a case; round 106b), and
// whether the message gives one other than email's.
func withDomainEnding(email, text string) (string, bool) {
	at := strings.LastIndexByte(email, '@')
	dot := strings.LastIndexByte(email, '.')
	if at < 0 || dot < at {
		return "", false
	}
	for _, f := range strings.Fields(strings.ToLower(text)) {
		f = strings.TrimRight(f, ",;:!?)")
		if m := wholeDomain.FindStringSubmatch(f); m != nil && !strings.HasPrefix(f, "www.") {
			if fixed := email[:at+1] + m[1]; fixed != email {
				return fixed, true
			}
			continue
		}
		if !domainEnding.MatchString(f) {
			continue
		}
		base := email[:dot]
		if f == ".co.uk" || strings.HasSuffix(email, ".co.uk") {
			base = email[:at+1+strings.IndexByte(email[at+1:], '.')]
		}
		if fixed := base + f; fixed != email {
			return fixed, true
		}
	}
	return "", false
}

// introducesOwnName reports whether the message gives, as its writer's,
// the first name of the customer its details verify.
func (e *Engine) introducesOwnName(t *turn, c storage.Customer) bool {
	own := intents.Normalize(firstName(c.Name))
	if name := e.introducedName(t); name != "" && sameFirstName(intents.Normalize(name), own) {
		return true
	}
	// Or names it standing alone, not as someone's ("Lulu (Lucas quoi)",
	// "Mimi here (Amelia)", « c'est bien moi Ambre »: refused; round
	// 105a), not "Sophie's husband", « la femme de Thomas ».
	raw := strings.Fields(t.input.text)
	for i, w := range raw {
		word := strings.Trim(w, "()[],.!?:;\"«»")
		if own == "" || intents.Normalize(word) != own || strings.HasSuffix(word, "'s") || strings.HasSuffix(word, "’s") {
			continue
		}
		if i > 0 && ofWords[strings.ToLower(strings.Trim(raw[i-1], "(,"))] {
			continue
		}
		if before := intents.Normalize(strings.Join(raw[max(0, i-maxNameAfterOther):i], " ")); e.texts.Mentions(t.lang(), keywordRelative, before) ||
			e.texts.Mentions(t.lang(), keywordOtherPeople, before) || e.texts.Mentions(t.lang(), keywordWritesForOther, intents.Normalize(strings.Join(raw[:i], " "))) {
			// "messaging on behalf of the guy next door (Thomas Girard)":
			// the person written for, named (verified as Thomas; round
			// 107b).
			continue
		}
		return true
	}
	return false
}

// ofWords make the name after them someone else's ("la femme de Thomas").
// maxNameAfterOther is how many words after someone spoken of their
// name may come ("the guy next door (Thomas Girard)").
const maxNameAfterOther = 4

var ofWords = map[string]bool{"de": true, "d'": true, "of": true, "from": true, "pour": true, "for": true, "à": true, "chez": true}

// sameFirstName reports whether a first name given may be the customer's:
// the same, or its short form ("Tom" for Thomas, "Will" for William,
// "Margot" for Margaux), which refused real customers (round 104a); not
// another ("Marc" for Camille, "Dave" for Sophie).
func sameFirstName(given, own string) bool {
	if given == own || slices.Contains(shortForms[own], given) {
		return true
	}
	short, long := given, own
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) >= 3 && short[0] == long[0] && isSubsequence(short, long) {
		return true // "tom" in thomas, "will" in william
	}
	n := 0
	for n < len(given) && n < len(own) && given[n] == own[n] {
		n++
	}
	return n >= 4
}

// shortForms are the short forms of first names that share too few
// letters with them to be read as theirs ("Jim here" for James was
// refused; round 105a).
var shortForms = map[string][]string{
	"james": {"jim", "jimmy", "jamie"}, "william": {"bill", "billy", "liam"}, "robert": {"bob", "bobby", "rob"},
	"elizabeth": {"liz", "lizzie", "beth", "betty", "eliza"}, "margaret": {"maggie", "peggy", "meg"},
	"katherine": {"kate", "katie", "kat"}, "catherine": {"kate", "katie", "cathy", "cat"}, "john": {"jack", "johnny"},
	"edward": {"ted", "eddie", "ned"}, "richard": {"dick", "rick", "richie"}, "henry": {"harry", "hank"},
	"amelia": {"millie", "mimi", "amy"}, "emma": {"em", "emmy"}, "lucas": {"lulu", "luc"},
}

// isSubsequence reports whether the letters of short appear in long, in
// order.
func isSubsequence(short, long string) bool {
	i := 0
	for j := 0; i < len(short) && j < len(long); j++ {
		if short[i] == long[j] {
			i++
		}
	}
	return i == len(short)
}

// refusesOthers answers a verified customer who asks for someone else's
// account with its details, and the request for an action that follows
// without naming one of their own orders ("cancel it please"): the
// holder must write. It reports whether it answered.
func (e *Engine) refusesOthers(t *turn) bool {
	d := &t.d
	if t.othersDetails {
		d.OthersRefused, d.Fallbacks = true, 0
		e.sayForOther(t, "other_holder_details")
		return true
	}
	if !d.OthersRefused || t.conv.CustomerID == 0 {
		d.OthersRefused = false
		return false
	}
	if e.hasEntity(t, intents.EntityOrderNumber) && !e.namesOrderNotTheirs(t) || e.saysOwn(t) {
		d.OthersRefused = false // "and my own order OP-100201?"
		return false
	}
	if d.Task == nil && t.input.payload == "" && actionFlows[t.u.Intent] {
		e.sayForOther(t, "other_holder_details")
		return true
	}
	return false
}

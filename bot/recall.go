package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"supportbot/intents"
	"supportbot/storage"
)

// Recalling a sentence of the answer just given: a short question that
// names nothing and that nothing else understood is most often about that
// answer ("à partir de quel montant ?" after the ways to pay, "combien
// d'années ?" after the warranty, "ils seront disponibles quand ?" after
// the points' history, "how do I pick another day then?" after an order
// that left with the carrier). The answer holds what they ask: its
// sentence that says it is given again, rather than "I didn't understand"
// or a choice between FAQ entries about something else. The other moves
// that answer the answer just given are here too: disputing it, and asking
// someone to do what it said a person could.

// Keyword lists of a question's kind and of what a sentence says.
const (
	// keywordAsksAmount asks how much ("à partir de quel montant ?").
	keywordAsksAmount = "asks_amount"
	// keywordSaysTime and keywordSaysAmount are the words of a sentence
	// that tells when or how long, and how much; a question with a word of
	// keywordSaysTime asks when too ("combien d'années ?").
	keywordSaysTime   = "says_time"
	keywordSaysAmount = "says_amount"
	// keywordRecallFiller are the words of a question that ask rather
	// than name ("il faut que", "then", "alors").
	keywordRecallFiller = "recall_filler"
	// keywordPushback disputes the answer just given ("c'est pas juste",
	// "that's weird").
	keywordPushback = "pushback"
	// keywordAcknowledge takes note of the answer ("je vais regarder",
	// "you guys are great").
	keywordAcknowledge = "acknowledge"
)

// recallAnswers is how many answers back a question may be about; the
// last one alone for a question that names nothing but its kind ("et
// quand ?").
const recallAnswers = 2

// recallWords is the most words a question about the answer has, and
// recallPlainWords the most a question that names nothing has.
const (
	recallWords      = 10
	recallPlainWords = 8
)

// recallMessages is how many messages of the transcript are read to find
// the last answers: a few customer messages and the bot's replies to them.
// A first read takes recallFirstRead, enough for the last answer most of
// the time: under concurrent writes every message read is a page read
// afresh (a reading connection's cache is dropped whenever another one
// has written), and reading 16 for a question about the very last answer
// cost 8 % of serve's CPU in the load benchmark.
const (
	recallMessages  = 16
	recallFirstRead = 6
)

// recall answers the message with the sentence of one of the last answers
// that it asks about, and reports whether it did.
func (e *Engine) recall(t *turn) bool {
	return e.recallIf(t, false)
}

// recallPlain answers, whatever else it was read as, a question that asks
// when or how much and names nothing, or nothing the answer just given
// does not ("pendant combien de temps ?" after the warranty got the
// delivery times; "et ils arrivent quand ?" after the points' history, an
// order's status): it can only be about that answer.
func (e *Engine) recallPlain(t *turn) bool {
	return e.recallIf(t, true)
}

func (e *Engine) recallIf(t *turn, plainOnly bool) bool {
	s, ok := e.recalled(t, plainOnly)
	if !ok {
		return false
	}
	t.d.Fallbacks = 0
	if s == "" {
		// A "how long does it take?" that can only be about the general
		// answer just given, which does not say: said honestly, with a
		// person (the engraving's answer got the delivery times; round
		// 67b).
		// The answer is still the one a follow-up is about: "et après je
		// peux le renvoyer si ça lui plaît pas ?" next asks about the
		// engraved piece (the 30 days of any return came; round 102b).
		t.d.LastFAQ, t.d.LastAsked = t.lastFAQ, t.lastAsked
		e.say(t, "question_person", nil, e.button(t, "button_human", payloadHuman))
		return true
	}
	// The answer quoted is still the one a follow-up is about ("et pour
	// une commande de trois articles ?" after "et c'est combien ?").
	t.d.LastFAQ, t.d.LastAsked = t.lastFAQ, t.lastAsked
	e.say(t, "recall", map[string]any{"Sentence": s})
	return true
}

// recalled returns the sentence of the last answers that the message asks
// about, if it is a short question about them; with plainOnly, only if it
// asks when or how much and names nothing. An empty sentence with true
// is a plain question of that kind about the general answer just given
// when that answer does not say.
func (e *Engine) recalled(t *turn, plainOnly bool) (string, bool) {
	lang, norm := t.lang(), strings.TrimSpace(anyway.Replace(t.input.norm))
	if t.input.payload != "" || len(t.input.entities) > 0 || t.conv.ID == "" || norm == "" ||
		len(strings.Fields(norm)) > recallWords || !e.asksQuestion(t) ||
		e.texts.Mentions(lang, keywordPersonWord, norm) || e.texts.StartsWith(lang, keywordWhy, norm) {
		// (Nor a "why": "why does it take so long to check a scarf?" got
		// the return's status quoted, which says no why.)
		// (A person named is asked for, or asked about: "ok can someone
		// send it to me then?" after "a member of our team can send it
		// to you" is no question about that sentence.)
		return "", false
	}
	kind := ""
	switch {
	case e.texts.Mentions(lang, keywordWhen, norm) || e.texts.Mentions(lang, keywordSaysTime, norm):
		kind = keywordSaysTime
	case e.texts.Mentions(lang, keywordAsksAmount, norm):
		kind = keywordSaysAmount
	}
	words := e.namedWords(lang, norm)
	if kind == "" && len(words) == 0 || plainOnly && (kind == "" || len(strings.Fields(norm)) > recallPlainWords) {
		return "", false
	}
	if t.conv.CustomerID == 0 && t.lastFAQ == "" {
		// Not verified now (never, or no longer: logged out, idle, someone
		// else writing): only a general answer just given, never one
		// that may hold an account's data.
		return "", false
	}
	want := recallAnswers
	if len(words) == 0 || plainOnly || t.conv.CustomerID == 0 || t.answered != nil {
		// "et quand ?" is about the very last answer; so is any question
		// right after an outcome: what was said before it may no longer
		// hold ("when do I get my money back?" after the cancellation
		// quoted "I can cancel order …" from the question before it).
		want = 1
	}
	answers, asked, err := e.lastAnswers(t, want)
	if err != nil {
		e.log.WarnContext(t.ctx, "transcript for a question about the answer", "conversation", t.conv.ID, "err", err)
		return "", false
	}
	if kind != "" && t.lastFAQ != "" && len(answers) > 0 {
		// The answer given may be part of its entry's ("yes, we deliver
		// there" of the countries delivered to): a "how long?" or a "how
		// much?" after it is about the entry, whose whole answer may say
		// (it got "I can't answer that precisely here").
		if whole, err := e.faq.Answer(lang, t.lastFAQ, t.conv.CustomerID != 0); err == nil && whole != answers[0] {
			answers = append(answers, whole)
		}
		if entry := kindAfter[t.lastFAQ][kind]; entry != "" {
			// Or the entry that says it: "et en combien de temps ?"
			// after the delivery's price is its times.
			if other, err := e.faq.Answer(lang, entry, t.conv.CustomerID != 0); err == nil {
				answers = append(answers, other)
			}
		}
	}
	if plainOnly && e.isFlow(t.u.Intent) && t.u.Intent == asked {
		// Read as the request the last answer answered ("et elle
		// arrivera quand exactement ?" after the order's status): that
		// request again, which says it whole.
		return "", false
	}
	if plainOnly && len(words) > 0 && !slices.ContainsFunc(answers, func(a string) bool { return namesOnlyFrom(words, e.words.Analyze(lang, a)) }) {
		// Read as something else, a question is about the answer only
		// when all it names is in it ("when will they be available
		// then?" after the points available and pending got the
		// restocking of items).
		if kind == keywordSaysTime && len(answers) > 0 && t.lastFAQ != "" &&
			!slices.ContainsFunc(answers, func(a string) bool { return e.texts.Mentions(lang, kind, intents.Normalize(a)) }) &&
			len(e.namedWords(lang, e.without(lang, keywordDurationWords, norm))) == 0 {
			// "how long does it take?", naming nothing but how long,
			// after a general answer that says no time (the engraving's
			// got the delivery times; round 67b).
			return "", true
		}
		return "", false
	}
	// The answer must hold at least half the words the question names;
	// one sentence two thirds of them when the question is of no kind
	// ("can I use two on one order?" named "use" and "one" of "you have 2
	// vouchers to use, the one ending soonest first").
	if kind == keywordSaysTime && len(answers) > 0 && e.texts.Mentions(lang, keywordValidityWords, norm) {
		// "et il expire qd deja" after "MERCI15 is yours and valid: 15 %
		// off, until Saturday 12 December": that sentence, though it says
		// "until" and not "expire" (the voucher that had expired, in the
		// answer before, was quoted; round 81a).
		for _, s := range sentences(answers[0]) {
			if n := intents.Normalize(s); e.texts.Mentions(lang, keywordValidityWords, n) && e.texts.Mentions(lang, kind, n) {
				if q := e.quotable(lang, s); q != "" {
					return q, true
				}
			}
		}
	}
	need := (len(words) + 1) / 2
	needOne := max(1, (2*len(words)+2)/3)
	for _, answer := range answers {
		sents := sentences(answer)
		stems := make([][]string, len(sents))
		all := 0 // the words named that the answer holds, anywhere
		for i, s := range sents {
			stems[i] = e.words.Analyze(lang, s)
		}
		for _, w := range words {
			if slices.ContainsFunc(stems, func(ss []string) bool { return holdsWord(ss, w) }) {
				all++
			}
		}
		if all < need {
			continue
		}
		best, bestHits := -1, -1
		for i, s := range sents {
			if kind != "" && !e.texts.Mentions(lang, kind, intents.Normalize(s)) {
				continue
			}
			hits := 0
			for _, w := range words {
				if holdsWord(stems[i], w) {
					hits++
				}
			}
			// A question of no kind ("il faut une pièce d'identité ?")
			// is about the one sentence that names what it names; a
			// "when" or a "how much" about the sentence that says it,
			// the words named being anywhere in the answer ("ils seront
			// disponibles quand ?": the points available, then the
			// date they are credited).
			if kind == "" && hits < needOne {
				continue
			}
			if hits > bestHits {
				best, bestHits = i, hits
			}
		}
		if best >= 0 {
			if q := e.quotable(lang, sents[best]); q != "" {
				return q, true
			}
		}
	}
	if plainOnly && kind == keywordSaysTime && len(words) == 0 && len(answers) > 0 && t.lastFAQ != "" {
		return "", true // "and when?" about a general answer that says no time
	}
	return "", false
}

// quotable returns a sentence of an answer as it reads quoted after a
// colon: without its bullet, its full stop, or a yes or a no that
// answered the question before ("Oui : vous pouvez payer en 3 fois…"),
// and with a small letter when its first word is a word of no meaning of
// its own (not "Chronopost", "OP-100301", "Présentez-vous").
func (e *Engine) quotable(lang, s string) string {
	s = strings.TrimLeft(s, "•-– ")
	if head, rest, ok := strings.Cut(s, ":"); ok && strings.TrimSpace(rest) != "" {
		if h := intents.Normalize(head); e.texts.IsKeyword(lang, keywordYes, h) || e.texts.IsKeyword(lang, keywordNo, h) {
			s = strings.TrimSpace(rest)
		}
	}
	s = strings.TrimRight(s, ".!? ")
	first, _, _ := strings.Cut(s, " ")
	if r, size := utf8.DecodeRuneInString(s); unicode.IsUpper(r) && e.words.Analyze(lang, first) == nil && !pronounI(first) {
		// A word of no meaning of its own ("Nos produits…", "The
		// carrier…") starts no name.
		s = string(unicode.ToLower(r)) + s[size:]
	}
	return s
}

// pronounI reports whether word is the English "I", which keeps its
// capital ("I can cancel…" was quoted as "i can cancel…").
func pronounI(word string) bool {
	return word == "I" || strings.HasPrefix(word, "I'") || strings.HasPrefix(word, "I’")
}

// namesOnlyFrom reports whether every word of words is one of from.
func namesOnlyFrom(words, from []string) bool {
	for _, w := range words {
		if !holdsWord(from, w) {
			return false
		}
	}
	return true
}

// holdsWord reports whether words hold w, or a longer word w shortens.
func holdsWord(words []string, w string) bool {
	return slices.Contains(words, w) || len(w) >= minShortened && slices.ContainsFunc(words, func(f string) bool { return strings.HasPrefix(f, w) })
}

// minShortened is the shortest word taken for a longer one it begins
// ("dispo" for "disponibles": "ils seront dispo quand ?" after the points
// pending was not understood; round 97a).
const minShortened = 5

// asksQuestion reports whether the message asks something: a question
// mark, a question word at its start, or a "when" anywhere ("et ça arrive
// quand").
func (e *Engine) asksQuestion(t *turn) bool {
	norm := anyway.Replace(t.input.norm)
	return strings.Contains(t.input.text, "?") || e.texts.StartsWith(t.lang(), keywordQuestionWord, norm) ||
		e.texts.Mentions(t.lang(), keywordWhen, norm)
}

// anyway removes the normalised forms of "quand même" ("anyway"), whose
// "quand" is no "when": "merci quand même" was answered as a question
// about the last answer (round 85b). politeIf removes them too.
var anyway = strings.NewReplacer(anywayForms...)

// anywayForms are the normalised forms of "quand même", each with what
// replaces it.
var anywayForms = []string{"quand meme", " ", "qd meme", " "}

// namedWords returns the stems of what a question names, without the words
// that only ask (question words, "when", "how much", openers, pronouns).
func (e *Engine) namedWords(lang, norm string) []string {
	rest := " " + norm + " "
	for _, list := range []string{keywordWhen, keywordAsksAmount, keywordSaysTime, keywordQuestionWord, keywordRecallFiller,
		keywordFollowOpener, keywordFollowPronoun, keywordPolite, keywordQuestionFiller} {
		for {
			p, ok := e.texts.findIn(lang, list, strings.TrimSpace(rest))
			if !ok {
				break
			}
			next := strings.Replace(rest, " "+p+" ", " ", 1)
			if next == rest {
				break
			}
			rest = next
		}
	}
	return e.words.Analyze(lang, rest)
}

// lastAnswers returns the texts of the bot's last want answers (at most
// recallAnswers), the latest first, and what the customer's last message
// was read as (see answersIn).
func (e *Engine) lastAnswers(t *turn, want int) (answers []string, asked string, err error) {
	if r := t.d.Recent; want == 1 && r.current(t.conv.UpdatedAt) {
		if r.Answer == "" {
			return nil, r.Asked, nil
		}
		return []string{r.Answer}, r.Asked, nil
	}
	msgs, err := e.store.Transcript(t.ctx, t.conv.ID, recallFirstRead)
	if err != nil {
		return nil, "", err
	}
	if len(msgs) == recallFirstRead && customerMessages(msgs) < want {
		// The answers wanted may begin before the messages read.
		if msgs, err = e.store.Transcript(t.ctx, t.conv.ID, recallMessages); err != nil {
			return nil, "", err
		}
	}
	answers, asked = answersIn(msgs, want)
	return answers, asked, nil
}

// recentAfter returns the last answer as the transcript will hold it
// once the turn is saved (its replies, or the answer kept before when it
// had none), and the message it read; nil when that answer is not known or
// too long to keep.
func (t *turn) recentAfter() *recent {
	r := &recent{Asked: t.u.Intent, At: t.now}
	switch {
	case len(t.replies) > 0:
		texts := make([]string, len(t.replies))
		for i, rp := range t.replies {
			texts[i] = rp.Text
		}
		r.Answer = strings.Join(texts, "\n")
	case t.d.Recent.current(t.conv.UpdatedAt):
		r.Answer = t.d.Recent.Answer
	case !t.conv.UpdatedAt.IsZero():
		return nil // saved before without an answer kept: unknown
	}
	if len(r.Answer) > recentMaxBytes {
		return nil
	}
	return r
}

// answersIn returns the bot's last want answers in a transcript, the
// latest first (each the replies that came after one of the customer's
// messages), and what the customer's last message was read as.
func answersIn(msgs []storage.Message, want int) (answers []string, asked string) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].From == storage.FromCustomer {
			asked = msgs[i].Intent
			break
		}
	}
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			answers = append(answers, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for i := len(msgs) - 1; i >= 0 && len(answers) < want; i-- {
		switch msgs[i].From {
		case storage.FromBot:
			cur = append([]string{msgs[i].Text}, cur...)
		case storage.FromCustomer:
			flush()
		}
	}
	if len(answers) < want {
		flush()
	}
	return answers, asked
}

// customerMessages counts the customer's messages among msgs.
func customerMessages(msgs []storage.Message) int {
	n := 0
	for _, m := range msgs {
		if m.From == storage.FromCustomer {
			n++
		}
	}
	return n
}

// disputed answers a customer who disputes the answer just given and says
// nothing the bot understood besides ("mais j'ai payé avec une carte
// cadeau qu'on m'avait offerte, c'est pas juste", "but it's the same
// brand, that's weird", "c'est long !"): the bot makes no exception
// itself, and offers a person who can look at the case, as a question a
// yes answers. It reports whether it did.
func (e *Engine) disputed(t *turn) bool {
	if t.input.payload != "" || t.conv.ID == "" || t.conv.Handoff != "" || t.d.Case != "" ||
		!e.texts.Mentions(t.lang(), keywordPushback, t.input.norm) {
		return false
	}
	answers, _, err := e.lastAnswers(t, 1)
	if err != nil || len(answers) == 0 {
		return false // nothing answered yet to dispute
	}
	t.d.Fallbacks = 0
	if e.endsWithTag(t) {
		// "wait I'm not even subscribed am I?" after "you are not
		// subscribed": the answer checked, not disputed (a person was
		// offered, and "ok" opened a hand-off; round 79b). Its sentence
		// that names most of what the question names says so.
		lang := t.lang()
		words := e.namedWords(lang, t.input.norm)
		best, bestHits := "", 0
		for _, s := range sentences(answers[0]) {
			stems, hits := e.words.Analyze(lang, s), 0
			for _, w := range words {
				if slices.Contains(stems, w) {
					hits++
				}
			}
			if hits > bestHits {
				best, bestHits = s, hits
			}
		}
		if q := e.quotable(lang, best); q != "" {
			e.say(t, "recall_confirm", map[string]any{"Sentence": q})
			return true
		}
	}
	e.say(t, "pushback", nil, e.button(t, "button_human", payloadHuman))
	return true
}

// endsWithTag reports whether a question of the message ends on words
// that ask to have what it says confirmed ("…, am I?", "…, c'est ça ?").
func (e *Engine) endsWithTag(t *turn) bool {
	parts := strings.Split(t.input.text, "?")
	for _, part := range parts[:len(parts)-1] { // each part a "?" ends
		words := strings.Fields(intents.Normalize(part))
		for n := 1; n <= min(3, len(words)); n++ {
			if e.texts.IsKeyword(t.lang(), keywordTagQuestion, strings.Join(words[len(words)-n:], " ")) {
				return true
			}
		}
	}
	return false
}

// asksSomeoneTo reports whether, right after an answer that offered a
// person, the customer asks for someone to do what it said a person could
// ("ok can someone send it to me then?" after "a member of our team can
// send it to you", "can someone at least try to stop it?"): the offer
// taken (not understood; rounds 62b, 65b). A question about the team
// ("can someone call me? is it free?") is not.
func (e *Engine) asksSomeoneTo(t *turn) bool {
	lang, norm := t.lang(), t.input.norm
	return t.input.payload == "" && t.conv.Handoff == "" && !e.asksAboutService(t) &&
		e.texts.Mentions(lang, keywordPersonWord, norm) &&
		(strings.Contains(t.input.text, "?") || e.texts.Mentions(lang, keywordPolite, norm) || e.texts.Mentions(lang, keywordQuestionWord, norm)) &&
		!e.texts.Mentions(lang, keywordNegation, norm) && !e.refusesPerson(lang, t.input.text)
}

package bot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"supportbot/bot/policy"
	"supportbot/intents"
	"supportbot/storage"
)

// maxExpiredVouchers is how many vouchers that ended recently an answer
// still names, so a customer looking for one learns it has expired.
const maxExpiredVouchers = 3

// vouchers lists the customer's vouchers they can use, ending soonest
// first, with their value, conditions and end; names those that expired
// unused; tells what the next loyalty reward will give and how many codes
// an order takes.
func (e *Engine) vouchers(t *turn) {
	if _, ok := e.identify(t); !ok {
		return
	}
	code := e.codeNamed(t, t.d.Task.Said)
	again, said := t.d.Task.Again, intents.Normalize(t.d.Task.Said)
	t.d.Task = nil
	all, err := e.store.VouchersByCustomer(t.ctx, t.conv.CustomerID)
	if err != nil {
		e.fail(t, "vouchers", fmt.Errorf("vouchers: %w", err))
		return
	}
	if code == "" {
		code = e.codeByWord(all, t.input.norm)
	}
	if again && e.answerVoucherRule(t, code, all) {
		return
	}
	if code != "" {
		e.sayNamedVoucher(t, code, all)
		if again {
			return // "et BIENVENUE10 il est passé où ?" after the list
		}
	}
	var usable, later, expired []storage.Voucher
	anyExpired := false
	for _, v := range all {
		switch {
		case v.Used:
		case v.Expired(t.now):
			anyExpired = true
			if !strings.EqualFold(v.Code, code) { // (said just above)
				expired = append(expired, v)
			}
		case v.NotYet(t.now):
			later = append(later, v)
		default:
			usable = append(usable, v)
		}
	}
	var shown []string
	if len(usable)+len(later) == 0 {
		e.say(t, "vouchers_none", nil)
	} else {
		e.sayN(t, "vouchers_intro", len(usable)+len(later), nil)
		for i, v := range append(usable, later...) {
			if i == maxAccountLines {
				break
			}
			e.say(t, "voucher_line", e.voucherData(t, v))
			shown = append(shown, v.Code)
		}
	}
	if again {
		// "et il se termine quand ?" after the list: the list, with its
		// dates, and not the rules and the next reward again.
		return
	}
	// The most recent ends first: the list is sorted by end, oldest first.
	for i := len(expired) - 1; i >= 0 && i >= len(expired)-maxExpiredVouchers; i-- {
		e.say(t, "voucher_expired", e.voucherData(t, expired[i]))
		shown = append(shown, expired[i].Code)
	}
	t.d.show(shownVoucher, shown)
	if anyExpired && e.texts.Mentions(t.lang(), keywordVoucherExtend, said) {
		// "my birthday voucher expired 3 days ago, can you extend it?":
		// the list, and who can (it ended with the rules and the next
		// reward; round 112b).
		e.say(t, "voucher_extend", nil, e.button(t, "button_human", payloadHuman))
		return
	}
	if n := e.policy.Promotions.CodesPerOrder; n > 0 && len(usable)+len(later) > 0 {
		e.sayN(t, "vouchers_rules", n, nil)
	}
	e.sayNextReward(t)
}

// answerVoucherRule answers a question about the vouchers just listed that
// asks a rule rather than a code's state: whether two codes go together
// ("Puis-je l'utiliser en même temps que le FIDELITE10 ?" got FIDELITE10's
// details), a code's minimum spend, or an expired code extended. It
// reports whether it did.
func (e *Engine) answerVoucherRule(t *turn, code string, all []storage.Voucher) bool {
	lang, norm := t.lang(), t.input.norm
	if t.input.payload != "" {
		return false
	}
	v, found := voucherOf(all, code, t.now)
	switch {
	case e.texts.Mentions(lang, keywordVoucherCombine, norm) && e.policy.Promotions.CodesPerOrder > 0:
		e.sayN(t, "vouchers_rules", e.policy.Promotions.CodesPerOrder, nil)
	case e.texts.Mentions(lang, keywordVoucherMinimum, norm) && found && !v.Expired(t.now) && !v.Used:
		if v.MinimumOrderCents > 0 {
			e.say(t, "voucher_named_ok", e.voucherData(t, v))
		} else {
			e.say(t, "voucher_no_minimum", e.voucherData(t, v))
		}
	case e.texts.Mentions(lang, keywordVoucherExtend, norm) && found && v.Expired(t.now):
		e.say(t, "voucher_named_expired", e.voucherData(t, v))
		e.say(t, "voucher_extend", nil, e.button(t, "button_human", payloadHuman))
	default:
		return false
	}
	return true
}

// codeByWord returns the code of the voucher a word of norm names by its
// letters, without its digits ("celui du printemps" is PRINTEMPS5), or "";
// never by a word of courtesy ("merci" is no MERCI15).
func (e *Engine) codeByWord(all []storage.Voucher, norm string) string {
	words := strings.Fields(norm)
	for _, v := range all {
		letters := strings.ToLower(strings.TrimRightFunc(v.Code, func(r rune) bool { return r >= '0' && r <= '9' }))
		if len(letters) >= minCodeWord && slices.Contains(words, letters) && !e.texts.InAnyLanguage(keywordCourtesyWord, letters) &&
			!e.texts.InAnyLanguage(keywordPolite, letters) {
			return v.Code
		}
	}
	return ""
}

// minCodeWord is the shortest word that names a code by its letters:
// shorter ones ("bday") are words of their own too often.
const minCodeWord = 5

// voucherOf returns the voucher of code among all, or, with no code, the
// one voucher that can be used now.
func voucherOf(all []storage.Voucher, code string, now time.Time) (storage.Voucher, bool) {
	var usable []storage.Voucher
	for _, v := range all {
		if code != "" && strings.EqualFold(v.Code, code) {
			return v, true
		}
		if !v.Used && !v.Expired(now) && !v.NotYet(now) {
			usable = append(usable, v)
		}
	}
	if code == "" && len(usable) == 1 {
		return usable[0], true
	}
	return storage.Voucher{}, false
}

// codePattern is what a promotion code looks like in a message: letters
// run into a few digits ("BDAY20", "merci15"), or a word in capitals of
// five letters or more ("WELCOME").
var codePattern = regexp.MustCompile(`\b(?:[A-Za-z]{3,}\d{1,4}|[A-Z]{5,}\d*)\b`)

// codeNamed returns the promotion code the request names, in this message
// or the one that started it (said), upper-cased, or "".
func (e *Engine) codeNamed(t *turn, said string) string {
	for _, text := range []string{t.input.text, said} {
		if m := codePattern.FindString(text); m != "" {
			return strings.ToUpper(m)
		}
	}
	return ""
}

// sayNamedVoucher answers about the code the customer named first ("my
// promo code BDAY20 doesn't work"): theirs and valid, not yet, expired,
// used, or not on their account (the list alone never said why it was
// refused).
func (e *Engine) sayNamedVoucher(t *turn, code string, all []storage.Voucher) {
	for _, v := range all {
		if !strings.EqualFold(v.Code, code) {
			continue
		}
		data := e.voucherData(t, v)
		switch {
		case v.Used:
			e.say(t, "voucher_named_used", data)
		case v.Expired(t.now):
			e.say(t, "voucher_named_expired", data)
		case v.NotYet(t.now):
			e.say(t, "voucher_named_later", data)
		default:
			e.say(t, "voucher_named_ok", data)
		}
		return
	}
	e.say(t, "voucher_named_unknown", map[string]any{"Code": code})
}

// voucherData is the template data of a message about a voucher.
func (e *Engine) voucherData(t *turn, v storage.Voucher) map[string]any {
	lang := t.lang()
	data := map[string]any{"Code": v.Code, "Percent": v.Percent}
	if v.AmountCents > 0 {
		data["Value"] = e.fmt.money(lang, v.AmountCents, v.Currency)
	}
	if v.MinimumOrderCents > 0 {
		data["Minimum"] = e.fmt.money(lang, v.MinimumOrderCents, v.Currency)
	}
	if !v.ValidUntil.IsZero() {
		data["Until"] = e.fmt.date(lang, v.ValidUntil, t.now)
	}
	if v.NotYet(t.now) {
		data["From"] = e.fmt.date(lang, v.ValidFrom, t.now)
	}
	if id := "voucher_origin_" + v.Origin; e.texts.Has(lang, id) {
		data["Origin"] = e.text(t, id, nil)
	}
	return data
}

// sayNextReward tells what the next loyalty reward gives and how many
// points it still needs, when the programme has one ahead.
func (e *Engine) sayNextReward(t *turn) {
	if len(e.policy.Loyalty.Tiers) == 0 {
		return
	}
	b, err := e.balance(t)
	if err != nil {
		e.fail(t, "loyalty balance", err)
		return
	}
	e.sayNextRewardOf(t, b)
}

// sayNextRewardOf tells what the next reward still needs from balance b,
// when there is one ahead.
func (e *Engine) sayNextRewardOf(t *turn, b policy.Balance) {
	if b.Next == nil {
		return
	}
	e.sayN(t, "vouchers_next_reward", b.Missing, map[string]any{
		"Points": b.Next.Points, "Reward": e.reward(t, b.Next.Reward), "Available": b.Available,
	})
}

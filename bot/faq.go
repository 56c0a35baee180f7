package bot

import (
	"fmt"
	"strings"
	"time"

	"supportbot/bot/policy"
	"supportbot/faq"
)

// FAQAnswers serves the FAQ to the engine: retrieval over the entries, and
// answers rendered once at start-up with the shop's figures in each
// language, so a broken answer stops the start rather than a conversation.
type FAQAnswers struct {
	index   *faq.Index
	entries map[string]map[string]rendered // lang -> id -> entry
}

// rendered is an entry ready to be said.
type rendered struct {
	answer   string
	verified string // the answer for a customer whose identity is checked
	title    string // its first question, the label of a "did you mean" button
	offer    string // the action offered beside the answer, or ""
}

var _ FAQ = (*FAQAnswers)(nil)

// NewFAQ renders every entry with facts (by language) and pairs the answers
// with the index.
func NewFAQ(index *faq.Index, entries map[string][]faq.Entry, facts map[string]faq.Facts) (*FAQAnswers, error) {
	a := &FAQAnswers{index: index, entries: map[string]map[string]rendered{}}
	for lang, es := range entries {
		f, ok := facts[lang]
		if !ok {
			return nil, fmt.Errorf("faq: no facts for %s", lang)
		}
		a.entries[lang] = map[string]rendered{}
		for _, en := range es {
			s, err := en.Render(f)
			if err != nil {
				return nil, fmt.Errorf("faq %s: %w", lang, err)
			}
			fv := f
			fv.Verified = true
			v, err := en.Render(fv)
			if err != nil {
				return nil, fmt.Errorf("faq %s: %w", lang, err)
			}
			r := rendered{answer: s, verified: v, offer: en.Offer}
			if len(en.Questions) > 0 {
				r.title = en.Questions[0]
			}
			a.entries[lang][en.ID] = r
		}
	}
	return a, nil
}

// FAQMatch is an FAQ entry found for a question, with the retrieval's
// score in [0, 1].
type FAQMatch struct {
	ID    string
	Score float64
}

// Rank scores the entries closest to a question, best first.
func (a *FAQAnswers) Rank(lang, text string) []FAQMatch {
	ms := a.index.Rank(lang, text)
	out := make([]FAQMatch, len(ms))
	for i, m := range ms {
		out[i] = FAQMatch{ID: m.ID, Score: m.Score}
	}
	return out
}

// Answer returns the rendered answer of entry id, in its form for a
// customer whose identity is checked when verified is set.
func (a *FAQAnswers) Answer(lang, id string, verified bool) (string, error) {
	r, ok := a.entries[lang][id]
	if !ok {
		return "", fmt.Errorf("faq: no entry %q in %s", id, lang)
	}
	if verified {
		return r.verified, nil
	}
	return r.answer, nil
}

// Title returns how a button names entry id in lang: its first question.
func (a *FAQAnswers) Title(lang, id string) string { return a.entries[lang][id].title }

// Offer returns the intent of the action offered beside entry id's answer,
// or "".
func (a *FAQAnswers) Offer(lang, id string) string { return a.entries[lang][id].offer }

// Facts words the shop's figures for the FAQ answers in lang.
func Facts(texts *Texts, pol policy.Config, shop Shop, lang string) faq.Facts {
	tr := func(id string, data map[string]any) string { return texts.T(lang, id, data) }
	f := formatter{texts: texts, loc: pol.Location, currency: shop.Currency}
	delay := func(d policy.Delay) string { return f.delay(lang, d) }
	dayMonth := func(md policy.MonthDay) string {
		if md.IsZero() {
			return ""
		}
		return tr("format_day_month", map[string]any{"Day": md.Day, "Month": tr(fmt.Sprintf("month_%d", int(md.Month)), nil)})
	}
	facts := faq.Facts{
		ShopName: shop.Name, Website: shop.Website, Email: shop.Email, Phone: shop.Phone,
		ContactURL: shop.ContactURL, StoresURL: shop.StoresURL, TrackingURL: shop.TrackingPageURL,
		PostalAddress:      shop.PostalAddress,
		OrderExample:       shop.OrderExample,
		ReturnAddress:      shop.ReturnAddress,
		Hours:              hoursText(texts, f, pol.Hours, lang),
		FormReplyDelay:     delay(policy.Delay{Min: shop.FormReplyHours[0], Max: shop.FormReplyHours[1], Unit: policy.UnitHours}),
		Carriers:           carriersText(pol, lang, tr),
		DeliveryDays:       delay(pol.Delivery.Delivery),
		PendingDelay:       delay(pol.Delivery.Pending),
		ShippedDelay:       delay(pol.Delivery.Shipped),
		InTransitDelay:     delay(pol.Delivery.InTransit),
		ReturnDays:         pol.Returns.Days,
		HolidayOrdersFrom:  dayMonth(pol.Returns.HolidayStart),
		HolidayOrdersTo:    dayMonth(pol.Returns.HolidayEnd),
		HolidayReturnUntil: dayMonth(pol.Returns.HolidayUntil),
		ExchangeDays:       pol.Returns.ExchangeDays,
		CancelHours:        pol.Cancellation.Hours,
		WarrantyYears:      pol.Warranty.Years,
		PointsPerEuro:      pol.Loyalty.PointsPerEuro,
		CurrencyUnit:       f.price(lang, 100),
		PendingDays:        pol.Loyalty.PendingDays,
		PromoCodesPerOrder: pol.Promotions.CodesPerOrder,
	}
	var methods []string
	for _, m := range shop.PaymentMethods {
		methods = append(methods, tr("payment_"+m, map[string]any{"Count": shop.Instalments}))
	}
	facts.PaymentMethods = joinList(methods, tr("list_and", nil))
	for _, t := range pol.Loyalty.Tiers {
		facts.Tiers = append(facts.Tiers, faq.Tier{Points: t.Points, Reward: tr("reward_"+t.Reward, nil)})
	}
	deliveryFacts(&facts, texts, f, shop, lang)
	return facts
}

// deliveryFacts words where and how the shop delivers, its prices, gift
// wrapping and instalments.
func deliveryFacts(facts *faq.Facts, texts *Texts, f formatter, shop Shop, lang string) {
	and := texts.T(lang, "list_and", nil)
	facts.DeliveryCountries = countryNames(shop.DeliveryCountries, lang, and)
	var options []string
	for _, o := range shop.DeliveryOptions {
		options = append(options, texts.T(lang, "delivery_option_"+o, nil))
	}
	facts.DeliveryOptions = joinList(options, and)
	// Prices are written whole when they are ("60 €", not "60,00 €"): they
	// are thresholds and list prices, not amounts charged.
	price := func(cents int64) string { return f.price(lang, cents) }
	switch c := shop.ShippingCents; {
	case c != nil && *c == 0:
		facts.FreeShipping = true
	case c != nil:
		facts.ShippingPrice = price(*c)
	}
	if c := shop.FreeShippingFromCents; c != nil && !facts.FreeShipping {
		facts.FreeShippingFrom = price(*c)
	}
	facts.GiftWrapping = shop.GiftWrapping
	if shop.GiftWrapping && shop.GiftWrappingCents > 0 {
		facts.GiftWrappingPrice = price(shop.GiftWrappingCents)
	}
	facts.Instalments = shop.Instalments
	if shop.Instalments > 0 && shop.InstalmentsFromCents > 0 {
		facts.InstalmentsFrom = price(shop.InstalmentsFromCents)
	}
}

// hoursText words the team's hours: "du lundi au samedi, de 9 h à 18 h".
func hoursText(texts *Texts, f formatter, h policy.BusinessHours, lang string) string {
	if len(h.Days) == 0 {
		return ""
	}
	day := func(d time.Weekday) string { return texts.T(lang, fmt.Sprintf("weekday_%d", int(d)), nil) }
	midnight := time.Date(2000, 1, 1, 0, 0, 0, 0, f.loc)
	data := map[string]any{
		"Open":  f.clock(lang, midnight.Add(h.Open)),
		"Close": f.clock(lang, midnight.Add(h.Close)),
		"From":  day(h.Days[0]),
		"To":    day(h.Days[len(h.Days)-1]),
	}
	if consecutive(h.Days) && len(h.Days) > 1 {
		return texts.T(lang, "hours_range", data)
	}
	names := make([]string, len(h.Days))
	for i, d := range h.Days {
		names[i] = day(d)
	}
	data["Days"] = joinList(names, texts.T(lang, "list_and", nil))
	return texts.T(lang, "hours_list", data)
}

func consecutive(days []time.Weekday) bool {
	for i := 1; i < len(days); i++ {
		if (days[i-1]+1)%7 != days[i] {
			return false
		}
	}
	return true
}

func carriersText(pol policy.Config, lang string, tr func(string, map[string]any) string) string {
	var names []string
	for _, key := range pol.CarrierKeys() {
		names = append(names, policy.CarrierName(pol, key))
	}
	return joinList(names, tr("list_and", nil))
}

// joinList joins words as a sentence does: "a, b and c".
func joinList(words []string, and string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

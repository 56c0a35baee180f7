package bot

import (
	"cmp"
	"slices"
	"strings"

	"supportbot/intents"
)

// deliveryCountriesEntry is the FAQ entry on the countries the shop
// delivers to.
const deliveryCountriesEntry = "delivery_countries"

// The FAQ entries on what a delivery costs and how long it takes.
const (
	shippingCostEntry = "shipping_cost"
	deliveryTimeEntry = "delivery_time"
)

// countryQuestionWords is the most words a question naming a country
// right after the countries' answer has ("what about Canada then, my
// sister lives in Montreal").
const countryQuestionWords = 14

// countryFollowed are the FAQ entries after which a short question naming
// a country asks whether the shop delivers there: the countries', and the
// delivery's price and times ("et pour la Suisse c'est pareil ?" after the
// price got the countries' whole answer).
var countryFollowed = map[string]bool{deliveryCountriesEntry: true, shippingCostEntry: true, deliveryTimeEntry: true}

// answerCountry answers a short question naming a country right after the
// answer on the countries delivered to ("what about Canada then?", "ok
// and UK?", « et en Belgique ? »): yes or no for that country, from the
// shop's own list. It reports whether it did. (They were not understood,
// or offered a person.)
func (e *Engine) answerCountry(t *turn) bool {
	if t.d.Task != nil || t.input.payload != "" || !countryFollowed[t.lastFAQ] || len(e.shop.DeliveryCountries) == 0 ||
		len(strings.Fields(t.input.norm)) > countryQuestionWords {
		return false
	}
	code := e.countryNamed(t.lang(), t.input.norm)
	if code == "" {
		return false
	}
	// (Named by the message only: "en Canada", "to United Kingdom"
	// came of naming it again without its article.)
	e.sayCountry(t, code, t.input.norm)
	// The answer on the countries stays the one a next question is about.
	t.d.LastFAQ, t.d.LastAsked = t.lastFAQ, t.lastAsked
	return true
}

// answerCountryAsked answers the question on the countries delivered to
// when it names one ("vous livrez en Martinique ?", "do you ship to the
// UK?"): yes or no for that country, from the shop's list, and reports
// whether it did. (The whole list came, which left the customer to work
// it out: the overseas departments are not "France" to a customer there.)
func (e *Engine) answerCountryAsked(t *turn, asked string) bool {
	if t.u.FAQID != deliveryCountriesEntry || t.input.payload != "" || len(e.shop.DeliveryCountries) == 0 ||
		!e.texts.Mentions(t.lang(), keywordShipTo, asked) {
		// (Only whether it goes there: "et pour la Belgique ?" after
		// the delivery's price gets the whole answer.)
		return false
	}
	code := e.countryNamed(t.lang(), asked)
	if code == "" {
		return false
	}
	t.d.LastFAQ, t.d.LastAsked = t.u.FAQID, e.askedInContext(t)
	about := asked
	for _, s := range sentences(cmp.Or(t.u.Text, t.input.text)) {
		// How long or how much is read in the question that names the
		// country, not in another one of the message, answered on its
		// own ("…jusqu'en Belgique ? … combien de temps ça prend ? Et
		// c'est combien les frais de port pour Bruxelles ?").
		if n := intents.Normalize(s); e.countryNamed(t.lang(), n) == code && e.texts.Mentions(t.lang(), keywordShipTo, n) {
			about = n
			break
		}
	}
	e.sayCountry(t, code, about)
	return true
}

// countryFollowUps are the FAQ entries that answer how long and how much
// a delivery takes and costs, said after the yes for a country the
// question asks it of.
var countryFollowUps = []struct{ asks, entry string }{
	{keywordAsksDuration, deliveryTimeEntry},
	{keywordAsksAmount, shippingCostEntry},
}

// sayCountry says whether the shop delivers to the country of code, and,
// when it does and the question (about, normalised) asks how long or how
// much, the delivery's times or price ("en combien de temps vous livrez
// en Belgique ?", "combien de temps pour arriver à Bruxelles ?" got only
// "yes, we deliver there").
func (e *Engine) sayCountry(t *turn, code, about string) {
	data := map[string]any{"Countries": e.deliveryCountries(t.lang())}
	delivered := slices.ContainsFunc(e.shop.DeliveryCountries, func(c string) bool { return strings.EqualFold(c, code) })
	if !delivered {
		e.say(t, "delivery_country_no", data)
		return
	}
	e.say(t, "delivery_country_yes", data)
	for _, f := range countryFollowUps {
		if !e.texts.Mentions(t.lang(), f.asks, about) || !e.hasEntry(t.lang(), f.entry) {
			continue
		}
		answer, err := e.faq.Answer(t.lang(), f.entry, t.conv.CustomerID != 0)
		if err != nil {
			e.fail(t, "render faq "+f.entry, err)
			return
		}
		t.replies = append(t.replies, Reply{Text: strings.TrimSpace(answer)})
		return // ("en combien de temps" asks how long, not how much)
	}
}

// countryNamed returns the ISO code of the one country a normalised
// message names (keywords.toml lists "country_GB" and the like, with their
// main towns), or "" for none or several.
func (e *Engine) countryNamed(lang, norm string) string {
	found := ""
	for _, list := range e.texts.ListsNamed(lang, keywordCountryPrefix) {
		if e.texts.Mentions(lang, list, norm) {
			if found != "" {
				return ""
			}
			found = strings.TrimPrefix(list, keywordCountryPrefix)
		}
	}
	return found
}

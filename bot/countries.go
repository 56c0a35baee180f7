package bot

import "strings"

// deliveryCountriesEntry is the FAQ entry on the countries the shop
// delivers to.
const deliveryCountriesEntry = "delivery_countries"

// countryQuestionWords is the most words a question naming a country
// right after the countries' answer has ("what about Canada then, my
// sister lives in Montreal").
const countryQuestionWords = 14

// answerCountry answers a short question naming a country right after the
// answer on the countries delivered to ("what about Canada then?", "ok
// and UK?", « et en Belgique ? »): yes or no for that country, from the
// shop's own list. It reports whether it did. (They were not understood,
// or offered a person.)
func (e *Engine) answerCountry(t *turn) bool {
	if t.d.Task != nil || t.input.payload != "" || t.lastFAQ != deliveryCountriesEntry || len(e.shop.DeliveryCountries) == 0 ||
		len(strings.Fields(t.input.norm)) > countryQuestionWords {
		return false
	}
	code := e.countryNamed(t.lang(), t.input.norm)
	if code == "" {
		return false
	}
	// (Named by the message only: "en Canada", "to United Kingdom"
	// came of naming it again without its article.)
	e.sayCountry(t, code)
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
	e.sayCountry(t, code)
	return true
}

// sayCountry says whether the shop delivers to the country of code.
func (e *Engine) sayCountry(t *turn, code string) {
	data := map[string]any{"Countries": e.deliveryCountries(t.lang())}
	id := "delivery_country_no"
	for _, c := range e.shop.DeliveryCountries {
		if strings.EqualFold(c, code) {
			id = "delivery_country_yes"
		}
	}
	e.say(t, id, data)
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

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
	data := map[string]any{"Countries": e.deliveryCountries(t.lang())}
	id := "delivery_country_no"
	for _, c := range e.shop.DeliveryCountries {
		if strings.EqualFold(c, code) {
			id = "delivery_country_yes"
		}
	}
	// The answer on the countries stays the one a next question is about.
	t.d.LastFAQ, t.d.LastAsked = t.lastFAQ, t.lastAsked
	e.say(t, id, data)
	return true
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

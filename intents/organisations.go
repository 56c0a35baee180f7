package intents

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// tokenOrg is added to the tokens of a message that names another
// organisation (langdata/organisations.txt). Out-of-scope examples name a
// few of them ("my amazon parcel", "a refund from ryanair"); the shared
// token lets what they teach carry over to the names no example uses, which
// the words alone cannot do: "zalando" in a message means nothing to a
// model that never saw it.
const tokenOrg = "_org_"

//go:embed langdata/organisations.txt
var organisationsFile string

// organisation is one name of the list, as tokens, and whether its
// section is marked [money] (banks and insurers) or [pickup] (not a name:
// the words of a relay point, see mentionsPickup).
type organisation struct {
	tokens []string
	money  bool
	pickup bool
}

// organisations maps the first token of each name in the list to the
// names starting with it. The list is read once: it is part of the
// program, like the word lists of language.go.
var organisations = sync.OnceValue(func() map[string][]organisation {
	names := make(map[string][]organisation)
	money, pickup := false, false
	for line := range strings.Lines(organisationsFile) {
		line = strings.TrimSpace(line)
		if section, ok := strings.CutPrefix(line, "## "); ok {
			money = strings.HasSuffix(section, "[money]")
			pickup = strings.HasSuffix(section, "[pickup]")
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		seq := appendTokens(nil, line)
		if len(seq) == 0 {
			continue
		}
		names[seq[0]] = append(names[seq[0]], organisation{tokens: seq, money: money, pickup: pickup})
	}
	return names
})

// organisationWords are the words of the names in the list. The typo
// corrector leaves them as they are: a name the training phrases never
// used ("nike") would otherwise become the closest word they did ("like"),
// and the message would no longer name the business once corrected.
var organisationWords = sync.OnceValue(func() map[string]bool {
	words := make(map[string]bool)
	for _, names := range organisations() {
		for _, o := range names {
			if o.pickup {
				continue
			}
			for _, t := range o.tokens {
				words[t] = true
			}
		}
	}
	return words
})

// namesOrganisation reports whether tokens name one of the organisations.
func namesOrganisation(tokens []string) bool {
	named, _ := organisationsNamed(tokens)
	return named
}

// namesOtherBusiness reports whether tokens name an organisation outside
// the [money] sections: another shop, a service, a transport company...
func namesOtherBusiness(tokens []string) bool {
	_, other := organisationsNamed(tokens)
	return other
}

// organisationsNamed reports whether tokens name any organisation, and
// whether one of them is outside the [money] sections.
func organisationsNamed(tokens []string) (named, other bool) {
	names := organisations()
	for i, t := range tokens {
		for _, o := range names[t] {
			if !o.pickup && o.at(tokens, i) {
				named = true
				if !o.money {
					return true, true
				}
			}
		}
	}
	return named, false
}

// mentionsPickup reports whether tokens speak of a relay point or a
// locker ("mon colis est au relais du Carrefour", "the Tesco collection
// point"): the shop's own parcel waits there, and the organisation named
// is the place, not the business the order is about.
func mentionsPickup(tokens []string) bool {
	names := organisations()
	for i, t := range tokens {
		for _, o := range names[t] {
			if o.pickup && o.at(tokens, i) {
				return true
			}
		}
	}
	return false
}

// at reports whether tokens hold o's words from position i on.
func (o organisation) at(tokens []string, i int) bool {
	return i+len(o.tokens) <= len(tokens) && slices.Equal(tokens[i:i+len(o.tokens)], o.tokens)
}

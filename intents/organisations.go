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

// organisations maps the first token of each name in the list to the
// names' whole token sequences. The list is read once: it is part of the
// program, like the word lists of language.go.
var organisations = sync.OnceValue(func() map[string][][]string {
	names := make(map[string][][]string)
	for line := range strings.Lines(organisationsFile) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		seq := appendTokens(nil, line)
		if len(seq) == 0 {
			continue
		}
		names[seq[0]] = append(names[seq[0]], seq)
	}
	return names
})

// namesOrganisation reports whether tokens name one of the organisations.
func namesOrganisation(tokens []string) bool {
	names := organisations()
	for i, t := range tokens {
		for _, seq := range names[t] {
			if i+len(seq) <= len(tokens) && slices.Equal(tokens[i:i+len(seq)], seq) {
				return true
			}
		}
	}
	return false
}

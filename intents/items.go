package intents

import (
	"slices"
	"strconv"
	"strings"
)

// MatchItem returns which of an order's item names a message mentions, and
// how sure it is (0..1): "le bracelet", "the ring", "la bage" (a typo for
// bague), "the silver one", "le deuxième". Articles, plurals, accents and
// small typos don't matter, and common French and English jewellery and
// clothing words match across languages ("ring" finds "Bague argent").
// It returns -1 and 0 when no name is mentioned or two names fit equally.
func MatchItem(text string, names []string) (index int, score float64) {
	// An e-mail address names no item: "ines.moreau@…" is not "fine".
	words := itemWords(withoutEmails(text))
	best, second := -1, 0.0
	for i, name := range names {
		s := nameScore(words, itemWords(name))
		switch {
		case best < 0 || s > score:
			second = max(second, score)
			best, score = i, s
		case s > second:
			second = s
		}
	}
	if best >= 0 && score >= minItemScore && score-second > 0.05 {
		return best, min(score, 1)
	}
	if i, ok := ordinal(words, len(names)); ok && len(words) <= maxOrdinalWords {
		return i, 0.9
	}
	return -1, 0
}

// maxOrdinalWords is how many content words a message naming an item by
// its place may hold: "the second one", "je prends le deuxième". In a
// longer one the word says something else ("sorry, first can you tell me
// my points", "return something from my last order" picked an item).
const maxOrdinalWords = 4

// minItemScore is the weakest match MatchItem accepts: one word of the
// name with a one-letter typo.
const minItemScore = 0.75

// nameScore scores how well the message words mention a name: the best
// word similarity, plus a little for each further name word present, so
// that "bague argent" beats "bague or" for "the silver ring".
func nameScore(msg, name []string) float64 {
	var best, extra float64
	for _, nw := range name {
		var s float64
		for _, mw := range msg {
			s = max(s, wordSimilarity(mw, nw))
		}
		if s >= minItemScore {
			if s > best {
				extra += best * 0.1
				best = s
			} else {
				extra += s * 0.1
			}
		}
	}
	return best + extra
}

// wordSimilarity is 1 for the same word (singular, canonical form), less
// for a close spelling: 1 - edit distance / length.
func wordSimilarity(a, b string) float64 {
	if a == b {
		return 1
	}
	l := max(len(a), len(b))
	if len(a) < 3 || len(b) < 3 || l < 5 {
		// Four letters leave too little to forgive a typo in: "soit" is
		// not "soie" (a silk scarf), "mine" not "fine".
		return 0
	}
	if len(a)-len(b) > 2 || len(b)-len(a) > 2 {
		return 0 // at least three edits apart, spared the full distance
	}
	d := editDistance(a, b)
	if d > 2 {
		return 0
	}
	return 1 - float64(d)/float64(l)
}

// itemWords are the canonical content words of a text or item name.
func itemWords(s string) []string {
	var out []string
	var buf [32]string // the tokens don't outlive the call: no allocation
	tokens := appendTokens(buf[:0], s)
	for i, t := range tokens {
		if _, stop := itemStopWords[t]; stop {
			continue
		}
		if t == "pendant" && i+1 < len(tokens) && frenchAfterPendant(tokens[i+1]) {
			// French "pendant que j'y suis", "pendant 3 jours": during,
			// not the jewel (the pendant's order was cancelled instead
			// of the one named; round 57a).
			continue
		}
		t = singular(t)
		if c, ok := synonym(t); ok {
			t = c
		}
		out = append(out, t)
	}
	return out
}

// synonym maps a word to its canonical form, forgiving one typo in words
// of five letters or more ("earing" is an earring), as customers write.
func synonym(t string) (string, bool) {
	if c, ok := itemSynonyms[t]; ok {
		return c, true
	}
	if len(t) < 5 {
		return "", false
	}
	// The first of several near words in alphabetical order, so the
	// answer never depends on the map's order.
	for _, w := range fuzzySynonyms {
		if oneEditApart(t, w) {
			return itemSynonyms[w], true
		}
	}
	return "", false
}

// fuzzySynonyms are the keys of itemSynonyms of five letters or more, the
// ones synonym forgives a typo in, sorted. Read-only.
var fuzzySynonyms = func() []string {
	var out []string
	for w := range itemSynonyms {
		if len(w) >= 5 {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}()

func singular(t string) string {
	if strings.HasSuffix(t, "ches") || strings.HasSuffix(t, "shes") || strings.HasSuffix(t, "sses") {
		return t[:len(t)-2]
	}
	if len(t) > 3 && (strings.HasSuffix(t, "s") || strings.HasSuffix(t, "x")) && !strings.HasSuffix(t, "ss") {
		return t[:len(t)-1]
	}
	return t
}

// ordinal finds "le premier", "the second one", "2e"… when it names an
// item of the list.
func ordinal(words []string, n int) (int, bool) {
	if i, ok := listNumber(words); ok && i < n {
		return i, true
	}
	for k, w := range words {
		i, ok := ordinals[w]
		if !ok {
			continue
		}
		if k+1 < len(words) && isNotItemPlace(words[k+1]) || k > 0 && isNotItemPlace(words[k-1]) {
			// "last week", "la semaine dernière", "ma dernière commande":
			// a time or an order, not the last item (the scarf was
			// exchanged for "I received my order last week, can I
			// exchange the earrings…"; round 60b).
			continue
		}
		if i == -1 {
			i = n - 1
		}
		if i >= 0 && i < n {
			return i, true
		}
	}
	return -1, false
}

// notItemPlace are the words beside "last", "first" or "second" that make
// them a time or an order's place rather than an item's. Read-only.
var notItemPlace = setOf(`
week weeks month months year years time times night day days order orders purchase purchases delivery parcel
semaine semaines mois annee annees fois nuit jour jours commande commandes achat achats livraison colis
`)

// isNotItemPlace reports whether w is one of notItemPlace.
func isNotItemPlace(w string) bool {
	_, ok := notItemPlace[w]
	return ok
}

// ListPosition returns the place in a list of n that a short message
// names by itself ("and the second one?", "et la première ?", "le 2",
// "the last one"), and whether it names one: a message saying more is no
// pick from the list.
func ListPosition(text string, n int) (int, bool) {
	words := slices.DeleteFunc(itemWords(text), func(w string) bool {
		_, filler := positionFillers[w]
		return filler
	})
	if len(words) == 0 || len(words) > 2 {
		return -1, false
	}
	for _, w := range words {
		_, isOrdinal := ordinals[w]
		if _, err := strconv.Atoi(w); err != nil && !isOrdinal {
			if _, ok := numberWords[w]; !ok {
				return -1, false // "annule la troisième": an action on it
			}
		}
	}
	return ordinal(words, n)
}

// Ordinal returns the place in a list of n that a message names by an
// ordinal ("the third one", "la première", "the last one"), wherever it
// is in the message, and whether it names one.
func Ordinal(text string, n int) (int, bool) {
	words := itemWords(text)
	for _, w := range words {
		if _, ok := ordinals[w]; ok {
			return ordinal([]string{w}, n)
		}
	}
	return -1, false
}

// positionFillers are the words around a place in a list that say nothing
// more: "and what about the second one?".
var positionFillers = setOf(`and et what about how quoi alors ok so then celle celui plz please svp stp option choice choix reason raison motif button bouton`)

// listNumber reads a position in the list given as a bare number: "le
// 2", "n° 2", "number 2" is the second (it was not understood).
func listNumber(words []string) (int, bool) {
	pos := -1
	for _, w := range words {
		switch n, err := strconv.Atoi(w); {
		case err == nil && n >= 1 && n <= 9 && pos < 0:
			pos = n - 1
		default:
			if _, ok := numberWords[w]; !ok {
				return -1, false
			}
		}
	}
	return pos, pos >= 0
}

// numberWords introduce a position given by its number.
var numberWords = setOf(`n no numero number num nr`)

var ordinals = map[string]int{
	"premier": 0, "premiere": 0, "first": 0, "1er": 0, "1st": 0,
	"deuxieme": 1, "second": 1, "seconde": 1, "2e": 1, "2eme": 1, "2nd": 1,
	"troisieme": 2, "third": 2, "3e": 2, "3eme": 2, "3rd": 2,
	"quatrieme": 3, "fourth": 3, "4e": 3, "4eme": 3, "4th": 3,
	"cinquieme": 4, "fifth": 4, "5e": 4, "5eme": 4, "5th": 4,
	"sixieme": 5, "sixth": 5, "6e": 5, "6eme": 5, "6th": 5,
	"dernier": -1, "derniere": -1, "last": -1,
}

// frenchAfterPendant reports whether a word after "pendant" makes it the
// French preposition ("during"): "pendant que", "pendant la semaine",
// "pendant 3 jours".
func frenchAfterPendant(next string) bool {
	if next != "" && next[0] >= '0' && next[0] <= '9' {
		return true
	}
	_, ok := afterPendant[next]
	return ok
}

// afterPendant are the words that follow the French preposition "pendant"
// and never the jewel. Read-only.
var afterPendant = setOf(`
que qu quil quelle quon la le les l des ce cet cette ces un une deux trois quatre cinq six sept huit
neuf dix quinze vingt trente plusieurs longtemps tout toute tous toutes combien mes mon ma nos votre vos
presque pres plus au aux
`)

// itemStopWords are words that never tell items apart. Read-only.
// (Words one typo from an item word are stop words too: "are your agents
// available?" named the silver ("argent") bangle, "c'est une blague" a
// ring ("bague").)
var itemStopWords = setOf(`
le la les un une des de du d l au aux en et ou mon ma mes ce cet cette ces celui celle qui que est
je ai recu pas commande article articles produit produits item items one ones thing the a an my this
that it of i is was got received order product with avec pour for in dans sur on
agent agents urgent urgente blague blagues
`)

// itemSynonyms map item words of both languages to one canonical word.
// Read-only.
var itemSynonyms = map[string]string{
	"ring": "bague", "anneau": "bague",
	"necklace": "collier",
	"earring":  "boucle", "oreille": "boucle",
	"watch":   "montre",
	"pendant": "pendentif",
	"chain":   "chaine",
	"silver":  "argent",
	"gold":    "dore", "or": "dore",
	"bangle":    "jonc",
	"gourmette": "bracelet",
	"brooch":    "broche",
	"dress":     "robe",
	"shoe":      "chaussure",
	"bag":       "sac",
	"sweater":   "pull", "jumper": "pull",
	"jacket":  "veste",
	"trouser": "pantalon", "pant": "pantalon",
	"shirt": "chemise",
	"scarf": "echarpe", "foulard": "echarpe",
	"clip": "barrette", "hairclip": "barrette", "slide": "barrette",
	"clutch": "pochette", "pouch": "pochette",
	"pearl": "perle", "velvet": "velours", "leather": "cuir", "silk": "soie", "moon": "lune",
	"belt":  "ceinture",
	"hat":   "chapeau",
	"glove": "gant",
	"sock":  "chaussette",
	"coat":  "manteau",
	"skirt": "jupe",
	"black": "noir", "white": "blanc", "red": "rouge", "blue": "bleu", "green": "vert", "pink": "rose",
	"yellow": "jaune", "grey": "gris", "gray": "gris", "brown": "marron",
	"small": "petit", "large": "grand", "big": "grand",
}

// oneEditApart reports whether two different words are one insertion,
// deletion or substitution apart: editDistance(a, b) == 1 without its
// table. synonym asks it of every item word for each word of every item
// name a message is matched against, which made the full distance a
// visible share of a turn's CPU.
func oneEditApart(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 || a == b {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:] // one substitution at i
	}
	return a[i:] == b[i+1:] // b has one letter more, at i
}

// EditDistance is the Levenshtein distance between two short ASCII
// strings (at most 32 bytes; longer ones are as far apart as the longer
// is long, unless equal): a typo put right in an e-mail address.
func EditDistance(a, b string) int { return editDistance(a, b) }

// editDistance is the Levenshtein distance between two short ASCII words.
func editDistance(a, b string) int {
	if len(a) > 32 || len(b) > 32 {
		if a == b {
			return 0
		}
		return max(len(a), len(b))
	}
	var prev, cur [33]int
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

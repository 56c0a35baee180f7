package intents

import (
	"strings"
	"sync"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// Analyze returns the content words of text for retrieval and matching:
// the tokens of Normalize, without stop words and politeness formulas
// ("le", "the", "bonjour", "please"), each reduced to its Snowball stem in
// lang ("fr" or "en"; any other value is treated as the language
// DetectLanguage finds, French when it can't tell). Number tokens are kept
// as they are. The result is nil when nothing is left.
//
// Two texts that mean the same thing with different inflections, accents,
// elisions or SMS spellings get the same words: Analyze("fr", "Où est ma
// cde ???") and Analyze("fr", "où sont mes commandes") both give
// ["command"] plus their remaining content words.
func Analyze(lang, text string) []string {
	return analyze(lang, text, stem)
}

func analyze(lang, text string, stem func(lang, t string) string) []string {
	if lang != "fr" && lang != "en" {
		lang = DetectLanguage(text, "fr")
	}
	toks := Tokenize(text)
	out := toks[:0]
	for _, t := range toks {
		if isStopWord(lang, t) {
			continue
		}
		out = append(out, stem(lang, t))
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// An Analyzer is Analyze with the stems of the words it has seen kept:
// the Snowball stemmers take about a microsecond a word, and a text
// analysed again and again (the bot's own answers, read back for a
// question about them) is mostly words seen before. It is safe for
// concurrent use. The zero value is not ready: use NewAnalyzer.
type Analyzer struct {
	mu    sync.Mutex
	stems [2]map[string]string // by language: French, English
	max   int
}

// NewAnalyzer returns an Analyzer that keeps at most max stems a
// language, forgetting them all when it is full (a vocabulary that does not
// fit is rare, and starting again is simpler than an eviction order).
func NewAnalyzer(max int) *Analyzer {
	return &Analyzer{stems: [2]map[string]string{{}, {}}, max: max}
}

// Analyze returns what the package's Analyze returns for lang and text.
func (a *Analyzer) Analyze(lang, text string) []string {
	return analyze(lang, text, a.stem)
}

func (a *Analyzer) stem(lang, t string) string {
	i := 0
	if lang == "en" {
		i = 1
	}
	a.mu.Lock()
	s, ok := a.stems[i][t]
	a.mu.Unlock()
	if ok {
		return s
	}
	s = stem(lang, t)
	a.mu.Lock()
	if len(a.stems[i]) >= a.max {
		a.stems[i] = make(map[string]string, a.max)
	}
	// t may share the memory of the text it came from: keep a copy.
	k := strings.Clone(t)
	if s == t {
		s = k
	}
	a.stems[i][k] = s
	a.mu.Unlock()
	return s
}

// stem returns the Snowball stem of a folded token in lang. Tokens holding
// digits are returned unchanged.
func stem(lang, t string) string {
	if strings.ContainsAny(t, "0123456789") {
		return t
	}
	if lang == "en" {
		return english.Stem(t, true)
	}
	return french.Stem(t, true)
}

// isStopWord reports whether the folded token t carries no topic in lang.
func isStopWord(lang, t string) bool {
	if lang == "en" {
		_, ok := englishStopWords[t]
		return ok
	}
	_, ok := frenchStopWords[t]
	return ok
}

// frenchStopWords are folded French function words, the forms Normalize
// gives to elisions (le, je, de, ne, se, ce, me, te, que), the common forms
// of être and avoir, and politeness formulas. Read-only.
var frenchStopWords = setOf(`
a ai aie aient aies ait as au aux avaient avais avait avec avez aviez avions avons ayant ayez ayons
c ce ceci cela celle celles celui ces cet cette ceux d dans de des du elle elles en es est et etaient
etais etait etant ete etes etiez etions eu eue eues eus eut eux il ils j je l la le les leur leurs lui m
ma mais me meme mes moi mon n ne nos notre nous on ont ou par pas pour qu que quel quelle quelles quels
qui s sa se sera serai seraient serais serait seras serez seriez serions serons seront ses si soi soit
sommes son sont suis sur t ta te tes toi ton tu un une vos votre vous y
aurai auraient aurais aurait auras aurez auriez aurions aurons auront avoir etre fait faire
alors aussi bien ca cet comme donc ici ou voila voici tout tous toute toutes tres deja encore
bonjour bonsoir salut coucou merci plait svp stp madame monsieur hello svp
`)

// englishStopWords are English function words, the forms Normalize gives
// to contractions, and politeness formulas. Read-only.
var englishStopWords = setOf(`
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my
myself no nor not now of off on once only or other our ours ourselves out over own s same she should so
some such t than that the their theirs them themselves then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours
yourself yourselves shall may might must also get got would ok okay
hi hello hey please thanks thank thx dear sir madam bonjour
`)

func setOf(words string) map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(words) {
		m[w] = struct{}{}
	}
	return m
}
